//! Harness of the adapter tests: an `AlibabaFc` against a wiremock server answering FC routes, and
//! checks of what the server received (every request's signature is verified independently).
#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    dead_code,
    unreachable_pub
)]

use cloudfn_alibaba::AlibabaFc;
use cloudfn_core::{Error, ErrorKind};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

use crate::api_support::{REQUEST_ID, assert_signed, client};

pub const P: &str = "/2016-08-15";
pub const ACCOUNT: &str = "1234";
pub const REGION: &str = "cn-hangzhou";

/// A fresh server and an adapter sending to it.
pub async fn setup() -> (MockServer, AlibabaFc) {
    let server = MockServer::start().await;
    let fc = AlibabaFc::new(client(&server), ACCOUNT, REGION);
    (server, fc)
}

/// A mock for `verb` on `/2016-08-15{route}`.
pub fn on(verb: &str, route: &str) -> MockBuilder {
    Mock::given(method(verb)).and(path(format!("{P}{route}")))
}

/// A JSON answer with a request id.
pub fn json(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(body)
        .insert_header("x-fc-request-id", REQUEST_ID)
}

/// A JSON answer with an `ETag`.
pub fn json_etag(status: u16, body: &Value, etag: &str) -> ResponseTemplate {
    json(status, body).insert_header("etag", etag)
}

/// An empty answer (deletes).
pub fn empty(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("x-fc-request-id", REQUEST_ID)
}

/// An FC error answer.
pub fn fc_error(status: u16, code: &str) -> ResponseTemplate {
    json(
        status,
        &serde_json::json!({"ErrorCode": code, "ErrorMessage": format!("{code} (test)")}),
    )
}

/// Every request received, each checked for a valid signature (unsigned code downloads excepted).
pub async fn received(server: &MockServer) -> Vec<Request> {
    let reqs = server.received_requests().await.unwrap();
    for r in &reqs {
        if r.url.path().starts_with(P) {
            assert_signed(r);
        }
    }
    reqs
}

/// `METHOD /path` of each request (the path as received, percent-encoded), for order checks.
pub async fn lines(server: &MockServer) -> Vec<String> {
    received(server)
        .await
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

/// The one request with this method and path.
pub async fn request(server: &MockServer, verb: &str, route: &str) -> Request {
    let full = format!("{P}{route}");
    let matching: Vec<Request> = received(server)
        .await
        .into_iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == full)
        .collect();
    assert_eq!(matching.len(), 1, "requests {verb} {full}");
    matching.into_iter().next().unwrap()
}

/// The JSON body of a request.
pub fn body(r: &Request) -> Value {
    serde_json::from_slice(&r.body).expect("body is not JSON")
}

/// The decoded query pairs of a request, in order.
pub fn query(r: &Request) -> Vec<(String, String)> {
    r.url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// A header value.
pub fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers.get(name).map(|v| v.to_str().unwrap())
}

/// Asserts an error's kind and that its message starts with `field` (the rule follows).
pub fn assert_invalid<T: std::fmt::Debug>(result: cloudfn_core::Result<T>, field: &str) -> Error {
    let err = result.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    assert!(
        err.message().starts_with(field),
        "message should name `{field}`: {err}"
    );
    assert_eq!(err.provider(), Some("alibaba-fc"), "{err}");
    assert!(err.operation().is_some(), "{err}");
    err
}

/// Asserts the server received nothing.
pub async fn assert_nothing_sent(server: &MockServer) {
    let reqs = server.received_requests().await.unwrap();
    assert!(
        reqs.is_empty(),
        "expected nothing sent, got {:?}",
        reqs.iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect::<Vec<_>>()
    );
}

/// A realistic function object (alibaba-fc.md §6.2).
pub fn function_json(name: &str) -> Value {
    serde_json::json!({
        "functionId": "2d28e0e9-9ba5-4eed-8b1a-d3d9cd24e737",
        "functionName": name,
        "description": "hello",
        "runtime": "python3",
        "handler": "index.handler",
        "timeout": 60,
        "initializer": "index.init",
        "initializationTimeout": 3,
        "memorySize": 512,
        "codeSize": 1024,
        "codeChecksum": "5434025278388143772",
        "environmentVariables": {"STAGE": "prod"},
        "instanceConcurrency": 1,
        "createdTime": "2016-08-15T15:00:00.000+0000",
        "lastModifiedTime": "2016-08-15T17:00:00.000+0000"
    })
}
