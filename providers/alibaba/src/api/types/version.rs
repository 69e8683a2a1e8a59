//! Service versions and aliases (alibaba-fc.md §5.4, §5.5, §6.4, §6.5).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// A published service version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Version {
    /// Decimal version id, e.g. `"1"` (a number is accepted and read as text).
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub version_id: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Creation time.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_time: Option<String>,
    /// Last modification time.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified_time: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `POST /services/{serviceName}/versions` (PublishServiceVersion).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PublishVersionRequest {
    /// Description of the new version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListServiceVersions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListVersionsResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub versions: Vec<Version>,
    /// Token for the next page (`null` on the last).
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_token: Option<String>,
    /// `FORWARD` or `BACKWARD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A service alias.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Alias {
    /// Alias name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias_name: Option<String>,
    /// Main version (`versionID` in the 2018 specification is accepted on input).
    #[serde(
        alias = "versionID",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub version_id: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Grey-release version → traffic fraction in [0, 1]; `null` reads as `None`, `{}` as an empty map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_version_weight: Option<BTreeMap<String, f64>>,
    /// Service name (listed in the reference's tables, absent from its examples).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// Creation time.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_time: Option<String>,
    /// Last modification time.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified_time: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of CreateAlias.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateAliasRequest {
    /// Alias name (required).
    pub alias_name: String,
    /// Main version (required; `versionID` accepted on input).
    #[serde(alias = "versionID")]
    pub version_id: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Grey-release weights, e.g. `{"2": 0.05}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_version_weight: Option<BTreeMap<String, f64>>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of UpdateAlias (partial update).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UpdateAliasRequest {
    /// Main version (`versionID` accepted on input).
    #[serde(alias = "versionID", skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Grey-release weights; `Some(empty)` clears them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_version_weight: Option<BTreeMap<String, f64>>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListAliases.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListAliasesResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub aliases: Vec<Alias>,
    /// Token for the next page.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_token: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
