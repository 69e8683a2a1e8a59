use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Extensions, FunctionRef, Qualifier};
use crate::serde_util::opt_duration_secs;

/// The kinds of async-result destination (see [`Destination`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DestinationKind {
    /// [`Destination::Function`].
    Function,
    /// [`Destination::Queue`].
    Queue,
    /// [`Destination::Topic`].
    Topic,
    /// [`Destination::ObjectStorage`].
    ObjectStorage,
    /// [`Destination::Stream`].
    Stream,
    /// [`Destination::Raw`].
    Raw,
}

/// Where the result of an asynchronous invocation is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Destination {
    /// Another function of the same account and region.
    Function {
        /// The function.
        function: FunctionRef,
        /// Its version or alias (latest when unset).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        qualifier: Option<Qualifier>,
    },
    /// A message queue, by the provider's name or id (FC MNS queue).
    Queue {
        /// Queue name.
        name: String,
    },
    /// A notification topic (FC MNS topic, FunctionGraph SMN topic URN).
    Topic {
        /// Topic name or URN.
        name: String,
    },
    /// A bucket (FunctionGraph OBS).
    ObjectStorage {
        /// Bucket name.
        bucket: String,
        /// Key prefix.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prefix: Option<String>,
        /// Days before the objects expire (0 = never).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires_days: Option<u32>,
    },
    /// A data stream (FunctionGraph DIS).
    Stream {
        /// Stream name.
        name: String,
    },
    /// A destination in the provider's own terms: the FC ARN, or the FunctionGraph destination type with its
    /// `param` JSON.
    Raw {
        /// Provider destination type (`acs:...` ARN service for FC; `OBS`, `SMN`, ... for FunctionGraph).
        provider_type: String,
        /// The provider's target string (an ARN, or the `param` JSON text).
        target: String,
    },
}

impl Destination {
    /// The kind of this destination.
    pub fn kind(&self) -> DestinationKind {
        match self {
            Destination::Function { .. } => DestinationKind::Function,
            Destination::Queue { .. } => DestinationKind::Queue,
            Destination::Topic { .. } => DestinationKind::Topic,
            Destination::ObjectStorage { .. } => DestinationKind::ObjectStorage,
            Destination::Stream { .. } => DestinationKind::Stream,
            Destination::Raw { .. } => DestinationKind::Raw,
        }
    }

    /// A function destination.
    pub fn function(function: FunctionRef) -> Self {
        Destination::Function {
            function,
            qualifier: None,
        }
    }
}

/// How asynchronous invocations of a function (at a qualifier) are retried and where results go.
///
/// ```
/// use std::time::Duration;
/// use cloudfn_core::{AsyncConfig, Destination, FunctionRef};
///
/// let cfg = AsyncConfig::new()
///     .with_max_retries(0) // zero is a real value, distinct from "unset"
///     .with_max_event_age(Duration::from_secs(3600))
///     .with_on_failure(Destination::function(FunctionRef::new("shop", "dead-letters")));
/// assert_eq!(cfg.max_retries, Some(0));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AsyncConfig {
    /// The qualifier this config is attached to (reported by the provider; ignored on put).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// Drop events older than this, in seconds in JSON.
    #[serde(
        default,
        with = "opt_duration_secs",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_event_age: Option<Duration>,
    /// Retries after a failed attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retries: Option<u32>,
    /// Where successful results go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_success: Option<Destination>,
    /// Where failures go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<Destination>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<DateTime<Utc>>,
    /// Provider fields the model does not type (FC `statefulInvocation`, FunctionGraph
    /// `enable_async_status_log`).
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl AsyncConfig {
    /// An empty config (provider defaults).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the maximum event age.
    pub fn with_max_event_age(mut self, age: Duration) -> Self {
        self.max_event_age = Some(age);
        self
    }

    /// Sets the retry count.
    pub fn with_max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Sets the success destination.
    pub fn with_on_success(mut self, destination: Destination) -> Self {
        self.on_success = Some(destination);
        self
    }

    /// Sets the failure destination.
    pub fn with_on_failure(mut self, destination: Destination) -> Self {
        self.on_failure = Some(destination);
        self
    }

    /// Sets one provider field.
    pub fn with_extension(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.extensions.insert(key.into(), value);
        self
    }
}
