use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Extensions, Qualifier};
use crate::serde_util::duration_secs;

/// The kinds of trigger the neutral model types (see [`TriggerConfig`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TriggerKind {
    /// [`TriggerConfig::Timer`].
    Timer,
    /// [`TriggerConfig::Http`].
    Http,
    /// [`TriggerConfig::ObjectStorage`].
    ObjectStorage,
    /// [`TriggerConfig::Raw`].
    Raw,
}

impl fmt::Display for TriggerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TriggerKind::Timer => "timer",
            TriggerKind::Http => "http",
            TriggerKind::ObjectStorage => "object_storage",
            TriggerKind::Raw => "raw",
        })
    }
}

/// When a timer fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Schedule {
    /// A cron expression, passed to the provider as written (FC takes 6 fields with seconds, e.g.
    /// `0 0 9 * * *`; FunctionGraph takes its own cron dialect).
    Cron(String),
    /// A fixed rate (FC `@every 5m`; FunctionGraph `Rate` with `5m`), in seconds in JSON.
    Rate(#[serde(with = "duration_secs")] Duration),
}

/// A timer (scheduled) trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimerConfig {
    /// When it fires.
    pub schedule: Schedule,
    /// The event passed to the function (FC `payload`, FunctionGraph `user_event`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
}

impl TimerConfig {
    /// A cron timer.
    pub fn cron(expression: impl Into<String>) -> Self {
        TimerConfig {
            schedule: Schedule::Cron(expression.into()),
            payload: None,
        }
    }

    /// A fixed-rate timer.
    pub fn rate(every: Duration) -> Self {
        TimerConfig {
            schedule: Schedule::Rate(every),
            payload: None,
        }
    }

    /// Sets the event passed to the function.
    pub fn with_payload(mut self, payload: impl Into<String>) -> Self {
        self.payload = Some(payload.into());
        self
    }
}

/// Who may call an HTTP trigger.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HttpAuth {
    /// Anyone (FC `anonymous`, FunctionGraph APIG `NONE`).
    Anonymous,
    /// Callers must sign requests with cloud credentials (FC `function`, FunctionGraph APIG `IAM`).
    Signed,
    /// A provider-specific mode, verbatim (FunctionGraph APIG `APP`).
    Other(String),
}

/// An HTTP method an HTTP trigger accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum HttpMethod {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// DELETE.
    Delete,
    /// PATCH.
    Patch,
    /// HEAD.
    Head,
    /// OPTIONS.
    Options,
    /// Every method (FunctionGraph APIG `ANY`).
    Any,
}

/// An HTTP trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HttpConfig {
    /// Who may call it.
    pub auth: HttpAuth,
    /// Methods accepted.
    pub methods: Vec<HttpMethod>,
    /// Request path, where the provider routes by path (FunctionGraph APIG `path`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl HttpConfig {
    /// An HTTP trigger with the given auth and methods.
    pub fn new(auth: HttpAuth, methods: impl IntoIterator<Item = HttpMethod>) -> Self {
        HttpConfig {
            auth,
            methods: methods.into_iter().collect(),
            path: None,
        }
    }

    /// Sets the path.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
}

/// An object-storage event, named neutrally (FC `oss:ObjectCreated:PutObject`, OBS `s3:ObjectCreated:Put`).
///
/// Serialised as `ObjectCreated:*`, `ObjectCreated:Put`, ... ; a provider event with no neutral name is kept
/// verbatim in [`ObjectEvent::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ObjectEvent {
    /// Any object creation.
    CreatedAll,
    /// Created by a simple PUT.
    CreatedPut,
    /// Created by a form POST.
    CreatedPost,
    /// Created by a copy.
    CreatedCopy,
    /// Created by completing a multipart upload.
    CreatedCompleteMultipartUpload,
    /// Any object removal.
    RemovedAll,
    /// Removed by a delete.
    RemovedDelete,
    /// A delete marker was created (versioned buckets).
    RemovedDeleteMarkerCreated,
    /// A provider event name, verbatim.
    Other(String),
}

