//! The FC resources the emulator keeps, and the helpers every operation shares: timestamps, ETags, ids,
//! name rules, qualifier resolution and paging.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cloudfn_alibaba::api::types::{
    Alias, AsyncInvokeConfig, CustomDomain, Function, Layer, OnDemandConfig, ProvisionConfig,
    Service, Trigger, Version,
};
use cloudfn_core::rng::SplitMix64;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::fault::{FcError, FcResult};
use crate::wire::WireRequest;

/// Everything the FC side of the emulator knows.
#[derive(Debug)]
pub(crate) struct State {
    pub services: BTreeMap<String, ServiceRec>,
    pub domains: BTreeMap<String, CustomDomain>,
    pub layers: BTreeMap<String, LayerRec>,
    /// Keyed `(service, qualifier, function)`.
    pub provision: BTreeMap<(String, String, String), ProvisionConfig>,
    /// Keyed `(service, qualifier, function)`.
    pub on_demand: BTreeMap<(String, String, String), OnDemandConfig>,
    /// The instance that served `(service, function, version)` (version 0 = LATEST).
    pub instances: BTreeMap<(String, String, u64), String>,
    pub rng: SplitMix64,
}

impl Default for State {
    fn default() -> Self {
        State {
            services: BTreeMap::new(),
            domains: BTreeMap::new(),
            layers: BTreeMap::new(),
            provision: BTreeMap::new(),
            on_demand: BTreeMap::new(),
            instances: BTreeMap::new(),
            rng: SplitMix64::from_entropy(),
        }
    }
}

impl State {
    /// A fresh UUID-shaped id.
    pub(crate) fn new_id(&mut self) -> String {
        let a = self.rng.next_u64();
        let b = self.rng.next_u64();
        crate::ids::uuid_from(a, b)
    }

    /// A service or the FC `ServiceNotFound` error.
    pub(crate) fn service(&self, name: &str) -> FcResult<&ServiceRec> {
        self.services
            .get(name)
            .ok_or_else(|| FcError::service_not_found(name))
    }

    /// A mutable service or the FC `ServiceNotFound` error.
    pub(crate) fn service_mut(&mut self, name: &str) -> FcResult<&mut ServiceRec> {
        self.services
            .get_mut(name)
            .ok_or_else(|| FcError::service_not_found(name))
    }
}

/// A service with everything under it.
#[derive(Debug, Clone)]
pub(crate) struct ServiceRec {
    pub service: Service,
    pub etag: String,
    pub functions: BTreeMap<String, FunctionRec>,
    /// Triggers by function, then by trigger name.
    pub triggers: BTreeMap<String, BTreeMap<String, TriggerRec>>,
    pub versions: BTreeMap<u64, VersionRec>,
    pub next_version: u64,
    pub aliases: BTreeMap<String, AliasRec>,
    /// Keyed `(function, qualifier)`, qualifier `LATEST` when none was given.
    pub async_configs: BTreeMap<(String, String), AsyncInvokeConfig>,
    /// Keyed `(function, invocation id)`.
    pub invocations: BTreeMap<(String, String), InvocationRec>,
    pub tags: BTreeMap<String, String>,
}

impl ServiceRec {
    /// A new service record.
    pub(crate) fn new(service: Service) -> Self {
        let etag = etag_of(&service);
        ServiceRec {
            service,
            etag,
            functions: BTreeMap::new(),
            triggers: BTreeMap::new(),
            versions: BTreeMap::new(),
            next_version: 1,
            aliases: BTreeMap::new(),
            async_configs: BTreeMap::new(),
            invocations: BTreeMap::new(),
            tags: BTreeMap::new(),
        }
    }

