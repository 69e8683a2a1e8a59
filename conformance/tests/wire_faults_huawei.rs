//! Wire-level faults against the neutral Huawei FunctionGraph adapter ([`cloudfn_huawei::FunctionGraph`]),
//! called through the `cloudfn-core` provider traits: throttling (with and without `Retry-After`), 5xx
//! bursts, closed and refused connections, responses cut short, slow responses past the request
//! timeout, truncated and mistyped JSON, clock skew ("signature expired"), expired and revoked IAM
//! tokens, and a rejected AK/SK signature.
//!
//! Every test asserts the outcome (the neutral [`ErrorKind`] and the context the [`Error`] carries) and
//! how many requests reached the server, and that a non-idempotent call (create, sync invoke) is sent at
//! most once unless the server certainly did not process it. Retry policies are seeded with millisecond
//! backoffs; times are asserted as lower bounds only.
#![allow(clippy::unwrap_used)]

mod wire_faults_support;

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use cloudfn_core::transport::{RetryPolicy, format_http_date};
use cloudfn_core::{
    Error, ErrorKind, FunctionRef, FunctionSpec, Functions, InvokeRequest, Invoker, ListRequest,
    Qualifier, Runtime,
};
use cloudfn_huawei::FunctionGraph;
use serde_json::json;
use wire_faults_support::{
    Expect, FG_PROJECT, FG_REGION, GENEROUS, Misbehaviour, RawServer, always, assert_mentions,
    count, fast_retry, fg_aksk, fg_token, first_then, header, received, refused_url,
};
use wiremock::matchers::{header as header_is, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROVIDER: &str = "huawei-functiongraph";
const TOKENS: &str = "/v3/auth/tokens";

/// `/v2/{project}/fgs/functions`: CreateFunction (POST), ListFunctions (GET).
static FUNCTIONS: LazyLock<String> = LazyLock::new(|| format!("/v2/{FG_PROJECT}/fgs/functions"));
/// The unqualified URN of `shop/hello`, encoded as one path segment the way the SDK sends it.
static URN: LazyLock<String> = LazyLock::new(|| {
    format!("urn:fss:{FG_REGION}:{FG_PROJECT}:function:shop:hello").replace(':', "%3A")
});
/// ShowFunctionConfig.
static CONFIG: LazyLock<String> = LazyLock::new(|| format!("{}/{}/config", *FUNCTIONS, *URN));
/// InvokeFunction (sync).
static INVOKE: LazyLock<String> = LazyLock::new(|| format!("{}/{}/invocations", *FUNCTIONS, *URN));

fn hello() -> FunctionRef {
    FunctionRef::new("shop", "hello")
}

fn spec() -> FunctionSpec {
    FunctionSpec::new(
        "hello",
        Runtime::Python39,
        "index.handler",
        cloudfn_core::Code::zip(cloudfn_conformance::echo_zip("wire-faults")),
    )
}

fn function_body() -> serde_json::Value {
    json!({
        "func_urn": format!("urn:fss:{FG_REGION}:{FG_PROJECT}:function:shop:hello:latest"),
        "func_name": "hello",
        "package": "shop",
        "runtime": "Python3.9",
        "handler": "index.handler",
        "memory_size": 128,
        "timeout": 3,
        "code_type": "zip",
        "version": "latest"
    })
}

fn ok_function() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("X-Request-Id", "rid-ok")
        .set_body_json(function_body())
}

/// A FunctionGraph error response: `status`, `X-Request-Id: {rid}`, `{"error_code", "error_msg"}`.
fn fg_error(status: u16, code: &str, message: &str, rid: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("X-Request-Id", rid)
        .set_body_json(json!({"error_code": code, "error_msg": message}))
}

/// An IAM token response (201, `X-Subject-Token`), valid for a day.
fn token(value: &str) -> ResponseTemplate {
    let expires_at =
        (Utc::now() + TimeDelta::hours(24)).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    ResponseTemplate::new(201)
        .insert_header("X-Subject-Token", value)
        .set_body_json(json!({"token": {
            "expires_at": expires_at,
            "methods": ["password"],
            "project": {"id": FG_PROJECT, "name": FG_REGION},
        }}))
}

async fn get(p: &FunctionGraph) -> Result<cloudfn_core::Function, Error> {
    p.get_function(&hello(), &Qualifier::Latest).await
}

async fn invoke(p: &FunctionGraph) -> Result<cloudfn_core::InvokeResponse, Error> {
    p.invoke(&hello(), InvokeRequest::new(Bytes::from_static(b"{}")))
        .await
}

