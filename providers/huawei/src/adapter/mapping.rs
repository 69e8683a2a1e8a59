//! Pure conversions between the neutral model and the FunctionGraph wire structs (no I/O).
//!
//! Every `*_to_wire` function validates what the neutral model cannot express on FunctionGraph and fails
//! with `InvalidArgument` naming the field and the rule; every `*_from_wire` function is lenient (no
//! panic, no error for a member the server left out) and keeps what the model does not type in
//! `extensions`.

use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use cloudfn_core::{
    Alias, AsyncConfig, Capabilities, Code, Destination, Error, ErrorKind, Extensions, Function,
    FunctionRef, FunctionSpec, FunctionUpdate, HttpAuth, HttpConfig, HttpMethod, Initializer,
    ObjectEvent, ObjectStorageConfig, Qualifier, Quota, QuotaKind, RawTrigger, Result, Runtime,
    Schedule, TimerConfig, Trigger, TriggerConfig, TriggerKind, TriggerSpec, Version,
    VersionWeights,
};
use serde_json::{Map, Value, json};

use crate::api::types::{
    AliasConfig, AsyncInvokeConfig, CODE_TYPE_INLINE, CODE_TYPE_OBS, DESTINATION_DIS,
    DESTINATION_FUNCTION_GRAPH, DESTINATION_OBS, DESTINATION_SMN, FuncAsyncDestinationConfig,
    FuncDestinationConfig, FunctionConfig, QUOTA_FUNC_CODE_SIZE, QUOTA_FUNC_NUM, QUOTA_FUNC_OCCURS,
    QuotaResource, TRIGGER_STATUS_ACTIVE, TRIGGER_STATUS_DISABLED, TriggerInstance,
    encode_user_data,
};
use crate::urn::{FunctionUrn, LATEST, UrnQualifier};

/// FunctionGraph trigger type code of timer triggers.
pub(crate) const TYPE_TIMER: &str = "TIMER";
/// FunctionGraph trigger type code of API Gateway (HTTP) triggers.
pub(crate) const TYPE_APIG: &str = "APIG";
/// FunctionGraph trigger type code of OBS triggers.
pub(crate) const TYPE_OBS: &str = "OBS";

/// Neutral runtime ↔ FunctionGraph `runtime` string (docs/concepts.md §5).
pub(crate) const RUNTIMES: &[(Runtime, &str)] = &[
    (Runtime::Nodejs6, "Node.js6.10"),
    (Runtime::Nodejs8, "Node.js8.10"),
    (Runtime::Nodejs10, "Node.js10.16"),
    (Runtime::Nodejs12, "Node.js12.13"),
    (Runtime::Nodejs14, "Node.js14.18"),
    (Runtime::Nodejs16, "Node.js16.17"),
    (Runtime::Nodejs18, "Node.js18.15"),
    (Runtime::Python27, "Python2.7"),
    (Runtime::Python36, "Python3.6"),
    (Runtime::Python37, "Python3.7"),
    (Runtime::Python38, "Python3.8"),
    (Runtime::Python39, "Python3.9"),
    (Runtime::Python310, "Python3.10"),
    (Runtime::Java8, "Java8"),
    (Runtime::Java11, "Java11"),
    (Runtime::Java17, "Java17"),
    (Runtime::Go1, "Go1.x"),
    (Runtime::Php73, "PHP7.3"),
    (Runtime::Dotnetcore20, "C#(.NET Core 2.0)"),
    (Runtime::Dotnetcore21, "C#(.NET Core 2.1)"),
    (Runtime::Dotnetcore31, "C#(.NET Core 3.1)"),
    (Runtime::Custom, "Custom"),
];

/// The FunctionGraph string of a neutral runtime (`Other` verbatim; a variant FunctionGraph has no
/// string for, such as `custom-container`, is `InvalidArgument`).
pub(crate) fn runtime_to_wire(runtime: &Runtime) -> Result<String> {
    if let Runtime::Other(s) = runtime {
        return Ok(s.clone());
    }
    RUNTIMES
        .iter()
        .find(|(r, _)| r == runtime)
        .map(|(_, s)| (*s).to_owned())
        .ok_or_else(|| {
            Error::invalid_argument(
                "runtime",
                format_args!("`{runtime}` has no FunctionGraph runtime string"),
            )
        })
}

/// The neutral runtime of a FunctionGraph string (unknown strings kept verbatim in `Other`).
pub(crate) fn runtime_from_wire(s: &str) -> Runtime {
    RUNTIMES
        .iter()
        .find(|(_, w)| *w == s)
        .map_or_else(|| Runtime::from(s), |(r, _)| r.clone())
}

/// A timestamp as FunctionGraph writes it: RFC 3339 (`2019-10-25T15:37:27+08:00`), or without an offset
/// (read as UTC), with `T` or a space.
pub(crate) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    None
}

fn non_empty(s: Option<&String>) -> Option<String> {
    s.filter(|s| !s.is_empty()).cloned()
}

/// The members of `value` (an object) except `mapped` and `null`s.
fn leftovers(value: Value, mapped: &[&str]) -> Extensions {
    match value {
        Value::Object(map) => map
            .into_iter()
            .filter(|(k, v)| !v.is_null() && !mapped.contains(&k.as_str()))
            .collect(),
        _ => Extensions::new(),
    }
}

/// Rejects extension keys that the neutral model maps itself (`reserved`: wire key → neutral field).
pub(crate) fn check_extension_keys(
    field: &str,
    extensions: &Extensions,
    reserved: &[(&str, &str)],
) -> Result<()> {
    for key in extensions.keys() {
        if let Some((_, neutral)) = reserved.iter().find(|(k, _)| k == key) {
            return Err(Error::invalid_argument(
                &format!("{field}.{key}"),
                format_args!(
                    "`{key}` is set through the neutral field `{neutral}`, not as an extension"
                ),
            ));
        }
    }
    Ok(())
}

/// Wire keys of a function the neutral model maps (and the neutral field that sets them).
pub(crate) const FUNCTION_RESERVED: &[(&str, &str)] = &[
    ("func_name", "name"),
    ("package", "namespace"),
    ("runtime", "runtime"),
    ("handler", "handler"),
    ("memory_size", "memory_mb"),
    ("timeout", "timeout"),
    ("code_type", "code"),
    ("code_url", "code"),
    ("func_code", "code"),
    ("user_data", "environment"),
    ("description", "description"),
    ("initializer_handler", "initializer"),
    ("initializer_timeout", "initializer"),
];