    /// Resolves a path qualifier (`None`, `LATEST`, a version id or an alias name) to a view.
    pub(crate) fn resolve(&self, service: &str, qualifier: Option<&str>) -> FcResult<Resolved> {
        let Some(q) = qualifier else {
            return Ok(Resolved {
                qualifier: "LATEST".into(),
                version: None,
                alias: None,
            });
        };
        if q == "LATEST" {
            return Ok(Resolved {
                qualifier: q.into(),
                version: None,
                alias: None,
            });
        }
        if q.is_empty() {
            return Err(FcError::invalid(
                "the qualifier after '.' must not be empty",
            ));
        }
        if q.bytes().all(|b| b.is_ascii_digit()) {
            let v = q
                .parse::<u64>()
                .ok()
                .filter(|v| self.versions.contains_key(v))
                .ok_or_else(|| FcError::version_not_found(service, q))?;
            return Ok(Resolved {
                qualifier: q.into(),
                version: Some(v),
                alias: None,
            });
        }
        let alias = self
            .aliases
            .get(q)
            .ok_or_else(|| FcError::alias_not_found(service, q))?;
        let v = alias
            .alias
            .version_id
            .as_deref()
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or_else(|| FcError::version_not_found(service, q))?;
        Ok(Resolved {
            qualifier: q.into(),
            version: Some(v),
            alias: Some(q.into()),
        })
    }

    /// The service configuration as seen through a view.
    pub(crate) fn service_view(&self, version: Option<u64>) -> (&Service, &str) {
        match version.and_then(|v| self.versions.get(&v)) {
            Some(v) => (&v.service, &v.service_etag),
            None => (&self.service, &self.etag),
        }
    }

    /// The functions as seen through a view.
    pub(crate) fn functions_view(&self, version: Option<u64>) -> &BTreeMap<String, FunctionRec> {
        match version.and_then(|v| self.versions.get(&v)) {
            Some(v) => &v.functions,
            None => &self.functions,
        }
    }

    /// A function as seen through a view, or `FunctionNotFound`.
    pub(crate) fn function_view(
        &self,
        service: &str,
        version: Option<u64>,
        function: &str,
    ) -> FcResult<&FunctionRec> {
        self.functions_view(version)
            .get(function)
            .ok_or_else(|| FcError::function_not_found(service, function))
    }

    /// The configuration a publish would freeze, without timestamps, ids and ETags.
    pub(crate) fn publishable(&self) -> serde_json::Value {
        let mut service = serde_json::to_value(&self.service).unwrap_or_default();
        strip_times(&mut service);
        let functions: BTreeMap<&String, serde_json::Value> = self
            .functions
            .iter()
            .map(|(name, f)| {
                let mut v = serde_json::to_value(&f.function).unwrap_or_default();
                strip_times(&mut v);
                (name, v)
            })
            .collect();
        serde_json::json!({ "service": service, "functions": functions })
    }
}

fn strip_times(v: &mut serde_json::Value) {
    if let Some(o) = v.as_object_mut() {
        o.remove("createdTime");
        o.remove("lastModifiedTime");
    }
}

/// A qualifier resolved against a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The qualifier as addressed (`LATEST` when none).
    pub qualifier: String,
    /// The version the view reads (`None` = LATEST).
    pub version: Option<u64>,
    /// The alias, when the qualifier is one.
    pub alias: Option<String>,
}

/// A function: its configuration, ETag and the id of its code package in the blob store.
#[derive(Debug, Clone)]
pub(crate) struct FunctionRec {
    pub function: Function,
    pub etag: String,
    pub code_id: Option<String>,
}

/// A trigger and its ETag.
#[derive(Debug, Clone)]
pub(crate) struct TriggerRec {
    pub trigger: Trigger,
    pub etag: String,
}

/// A published version: its metadata and the frozen service and functions.
#[derive(Debug, Clone)]
pub(crate) struct VersionRec {
    pub version: Version,
    pub etag: String,
    pub service: Service,
    pub service_etag: String,
    pub functions: BTreeMap<String, FunctionRec>,
    /// What was frozen, to detect a publish with no change.
    pub publishable: serde_json::Value,
}

/// An alias and its ETag.
#[derive(Debug, Clone)]
pub(crate) struct AliasRec {
    pub alias: Alias,
    pub etag: String,
}

/// One recorded asynchronous invocation.
#[derive(Debug, Clone)]
pub(crate) struct InvocationRec {
    pub id: String,
    pub function: String,
    pub qualifier: String,
    pub request_id: String,
    pub started_ms: i64,
    /// When the function finishes (start + programmed delay).
    pub finish_ms: i64,
    /// The function's error message, if it fails.
    pub error: Option<String>,
    /// When it was stopped.
    pub stopped_ms: Option<i64>,
    /// Listed by the stateful invocation APIs.
    pub stateful: bool,
    pub payload: String,
}

