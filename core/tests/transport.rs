//! Wire tests of the shared transport against wiremock (and raw sockets where wiremock cannot misbehave
//! enough), all on loopback.
#![cfg(feature = "transport")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::{self, Write as _};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use cloudfn_core::transport::{
    GenericProfile, HttpRequest, NoSigner, RequestSigner, RetryPolicy, Transport, TransportConfig,
    format_http_date,
};
use cloudfn_core::{ErrorKind, Result};
use http::HeaderMap;
use http::header::{AUTHORIZATION, HeaderName, HeaderValue};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers::any};

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

/// Answers with `responses` in order (repeating the last one) and records when each request arrived and
/// with which headers.
#[derive(Clone)]
struct Script {
    responses: Arc<Vec<ResponseTemplate>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

#[derive(Clone)]
struct Seen {
    at: Instant,
    headers: HeaderMap,
}

impl Seen {
    fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }
}

impl Script {
    fn new(responses: Vec<ResponseTemplate>) -> Self {
        Script {
            responses: Arc::new(responses),
            seen: Arc::new(Mutex::new(Vec::new())),
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

impl Respond for Script {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut seen = self.seen.lock().unwrap();
        let index = seen.len().min(self.responses.len() - 1);
        seen.push(Seen {
            at: Instant::now(),
            headers: request.headers.clone(),
        });
        self.responses[index].clone()
    }
}

async fn serve(responses: Vec<ResponseTemplate>) -> (MockServer, Script) {
    let server = MockServer::start().await;
    let script = Script::new(responses);
    Mock::given(any())
        .respond_with(script.clone())
        .mount(&server)
        .await;
    (server, script)
}

fn profile() -> GenericProfile {
    GenericProfile::new("test-cloud")
        .with_request_id_header("x-fc-request-id")
        .with_request_id_header("x-request-id")
        .with_clock_skew_code("RequestTimeTooSkewed")
}

/// Quick retries: waits of 10-50 ms, 4 attempts, a 10 s budget, fixed jitter.
fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(50))
        .with_budget(Duration::from_secs(10))
        .with_jitter_seed(7)
}

fn config() -> TransportConfig {
    TransportConfig::default()
        .without_env_proxy()
        .with_request_timeout(Duration::from_secs(5))
        .with_retry(fast_retry())
}

fn transport(config: TransportConfig) -> Transport {
    Transport::new(config, Arc::new(profile()), Arc::new(NoSigner)).unwrap()
}

fn signed_transport(config: TransportConfig, signer: Arc<CountingSigner>) -> Transport {
    Transport::new(config, Arc::new(profile()), signer).unwrap()
}

fn url(base: &str, path: &str) -> Url {
    Url::parse(&format!("{base}{path}")).unwrap()
}

fn ok_json() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({ "ok": true }))
}

const SECRET: &str = "SECRETSIGNATURE";

/// Signs each attempt with a counter, the time it was given, and an `Authorization` holding a secret.
#[derive(Default)]
struct CountingSigner {
    calls: AtomicU32,
}

impl fmt::Debug for CountingSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CountingSigner").finish_non_exhaustive()
    }
}

#[async_trait]
impl RequestSigner for CountingSigner {
    async fn sign(&self, req: &mut HttpRequest, now: DateTime<Utc>) -> Result<()> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let h = req.headers_mut();
        h.insert("x-test-attempt", HeaderValue::from(n));
        h.insert(
            "x-test-now",
            HeaderValue::from_str(&now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                .unwrap(),
        );
        h.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("TEST key:{SECRET}-{n}")).unwrap(),
        );
        Ok(())
    }
}

fn signed_at(seen: &Seen) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&seen.header("x-test-now"))
        .unwrap()
        .with_timezone(&Utc)
}

/// What a raw TCP server does after reading a request.
#[derive(Clone, Copy)]
enum Raw {
    /// Closes the connection without answering.
    Close,
    /// Sends headers announcing 100 bytes, then 11 bytes, then closes.
    PartialBody,
    /// Streams a chunked body of `n` KiB.
    Chunked(usize),
}

