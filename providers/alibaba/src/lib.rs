//! # cloudfn-alibaba
//!
//! Alibaba Cloud Function Compute (FC, API 2016-08-15) provider for cloudfn. **Work in progress**: this
//! release has the building blocks, not yet a client.
//!
//! Implemented:
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
//!
//! Not implemented yet: the typed HTTP client (one method per operation), the credentials chain
//! (environment, profile files, STS), the builder/configuration, and the adapter implementing the
//! `cloudfn-core` provider traits. Until then this crate sends no requests.

pub mod api;
pub mod auth;
pub mod checksum;
pub mod credential;
pub mod error;
pub mod signer;
