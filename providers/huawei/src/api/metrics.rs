//! Function metrics (huawei-functiongraph.md §3.8).

use cloudfn_core::Result;
use http::Method;

use super::client::FunctionGraphClient;
use super::types::{FunctionStatistics, ListStatisticsQuery, ListStatisticsResponse, ToQuery};
use crate::signer::encode_path_segment;
use crate::urn::FunctionUrn;

impl FunctionGraphClient {
    /// ListStatistics: `GET /functions/statistics`, tenant-level metrics (`filter` required).
    pub async fn list_statistics(
        &self,
        query: &ListStatisticsQuery,
    ) -> Result<ListStatisticsResponse> {
        let req = self.request(
            Method::GET,
            "ListStatistics",
            "/functions/statistics",
            &query.to_query(),
        );
        self.fetch(req).await
    }

    /// ListFunctionStatistics: `GET /functions/{func_urn}/statistics/{period}`, one function's metrics
    /// over `period` (minutes, e.g. `5`, `15`, `60`).
    pub async fn list_function_statistics(
        &self,
        function: &FunctionUrn,
        period: &str,
    ) -> Result<FunctionStatistics> {
        let path = format!(
            "/functions/{}/statistics/{}",
            function.to_path_segment(),
            encode_path_segment(period)
        );
        self.fetch(self.request(Method::GET, "ListFunctionStatistics", &path, &[]))
            .await
    }
}
