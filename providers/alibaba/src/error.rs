//! FC error responses mapped onto [`cloudfn_core::Error`], and function errors onto
//! [`cloudfn_core::FunctionError`].
//!
//! An FC platform error is an HTTP status ≥ 400 with a JSON body carrying a code and a message. The
//! official SDKs read `{"ErrorCode": ..., "ErrorMessage": ...}`; the written API reference says
//! `errorCode` / `errorMessage` (and the Node SDK reads `errorMessage` too). [`parse_error_body`] accepts
//! both, matching key names case-insensitively (PascalCase first). The request id comes from the
//! `x-fc-request-id` header (or a `RequestId` key in the body when the header is missing). A body that is
//! not a JSON object becomes the message as text. Nothing here panics on any input.
//!
//! The code → [`ErrorKind`] table is [`ERROR_CODES`]: every code in alibaba-fc.md §4.2 and §4.3 (both
//! spellings `InvalidAccessKeyID` / `InvalidAccessKeyId`, the `AliaseNotFound` typo), plus the names the
//! spec suggests an emulator invent for cases the cloud does not document (§2.4, §4.5). Codes are matched
//! case-insensitively; an unknown code falls back to [`ErrorKind::from_status`].
//!
//! A function that fails during a synchronous invoke is not an error of the platform: the response is
//! 2xx with `x-fc-error-type` (§4.4). [`function_error`] turns that into a
//! [`FunctionError`].
//!
//! ```
//! use cloudfn_alibaba::error::error_from_response;
//! use cloudfn_core::ErrorKind;
//!
//! let err = error_from_response(
//!     404,
//!     Some("rid-1"),
//!     br#"{"ErrorCode":"ServiceNotFound","ErrorMessage":"service 'demo' does not exist"}"#,
//! );
//! assert_eq!(err.kind(), ErrorKind::NotFound);
//! assert_eq!(err.code(), Some("ServiceNotFound"));
//! assert_eq!(err.request_id(), Some("rid-1"));
//! assert_eq!(err.status(), Some(404));
//! assert_eq!(err.message(), "service 'demo' does not exist");
//! ```

use cloudfn_core::{Error, ErrorKind, FunctionError, FunctionErrorKind};
use http::HeaderMap;
use serde_json::{Map, Value};

/// The provider name put on every error.
pub const PROVIDER: &str = "alibaba-fc";

/// Response header carrying the request id.
pub const REQUEST_ID_HEADER: &str = "x-fc-request-id";

/// Response header that marks a function error on an invoke (`HandledInvocationError` /
/// `UnhandledInvocationError`).
pub const ERROR_TYPE_HEADER: &str = "x-fc-error-type";

/// `x-fc-error-type` value for an error the function reported itself (Node.js `callback(err)`).
pub const HANDLED_INVOCATION_ERROR: &str = "HandledInvocationError";

/// `x-fc-error-type` value for every other function failure (crash, timeout, out of memory, ...).
pub const UNHANDLED_INVOCATION_ERROR: &str = "UnhandledInvocationError";

/// The clock-skew error code (403).
pub const REQUEST_TIME_TOO_SKEWED: &str = "RequestTimeTooSkewed";

/// The longest message taken from a non-JSON body, in bytes (cut at a character boundary).
pub const MAX_TEXT_MESSAGE_BYTES: usize = 1024;

/// Where an error code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CodeOrigin {
    /// The Chinese API reference's error-code table or an operation page (alibaba-fc.md §4.2, source \[001\]).
    ApiReference,
    /// The 2018 English API specification (alibaba-fc.md §4.3, source \[002\]).
    ApiSpecification,
    /// Not documented by Alibaba: a name alibaba-fc.md suggests an emulator use (§2.4, §4.5). The real
    /// cloud may never send it; cloudfn's emulator may.
    EmulatorConvention,
}