/// Keys of a function read back that the neutral `Function` types.
const FUNCTION_MAPPED: &[&str] = &[
    "func_name",
    "package",
    "runtime",
    "handler",
    "memory_size",
    "timeout",
    "description",
    "user_data",
    "initializer_handler",
    "initializer_timeout",
    "code_size",
    "digest",
    "version",
    "last_modified",
    "func_code",
    "FuncCode",
];

/// The wire members of `code` (`code_type` and `func_code` or `code_url`).
pub(crate) fn code_to_wire(code: &Code, region: &str) -> Result<Map<String, Value>> {
    let mut map = Map::new();
    match code {
        Code::Zip(bytes) => {
            map.insert("code_type".into(), json!(CODE_TYPE_INLINE));
            map.insert("func_code".into(), json!({ "file": BASE64.encode(bytes) }));
        }
        Code::ObjectStorage { bucket, key } => {
            map.insert("code_type".into(), json!(CODE_TYPE_OBS));
            map.insert("code_url".into(), json!(obs_url(bucket, key, region)));
        }
        _ => {
            return Err(Error::invalid_argument(
                "code",
                "this kind of code has no FunctionGraph form",
            ));
        }
    }
    Ok(map)
}

/// The OBS URL of object `key` in `bucket` (virtual-hosted style, the form of the spec's examples).
pub(crate) fn obs_url(bucket: &str, key: &str, region: &str) -> String {
    let key: Vec<String> = key.split('/').map(crate::pct::quote).collect();
    format!(
        "https://{bucket}.obs.{region}.myhuaweicloud.com/{}",
        key.join("/")
    )
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// The CreateFunction body of `spec` in package `namespace` (defaults: the smallest memory size, 60 s
/// clamped to the allowed timeouts, as `InMemory`).
pub(crate) fn create_function_body(
    caps: &Capabilities,
    region: &str,
    namespace: &str,
    spec: &FunctionSpec,
) -> Result<Value> {
    check_extension_keys("extensions", &spec.extensions, FUNCTION_RESERVED)?;
    let mut map = Map::new();
    for (k, v) in &spec.extensions {
        map.insert(k.clone(), v.clone());
    }
    let memory = spec.memory_mb.unwrap_or_else(|| caps.memory.min());
    let timeout = spec.timeout.unwrap_or_else(|| {
        Duration::from_secs(60).clamp(caps.timeout.min, caps.timeout.max.max(caps.timeout.min))
    });
    map.insert("func_name".into(), json!(spec.name));
    map.insert("package".into(), json!(namespace));
    map.insert("runtime".into(), json!(runtime_to_wire(&spec.runtime)?));
    map.insert("handler".into(), json!(spec.handler));
    map.insert("memory_size".into(), json!(memory));
    map.insert("timeout".into(), json!(secs(timeout)));
    map.extend(code_to_wire(&spec.code, region)?);
    if !spec.environment.is_empty() {
        map.insert(
            "user_data".into(),
            json!(encode_user_data(&spec.environment)),
        );
    }
    if let Some(d) = &spec.description {
        map.insert("description".into(), json!(d));
    }
    if let Some(init) = &spec.initializer {
        insert_initializer(&mut map, init);
    }
    Ok(Value::Object(map))
}

fn insert_initializer(map: &mut Map<String, Value>, init: &Initializer) {
    map.insert("initializer_handler".into(), json!(init.handler));
    if let Some(t) = init.timeout {
        map.insert("initializer_timeout".into(), json!(secs(t)));
    }
}

/// Whether `update` changes anything UpdateFunctionConfig carries.
pub(crate) fn changes_config(update: &FunctionUpdate) -> bool {
    update.runtime.is_some()
        || update.handler.is_some()
        || update.memory_mb.is_some()
        || update.timeout.is_some()
        || update.description.is_some()
        || update.environment.is_some()
        || update.initializer.is_some()
        || !update.extensions.is_empty()
}

/// Members of the current configuration carried into UpdateFunctionConfig (a full replace) so that what
/// the update does not name stays as it is.
const CONFIG_CARRIED: &[&str] = &[
    "func_name",
    "runtime",
    "timeout",
    "handler",
    "memory_size",
    "user_data",
    "encrypted_user_data",
    "xrole",
    "app_xrole",
    "description",
    "func_vpc",
    "mount_config",
    "strategy_config",
    "extend_config",
    "initializer_handler",
    "initializer_timeout",
    "enterprise_project_id",
    "is_stateful_function",
    "domain_names",
];

/// The UpdateFunctionConfig body: `current` with `update` applied.
pub(crate) fn update_config_body(
    current: &FunctionConfig,
    name: &str,
    update: &FunctionUpdate,
) -> Result<Value> {
    let current = serde_json::to_value(current)?;
    let mut map: Map<String, Value> = match current {
        Value::Object(m) => m
            .into_iter()
            .filter(|(k, v)| !v.is_null() && CONFIG_CARRIED.contains(&k.as_str()))
            .collect(),
        _ => Map::new(),
    };
    map.insert("func_name".into(), json!(name));
    if let Some(r) = &update.runtime {
        map.insert("runtime".into(), json!(runtime_to_wire(r)?));
    }
    if let Some(h) = &update.handler {
        map.insert("handler".into(), json!(h));
    }
    if let Some(mb) = update.memory_mb {
        map.insert("memory_size".into(), json!(mb));
    }
    if let Some(t) = update.timeout {
        map.insert("timeout".into(), json!(secs(t)));
    }
    if let Some(d) = &update.description {
        map.insert("description".into(), json!(d));
    }
    if let Some(env) = &update.environment {
        map.insert("user_data".into(), json!(encode_user_data(env)));
    }
    if let Some(init) = &update.initializer {
        map.remove("initializer_timeout");
        insert_initializer(&mut map, init);
    }
    for (k, v) in &update.extensions {
        map.insert(k.clone(), v.clone());
    }
    Ok(Value::Object(map))
}

/// The neutral function of a FunctionGraph function (or version) description; `fallback` names it when
/// the response does not.
pub(crate) fn function_from_wire(cfg: &FunctionConfig, fallback: &FunctionRef) -> Result<Function> {
    let urn = cfg
        .func_urn
        .as_deref()
        .and_then(|u| u.parse::<FunctionUrn>().ok());
    let namespace = non_empty(cfg.package.as_ref())
        .or_else(|| urn.as_ref().map(|u| u.package().to_owned()))
        .unwrap_or_else(|| fallback.namespace.clone());
    let name = non_empty(cfg.func_name.as_ref())
        .or_else(|| urn.as_ref().map(|u| u.name().to_owned()))
        .unwrap_or_else(|| fallback.name.clone());
    let runtime = runtime_from_wire(cfg.runtime.as_deref().unwrap_or_default());
    let mut f = Function::new(
        namespace,
        name,
        runtime,
        cfg.handler.clone().unwrap_or_default(),
    );
    f.memory_mb = cfg.memory_size.and_then(|m| u32::try_from(m).ok());
    f.timeout = cfg
        .timeout
        .and_then(|t| u64::try_from(t).ok())
        .map(Duration::from_secs);
    f.description = non_empty(cfg.description.as_ref());
    f.environment = cfg.user_data_map().map_err(|e| {
        Error::new(
            ErrorKind::Decode,
            format!(
                "function `{}`: `user_data` is not a JSON object: {e}",
                f.name
            ),
        )
        .with_provider(crate::PROVIDER)
    })?;
    f.initializer = non_empty(cfg.initializer_handler.as_ref()).map(|handler| {
        let init = Initializer::new(handler);
        match cfg
            .initializer_timeout
            .filter(|t| *t > 0)
            .and_then(|t| u64::try_from(t).ok())
        {
            Some(t) => init.with_timeout(Duration::from_secs(t)),
            None => init,
        }
    });
    f.code_size = cfg.code_size.and_then(|s| u64::try_from(s).ok());
    f.code_checksum = non_empty(cfg.digest.as_ref());
    f.version = non_empty(cfg.version.as_ref()).filter(|v| v != LATEST);
    f.modified_at = cfg
        .last_modified
        .as_deref()
        .and_then(parse_time)
        .or_else(|| {
            cfg.last_modified_utc
                .and_then(|s| Utc.timestamp_opt(s, 0).single())
        });
    f.extensions = leftovers(serde_json::to_value(cfg)?, FUNCTION_MAPPED);
    Ok(f)
}

/// The neutral version of a CreateFunctionVersion response or a ListFunctionVersions item.
pub(crate) fn version_from_wire(cfg: &FunctionConfig) -> Option<Version> {
    let id = non_empty(cfg.version.as_ref())?;
    let mut v = Version::new(id);
    v.description = non_empty(cfg.version_description.as_ref());
    v.created_at = cfg.last_modified.as_deref().and_then(parse_time);
    v.extensions = leftovers(
        serde_json::to_value(cfg).unwrap_or(Value::Null),
        &["version", "version_description", "last_modified"],
    );
    Some(v)
}

/// A weight fraction as a whole percent (the caller has checked it is on the 0.01 step).
pub(crate) fn weight_to_percent(w: f64) -> i32 {
    (w * 100.0).round() as i32
}

/// Weights as FunctionGraph percents.
pub(crate) fn weights_to_wire(weights: &VersionWeights) -> BTreeMap<String, i32> {
    weights
        .iter()
        .map(|(v, w)| (v.clone(), weight_to_percent(*w)))
        .collect()
}

/// FunctionGraph percents as neutral fractions (exact: `n / 100`).
pub(crate) fn weights_from_wire(weights: &BTreeMap<String, i32>) -> VersionWeights {
    weights
        .iter()
        .map(|(v, p)| (v.clone(), f64::from(*p) / 100.0))
        .collect()
}

/// Wire keys of an alias the neutral model maps.
pub(crate) const ALIAS_RESERVED: &[(&str, &str)] = &[
    ("name", "name"),
    ("version", "version"),
    ("description", "description"),
    ("additional_version_weights", "additional_weights"),
];

/// The neutral alias of an alias description (`fallback_name` when the response has no name).
pub(crate) fn alias_from_wire(a: &AliasConfig, fallback_name: &str) -> Alias {
    let mut alias = Alias::new(
        non_empty(a.name.as_ref()).unwrap_or_else(|| fallback_name.to_owned()),
        a.version.clone().unwrap_or_default(),
    );
    if let Some(w) = &a.additional_version_weights {
        alias.additional_weights = weights_from_wire(w);
    }
    alias.description = non_empty(a.description.as_ref());
    alias.modified_at = a.last_modified.as_deref().and_then(parse_time);
    alias.extensions = leftovers(
        serde_json::to_value(a).unwrap_or(Value::Null),
        &[
            "name",
            "version",
            "description",
            "last_modified",
            "additional_version_weights",
        ],
    );
    alias
}

// ---------------------------------------------------------------------------------------------------
// Triggers
// ---------------------------------------------------------------------------------------------------

/// The neutral trigger id: `{trigger_type_code}:{trigger_id}`.
pub(crate) fn trigger_id(type_code: &str, id: &str) -> String {
    format!("{type_code}:{id}")
}

/// Splits a neutral trigger id into type code and FunctionGraph id; `None` for a bare FunctionGraph id.
pub(crate) fn split_trigger_id(id: &str) -> Option<(&str, &str)> {
    let (ty, rest) = id.split_once(':')?;
    let is_code = !ty.is_empty()
        && ty
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    (is_code && !rest.is_empty()).then_some((ty, rest))
}

/// The FunctionGraph type code of a trigger config.
pub(crate) fn trigger_type_code(config: &TriggerConfig) -> String {
    match config {
        TriggerConfig::Timer(_) => TYPE_TIMER.to_owned(),
        TriggerConfig::Http(_) => TYPE_APIG.to_owned(),
        TriggerConfig::ObjectStorage(_) => TYPE_OBS.to_owned(),
        TriggerConfig::Raw(r) => r.provider_type.clone(),
        _ => String::new(),
    }
}

/// The neutral trigger kind a FunctionGraph type code reads as.
pub(crate) fn kind_of_type_code(code: &str) -> TriggerKind {
    match code {
        TYPE_TIMER => TriggerKind::Timer,
        TYPE_APIG => TriggerKind::Http,
        TYPE_OBS => TriggerKind::ObjectStorage,
        _ => TriggerKind::Raw,
    }
}

/// A rate as FunctionGraph writes it: whole days `d`, hours `h`, else minutes `m`.
pub(crate) fn rate_to_wire(every: Duration) -> String {
    let minutes = every.as_secs() / 60;
    if minutes % 1440 == 0 {
        format!("{}d", minutes / 1440)
    } else if minutes % 60 == 0 {
        format!("{}h", minutes / 60)
    } else {
        format!("{minutes}m")
    }
}

/// A FunctionGraph rate (`3m`, `2h`, `1d`) as a duration.
pub(crate) fn rate_from_wire(s: &str) -> Option<Duration> {
    let s = s.trim();
    let unit = s.chars().last()?;
    let n: u64 = s[..s.len() - unit.len_utf8()].trim().parse().ok()?;
    let secs = match unit.to_ascii_lowercase() {
        'm' => n.checked_mul(60)?,
        'h' => n.checked_mul(3600)?,
        'd' => n.checked_mul(86_400)?,
        _ => return None,
    };
    (secs > 0).then(|| Duration::from_secs(secs))
}

fn method_to_wire(m: HttpMethod) -> &'static str {
    match m {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Delete => "DELETE",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Head => "HEAD",
        HttpMethod::Options => "OPTIONS",
        _ => "ANY",
    }
}

