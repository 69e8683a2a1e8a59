//! Import and export (huawei-functiongraph.md §3.11).

use bytes::Bytes;
use cloudfn_core::Result;
use http::Method;

use super::client::FunctionGraphClient;
use super::types::{ExportFunctionQuery, FunctionConfig, ImportFunctionRequest, ToQuery};
use crate::urn::FunctionUrn;

impl FunctionGraphClient {
    /// ExportFunction: `GET /functions/{function_urn}/export`; the response (the export package) as
    /// raw bytes.
    pub async fn export_function(
        &self,
        function: &FunctionUrn,
        query: &ExportFunctionQuery,
    ) -> Result<Bytes> {
        let path = format!("/functions/{}/export", function.to_path_segment());
        let req = self.request(Method::GET, "ExportFunction", &path, &query.to_query());
        Ok(self.transport.send(req).await?.into_body())
    }

    /// ImportFunction: `POST /functions/import`, creates a function from an exported package.
    pub async fn import_function(&self, body: &ImportFunctionRequest) -> Result<FunctionConfig> {
        let req = self.json_request(Method::POST, "ImportFunction", "/functions/import", body)?;
        self.fetch(req).await
    }
}
