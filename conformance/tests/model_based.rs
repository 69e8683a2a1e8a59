//! Model-based property test: random sequences of neutral operations run on `InMemory` shaped like the
//! provider (the reference model) and on the provider's adapter talking HTTP to the emulator; every step
//! must give the same neutral result (a projection, see `model_support`) or the same error kind.
//!
//! A case is a pool of names (valid under the provider's `NameRules`, every character class, minimum and
//! maximum lengths) and a list of operations that address the pool by index, so that operations collide:
//! create what exists, update or delete what is gone, delete versions aliases use, aliases triggers use,
//! list functions with random page sizes through every page. Version ids the provider generates and
//! trigger ids are tracked per side and compared by position, not text.
//!
//! Where the two sides differ by design or by a reported bug, the test says so in one place each, and
//! never silently: `known_divergence` (outcome pairs after which both sides hold the same state, shown
//! in the trace), `frozen_copy` (FC operations skipped, shown in the trace), the two "undo" branches of
//! `run_case`, and the generator restrictions documented on `kind_for`, `Publish`'s version names,
//! `qsel` and `model_support::nonempty_text` / `min_weight_percent`.
//!
//! Reproduce a failure with the seed it prints (`PROPTEST_RNG_SEED=…`); see `model_support` for every
//! `PROPTEST_*` variable.
#![allow(clippy::unwrap_used)]

mod model_support;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::time::Duration;

use bytes::Bytes;
use cloudfn_core::memory::InMemory;
use cloudfn_core::{
    AliasSpec, AliasUpdate, AsyncConfig, Capabilities, Code, Destination, FunctionRef,
    FunctionSpec, FunctionUpdate, HttpAuth, HttpConfig, HttpMethod, Initializer, InvokeRequest,
    ListRequest, NamespaceSpec, NamespaceUpdate, ObjectEvent, ObjectStorageConfig, PageToken,
    Provider, PublishVersion, Qualifier, TimerConfig, TriggerConfig, TriggerSpec, TriggerUpdate,
    VersionScope,
};
use model_support::{Remote, Target};
use proptest::prelude::*;
use serde_json::{Value, json};

// --------------------------------------------------------------------------------------- operations

/// Selects a version of the scope: an index into the versions published so far on this side (mod their
/// count), or `latest`, or an id that was never published.
#[derive(Debug, Clone, Copy)]
enum VSel {
    Published(u8),
    Latest,
    Missing,
}

#[derive(Debug, Clone, Copy)]
enum QSel {
    Latest,
    Version(VSel),
    Alias(u8),
}

#[derive(Debug, Clone)]
struct FnParams {
    runtime: u8,
    handler: String,
    code: u8,
    memory_mb: Option<u32>,
    timeout: Option<u64>,
    description: Option<String>,
    environment: BTreeMap<String, String>,
    initializer: Option<(String, Option<u64>)>,
}

#[derive(Debug, Clone)]
struct FnUpdate {
    handler: Option<String>,
    code: Option<u8>,
    memory_mb: Option<u32>,
    timeout: Option<u64>,
    description: Option<String>,
    environment: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone)]
enum TKind {
    Rate(u64),
    Cron,
    Http(u8, bool),
    Oss(u8),
}

#[derive(Debug, Clone, Copy)]
enum DSel {
    Function(u8),
    Queue,
}

#[derive(Debug, Clone)]
enum Op {
    CreateNs(u8, Option<String>),
    GetNs(u8),
    UpdateNs(u8, String),
    DeleteNs(u8),
    CreateFn(u8, u8, Box<FnParams>),
    GetFn(u8, u8, QSel),
    UpdateFn(u8, u8, Box<FnUpdate>),
    DeleteFn(u8, u8),
    ListFns(u8, Option<u32>),
    /// Publish; with `true`, first change the function's description (so that there is something to
    /// publish, which makes versions, and aliases with weights, frequent).
    Publish(u8, u8, Option<String>, Option<String>, bool),
    ListVersions(u8, u8),
    DeleteVersion(u8, u8, VSel),
    CreateAlias(u8, u8, u8, VSel, Vec<(VSel, u8, bool)>, Option<String>),
    GetAlias(u8, u8, u8),
    UpdateAlias(u8, u8, u8, Option<VSel>, Option<Vec<(VSel, u8, bool)>>),
    DeleteAlias(u8, u8, u8),
    CreateTrigger(u8, u8, u8, TKind, Option<QSel>, Option<bool>),
    GetTrigger(u8, u8, u8),
    UpdateTrigger(u8, u8, u8, bool),
    DeleteTrigger(u8, u8, u8),
    PutAsync(u8, u8, QSel, u32, u64, Option<DSel>, Option<DSel>),
    GetAsync(u8, u8, QSel),
    DeleteAsync(u8, u8, QSel),
    Invoke(u8, u8, QSel, String),
}

/// The names a case's operations address by index.
#[derive(Debug, Clone)]
struct Pool {
    namespaces: Vec<String>,
    functions: Vec<String>,
    aliases: Vec<String>,
    triggers: Vec<String>,
    versions: Vec<String>,
}

#[derive(Debug, Clone)]
struct Case {
    pool: Pool,
    ops: Vec<Op>,
}

const NS: u8 = 2;
const FNS: u8 = 3;
const ALIASES: u8 = 2;
const TRIGGERS: u8 = 3;

fn vsel() -> impl Strategy<Value = VSel> {
    prop_oneof![
        6 => (0u8..4).prop_map(VSel::Published),
        1 => Just(VSel::Latest),
        1 => Just(VSel::Missing),
    ]
}

fn qsel() -> impl Strategy<Value = QSel> {
    prop_oneof![
        3 => Just(QSel::Latest),
        // Not `Version("latest")`: `InMemory` keeps it apart from `Latest` (async configs are keyed by
        // the qualifier as given) where the adapters read it back as `Latest` (reported).
        2 => prop_oneof![6 => (0u8..4).prop_map(VSel::Published), 1 => Just(VSel::Missing)].prop_map(QSel::Version),
        2 => (0..ALIASES).prop_map(QSel::Alias),
    ]
}

fn weights(min_percent: u8) -> impl Strategy<Value = Vec<(VSel, u8, bool)>> {
    // (version, percent, off the 0.01 step by half a percent)
    // Often a percent whose fraction is not exact in binary (0.29 * 100 = 28.999999999999996): these
    // are the eight in 1..=100.
    let percent = prop_oneof![
        1 => prop::sample::select(vec![7u8, 14, 28, 29, 55, 56, 57, 58]),
        2 => min_percent..=100,
    ];
    prop::collection::vec((vsel(), percent, prop::bool::weighted(0.1)), 0..=2)
}

