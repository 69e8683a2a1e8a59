//! The FC 2016-08-15 REST API layer: the wire structs ([`types`]) and the typed client ([`FcClient`])
//! with one method per operation, on top of the shared transport of `cloudfn-core`.
//!
//! ```no_run
//! # async fn demo(client: cloudfn_alibaba::api::FcClient) -> cloudfn_core::Result<()> {
//! use cloudfn_alibaba::api::{InvokeInput, ListOptions};
//! use futures::TryStreamExt;
//!
//! let svc = client.get_service("demo", None).await?;
//! println!("etag {:?}", svc.etag);
//! let functions: Vec<_> = client
//!     .list_functions_stream("demo", None, ListOptions::default())
//!     .try_collect()
//!     .await?;
//! let out = client
//!     .invoke_function("demo", Some("prod"), "hello", InvokeInput::sync(&b"{}"[..]).with_log_tail())
//!     .await?;
//! assert!(out.function_error.is_none());
//! # let _ = functions;
//! # Ok(())
//! # }
//! ```

mod client;
mod invoke;
mod operations;
mod options;
pub mod types;

pub use client::{FcClient, Response, encode_path_segment};
pub use invoke::{
    CODE_CHECKSUM_RESPONSE_HEADER, INSTANCE_ID_HEADER, INVOCATION_TYPE_HEADER, InvocationType,
    InvokeInput, InvokeOutput, LOG_RESULT_HEADER, LOG_TYPE_HEADER, LogType,
    STATEFUL_ASYNC_INVOCATION_ID_HEADER, decode_log_result,
};
pub use operations::ON_DEMAND_DEFAULT_LIMIT;
pub use options::{
    Direction, ListInstancesOptions, ListLayerVersionsOptions, ListOptions,
    ListProvisionConfigsOptions, ListServicesOptions, ListStatefulAsyncInvocationsOptions,
    ListVersionsOptions, PageOptions,
};
