//! Carrying out a plan on the target: idempotent (every step first compares with what the target already
//! has) and therefore resumable (an interrupted run is finished by running it again).

use std::collections::HashMap;
use std::sync::Mutex;

use cloudfn_core::{
    Alias, AliasSpec, AliasUpdate, AsyncConfig, Destination, ErrorKind, Function, FunctionRef,
    FunctionUpdate, Provider, ProviderExt, PublishVersion, Qualifier, Result, Trigger,
    TriggerConfig, TriggerSpec, TriggerUpdate, Version, VersionWeights,
};
use futures::{StreamExt, TryStreamExt};
use indicatif::ProgressBar;
use serde::Serialize;

use super::plan::{AliasPlan, AsyncPlan, FnPlan, NsPlan, Plan, QualRef, Snapshot, TriggerPlan};
use super::source::marker;

/// What happened to one kind of resource.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// Newly created.
    pub created: usize,
    /// Changed to match.
    pub updated: usize,
    /// Already matching.
    pub unchanged: usize,
    /// Failed (see `errors`).
    pub failed: usize,
}

/// The outcome of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    /// Per resource kind: `namespaces`, `functions`, `versions`, `aliases`, `triggers`, `async_configs`.
    pub counts: std::collections::BTreeMap<String, Counts>,
    /// Every failure, `subject: message`.
    pub errors: Vec<String>,
}

#[derive(Clone, Copy)]
enum Did {
    Created,
    Updated,
    Unchanged,
}

struct Exec<'a> {
    tgt: &'a dyn Provider,
    concurrency: usize,
    outcome: Mutex<Outcome>,
    ids: Mutex<HashMap<QualRef, String>>,
    bar: &'a ProgressBar,
}

impl Exec<'_> {
    fn record(&self, kind: &str, did: Did) {
        let mut o = self
            .outcome
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let c = o.counts.entry(kind.to_owned()).or_default();
        match did {
            Did::Created => c.created += 1,
            Did::Updated => c.updated += 1,
            Did::Unchanged => c.unchanged += 1,
        }
    }

    fn fail(&self, kind: &str, subject: &str, e: &cloudfn_core::Error) {
        let mut o = self
            .outcome
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        o.counts.entry(kind.to_owned()).or_default().failed += 1;
        o.errors.push(format!("{subject}: {e}"));
    }

    fn set_id(&self, q: QualRef, id: String) {
        self.ids
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(q, id);
    }

    fn id(&self, q: &QualRef) -> Option<String> {
        self.ids
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(q)
            .cloned()
    }

    fn qualifier(&self, q: &QualRef) -> Option<Qualifier> {
        match q {
            QualRef::Latest => Some(Qualifier::Latest),
            QualRef::Alias(a) => Some(Qualifier::alias(a)),
            other => self.id(other).map(Qualifier::Version),
        }
    }

    fn version_id(&self, q: &QualRef) -> Option<String> {
        match q {
            QualRef::Latest => Some("latest".to_owned()),
            other => self.id(other),
        }
    }
}

