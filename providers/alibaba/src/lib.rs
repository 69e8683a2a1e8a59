//! # cloudfn-alibaba
//!
//! Alibaba Cloud Function Compute (FC, API 2016-08-15) provider for cloudfn: the neutral adapter
//! [`AlibabaFc`] (every `cloudfn-core` provider trait), on top of a typed client with one method per FC
//! operation.
//!
//! ```no_run
//! use cloudfn_alibaba::AlibabaFcBuilder;
//! use cloudfn_core::{Code, FunctionSpec, Functions, NamespaceSpec, ProviderExt, Runtime};
//!
//! # async fn demo() -> cloudfn_core::Result<()> {
//! // ALIBABA_CLOUD_ACCOUNT_ID, ALIBABA_CLOUD_REGION_ID and the credential chain.
//! let fc = AlibabaFcBuilder::from_env()?.build_provider()?;
//! fc.ensure_namespace(NamespaceSpec::new("shop")).await?;
//! let spec = FunctionSpec::new("hello", Runtime::Python39, "index.handler", Code::zip(std::fs::read("hello.zip").unwrap()));
//! let f = fc.create_function("shop", spec).await?.reference();
//! let out = fc.invoke_sync(&f, "{}".into()).await?;
//! println!("{}", out.payload_text());
//! // Everything the neutral API does not cover: the typed client.
//! let tags = fc.client().get_resource_tags("acs:fc:cn-hangzhou:123:services/shop").await?;
//! # let _ = tags;
//! # Ok(())
//! # }
//! ```
//!
//! Contents:
//! - [`AlibabaFc`]: the neutral adapter. Namespaces are services; versions and aliases are service-wide
//!   (publishing a version "of a function" publishes its whole service); triggers are addressed by name;
//!   async destinations map to FC ARNs; quotas are unsupported; invalid input is refused before sending.
//!   The mapping and its limits are in `docs/providers/alibaba.md` and `docs/concepts.md`.
//! - [`signer`]: the `Authorization: FC {AccessKeyId}:{signature}` scheme exactly as the official
//!   `aliyun-fc2` SDK signs and the server verifies (string to sign, canonical `x-fc-*` headers, the
//!   canonical resource with the HTTP-trigger query rule, STS tokens), plus the `Date` format, an
//!   in-place [`signer::sign_request`] for an [`http::HeaderMap`], and a server-side [`signer::verify`].
//!   Tested byte for byte against every published golden vector.
//! - [`checksum`]: CRC-64/XZ for `codeChecksum` / `X-Fc-Code-Checksum`.
//! - [`error`]: FC error bodies (both key casings) → [`cloudfn_core::Error`] with an
//!   [`ErrorKind`](cloudfn_core::ErrorKind) from a documented code table, request id and hints; function
//!   errors (`x-fc-error-type`) → [`cloudfn_core::FunctionError`].
//! - [`api::types`]: serde structs for every FC data model and request body, tolerant of the cloud's
//!   inconsistencies and keeping unknown fields.
//! - [`api::FcClient`]: the typed HTTP client, one `async fn` per REST operation of alibaba-fc.md §5
//!   (services, functions with `GetFunctionCode` and `InvokeFunction`, triggers, versions, aliases, custom
//!   domains, provision configs, tags, async invoke configs, stateful async invocations, layers,
//!   instances) plus the official SDK's extra routes (account settings, on-demand configs, reserved
//!   capacities); `ETag`s and request ids returned, `If-Match` taken, a `*_stream` per listing following
//!   `nextToken`, and an unsigned, size-capped [`download_code`](api::FcClient::download_code).
//! - [`profile::FcProfile`]: how the shared transport reads FC responses (errors, request ids, clock
//!   skew).
//!
//! - [`config::AlibabaFcBuilder`] (re-exported at the root): the client from code, the environment
//!   ([`from_env`](config::AlibabaFcBuilder::from_env)) or a URL (`fc://{account}@{region}`,
//!   `fc+https://host:port`), with region validation against [`region::REGIONS`], public and internal
//!   endpoints, explicit endpoints (plain HTTP only when allowed), timeouts, retries and user agent.
//! - [`credential`]: static credentials, the environment (`ALIBABA_CLOUD_ACCESS_KEY_ID`, `..._SECRET`,
//!   `ALIBABA_CLOUD_SECURITY_TOKEN`), the `~/.alibabacloud/credentials` profile file (`access_key`,
//!   `sts`), the default chain of both, and a cache for expiring credentials (one refresh at a time,
//!   refreshed ahead of expiry); all environment and file access through an injectable
//!   [`credential::Env`].
//!
//! - [`AlibabaFcBuilder::build_provider`]: the adapter from the same configuration (account id and
//!   region are required: the adapter builds ARNs with them).
//!
//! Not implemented yet: credential types that need a network exchange (`ecs_ram_role`, `ram_role_arn`,
//! OIDC; they can be plugged in as a [`credential::CredentialSource`]).

mod adapter;
pub mod api;
pub mod auth;
pub mod checksum;
pub mod config;
pub mod credential;
pub mod error;
pub mod profile;
pub mod region;
pub mod signer;

pub use adapter::AlibabaFc;
pub use config::AlibabaFcBuilder;
