//! # cloudfn-core
//!
//! The provider-neutral heart of cloudfn: one model and one set of traits for serverless functions on
//! Alibaba Cloud Function Compute (FC 2016-08-15) and Huawei Cloud FunctionGraph (v2).
//!
//! - [`model`](crate::FunctionSpec): namespaces, functions, versions, aliases, triggers, async configs,
//!   quotas, invocations, all `serde`, unset kept distinct from zero, provider extras kept in `extensions`.
//! - Traits [`Namespaces`], [`Functions`], [`Versions`], [`Aliases`], [`Triggers`], [`AsyncConfigs`],
//!   [`Quotas`], [`Invoker`], all in [`Provider`] (hold an `Arc<dyn Provider>`), with conveniences in
//!   [`ProviderExt`].
//! - [`Capabilities`]: what a provider can do and its input rules, checked before anything is sent.
//! - [`Error`] with an [`ErrorKind`] that means the same on every cloud.
//! - [`paginate`]: the one pager behind every listing stream; [`Page`] and [`PageToken`] for tools that
//!   resume.
//! - [`InMemory`]: a complete provider with a real cloud's semantics, for tests.
//! - `transport` (feature, on by default): the shared HTTP client the provider crates use.

mod capabilities;
pub mod checksum;
pub mod env;
mod error;
pub mod memory;
mod model;
mod paging;
mod provider;
pub mod rng;
mod secret;
mod serde_util;
#[cfg(feature = "transport")]
pub mod transport;
pub mod zip;

pub use capabilities::{
    Capabilities, CharClass, DurationRange, MemoryRule, NameRule, NameRules, NamespaceModel,
    VersionScope,
};
pub use error::{Error, ErrorKind, Result};
pub use memory::{
    AsyncInvocationRecord, AsyncOutcome, Fault, HandlerResult, InMemory, InMemoryBuilder,
    Invocation, Operation,
};
pub use model::*;
pub use paging::{ListRequest, Page, PageToken, paginate};
pub use provider::{
    Aliases, AsyncConfigs, Functions, Invoker, Namespaces, Provider, ProviderExt, Quotas, Triggers,
    Versions,
};
pub use secret::Secret;
