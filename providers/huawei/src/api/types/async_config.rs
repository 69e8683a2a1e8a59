//! Asynchronous execution notification (§3.13, §4.6, §4.7).

use serde::{Deserialize, Serialize};

use super::{Extra, QueryBuilder, ToQuery};

/// Destination: an OBS bucket.
pub const DESTINATION_OBS: &str = "OBS";
/// Destination: an SMN topic.
pub const DESTINATION_SMN: &str = "SMN";
/// Destination: a DIS stream.
pub const DESTINATION_DIS: &str = "DIS";
/// Destination: another function.
pub const DESTINATION_FUNCTION_GRAPH: &str = "FunctionGraph";

wire_struct! {
    /// One destination: a type and its parameters as **JSON text in a string**.
    pub struct FuncDestinationConfig {
        /// `OBS`, `SMN`, `DIS` or `FunctionGraph`.
        destination: String,
        /// The parameters, JSON text: `{"func_urn":...}`, `{"topic_urn":...}`, `{"stream_name":...}`,
        /// or for OBS bucket, prefix and expiry days.
        param: String,
    }
}

impl FuncDestinationConfig {
    /// A destination of type `destination` with `param` serialised to JSON text.
    pub fn new(destination: &str, param: &serde_json::Value) -> Self {
        FuncDestinationConfig {
            destination: Some(destination.to_owned()),
            param: Some(param.to_string()),
            extra: Extra::new(),
        }
    }

    /// Another function as destination.
    pub fn function_graph(func_urn: &str) -> Self {
        FuncDestinationConfig::new(
            DESTINATION_FUNCTION_GRAPH,
            &serde_json::json!({ "func_urn": func_urn }),
        )
    }

    /// An SMN topic as destination.
    pub fn smn(topic_urn: &str) -> Self {
        FuncDestinationConfig::new(
            DESTINATION_SMN,
            &serde_json::json!({ "topic_urn": topic_urn }),
        )
    }

    /// A DIS stream as destination.
    pub fn dis(stream_name: &str) -> Self {
        FuncDestinationConfig::new(
            DESTINATION_DIS,
            &serde_json::json!({ "stream_name": stream_name }),
        )
    }

    /// `param` parsed from its JSON text.
    pub fn param_json(&self) -> Option<Result<serde_json::Value, serde_json::Error>> {
        self.param.as_deref().map(serde_json::from_str)
    }
}

wire_struct! {
    /// Where asynchronous results go.
    pub struct FuncAsyncDestinationConfig {
        /// On successful execution.
        on_success: FuncDestinationConfig,
        /// On failure due to a system or internal error.
        on_failure: FuncDestinationConfig,
    }
}

wire_struct! {
    /// The asynchronous-invocation configuration of a function version: the response of
    /// ShowFunctionAsyncInvokeConfig and UpdateFunctionAsyncInvokeConfig, an item of
    /// ListFunctionAsyncInvokeConfig, and a function's `function_async_config`.
    pub struct AsyncInvokeConfig {
        /// The function URN (version-qualified).
        func_urn: String,
        /// The maximum age of an event, in seconds.
        max_async_event_age_in_seconds: i32,
        /// The maximum number of retries.
        max_async_retry_attempts: i32,
        /// The destinations.
        destination_config: FuncAsyncDestinationConfig,
        /// When it was configured, ISO-8601.
        created_time: String,
        /// The last modification, ISO-8601.
        last_modified: String,
        /// Whether asynchronous invocation status is persisted.
        enable_async_status_log: bool,
    }
}

/// A function's `function_async_config`.
pub type FunctionAsyncConfig = AsyncInvokeConfig;

wire_struct! {
    /// The body of UpdateFunctionAsyncInvokeConfig (`PUT /functions/{urn}/async-invoke-config`), all
    /// optional.
    pub struct UpdateFunctionAsyncInvokeConfigRequest {
        /// 1–86400 seconds (default 3600).
        max_async_event_age_in_seconds: i32,
        /// 0–3 (default 1).
        max_async_retry_attempts: i32,
        /// The destinations.
        destination_config: FuncAsyncDestinationConfig,
        /// Whether to persist asynchronous invocation status.
        enable_async_status_log: bool,
    }
}

/// Query parameters of ListFunctionAsyncInvokeConfig (`GET /functions/{urn}/async-invoke-configs`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFunctionAsyncInvokeConfigQuery {
    /// Where the previous page ended; `0` for the first page.
    pub marker: Option<String>,
    /// Items per page (absent or 0 means 10, at most 100).
    pub limit: Option<u32>,
}

