//! [`InMemory`]: the vendor-neutral test double.
//!
//! A complete [`Provider`](crate::Provider) that keeps its state in memory and behaves like a real cloud:
//! not-found, already-exists, entity-tag preconditions, paging with resumable tokens, versions as immutable
//! snapshots, alias weights that route invocations, quotas. On top of that a test can program what
//! functions answer ([`InMemory::set_handler`]), inject faults ([`InMemory::inject_fault`]), count calls
//! ([`InMemory::calls`]) and inspect async invocations ([`InMemory::async_invocations`]).
//!
//! ```
//! use cloudfn_core::memory::{HandlerResult, InMemory};
//! use cloudfn_core::{Code, FunctionSpec, InvokeRequest, Invoker, Functions, NamespaceSpec, Namespaces, Runtime};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
//! let cloud = InMemory::alibaba();
//! cloud.create_namespace(NamespaceSpec::new("shop")).await.unwrap();
//! let f = cloud
//!     .create_function("shop", FunctionSpec::new("hello", Runtime::Python39, "index.handler", Code::zip(&b"PK"[..])))
//!     .await
//!     .unwrap()
//!     .reference();
//! cloud.set_handler(&f, None, |inv| HandlerResult::ok(format!("hello {}", String::from_utf8_lossy(&inv.payload))));
//! let out = cloud.invoke(&f, InvokeRequest::new("world")).await.unwrap();
//! assert_eq!(out.payload_text(), "hello world");
//! # });
//! ```

mod checksum;
mod fault;
mod invoke;
mod provider;
mod state;
#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use serde_json::{Value, json};

pub use fault::{Fault, Operation};
pub use invoke::{AsyncInvocationRecord, AsyncOutcome, HandlerResult, Invocation};

use crate::{Capabilities, Error, FunctionRef, Qualifier, QuotaKind, Result};
use state::{Config, Limits, State};

/// The default seed of weighted routing and generated ids (so that a test is reproducible unless it
/// chooses otherwise).
pub const DEFAULT_SEED: u64 = 0x00C1_0DF0;

/// The default page size of list calls.
pub const DEFAULT_PAGE_SIZE: u32 = 20;

pub(crate) struct Inner {
    pub(crate) config: Config,
    pub(crate) state: Mutex<State>,
    pub(crate) async_idle: tokio::sync::Notify,
}

