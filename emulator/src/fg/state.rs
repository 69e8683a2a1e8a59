//! The FunctionGraph state of the one emulated project: functions with their versions, aliases,
//! triggers, async settings and records, test events, tracing and reserved instances; dependencies;
//! issued IAM tokens.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use cloudfn_huawei::api::types::{
    AliasConfig, AsyncInvocation, AsyncInvokeConfig, Dependency, FunctionConfig,
    ReservedInstancesConfig, TestEvent, TriggerInstance,
};
use cloudfn_huawei::urn::{FunctionUrn, UrnQualifier};

use super::auth::Principal;
use super::reply::FgError;

/// The whole state behind the engine's mutex.
#[derive(Debug, Default)]
pub struct State {
    /// Functions by `(package, name)`.
    pub functions: BTreeMap<(String, String), Function>,
    /// Dependencies by id, in creation order.
    pub dependencies: Vec<Dependency>,
    /// Issued IAM tokens.
    pub tokens: HashMap<String, IssuedToken>,
    /// Whether LTS log reporting was enabled for the tenant.
    pub lts_enabled: bool,
}

/// An IAM token this emulator issued.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The user it was issued to.
    pub user: String,
    /// The project it is scoped to.
    pub project_id: String,
    /// When it stops being accepted.
    pub expires_at: DateTime<Utc>,
}

/// A published version: a snapshot of `latest`'s configuration and code.
#[derive(Debug, Clone)]
pub struct Version {
    /// The version name.
    pub name: String,
    /// The configuration at publish time (`version` = the name).
    pub config: FunctionConfig,
    /// The code at publish time.
    pub code: Bytes,
}

/// A trigger with the qualifier of the URN it was created on (`latest`, a version, or `!alias`).
#[derive(Debug, Clone)]
pub struct Trigger {
    /// `latest`, a version name, or `!{alias}`.
    pub qualifier: String,
    /// The trigger as the API shows it.
    pub instance: TriggerInstance,
}

/// An asynchronous invocation record.
#[derive(Debug, Clone)]
pub struct AsyncRecord {
    /// The qualifier invoked (`latest`, a version, an alias name).
    pub qualifier: String,
    /// When it was accepted.
    pub start: DateTime<Utc>,
    /// When the function finishes (start + the programmed delay).
    pub end: DateTime<Utc>,
    /// The final status (`SUCCESS`, `FAIL`, `DISCARD`).
    pub status: String,
    /// The error of a failed run (empty on success).
    pub error_message: String,
    /// The request id.
    pub request_id: String,
}

impl AsyncRecord {
    /// The record as the API shows it at `now` (`RUNNING` until the programmed delay has passed).
    pub fn view(&self, now: DateTime<Utc>) -> AsyncInvocation {
        let running = now < self.end && self.status != "DISCARD";
        AsyncInvocation {
            request_id: Some(self.request_id.clone()),
            status: Some(if running {
                "RUNNING".to_owned()
            } else {
                self.status.clone()
            }),
            error_message: Some(if running {
                String::new()
            } else {
                self.error_message.clone()
            }),
            start_time: Some(super::util::iso_naive(self.start)),
            end_time: Some(if running {
                String::new()
            } else {
                super::util::iso_naive(self.end.min(now.max(self.start)))
            }),
            ..AsyncInvocation::default()
        }
    }
}

/// One function.
#[derive(Debug, Clone)]
pub struct Function {
    /// The `latest` configuration (`version` = `latest`, `func_code` unset).
    pub config: FunctionConfig,
    /// The `latest` code.
    pub code: Bytes,
    /// Published versions, in publish order.
    pub versions: Vec<Version>,
    /// Aliases by name.
    pub aliases: BTreeMap<String, AliasConfig>,
    /// Triggers, in creation order.
    pub triggers: Vec<Trigger>,
    /// Async invocation settings by qualifier (`latest`, version, alias name).
    pub async_configs: BTreeMap<String, AsyncInvokeConfig>,
    /// Async invocation records, oldest first.
    pub invocations: Vec<AsyncRecord>,
    /// Test events, in creation order.
    pub events: Vec<TestEvent>,
    /// APM tracing keys (`tracing_ak`, `tracing_sk`).
    pub tracing: Option<(String, String)>,
    /// Reserved-instance settings by qualifier.
    pub reserved: BTreeMap<String, ReservedInstancesConfig>,
}

