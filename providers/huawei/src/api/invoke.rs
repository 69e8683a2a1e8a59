//! Function invocation (huawei-functiongraph.md §3.1, official-sdks.md §2.9): synchronous, asynchronous,
//! and asynchronous on a reserved instance.

use bytes::Bytes;
use cloudfn_core::Result;
use cloudfn_core::transport::{HttpRequest, HttpResponse};
use http::Method;

use super::client::{FunctionGraphClient, invalid};
use super::types::{
    AsyncInvokeFunctionResponse, AsyncInvokeReservedFunctionResponse, HEADER_BILLING_DURATION,
    HEADER_CFF_REQUEST_ID, HEADER_FUNCTION_DURATION, HEADER_INSTANCE_MEMORY, HEADER_INVOKE_SUMMARY,
    HEADER_LOG_TYPE, HEADER_REQUEST_VERSION, InvokeFunctionResponse, LOG_TYPE_TAIL,
    REQUEST_VERSION_V1,
};
use crate::urn::FunctionUrn;

/// The response-format version that makes the synchronous invocation answer with plain text (the
/// function's result as the whole body).
pub const REQUEST_VERSION_V0: &str = "v0";

/// Options of a synchronous invocation: the optional request headers of `invoke_function`.
///
/// The default asks for the JSON response format (`X-CFF-Request-Version: v1`, which the API reference
/// says SDK users should choose; the Python SDK sends it only when asked) and no log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvokeOptions {
    /// Send `X-Cff-Log-Type: tail`: the response carries the last 4 KB of the function's log.
    pub log_tail: bool,
    /// `X-CFF-Request-Version`: `v1` (JSON, the default) or `v0` (text); `None` sends no header (the
    /// server's default format).
    pub request_version: Option<String>,
    /// `X-Cff-Instance-Memory`: the instance memory (MB) to run on.
    pub instance_memory: Option<u32>,
}

impl Default for InvokeOptions {
    fn default() -> Self {
        InvokeOptions {
            log_tail: false,
            request_version: Some(REQUEST_VERSION_V1.to_owned()),
            instance_memory: None,
        }
    }
}

impl InvokeOptions {
    /// The defaults: JSON format, no log, no instance memory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks for the log tail (`X-Cff-Log-Type: tail`).
    pub fn with_log_tail(mut self) -> Self {
        self.log_tail = true;
        self
    }

    /// Sets `X-CFF-Request-Version` (`v0` or `v1`); `None` sends no header.
    pub fn with_request_version(mut self, version: Option<&str>) -> Self {
        self.request_version = version.map(str::to_owned);
        self
    }

    /// Sets `X-Cff-Instance-Memory` (MB).
    pub fn with_instance_memory(mut self, mb: u32) -> Self {
        self.instance_memory = Some(mb);
        self
    }

    fn is_text(&self) -> bool {
        self.request_version
            .as_deref()
            .is_some_and(|v| v.trim().eq_ignore_ascii_case(REQUEST_VERSION_V0))
    }
}

/// The result of a synchronous invocation: the body (`request_id`, `result`, `log`, `status`) and the
/// response headers the SDK and the API document.
///
/// A function that failed is **not** an `Err`: its error is in the result, with a non-zero
/// [`status`](InvokeFunctionResult::status) ([`is_function_error`](InvokeFunctionResult::is_function_error)).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InvokeFunctionResult {
    /// The decoded body. With the text format (`v0`) the whole body is `result` and the rest is unset.
    pub body: InvokeFunctionResponse,
    /// `X-Cff-Request-Id`.
    pub cff_request_id: Option<String>,
    /// `X-Cff-Invoke-Summary`.
    pub invoke_summary: Option<String>,
    /// `X-Cff-Function-Duration`, when the server sends it.
    pub function_duration: Option<String>,
    /// `X-Cff-Billing-Duration`, when the server sends it.
    pub billing_duration: Option<String>,
}

impl InvokeFunctionResult {
    /// The request id: the body's `request_id`, else `X-Cff-Request-Id`.
    pub fn request_id(&self) -> Option<&str> {
        self.body
            .request_id
            .as_deref()
            .filter(|s| !s.is_empty())
            .or(self.cff_request_id.as_deref())
    }

    /// The function's result: the text of `result` (normally JSON text, a JSON string inside the JSON
    /// body).
    pub fn result(&self) -> Option<&str> {
        self.body.result.as_deref()
    }

    /// The result parsed as JSON (a result that is not JSON becomes a JSON string).
    pub fn result_json(&self) -> Option<serde_json::Value> {
        self.body.result_json()
    }

    /// The log tail (with `X-Cff-Log-Type: tail`).
    pub fn log(&self) -> Option<&str> {
        self.body.log.as_deref()
    }

    /// The execution status: `0` for success, non-zero for a function error.
    pub fn status(&self) -> Option<i32> {
        self.body.status
    }

    /// Whether the function itself failed (non-zero `status`).
    pub fn is_function_error(&self) -> bool {
        self.body.is_function_error()
    }