fn fn_params(caps: &Capabilities) -> impl Strategy<Value = FnParams> + use<> {
    let max_desc = caps.max_description_len.unwrap_or(256);
    let timeout = caps.timeout;
    let init_timeout = caps.initializer_timeout;
    (
        (0..caps.runtimes.len() as u8),
        model_support::handler(caps),
        any::<u8>(),
        prop::option::of(model_support::memory(&caps.memory)),
        prop::option::of(timeout.min.as_secs()..=timeout.max.as_secs()),
        prop::option::of(model_support::nonempty_text(max_desc)),
        model_support::environment(caps),
        prop::option::weighted(
            0.2,
            (
                Just("index.init".to_owned()),
                prop::option::of(init_timeout.min.as_secs()..=init_timeout.max.as_secs()),
            ),
        ),
    )
        .prop_map(
            |(
                runtime,
                handler,
                code,
                memory_mb,
                timeout,
                description,
                environment,
                initializer,
            )| {
                FnParams {
                    runtime,
                    handler,
                    code,
                    memory_mb,
                    timeout,
                    description,
                    environment,
                    initializer,
                }
            },
        )
}

fn fn_update(caps: &Capabilities) -> impl Strategy<Value = FnUpdate> + use<> {
    let max_desc = caps.max_description_len.unwrap_or(256);
    let timeout = caps.timeout;
    (
        prop::option::weighted(0.2, model_support::handler(caps)),
        prop::option::weighted(0.3, any::<u8>()),
        prop::option::weighted(0.3, model_support::memory(&caps.memory)),
        prop::option::weighted(0.3, timeout.min.as_secs()..=timeout.max.as_secs()),
        prop::option::weighted(0.5, model_support::nonempty_text(max_desc)),
        prop::option::weighted(0.3, model_support::environment(caps)),
    )
        .prop_map(
            |(handler, code, memory_mb, timeout, description, environment)| FnUpdate {
                handler,
                code,
                memory_mb,
                timeout,
                description,
                environment,
            },
        )
}

fn tkind() -> impl Strategy<Value = TKind> {
    prop_oneof![
        3 => prop_oneof![Just(1u64), Just(60), Just(1440), 1u64..=600].prop_map(TKind::Rate),
        1 => Just(TKind::Cron),
        2 => (0u8..8, any::<bool>()).prop_map(|(m, signed)| TKind::Http(m, signed)),
        1 => (0u8..4).prop_map(TKind::Oss),
    ]
}

fn dsel() -> impl Strategy<Value = DSel> {
    prop_oneof![4 => (0..FNS).prop_map(DSel::Function), 1 => Just(DSel::Queue)]
}

fn op(caps: &Capabilities) -> impl Strategy<Value = Op> + use<> {
    // Biased to the first namespace and function, so that operations pile up on one function often
    // enough to reach versions, weighted aliases and their triggers.
    let ns = prop_oneof![3 => Just(0u8), 1 => 0..NS];
    let f = prop_oneof![2 => Just(0u8), 1 => 0..FNS];
    let al = 0..ALIASES;
    let tr = 0..TRIGGERS;
    let max_desc = caps.max_description_len.unwrap_or(256);
    let max_retries = caps.async_max_retries;
    let age = caps.async_event_age;
    let min_pct = model_support::min_weight_percent(caps);
    prop_oneof![
        2 => (ns.clone(), prop::option::of(model_support::nonempty_text(max_desc))).prop_map(|(n, d)| Op::CreateNs(n, d)),
        1 => ns.clone().prop_map(Op::GetNs),
        1 => (ns.clone(), model_support::nonempty_text(max_desc)).prop_map(|(n, d)| Op::UpdateNs(n, d)),
        1 => ns.clone().prop_map(Op::DeleteNs),
        6 => (ns.clone(), f.clone(), fn_params(caps)).prop_map(|(n, f, p)| Op::CreateFn(n, f, Box::new(p))),
        3 => (ns.clone(), f.clone(), qsel()).prop_map(|(n, f, q)| Op::GetFn(n, f, q)),
        4 => (ns.clone(), f.clone(), fn_update(caps)).prop_map(|(n, f, u)| Op::UpdateFn(n, f, Box::new(u))),
        2 => (ns.clone(), f.clone()).prop_map(|(n, f)| Op::DeleteFn(n, f)),
        2 => (ns.clone(), prop::option::of(1u32..=4)).prop_map(|(n, s)| Op::ListFns(n, s)),
        5 => (ns.clone(), f.clone(), prop::option::of(model_support::nonempty_text(max_desc)), prop::option::weighted(0.4, 0u8..3), prop::bool::weighted(0.7))
            .prop_map(|(n, f, d, v, bump)| Op::Publish(n, f, d, v.map(|i| i.to_string()), bump)),
        1 => (ns.clone(), f.clone()).prop_map(|(n, f)| Op::ListVersions(n, f)),
        1 => (ns.clone(), f.clone(), vsel()).prop_map(|(n, f, v)| Op::DeleteVersion(n, f, v)),
        3 => (ns.clone(), f.clone(), al.clone(), vsel(), weights(min_pct), prop::option::of(model_support::nonempty_text(max_desc)))
            .prop_map(|(n, f, a, v, w, d)| Op::CreateAlias(n, f, a, v, w, d)),
        1 => (ns.clone(), f.clone(), al.clone()).prop_map(|(n, f, a)| Op::GetAlias(n, f, a)),
        2 => (ns.clone(), f.clone(), al.clone(), prop::option::of(vsel()), prop::option::of(weights(min_pct)))
            .prop_map(|(n, f, a, v, w)| Op::UpdateAlias(n, f, a, v, w)),
        1 => (ns.clone(), f.clone(), al.clone()).prop_map(|(n, f, a)| Op::DeleteAlias(n, f, a)),
        3 => (ns.clone(), f.clone(), tr.clone(), tkind(), prop::option::weighted(0.3, qsel()), prop::option::weighted(0.3, any::<bool>()))
            .prop_map(|(n, f, t, k, q, e)| Op::CreateTrigger(n, f, t, k, q, e)),
        1 => (ns.clone(), f.clone(), tr.clone()).prop_map(|(n, f, t)| Op::GetTrigger(n, f, t)),
        1 => (ns.clone(), f.clone(), tr.clone(), any::<bool>()).prop_map(|(n, f, t, e)| Op::UpdateTrigger(n, f, t, e)),
        1 => (ns.clone(), f.clone(), tr).prop_map(|(n, f, t)| Op::DeleteTrigger(n, f, t)),
        2 => (
                ns.clone(), f.clone(), qsel(),
                prop_oneof![6 => 0..=max_retries, 1 => Just(max_retries + 1)],
                prop_oneof![Just(age.min.as_secs()), Just(age.max.as_secs()), age.min.as_secs()..=age.max.as_secs()],
                prop::option::of(dsel()), prop::option::of(dsel()),
            )
            .prop_map(|(n, f, q, r, a, s, fl)| Op::PutAsync(n, f, q, r, a, s, fl)),
        1 => (ns.clone(), f.clone(), qsel()).prop_map(|(n, f, q)| Op::GetAsync(n, f, q)),
        1 => (ns.clone(), f.clone(), qsel()).prop_map(|(n, f, q)| Op::DeleteAsync(n, f, q)),
        2 => (ns, f, qsel(), "[ -~]{0,40}").prop_map(|(n, f, q, p)| Op::Invoke(n, f, q, p)),
    ]
}