/// What a URN's qualifier designates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `latest` (also an unqualified URN).
    Latest,
    /// A published version.
    Version(String),
    /// An alias (name), pointing at `version`.
    Alias {
        /// The alias name.
        name: String,
        /// The version it points to.
        version: String,
    },
}

impl Target {
    /// The version the target runs (`latest` or a version name).
    pub fn version(&self) -> &str {
        match self {
            Target::Latest => "latest",
            Target::Version(v) | Target::Alias { version: v, .. } => v,
        }
    }

    /// The qualifier as written in a URN (`latest`, `v1`, `!prod`).
    pub fn urn_qualifier(&self) -> String {
        match self {
            Target::Latest => "latest".to_owned(),
            Target::Version(v) => v.clone(),
            Target::Alias { name, .. } => format!("!{name}"),
        }
    }

    /// The key of per-qualifier settings (`latest`, the version, or the alias name).
    pub fn key(&self) -> &str {
        match self {
            Target::Latest => "latest",
            Target::Version(v) => v,
            Target::Alias { name, .. } => name,
        }
    }
}

/// A URN parsed and checked against the project: package, name and qualifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The package.
    pub package: String,
    /// The function name.
    pub name: String,
    /// The qualifier as parsed.
    pub qualifier: UrnQualifier,
}

impl Resolved {
    /// The map key of the function.
    pub fn key(&self) -> (String, String) {
        (self.package.clone(), self.name.clone())
    }

    /// Whether the URN had no qualifier at all.
    pub fn unqualified(&self) -> bool {
        matches!(self.qualifier, UrnQualifier::None)
    }
}

/// Parses a `{function_urn}` path parameter (any form of huawei-functiongraph.md §2.2): `400 FSS.0400`
/// when it is not a URN, `404 FSS.1051` when it names another project.
pub fn parse_urn(text: &str, project: &str) -> Result<Resolved, FgError> {
    let urn: FunctionUrn = text.trim().parse().map_err(|e: cloudfn_core::Error| {
        FgError::invalid(format!("invalid function URN: {}", e.message()))
    })?;
    if let Some(p) = urn.project_id() {
        if p != project && p != super::routes::PROJECT_PLACEHOLDER {
            return Err(FgError::new(
                "FSS.1051",
                format!("Not found the function: the URN names project `{p}`, not `{project}`"),
            ));
        }
    }
    Ok(Resolved {
        package: urn.package().to_owned(),
        name: urn.name().to_owned(),
        qualifier: urn.qualifier().clone(),
    })
}

impl Function {
    /// What `qualifier` designates: `404 FSS.1052` for an unknown version, `FSS.1053` for an unknown
    /// alias. A bare name that is not a version but is an alias is read as the alias.
    pub fn target(&self, qualifier: &UrnQualifier) -> Result<Target, FgError> {
        match qualifier {
            UrnQualifier::None | UrnQualifier::Latest => Ok(Target::Latest),
            UrnQualifier::Version(v) => {
                if self.versions.iter().any(|x| &x.name == v) {
                    Ok(Target::Version(v.clone()))
                } else if let Some(a) = self.aliases.get(v) {
                    Ok(Target::Alias {
                        name: v.clone(),
                        version: a.version.clone().unwrap_or_else(|| "latest".to_owned()),
                    })
                } else {
                    Err(FgError::new(
                        "FSS.1052",
                        format!("Not found the function version: {v}"),
                    ))
                }
            }
            UrnQualifier::Alias(a) => match self.aliases.get(a) {
                Some(alias) => Ok(Target::Alias {
                    name: a.clone(),
                    version: alias.version.clone().unwrap_or_else(|| "latest".to_owned()),
                }),
                None => Err(FgError::new(
                    "FSS.1053",
                    format!("Not found the function alias: {a}"),
                )),
            },
        }
    }

