//! Pure conversions between the neutral model of `cloudfn-core` and the FC wire structs
//! (docs/concepts.md is the specification). Nothing here sends anything.
//!
//! Extensions: on read, every key of the wire object the neutral model does not type is kept in
//! `extensions` under FC's own key; on write, the extensions are the starting point of the body and the
//! typed neutral fields are laid over them, with the read-only keys (ids, timestamps, names that live in
//! the path) left out. So a value read from FC can be written back without loss.

use std::collections::BTreeMap;
use std::time::Duration;

use cloudfn_core::{
    Alias, AliasSpec, AliasUpdate, AsyncConfig, Code, Error, ErrorKind, Extensions, Function,
    FunctionSpec, FunctionUpdate, HttpAuth, HttpConfig, HttpMethod, Initializer, Namespace,
    NamespaceSpec, NamespaceUpdate, ObjectEvent, ObjectStorageConfig, Qualifier, RawTrigger,
    Result, Runtime, Schedule, TimerConfig, Trigger, TriggerConfig, Version,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::arn::{ArnScope, explicit_qualifier, parse_qualifier};
use crate::api::types::{
    self as wire, CreateAliasRequest, CreateFunctionRequest, CreateServiceRequest,
    CreateTriggerRequest, PutAsyncInvokeConfigRequest, UpdateAliasRequest, UpdateFunctionRequest,
    UpdateServiceRequest, UpdateTriggerRequest, parse_timestamp,
};

// ------------------------------------------------------------------ helpers

/// A wire struct as a JSON object.
fn to_map<T: Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// A request body from a JSON object; a value of the wrong type in the extensions is `InvalidArgument`
/// naming the key (`extensions[caPort]`) when one key alone is the cause.
fn from_map<T: DeserializeOwned>(what: &str, map: Map<String, Value>) -> Result<T> {
    let value = Value::Object(map);
    let err = match T::deserialize(&value) {
        Ok(body) => return Ok(body),
        Err(e) => e,
    };
    let keys = value.as_object().map(Map::keys).into_iter().flatten();
    let culprit = keys.into_iter().find(|key| {
        let mut without = value.clone();
        if let Value::Object(m) = &mut without {
            m.remove(key.as_str());
        }
        T::deserialize(&without).is_ok()
    });
    let field = culprit.map_or_else(|| "extensions".to_owned(), |k| format!("extensions[{k}]"));
    Err(Error::invalid_argument(
        &field,
        format_args!("does not fit the FC {what} body: {err}"),
    ))
}

/// The extensions to start a request body from, without the read-only keys.
fn writable(ext: &Extensions, read_only: &[&str]) -> Map<String, Value> {
    ext.iter()
        .filter(|(k, _)| !read_only.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn take_string(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    match map.remove(key) {
        Some(Value::String(s)) => Some(s),
        Some(Value::Null) | None => None,
        Some(other) => {
            map.insert(key.to_owned(), other);
            None
        }
    }
}

fn time(value: Option<&str>) -> Option<chrono::DateTime<chrono::Utc>> {
    value.and_then(parse_timestamp)
}

/// A description FC reports: empty means unset.
fn description(d: Option<String>) -> Option<String> {
    d.filter(|d| !d.is_empty())
}

fn secs_i32(d: Duration) -> i32 {
    i32::try_from(d.as_secs()).unwrap_or(i32::MAX)
}

fn secs_i64(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

fn duration_from(secs: Option<i64>) -> Option<Duration> {
    secs.and_then(|s| u64::try_from(s).ok())
        .map(Duration::from_secs)
}

// ------------------------------------------------------------------ namespaces (services)

/// Service keys never sent from extensions: read-only or carried by the path / neutral fields.
const SERVICE_READ_ONLY: &[&str] = &[
    "serviceName",
    "serviceId",
    "createdTime",
    "lastModifiedTime",
];

/// `CreateService` body of a namespace spec.
pub(crate) fn create_service_request(spec: &NamespaceSpec) -> Result<CreateServiceRequest> {
    let mut map = writable(&spec.extensions, SERVICE_READ_ONLY);
    map.insert("serviceName".into(), Value::String(spec.name.clone()));
    if let Some(d) = &spec.description {
        map.insert("description".into(), Value::String(d.clone()));
    }
    from_map("CreateService", map)
}

/// `UpdateService` body of a namespace update.
pub(crate) fn update_service_request(update: &NamespaceUpdate) -> Result<UpdateServiceRequest> {
    let mut map = writable(&update.extensions, SERVICE_READ_ONLY);
    if let Some(d) = &update.description {
        map.insert("description".into(), Value::String(d.clone()));
    }
    from_map("UpdateService", map)
}

/// The namespace of a service (`name` when the body does not repeat it).
pub(crate) fn namespace_from_service(
    name: &str,
    service: &wire::Service,
    etag: Option<String>,
) -> Namespace {
    let mut map = to_map(service);
    let svc_name = take_string(&mut map, "serviceName").unwrap_or_else(|| name.to_owned());
    let mut ns = Namespace::new(svc_name);
    ns.description = description(take_string(&mut map, "description"));
    ns.created_at = time(take_string(&mut map, "createdTime").as_deref());
    ns.modified_at = time(take_string(&mut map, "lastModifiedTime").as_deref());
    ns.etag = etag;
    ns.extensions = map;
    ns
}

// ------------------------------------------------------------------ runtimes and code

/// FC's runtime string: the neutral id, except `Python36`, which FC calls `python3` (FC §6.2.1).
pub(crate) fn runtime_to_fc(r: &Runtime) -> String {
    match r {
        Runtime::Python36 => "python3".to_owned(),
        other => other.id().to_owned(),
    }
}

/// The neutral runtime of an FC string: `python3` and `python3.6` are both `Python36`; unknown strings
/// are kept in `Runtime::Other`.
pub(crate) fn runtime_from_fc(s: &str) -> Runtime {
    match s {
        "python3" => Runtime::Python36,
        other => Runtime::from(other),
    }
}

/// FC `code` of neutral code.
pub(crate) fn wire_code(code: &Code) -> wire::Code {
    match code {
        Code::Zip(bytes) => wire::Code::zip(bytes),
        Code::ObjectStorage { bucket, key } => wire::Code::oss(bucket, key),
        other => wire::Code {
            extra: to_map(other),
            ..wire::Code::default()
        },
    }
}

// ------------------------------------------------------------------ functions

/// Function keys never sent from extensions.
const FUNCTION_READ_ONLY: &[&str] = &[
    "functionId",
    "functionName",
    "codeSize",
    "codeChecksum",
    "createdTime",
    "lastModifiedTime",
];

/// The typed function fields of a create or an update (`None`: not sent).
struct FnFields<'a> {
    runtime: Option<&'a Runtime>,
    handler: Option<&'a str>,
    code: Option<&'a Code>,
    memory_mb: Option<u32>,
    timeout: Option<Duration>,
    description: Option<&'a str>,
    initializer: Option<&'a Initializer>,
}

fn insert_function_fields(map: &mut Map<String, Value>, fields: &FnFields<'_>) {
    let FnFields {
        runtime,
        handler,
        code,
        memory_mb,
        timeout,
        description,
        initializer,
    } = *fields;
    if let Some(r) = runtime {
        map.insert("runtime".into(), Value::String(runtime_to_fc(r)));
    }
    if let Some(h) = handler {
        map.insert("handler".into(), Value::String(h.to_owned()));
    }
    if let Some(c) = code {
        map.insert("code".into(), Value::Object(to_map(&wire_code(c))));
    }
    if let Some(mb) = memory_mb {
        map.insert("memorySize".into(), Value::from(mb));
    }
    if let Some(t) = timeout {
        map.insert("timeout".into(), Value::from(secs_i32(t)));
    }
    if let Some(d) = description {
        map.insert("description".into(), Value::String(d.to_owned()));
    }
    if let Some(init) = initializer {
        map.insert("initializer".into(), Value::String(init.handler.clone()));
        if let Some(t) = init.timeout {
            map.insert("initializationTimeout".into(), Value::from(secs_i32(t)));
        }
    }
}

fn env_value(env: &BTreeMap<String, String>) -> Value {
    Value::Object(
        env.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

/// The function extensions to send: without the read-only keys, and without the read-only
/// `customContainerConfig.accelerationInfo` a read reports.
fn writable_function(ext: &Extensions) -> Map<String, Value> {
    let mut map = writable(ext, FUNCTION_READ_ONLY);
    if let Some(Value::Object(c)) = map.get_mut("customContainerConfig") {
        c.remove("accelerationInfo");
    }
    map
}

/// `CreateFunction` body of a function spec.
pub(crate) fn create_function_request(spec: &FunctionSpec) -> Result<CreateFunctionRequest> {
    let mut map = writable_function(&spec.extensions);
    map.insert("functionName".into(), Value::String(spec.name.clone()));
    insert_function_fields(
        &mut map,
        &FnFields {
            runtime: Some(&spec.runtime),
            handler: Some(&spec.handler),
            code: Some(&spec.code),
            memory_mb: spec.memory_mb,
            timeout: spec.timeout,
            description: spec.description.as_deref(),
            initializer: spec.initializer.as_ref(),
        },
    );
    if !spec.environment.is_empty() {
        map.insert("environmentVariables".into(), env_value(&spec.environment));
    }
    from_map("CreateFunction", map)
}

/// `UpdateFunction` body of a function update (a partial update: only what is set is sent; an empty
/// environment is sent as `{}` to clear it).
pub(crate) fn update_function_request(update: &FunctionUpdate) -> Result<UpdateFunctionRequest> {
    let mut map = writable_function(&update.extensions);
    insert_function_fields(
        &mut map,
        &FnFields {
            runtime: update.runtime.as_ref(),
            handler: update.handler.as_deref(),
            code: update.code.as_ref(),
            memory_mb: update.memory_mb,
            timeout: update.timeout,
            description: update.description.as_deref(),
            initializer: update.initializer.as_ref(),
        },
    );
    if let Some(env) = &update.environment {
        map.insert("environmentVariables".into(), env_value(env));
    }
    from_map("UpdateFunction", map)
}

/// The neutral function of an FC function object.
///
/// `name` is used when the body does not repeat the function name; `version` is the published
/// version this view is of (`None` for the latest).
pub(crate) fn function_from_wire(
    namespace: &str,
    name: &str,
    f: &wire::Function,
    etag: Option<String>,
    version: Option<String>,
) -> Function {
    let mut map = to_map(f);
    for key in [
        "functionName",
        "description",
        "runtime",
        "handler",
        "timeout",
        "memorySize",
        "codeSize",
        "codeChecksum",
        "environmentVariables",
        "createdTime",
        "lastModifiedTime",
    ] {
        map.remove(key);
    }
    let initializer = f.initializer.as_deref().filter(|h| !h.is_empty()).map(|h| {
        let mut init = Initializer::new(h);
        init.timeout = duration_from(f.initialization_timeout.map(i64::from));
        init
    });
    map.remove("initializer");
    if initializer.is_some() {
        map.remove("initializationTimeout");
    }
    let mut out = Function::new(
        namespace,
        f.function_name.clone().unwrap_or_else(|| name.to_owned()),
        runtime_from_fc(f.runtime.as_deref().unwrap_or_default()),
        f.handler.clone().unwrap_or_default(),
    );
    out.memory_mb = f.memory_size.and_then(|m| u32::try_from(m).ok());
    out.timeout = duration_from(f.timeout.map(i64::from));
    out.description = description(f.description.clone());
    out.environment = f.environment_variables.clone().unwrap_or_default();
    out.initializer = initializer;
    out.code_size = f.code_size.and_then(|s| u64::try_from(s).ok());
    out.code_checksum = f.code_checksum.clone().filter(|c| !c.is_empty());
    out.version = version;
    out.created_at = time(f.created_time.as_deref());
    out.modified_at = time(f.last_modified_time.as_deref());
    out.etag = etag;
    out.extensions = map;
    out
}

// ------------------------------------------------------------------ versions and aliases

/// The neutral version of an FC version (`lastModifiedTime` and unknown keys go to extensions).
pub(crate) fn version_from_wire(v: &wire::Version) -> Result<Version> {
    let mut map = to_map(v);
    map.remove("versionId");
    map.remove("description");
    map.remove("createdTime");
    let id = v
        .version_id
        .clone()
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            Error::new(ErrorKind::Decode, "the version has no `versionId`")
                .with_provider(crate::error::PROVIDER)
        })?;
    let mut out = Version::new(id);
    out.description = description(v.description.clone());
    out.created_at = time(v.created_time.as_deref());
    out.extensions = map;
    Ok(out)
}

/// Alias keys never sent from extensions.
const ALIAS_READ_ONLY: &[&str] = &[
    "aliasName",
    "serviceName",
    "createdTime",
    "lastModifiedTime",
];

/// `CreateAlias` body of an alias spec.
pub(crate) fn create_alias_request(spec: &AliasSpec) -> Result<CreateAliasRequest> {
    let mut map = writable(&spec.extensions, ALIAS_READ_ONLY);
    map.insert("aliasName".into(), Value::String(spec.name.clone()));
    map.insert("versionId".into(), Value::String(spec.version.clone()));
    if let Some(d) = &spec.description {
        map.insert("description".into(), Value::String(d.clone()));
    }
    if !spec.additional_weights.is_empty() {
        map.insert(
            "additionalVersionWeight".into(),
            weights_value(&spec.additional_weights),
        );
    }
    from_map("CreateAlias", map)
}

/// `UpdateAlias` body of an alias update (`Some(empty)` weights are sent as `{}` to clear them).
pub(crate) fn update_alias_request(update: &AliasUpdate) -> Result<UpdateAliasRequest> {
    let mut map = writable(&update.extensions, ALIAS_READ_ONLY);
    if let Some(v) = &update.version {
        map.insert("versionId".into(), Value::String(v.clone()));
    }
    if let Some(d) = &update.description {
        map.insert("description".into(), Value::String(d.clone()));
    }
    if let Some(w) = &update.additional_weights {
        map.insert("additionalVersionWeight".into(), weights_value(w));
    }
    from_map("UpdateAlias", map)
}

fn weights_value(w: &BTreeMap<String, f64>) -> Value {
    Value::Object(
        w.iter()
            .map(|(k, v)| (k.clone(), Value::from(*v)))
            .collect(),
    )
}

/// The neutral alias of an FC alias (`name` when the body does not repeat it).
pub(crate) fn alias_from_wire(name: &str, a: &wire::Alias, etag: Option<String>) -> Alias {
    let mut map = to_map(a);
    for key in [
        "aliasName",
        "versionId",
        "description",
        "additionalVersionWeight",
        "createdTime",
        "lastModifiedTime",
    ] {
        map.remove(key);
    }
    let mut out = Alias::new(
        a.alias_name.clone().unwrap_or_else(|| name.to_owned()),
        a.version_id.clone().unwrap_or_default(),
    );
    out.additional_weights = a.additional_version_weight.clone().unwrap_or_default();
    out.description = description(a.description.clone());
    out.created_at = time(a.created_time.as_deref());
    out.modified_at = time(a.last_modified_time.as_deref());
    out.etag = etag;
    out.extensions = map;
    out
}

// ------------------------------------------------------------------ triggers

/// Trigger keys never sent from extensions (`triggerConfig` is merged separately).
const TRIGGER_READ_ONLY: &[&str] = &[
    "triggerId",
    "triggerName",
    "triggerType",
    "triggerConfig",
    "createdTime",
    "lastModifiedTime",
    "qualifier",
];

/// The extension key holding the keys of a typed trigger's `triggerConfig` the neutral config does not
/// carry (e.g. an HTTP trigger's `disableURLInternet`), so that they survive a round trip.
pub(crate) const TRIGGER_CONFIG_EXTENSION: &str = "triggerConfig";

const OSS_EVENTS: &[(ObjectEvent, &str)] = &[
    (ObjectEvent::CreatedAll, "oss:ObjectCreated:*"),
    (ObjectEvent::CreatedPut, "oss:ObjectCreated:PutObject"),
    (ObjectEvent::CreatedPost, "oss:ObjectCreated:PostObject"),
    (ObjectEvent::CreatedCopy, "oss:ObjectCreated:CopyObject"),
    (
        ObjectEvent::CreatedCompleteMultipartUpload,
        "oss:ObjectCreated:CompleteMultipartUpload",
    ),
    (ObjectEvent::RemovedDelete, "oss:ObjectRemoved:DeleteObject"),
];

/// The FC `oss:` event of a neutral event; `ObjectRemoved:*` and `ObjectRemoved:DeleteMarkerCreated`
/// have none (alibaba-fc.md §6.3.2).
pub(crate) fn oss_event(e: &ObjectEvent) -> Result<String> {
    if let ObjectEvent::Other(s) = e {
        return Ok(s.clone());
    }
    OSS_EVENTS
        .iter()
        .find(|(n, _)| n == e)
        .map(|(_, w)| (*w).to_owned())
        .ok_or_else(|| {
            Error::invalid_argument(
                "trigger events",
                format_args!(
                    "`{e}` has no FC OSS event; use one of ObjectCreated:*, ObjectCreated:Put, \
                     ObjectCreated:Post, ObjectCreated:Copy, ObjectCreated:CompleteMultipartUpload, \
                     ObjectRemoved:Delete, or an `oss:` event name verbatim"
                ),
            )
        })
}

/// The neutral event of an FC `oss:` event (unknown ones verbatim in `Other`).
pub(crate) fn event_from_oss(s: &str) -> ObjectEvent {
    OSS_EVENTS
        .iter()
        .find(|(_, w)| *w == s)
        .map_or_else(|| ObjectEvent::Other(s.to_owned()), |(n, _)| n.clone())
}

const ALL_METHODS: [HttpMethod; 7] = [
    HttpMethod::Get,
    HttpMethod::Post,
    HttpMethod::Put,
    HttpMethod::Delete,
    HttpMethod::Patch,
    HttpMethod::Head,
    HttpMethod::Options,
];

fn method_name(m: HttpMethod) -> &'static str {
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

fn parse_method(s: &str) -> Option<HttpMethod> {
    ALL_METHODS
        .iter()
        .copied()
        .find(|m| method_name(*m).eq_ignore_ascii_case(s))
}

/// FC's `triggerType` of a neutral config.
pub(crate) fn trigger_type(config: &TriggerConfig) -> String {
    match config {
        TriggerConfig::Timer(_) => wire::trigger_type::TIMER.to_owned(),
        TriggerConfig::Http(_) => wire::trigger_type::HTTP.to_owned(),
        TriggerConfig::ObjectStorage(_) => wire::trigger_type::OSS.to_owned(),
        TriggerConfig::Raw(r) => r.provider_type.clone(),
        _ => "unknown".to_owned(),
    }
}

/// `@every {n}m` for a whole number of minutes (what `check_trigger_config` allows for rates).
fn rate_expression(every: Duration) -> String {
    format!("@every {}m", every.as_secs() / 60)
}

/// A rate of `@every 5m`, `@every 1h30m`, `@every 90s`..., when it is a whole number of minutes of at
/// least one (anything else stays a cron string, verbatim).
pub(crate) fn parse_rate(expr: &str) -> Option<Duration> {
    let rest = expr.trim().strip_prefix("@every")?.trim();
    if rest.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    for c in rest.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u64 = number.parse().ok()?;
        number.clear();
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    if !number.is_empty() || total < 60 || total % 60 != 0 {
        return None;
    }
    Some(Duration::from_secs(total))
}

/// The `triggerConfig` (and `sourceArn` for OSS) of a neutral trigger config, laid over `base` (the
/// untyped keys kept from a previous read). `enabled` goes to `enable`: documented for timer and log
/// triggers; for the other types FC keeps no switch, and the adapter sends it anyway (see the module
/// docs of the adapter).
pub(crate) fn trigger_config_to_wire(
    scope: &ArnScope,
    config: &TriggerConfig,
    enabled: Option<bool>,
    base: Map<String, Value>,
) -> Result<(Value, Option<String>)> {
    let mut map = base;
    let mut source_arn = None;
    match config {
        TriggerConfig::Timer(t) => {
            let expr = match &t.schedule {
                Schedule::Cron(c) => c.clone(),
                Schedule::Rate(every) => rate_expression(*every),
                other => {
                    return Err(Error::unsupported(
                        crate::error::PROVIDER,
                        format_args!("the timer schedule {other:?}"),
                    ));
                }
            };
            map.insert("cronExpression".into(), Value::String(expr));
            match &t.payload {
                Some(p) => map.insert("payload".into(), Value::String(p.clone())),
                None => map.remove("payload"),
            };
            // FC's timer needs the switch: on unless told otherwise.
            map.insert("enable".into(), Value::Bool(enabled.unwrap_or(true)));
        }
        TriggerConfig::Http(h) => {
            let auth = match &h.auth {
                HttpAuth::Signed => "function".to_owned(),
                HttpAuth::Other(s) => s.clone(),
                _ => "anonymous".to_owned(),
            };
            let mut methods: Vec<&str> = Vec::new();
            for m in &h.methods {
                if *m == HttpMethod::Any {
                    methods.extend(ALL_METHODS.iter().map(|m| method_name(*m)));
                } else {
                    methods.push(method_name(*m));
                }
            }
            let mut seen = Vec::new();
            methods.retain(|m| {
                let new = !seen.contains(m);
                seen.push(*m);
                new
            });
            map.insert("authType".into(), Value::String(auth));
            map.insert(
                "methods".into(),
                Value::Array(methods.into_iter().map(Value::from).collect()),
            );
            if let Some(e) = enabled {
                map.insert("enable".into(), Value::Bool(e));
            }
        }
        TriggerConfig::ObjectStorage(o) => {
            let events = o
                .events
                .iter()
                .map(|e| oss_event(e).map(Value::String))
                .collect::<Result<Vec<_>>>()?;
            map.insert("events".into(), Value::Array(events));
            let mut filter = match map.remove("filter") {
                Some(Value::Object(f)) => f,
                _ => Map::new(),
            };
            let mut key = match filter.remove("key") {
                Some(Value::Object(k)) => k,
                _ => Map::new(),
            };
            for (k, v) in [("prefix", &o.prefix), ("suffix", &o.suffix)] {
                match v {
                    Some(v) => key.insert(k.into(), Value::String(v.clone())),
                    None => key.remove(k),
                };
            }
            filter.insert("key".into(), Value::Object(key));
            map.insert("filter".into(), Value::Object(filter));
            if let Some(e) = enabled {
                map.insert("enable".into(), Value::Bool(e));
            }
            source_arn = Some(scope.oss_bucket_arn(&o.bucket));
        }
        TriggerConfig::Raw(r) => {
            let mut value = r.config.clone();
            if let Some(e) = enabled {
                match &mut value {
                    Value::Object(m) => {
                        m.insert("enable".into(), Value::Bool(e));
                    }
                    Value::Null => value = serde_json::json!({ "enable": e }),
                    _ => {
                        return Err(Error::invalid_argument(
                            "trigger config",
                            "a raw trigger's config must be a JSON object to carry `enabled` (FC `enable`)",
                        ));
                    }
                }
            }
            return Ok((value, None));
        }
        other => {
            return Err(Error::unsupported(
                crate::error::PROVIDER,
                format_args!("{} triggers", other.kind()),
            ));
        }
    }
    Ok((Value::Object(map), source_arn))
}

/// The neutral config of an FC trigger, the `enable` switch, and the `triggerConfig` keys the typed
/// config does not carry. A typed trigger whose config cannot be read typed (an unknown HTTP method, an
/// OSS source that is not a bucket ARN) is reported as `Raw`.
pub(crate) fn trigger_config_from_wire(
    t: &wire::Trigger,
) -> (TriggerConfig, Option<bool>, Map<String, Value>) {
    let ty = t.trigger_type.clone().unwrap_or_default();
    let value = t.trigger_config.clone().unwrap_or(Value::Null);
    let raw = |value: Value| {
        let enabled = value.get("enable").and_then(Value::as_bool);
        (
            TriggerConfig::Raw(RawTrigger::new(ty.clone(), value)),
            enabled,
            Map::new(),
        )
    };
    let mut map = match &value {
        Value::Object(m) => m.clone(),
        Value::Null => Map::new(),
        _ => return raw(value),
    };
    let enabled = match map.remove("enable") {
        Some(Value::Bool(b)) => Some(b),
        Some(other) => {
            map.insert("enable".into(), other);
            None
        }
        None => None,
    };
    match ty.as_str() {
        wire::trigger_type::TIMER => {
            let Some(expr) = take_string(&mut map, "cronExpression") else {
                return raw(value);
            };
            let schedule = parse_rate(&expr).map_or(Schedule::Cron(expr), Schedule::Rate);
            let mut timer = match schedule {
                Schedule::Rate(d) => TimerConfig::rate(d),
                Schedule::Cron(c) => TimerConfig::cron(c),
                _ => return raw(value),
            };
            timer.payload = take_string(&mut map, "payload");
            (TriggerConfig::Timer(timer), enabled, map)
        }
        wire::trigger_type::HTTP => {
            let auth = match take_string(&mut map, "authType").as_deref() {
                Some(a) if a.eq_ignore_ascii_case("anonymous") => HttpAuth::Anonymous,
                Some(a) if a.eq_ignore_ascii_case("function") => HttpAuth::Signed,
                Some(a) => HttpAuth::Other(a.to_owned()),
                None => return raw(value),
            };
            let methods = match map.remove("methods") {
                Some(Value::Array(items)) => {
                    let parsed: Option<Vec<HttpMethod>> = items
                        .iter()
                        .map(|m| m.as_str().and_then(parse_method))
                        .collect();
                    match parsed {
                        Some(p) => p,
                        None => return raw(value),
                    }
                }
                None | Some(Value::Null) => Vec::new(),
                Some(_) => return raw(value),
            };
            (
                TriggerConfig::Http(HttpConfig::new(auth, methods)),
                enabled,
                map,
            )
        }
        wire::trigger_type::OSS => {
            let Some(bucket) = t.source_arn.as_deref().and_then(ArnScope::bucket_of) else {
                return raw(value);
            };
            let events = match map.remove("events") {
                Some(Value::Array(items)) => {
                    let parsed: Option<Vec<ObjectEvent>> = items
                        .iter()
                        .map(|e| e.as_str().map(event_from_oss))
                        .collect();
                    match parsed {
                        Some(p) => p,
                        None => return raw(value),
                    }
                }
                None | Some(Value::Null) => Vec::new(),
                Some(_) => return raw(value),
            };
            let mut oss = ObjectStorageConfig::new(bucket, events);
            if let Some(Value::Object(mut filter)) = map.remove("filter") {
                if let Some(Value::Object(mut key)) = filter.remove("key") {
                    oss.prefix = take_string(&mut key, "prefix");
                    oss.suffix = take_string(&mut key, "suffix");
                    if !key.is_empty() {
                        filter.insert("key".into(), Value::Object(key));
                    }
                }
                if !filter.is_empty() {
                    map.insert("filter".into(), Value::Object(filter));
                }
            }
            (TriggerConfig::ObjectStorage(oss), enabled, map)
        }
        _ => raw(value),
    }
}

/// The neutral trigger of an FC trigger (id = name).
pub(crate) fn trigger_from_wire(id: &str, t: &wire::Trigger, etag: Option<String>) -> Trigger {
    let (config, enabled, leftover) = trigger_config_from_wire(t);
    let mut map = to_map(t);
    for key in [
        "triggerName",
        "triggerType",
        "triggerConfig",
        "qualifier",
        "description",
        "createdTime",
        "lastModifiedTime",
    ] {
        map.remove(key);
    }
    if matches!(config, TriggerConfig::ObjectStorage(_)) {
        // The bucket carries it.
        map.remove("sourceArn");
    }
    if !leftover.is_empty() {
        map.insert(TRIGGER_CONFIG_EXTENSION.into(), Value::Object(leftover));
    }
    let name = t.trigger_name.clone().unwrap_or_else(|| id.to_owned());
    let mut out = Trigger::new(name.clone(), name, config);
    out.qualifier = parse_qualifier(t.qualifier.as_deref());
    out.enabled = enabled;
    out.description = description(t.description.clone());
    out.created_at = time(t.created_time.as_deref());
    out.modified_at = time(t.last_modified_time.as_deref());
    out.etag = etag;
    out.extensions = map;
    out
}

/// The untyped `triggerConfig` keys kept in a trigger's extensions.
pub(crate) fn trigger_config_base(ext: &Extensions) -> Map<String, Value> {
    match ext.get(TRIGGER_CONFIG_EXTENSION) {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}

/// The extensions of a trigger request body.
pub(crate) fn trigger_extensions(ext: &Extensions) -> Map<String, Value> {
    writable(ext, TRIGGER_READ_ONLY)
}

/// `CreateTrigger` body.
pub(crate) fn create_trigger_request(
    scope: &ArnScope,
    spec: &cloudfn_core::TriggerSpec,
) -> Result<CreateTriggerRequest> {
    let (config, source_arn) = trigger_config_to_wire(
        scope,
        &spec.config,
        spec.enabled,
        trigger_config_base(&spec.extensions),
    )?;
    let mut map = trigger_extensions(&spec.extensions);
    map.insert("triggerName".into(), Value::String(spec.name.clone()));
    map.insert(
        "triggerType".into(),
        Value::String(trigger_type(&spec.config)),
    );
    map.insert("triggerConfig".into(), config);
    if let Some(arn) = source_arn {
        map.insert("sourceArn".into(), Value::String(arn));
    }
    if let Some(q) = &spec.qualifier {
        map.insert(
            "qualifier".into(),
            Value::String(explicit_qualifier(q).to_owned()),
        );
    }
    if let Some(d) = &spec.description {
        map.insert("description".into(), Value::String(d.clone()));
    }
    from_map("CreateTrigger", map)
}

/// `UpdateTrigger` body: `config`/`enabled` are the trigger's whole new state (FC replaces
/// `triggerConfig`), `base` the untyped config keys; `sourceArn` is immutable on FC and not sent.
pub(crate) fn update_trigger_request(
    scope: &ArnScope,
    config: &TriggerConfig,
    enabled: Option<bool>,
    base: Map<String, Value>,
    update: &cloudfn_core::TriggerUpdate,
) -> Result<UpdateTriggerRequest> {
    let (value, _source_arn) = trigger_config_to_wire(scope, config, enabled, base)?;
    let mut map = trigger_extensions(&update.extensions);
    map.remove("sourceArn");
    map.insert("triggerConfig".into(), value);
    if let Some(q) = &update.qualifier {
        map.insert(
            "qualifier".into(),
            Value::String(explicit_qualifier(q).to_owned()),
        );
    }
    if let Some(d) = &update.description {
        map.insert("description".into(), Value::String(d.clone()));
    }
    from_map("UpdateTrigger", map)
}

// ------------------------------------------------------------------ async configs

/// Async-config keys never sent from extensions.
const ASYNC_READ_ONLY: &[&str] = &[
    "serviceName",
    "functionName",
    "qualifier",
    "createdTime",
    "lastModifiedTime",
    "destinationConfig",
    "maxAsyncEventAgeInSeconds",
    "maxAsyncRetryAttempts",
];

/// `PutFunctionAsyncInvokeConfig` body of a neutral config.
pub(crate) fn put_async_config_request(
    scope: &ArnScope,
    config: &AsyncConfig,
) -> Result<PutAsyncInvokeConfigRequest> {
    let mut map = writable(&config.extensions, ASYNC_READ_ONLY);
    if let Some(age) = config.max_event_age {
        map.insert(
            "maxAsyncEventAgeInSeconds".into(),
            Value::from(secs_i64(age)),
        );
    }
    if let Some(r) = config.max_retries {
        map.insert("maxAsyncRetryAttempts".into(), Value::from(r));
    }
    let mut dest = Map::new();
    for (field, key, d) in [
        ("on_success", "onSuccess", &config.on_success),
        ("on_failure", "onFailure", &config.on_failure),
    ] {
        if let Some(d) = d {
            let arn = scope.destination_arn(field, d)?;
            dest.insert(key.into(), serde_json::json!({ "destination": arn }));
        }
    }
    if !dest.is_empty() {
        map.insert("destinationConfig".into(), Value::Object(dest));
    }
    from_map("PutFunctionAsyncInvokeConfig", map)
}

/// The neutral config of an FC async invoke config; `qualifier` is the one asked for (the body's own
/// `qualifier` wins when present).
pub(crate) fn async_config_from_wire(
    scope: &ArnScope,
    c: &wire::AsyncInvokeConfig,
    qualifier: Option<Qualifier>,
) -> AsyncConfig {
    let mut map = to_map(c);
    for key in [
        "qualifier",
        "destinationConfig",
        "maxAsyncEventAgeInSeconds",
        "maxAsyncRetryAttempts",
        "createdTime",
        "lastModifiedTime",
    ] {
        map.remove(key);
    }
    let mut out = AsyncConfig::new();
    out.qualifier = parse_qualifier(c.qualifier.as_deref())
        .or(qualifier)
        .or(Some(Qualifier::Latest));
    out.max_event_age = duration_from(c.max_async_event_age_in_seconds);
    out.max_retries = c
        .max_async_retry_attempts
        .and_then(|r| u32::try_from(r).ok());
    if let Some(dc) = &c.destination_config {
        let read = |d: &Option<wire::Destination>| {
            d.as_ref()
                .and_then(|d| d.destination.as_deref())
                .filter(|a| !a.is_empty())
                .map(|a| scope.destination_from_arn(a))
        };
        out.on_success = read(&dc.on_success);
        out.on_failure = read(&dc.on_failure);
    }
    out.created_at = time(c.created_time.as_deref());
    out.modified_at = time(c.last_modified_time.as_deref());
    out.extensions = map;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudfn_core::{Destination, FunctionRef, TriggerSpec};
    use proptest::prelude::*;
    use serde_json::json;

    fn scope() -> ArnScope {
        ArnScope {
            account_id: "1234".into(),
            region: "cn-hangzhou".into(),
        }
    }

    /// What FC would answer for a created function: the request body plus server fields.
    fn echo_function(req: &CreateFunctionRequest) -> wire::Function {
        let mut map = to_map(req);
        map.remove("code");
        map.insert("functionId".into(), json!("f-1"));
        map.insert("codeSize".into(), json!(2));
        map.insert("createdTime".into(), json!("2020-04-03T05:57:28Z"));
        serde_json::from_value(Value::Object(map)).unwrap()
    }

    #[test]
    fn function_spec_round_trips() {
        let spec = FunctionSpec::new(
            "f",
            Runtime::Python36,
            "index.handler",
            Code::zip(&b"PK"[..]),
        )
        .with_memory_mb(256)
        .with_timeout(Duration::from_secs(30))
        .with_description("d")
        .with_env("A", "1")
        .with_initializer(Initializer::new("index.init").with_timeout(Duration::from_secs(5)))
        .with_extension("caPort", json!(9000))
        .with_extension(
            "layers",
            json!(["acs:fc:cn-hangzhou:1:layers/l/versions/1"]),
        );
        let req = create_function_request(&spec).unwrap();
        assert_eq!(req.runtime.as_deref(), Some("python3"));
        assert_eq!(req.ca_port, Some(9000));
        let got = function_from_wire("ns", "f", &echo_function(&req), Some("e".into()), None);
        assert_eq!(got.runtime, spec.runtime);
        assert_eq!(got.handler, spec.handler);
        assert_eq!(got.memory_mb, spec.memory_mb);
        assert_eq!(got.timeout, spec.timeout);
        assert_eq!(got.description, spec.description);
        assert_eq!(got.environment, spec.environment);
        assert_eq!(got.initializer, spec.initializer);
        assert_eq!(got.code_size, Some(2));
        assert_eq!(got.etag.as_deref(), Some("e"));
        assert_eq!(got.extensions["caPort"], json!(9000));
        assert_eq!(got.extensions["functionId"], json!("f-1"));
        assert!(got.created_at.is_some());
        // The read-back extensions can be sent again: read-only keys are dropped.
        let mut again = spec.clone();
        again.extensions = got.extensions.clone();
        let req2 = create_function_request(&again).unwrap();
        assert!(!req2.extra.contains_key("functionId"));
        assert_eq!(req2.ca_port, Some(9000));
    }

    #[test]
    fn runtimes_map_both_ways() {
        for r in Runtime::KNOWN {
            assert_eq!(&runtime_from_fc(&runtime_to_fc(r)), r);
        }
        assert_eq!(runtime_from_fc("python3.6"), Runtime::Python36);
        assert_eq!(runtime_from_fc("rust1"), Runtime::Other("rust1".into()));
        assert_eq!(runtime_to_fc(&Runtime::Other("x9".into())), "x9");
    }

    #[test]
    fn extension_of_the_wrong_type_is_invalid_argument() {
        let spec = NamespaceSpec::new("s")
            .with_extension("role", json!(5))
            .with_extension("internetAccess", json!(true));
        let err = create_service_request(&spec).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        assert!(err.message().starts_with("extensions[role]: "), "{err}");
        let err = update_function_request(
            &FunctionUpdate::new()
                .with_extension("caPort", json!("x"))
                .with_extension("layers", json!(7)),
        )
        .unwrap_err();
        assert!(
            err.message().starts_with("extensions: "),
            "two bad keys: {err}"
        );
        let mut spec = FunctionSpec::new("f", Runtime::Go1, "main", Code::zip(&b"PK"[..]));
        spec.extensions.insert(
            "customContainerConfig".into(),
            json!({"image": "i", "accelerationInfo": {"status": "Ready"}}),
        );
        let req = create_function_request(&spec).unwrap();
        let sent = serde_json::to_value(&req).unwrap();
        assert_eq!(sent["customContainerConfig"], json!({"image": "i"}));
    }

    #[test]
    fn service_round_trip_is_lossless() {
        let spec = NamespaceSpec::new("svc")
            .with_description("d")
            .with_extension("role", json!("acs:ram::1:role/r"))
            .with_extension(
                "vpcConfig",
                json!({"vpcId": "v", "vSwitchIds": ["a"], "securityGroupId": "g"}),
            )
            .with_extension("internetAccess", json!(false))
            .with_extension("futureField", json!({"x": 1}));
        let req = create_service_request(&spec).unwrap();
        let mut service: wire::Service =
            serde_json::from_value(serde_json::to_value(&req).unwrap()).unwrap();
        service.service_id = Some("id-1".into());
        let ns = namespace_from_service("svc", &service, None);
        assert_eq!(ns.description.as_deref(), Some("d"));
        for (k, v) in &spec.extensions {
            assert_eq!(ns.extensions.get(k), Some(v), "{k}");
        }
        assert_eq!(ns.extensions["serviceId"], json!("id-1"));
        let mut again = spec.clone();
        again.extensions = ns.extensions.clone();
        let back = create_service_request(&again).unwrap();
        assert_eq!(back, req, "the extensions read back send the same body");
    }

    fn trigger_round_trip(spec: &TriggerSpec) -> Trigger {
        let req = create_trigger_request(&scope(), spec).unwrap();
        let wire_trigger: wire::Trigger =
            serde_json::from_value(serde_json::to_value(&req).unwrap()).unwrap();
        trigger_from_wire(&spec.name, &wire_trigger, None)
    }

    #[test]
    fn typed_triggers_round_trip() {
        let configs = [
            TriggerConfig::Timer(TimerConfig::cron("0 0 9 * * ?").with_payload("{}")),
            TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(300))),
            TriggerConfig::Http(HttpConfig::new(
                HttpAuth::Signed,
                [HttpMethod::Get, HttpMethod::Post],
            )),
            TriggerConfig::Http(HttpConfig::new(
                HttpAuth::Other("custom".into()),
                [HttpMethod::Delete],
            )),
            TriggerConfig::ObjectStorage(
                ObjectStorageConfig::new(
                    "bkt",
                    [
                        ObjectEvent::CreatedPut,
                        ObjectEvent::Other("oss:ObjectCreated:PutSymlink".into()),
                    ],
                )
                .with_prefix("in/")
                .with_suffix(".json"),
            ),
            TriggerConfig::Raw(RawTrigger::new(
                "log",
                json!({"sourceConfig": {"logstore": "l"}}),
            )),
        ];
        for config in configs {
            let spec = TriggerSpec::new("t", config.clone())
                .with_qualifier(Qualifier::alias("prod"))
                .with_description("d")
                .with_extension("invocationRole", json!("acs:ram::1:role/r"));
            let got = trigger_round_trip(&spec);
            assert_eq!(got.config, config);
            assert_eq!(got.id, "t");
            assert_eq!(got.qualifier, Some(Qualifier::alias("prod")));
            assert_eq!(got.description.as_deref(), Some("d"));
            assert_eq!(got.extensions["invocationRole"], json!("acs:ram::1:role/r"));
            assert!(
                !got.extensions.contains_key("sourceArn")
                    || !matches!(config, TriggerConfig::ObjectStorage(_))
            );
        }
    }

    #[test]
    fn trigger_switch_and_untyped_keys_survive() {
        let spec = TriggerSpec::new(
            "h",
            TriggerConfig::Http(HttpConfig::new(HttpAuth::Anonymous, [HttpMethod::Any])),
        )
        .with_enabled(false)
        .with_extension(
            TRIGGER_CONFIG_EXTENSION,
            json!({"disableURLInternet": true}),
        );
        let req = create_trigger_request(&scope(), &spec).unwrap();
        assert_eq!(req.trigger_config["disableURLInternet"], json!(true));
        assert_eq!(req.trigger_config["enable"], json!(false));
        assert_eq!(req.trigger_config["methods"].as_array().unwrap().len(), 7);
        let got = trigger_round_trip(&spec);
        assert_eq!(got.enabled, Some(false));
        assert_eq!(
            got.extensions[TRIGGER_CONFIG_EXTENSION],
            json!({"disableURLInternet": true})
        );
        // A timer is on unless told otherwise.
        let timer = TriggerSpec::new("t", TriggerConfig::Timer(TimerConfig::cron("0 * * * * *")));
        assert_eq!(trigger_round_trip(&timer).enabled, Some(true));
    }

    #[test]
    fn unmappable_oss_events_are_refused() {
        let spec = TriggerSpec::new(
            "o",
            TriggerConfig::ObjectStorage(ObjectStorageConfig::new("b", [ObjectEvent::RemovedAll])),
        );
        let err = create_trigger_request(&scope(), &spec).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        assert!(err.message().starts_with("trigger events"), "{err}");
    }

    #[test]
    fn odd_typed_triggers_fall_back_to_raw() {
        let t: wire::Trigger = serde_json::from_value(json!({
            "triggerName": "h", "triggerType": "http",
            "triggerConfig": {"authType": "anonymous", "methods": ["TRACE"]}
        }))
        .unwrap();
        let got = trigger_from_wire("h", &t, None);
        assert!(matches!(&got.config, TriggerConfig::Raw(r) if r.provider_type == "http"));
        let t: wire::Trigger = serde_json::from_value(json!({
            "triggerName": "o", "triggerType": "oss", "sourceArn": "nonsense",
            "triggerConfig": {"events": ["oss:ObjectCreated:*"]}
        }))
        .unwrap();
        assert!(matches!(
            trigger_from_wire("o", &t, None).config,
            TriggerConfig::Raw(_)
        ));
    }

    #[test]
    fn rates_parse_only_when_whole_minutes() {
        assert_eq!(parse_rate("@every 5m"), Some(Duration::from_secs(300)));
        assert_eq!(parse_rate("@every 1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_rate("@every 120s"), Some(Duration::from_secs(120)));
        assert_eq!(parse_rate("@every 30s"), None);
        assert_eq!(parse_rate("@every 5x"), None);
        assert_eq!(parse_rate("@every 5"), None);
        assert_eq!(parse_rate("0 0 9 * * ?"), None);
    }

    #[test]
    fn async_config_round_trips() {
        let config = AsyncConfig::new()
            .with_max_retries(0)
            .with_max_event_age(Duration::from_secs(3600))
            .with_on_success(Destination::Queue { name: "q".into() })
            .with_on_failure(Destination::Function {
                function: FunctionRef::new("s", "dead"),
                qualifier: Some(Qualifier::version("2")),
            })
            .with_extension("statefulInvocation", json!(true));
        let req = put_async_config_request(&scope(), &config).unwrap();
        assert_eq!(req.max_async_retry_attempts, Some(0));
        assert_eq!(req.stateful_invocation, Some(true));
        let wire_cfg: wire::AsyncInvokeConfig =
            serde_json::from_value(serde_json::to_value(&req).unwrap()).unwrap();
        let got = async_config_from_wire(&scope(), &wire_cfg, Some(Qualifier::alias("a")));
        assert_eq!(got.qualifier, Some(Qualifier::alias("a")));
        assert_eq!(got.max_retries, Some(0));
        assert_eq!(got.max_event_age, config.max_event_age);
        assert_eq!(got.on_success, config.on_success);
        assert_eq!(got.on_failure, config.on_failure);
        assert_eq!(got.extensions["statefulInvocation"], json!(true));
    }

    #[test]
    fn alias_round_trips() {
        let spec = AliasSpec::new("prod", "1")
            .with_weight("2", 0.05)
            .with_description("d");
        let req = create_alias_request(&spec).unwrap();
        let a: wire::Alias = serde_json::from_value(serde_json::to_value(&req).unwrap()).unwrap();
        let got = alias_from_wire("prod", &a, None);
        assert_eq!(got.name, "prod");
        assert_eq!(got.version, "1");
        assert_eq!(got.additional_weights, spec.additional_weights);
        assert_eq!(got.description.as_deref(), Some("d"));
        let clear =
            update_alias_request(&AliasUpdate::new().with_weights(BTreeMap::new())).unwrap();
        assert_eq!(clear.additional_version_weight, Some(BTreeMap::new()));
    }

    proptest! {
        #[test]
        fn any_environment_and_numbers_round_trip(
            env in proptest::collection::btree_map("[A-Z_][A-Z0-9_]{0,8}", "\\PC{0,12}", 0..5),
            mb in 2u32..512,
            secs in 1u64..86_400,
            desc in proptest::option::of("\\PC{1,20}"),
        ) {
            let mut spec = FunctionSpec::new("f", Runtime::Nodejs14, "index.handler", Code::zip(&b"PK"[..]))
                .with_memory_mb(mb * 64)
                .with_timeout(Duration::from_secs(secs));
            spec.environment = env;
            spec.description = desc;
            let req = create_function_request(&spec).unwrap();
            let got = function_from_wire("ns", "f", &echo_function(&req), None, None);
            prop_assert_eq!(got.environment, spec.environment);
            prop_assert_eq!(got.memory_mb, spec.memory_mb);
            prop_assert_eq!(got.timeout, spec.timeout);
            prop_assert_eq!(got.description, spec.description);
        }

        #[test]
        fn any_rate_round_trips(minutes in 1u64..100_000) {
            let d = Duration::from_secs(minutes * 60);
            prop_assert_eq!(parse_rate(&rate_expression(d)), Some(d));
        }

        #[test]
        fn any_weights_round_trip(w in proptest::collection::btree_map("[1-9][0-9]{0,3}", 0.0f64..=0.2, 0..4)) {
            let mut spec = AliasSpec::new("a", "1");
            spec.additional_weights = w.clone();
            let req = create_alias_request(&spec).unwrap();
            let a: wire::Alias = serde_json::from_value(serde_json::to_value(&req).unwrap()).unwrap();
            prop_assert_eq!(alias_from_wire("a", &a, None).additional_weights, w);
        }
    }
}