fn case(caps: &Capabilities) -> impl Strategy<Value = Case> + use<> {
    let pool = (
        prop::collection::vec(model_support::name(&caps.names.namespace), NS as usize),
        prop::collection::vec(model_support::name(&caps.names.function), FNS as usize),
        prop::collection::vec(model_support::name(&caps.names.alias), ALIASES as usize),
        prop::collection::vec(model_support::name(&caps.names.trigger), TRIGGERS as usize),
        prop::collection::vec(model_support::name(&caps.names.version), 3),
    )
        .prop_map(
            |(namespaces, functions, aliases, triggers, versions)| Pool {
                namespaces,
                functions,
                aliases,
                triggers,
                versions,
            },
        );
    // Operations first: proptest shrinks a tuple's members in order, and a shorter sequence says more
    // than a shorter name.
    (prop::collection::vec(op(caps), 1..48), pool).prop_map(|(ops, pool)| Case { pool, ops })
}

// ------------------------------------------------------------------------------------------- runner

/// What one side remembers to turn selectors into its own ids.
#[derive(Default)]
struct Handles {
    /// Version ids in publish order, per version scope (FC: namespace; FG: namespace/function).
    versions: HashMap<String, Vec<String>>,
    /// Trigger ids, per namespace/function/trigger name.
    triggers: HashMap<(String, String, String), String>,
    /// Triggers created with a fresh name (FG APIG and OBS).
    created: u32,
    /// Description changes made by `Publish(.., true)`.
    bumps: u32,
}

struct Side<'a> {
    p: &'a dyn Provider,
    h: Handles,
}

struct Ctx<'a> {
    target: Target,
    caps: &'a Capabilities,
    pool: &'a Pool,
}

/// A step's neutral outcome: the projected value, or the error.
type Outcome = Result<Value, Failure>;

/// An error as compared: by kind only (the message is shown in the trace, never compared: each side
/// words it its own way).
#[derive(Debug)]
struct Failure {
    kind: String,
    message: String,
}

impl PartialEq for Failure {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

fn err(e: &cloudfn_core::Error) -> Failure {
    Failure {
        kind: format!("{:?}", e.kind()),
        message: e.to_string(),
    }
}

fn failure(kind: &str, message: String) -> Failure {
    Failure {
        kind: kind.to_owned(),
        message,
    }
}

impl Ctx<'_> {
    fn f(&self, ns: u8, f: u8) -> FunctionRef {
        FunctionRef::new(
            &self.pool.namespaces[ns as usize],
            &self.pool.functions[f as usize],
        )
    }

    fn scope_key(&self, f: &FunctionRef) -> String {
        match self.caps.version_scope {
            VersionScope::Namespace => f.namespace.clone(),
            VersionScope::Function => f.to_string(),
        }
    }

    fn compare_trigger_ids(&self) -> bool {
        self.target == Target::Fc
    }
}

