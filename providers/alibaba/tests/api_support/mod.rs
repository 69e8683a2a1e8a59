//! Shared harness of the `api_*` wire tests: a wiremock server on loopback, a client signing with a
//! test key, and checks of what the server received — the signature verified independently with
//! `cloudfn_alibaba::signer::verify` from the received method, path, headers and query.
#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    dead_code,
    unreachable_pub
)]

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use cloudfn_alibaba::api::FcClient;
use cloudfn_alibaba::auth::FcSigner;
use cloudfn_alibaba::credential::StaticCredentialProvider;
use cloudfn_alibaba::profile::FcProfile;
use cloudfn_alibaba::signer::{FcCredentials, Secret, header_pairs, verify};
use cloudfn_core::transport::{RetryPolicy, Transport, TransportConfig};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const KEY_ID: &str = "test-key-id";
pub const SECRET: &str = "test-secret";
pub const REQUEST_ID: &str = "rid-0001";

/// Hostile names: a space, `+`, `%` and unicode, and how they must appear on the wire.
pub const SVC: &str = "my svc+1%ü";
pub const SVC_WIRE: &str = "my%20svc+1%25%C3%BC";
pub const FUNC: &str = "fn ü+x";
pub const FUNC_WIRE: &str = "fn%20%C3%BC+x";

/// A retry policy fast enough for tests.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
        .with_jitter_seed(7)
}

/// The test transport configuration: fast retries, no proxy from the environment.
pub fn config() -> TransportConfig {
    TransportConfig::default()
        .with_retry(fast_retry())
        .with_request_timeout(Duration::from_secs(10))
        .without_env_proxy()
}

/// A transport with the FC profile and signer.
pub fn transport() -> Transport {
    transport_with(config())
}

/// A transport with the FC profile and signer and `config`.
pub fn transport_with(config: TransportConfig) -> Transport {
    let creds = FcCredentials::new(KEY_ID, SECRET);
    let signer = FcSigner::new(Arc::new(StaticCredentialProvider::new(creds)));
    Transport::new(config, Arc::new(FcProfile::new()), Arc::new(signer)).unwrap()
}

/// A client for `server`.
pub fn client(server: &MockServer) -> FcClient {
    FcClient::new(transport(), url::Url::parse(&server.uri()).unwrap())
}

/// Checks that `req` carries a valid FC signature for the test key, computed from what was received.
pub fn assert_signed(req: &Request) {
    let auth = req
        .headers
        .get("authorization")
        .expect("no Authorization header")
        .to_str()
        .unwrap();
    assert!(
        auth.starts_with(&format!("FC {KEY_ID}:")),
        "bad Authorization {auth}"
    );
    assert!(req.headers.contains_key("date"), "no Date header");
    assert!(
        verify(
            &Secret::new(SECRET),
            req.method.as_str(),
            req.url.path(),
            header_pairs(&req.headers),
            req.url.query(),
            auth,
        ),
        "signature does not verify for {} {}",
        req.method,
        req.url
    );
}

/// What one operation must put on the wire, and what the server answers.
#[derive(Debug, Clone)]
pub struct Case {
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    absent_headers: Vec<String>,
    json: Option<Value>,
    raw_body: Option<Vec<u8>>,
    status: u16,
    reply_body: Vec<u8>,
    reply_headers: Vec<(String, String)>,
    content_type: &'static str,
}

impl Case {
    /// Expects `method` on the raw wire `path` (`/2016-08-15/...`), answering `200 {}` with a request id.
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        Case {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            absent_headers: vec!["if-match".into()],
            json: None,
            raw_body: None,
            status: 200,
            reply_body: b"{}".to_vec(),
            reply_headers: vec![("x-fc-request-id".into(), REQUEST_ID.into())],
            content_type: "application/json",
        }
    }

    /// Expects exactly these decoded query pairs, in this order.
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        self.query = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        self
    }

    /// Expects this header value.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.absent_headers.retain(|h| h != name);
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Expects this header to be absent.
    pub fn no_header(mut self, name: &str) -> Self {
        self.absent_headers.push(name.to_owned());
        self
    }

    /// Expects this JSON body.
    pub fn json(mut self, body: Value) -> Self {
        self.json = Some(body);
        self
    }

    /// Expects this raw body and content type.
    pub fn raw_body(mut self, body: &[u8], content_type: &'static str) -> Self {
        self.raw_body = Some(body.to_vec());
        self.content_type = content_type;
        self
    }

    /// Answers with this status and body.
    pub fn reply(mut self, status: u16, body: impl AsRef<[u8]>) -> Self {
        self.status = status;
        self.reply_body = body.as_ref().to_vec();
        self
    }

    /// Adds a response header.
    pub fn reply_header(mut self, name: &str, value: &str) -> Self {
        self.reply_headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Runs `call` against a fresh server, checks the one request it received, returns the call's
    /// result.
    pub async fn run<T, F, Fut>(self, call: F) -> T
    where
        F: FnOnce(FcClient) -> Fut,
        Fut: Future<Output = T>,
    {
        let server = MockServer::start().await;
        let mut template =
            ResponseTemplate::new(self.status).set_body_bytes(self.reply_body.clone());
        for (k, v) in &self.reply_headers {
            template = template.insert_header(k.as_str(), v.as_str());
        }
        Mock::given(any())
            .respond_with(template)
            .mount(&server)
            .await;
        let out = call(client(&server)).await;
        let received = server.received_requests().await.unwrap();
        assert_eq!(received.len(), 1, "expected exactly one request");
        self.check(&received[0]);
        out
    }

    /// Checks one received request against the expectations.
    pub fn check(&self, req: &Request) {
        assert_eq!(req.method.as_str(), self.method, "method");
        assert_eq!(req.url.path(), self.path, "path");
        let query: Vec<(String, String)> = req
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        assert_eq!(query, self.query, "query of {}", req.url);
        for (k, v) in &self.headers {
            let got = req.headers.get(k.as_str()).map(|v| v.to_str().unwrap());
            assert_eq!(got, Some(v.as_str()), "header {k}");
        }
        for k in &self.absent_headers {
            assert!(
                !req.headers.contains_key(k.as_str()),
                "unexpected header {k}"
            );
        }
        let ct = req.headers.get("content-type").map(|v| v.to_str().unwrap());
        assert_eq!(ct, Some(self.content_type), "content-type");
        match (&self.json, &self.raw_body) {
            (Some(expected), _) => {
                let got: Value = serde_json::from_slice(&req.body).expect("body is not JSON");
                assert_eq!(&got, expected, "JSON body");
            }
            (None, Some(raw)) => assert_eq!(&req.body, raw, "raw body"),
            (None, None) => assert!(req.body.is_empty(), "unexpected body"),
        }
        assert_signed(req);
    }
}

/// Reads a fixture of `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A fixture parsed as JSON.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}