impl ObjectEvent {
    const NAMES: &'static [(&'static str, ObjectEvent)] = &[
        ("ObjectCreated:*", ObjectEvent::CreatedAll),
        ("ObjectCreated:Put", ObjectEvent::CreatedPut),
        ("ObjectCreated:Post", ObjectEvent::CreatedPost),
        ("ObjectCreated:Copy", ObjectEvent::CreatedCopy),
        (
            "ObjectCreated:CompleteMultipartUpload",
            ObjectEvent::CreatedCompleteMultipartUpload,
        ),
        ("ObjectRemoved:*", ObjectEvent::RemovedAll),
        ("ObjectRemoved:Delete", ObjectEvent::RemovedDelete),
        (
            "ObjectRemoved:DeleteMarkerCreated",
            ObjectEvent::RemovedDeleteMarkerCreated,
        ),
    ];

    /// The neutral name (`ObjectCreated:Put`), or the provider's string for `Other`.
    pub fn as_str(&self) -> &str {
        if let ObjectEvent::Other(s) = self {
            return s;
        }
        Self::NAMES
            .iter()
            .find(|(_, e)| e == self)
            .map_or("", |(n, _)| n)
    }

    /// Parses a neutral name; anything else becomes `Other`.
    pub fn parse(s: &str) -> ObjectEvent {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == s)
            .map_or_else(|| ObjectEvent::Other(s.to_owned()), |(_, e)| e.clone())
    }
}

impl fmt::Display for ObjectEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ObjectEvent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ObjectEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ObjectEvent::parse(&String::deserialize(d)?))
    }
}

/// An object-storage trigger (FC OSS, FunctionGraph OBS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ObjectStorageConfig {
    /// The bucket whose events fire the function.
    pub bucket: String,
    /// Events that fire it.
    pub events: Vec<ObjectEvent>,
    /// Only keys with this prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Only keys with this suffix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
}

impl ObjectStorageConfig {
    /// A trigger on `bucket` for `events`.
    pub fn new(bucket: impl Into<String>, events: impl IntoIterator<Item = ObjectEvent>) -> Self {
        ObjectStorageConfig {
            bucket: bucket.into(),
            events: events.into_iter().collect(),
            prefix: None,
            suffix: None,
        }
    }

    /// Only keys with this prefix.
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Only keys with this suffix.
    pub fn with_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.suffix = Some(suffix.into());
        self
    }
}

/// A trigger of a kind the neutral model does not type, in the provider's own terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RawTrigger {
    /// The provider's trigger type (FC `log`, `mns_topic`...; FunctionGraph `SMN`, `DMS`, `KAFKA`...).
    pub provider_type: String,
    /// The provider's trigger configuration JSON (FC `triggerConfig`, FunctionGraph `event_data`).
    pub config: serde_json::Value,
}

impl RawTrigger {
    /// A raw trigger.
    pub fn new(provider_type: impl Into<String>, config: serde_json::Value) -> Self {
        RawTrigger {
            provider_type: provider_type.into(),
            config,
        }
    }
}

/// What fires a function: typed where the clouds agree, raw where they do not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TriggerConfig {
    /// On a schedule.
    Timer(TimerConfig),
    /// On an HTTP request.
    Http(HttpConfig),
    /// On an object-storage event.
    ObjectStorage(ObjectStorageConfig),
    /// Any other provider trigger, verbatim.
    Raw(RawTrigger),
}

impl TriggerConfig {
    /// The kind of this config.
    pub fn kind(&self) -> TriggerKind {
        match self {
            TriggerConfig::Timer(_) => TriggerKind::Timer,
            TriggerConfig::Http(_) => TriggerKind::Http,
            TriggerConfig::ObjectStorage(_) => TriggerKind::ObjectStorage,
            TriggerConfig::Raw(_) => TriggerKind::Raw,
        }
    }
}

