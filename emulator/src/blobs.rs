//! Code packages the emulator serves back: GetFunctionCode answers with a URL under
//! `/_emulator/code/{id}` on the emulator itself.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use bytes::Bytes;

/// Stored code packages by id.
#[derive(Debug, Default)]
pub struct Blobs {
    map: Mutex<HashMap<String, Bytes>>,
}

/// The path prefix under which [`Blobs`] are served.
pub const CODE_PATH: &str = "/_emulator/code/";

impl Blobs {
    /// Stores `bytes` under `id` (replacing what was there).
    pub fn put(&self, id: &str, bytes: Bytes) {
        self.lock().insert(id.to_owned(), bytes);
    }

    /// The bytes stored under `id`.
    pub fn get(&self, id: &str) -> Option<Bytes> {
        self.lock().get(id).cloned()
    }

    /// Removes `id`.
    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Bytes>> {
        self.map.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
