//! Asynchronous-invocation configuration and stateful async invocations (alibaba-fc.md §5.9, §5.10,
//! §6.6, §6.7).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient::{self, NumOrString};

/// `status` values of a stateful async invocation (§6.7).
pub mod invocation_status {
    /// Finished successfully.
    pub const SUCCEEDED: &str = "Succeeded";
    /// Failed.
    pub const FAILED: &str = "Failed";
    /// Running.
    pub const RUNNING: &str = "Running";
    /// Terminated.
    pub const STOPPED: &str = "Stopped";
    /// Being terminated.
    pub const STOPPING: &str = "Stopping";
    /// Not triggered (e.g. the function was deleted).
    pub const INVALID: &str = "Invalid";
    /// Not triggered: older than the configured maximum event age.
    pub const EXPIRED: &str = "Expired";
}

/// One destination: an ARN (MNS queue, FC function, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Destination {
    /// Destination ARN, e.g. `acs:mns:cn-shanghai:123:/queues/q/messages`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Destination {
    /// A destination ARN.
    pub fn new(arn: impl Into<String>) -> Self {
        Destination {
            destination: Some(arn.into()),
            extra: Map::new(),
        }
    }
}

/// Where results of async invocations go.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DestinationConfig {
    /// On success.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub on_success: Option<Destination>,
    /// On failure.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub on_failure: Option<Destination>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The async-invocation configuration of a function + qualifier.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AsyncInvokeConfig {
    /// Service name (`service` in SDK docstrings is accepted on input).
    #[serde(alias = "service", skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// Function name (`function` accepted on input).
    #[serde(alias = "function", skip_serializing_if = "Option::is_none")]
    pub function_name: Option<String>,
    /// Qualifier (version or alias).
    #[serde(
        deserialize_with = "lenient::opt_qualifier",
        skip_serializing_if = "Option::is_none"
    )]
    pub qualifier: Option<String>,
    /// Destinations (`""` from some servers reads as `None`).
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub destination_config: Option<DestinationConfig>,
    /// Maximum event age in seconds, [1, 2592000].
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_async_event_age_in_seconds: Option<i64>,
    /// Maximum retries, [0, 8], default 3.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_async_retry_attempts: Option<i64>,
    /// Whether stateful async invocation is on.
    #[serde(
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub stateful_invocation: Option<bool>,
    /// Creation time (`createTime` accepted on input).
    #[serde(
        alias = "createTime",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_time: Option<String>,
    /// Last modification time.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified_time: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of PutFunctionAsyncInvokeConfig (upsert: only the fields sent change).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PutAsyncInvokeConfigRequest {
    /// Destinations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_config: Option<DestinationConfig>,
    /// Maximum event age in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_async_event_age_in_seconds: Option<i64>,
    /// Maximum retries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_async_retry_attempts: Option<i64>,
    /// Stateful async invocation on/off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stateful_invocation: Option<bool>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListFunctionAsyncInvokeConfigs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListAsyncInvokeConfigsResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub configs: Vec<AsyncInvokeConfig>,
    /// Token for the next page.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_token: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One stateful async invocation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StatefulAsyncInvocation {
    /// Invocation id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invocation_id: Option<String>,
    /// Service name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// Function name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_name: Option<String>,
    /// Qualifier.
    #[serde(
        deserialize_with = "lenient::opt_qualifier",
        skip_serializing_if = "Option::is_none"
    )]
    pub qualifier: Option<String>,
    /// Request id of the invocation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Status, see [`invocation_status`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Start time: epoch milliseconds per the SDK (the reference's example shows an ISO string; both kept
    /// as sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_time: Option<NumOrString>,
    /// End time, same convention.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<NumOrString>,
    /// Delivery status to the destination.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_status: Option<String>,
    /// Error message of the invocation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invocation_error_message: Option<String>,
    /// The event (when `includePayload=true`); `InvocationPayload` (reference spelling) accepted on input.
    #[serde(alias = "InvocationPayload", skip_serializing_if = "Option::is_none")]
    pub invocation_payload: Option<String>,
    /// Retries done so far.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub already_retried_times: Option<i64>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListStatefulAsyncInvocations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListStatefulAsyncInvocationsResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub invocations: Vec<StatefulAsyncInvocation>,
    /// Token for the next page.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_token: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
