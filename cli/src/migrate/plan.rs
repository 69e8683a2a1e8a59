//! Planning a migration: converting what was read from the source into what the target accepts, and
//! noting every approximation and loss. Pure: it looks only at the source data and the two providers'
//! [`Capabilities`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use cloudfn_core::{
    Alias, AsyncConfig, Capabilities, Destination, Function, FunctionRef, FunctionSpec, HttpAuth,
    HttpMethod, NamespaceModel, NamespaceSpec, ObjectEvent, Qualifier, Schedule, Trigger,
    TriggerConfig, TriggerKind, TriggerSpec, VersionScope,
};
use serde::Serialize;

use super::source::{SourceFunction, SourceNamespace, SourceVersion};

/// How bad a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Moved, but not exactly.
    Approximated,
    /// Moved without this part.
    Dropped,
    /// Not moved at all.
    Unmovable,
}

/// One approximation or loss.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Note {
    /// How bad.
    pub severity: Severity,
    /// What it is about: `ns`, `ns/fn`, `ns/fn trigger t`, ...
    pub subject: String,
    /// What happened and why.
    pub message: String,
}

/// A function state to reach on the target, with a fingerprint to compare states cheaply.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The target-ready spec (code included).
    pub spec: FunctionSpec,
    /// FNV-1a of the spec's JSON.
    pub fingerprint: u64,
}

/// A reference to something whose target id is known only at run time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QualRef {
    /// The latest code.
    Latest,
    /// An alias, by name.
    Alias(String),
    /// The target version published for a source version of a function (function-scoped targets).
    Version {
        /// The function.
        function: String,
        /// The source version id.
        source: String,
    },
    /// The target version published by a round (namespace-scoped targets), by index.
    Round(usize),
}

/// One step of replaying a function's versions on a function-scoped target.
#[derive(Debug, Clone)]
pub struct VersionStep {
    /// The source version id.
    pub source: String,
    /// What to publish, or `None` when the function did not change since `same_as`.
    pub publish: Option<Snapshot>,
    /// The earlier source version this one maps to when nothing changed.
    pub same_as: Option<String>,
    /// The name to publish under (caller-named targets), else `None` and a description marker.
    pub name: Option<String>,
    /// The version description.
    pub description: Option<String>,
}

/// An alias to create or re-point.
#[derive(Debug, Clone)]
pub struct AliasPlan {
    /// Alias name.
    pub name: String,
    /// Main version.
    pub main: QualRef,
    /// Extra versions and their weights.
    pub weights: Vec<(QualRef, f64)>,
    /// Description.
    pub description: Option<String>,
}

/// A trigger to create (matched by content on the target).
#[derive(Debug, Clone)]
pub struct TriggerPlan {
    /// The spec without its qualifier.
    pub spec: TriggerSpec,
    /// The qualifier, resolved at run time.
    pub qualifier: QualRef,
}

/// An async config to put.
#[derive(Debug, Clone)]
pub struct AsyncPlan {
    /// Which qualifier.
    pub qualifier: QualRef,
    /// The config (function destinations point at the target's function; their qualifiers are in
    /// `success_qualifier` / `failure_qualifier`).
    pub config: AsyncConfig,
    /// Qualifier of a function `on_success` destination.
    pub success_qualifier: Option<QualRef>,
    /// Qualifier of a function `on_failure` destination.
    pub failure_qualifier: Option<QualRef>,
}

/// One function's plan.
#[derive(Debug, Clone)]
pub struct FnPlan {
    /// Function name (the same on both sides).
    pub name: String,
    /// The latest state.
    pub latest: Snapshot,
    /// Version replay (function-scoped targets).
    pub versions: Vec<VersionStep>,
    /// Per-function aliases (function-scoped targets).
    pub aliases: Vec<AliasPlan>,
    /// Triggers.
    pub triggers: Vec<TriggerPlan>,
    /// Async configs.
    pub async_configs: Vec<AsyncPlan>,
}

/// One namespace-wide publish on a namespace-scoped target.
#[derive(Debug, Clone)]
pub struct Round {
    /// The key recorded in the version's description marker (`3` for FC version 3, `#2` for the
    /// second versions of FunctionGraph functions).
    pub key: String,
    /// Functions to bring to a state before publishing.
    pub updates: Vec<(String, Snapshot)>,
    /// Every (function, source version) this round stands for.
    pub members: Vec<(String, String)>,
    /// Whether anything changed (else the round maps to the previous published one).
    pub publish: bool,
    /// Description of the published version.
    pub description: Option<String>,
}

/// One namespace's plan.
#[derive(Debug, Clone)]
pub struct NsPlan {
    /// Namespace name.
    pub name: String,
    /// What to ensure on the target.
    pub spec: NamespaceSpec,
    /// Functions.
    pub functions: Vec<FnPlan>,
    /// Namespace-wide publishes (namespace-scoped targets).
    pub rounds: Vec<Round>,
    /// Namespace-wide aliases (namespace-scoped targets).
    pub ns_aliases: Vec<AliasPlan>,
}

/// The whole plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Source provider name.
    pub from: String,
    /// Target provider name.
    pub to: String,
    /// Target version scope.
    pub target_scope: VersionScope,
    /// Namespaces.
    pub namespaces: Vec<NsPlan>,
    /// Every approximation and loss, sorted, without duplicates.
    pub notes: Vec<Note>,
}

struct Ctx<'a> {
    src: &'a Capabilities,
    tgt: &'a Capabilities,
    src_name: &'a str,
    tgt_name: &'a str,
    /// The API Gateway group of HTTP triggers on targets that need one (`--fg-apig-group`).
    apig_group: Option<&'a str>,
    notes: BTreeSet<Note>,
    /// Every migrated function, as `ns/fn`.
    migrated: BTreeSet<(String, String)>,
}