    /// The configuration and code of version `version` (`latest` or published).
    pub fn version(&self, version: &str) -> Option<(&FunctionConfig, &Bytes)> {
        if version == "latest" {
            return Some((&self.config, &self.code));
        }
        self.versions
            .iter()
            .find(|v| v.name == version)
            .map(|v| (&v.config, &v.code))
    }

    /// Whether a version exists (`latest` always does).
    pub fn has_version(&self, version: &str) -> bool {
        version == "latest" || self.versions.iter().any(|v| v.name == version)
    }
}

impl State {
    /// The whole state as JSON (for the admin API's dump): functions with their `latest`
    /// configuration, versions, aliases, triggers, async settings and records, test events, reserved
    /// instances; dependencies; the number of live tokens. Secrets are left out.
    pub fn dump(&self, now: DateTime<Utc>) -> serde_json::Value {
        use serde_json::json;
        let functions: Vec<serde_json::Value> = self
            .functions
            .iter()
            .map(|((package, name), f)| {
                let mut config = f.config.clone();
                config.encrypted_user_data = None;
                json!({
                    "package": package,
                    "name": name,
                    "config": config,
                    "versions": f.versions.iter().map(|v| json!({
                        "name": v.name,
                        "digest": v.config.digest,
                        "description": v.config.version_description,
                        "last_modified": v.config.last_modified,
                    })).collect::<Vec<_>>(),
                    "aliases": f.aliases.values().collect::<Vec<_>>(),
                    "triggers": f.triggers.iter().map(|t| json!({
                        "qualifier": t.qualifier,
                        "trigger": t.instance,
                    })).collect::<Vec<_>>(),
                    "async_invoke_configs": f.async_configs,
                    "async_invocations": f.invocations.iter().map(|r| r.view(now)).collect::<Vec<_>>(),
                    "events": f.events.iter().map(|e| json!({"id": e.id, "name": e.name})).collect::<Vec<_>>(),
                    "tracing_enabled": f.tracing.is_some(),
                    "reserved_instances": f.reserved,
                })
            })
            .collect();
        json!({
            "functions": functions,
            "dependencies": self.dependencies,
            "live_tokens": self.tokens.values().filter(|t| t.expires_at > now).count(),
            "lts_enabled": self.lts_enabled,
        })
    }

    /// Checks a token: `Ok` with its principal, `Err` with the reason.
    pub fn verify_token(&mut self, token: &str, now: DateTime<Utc>) -> Result<Principal, String> {
        match self.tokens.get(token) {
            None => Err("decrypt token fail: the token is not one this IAM issued".to_owned()),
            Some(t) if t.expires_at <= now => {
                let expired = t.expires_at;
                self.tokens.retain(|_, t| t.expires_at > now);
                Err(format!(
                    "token expired (it expired at {})",
                    super::util::iso(expired)
                ))
            }
            Some(t) => Ok(Principal::Token {
                user: t.user.clone(),
                project_id: t.project_id.clone(),
            }),
        }
    }

    /// The function a URN names: `404 FSS.1051` when there is none.
    pub fn function(&self, r: &Resolved) -> Result<&Function, FgError> {
        self.functions
            .get(&r.key())
            .ok_or_else(|| FgError::no_function(&r.package, &r.name))
    }

    /// The function a URN names, mutable.
    pub fn function_mut(&mut self, r: &Resolved) -> Result<&mut Function, FgError> {
        self.functions
            .get_mut(&r.key())
            .ok_or_else(|| FgError::no_function(&r.package, &r.name))
    }
}
