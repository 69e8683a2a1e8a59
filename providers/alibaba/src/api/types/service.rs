//! Services (alibaba-fc.md §5.1, §6.1).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient::{self, NumOrString};

/// Where function logs go (Log Service project and Logstore). `LogConfig` in the API reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LogConfig {
    /// SLS project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// SLS Logstore. The key is all lower-case `logstore`; `logStore` (SDK docstrings) is accepted on input.
    #[serde(
        rename = "logstore",
        alias = "logStore",
        skip_serializing_if = "Option::is_none"
    )]
    pub logstore: Option<String>,
    /// Request-level metrics (default `true` on the cloud).
    #[serde(
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_request_metrics: Option<bool>,
    /// Instance-level metrics (default `false`).
    #[serde(
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_instance_metrics: Option<bool>,
    /// Log-splitting rule: `None` or `DefaultRegex`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_begin_rule: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// VPC access of a service. `VPCConfig` in the API reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct VpcConfig {
    /// VPC id, e.g. `vpc-***`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// VSwitch ids (key `vSwitchIds`).
    #[serde(rename = "vSwitchIds", skip_serializing_if = "Option::is_none")]
    pub v_switch_ids: Option<Vec<String>>,
    /// Security group id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_id: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One NAS mount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MountPoint {
    /// NAS server address and remote path, e.g. `xxx.cn-hangzhou.nas.aliyuncs.com:/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_addr: Option<String>,
    /// Local mount directory, e.g. `/home/test`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_dir: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// NAS mounts of a service. `NASConfig` in the API reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NasConfig {
    /// POSIX user id: a string (`"100"`) in the API reference, an integer in the SDKs; kept as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<NumOrString>,
    /// POSIX group id, same convention as `user_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<NumOrString>,
    /// Mounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_points: Option<Vec<MountPoint>>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Tracing of a service (`Jaeger`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TracingConfig {
    /// Tracing type; `Jaeger` is the only one documented.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub tracing_type: Option<String>,
    /// Parameters, e.g. `{"endpoint": "..."}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<BTreeMap<String, String>>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A service as the cloud returns it (Create/Update/GetService, ListServices items). The `ETag` is a
/// response header, not part of this body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Service {
    /// Service name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// System-generated id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// RAM role ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Log destination.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub log_config: Option<LogConfig>,
    /// VPC access.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub vpc_config: Option<VpcConfig>,
    /// NAS mounts.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub nas_config: Option<NasConfig>,
    /// Whether functions may reach the Internet.
    #[serde(
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub internet_access: Option<bool>,
    /// Tracing.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub tracing_config: Option<TracingConfig>,
    /// Creation time (see [`parse_timestamp`](super::parse_timestamp)).
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

/// Body of `POST /services` (CreateService).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateServiceRequest {
    /// Service name (required).
    pub service_name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether functions may reach the Internet (the cloud defaults to `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet_access: Option<bool>,
    /// Log destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_config: Option<LogConfig>,
    /// NAS mounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nas_config: Option<NasConfig>,
    /// RAM role ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// VPC access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_config: Option<VpcConfig>,
    /// Tracing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracing_config: Option<TracingConfig>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `PUT /services/{serviceName}` (UpdateService): only the fields present are changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UpdateServiceRequest {
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Internet access.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_access: Option<bool>,
    /// Log destination.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_config: Option<LogConfig>,
    /// NAS mounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nas_config: Option<NasConfig>,
    /// RAM role ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// VPC access.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_config: Option<VpcConfig>,
    /// Tracing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing_config: Option<TracingConfig>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of `GET /services` (ListServices).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListServicesResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub services: Vec<Service>,
    /// Token for the next page; absent or `null` on the last page.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_token: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
