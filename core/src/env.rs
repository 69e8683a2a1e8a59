//! [`Env`]: where credential providers and builders read environment variables and files.
//!
//! Every provider crate loads credentials and configuration through an `Env`, so that loading is testable
//! without touching the process environment: [`ProcessEnv`] is the real one, [`MapEnv`] the test double.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The process's environment and files, as credential providers and builders see them.
///
/// Implement it to load configuration from somewhere else; [`MapEnv`] is the test double.
pub trait Env: Send + Sync + fmt::Debug {
    /// The value of variable `name`, `None` when unset or not Unicode.
    fn var(&self, name: &str) -> Option<String>;

    /// The text of the file at `path`.
    fn read_file(&self, path: &Path) -> io::Result<String>;

    /// The user's home directory.
    fn home_dir(&self) -> Option<PathBuf>;

    /// The value of `name`, `None` when unset **or empty** (the rule every cloudfn variable follows).
    fn non_empty(&self, name: &str) -> Option<String> {
        self.var(name).filter(|v| !v.is_empty())
    }
}

/// The real process environment and file system (`HOME`, else `USERPROFILE`, is the home directory).
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn read_file(&self, path: &Path) -> io::Result<String> {
        std::fs::read_to_string(path)
    }

    fn home_dir(&self) -> Option<PathBuf> {
        ["HOME", "USERPROFILE"]
            .iter()
            .find_map(|v| std::env::var_os(v).filter(|h| !h.is_empty()))
            .map(PathBuf::from)
    }
}

/// An environment held in memory: variables, files and a home directory of its own.
///
/// Files not added with [`with_file`](MapEnv::with_file) are read from the real file system (so tests can
/// use temporary files); the home directory is the one set with [`with_home`](MapEnv::with_home), else its own `HOME` /
/// `USERPROFILE` variables, never the real user's, so the credential files of the user running the tests
/// are never read. `Debug` shows the variable
/// names, not their values.
///
/// ```
/// use cloudfn_core::env::{Env, MapEnv};
///
/// let env = MapEnv::new().with_var("HUAWEICLOUD_SDK_AK", "AK").with_var("HUAWEICLOUD_SDK_SK", "");
/// assert_eq!(env.non_empty("HUAWEICLOUD_SDK_AK").as_deref(), Some("AK"));
/// assert_eq!(env.non_empty("HUAWEICLOUD_SDK_SK"), None);
/// ```
#[derive(Clone, Default)]
pub struct MapEnv {
    vars: BTreeMap<String, String>,
    files: BTreeMap<PathBuf, String>,
    home: Option<PathBuf>,
}

impl MapEnv {
    /// No variables, no in-memory files, no home directory.
    pub fn new() -> Self {
        MapEnv::default()
    }

    /// Sets variable `name`.
    pub fn with_var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.vars.insert(name.into(), value.into());
        self
    }

    /// Adds an in-memory file.
    pub fn with_file(mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        self.files.insert(path.into(), text.into());
        self
    }

    /// Sets the home directory.
    pub fn with_home(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }
}

impl fmt::Debug for MapEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MapEnv")
            .field("vars", &self.vars.keys().collect::<Vec<_>>())
            .field("files", &self.files.keys().collect::<Vec<_>>())
            .field("home", &self.home)
            .finish()
    }
}

impl Env for MapEnv {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }

    fn read_file(&self, path: &Path) -> io::Result<String> {
        match self.files.get(path) {
            Some(text) => Ok(text.clone()),
            None => std::fs::read_to_string(path),
        }
    }

    fn home_dir(&self) -> Option<PathBuf> {
        self.home.clone().or_else(|| {
            ["HOME", "USERPROFILE"]
                .iter()
                .find_map(|v| self.non_empty(v))
                .map(PathBuf::from)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_env_never_reaches_the_real_home() {
        assert_eq!(MapEnv::new().home_dir(), None);
        let env = MapEnv::new().with_var("HOME", "/h");
        assert_eq!(env.home_dir(), Some(PathBuf::from("/h")));
        let env = env.with_home("/explicit");
        assert_eq!(env.home_dir(), Some(PathBuf::from("/explicit")));
    }

    #[test]
    fn map_env_debug_hides_values() {
        let env = MapEnv::new()
            .with_var("SECRET_KEY", "hunter2")
            .with_file("/f", "hunter3");
        let shown = format!("{env:?}");
        assert!(shown.contains("SECRET_KEY"));
        assert!(!shown.contains("hunter2") && !shown.contains("hunter3"));
    }
}
