//! Shared pieces of the wire-level fault tests (`wire_faults_alibaba.rs`, `wire_faults_huawei.rs`): fast,
//! seeded retry policies, the two neutral adapters pointed at a test server, a raw TCP server that
//! misbehaves below HTTP (closes, cuts responses short), a closed port, and assertions on the
//! context every [`Error`] carries.
#![allow(dead_code, unreachable_pub)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cloudfn_core::transport::{RetryPolicy, TransportConfig};
use cloudfn_core::{Error, ErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The FC account the adapter builds ARNs with.
pub const FC_ACCOUNT: &str = "1234567890123456";
/// The FC region.
pub const FC_REGION: &str = "cn-hangzhou";
/// The FunctionGraph region.
pub const FG_REGION: &str = "cn-north-4";
/// The FunctionGraph project id.
pub const FG_PROJECT: &str = "0123456789abcdef0123456789abcdef";
/// A request timeout long enough for any healthy local answer, even on a loaded machine.
pub const GENEROUS: Duration = Duration::from_secs(10);

/// A reproducible policy with millisecond backoffs: `max_attempts` attempts, waits in 5–20 ms, a
/// 10 s budget, jitter seeded.
pub fn fast_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
        .with_budget(Duration::from_secs(10))
        .with_jitter_seed(0x00C0_FFEE)
}

fn transport(retry: RetryPolicy, request_timeout: Duration) -> TransportConfig {
    TransportConfig::default()
        .without_env_proxy()
        .with_connect_timeout(Duration::from_secs(5))
        .with_request_timeout(request_timeout)
        .with_retry(retry)
}

/// The FC adapter on `url` (static AK/SK, so a rejected signature is never re-sent).
pub fn fc(url: &str, retry: RetryPolicy, request_timeout: Duration) -> cloudfn_alibaba::AlibabaFc {
    cloudfn_alibaba::AlibabaFcBuilder::new()
        .with_transport_config(transport(retry.clone(), request_timeout))
        .with_endpoint(url)
        .with_allow_http(true)
        .with_account_id(FC_ACCOUNT)
        .with_region(FC_REGION)
        .with_credentials(cloudfn_alibaba::signer::FcCredentials::new(
            "test-ak",
            "test-secret",
        ))
        .with_retry(retry)
        .with_request_timeout(request_timeout)
        .build_provider()
        .expect("FC adapter")
}

fn fg_builder(
    url: &str,
    retry: RetryPolicy,
    request_timeout: Duration,
) -> cloudfn_huawei::FunctionGraphBuilder {
    cloudfn_huawei::FunctionGraphBuilder::new()
        .with_transport_config(transport(retry.clone(), request_timeout))
        .with_endpoint(url)
        .with_iam_endpoint(url)
        .with_allow_http(true)
        .with_region(FG_REGION)
        .with_project_id(FG_PROJECT)
        .with_retry(retry)
        .with_request_timeout(request_timeout)
}

/// The FunctionGraph adapter on `url`, signing with static AK/SK.
pub async fn fg_aksk(
    url: &str,
    retry: RetryPolicy,
    request_timeout: Duration,
) -> cloudfn_huawei::FunctionGraph {
    fg_builder(url, retry, request_timeout)
        .with_aksk(cloudfn_huawei::signer::AkSkCredentials::new(
            "test-ak",
            "test-secret",
        ))
        .build_provider()
        .await
        .expect("FunctionGraph adapter (AK/SK)")
}

/// The FunctionGraph adapter on `url` with IAM password tokens (IAM on the same server). The project id
/// is set, so building fetches no token: the first call does.
pub async fn fg_token(
    url: &str,
    retry: RetryPolicy,
    request_timeout: Duration,
) -> cloudfn_huawei::FunctionGraph {
    fg_builder(url, retry, request_timeout)
        .with_password_auth("alice", "S3cret-Pa55word", "acme")
        .build_provider()
        .await
        .expect("FunctionGraph adapter (IAM token)")
}

/// Every request the server received.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// How many requests the server received with this method and exactly this (raw) path.
pub async fn count(server: &MockServer, method: &str, path: &str) -> usize {
    received(server)
        .await
        .iter()
        .filter(|r| r.method.as_str() == method && r.url.path() == path)
        .count()
}