impl Side<'_> {
    /// Deletes the version the last publish in `f`'s scope made, and forgets it.
    async fn undo_publish(&mut self, ctx: &Ctx<'_>, f: &FunctionRef) -> bool {
        let Some(id) = self
            .h
            .versions
            .get_mut(&ctx.scope_key(f))
            .and_then(Vec::pop)
        else {
            return false;
        };
        self.p.delete_version(f, &id).await.is_ok()
    }

    fn version(&self, ctx: &Ctx<'_>, f: &FunctionRef, v: VSel) -> String {
        let list = self.h.versions.get(&ctx.scope_key(f));
        match v {
            VSel::Published(i) => match list {
                Some(l) if !l.is_empty() => l[i as usize % l.len()].clone(),
                _ => "777".to_owned(),
            },
            VSel::Latest => "latest".to_owned(),
            VSel::Missing => "777".to_owned(),
        }
    }

    fn qualifier(&self, ctx: &Ctx<'_>, f: &FunctionRef, q: QSel) -> Qualifier {
        match q {
            QSel::Latest => Qualifier::Latest,
            QSel::Version(v) => Qualifier::version(self.version(ctx, f, v)),
            QSel::Alias(a) => Qualifier::alias(&ctx.pool.aliases[a as usize]),
        }
    }

    /// Maps a version id to its publish position in `f`'s scope (ids the provider generates differ
    /// between the sides; positions do not).
    fn canon(&self, ctx: &Ctx<'_>, f: &FunctionRef) -> impl Fn(&str) -> String + use<> {
        let list = self
            .h
            .versions
            .get(&ctx.scope_key(f))
            .cloned()
            .unwrap_or_default();
        move |id: &str| match list.iter().position(|v| v == id) {
            Some(i) => format!("#{i}"),
            None => id.to_owned(),
        }
    }

    fn weights(
        &self,
        ctx: &Ctx<'_>,
        f: &FunctionRef,
        w: &[(VSel, u8, bool)],
    ) -> BTreeMap<String, f64> {
        w.iter()
            .map(|(v, pct, off)| {
                let w = f64::from(*pct) / 100.0 + if *off { 0.005 } else { 0.0 };
                (self.version(ctx, f, *v), w.min(1.0))
            })
            .collect()
    }

    fn trigger_id(&self, ctx: &Ctx<'_>, f: &FunctionRef, t: u8) -> String {
        let name = &ctx.pool.triggers[t as usize];
        self.h
            .triggers
            .get(&(f.namespace.clone(), f.name.clone(), name.clone()))
            .cloned()
            .unwrap_or_else(|| match ctx.target {
                Target::Fc => name.clone(),
                Target::Fg => format!("TIMER:{t:032x}"),
            })
    }

    fn destination(ctx: &Ctx<'_>, ns: u8, d: DSel) -> Destination {
        match d {
            DSel::Function(i) => Destination::function(ctx.f(ns, i)),
            DSel::Queue => Destination::Queue {
                name: "cloudfn-queue".to_owned(),
            },
        }
    }

    // The operations' fields are pool indices (`n`amespace, `f`unction, `a`lias, `t`rigger, `v`ersion,
    // `w`eights, `d`escription, `q`ualifier): short names read best here.
    #[allow(clippy::many_single_char_names)]
    async fn apply(&mut self, ctx: &Ctx<'_>, op: &Op) -> Outcome {
        let p = self.p;
        let caps = ctx.caps;
        match op {
            Op::CreateNs(n, d) => {
                let mut spec = NamespaceSpec::new(&ctx.pool.namespaces[*n as usize]);
                spec.description.clone_from(d);
                p.create_namespace(spec)
                    .await
                    .map(|n| model_support::namespace(&n))
                    .map_err(|e| err(&e))
            }
            Op::GetNs(n) => p
                .get_namespace(&ctx.pool.namespaces[*n as usize])
                .await
                .map(|n| model_support::namespace(&n))
                .map_err(|e| err(&e)),
            Op::UpdateNs(n, d) => p
                .update_namespace(
                    &ctx.pool.namespaces[*n as usize],
                    NamespaceUpdate::new().with_description(d),
                )
                .await
                .map(|n| model_support::namespace(&n))
                .map_err(|e| err(&e)),
            Op::DeleteNs(n) => {
                let name = &ctx.pool.namespaces[*n as usize];
                let r = p.delete_namespace(name).await;
                if r.is_ok() {
                    // FC versions live in the service, and go with it.
                    self.h.versions.remove(name);
                }
                r.map(|()| Value::Null).map_err(|e| err(&e))
            }
            Op::CreateFn(n, fi, params) => {
                let f = ctx.f(*n, *fi);
                // Not `custom-container`: FC needs `customContainerConfig.image`, which the neutral model
                // cannot carry (concepts.md §6 "(no code)", §18.2).
                let runtimes: Vec<_> = caps
                    .runtimes
                    .iter()
                    .filter(|r| **r != cloudfn_core::Runtime::CustomContainer)
                    .collect();
                let runtime = runtimes[params.runtime as usize % runtimes.len()].clone();
                let mut spec = FunctionSpec::new(
                    &f.name,
                    runtime,
                    &params.handler,
                    Code::zip(cloudfn_conformance::echo_zip(&params.code.to_string())),
                );
                spec.memory_mb = params.memory_mb;
                spec.timeout = params.timeout.map(Duration::from_secs);
                spec.description.clone_from(&params.description);
                spec.environment.clone_from(&params.environment);
                spec.initializer = params.initializer.as_ref().map(|(h, t)| {
                    let i = Initializer::new(h);
                    match t {
                        Some(t) => i.with_timeout(Duration::from_secs(*t)),
                        None => i,
                    }
                });
                let canon = self.canon(ctx, &f);
                p.create_function(&f.namespace, spec)
                    .await
                    .map(|x| {
                        model_support::function(
                            &x,
                            &canon,
                            ctx.target.initializer_timeout_default(),
                        )
                    })
                    .map_err(|e| err(&e))
            }
            Op::GetFn(n, fi, q) => {
                let f = ctx.f(*n, *fi);
                let q = self.qualifier(ctx, &f, *q);
                let canon = self.canon(ctx, &f);
                p.get_function(&f, &q)
                    .await
                    .map(|x| {
                        model_support::function(
                            &x,
                            &canon,
                            ctx.target.initializer_timeout_default(),
                        )
                    })
                    .map_err(|e| err(&e))
            }
            Op::UpdateFn(n, fi, u) => {
                let f = ctx.f(*n, *fi);
                let mut update = FunctionUpdate::new();
                update.handler.clone_from(&u.handler);
                update.code = u
                    .code
                    .map(|c| Code::zip(cloudfn_conformance::echo_zip(&c.to_string())));
                update.memory_mb = u.memory_mb;
                update.timeout = u.timeout.map(Duration::from_secs);
                update.description.clone_from(&u.description);
                update.environment.clone_from(&u.environment);
                let canon = self.canon(ctx, &f);
                p.update_function(&f, update)
                    .await
                    .map(|x| {
                        model_support::function(
                            &x,
                            &canon,
                            ctx.target.initializer_timeout_default(),
                        )
                    })
                    .map_err(|e| err(&e))
            }
            Op::DeleteFn(n, fi) => {
                let f = ctx.f(*n, *fi);
                let r = p.delete_function(&f).await;
                if r.is_ok() && caps.version_scope == VersionScope::Function {
                    // FG versions belong to the function, and go with it.
                    self.h.versions.remove(&ctx.scope_key(&f));
                }
                r.map(|()| Value::Null).map_err(|e| err(&e))
            }
            Op::ListFns(n, size) => {
                let ns = &ctx.pool.namespaces[*n as usize];
                let mut pages = Vec::new();
                let mut token: Option<PageToken> = None;
                for _ in 0..40 {
                    let mut req = ListRequest::new();
                    req.page_size = *size;
                    req.token = token.clone();
                    match p.list_functions_page(ns, req).await {
                        Ok(page) => {
                            let names: Vec<Value> = page
                                .items
                                .iter()
                                .map(|x| {
                                    model_support::function(
                                        x,
                                        &|v: &str| v.to_owned(),
                                        ctx.target.initializer_timeout_default(),
                                    )
                                })
                                .collect();
                            pages.push(Value::from(names));
                            token.clone_from(&page.next);
                            if token.is_none() {
                                return Ok(Value::from(pages));
                            }
                        }
                        Err(e) => {
                            let mut f = err(&e);
                            f.kind = format!("page {}: {}", pages.len(), f.kind);
                            return Err(f);
                        }
                    }
                }
                Err(failure("TooManyPages", "more than 40 pages".to_owned()))
            }
            Op::Publish(n, fi, d, name, bump) => {
                let f = ctx.f(*n, *fi);
                if *bump {
                    self.h.bumps += 1;
                    let update =
                        FunctionUpdate::new().with_description(format!("rev {}", self.h.bumps));
                    if let Err(e) = p.update_function(&f, update).await {
                        let mut f = err(&e);
                        f.kind = format!("bump: {}", f.kind);
                        return Err(f);
                    }
                }
                let mut options = PublishVersion::new();
                options.description.clone_from(d);
                // Caller-chosen version names start with a digit, so they never equal an alias name
                // (which starts with a letter): the FG emulator refuses an alias named like a version
                // (400 `FSS.1014` "a version has that name"), a rule huawei-functiongraph.md does not
                // state (FSS.1014 is only "Invalid function alias", §5.2) and `InMemory` does not apply.
                // Reported (minimal sequence: create function; publish version `m`; create alias `m`
                // → InMemory `Ok`, adapter `InvalidArgument`); the sequences do not reach it.
                options.name = name.as_ref().map(|i| {
                    let mut v = ctx.pool.versions[i.parse::<usize>().unwrap_or(0) % 3].clone();
                    v.insert(0, '9');
                    v.truncate(caps.names.version.max_len);
                    v
                });
                match p.publish_version(&f, options).await {
                    Ok(v) => {
                        self.h
                            .versions
                            .entry(ctx.scope_key(&f))
                            .or_default()
                            .push(v.id.clone());
                        let canon = self.canon(ctx, &f);
                        Ok(model_support::version(&v, &canon))
                    }
                    Err(e) => Err(err(&e)),
                }
            }
            Op::ListVersions(n, fi) => {
                let f = ctx.f(*n, *fi);
                let canon = self.canon(ctx, &f);
                let mut out = Vec::new();
                let mut token: Option<PageToken> = None;
                loop {
                    let mut req = ListRequest::new().with_page_size(2);
                    req.token = token.clone();
                    match p.list_versions_page(&f, req).await {
                        Ok(page) => {
                            out.extend(
                                page.items.iter().map(|v| model_support::version(v, &canon)),
                            );
                            token.clone_from(&page.next);
                            if token.is_none() || out.len() > 50 {
                                return Ok(Value::from(out));
                            }
                        }
                        Err(e) => return Err(err(&e)),
                    }
                }
            }
            Op::DeleteVersion(n, fi, v) => {
                let f = ctx.f(*n, *fi);
                let id = self.version(ctx, &f, *v);
                p.delete_version(&f, &id)
                    .await
                    .map(|()| Value::Null)
                    .map_err(|e| err(&e))
            }
            Op::CreateAlias(n, fi, a, v, w, d) => {
                let f = ctx.f(*n, *fi);
                let mut spec =
                    AliasSpec::new(&ctx.pool.aliases[*a as usize], self.version(ctx, &f, *v));
                spec.additional_weights = self.weights(ctx, &f, w);
                spec.description.clone_from(d);
                let canon = self.canon(ctx, &f);
                p.create_alias(&f, spec)
                    .await
                    .map(|x| model_support::alias(&x, &canon))
                    .map_err(|e| err(&e))
            }
            Op::GetAlias(n, fi, a) => {
                let f = ctx.f(*n, *fi);
                let canon = self.canon(ctx, &f);
                p.get_alias(&f, &ctx.pool.aliases[*a as usize])
                    .await
                    .map(|x| model_support::alias(&x, &canon))
                    .map_err(|e| err(&e))
            }
            Op::UpdateAlias(n, fi, a, v, w) => {
                let f = ctx.f(*n, *fi);
                let mut update = AliasUpdate::new();
                update.version = v.map(|v| self.version(ctx, &f, v));
                update.additional_weights = w.as_ref().map(|w| self.weights(ctx, &f, w));
                let canon = self.canon(ctx, &f);
                p.update_alias(&f, &ctx.pool.aliases[*a as usize], update)
                    .await
                    .map(|x| model_support::alias(&x, &canon))
                    .map_err(|e| err(&e))
            }
            Op::DeleteAlias(n, fi, a) => {
                let f = ctx.f(*n, *fi);
                p.delete_alias(&f, &ctx.pool.aliases[*a as usize])
                    .await
                    .map(|()| Value::Null)
                    .map_err(|e| err(&e))
            }
            Op::CreateTrigger(n, fi, t, kind, q, enabled) => {
                let f = ctx.f(*n, *fi);
                let kind = &kind_for(ctx.target, *t, kind);
                let mut name = ctx.pool.triggers[*t as usize].clone();
                if ctx.target == Target::Fg && !matches!(kind, TKind::Rate(_) | TKind::Cron) {
                    // The emulator keeps only timer names unique (FSS.1148), `InMemory` every name
                    // (reported; see `kind_for`): APIG and OBS triggers get a fresh name each time.
                    self.h.created += 1;
                    name.truncate(58);
                    let _ = write!(name, "x{}", self.h.created);
                }
                let pool_name = ctx.pool.triggers[*t as usize].clone();
                let mut spec = TriggerSpec::new(&name, trigger_config(ctx.target, kind));
                spec.qualifier = q.map(|q| self.qualifier(ctx, &f, q));
                spec.enabled = *enabled;
                match (ctx.target, kind) {
                    (Target::Fg, TKind::Http(..)) => {
                        spec.extensions
                            .insert("group_id".into(), json!("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"));
                    }
                    (Target::Fc, TKind::Oss(_)) => {
                        spec.extensions.insert(
                            "invocationRole".into(),
                            json!("acs:ram::1234567890123456:role/aliyunosseventnotificationrole"),
                        );
                    }
                    _ => {}
                }
                let canon = self.canon(ctx, &f);
                match p.create_trigger(&f, spec).await {
                    Ok(tr) => {
                        self.h.triggers.insert(
                            (f.namespace.clone(), f.name.clone(), pool_name),
                            tr.id.clone(),
                        );
                        Ok(model_support::trigger(
                            &tr,
                            ctx.compare_trigger_ids(),
                            &canon,
                        ))
                    }
                    Err(e) => Err(err(&e)),
                }
            }
            Op::GetTrigger(n, fi, t) => {
                let f = ctx.f(*n, *fi);
                let id = self.trigger_id(ctx, &f, *t);
                let canon = self.canon(ctx, &f);
                p.get_trigger(&f, &id)
                    .await
                    .map(|x| model_support::trigger(&x, ctx.compare_trigger_ids(), &canon))
                    .map_err(|e| err(&e))
            }
            Op::UpdateTrigger(n, fi, t, enabled) => {
                let f = ctx.f(*n, *fi);
                let id = self.trigger_id(ctx, &f, *t);
                let canon = self.canon(ctx, &f);
                p.update_trigger(&f, &id, TriggerUpdate::new().with_enabled(*enabled))
                    .await
                    .map(|x| model_support::trigger(&x, ctx.compare_trigger_ids(), &canon))
                    .map_err(|e| err(&e))
            }
            Op::DeleteTrigger(n, fi, t) => {
                let f = ctx.f(*n, *fi);
                let id = self.trigger_id(ctx, &f, *t);
                p.delete_trigger(&f, &id)
                    .await
                    .map(|()| Value::Null)
                    .map_err(|e| err(&e))
            }
            Op::PutAsync(n, fi, q, retries, age, ok, fail) => {
                let f = ctx.f(*n, *fi);
                let q = self.qualifier(ctx, &f, *q);
                let mut config = AsyncConfig::new()
                    .with_max_retries(*retries)
                    .with_max_event_age(Duration::from_secs(*age));
                config.on_success = ok.map(|d| Self::destination(ctx, *n, d));
                config.on_failure = fail.map(|d| Self::destination(ctx, *n, d));
                let canon = self.canon(ctx, &f);
                p.put_async_config(&f, &q, config)
                    .await
                    .map(|x| model_support::async_config(&x, &canon))
                    .map_err(|e| err(&e))
            }
            Op::GetAsync(n, fi, q) => {
                let f = ctx.f(*n, *fi);
                let q = self.qualifier(ctx, &f, *q);
                let canon = self.canon(ctx, &f);
                p.get_async_config(&f, &q)
                    .await
                    .map(|x| model_support::async_config(&x, &canon))
                    .map_err(|e| err(&e))
            }
            Op::DeleteAsync(n, fi, q) => {
                let f = ctx.f(*n, *fi);
                let q = self.qualifier(ctx, &f, *q);
                p.delete_async_config(&f, &q)
                    .await
                    .map(|()| Value::Null)
                    .map_err(|e| err(&e))
            }
            Op::Invoke(n, fi, q, payload) => {
                let f = ctx.f(*n, *fi);
                let q = self.qualifier(ctx, &f, *q);
                let req = InvokeRequest::new(Bytes::from(payload.clone())).with_qualifier(q);
                // Compared: the echoed payload and whether the function failed. Not compared: request
                // ids, durations and extensions (generated), and the executed version (weighted routing
                // draws from each side's own random source).
                p.invoke(&f, req)
                    .await
                    .map(|r| {
                        json!({
                            "payload": String::from_utf8_lossy(&r.payload),
                            "function_error": r.function_error.is_some(),
                        })
                    })
                    .map_err(|e| err(&e))
            }
        }
    }
}

