//! The provider traits on [`InMemory`].

use std::collections::BTreeMap;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::Utc;

use super::checksum::checksum_hex;
use super::fault::Operation;
use super::state::{
    Config, FnContent, FnRecord, FnState, NsState, Scope, State, VersionRec, alias_not_found,
    bad_token, check_etag, check_nonempty, check_qualifier_exists, function_not_found, has_prefix,
    is_latest, make_page, resolve, scope_label, version_not_found,
};
use super::{InMemory, quota_name};
use crate::{
    Alias, AliasSpec, AliasUpdate, Aliases, AsyncConfig, AsyncConfigs, Capabilities, Code, Error,
    ErrorKind, Function, FunctionRef, FunctionSpec, FunctionUpdate, Functions, InvokeRequest,
    InvokeResponse, Invoker, ListRequest, Namespace, NamespaceSpec, NamespaceUpdate, Namespaces,
    Page, Provider, PublishVersion, Qualifier, Quota, QuotaKind, Quotas, Result, Trigger,
    TriggerSpec, TriggerUpdate, Triggers, Version, VersionWeights, Versions,
};

/// The bytes `code` stands for: inline, or copied from the object store.
fn resolve_code(st: &State, code: &Code) -> Result<Bytes> {
    match code {
        Code::ObjectStorage { bucket, key } => {
            let bytes = st
                .objects
                .get(&(bucket.clone(), key.clone()))
                .cloned()
                .ok_or_else(|| {
                    Error::invalid_argument(
                        "code",
                        format_args!("object `{key}` does not exist in bucket `{bucket}`"),
                    )
                })?;
            if bytes.is_empty() {
                return Err(Error::invalid_argument(
                    "code",
                    format_args!("object `{key}` in bucket `{bucket}` is empty"),
                ));
            }
            Ok(bytes)
        }
        Code::Zip(bytes) => Ok(bytes.clone()),
    }
}

fn unsupported_implicit(cfg: &Config, what: &str) -> Result<()> {
    if cfg.implicit_namespaces() {
        return Err(Error::unsupported(
            cfg.name,
            format_args!("{what} namespaces: they exist while a function names them"),
        ));
    }
    Ok(())
}

fn check_async_supported(cfg: &Config) -> Result<()> {
    if cfg.caps.async_invoke {
        Ok(())
    } else {
        Err(Error::unsupported(cfg.name, "asynchronous invocation"))
    }
}

/// The version an alias may point at, normalised (`latest` lower-case).
fn check_alias_targets(
    cfg: &Config,
    scope: &Scope,
    f: &FunctionRef,
    main: &str,
    weights: &VersionWeights,
) -> Result<String> {
    let main = if is_latest(main) {
        if !cfg.alias_may_point_at_latest() {
            return Err(Error::invalid_argument(
                "alias version",
                "must be a published version; an alias cannot point at latest on this provider",
            ));
        }
        "latest".to_owned()
    } else {
        if !scope.has_version(main) {
            return Err(version_not_found(cfg, f, main));
        }
        main.to_owned()
    };
    for version in weights.keys() {
        if is_latest(version) {
            return Err(Error::invalid_argument(
                &format!("additional_weights[{version}]"),
                "must name a published version, not latest",
            ));
        }
        if !scope.has_version(version) {
            return Err(version_not_found(cfg, f, version));
        }
    }
    Ok(main)
}

/// Removes what hangs off qualifier `q` of a function (its triggers and async config).
fn purge_qualifier(function: &mut FnState, q: &Qualifier) {
    function
        .triggers
        .retain(|_, t| t.qualifier.as_ref() != Some(q));
    function.async_configs.remove(q);
}

fn name_after(request: &ListRequest) -> Option<String> {
    request.token.as_ref().map(|t| t.as_str().to_owned())
}

#[async_trait]
impl Namespaces for InMemory {
    async fn create_namespace(&self, spec: NamespaceSpec) -> Result<Namespace> {
        self.call(
            Operation::CreateNamespace,
            |cfg| cfg.caps.check_namespace_spec(cfg.name, &spec),
            |st, cfg| {
                if st.namespaces.contains_key(&spec.name) {
                    return Err(Error::already_exists(format_args!(
                        "namespace `{}`",
                        spec.name
                    )));
                }
                let now = Utc::now();
                let mut ns = Namespace::new(spec.name.clone());
                ns.description.clone_from(&spec.description);
                ns.extensions.clone_from(&spec.extensions);
                ns.created_at = Some(now);
                ns.modified_at = Some(now);
                ns.etag = st.new_etag(cfg);
                st.namespaces
                    .insert(spec.name.clone(), NsState::new(ns.clone()));
                Ok(ns)
            },
        )
        .await
    }

    async fn get_namespace(&self, name: &str) -> Result<Namespace> {
        self.call(
            Operation::GetNamespace,
            |cfg| cfg.caps.check_namespace_name(name),
            |st, _cfg| st.ns(name).map(|n| n.ns.clone()),
        )
        .await
    }

