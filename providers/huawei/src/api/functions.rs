//! Function lifecycle (huawei-functiongraph.md §3.6).

use cloudfn_core::Result;
use futures::stream::BoxStream;
use http::Method;

use super::client::{FunctionGraphClient, MarkerPage, start_request};
use super::types::{
    CreateFunctionRequest, FunctionCode, FunctionConfig, ListFunctionsQuery, ListFunctionsResponse,
    ToQuery, UpdateFunctionCodeRequest, UpdateFunctionConfigRequest,
    UpdateFunctionMaxInstanceConfigRequest,
};
use crate::urn::FunctionUrn;

impl FunctionGraphClient {
    /// ListFunctions: `GET /functions`, one page (`marker`/`maxitems`, `package_name`, `func_name`).
    pub async fn list_functions(
        &self,
        query: &ListFunctionsQuery,
    ) -> Result<ListFunctionsResponse> {
        let req = self.request(
            Method::GET,
            "ListFunctions",
            "/functions",
            &query.to_query(),
        );
        self.fetch(req).await
    }

    /// Every function matching `query`, page after page (following `next_marker`; the stream's
    /// [`ListRequest`](cloudfn_core::ListRequest) page size becomes `maxitems`).
    pub fn list_functions_stream(
        &self,
        query: ListFunctionsQuery,
    ) -> BoxStream<'static, Result<FunctionConfig>> {
        let start = start_request(query.marker.as_deref(), query.maxitems);
        self.marker_stream(
            start,
            query,
            |q, marker, size| {
                q.marker = marker;
                q.maxitems = size;
            },
            move |client, query| async move {
                let resp = client.list_functions(&query).await?;
                Ok(MarkerPage {
                    items: resp.functions.unwrap_or_default(),
                    next_marker: resp.next_marker,
                    count: resp.count,
                })
            },
        )
    }

    /// CreateFunction: `POST /functions`. Not retried once it may have reached the server.
    pub async fn create_function(&self, body: &CreateFunctionRequest) -> Result<FunctionConfig> {
        let req = self.json_request(Method::POST, "CreateFunction", "/functions", body)?;
        self.fetch(req).await
    }

    /// DeleteFunction: `DELETE /functions/{function_urn}` (204). An unqualified URN deletes the whole
    /// function (versions, aliases, triggers); a URN with a version or alias deletes that version.
    pub async fn delete_function(&self, function: &FunctionUrn) -> Result<()> {
        let path = format!("/functions/{}", function.to_path_segment());
        self.fetch_nothing(self.request(Method::DELETE, "DeleteFunction", &path, &[]))
            .await
    }

    /// ShowFunctionCode: `GET /functions/{function_urn}/code`.
    pub async fn show_function_code(&self, function: &FunctionUrn) -> Result<FunctionCode> {
        let path = format!("/functions/{}/code", function.to_path_segment());
        self.fetch(self.request(Method::GET, "ShowFunctionCode", &path, &[]))
            .await
    }

    /// UpdateFunctionCode: `PUT /functions/{function_urn}/code`.
    pub async fn update_function_code(
        &self,
        function: &FunctionUrn,
        body: &UpdateFunctionCodeRequest,
    ) -> Result<FunctionCode> {
        let path = format!("/functions/{}/code", function.to_path_segment());
        let req = self.json_request(Method::PUT, "UpdateFunctionCode", &path, body)?;
        self.fetch(req).await
    }

    /// ShowFunctionConfig: `GET /functions/{function_urn}/config`, the function's metadata.
    pub async fn show_function_config(&self, function: &FunctionUrn) -> Result<FunctionConfig> {
        let path = format!("/functions/{}/config", function.to_path_segment());
        self.fetch(self.request(Method::GET, "ShowFunctionConfig", &path, &[]))
            .await
    }

    /// UpdateFunctionConfig: `PUT /functions/{function_urn}/config`.
    pub async fn update_function_config(
        &self,
        function: &FunctionUrn,
        body: &UpdateFunctionConfigRequest,
    ) -> Result<FunctionConfig> {
        let path = format!("/functions/{}/config", function.to_path_segment());
        let req = self.json_request(Method::PUT, "UpdateFunctionConfig", &path, body)?;
        self.fetch(req).await
    }

    /// UpdateFunctionMaxInstanceConfig: `PUT /functions/{function_urn}/config-max-instance`.
    pub async fn update_function_max_instance_config(
        &self,
        function: &FunctionUrn,
        body: &UpdateFunctionMaxInstanceConfigRequest,
    ) -> Result<FunctionConfig> {
        let path = format!(
            "/functions/{}/config-max-instance",
            function.to_path_segment()
        );
        let req = self.json_request(Method::PUT, "UpdateFunctionMaxInstanceConfig", &path, body)?;
        self.fetch(req).await
    }
}