/// An in-memory provider with a real cloud's semantics, for tests.
///
/// Build one shaped like a cloud with [`InMemory::alibaba`] or [`InMemory::huawei`], or from any
/// [`Capabilities`] with [`InMemory::builder`]. Clones share state; it is safe to use from many tasks at
/// once (one mutex, never held across an `.await` or while a handler runs).
///
/// # Semantics
///
/// Behaviour follows the [`Capabilities`] it was built with:
///
/// - **Validation first.** Every call runs the `Capabilities::check_*` validators before it looks at state, so
///   bad input fails with `InvalidArgument`/`PayloadTooLarge`/`Unsupported` exactly as an adapter would fail it
///   before sending. Every error carries the provider name and the [`Operation`] name (`CreateFunction`, ...).
/// - **Namespaces.** `NamespaceModel::Explicit` (FC services): created, updated (etag-checked) and deleted
///   explicitly; deleting one that still holds functions is `PreconditionFailed` (FC `ServiceNotEmpty`).
///   `NamespaceModel::Implicit` (FunctionGraph packages): a namespace exists while a function names it;
///   create/update/delete are `Unsupported`, get/list are derived from the functions, listing the functions of
///   an unknown namespace gives an empty page.
/// - **Versions** are immutable snapshots (code and configuration). With `VersionScope::Namespace` (FC) a
///   publish snapshots every function of the namespace under ids `"1"`, `"2"`, ... (never reused), aliases
///   are namespace-wide and `if_match` on publish checks the namespace's etag. With `VersionScope::Function`
///   (FunctionGraph) versions and aliases belong to one function, `if_match` checks the function's etag, and
///   ids are the caller's [`PublishVersion::name`](crate::PublishVersion) where `caller_named_versions`
///   allows it, else `vYYYYMMDD-HHMMSS` (suffixed `-2`, `-3`, ... when taken). `latest` is never a version id.
/// - **Publishing with nothing changed** since the last version is `PreconditionFailed`: FunctionGraph answers
///   400 `FSS.1016` ("no changes have been made since last publication", huawei-functiongraph.md §3.7.7) and FC
///   409 `VersionPublishError` (alibaba-fc.md §5.4); both mean "the resource's state forbids the call", which is
///   what `PreconditionFailed` stands for. The first publish always succeeds.
/// - **Aliases** must point at existing versions (`NotFound` otherwise), weights are checked by
///   [`Capabilities::check_weights`] and must name published versions. An alias may point at `latest` only
///   where [`Capabilities::alias_to_latest`] says so: FunctionGraph's CreateVersionAlias takes "`latest` or a published
///   version" (§3.7.2), while FC's `versionId` must be a published version (alibaba-fc.md §6.4, §6.5).
///   Reading a function through an alias reads its main version; invoking through it routes by the weights.
/// - **Deletes.** Deleting a version an alias points to (main or weighted) is `PreconditionFailed` (FG
///   `FSS.1094`); a deleted version takes the triggers and async configs on it along (FG DeleteFunction with a
///   version, §3.6.3). Where versions are per function, deleting an alias that triggers still invoke is
///   `PreconditionFailed` (FG `FSS.1154` "The alias with triggers cannot be deleted"; FC documents no such
///   rule and lets it go). An alias's async configs go with it. Deleting a function removes its triggers, async configs, its per-function
///   versions and aliases, and its frozen copies inside namespace versions.
/// - **Entity tags.** Where the capabilities declare `conditional_updates` (FC), namespaces, functions,
///   aliases and triggers carry an etag that changes on every change, and a mismatching `if_match` is
///   `PreconditionFailed`. Where they do not (FunctionGraph has no ETags), no etag is reported and any
///   `if_match` is `Unsupported`.
/// - **Triggers.** Ids are the trigger name where versions are namespace-scoped (FC addresses triggers by
///   name) and a generated 32-hex id otherwise (FunctionGraph `trigger_id`); change it with
///   [`InMemoryBuilder::generated_trigger_ids`]. Names are unique per function. The qualifier must exist; an
///   update cannot change the trigger's kind.
/// - **Async configs** attach to existing qualifiers; put replaces the whole config and keeps `created_at`.
/// - **Paging.** Lists are in name order (versions in publish order, async configs in qualifier order:
///   latest, versions, aliases); a page token is the last key returned, so it survives serialisation and a
///   stale token still continues after deletions. `prefix` filters names (version ids; for async configs the
///   qualifier as displayed: `latest`, `version:1`, `alias:prod`). The page size defaults to the builder's
///   and is clamped to `1..=capabilities.max_page_size`.
/// - **Code.** `Code::Zip` is stored; `Code::ObjectStorage` is copied from the objects given to
///   [`InMemory::put_object`] (a missing object is `InvalidArgument` naming bucket and key).
///   `code_checksum` is the CRC-64/XZ of the ZIP (the CRC-64 variant FC and OSS use) as 16 lowercase hex
///   digits. Unset memory and timeout take the provider's default (smallest memory size; 60 s moved into the
///   timeout range), as a real cloud reports them.
/// - **Quotas.** `Functions` (count), `CodeStorage` (MB, rounded up, of the code at latest plus every
///   version's snapshot) and, when set, `Concurrency` (synchronous invocations running); defaults are
///   FunctionGraph's 100 functions and 10 240 MB. Creating a function past the limit, or storing code past
///   the storage limit, is `QuotaExceeded` (FG `FSS.1041`); a synchronous invocation past the concurrency limit
///   is `Throttled` (both clouds answer 429). Limits apply whatever the capabilities say; only
///   [`Quotas::list_quotas`](crate::Quotas::list_quotas) needs `capabilities.quotas`.
/// - **Invocation.** A registered handler answers ([`InMemory::set_handler`]), otherwise the function echoes
///   its payload. A handler's delay is capped by the function's timeout (then the answer is an unhandled
///   "Function timed out" error); a panicking handler is an unhandled function error. Function errors are
///   [`InvokeResponse::function_error`](crate::InvokeResponse), never an `Err`. Async invocations return at
///   once with an id (the caller's where allowed; unique per function), are retried `max_retries` times of
///   the invoked qualifier's async config (none without a config) and recorded with the destination the result
///   would go to. Delays need a tokio runtime with time enabled.
/// - **Faults.** [`InMemory::inject_fault`] makes the next calls of an operation wait or fail after their input
///   was validated; [`InMemory::calls`] counts every call, valid or not.
#[derive(Clone)]
pub struct InMemory {
    pub(crate) inner: Arc<Inner>,
}

