//! [`Transport`]: the retrying, per-attempt-signing HTTP client.

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use chrono::{DateTime, TimeDelta, Utc};
use http::header::{DATE, HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::request::url_target;
use super::response::HttpResponse;
use super::retry::{Backoff, parse_http_date, parse_retry_after};
use super::{HttpRequest, RequestSigner, ServiceProfile, TransportConfig};
use crate::rng::SplitMix64;
use crate::{Error, ErrorKind, Result};

/// The HTTP client both provider crates use.
///
/// It sends an [`HttpRequest`] with retries, signing every attempt afresh, and returns the fully read
/// response or an [`Error`] carrying the provider, operation, status, request id and attempt count.
///
/// # Retries
///
/// | failure | idempotent request | non-idempotent request |
/// |---|---|---|
/// | connection could not be opened (refused, DNS, TLS handshake, connect timeout) | retried | retried (nothing was sent) |
/// | 429, or an error the profile maps to `Throttled` | retried | retried (the server refused it unprocessed) |
/// | 408, 5xx except 501 | retried | not retried |
/// | per-attempt timeout, reset or truncated response | retried | not retried |
/// | other 4xx, 501, body over the size cap, signer error | not retried | not retried |
///
/// A non-idempotent request that opted in with [`HttpRequest::allow_retry`] is treated as idempotent. A
/// status error is retried only if [`Error::is_retryable`] agrees (the profile may say a 503 is permanent).
/// Waits follow the [`RetryPolicy`](super::RetryPolicy); a `Retry-After` header is a floor on the wait,
/// and when the wait would end past the policy's budget the transport stops and returns the error.
///
/// # Clock skew
///
/// When [`ServiceProfile::is_clock_skew`] recognises an error and the response has a `Date` header, the
/// transport stores `server date − local time` as its clock offset (shared by every later request of this
/// transport and its clones), re-signs with the corrected clock and re-sends at once. That happens at most
/// once per call, for any request (the server rejected the attempt before acting on it), and is not
/// counted against [`RetryPolicy::max_attempts`](super::RetryPolicy::max_attempts); it is counted in
/// the reported attempts.
///
/// # Tracing
///
/// Each call runs in a debug span `cloudfn_http` with `provider`, `operation`, `method`, and per attempt
/// `attempt`, `status`, `request_id`; every retry decision is a debug event. Neither ever contains a
/// credential.
///
/// # Example
///
/// ```
/// use std::sync::Arc;
/// use cloudfn_core::transport::{GenericProfile, HttpRequest, NoSigner, Transport, TransportConfig};
/// use wiremock::{Mock, MockServer, ResponseTemplate, matchers::path};
///
/// # fn main() -> cloudfn_core::Result<()> {
/// let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
/// rt.block_on(async {
///     let server = MockServer::start().await;
///     Mock::given(path("/v2/functions"))
///         .respond_with(
///             ResponseTemplate::new(200)
///                 .insert_header("x-request-id", "req-42")
///                 .set_body_json(serde_json::json!({ "count": 0 })),
///         )
///         .mount(&server)
///         .await;
///
///     let profile = GenericProfile::new("example").with_request_id_header("x-request-id");
///     let transport = Transport::new(
///         TransportConfig::default().without_env_proxy(),
///         Arc::new(profile),
///         Arc::new(NoSigner),
///     )?;
///     let url = url::Url::parse(&format!("{}/v2/functions", server.uri())).unwrap();
///     let resp = transport.send(HttpRequest::get(url, "ListFunctions")).await?;
///     assert_eq!(resp.request_id(), Some("req-42"));
///     let body: serde_json::Value = resp.json()?;
///     assert_eq!(body["count"], 0);
///     Ok(())
/// })
/// # }
/// ```
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    config: TransportConfig,
    profile: Arc<dyn ServiceProfile>,
    signer: Arc<dyn RequestSigner>,
    clock_offset_ms: AtomicI64,
    seeds: Mutex<SplitMix64>,
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// Nothing reached the server (the connection could not be opened): safe to repeat any request.
    NotSent,
    /// The server refused the request without processing it (429, throttling): safe to repeat.
    Refused,
    /// The server may have processed the request (5xx, 408, timeout, reset): repeat only if allowed.
    MaybeProcessed,
    /// Repeating cannot help.
    Permanent,
}