/// Runs `plan` on `tgt`, `concurrency` functions at a time.
pub async fn execute(
    plan: &Plan,
    tgt: &dyn Provider,
    concurrency: usize,
    bar: &ProgressBar,
) -> Outcome {
    let steps: usize = plan
        .namespaces
        .iter()
        .map(|n| {
            1 + n.rounds.len()
                + n.ns_aliases.len()
                + n.functions
                    .iter()
                    .map(|f| {
                        1 + f.versions.len()
                            + f.aliases.len()
                            + f.triggers.len()
                            + f.async_configs.len()
                    })
                    .sum::<usize>()
        })
        .sum();
    bar.set_length(steps as u64);
    let ex = Exec {
        tgt,
        concurrency: concurrency.max(1),
        outcome: Mutex::new(Outcome::default()),
        ids: Mutex::new(HashMap::new()),
        bar,
    };
    for ns in &plan.namespaces {
        run_namespace(&ex, ns).await;
    }
    ex.outcome
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn run_namespace(ex: &Exec<'_>, ns: &NsPlan) {
    match ex.tgt.ensure_namespace(ns.spec.clone()).await {
        Ok(_) => ex.record("namespaces", Did::Unchanged),
        Err(e) => {
            ex.fail("namespaces", &ns.name, &e);
            ex.bar.inc(1);
            return;
        }
    }
    ex.bar.inc(1);
    if ns.rounds.is_empty() {
        // Function-scoped target (or no versions): every function on its own.
        futures::stream::iter(&ns.functions)
            .for_each_concurrent(ex.concurrency, |f| async move {
                function_versions_and_aliases(ex, &ns.name, f).await;
            })
            .await;
    } else {
        rounds(ex, ns).await;
        futures::stream::iter(&ns.functions)
            .for_each_concurrent(ex.concurrency, |f| async move {
                let r = FunctionRef::new(&ns.name, &f.name);
                match reach(ex, &r, &f.latest).await {
                    Ok(did) => ex.record("functions", did),
                    Err(e) => ex.fail("functions", &r.to_string(), &e),
                }
                ex.bar.inc(1);
            })
            .await;
        if let Some(first) = ns.functions.first() {
            let r = FunctionRef::new(&ns.name, &first.name);
            for a in &ns.ns_aliases {
                alias(ex, &r, a).await;
            }
        }
    }
    futures::stream::iter(&ns.functions)
        .for_each_concurrent(ex.concurrency, |f| async move {
            let r = FunctionRef::new(&ns.name, &f.name);
            triggers(ex, &r, &f.triggers).await;
            for a in &f.async_configs {
                async_config(ex, &r, a).await;
            }
        })
        .await;
}

/// Brings the target function to `snap` (create, update, or nothing).
async fn reach(ex: &Exec<'_>, r: &FunctionRef, snap: &Snapshot) -> Result<Did> {
    let current = match ex.tgt.get_function(r, &Qualifier::Latest).await {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            ex.tgt
                .create_function(&r.namespace, snap.spec.clone())
                .await?;
            return Ok(Did::Created);
        }
        Err(e) => return Err(e),
    };
    let config_same = config_matches(&current, snap);
    let code_same = if config_same {
        let code = ex.tgt.get_function_code(r, &Qualifier::Latest).await?;
        let cloudfn_core::Code::Zip(want) = &snap.spec.code else {
            return Ok(Did::Unchanged);
        };
        code == *want
    } else {
        false
    };
    if config_same && code_same {
        return Ok(Did::Unchanged);
    }
    let s = &snap.spec;
    let mut u = FunctionUpdate::new()
        .with_runtime(s.runtime.clone())
        .with_handler(&s.handler)
        .with_environment(s.environment.clone())
        .with_code(s.code.clone());
    u.memory_mb = s.memory_mb;
    u.timeout = s.timeout;
    u.description = Some(s.description.clone().unwrap_or_default());
    u.initializer.clone_from(&s.initializer);
    ex.tgt.update_function(r, u).await?;
    Ok(Did::Updated)
}

fn config_matches(f: &Function, snap: &Snapshot) -> bool {
    let s = &snap.spec;
    let desc = |d: Option<&str>| d.filter(|d| !d.is_empty()).map(str::to_owned);
    f.runtime == s.runtime
        && f.handler == s.handler
        && (s.memory_mb.is_none() || f.memory_mb == s.memory_mb)
        && (s.timeout.is_none() || f.timeout == s.timeout)
        && desc(f.description.as_deref()) == desc(s.description.as_deref())
        && f.environment == s.environment
        && (s.initializer.is_none()
            || f.initializer.as_ref().map(|i| &i.handler)
                == s.initializer.as_ref().map(|i| &i.handler))
}

async fn list_versions(ex: &Exec<'_>, r: &FunctionRef) -> Result<Vec<Version>> {
    match ex.tgt.list_versions(r).try_collect().await {
        Ok(v) => Ok(v),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

fn find_marked<'v>(versions: &'v [Version], key: &str) -> Option<&'v Version> {
    let m = marker(key);
    versions
        .iter()
        .find(|v| v.description.as_deref().is_some_and(|d| d.ends_with(&m)))
}

fn with_marker(description: Option<&String>, key: &str) -> String {
    format!("{}{}", description.map_or("", String::as_str), marker(key))
}

