use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::{Extensions, Qualifier};
use crate::serde_util::{base64_bytes, opt_duration_secs};

/// Wait for the result, or queue the event and return at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvocationType {
    /// Run now and return the function's result.
    #[default]
    Sync,
    /// Queue the event; the response carries an invocation id, not a result.
    Async,
}

/// One invocation.
///
/// ```
/// use cloudfn_core::{InvocationType, InvokeRequest, Qualifier};
///
/// let req = InvokeRequest::new(r#"{"name":"world"}"#)
///     .with_qualifier(Qualifier::alias("prod"))
///     .with_log_tail(true);
/// assert_eq!(req.invocation_type, InvocationType::Sync);
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InvokeRequest {
    /// Which variant to run.
    #[serde(default)]
    pub qualifier: Qualifier,
    /// The event.
    #[serde(with = "base64_bytes")]
    pub payload: Bytes,
    /// Sync or async.
    #[serde(default)]
    pub invocation_type: InvocationType,
    /// Ask for the tail of the function's log (sync only).
    #[serde(default)]
    pub log_tail: bool,
    /// Allow the transport to retry a synchronous invocation that may already have reached the provider.
    /// Off by default: a retried sync invoke can run the function twice.
    #[serde(default)]
    pub allow_retry: bool,
    /// A caller-chosen id for an async invocation (FC stateful async invocation id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub async_invocation_id: Option<String>,
    /// Provider-specific options.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl InvokeRequest {
    /// A synchronous invocation of the latest code with `payload`.
    pub fn new(payload: impl Into<Bytes>) -> Self {
        InvokeRequest {
            qualifier: Qualifier::Latest,
            payload: payload.into(),
            invocation_type: InvocationType::Sync,
            log_tail: false,
            allow_retry: false,
            async_invocation_id: None,
            extensions: Extensions::new(),
        }
    }

    /// Runs this version or alias.
    pub fn with_qualifier(mut self, qualifier: Qualifier) -> Self {
        self.qualifier = qualifier;
        self
    }

    /// Queues the event instead of waiting for the result.
    pub fn asynchronous(mut self) -> Self {
        self.invocation_type = InvocationType::Async;
        self
    }

    /// Asks for the log tail.
    pub fn with_log_tail(mut self, on: bool) -> Self {
        self.log_tail = on;
        self
    }

    /// Allows retrying even though the function may run twice.
    pub fn with_allow_retry(mut self, on: bool) -> Self {
        self.allow_retry = on;
        self
    }

    /// Names the async invocation.
    pub fn with_async_invocation_id(mut self, id: impl Into<String>) -> Self {
        self.async_invocation_id = Some(id.into());
        self
    }
}

impl fmt::Debug for InvokeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvokeRequest")
            .field("qualifier", &self.qualifier)
            .field("payload_len", &self.payload.len())
            .field("invocation_type", &self.invocation_type)
            .field("log_tail", &self.log_tail)
            .field("allow_retry", &self.allow_retry)
            .field("async_invocation_id", &self.async_invocation_id)
            .field("extensions", &self.extensions)
            .finish()
    }
}

/// Whether the function's failure was reported by its own code or by the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunctionErrorKind {
    /// The function returned an error itself.
    Handled,
    /// The runtime failed it (crash, timeout, out of memory).
    Unhandled,
}

/// A function's own failure during an invocation (not a cloudfn [`Error`](crate::Error)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FunctionError {
    /// Handled or unhandled.
    pub kind: FunctionErrorKind,
    /// The error message, when the provider gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl FunctionError {
    /// A function error.
    pub fn new(kind: FunctionErrorKind, message: Option<String>) -> Self {
        FunctionError { kind, message }
    }
}

/// The outcome of an invocation that reached the function (or its queue).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InvokeResponse {
    /// What the function returned (empty for async).
    #[serde(with = "base64_bytes")]
    pub payload: Bytes,
    /// Set when the function itself failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_error: Option<FunctionError>,
    /// The tail of the function's log, when asked for and given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_tail: Option<String>,
    /// The provider's request id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The id of a queued async invocation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub async_invocation_id: Option<String>,
    /// The version that ran, when the provider says (useful behind a weighted alias).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executed_version: Option<String>,
    /// How long the function ran, when the provider says.
    #[serde(
        default,
        with = "opt_duration_secs",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<Duration>,
    /// Provider fields the model does not type.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl InvokeResponse {
    /// A successful response carrying `payload`.
    pub fn new(payload: impl Into<Bytes>) -> Self {
        InvokeResponse {
            payload: payload.into(),
            function_error: None,
            log_tail: None,
            request_id: None,
            async_invocation_id: None,
            executed_version: None,
            duration: None,
            extensions: Extensions::new(),
        }
    }

    /// A response for a function that failed.
    pub fn function_failed(kind: FunctionErrorKind, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut r = InvokeResponse::new(Bytes::from(message.clone()));
        r.function_error = Some(FunctionError::new(kind, Some(message)));
        r
    }

    /// Whether the function ran without error.
    pub fn is_success(&self) -> bool {
        self.function_error.is_none()
    }

    /// The payload as UTF-8 text, lossily.
    pub fn payload_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.payload)
    }
}

impl fmt::Debug for InvokeResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvokeResponse")
            .field("payload_len", &self.payload.len())
            .field("function_error", &self.function_error)
            .field("log_tail", &self.log_tail.as_ref().map(String::len))
            .field("request_id", &self.request_id)
            .field("async_invocation_id", &self.async_invocation_id)
            .field("executed_version", &self.executed_version)
            .field("duration", &self.duration)
            .finish_non_exhaustive()
    }
}
