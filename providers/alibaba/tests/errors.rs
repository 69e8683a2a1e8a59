//! FC error bodies → `cloudfn_core::Error`, and function errors.
#![allow(clippy::unwrap_used)]

use cloudfn_alibaba::error::{
    CodeOrigin, ERROR_CODES, error_from_http, error_from_response, function_error,
    function_error_from_http, is_clock_skew, lookup_code, parse_error_body,
};
use cloudfn_core::{ErrorKind, FunctionErrorKind};
use http::HeaderMap;
use proptest::prelude::*;

/// The codes of alibaba-fc.md §4.2 (15) and §4.3 (12) with their documented status, copied from the spec
/// (not from the crate) so that the table is checked against it.
const SPEC_CODES: &[(&str, u16)] = &[
    ("InvalidArgument", 400),
    ("MissingRequiredHeader", 400),
    ("PathNotSupported", 400),
    ("EntityTooLarge", 400),
    ("AccessDenied", 403),
    ("SignatureNotMatch", 403),
    ("InvalidAccessKeyID", 403),
    ("ServiceNotFound", 404),
    ("AliasNotFound", 404),
    ("DomainNameNotFound", 404),
    ("VersionNotFound", 404),
    ("ConcurrentUpdateError", 409),
    ("ResourceExhausted", 429),
    ("InternalServerError", 500),
    ("ResourceThrottled", 503),
    ("AliasAlreadyExists", 409),
    ("RequestTimeTooSkewed", 403),
    ("InvalidAccessKeyId", 403),
    ("FunctionNotFound", 404),
    ("TriggerNotFound", 404),
    ("ServiceAlreadyExists", 409),
    ("FunctionAlreadyExists", 409),
    ("TriggerAlreadyExists", 409),
    ("ServiceNotEmpty", 409),
    ("FunctionNotEmpty", 409),
    ("VersionPublishError", 409),
    ("AliaseNotFound", 404),
];

/// The kind each spec code must map to.
fn expected_kind(code: &str) -> ErrorKind {
    match code {
        "InvalidArgument" | "MissingRequiredHeader" => ErrorKind::InvalidArgument,
        "PathNotSupported" => ErrorKind::Unsupported,
        "EntityTooLarge" => ErrorKind::PayloadTooLarge,
        "AccessDenied" => ErrorKind::PermissionDenied,
        "SignatureNotMatch"
        | "InvalidAccessKeyID"
        | "InvalidAccessKeyId"
        | "RequestTimeTooSkewed" => ErrorKind::Unauthenticated,
        c if c.ends_with("NotFound") => ErrorKind::NotFound,
        c if c.ends_with("AlreadyExists") => ErrorKind::AlreadyExists,
        "ConcurrentUpdateError"
        | "ServiceNotEmpty"
        | "FunctionNotEmpty"
        | "VersionPublishError" => ErrorKind::PreconditionFailed,
        "ResourceExhausted" | "ResourceThrottled" => ErrorKind::Throttled,
        "InternalServerError" => ErrorKind::Service,
        other => panic!("no expectation for {other}"),
    }
}

#[test]
fn table_covers_every_spec_code_with_its_status() {
    for (code, status) in SPEC_CODES {
        let info = ERROR_CODES
            .iter()
            .find(|i| i.code == *code)
            .unwrap_or_else(|| panic!("{code} missing from ERROR_CODES"));
        assert_eq!(info.status, *status, "{code}");
        assert_eq!(info.kind, expected_kind(code), "{code}");
        assert_ne!(info.origin, CodeOrigin::EmulatorConvention, "{code}");
    }
    let documented = ERROR_CODES
        .iter()
        .filter(|i| i.origin != CodeOrigin::EmulatorConvention)
        .count();
    assert_eq!(documented, SPEC_CODES.len());
}

