//! The state behind the one mutex of an `InMemory`, and the lookups every operation shares.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};

use super::fault::{FaultBook, Operation};
use super::invoke::{AsyncInvocationRecord, HandlerResult, Invocation};
use crate::rng::SplitMix64;
use crate::{
    Alias, AsyncConfig, Capabilities, CharClass, Error, ErrorKind, Extensions, Function,
    FunctionRef, Initializer, NameRule, Namespace, NamespaceModel, Page, PageToken, Qualifier,
    QuotaKind, Result, Runtime, Trigger, Version, VersionScope,
};

/// A registered invocation handler.
pub(crate) type Handler = Arc<dyn Fn(&Invocation) -> HandlerResult + Send + Sync>;

/// Quota limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Limits {
    pub(crate) functions: u64,
    pub(crate) code_mb: u64,
    pub(crate) concurrency: Option<u64>,
    pub(crate) other: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            functions: 100,
            code_mb: 10_240,
            concurrency: None,
            other: None,
        }
    }
}

impl Limits {
    pub(crate) fn set(&mut self, kind: QuotaKind, limit: u64) {
        match kind {
            QuotaKind::Functions => self.functions = limit,
            QuotaKind::CodeStorage => self.code_mb = limit,
            QuotaKind::Concurrency => self.concurrency = Some(limit),
            _ => self.other = Some(limit),
        }
    }
}

/// What never changes after `build()`.
#[derive(Debug)]
pub(crate) struct Config {
    pub(crate) name: &'static str,
    pub(crate) caps: Capabilities,
    pub(crate) default_page_size: u32,
    pub(crate) seed: u64,
    pub(crate) limits: Limits,
    pub(crate) generated_trigger_ids: bool,
}

impl Config {
    /// Versions and aliases live on the namespace (FC).
    pub(crate) fn namespace_scoped(&self) -> bool {
        self.caps.version_scope == VersionScope::Namespace
    }

    /// Namespaces exist while a function names them (FunctionGraph).
    pub(crate) fn implicit_namespaces(&self) -> bool {
        self.caps.namespace_model == NamespaceModel::Implicit
    }

    /// Whether FunctionGraph's documented per-function rules apply (versions are per function): an alias
    /// with triggers cannot be deleted (FSS.1154).
    pub(crate) fn function_graph_rules(&self) -> bool {
        self.caps.version_scope == VersionScope::Function
    }

    /// Whether an alias may point at `latest` (FunctionGraph's CreateVersionAlias: "`latest` or a published
    /// version"), as the capabilities declare it.
    pub(crate) fn alias_may_point_at_latest(&self) -> bool {
        self.caps.alias_to_latest
    }

    /// The page size for `requested`: the builder default when unset or zero, clamped to `1..=max`.
    pub(crate) fn page_size(&self, requested: Option<u32>) -> usize {
        let max = self.caps.max_page_size.max(1);
        let size = requested
            .filter(|n| *n > 0)
            .unwrap_or(self.default_page_size);
        size.clamp(1, max) as usize
    }

    /// Checks the names in a function reference.
    pub(crate) fn check_ref(&self, f: &FunctionRef) -> Result<()> {
        self.caps.check_namespace_name(&f.namespace)?;
        self.caps.names.function.check("function name", &f.name)
    }

    /// The memory a function gets when its spec leaves it unset.
    pub(crate) fn default_memory(&self) -> u32 {
        self.caps.memory.min()
    }

    /// The timeout a function gets when its spec leaves it unset: 60 s, moved into the allowed range.
    pub(crate) fn default_timeout(&self) -> Duration {
        let r = self.caps.timeout;
        Duration::from_secs(60).clamp(r.min, r.max.max(r.min))
    }
}

/// The part of a function that a version freezes and that "nothing changed since the last version" compares.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FnContent {
    pub(crate) runtime: Runtime,
    pub(crate) handler: String,
    pub(crate) memory_mb: Option<u32>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) description: Option<String>,
    pub(crate) environment: BTreeMap<String, String>,
    pub(crate) initializer: Option<Initializer>,
    pub(crate) extensions: Extensions,
    pub(crate) code: Bytes,
}

/// A function at latest or inside a version.
#[derive(Debug, Clone)]
pub(crate) struct FnRecord {
    pub(crate) content: FnContent,
    pub(crate) checksum: String,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) modified_at: DateTime<Utc>,
    pub(crate) etag: Option<String>,
}