impl InMemory {
    /// A double shaped like Alibaba Cloud Function Compute 2016-08-15 ([`Capabilities::alibaba_fc`]): explicit
    /// namespaces, namespace-wide numbered versions and aliases, trigger id = name, no quota API.
    pub fn alibaba() -> Self {
        InMemory::builder()
            .capabilities(Capabilities::alibaba_fc())
            .build()
    }

    /// A double shaped like Huawei Cloud FunctionGraph v2 ([`Capabilities::huawei_functiongraph`]): implicit
    /// namespaces, per-function named versions and aliases, generated trigger ids, quotas.
    pub fn huawei() -> Self {
        InMemory::builder()
            .capabilities(Capabilities::huawei_functiongraph())
            .build()
    }

    /// A builder (FC capabilities unless told otherwise).
    pub fn builder() -> InMemoryBuilder {
        InMemoryBuilder::new()
    }

    /// Stores an object that `Code::ObjectStorage { bucket, key }` can name.
    pub fn put_object(
        &self,
        bucket: impl Into<String>,
        key: impl Into<String>,
        bytes: impl Into<Bytes>,
    ) {
        self.lock()
            .objects
            .insert((bucket.into(), key.into()), bytes.into());
    }

    /// Registers what `function` answers when invoked: at every qualifier (`None`) or at one version or alias
    /// (`Qualifier::Latest` for the unpublished head). The most specific handler wins: the one of the version
    /// that runs (or of latest), then the one of the alias invoked, then the catch-all. Replaces an earlier
    /// handler for the same key. The function need not exist yet.
    ///
    /// The handler runs without any lock held; it must not block for long (use
    /// [`HandlerResult::with_delay`] to simulate a slow function).
    pub fn set_handler<H>(&self, function: &FunctionRef, qualifier: Option<Qualifier>, handler: H)
    where
        H: Fn(&Invocation) -> HandlerResult + Send + Sync + 'static,
    {
        self.lock()
            .handlers
            .insert((function.clone(), qualifier), Arc::new(handler));
    }

    /// Removes the handler registered for exactly this key; returns whether there was one.
    pub fn remove_handler(&self, function: &FunctionRef, qualifier: Option<Qualifier>) -> bool {
        self.lock()
            .handlers
            .remove(&(function.clone(), qualifier))
            .is_some()
    }

    /// Injects a fault into the next calls of `op` (see [`Fault`]).
    ///
    /// ```
    /// use cloudfn_core::memory::{Fault, InMemory, Operation};
    /// use cloudfn_core::{ErrorKind, Namespaces};
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
    /// let cloud = InMemory::alibaba();
    /// cloud.inject_fault(Operation::GetNamespace, Fault::fail(ErrorKind::Throttled, 1));
    /// let err = cloud.get_namespace("shop").await.unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Throttled);
    /// // The fault is used up: the next call reaches the state (and finds nothing).
    /// assert_eq!(cloud.get_namespace("shop").await.unwrap_err().kind(), ErrorKind::NotFound);
    /// assert_eq!(cloud.calls(Operation::GetNamespace), 2);
    /// # });
    /// ```
    pub fn inject_fault(&self, op: Operation, fault: Fault) {
        self.lock().faults.push(op, fault);
    }

    /// Removes every pending fault.
    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// How many times `op` was called (every call counts, including those that failed).
    pub fn calls(&self, op: Operation) -> usize {
        self.lock().calls[op.index()]
    }

    /// The async invocations of `function`, oldest first.
    pub fn async_invocations(&self, function: &FunctionRef) -> Vec<AsyncInvocationRecord> {
        self.lock()
            .async_records
            .iter()
            .filter(|r| r.function == *function)
            .cloned()
            .collect()
    }

    /// Waits until no async invocation is running (they run on tokio tasks while a handler delay is waited
    /// out; without delays they finish before `invoke` returns).
    pub async fn wait_for_async(&self) {
        loop {
            let notified = self.inner.async_idle.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.lock().pending_async == 0 {
                return;
            }
            notified.await;
        }
    }

    /// Forgets everything: resources, objects, handlers, faults, call counts, async records; the random
    /// generators start again from the seed. Async invocations still running finish without a record.
    pub fn reset(&self) {
        let mut st = self.lock();
        let pending = st.pending_async;
        *st = State::new(self.inner.config.seed);
        st.pending_async = pending;
    }