impl ToQuery for ListFunctionAsyncInvokeConfigQuery {
    fn to_query(&self) -> Vec<(String, String)> {
        QueryBuilder::default()
            .opt("marker", self.marker.as_ref())
            .opt("limit", self.limit.as_ref())
            .build()
    }
}

wire_struct! {
    /// Paging information of the `page_info` lists.
    pub struct PageInfo {
        /// The marker of the next page.
        next_marker: i64,
        /// The marker of the previous page.
        previous_marker: i64,
        /// Items on this page.
        current_count: i64,
    }
}

wire_struct! {
    /// The response of ListFunctionAsyncInvokeConfig.
    pub struct ListFunctionAsyncInvokeConfigResponse {
        /// The configurations.
        async_invoke_configs: Vec<AsyncInvokeConfig>,
        /// The total.
        count: i64,
        /// Paging.
        page_info: PageInfo,
    }
}

/// Asynchronous invocation status: waiting.
pub const ASYNC_STATUS_WAIT: &str = "WAIT";
/// Asynchronous invocation status: running.
pub const ASYNC_STATUS_RUNNING: &str = "RUNNING";
/// Asynchronous invocation status: succeeded.
pub const ASYNC_STATUS_SUCCESS: &str = "SUCCESS";
/// Asynchronous invocation status: failed.
pub const ASYNC_STATUS_FAIL: &str = "FAIL";
/// Asynchronous invocation status: discarded.
pub const ASYNC_STATUS_DISCARD: &str = "DISCARD";

/// Query parameters of ListAsyncInvocations (`GET /functions/{urn}/async-invocations`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAsyncInvocationsQuery {
    /// One request id (all requests when absent).
    pub request_id: Option<String>,
    /// Where the previous page ended; `0` for the first page.
    pub marker: Option<String>,
    /// Records per page (default 100, at most 500).
    pub limit: Option<u32>,
    /// `WAIT`, `RUNNING`, `SUCCESS`, `FAIL` or `DISCARD` (all when absent).
    pub status: Option<String>,
    /// Start time, `YYYY-MM-DDTHH:mm:ss` UTC (default one hour ago).
    pub query_begin_time: Option<String>,
    /// End time, same format (default now).
    pub query_end_time: Option<String>,
}

impl ToQuery for ListAsyncInvocationsQuery {
    fn to_query(&self) -> Vec<(String, String)> {
        QueryBuilder::default()
            .opt("request_id", self.request_id.as_ref())
            .opt("marker", self.marker.as_ref())
            .opt("limit", self.limit.as_ref())
            .opt("status", self.status.as_ref())
            .opt("query_begin_time", self.query_begin_time.as_ref())
            .opt("query_end_time", self.query_end_time.as_ref())
            .build()
    }
}

wire_struct! {
    /// An asynchronous invocation (ListFunctionAsyncInvocationsResult).
    pub struct AsyncInvocation {
        /// The request id.
        request_id: String,
        /// `WAIT`, `RUNNING`, `SUCCESS`, `FAIL` or `DISCARD`.
        status: String,
        /// The error; empty on success.
        error_message: String,
        /// The start time, `YYYY-MM-DDTHH:mm:ss` UTC.
        start_time: String,
        /// The end time, same format.
        end_time: String,
    }
}

wire_struct! {
    /// The response of ListAsyncInvocations.
    pub struct ListAsyncInvocationsResponse {
        /// The invocations.
        invocations: Vec<AsyncInvocation>,
        /// The marker of the next page (read by the SDK).
        next_marker: i64,
        /// The total (read by the SDK).
        count: i64,
    }
}

/// StopAsyncInvocation `type`: also stop the sub-functions being invoked.
pub const STOP_TYPE_RECURSIVE: &str = "recursive";
/// StopAsyncInvocation `type`: stop the runtime directly.
pub const STOP_TYPE_FORCE: &str = "force";

/// The body of StopAsyncInvocation (`POST /functions/{urn}/cancel`); the response is a literal `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopAsyncInvocationRequest {
    /// The request to stop.
    pub request_id: String,
    /// `recursive` or `force`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The SDK's name for an item of ListAsyncInvocations.
pub type ListFunctionAsyncInvocationsResult = AsyncInvocation;
