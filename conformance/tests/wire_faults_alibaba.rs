//! Wire-level faults against the neutral Alibaba FC adapter ([`cloudfn_alibaba::AlibabaFc`]), called
//! through the `cloudfn-core` provider traits: throttling (with and without `Retry-After`), 5xx bursts,
//! closed and refused connections, responses cut short, slow responses past the request timeout,
//! truncated and mistyped JSON, clock skew and a rejected signature.
//!
//! Every test asserts the outcome (the neutral [`ErrorKind`] and the context the [`Error`] carries) and
//! how many requests reached the server, and that a non-idempotent call (create, sync invoke) is sent at
//! most once unless the server certainly did not process it. Retry policies are seeded with millisecond
//! backoffs; times are asserted as lower bounds only.
#![allow(clippy::unwrap_used)]

mod wire_faults_support;

use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use cloudfn_core::transport::{RetryPolicy, format_http_date, parse_http_date};
use cloudfn_core::{
    Error, ErrorKind, FunctionRef, FunctionSpec, Functions, InvokeRequest, Invoker, ListRequest,
    Qualifier, Runtime,
};
use serde_json::json;
use wire_faults_support::{
    Expect, GENEROUS, Misbehaviour, RawServer, always, assert_mentions, count, fast_retry, fc,
    first_then, header, received, refused_url,
};
use wiremock::{MockServer, ResponseTemplate};

const PROVIDER: &str = "alibaba-fc";
const FUNCTIONS: &str = "/2016-08-15/services/shop/functions";
const FUNCTION: &str = "/2016-08-15/services/shop/functions/hello";
const INVOKE: &str = "/2016-08-15/services/shop/functions/hello/invocations";

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
        "functionName": "hello",
        "runtime": "python3.9",
        "handler": "index.handler",
        "memorySize": 128,
        "timeout": 3
    })
}

fn ok_function() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-fc-request-id", "rid-ok")
        .set_body_json(function_body())
}

/// An FC error response: `status`, `x-fc-request-id: {rid}`, `{"ErrorCode", "ErrorMessage"}`.
fn fc_error(status: u16, code: &str, message: &str, rid: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-fc-request-id", rid)
        .set_body_json(json!({"ErrorCode": code, "ErrorMessage": message}))
}

async fn get(p: &cloudfn_alibaba::AlibabaFc) -> Result<cloudfn_core::Function, Error> {
    p.get_function(&hello(), &Qualifier::Latest).await
}

async fn invoke(p: &cloudfn_alibaba::AlibabaFc) -> Result<cloudfn_core::InvokeResponse, Error> {
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
        FUNCTION,
        fc_error(429, "ResourceExhausted", "too many requests", "rid-429"),
        2,
        ok_function(),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);
    let f = get(&p).await.unwrap();
    assert_eq!(f.name, "hello");
    assert_eq!(count(&server, "GET", FUNCTION).await, 3);
}

/// A 429 means the server refused the request unprocessed: even a create is sent again, and succeeds.
#[tokio::test]
async fn throttled_create_is_retried_because_it_was_not_processed() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "POST",
        FUNCTIONS,
        fc_error(429, "ResourceExhausted", "too many requests", "rid-429"),
        1,
        ok_function(),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);
    let f = p.create_function("shop", spec()).await.unwrap();
    assert_eq!(f.name, "hello");
    assert_eq!(count(&server, "POST", FUNCTIONS).await, 2);
}

/// FC's `ResourceThrottled` comes as a 503; it is throttling, so a create is retried too (a plain 503 is
/// not: see `create_and_sync_invoke_answered_5xx_are_sent_once`).
#[tokio::test]
async fn resource_throttled_503_create_is_retried() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "POST",
        FUNCTIONS,
        fc_error(503, "ResourceThrottled", "capacity", "rid-503"),
        1,
        ok_function(),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);
    p.create_function("shop", spec()).await.unwrap();
    assert_eq!(count(&server, "POST", FUNCTIONS).await, 2);
}