    /// A JSON dump of the state, for debugging and golden tests: namespaces with their functions (latest
    /// views, without code bytes), versions, aliases, triggers and async configs; objects (sizes); call counts;
    /// the number of async invocations.
    pub fn snapshot(&self) -> Value {
        let st = self.lock();
        let cfg = &self.inner.config;
        let scope_json = |scope: &state::Scope, ns: &str| {
            let versions: Vec<Value> = scope
                .versions
                .iter()
                .map(|v| {
                    let functions: Vec<Value> = v
                        .functions
                        .iter()
                        .map(|(name, rec)| to_json(&rec.view(ns, name, Some(&v.version.id))))
                        .collect();
                    json!({ "version": to_json(&v.version), "functions": functions })
                })
                .collect();
            let aliases: Vec<Value> = scope.aliases.values().map(to_json).collect();
            (versions, aliases)
        };
        let namespaces: Vec<Value> = st
            .namespaces
            .iter()
            .map(|(ns_name, ns)| {
                let functions: Vec<Value> = ns
                    .functions
                    .iter()
                    .map(|(name, f)| {
                        let (versions, aliases) = scope_json(&f.scope, ns_name);
                        let triggers: Vec<Value> = f.triggers.values().map(to_json).collect();
                        let configs: Vec<Value> = f.async_configs.values().map(to_json).collect();
                        let mut entry = json!({
                            "function": to_json(&f.rec.view(ns_name, name, None)),
                            "triggers": triggers,
                            "async_configs": configs,
                        });
                        if !cfg.namespace_scoped() {
                            entry["versions"] = Value::from(versions);
                            entry["aliases"] = Value::from(aliases);
                        }
                        entry
                    })
                    .collect();
                let mut entry = json!({ "namespace": to_json(&ns.ns), "functions": functions });
                if cfg.namespace_scoped() {
                    let (versions, aliases) = scope_json(&ns.scope, ns_name);
                    entry["versions"] = Value::from(versions);
                    entry["aliases"] = Value::from(aliases);
                }
                entry
            })
            .collect();
        let objects: Vec<Value> = st
            .objects
            .iter()
            .map(|((bucket, key), bytes)| json!({ "bucket": bucket, "key": key, "size": bytes.len() }))
            .collect();
        let calls: serde_json::Map<String, Value> = Operation::ALL
            .iter()
            .filter(|op| st.calls[op.index()] > 0)
            .map(|op| (op.as_str().to_owned(), Value::from(st.calls[op.index()])))
            .collect();
        json!({
            "provider": cfg.name,
            "namespaces": namespaces,
            "objects": objects,
            "calls": calls,
            "async_invocations": st.async_records.len(),
        })
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Puts the provider and operation on an error.
    pub(crate) fn ctx(&self, op: Operation, e: Error) -> Error {
        e.with_provider(self.inner.config.name)
            .with_operation(op.as_str())
    }

    /// The start of every call: count it, validate, then suffer the injected faults.
    pub(crate) async fn enter<V>(&self, op: Operation, validate: V) -> Result<()>
    where
        V: FnOnce(&Config) -> Result<()>,
    {
        self.lock().calls[op.index()] += 1;
        validate(&self.inner.config).map_err(|e| self.ctx(op, e))?;
        let injected = self.lock().faults.take(op);
        if let Some(delay) = injected.delay {
            tokio::time::sleep(delay).await;
        }
        if let Some(kind) = injected.fail {
            return Err(self.ctx(
                op,
                Error::new(
                    kind,
                    format!("injected fault: {op} failed with {kind} (InMemory::inject_fault)"),
                ),
            ));
        }
        Ok(())
    }

    /// A whole call: [`enter`](Self::enter), then `body` under the lock.
    pub(crate) async fn call<T, V, B>(&self, op: Operation, validate: V, body: B) -> Result<T>
    where
        V: FnOnce(&Config) -> Result<()> + Send,
        B: FnOnce(&mut State, &Config) -> Result<T> + Send,
    {
        self.enter(op, validate).await?;
        let mut st = self.lock();
        body(&mut st, &self.inner.config).map_err(|e| self.ctx(op, e))
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl fmt::Debug for InMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.lock();
        let cfg = &self.inner.config;
        let mut versions = 0usize;
        let mut aliases = 0usize;
        let mut triggers = 0usize;
        let mut async_configs = 0usize;
        for ns in st.namespaces.values() {
            versions += ns.scope.versions.len();
            aliases += ns.scope.aliases.len();
            for func in ns.functions.values() {
                versions += func.scope.versions.len();
                aliases += func.scope.aliases.len();
                triggers += func.triggers.len();
                async_configs += func.async_configs.len();
            }
        }
        f.debug_struct("InMemory")
            .field("name", &cfg.name)
            .field("version_scope", &cfg.caps.version_scope)
            .field("namespace_model", &cfg.caps.namespace_model)
            .field("namespaces", &st.namespaces.len())
            .field("functions", &st.function_count())
            .field("versions", &versions)
            .field("aliases", &aliases)
            .field("triggers", &triggers)
            .field("async_configs", &async_configs)
            .field("objects", &st.objects.len())
            .field("handlers", &st.handlers.len())
            .field("pending_faults", &st.faults.pending())
            .field("async_invocations", &st.async_records.len())
            .finish_non_exhaustive()
    }
}

/// Builds an [`InMemory`] from any [`Capabilities`].
///
/// ```
/// use cloudfn_core::memory::InMemory;
/// use cloudfn_core::{Capabilities, Provider, QuotaKind};
///
/// let cloud = InMemory::builder()
///     .capabilities(Capabilities::huawei_functiongraph())
///     .name("fg-double")
///     .default_page_size(2)
///     .seed(7)
///     .quota(QuotaKind::Functions, 3)
///     .build();
/// assert_eq!(cloud.name(), "fg-double");
/// ```
#[derive(Debug, Clone)]
pub struct InMemoryBuilder {
    caps: Capabilities,
    name: &'static str,
    default_page_size: u32,
    seed: u64,
    limits: Limits,
    generated_trigger_ids: Option<bool>,
}

impl Default for InMemoryBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl InMemoryBuilder {
    /// FC capabilities, name `in-memory`, page size 20, [`DEFAULT_SEED`], FunctionGraph's default quotas.
    pub fn new() -> Self {
        InMemoryBuilder {
            caps: Capabilities::alibaba_fc(),
            name: "in-memory",
            default_page_size: DEFAULT_PAGE_SIZE,
            seed: DEFAULT_SEED,
            limits: Limits::default(),
            generated_trigger_ids: None,
        }
    }