impl FnRecord {
    /// The neutral view of this record as function `namespace/name`, at `version` (`None` = latest).
    pub(crate) fn view(&self, namespace: &str, name: &str, version: Option<&str>) -> Function {
        let c = &self.content;
        let mut f = Function::new(namespace, name, c.runtime.clone(), c.handler.clone());
        f.memory_mb = c.memory_mb;
        f.timeout = c.timeout;
        f.description.clone_from(&c.description);
        f.environment.clone_from(&c.environment);
        f.initializer.clone_from(&c.initializer);
        f.extensions.clone_from(&c.extensions);
        f.code_size = Some(c.code.len() as u64);
        f.code_checksum = Some(self.checksum.clone());
        f.version = version.map(str::to_owned);
        f.created_at = Some(self.created_at);
        f.modified_at = Some(self.modified_at);
        f.etag.clone_from(&self.etag);
        f
    }
}

/// One published version.
#[derive(Debug, Clone)]
pub(crate) struct VersionRec {
    /// Publish order, unique in its scope, never reused.
    pub(crate) seq: u64,
    pub(crate) version: Version,
    /// The frozen functions: every function of the namespace (namespace scope) or the one function.
    pub(crate) functions: BTreeMap<String, FnRecord>,
    /// The namespace's own settings when it was published (namespace scope).
    pub(crate) namespace: (Option<String>, Extensions),
}

/// Versions and aliases: on the namespace (FC) or on each function (FunctionGraph).
#[derive(Debug, Default)]
pub(crate) struct Scope {
    pub(crate) versions: Vec<VersionRec>,
    pub(crate) aliases: BTreeMap<String, Alias>,
    pub(crate) next_seq: u64,
}

impl Scope {
    pub(crate) fn version(&self, id: &str) -> Option<&VersionRec> {
        self.versions.iter().find(|v| v.version.id == id)
    }

    pub(crate) fn has_version(&self, id: &str) -> bool {
        self.version(id).is_some()
    }
}

/// A function with everything that hangs off it.
#[derive(Debug)]
pub(crate) struct FnState {
    pub(crate) rec: FnRecord,
    pub(crate) scope: Scope,
    /// Keyed by trigger name (names are unique per function).
    pub(crate) triggers: BTreeMap<String, Trigger>,
    pub(crate) async_configs: BTreeMap<Qualifier, AsyncConfig>,
}

/// A namespace with its functions.
#[derive(Debug)]
pub(crate) struct NsState {
    pub(crate) ns: Namespace,
    pub(crate) functions: BTreeMap<String, FnState>,
    pub(crate) scope: Scope,
}

impl NsState {
    pub(crate) fn new(ns: Namespace) -> Self {
        NsState {
            ns,
            functions: BTreeMap::new(),
            scope: Scope::default(),
        }
    }

    /// The scope versions and aliases of `function` live in.
    pub(crate) fn scope_of<'a>(&'a self, cfg: &Config, function: &'a FnState) -> &'a Scope {
        if cfg.namespace_scoped() {
            &self.scope
        } else {
            &function.scope
        }
    }
}

/// Everything mutable.
pub(crate) struct State {
    pub(crate) namespaces: BTreeMap<String, NsState>,
    pub(crate) objects: BTreeMap<(String, String), Bytes>,
    pub(crate) handlers: HashMap<(FunctionRef, Option<Qualifier>), Handler>,
    pub(crate) faults: FaultBook,
    pub(crate) calls: [usize; Operation::COUNT],
    pub(crate) route_rng: SplitMix64,
    pub(crate) id_rng: SplitMix64,
    pub(crate) async_records: Vec<AsyncInvocationRecord>,
    pub(crate) pending_async: usize,
    pub(crate) in_flight: u64,
}

impl State {
    pub(crate) fn new(seed: u64) -> Self {
        State {
            namespaces: BTreeMap::new(),
            objects: BTreeMap::new(),
            handlers: HashMap::new(),
            faults: FaultBook::default(),
            calls: [0; Operation::COUNT],
            route_rng: SplitMix64::new(seed),
            id_rng: SplitMix64::new(seed ^ 0xA5A5_5A5A_C3C3_3C3C),
            async_records: Vec::new(),
            pending_async: 0,
            in_flight: 0,
        }
    }

    /// 32 lowercase hex digits, unique for the life of this state (SplitMix64 never repeats an output).
    /// A fresh entity tag, or none where the provider has no entity tags (`conditional_updates` off, as on
    /// FunctionGraph): a double that reported etags there would promise what the cloud cannot keep.
    pub(crate) fn new_etag(&mut self, cfg: &Config) -> Option<String> {
        cfg.caps.conditional_updates.then(|| self.hex_id())
    }

    pub(crate) fn hex_id(&mut self) -> String {
        let a = self.id_rng.next_u64();
        let b = self.id_rng.next_u64();
        format!("{a:016x}{b:016x}")
    }