/// One row of the error-code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCodeInfo {
    /// The `ErrorCode` value as documented.
    pub code: &'static str,
    /// The HTTP status the cloud sends with it.
    pub status: u16,
    /// The neutral kind it maps to.
    pub kind: ErrorKind,
    /// Whether a retry may succeed.
    pub retryable: bool,
    /// Where the code is documented.
    pub origin: CodeOrigin,
    /// A hint added to the message, telling the user what to check.
    pub hint: Option<&'static str>,
}

const fn row(
    code: &'static str,
    status: u16,
    kind: ErrorKind,
    retryable: bool,
    origin: CodeOrigin,
) -> ErrorCodeInfo {
    ErrorCodeInfo {
        code,
        status,
        kind,
        retryable,
        origin,
        hint: None,
    }
}

const fn hinted(
    code: &'static str,
    status: u16,
    kind: ErrorKind,
    origin: CodeOrigin,
    hint: &'static str,
) -> ErrorCodeInfo {
    ErrorCodeInfo {
        code,
        status,
        kind,
        retryable: false,
        origin,
        hint: Some(hint),
    }
}

use CodeOrigin::{ApiReference as Ref, ApiSpecification as Spec, EmulatorConvention as Emu};
use ErrorKind as K;

/// Every known FC error code and what it means (alibaba-fc.md §4.2, §4.3, §4.5).
///
/// | code | HTTP | kind | retryable | note |
/// |---|---|---|---|---|
/// | `InvalidArgument` | 400 | InvalidArgument | no | |
/// | `MissingRequiredHeader` | 400 | InvalidArgument | no | |
/// | `PathNotSupported` | 400 | Unsupported | no | method/path not routed |
/// | `EntityTooLarge` | 400 | PayloadTooLarge | no | |
/// | `AccessDenied` | 403 | PermissionDenied | no | |
/// | `SignatureNotMatch` | 403 | Unauthenticated | no | hint: check the AccessKeySecret |
/// | `InvalidAccessKeyID` / `InvalidAccessKeyId` | 403 | Unauthenticated | no | hint: check the AccessKey id |
/// | `RequestTimeTooSkewed` | 403 | Unauthenticated | no | hint: clock; see [`is_clock_skew`] |
/// | `ServiceNotFound`, `FunctionNotFound`, `TriggerNotFound`, `VersionNotFound`, `AliasNotFound`, `AliaseNotFound`, `DomainNameNotFound` | 404 | NotFound | no | |
/// | `ServiceAlreadyExists`, `FunctionAlreadyExists`, `TriggerAlreadyExists`, `AliasAlreadyExists` | 409 | AlreadyExists | no | |
/// | `ServiceNotEmpty`, `FunctionNotEmpty` | 409 | PreconditionFailed | no | delete children first |
/// | `VersionPublishError` | 409 | PreconditionFailed | no | |
/// | `ConcurrentUpdateError` | 409 | PreconditionFailed | **yes** | lost race; "update sequentially" |
/// | `ResourceExhausted` | 429 | Throttled | yes | concurrency limit |
/// | `InternalServerError` | 500 | Service | yes | |
/// | `ResourceThrottled` | 503 | Throttled | yes | capacity |
/// | `PreconditionFailed` | 412 | PreconditionFailed | no | emulator convention (If-Match) |
/// | `LayerNotFound`, `ProvisionConfigNotFound`, `AsyncConfigNotFound`, `StatefulAsyncInvocationNotFound` | 404 | NotFound | no | emulator convention |
/// | `DomainNameAlreadyExists` | 409 | AlreadyExists | no | emulator convention |
pub static ERROR_CODES: &[ErrorCodeInfo] = &[
    // alibaba-fc.md §4.2 ([001] error-code table)
    row("InvalidArgument", 400, K::InvalidArgument, false, Ref),
    row("MissingRequiredHeader", 400, K::InvalidArgument, false, Ref),
    row("PathNotSupported", 400, K::Unsupported, false, Ref),
    row("EntityTooLarge", 400, K::PayloadTooLarge, false, Ref),
    row("AccessDenied", 403, K::PermissionDenied, false, Ref),
    hinted(
        "SignatureNotMatch",
        403,
        K::Unauthenticated,
        Ref,
        "check the AccessKeySecret (and that nothing rewrites the signed headers or the path)",
    ),
    hinted(
        "InvalidAccessKeyID",
        403,
        K::Unauthenticated,
        Ref,
        "check the AccessKey id",
    ),
    row("ServiceNotFound", 404, K::NotFound, false, Ref),
    row("AliasNotFound", 404, K::NotFound, false, Ref),
    row("DomainNameNotFound", 404, K::NotFound, false, Ref),
    row("VersionNotFound", 404, K::NotFound, false, Ref),
    row(
        "ConcurrentUpdateError",
        409,
        K::PreconditionFailed,
        true,
        Ref,
    ),
    row("ResourceExhausted", 429, K::Throttled, true, Ref),
    row("InternalServerError", 500, K::Service, true, Ref),
    row("ResourceThrottled", 503, K::Throttled, true, Ref),
    // alibaba-fc.md §4.3 (additional codes)
    row("AliasAlreadyExists", 409, K::AlreadyExists, false, Ref),
    hinted(
        REQUEST_TIME_TOO_SKEWED,
        403,
        K::Unauthenticated,
        Spec,
        "the local clock differs from the server's by more than 15 minutes; sync the system clock",
    ),
    hinted(
        "InvalidAccessKeyId",
        403,
        K::Unauthenticated,
        Spec,
        "check the AccessKey id",
    ),
    row("FunctionNotFound", 404, K::NotFound, false, Spec),
    row("TriggerNotFound", 404, K::NotFound, false, Spec),
    row("ServiceAlreadyExists", 409, K::AlreadyExists, false, Spec),
    row("FunctionAlreadyExists", 409, K::AlreadyExists, false, Spec),
    row("TriggerAlreadyExists", 409, K::AlreadyExists, false, Spec),
    hinted(
        "ServiceNotEmpty",
        409,
        K::PreconditionFailed,
        Spec,
        "delete the service's functions first",
    ),
    hinted(
        "FunctionNotEmpty",
        409,
        K::PreconditionFailed,
        Spec,
        "delete the function's triggers first",
    ),
    row(
        "VersionPublishError",
        409,
        K::PreconditionFailed,
        false,
        Spec,
    ),
    row("AliaseNotFound", 404, K::NotFound, false, Spec),
    // alibaba-fc.md §2.4 / §4.5: names for undocumented cases, used by emulators
    row("PreconditionFailed", 412, K::PreconditionFailed, false, Emu),
    row("LayerNotFound", 404, K::NotFound, false, Emu),
    row("DomainNameAlreadyExists", 409, K::AlreadyExists, false, Emu),
    row("ProvisionConfigNotFound", 404, K::NotFound, false, Emu),
    row("AsyncConfigNotFound", 404, K::NotFound, false, Emu),
    row(
        "StatefulAsyncInvocationNotFound",
        404,
        K::NotFound,
        false,
        Emu,
    ),
];