/// On FunctionGraph one trigger name keeps one trigger kind: the emulator accepts a timer and an APIG
/// trigger with the same name on one function, and two APIG (or OBS) triggers with the same name, while
/// `InMemory` keeps trigger names unique per function whatever the kind (FunctionGraph documents
/// 400 `FSS.1307` "The trigger name already exists", huawei-functiongraph.md §5.2; the emulator only
/// checks timer names, `FSS.1148`). That divergence is reported (minimal sequence: create function;
/// create HTTP trigger `t`; create HTTP trigger `t` again → InMemory `AlreadyExists`, adapter `Ok`) and
/// cannot be stepped over (the states would differ), so the FG sequences do not reach it: timer names
/// collide freely, APIG and OBS triggers get fresh names.
///
/// On FC only the second trigger name may be an HTTP trigger: the emulator allows one HTTP trigger per
/// function (400 "already has an HTTP trigger; a function can have only one"), a rule neither
/// alibaba-fc.md nor `Capabilities` states and `InMemory` does not apply. Reported (minimal sequence:
/// create service and function; create HTTP trigger `a`; create HTTP trigger `b` → InMemory `Ok`,
/// adapter `InvalidArgument`); with one HTTP name per function the sequences do not reach it.
fn kind_for(target: Target, t: u8, kind: &TKind) -> TKind {
    if target == Target::Fc {
        return match kind {
            TKind::Http(..) if t != 1 => TKind::Rate(7),
            _ => kind.clone(),
        };
    }
    match (t % 3, kind) {
        (0, TKind::Rate(_) | TKind::Cron) | (1, TKind::Http(..)) | (2, TKind::Oss(_)) => {
            kind.clone()
        }
        (0, _) => TKind::Rate(5),
        (1, _) => TKind::Http(0, false),
        _ => TKind::Oss(0),
    }
}