/// A server that misbehaves as `raw`; returns its address and the number of connections it accepted.
async fn raw_server(raw: Raw) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                read_request(&mut sock).await;
                match raw {
                    Raw::Close => {}
                    Raw::PartialBody => {
                        let _ = sock
                            .write_all(
                                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"partial\":",
                            )
                            .await;
                        let _ = sock.flush().await;
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    Raw::Chunked(kib) => {
                        let head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
                        if sock.write_all(head).await.is_err() {
                            return;
                        }
                        let mut chunk = b"400\r\n".to_vec();
                        chunk.extend(std::iter::repeat_n(b'a', 1024));
                        chunk.extend_from_slice(b"\r\n");
                        for _ in 0..kib {
                            if sock.write_all(&chunk).await.is_err() {
                                return;
                            }
                        }
                        let _ = sock.write_all(b"0\r\n\r\n").await;
                    }
                }
                let _ = sock.shutdown().await;
            });
        }
    });
    (addr, accepted)
}

/// Reads one request head and its `content-length` body.
async fn read_request(sock: &mut TcpStream) {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    let deadline = tokio::time::sleep(Duration::from_secs(5));
    tokio::pin!(deadline);
    loop {
        let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n");
        if let Some(end) = head_end {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                return;
            }
        }
        tokio::select! {
            () = &mut deadline => return,
            n = sock.read(&mut tmp) => match n {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&tmp[..n]),
            },
        }
    }
}

/// A port nothing listens on.
async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    addr
}

// ---------------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn recovers_from_503_with_two_attempts() {
    let (server, script) = serve(vec![ResponseTemplate::new(503), ok_json()]).await;
    let t = transport(config());
    let resp = t
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.attempts(), 2);
    assert_eq!(script.count(), 2);
    let v: serde_json::Value = resp.json().unwrap();
    assert_eq!(v["ok"], true);
}

#[tokio::test]
async fn retry_after_seconds_is_the_minimum_wait() {
    let (server, script) = serve(vec![
        ResponseTemplate::new(503).insert_header("retry-after", "1"),
        ok_json(),
    ])
    .await;
    let resp = transport(config())
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap();
    assert_eq!(resp.attempts(), 2);
    let seen = script.seen();
    let gap = seen[1].at - seen[0].at;
    // The backoff alone would wait at most 50 ms.
    assert!(gap >= Duration::from_secs(1), "{gap:?}");
    assert!(gap < Duration::from_secs(5), "{gap:?}");
}

