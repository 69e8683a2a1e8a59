//! Test events (huawei-functiongraph.md §3.4).

use cloudfn_core::Result;
use http::Method;

use super::client::FunctionGraphClient;
use super::types::{
    CreateEventRequest, CreateEventResponse, ListEventsResponse, TestEvent, UpdateEventRequest,
};
use crate::signer::encode_path_segment;
use crate::urn::FunctionUrn;

impl FunctionGraphClient {
    /// ListEvents: `GET /functions/{function_urn}/events`, the function's test events (the operation
    /// has no paging parameters).
    pub async fn list_events(&self, function: &FunctionUrn) -> Result<ListEventsResponse> {
        let path = format!("/functions/{}/events", function.to_path_segment());
        self.fetch(self.request(Method::GET, "ListEvents", &path, &[]))
            .await
    }

    /// CreateEvent: `POST /functions/{function_urn}/events`.
    pub async fn create_event(
        &self,
        function: &FunctionUrn,
        body: &CreateEventRequest,
    ) -> Result<CreateEventResponse> {
        let path = format!("/functions/{}/events", function.to_path_segment());
        let req = self.json_request(Method::POST, "CreateEvent", &path, body)?;
        self.fetch(req).await
    }

    /// DeleteEvent: `DELETE /functions/{function_urn}/events/{event_id}` (204).
    pub async fn delete_event(&self, function: &FunctionUrn, event_id: &str) -> Result<()> {
        let path = event_path(function, event_id);
        self.fetch_nothing(self.request(Method::DELETE, "DeleteEvent", &path, &[]))
            .await
    }

    /// ShowEvent: `GET /functions/{function_urn}/events/{event_id}`.
    pub async fn show_event(&self, function: &FunctionUrn, event_id: &str) -> Result<TestEvent> {
        let path = event_path(function, event_id);
        self.fetch(self.request(Method::GET, "ShowEvent", &path, &[]))
            .await
    }

    /// UpdateEvent: `PUT /functions/{function_urn}/events/{event_id}`.
    pub async fn update_event(
        &self,
        function: &FunctionUrn,
        event_id: &str,
        body: &UpdateEventRequest,
    ) -> Result<CreateEventResponse> {
        let path = event_path(function, event_id);
        let req = self.json_request(Method::PUT, "UpdateEvent", &path, body)?;
        self.fetch(req).await
    }
}

fn event_path(function: &FunctionUrn, event_id: &str) -> String {
    format!(
        "/functions/{}/events/{}",
        function.to_path_segment(),
        encode_path_segment(event_id)
    )
}