/// What to create: a trigger on a function.
///
/// ```
/// use std::time::Duration;
/// use cloudfn_core::{TimerConfig, TriggerConfig, TriggerSpec};
///
/// let spec = TriggerSpec::new("every-5m", TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(300))));
/// assert_eq!(spec.config.kind(), cloudfn_core::TriggerKind::Timer);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TriggerSpec {
    /// The trigger name, unique per function.
    pub name: String,
    /// What fires it.
    pub config: TriggerConfig,
    /// The version or alias it invokes (latest when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// Whether it is active (provider default when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Provider fields the model does not type (FC `invocationRole`, `sourceArn`; FunctionGraph APIG
    /// `group_id`, `env_id`...).
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl TriggerSpec {
    /// A trigger called `name`.
    pub fn new(name: impl Into<String>, config: TriggerConfig) -> Self {
        TriggerSpec {
            name: name.into(),
            config,
            qualifier: None,
            enabled: None,
            description: None,
            extensions: Extensions::new(),
        }
    }

    /// Invokes this version or alias.
    pub fn with_qualifier(mut self, qualifier: Qualifier) -> Self {
        self.qualifier = Some(qualifier);
        self
    }

    /// Sets whether it is active.
    pub fn with_enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets one provider field.
    pub fn with_extension(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.extensions.insert(key.into(), value);
        self
    }
}

/// A trigger as the provider reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Trigger {
    /// The id to address it by, opaque: FC uses the trigger name; the FunctionGraph adapter uses
    /// `{trigger_type_code}:{trigger_id}` (the server-assigned id plus the type code FunctionGraph paths need).
    pub id: String,
    /// The name (FunctionGraph: the timer/API name inside `event_data`, or the id when it has none).
    pub name: String,
    /// What fires it.
    pub config: TriggerConfig,
    /// The version or alias it invokes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// Whether it is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<DateTime<Utc>>,
    /// The entity tag for `if_match` on updates, where the provider has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Provider fields the model does not type.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Trigger {
    /// A trigger with its id, name and config known.
    pub fn new(id: impl Into<String>, name: impl Into<String>, config: TriggerConfig) -> Self {
        Trigger {
            id: id.into(),
            name: name.into(),
            config,
            qualifier: None,
            enabled: None,
            description: None,
            created_at: None,
            modified_at: None,
            etag: None,
            extensions: Extensions::new(),
        }
    }
}

/// A change to a trigger: `None` fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TriggerUpdate {
    /// New config (must keep the trigger's kind).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<TriggerConfig>,
    /// New qualifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// Enable or disable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Provider fields to set.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
    /// Only apply the change if the trigger still has this entity tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_match: Option<String>,
}

impl TriggerUpdate {
    /// An empty change.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the config.
    pub fn with_config(mut self, config: TriggerConfig) -> Self {
        self.config = Some(config);
        self
    }

    /// Changes the qualifier.
    pub fn with_qualifier(mut self, qualifier: Qualifier) -> Self {
        self.qualifier = Some(qualifier);
        self
    }

    /// Enables or disables.
    pub fn with_enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Makes the change conditional on the entity tag.
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.if_match = Some(etag.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_events_round_trip() {
        for (name, ev) in ObjectEvent::NAMES {
            assert_eq!(&ObjectEvent::parse(name), ev);
            assert_eq!(ev.as_str(), *name);
        }
        assert_eq!(
            ObjectEvent::parse("oss:ObjectCreated:PutSymlink"),
            ObjectEvent::Other("oss:ObjectCreated:PutSymlink".into())
        );
    }

    #[test]
    fn trigger_config_is_tagged_by_kind() {
        let c = TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(300)));
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "timer", "schedule": {"rate": 300}})
        );
        assert_eq!(serde_json::from_value::<TriggerConfig>(json).unwrap(), c);
    }
}