// ------------------------------------------------------------------------------------ 1. throttling

/// A throttled idempotent read is retried until it succeeds.
#[tokio::test]
async fn throttled_get_is_retried_until_success() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "GET",
        &CONFIG,
        fg_error(429, "FSS.0429", "Too many requests.", "rid-429"),
        2,
        ok_function(),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;
    assert_eq!(get(&p).await.unwrap().name, "hello");
    assert_eq!(count(&server, "GET", &CONFIG).await, 3);
}

/// A 429 from the API Gateway means the request was refused unprocessed: a create is sent again.
#[tokio::test]
async fn throttled_create_is_retried_because_it_was_not_processed() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "POST",
        &FUNCTIONS,
        ResponseTemplate::new(429).set_body_json(json!({
            "error_code": "APIGW.0308",
            "error_msg": "The throttling threshold has been reached: policy user over ratelimit,limit:5,time:1 second",
            "request_id": "rid-apigw"
        })),
        1,
        ok_function(),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;
    assert_eq!(
        p.create_function("shop", spec()).await.unwrap().name,
        "hello"
    );
    assert_eq!(count(&server, "POST", &FUNCTIONS).await, 2);
}

/// `Retry-After: 1` is a floor on the wait, whatever the policy's millisecond backoff says.
#[tokio::test]
async fn retry_after_is_a_floor_on_the_wait() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "GET",
        &CONFIG,
        fg_error(429, "FSS.0429", "Too many requests.", "rid-429")
            .insert_header("Retry-After", "1"),
        1,
        ok_function(),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;
    let started = Instant::now();
    get(&p).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(count(&server, "GET", &CONFIG).await, 2);
}

/// A `Retry-After` past the retry budget: the call ends at once and reports the wait asked for.
#[tokio::test]
async fn retry_after_beyond_the_budget_is_returned_not_waited() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        &CONFIG,
        fg_error(429, "FSS.0429", "Too many requests.", "rid-429")
            .insert_header("Retry-After", "120"),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;
    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Throttled, PROVIDER, "ShowFunctionConfig")
        .status(429)
        .code("FSS.0429")
        .request_id("rid-429")
        .attempts(1)
        .check(&err);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(count(&server, "GET", &CONFIG).await, 1);
}

/// Throttled on every attempt (no `Retry-After`): the last error reports every attempt.
#[tokio::test]
async fn persistent_throttling_exhausts_the_attempts() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        &FUNCTIONS,
        fg_error(429, "FSS.0429", "Too many requests.", "rid-429"),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(3), GENEROUS).await;
    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Throttled, PROVIDER, "CreateFunction")
        .status(429)
        .code("FSS.0429")
        .request_id("rid-429")
        .attempts(3)
        .check(&err);
    assert_eq!(count(&server, "POST", &FUNCTIONS).await, 3);
}

// ------------------------------------------------------------------------------------ 2. 5xx bursts

/// 503, 503, 200 on a read: success on the third attempt.
#[tokio::test]
async fn get_survives_a_503_burst() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "GET",
        &CONFIG,
        fg_error(503, "FSS.0503", "Service unavailable.", "rid-503"),
        2,
        ok_function(),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;
    assert_eq!(get(&p).await.unwrap().name, "hello");
    assert_eq!(count(&server, "GET", &CONFIG).await, 3);
}

/// A 5xx may come after the server acted: a create or a sync invoke is sent once, and the error is a
/// retryable `Service` error.
#[tokio::test]
async fn create_and_sync_invoke_answered_5xx_are_sent_once() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        &FUNCTIONS,
        fg_error(503, "FSS.0503", "Service unavailable.", "rid-503"),
    )
    .await;
    always(
        &server,
        "POST",
        &INVOKE,
        fg_error(500, "FSS.0500", "Internal service error.", "rid-500"),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;

    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Service, PROVIDER, "CreateFunction")
        .status(503)
        .code("FSS.0503")
        .request_id("rid-503")
        .attempts(1)
        .check(&err);
    assert!(err.is_retryable());
    assert_eq!(count(&server, "POST", &FUNCTIONS).await, 1);

    let err = invoke(&p).await.unwrap_err();
    Expect::new(ErrorKind::Service, PROVIDER, "InvokeFunction")
        .status(500)
        .code("FSS.0500")
        .request_id("rid-500")
        .attempts(1)
        .check(&err);
    assert!(err.is_retryable());
    assert_eq!(count(&server, "POST", &INVOKE).await, 1);
}