    async fn update_namespace(&self, name: &str, update: NamespaceUpdate) -> Result<Namespace> {
        self.call(
            Operation::UpdateNamespace,
            |cfg| {
                unsupported_implicit(cfg, "updating")?;
                let mut probe = NamespaceSpec::new(name);
                probe.description.clone_from(&update.description);
                cfg.caps
                    .check_if_match(cfg.name, update.if_match.as_deref())?;
                cfg.caps.check_namespace_spec(cfg.name, &probe)
            },
            |st, cfg| {
                let etag = st.new_etag(cfg);
                let ns = &mut st.ns_mut(name)?.ns;
                check_etag(
                    &format!("namespace `{name}`"),
                    update.if_match.as_deref(),
                    ns.etag.as_deref(),
                )?;
                if let Some(d) = &update.description {
                    ns.description = Some(d.clone());
                }
                for (k, v) in &update.extensions {
                    ns.extensions.insert(k.clone(), v.clone());
                }
                ns.modified_at = Some(Utc::now());
                ns.etag = etag;
                Ok(ns.clone())
            },
        )
        .await
    }

    async fn delete_namespace(&self, name: &str) -> Result<()> {
        self.call(
            Operation::DeleteNamespace,
            |cfg| {
                unsupported_implicit(cfg, "deleting")?;
                cfg.caps.check_namespace_name(name)
            },
            |st, _cfg| {
                let count = st.ns(name)?.functions.len();
                if count > 0 {
                    return Err(Error::new(
                        ErrorKind::PreconditionFailed,
                        format!(
                            "namespace `{name}` still holds {count} function{}; delete {} first",
                            if count == 1 { "" } else { "s" },
                            if count == 1 { "it" } else { "them" }
                        ),
                    ));
                }
                st.namespaces.remove(name);
                Ok(())
            },
        )
        .await
    }

    async fn list_namespaces_page(&self, request: ListRequest) -> Result<Page<Namespace>> {
        self.call(
            Operation::ListNamespaces,
            |_cfg| Ok(()),
            |st, cfg| {
                let prefix = request.prefix.as_deref();
                let entries = st
                    .namespaces
                    .iter()
                    .filter(|(k, _)| has_prefix(k, prefix))
                    .map(|(k, n)| (k.clone(), n.ns.clone()));
                Ok(make_page(
                    entries,
                    name_after(&request).as_ref(),
                    cfg.page_size(request.page_size),
                    Clone::clone,
                ))
            },
        )
        .await
    }
}

#[async_trait]
impl Functions for InMemory {
    async fn create_function(&self, namespace: &str, spec: FunctionSpec) -> Result<Function> {
        self.call(
            Operation::CreateFunction,
            |cfg| {
                cfg.caps.check_namespace_name(namespace)?;
                cfg.caps.check_function_spec(&spec)
            },
            |st, cfg| {
                let f = FunctionRef::new(namespace, &spec.name);
                if !cfg.implicit_namespaces() {
                    st.ns(namespace)?;
                }
                if st
                    .namespaces
                    .get(namespace)
                    .is_some_and(|n| n.functions.contains_key(&spec.name))
                {
                    return Err(Error::already_exists(format_args!("function `{f}`")));
                }
                let count = st.function_count();
                if count >= cfg.limits.functions {
                    return Err(Error::new(
                        ErrorKind::QuotaExceeded,
                        format!(
                            "function quota exceeded: {count} functions exist, the limit is {}",
                            cfg.limits.functions
                        ),
                    ));
                }
                let code = resolve_code(st, &spec.code)?;
                super::state::check_code_quota(cfg, st.code_bytes() + code.len() as u64)?;
                let now = Utc::now();
                let content = FnContent {
                    runtime: spec.runtime.clone(),
                    handler: spec.handler.clone(),
                    memory_mb: Some(spec.memory_mb.unwrap_or_else(|| cfg.default_memory())),
                    timeout: Some(spec.timeout.unwrap_or_else(|| cfg.default_timeout())),
                    description: spec.description.clone(),
                    environment: spec.environment.clone(),
                    initializer: spec.initializer.clone(),
                    extensions: spec.extensions.clone(),
                    code,
                };
                let rec = FnRecord {
                    checksum: checksum_hex(&content.code),
                    content,
                    created_at: now,
                    modified_at: now,
                    etag: st.new_etag(cfg),
                };
                let view = rec.view(namespace, &spec.name, None);
                let ns = st
                    .namespaces
                    .entry(namespace.to_owned())
                    .or_insert_with(|| {
                        let mut ns = Namespace::new(namespace);
                        ns.created_at = Some(now);
                        ns.modified_at = Some(now);
                        NsState::new(ns)
                    });
                ns.functions.insert(
                    spec.name.clone(),
                    FnState {
                        rec,
                        scope: Scope::default(),
                        triggers: BTreeMap::new(),
                        async_configs: BTreeMap::new(),
                    },
                );
                Ok(view)
            },
        )
        .await
    }

