//! Versions and aliases (huawei-functiongraph.md §3.7).

use cloudfn_core::Result;
use futures::stream::BoxStream;
use http::Method;

use super::client::{FunctionGraphClient, MarkerPage, start_request};
use super::types::{
    AliasConfig, CreateFunctionVersionRequest, CreateVersionAliasRequest, FunctionConfig,
    ListFunctionVersionsQuery, ListFunctionVersionsResponse, ToQuery, UpdateVersionAliasRequest,
};
use crate::signer::encode_path_segment;
use crate::urn::FunctionUrn;

impl FunctionGraphClient {
    /// ListVersionAliases: `GET /functions/{function_urn}/aliases` (a top-level JSON array).
    pub async fn list_version_aliases(&self, function: &FunctionUrn) -> Result<Vec<AliasConfig>> {
        let path = format!("/functions/{}/aliases", function.to_path_segment());
        self.fetch(self.request(Method::GET, "ListVersionAliases", &path, &[]))
            .await
    }

    /// CreateVersionAlias: `POST /functions/{function_urn}/aliases`.
    pub async fn create_version_alias(
        &self,
        function: &FunctionUrn,
        body: &CreateVersionAliasRequest,
    ) -> Result<AliasConfig> {
        let path = format!("/functions/{}/aliases", function.to_path_segment());
        let req = self.json_request(Method::POST, "CreateVersionAlias", &path, body)?;
        self.fetch(req).await
    }

    /// DeleteVersionAlias: `DELETE /functions/{function_urn}/aliases/{alias_name}` (204).
    pub async fn delete_version_alias(&self, function: &FunctionUrn, alias: &str) -> Result<()> {
        let path = alias_path(function, alias);
        self.fetch_nothing(self.request(Method::DELETE, "DeleteVersionAlias", &path, &[]))
            .await
    }

    /// ShowVersionAlias: `GET /functions/{function_urn}/aliases/{alias_name}`.
    pub async fn show_version_alias(
        &self,
        function: &FunctionUrn,
        alias: &str,
    ) -> Result<AliasConfig> {
        let path = alias_path(function, alias);
        self.fetch(self.request(Method::GET, "ShowVersionAlias", &path, &[]))
            .await
    }

    /// UpdateVersionAlias: `PUT /functions/{function_urn}/aliases/{alias_name}`.
    pub async fn update_version_alias(
        &self,
        function: &FunctionUrn,
        alias: &str,
        body: &UpdateVersionAliasRequest,
    ) -> Result<AliasConfig> {
        let path = alias_path(function, alias);
        let req = self.json_request(Method::PUT, "UpdateVersionAlias", &path, body)?;
        self.fetch(req).await
    }

    /// ListFunctionVersions: `GET /functions/{function_urn}/versions`, one page (`marker`/`maxitems`).
    pub async fn list_function_versions(
        &self,
        function: &FunctionUrn,
        query: &ListFunctionVersionsQuery,
    ) -> Result<ListFunctionVersionsResponse> {
        let path = format!("/functions/{}/versions", function.to_path_segment());
        let req = self.request(
            Method::GET,
            "ListFunctionVersions",
            &path,
            &query.to_query(),
        );
        self.fetch(req).await
    }

    /// Every version of `function`, page after page (following `next_marker`).
    pub fn list_function_versions_stream(
        &self,
        function: &FunctionUrn,
        query: ListFunctionVersionsQuery,
    ) -> BoxStream<'static, Result<FunctionConfig>> {
        let start = start_request(query.marker.as_deref(), query.maxitems);
        let function = function.clone();
        self.marker_stream(
            start,
            query,
            |q, marker, size| {
                q.marker = marker;
                q.maxitems = size;
            },
            move |client, query| {
                let function = function.clone();
                async move {
                    let resp = client.list_function_versions(&function, &query).await?;
                    Ok(MarkerPage {
                        items: resp.versions.unwrap_or_default(),
                        next_marker: resp.next_marker,
                        count: resp.count,
                    })
                }
            },
        )
    }

    /// CreateFunctionVersion: `POST /functions/{function_urn}/versions`, publishes a version.
    pub async fn create_function_version(
        &self,
        function: &FunctionUrn,
        body: &CreateFunctionVersionRequest,
    ) -> Result<FunctionConfig> {
        let path = format!("/functions/{}/versions", function.to_path_segment());
        let req = self.json_request(Method::POST, "CreateFunctionVersion", &path, body)?;
        self.fetch(req).await
    }
}

fn alias_path(function: &FunctionUrn, alias: &str) -> String {
    format!(
        "/functions/{}/aliases/{}",
        function.to_path_segment(),
        encode_path_segment(alias)
    )
}