/// Looks a code up in [`ERROR_CODES`], ignoring ASCII case (the two documents spell
/// `InvalidAccessKeyID` differently; no two codes differ only in case otherwise).
///
/// ```
/// let info = cloudfn_alibaba::error::lookup_code("functionnotfound").unwrap();
/// assert_eq!(info.code, "FunctionNotFound");
/// assert_eq!(info.status, 404);
/// ```
pub fn lookup_code(code: &str) -> Option<&'static ErrorCodeInfo> {
    let code = code.trim();
    ERROR_CODES
        .iter()
        .find(|info| info.code == code)
        .or_else(|| {
            ERROR_CODES
                .iter()
                .find(|info| info.code.eq_ignore_ascii_case(code))
        })
}

/// Whether `code` is the clock-skew error (`RequestTimeTooSkewed`), after which a client corrects its
/// clock from the response's `Date` and signs again.
///
/// ```
/// assert!(cloudfn_alibaba::error::is_clock_skew("RequestTimeTooSkewed"));
/// assert!(!cloudfn_alibaba::error::is_clock_skew("SignatureNotMatch"));
/// ```
pub fn is_clock_skew(code: &str) -> bool {
    code.trim().eq_ignore_ascii_case(REQUEST_TIME_TOO_SKEWED)
}