    async fn get_function(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<Function> {
        self.call(
            Operation::GetFunction,
            |cfg| {
                cfg.check_ref(function)?;
                cfg.caps.check_qualifier("qualifier", qualifier)
            },
            |st, cfg| {
                let (ns, func) = st.func(cfg, function)?;
                let r = resolve(cfg, ns, func, function, qualifier)?;
                Ok(r.record
                    .view(&function.namespace, &function.name, r.version.as_deref()))
            },
        )
        .await
    }

    async fn update_function(
        &self,
        function: &FunctionRef,
        update: FunctionUpdate,
    ) -> Result<Function> {
        self.call(
            Operation::UpdateFunction,
            |cfg| {
                cfg.check_ref(function)?;
                cfg.caps
                    .check_if_match(cfg.name, update.if_match.as_deref())?;
                cfg.caps.check_function_update(&update)
            },
            |st, cfg| {
                let old_len = {
                    let (_, func) = st.func(cfg, function)?;
                    check_etag(
                        &format!("function `{function}`"),
                        update.if_match.as_deref(),
                        func.rec.etag.as_deref(),
                    )?;
                    func.rec.content.code.len() as u64
                };
                let code = update
                    .code
                    .as_ref()
                    .map(|c| resolve_code(st, c))
                    .transpose()?;
                if let Some(code) = &code {
                    super::state::check_code_quota(
                        cfg,
                        (st.code_bytes() - old_len) + code.len() as u64,
                    )?;
                }
                let etag = st.new_etag(cfg);
                let ns = st.ns_mut(&function.namespace)?;
                let func = ns
                    .functions
                    .get_mut(&function.name)
                    .ok_or_else(|| function_not_found(function))?;
                let rec = &mut func.rec;
                let c = &mut rec.content;
                if let Some(r) = &update.runtime {
                    c.runtime = r.clone();
                }
                if let Some(h) = &update.handler {
                    c.handler.clone_from(h);
                }
                if let Some(code) = code {
                    rec.checksum = checksum_hex(&code);
                    c.code = code;
                }
                if let Some(mb) = update.memory_mb {
                    c.memory_mb = Some(mb);
                }
                if let Some(t) = update.timeout {
                    c.timeout = Some(t);
                }
                if let Some(d) = &update.description {
                    c.description = Some(d.clone());
                }
                if let Some(env) = &update.environment {
                    c.environment.clone_from(env);
                }
                if let Some(init) = &update.initializer {
                    c.initializer = Some(init.clone());
                }
                for (k, v) in &update.extensions {
                    c.extensions.insert(k.clone(), v.clone());
                }
                rec.modified_at = Utc::now();
                rec.etag = etag;
                Ok(rec.view(&function.namespace, &function.name, None))
            },
        )
        .await
    }

    async fn delete_function(&self, function: &FunctionRef) -> Result<()> {
        self.call(
            Operation::DeleteFunction,
            |cfg| cfg.check_ref(function),
            |st, cfg| {
                let ns = st.func_ns_mut(cfg, function)?;
                ns.functions.remove(&function.name);
                for v in &mut ns.scope.versions {
                    v.functions.remove(&function.name);
                }
                if cfg.implicit_namespaces() && ns.functions.is_empty() {
                    st.namespaces.remove(&function.namespace);
                }
                Ok(())
            },
        )
        .await
    }

    async fn list_functions_page(
        &self,
        namespace: &str,
        request: ListRequest,
    ) -> Result<Page<Function>> {
        self.call(
            Operation::ListFunctions,
            |cfg| cfg.caps.check_namespace_name(namespace),
            |st, cfg| {
                let ns = match st.namespaces.get(namespace) {
                    Some(ns) => ns,
                    None if cfg.implicit_namespaces() => return Ok(Page::last(Vec::new())),
                    None => return Err(Error::not_found(format_args!("namespace `{namespace}`"))),
                };
                let prefix = request.prefix.as_deref();
                let entries = ns
                    .functions
                    .iter()
                    .filter(|(k, _)| has_prefix(k, prefix))
                    .map(|(k, f)| (k.clone(), f.rec.view(namespace, k, None)));
                Ok(make_page(
                    entries,
                    name_after(&request).as_ref(),
                    cfg.page_size(request.page_size),
                    Clone::clone,
                ))
            },
        )
        .await
    }

    async fn get_function_code(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<Bytes> {
        self.call(
            Operation::GetFunctionCode,
            |cfg| {
                cfg.check_ref(function)?;
                cfg.caps.check_qualifier("qualifier", qualifier)
            },
            |st, cfg| {
                let (ns, func) = st.func(cfg, function)?;
                Ok(resolve(cfg, ns, func, function, qualifier)?
                    .record
                    .content
                    .code)
            },
        )
        .await
    }
}

/// Whether `functions` and the namespace settings equal what `last` froze.
fn unchanged_since(
    last: &VersionRec,
    functions: &BTreeMap<String, FnRecord>,
    namespace: &(Option<String>, crate::Extensions),
) -> bool {
    last.namespace == *namespace
        && last.functions.len() == functions.len()
        && last
            .functions
            .iter()
            .zip(functions.iter())
            .all(|((an, a), (bn, b))| an == bn && a.content == b.content)
}

#[async_trait]
impl Versions for InMemory {
    async fn publish_version(
        &self,
        function: &FunctionRef,
        options: PublishVersion,
    ) -> Result<Version> {
        self.call(
            Operation::PublishVersion,
            |cfg| {
                cfg.check_ref(function)?;
                cfg.caps
                    .check_if_match(cfg.name, options.if_match.as_deref())?;
                cfg.caps.check_publish(cfg.name, &options)
            },
            |st, cfg| {
                let now = Utc::now();
                let (functions, namespace, id) = {
                    let (ns, func) = st.func(cfg, function)?;
                    if cfg.namespace_scoped() {
                        check_etag(
                            &format!("namespace `{}`", function.namespace),
                            options.if_match.as_deref(),
                            ns.ns.etag.as_deref(),
                        )?;
                    } else {
                        check_etag(
                            &format!("function `{function}`"),
                            options.if_match.as_deref(),
                            func.rec.etag.as_deref(),
                        )?;
                    }
                    let functions: BTreeMap<String, FnRecord> = if cfg.namespace_scoped() {
                        ns.functions
                            .iter()
                            .map(|(n, f)| (n.clone(), f.rec.clone()))
                            .collect()
                    } else {
                        BTreeMap::from([(function.name.clone(), func.rec.clone())])
                    };
                    let namespace = if cfg.namespace_scoped() {
                        (ns.ns.description.clone(), ns.ns.extensions.clone())
                    } else {
                        (None, crate::Extensions::new())
                    };
                    let scope = ns.scope_of(cfg, func);
                    if let Some(last) = scope.versions.last() {
                        if unchanged_since(last, &functions, &namespace) {
                            let what = if cfg.namespace_scoped() {
                                format!("nothing in namespace `{}` has", function.namespace)
                            } else {
                                format!("function `{function}` has not")
                            };
                            return Err(Error::new(
                                ErrorKind::PreconditionFailed,
                                format!(
                                    "{what} changed since version `{}` was published",
                                    last.version.id
                                ),
                            ));
                        }
                    }
                    let id = new_version_id(cfg, scope, function, &options, now)?;
                    (functions, namespace, id)
                };
                let added: u64 = functions
                    .values()
                    .map(|r| r.content.code.len() as u64)
                    .sum();
                super::state::check_code_quota(cfg, st.code_bytes() + added)?;
                let scope = st.scope_mut(cfg, function)?;
                scope.next_seq += 1;
                let mut version = Version::new(id);
                version.description.clone_from(&options.description);
                version.created_at = Some(now);
                scope.versions.push(VersionRec {
                    seq: scope.next_seq,
                    version: version.clone(),
                    functions,
                    namespace,
                });
                Ok(version)
            },
        )
        .await
    }

    async fn list_versions_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Version>> {
        self.call(
            Operation::ListVersions,
            |cfg| cfg.check_ref(function),
            |st, cfg| {
                let after = match &request.token {
                    Some(t) => Some(t.as_str().parse::<u64>().map_err(|_| bad_token(t))?),
                    None => None,
                };
                let scope = st.scope(cfg, function)?;
                let prefix = request.prefix.as_deref();
                let entries = scope
                    .versions
                    .iter()
                    .filter(|v| has_prefix(&v.version.id, prefix))
                    .map(|v| (v.seq, v.version.clone()));
                Ok(make_page(
                    entries,
                    after.as_ref(),
                    cfg.page_size(request.page_size),
                    u64::to_string,
                ))
            },
        )
        .await
    }

    async fn delete_version(&self, function: &FunctionRef, version: &str) -> Result<()> {
        self.call(
            Operation::DeleteVersion,
            |cfg| {
                cfg.check_ref(function)?;
                check_nonempty("version", version)?;
                if !cfg.caps.delete_version {
                    return Err(Error::unsupported(cfg.name, "deleting versions"));
                }
                if is_latest(version) {
                    return Err(Error::invalid_argument(
                        "version",
                        "latest is not a published version and cannot be deleted on its own",
                    ));
                }
                Ok(())
            },
            |st, cfg| {
                let scope = st.scope(cfg, function)?;
                if !scope.has_version(version) {
                    return Err(version_not_found(cfg, function, version));
                }
                if let Some(alias) = scope.aliases.values().find(|a| {
                    a.version == version || a.additional_weights.contains_key(version)
                }) {
                    return Err(Error::new(
                        ErrorKind::PreconditionFailed,
                        format!(
                            "version `{version}` of {} is used by alias `{}`; point the alias elsewhere first",
                            scope_label(cfg, function),
                            alias.name
                        ),
                    ));
                }
                let q = Qualifier::version(version);
                let ns = st.ns_mut(&function.namespace)?;
                if cfg.namespace_scoped() {
                    ns.scope.versions.retain(|v| v.version.id != version);
                    for func in ns.functions.values_mut() {
                        purge_qualifier(func, &q);
                    }
                } else if let Some(func) = ns.functions.get_mut(&function.name) {
                    func.scope.versions.retain(|v| v.version.id != version);
                    purge_qualifier(func, &q);
                }
                Ok(())
            },
        )
        .await
    }
}

/// The id of the next version of `scope`.
fn new_version_id(
    cfg: &Config,
    scope: &Scope,
    f: &FunctionRef,
    options: &PublishVersion,
    now: chrono::DateTime<Utc>,
) -> Result<String> {
    if let Some(name) = &options.name {
        if is_latest(name) {
            return Err(Error::invalid_argument(
                "version name",
                "`latest` names the unpublished head and cannot be a version",
            ));
        }
        if scope.has_version(name) {
            return Err(Error::already_exists(format_args!(
                "version `{name}` of {}",
                scope_label(cfg, f)
            )));
        }
        return Ok(name.clone());
    }
    if cfg.caps.caller_named_versions {
        let base = now.format("v%Y%m%d-%H%M%S").to_string();
        let mut candidate = base.clone();
        let mut n = 1u64;
        while scope.has_version(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        return Ok(candidate);
    }
    let mut n = scope.next_seq + 1;
    while scope.has_version(&n.to_string()) {
        n += 1;
    }
    Ok(n.to_string())
}

#[async_trait]
impl Aliases for InMemory {
    async fn create_alias(&self, function: &FunctionRef, spec: AliasSpec) -> Result<Alias> {
        self.call(
            Operation::CreateAlias,
            |cfg| {
                cfg.check_ref(function)?;
                cfg.caps.check_alias_spec(&spec)
            },
            |st, cfg| {
                let main = {
                    let scope = st.scope(cfg, function)?;
                    if scope.aliases.contains_key(&spec.name) {
                        return Err(Error::already_exists(format_args!(
                            "alias `{}` of {}",
                            spec.name,
                            scope_label(cfg, function)
                        )));
                    }
                    check_alias_targets(
                        cfg,
                        scope,
                        function,
                        &spec.version,
                        &spec.additional_weights,
                    )?
                };
                let now = Utc::now();
                let mut alias = Alias::new(spec.name.clone(), main);
                alias
                    .additional_weights
                    .clone_from(&spec.additional_weights);
                alias.description.clone_from(&spec.description);
                alias.extensions.clone_from(&spec.extensions);
                alias.created_at = Some(now);
                alias.modified_at = Some(now);
                alias.etag = st.new_etag(cfg);
                st.scope_mut(cfg, function)?
                    .aliases
                    .insert(spec.name.clone(), alias.clone());
                Ok(alias)
            },
        )
        .await
    }

    async fn get_alias(&self, function: &FunctionRef, name: &str) -> Result<Alias> {
        self.call(
            Operation::GetAlias,
            |cfg| {
                cfg.check_ref(function)?;
                cfg.caps.names.alias.check("alias name", name)
            },
            |st, cfg| {
                st.scope(cfg, function)?
                    .aliases
                    .get(name)
                    .cloned()
                    .ok_or_else(|| alias_not_found(cfg, function, name))
            },
        )
        .await
    }

    async fn update_alias(
        &self,
        function: &FunctionRef,
        name: &str,
        update: AliasUpdate,
    ) -> Result<Alias> {
        self.call(
            Operation::UpdateAlias,
            |cfg| {
                cfg.check_ref(function)?;
                cfg.caps
                    .check_if_match(cfg.name, update.if_match.as_deref())?;
                cfg.caps.names.alias.check("alias name", name)
            },
            |st, cfg| {
                let (main, weights) = {
                    let scope = st.scope(cfg, function)?;
                    let alias = scope
                        .aliases
                        .get(name)
                        .ok_or_else(|| alias_not_found(cfg, function, name))?;
                    cfg.caps.check_alias_update(&alias.version, &update)?;
                    check_etag(
                        &format!("alias `{name}`"),
                        update.if_match.as_deref(),
                        alias.etag.as_deref(),
                    )?;
                    let main = update.version.as_ref().unwrap_or(&alias.version);
                    let weights = update
                        .additional_weights
                        .as_ref()
                        .unwrap_or(&alias.additional_weights);
                    cfg.caps.check_weights(main, weights)?;
                    let main = check_alias_targets(cfg, scope, function, main, weights)?;
                    (main, weights.clone())
                };
                let etag = st.new_etag(cfg);
                let alias = st
                    .scope_mut(cfg, function)?
                    .aliases
                    .get_mut(name)
                    .ok_or_else(|| alias_not_found(cfg, function, name))?;
                alias.version = main;
                alias.additional_weights = weights;
                if let Some(d) = &update.description {
                    alias.description = Some(d.clone());
                }
                for (k, v) in &update.extensions {
                    alias.extensions.insert(k.clone(), v.clone());
                }
                alias.modified_at = Some(Utc::now());
                alias.etag = etag;
                Ok(alias.clone())
            },
        )
        .await
    }

    async fn delete_alias(&self, function: &FunctionRef, name: &str) -> Result<()> {
        self.call(
            Operation::DeleteAlias,
            |cfg| {
                cfg.check_ref(function)?;
                cfg.caps.names.alias.check("alias name", name)
            },
            |st, cfg| {
                let q = Qualifier::alias(name);
                {
                    let (ns, func) = st.func(cfg, function)?;
                    if !ns.scope_of(cfg, func).aliases.contains_key(name) {
                        return Err(alias_not_found(cfg, function, name));
                    }
                    // FunctionGraph refuses (FSS.1154 "The alias with triggers cannot be deleted"); FC
                    // documents no such rule.
                    let users: Vec<(&String, &FnState)> = if !cfg.function_graph_rules() {
                        Vec::new()
                    } else if cfg.namespace_scoped() {
                        ns.functions.iter().collect()
                    } else {
                        vec![(&function.name, func)]
                    };
                    for (fname, f) in users {
                        if let Some(t) = f.triggers.values().find(|t| t.qualifier.as_ref() == Some(&q)) {
                            return Err(Error::new(
                                ErrorKind::PreconditionFailed,
                                format!(
                                    "alias `{name}` is invoked by trigger `{}` of function `{}/{fname}`; delete or repoint the trigger first",
                                    t.name, function.namespace
                                ),
                            ));
                        }
                    }
                }
                let ns = st.ns_mut(&function.namespace)?;
                if cfg.namespace_scoped() {
                    ns.scope.aliases.remove(name);
                    for func in ns.functions.values_mut() {
                        func.async_configs.remove(&q);
                    }
                } else if let Some(func) = ns.functions.get_mut(&function.name) {
                    func.scope.aliases.remove(name);
                    func.async_configs.remove(&q);
                }
                Ok(())
            },
        )
        .await
    }

    async fn list_aliases_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Alias>> {
        self.call(
            Operation::ListAliases,
            |cfg| cfg.check_ref(function),
            |st, cfg| {
                let prefix = request.prefix.as_deref();
                let entries = st
                    .scope(cfg, function)?
                    .aliases
                    .iter()
                    .filter(|(k, _)| has_prefix(k, prefix))
                    .map(|(k, a)| (k.clone(), a.clone()));
                Ok(make_page(
                    entries,
                    name_after(&request).as_ref(),
                    cfg.page_size(request.page_size),
                    Clone::clone,
                ))
            },
        )
        .await
    }
}

fn trigger_not_found(f: &FunctionRef, id: &str) -> Error {
    Error::not_found(format_args!("trigger `{id}` of function `{f}`"))
}

/// The name (map key) of the trigger with id `id`.
fn trigger_key(func: &FnState, f: &FunctionRef, id: &str) -> Result<String> {
    func.triggers
        .iter()
        .find(|(_, t)| t.id == id)
        .map(|(k, _)| k.clone())
        .ok_or_else(|| trigger_not_found(f, id))
}

#[async_trait]
impl Triggers for InMemory {
    async fn create_trigger(&self, function: &FunctionRef, spec: TriggerSpec) -> Result<Trigger> {
        self.call(
            Operation::CreateTrigger,
            |cfg| {
                cfg.check_ref(function)?;
                cfg.caps.check_trigger_spec(cfg.name, &spec)
            },
            |st, cfg| {
                {
                    let (ns, func) = st.func(cfg, function)?;
                    // The qualifier first, as both clouds do (it is part of the FunctionGraph URN; FC
                    // answers `VersionNotFound` before a name conflict).
                    if let Some(q) = &spec.qualifier {
                        check_qualifier_exists(cfg, ns, func, function, q)?;
                    }
                    if func.triggers.contains_key(&spec.name) {
                        return Err(Error::already_exists(format_args!(
                            "trigger `{}` of function `{function}`",
                            spec.name
                        )));
                    }
                }
                let now = Utc::now();
                let id = if cfg.generated_trigger_ids {
                    st.hex_id()
                } else {
                    spec.name.clone()
                };
                let mut trigger = Trigger::new(id, spec.name.clone(), spec.config.clone());
                trigger.qualifier.clone_from(&spec.qualifier);
                trigger.enabled = Some(spec.enabled.unwrap_or(true));
                trigger.description.clone_from(&spec.description);
                trigger.extensions.clone_from(&spec.extensions);
                trigger.created_at = Some(now);
                trigger.modified_at = Some(now);
                trigger.etag = st.new_etag(cfg);
                st.ns_mut(&function.namespace)?
                    .functions
                    .get_mut(&function.name)
                    .ok_or_else(|| function_not_found(function))?
                    .triggers
                    .insert(spec.name.clone(), trigger.clone());
                Ok(trigger)
            },
        )
        .await
    }

    async fn get_trigger(&self, function: &FunctionRef, id: &str) -> Result<Trigger> {
        self.call(
            Operation::GetTrigger,
            |cfg| {
                cfg.check_ref(function)?;
                check_nonempty("trigger id", id)
            },
            |st, cfg| {
                let (_, func) = st.func(cfg, function)?;
                func.triggers
                    .values()
                    .find(|t| t.id == id)
                    .cloned()
                    .ok_or_else(|| trigger_not_found(function, id))
            },
        )
        .await
    }

    async fn update_trigger(
        &self,
        function: &FunctionRef,
        id: &str,
        update: TriggerUpdate,
    ) -> Result<Trigger> {
        self.call(
            Operation::UpdateTrigger,
            |cfg| {
                cfg.check_ref(function)?;
                check_nonempty("trigger id", id)?;
                cfg.caps.check_if_match(cfg.name, update.if_match.as_deref())?;
                cfg.caps.check_trigger_update(cfg.name, &update)
            },
            |st, cfg| {
                let key = {
                    let (ns, func) = st.func(cfg, function)?;
                    let key = trigger_key(func, function, id)?;
                    let current = &func.triggers[&key];
                    check_etag(
                        &format!("trigger `{id}`"),
                        update.if_match.as_deref(),
                        current.etag.as_deref(),
                    )?;
                    cfg.caps
                        .check_trigger_enabled(cfg.name, current.config.kind(), update.enabled)?;
                    if let Some(c) = &update.config {
                        if c.kind() != current.config.kind() {
                            return Err(Error::invalid_argument(
                                "trigger config",
                                format_args!(
                                    "cannot turn a {} trigger into a {} trigger; delete it and create a new one",
                                    current.config.kind(),
                                    c.kind()
                                ),
                            ));
                        }
                    }
                    if let Some(q) = &update.qualifier {
                        check_qualifier_exists(cfg, ns, func, function, q)?;
                    }
                    key
                };
                let etag = st.new_etag(cfg);
                let trigger = st
                    .ns_mut(&function.namespace)?
                    .functions
                    .get_mut(&function.name)
                    .and_then(|f| f.triggers.get_mut(&key))
                    .ok_or_else(|| trigger_not_found(function, id))?;
                if let Some(c) = &update.config {
                    trigger.config = c.clone();
                }
                if let Some(q) = &update.qualifier {
                    trigger.qualifier = Some(q.clone());
                }
                if let Some(e) = update.enabled {
                    trigger.enabled = Some(e);
                }
                if let Some(d) = &update.description {
                    trigger.description = Some(d.clone());
                }
                for (k, v) in &update.extensions {
                    trigger.extensions.insert(k.clone(), v.clone());
                }
                trigger.modified_at = Some(Utc::now());
                trigger.etag = etag;
                Ok(trigger.clone())
            },
        )
        .await
    }

    async fn delete_trigger(&self, function: &FunctionRef, id: &str) -> Result<()> {
        self.call(
            Operation::DeleteTrigger,
            |cfg| {
                cfg.check_ref(function)?;
                check_nonempty("trigger id", id)
            },
            |st, cfg| {
                let key = {
                    let (_, func) = st.func(cfg, function)?;
                    trigger_key(func, function, id)?
                };
                if let Some(func) = st
                    .ns_mut(&function.namespace)?
                    .functions
                    .get_mut(&function.name)
                {
                    func.triggers.remove(&key);
                }
                Ok(())
            },
        )
        .await
    }

    async fn list_triggers_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Trigger>> {
        self.call(
            Operation::ListTriggers,
            |cfg| cfg.check_ref(function),
            |st, cfg| {
                let (_, func) = st.func(cfg, function)?;
                let prefix = request.prefix.as_deref();
                let entries = func
                    .triggers
                    .iter()
                    .filter(|(k, _)| has_prefix(k, prefix))
                    .map(|(k, t)| (k.clone(), t.clone()));
                Ok(make_page(
                    entries,
                    name_after(&request).as_ref(),
                    cfg.page_size(request.page_size),
                    Clone::clone,
                ))
            },
        )
        .await
    }
}

fn async_config_not_found(f: &FunctionRef, q: &Qualifier) -> Error {
    Error::not_found(format_args!("async config of function `{f}` at {q}"))
}

#[async_trait]
impl AsyncConfigs for InMemory {
    async fn put_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
        config: AsyncConfig,
    ) -> Result<AsyncConfig> {
        self.call(
            Operation::PutAsyncConfig,
            |cfg| {
                cfg.check_ref(function)?;
                cfg.caps.check_async_config(cfg.name, qualifier, &config)
            },
            |st, cfg| {
                let created = {
                    let (ns, func) = st.func(cfg, function)?;
                    check_qualifier_exists(cfg, ns, func, function, qualifier)?;
                    func.async_configs.get(qualifier).and_then(|c| c.created_at)
                };
                let now = Utc::now();
                let mut stored = config.clone();
                stored.qualifier = Some(qualifier.clone());
                stored.created_at = Some(created.unwrap_or(now));
                stored.modified_at = Some(now);
                st.ns_mut(&function.namespace)?
                    .functions
                    .get_mut(&function.name)
                    .ok_or_else(|| function_not_found(function))?
                    .async_configs
                    .insert(qualifier.clone(), stored.clone());
                Ok(stored)
            },
        )
        .await
    }

    async fn get_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<AsyncConfig> {
        self.call(
            Operation::GetAsyncConfig,
            |cfg| {
                cfg.check_ref(function)?;
                check_async_supported(cfg)?;
                cfg.caps.check_qualifier("qualifier", qualifier)
            },
            |st, cfg| {
                let (_, func) = st.func(cfg, function)?;
                func.async_configs
                    .get(qualifier)
                    .cloned()
                    .ok_or_else(|| async_config_not_found(function, qualifier))
            },
        )
        .await
    }

    async fn delete_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<()> {
        self.call(
            Operation::DeleteAsyncConfig,
            |cfg| {
                cfg.check_ref(function)?;
                check_async_supported(cfg)?;
                cfg.caps.check_qualifier("qualifier", qualifier)
            },
            |st, cfg| {
                st.func_ns_mut(cfg, function)?
                    .functions
                    .get_mut(&function.name)
                    .and_then(|f| f.async_configs.remove(qualifier))
                    .map(|_| ())
                    .ok_or_else(|| async_config_not_found(function, qualifier))
            },
        )
        .await
    }

    async fn list_async_configs_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<AsyncConfig>> {
        self.call(
            Operation::ListAsyncConfigs,
            |cfg| {
                cfg.check_ref(function)?;
                check_async_supported(cfg)
            },
            |st, cfg| {
                let after = match &request.token {
                    Some(t) => Some(t.as_str().parse::<Qualifier>().map_err(|_| bad_token(t))?),
                    None => None,
                };
                let (_, func) = st.func(cfg, function)?;
                let prefix = request.prefix.as_deref();
                let entries = func
                    .async_configs
                    .iter()
                    .filter(|(q, _)| has_prefix(&q.to_string(), prefix))
                    .map(|(q, c)| (q.clone(), c.clone()));
                Ok(make_page(
                    entries,
                    after.as_ref(),
                    cfg.page_size(request.page_size),
                    Qualifier::to_string,
                ))
            },
        )
        .await
    }
}

#[async_trait]
impl Quotas for InMemory {
    async fn list_quotas(&self) -> Result<Vec<Quota>> {
        self.call(
            Operation::ListQuotas,
            |cfg| cfg.caps.check_quotas(cfg.name),
            |st, cfg| {
                let limits = &cfg.limits;
                let mut quotas = vec![
                    Quota::new(
                        quota_name(QuotaKind::Functions),
                        QuotaKind::Functions,
                        Some(limits.functions),
                        Some(st.function_count()),
                    ),
                    Quota::new(
                        quota_name(QuotaKind::CodeStorage),
                        QuotaKind::CodeStorage,
                        Some(limits.code_mb),
                        Some(super::state::mb_rounded_up(st.code_bytes())),
                    )
                    .with_unit("MB"),
                ];
                if let Some(limit) = limits.concurrency {
                    quotas.push(Quota::new(
                        quota_name(QuotaKind::Concurrency),
                        QuotaKind::Concurrency,
                        Some(limit),
                        Some(st.in_flight),
                    ));
                }
                if let Some(limit) = limits.other {
                    quotas.push(Quota::new(
                        quota_name(QuotaKind::Other),
                        QuotaKind::Other,
                        Some(limit),
                        None,
                    ));
                }
                Ok(quotas)
            },
        )
        .await
    }
}

#[async_trait]
impl Invoker for InMemory {
    async fn invoke(
        &self,
        function: &FunctionRef,
        request: InvokeRequest,
    ) -> Result<InvokeResponse> {
        self.invoke_impl(function, request).await
    }
}

impl Provider for InMemory {
    fn name(&self) -> &'static str {
        self.inner.config.name
    }

    fn capabilities(&self) -> &Capabilities {
        &self.inner.config.caps
    }
}