/// `Retry-After: 1` is a floor on the wait: the retry comes at least a second later, even though the
/// policy's own backoff is milliseconds.
#[tokio::test]
async fn retry_after_is_a_floor_on_the_wait() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "GET",
        FUNCTION,
        fc_error(429, "ResourceExhausted", "slow down", "rid-429")
            .insert_header("Retry-After", "1"),
        1,
        ok_function(),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);
    let started = Instant::now();
    get(&p).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(count(&server, "GET", FUNCTION).await, 2);
}

/// A `Retry-After` longer than the retry budget ends the call at once, with the wait reported.
#[tokio::test]
async fn retry_after_beyond_the_budget_is_returned_not_waited() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        FUNCTION,
        fc_error(429, "ResourceExhausted", "slow down", "rid-429")
            .insert_header("Retry-After", "120"),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);
    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Throttled, PROVIDER, "GetFunction")
        .status(429)
        .code("ResourceExhausted")
        .request_id("rid-429")
        .attempts(1)
        .check(&err);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert!(err.is_retryable());
    assert_eq!(count(&server, "GET", FUNCTION).await, 1);
}

/// Throttled on every attempt: the error after the last one says how many were made.
#[tokio::test]
async fn persistent_throttling_exhausts_the_attempts() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        FUNCTIONS,
        fc_error(429, "ResourceExhausted", "too many requests", "rid-429"),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(3), GENEROUS);
    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Throttled, PROVIDER, "CreateFunction")
        .status(429)
        .code("ResourceExhausted")
        .request_id("rid-429")
        .attempts(3)
        .check(&err);
    assert_eq!(count(&server, "POST", FUNCTIONS).await, 3);
}

// ------------------------------------------------------------------------------------ 2. 5xx bursts

/// 503, 503, 200 on a read: success on the third attempt.
#[tokio::test]
async fn get_survives_a_503_burst() {
    let server = MockServer::start().await;
    first_then(
        &server,
        "GET",
        FUNCTION,
        ResponseTemplate::new(503).set_body_string("Service Unavailable"),
        2,
        ok_function(),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);
    assert_eq!(get(&p).await.unwrap().name, "hello");
    assert_eq!(count(&server, "GET", FUNCTION).await, 3);
}

/// A 5xx may come after the server acted: a create or a sync invoke is sent once, and the error is a
/// retryable `Service` error the caller can decide about.
#[tokio::test]
async fn create_and_sync_invoke_answered_5xx_are_sent_once() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        FUNCTIONS,
        fc_error(503, "ServiceUnavailable", "try later", "rid-503"),
    )
    .await;
    always(
        &server,
        "POST",
        INVOKE,
        fc_error(500, "InternalServerError", "oops", "rid-500"),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);

    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Service, PROVIDER, "CreateFunction")
        .status(503)
        .code("ServiceUnavailable")
        .request_id("rid-503")
        .attempts(1)
        .check(&err);
    assert!(err.is_retryable());
    assert_eq!(count(&server, "POST", FUNCTIONS).await, 1);

    let err = invoke(&p).await.unwrap_err();
    Expect::new(ErrorKind::Service, PROVIDER, "InvokeFunction")
        .status(500)
        .code("InternalServerError")
        .request_id("rid-500")
        .attempts(1)
        .check(&err);
    assert!(err.is_retryable());
    assert_eq!(count(&server, "POST", INVOKE).await, 1);
}

/// 500 on every attempt of a read: the last error reports all the attempts.
#[tokio::test]
async fn a_5xx_on_every_attempt_reports_the_attempts() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        FUNCTIONS,
        fc_error(500, "InternalServerError", "oops", "rid-500"),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(3), GENEROUS);
    let err = p
        .list_functions_page("shop", ListRequest::new())
        .await
        .unwrap_err();
    Expect::new(ErrorKind::Service, PROVIDER, "ListFunctions")
        .status(500)
        .code("InternalServerError")
        .request_id("rid-500")
        .attempts(3)
        .check(&err);
    assert_mentions(&err.to_string(), "after 3 attempts");
    assert_eq!(count(&server, "GET", FUNCTIONS).await, 3);
}

