//! Tags (alibaba-fc.md §5.8, §6.11) and instances (§5.12, §6.12).

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// Body of `POST /tag` (TagResource).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagResourceRequest {
    /// Resource ARN, full (`acs:fc:{region}:{account}:services/{name}`) or partial (`services/{name}`).
    pub resource_arn: String,
    /// Tags to add (1 to 20; values may be empty).
    pub tags: BTreeMap<String, String>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `DELETE /tag` (UntagResource; a JSON body on DELETE).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UntagResourceRequest {
    /// Resource ARN.
    pub resource_arn: String,
    /// Keys to remove.
    #[serde(default, deserialize_with = "lenient::vec_or_null")]
    pub tag_keys: Vec<String>,
    /// `true`: remove every tag (takes effect when `tag_keys` is empty). Always sent, as the SDK does.
    #[serde(default)]
    pub all: bool,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of `GET /tag` (GetResourceTags).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResourceTags {
    /// Resource ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_arn: Option<String>,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    /// Request id, when the body carries one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The JSON body of an operation with nothing to return (TagResource, UntagResource): at most a request
/// id, and whatever else the server adds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Acknowledgement {
    /// Request id, when the body carries one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One instance of a function (ListInstances).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Instance {
    /// Instance id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Service version the instance runs; `0` means LATEST.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub version_id: Option<i64>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListInstances. The reference documents a bare JSON array, the Go SDK an object
/// `{"instances": [...], "nextToken": ...}`; both are read. It is written as the object form.
///
/// ```
/// use cloudfn_alibaba::api::types::ListInstancesResponse;
/// let a: ListInstancesResponse = serde_json::from_str(r#"[{"instanceId":"i1","versionId":1}]"#).unwrap();
/// let b: ListInstancesResponse = serde_json::from_str(r#"{"instances":[{"instanceId":"i1","versionId":1}]}"#).unwrap();
/// assert_eq!(a, b);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListInstancesResponse {
    /// The instances.
    pub instances: Vec<Instance>,
    /// Token for the next page (object form only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// Fields cloudfn does not model, kept as received (object form only).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct ListInstancesObject {
    #[serde(deserialize_with = "lenient::vec_or_null")]
    instances: Vec<Instance>,
    #[serde(deserialize_with = "lenient::opt_string")]
    next_token: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ListInstancesWire {
    Array(Vec<Instance>),
    Object(ListInstancesObject),
}

impl<'de> Deserialize<'de> for ListInstancesResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match ListInstancesWire::deserialize(d)? {
            ListInstancesWire::Array(instances) => ListInstancesResponse {
                instances,
                next_token: None,
                extra: Map::new(),
            },
            ListInstancesWire::Object(o) => ListInstancesResponse {
                instances: o.instances,
                next_token: o.next_token,
                extra: o.extra,
            },
        })
    }
}