#[test]
fn every_code_parses_in_both_casings() {
    for info in ERROR_CODES {
        for (ck, mk) in [("ErrorCode", "ErrorMessage"), ("errorCode", "errorMessage")] {
            let body = format!(
                r#"{{"{ck}":"{}","{mk}":"msg for {}"}}"#,
                info.code, info.code
            );
            let err = error_from_response(info.status, Some("rid-7"), body.as_bytes());
            assert_eq!(err.kind(), info.kind, "{} ({ck})", info.code);
            assert_eq!(err.code(), Some(info.code));
            assert_eq!(err.status(), Some(info.status));
            assert_eq!(err.request_id(), Some("rid-7"));
            assert_eq!(err.provider(), Some("alibaba-fc"));
            assert_eq!(err.is_retryable(), info.retryable, "{}", info.code);
            assert!(err.message().starts_with(&format!("msg for {}", info.code)));
            if let Some(hint) = info.hint {
                assert!(err.message().contains(hint), "{}", err.message());
            }
            // The mapping does not depend on the status the server chose.
            assert_eq!(
                error_from_response(400, None, body.as_bytes()).kind(),
                info.kind
            );
        }
    }
}

#[test]
fn signature_mismatch_says_what_to_check() {
    let body = br#"{"ErrorCode":"SignatureNotMatch","ErrorMessage":"The request signature we calculated does not match the signature you provided. Check your access key and signing method"}"#;
    let err = error_from_response(403, Some("r"), body);
    assert_eq!(err.kind(), ErrorKind::Unauthenticated);
    assert!(err.message().contains("check the AccessKeySecret"));
    assert!(err.to_string().contains("code SignatureNotMatch"));
}

#[test]
fn clock_skew_is_recognised() {
    assert!(is_clock_skew("RequestTimeTooSkewed"));
    assert!(is_clock_skew(" requesttimetooskewed "));
    assert!(!is_clock_skew("RequestTimeout"));
    let err = error_from_response(
        403,
        None,
        br#"{"ErrorCode":"RequestTimeTooSkewed","ErrorMessage":"x"}"#,
    );
    assert!(is_clock_skew(err.code().unwrap()));
    assert!(err.message().contains("clock"));
}

#[test]
fn lookup_ignores_case_but_prefers_exact() {
    assert_eq!(
        lookup_code("INVALIDACCESSKEYID").unwrap().kind,
        ErrorKind::Unauthenticated
    );
    assert_eq!(
        lookup_code("InvalidAccessKeyId").unwrap().code,
        "InvalidAccessKeyId"
    );
    assert_eq!(
        lookup_code("aliasenotfound").unwrap().kind,
        ErrorKind::NotFound
    );
}

#[test]
fn unknown_code_falls_back_to_status() {
    let err = error_from_response(
        409,
        None,
        br#"{"ErrorCode":"SomethingNew","ErrorMessage":"hm"}"#,
    );
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert_eq!(err.code(), Some("SomethingNew"));
    let err = error_from_response(502, None, b"");
    assert_eq!(err.kind(), ErrorKind::Service);
    assert!(err.is_retryable());
    assert_eq!(err.code(), None);
    assert_eq!(err.message(), "HTTP 502 with no error message");
}