async fn function_versions_and_aliases(ex: &Exec<'_>, ns: &str, f: &FnPlan) {
    let r = FunctionRef::new(ns, &f.name);
    let subject = r.to_string();
    let existing = match list_versions(ex, &r).await {
        Ok(v) => v,
        Err(e) => {
            ex.fail("versions", &subject, &e);
            return;
        }
    };
    let mut created_function = false;
    for step in &f.versions {
        ex.bar.inc(1);
        let key = QualRef::Version {
            function: f.name.clone(),
            source: step.source.clone(),
        };
        let Some(snap) = &step.publish else {
            if let Some(prev) = &step.same_as {
                let prev_key = QualRef::Version {
                    function: f.name.clone(),
                    source: prev.clone(),
                };
                if let Some(id) = ex.id(&prev_key) {
                    ex.set_id(key, id);
                }
            }
            continue;
        };
        let found = match &step.name {
            Some(n) => existing.iter().find(|v| &v.id == n),
            None => find_marked(&existing, &step.source),
        };
        if let Some(v) = found {
            ex.set_id(key, v.id.clone());
            ex.record("versions", Did::Unchanged);
            continue;
        }
        let result = async {
            if let Did::Created = reach(ex, &r, snap).await? {
                created_function = true;
            }
            let mut p = PublishVersion::new();
            match &step.name {
                Some(n) => {
                    p = p.with_name(n);
                    if let Some(d) = &step.description {
                        p = p.with_description(d);
                    }
                }
                None => {
                    p = p.with_description(with_marker(step.description.as_ref(), &step.source));
                }
            }
            ex.tgt.publish_version(&r, p).await
        }
        .await;
        match result {
            Ok(v) => {
                ex.set_id(key, v.id);
                ex.record("versions", Did::Created);
            }
            Err(e) => {
                ex.fail(
                    "versions",
                    &format!("{subject} version {}", step.source),
                    &e,
                );
                // Later versions build on this one: stop here, a re-run resumes.
                return;
            }
        }
    }
    match reach(ex, &r, &f.latest).await {
        Ok(did) => ex.record(
            "functions",
            if created_function && matches!(did, Did::Unchanged | Did::Updated) {
                Did::Created
            } else {
                did
            },
        ),
        Err(e) => {
            ex.fail("functions", &subject, &e);
            return;
        }
    }
    ex.bar.inc(1);
    for a in &f.aliases {
        alias(ex, &r, a).await;
    }
}

async fn rounds(ex: &Exec<'_>, ns: &NsPlan) {
    let Some(first) = ns.rounds.iter().find_map(|r| r.updates.first()) else {
        return;
    };
    let probe = FunctionRef::new(&ns.name, &first.0);
    let existing = match list_versions(ex, &probe).await {
        Ok(v) => v,
        Err(e) => {
            ex.fail("versions", &ns.name, &e);
            return;
        }
    };
    for (idx, round) in ns.rounds.iter().enumerate() {
        ex.bar.inc(1);
        let key = QualRef::Round(idx);
        if let Some(v) = find_marked(&existing, &round.key) {
            ex.set_id(key, v.id.clone());
            ex.record("versions", Did::Unchanged);
            continue;
        }
        let results: Vec<Result<Did>> = futures::stream::iter(&round.updates)
            .map(|(f, snap)| async move {
                let r = FunctionRef::new(&ns.name, f);
                reach(ex, &r, snap).await
            })
            .buffer_unordered(ex.concurrency)
            .collect()
            .await;
        if let Some(Err(e)) = results.into_iter().find(Result::is_err) {
            ex.fail(
                "versions",
                &format!("{} version {}", ns.name, round.key),
                &e,
            );
            return;
        }
        let r = FunctionRef::new(&ns.name, &round.updates[0].0);
        let p = PublishVersion::new()
            .with_description(with_marker(round.description.as_ref(), &round.key));
        match ex.tgt.publish_version(&r, p).await {
            Ok(v) => {
                ex.set_id(key, v.id);
                ex.record("versions", Did::Created);
            }
            Err(e) => {
                ex.fail(
                    "versions",
                    &format!("{} version {}", ns.name, round.key),
                    &e,
                );
                return;
            }
        }
    }
}

