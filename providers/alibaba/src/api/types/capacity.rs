//! Provisioned instances (alibaba-fc.md §5.7, §6.8) and the SDK-only capacity routes (official-sdks.md
//! §1.2: on-demand configs, reserved capacities, account settings).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// Scheduled scaling: at a time, set the provisioned count to `target`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ScheduledAction {
    /// Rule name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When the rule becomes effective, e.g. `2020-10-10T10:10:10Z`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// When it stops.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// Provisioned count to set.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub target: Option<i64>,
    /// Schedule, e.g. `cron(0 30 8 * * *)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Metric-tracking scaling within `[minCapacity, maxCapacity]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TargetTrackingPolicy {
    /// Policy name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Start time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// End time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// Metric, e.g. `ProvisionedConcurrencyUtilization`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_type: Option<String>,
    /// Target value of the metric, e.g. `0.6`.
    #[serde(
        deserialize_with = "lenient::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub metric_target: Option<f64>,
    /// Lower bound.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_capacity: Option<i64>,
    /// Upper bound.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_capacity: Option<i64>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Provisioned-instance configuration of a function + alias.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ProvisionConfig {
    /// `{accountId}#{serviceName}#{qualifier}#{functionName}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Desired provisioned instances.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub target: Option<i64>,
    /// Actual provisioned instances (one reference example sends the string `"1"`; read as a number).
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub current: Option<i64>,
    /// Scheduled scaling rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_actions: Option<Vec<ScheduledAction>>,
    /// Metric-tracking rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_tracking_policies: Option<Vec<TargetTrackingPolicy>>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of PutProvisionConfig.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PutProvisionConfigRequest {
    /// Desired provisioned instances (required).
    pub target: i64,
    /// Scheduled scaling rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_actions: Option<Vec<ScheduledAction>>,
    /// Metric-tracking rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_tracking_policies: Option<Vec<TargetTrackingPolicy>>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListProvisionConfigs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListProvisionConfigsResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub provision_configs: Vec<ProvisionConfig>,
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

/// On-demand instance limit of a function + alias (SDK route `.../on-demand-config`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OnDemandConfig {
    /// `services/{serviceName}.{qualifier}/functions/{functionName}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Maximum on-demand instances.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub maximum_instance_count: Option<i64>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of PutOnDemandConfig.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PutOnDemandConfigRequest {
    /// Maximum on-demand instances (required).
    pub maximum_instance_count: i64,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListOnDemandConfigs (`GET /on-demand-configs`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListOnDemandConfigsResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub configs: Vec<OnDemandConfig>,
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

/// A reserved-capacity purchase (SDK route `GET /reservedCapacities`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ReservedCapacity {
    /// Reserved-capacity instance id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Compute units.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub cu: Option<i64>,
    /// Expiry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
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
    /// Whether it was refunded (a string in the SDK docs; booleans are read as text).
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_refunded: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListReservedCapacities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListReservedCapacitiesResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub reserved_capacities: Vec<ReservedCapacity>,
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

/// Response of GetAccountSettings (`GET /account-settings`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountSettings {
    /// Availability zones the account can use (key `availableAZs`).
    #[serde(rename = "availableAZs", deserialize_with = "lenient::vec_or_null")]
    pub available_azs: Vec<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