#[test]
fn non_json_and_odd_bodies() {
    let err = error_from_response(503, None, b"<html>Service Unavailable</html>");
    assert_eq!(err.message(), "<html>Service Unavailable</html>");
    assert_eq!(err.kind(), ErrorKind::Service);

    let b = parse_error_body(br#"{"ErrorCode":404,"ErrorMessage":null,"RequestId":"in-body"}"#);
    assert_eq!(b.code.as_deref(), Some("404"));
    assert_eq!(b.message, None);
    assert_eq!(b.request_id.as_deref(), Some("in-body"));

    // Message falls back to the code; request id falls back to the body.
    let err = error_from_response(
        404,
        None,
        br#"{"errorcode":"ServiceNotFound","requestId":"rb"}"#,
    );
    assert_eq!(err.message(), "ServiceNotFound");
    assert_eq!(err.request_id(), Some("rb"));

    // PascalCase wins when both casings are present.
    let b = parse_error_body(br#"{"errorCode":"a","ErrorCode":"B","errorMessage":"m"}"#);
    assert_eq!(b.code.as_deref(), Some("B"));

    let arr = parse_error_body(b"[1,2]");
    assert_eq!(arr.code, None);
    assert_eq!(arr.message.as_deref(), Some("[1,2]"));
    assert_eq!(parse_error_body(b"   ").message, None);
    assert_eq!(
        parse_error_body(&[0xff, 0xfe]).message.as_deref(),
        Some("\u{FFFD}\u{FFFD}")
    );
}

#[test]
fn request_id_from_headers() {
    let mut h = HeaderMap::new();
    h.insert("X-Fc-Request-Id", "abc-123".parse().unwrap());
    let err = error_from_http(
        404,
        &h,
        br#"{"ErrorCode":"FunctionNotFound","ErrorMessage":"m","RequestId":"no"}"#,
    );
    assert_eq!(err.request_id(), Some("abc-123"));
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[test]
fn function_errors() {
    let e = function_error(
        Some("HandledInvocationError"),
        br#"{"errorMessage":"bad input"}"#,
    )
    .unwrap();
    assert_eq!(e.kind, FunctionErrorKind::Handled);
    assert_eq!(e.message.as_deref(), Some("bad input"));

    let e = function_error(Some("UnhandledInvocationError"), b"Traceback: boom").unwrap();
    assert_eq!(e.kind, FunctionErrorKind::Unhandled);
    assert_eq!(e.message.as_deref(), Some("Traceback: boom"));

    let e = function_error(Some("SomethingElse"), b"").unwrap();
    assert_eq!(e.kind, FunctionErrorKind::Unhandled);
    assert_eq!(e.message, None);

    let e = function_error(
        Some("UnhandledInvocationError"),
        br#"{"ErrorMessage":"M","ErrorType":"T"}"#,
    )
    .unwrap();
    assert_eq!(e.message.as_deref(), Some("T: M"));
    let e = function_error(Some("UnhandledInvocationError"), br#"{"errorType":"OOM"}"#).unwrap();
    assert_eq!(e.message.as_deref(), Some("OOM"));
    let e = function_error(Some("UnhandledInvocationError"), br#"{"other":1}"#).unwrap();
    assert_eq!(e.message.as_deref(), Some(r#"{"other":1}"#));

    assert!(function_error(Some(""), b"x").is_none());
    assert!(function_error(Some("  "), b"x").is_none());
    assert!(function_error(None, br#"{"errorMessage":"x"}"#).is_none());

    let mut h = HeaderMap::new();
    assert!(function_error_from_http(&h, b"ok").is_none());
    h.insert("x-fc-error-type", "HandledInvocationError".parse().unwrap());
    assert_eq!(
        function_error_from_http(&h, b"no").unwrap().kind,
        FunctionErrorKind::Handled
    );
}

proptest! {
    /// Arbitrary bytes never panic, and the status and request id always survive.
    #[test]
    fn arbitrary_bodies_never_panic(status in 400u16..600, body in prop::collection::vec(any::<u8>(), 0..300)) {
        let err = error_from_response(status, Some("rid"), &body);
        prop_assert_eq!(err.status(), Some(status));
        prop_assert_eq!(err.request_id(), Some("rid"));
        prop_assert!(!err.message().is_empty());
        let _ = function_error(Some("UnhandledInvocationError"), &body);
    }

    /// Arbitrary JSON objects with odd value types never panic.
    #[test]
    fn arbitrary_json_never_panics(
        code in prop_oneof![Just("null".to_owned()), any::<i64>().prop_map(|n| n.to_string()), "\"[A-Za-z]{0,20}\"", Just("[]".to_owned()), Just("{}".to_owned())],
        message in prop_oneof![Just("null".to_owned()), "\"[^\"\\\\]{0,40}\"", Just("true".to_owned())],
    ) {
        let body = format!(r#"{{"ErrorCode":{code},"errorMessage":{message}}}"#);
        let err = error_from_response(400, None, body.as_bytes());
        prop_assert!(!err.message().is_empty());
    }
}