// ------------------------------------------------------------------------------- 3. connections

/// Connections closed by the server: a read is retried on a new connection each time.
#[tokio::test]
async fn closed_connections_are_retried_for_a_get() {
    let raw = RawServer::start(Misbehaviour::CloseOnAccept).await;
    let p = fc(raw.url(), fast_retry(3), GENEROUS);
    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Transport, PROVIDER, "GetFunction")
        .attempts(3)
        .check(&err);
    assert!(err.is_retryable());
    assert_eq!(raw.connections(), 3);
}

/// The server read the create and closed the connection without answering: it may have created the
/// function, so the create is not sent again.
#[tokio::test]
async fn create_is_not_resent_after_the_connection_closed() {
    let raw = RawServer::start(Misbehaviour::CloseAfterRequest).await;
    let p = fc(raw.url(), fast_retry(4), GENEROUS);
    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Transport, PROVIDER, "CreateFunction")
        .attempts(1)
        .check(&err);
    assert_eq!(raw.requests(), 1);
    assert_eq!(raw.connections(), 1);
}

/// A response cut short (announced 1000 bytes, 16 sent): a sync invoke is not sent again; a read is.
#[tokio::test]
async fn truncated_responses_resend_reads_but_not_sync_invokes() {
    let raw = RawServer::start(Misbehaviour::TruncateResponse).await;
    let p = fc(raw.url(), fast_retry(3), GENEROUS);

    let err = invoke(&p).await.unwrap_err();
    Expect::new(ErrorKind::Transport, PROVIDER, "InvokeFunction")
        .status(200)
        .attempts(1)
        .check(&err);
    assert_eq!(raw.requests(), 1);

    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Transport, PROVIDER, "GetFunction")
        .status(200)
        .attempts(3)
        .check(&err);
    assert_eq!(raw.requests(), 4);
}

/// A refused connection never reached a server: even a create is retried, up to the attempts.
#[tokio::test]
async fn refused_connection_is_retried_even_for_create() {
    let url = refused_url().await;
    let p = fc(&url, fast_retry(3), GENEROUS);
    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Transport, PROVIDER, "CreateFunction")
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
    always(&server, "GET", FUNCTION, ok_function().set_delay(SLOW)).await;
    let p = fc(&server.uri(), fast_retry(3), TIMEOUT);
    let started = Instant::now();
    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Timeout, PROVIDER, "GetFunction")
        .attempts(3)
        .check(&err);
    assert!(err.is_retryable());
    assert!(started.elapsed() >= TIMEOUT * 3, "{:?}", started.elapsed());
    // A request that timed out may not have reached the server at all on a loaded machine: at most.
    assert!(count(&server, "GET", FUNCTION).await <= 3);
}

/// A sync invoke that times out may still be running: it is never sent again.
#[tokio::test]
async fn slow_sync_invoke_is_never_retried() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        INVOKE,
        ResponseTemplate::new(200)
            .set_body_string("late")
            .set_delay(SLOW),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), TIMEOUT);
    let started = Instant::now();
    let err = invoke(&p).await.unwrap_err();
    Expect::new(ErrorKind::Timeout, PROVIDER, "InvokeFunction")
        .attempts(1)
        .check(&err);
    assert!(started.elapsed() >= TIMEOUT, "{:?}", started.elapsed());
    // A request that timed out may not have reached the server at all on a loaded machine: at most.
    assert!(count(&server, "POST", INVOKE).await <= 1);
}