/// 502 from the gateway on every attempt of a listing: the last error reports all the attempts.
#[tokio::test]
async fn a_5xx_on_every_attempt_reports_the_attempts() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        &FUNCTIONS,
        ResponseTemplate::new(502)
            .insert_header("X-Request-Id", "rid-502")
            .set_body_string("<html>502 Bad Gateway</html>"),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(3), GENEROUS).await;
    let err = p
        .list_functions_page("shop", ListRequest::new())
        .await
        .unwrap_err();
    Expect::new(ErrorKind::Service, PROVIDER, "ListFunctions")
        .status(502)
        .request_id("rid-502")
        .attempts(3)
        .check(&err);
    assert_mentions(err.message(), "502 Bad Gateway");
    assert_mentions(&err.to_string(), "after 3 attempts");
    assert_eq!(count(&server, "GET", &FUNCTIONS).await, 3);
}

// ------------------------------------------------------------------------------- 3. connections

/// Connections closed by the server: a read is retried on a new connection each time.
#[tokio::test]
async fn closed_connections_are_retried_for_a_get() {
    let raw = RawServer::start(Misbehaviour::CloseOnAccept).await;
    let p = fg_aksk(raw.url(), fast_retry(3), GENEROUS).await;
    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Transport, PROVIDER, "ShowFunctionConfig")
        .attempts(3)
        .check(&err);
    assert_eq!(raw.connections(), 3);
}

/// The server read the create and closed the connection without answering: the create is not re-sent.
#[tokio::test]
async fn create_is_not_resent_after_the_connection_closed() {
    let raw = RawServer::start(Misbehaviour::CloseAfterRequest).await;
    let p = fg_aksk(raw.url(), fast_retry(4), GENEROUS).await;
    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Transport, PROVIDER, "CreateFunction")
        .attempts(1)
        .check(&err);
    assert_eq!(raw.requests(), 1);
    assert_eq!(raw.connections(), 1);
}

/// A response cut short: a sync invoke is not sent again; a read is.
#[tokio::test]
async fn truncated_responses_resend_reads_but_not_sync_invokes() {
    let raw = RawServer::start(Misbehaviour::TruncateResponse).await;
    let p = fg_aksk(raw.url(), fast_retry(3), GENEROUS).await;

    let err = invoke(&p).await.unwrap_err();
    Expect::new(ErrorKind::Transport, PROVIDER, "InvokeFunction")
        .status(200)
        .attempts(1)
        .check(&err);
    assert_eq!(raw.requests(), 1);

    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Transport, PROVIDER, "ShowFunctionConfig")
        .status(200)
        .attempts(3)
        .check(&err);
    assert_eq!(raw.requests(), 4);
}

/// A refused connection never reached a server: a sync invoke is retried, up to the attempts.
#[tokio::test]
async fn refused_connection_is_retried_even_for_a_sync_invoke() {
    let url = refused_url().await;
    let p = fg_aksk(&url, fast_retry(3), GENEROUS).await;
    let err = invoke(&p).await.unwrap_err();
    Expect::new(ErrorKind::Transport, PROVIDER, "InvokeFunction")
        .attempts(3)
        .check(&err);
    assert_mentions(err.message(), "could not connect");
}

// ----------------------------------------------------------------------------------- 4. timeouts

const SLOW: Duration = Duration::from_secs(5);
const TIMEOUT: Duration = Duration::from_millis(200);

/// A read slower than the request timeout: `Timeout` after every attempt, each one re-sent.
#[tokio::test]
async fn slow_get_times_out_and_is_retried() {
    let server = MockServer::start().await;
    always(&server, "GET", &CONFIG, ok_function().set_delay(SLOW)).await;
    let p = fg_aksk(&server.uri(), fast_retry(3), TIMEOUT).await;
    let started = Instant::now();
    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Timeout, PROVIDER, "ShowFunctionConfig")
        .attempts(3)
        .check(&err);
    assert!(started.elapsed() >= TIMEOUT * 3, "{:?}", started.elapsed());
    // A request that timed out may not have reached the server at all on a loaded machine: at most.
    assert!(count(&server, "GET", &CONFIG).await <= 3);
}