impl InvocationRec {
    /// The status at `now_ms`.
    pub(crate) fn status(&self, now_ms: i64) -> &'static str {
        if self.stopped_ms.is_some() {
            "Stopped"
        } else if now_ms < self.finish_ms {
            "Running"
        } else if self.error.is_some() {
            "Failed"
        } else {
            "Succeeded"
        }
    }
}

/// A layer name with its versions.
#[derive(Debug, Clone, Default)]
pub(crate) struct LayerRec {
    pub versions: BTreeMap<i64, (Layer, String)>,
    pub next_version: i64,
}

/// The cloud's timestamp format.
pub(crate) fn timestamp(now: DateTime<Utc>) -> String {
    now.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A 32-hex-character ETag of a resource's JSON.
pub(crate) fn etag_of(value: &impl Serialize) -> String {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    hex(&Sha256::digest(&bytes)[..16])
}

/// Checks `If-Match` against the current ETag (`*` matches anything; quotes and `W/` are ignored).
pub(crate) fn check_if_match(req: &WireRequest, etag: &str) -> FcResult<()> {
    let Some(given) = req.header("if-match") else {
        return Ok(());
    };
    let given = given.trim();
    if given.is_empty() || given == "*" {
        return Ok(());
    }
    let matches = given.split(',').any(|g| {
        let g = g.trim();
        let g = g.strip_prefix("W/").unwrap_or(g);
        g.trim_matches('"') == etag
    });
    if matches {
        Ok(())
    } else {
        Err(FcError::precondition_failed(given, etag))
    }
}

/// FC's rule for service, function, trigger, alias and layer names: 1–128 characters, letters, digits,
/// `_` and `-`, not starting with a digit or `-`.
pub(crate) fn check_name(kind: &str, name: &str) -> FcResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(FcError::invalid(format!(
            "{kind} '{name}' is invalid: it must be 1-128 characters long, start with a letter or underscore and contain only letters, digits, underscores and hyphens"
        )))
    }
}

/// The paging parameters of a name-keyed list (alibaba-fc.md §5.0.1).
#[derive(Debug, Clone, Default)]
pub(crate) struct Paging {
    pub limit: usize,
    pub next_token: Option<String>,
    pub prefix: Option<String>,
    pub start_key: Option<String>,
}

/// A non-empty query parameter.
pub(crate) fn param(req: &WireRequest, name: &str) -> Option<String> {
    req.query_param(name).filter(|v| !v.is_empty())
}

/// An integer query parameter within `min..=max`, or `default` when absent.
pub(crate) fn int_param(
    req: &WireRequest,
    name: &str,
    default: i64,
    min: i64,
    max: i64,
) -> FcResult<i64> {
    match param(req, name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                FcError::invalid(format!(
                    "{name} '{v}' is invalid: it must be an integer between {min} and {max}"
                ))
            }),
    }
}

impl Paging {
    /// Reads `limit` (default `default`, 1..=`max`), `nextToken`, `prefix`, `startKey`.
    pub(crate) fn from_request(req: &WireRequest, default: i64, max: i64) -> FcResult<Paging> {
        Ok(Paging {
            limit: int_param(req, "limit", default, 1, max)? as usize,
            next_token: param(req, "nextToken"),
            prefix: param(req, "prefix"),
            start_key: param(req, "startKey"),
        })
    }

    /// One page of `items` (sorted by key): filtered by prefix, from `max(startKey, nextToken)`
    /// inclusive; the next token is the key of the first item left out.
    pub(crate) fn page<'a, T: 'a>(
        &self,
        items: impl IntoIterator<Item = (&'a str, T)>,
    ) -> (Vec<T>, Option<String>) {
        let mut out = Vec::new();
        for (key, item) in items {
            if self.prefix.as_deref().is_some_and(|p| !key.starts_with(p))
                || self.start_key.as_deref().is_some_and(|s| key < s)
                || self.next_token.as_deref().is_some_and(|t| key < t)
            {
                continue;
            }
            if out.len() == self.limit {
                return (out, Some(key.to_owned()));
            }
            out.push(item);
        }
        (out, None)
    }
}