/// Retries of timed-out reads stop at the budget, before the attempts run out.
#[tokio::test]
async fn timeouts_stop_at_the_retry_budget() {
    let server = MockServer::start().await;
    always(&server, "GET", FUNCTION, ok_function().set_delay(SLOW)).await;
    let timeout = Duration::from_millis(300);
    let policy = fast_retry(10).with_budget(Duration::from_millis(400));
    let p = fc(&server.uri(), policy, timeout);
    let started = Instant::now();
    let err = get(&p).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    let attempts = err.attempts().unwrap();
    // Each attempt takes the whole timeout, so a 400 ms budget leaves room for two at most.
    assert!((1..=2).contains(&attempts), "{err}");
    assert!(
        started.elapsed() >= timeout * attempts,
        "{:?}",
        started.elapsed()
    );
    // A request that timed out may not have reached the server at all on a loaded machine: at most.
    assert!(count(&server, "GET", FUNCTION).await <= attempts as usize);
}

// ------------------------------------------------------------------------------ 5. malformed JSON

/// A 200 whose JSON stops half-way: `Decode`, naming the operation, never retried.
#[tokio::test]
async fn truncated_json_is_a_decode_error_naming_the_operation() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        FUNCTION,
        ResponseTemplate::new(200)
            .insert_header("x-fc-request-id", "rid-trunc")
            .set_body_raw(r#"{"functionName":"#, "application/json"),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);
    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Decode, PROVIDER, "GetFunction")
        .status(200)
        .request_id("rid-trunc")
        .check(&err);
    assert_mentions(err.message(), "GetFunction");
    assert_mentions(err.message(), r#"{"functionName":"#);
    assert!(!err.is_retryable());
    assert_eq!(count(&server, "GET", FUNCTION).await, 1);
}

/// Well-formed JSON with the wrong types (a number for a name, a string for the list of functions):
/// `Decode`, naming the operation, sent once.
#[tokio::test]
async fn mistyped_json_is_a_decode_error() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        FUNCTION,
        ResponseTemplate::new(200).set_body_json(json!({"functionName": 42})),
    )
    .await;
    always(
        &server,
        "GET",
        FUNCTIONS,
        ResponseTemplate::new(200).set_body_json(json!({"functions": "none"})),
    )
    .await;
    always(
        &server,
        "POST",
        FUNCTIONS,
        ResponseTemplate::new(200).set_body_json(json!({"functionName": ["hello"]})),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);

    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Decode, PROVIDER, "GetFunction")
        .status(200)
        .check(&err);
    assert_mentions(err.message(), "GetFunction");

    let err = p
        .list_functions_page("shop", ListRequest::new())
        .await
        .unwrap_err();
    Expect::new(ErrorKind::Decode, PROVIDER, "ListFunctions")
        .status(200)
        .check(&err);
    assert_mentions(err.message(), "ListFunctions");

    // The function was created; only the answer is unreadable. Sending it again would fail anyway.
    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Decode, PROVIDER, "CreateFunction")
        .status(200)
        .check(&err);

    assert_eq!(count(&server, "GET", FUNCTION).await, 1);
    assert_eq!(count(&server, "GET", FUNCTIONS).await, 1);
    assert_eq!(count(&server, "POST", FUNCTIONS).await, 1);
}

// ---------------------------------------------------------------------------------- 6. clock skew

fn skewed(server_now: DateTime<Utc>) -> ResponseTemplate {
    fc_error(
        403,
        "RequestTimeTooSkewed",
        "the difference between the request time and the server's time is too large",
        "rid-skew",
    )
    .insert_header("Date", format_http_date(server_now).as_str())
}

fn date_of(req: &wiremock::Request) -> DateTime<Utc> {
    parse_http_date(&header(req, "date").expect("a Date header")).expect("an HTTP date")
}

#[track_caller]
fn assert_near(actual: DateTime<Utc>, expected: DateTime<Utc>) {
    assert!(
        (actual - expected).abs() < TimeDelta::seconds(60),
        "{actual} is not within a minute of {expected}"
    );
}