    /// A UUID-shaped id (request ids, async invocation ids).
    pub(crate) fn uuid(&mut self) -> String {
        let h = self.hex_id();
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }

    /// The namespace `name` (`NotFound` naming it).
    pub(crate) fn ns(&self, name: &str) -> Result<&NsState> {
        self.namespaces
            .get(name)
            .ok_or_else(|| Error::not_found(format_args!("namespace `{name}`")))
    }

    pub(crate) fn ns_mut(&mut self, name: &str) -> Result<&mut NsState> {
        self.namespaces
            .get_mut(name)
            .ok_or_else(|| Error::not_found(format_args!("namespace `{name}`")))
    }

    /// The namespace and function of `f`: `NotFound` for the namespace where namespaces are explicit, else for
    /// the function.
    pub(crate) fn func(&self, cfg: &Config, f: &FunctionRef) -> Result<(&NsState, &FnState)> {
        let ns = match self.namespaces.get(&f.namespace) {
            Some(ns) => ns,
            None if cfg.implicit_namespaces() => return Err(function_not_found(f)),
            None => {
                return Err(Error::not_found(format_args!(
                    "namespace `{}`",
                    f.namespace
                )));
            }
        };
        let function = ns
            .functions
            .get(&f.name)
            .ok_or_else(|| function_not_found(f))?;
        Ok((ns, function))
    }

    /// Checks `f` exists and returns its namespace mutably.
    pub(crate) fn func_ns_mut(&mut self, cfg: &Config, f: &FunctionRef) -> Result<&mut NsState> {
        self.func(cfg, f)?;
        self.ns_mut(&f.namespace)
    }

    /// The scope (namespace or function) that versions and aliases of `f` live in, mutably.
    pub(crate) fn scope_mut(&mut self, cfg: &Config, f: &FunctionRef) -> Result<&mut Scope> {
        self.func(cfg, f)?;
        let ns = self
            .namespaces
            .get_mut(&f.namespace)
            .ok_or_else(|| function_not_found(f))?;
        if cfg.namespace_scoped() {
            Ok(&mut ns.scope)
        } else {
            ns.functions
                .get_mut(&f.name)
                .map(|func| &mut func.scope)
                .ok_or_else(|| function_not_found(f))
        }
    }

    /// The scope of `f`.
    pub(crate) fn scope(&self, cfg: &Config, f: &FunctionRef) -> Result<&Scope> {
        let (ns, func) = self.func(cfg, f)?;
        Ok(ns.scope_of(cfg, func))
    }

    /// Bytes of code stored: every function at latest plus every published snapshot.
    pub(crate) fn code_bytes(&self) -> u64 {
        let mut total = 0u64;
        for ns in self.namespaces.values() {
            for v in &ns.scope.versions {
                total += v
                    .functions
                    .values()
                    .map(|r| r.content.code.len() as u64)
                    .sum::<u64>();
            }
            for f in ns.functions.values() {
                total += f.rec.content.code.len() as u64;
                for v in &f.scope.versions {
                    total += v
                        .functions
                        .values()
                        .map(|r| r.content.code.len() as u64)
                        .sum::<u64>();
                }
            }
        }
        total
    }

    pub(crate) fn function_count(&self) -> u64 {
        self.namespaces
            .values()
            .map(|n| n.functions.len() as u64)
            .sum()
    }
}

/// `QuotaExceeded` when storing `total` bytes of code would pass the code-storage limit.
pub(crate) fn check_code_quota(cfg: &Config, total: u64) -> Result<()> {
    let used = mb_rounded_up(total);
    if used > cfg.limits.code_mb {
        return Err(Error::new(
            ErrorKind::QuotaExceeded,
            format!(
                "code storage quota exceeded: {used} MB would be used, the limit is {} MB",
                cfg.limits.code_mb
            ),
        ));
    }
    Ok(())
}

/// FC's rule for a caller-chosen async invocation id: `^[A-Za-z_][A-Za-z0-9_-]*$`, at most 128 characters.
pub(crate) fn check_async_invocation_id(id: &str) -> Result<()> {
    NameRule::new(
        1,
        128,
        CharClass::new(true, false, "_"),
        CharClass::new(true, true, "_-"),
    )
    .check("async_invocation_id", id)
}

/// `InvalidArgument` unless `value` has a non-blank character.
pub(crate) fn check_nonempty(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid_argument(field, "must not be empty"))
    } else {
        Ok(())
    }
}

