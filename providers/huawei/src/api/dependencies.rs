//! Dependencies (huawei-functiongraph.md §3.3): packages of libraries functions can use.

use cloudfn_core::{ListRequest, Page, Result, paginate};
use futures::stream::BoxStream;
use http::Method;

use super::client::{FunctionGraphClient, next_page, start_request};
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
    /// [`ListRequest`] page size becomes `maxitems`).
    pub fn list_dependencies_stream(
        &self,
        query: ListDependenciesQuery,
    ) -> BoxStream<'static, Result<Dependency>> {
        let client = self.clone();
        let start = start_request(query.marker.as_deref(), query.maxitems);
        paginate(start, move |req: ListRequest| {
            let client = client.clone();
            let mut query = query.clone();
            query.marker = req.token.map(|t| t.as_str().to_owned());
            query.maxitems = req.page_size;
            async move {
                let resp = client.list_dependencies(&query).await?;
                let items = resp.dependencies.unwrap_or_default();
                let next = next_page(
                    query.marker.as_deref(),
                    items.len(),
                    resp.next_marker,
                    resp.count,
                );
                Ok(Page::new(items, next))
            }
        })
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
