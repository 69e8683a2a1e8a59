//! The FunctionGraph v2 REST API, typed.
//!
//! - [`FunctionGraphClient`]: one `async fn` per operation of huawei-functiongraph.md §3 (50), named
//!   after the official SDK's method, plus stream helpers for the paged lists.
//! - [`types`]: the request and response bodies and query parameters of every operation and every model
//!   of §4, named after the cloud's own models.

mod async_config;
pub mod client;
mod dependencies;
mod events;
mod functions;
mod import_export;
mod invoke;
mod logs;
mod metrics;
mod quotas;
mod reserved;
mod tracing_config;
mod triggers;
pub mod types;
mod versions;

pub use client::FunctionGraphClient;
pub use invoke::{InvokeFunctionResult, InvokeOptions, REQUEST_VERSION_V0};