#[tokio::test]
async fn retry_after_http_date_is_the_minimum_wait() {
    // A date 2 s ahead (second resolution): the wait is between 1 and 2 s.
    let when = format_http_date(Utc::now() + TimeDelta::seconds(2));
    let (server, script) = serve(vec![
        ResponseTemplate::new(429).insert_header("retry-after", when.as_str()),
        ok_json(),
    ])
    .await;
    let resp = transport(config())
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap();
    assert_eq!(resp.attempts(), 2);
    let seen = script.seen();
    let gap = seen[1].at - seen[0].at;
    assert!(gap >= Duration::from_millis(900), "{gap:?}");
    assert!(gap < Duration::from_secs(5), "{gap:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_budget_stops_at_once() {
    let (server, script) = serve(vec![
        ResponseTemplate::new(503).insert_header("retry-after", "120"),
        ok_json(),
    ])
    .await;
    let started = Instant::now();
    let err = transport(config())
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn exhausted_attempts_report_the_count_and_the_last_status() {
    let (server, script) = serve(vec![
        ResponseTemplate::new(500),
        ResponseTemplate::new(502),
        ResponseTemplate::new(503).insert_header("x-request-id", "last-one"),
    ])
    .await;
    let t = transport(config().with_retry(fast_retry().with_max_attempts(3)));
    let err = t
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(err.attempts(), Some(3));
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.request_id(), Some("last-one"));
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
    assert_eq!(script.count(), 3);
}

#[tokio::test]
async fn exhausted_time_budget_stops_retrying() {
    let (server, script) = serve(vec![ResponseTemplate::new(503)]).await;
    let policy = RetryPolicy::default()
        .with_max_attempts(50)
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_millis(100))
        .with_budget(Duration::from_millis(500))
        .with_jitter_seed(1);
    let started = Instant::now();
    let err = transport(config().with_retry(policy))
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    let attempts = err.attempts().unwrap();
    assert!((2..=6).contains(&attempts), "{attempts}");
    assert_eq!(attempts as usize, script.count());
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let (server, script) = serve(vec![ResponseTemplate::new(404), ok_json()]).await;
    let err = transport(config())
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn a_server_error_the_profile_calls_permanent_is_not_retried() {
    // 501 maps to Unsupported: repeating cannot help.
    let (server, script) = serve(vec![ResponseTemplate::new(501), ok_json()]).await;
    let err = transport(config())
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert_eq!(script.count(), 1);
}

// ---------------------------------------------------------------------------------------------------
// Non-idempotent requests
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn post_is_not_repeated_after_a_5xx() {
    let (server, script) = serve(vec![ResponseTemplate::new(500), ok_json()]).await;
    let err = transport(config())
        .send(HttpRequest::post(url(&server.uri(), "/f"), "CreateFunction").with_body("{}"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn post_that_opted_in_is_repeated_after_a_5xx() {
    let (server, script) = serve(vec![ResponseTemplate::new(503), ok_json()]).await;
    let resp = transport(config())
        .send(
            HttpRequest::post(url(&server.uri(), "/f"), "CreateFunction")
                .with_body("{}")
                .allow_retry(),
        )
        .await
        .unwrap();
    assert_eq!(resp.attempts(), 2);
    assert_eq!(script.count(), 2);
}

#[tokio::test]
async fn post_is_repeated_after_429() {
    let (server, script) = serve(vec![
        ResponseTemplate::new(429),
        ResponseTemplate::new(201).set_body_json(serde_json::json!({ "created": true })),
    ])
    .await;
    let resp = transport(config())
        .send(HttpRequest::post(url(&server.uri(), "/f"), "CreateFunction").with_body("{}"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    assert_eq!(resp.attempts(), 2);
    assert_eq!(script.count(), 2);
}

#[tokio::test]
async fn timeout_is_timeout_and_post_is_not_repeated_after_it() {
    let (server, script) = serve(vec![ok_json().set_delay(Duration::from_secs(3))]).await;
    let t = transport(config().with_request_timeout(Duration::from_millis(200)));
    let err = t
        .send(HttpRequest::post(url(&server.uri(), "/invoke"), "InvokeFunction").with_body("{}"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(err.provider(), Some("test-cloud"));
    assert_eq!(err.operation(), Some("InvokeFunction"));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn get_is_repeated_after_a_timeout() {
    let (server, script) =
        serve(vec![ok_json().set_delay(Duration::from_secs(3)), ok_json()]).await;
    let t = transport(config().with_request_timeout(Duration::from_millis(200)));
    let resp = t
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap();
    assert_eq!(resp.attempts(), 2);
    assert_eq!(script.count(), 2);
}

#[tokio::test]
async fn post_is_not_repeated_after_the_connection_drops_mid_response() {
    let (addr, accepted) = raw_server(Raw::PartialBody).await;
    let err = transport(config())
        .send(
            HttpRequest::post(url(&format!("http://{addr}"), "/invoke"), "InvokeFunction")
                .with_body("{\"x\":1}"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(err.status(), Some(200));
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(err.attempts(), Some(1));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn post_is_not_repeated_after_the_connection_closes_without_a_response() {
    let (addr, accepted) = raw_server(Raw::Close).await;
    let err = transport(config())
        .send(
            HttpRequest::post(url(&format!("http://{addr}"), "/f"), "CreateFunction")
                .with_body("{}"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(err.attempts(), Some(1));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn get_is_repeated_after_the_connection_drops_mid_response() {
    let (addr, accepted) = raw_server(Raw::PartialBody).await;
    let err = transport(config())
        .send(HttpRequest::get(
            url(&format!("http://{addr}"), "/x"),
            "GetX",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.attempts(), Some(4));
    assert_eq!(accepted.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn connection_refused_is_transport_and_retried_even_for_post() {
    let addr = closed_port().await;
    let t = transport(config().with_retry(fast_retry().with_max_attempts(3)));
    let err = t
        .send(
            HttpRequest::post(url(&format!("http://{addr}"), "/f"), "CreateFunction")
                .with_body("{}"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(err.attempts(), Some(3));
    assert_eq!(err.status(), None);
    assert!(std::error::Error::source(&err).is_some());
    assert!(err.to_string().contains("could not connect"), "{err}");
}

// ---------------------------------------------------------------------------------------------------
// Signing and clock skew
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_attempt_is_signed_afresh() {
    let (server, script) = serve(vec![ResponseTemplate::new(503), ok_json()]).await;
    let signer = Arc::new(CountingSigner::default());
    let t = signed_transport(config(), signer.clone());
    let resp = t
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap();
    assert_eq!(resp.attempts(), 2);
    let seen = script.seen();
    assert_eq!(seen[0].header("x-test-attempt"), "1");
    assert_eq!(seen[1].header("x-test-attempt"), "2");
    assert_ne!(
        seen[0].header("authorization"),
        seen[1].header("authorization")
    );
    // Each attempt signs a fresh copy of the described request: nothing accumulates.
    assert_eq!(seen[1].headers.get_all("authorization").iter().count(), 1);
    // The second attempt was dated after the backoff, not with the first attempt's time.
    assert!(signed_at(&seen[1]) > signed_at(&seen[0]));
    assert_eq!(signer.calls.load(Ordering::SeqCst), 2);
}

fn skew_response(server_time: DateTime<Utc>) -> ResponseTemplate {
    ResponseTemplate::new(403)
        .insert_header("date", format_http_date(server_time).as_str())
        .insert_header("x-fc-request-id", "skew-1")
        .set_body_json(serde_json::json!({
            "ErrorCode": "RequestTimeTooSkewed",
            "ErrorMessage": "the difference between the request time and the current time is too large",
        }))
}

#[tokio::test]
async fn clock_skew_corrects_the_clock_and_resends_once() {
    let server_time = Utc::now() + TimeDelta::hours(1);
    let (server, script) = serve(vec![skew_response(server_time), ok_json()]).await;
    let signer = Arc::new(CountingSigner::default());
    // No retries at all, and a non-idempotent request: the skew re-send happens anyway.
    let t = signed_transport(config().with_retry(RetryPolicy::none()), signer);
    let resp = t
        .send(HttpRequest::post(url(&server.uri(), "/invoke"), "InvokeFunction").with_body("{}"))
        .await
        .unwrap();
    assert_eq!(resp.attempts(), 2);

    let offset = t.clock_offset();
    assert!(
        (offset - TimeDelta::hours(1)).abs() < TimeDelta::seconds(5),
        "offset {offset}"
    );
    let seen = script.seen();
    assert_eq!(seen.len(), 2);
    let first = signed_at(&seen[0]) - Utc::now();
    let second = signed_at(&seen[1]) - Utc::now();
    assert!(
        first.abs() < TimeDelta::seconds(5),
        "first signed {first} from now"
    );
    assert!(
        (second - TimeDelta::hours(1)).abs() < TimeDelta::seconds(5),
        "second signed {second} from now"
    );

    // The offset is kept for later requests: the next call is signed with the server's clock at once.
    let resp = t
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap();
    assert_eq!(resp.attempts(), 1);
    let third = signed_at(&script.seen()[2]) - Utc::now();
    assert!(
        (third - TimeDelta::hours(1)).abs() < TimeDelta::seconds(5),
        "{third}"
    );
    // Clones share the clock.
    assert_eq!(t.clone().clock_offset(), t.clock_offset());
}

#[tokio::test]
async fn clock_skew_is_corrected_only_once_per_call() {
    let (server, script) = serve(vec![skew_response(Utc::now() - TimeDelta::hours(2))]).await;
    let t = transport(config());
    let err = t
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("RequestTimeTooSkewed"));
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(err.request_id(), Some("skew-1"));
    assert_eq!(err.attempts(), Some(2));
    assert_eq!(script.count(), 2);
    assert!((t.clock_offset() + TimeDelta::hours(2)).abs() < TimeDelta::seconds(5));
}

#[tokio::test]
async fn a_403_that_is_not_skew_is_not_resent() {
    let (server, script) = serve(vec![
        ResponseTemplate::new(403).set_body_json(
            serde_json::json!({ "ErrorCode": "AccessDenied", "ErrorMessage": "no" }),
        ),
        ok_json(),
    ])
    .await;
    let t = transport(config());
    let err = t
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AccessDenied"));
    assert_eq!(script.count(), 1);
    assert_eq!(t.clock_offset(), TimeDelta::zero());
}

// ---------------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn malformed_json_is_decode_with_a_snippet() {
    let (server, _) = serve(vec![
        ResponseTemplate::new(200)
            .insert_header("x-fc-request-id", "rid-html")
            .set_body_string("<html>gateway says hi</html>"),
    ])
    .await;
    let err = transport(config())
        .send_json::<serde_json::Value>(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(
        err.message().contains("<html>gateway says hi</html>"),
        "{err}"
    );
    assert!(err.message().contains("expected value"), "{err}");
    assert_eq!(err.request_id(), Some("rid-html"));
    assert_eq!(err.operation(), Some("GetX"));
}

#[tokio::test]
async fn truncated_json_is_decode_with_a_snippet() {
    let (server, _) =
        serve(vec![ResponseTemplate::new(200).set_body_raw(
            r#"{"functionName":"f","memorySize":"#,
            "application/json",
        )])
        .await;
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct F {
        #[serde(rename = "functionName")]
        function_name: String,
    }
    let err = transport(config())
        .send_json::<F>(HttpRequest::get(url(&server.uri(), "/x"), "GetFunction"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(
        err.message()
            .contains(r#"{"functionName":"f","memorySize":"#),
        "{err}"
    );
    assert!(err.message().contains("EOF"), "{err}");
}

#[tokio::test]
async fn long_garbage_is_quoted_briefly() {
    let body = "é".repeat(10_000);
    let (server, _) = serve(vec![ResponseTemplate::new(200).set_body_string(body)]).await;
    let err = transport(config())
        .send_json::<serde_json::Value>(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(
        err.message().chars().count() < 400,
        "{}",
        err.message().len()
    );
}

#[tokio::test]
async fn a_body_over_the_cap_is_payload_too_large() {
    let (server, script) = serve(vec![
        ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 4096]),
    ])
    .await;
    let t = transport(config().with_max_response_bytes(1024));
    let err = t
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PayloadTooLarge);
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn a_body_at_the_cap_is_accepted() {
    let (server, _) = serve(vec![
        ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 1024]),
    ])
    .await;
    let resp = transport(config().with_max_response_bytes(1024))
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap();
    assert_eq!(resp.body().len(), 1024);
}

#[tokio::test]
async fn a_chunked_body_is_cut_off_at_the_cap() {
    // 64 MiB offered without a content-length: reading stops at the 8 KiB cap.
    let (addr, _) = raw_server(Raw::Chunked(64 * 1024)).await;
    let started = Instant::now();
    let err = transport(config().with_max_response_bytes(8 * 1024))
        .send(HttpRequest::get(
            url(&format!("http://{addr}"), "/x"),
            "GetX",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PayloadTooLarge, "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_large_error_body_is_truncated_not_fatal() {
    let mut body = br#"{"ErrorCode":"Big","ErrorMessage":"big"}"#.to_vec();
    body.extend(std::iter::repeat_n(b' ', 4096));
    let (server, _) = serve(vec![ResponseTemplate::new(400).set_body_bytes(body)]).await;
    let err = transport(config().with_max_response_bytes(1024))
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(err.status(), Some(400));
}

// ---------------------------------------------------------------------------------------------------
// Context: request ids, user agent
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn request_id_is_captured_on_success_and_on_error() {
    let (server, _) = serve(vec![
        ok_json().insert_header("x-fc-request-id", "rid-ok"),
        ResponseTemplate::new(404)
            .insert_header("x-request-id", "rid-err")
            .set_body_json(serde_json::json!({
                "error_code": "FSS.1051",
                "error_msg": "function not found",
            })),
    ])
    .await;
    let t = transport(config());
    let resp = t
        .send(HttpRequest::get(url(&server.uri(), "/f"), "GetFunction"))
        .await
        .unwrap();
    assert_eq!(resp.request_id(), Some("rid-ok"));
    let err = t
        .send(HttpRequest::get(url(&server.uri(), "/f"), "GetFunction"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.request_id(), Some("rid-err"));
    assert_eq!(err.provider(), Some("test-cloud"));
    assert_eq!(err.operation(), Some("GetFunction"));
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("FSS.1051"));
    assert_eq!(err.message(), "function not found");
    assert_eq!(err.attempts(), Some(1));
}

#[tokio::test]
async fn sent_headers_name_cloudfn_and_carry_the_body() {
    let (server, script) = serve(vec![ok_json()]).await;
    let t = transport(config().with_user_agent_suffix("tests/1"));
    t.send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap();
    t.send(
        HttpRequest::post(url(&server.uri(), "/x"), "CreateX")
            .with_json(&serde_json::json!({ "a": 1 }))
            .unwrap(),
    )
    .await
    .unwrap();
    let seen = script.seen();
    let ua = seen[0].header("user-agent");
    assert!(ua.starts_with("cloudfn/"), "{ua}");
    assert!(ua.ends_with(" tests/1"), "{ua}");
    // An empty GET announces no body; the POST sends its JSON.
    assert_eq!(seen[0].header("content-length"), "");
    assert_eq!(seen[1].header("content-length"), "7");
    assert_eq!(seen[1].header("content-type"), "application/json");
}

// ---------------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------------

/// A tracing subscriber that writes every span field and event field to a string.
struct Capture {
    out: Arc<Mutex<String>>,
    next_id: AtomicU64,
}

struct Writer<'a>(&'a Mutex<String>);

impl tracing::field::Visit for Writer<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        let mut out = self.0.lock().unwrap();
        let _ = write!(out, "{}={value:?} ", field.name());
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut Writer(&self.out));
        self.out.lock().unwrap().push('\n');
        tracing::span::Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst))
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Writer(&self.out));
        self.out.lock().unwrap().push('\n');
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut Writer(&self.out));
        self.out.lock().unwrap().push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// One call that is retried once (503) and then fails (401), with credentials in three headers.
async fn call_with_secrets() -> (Transport, cloudfn_core::Error) {
    let (server, _) = serve(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(401)
            .insert_header("x-request-id", "rid-401")
            .set_body_json(serde_json::json!({
                "error_code": "APIGW.0301",
                "error_msg": "Incorrect IAM authentication information",
            })),
    ])
    .await;
    let t = signed_transport(config(), Arc::new(CountingSigner::default()));
    let req = HttpRequest::get(url(&server.uri(), "/x"), "GetX")
        .with_header(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {SECRET}-described")).unwrap(),
        )
        .with_header(
            HeaderName::from_static("x-auth-token"),
            HeaderValue::from_str(SECRET).unwrap(),
        )
        .with_header(
            HeaderName::from_static("x-fc-security-token"),
            HeaderValue::from_str(SECRET).unwrap(),
        );
    let shown = format!("{req:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("x-auth-token"), "{shown}");
    let err = t.send(req).await.unwrap_err();
    (t, err)
}

#[tokio::test]
async fn secrets_appear_in_no_debug_error_or_log() {
    let out = Arc::new(Mutex::new(String::new()));
    let _guard = tracing::subscriber::set_default(Capture {
        out: out.clone(),
        next_id: AtomicU64::new(1),
    });
    // Tests running in parallel register the transport's tracing callsites too; one registered by another
    // thread while this subscriber was being installed can miss it. A warm-up call registers every
    // callsite the real call hits; rebuilding the interest cache then makes them all visible here.
    let _ = call_with_secrets().await;
    tracing::callsite::rebuild_interest_cache();
    out.lock().unwrap().clear();

    let (t, err) = call_with_secrets().await;
    assert_eq!(err.kind(), ErrorKind::Unauthenticated);
    assert_eq!(err.attempts(), Some(2));
    for text in [err.to_string(), format!("{err:?}"), format!("{t:?}")] {
        assert!(!text.contains(SECRET), "{text}");
    }

    let logs = out.lock().unwrap().clone();
    // The capture works: the span and the retry decision were recorded...
    assert!(logs.contains("operation=\"GetX\""), "{logs}");
    assert!(logs.contains("retrying GetX"), "{logs}");
    assert!(logs.contains("request_id=\"rid-401\""), "{logs}");
    // ...and no secret is in them.
    assert!(!logs.contains(SECRET), "{logs}");
}

// ---------------------------------------------------------------------------------------------------
// Rejected credentials (an expired or revoked token)
// ---------------------------------------------------------------------------------------------------

/// Hands out token `t{generation}`; when told the token was rejected it moves to the next generation.
#[derive(Debug, Default)]
struct TokenSigner {
    generation: AtomicU32,
    rejections: AtomicU32,
}

#[async_trait]
impl RequestSigner for TokenSigner {
    async fn sign(&self, req: &mut HttpRequest, _now: DateTime<Utc>) -> Result<()> {
        let token = format!("t{}", self.generation.load(Ordering::SeqCst));
        req.headers_mut().insert(
            HeaderName::from_static("x-auth-token"),
            HeaderValue::from_str(&token).unwrap(),
        );
        Ok(())
    }

    async fn credentials_rejected(&self) -> bool {
        self.rejections.fetch_add(1, Ordering::SeqCst);
        self.generation.fetch_add(1, Ordering::SeqCst);
        true
    }
}

fn unauthorized() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(
        serde_json::json!({ "error_code": "APIGW.0307", "error_msg": "The token must be updated." }),
    )
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_and_the_request_resent_once() {
    let (server, script) = serve(vec![unauthorized(), ok_json()]).await;
    let signer = Arc::new(TokenSigner::default());
    // Even a non-idempotent call with no retries: the server refused it before doing anything.
    let t = Transport::new(
        config().with_retry(RetryPolicy::none()),
        Arc::new(profile()),
        signer.clone(),
    )
    .unwrap();
    let resp = t
        .send(HttpRequest::post(url(&server.uri(), "/invoke"), "InvokeFunction").with_body("{}"))
        .await
        .unwrap();
    assert_eq!(resp.attempts(), 2);
    let seen = script.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].header("x-auth-token"), "t0");
    assert_eq!(seen[1].header("x-auth-token"), "t1");
    assert_eq!(signer.rejections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_second_rejection_is_final() {
    let (server, script) = serve(vec![unauthorized()]).await;
    let signer = Arc::new(TokenSigner::default());
    let t = Transport::new(config(), Arc::new(profile()), signer.clone()).unwrap();
    let err = t
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthenticated);
    assert_eq!(err.status(), Some(401));
    assert_eq!(script.count(), 2, "one refresh, then the error");
    assert_eq!(signer.rejections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_signer_without_cached_credentials_gets_no_resend() {
    let (server, script) = serve(vec![unauthorized(), ok_json()]).await;
    let t = transport(config());
    let err = t
        .send(HttpRequest::get(url(&server.uri(), "/x"), "GetX"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthenticated);
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn an_unsigned_request_never_reaches_the_signer() {
    let (server, script) = serve(vec![unauthorized(), ok_json()]).await;
    let signer = Arc::new(TokenSigner::default());
    let t = Transport::new(config(), Arc::new(profile()), signer.clone()).unwrap();
    let err = t
        .send(HttpRequest::get(url(&server.uri(), "/code.zip"), "DownloadCode").unsigned())
        .await
        .unwrap_err();
    // No credentials were sent, and a rejection is not blamed on (or refreshed in) the signer.
    assert_eq!(err.kind(), ErrorKind::Unauthenticated);
    assert_eq!(script.count(), 1);
    assert_eq!(script.seen()[0].header("x-auth-token"), "");
    assert_eq!(signer.rejections.load(Ordering::SeqCst), 0);
}