/// A sync invoke that times out may still be running: it is never sent again.
#[tokio::test]
async fn slow_sync_invoke_is_never_retried() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        &INVOKE,
        ResponseTemplate::new(200)
            .set_body_json(json!({"request_id": "late", "result": "{}", "status": 0}))
            .set_delay(SLOW),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), TIMEOUT).await;
    let started = Instant::now();
    let err = invoke(&p).await.unwrap_err();
    Expect::new(ErrorKind::Timeout, PROVIDER, "InvokeFunction")
        .attempts(1)
        .check(&err);
    assert!(started.elapsed() >= TIMEOUT, "{:?}", started.elapsed());
    // A request that timed out may not have reached the server at all on a loaded machine: at most.
    assert!(count(&server, "POST", &INVOKE).await <= 1);
}

/// Retries of timed-out reads stop at the budget, before the attempts run out.
#[tokio::test]
async fn timeouts_stop_at_the_retry_budget() {
    let server = MockServer::start().await;
    always(&server, "GET", &CONFIG, ok_function().set_delay(SLOW)).await;
    let timeout = Duration::from_millis(300);
    let policy = fast_retry(10).with_budget(Duration::from_millis(400));
    let p = fg_aksk(&server.uri(), policy, timeout).await;
    let started = Instant::now();
    let err = get(&p).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    let attempts = err.attempts().unwrap();
    assert!((1..=2).contains(&attempts), "{err}");
    assert!(
        started.elapsed() >= timeout * attempts,
        "{:?}",
        started.elapsed()
    );
    // A request that timed out may not have reached the server at all on a loaded machine: at most.
    assert!(count(&server, "GET", &CONFIG).await <= attempts as usize);
}

// ------------------------------------------------------------------------------ 5. malformed JSON

/// A 200 whose JSON stops half-way: `Decode`, naming the operation, never retried.
#[tokio::test]
async fn truncated_json_is_a_decode_error_naming_the_operation() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        &CONFIG,
        ResponseTemplate::new(200)
            .insert_header("X-Request-Id", "rid-trunc")
            .set_body_raw(r#"{"func_name":"#, "application/json"),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;
    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Decode, PROVIDER, "ShowFunctionConfig")
        .status(200)
        .request_id("rid-trunc")
        .check(&err);
    assert_mentions(err.message(), "ShowFunctionConfig");
    assert!(!err.is_retryable());
    assert_eq!(count(&server, "GET", &CONFIG).await, 1);
}

/// Well-formed JSON with the wrong types: `Decode`, naming the operation, sent once.
#[tokio::test]
async fn mistyped_json_is_a_decode_error() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        &CONFIG,
        ResponseTemplate::new(200).set_body_json(json!({"func_name": 42})),
    )
    .await;
    always(
        &server,
        "GET",
        &FUNCTIONS,
        ResponseTemplate::new(200).set_body_json(json!({"functions": "none"})),
    )
    .await;
    always(
        &server,
        "POST",
        &FUNCTIONS,
        ResponseTemplate::new(200).set_body_json(json!({"func_name": ["hello"]})),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;

    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Decode, PROVIDER, "ShowFunctionConfig")
        .status(200)
        .check(&err);

    let err = p
        .list_functions_page("shop", ListRequest::new())
        .await
        .unwrap_err();
    Expect::new(ErrorKind::Decode, PROVIDER, "ListFunctions")
        .status(200)
        .check(&err);
    assert_mentions(err.message(), "ListFunctions");

    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Decode, PROVIDER, "CreateFunction")
        .status(200)
        .check(&err);

    assert_eq!(count(&server, "GET", &CONFIG).await, 1);
    assert_eq!(count(&server, "GET", &FUNCTIONS).await, 1);
    assert_eq!(count(&server, "POST", &FUNCTIONS).await, 1);
}

