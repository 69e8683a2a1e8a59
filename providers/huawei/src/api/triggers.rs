//! Function triggers (huawei-functiongraph.md §3.12).

use cloudfn_core::Result;
use http::Method;

use super::client::FunctionGraphClient;
use super::types::{CreateFunctionTriggerRequest, TriggerInstance, UpdateTriggerRequest};
use crate::signer::encode_path_segment;
use crate::urn::FunctionUrn;

impl FunctionGraphClient {
    /// DeleteFunctionTriggers (SDK `batch_delete_function_triggers`): `DELETE /triggers/{function_urn}`
    /// (204), deletes every trigger of the function.
    pub async fn batch_delete_function_triggers(&self, function: &FunctionUrn) -> Result<()> {
        let path = format!("/triggers/{}", function.to_path_segment());
        self.fetch_nothing(self.request(Method::DELETE, "DeleteFunctionTriggers", &path, &[]))
            .await
    }

    /// ListFunctionTriggers: `GET /triggers/{function_urn}` (a top-level JSON array).
    pub async fn list_function_triggers(
        &self,
        function: &FunctionUrn,
    ) -> Result<Vec<TriggerInstance>> {
        let path = format!("/triggers/{}", function.to_path_segment());
        self.fetch(self.request(Method::GET, "ListFunctionTriggers", &path, &[]))
            .await
    }

    /// CreateFunctionTrigger: `POST /triggers/{function_urn}` (201). Not retried once it may have
    /// reached the server.
    pub async fn create_function_trigger(
        &self,
        function: &FunctionUrn,
        body: &CreateFunctionTriggerRequest,
    ) -> Result<TriggerInstance> {
        let path = format!("/triggers/{}", function.to_path_segment());
        let req = self.json_request(Method::POST, "CreateFunctionTrigger", &path, body)?;
        self.fetch(req).await
    }

    /// DeleteFunctionTrigger: `DELETE /triggers/{function_urn}/{trigger_type_code}/{trigger_id}` (204).
    pub async fn delete_function_trigger(
        &self,
        function: &FunctionUrn,
        trigger_type_code: &str,
        trigger_id: &str,
    ) -> Result<()> {
        let path = trigger_path(function, trigger_type_code, trigger_id);
        self.fetch_nothing(self.request(Method::DELETE, "DeleteFunctionTrigger", &path, &[]))
            .await
    }

    /// ShowFunctionTrigger: `GET /triggers/{function_urn}/{trigger_type_code}/{trigger_id}`.
    pub async fn show_function_trigger(
        &self,
        function: &FunctionUrn,
        trigger_type_code: &str,
        trigger_id: &str,
    ) -> Result<TriggerInstance> {
        let path = trigger_path(function, trigger_type_code, trigger_id);
        self.fetch(self.request(Method::GET, "ShowFunctionTrigger", &path, &[]))
            .await
    }

    /// UpdateFunctionTrigger (SDK `update_trigger`): `PUT
    /// /triggers/{function_urn}/{trigger_type_code}/{trigger_id}`; only the status changes. The
    /// response body is not documented: the updated trigger when there is one, `None` for an empty body or
    /// `null`.
    pub async fn update_trigger(
        &self,
        function: &FunctionUrn,
        trigger_type_code: &str,
        trigger_id: &str,
        body: &UpdateTriggerRequest,
    ) -> Result<Option<TriggerInstance>> {
        let path = trigger_path(function, trigger_type_code, trigger_id);
        let req = self.json_request(Method::PUT, "UpdateFunctionTrigger", &path, body)?;
        self.fetch_optional(req).await
    }
}

fn trigger_path(function: &FunctionUrn, trigger_type_code: &str, trigger_id: &str) -> String {
    format!(
        "/triggers/{}/{}/{}",
        function.to_path_segment(),
        encode_path_segment(trigger_type_code),
        encode_path_segment(trigger_id)
    )
}
