//! Triggers (alibaba-fc.md §5.3, §6.3) and the documented `triggerConfig` shapes (§6.3.2).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// `triggerType` values (§6.3.1). Others may appear; the field is a plain string.
pub mod trigger_type {
    /// Object Storage Service events.
    pub const OSS: &str = "oss";
    /// Log Service (SLS).
    pub const LOG: &str = "log";
    /// Scheduled.
    pub const TIMER: &str = "timer";
    /// HTTP trigger.
    pub const HTTP: &str = "http";
    /// Tablestore stream.
    pub const TABLESTORE: &str = "tablestore";
    /// CDN events.
    pub const CDN_EVENTS: &str = "cdn_events";
    /// MNS topic.
    pub const MNS_TOPIC: &str = "mns_topic";
    /// EventBridge (Go SDK constant only).
    pub const EVENTBRIDGE: &str = "eventbridge";
}

/// A trigger as the cloud returns it (Create/Update/GetTrigger, ListTriggers items).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Trigger {
    /// Trigger name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger_name: Option<String>,
    /// System id (ListTriggers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger_id: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Type, see [`trigger_type`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger_type: Option<String>,
    /// Event-source ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<String>,
    /// Role the event source assumes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invocation_role: Option<String>,
    /// Version or alias invoked; `null` and the string `"null"` both read as `None`.
    #[serde(
        deserialize_with = "lenient::opt_qualifier",
        skip_serializing_if = "Option::is_none"
    )]
    pub qualifier: Option<String>,
    /// Type-specific configuration, always an object here even when the cloud sent a JSON string. Read it
    /// typed with [`Trigger::config_as`].
    #[serde(
        deserialize_with = "lenient::opt_embedded_json",
        skip_serializing_if = "Option::is_none"
    )]
    pub trigger_config: Option<Value>,
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

impl Trigger {
    /// The `triggerConfig` decoded as `T` (e.g. [`OssTriggerConfig`]); `None` when there is none.
    ///
    /// ```
    /// use cloudfn_alibaba::api::types::{TimerTriggerConfig, Trigger};
    ///
    /// let t: Trigger = serde_json::from_str(
    ///     r#"{"triggerType":"timer","triggerConfig":"{\"cronExpression\":\"@every 1m\",\"enable\":true}"}"#,
    /// ).unwrap();
    /// let cfg: TimerTriggerConfig = t.config_as().unwrap().unwrap();
    /// assert_eq!(cfg.cron_expression.as_deref(), Some("@every 1m"));
    /// ```
    pub fn config_as<T: DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        self.trigger_config
            .as_ref()
            .map(|v| T::deserialize(v.clone()))
    }
}

/// Body of CreateTrigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTriggerRequest {
    /// Trigger name (required).
    pub trigger_name: String,
    /// Type (required), see [`trigger_type`].
    pub trigger_type: String,
    /// Type-specific configuration (required), sent as a JSON object; a JSON string is accepted on input.
    /// Build it with `serde_json::to_value` of one of the typed configs.
    #[serde(deserialize_with = "lenient::embedded_json")]
    pub trigger_config: Value,
    /// Event-source ARN (required for every type except `timer` and `http`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<String>,
    /// Role the event source assumes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocation_role: Option<String>,
    /// Version or alias to invoke.
    #[serde(
        default,
        deserialize_with = "lenient::opt_qualifier",
        skip_serializing_if = "Option::is_none"
    )]
    pub qualifier: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of UpdateTrigger (name, type and source cannot change).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UpdateTriggerRequest {
    /// Role the event source assumes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invocation_role: Option<String>,
    /// Version or alias to invoke.
    #[serde(
        deserialize_with = "lenient::opt_qualifier",
        skip_serializing_if = "Option::is_none"
    )]
    pub qualifier: Option<String>,
    /// New configuration.
    #[serde(
        deserialize_with = "lenient::opt_embedded_json",
        skip_serializing_if = "Option::is_none"
    )]
    pub trigger_config: Option<Value>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListTriggers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListTriggersResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub triggers: Vec<Trigger>,
    /// Token for the next page (documented as Integer once; read as text).
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_token: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OSS key filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OssKeyFilter {
    /// Object-key prefix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Object-key suffix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// OSS filter (`{"key": {...}}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OssFilter {
    /// Key filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<OssKeyFilter>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `triggerConfig` of an `oss` trigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OssTriggerConfig {
    /// Event names, e.g. `oss:ObjectCreated:*`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
    /// Object filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<OssFilter>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `triggerConfig` of a `timer` trigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TimerTriggerConfig {
    /// Cron expression, e.g. `0 0 9 * * ?` or `@every 5m`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cron_expression: Option<String>,
    /// Whether the timer fires.
    #[serde(
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable: Option<bool>,
    /// Event passed to the function (a string).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `triggerConfig` of an `http` trigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HttpTriggerConfig {
    /// `anonymous` or `function` (signed requests required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<String>,
    /// Allowed methods, e.g. `["GET","POST"]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<String>>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Source Logstore of a `log` trigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LogTriggerSourceConfig {
    /// Source Logstore.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logstore: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Job settings of a `log` trigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LogTriggerJobConfig {
    /// Maximum retries.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_retry_time: Option<i64>,
    /// Trigger interval.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub trigger_interval: Option<i64>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where a `log` trigger writes its own logs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LogTriggerLogConfig {
    /// SLS project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Logstore.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logstore: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `triggerConfig` of a `log` trigger (key names from the SDK; no units are documented).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LogTriggerConfig {
    /// Source Logstore.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_config: Option<LogTriggerSourceConfig>,
    /// Job settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_config: Option<LogTriggerJobConfig>,
    /// Free-form parameters passed to the function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_parameter: Option<Value>,
    /// The trigger's own log destination.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_config: Option<LogTriggerLogConfig>,
    /// Whether the trigger is on.
    #[serde(
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable: Option<bool>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `triggerConfig` of an `mns_topic` trigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MnsTopicTriggerConfig {
    /// Message filter tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_tag: Option<String>,
    /// Notification content format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_content_format: Option<String>,
    /// Notification retry strategy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_strategy: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `triggerConfig` of a `cdn_events` trigger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CdnEventsTriggerConfig {
    /// Event name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_name: Option<String>,
    /// Event version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_version: Option<String>,
    /// Notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Filter: key → accepted values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<BTreeMap<String, Vec<String>>>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `triggerConfig` of a `tablestore` trigger (no documented fields).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TablestoreTriggerConfig {
    /// Whatever the cloud sends, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
