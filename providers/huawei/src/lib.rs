//! # cloudfn-huawei
//!
//! The Huawei Cloud FunctionGraph (API v2) provider of cloudfn — **work in progress**.
//!
//! ## What is here
//!
//! - [`signer`]: the `SDK-HMAC-SHA256` AK/SK signer, byte for byte as the official
//!   `huaweicloudsdkcore` computes it (canonical URI, query, headers, payload hash, `X-Sdk-Date`,
//!   `X-Security-Token`, `X-Project-Id`, `UNSIGNED-PAYLOAD`), checked against the SDK's golden vectors and
//!   an independent server-side verifier. [`signer::sign_headers`] signs one attempt of a request on an
//!   [`http::HeaderMap`]; [`signer::AkSkCredentials`] holds the keys and never shows the secret.
//! - [`urn`]: function URNs in every accepted form (`name`, `package:name`, `project:package:name[:q]`,
//!   `urn:fss:region:project:function:package:name[:q]`, versions and `!alias`), typed, printed back
//!   unchanged, converted to and from [`cloudfn_core::FunctionRef`] / [`cloudfn_core::Qualifier`], and
//!   encoded as a URL path segment the way the SDK does.
//! - [`error`]: FunctionGraph and API Gateway error bodies (every form the SDK reads) turned into
//!   [`cloudfn_core::Error`], with the full documented code table mapped to
//!   [`ErrorKind`](cloudfn_core::ErrorKind)s, request ids, `Retry-After`, a hint on signature failures and
//!   clock-skew detection.
//! - [`api::types`]: the wire structs of every operation and model of the API (invocation, quotas,
//!   dependencies, test events, tracing, functions, versions, aliases, metrics, LTS logs, reserved
//!   instances, import/export, triggers, async-invocation configuration and records) plus the IAM bodies
//!   a client needs; they tolerate the documented irregularities and keep unknown members.
//! - [`Secret`]: a string that never appears in `Debug`.
//!
//! ## What is not here yet
//!
//! - the typed client (one method per REST operation, on the shared `cloudfn-core` transport);
//! - the credential providers (environment, profile files) and the IAM token provider
//!   (`POST /v3/auth/tokens`, cached and refreshed) and project-id lookup by region;
//! - the adapter implementing the `cloudfn-core` traits (`Provider` and friends) and the builder.
//!
//! Until then this crate is the building blocks those will use, usable on their own (e.g. to sign a
//! request for another HTTP client, or by an emulator to verify one).

mod pct;
mod secret;

pub mod api;
pub mod auth;
pub mod credential;
pub mod error;
pub mod signer;
pub mod urn;

pub use secret::Secret;

/// The provider name put on every error of this crate.
pub const PROVIDER: &str = "huawei-functiongraph";
