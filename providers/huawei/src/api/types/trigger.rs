//! Triggers (§3.12, §4.2, §4.3).

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{BoolOrString, Extra, RedactedJson, StringOrList};
use crate::Secret;

/// Trigger type codes of the operations' enum (path `{trigger_type_code}` and body `trigger_type_code`).
pub const TRIGGER_TYPE_CODES: &[&str] = &[
    "TIMER",
    "APIG",
    "CTS",
    "DDS",
    "DMS",
    "DIS",
    "LTS",
    "OBS",
    "SMN",
    "KAFKA",
    "RABBITMQ",
    "DEDICATEDGATEWAY",
    "OPENSOURCEKAFKA",
    "APIC",
    "GAUSSMONGO",
    "EVENTGRID",
];

/// Trigger status: enabled.
pub const TRIGGER_STATUS_ACTIVE: &str = "ACTIVE";
/// Trigger status: disabled (only TIMER, DDS, DMS, KAFKA and LTS triggers can be disabled).
pub const TRIGGER_STATUS_DISABLED: &str = "DISABLED";

/// A trigger: an item of ListFunctionTriggers (a **bare JSON array**), the response of
/// CreateFunctionTrigger (201), ShowFunctionTrigger and UpdateFunctionTrigger.
///
/// The operations send the status as `trigger_status`, the §1.6.2 model as `status`; both are kept and
/// [`status`](TriggerInstance::status) reads either. `event_data` is type-specific JSON (see the
/// `*EventData` structs and [`event_data_as`](TriggerInstance::event_data_as)). `Debug` hides
/// password-, secret- and token-like members of `event_data`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TriggerInstance {
    /// The trigger id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_id: Option<String>,
    /// The trigger type (one of [`TRIGGER_TYPE_CODES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_type_code: Option<String>,
    /// `ACTIVE` or `DISABLED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_status: Option<String>,
    /// The model's spelling of `trigger_status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The event type code (unused by the service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type_code: Option<String>,
    /// The type-specific configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_data: Option<serde_json::Value>,
    /// The last update time, ISO-8601 with offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated_time: Option<String>,
    /// The creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
    /// Members this version of cloudfn does not model, kept and written back verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl TriggerInstance {
    /// The status: `trigger_status`, else the model's `status`.
    pub fn status(&self) -> Option<&str> {
        self.trigger_status.as_deref().or(self.status.as_deref())
    }

    /// `event_data` decoded as `T` (e.g. [`TimerEventData`]); `Ok(None)` when absent.
    pub fn event_data_as<T: DeserializeOwned>(&self) -> Result<Option<T>, serde_json::Error> {
        self.event_data
            .clone()
            .map(serde_json::from_value)
            .transpose()
    }
}

impl fmt::Debug for TriggerInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TriggerInstance")
            .field("trigger_id", &self.trigger_id)
            .field("trigger_type_code", &self.trigger_type_code)
            .field("trigger_status", &self.trigger_status)
            .field("status", &self.status)
            .field("event_type_code", &self.event_type_code)
            .field("event_data", &self.event_data.as_ref().map(RedactedJson))
            .field("last_updated_time", &self.last_updated_time)
            .field("created_time", &self.created_time)
            .field(
                "extra",
                &RedactedJson(&serde_json::Value::Object(self.extra.clone())),
            )
            .finish()
    }
}

/// The response of ListFunctionTriggers (`GET /triggers/{urn}`): a bare JSON array.
pub type ListFunctionTriggersResponse = Vec<TriggerInstance>;

/// The body of CreateFunctionTrigger (`POST /triggers/{urn}`). `Debug` hides password-like members of
/// `event_data`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateFunctionTriggerRequest {
    /// The trigger type.
    pub trigger_type_code: String,
    /// `ACTIVE` or `DISABLED` (DDS and KAFKA default to `DISABLED`, others to `ACTIVE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_status: Option<String>,
    /// The event type code (unused; the console sends e.g. `MessageCreated`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type_code: Option<String>,
    /// The type-specific configuration (a JSON object; build it from an `*EventData` struct with
    /// `serde_json::to_value`).
    pub event_data: serde_json::Value,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for CreateFunctionTriggerRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateFunctionTriggerRequest")
            .field("trigger_type_code", &self.trigger_type_code)
            .field("trigger_status", &self.trigger_status)
            .field("event_type_code", &self.event_type_code)
            .field("event_data", &RedactedJson(&self.event_data))
            .field(
                "extra",
                &RedactedJson(&serde_json::Value::Object(self.extra.clone())),
            )
            .finish()
    }
}

wire_struct! {
    /// The body of UpdateFunctionTrigger (`PUT /triggers/{urn}/{type}/{id}`): only the status changes.
    pub struct UpdateTriggerRequest {
        /// `ACTIVE` or `DISABLED`.
        trigger_status: String,
    }
}

wire_struct! {
    /// The trigger-type model of §4.2 (no operation returns it; kept for completeness).
    pub struct TriggerTypeInfo {
        /// The type code.
        trigger_type_code: String,
        /// The display name.
        display_name: String,
        /// `ACTIVE`, `DISABLED` or `TEST`.
        status: String,
        /// Event attribute field(s).
        event_codes: StringOrList,
        /// The description.
        description: String,
    }
}