/// What an FC error body says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorBody {
    /// `ErrorCode` / `errorCode`.
    pub code: Option<String>,
    /// `ErrorMessage` / `errorMessage`, or the body text when it is not a JSON object.
    pub message: Option<String>,
    /// `RequestId` / `requestId` in the body (the header is the usual place).
    pub request_id: Option<String>,
}

/// Finds `key` in a JSON object: the exact spelling first, then ignoring ASCII case.
fn get_ci<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    object.get(key).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A scalar as text (`null`, objects and arrays give `None`; empty strings too).
fn scalar_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null | Value::Array(_) | Value::Object(_) => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// The body as text: lossy UTF-8, trimmed, cut to [`MAX_TEXT_MESSAGE_BYTES`]; `None` when blank.
fn body_text(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.len() <= MAX_TEXT_MESSAGE_BYTES {
        return Some(text.to_owned());
    }
    let mut end = MAX_TEXT_MESSAGE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Some(format!("{}…", &text[..end]))
}

/// Parses an error body. Never fails: a body that is not a JSON object gives its text as the message.
///
/// ```
/// use cloudfn_alibaba::error::parse_error_body;
/// let a = parse_error_body(br#"{"ErrorCode":"AccessDenied","ErrorMessage":"no"}"#);
/// let b = parse_error_body(br#"{"errorCode":"AccessDenied","errorMessage":"no"}"#);
/// assert_eq!(a, b);
/// assert_eq!(parse_error_body(b"<html>bad gateway</html>").message.as_deref(), Some("<html>bad gateway</html>"));
/// ```
pub fn parse_error_body(body: &[u8]) -> ErrorBody {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => ErrorBody {
            code: get_ci(&object, "ErrorCode").and_then(scalar_text),
            message: get_ci(&object, "ErrorMessage").and_then(scalar_text),
            request_id: get_ci(&object, "RequestId").and_then(scalar_text),
        },
        _ => ErrorBody {
            code: None,
            message: body_text(body),
            request_id: None,
        },
    }
}

/// Builds the [`Error`] for a failed FC response from its status, request id header and body.
///
/// The kind comes from the code ([`lookup_code`]) or, for an unknown or missing code, from the status. The
/// message is the cloud's, followed by a hint for codes that have one (e.g. `SignatureNotMatch`: "check the
/// AccessKeySecret"). The provider is `alibaba-fc`; the caller adds the operation with
/// [`Error::with_operation`].
pub fn error_from_response(status: u16, request_id: Option<&str>, body: &[u8]) -> Error {
    let parsed = parse_error_body(body);
    let info = parsed.code.as_deref().and_then(lookup_code);
    let kind = info.map_or_else(|| ErrorKind::from_status(status), |i| i.kind);
    let mut message = parsed
        .message
        .clone()
        .or_else(|| parsed.code.clone())
        .unwrap_or_else(|| format!("HTTP {status} with no error message"));
    if let Some(hint) = info.and_then(|i| i.hint) {
        message = format!("{message} (hint: {hint})");
    }
    let mut err = Error::new(kind, message)
        .with_provider(PROVIDER)
        .with_status(status);
    if let Some(info) = info {
        err = err.with_retryable(info.retryable);
    }
    if let Some(code) = parsed.code {
        err = err.with_code(code);
    }
    let request_id = request_id
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .or(parsed.request_id);
    if let Some(request_id) = request_id {
        err = err.with_request_id(request_id);
    }
    err
}

