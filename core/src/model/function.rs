use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Extensions, FunctionRef, Runtime};
use crate::serde_util::{base64_bytes, opt_duration_secs};

/// Where a function's code comes from.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// A ZIP archive sent inline (base64 on the wire; base64 in JSON).
    Zip(#[serde(with = "base64_bytes")] Bytes),
    /// A ZIP archive already in the provider's object storage (FC OSS, FunctionGraph OBS).
    ObjectStorage {
        /// The bucket.
        bucket: String,
        /// The object key.
        key: String,
    },
}

impl Code {
    /// Inline ZIP bytes.
    pub fn zip(bytes: impl Into<Bytes>) -> Self {
        Code::Zip(bytes.into())
    }

    /// A ZIP in object storage.
    pub fn object_storage(bucket: impl Into<String>, key: impl Into<String>) -> Self {
        Code::ObjectStorage {
            bucket: bucket.into(),
            key: key.into(),
        }
    }

    /// The inline size in bytes (0 for object-storage code).
    pub fn inline_len(&self) -> usize {
        match self {
            Code::Zip(b) => b.len(),
            Code::ObjectStorage { .. } => 0,
        }
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Zip(b) => write!(f, "Zip({} bytes)", b.len()),
            Code::ObjectStorage { bucket, key } => f
                .debug_struct("ObjectStorage")
                .field("bucket", bucket)
                .field("key", key)
                .finish(),
        }
    }
}

/// The initializer hook: run once per instance before the first invocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Initializer {
    /// Entry point, e.g. `index.initializer`.
    pub handler: String,
    /// How long it may run (provider default when unset), in seconds in JSON.
    #[serde(
        default,
        with = "opt_duration_secs",
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout: Option<Duration>,
}

impl Initializer {
    /// An initializer with the provider's default timeout.
    pub fn new(handler: impl Into<String>) -> Self {
        Initializer {
            handler: handler.into(),
            timeout: None,
        }
    }

    /// Sets the timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

/// What to create: a function.
///
/// Unset fields (`None`) take the provider's default, which is not the same as zero.
///
/// ```
/// use std::time::Duration;
/// use cloudfn_core::{Code, FunctionSpec, Runtime};
///
/// let spec = FunctionSpec::new("hello", Runtime::Python39, "index.handler", Code::zip(vec![0x50, 0x4b]))
///     .with_memory_mb(256)
///     .with_timeout(Duration::from_secs(30))
///     .with_env("STAGE", "prod");
/// assert_eq!(spec.environment["STAGE"], "prod");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FunctionSpec {
    /// The function name, unique in its namespace.
    pub name: String,
    /// The runtime.
    pub runtime: Runtime,
    /// Entry point, e.g. `index.handler`.
    pub handler: String,
    /// The code.
    pub code: Code,
    /// Memory in MB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<u32>,
    /// Maximum run time of one invocation, in seconds in JSON.
    #[serde(
        default,
        with = "opt_duration_secs",
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout: Option<Duration>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Environment variables.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environment: BTreeMap<String, String>,
    /// Initializer hook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initializer: Option<Initializer>,
    /// Provider fields the model does not type (FC `caPort`, `layers`; FunctionGraph `xrole`, `func_vpc`...).
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl FunctionSpec {
    /// A function with the required fields; everything else takes the provider's default.
    pub fn new(
        name: impl Into<String>,
        runtime: Runtime,
        handler: impl Into<String>,
        code: Code,
    ) -> Self {
        FunctionSpec {
            name: name.into(),
            runtime,
            handler: handler.into(),
            code,
            memory_mb: None,
            timeout: None,
            description: None,
            environment: BTreeMap::new(),
            initializer: None,
            extensions: Extensions::new(),
        }
    }

    /// Sets the memory in MB.
    pub fn with_memory_mb(mut self, mb: u32) -> Self {
        self.memory_mb = Some(mb);
        self
    }

    /// Sets the timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Adds one environment variable.
    pub fn with_env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.environment.insert(key.into(), value.into());
        self
    }

