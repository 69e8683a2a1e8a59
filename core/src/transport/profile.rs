//! [`ServiceProfile`]: what the transport needs to know about a cloud's responses.

use std::fmt::Debug;

use http::{HeaderMap, StatusCode};

use super::response::{SNIPPET_CHARS, body_snippet};
use crate::{Error, ErrorKind};

/// The provider-specific parts of the transport: the provider's name, where it puts request ids, how its
/// error bodies read, and which error means "your clock is off".
///
/// ```
/// use cloudfn_core::transport::ServiceProfile;
/// use cloudfn_core::Error;
///
/// #[derive(Debug)]
/// struct Fc;
///
/// impl ServiceProfile for Fc {
///     fn provider(&self) -> &'static str {
///         "alibaba-fc"
///     }
///     fn request_id_headers(&self) -> &[&'static str] {
///         &["x-fc-request-id"]
///     }
///     fn is_clock_skew(&self, err: &Error) -> bool {
///         err.code() == Some("RequestTimeTooSkewed")
///     }
/// }
/// ```
pub trait ServiceProfile: Send + Sync + Debug {
    /// The provider name put on every error (`alibaba-fc`, `huawei-functiongraph`).
    fn provider(&self) -> &'static str;

    /// Response headers that carry the request id, in order of preference (case-insensitive).
    fn request_id_headers(&self) -> &[&'static str];

    /// Turns a non-2xx response into an [`Error`].
    ///
    /// The transport then adds the provider, operation, status, request id (when the returned error has
    /// none) and attempt count. The default is [`default_parse_error`].
    fn parse_error(
        &self,
        operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Error {
        let _ = (operation, headers);
        default_parse_error(status, body)
    }

    /// Whether `err` (as returned by [`parse_error`](ServiceProfile::parse_error)) says the request's
    /// timestamp is too far from the server's clock. When it does, the transport corrects its clock by the
    /// response's `Date` and re-signs and re-sends once.
    fn is_clock_skew(&self, err: &Error) -> bool {
        let _ = err;
        false
    }
}

/// Keys that carry the error code / message in the error bodies of the clouds cloudfn speaks
/// (`ErrorCode`/`ErrorMessage` on FC, `error_code`/`error_msg` on FunctionGraph, `code`/`message` on IAM).
const CODE_KEYS: &[&str] = &["errorcode", "error_code", "code"];
const MESSAGE_KEYS: &[&str] = &[
    "errormessage",
    "error_msg",
    "error_message",
    "message",
    "msg",
];

/// The error a non-2xx response means when nothing better is known.
///
/// The kind comes from the status ([`ErrorKind::from_status`]). When the body is a JSON object with a
/// code and/or message under a common key (`ErrorCode`/`ErrorMessage`, `error_code`/`error_msg`,
/// `code`/`message`, also nested one level under `error`), those are used; otherwise the message is the
/// start of the body (at most 200 characters) or, for an empty body, the status's reason phrase.
///
/// ```
/// use cloudfn_core::transport::default_parse_error;
/// use cloudfn_core::ErrorKind;
/// use http::StatusCode;
///
/// let err = default_parse_error(
///     StatusCode::NOT_FOUND,
///     br#"{"ErrorCode":"FunctionNotFound","ErrorMessage":"function 'f' does not exist"}"#,
/// );
/// assert_eq!(err.kind(), ErrorKind::NotFound);
/// assert_eq!(err.code(), Some("FunctionNotFound"));
/// assert_eq!(err.message(), "function 'f' does not exist");
///
/// let err = default_parse_error(StatusCode::BAD_GATEWAY, b"<html>bad gateway</html>");
/// assert_eq!(err.kind(), ErrorKind::Service);
/// assert_eq!(err.message(), "<html>bad gateway</html>");
/// ```
pub fn default_parse_error(status: StatusCode, body: &[u8]) -> Error {
    let kind = ErrorKind::from_status(status.as_u16());
    let (code, message) = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .map(|v| extract_code_message(&v))
        .unwrap_or_default();
    let message = match message {
        Some(m) => m,
        None if body.iter().all(u8::is_ascii_whitespace) => status
            .canonical_reason()
            .map_or_else(|| format!("HTTP {}", status.as_u16()), str::to_owned),
        None => body_snippet(body, SNIPPET_CHARS),
    };
    let mut err = Error::new(kind, message).with_status(status.as_u16());
    if let Some(code) = code {
        err = err.with_code(code);
    }
    err
}

fn extract_code_message(v: &serde_json::Value) -> (Option<String>, Option<String>) {
    let Some(obj) = v.as_object() else {
        return (None, None);
    };
    let find = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|key| {
            obj.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| scalar_text(v))
        })
    };
    let code = find(CODE_KEYS);
    let message = find(MESSAGE_KEYS);
    if code.is_none() && message.is_none() {
        if let Some(inner) = obj
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("error"))
            .map(|(_, v)| v)
            .filter(|v| v.is_object())
        {
            return extract_code_message(inner);
        }
    }
    (code, message)
}