fn trigger_config(target: Target, kind: &TKind) -> TriggerConfig {
    const METHODS: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Delete,
        HttpMethod::Patch,
        HttpMethod::Head,
        HttpMethod::Options,
        HttpMethod::Any,
    ];
    match kind {
        TKind::Rate(m) => TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(m * 60))),
        TKind::Cron => {
            TriggerConfig::Timer(TimerConfig::cron("0 0 9 * * ?").with_payload("{\"k\":1}"))
        }
        TKind::Http(m, signed) => {
            let auth = if *signed {
                HttpAuth::Signed
            } else {
                HttpAuth::Anonymous
            };
            match target {
                // FC: no path (http_trigger_path = false), a list of methods (no `ANY`).
                Target::Fc => {
                    let first = *m as usize % 7;
                    let methods: Vec<HttpMethod> = METHODS[first..=(first + 1).min(6)].to_vec();
                    TriggerConfig::Http(HttpConfig::new(auth, methods))
                }
                // FG: one method and a path, which an APIG trigger requires (concepts.md §10.4).
                Target::Fg => TriggerConfig::Http(
                    HttpConfig::new(auth, [METHODS[*m as usize % 8]]).with_path(format!("/p{m}")),
                ),
            }
        }
        TKind::Oss(e) => {
            let events = match e {
                0 => vec![ObjectEvent::CreatedAll],
                1 => vec![ObjectEvent::CreatedPut, ObjectEvent::CreatedPost],
                2 => vec![ObjectEvent::RemovedDelete],
                _ => vec![ObjectEvent::CreatedCompleteMultipartUpload],
            };
            TriggerConfig::ObjectStorage(
                ObjectStorageConfig::new("cloudfn-bucket", events)
                    .with_prefix("in/")
                    .with_suffix(".zip"),
            )
        }
    }
}

