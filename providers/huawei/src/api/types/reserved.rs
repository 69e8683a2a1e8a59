//! Reserved instances (§3.10, §4.12).

use serde::{Deserialize, Serialize};

use super::Extra;

wire_struct! {
    /// A scheduled reserved-instance configuration.
    pub struct CronConfig {
        /// The name.
        name: String,
        /// The cron expression.
        cron: String,
        /// Reserved instances started by this schedule.
        count: i32,
        /// The start time (epoch).
        start_time: i64,
        /// The expiry time (epoch).
        expired_time: i64,
    }
}

wire_struct! {
    /// A flow-control configuration.
    pub struct MetricConfig {
        /// The name.
        name: String,
        /// The flow-control type.
        r#type: String,
        /// The threshold.
        threshold: i32,
        /// The minimum.
        min: i32,
    }
}

wire_struct! {
    /// Scheduling and flow-control tactics of reserved instances.
    pub struct TacticsConfig {
        /// Scheduled configurations.
        cron_configs: Vec<CronConfig>,
        /// Flow-control configurations.
        metric_configs: Vec<MetricConfig>,
    }
}

/// The body of UpdateReservedInstances (`PUT /functions/{urn}/reservedinstances`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateReservedInstancesRequest {
    /// The number of reserved instances.
    pub count: i32,
    /// Whether idle mode is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_mode: Option<bool>,
    /// The tactics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tactics_config: Option<TacticsConfig>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

wire_struct! {
    /// The response of UpdateReservedInstances.
    pub struct ReservedInstancesConfig {
        /// The number of reserved instances.
        count: i32,
        /// Whether idle mode is on.
        idle_mode: bool,
        /// The tactics.
        tactics_config: TacticsConfig,
    }
}
