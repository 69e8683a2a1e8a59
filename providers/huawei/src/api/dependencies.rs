//! Dependencies (huawei-functiongraph.md §3.3): packages of libraries functions can use.

use cloudfn_core::Result;
use futures::stream::BoxStream;
use http::Method;

use super::client::{FunctionGraphClient, MarkerPage, start_request};
use super::types::{
    CreateDependencyRequest, Dependency, ListDependenciesQuery, ListDependenciesResponse, ToQuery,
};
use crate::signer::encode_path_segment;

impl FunctionGraphClient {
    /// ListDependencies: `GET /dependencies`, one page (`marker`/`maxitems`, filters).
    pub async fn list_dependencies(
        &self,
        query: &ListDependenciesQuery,
    ) -> Result<ListDependenciesResponse> {
        let req = self.request(
            Method::GET,
            "ListDependencies",
            "/dependencies",
            &query.to_query(),
        );
        self.fetch(req).await
    }

    /// Every dependency matching `query`, page after page (following `next_marker`; the stream's
    /// [`ListRequest`](cloudfn_core::ListRequest) page size becomes `maxitems`).
    pub fn list_dependencies_stream(
        &self,
        query: ListDependenciesQuery,
    ) -> BoxStream<'static, Result<Dependency>> {
        let start = start_request(query.marker.as_deref(), query.maxitems);
        self.marker_stream(
            start,
            query,
            |q, marker, size| {
                q.marker = marker;
                q.maxitems = size;
            },
            move |client, query| async move {
                let resp = client.list_dependencies(&query).await?;
                Ok(MarkerPage {
                    items: resp.dependencies.unwrap_or_default(),
                    next_marker: resp.next_marker,
                    count: resp.count,
                })
            },
        )
    }

    /// CreateDependency: `POST /dependencies`, uploads a dependency package.
    pub async fn create_dependency(&self, body: &CreateDependencyRequest) -> Result<Dependency> {
        let req = self.json_request(Method::POST, "CreateDependency", "/dependencies", body)?;
        self.fetch(req).await
    }

    /// DeleteDependency: `DELETE /dependencies/{depend_id}` (204).
    pub async fn delete_dependency(&self, depend_id: &str) -> Result<()> {
        let path = format!("/dependencies/{}", encode_path_segment(depend_id));
        self.fetch_nothing(self.request(Method::DELETE, "DeleteDependency", &path, &[]))
            .await
    }

    /// ShowDependency: `GET /dependencies/{depend_id}`.
    pub async fn show_dependency(&self, depend_id: &str) -> Result<Dependency> {
        let path = format!("/dependencies/{}", encode_path_segment(depend_id));
        self.fetch(self.request(Method::GET, "ShowDependency", &path, &[]))
            .await
    }

    /// UpdateDependency: `PUT /dependencies/{depend_id}`; the server may answer a literal `null` (or
    /// nothing): `None`.
    pub async fn update_dependency(
        &self,
        depend_id: &str,
        body: &CreateDependencyRequest,
    ) -> Result<Option<Dependency>> {
        let path = format!("/dependencies/{}", encode_path_segment(depend_id));
        let req = self.json_request(Method::PUT, "UpdateDependency", &path, body)?;
        self.fetch_optional(req).await
    }
}