/// Runs `case` on both sides; `Err` is the step-by-step trace up to the first difference.
async fn run_case(target: Target, remote: &Remote, case: &Case) -> Result<(), String> {
    remote.reset();
    let caps = target.capabilities();
    let reference = target.reference();
    let ctx = Ctx {
        target,
        caps: &caps,
        pool: &case.pool,
    };
    let mut model = Side {
        p: &reference as &InMemory as &dyn Provider,
        h: Handles::default(),
    };
    let mut real = Side {
        p: remote.adapter.as_ref(),
        h: Handles::default(),
    };
    let mut trace = String::new();
    // Every case starts with the first namespace (on FG this is `Unsupported` on both sides).
    let setup = Op::CreateNs(0, None);
    // FC functions deleted while a version of their namespace froze them (see `frozen_copy`).
    let mut frozen: std::collections::HashSet<FunctionRef> = std::collections::HashSet::new();
    for (i, op) in std::iter::once(&setup).chain(&case.ops).enumerate() {
        if let Some((n, fi)) = frozen_copy(target, op) {
            if frozen.contains(&ctx.f(n, fi)) {
                let _ = writeln!(
                    trace,
                    "step {i}: {op:?}\n    skipped (known divergence: FC frozen copy of a deleted function)"
                );
                continue;
            }
        }
        let expected = model.apply(&ctx, op).await;
        let got = real.apply(&ctx, op).await;
        let _ = writeln!(trace, "step {i}: {op:?}\n    model:   {}", show(&expected));
        match op {
            Op::DeleteFn(n, fi)
                if target == Target::Fc
                    && expected.is_ok()
                    && model
                        .h
                        .versions
                        .get(&ctx.pool.namespaces[*n as usize])
                        .is_some_and(|v| !v.is_empty()) =>
            {
                frozen.insert(ctx.f(*n, *fi));
            }
            Op::DeleteNs(n) if expected.is_ok() => {
                frozen.retain(|f| f.namespace != ctx.pool.namespaces[*n as usize]);
            }
            _ => {}
        }
        if expected != got {
            if let Some(why) = known_divergence(target, op, &expected, &got) {
                // Reported, not hidden: both sides failed (so neither changed state) with different
                // kinds, in exactly the way `known_divergence` names; the rest of the sequence is checked.
                let _ = writeln!(
                    trace,
                    "    adapter: {}   (known divergence: {why})",
                    show(&got)
                );
                continue;
            }
            if let (Target::Fc, Op::Publish(n, fi, ..), Err(m), Ok(_)) =
                (target, op, &expected, &got)
                && m.kind == "PreconditionFailed"
                && real.undo_publish(&ctx, &ctx.f(*n, *fi)).await
            {
                // FC, publish after deleting a function that the last version froze: `InMemory` drops
                // the function's frozen copy with it (memory/mod.rs "Deletes"), so it finds nothing
                // changed since that version (`PreconditionFailed`); the emulator counts the deletion as
                // a change and publishes. Reported; the adapter's extra version is deleted again so that
                // the two sides hold the same versions (ids are compared by position).
                let _ = writeln!(
                    trace,
                    "    adapter: {}   (known divergence: FC publish after a function deletion; undone)",
                    show(&got)
                );
                continue;
            }
            if let (Target::Fc, Op::CreateTrigger(n, fi, t, ..), Err(m), Ok(_)) =
                (target, op, &expected, &got)
                && m.kind == "NotFound"
                && m.message.contains("in version")
            {
                // FC, a trigger on a version (or an alias of one) that does not hold the function
                // (published before the function was created): `InMemory` refuses (NotFound), the
                // emulator only checks that the version exists in the service. Reported; the adapter's
                // trigger is deleted again so that both sides hold the same triggers.
                let f = ctx.f(*n, *fi);
                let id = real.trigger_id(&ctx, &f, *t);
                if real.p.delete_trigger(&f, &id).await.is_ok() {
                    let _ = writeln!(
                        trace,
                        "    adapter: {}   (known divergence: FC trigger on a version without the function; undone)",
                        show(&got)
                    );
                    continue;
                }
            }
            let _ = writeln!(trace, "    adapter: {}   <-- differs", show(&got));
            return Err(format!(
                "{} differs from InMemory at step {i}:\n{trace}",
                remote.adapter.name()
            ));
        }
    }
    Ok(())
}

/// The function an operation addresses through a published version or an alias, on FC.
///
/// FC, deleting a function that a version of its service froze: `InMemory` deletes the frozen copies
/// with it (memory/mod.rs "Deletes"), the emulator keeps them, so the function can still be read,
/// invoked and given async configs through that version or an alias of it, on the emulator only (and
/// a function created again under the name is not in the old version on `InMemory`). FC documents
/// neither (alibaba-fc.md §6.4 snapshot contents are [DERIVED]). Reported; those operations are
/// skipped for such a function until its namespace is deleted (and the trace says so).
fn frozen_copy(target: Target, op: &Op) -> Option<(u8, u8)> {
    if target != Target::Fc {
        return None;
    }
    let qualified = |q: &QSel| !matches!(q, QSel::Latest);
    match op {
        Op::GetFn(n, f, q)
        | Op::PutAsync(n, f, q, ..)
        | Op::GetAsync(n, f, q)
        | Op::DeleteAsync(n, f, q)
        | Op::Invoke(n, f, q, _)
            if qualified(q) =>
        {
            Some((*n, *f))
        }
        Op::CreateTrigger(n, f, _, _, Some(q), _) if qualified(q) => Some((*n, *f)),
        _ => None,
    }
}

