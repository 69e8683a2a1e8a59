//! Function tracing, APM (huawei-functiongraph.md §3.5).

use cloudfn_core::Result;
use http::Method;

use super::client::FunctionGraphClient;
use super::types::TracingConfig;
use crate::urn::FunctionUrn;

impl FunctionGraphClient {
    /// ShowTracing: `GET /functions/{function_urn}/tracing`.
    pub async fn show_tracing(&self, function: &FunctionUrn) -> Result<TracingConfig> {
        let path = format!("/functions/{}/tracing", function.to_path_segment());
        self.fetch(self.request(Method::GET, "ShowTracing", &path, &[]))
            .await
    }

    /// UpdateTracing: `PUT /functions/{function_urn}/tracing` (both members empty disable tracing). The
    /// response body, if any, is decoded as the new configuration; an empty body or `null` is `None`.
    pub async fn update_tracing(
        &self,
        function: &FunctionUrn,
        body: &TracingConfig,
    ) -> Result<Option<TracingConfig>> {
        let path = format!("/functions/{}/tracing", function.to_path_segment());
        let req = self.json_request(Method::PUT, "UpdateTracing", &path, body)?;
        self.fetch_optional(req).await
    }
}