/// A request header as text.
pub fn header(req: &Request, name: &str) -> Option<String> {
    req.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// What an [`Error`] must say about where it came from.
#[derive(Debug, Clone, Copy)]
pub struct Expect<'a> {
    pub kind: ErrorKind,
    pub provider: &'a str,
    pub operation: &'a str,
    pub status: Option<u16>,
    pub code: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub attempts: Option<u32>,
}

impl<'a> Expect<'a> {
    /// An error of `kind` from `provider`'s `operation`, nothing else known.
    pub fn new(kind: ErrorKind, provider: &'a str, operation: &'a str) -> Self {
        Expect {
            kind,
            provider,
            operation,
            status: None,
            code: None,
            request_id: None,
            attempts: None,
        }
    }

    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn code(mut self, code: &'a str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn request_id(mut self, id: &'a str) -> Self {
        self.request_id = Some(id);
        self
    }

    pub fn attempts(mut self, attempts: u32) -> Self {
        self.attempts = Some(attempts);
        self
    }

    /// Checks every field of `err` against the expectation (absent fields must be absent).
    #[track_caller]
    pub fn check(&self, err: &Error) {
        assert_eq!(err.kind(), self.kind, "kind of {err}");
        assert_eq!(err.provider(), Some(self.provider), "provider of {err}");
        assert_eq!(err.operation(), Some(self.operation), "operation of {err}");
        assert_eq!(err.status(), self.status, "status of {err}");
        assert_eq!(err.code(), self.code, "code of {err}");
        assert_eq!(err.request_id(), self.request_id, "request id of {err}");
        assert_eq!(err.attempts(), self.attempts, "attempts of {err}");
    }
}

/// Asserts that `haystack` contains `needle`, ignoring ASCII case.
#[track_caller]
pub fn assert_mentions(haystack: &str, needle: &str) {
    assert!(
        haystack
            .to_ascii_lowercase()
            .contains(&needle.to_ascii_lowercase()),
        "expected {needle:?} in {haystack:?}"
    );
}

// ------------------------------------------------------------------------------- raw TCP misbehaviour

/// How the [`RawServer`] treats each connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misbehaviour {
    /// Accept, then close at once without reading anything.
    CloseOnAccept,
    /// Read the whole request, then close without answering.
    CloseAfterRequest,
    /// Read the whole request, answer `200` announcing a 1000-byte JSON body, send 16 bytes of it, close.
    TruncateResponse,
}

/// A loopback TCP server that accepts connections and misbehaves on every one of them, counting
/// connections and the requests it read in full.
pub struct RawServer {
    url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Starts the server on an ephemeral loopback port.
    pub async fn start(misbehaviour: Misbehaviour) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let (c, r) = (connections.clone(), requests.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                c.fetch_add(1, Ordering::SeqCst);
                let r = r.clone();
                tokio::spawn(async move { misbehave(stream, misbehaviour, &r).await });
            }
        });
        RawServer {
            url,
            connections,
            requests,
            task,
        }
    }

    /// `http://127.0.0.1:{port}`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Requests read in full so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn misbehave(mut stream: TcpStream, misbehaviour: Misbehaviour, requests: &AtomicUsize) {
    if misbehaviour == Misbehaviour::CloseOnAccept {
        drop(stream);
        return;
    }
    if read_request(&mut stream).await.is_none() {
        return;
    }
    requests.fetch_add(1, Ordering::SeqCst);
    if misbehaviour == Misbehaviour::TruncateResponse {
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(br#"{"functionName":"#).await;
        let _ = stream.flush().await;
    }
    let _ = stream.shutdown().await;
}

/// Reads one HTTP/1.1 request (head and `content-length` body); `None` when the peer went away first.
async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0_u8; 4096];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(buf)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `http://127.0.0.1:{port}` of a port nothing listens on (bound, then released): connecting is
/// refused, so no request can have reached a server.
pub async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}")
}

/// Answers `verb route` with `first` for the first `times` requests, then with `then`.
pub async fn first_then(
    server: &MockServer,
    verb: &str,
    route: &str,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(wiremock::matchers::method(verb))
        .and(wiremock::matchers::path(route))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(wiremock::matchers::method(verb))
        .and(wiremock::matchers::path(route))
        .respond_with(then)
        .with_priority(2)
        .mount(server)
        .await;
}

/// Answers `verb route` with `response`, always.
pub async fn always(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
    Mock::given(wiremock::matchers::method(verb))
        .and(wiremock::matchers::path(route))
        .respond_with(response)
        .mount(server)
        .await;
}
