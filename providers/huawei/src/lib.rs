//! # cloudfn-huawei
//!
//! The Huawei Cloud FunctionGraph (API v2) provider of cloudfn.
//!
//! ```no_run
//! use std::sync::Arc;
//! use cloudfn_core::{Provider, ProviderExt};
//! use cloudfn_huawei::FunctionGraphBuilder;
//!
//! # async fn run() -> cloudfn_core::Result<()> {
//! // Region, AK/SK and project id from HUAWEICLOUD_SDK_* (or IAM password auth from CLOUDFN_IAM_*).
//! let fg: Arc<dyn Provider> = Arc::new(FunctionGraphBuilder::from_env().build_provider().await?);
//! let hello = fg.function(&"default/hello".parse()?).await?;
//! println!("{} runs {}", hello.name, hello.runtime);
//! # Ok(())
//! # }
//! ```
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
//! - [`FunctionGraphClient`] ([`api`]): the typed client, one `async fn` per REST operation of the API
//!   (all 50: invocation sync/async/reserved, quotas, dependencies, test events, tracing, function
//!   lifecycle, versions and aliases, metrics, LTS logs, reserved instances, import/export, triggers,
//!   async-invocation configuration and records), named after the official SDK's methods, plus stream
//!   helpers for the paged lists. Paths and queries are encoded as the SDK sends them, POSTs that create or
//!   invoke are never repeated once they may have reached the server, and a function's own failure is
//!   part of the invoke result, not an error.
//! - [`FgProfile`] ([`profile`]): how the shared transport reads FunctionGraph responses (request ids,
//!   error bodies through [`error`], clock skew).
//! - [`Secret`]: a string that never appears in `Debug`.
//! - [`credential`]: AK/SK credential providers as the official SDK's chain (environment
//!   `HUAWEICLOUD_SDK_*`, the `~/.huaweicloud/credentials` file, env → file), all reading through an
//!   injectable [`credential::Env`].
//! - [`iam`]: IAM password tokens (`POST /v3/auth/tokens`, cached, refreshed ahead of expiry, one fetch
//!   at a time) and the project id of a region (`GET /v3/projects?name={region}`, cached);
//!   [`auth::AkSkSigner`] and [`auth::TokenSigner`] authenticate each attempt on the shared transport
//!   (a rejected token is refreshed and the request re-sent once).
//! - [`FunctionGraphBuilder`] ([`config`]): region (checked against [`region::REGIONS`]), endpoints,
//!   credentials, project id, timeouts and retry, from code, the environment or a `fgs://` URL.
//! - [`FunctionGraph`] ([`adapter`]): the neutral adapter, every `cloudfn-core` trait (`Provider` and
//!   friends) on top of the typed client, built with
//!   [`FunctionGraphBuilder::build_provider`] or [`FunctionGraph::new`]. Namespaces are packages
//!   (implicit), versions and aliases are per function, trigger ids are `{trigger_type_code}:{trigger_id}`;
//!   docs/providers/huawei.md describes the mapping and its limits.

mod pct;

pub mod adapter;
pub mod api;
pub mod auth;
pub mod config;
pub mod credential;
pub mod error;
pub mod iam;
pub mod profile;
pub mod region;
pub mod signer;
pub mod urn;

pub use adapter::FunctionGraph;
pub use api::FunctionGraphClient;
pub use cloudfn_core::Secret;
pub use config::FunctionGraphBuilder;
pub use profile::FgProfile;

/// The provider name put on every error of this crate.
pub const PROVIDER: &str = "huawei-functiongraph";