impl Ctx<'_> {
    fn note(&mut self, severity: Severity, subject: impl Into<String>, message: impl Into<String>) {
        self.notes.insert(Note {
            severity,
            subject: subject.into(),
            message: message.into(),
        });
    }

    /// Same provider and same shape (two `InMemory`s of different shapes are different clouds).
    fn same_cloud(&self) -> bool {
        self.src_name == self.tgt_name
            && self.src.version_scope == self.tgt.version_scope
            && self.src.namespace_model == self.tgt.namespace_model
    }
}

/// FNV-1a 64 of the spec's JSON (code included).
pub fn fingerprint(spec: &FunctionSpec) -> u64 {
    let bytes = serde_json::to_vec(spec).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn clamp_duration(d: Duration, min: Duration, max: Duration) -> Duration {
    d.clamp(min, max)
}

fn convert_function(
    cx: &mut Ctx<'_>,
    subject: &str,
    f: &Function,
    code: &bytes::Bytes,
    what: &str,
) -> Option<Snapshot> {
    if !cx.tgt.runtimes.contains(&f.runtime) {
        cx.note(
            Severity::Unmovable,
            subject,
            format!(
                "{what}: runtime `{}` is not offered by {} (runtimes are never guessed)",
                f.runtime, cx.tgt_name
            ),
        );
        return None;
    }
    let mut spec = FunctionSpec::new(
        &f.name,
        f.runtime.clone(),
        &f.handler,
        cloudfn_core::Code::zip(code.clone()),
    );
    if let Some(mb) = f.memory_mb {
        if cx.tgt.memory.allows(mb) {
            spec.memory_mb = Some(mb);
        } else if let Some(up) = (mb..=65_536).find(|c| cx.tgt.memory.allows(*c)) {
            cx.note(
                Severity::Approximated,
                subject,
                format!(
                    "{what}: memory {mb} MB is not a size {} offers; rounded up to {up} MB",
                    cx.tgt_name
                ),
            );
            spec.memory_mb = Some(up);
        } else {
            cx.note(
                Severity::Unmovable,
                subject,
                format!(
                    "{what}: memory {mb} MB is larger than any size {} offers",
                    cx.tgt_name
                ),
            );
            return None;
        }
    }
    if let Some(t) = f.timeout {
        let c = clamp_duration(t, cx.tgt.timeout.min, cx.tgt.timeout.max);
        if c != t {
            cx.note(
                Severity::Approximated,
                subject,
                format!(
                    "{what}: timeout {} s is outside {}'s range; clamped to {} s",
                    t.as_secs(),
                    cx.tgt_name,
                    c.as_secs()
                ),
            );
        }
        spec.timeout = Some(c);
    }
    if let Some(d) = f.description.as_deref().filter(|d| !d.is_empty()) {
        let max = cx.tgt.max_description_len.unwrap_or(usize::MAX);
        if d.chars().count() > max {
            cx.note(
                Severity::Approximated,
                subject,
                format!("{what}: description truncated to {max} characters"),
            );
            spec.description = Some(d.chars().take(max).collect());
        } else {
            spec.description = Some(d.to_owned());
        }
    }
    spec.environment.clone_from(&f.environment);
    if let Some(init) = &f.initializer {
        let mut i = init.clone();
        if let Some(t) = i.timeout {
            let c = clamp_duration(
                t,
                cx.tgt.initializer_timeout.min,
                cx.tgt.initializer_timeout.max,
            );
            if c != t {
                cx.note(
                    Severity::Approximated,
                    subject,
                    format!("{what}: initializer timeout clamped to {} s", c.as_secs()),
                );
            }
            i.timeout = Some(c);
        }
        spec.initializer = Some(i);
    }
    // Reported once per function (the latest state); versions carry the same keys.
    if what == "function" {
        let keys = meaningful_extensions(&f.extensions);
        if !keys.is_empty() {
            cx.note(
                Severity::Dropped,
                subject,
                format!(
                    "provider extensions are not translated (latest and every version): {}",
                    keys.join(", ")
                ),
            );
        }
    }
    if let Err(e) = cx.tgt.check_function_spec(&spec) {
        cx.note(
            Severity::Unmovable,
            subject,
            format!("{what}: {} refuses it: {}", cx.tgt_name, e.message()),
        );
        return None;
    }
    let fingerprint = fingerprint(&spec);
    Some(Snapshot { spec, fingerprint })
}

/// Extension keys that are server-assigned identities or read-only echoes of other fields: they carry
/// nothing a migration could lose.
const READ_ONLY_EXTENSIONS: &[&str] = &[
    // FC
    "functionId",
    "serviceId",
    "triggerId",
    "functionName",
    "serviceName",
    "codeChecksum",
    "codeSize",
    "createdTime",
    "lastModifiedTime",
    // FunctionGraph
    "func_urn",
    "domain_id",
    "namespace",
    "project_name",
    "last_modified_utc",
    "code_url",
    "code_type",
    "code_filename",
    "image_name",
    "version_description",
    "long_time",
    "cpu",
    "digest",
    "version",
];

/// The extension keys worth reporting as dropped: not read-only, and holding a value (null, false, 0,
/// empty strings, arrays and objects say nothing).
pub fn meaningful_extensions(ext: &cloudfn_core::Extensions) -> Vec<String> {
    use serde_json::Value;
    ext.iter()
        .filter(|(k, _)| !READ_ONLY_EXTENSIONS.contains(&k.as_str()))
        .filter(|(_, v)| match v {
            Value::Null | Value::Bool(false) => false,
            Value::Number(n) => n.as_f64() != Some(0.0),
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(o) => !o.is_empty(),
            Value::Bool(true) => true,
        })
        .map(|(k, _)| k.clone())
        .collect()
}

fn is_latest_id(v: &str) -> bool {
    v.eq_ignore_ascii_case("latest") || v == "$LATEST"
}

/// Builds the plan for `source` namespaces from provider `src_name` to `tgt_name`. `apig_group` is
/// the API Gateway group that HTTP triggers are created in on a target that needs one
/// (FunctionGraph APIG triggers; `--fg-apig-group`); without it they cannot move there.
pub fn build(
    source: &[SourceNamespace],
    src: &Capabilities,
    src_name: &str,
    tgt: &Capabilities,
    tgt_name: &str,
    apig_group: Option<&str>,
) -> Plan {
    let mut cx = Ctx {
        src,
        tgt,
        src_name,
        tgt_name,
        apig_group,
        notes: BTreeSet::new(),
        migrated: BTreeSet::new(),
    };
    // Which functions will exist on the target (for function destinations).
    for ns in source {
        if tgt.check_namespace_name(&ns.namespace.name).is_ok() {
            for f in &ns.functions {
                if tgt
                    .names
                    .function
                    .check("function name", &f.latest.name)
                    .is_ok()
                    && tgt.runtimes.contains(&f.latest.runtime)
                {
                    cx.migrated
                        .insert((ns.namespace.name.clone(), f.latest.name.clone()));
                }
            }
        }
    }
    let mut namespaces = Vec::new();
    for ns in source {
        if let Some(p) = plan_namespace(&mut cx, ns) {
            namespaces.push(p);
        }
    }
    Plan {
        from: src_name.to_owned(),
        to: tgt_name.to_owned(),
        target_scope: tgt.version_scope,
        namespaces,
        notes: cx.notes.into_iter().collect(),
    }
}

fn plan_namespace(cx: &mut Ctx<'_>, ns: &SourceNamespace) -> Option<NsPlan> {
    let name = ns.namespace.name.clone();
    if let Err(e) = cx.tgt.check_namespace_name(&name) {
        cx.note(
            Severity::Unmovable,
            &name,
            format!(
                "namespace and all {} functions: {} refuses the name: {}",
                ns.functions.len(),
                cx.tgt_name,
                e.message()
            ),
        );
        return None;
    }
    let mut spec = NamespaceSpec::new(&name);
    if cx.tgt.namespace_model == NamespaceModel::Implicit {
        if ns
            .namespace
            .description
            .as_deref()
            .is_some_and(|d| !d.is_empty())
        {
            cx.note(
                Severity::Dropped,
                &name,
                format!(
                    "namespace description: {} namespaces are implicit and store none",
                    cx.tgt_name
                ),
            );
        }
    } else if let Some(d) = ns
        .namespace
        .description
        .as_deref()
        .filter(|d| !d.is_empty())
    {
        spec.description = Some(d.to_owned());
    }
    if cx.src.namespace_model == NamespaceModel::Implicit
        && cx.tgt.namespace_model == NamespaceModel::Explicit
    {
        cx.note(
            Severity::Approximated,
            &name,
            format!(
                "the implicit package becomes an explicit {} namespace (created if missing)",
                cx.tgt_name
            ),
        );
    }
    let keys = meaningful_extensions(&ns.namespace.extensions);
    if !keys.is_empty() {
        cx.note(
            Severity::Dropped,
            &name,
            format!(
                "namespace extensions are not translated: {}",
                keys.join(", ")
            ),
        );
    }

    // Convert every function's latest state and versions.
    struct Converted<'s> {
        src: &'s SourceFunction,
        latest: Snapshot,
        versions: Vec<(&'s SourceVersion, Snapshot)>,
    }
    type Keyed<'c, 's> = (String, Option<String>, Vec<(&'c Converted<'s>, usize)>);
    let mut converted: Vec<Converted<'_>> = Vec::new();
    for f in &ns.functions {
        let subject = format!("{name}/{}", f.latest.name);
        if let Err(e) = cx.tgt.names.function.check("function name", &f.latest.name) {
            cx.note(
                Severity::Unmovable,
                &subject,
                format!(
                    "function: {} refuses the name: {}",
                    cx.tgt_name,
                    e.message()
                ),
            );
            continue;
        }
        let Some(latest) = convert_function(cx, &subject, &f.latest, &f.code, "function") else {
            continue;
        };
        let mut versions = Vec::new();
        for v in &f.versions {
            let what = format!("version {}", v.id);
            if let Some(s) = convert_function(cx, &subject, &v.function, &v.code, &what) {
                versions.push((v, s));
            }
        }
        converted.push(Converted {
            src: f,
            latest,
            versions,
        });
    }

    let mut plans: Vec<FnPlan> = Vec::new();
    let mut rounds: Vec<Round> = Vec::new();
    // canonical[(fn, source version)] = the QualRef it maps to on the target.
    let mut canonical: HashMap<(String, String), QualRef> = HashMap::new();

    match cx.tgt.version_scope {
        VersionScope::Function => {
            for c in &converted {
                let fname = c.src.latest.name.clone();
                let subject = format!("{name}/{fname}");
                let mut steps = Vec::new();
                let mut prev: Option<(u64, String)> = None;
                for (v, snap) in &c.versions {
                    if let Some((fp, prev_id)) = &prev {
                        if *fp == snap.fingerprint {
                            cx.note(
                                Severity::Approximated,
                                &subject,
                                format!(
                                    "version {}: unchanged since version {prev_id} for this function; mapped to it (a per-function version cannot repeat an unchanged state)",
                                    v.id
                                ),
                            );
                            let target = canonical
                                .get(&(fname.clone(), prev_id.clone()))
                                .cloned()
                                .unwrap_or(QualRef::Latest);
                            canonical.insert((fname.clone(), v.id.clone()), target);
                            steps.push(VersionStep {
                                source: v.id.clone(),
                                publish: None,
                                same_as: Some(prev_id.clone()),
                                name: None,
                                description: None,
                            });
                            continue;
                        }
                    }
                    let name_ok = cx.tgt.caller_named_versions
                        && cx.tgt.names.version.check("version", &v.id).is_ok();
                    if !name_ok {
                        cx.note(
                            Severity::Approximated,
                            &subject,
                            format!(
                                "version {}: {} cannot keep this id; the target's id is mapped at run time",
                                v.id, cx.tgt_name
                            ),
                        );
                    }
                    canonical.insert(
                        (fname.clone(), v.id.clone()),
                        QualRef::Version {
                            function: fname.clone(),
                            source: v.id.clone(),
                        },
                    );
                    steps.push(VersionStep {
                        source: v.id.clone(),
                        publish: Some(snap.clone()),
                        same_as: None,
                        name: name_ok.then(|| v.id.clone()),
                        description: v.description.clone(),
                    });
                    prev = Some((snap.fingerprint, v.id.clone()));
                }
                if cx.src.version_scope == VersionScope::Namespace && !c.versions.is_empty() {
                    cx.note(
                        Severity::Approximated,
                        &name,
                        format!(
                            "namespace-wide versions become per-function versions on {}",
                            cx.tgt_name
                        ),
                    );
                }
                plans.push(FnPlan {
                    name: fname,
                    latest: c.latest.clone(),
                    versions: steps,
                    aliases: Vec::new(),
                    triggers: Vec::new(),
                    async_configs: Vec::new(),
                });
            }
        }
        VersionScope::Namespace => {
            // Namespace-scoped target: publish rounds.
            let keyed: Vec<Keyed<'_, '_>> = if cx.src.version_scope == VersionScope::Namespace {
                ns.ns_versions
                    .iter()
                    .map(|v| {
                        let members = converted
                            .iter()
                            .filter_map(|c| {
                                c.versions
                                    .iter()
                                    .position(|(sv, _)| sv.id == v.id)
                                    .map(|i| (c, i))
                            })
                            .collect();
                        (
                            v.id.clone(),
                            super::source::strip_marker(v.description.as_deref()),
                            members,
                        )
                    })
                    .collect()
            } else {
                let max = converted
                    .iter()
                    .map(|c| c.versions.len())
                    .max()
                    .unwrap_or(0);
                (0..max)
                    .map(|k| {
                        let members: Vec<(&Converted<'_>, usize)> = converted
                            .iter()
                            .filter(|c| c.versions.len() > k)
                            .map(|c| (c, k))
                            .collect();
                        let descs: BTreeSet<String> = members
                            .iter()
                            .filter_map(|(c, i)| c.versions[*i].0.description.clone())
                            .collect();
                        let desc = (!descs.is_empty())
                            .then(|| descs.into_iter().collect::<Vec<_>>().join("; "));
                        (format!("#{}", k + 1), desc, members)
                    })
                    .collect()
            };
            let mut last_fp: HashMap<String, u64> = HashMap::new();
            let mut last_published: Option<usize> = None;
            for (key, desc, members) in keyed {
                if members.is_empty() {
                    continue;
                }
                let mut updates = Vec::new();
                let mut member_ids = Vec::new();
                for (c, i) in &members {
                    let (sv, snap) = &c.versions[*i];
                    let fname = c.src.latest.name.clone();
                    member_ids.push((fname.clone(), sv.id.clone()));
                    if last_fp.get(&fname) != Some(&snap.fingerprint) {
                        updates.push((fname.clone(), snap.clone()));
                        last_fp.insert(fname, snap.fingerprint);
                    }
                }
                let publish = !updates.is_empty();
                let idx = if publish {
                    rounds.len()
                } else {
                    last_published.unwrap_or(0)
                };
                if cx.src.version_scope == VersionScope::Function {
                    let list: Vec<String> =
                        member_ids.iter().map(|(f, v)| format!("{f}:{v}")).collect();
                    cx.note(
                        Severity::Approximated,
                        &name,
                        format!(
                            "per-function versions {} are published together as one {} namespace version (ids assigned by the target, mapped at run time)",
                            list.join(", "),
                            cx.tgt_name
                        ),
                    );
                } else if !publish {
                    cx.note(
                        Severity::Approximated,
                        &name,
                        format!(
                            "version {key}: no function changed; mapped to the previous version"
                        ),
                    );
                }
                for (f, v) in &member_ids {
                    canonical.insert((f.clone(), v.clone()), QualRef::Round(idx));
                }
                if publish {
                    let max = cx
                        .tgt
                        .max_description_len
                        .unwrap_or(usize::MAX)
                        .saturating_sub(super::source::marker(&key).chars().count());
                    let description = desc.map(|d| d.chars().take(max).collect::<String>());
                    rounds.push(Round {
                        key,
                        updates,
                        members: member_ids,
                        publish,
                        description,
                    });
                    last_published = Some(idx);
                } else if let Some(r) = rounds.get_mut(idx) {
                    r.members.extend(member_ids);
                }
            }
            for c in &converted {
                plans.push(FnPlan {
                    name: c.src.latest.name.clone(),
                    latest: c.latest.clone(),
                    versions: Vec::new(),
                    aliases: Vec::new(),
                    triggers: Vec::new(),
                    async_configs: Vec::new(),
                });
            }
        }
    }

    // Aliases, as per-function views first.
    let mut views: Vec<(String, Alias)> = Vec::new();
    for c in &converted {
        let fname = c.src.latest.name.clone();
        if cx.src.version_scope == VersionScope::Namespace {
            for a in &ns.ns_aliases {
                views.push((fname.clone(), a.clone()));
            }
        } else {
            for a in &c.src.aliases {
                views.push((fname.clone(), a.clone()));
            }
        }
    }
    let mut per_fn: BTreeMap<String, Vec<AliasPlan>> = BTreeMap::new();
    let mut per_name: BTreeMap<String, Vec<(String, AliasPlan)>> = BTreeMap::new();
    for (fname, a) in views {
        let subject = format!("{name}/{fname} alias {}", a.name);
        if let Err(e) = cx.tgt.names.alias.check("alias name", &a.name) {
            cx.note(
                Severity::Unmovable,
                &subject,
                format!("{} refuses the name: {}", cx.tgt_name, e.message()),
            );
            continue;
        }
        let main = if is_latest_id(&a.version) {
            if !cx.tgt.alias_to_latest {
                cx.note(
                    Severity::Unmovable,
                    &subject,
                    format!("points to latest, which {} aliases cannot", cx.tgt_name),
                );
                continue;
            }
            QualRef::Latest
        } else if let Some(q) = canonical.get(&(fname.clone(), a.version.clone())) {
            q.clone()
        } else {
            if cx.src.version_scope == VersionScope::Function
                || ns
                    .functions
                    .iter()
                    .any(|f| f.latest.name == fname && f.versions.iter().any(|v| v.id == a.version))
            {
                cx.note(
                    Severity::Unmovable,
                    &subject,
                    format!("its version {} was not migrated", a.version),
                );
            }
            // Else the function did not exist in that namespace version: nothing to point to.
            continue;
        };
        let mut weights: BTreeMap<QualRef, f64> = BTreeMap::new();
        for (v, w) in &a.additional_weights {
            match canonical.get(&(fname.clone(), v.clone())) {
                Some(q) if *q == main => {
                    cx.note(
                        Severity::Approximated,
                        &subject,
                        format!("extra version {v} maps to the same target version as the main one; its weight {w} is folded into the main version"),
                    );
                }
                Some(q) => *weights.entry(q.clone()).or_insert(0.0) += w,
                None => cx.note(
                    Severity::Dropped,
                    &subject,
                    format!("extra version {v} (weight {w}) was not migrated"),
                ),
            }
        }
        let weights: Vec<(QualRef, f64)> = weights
            .into_iter()
            .map(|(q, w)| {
                let w2 = match cx.tgt.alias_weight_step {
                    Some(step) => ((w / step).round() * step * 1e6).round() / 1e6,
                    None => w,
                };
                if (w2 - w).abs() > 1e-9 {
                    cx.note(
                        Severity::Approximated,
                        &subject,
                        format!("weight {w} rounded to {w2} ({}'s step)", cx.tgt_name),
                    );
                }
                (q, w2)
            })
            .collect();
        let plan = AliasPlan {
            name: a.name.clone(),
            main,
            weights,
            description: a.description.clone().filter(|d| !d.is_empty()),
        };
        if cx.tgt.version_scope == VersionScope::Function {
            per_fn.entry(fname).or_default().push(plan);
        } else {
            per_name
                .entry(a.name.clone())
                .or_default()
                .push((fname, plan));
        }
    }
    // The rounds in which each function's state changed: the state of `f` in namespace version `r` is
    // the one published at the latest of these rounds not after `r`.
    let mut epochs: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in rounds.iter().enumerate() {
        for (f, _) in &r.updates {
            epochs.entry(f.clone()).or_default().push(i);
        }
    }
    let epoch = |f: &str, q: &QualRef| -> Option<usize> {
        let QualRef::Round(r) = q else { return None };
        epochs.get(f)?.iter().copied().filter(|e| e <= r).max()
    };
    // What share of calls reaches which state of `f` through `p`.
    let distribution = |f: &str, p: &AliasPlan| -> Option<BTreeMap<usize, i64>> {
        let mut d = BTreeMap::new();
        let mut rest = 1.0;
        for (q, w) in &p.weights {
            *d.entry(epoch(f, q)?).or_insert(0) += (w * 1e6).round() as i64;
            rest -= w;
        }
        *d.entry(epoch(f, &p.main)?).or_insert(0) += (rest * 1e6).round() as i64;
        d.retain(|_, w| *w != 0);
        Some(d)
    };
    let mut ns_aliases = Vec::new();
    for (alias, list) in per_name {
        // A candidate works when, for every function, it routes calls to the same states as the
        // function's own alias did.
        let mut candidates: Vec<&AliasPlan> = list.iter().map(|(_, p)| p).collect();
        candidates.sort_by_key(|p| std::cmp::Reverse(p.weights.len()));
        let chosen = candidates.into_iter().find(|c| {
            list.iter().all(|(f, own)| {
                let a = distribution(f, c);
                a.is_some() && a == distribution(f, own)
            })
        });
        if let Some(first) = chosen {
            if cx.src.version_scope == VersionScope::Function && list.len() > 1 {
                cx.note(
                    Severity::Approximated,
                    format!("{name} alias {alias}"),
                    format!(
                        "the per-function aliases of {} functions agree and become one namespace-wide alias",
                        list.len()
                    ),
                );
            }
            ns_aliases.push(first.clone());
        } else {
            let targets: Vec<String> = list
                .iter()
                .map(|(f, p)| format!("{f}→{}", describe_ref(&p.main)))
                .collect();
            cx.note(
                Severity::Unmovable,
                format!("{name} alias {alias}"),
                format!(
                    "the functions' aliases disagree ({}) and cannot share one namespace-wide alias",
                    targets.join(", ")
                ),
            );
        }
    }
    for p in &mut plans {
        if let Some(a) = per_fn.remove(&p.name) {
            p.aliases = a;
        }
    }
    let alias_names: BTreeSet<(String, String)> = plans
        .iter()
        .flat_map(|p| p.aliases.iter().map(|a| (p.name.clone(), a.name.clone())))
        .chain(
            plans
                .iter()
                .flat_map(|p| ns_aliases.iter().map(|a| (p.name.clone(), a.name.clone()))),
        )
        .collect();

    // Triggers and async configs.
    for c in &converted {
        let fname = c.src.latest.name.clone();
        let mut triggers = Vec::new();
        for t in &c.src.triggers {
            let subject = format!("{name}/{fname} trigger {}", t.name);
            if t.qualifier.is_none() && cx.src_name == "huawei-functiongraph" {
                cx.note(
                    Severity::Approximated,
                    &subject,
                    format!(
                        "{} does not report which version or alias a trigger was created under; it is created on latest",
                        cx.src_name
                    ),
                );
            }
            let Some(qualifier) = map_qualifier(
                cx,
                &subject,
                &fname,
                t.qualifier.as_ref(),
                &canonical,
                &alias_names,
            ) else {
                continue;
            };
            if let Some(spec) = convert_trigger(cx, &subject, &fname, t) {
                triggers.push(TriggerPlan { spec, qualifier });
            }
        }
        let mut asyncs = Vec::new();
        for a in &c.src.async_configs {
            let subject = format!(
                "{name}/{fname} async config ({})",
                a.qualifier.clone().unwrap_or_default()
            );
            let Some(qualifier) = map_qualifier(
                cx,
                &subject,
                &fname,
                a.qualifier.as_ref(),
                &canonical,
                &alias_names,
            ) else {
                continue;
            };
            asyncs.push(convert_async(cx, &subject, &name, a, qualifier, &canonical));
        }
        if let Some(p) = plans.iter_mut().find(|p| p.name == fname) {
            p.triggers = triggers;
            p.async_configs = asyncs;
        }
    }

    Some(NsPlan {
        name,
        spec,
        functions: plans,
        rounds,
        ns_aliases,
    })
}

/// A short text for a reference.
pub fn describe_ref(q: &QualRef) -> String {
    match q {
        QualRef::Latest => "latest".to_owned(),
        QualRef::Alias(a) => format!("alias {a}"),
        QualRef::Version { source, .. } => format!("version {source}"),
        QualRef::Round(i) => format!("round {}", i + 1),
    }
}

fn map_qualifier(
    cx: &mut Ctx<'_>,
    subject: &str,
    fname: &str,
    q: Option<&Qualifier>,
    canonical: &HashMap<(String, String), QualRef>,
    aliases: &BTreeSet<(String, String)>,
) -> Option<QualRef> {
    match q {
        None | Some(Qualifier::Latest) => Some(QualRef::Latest),
        Some(Qualifier::Alias(a)) => {
            if aliases.contains(&(fname.to_owned(), a.clone())) {
                Some(QualRef::Alias(a.clone()))
            } else {
                cx.note(
                    Severity::Unmovable,
                    subject,
                    format!("it uses alias {a}, which is not migrated"),
                );
                None
            }
        }
        Some(Qualifier::Version(v)) => {
            if let Some(r) = canonical.get(&(fname.to_owned(), v.clone())) {
                Some(r.clone())
            } else {
                cx.note(
                    Severity::Unmovable,
                    subject,
                    format!("it uses version {v}, which is not migrated"),
                );
                None
            }
        }
    }
}

fn sanitize_trigger_name(tgt: &Capabilities, name: &str) -> String {
    let rule = &tgt.names.trigger;
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !s.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        s = format!("t{s}");
    }
    s.truncate(rule.max_len.max(1));
    while s.ends_with(['-', '_']) {
        s.pop();
        s.push('0');
    }
    s
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

fn convert_trigger(
    cx: &mut Ctx<'_>,
    subject: &str,
    fname: &str,
    t: &Trigger,
) -> Option<TriggerSpec> {
    let same = cx.same_cloud();
    let config = match &t.config {
        TriggerConfig::Timer(tc) => {
            if let Schedule::Cron(expr) = &tc.schedule {
                if !same {
                    cx.note(
                        Severity::Approximated,
                        subject,
                        format!("cron expression `{expr}` copied verbatim: the two clouds' cron dialects are not translated"),
                    );
                }
            }
            TriggerConfig::Timer(tc.clone())
        }
        TriggerConfig::Http(h) => {
            if same {
                if cx.tgt.http_trigger_path {
                    if let Some(group) = cx.apig_group {
                        cx.note(
                            Severity::Approximated,
                            subject,
                            format!(
                                "created in API Gateway group `{group}` (--fg-apig-group), environment RELEASE"
                            ),
                        );
                    }
                }
                TriggerConfig::Http(h.clone())
            } else {
                let mut out = h.clone();
                if let HttpAuth::Other(a) = &h.auth {
                    cx.note(
                        Severity::Unmovable,
                        subject,
                        format!("HTTP auth `{a}` has no {} counterpart", cx.tgt_name),
                    );
                    return None;
                }
                if cx.tgt.http_trigger_path {
                    // FunctionGraph APIG triggers live in an API Gateway group and environment
                    // (`group_id`, `env_id`, ... in event_data), which have no FC counterpart: they
                    // move only into a group named by `--fg-apig-group` (the environment defaults
                    // to RELEASE).
                    if let Some(group) = cx.apig_group {
                        cx.note(
                            Severity::Approximated,
                            subject,
                            format!(
                                "created in API Gateway group `{group}` (--fg-apig-group), environment RELEASE: its URL is {}'s, not {}'s",
                                cx.tgt_name, cx.src_name
                            ),
                        );
                    } else {
                        cx.note(
                            Severity::Unmovable,
                            subject,
                            format!(
                                "{} HTTP triggers need an API Gateway group (group_id) that {} does not have; pass --fg-apig-group ID to create them in an existing group, or add the trigger by hand",
                                cx.tgt_name, cx.src_name
                            ),
                        );
                        return None;
                    }
                }
                if h.auth == HttpAuth::Signed {
                    cx.note(
                        Severity::Approximated,
                        subject,
                        "signed HTTP calls: the target checks its own cloud's signatures (FC function signing ↔ FunctionGraph IAM)",
                    );
                }
                if let Some(max) = cx.tgt.max_http_trigger_methods {
                    let all = h.methods.contains(&HttpMethod::Any)
                        || ALL_METHODS.iter().all(|m| h.methods.contains(m));
                    if h.methods.len() > max {
                        if !all {
                            cx.note(
                                Severity::Approximated,
                                subject,
                                format!(
                                    "methods {:?} widened to ANY ({} takes one method per trigger)",
                                    h.methods, cx.tgt_name
                                ),
                            );
                        }
                        out.methods = vec![HttpMethod::Any];
                    }
                }
                if cx.tgt.max_http_trigger_methods.is_none() && h.methods.contains(&HttpMethod::Any)
                {
                    cx.note(
                        Severity::Approximated,
                        subject,
                        format!(
                            "method ANY becomes {}'s explicit list of every method",
                            cx.tgt_name
                        ),
                    );
                }
                if cx.tgt.http_trigger_path {
                    if out.path.is_none() {
                        let p = format!("/{fname}");
                        cx.note(
                            Severity::Approximated,
                            subject,
                            format!("{} needs a request path; `{p}` chosen", cx.tgt_name),
                        );
                        out.path = Some(p);
                    }
                } else if let Some(p) = out.path.take() {
                    cx.note(
                        Severity::Dropped,
                        subject,
                        format!(
                            "request path `{p}`: {} routes HTTP triggers by function",
                            cx.tgt_name
                        ),
                    );
                }
                TriggerConfig::Http(out)
            }
        }
        TriggerConfig::ObjectStorage(o) => {
            let mut out = o.clone();
            if !same {
                cx.note(
                    Severity::Approximated,
                    subject,
                    format!(
                        "bucket `{}` is kept by name: it must exist in {}'s object storage",
                        o.bucket, cx.tgt_name
                    ),
                );
                let fc_target = cx.tgt.version_scope == VersionScope::Namespace;
                out.events.retain(|e| {
                    let ok = match e {
                        ObjectEvent::Other(_) => false,
                        ObjectEvent::RemovedAll | ObjectEvent::RemovedDeleteMarkerCreated => {
                            !fc_target
                        }
                        _ => true,
                    };
                    if !ok {
                        cx.notes.insert(Note {
                            severity: Severity::Dropped,
                            subject: subject.to_owned(),
                            message: format!("event `{e}` has no counterpart on {}", cx.tgt_name),
                        });
                    }
                    ok
                });
                if out.events.is_empty() {
                    cx.note(Severity::Unmovable, subject, "no event left to listen to");
                    return None;
                }
            }
            TriggerConfig::ObjectStorage(out)
        }
        TriggerConfig::Raw(r) => {
            if !same {
                cx.note(
                    Severity::Unmovable,
                    subject,
                    format!(
                        "`{}` triggers are event sources of {}; {} has no equivalent",
                        r.provider_type, cx.src_name, cx.tgt_name
                    ),
                );
                return None;
            }
            TriggerConfig::Raw(r.clone())
        }
        other => {
            cx.note(
                Severity::Unmovable,
                subject,
                format!("trigger kind {} is not modelled", other.kind()),
            );
            return None;
        }
    };
    let mut name = t.name.clone();
    if cx.tgt.names.trigger.check("trigger name", &name).is_err() {
        let new = sanitize_trigger_name(cx.tgt, &name);
        cx.note(
            Severity::Approximated,
            subject,
            format!("renamed to `{new}` ({}'s trigger name rules)", cx.tgt_name),
        );
        name = new;
    }
    let mut spec = TriggerSpec::new(name, config);
    // The API Gateway group of an APIG trigger is an extension (`group_id` in event_data); matching on
    // re-runs ignores it (by name, auth, method and path).
    if cx.tgt.http_trigger_path {
        if let (TriggerConfig::Http(_), Some(group)) = (&spec.config, cx.apig_group) {
            spec = spec.with_extension("group_id", serde_json::Value::from(group));
        }
    }
    let kind = spec.config.kind();
    match t.enabled {
        Some(false) if !cx.tgt.disable_trigger_kinds.contains(&kind) => {
            cx.note(
                Severity::Unmovable,
                subject,
                format!(
                    "it is disabled, and {} cannot disable {kind} triggers",
                    cx.tgt_name
                ),
            );
            return None;
        }
        Some(e) if cx.tgt.disable_trigger_kinds.contains(&kind) => spec.enabled = Some(e),
        _ => {}
    }
    if let Some(d) = t.description.as_deref().filter(|d| !d.is_empty()) {
        if same {
            spec.description = Some(d.to_owned());
        } else {
            cx.note(
                Severity::Dropped,
                subject,
                "trigger description (not carried across clouds)",
            );
        }
    }
    let keys = meaningful_extensions(&t.extensions);
    if !keys.is_empty() {
        cx.note(
            Severity::Dropped,
            subject,
            format!(
                "provider extensions are not translated: {}",
                keys.join(", ")
            ),
        );
    }
    if kind == TriggerKind::Raw && !cx.tgt.raw_trigger_types.is_empty() {
        if let TriggerConfig::Raw(r) = &spec.config {
            if !cx.tgt.raw_trigger_types.contains(&r.provider_type) {
                cx.note(
                    Severity::Unmovable,
                    subject,
                    format!(
                        "raw type `{}` is not offered by {}",
                        r.provider_type, cx.tgt_name
                    ),
                );
                return None;
            }
        }
    }
    let tgt_name: &'static str = "target";
    if let Err(e) = cx.tgt.check_trigger_spec(tgt_name, &spec) {
        cx.note(
            Severity::Unmovable,
            subject,
            format!("{} refuses it: {}", cx.tgt_name, e.message()),
        );
        return None;
    }
    Some(spec)
}

fn convert_async(
    cx: &mut Ctx<'_>,
    subject: &str,
    ns: &str,
    a: &AsyncConfig,
    qualifier: QualRef,
    canonical: &HashMap<(String, String), QualRef>,
) -> AsyncPlan {
    let mut config = AsyncConfig::new();
    if let Some(r) = a.max_retries {
        let c = r.min(cx.tgt.async_max_retries);
        if c != r {
            cx.note(
                Severity::Approximated,
                subject,
                format!("max retries {r} clamped to {c} ({}'s maximum)", cx.tgt_name),
            );
        }
        config.max_retries = Some(c);
    }
    if let Some(age) = a.max_event_age {
        let c = age.clamp(cx.tgt.async_event_age.min, cx.tgt.async_event_age.max);
        if c != age {
            cx.note(
                Severity::Approximated,
                subject,
                format!(
                    "max event age {} s clamped to {} s ({}'s range)",
                    age.as_secs(),
                    c.as_secs(),
                    cx.tgt_name
                ),
            );
        }
        config.max_event_age = Some(c);
    }
    let mut quals = [None, None];
    for (i, (label, dest)) in [("on_success", &a.on_success), ("on_failure", &a.on_failure)]
        .into_iter()
        .enumerate()
    {
        let Some(dest) = dest else { continue };
        let mapped = match dest {
            Destination::Function {
                function,
                qualifier: dq,
            } => {
                // A function of another cloud's namespace: re-pointed to the migrated one.
                let key = (function.namespace.clone(), function.name.clone());
                if cx.migrated.contains(&key) {
                    let q = match dq {
                        None | Some(Qualifier::Latest) => None,
                        Some(Qualifier::Alias(al)) => Some(QualRef::Alias(al.clone())),
                        Some(Qualifier::Version(v)) => canonical
                            .get(&(function.name.clone(), v.clone()))
                            .cloned()
                            .filter(|_| function.namespace == ns),
                    };
                    if matches!(dq, Some(Qualifier::Version(_))) && q.is_none() {
                        cx.note(
                            Severity::Approximated,
                            subject,
                            format!(
                                "{label}: destination version of {function} not mapped; latest used"
                            ),
                        );
                    }
                    quals[i] = q;
                    Some(Destination::function(FunctionRef::new(
                        &function.namespace,
                        &function.name,
                    )))
                } else {
                    cx.note(
                        Severity::Dropped,
                        subject,
                        format!(
                            "{label}: destination function {function} is not part of this migration"
                        ),
                    );
                    None
                }
            }
            other => {
                if cx.same_cloud() && cx.tgt.supports_destination(other.kind()) {
                    Some(other.clone())
                } else {
                    cx.note(
                        Severity::Dropped,
                        subject,
                        format!(
                            "{label}: {:?} destination is a {} resource with no counterpart on {}",
                            other.kind(),
                            cx.src_name,
                            cx.tgt_name
                        ),
                    );
                    None
                }
            }
        };
        if i == 0 {
            config.on_success = mapped;
        } else {
            config.on_failure = mapped;
        }
    }
    let keys = meaningful_extensions(&a.extensions);
    if !keys.is_empty() {
        cx.note(
            Severity::Dropped,
            subject,
            format!(
                "provider extensions are not translated: {}",
                keys.join(", ")
            ),
        );
    }
    let [success_qualifier, failure_qualifier] = quals;
    AsyncPlan {
        qualifier,
        config,
        success_qualifier,
        failure_qualifier,
    }
}

/// The plan as JSON (no code bytes: sizes only).
pub fn to_json(plan: &Plan) -> serde_json::Value {
    use serde_json::json;
    let ns: Vec<serde_json::Value> = plan
        .namespaces
        .iter()
        .map(|n| {
            let functions: Vec<serde_json::Value> = n
                .functions
                .iter()
                .map(|f| {
                    json!({
                        "name": f.name,
                        "runtime": f.latest.spec.runtime.to_string(),
                        "code_bytes": f.latest.spec.code.inline_len(),
                        "versions": f.versions.iter().map(|v| match &v.same_as {
                            Some(s) => json!({"source": v.source, "same_as": s}),
                            None => json!({"source": v.source, "name": v.name}),
                        }).collect::<Vec<_>>(),
                        "aliases": f.aliases.iter().map(alias_json).collect::<Vec<_>>(),
                        "triggers": f.triggers.iter().map(|t| json!({
                            "name": t.spec.name,
                            "kind": t.spec.config.kind().to_string(),
                            "qualifier": describe_ref(&t.qualifier),
                        })).collect::<Vec<_>>(),
                        "async_configs": f.async_configs.iter().map(|a| json!({
                            "qualifier": describe_ref(&a.qualifier),
                            "max_retries": a.config.max_retries,
                            "max_event_age_secs": a.config.max_event_age.map(|d| d.as_secs()),
                            "on_success": a.config.on_success.as_ref().map(|d| format!("{:?}", d.kind()).to_lowercase()),
                            "on_failure": a.config.on_failure.as_ref().map(|d| format!("{:?}", d.kind()).to_lowercase()),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({
                "name": n.name,
                "functions": functions,
                "rounds": n.rounds.iter().map(|r| json!({
                    "key": r.key,
                    "updates": r.updates.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>(),
                    "members": r.members.iter().map(|(f, v)| format!("{f}:{v}")).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "aliases": n.ns_aliases.iter().map(alias_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "from": plan.from,
        "to": plan.to,
        "namespaces": ns,
        "notes": plan.notes,
    })
}

fn alias_json(a: &AliasPlan) -> serde_json::Value {
    serde_json::json!({
        "name": a.name,
        "main": describe_ref(&a.main),
        "weights": a.weights.iter().map(|(q, w)| serde_json::json!([describe_ref(q), w])).collect::<Vec<_>>(),
    })
}

/// The plan as text for people.
pub fn to_text(plan: &Plan) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "migration plan: {} -> {}", plan.from, plan.to);
    for n in &plan.namespaces {
        let versions: usize = n
            .functions
            .iter()
            .map(|f| f.versions.iter().filter(|v| v.publish.is_some()).count())
            .sum::<usize>()
            + n.rounds.len();
        let aliases: usize =
            n.functions.iter().map(|f| f.aliases.len()).sum::<usize>() + n.ns_aliases.len();
        let triggers: usize = n.functions.iter().map(|f| f.triggers.len()).sum();
        let asyncs: usize = n.functions.iter().map(|f| f.async_configs.len()).sum();
        let _ = writeln!(
            s,
            "namespace {}: {} functions, {versions} versions to publish, {aliases} aliases, {triggers} triggers, {asyncs} async configs",
            n.name,
            n.functions.len()
        );
        for f in &n.functions {
            let _ = writeln!(
                s,
                "  function {} ({}, {} bytes of code): {} versions, {} aliases, {} triggers, {} async configs",
                f.name,
                f.latest.spec.runtime,
                f.latest.spec.code.inline_len(),
                f.versions.len(),
                f.aliases.len(),
                f.triggers.len(),
                f.async_configs.len()
            );
        }
        for r in &n.rounds {
            let _ = writeln!(
                s,
                "  publish {} after updating {} functions",
                r.key,
                r.updates.len()
            );
        }
        for a in &n.ns_aliases {
            let _ = writeln!(s, "  alias {} -> {}", a.name, describe_ref(&a.main));
        }
    }
    let _ = writeln!(s, "{} approximations and losses:", plan.notes.len());
    for note in &plan.notes {
        let sev = match note.severity {
            Severity::Approximated => "approximated",
            Severity::Dropped => "dropped",
            Severity::Unmovable => "cannot move",
        };
        let _ = writeln!(s, "  [{sev}] {}: {}", note.subject, note.message);
    }
    s
}