    /// What the double can do and the rules its input follows; also picks its behaviour (namespace model,
    /// version scope, trigger ids).
    pub fn capabilities(mut self, caps: Capabilities) -> Self {
        self.caps = caps;
        self
    }

    /// The provider name in [`Provider::name`](crate::Provider::name) and in errors.
    pub fn name(mut self, name: &'static str) -> Self {
        self.name = name;
        self
    }

    /// The page size of list calls that do not ask for one (clamped to `capabilities.max_page_size`; small
    /// sizes make tests exercise paging).
    pub fn default_page_size(mut self, size: u32) -> Self {
        self.default_page_size = size;
        self
    }

    /// Seeds weighted alias routing and generated ids: the same seed and the same calls give the same
    /// results.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the limit of a quota (`Functions` count, `CodeStorage` in MB, `Concurrency` of synchronous
    /// invocations).
    pub fn quota(mut self, kind: QuotaKind, limit: u64) -> Self {
        self.limits.set(kind, limit);
        self
    }

    /// Whether trigger ids are generated (FunctionGraph) rather than the trigger name (FC). Defaults to
    /// generated ids where versions are per function.
    pub fn generated_trigger_ids(mut self, generated: bool) -> Self {
        self.generated_trigger_ids = Some(generated);
        self
    }

    /// The double.
    pub fn build(self) -> InMemory {
        let generated_trigger_ids = self
            .generated_trigger_ids
            .unwrap_or(self.caps.version_scope == crate::VersionScope::Function);
        let config = Config {
            name: self.name,
            caps: self.caps,
            default_page_size: self.default_page_size,
            seed: self.seed,
            limits: self.limits,
            generated_trigger_ids,
        };
        InMemory {
            inner: Arc::new(Inner {
                state: Mutex::new(State::new(config.seed)),
                config,
                async_idle: tokio::sync::Notify::new(),
            }),
        }
    }
}

/// Quota names as FunctionGraph reports them.
pub(crate) fn quota_name(kind: QuotaKind) -> &'static str {
    match kind {
        QuotaKind::Functions => "fgs_func_num",
        QuotaKind::CodeStorage => "fgs_func_code_size",
        QuotaKind::Concurrency => "fgs_func_occurs",
        _ => "other",
    }
}