/// A field whose JSON text must itself be JSON (`user_data`, the environment) and is not: `Decode`,
/// still naming the operation.
#[tokio::test]
async fn undecodable_nested_json_names_the_operation() {
    let server = MockServer::start().await;
    let mut body = function_body();
    body["user_data"] = json!("{\"STAGE\":");
    always(
        &server,
        "GET",
        &CONFIG,
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;
    let err = get(&p).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert_eq!(err.provider(), Some(PROVIDER), "{err}");
    assert_eq!(err.operation(), Some("ShowFunctionConfig"), "{err}");
    assert_mentions(err.message(), "user_data");
    assert_eq!(count(&server, "GET", &CONFIG).await, 1);
}

// ---------------------------------------------------------------------------------- 6. clock skew

/// The API Gateway's answer to an `X-Sdk-Date` too far from its clock, with its `Date`.
fn signature_expired(server_now: DateTime<Utc>) -> ResponseTemplate {
    let ours = Utc::now().format("%Y%m%dT%H%M%SZ");
    let theirs = server_now.format("%Y%m%dT%H%M%SZ");
    ResponseTemplate::new(401)
        .insert_header("Date", format_http_date(server_now).as_str())
        .insert_header("X-Request-Id", "rid-skew")
        .set_body_json(json!({
            "error_code": "APIGW.0301",
            "error_msg": format!("Incorrect IAM authentication information: signature expired, signature time:{ours},server time:{theirs}"),
            "request_id": "rid-skew"
        }))
}

fn sdk_date(req: &wiremock::Request) -> DateTime<Utc> {
    let value = header(req, "x-sdk-date").expect("an X-Sdk-Date header");
    NaiveDateTime::parse_from_str(&value, "%Y%m%dT%H%M%SZ")
        .expect("an SDK date")
        .and_utc()
}

#[track_caller]
fn assert_near(actual: DateTime<Utc>, expected: DateTime<Utc>) {
    assert!(
        (actual - expected).abs() < TimeDelta::seconds(60),
        "{actual} is not within a minute of {expected}"
    );
}

/// The gateway's clock is two hours ahead: the first attempt is rejected as expired, the request is
/// re-signed once with the server's time and succeeds, and the correction is kept.
#[tokio::test]
async fn signature_expired_is_re_signed_once_and_remembered() {
    let server = MockServer::start().await;
    let server_now = Utc::now() + TimeDelta::hours(2);
    first_then(
        &server,
        "GET",
        &CONFIG,
        signature_expired(server_now),
        1,
        ok_function(),
    )
    .await;
    let p = fg_aksk(&server.uri(), RetryPolicy::none(), GENEROUS).await;
    get(&p).await.unwrap();
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_near(sdk_date(&reqs[0]), Utc::now());
    assert_near(sdk_date(&reqs[1]), server_now);
    assert_ne!(
        header(&reqs[0], "authorization"),
        header(&reqs[1], "authorization"),
        "the second attempt is signed afresh"
    );

    get(&p).await.unwrap();
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_near(sdk_date(&reqs[2]), server_now);
}

/// An expired signature on a create: the gateway rejected it before FunctionGraph saw it, so it is
/// re-sent once; reported again, the error is final (no loop) and says to check the clock.
#[tokio::test]
async fn signature_expired_re_sends_a_create_once_then_gives_up() {
    let server = MockServer::start().await;
    let server_now = Utc::now() - TimeDelta::hours(3);
    always(&server, "POST", &FUNCTIONS, signature_expired(server_now)).await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;
    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Unauthenticated, PROVIDER, "CreateFunction")
        .status(401)
        .code("APIGW.0301")
        .request_id("rid-skew")
        .attempts(2)
        .check(&err);
    assert_mentions(err.message(), "check the local clock");
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_near(sdk_date(&reqs[1]), server_now);
}

// --------------------------------------------------------------------------------- 7. IAM tokens

/// Mounts IAM: the first token request answers `tok-old`, every later one `tok-new`.
async fn mount_iam(server: &MockServer) {
    first_then(
        server,
        "POST",
        TOKENS,
        token("tok-old"),
        1,
        token("tok-new"),
    )
    .await;
}

/// Answers `verb route` with `rejected` when the old token is sent, with `accepted` for the new one.
async fn by_token(
    server: &MockServer,
    verb: &str,
    route: &str,
    rejected: ResponseTemplate,
    accepted: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(route))
        .and(header_is("x-auth-token", "tok-old"))
        .respond_with(rejected)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .and(header_is("x-auth-token", "tok-new"))
        .respond_with(accepted)
        .mount(server)
        .await;
}

fn token_expired() -> ResponseTemplate {
    fg_error(401, "APIGW.0307", "The token must be updated.", "rid-401")
}

