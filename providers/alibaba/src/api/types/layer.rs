//! Layers (alibaba-fc.md §5.11, §6.9).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Code;
use super::lenient;

/// Where a layer version's package is stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LayerCode {
    /// Repository type, e.g. `OSS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository_type: Option<String>,
    /// Download location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One version of a layer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Layer {
    /// Layer name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer_name: Option<String>,
    /// Version number (from 1).
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<i64>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Package location.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<LayerCode>,
    /// Package size in bytes.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub code_size: Option<i64>,
    /// CRC-64 of the package, decimal.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub code_checksum: Option<String>,
    /// Creation time. Layers say `createTime`, not `createdTime`.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub create_time: Option<String>,
    /// Access mode (e.g. `0`; no enum documented).
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub acl: Option<i64>,
    /// Runtimes the layer supports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatible_runtime: Option<Vec<String>>,
    /// Layer ARN `{hash}#{layerName}#{version}`, the string a function's `layers` holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of PublishLayerVersion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PublishLayerVersionRequest {
    /// The package (OSS or inline zip).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Compatible runtimes, e.g. `["python3"]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compatible_runtime: Option<Vec<String>>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListLayers (one entry per layer name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListLayersResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub layers: Vec<Layer>,
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

/// Response of ListLayerVersions (paged by version number, not by token).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListLayerVersionsResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub layers: Vec<Layer>,
    /// Pass as `startVersion` for the next page; absent on the last page.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_version: Option<i64>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
