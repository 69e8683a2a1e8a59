//! The shared HTTP transport of the provider crates (feature `transport`, on by default).
//!
//! A call is *described* as an [`HttpRequest`] (method, URL, headers, body, the cloud's operation name,
//! whether it is idempotent), then for every attempt *signed* by the provider's [`RequestSigner`] with a
//! fresh timestamp from the transport's clock, then *sent* by [`Transport`] with reqwest + rustls. The
//! provider's [`ServiceProfile`] says how to read its error bodies and request ids and which error means
//! "clock skew".
//!
//! What the transport guarantees:
//! - retries with decorrelated-jitter backoff and a total time budget ([`RetryPolicy`]), honouring
//!   `Retry-After`; a non-idempotent request (a create, a synchronous invoke) is never repeated once it may
//!   have reached the server, unless it opts in ([`HttpRequest::allow_retry`]);
//! - one re-signed re-send after a clock-skew error, with the clock corrected by the server's `Date`;
//! - every error carries provider, operation, status, the cloud's code and request id, and attempts;
//! - bodies are read incrementally up to a cap ([`TransportConfig::with_max_response_bytes`]);
//! - credentials never appear in `Debug`, errors or logs ([`SENSITIVE_HEADERS`]).

mod client;
mod config;
mod profile;
mod request;
mod response;
mod retry;
mod signer;

pub use client::Transport;
pub use config::{RetryPolicy, TransportConfig};
pub use profile::{GenericProfile, ServiceProfile, default_parse_error};
pub use request::{
    HttpRequest, Idempotency, RedactedHeaders, SENSITIVE_HEADERS, is_sensitive_header,
};
pub use response::{HttpResponse, SNIPPET_CHARS, body_snippet};
pub use retry::{format_http_date, parse_http_date, parse_retry_after};
pub use signer::{NoSigner, RequestSigner};