/// Bytes to MB, rounded up.
pub(crate) fn mb_rounded_up(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

pub(crate) fn function_not_found(f: &FunctionRef) -> Error {
    Error::not_found(format_args!("function `{f}`"))
}

/// How a scope is named in messages: "namespace `shop`" or "function `shop/hello`".
pub(crate) fn scope_label(cfg: &Config, f: &FunctionRef) -> String {
    if cfg.namespace_scoped() {
        format!("namespace `{}`", f.namespace)
    } else {
        format!("function `{f}`")
    }
}

pub(crate) fn version_not_found(cfg: &Config, f: &FunctionRef, id: &str) -> Error {
    Error::not_found(format_args!("version `{id}` of {}", scope_label(cfg, f)))
}

pub(crate) fn alias_not_found(cfg: &Config, f: &FunctionRef, name: &str) -> Error {
    Error::not_found(format_args!("alias `{name}` of {}", scope_label(cfg, f)))
}

/// Whether a version string names the editable head.
pub(crate) fn is_latest(version: &str) -> bool {
    version.eq_ignore_ascii_case("latest")
}

/// `PreconditionFailed` unless `if_match` is unset or equals `current`.
pub(crate) fn check_etag(what: &str, if_match: Option<&str>, current: Option<&str>) -> Result<()> {
    match if_match {
        Some(expected) if Some(expected) != current => Err(Error::new(
            ErrorKind::PreconditionFailed,
            format!(
                "{what} has etag `{}`, not `{expected}`: it changed since you read it",
                current.unwrap_or("")
            ),
        )),
        _ => Ok(()),
    }
}

/// Where a qualifier of a function leads.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    /// The record that serves the call.
    pub(crate) record: FnRecord,
    /// The version it belongs to (`None` = latest).
    pub(crate) version: Option<String>,
}

/// Resolves `q` of function `f` for reading: an alias reads as its main version.
pub(crate) fn resolve(
    cfg: &Config,
    ns: &NsState,
    function: &FnState,
    f: &FunctionRef,
    q: &Qualifier,
) -> Result<Resolved> {
    match q {
        Qualifier::Latest => Ok(Resolved {
            record: function.rec.clone(),
            version: None,
        }),
        Qualifier::Version(id) => resolve_version(cfg, ns, function, f, id),
        Qualifier::Alias(name) => {
            let scope = ns.scope_of(cfg, function);
            let alias = scope
                .aliases
                .get(name)
                .ok_or_else(|| alias_not_found(cfg, f, name))?;
            resolve_version(cfg, ns, function, f, &alias.version)
        }
    }
}

/// Resolves version `id` (or `latest`) of function `f`.
pub(crate) fn resolve_version(
    cfg: &Config,
    ns: &NsState,
    function: &FnState,
    f: &FunctionRef,
    id: &str,
) -> Result<Resolved> {
    if is_latest(id) {
        return Ok(Resolved {
            record: function.rec.clone(),
            version: None,
        });
    }
    let scope = ns.scope_of(cfg, function);
    let v = scope
        .version(id)
        .ok_or_else(|| version_not_found(cfg, f, id))?;
    let record = v
        .functions
        .get(&f.name)
        .ok_or_else(|| Error::not_found(format_args!("function `{f}` in version `{id}`")))?;
    Ok(Resolved {
        record: record.clone(),
        version: Some(v.version.id.clone()),
    })
}

/// `NotFound` unless qualifier `q` of `f` exists.
pub(crate) fn check_qualifier_exists(
    cfg: &Config,
    ns: &NsState,
    function: &FnState,
    f: &FunctionRef,
    q: &Qualifier,
) -> Result<()> {
    resolve(cfg, ns, function, f, q).map(|_| ())
}

/// One page out of `entries` (sorted ascending by key): the items after `after`, at most `size`, with a token
/// (the last key returned, rendered by `token`) when more remain.
pub(crate) fn make_page<K: Ord, T>(
    entries: impl IntoIterator<Item = (K, T)>,
    after: Option<&K>,
    size: usize,
    token: impl Fn(&K) -> String,
) -> Page<T> {
    let mut items = Vec::new();
    let mut last: Option<K> = None;
    let mut more = false;
    for (k, t) in entries {
        if after.is_some_and(|a| &k <= a) {
            continue;
        }
        if items.len() == size {
            more = true;
            break;
        }
        items.push(t);
        last = Some(k);
    }
    let next = if more {
        last.map(|k| PageToken::new(token(&k)))
    } else {
        None
    };
    Page::new(items, next)
}

/// Whether `name` passes the request's prefix filter.
pub(crate) fn has_prefix(name: &str, prefix: Option<&str>) -> bool {
    prefix.is_none_or(|p| name.starts_with(p))
}

/// `InvalidArgument` for a token this listing did not issue.
pub(crate) fn bad_token(token: &PageToken) -> Error {
    Error::invalid_argument(
        "page token",
        format_args!("`{token}` was not issued by this listing"),
    )
}