/// The server's clock is two hours ahead: the first attempt is rejected as skewed, the second is
/// re-signed with the server's time and succeeds; the correction is kept for the next call.
#[tokio::test]
async fn clock_skew_is_corrected_once_and_remembered() {
    let server = MockServer::start().await;
    let server_now = Utc::now() + TimeDelta::hours(2);
    first_then(
        &server,
        "GET",
        FUNCTION,
        skewed(server_now),
        1,
        ok_function(),
    )
    .await;
    // No retries at all: the skew re-send does not depend on the retry policy.
    let p = fc(&server.uri(), RetryPolicy::none(), GENEROUS);
    get(&p).await.unwrap();

    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_near(date_of(&reqs[0]), Utc::now());
    assert_near(date_of(&reqs[1]), server_now);
    assert_ne!(
        header(&reqs[0], "authorization"),
        header(&reqs[1], "authorization"),
        "the second attempt is signed afresh"
    );

    // The next call is dated by the corrected clock from the start.
    get(&p).await.unwrap();
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_near(date_of(&reqs[2]), server_now);
}

/// The server rejected the skewed create before acting on it: it is re-sent once even though a create
/// is not idempotent.
#[tokio::test]
async fn clock_skew_re_sends_a_create_once() {
    let server = MockServer::start().await;
    let server_now = Utc::now() - TimeDelta::hours(3);
    first_then(
        &server,
        "POST",
        FUNCTIONS,
        skewed(server_now),
        1,
        ok_function(),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);
    p.create_function("shop", spec()).await.unwrap();
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_near(date_of(&reqs[1]), server_now);
}

/// Skew reported again after the correction: no loop, the error is final after two requests.
#[tokio::test]
async fn clock_skew_twice_is_final() {
    let server = MockServer::start().await;
    let server_now = Utc::now() + TimeDelta::hours(2);
    always(&server, "GET", FUNCTION, skewed(server_now)).await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);
    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Unauthenticated, PROVIDER, "GetFunction")
        .status(403)
        .code("RequestTimeTooSkewed")
        .request_id("rid-skew")
        .attempts(2)
        .check(&err);
    assert_mentions(err.message(), "clock");
    assert_eq!(count(&server, "GET", FUNCTION).await, 2);
}

// -------------------------------------------------------------------------- 8. signature mismatch

/// A signature the server cannot verify: `Unauthenticated`, sent once (static credentials cannot get
/// better by re-sending), and the message tells the user to check the secret.
#[tokio::test]
async fn signature_mismatch_says_to_check_the_secret() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        FUNCTIONS,
        fc_error(
            403,
            "SignatureNotMatch",
            "The request signature we calculated does not match the signature you provided.",
            "rid-sig",
        ),
    )
    .await;
    always(
        &server,
        "GET",
        FUNCTION,
        fc_error(403, "InvalidAccessKeyId", "unknown access key", "rid-ak"),
    )
    .await;
    let p = fc(&server.uri(), fast_retry(4), GENEROUS);

    let err = p.create_function("shop", spec()).await.unwrap_err();
    Expect::new(ErrorKind::Unauthenticated, PROVIDER, "CreateFunction")
        .status(403)
        .code("SignatureNotMatch")
        .request_id("rid-sig")
        .attempts(1)
        .check(&err);
    assert_mentions(err.message(), "does not match");
    assert_mentions(err.message(), "check the AccessKeySecret");
    assert!(!err.is_retryable());
    assert_eq!(count(&server, "POST", FUNCTIONS).await, 1);

    let err = get(&p).await.unwrap_err();
    Expect::new(ErrorKind::Unauthenticated, PROVIDER, "GetFunction")
        .status(403)
        .code("InvalidAccessKeyId")
        .request_id("rid-ak")
        .attempts(1)
        .check(&err);
    assert_mentions(err.message(), "check the AccessKey id");
    assert_eq!(count(&server, "GET", FUNCTION).await, 1);
}