/// The cached token expired early (401 on the API): exactly one token refresh, then the read is re-sent
/// with the new token and succeeds.
#[tokio::test]
async fn expired_token_is_refreshed_once_and_the_call_re_sent() {
    let server = MockServer::start().await;
    mount_iam(&server).await;
    by_token(&server, "GET", &CONFIG, token_expired(), ok_function()).await;
    let p = fg_token(&server.uri(), fast_retry(4), GENEROUS).await;
    assert_eq!(
        count(&server, "POST", TOKENS).await,
        0,
        "no token before the first call"
    );
    assert_eq!(get(&p).await.unwrap().name, "hello");
    assert_eq!(count(&server, "POST", TOKENS).await, 2);
    assert_eq!(count(&server, "GET", &CONFIG).await, 2);
    let reqs = received(&server).await;
    let api: Vec<_> = reqs.iter().filter(|r| r.url.path() == *CONFIG).collect();
    assert_eq!(header(api[0], "x-auth-token").as_deref(), Some("tok-old"));
    assert_eq!(header(api[1], "x-auth-token").as_deref(), Some("tok-new"));

    // The new token is cached: the next call costs one request and no token.
    get(&p).await.unwrap();
    assert_eq!(count(&server, "POST", TOKENS).await, 2);
    assert_eq!(count(&server, "GET", &CONFIG).await, 3);
}

/// A create rejected for its token was not processed: it is re-sent once with the refreshed token.
#[tokio::test]
async fn expired_token_re_sends_a_create_once() {
    let server = MockServer::start().await;
    mount_iam(&server).await;
    by_token(&server, "POST", &FUNCTIONS, token_expired(), ok_function()).await;
    let p = fg_token(&server.uri(), fast_retry(4), GENEROUS).await;
    p.create_function("shop", spec()).await.unwrap();
    assert_eq!(count(&server, "POST", TOKENS).await, 2);
    assert_eq!(count(&server, "POST", &FUNCTIONS).await, 2);
}

/// A revoked token is rejected again after the refresh: a clear `Unauthenticated` after two API
/// requests and two token requests, no loop, whatever the retry policy allows.
#[tokio::test]
async fn revoked_token_is_unauthenticated_after_one_refresh() {
    let server = MockServer::start().await;
    mount_iam(&server).await;
    always(
        &server,
        "GET",
        &CONFIG,
        fg_error(
            401,
            "APIGW.0301",
            "Incorrect IAM authentication information: the token has been revoked",
            "rid-401",
        ),
    )
    .await;
    let p = fg_token(&server.uri(), fast_retry(4), GENEROUS).await;
    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Unauthenticated, PROVIDER, "ShowFunctionConfig")
        .status(401)
        .code("APIGW.0301")
        .request_id("rid-401")
        .attempts(2)
        .check(&err);
    assert_mentions(err.message(), "revoked");
    assert_mentions(err.message(), "check the IAM token");
    assert_eq!(count(&server, "POST", TOKENS).await, 2);
    assert_eq!(count(&server, "GET", &CONFIG).await, 2);
}

/// The token expired and IAM now refuses the password: the refresh fails with IAM's own
/// `Unauthenticated`, the API call is not re-sent.
#[tokio::test]
async fn refresh_refused_by_iam_is_unauthenticated() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "POST",
        TOKENS,
        token("tok-old"),
        1,
        ResponseTemplate::new(401).set_body_json(json!({
            "error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}
        })),
    )
    .await;
    always(&server, "GET", &CONFIG, token_expired()).await;
    let p = fg_token(&server.uri(), fast_retry(4), GENEROUS).await;
    let err = get(&p).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthenticated, "{err}");
    assert_eq!(err.provider(), Some(PROVIDER), "{err}");
    assert_mentions(err.message(), "IAM rejected the password of user `alice`");
    assert!(!err.message().contains("S3cret-Pa55word"), "{err}");
    assert_eq!(count(&server, "POST", TOKENS).await, 2);
    assert_eq!(count(&server, "GET", &CONFIG).await, 1);
}

// -------------------------------------------------------------------------- 8. signature mismatch

/// An AK/SK signature the gateway cannot verify: `Unauthenticated`, sent once (static keys cannot get
/// better by re-sending), and the message tells the user to check the secret key.
#[tokio::test]
async fn signature_mismatch_says_to_check_the_secret() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        &FUNCTIONS,
        ResponseTemplate::new(401).set_body_json(json!({
            "error_code": "APIGW.0301",
            "error_msg": "Incorrect IAM authentication information: verify aksk signature fail",
            "request_id": "rid-sig"
        })),
    )
    .await;
    let p = fg_aksk(&server.uri(), fast_retry(4), GENEROUS).await;
    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Unauthenticated, PROVIDER, "CreateFunction")
        .status(401)
        .code("APIGW.0301")
        .request_id("rid-sig")
        .attempts(1)
        .check(&err);
    assert_mentions(err.message(), "verify aksk signature fail");
    assert_mentions(err.message(), "check the secret key (SK)");
    assert!(!err.is_retryable());
    assert_eq!(count(&server, "POST", &FUNCTIONS).await, 1);
}
