//! Versions and aliases (§3.7, §4.4, §4.5).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Extra, FunctionConfig, QueryBuilder, ToQuery};

wire_struct! {
    /// An alias: the response of CreateVersionAlias, ShowVersionAlias and UpdateVersionAlias, and an item
    /// of ListVersionAliases.
    pub struct AliasConfig {
        /// The alias name.
        name: String,
        /// The version it points to.
        version: String,
        /// The description.
        description: String,
        /// The last modification, ISO-8601 with offset.
        last_modified: String,
        /// The alias URN, `...:{function}:!{name}`.
        alias_urn: String,
        /// Grey release: version → percent of the traffic routed there instead of `version`.
        additional_version_weights: BTreeMap<String, i32>,
    }
}

/// The response of ListVersionAliases (`GET /functions/{urn}/aliases`): a **bare JSON array**.
pub type ListVersionAliasesResponse = Vec<AliasConfig>;

/// The body of CreateVersionAlias (`POST /functions/{urn}/aliases`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateVersionAliasRequest {
    /// The alias name.
    pub name: String,
    /// The version it points to (`latest` or a published version).
    pub version: String,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Grey release: version → percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_version_weights: Option<BTreeMap<String, i32>>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of UpdateVersionAlias (`PUT /functions/{urn}/aliases/{alias_name}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateVersionAliasRequest {
    /// The version it points to.
    pub version: String,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Grey release: version → percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_version_weights: Option<BTreeMap<String, i32>>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Query parameters of ListFunctionVersions (`GET /functions/{urn}/versions`).
///
/// The API reference spells the page size `maxitens`; the SDK sends `maxitems`, and so does this.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFunctionVersionsQuery {
    /// Where the previous page ended (`next_marker`).
    pub marker: Option<String>,
    /// Versions per page.
    pub maxitems: Option<u32>,
}

impl ToQuery for ListFunctionVersionsQuery {
    fn to_query(&self) -> Vec<(String, String)> {
        QueryBuilder::default()
            .opt("marker", self.marker.as_ref())
            .opt("maxitems", self.maxitems.as_ref())
            .build()
    }
}

wire_struct! {
    /// The response of ListFunctionVersions.
    pub struct ListFunctionVersionsResponse {
        /// The versions, `latest` included.
        versions: Vec<FunctionConfig>,
        /// The marker of the next page.
        next_marker: i64,
        /// The total number of versions.
        count: i64,
    }
}

/// An item of ListFunctionVersions.
pub type ListFunctionVersionResult = FunctionConfig;

wire_struct! {
    /// The body of CreateFunctionVersion (`POST /functions/{urn}/versions`), all optional. Its response is
    /// a [`FunctionConfig`].
    pub struct CreateFunctionVersionRequest {
        /// The code digest the caller expects to publish.
        digest: String,
        /// The version name (generated as `vYYYYMMDD-HHMMSS` when absent).
        version: String,
        /// The version description.
        description: String,
    }
}

/// The SDK's name for an alias object.
pub type ListVersionAliasResult = AliasConfig;
