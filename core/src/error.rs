//! The one error type of cloudfn.
//!
//! Every fallible call in every crate returns [`Error`]. Its [`ErrorKind`] says *what* went wrong in
//! provider-neutral terms (so `match err.kind()` works the same on every cloud), and the context says
//! *where*: the provider, the operation, the HTTP status, the cloud's own error code and message, and the
//! request id to quote to the cloud's support.
//!
//! A function that runs and fails is **not** an `Error`: see
//! [`InvokeResponse::function_error`](crate::InvokeResponse::function_error).

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

/// Shorthand for `Result<T, cloudfn_core::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, in terms that mean the same on every provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The namespace, function, version, alias, trigger or config does not exist.
    NotFound,
    /// A resource with that name already exists.
    AlreadyExists,
    /// An `If-Match` / ETag precondition did not hold, or the resource is in a state that forbids the call
    /// (for example deleting a version an alias still points to).
    PreconditionFailed,
    /// The request breaks a rule of the provider: a bad name, a memory size not allowed, a weight out of range.
    InvalidArgument,
    /// Credentials are missing, wrong, expired, or the signature did not verify.
    Unauthenticated,
    /// The credentials are valid but not allowed to do this.
    PermissionDenied,
    /// The provider asked us to slow down (HTTP 429 or the cloud's throttling code).
    Throttled,
    /// An account quota (number of functions, code storage, concurrency) is used up.
    QuotaExceeded,
    /// The request or response body is larger than allowed.
    PayloadTooLarge,
    /// The provider cannot do this at all (declared in its [`Capabilities`](crate::Capabilities)).
    Unsupported,
    /// The call did not complete in time.
    Timeout,
    /// The request never got a complete HTTP response (connection refused, reset, TLS failure).
    Transport,
    /// The provider failed on its side (5xx) or answered in a way no other kind describes.
    Service,
    /// The response could not be decoded (malformed or truncated JSON, missing fields).
    Decode,
    /// The client is misconfigured (missing region, bad endpoint URL, missing credentials).
    Config,
}