struct AttemptError {
    error: Error,
    failure: Failure,
    /// For status errors: the response's `Date` and `Retry-After`.
    server_date: Option<DateTime<Utc>>,
    retry_after: Option<Duration>,
    is_status: bool,
}

impl AttemptError {
    fn new(error: Error, failure: Failure) -> Self {
        AttemptError {
            error,
            failure,
            server_date: None,
            retry_after: None,
            is_status: false,
        }
    }
}

impl Transport {
    /// A transport for one provider: `profile` says how its responses read, `signer` authenticates each
    /// attempt.
    ///
    /// Fails with [`ErrorKind::Config`] when the proxy URL or the user agent is invalid, or the TLS
    /// backend cannot start.
    pub fn new(
        config: TransportConfig,
        profile: Arc<dyn ServiceProfile>,
        signer: Arc<dyn RequestSigner>,
    ) -> Result<Self> {
        let config_error = |what: &str, e: reqwest::Error| {
            Error::new(
                ErrorKind::Config,
                format!("cannot build the HTTP client: {what}"),
            )
            .with_provider(profile.provider())
            .with_source(e.without_url())
        };
        let user_agent = http::HeaderValue::from_str(&config.user_agent()).map_err(|e| {
            Error::new(
                ErrorKind::Config,
                "the user agent suffix is not a valid header value",
            )
            .with_provider(profile.provider())
            .with_source(e)
        })?;
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(config.connect_timeout())
            .user_agent(user_agent)
            // Signed API calls are never redirected: a redirect would re-send credentials elsewhere.
            .redirect(reqwest::redirect::Policy::none());
        if let Some(proxy) = config.proxy_url() {
            let proxy =
                reqwest::Proxy::all(proxy).map_err(|e| config_error("invalid proxy URL", e))?;
            builder = builder.proxy(proxy);
        } else if !config.env_proxy() {
            builder = builder.no_proxy();
        }
        let client = builder
            .build()
            .map_err(|e| config_error("client setup failed", e))?;
        let seeds = match config.retry().jitter_seed() {
            Some(seed) => SplitMix64::new(seed),
            None => SplitMix64::from_entropy(),
        };
        Ok(Transport {
            inner: Arc::new(Inner {
                client,
                config,
                profile,
                signer,
                clock_offset_ms: AtomicI64::new(0),
                seeds: Mutex::new(seeds),
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &TransportConfig {
        &self.inner.config
    }

    /// The provider's profile.
    pub fn profile(&self) -> &dyn ServiceProfile {
        self.inner.profile.as_ref()
    }

    /// The clock offset learnt from clock-skew errors: server time − local time (zero until one occurs).
    pub fn clock_offset(&self) -> TimeDelta {
        TimeDelta::milliseconds(self.inner.clock_offset_ms.load(Ordering::Relaxed))
    }

    /// The transport's clock: local time corrected by [`clock_offset`](Transport::clock_offset). Signers
    /// receive this time.
    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        now.checked_add_signed(self.clock_offset()).unwrap_or(now)
    }

    /// Sends `req` (signing every attempt, retrying as described on [`Transport`]) and reads the whole
    /// response.
    ///
    /// A 2xx response is returned; anything else is an [`Error`]: the profile's reading of a non-2xx
    /// response, [`ErrorKind::Timeout`] for an attempt that ran past the request timeout (or the connect
    /// timeout), [`ErrorKind::Transport`] for a connection refused, reset or cut short (the cause
    /// attached as the source), [`ErrorKind::PayloadTooLarge`] for a body over the cap. The error carries
    /// the provider, operation, status and request id when known, and the number of attempts made.
    pub async fn send(&self, req: HttpRequest) -> Result<HttpResponse> {
        let span = tracing::debug_span!(
            "cloudfn_http",
            provider = self.inner.profile.provider(),
            operation = req.operation(),
            method = %req.method(),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.send_with_retries(req, &span)
            .instrument(span.clone())
            .await
    }

    /// [`send`](Transport::send), then decode the body as JSON.
    ///
    /// A body that does not decode gives [`ErrorKind::Decode`] whose message has the serde error and the
    /// start of the body (at most 200 characters); never a panic.
    pub async fn send_json<T: DeserializeOwned>(&self, req: HttpRequest) -> Result<T> {
        self.send(req).await?.json()
    }

    async fn send_with_retries(
        &self,
        req: HttpRequest,
        span: &tracing::Span,
    ) -> Result<HttpResponse> {
        let inner = &*self.inner;
        let policy = inner.config.retry();
        let provider = inner.profile.provider();
        let operation = req.operation();
        let started = tokio::time::Instant::now();
        let mut backoff = Backoff::new(policy, self.next_seed());
        let mut attempts: u32 = 0;
        let mut skew_resent = false;
        let mut auth_resent = false;
        loop {
            attempts += 1;
            span.record("attempt", attempts);
            let failed = match self.attempt(&req, span).await {
                Ok(resp) => return Ok(resp.with_attempts(attempts)),
                Err(failed) => failed,
            };
            let mut error = failed.error;
            if error.provider().is_none() {
                error = error.with_provider(provider);
            }
            if error.operation().is_none() {
                error = error.with_operation(operation);
            }
            if let Some(wait) = failed.retry_after {
                error = error.with_retry_after(wait);
            }
            let error = error.with_attempts(attempts);

            // Clock skew: correct the clock from the server's Date and re-send once, at once.
            if failed.is_status && !skew_resent && inner.profile.is_clock_skew(&error) {
                if let Some(server_date) = failed.server_date {
                    let offset = server_date - Utc::now();
                    inner
                        .clock_offset_ms
                        .store(offset.num_milliseconds(), Ordering::Relaxed);
                    skew_resent = true;
                    tracing::debug!(
                        attempt = attempts,
                        offset_ms = offset.num_milliseconds(),
                        error = %error,
                        "clock skew: corrected the clock by the server's Date, re-signing and re-sending {operation}"
                    );
                    continue;
                }
                tracing::debug!(
                    attempt = attempts,
                    error = %error,
                    "clock skew reported but the response has no usable Date header; not re-sending {operation}"
                );
            }

            // Rejected credentials: a signer that caches them (an IAM token) may drop them; then re-sign
            // with fresh ones and re-send once.
            if failed.is_status
                && !auth_resent
                && error.kind() == ErrorKind::Unauthenticated
                && !req.is_unsigned()
                && !inner.profile.is_clock_skew(&error)
                && inner.signer.credentials_rejected().await
            {
                auth_resent = true;
                tracing::debug!(
                    attempt = attempts,
                    error = %error,
                    "credentials rejected: the signer dropped its cached credentials; re-signing and re-sending {operation}"
                );
                continue;
            }

            let retryable = match failed.failure {
                Failure::NotSent | Failure::Refused => true,
                Failure::MaybeProcessed => req.retry_allowed(),
                Failure::Permanent => false,
            };
            if !retryable {
                if failed.failure == Failure::MaybeProcessed {
                    tracing::debug!(
                        attempt = attempts,
                        error = %error,
                        "not retrying {operation}: the request is not idempotent and may have reached the server"
                    );
                } else {
                    tracing::debug!(attempt = attempts, error = %error, "not retrying {operation}: permanent error");
                }
                return Err(error);
            }
            let counted = attempts - u32::from(skew_resent) - u32::from(auth_resent);
            if counted >= policy.max_attempts() {
                tracing::debug!(
                    attempt = attempts,
                    max_attempts = policy.max_attempts(),
                    error = %error,
                    "not retrying {operation}: attempts exhausted"
                );
                return Err(error);
            }
            let mut wait = backoff.next_delay();
            if let Some(floor) = failed.retry_after {
                wait = wait.max(floor);
            }
            let elapsed = started.elapsed();
            if elapsed.saturating_add(wait) > policy.budget() {
                tracing::debug!(
                    attempt = attempts,
                    wait_ms = wait.as_millis() as u64,
                    elapsed_ms = elapsed.as_millis() as u64,
                    budget_ms = policy.budget().as_millis() as u64,
                    error = %error,
                    "not retrying {operation}: the wait would exceed the retry budget"
                );
                return Err(error);
            }
            tracing::debug!(
                attempt = attempts,
                wait_ms = wait.as_millis() as u64,
                error = %error,
                "retrying {operation}"
            );
            tokio::time::sleep(wait).await;
        }
    }

    fn next_seed(&self) -> u64 {
        self.inner
            .seeds
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .next_u64()
    }

    /// One attempt: sign a fresh copy, send, read the body within the request timeout.
    async fn attempt(
        &self,
        described: &HttpRequest,
        span: &tracing::Span,
    ) -> Result<HttpResponse, AttemptError> {
        let inner = &*self.inner;
        let mut req = described.clone();
        if !req.is_unsigned() {
            inner
                .signer
                .sign(&mut req, self.now())
                .await
                .map_err(|e| AttemptError::new(e, Failure::Permanent))?;
        }
        let timeout = inner.config.request_timeout();
        let target = url_target(req.url());
        let method = req.method().clone();
        match tokio::time::timeout(timeout, self.exchange(req, span)).await {
            Ok(result) => result,
            Err(_elapsed) => Err(AttemptError::new(
                Error::new(
                    ErrorKind::Timeout,
                    format!("{method} {target}: no complete response within {timeout:?}"),
                ),
                Failure::MaybeProcessed,
            )),
        }
    }

    async fn exchange(
        &self,
        req: HttpRequest,
        span: &tracing::Span,
    ) -> Result<HttpResponse, AttemptError> {
        let inner = &*self.inner;
        let target = url_target(req.url());
        let method = req.method().clone();
        let operation = req.operation();
        let mut request = reqwest::Request::new(method.clone(), req.url().clone());
        *request.headers_mut() = req.headers().clone();
        // An empty GET/HEAD/DELETE goes without a body (no `content-length: 0`); anything else carries its
        // body, even an empty one, so that the length is announced.
        let bodiless = matches!(
            method,
            http::Method::GET | http::Method::HEAD | http::Method::DELETE | http::Method::OPTIONS
        );
        if !(bodiless && req.body().is_empty()) {
            *request.body_mut() = Some(reqwest::Body::from(req.body().clone()));
        }

        let mut response = inner
            .client
            .execute(request)
            .await
            .map_err(|e| send_error(&method, &target, e))?;

        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        span.record("status", status.as_u16());
        let request_id = self.request_id(&headers);
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }

        let cap = inner.config.max_response_bytes();
        let success = status.is_success();
        let body = read_body(&mut response, cap, success)
            .await
            .map_err(|e| {
                let e = match e {
                    BodyError::TooLarge(len) => AttemptError::new(
                        Error::new(
                            ErrorKind::PayloadTooLarge,
                            match len {
                                Some(len) => format!(
                                    "{method} {target}: the response body ({len} bytes) is larger than the {cap}-byte limit"
                                ),
                                None => format!(
                                    "{method} {target}: the response body is larger than the {cap}-byte limit"
                                ),
                            },
                        ),
                        Failure::Permanent,
                    ),
                    BodyError::Read(e) => AttemptError::new(
                        transport_error(
                            if e.is_timeout() { ErrorKind::Timeout } else { ErrorKind::Transport },
                            format!("{method} {target}: the connection failed while reading the response body"),
                            e,
                        ),
                        Failure::MaybeProcessed,
                    ),
                };
                let mut error = e.error.with_status(status.as_u16());
                if let Some(id) = &request_id {
                    error = error.with_request_id(id.clone());
                }
                AttemptError { error, ..e }
            })?;

        if success {
            return Ok(HttpResponse::new(status, headers, body).with_context(
                inner.profile.provider(),
                operation,
                request_id,
                1,
            ));
        }

        let mut error = inner
            .profile
            .parse_error(operation, status, &headers, &body);
        if error.status().is_none() {
            error = error.with_status(status.as_u16());
        }
        if error.request_id().is_none() {
            if let Some(id) = request_id {
                error = error.with_request_id(id);
            }
        }
        let code = status.as_u16();
        let failure = if !error.is_retryable() || code == 501 {
            Failure::Permanent
        } else if code == 429 || error.kind() == ErrorKind::Throttled {
            Failure::Refused
        } else if code == 408 || status.is_server_error() {
            Failure::MaybeProcessed
        } else {
            Failure::Permanent
        };
        let server_date = header_str(&headers, &DATE).and_then(parse_http_date);
        let retry_after =
            header_str(&headers, &RETRY_AFTER).and_then(|v| parse_retry_after(v, Utc::now()));
        Err(AttemptError {
            error,
            failure,
            server_date,
            retry_after,
            is_status: true,
        })
    }

    fn request_id(&self, headers: &HeaderMap) -> Option<String> {
        self.inner
            .profile
            .request_id_headers()
            .iter()
            .filter_map(|name| headers.get(*name))
            .filter_map(|v| v.to_str().ok())
            .map(str::trim)
            .find(|v| !v.is_empty())
            .map(str::to_owned)
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &http::header::HeaderName) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

enum BodyError {
    TooLarge(Option<u64>),
    Read(reqwest::Error),
}

/// Reads the body chunk by chunk, never holding more than `cap` bytes. A success body over the cap is an
/// error; an error body is cut at the cap (it is only read for its code and message).
async fn read_body(
    response: &mut reqwest::Response,
    cap: usize,
    fail_over_cap: bool,
) -> Result<Bytes, BodyError> {
    let announced = response.content_length();
    if fail_over_cap {
        if let Some(len) = announced {
            if len > cap as u64 {
                return Err(BodyError::TooLarge(Some(len)));
            }
        }
    }
    let initial = announced
        .map_or(0, |len| len.min(cap as u64) as usize)
        .min(64 * 1024);
    let mut body = BytesMut::with_capacity(initial);
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
        let room = cap - body.len();
        if chunk.len() > room {
            if fail_over_cap {
                return Err(BodyError::TooLarge(announced));
            }
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Maps a failure of `Client::execute` (no response headers received).
fn send_error(method: &http::Method, target: &str, e: reqwest::Error) -> AttemptError {
    if e.is_connect() {
        // Connector errors (DNS, TCP connect, TLS handshake, connect timeout) happen before any byte of
        // the request is written.
        let kind = if e.is_timeout() {
            ErrorKind::Timeout
        } else {
            ErrorKind::Transport
        };
        return AttemptError::new(
            transport_error(kind, format!("{method} {target}: could not connect"), e),
            Failure::NotSent,
        );
    }
    if e.is_builder() {
        return AttemptError::new(
            transport_error(
                ErrorKind::Config,
                format!("{method} {target}: invalid request"),
                e,
            ),
            Failure::Permanent,
        );
    }
    if e.is_timeout() {
        return AttemptError::new(
            transport_error(
                ErrorKind::Timeout,
                format!("{method} {target}: timed out"),
                e,
            ),
            Failure::MaybeProcessed,
        );
    }
    AttemptError::new(
        transport_error(
            ErrorKind::Transport,
            format!("{method} {target}: the connection failed before a complete response arrived"),
            e,
        ),
        Failure::MaybeProcessed,
    )
}

fn transport_error(kind: ErrorKind, message: String, e: reqwest::Error) -> Error {
    // The URL (which could carry query credentials) is dropped from the source; the message names the
    // target without its query.
    Error::new(kind, message).with_source(e.without_url())
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("provider", &self.inner.profile.provider())
            .field("config", &self.inner.config)
            .field("signer", &self.inner.signer)
            .field("clock_offset", &self.clock_offset())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::{GenericProfile, NoSigner};

    #[test]
    fn now_applies_the_offset() {
        let t = Transport::new(
            TransportConfig::default(),
            Arc::new(GenericProfile::new("p")),
            Arc::new(NoSigner),
        )
        .unwrap();
        assert_eq!(t.clock_offset(), TimeDelta::zero());
        t.inner.clock_offset_ms.store(3_600_000, Ordering::Relaxed);
        let skew = t.now() - Utc::now();
        assert!(
            (skew - TimeDelta::hours(1)).abs() < TimeDelta::seconds(5),
            "{skew}"
        );
    }

    #[test]
    fn bad_proxy_and_user_agent_are_config_errors() {
        let bad_proxy = Transport::new(
            TransportConfig::default().with_proxy("::not a url::"),
            Arc::new(GenericProfile::new("p")),
            Arc::new(NoSigner),
        );
        assert_eq!(bad_proxy.err().map(|e| e.kind()), Some(ErrorKind::Config));
        let bad_ua = Transport::new(
            TransportConfig::default().with_user_agent_suffix("a\nb"),
            Arc::new(GenericProfile::new("p")),
            Arc::new(NoSigner),
        );
        assert_eq!(bad_ua.err().map(|e| e.kind()), Some(ErrorKind::Config));
    }

    #[test]
    fn debug_shows_no_secrets() {
        let t = Transport::new(
            TransportConfig::default().with_proxy("http://u:proxy-pass@127.0.0.1:3128"),
            Arc::new(GenericProfile::new("p")),
            Arc::new(NoSigner),
        )
        .unwrap();
        let shown = format!("{t:?}");
        assert!(!shown.contains("proxy-pass"), "{shown}");
    }
}