wire_struct! {
    /// `event_data` of a TIMER trigger.
    pub struct TimerEventData {
        /// The trigger name.
        name: String,
        /// `Rate` or `Cron`.
        schedule_type: String,
        /// `Rate`: a number and `m`, `h` or `d` (`3m`, `1d`); `Cron`: a cron expression.
        schedule: String,
        /// Extra information passed to the function.
        user_event: String,
    }
}

wire_struct! {
    /// `func_info` inside an APIG trigger's `event_data`.
    pub struct ApigFuncInfo {
        /// The function URN.
        function_urn: String,
        /// `sync`.
        invocation_type: String,
        /// The backend timeout in ms.
        timeout: i32,
        /// The version.
        version: String,
    }
}

wire_struct! {
    /// `event_data` of an APIG (also DEDICATEDGATEWAY, APIC) trigger; the server adds `api_id`,
    /// `api_name`, `group_name`, `invoke_url`, `func_info` and the trigger id.
    pub struct ApigEventData {
        /// The API group id.
        group_id: String,
        /// The API group name.
        group_name: String,
        /// The environment id (`DEFAULT_ENVIRONMENT_RELEASE_ID`).
        env_id: String,
        /// The environment name (`RELEASE`).
        env_name: String,
        /// `NONE`, `IAM` or `APP`.
        auth: String,
        /// `HTTP` or `HTTPS`.
        protocol: String,
        /// The API name.
        name: String,
        /// The API path.
        path: String,
        /// `SWA` (prefix match).
        match_mode: String,
        /// `GET`, `POST`, `PUT` or `ANY`.
        req_method: String,
        /// `FUNCTION`.
        backend_type: String,
        /// `1` (open API).
        r#type: i32,
        /// The API group's sub-domain.
        sl_domain: String,
        /// The gateway instance (DEDICATEDGATEWAY, APIC).
        instance_id: String,
        /// The function backend settings.
        func_info: ApigFuncInfo,
        /// The API id (server-set).
        api_id: String,
        /// The API name (server-set).
        api_name: String,
        /// The invocation URL (server-set).
        invoke_url: String,
        /// The trigger id (server-set).
        trigger_id: String,
        /// The trigger id as some responses spell it.
        triggerid: String,
    }
}

wire_struct! {
    /// `event_data` of an OBS trigger.
    pub struct ObsEventData {
        /// The bucket.
        bucket: String,
        /// The events (`s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`, ...).
        events: Vec<String>,
        /// The object-name prefix.
        prefix: String,
        /// The object-name suffix.
        suffix: String,
        /// The event notification name.
        name: String,
    }
}

wire_struct! {
    /// `event_data` of an SMN trigger.
    pub struct SmnEventData {
        /// The topic URN.
        topic_urn: String,
        /// `Unconfirmed` or `Confirmed`.
        subscription_status: String,
    }
}

wire_struct! {
    /// `event_data` of a DMS trigger.
    pub struct DmsEventData {
        /// The queue.
        queue_id: String,
        /// The consumer group.
        consumer_group_id: String,
        /// The polling interval in seconds (default 30).
        polling_interval: i32,
    }
}

wire_struct! {
    /// `event_data` of a DIS trigger.
    pub struct DisEventData {
        /// The stream name.
        stream_name: String,
        /// The polling interval in seconds (1–60, default 30).
        polling_interval: i32,
        /// The batch size (1–10000, default 100).
        batch_size: i32,
        /// `TRIM_HORIZON` or `LATEST`.
        sharditerator_type: String,
    }
}

wire_struct! {
    /// `event_data` of a DDS trigger.
    pub struct DdsEventData {
        /// The DDS instance.
        instance_id: String,
        /// The collection.
        collection_name: String,
        /// The database.
        db_name: String,
        /// The database password (never shown by `Debug`).
        db_password: Secret,
        /// The batch size.
        batch_size: i32,
    }
}

wire_struct! {
    /// `event_data` of a KAFKA trigger. The operations send `topic_ids` (a list), the model `topic_id`;
    /// both are read, [`topics`](KafkaEventData::topics) merges them.
    pub struct KafkaEventData {
        /// The Kafka instance.
        instance_id: String,
        /// The topics.
        topic_ids: Vec<String>,
        /// The model's spelling of `topic_ids`.
        topic_id: StringOrList,
        /// The SASL user.
        kafka_user: String,
        /// The SASL password (never shown by `Debug`).
        kafka_password: Secret,
        /// Whether SASL_SSL is on (user and password then required).
        kafka_ssl_enable: BoolOrString,
        /// The batch size.
        batch_size: i32,
    }
}

impl KafkaEventData {
    /// The topics: `topic_ids`, else `topic_id`.
    pub fn topics(&self) -> Vec<String> {
        match (&self.topic_ids, &self.topic_id) {
            (Some(ids), _) => ids.clone(),
            (None, Some(id)) => id.to_vec(),
            (None, None) => Vec::new(),
        }
    }
}

/// The SDK's name for an item of ListFunctionTriggers.
pub type ListFunctionTriggerResult = TriggerInstance;