impl ErrorKind {
    /// Whether an error of this kind is worth retrying by default.
    ///
    /// Throttling, timeouts, transport failures and service-side failures are temporary; everything else
    /// will fail the same way again.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorKind::Throttled | ErrorKind::Timeout | ErrorKind::Transport | ErrorKind::Service
        )
    }

    /// A short lowercase name, stable across releases (used in logs and JSON output).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "not_found",
            ErrorKind::AlreadyExists => "already_exists",
            ErrorKind::PreconditionFailed => "precondition_failed",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Unauthenticated => "unauthenticated",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::Throttled => "throttled",
            ErrorKind::QuotaExceeded => "quota_exceeded",
            ErrorKind::PayloadTooLarge => "payload_too_large",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Transport => "transport",
            ErrorKind::Service => "service",
            ErrorKind::Decode => "decode",
            ErrorKind::Config => "config",
        }
    }

    /// The kind an HTTP status maps to when the provider's own error code is unknown.
    pub fn from_status(status: u16) -> ErrorKind {
        match status {
            400 | 422 => ErrorKind::InvalidArgument,
            401 => ErrorKind::Unauthenticated,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            408 | 504 => ErrorKind::Timeout,
            409 => ErrorKind::AlreadyExists,
            412 => ErrorKind::PreconditionFailed,
            413 => ErrorKind::PayloadTooLarge,
            429 => ErrorKind::Throttled,
            501 => ErrorKind::Unsupported,
            _ => ErrorKind::Service,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The error of every cloudfn call.
///
/// Build one with [`Error::new`] and the `with_*` methods; read it with the accessors. `Display` gives one
/// line a human can act on; `Debug` shows the same fields and never a secret (no credential ever enters an
/// `Error`).
///
/// ```
/// use cloudfn_core::{Error, ErrorKind};
///
/// let err = Error::new(ErrorKind::NotFound, "function `hello` does not exist")
///     .with_provider("alibaba-fc")
///     .with_operation("GetFunction")
///     .with_status(404)
///     .with_code("FunctionNotFound")
///     .with_request_id("req-1");
/// assert_eq!(err.kind(), ErrorKind::NotFound);
/// assert!(!err.is_retryable());
/// assert_eq!(
///     err.to_string(),
///     "not_found: function `hello` does not exist (provider alibaba-fc, operation GetFunction, \
///      HTTP 404, code FunctionNotFound, request id req-1)"
/// );
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: Cow<'static, str>,
    provider: Option<Cow<'static, str>>,
    operation: Option<Cow<'static, str>>,
    status: Option<u16>,
    code: Option<String>,
    request_id: Option<String>,
    attempts: Option<u32>,
    retry_after: Option<Duration>,
    retryable: Option<bool>,
    source: Option<BoxError>,
}

impl Error {
    /// A new error of `kind` with a human-readable message.
    pub fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                provider: None,
                operation: None,
                status: None,
                code: None,
                request_id: None,
                attempts: None,
                retry_after: None,
                retryable: None,
                source: None,
            }),
        }
    }

    /// `InvalidArgument` naming the field and the rule it breaks: `"{field}: {rule}"`.
    ///
    /// ```
    /// let err = cloudfn_core::Error::invalid_argument("memory_mb", "must be a multiple of 64, got 100");
    /// assert_eq!(err.message(), "memory_mb: must be a multiple of 64, got 100");
    /// ```
    pub fn invalid_argument(field: &str, rule: impl fmt::Display) -> Self {
        Error::new(ErrorKind::InvalidArgument, format!("{field}: {rule}"))
    }

    /// `Unsupported`: the provider cannot serve `what`.
    pub fn unsupported(provider: impl Into<Cow<'static, str>>, what: impl fmt::Display) -> Self {
        let provider = provider.into();
        Error::new(
            ErrorKind::Unsupported,
            format!("{provider} does not support {what}"),
        )
        .with_provider(provider)
    }

    /// `NotFound` for a resource described as `what` (e.g. "function `ns/hello`").
    pub fn not_found(what: impl fmt::Display) -> Self {
        Error::new(ErrorKind::NotFound, format!("{what} does not exist"))
    }

    /// `AlreadyExists` for a resource described as `what`.
    pub fn already_exists(what: impl fmt::Display) -> Self {
        Error::new(ErrorKind::AlreadyExists, format!("{what} already exists"))
    }

    /// Sets the provider name (`alibaba-fc`, `huawei-functiongraph`, `in-memory`).
    pub fn with_provider(mut self, provider: impl Into<Cow<'static, str>>) -> Self {
        self.inner.provider = Some(provider.into());
        self
    }

    /// Sets the operation (the cloud's operation name, e.g. `CreateFunction`).
    pub fn with_operation(mut self, operation: impl Into<Cow<'static, str>>) -> Self {
        self.inner.operation = Some(operation.into());
        self
    }

    /// Sets the HTTP status of the response that carried the error.
    pub fn with_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// Sets the cloud's own error code (`FunctionNotFound`, `FSS.1051`, ...).
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.inner.code = Some(code.into());
        self
    }

    /// Sets the request id the cloud assigned.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.inner.request_id = Some(request_id.into());
        self
    }

    /// Records how many attempts were made before giving up.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = Some(attempts);
        self
    }

    /// Records the delay the server asked for (`Retry-After`).
    pub fn with_retry_after(mut self, delay: Duration) -> Self {
        self.inner.retry_after = Some(delay);
        self
    }

    /// Overrides whether this error is retryable (the default follows the kind).
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.inner.retryable = Some(retryable);
        self
    }

    /// Attaches the underlying cause.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    /// Replaces the message, keeping everything else.
    pub fn with_message(mut self, message: impl Into<Cow<'static, str>>) -> Self {
        self.inner.message = message.into();
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// Whether trying the same call again may succeed.
    pub fn is_retryable(&self) -> bool {
        self.inner
            .retryable
            .unwrap_or_else(|| self.inner.kind.is_retryable())
    }

    /// The human-readable message (the cloud's message when it sent one).
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The provider that produced the error.
    pub fn provider(&self) -> Option<&str> {
        self.inner.provider.as_deref()
    }

    /// The operation that failed.
    pub fn operation(&self) -> Option<&str> {
        self.inner.operation.as_deref()
    }

    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The cloud's own error code.
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// The request id the cloud assigned to the failing request.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// How many attempts were made, when the call went through the retrying transport.
    pub fn attempts(&self) -> Option<u32> {
        self.inner.attempts
    }

    /// The delay the server asked for before a retry.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        write!(f, "{}: {}", i.kind, i.message)?;
        let mut parts: Vec<String> = Vec::new();
        if let Some(p) = &i.provider {
            parts.push(format!("provider {p}"));
        }
        if let Some(o) = &i.operation {
            parts.push(format!("operation {o}"));
        }
        if let Some(s) = i.status {
            parts.push(format!("HTTP {s}"));
        }
        if let Some(c) = &i.code {
            parts.push(format!("code {c}"));
        }
        if let Some(r) = &i.request_id {
            parts.push(format!("request id {r}"));
        }
        // One attempt is the normal case and not worth a word; retries are.
        if let Some(a) = i.attempts.filter(|a| *a > 1) {
            parts.push(format!("after {a} attempts"));
        }
        if !parts.is_empty() {
            write!(f, " ({})", parts.join(", "))?;
        }
        if let Some(src) = &i.source {
            write!(f, ": {src}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        let mut d = f.debug_struct("Error");
        d.field("kind", &i.kind).field("message", &i.message);
        if let Some(p) = &i.provider {
            d.field("provider", p);
        }
        if let Some(o) = &i.operation {
            d.field("operation", o);
        }
        if let Some(s) = i.status {
            d.field("status", &s);
        }
        if let Some(c) = &i.code {
            d.field("code", c);
        }
        if let Some(r) = &i.request_id {
            d.field("request_id", r);
        }
        if let Some(a) = i.attempts {
            d.field("attempts", &a);
        }
        if let Some(r) = i.retry_after {
            d.field("retry_after", &r);
        }
        if let Some(s) = &i.source {
            d.field("source", s);
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::new(ErrorKind::Decode, "invalid JSON").with_source(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_follows_kind_unless_overridden() {
        assert!(Error::new(ErrorKind::Throttled, "slow down").is_retryable());
        assert!(!Error::new(ErrorKind::NotFound, "x").is_retryable());
        assert!(
            !Error::new(ErrorKind::Service, "x")
                .with_retryable(false)
                .is_retryable()
        );
    }

    #[test]
    fn status_mapping_covers_common_codes() {
        assert_eq!(ErrorKind::from_status(404), ErrorKind::NotFound);
        assert_eq!(ErrorKind::from_status(409), ErrorKind::AlreadyExists);
        assert_eq!(ErrorKind::from_status(412), ErrorKind::PreconditionFailed);
        assert_eq!(ErrorKind::from_status(429), ErrorKind::Throttled);
        assert_eq!(ErrorKind::from_status(503), ErrorKind::Service);
        assert_eq!(ErrorKind::from_status(413), ErrorKind::PayloadTooLarge);
    }

    #[test]
    fn display_includes_source_and_attempts() {
        let e = Error::new(ErrorKind::Transport, "connection failed")
            .with_attempts(3)
            .with_source(std::io::Error::other("reset by peer"));
        assert_eq!(
            e.to_string(),
            "transport: connection failed (after 3 attempts): reset by peer"
        );
        assert!(std::error::Error::source(&e).is_some());
    }
}
