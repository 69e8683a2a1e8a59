//! Quotas (huawei-functiongraph.md §3.2).

use cloudfn_core::Result;
use http::Method;

use super::client::FunctionGraphClient;
use super::types::ListQuotasResponse;

impl FunctionGraphClient {
    /// ListQuotas: `GET /quotas`, the tenant's quotas and usage.
    pub async fn list_quotas(&self) -> Result<ListQuotasResponse> {
        self.fetch(self.request(Method::GET, "ListQuotas", "/quotas", &[]))
            .await
    }
}