fn method_from_wire(s: &str) -> Option<HttpMethod> {
    Some(match s.to_ascii_uppercase().as_str() {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        "PUT" => HttpMethod::Put,
        "DELETE" => HttpMethod::Delete,
        "PATCH" => HttpMethod::Patch,
        "HEAD" => HttpMethod::Head,
        "OPTIONS" => HttpMethod::Options,
        "ANY" => HttpMethod::Any,
        _ => return None,
    })
}

/// Defaults of an APIG trigger's `event_data` that the neutral model has no field for (FG §4.3
/// examples); an extension of the same name wins.
const APIG_DEFAULTS: &[(&str, &str)] = &[
    ("env_id", "DEFAULT_ENVIRONMENT_RELEASE_ID"),
    ("env_name", "RELEASE"),
    ("protocol", "HTTPS"),
    ("match_mode", "SWA"),
    ("backend_type", "FUNCTION"),
];

/// Members of a trigger spec's extensions that go at the top level of CreateFunctionTrigger rather
/// than into `event_data`.
const TRIGGER_TOP_LEVEL: &[&str] = &["event_type_code"];

/// The CreateFunctionTrigger body of `spec` (type code, status, `event_data`). Extensions go into
/// `event_data` (`event_type_code` at the top level).
pub(crate) fn create_trigger_body(spec: &TriggerSpec) -> Result<Value> {
    let mut event = Map::new();
    let mut top = Map::new();
    for (k, v) in &spec.extensions {
        if TRIGGER_TOP_LEVEL.contains(&k.as_str()) {
            top.insert(k.clone(), v.clone());
        } else {
            event.insert(k.clone(), v.clone());
        }
    }
    let reserved = |event: &Map<String, Value>, keys: &[(&str, &str)]| -> Result<()> {
        check_extension_keys("extensions", event, keys)
    };
    match &spec.config {
        TriggerConfig::Timer(t) => {
            reserved(
                &event,
                &[
                    ("name", "name"),
                    ("schedule_type", "config.schedule"),
                    ("schedule", "config.schedule"),
                    ("user_event", "config.payload"),
                ],
            )?;
            event.insert("name".into(), json!(spec.name));
            match &t.schedule {
                Schedule::Cron(expr) => {
                    event.insert("schedule_type".into(), json!("Cron"));
                    event.insert("schedule".into(), json!(expr));
                }
                Schedule::Rate(every) => {
                    event.insert("schedule_type".into(), json!("Rate"));
                    event.insert("schedule".into(), json!(rate_to_wire(*every)));
                }
                _ => {
                    return Err(Error::invalid_argument(
                        "config.schedule",
                        "this schedule kind has no FunctionGraph form",
                    ));
                }
            }
            if let Some(p) = &t.payload {
                event.insert("user_event".into(), json!(p));
            }
        }
        TriggerConfig::Http(h) => {
            reserved(
                &event,
                &[
                    ("name", "name"),
                    ("auth", "config.auth"),
                    ("path", "config.path"),
                    ("req_method", "config.methods"),
                ],
            )?;
            // `Capabilities::max_http_trigger_methods` (1) has refused more before this point; the arm
            // below keeps the mapping total for callers that skip the check.
            let method = match h.methods.as_slice() {
                [one] => method_to_wire(*one),
                _ => {
                    return Err(Error::invalid_argument(
                        "config.methods",
                        format_args!(
                            "a FunctionGraph APIG trigger takes one method (or ANY), got {:?}; \
                             create one trigger per method or use HttpMethod::Any",
                            h.methods
                        ),
                    ));
                }
            };
            let path = h.path.as_deref().ok_or_else(|| {
                Error::invalid_argument(
                    "config.path",
                    "a FunctionGraph APIG trigger needs a request path (e.g. `/hello`)",
                )
            })?;
            let auth = match &h.auth {
                HttpAuth::Anonymous => "NONE".to_owned(),
                HttpAuth::Signed => "IAM".to_owned(),
                HttpAuth::Other(s) => s.clone(),
                _ => {
                    return Err(Error::invalid_argument(
                        "config.auth",
                        "this auth mode has no FunctionGraph form",
                    ));
                }
            };
            event.insert("name".into(), json!(spec.name));
            event.insert("auth".into(), json!(auth));
            event.insert("path".into(), json!(path));
            event.insert("req_method".into(), json!(method));
            for (k, v) in APIG_DEFAULTS {
                event.entry(*k).or_insert_with(|| json!(v));
            }
            event.entry("type").or_insert_with(|| json!(1));
        }
        TriggerConfig::ObjectStorage(o) => {
            reserved(
                &event,
                &[
                    ("name", "name"),
                    ("bucket", "config.bucket"),
                    ("events", "config.events"),
                    ("prefix", "config.prefix"),
                    ("suffix", "config.suffix"),
                ],
            )?;
            event.insert("name".into(), json!(spec.name));
            event.insert("bucket".into(), json!(o.bucket));
            let events: Vec<String> = o.events.iter().map(object_event_to_wire).collect();
            event.insert("events".into(), json!(events));
            if let Some(p) = &o.prefix {
                event.insert("prefix".into(), json!(p));
            }
            if let Some(s) = &o.suffix {
                event.insert("suffix".into(), json!(s));
            }
        }
        TriggerConfig::Raw(r) => match &r.config {
            Value::Object(cfg) => {
                for (k, v) in cfg {
                    event.insert(k.clone(), v.clone());
                }
            }
            Value::Null => {}
            _ => {
                return Err(Error::invalid_argument(
                    "config.config",
                    "the `event_data` of a FunctionGraph trigger must be a JSON object",
                ));
            }
        },
        _ => {
            return Err(Error::invalid_argument(
                "config",
                "this trigger kind has no FunctionGraph form",
            ));
        }
    }
    top.insert(
        "trigger_type_code".into(),
        json!(trigger_type_code(&spec.config)),
    );
    if let Some(enabled) = spec.enabled {
        top.insert("trigger_status".into(), json!(status_to_wire(enabled)));
    }
    top.insert("event_data".into(), Value::Object(event));
    Ok(Value::Object(top))
}