    fn from_response(resp: &HttpResponse, text: bool) -> Result<Self> {
        let body = if text {
            InvokeFunctionResponse {
                result: Some(String::from_utf8_lossy(resp.body()).into_owned()),
                ..InvokeFunctionResponse::default()
            }
        } else {
            resp.json::<InvokeFunctionResponse>()?
        };
        let header = |name: &str| resp.header_str(name).map(str::to_owned);
        Ok(InvokeFunctionResult {
            body,
            cff_request_id: header(HEADER_CFF_REQUEST_ID),
            invoke_summary: header(HEADER_INVOKE_SUMMARY),
            function_duration: header(HEADER_FUNCTION_DURATION),
            billing_duration: header(HEADER_BILLING_DURATION),
        })
    }
}

impl FunctionGraphClient {
    fn invocation(
        &self,
        operation: &'static str,
        function: &FunctionUrn,
        suffix: &str,
        body: Bytes,
    ) -> HttpRequest {
        let path = format!("/functions/{}/{suffix}", function.to_path_segment());
        // `Content-Type: application/json` comes with `request`, whatever the body (the SDK sends a `str`
        // body with it too).
        self.request(Method::POST, operation, &path, &[])
            .with_body(body)
    }

    /// InvokeFunction: `POST /functions/{function_urn}/invocations`, runs the function synchronously with
    /// the event `event` (any JSON; `{}` for none).
    ///
    /// Not retried once it may have reached the server (a second run could repeat side effects).
    pub async fn invoke_function(
        &self,
        function: &FunctionUrn,
        event: &serde_json::Value,
        options: &InvokeOptions,
    ) -> Result<InvokeFunctionResult> {
        let body = serde_json::to_vec(event)
            .map_err(|e| invalid(format!("the event is not serialisable: {e}")))?;
        self.invoke_function_raw(function, Bytes::from(body), options)
            .await
    }

    /// [`invoke_function`](Self::invoke_function) with the body given as bytes, sent verbatim (still as
    /// `application/json`, as the SDK sends a `str` body).
    pub async fn invoke_function_raw(
        &self,
        function: &FunctionUrn,
        body: impl Into<Bytes>,
        options: &InvokeOptions,
    ) -> Result<InvokeFunctionResult> {
        let mut req = self.invocation("InvokeFunction", function, "invocations", body.into());
        if options.log_tail {
            req = req.try_with_header(HEADER_LOG_TYPE, LOG_TYPE_TAIL)?;
        }
        if let Some(version) = &options.request_version {
            req = req.try_with_header(HEADER_REQUEST_VERSION, version)?;
        }
        if let Some(mb) = options.instance_memory {
            req = req.try_with_header(HEADER_INSTANCE_MEMORY, &mb.to_string())?;
        }
        let resp = self.transport.send(req).await?;
        InvokeFunctionResult::from_response(&resp, options.is_text())
    }

    /// AsyncInvokeFunction: `POST /functions/{function_urn}/invocations-async` (202), queues an
    /// invocation with the event `event`; the response has its request id (also taken from
    /// `X-Cff-Request-Id` when the body has none). `instance_memory` sets `X-Cff-Instance-Memory`.
    pub async fn async_invoke_function(
        &self,
        function: &FunctionUrn,
        event: &serde_json::Value,
        instance_memory: Option<u32>,
    ) -> Result<AsyncInvokeFunctionResponse> {
        let body = serde_json::to_vec(event)
            .map_err(|e| invalid(format!("the event is not serialisable: {e}")))?;
        let mut req = self.invocation(
            "AsyncInvokeFunction",
            function,
            "invocations-async",
            Bytes::from(body),
        );
        if let Some(mb) = instance_memory {
            req = req.try_with_header(HEADER_INSTANCE_MEMORY, &mb.to_string())?;
        }
        let resp = self.transport.send(req).await?;
        let mut out: AsyncInvokeFunctionResponse = resp.json()?;
        if out.request_id.as_deref().is_none_or(str::is_empty) {
            out.request_id = resp
                .header_str(HEADER_CFF_REQUEST_ID)
                .or(resp.request_id())
                .map(str::to_owned);
        }
        Ok(out)
    }

    /// AsyncInvokeReservedFunction: `POST /functions/{function_urn}/reserved-invocations` (202), runs the
    /// function asynchronously on a reserved instance and returns that instance's id (whitelisted users,
    /// some regions only; not in the Python SDK).
    pub async fn async_invoke_reserved_function(
        &self,
        function: &FunctionUrn,
        event: &serde_json::Value,
    ) -> Result<AsyncInvokeReservedFunctionResponse> {
        let body = serde_json::to_vec(event)
            .map_err(|e| invalid(format!("the event is not serialisable: {e}")))?;
        let req = self.invocation(
            "AsyncInvokeReservedFunction",
            function,
            "reserved-invocations",
            Bytes::from(body),
        );
        self.fetch(req).await
    }
}
