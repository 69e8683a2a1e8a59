//! Function logs in LTS (huawei-functiongraph.md §3.9).

use cloudfn_core::Result;
use http::Method;

use super::client::FunctionGraphClient;
use super::types::LtsLogDetail;
use crate::urn::FunctionUrn;

impl FunctionGraphClient {
    /// ShowFunctionLogGroupAndStream (SDK `show_lts_log_details`): `GET
    /// /functions/{function_urn}/lts-log-detail`.
    pub async fn show_lts_log_details(&self, function: &FunctionUrn) -> Result<LtsLogDetail> {
        let path = format!("/functions/{}/lts-log-detail", function.to_path_segment());
        self.fetch(self.request(Method::GET, "ShowLtsLogDetails", &path, &[]))
            .await
    }

    /// EnableLtsLogs: `POST /functions/enable-lts-logs`, turns on log reporting to LTS for the tenant.
    pub async fn enable_lts_logs(&self) -> Result<()> {
        let req = self.request(
            Method::POST,
            "EnableLtsLogs",
            "/functions/enable-lts-logs",
            &[],
        );
        self.fetch_nothing(req).await
    }
}