/// [`error_from_response`] reading the request id from the response headers (`x-fc-request-id`).
pub fn error_from_http(status: u16, headers: &HeaderMap, body: &[u8]) -> Error {
    error_from_response(status, request_id(headers), body)
}

/// The `x-fc-request-id` header, when present and text.
pub fn request_id(headers: &HeaderMap) -> Option<&str> {
    headers.get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok())
}

/// Parses a function error from an invoke response: `error_type` is the `x-fc-error-type` header (absent
/// or blank means success, `None` is returned), `body` the response body.
///
/// `HandledInvocationError` gives [`FunctionErrorKind::Handled`]; any other non-blank value (the SDK treats
/// every non-empty value as an error) gives [`FunctionErrorKind::Unhandled`]. The message is
/// `"{errorType}: {errorMessage}"` from a JSON body (keys in any case; either part alone when only one is
/// there), else the body text.
///
/// ```
/// use cloudfn_alibaba::error::function_error;
/// use cloudfn_core::FunctionErrorKind;
///
/// let e = function_error(Some("UnhandledInvocationError"), br#"{"errorMessage":"boom","errorType":"Error"}"#).unwrap();
/// assert_eq!(e.kind, FunctionErrorKind::Unhandled);
/// assert_eq!(e.message.as_deref(), Some("Error: boom"));
/// assert!(function_error(None, b"ok").is_none());
/// ```
pub fn function_error(error_type: Option<&str>, body: &[u8]) -> Option<FunctionError> {
    let error_type = error_type.map(str::trim).filter(|t| !t.is_empty())?;
    let kind = if error_type.eq_ignore_ascii_case(HANDLED_INVOCATION_ERROR) {
        FunctionErrorKind::Handled
    } else {
        FunctionErrorKind::Unhandled
    };
    let message = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => {
            let ty = get_ci(&object, "errorType").and_then(scalar_text);
            let msg = get_ci(&object, "errorMessage").and_then(scalar_text);
            match (ty, msg) {
                (Some(t), Some(m)) => Some(format!("{t}: {m}")),
                (None, Some(m)) => Some(m),
                (Some(t), None) => Some(t),
                (None, None) => body_text(body),
            }
        }
        _ => body_text(body),
    };
    Some(FunctionError::new(kind, message))
}

/// [`function_error`] reading `x-fc-error-type` from the response headers.
pub fn function_error_from_http(headers: &HeaderMap, body: &[u8]) -> Option<FunctionError> {
    let error_type = headers
        .get(ERROR_TYPE_HEADER)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    function_error(error_type.as_deref(), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_ignoring_case_except_the_access_key_pair() {
        for (i, a) in ERROR_CODES.iter().enumerate() {
            for b in &ERROR_CODES[i + 1..] {
                assert_ne!(a.code, b.code);
                if a.code.eq_ignore_ascii_case(b.code) {
                    assert!(
                        a.code.starts_with("InvalidAccessKey"),
                        "{} / {}",
                        a.code,
                        b.code
                    );
                    assert_eq!(a.kind, b.kind);
                }
            }
        }
    }

    #[test]
    fn exact_spelling_is_found_first() {
        assert_eq!(
            lookup_code("InvalidAccessKeyId").unwrap().origin,
            CodeOrigin::ApiSpecification
        );
        assert_eq!(
            lookup_code("InvalidAccessKeyID").unwrap().origin,
            CodeOrigin::ApiReference
        );
        assert!(lookup_code("NoSuchCode").is_none());
    }

    #[test]
    fn long_text_is_cut_at_a_char_boundary() {
        let body = "é".repeat(MAX_TEXT_MESSAGE_BYTES);
        let msg = parse_error_body(body.as_bytes()).message.unwrap();
        assert!(msg.len() <= MAX_TEXT_MESSAGE_BYTES + '…'.len_utf8());
        assert!(msg.ends_with('…'));
    }
}
