//! Asynchronous-invocation configuration and records (huawei-functiongraph.md §3.13).

use cloudfn_core::Result;
use futures::stream::BoxStream;
use http::Method;

use super::client::{FunctionGraphClient, MarkerPage, start_request};
use super::types::{
    AsyncInvocation, AsyncInvokeConfig, ListAsyncInvocationsQuery, ListAsyncInvocationsResponse,
    ListFunctionAsyncInvokeConfigQuery, ListFunctionAsyncInvokeConfigResponse,
    StopAsyncInvocationRequest, ToQuery, UpdateFunctionAsyncInvokeConfigRequest,
};
use crate::urn::FunctionUrn;

impl FunctionGraphClient {
    /// ShowFunctionAsyncInvokeConfig: `GET /functions/{function_urn}/async-invoke-config`.
    pub async fn show_function_async_invoke_config(
        &self,
        function: &FunctionUrn,
    ) -> Result<AsyncInvokeConfig> {
        let path = format!(
            "/functions/{}/async-invoke-config",
            function.to_path_segment()
        );
        self.fetch(self.request(Method::GET, "ShowFunctionAsyncInvokeConfig", &path, &[]))
            .await
    }

    /// DeleteFunctionAsyncInvokeConfig: `DELETE /functions/{function_urn}/async-invoke-config` (204).
    pub async fn delete_function_async_invoke_config(&self, function: &FunctionUrn) -> Result<()> {
        let path = format!(
            "/functions/{}/async-invoke-config",
            function.to_path_segment()
        );
        let req = self.request(
            Method::DELETE,
            "DeleteFunctionAsyncInvokeConfig",
            &path,
            &[],
        );
        self.fetch_nothing(req).await
    }

    /// UpdateFunctionAsyncInvokeConfig: `PUT /functions/{function_urn}/async-invoke-config`.
    pub async fn update_function_async_invoke_config(
        &self,
        function: &FunctionUrn,
        body: &UpdateFunctionAsyncInvokeConfigRequest,
    ) -> Result<AsyncInvokeConfig> {
        let path = format!(
            "/functions/{}/async-invoke-config",
            function.to_path_segment()
        );
        let req = self.json_request(Method::PUT, "UpdateFunctionAsyncInvokeConfig", &path, body)?;
        self.fetch(req).await
    }

    /// ListFunctionAsyncInvokeConfig: `GET /functions/{function_urn}/async-invoke-configs`, one page
    /// (`marker`/`limit`; the next marker is in `page_info`).
    pub async fn list_function_async_invoke_config(
        &self,
        function: &FunctionUrn,
        query: &ListFunctionAsyncInvokeConfigQuery,
    ) -> Result<ListFunctionAsyncInvokeConfigResponse> {
        let path = format!(
            "/functions/{}/async-invoke-configs",
            function.to_path_segment()
        );
        let req = self.request(
            Method::GET,
            "ListFunctionAsyncInvokeConfig",
            &path,
            &query.to_query(),
        );
        self.fetch(req).await
    }

    /// Every async-invocation configuration of `function`, page after page (`page_info.next_marker`).
    pub fn list_function_async_invoke_config_stream(
        &self,
        function: &FunctionUrn,
        query: ListFunctionAsyncInvokeConfigQuery,
    ) -> BoxStream<'static, Result<AsyncInvokeConfig>> {
        let start = start_request(query.marker.as_deref(), query.limit);
        let function = function.clone();
        self.marker_stream(
            start,
            query,
            |q, marker, size| {
                q.marker = marker;
                q.limit = size;
            },
            move |client, query| {
                let function = function.clone();
                async move {
                    let resp = client
                        .list_function_async_invoke_config(&function, &query)
                        .await?;
                    Ok(MarkerPage {
                        items: resp.async_invoke_configs.unwrap_or_default(),
                        next_marker: resp.page_info.as_ref().and_then(|p| p.next_marker),
                        count: resp.count,
                    })
                }
            },
        )
    }

    /// ListAsyncInvocations: `GET /functions/{function_urn}/async-invocations`, one page
    /// (`marker`/`limit`, filters).
    pub async fn list_async_invocations(
        &self,
        function: &FunctionUrn,
        query: &ListAsyncInvocationsQuery,
    ) -> Result<ListAsyncInvocationsResponse> {
        let path = format!(
            "/functions/{}/async-invocations",
            function.to_path_segment()
        );
        let req = self.request(
            Method::GET,
            "ListAsyncInvocations",
            &path,
            &query.to_query(),
        );
        self.fetch(req).await
    }

    /// Every asynchronous invocation of `function` matching `query`, page after page.
    pub fn list_async_invocations_stream(
        &self,
        function: &FunctionUrn,
        query: ListAsyncInvocationsQuery,
    ) -> BoxStream<'static, Result<AsyncInvocation>> {
        let start = start_request(query.marker.as_deref(), query.limit);
        let function = function.clone();
        self.marker_stream(
            start,
            query,
            |q, marker, size| {
                q.marker = marker;
                q.limit = size;
            },
            move |client, query| {
                let function = function.clone();
                async move {
                    let resp = client.list_async_invocations(&function, &query).await?;
                    Ok(MarkerPage {
                        items: resp.invocations.unwrap_or_default(),
                        next_marker: resp.next_marker,
                        count: resp.count,
                    })
                }
            },
        )
    }

    /// StopAsyncInvocation (SDK `cancel_async_invocation`): `POST /functions/{function_urn}/cancel`; the
    /// server answers a literal `null`, returned as `None` (anything else as `Some`).
    pub async fn cancel_async_invocation(
        &self,
        function: &FunctionUrn,
        body: &StopAsyncInvocationRequest,
    ) -> Result<Option<serde_json::Value>> {
        let path = format!("/functions/{}/cancel", function.to_path_segment());
        let req = self.json_request(Method::POST, "StopAsyncInvocation", &path, body)?;
        self.fetch_optional(req).await
    }
}