    /// Sets the initializer.
    pub fn with_initializer(mut self, initializer: Initializer) -> Self {
        self.initializer = Some(initializer);
        self
    }

    /// Sets one provider field the model does not type.
    pub fn with_extension(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.extensions.insert(key.into(), value);
        self
    }
}

/// A function as the provider reports it (at some qualifier).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Function {
    /// The namespace it lives in.
    pub namespace: String,
    /// The function name.
    pub name: String,
    /// The runtime.
    pub runtime: Runtime,
    /// Entry point.
    pub handler: String,
    /// Memory in MB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<u32>,
    /// Maximum run time of one invocation.
    #[serde(
        default,
        with = "opt_duration_secs",
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout: Option<Duration>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Environment variables.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environment: BTreeMap<String, String>,
    /// Initializer hook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initializer: Option<Initializer>,
    /// Size of the code package in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_size: Option<u64>,
    /// The provider's checksum of the code (FC CRC-64 decimal, FunctionGraph SHA-512 hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_checksum: Option<String>,
    /// The published version this view is of; `None` for the latest, editable head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<DateTime<Utc>>,
    /// The entity tag for `if_match` on updates, where the provider has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Provider fields the model does not type.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Function {
    /// A function with the required fields and nothing else known.
    pub fn new(
        namespace: impl Into<String>,
        name: impl Into<String>,
        runtime: Runtime,
        handler: impl Into<String>,
    ) -> Self {
        Function {
            namespace: namespace.into(),
            name: name.into(),
            runtime,
            handler: handler.into(),
            memory_mb: None,
            timeout: None,
            description: None,
            environment: BTreeMap::new(),
            initializer: None,
            code_size: None,
            code_checksum: None,
            version: None,
            created_at: None,
            modified_at: None,
            etag: None,
            extensions: Extensions::new(),
        }
    }

    /// The reference that names this function.
    pub fn reference(&self) -> FunctionRef {
        FunctionRef::new(&self.namespace, &self.name)
    }
}

/// A change to a function: `None` fields are left as they are.
///
/// ```
/// use cloudfn_core::FunctionUpdate;
///
/// let update = FunctionUpdate::new().with_memory_mb(512).if_match("etag-1");
/// assert_eq!(update.memory_mb, Some(512));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FunctionUpdate {
    /// New runtime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<Runtime>,
    /// New entry point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    /// New code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// New memory in MB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<u32>,
    /// New timeout.
    #[serde(
        default,
        with = "opt_duration_secs",
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout: Option<Duration>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New environment, replacing the old one whole (`Some(empty)` clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<BTreeMap<String, String>>,
    /// New initializer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initializer: Option<Initializer>,
    /// Provider fields to set (merged key by key).
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
    /// Only apply the change if the function still has this entity tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_match: Option<String>,
}

impl FunctionUpdate {
    /// An empty change.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the change touches the code.
    pub fn changes_code(&self) -> bool {
        self.code.is_some()
    }

    /// Sets the runtime.
    pub fn with_runtime(mut self, runtime: Runtime) -> Self {
        self.runtime = Some(runtime);
        self
    }

    /// Sets the handler.
    pub fn with_handler(mut self, handler: impl Into<String>) -> Self {
        self.handler = Some(handler.into());
        self
    }

    /// Sets the code.
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets the memory in MB.
    pub fn with_memory_mb(mut self, mb: u32) -> Self {
        self.memory_mb = Some(mb);
        self
    }

    /// Sets the timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Replaces the environment.
    pub fn with_environment(mut self, env: BTreeMap<String, String>) -> Self {
        self.environment = Some(env);
        self
    }

    /// Sets the initializer.
    pub fn with_initializer(mut self, initializer: Initializer) -> Self {
        self.initializer = Some(initializer);
        self
    }

    /// Sets one provider field.
    pub fn with_extension(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.extensions.insert(key.into(), value);
        self
    }

    /// Makes the change conditional on the entity tag.
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.if_match = Some(etag.into());
        self
    }
}
