//! Harness of the adapter tests: a [`FunctionGraph`] on a wiremock server, routes matched on the raw
//! (percent-encoded) path, and helpers to read what the adapter sent.

#![allow(dead_code, unreachable_pub, clippy::missing_panics_doc)]

use cloudfn_core::{ErrorKind, Result};
use cloudfn_huawei::FunctionGraph;
use serde_json::Value;
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

use crate::api_common::{PROJECT, client, verify_signature};

pub const REGION: &str = "cn-north-4";

/// The adapter on `server`.
pub fn provider(server: &MockServer) -> FunctionGraph {
    FunctionGraph::new(client(server), REGION)
}

/// The URN of `package`/`name` (with `qualifier`, the URN's last field) as one encoded path segment.
pub fn seg(package: &str, name: &str, qualifier: Option<&str>) -> String {
    let mut urn = format!("urn:fss:{REGION}:{PROJECT}:function:{package}:{name}");
    if let Some(q) = qualifier {
        urn.push(':');
        urn.push_str(q);
    }
    urn.replace(':', "%3A").replace('!', "%21")
}

/// The raw path of an operation: `/v2/{project}/fgs{rest}`.
pub fn full(rest: &str) -> String {
    format!("/v2/{PROJECT}/fgs{rest}")
}

/// Matches the raw path and, when set, the raw query.
struct Route {
    method: String,
    path: String,
    query: Option<String>,
}

impl Match for Route {
    fn matches(&self, req: &Request) -> bool {
        req.method.as_str() == self.method
            && req.url.path() == self.path
            && self
                .query
                .as_deref()
                .is_none_or(|q| req.url.query().unwrap_or("") == q)
    }
}

fn template(status: u16, body: &Value) -> ResponseTemplate {
    let t = ResponseTemplate::new(status).insert_header("X-Request-Id", "rid-test");
    if body.is_null() {
        t
    } else {
        t.set_body_raw(body.to_string().into_bytes(), "application/json")
    }
}

/// Answers `method rest` (any query) with `status` and `body` (`null`: no body).
pub async fn route(server: &MockServer, method: &str, rest: &str, status: u16, body: Value) {
    Mock::given(Route {
        method: method.to_owned(),
        path: full(rest),
        query: None,
    })
    .respond_with(template(status, &body))
    .mount(server)
    .await;
}

/// Answers `method rest?query` (the raw query exactly; `""` for none) with `status` and `body`.
pub async fn route_query(
    server: &MockServer,
    method: &str,
    rest: &str,
    query: &str,
    status: u16,
    body: Value,
) {
    Mock::given(Route {
        method: method.to_owned(),
        path: full(rest),
        query: Some(query.to_owned()),
    })
    .respond_with(template(status, &body))
    .mount(server)
    .await;
}

/// What the server received, each request's signature checked independently.
pub async fn sent(server: &MockServer) -> Vec<Request> {
    let reqs = server.received_requests().await.expect("recording on");
    for r in &reqs {
        if r.headers.get("authorization").is_some() {
            verify_signature(r);
        }
    }
    reqs
}

/// `METHOD raw-path[?raw-query]` of each request.
pub async fn lines(server: &MockServer) -> Vec<String> {
    sent(server)
        .await
        .iter()
        .map(|r| match r.url.query() {
            Some(q) => format!("{} {}?{q}", r.method, r.url.path()),
            None => format!("{} {}", r.method, r.url.path()),
        })
        .collect()
}

/// The JSON body of a request.
pub fn body(req: &Request) -> Value {
    serde_json::from_slice(&req.body).expect("JSON body")
}

/// Asserts `result` failed with `kind` naming `needle`, and that nothing reached the server.
pub async fn rejected<T: std::fmt::Debug>(
    server: &MockServer,
    result: Result<T>,
    kind: ErrorKind,
    needle: &str,
) {
    let err = result.expect_err("expected an error");
    assert_eq!(err.kind(), kind, "{err}");
    assert!(
        err.to_string().contains(needle),
        "`{err}` does not mention `{needle}`"
    );
    let reqs = server.received_requests().await.expect("recording on");
    assert!(
        reqs.is_empty(),
        "expected nothing sent, got {:?}",
        reqs.iter().map(|r| r.url.to_string()).collect::<Vec<_>>()
    );
}