fn weights_equal(a: &VersionWeights, b: &VersionWeights) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| (w - v).abs() < 1e-6))
}

async fn alias(ex: &Exec<'_>, r: &FunctionRef, a: &AliasPlan) {
    ex.bar.inc(1);
    let subject = format!("{r} alias {}", a.name);
    let Some(main) = ex.version_id(&a.main) else {
        ex.fail(
            "aliases",
            &subject,
            &cloudfn_core::Error::new(
                ErrorKind::PreconditionFailed,
                "its version was not published (see the errors above)",
            ),
        );
        return;
    };
    let mut weights = VersionWeights::new();
    for (q, w) in &a.weights {
        if let Some(id) = ex.version_id(q) {
            weights.insert(id, *w);
        }
    }
    let result: Result<Did> = async {
        match ex.tgt.get_alias(r, &a.name).await {
            Ok(cur) => {
                if alias_matches(&cur, &main, &weights) {
                    return Ok(Did::Unchanged);
                }
                let mut u = AliasUpdate::new()
                    .with_version(&main)
                    .with_weights(weights.clone());
                if let Some(d) = &a.description {
                    u = u.with_description(d);
                }
                ex.tgt.update_alias(r, &a.name, u).await?;
                Ok(Did::Updated)
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                let mut s = AliasSpec::new(&a.name, &main);
                s.additional_weights = weights.clone();
                s.description.clone_from(&a.description);
                ex.tgt.create_alias(r, s).await?;
                Ok(Did::Created)
            }
            Err(e) => Err(e),
        }
    }
    .await;
    match result {
        Ok(d) => ex.record("aliases", d),
        Err(e) => ex.fail("aliases", &subject, &e),
    }
}

fn alias_matches(cur: &Alias, main: &str, weights: &VersionWeights) -> bool {
    (cur.version == main || (cur.version.eq_ignore_ascii_case("latest") && main == "latest"))
        && weights_equal(&cur.additional_weights, weights)
}

fn same_trigger(found: &Trigger, spec: &TriggerSpec) -> bool {
    let qual = |q: Option<&Qualifier>| q.cloned().unwrap_or_default();
    // FunctionGraph does not report the qualifier a trigger was created under when listing by the
    // unqualified function: an unreported qualifier does not count as a difference.
    if found.qualifier.is_some() && qual(found.qualifier.as_ref()) != qual(spec.qualifier.as_ref())
    {
        return false;
    }
    match (&found.config, &spec.config) {
        (TriggerConfig::Http(a), TriggerConfig::Http(b)) => {
            let norm = |h: &cloudfn_core::HttpConfig| {
                let mut m: Vec<String> = h.methods.iter().map(|m| format!("{m:?}")).collect();
                m.sort();
                m.dedup();
                if m.len() >= 7 || m.iter().any(|x| x == "Any") {
                    m = vec!["Any".to_owned()];
                }
                (format!("{:?}", h.auth), m, h.path.clone())
            };
            found.name == spec.name && norm(a) == norm(b)
        }
        (TriggerConfig::ObjectStorage(a), TriggerConfig::ObjectStorage(b)) => {
            let mut ea = a.events.clone();
            let mut eb = b.events.clone();
            ea.sort();
            eb.sort();
            a.bucket == b.bucket && ea == eb && a.prefix == b.prefix && a.suffix == b.suffix
        }
        (TriggerConfig::Raw(a), TriggerConfig::Raw(b)) => {
            a.provider_type == b.provider_type
                && match (&a.config, &b.config) {
                    (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
                        y.iter().all(|(k, v)| x.get(k) == Some(v))
                    }
                    (x, y) => x == y,
                }
        }
        (TriggerConfig::Timer(a), TriggerConfig::Timer(b)) => {
            let p = |p: Option<&String>| p.filter(|p| !p.is_empty()).cloned();
            found.name == spec.name
                && a.schedule == b.schedule
                && p(a.payload.as_ref()) == p(b.payload.as_ref())
        }
        (a, b) => a == b,
    }
}

