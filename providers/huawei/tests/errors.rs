//! Error mapping: every code of the §5.2 table (read from a verbatim copy of it), every body form the
//! official SDK accepts (official-sdks.md §2.6), request ids, hints, clock skew, and hostile bodies.
#![allow(clippy::unwrap_used)]

use cloudfn_core::ErrorKind;
use cloudfn_huawei::error::{
    ErrorBody, FSS_CODES, clock_skew_server_time, error_from_parts, error_from_response,
    is_clock_skew, kind_for, lookup, request_id_from_headers,
};
use http::HeaderMap;
use proptest::prelude::*;
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `(status, code, message)` of every row of the copied table.
fn table_rows() -> Vec<(u16, String, String)> {
    fixture("error_codes.md")
        .lines()
        .filter(|l| l.starts_with("| 4") || l.starts_with("| 5"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (
                cells[0].parse().unwrap(),
                cells[1].trim_matches('`').to_owned(),
                cells[2].to_owned(),
            )
        })
        .collect()
}

fn body(code: &str, msg: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"error_code": code, "error_msg": msg})).unwrap()
}

#[test]
fn every_documented_code_is_mapped() {
    let rows = table_rows();
    assert_eq!(rows.len(), 185);
    assert_eq!(FSS_CODES.len(), 185);
    for (i, (status, code, message)) in rows.iter().enumerate() {
        let info = lookup(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(info.code, code, "row {i}");
        assert_eq!(info.status, *status, "{code}");
        assert_eq!(info.message, message, "{code}");
        // The table is kept in the source's order.
        assert_eq!(FSS_CODES[i].code, code);

        let err = error_from_parts(
            *status,
            Some("rid".into()),
            None,
            &body(code, "server text"),
        );
        assert_eq!(err.kind(), info.kind, "{code}");
        assert_eq!(err.code(), Some(code.as_str()));
        assert_eq!(err.message(), "server text");
        assert_eq!(err.status(), Some(*status));
        assert_eq!(err.request_id(), Some("rid"));
        assert_eq!(err.provider(), Some("huawei-functiongraph"));

        // Kinds are those of the status class unless the module docs list the code as an exception.
        let by_status = ErrorKind::from_status(*status);
        if info.kind != by_status {
            let documented = [
                "1016", "1023", "1026", "1028", "1031", "1038", "1076", "1077", "1301", "1303",
                "1304", "1306", "1307", "1308", "1310", "1311", "1118", "1041", "1042", "1043",
                "1044", "1045", "1047", "1048", "1049", "1068", "1123", "1124", "1046", "1069",
                "1073", "1094", "1096", "1108", "1154", "1137", "1066", "1319", "1170", "0406",
                "1151", "0424", "0426", "1152", "0428", "0410",
            ];
            assert!(
                documented.iter().any(|d| code.ends_with(d)),
                "{code}: {:?} differs from the status's {by_status:?} without being documented",
                info.kind
            );
        }
    }
}

#[test]
fn mapping_follows_meaning_where_the_status_misleads() {
    let cases = [
        ("FSS.1031", ErrorKind::AlreadyExists),
        ("FSS.1016", ErrorKind::PreconditionFailed),
        ("FSS.1041", ErrorKind::QuotaExceeded),
        ("FSS.1073", ErrorKind::AlreadyExists),
        ("FSS.1319", ErrorKind::InvalidArgument),
        ("FSS.1033", ErrorKind::PreconditionFailed),
        ("FSS.0429", ErrorKind::Throttled),
        ("FSS.0500", ErrorKind::Service),
        ("FSS.0504", ErrorKind::Timeout),
        ("FSS.1072", ErrorKind::PayloadTooLarge),
        ("FSS.0426", ErrorKind::Unsupported),
        ("FSS.0401", ErrorKind::Unauthenticated),
        ("FSS.0403", ErrorKind::PermissionDenied),
    ];
    for (code, kind) in cases {
        assert_eq!(kind_for(Some(code), 200), kind, "{code}");
    }
    // Unknown codes and no code fall back to the status.
    assert_eq!(kind_for(Some("FSS.9999"), 404), ErrorKind::NotFound);
    assert_eq!(kind_for(None, 503), ErrorKind::Service);
    assert!(error_from_parts(503, None, None, &body("FSS.0503", "x")).is_retryable());
    assert!(!error_from_parts(404, None, None, &body("FSS.1051", "x")).is_retryable());
}

#[test]
fn operation_examples() {
    let examples: Vec<Value> = serde_json::from_str(&fixture("wire/error_examples.json")).unwrap();
    for ex in examples {
        let status = u16::try_from(ex["status"].as_u64().unwrap()).unwrap();
        let raw = serde_json::to_vec(&ex["body"]).unwrap();
        let err = error_from_parts(status, None, None, &raw);
        let code = ex["body"]["error_code"].as_str().unwrap();
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.message(), ex["body"]["error_msg"].as_str().unwrap());
        let expected = match code {
            // The alias-not-found example is printed under 401 (spec §7 #9): the code decides.
            "FSS.1053" | "FSS.1051" | "FSS.1052" | "FSS.0404" | "FSS.1128" => ErrorKind::NotFound,
            "FSS.0403" => ErrorKind::PermissionDenied,
            "FSS.0401" => ErrorKind::Unauthenticated,
            "FSS.0500" => ErrorKind::Service,
            "FSS.0429" => ErrorKind::Throttled,
            "FSS.1061" => ErrorKind::AlreadyExists,
            // FGS.0111: the generic example's prefix reads as FSS.; 0111 is in no table.
            "FSS.0400" | "FGS.0111" => ErrorKind::InvalidArgument,
            other => panic!("unexpected example code {other}"),
        };
        assert_eq!(err.kind(), expected, "{code} ({})", ex["section"]);
    }
    assert_eq!(lookup("FGS.1051").unwrap().code, "FSS.1051");
}

