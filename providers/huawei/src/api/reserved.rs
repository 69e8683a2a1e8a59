//! Reserved instances (huawei-functiongraph.md §3.10).

use cloudfn_core::Result;
use http::Method;

use super::client::FunctionGraphClient;
use super::types::{ReservedInstancesConfig, UpdateReservedInstancesRequest};
use crate::urn::FunctionUrn;

impl FunctionGraphClient {
    /// UpdateReservedInstances (SDK `update_function_reserved_instances_count`): `PUT
    /// /functions/{function_urn}/reservedinstances`.
    pub async fn update_function_reserved_instances_count(
        &self,
        function: &FunctionUrn,
        body: &UpdateReservedInstancesRequest,
    ) -> Result<ReservedInstancesConfig> {
        let path = format!(
            "/functions/{}/reservedinstances",
            function.to_path_segment()
        );
        let req = self.json_request(Method::PUT, "UpdateReservedInstances", &path, body)?;
        self.fetch(req).await
    }
}