async fn triggers(ex: &Exec<'_>, r: &FunctionRef, plans: &[TriggerPlan]) {
    if plans.is_empty() {
        return;
    }
    let existing: Vec<Trigger> = match ex.tgt.list_triggers(r).try_collect().await {
        Ok(t) => t,
        Err(e) => {
            for _ in plans {
                ex.fail("triggers", &r.to_string(), &e);
                ex.bar.inc(1);
            }
            return;
        }
    };
    for t in plans {
        ex.bar.inc(1);
        let subject = format!("{r} trigger {}", t.spec.name);
        let Some(q) = ex.qualifier(&t.qualifier) else {
            ex.fail(
                "triggers",
                &subject,
                &cloudfn_core::Error::new(
                    ErrorKind::PreconditionFailed,
                    "its version was not published",
                ),
            );
            continue;
        };
        let mut spec = t.spec.clone();
        if !q.is_latest() {
            spec.qualifier = Some(q);
        }
        if existing.iter().any(|e| same_trigger(e, &spec)) {
            ex.record("triggers", Did::Unchanged);
            continue;
        }
        let result: Result<Did> = async {
            // A trigger of the same name (FC: the name is the id) with other content: change it.
            if let Some(old) = existing.iter().find(|e| e.id == spec.name) {
                if ex.tgt.capabilities().trigger_config_updates {
                    let mut u = TriggerUpdate::new().with_config(spec.config.clone());
                    u.qualifier.clone_from(&spec.qualifier);
                    u.enabled = spec.enabled;
                    ex.tgt.update_trigger(r, &old.id, u).await?;
                    return Ok(Did::Updated);
                }
                ex.tgt.delete_trigger(r, &old.id).await?;
                ex.tgt.create_trigger(r, spec.clone()).await?;
                return Ok(Did::Updated);
            }
            ex.tgt.create_trigger(r, spec.clone()).await?;
            Ok(Did::Created)
        }
        .await;
        match result {
            Ok(d) => ex.record("triggers", d),
            Err(e) => ex.fail("triggers", &subject, &e),
        }
    }
}

fn dest_equal(a: Option<&Destination>, b: Option<&Destination>) -> bool {
    let norm = |d: Option<&Destination>| match d {
        Some(Destination::Function {
            function,
            qualifier,
        }) => Some(Destination::Function {
            function: function.clone(),
            qualifier: qualifier.clone().filter(|q| !q.is_latest()),
        }),
        other => other.cloned(),
    };
    norm(a) == norm(b)
}

async fn async_config(ex: &Exec<'_>, r: &FunctionRef, a: &AsyncPlan) {
    ex.bar.inc(1);
    let subject = format!("{r} async config");
    let Some(q) = ex.qualifier(&a.qualifier) else {
        ex.fail(
            "async_configs",
            &subject,
            &cloudfn_core::Error::new(
                ErrorKind::PreconditionFailed,
                "its version was not published",
            ),
        );
        return;
    };
    let mut want: AsyncConfig = a.config.clone();
    for (dest, dq) in [
        (&mut want.on_success, &a.success_qualifier),
        (&mut want.on_failure, &a.failure_qualifier),
    ] {
        if let Some(Destination::Function { qualifier, .. }) = dest {
            *qualifier = dq
                .as_ref()
                .and_then(|q| ex.qualifier(q))
                .filter(|q| !q.is_latest());
        }
    }
    let result: Result<Did> = async {
        let existed = match ex.tgt.get_async_config(r, &q).await {
            Ok(cur) => {
                // Unset fields take the target's defaults: only set ones are compared.
                if (want.max_retries.is_none() || cur.max_retries == want.max_retries)
                    && (want.max_event_age.is_none() || cur.max_event_age == want.max_event_age)
                    && dest_equal(cur.on_success.as_ref(), want.on_success.as_ref())
                    && dest_equal(cur.on_failure.as_ref(), want.on_failure.as_ref())
                {
                    return Ok(Did::Unchanged);
                }
                true
            }
            Err(e) if e.kind() == ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        ex.tgt.put_async_config(r, &q, want.clone()).await?;
        Ok(if existed { Did::Updated } else { Did::Created })
    }
    .await;
    match result {
        Ok(d) => ex.record("async_configs", d),
        Err(e) => ex.fail("async_configs", &subject, &e),
    }
}