/// `ACTIVE` / `DISABLED`.
pub(crate) fn status_to_wire(enabled: bool) -> &'static str {
    if enabled {
        TRIGGER_STATUS_ACTIVE
    } else {
        TRIGGER_STATUS_DISABLED
    }
}

/// A neutral object event as OBS names it (`s3:` + the neutral name; `Other` verbatim).
pub(crate) fn object_event_to_wire(e: &ObjectEvent) -> String {
    match e {
        ObjectEvent::Other(s) => s.clone(),
        known => format!("s3:{}", known.as_str()),
    }
}

/// An OBS event name as a neutral object event.
pub(crate) fn object_event_from_wire(s: &str) -> ObjectEvent {
    match s.strip_prefix("s3:").map(ObjectEvent::parse) {
        Some(ObjectEvent::Other(_)) | None => ObjectEvent::Other(s.to_owned()),
        Some(known) => known,
    }
}

fn str_member(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// The typed config of a TIMER/APIG/OBS `event_data` (and the members it used), or `None` when the
/// data does not have the typed shape (it is then reported raw).
fn typed_config(
    code: &str,
    event: &Map<String, Value>,
) -> Option<(TriggerConfig, Vec<&'static str>)> {
    match code {
        TYPE_TIMER => {
            let ty = str_member(event, "schedule_type")?;
            let schedule = str_member(event, "schedule")?;
            let mut config = if ty.eq_ignore_ascii_case("rate") {
                TimerConfig::rate(rate_from_wire(&schedule)?)
            } else if ty.eq_ignore_ascii_case("cron") {
                TimerConfig::cron(schedule)
            } else {
                return None;
            };
            if let Some(p) = str_member(event, "user_event").filter(|p| !p.is_empty()) {
                config = config.with_payload(p);
            }
            Some((
                TriggerConfig::Timer(config),
                vec!["name", "schedule_type", "schedule", "user_event"],
            ))
        }
        TYPE_APIG => {
            let auth = match str_member(event, "auth")?.as_str() {
                "NONE" => HttpAuth::Anonymous,
                "IAM" => HttpAuth::Signed,
                other => HttpAuth::Other(other.to_owned()),
            };
            let method = method_from_wire(&str_member(event, "req_method")?)?;
            let mut http = HttpConfig::new(auth, [method]);
            http.path = str_member(event, "path");
            Some((
                TriggerConfig::Http(http),
                vec!["name", "auth", "req_method", "path"],
            ))
        }
        TYPE_OBS => {
            let bucket = str_member(event, "bucket")?;
            let events = event
                .get("events")?
                .as_array()?
                .iter()
                .map(|e| e.as_str().map(object_event_from_wire))
                .collect::<Option<Vec<_>>>()?;
            let mut obs = ObjectStorageConfig::new(bucket, events);
            obs.prefix = str_member(event, "prefix").filter(|p| !p.is_empty());
            obs.suffix = str_member(event, "suffix").filter(|s| !s.is_empty());
            Some((
                TriggerConfig::ObjectStorage(obs),
                vec!["name", "bucket", "events", "prefix", "suffix"],
            ))
        }
        _ => None,
    }
}

/// The neutral trigger of a FunctionGraph trigger. `fallback_code` is used when the response omits the
/// type code.
pub(crate) fn trigger_from_wire(t: &TriggerInstance, fallback_code: &str) -> Trigger {
    let code = t
        .trigger_type_code
        .clone()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| fallback_code.to_owned());
    let fg_id = t.trigger_id.clone().unwrap_or_default();
    let id = trigger_id(&code, &fg_id);
    let event = match &t.event_data {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let (config, used) = typed_config(&code, &event).unwrap_or_else(|| {
        (
            TriggerConfig::Raw(RawTrigger::new(
                code.clone(),
                t.event_data.clone().unwrap_or(Value::Object(Map::new())),
            )),
            Vec::new(),
        )
    });
    let typed = config.kind() != TriggerKind::Raw;
    let name = str_member(&event, "name")
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| id.clone());
    let mut trigger = Trigger::new(id, name, config);
    trigger.enabled = t.status().and_then(|s| {
        if s.eq_ignore_ascii_case(TRIGGER_STATUS_ACTIVE) {
            Some(true)
        } else if s.eq_ignore_ascii_case(TRIGGER_STATUS_DISABLED) {
            Some(false)
        } else {
            None
        }
    });
    trigger.created_at = t.created_time.as_deref().and_then(parse_time);
    trigger.modified_at = t.last_updated_time.as_deref().and_then(parse_time);
    let mut ext = Extensions::new();
    if typed {
        for (k, v) in &event {
            if !used.contains(&k.as_str()) && !v.is_null() {
                ext.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(e) = t.event_type_code.as_ref().filter(|e| !e.is_empty()) {
        ext.insert("event_type_code".into(), json!(e));
    }
    for (k, v) in &t.extra {
        if !v.is_null() {
            ext.insert(k.clone(), v.clone());
        }
    }
    trigger.extensions = ext;
    trigger
}

// ---------------------------------------------------------------------------------------------------
// Async configs
// ---------------------------------------------------------------------------------------------------

/// The FunctionGraph destination of a neutral one.
pub(crate) fn destination_to_wire(
    field: &str,
    d: &Destination,
    region: &str,
    project_id: &str,
) -> Result<FuncDestinationConfig> {
    Ok(match d {
        Destination::Function {
            function,
            qualifier,
        } => {
            let mut urn = FunctionUrn::from_ref(region, project_id, function)
                .map_err(|e| Error::invalid_argument(&format!("{field}.function"), e.message()))?;
            if let Some(q) = qualifier {
                urn = urn.with_qualifier(q).map_err(|e| {
                    Error::invalid_argument(&format!("{field}.qualifier"), e.message())
                })?;
            }
            FuncDestinationConfig::function_graph(&urn.to_string())
        }
        Destination::Topic { name } => FuncDestinationConfig::smn(name),
        Destination::Stream { name } => FuncDestinationConfig::dis(name),
        Destination::ObjectStorage {
            bucket,
            prefix,
            expires_days,
        } => {
            let mut param = Map::new();
            param.insert("bucket".into(), json!(bucket));
            if let Some(p) = prefix {
                param.insert("prefix".into(), json!(p));
            }
            if let Some(days) = expires_days {
                if *days > 365 {
                    return Err(Error::invalid_argument(
                        &format!("{field}.expires_days"),
                        format_args!("must be between 0 and 365 days on FunctionGraph, got {days}"),
                    ));
                }
                param.insert("expires".into(), json!(days));
            }
            FuncDestinationConfig::new(DESTINATION_OBS, &Value::Object(param))
        }
        Destination::Raw {
            provider_type,
            target,
        } => {
            let known = [
                DESTINATION_OBS,
                DESTINATION_SMN,
                DESTINATION_DIS,
                DESTINATION_FUNCTION_GRAPH,
            ];
            if !known.contains(&provider_type.as_str()) {
                return Err(Error::invalid_argument(
                    &format!("{field}.provider_type"),
                    format_args!(
                        "FunctionGraph destinations are {}, got `{provider_type}`",
                        known.join(", ")
                    ),
                ));
            }
            FuncDestinationConfig {
                destination: Some(provider_type.clone()),
                param: Some(target.clone()),
                extra: Map::new(),
            }
        }
        other => {
            return Err(Error::unsupported(
                crate::PROVIDER,
                format_args!("{:?} destinations ({field})", other.kind()),
            ));
        }
    })
}

/// The neutral destination of a FunctionGraph one (`Raw` when its `param` is not of the typed shape).
pub(crate) fn destination_from_wire(d: &FuncDestinationConfig) -> Option<Destination> {
    let ty = d.destination.clone().filter(|t| !t.is_empty())?;
    let target = d.param.clone().unwrap_or_default();
    let raw = || Destination::Raw {
        provider_type: ty.clone(),
        target: target.clone(),
    };
    let Some(Ok(Value::Object(param))) = d.param_json() else {
        return Some(raw());
    };
    let s = |k: &str| str_member(&param, k).filter(|v| !v.is_empty());
    // Typed only when the typed destination can carry every member: a `param` with more stays raw, so
    // reading and writing it back loses nothing.
    let members: &[&str] = match ty.as_str() {
        DESTINATION_FUNCTION_GRAPH => &["func_urn"],
        DESTINATION_SMN => &["topic_urn"],
        DESTINATION_DIS => &["stream_name"],
        DESTINATION_OBS => &["bucket", "prefix", "expires"],
        _ => &[],
    };
    if param.keys().any(|k| !members.contains(&k.as_str())) {
        return Some(raw());
    }
    let typed = match ty.as_str() {
        DESTINATION_FUNCTION_GRAPH => s("func_urn")
            .and_then(|u| u.parse::<FunctionUrn>().ok())
            .map(|urn| Destination::Function {
                function: urn.function_ref(),
                qualifier: match urn.qualifier() {
                    UrnQualifier::None => None,
                    q => Some(q.to_core()),
                },
            }),
        DESTINATION_SMN => s("topic_urn").map(|name| Destination::Topic { name }),
        DESTINATION_DIS => s("stream_name").map(|name| Destination::Stream { name }),
        DESTINATION_OBS => s("bucket").map(|bucket| Destination::ObjectStorage {
            bucket,
            prefix: s("prefix"),
            expires_days: param
                .get("expires")
                .and_then(|v| v.as_u64().or_else(|| v.as_str()?.trim().parse().ok()))
                .and_then(|d| u32::try_from(d).ok()),
        }),
        _ => None,
    };
    Some(typed.unwrap_or_else(raw))
}

/// Wire keys of an async config the neutral model maps.
pub(crate) const ASYNC_RESERVED: &[(&str, &str)] = &[
    ("max_async_event_age_in_seconds", "max_event_age"),
    ("max_async_retry_attempts", "max_retries"),
    ("destination_config", "on_success / on_failure"),
];

/// The UpdateFunctionAsyncInvokeConfig body of `config`.
pub(crate) fn async_config_body(
    config: &AsyncConfig,
    region: &str,
    project_id: &str,
) -> Result<Value> {
    check_extension_keys("extensions", &config.extensions, ASYNC_RESERVED)?;
    let mut map: Map<String, Value> = config.extensions.clone();
    if let Some(age) = config.max_event_age {
        map.insert("max_async_event_age_in_seconds".into(), json!(secs(age)));
    }
    if let Some(r) = config.max_retries {
        map.insert("max_async_retry_attempts".into(), json!(r));
    }
    let on_success = config
        .on_success
        .as_ref()
        .map(|d| destination_to_wire("on_success", d, region, project_id))
        .transpose()?;
    let on_failure = config
        .on_failure
        .as_ref()
        .map(|d| destination_to_wire("on_failure", d, region, project_id))
        .transpose()?;
    if on_success.is_some() || on_failure.is_some() {
        let dc = FuncAsyncDestinationConfig {
            on_success,
            on_failure,
            extra: Map::new(),
        };
        map.insert("destination_config".into(), serde_json::to_value(dc)?);
    }
    Ok(Value::Object(map))
}

/// Whether a ShowFunctionAsyncInvokeConfig answer describes no config at all (the server's way of
/// saying there is none, besides 404).
pub(crate) fn async_config_is_empty(c: &AsyncInvokeConfig) -> bool {
    c.func_urn.is_none()
        && c.max_async_event_age_in_seconds.is_none()
        && c.max_async_retry_attempts.is_none()
        && c.destination_config.is_none()
        && c.created_time.is_none()
}

/// The neutral async config of a FunctionGraph one; `qualifier` is used when `func_urn` is absent.
pub(crate) fn async_config_from_wire(c: &AsyncInvokeConfig, qualifier: &Qualifier) -> AsyncConfig {
    let mut out = AsyncConfig::new();
    out.qualifier = Some(
        c.func_urn
            .as_deref()
            .and_then(|u| u.parse::<FunctionUrn>().ok())
            .map_or_else(|| qualifier.clone(), |u| u.core_qualifier()),
    );
    out.max_event_age = c
        .max_async_event_age_in_seconds
        .and_then(|s| u64::try_from(s).ok())
        .map(Duration::from_secs);
    out.max_retries = c
        .max_async_retry_attempts
        .and_then(|r| u32::try_from(r).ok());
    if let Some(dc) = &c.destination_config {
        out.on_success = dc.on_success.as_ref().and_then(destination_from_wire);
        out.on_failure = dc.on_failure.as_ref().and_then(destination_from_wire);
    }
    out.created_at = c.created_time.as_deref().and_then(parse_time);
    out.modified_at = c.last_modified.as_deref().and_then(parse_time);
    let mut ext = Extensions::new();
    if let Some(b) = c.enable_async_status_log {
        ext.insert("enable_async_status_log".into(), json!(b));
    }
    if let Some(u) = &c.func_urn {
        ext.insert("func_urn".into(), json!(u));
    }
    for (k, v) in &c.extra {
        if !v.is_null() {
            ext.insert(k.clone(), v.clone());
        }
    }
    out.extensions = ext;
    out
}

/// Sort key of async configs: latest, then versions, then aliases (as `InMemory`).
pub(crate) fn qualifier_order(c: &AsyncConfig) -> Qualifier {
    c.qualifier.clone().unwrap_or(Qualifier::Latest)
}

// ---------------------------------------------------------------------------------------------------
// Quotas
// ---------------------------------------------------------------------------------------------------

/// The neutral quota of a FunctionGraph quota resource.
pub(crate) fn quota_from_wire(r: &QuotaResource) -> Quota {
    let name = r.r#type.clone().unwrap_or_default();
    let kind = match name.as_str() {
        QUOTA_FUNC_NUM => QuotaKind::Functions,
        QUOTA_FUNC_CODE_SIZE => QuotaKind::CodeStorage,
        QUOTA_FUNC_OCCURS => QuotaKind::Concurrency,
        _ => QuotaKind::Other,
    };
    let mut q = Quota::new(
        name,
        kind,
        r.quota.and_then(|n| u64::try_from(n).ok()),
        r.used.and_then(|n| u64::try_from(n).ok()),
    );
    q.unit = r.unit.clone().filter(|u| !u.is_empty());
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::{CreateFunctionRequest, CreateFunctionTriggerRequest};
    use proptest::prelude::*;

    #[test]
    fn every_offered_runtime_has_a_string_and_round_trips() {
        for r in &Capabilities::huawei_functiongraph().runtimes {
            let wire = runtime_to_wire(r).unwrap();
            assert_eq!(&runtime_from_wire(&wire), r, "{wire}");
        }
        assert_eq!(
            runtime_from_wire("Go1.8"),
            Runtime::Other("Go1.8".to_owned())
        );
        assert_eq!(
            runtime_to_wire(&Runtime::Other("Go1.8".into())).unwrap(),
            "Go1.8"
        );
        assert_eq!(
            runtime_to_wire(&Runtime::CustomContainer)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidArgument
        );
    }

    #[test]
    fn times_parse_with_and_without_offsets() {
        let t = parse_time("2019-10-25T15:37:27+08:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2019-10-25T07:37:27+00:00");
        assert!(parse_time("2022-10-13 16:05:49").is_some());
        assert!(parse_time("2022-10-13T16:05:49.123+0800").is_some());
        assert!(parse_time("yesterday").is_none());
        assert!(parse_time("").is_none());
    }

    #[test]
    fn rates_pick_the_largest_unit() {
        assert_eq!(rate_to_wire(Duration::from_secs(300)), "5m");
        assert_eq!(rate_to_wire(Duration::from_secs(7200)), "2h");
        assert_eq!(rate_to_wire(Duration::from_secs(86_400)), "1d");
        assert_eq!(rate_to_wire(Duration::from_secs(5400)), "90m");
        assert_eq!(rate_from_wire("1d"), Some(Duration::from_secs(86_400)));
        assert_eq!(rate_from_wire("3H"), Some(Duration::from_secs(10_800)));
        assert_eq!(rate_from_wire("0m"), None);
        assert_eq!(rate_from_wire("5s"), None);
        assert_eq!(rate_from_wire("m"), None);
        assert_eq!(rate_from_wire("é"), None);
    }

    #[test]
    fn trigger_ids_split_only_on_a_type_code() {
        assert_eq!(split_trigger_id("TIMER:8a2c"), Some(("TIMER", "8a2c")));
        assert_eq!(
            split_trigger_id("DEDICATEDGATEWAY:x:y"),
            Some(("DEDICATEDGATEWAY", "x:y"))
        );
        assert_eq!(split_trigger_id("8a2c"), None);
        assert_eq!(split_trigger_id("timer:8a2c"), None);
        assert_eq!(split_trigger_id("TIMER:"), None);
        assert_eq!(split_trigger_id(":x"), None);
    }

    #[test]
    fn unknown_destination_shapes_stay_raw() {
        let d = FuncDestinationConfig::new("SMN", &json!({"other": 1}));
        assert_eq!(
            destination_from_wire(&d),
            Some(Destination::Raw {
                provider_type: "SMN".into(),
                target: r#"{"other":1}"#.into()
            })
        );
        let d = FuncDestinationConfig {
            destination: Some("KAFKA".into()),
            param: Some("not json".into()),
            extra: Map::new(),
        };
        assert!(matches!(
            destination_from_wire(&d),
            Some(Destination::Raw { provider_type, target }) if provider_type == "KAFKA" && target == "not json"
        ));
        assert_eq!(
            destination_from_wire(&FuncDestinationConfig::default()),
            None
        );
    }

    fn name() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9-]{0,20}[a-z0-9]"
    }

    fn destination() -> impl Strategy<Value = Destination> {
        prop_oneof![
            (
                name(),
                name(),
                prop::option::of(prop_oneof![
                    Just(Qualifier::Latest),
                    name().prop_map(Qualifier::Version),
                    name().prop_map(Qualifier::Alias),
                ])
            )
                .prop_map(|(ns, f, qualifier)| Destination::Function {
                    function: FunctionRef::new(ns, f),
                    qualifier
                }),
            name().prop_map(|n| Destination::Topic {
                name: format!("urn:smn:cn-north-4:p:{n}")
            }),
            name().prop_map(|name| Destination::Stream { name }),
            (
                name(),
                prop::option::of(name()),
                prop::option::of(0u32..=365)
            )
                .prop_map(|(bucket, prefix, expires_days)| {
                    Destination::ObjectStorage {
                        bucket,
                        prefix,
                        expires_days,
                    }
                }),
        ]
    }

    proptest! {
        #[test]
        fn destinations_round_trip(d in destination()) {
            let wire = destination_to_wire("on_success", &d, "cn-north-4", "p1").unwrap();
            prop_assert_eq!(destination_from_wire(&wire), Some(d));
        }

        #[test]
        fn weights_round_trip_on_the_percent_step(percents in prop::collection::btree_map(name(), 0i32..=100, 0..4)) {
            let fractions = weights_from_wire(&percents);
            prop_assert_eq!(weights_to_wire(&fractions), percents);
        }

        #[test]
        fn async_configs_round_trip(
            age in prop::option::of(1u64..=86_400),
            retries in prop::option::of(0u32..=3),
            on_success in prop::option::of(destination()),
            on_failure in prop::option::of(destination()),
            status_log in prop::option::of(any::<bool>()),
        ) {
            let mut c = AsyncConfig::new();
            c.max_event_age = age.map(Duration::from_secs);
            c.max_retries = retries;
            c.on_success = on_success;
            c.on_failure = on_failure;
            if let Some(b) = status_log {
                c.extensions.insert("enable_async_status_log".into(), json!(b));
            }
            let body = async_config_body(&c, "cn-north-4", "p1").unwrap();
            let wire: AsyncInvokeConfig = serde_json::from_value(body).unwrap();
            let back = async_config_from_wire(&wire, &Qualifier::version("v1"));
            c.qualifier = Some(Qualifier::version("v1"));
            prop_assert_eq!(back, c);
        }

        #[test]
        fn functions_round_trip_through_the_create_body(
            env in prop::collection::btree_map("[A-Z_]{1,8}", "[ -~]{0,12}", 0..5),
            memory in prop::sample::select(vec![128u32, 256, 512, 4096]),
            timeout in 3u64..=900,
            description in prop::option::of("[ -~]{1,30}"),
            init_timeout in prop::option::of(1u64..=300),
            runtime in prop::sample::select(Capabilities::huawei_functiongraph().runtimes),
        ) {
            let caps = Capabilities::huawei_functiongraph();
            let mut spec = FunctionSpec::new("fn-1", runtime.clone(), "index.handler", Code::zip(vec![1, 2, 3]))
                .with_memory_mb(memory)
                .with_timeout(Duration::from_secs(timeout))
                .with_extension("xrole", json!("agency"));
            spec.environment = env.clone();
            spec.description = description.clone();
            let init = Initializer::new("index.init");
            spec.initializer = Some(match init_timeout {
                Some(t) => init.with_timeout(Duration::from_secs(t)),
                None => init,
            });
            let body = create_function_body(&caps, "cn-north-4", "shop", &spec).unwrap();
            let req: CreateFunctionRequest = serde_json::from_value(body.clone()).unwrap();
            prop_assert_eq!(req.code_type.as_str(), "inline");
            // The server answers with the same members.
            let cfg: FunctionConfig = serde_json::from_value(body).unwrap();
            let f = function_from_wire(&cfg, &FunctionRef::new("x", "y")).unwrap();
            prop_assert_eq!(f.namespace.as_str(), "shop");
            prop_assert_eq!(f.name.as_str(), "fn-1");
            prop_assert_eq!(f.runtime, runtime);
            prop_assert_eq!(f.memory_mb, Some(memory));
            prop_assert_eq!(f.timeout, Some(Duration::from_secs(timeout)));
            prop_assert_eq!(f.environment, env);
            prop_assert_eq!(f.description, description);
            prop_assert_eq!(f.initializer, spec.initializer);
            prop_assert_eq!(f.extensions.get("xrole"), Some(&json!("agency")));
        }

        #[test]
        fn typed_triggers_round_trip(
            minutes in 1u64..=10_000,
            cron in prop::bool::ANY,
            payload in prop::option::of("[ -~]{1,20}"),
            prefix in prop::option::of(name()),
            suffix in prop::option::of(name()),
            method in prop::sample::select(vec![HttpMethod::Get, HttpMethod::Post, HttpMethod::Put, HttpMethod::Any]),
            enabled in prop::option::of(any::<bool>()),
        ) {
            let timer = if cron {
                TimerConfig::cron("0 0 9 * * ?")
            } else {
                TimerConfig::rate(Duration::from_secs(minutes * 60))
            };
            let timer = match payload {
                Some(p) => timer.with_payload(p),
                None => timer,
            };
            let mut obs = ObjectStorageConfig::new("bkt", [ObjectEvent::CreatedPut, ObjectEvent::RemovedAll]);
            obs.prefix = prefix;
            obs.suffix = suffix;
            let configs = [
                TriggerConfig::Timer(timer),
                TriggerConfig::Http(HttpConfig::new(HttpAuth::Anonymous, [method]).with_path("/p")),
                TriggerConfig::ObjectStorage(obs),
                TriggerConfig::Raw(RawTrigger::new("SMN", json!({"topic_urn": "urn:smn:x"}))),
            ];
            for config in configs {
                let mut spec = TriggerSpec::new("trig-1", config.clone());
                spec.enabled = enabled;
                let body = create_trigger_body(&spec).unwrap();
                let req: CreateFunctionTriggerRequest = serde_json::from_value(body).unwrap();
                let instance = TriggerInstance {
                    trigger_id: Some("abc".into()),
                    trigger_type_code: Some(req.trigger_type_code.clone()),
                    trigger_status: req.trigger_status.clone(),
                    event_data: Some(req.event_data.clone()),
                    ..TriggerInstance::default()
                };
                let back = trigger_from_wire(&instance, "");
                prop_assert_eq!(&back.config, &config);
                prop_assert_eq!(back.id, format!("{}:abc", req.trigger_type_code));
                prop_assert_eq!(back.enabled, enabled);
                if config.kind() != TriggerKind::Raw {
                    prop_assert_eq!(back.name.as_str(), "trig-1");
                }
            }
        }
    }
}