/// Divergences between `InMemory` and an adapter that were found by this test and reported (see the
/// report of issue 6), each matched exactly: the target, the operation and both outcomes. Only pairs
/// after which the states of the two sides are still the same can be listed.
fn known_divergence(
    target: Target,
    op: &Op,
    model: &Outcome,
    adapter: &Outcome,
) -> Option<&'static str> {
    // Setting a trigger's status to the one it has: FunctionGraph answers 412 `FSS.1153` ("The trigger
    // is already ACTIVE/DISABLED", huawei-functiongraph.md §5.2); `InMemory` accepts the no-op. Neither
    // side changes anything, so the states stay the same.
    if let (Target::Fg, Op::UpdateTrigger(..), Ok(_), Err(a)) = (target, op, model, adapter) {
        if a.kind == "PreconditionFailed" && a.message.contains("FSS.1153") {
            return Some("FG FSS.1153 for a status the trigger already has");
        }
    }
    // A trigger read back by id from FunctionGraph: FG triggers carry no qualifier (it is the
    // qualifier of the URN the trigger was created under, concepts.md §10.1), and the adapter's
    // `get_trigger` reads through the unqualified URN, so a trigger created on a version or alias
    // comes back as `latest` (the create answer had it right). Reported (FG adapter); everything but
    // the qualifier must still agree.
    if let (Target::Fg, Op::GetTrigger(..) | Op::UpdateTrigger(..), Ok(m), Ok(a)) =
        (target, op, model, adapter)
    {
        if a["qualifier"] == json!("latest") && m["qualifier"] != json!("latest") {
            let mut a = a.clone();
            a["qualifier"] = m["qualifier"].clone();
            if &a == m {
                return Some("FG adapter reads triggers without their qualifier");
            }
        }
    }
    let (Err(m), Err(a)) = (model, adapter) else {
        return None;
    };
    match (target, op, m.kind.as_str(), a.kind.as_str()) {
        // An alias weight on a version that does not exist: FunctionGraph answers 400 `FSS.1091`
        // "Invalid additional version" (huawei-functiongraph.md §5.2), i.e. InvalidArgument, where
        // `InMemory` says NotFound on either shape.
        (Target::Fg, Op::CreateAlias(..) | Op::UpdateAlias(..), "NotFound", "InvalidArgument")
            if a.message.contains("FSS.1091") =>
        {
            Some("FG FSS.1091 for a missing additional version")
        }
        // Alias input that is wrong whatever the state (a weight off FG's 0.01 step, a weight on
        // `latest`, a weight on the main version named in the update) for a function that does not
        // exist or an alias name that is taken: the adapters reject it before sending
        // (`check_alias_update`; FG also `check_weights` and `check_no_latest_weight`), `InMemory`
        // looks at the state first, against its own "validation first" rule (memory/mod.rs). The two
        // adapters do not check the same things, so no one fix in `InMemory` matches both: reported,
        // not fixed.
        (
            _,
            Op::CreateAlias(..) | Op::UpdateAlias(..),
            "NotFound" | "AlreadyExists",
            "InvalidArgument",
        ) if a.message.contains("additional_weights") || a.message.contains("alias version") => {
            Some("FG adapter validates alias weights before reading the state")
        }
        // A weight on `latest`: `InMemory` (and the FG adapter, before sending) reject it as
        // InvalidArgument; the FC adapter sends it and the emulator answers 404 `VersionNotFound`
        // (FC version ids are numbers, alibaba-fc.md §6.4). The FC adapter lacks the FG adapter's
        // `check_no_latest_weight`.
        (Target::Fc, Op::CreateAlias(..) | Op::UpdateAlias(..), "InvalidArgument", "NotFound")
            if m.message.contains("not latest") =>
        {
            Some("FC adapter sends a weight on `latest`")
        }
        // Disabling an APIG/OBS trigger of a function (or trigger) that no longer exists: the FG
        // adapter reads the trigger type from the id (`APIG:…`) and refuses before sending
        // (`Unsupported`), `InMemory` finds the function or trigger missing first. Error precedence
        // only.
        (Target::Fg, Op::UpdateTrigger(..), "NotFound", "Unsupported") => {
            Some("FG adapter knows the trigger type from the id")
        }
        // An alias whose name is taken, with a weight on a version that does not exist: the FC
        // emulator checks the versions first (404 `VersionNotFound`), `InMemory` the name. Error
        // precedence only.
        (Target::Fc, Op::CreateAlias(..), "AlreadyExists", "NotFound") => {
            Some("FC checks alias versions before the alias name")
        }
        _ => None,
    }
}

fn show(o: &Outcome) -> String {
    match o {
        Ok(v) => format!("Ok({v})"),
        Err(f) => format!("Err({}: {})", f.kind, f.message),
    }
}

fn model_based(target: Target, file: &'static str, command: &str) {
    let rt = model_support::runtime();
    let remote = rt.block_on(Remote::start(target));
    let caps = target.capabilities();
    let started = std::time::Instant::now();
    model_support::run(file, command, 300, &case(&caps), |case| {
        rt.block_on(run_case(target, &remote, &case))
    });
    eprintln!(
        "{target:?}: model-based property held in {:?}",
        started.elapsed()
    );
}

#[test]
fn alibaba_adapter_behaves_like_the_model() {
    model_based(
        Target::Fc,
        "proptest-regressions/model_based_fc.txt",
        "--test model_based alibaba_adapter_behaves_like_the_model",
    );
}

#[test]
fn huawei_adapter_behaves_like_the_model() {
    model_based(
        Target::Fg,
        "proptest-regressions/model_based_fg.txt",
        "--test model_based huawei_adapter_behaves_like_the_model",
    );
}

/// The empty-description divergence, as a plain test that fails until `InMemory` stores an empty
/// description as unset (run with `--ignored`). Minimal sequence on FunctionGraph: create a function
/// without a description; update its description to `""`; publish → `InMemory` publishes (it sees
/// `None` → `Some("")`), FunctionGraph answers 400 `FSS.1016` "no changes have been made since last
/// publication"; and a function created with `""` reads back as `Some("")` on `InMemory`, `None` on
/// both adapters.
#[test]
#[ignore = "known divergence between InMemory and the adapters, reported with issue 6"]
fn known_divergence_empty_description() {
    let rt = model_support::runtime();
    for target in [Target::Fc, Target::Fg] {
        let remote = rt.block_on(Remote::start(target));
        let reference = target.reference();
        let read = |p: &dyn Provider| {
            rt.block_on(async {
                if target == Target::Fc {
                    p.create_namespace(NamespaceSpec::new("ns")).await.unwrap();
                }
                let spec = FunctionSpec::new(
                    "f",
                    cloudfn_core::Runtime::Python39,
                    "index.handler",
                    Code::zip(cloudfn_conformance::echo_zip("x")),
                )
                .with_description("");
                p.create_function("ns", spec).await.unwrap().description
            })
        };
        let model = read(&reference);
        let adapter = read(remote.adapter.as_ref());
        assert_eq!(
            model, adapter,
            "{target:?}: description of a function created with \"\""
        );
    }
}