#[test]
fn every_body_form_the_sdk_accepts() {
    let h = HeaderMap::new();
    // error_code + error_msg.
    let e = error_from_response(
        404,
        &h,
        br#"{"error_code":"FSS.1051","error_msg":"function not found"}"#,
    );
    assert_eq!(
        (e.code(), e.message()),
        (Some("FSS.1051"), "function not found")
    );
    // The camel form.
    let e = error_from_response(
        400,
        &h,
        br#"{"errorCode":"FSS.1002","errorMsg":"bad name"}"#,
    );
    assert_eq!(
        (e.code(), e.message(), e.kind()),
        (Some("FSS.1002"), "bad name", ErrorKind::InvalidArgument)
    );
    // The API Gateway form.
    let e = error_from_response(
        403,
        &h,
        br#"{"code":"APIGW.0308","message":"The throttling threshold has been reached"}"#,
    );
    assert_eq!(
        (e.code(), e.kind()),
        (Some("APIGW.0308"), ErrorKind::Throttled)
    );
    // Nested one level (and deeper).
    let e = error_from_response(401, &h, br#"{"error":{"code":"401","message":"nested"}}"#);
    assert_eq!(
        (e.code(), e.message(), e.kind()),
        (Some("401"), "nested", ErrorKind::Unauthenticated)
    );
    let e = error_from_response(
        500,
        &h,
        br#"{"a":1,"outer":{"inner":{"error_code":"FSS.0500","error_msg":"deep"}}}"#,
    );
    assert_eq!(e.code(), Some("FSS.0500"));
    // Precedence: error_code/error_msg before code/message.
    let e = error_from_response(
        400,
        &h,
        br#"{"code":"APIGW.0201","message":"m2","error_code":"FSS.1002","error_msg":"m1"}"#,
    );
    assert_eq!((e.code(), e.message()), (Some("FSS.1002"), "m1"));
    // A lone error_code is not a pair: the body text becomes the message, no code.
    let e = error_from_response(400, &h, br#"{"error_code":"X"}"#);
    assert_eq!((e.code(), e.message()), (None, r#"{"error_code":"X"}"#));
    // Empty body.
    let e = error_from_response(404, &h, b"");
    assert_eq!(
        (e.code(), e.message(), e.kind()),
        (None, "Not Found", ErrorKind::NotFound)
    );
    // Plain text.
    let e = error_from_response(500, &h, b"oops");
    assert_eq!((e.message(), e.kind()), ("oops", ErrorKind::Service));
    // Non-string values, null message (the documented text is used).
    let e = error_from_response(400, &h, br#"{"error_code":1002,"error_msg":null}"#);
    assert_eq!((e.code(), e.message()), (Some("1002"), "HTTP 400"));
    let e = error_from_response(404, &h, br#"{"error_code":"FSS.1051","error_msg":""}"#);
    assert_eq!(e.message(), "The function does not exist.");
    // encoded_authorization_message is kept.
    let b = ErrorBody::parse(
        br#"{"error_code":"FSS.0403","error_msg":"denied","encoded_authorization_message":"enc"}"#,
    );
    assert_eq!(b.encoded_authorization_message.as_deref(), Some("enc"));
    // A JSON array or scalar is not an error object.
    assert_eq!(ErrorBody::parse(b"[1,2]"), ErrorBody::default());
    assert_eq!(ErrorBody::parse(b"\"x\""), ErrorBody::default());
}

#[test]
fn request_id_headers() {
    let mut h = HeaderMap::new();
    h.insert("X-Cff-Request-Id", "cff-1".parse().unwrap());
    assert_eq!(request_id_from_headers(&h).as_deref(), Some("cff-1"));
    h.insert("x-request-id", "rid-1".parse().unwrap());
    assert_eq!(request_id_from_headers(&h).as_deref(), Some("rid-1"));
    let e = error_from_response(404, &h, &body("FSS.1051", "x"));
    assert_eq!(e.request_id(), Some("rid-1"));
    // The API Gateway's body request_id when no header has one.
    let e = error_from_response(
        401,
        &HeaderMap::new(),
        br#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"body-rid"}"#,
    );
    assert_eq!(e.request_id(), Some("body-rid"));
    // Retry-After.
    let mut h = HeaderMap::new();
    h.insert("retry-after", "3".parse().unwrap());
    let e = error_from_response(429, &h, &body("FSS.0429", "api is busy now"));
    assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(3)));
    assert!(e.is_retryable());
}

#[test]
fn signature_failures_get_a_hint() {
    let e = error_from_parts(
        401,
        None,
        None,
        br#"{"error_msg":"Incorrect IAM authentication information: verify aksk signature fail, ...","error_code":"APIGW.0301","request_id":"r"}"#,
    );
    assert_eq!(e.kind(), ErrorKind::Unauthenticated);
    assert!(
        e.message()
            .starts_with("Incorrect IAM authentication information: verify aksk signature fail")
    );
    assert!(
        e.message().contains("check the secret key"),
        "{}",
        e.message()
    );
    assert!(!is_clock_skew(&e));
    // The newer APIG. prefix, token failures.
    let e = error_from_parts(
        401,
        None,
        None,
        br#"{"error_msg":"Incorrect IAM authentication information: decrypt token fail","error_code":"APIG.0301"}"#,
    );
    assert_eq!(e.kind(), ErrorKind::Unauthenticated);
    assert!(
        e.message().contains("check the IAM token"),
        "{}",
        e.message()
    );
    // Other codes get no hint.
    let e = error_from_parts(404, None, None, &body("FSS.1051", "x"));
    assert_eq!(e.message(), "x");
}

#[test]
fn clock_skew_is_detected_with_the_server_time() {
    let msg = "Incorrect IAM authentication information: calc aksk signature fail:signature expired, \
               signature time:20211217T064303Z,server time:20211217T065804Z";
    let e = error_from_parts(
        401,
        None,
        None,
        &serde_json::to_vec(&json!({"errorCode": "APIGW.0301", "errorMsg": msg})).unwrap(),
    );
    assert!(is_clock_skew(&e));
    assert!(e.message().contains("check the local clock"));
    let t = clock_skew_server_time(&e).unwrap();
    assert_eq!(t.format("%Y%m%dT%H%M%SZ").to_string(), "20211217T065804Z");
    // Without a parsable server time, still skew; no time.
    let e = error_from_parts(401, None, None, &body("APIGW.0301", "signature expired"));
    assert!(is_clock_skew(&e));
    assert_eq!(clock_skew_server_time(&e), None);
    // "signature expired" under another code is not skew.
    let e = error_from_parts(400, None, None, &body("FSS.0400", "signature expired"));
    assert!(!is_clock_skew(&e));
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(status in 400u16..600, bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let e = error_from_parts(status, None, None, &bytes);
        prop_assert_eq!(e.status(), Some(status));
        let _ = e.to_string();
    }

    #[test]
    fn arbitrary_json_never_panics(status in 400u16..600, v in json_value()) {
        let raw = serde_json::to_vec(&v).unwrap();
        let e = error_from_parts(status, None, None, &raw);
        prop_assert_eq!(e.status(), Some(status));
        let _ = (is_clock_skew(&e), clock_skew_server_time(&e));
    }

    #[test]
    fn code_and_message_survive(code in "[A-Za-z.0-9]{1,12}", msg in "\\PC{1,40}") {
        let e = error_from_parts(400, None, None, &body(&code, &msg));
        prop_assert_eq!(e.code(), Some(code.trim()).filter(|c| !c.is_empty()));
        if !msg.trim().is_empty() {
            prop_assert!(e.message().starts_with(msg.trim()));
        }
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "\\PC{0,20}".prop_map(Value::String),
        prop_oneof![
            Just("error_code"),
            Just("error_msg"),
            Just("code"),
            Just("message"),
            Just("APIGW.0301")
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("error_code".to_owned()),
                    Just("error_msg".to_owned()),
                    Just("errorCode".to_owned()),
                    Just("errorMsg".to_owned()),
                    Just("code".to_owned()),
                    Just("message".to_owned()),
                    Just("error".to_owned()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
