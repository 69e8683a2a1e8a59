//! Shared harness of the `api_*` tests: a wiremock server, a client signing with AK/SK, and an
//! independent check of what the server received (method, raw path and query, headers, body, and the
//! `Authorization` recomputed from the received request alone).

#![allow(dead_code, unreachable_pub, clippy::missing_panics_doc)]

use std::sync::Arc;
use std::time::Duration;

use cloudfn_core::transport::{RequestSigner, RetryPolicy, Transport, TransportConfig};
use cloudfn_core::{Error, ErrorKind};
use cloudfn_huawei::FgProfile;
use cloudfn_huawei::FunctionGraphClient;
use cloudfn_huawei::auth::AkSkSigner;
use cloudfn_huawei::credential::StaticCredentialProvider;
use cloudfn_huawei::signer::{AkSkCredentials, SignableRequest, sign};
use cloudfn_huawei::urn::FunctionUrn;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const AK: &str = "AKTEST123";
pub const SK: &str = "sk-very-secret";
pub const PROJECT: &str = "proj123";

pub fn credentials() -> AkSkCredentials {
    AkSkCredentials::new(AK, SK).with_project_id(PROJECT)
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
        .with_jitter_seed(7)
}

pub fn client_with_signer(
    server: &MockServer,
    signer: Arc<dyn RequestSigner>,
) -> FunctionGraphClient {
    let transport = Transport::new(
        TransportConfig::default()
            .without_env_proxy()
            .with_retry(fast_retry())
            .with_request_timeout(Duration::from_secs(10)),
        Arc::new(FgProfile::new()),
        signer,
    )
    .expect("transport");
    let endpoint = url::Url::parse(&server.uri()).expect("endpoint");
    FunctionGraphClient::new(transport, endpoint, PROJECT)
}

pub fn client(server: &MockServer) -> FunctionGraphClient {
    let signer = AkSkSigner::new(Arc::new(StaticCredentialProvider::new(credentials())));
    client_with_signer(server, Arc::new(signer))
}

/// A fresh server answering every request with `status` and `body` (JSON text, or raw when not JSON).
pub async fn serve(server: &MockServer, status: u16, body: &str) {
    server.reset().await;
    let mut template = ResponseTemplate::new(status).insert_header("X-Request-Id", "rid-test");
    if !body.is_empty() {
        template = template.set_body_raw(body.as_bytes().to_vec(), "application/json");
    }
    Mock::given(any())
        .respond_with(template)
        .mount(server)
        .await;
}

/// The URN most tests use: full form, `latest` qualifier.
pub fn urn() -> FunctionUrn {
    "urn:fss:cn-north-4:proj123:function:default:my-fn:latest"
        .parse()
        .expect("urn")
}

pub const URN_SEG: &str = "urn%3Afss%3Acn-north-4%3Aproj123%3Afunction%3Adefault%3Amy-fn%3Alatest";

/// A URN with a hostile name and an alias qualifier.
pub fn hostile_urn() -> FunctionUrn {
    "urn:fss:cn-north-4:proj123:function:my app:fn ü/~*!:!prod"
        .parse()
        .expect("hostile urn")
}

pub const HOSTILE_SEG: &str =
    "urn%3Afss%3Acn-north-4%3Aproj123%3Afunction%3Amy%20app%3Afn%20%C3%BC%2F~%2A%21%3A%21prod";

/// What one request must look like.
#[derive(Debug, Clone)]
pub struct Expect {
    pub method: &'static str,
    /// After `/v2/{project}/fgs`, raw (percent-escapes as on the wire).
    pub path: String,
    /// The raw query as received, or `None` for none.
    pub query: Option<String>,
    /// The JSON body, or `None` for an empty body.
    pub body: Option<Value>,
}

impl Expect {
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        Expect {
            method,
            path: path.into(),
            query: None,
            body: None,
        }
    }

    pub fn query(mut self, q: &str) -> Self {
        self.query = Some(q.to_owned());
        self
    }

    pub fn body(mut self, b: Value) -> Self {
        self.body = Some(b);
        self
    }
}

/// The requests the server received.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording on")
}

/// Checks the single request the server received against `e`, including the signature.
pub async fn check(server: &MockServer, e: &Expect) -> Request {
    let reqs = received(server).await;
    assert_eq!(
        reqs.len(),
        1,
        "expected one request for {e:?}, got {}",
        reqs.len()
    );
    let req = reqs.into_iter().next().expect("one request");
    check_request(&req, e);
    verify_signature(&req);
    req
}

pub fn check_request(req: &Request, e: &Expect) {
    assert_eq!(req.method.as_str(), e.method, "method of {e:?}");
    assert_eq!(
        req.url.path(),
        format!("/v2/{PROJECT}/fgs{}", e.path),
        "raw path of {e:?}"
    );
    assert_eq!(req.url.query(), e.query.as_deref(), "raw query of {e:?}");
    assert_eq!(
        header(req, "content-type").as_deref(),
        Some("application/json"),
        "content-type of {e:?}"
    );
    assert_eq!(header(req, "x-project-id").as_deref(), Some(PROJECT));
    match &e.body {
        None => assert!(
            req.body.is_empty(),
            "body of {e:?}: {:?}",
            String::from_utf8_lossy(&req.body)
        ),
        Some(want) => {
            let got: Value = serde_json::from_slice(&req.body).expect("JSON body");
            assert_eq!(&got, want, "body of {e:?}");
        }
    }
}

pub fn header(req: &Request, name: &str) -> Option<String> {
    req.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Recomputes the `Authorization` from the received request only: the raw path, the raw query, the
/// headers the Authorization names as signed, and the body.
pub fn verify_signature(req: &Request) {
    let auth = header(req, "authorization").expect("Authorization header");
    let signed = auth
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .expect("SignedHeaders")
        .to_owned();
    assert!(
        auth.starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, ")),
        "{auth}"
    );
    let mut signable = SignableRequest::new(req.method.as_str(), req.url.path(), &req.body)
        .with_raw_query(req.url.query().unwrap_or(""));
    for name in signed.split(';') {
        let value =
            header(req, name).unwrap_or_else(|| panic!("signed header {name} not received"));
        signable = signable.with_header(name, &value);
    }
    for must in ["host", "x-sdk-date", "content-type", "x-project-id"] {
        assert!(
            signed.split(';').any(|h| h == must),
            "{must} not signed: {signed}"
        );
    }
    let expected = sign(&credentials(), &signable).expect("sign");
    assert_eq!(auth, expected, "signature of {} {}", req.method, req.url);
}

/// Checks an error's kind, code, message and request id.
pub fn check_error(err: &Error, kind: ErrorKind, code: &str, message: &str) {
    assert_eq!(err.kind(), kind, "{err}");
    assert_eq!(err.code(), Some(code), "{err}");
    assert!(err.message().contains(message), "{err}");
    assert_eq!(err.request_id(), Some("rid-test"), "{err}");
    assert_eq!(err.provider(), Some("huawei-functiongraph"), "{err}");
    assert!(err.operation().is_some(), "{err}");
}