fn scalar_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.is_empty() => Some(body_snippet(s.as_bytes(), 1000)),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A configurable [`ServiceProfile`] using [`default_parse_error`]: for tests, the emulator and simple
/// endpoints.
///
/// ```
/// use cloudfn_core::transport::{GenericProfile, ServiceProfile};
/// use cloudfn_core::{Error, ErrorKind};
///
/// let profile = GenericProfile::new("alibaba-fc")
///     .with_request_id_header("x-fc-request-id")
///     .with_clock_skew_code("RequestTimeTooSkewed");
/// assert_eq!(profile.request_id_headers(), &["x-fc-request-id"]);
/// let skew = Error::new(ErrorKind::PermissionDenied, "skewed").with_code("RequestTimeTooSkewed");
/// assert!(profile.is_clock_skew(&skew));
/// ```
#[derive(Debug, Clone)]
pub struct GenericProfile {
    provider: &'static str,
    request_id_headers: Vec<&'static str>,
    clock_skew_codes: Vec<&'static str>,
}

impl GenericProfile {
    /// A profile for `provider` with no request-id header and no clock-skew code.
    pub fn new(provider: &'static str) -> Self {
        GenericProfile {
            provider,
            request_id_headers: Vec::new(),
            clock_skew_codes: Vec::new(),
        }
    }

    /// Adds a response header that carries the request id.
    pub fn with_request_id_header(mut self, name: &'static str) -> Self {
        self.request_id_headers.push(name);
        self
    }

    /// Adds an error code that means "clock skew" (compared with [`Error::code`]).
    pub fn with_clock_skew_code(mut self, code: &'static str) -> Self {
        self.clock_skew_codes.push(code);
        self
    }
}

impl ServiceProfile for GenericProfile {
    fn provider(&self) -> &'static str {
        self.provider
    }

    fn request_id_headers(&self) -> &[&'static str] {
        &self.request_id_headers
    }

    fn is_clock_skew(&self, err: &Error) -> bool {
        err.code()
            .is_some_and(|c| self.clock_skew_codes.contains(&c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huawei_shape() {
        let err = default_parse_error(
            StatusCode::BAD_REQUEST,
            br#"{"error_code":"FSS.0400","error_msg":"Invalid RequestId"}"#,
        );
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        assert_eq!(err.code(), Some("FSS.0400"));
        assert_eq!(err.message(), "Invalid RequestId");
        assert_eq!(err.status(), Some(400));
    }

    #[test]
    fn iam_nested_shape_with_numeric_code() {
        let err = default_parse_error(
            StatusCode::UNAUTHORIZED,
            br#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#,
        );
        assert_eq!(err.kind(), ErrorKind::Unauthenticated);
        assert_eq!(err.code(), Some("401"));
        assert!(err.message().starts_with("The request you have made"));
    }

    #[test]
    fn lowercase_fc_keys() {
        let err = default_parse_error(
            StatusCode::CONFLICT,
            br#"{"errorCode":"ServiceAlreadyExists","errorMessage":"exists"}"#,
        );
        assert_eq!(err.kind(), ErrorKind::AlreadyExists);
        assert_eq!(err.code(), Some("ServiceAlreadyExists"));
        assert_eq!(err.message(), "exists");
    }

    #[test]
    fn empty_and_non_json_bodies() {
        let err = default_parse_error(StatusCode::SERVICE_UNAVAILABLE, b"");
        assert_eq!(err.message(), "Service Unavailable");
        assert_eq!(err.code(), None);
        let err = default_parse_error(StatusCode::from_u16(599).unwrap(), b"  ");
        assert_eq!(err.message(), "HTTP 599");
        let long = "x".repeat(1000);
        let err = default_parse_error(StatusCode::INTERNAL_SERVER_ERROR, long.as_bytes());
        assert_eq!(err.message().chars().count(), 200);
        let err = default_parse_error(StatusCode::INTERNAL_SERVER_ERROR, b"[1,2]");
        assert_eq!(err.message(), "[1,2]");
    }
}
