//! [`FunctionGraph`]: the neutral `cloudfn-core` traits on top of [`FunctionGraphClient`].
//!
//! The mapping follows docs/concepts.md; docs/providers/huawei.md describes it for users. In short:
//!
//! - **Namespaces are packages and implicit** ([`NamespaceModel::Implicit`](cloudfn_core::NamespaceModel::Implicit)): creating, updating and
//!   deleting one is `Unsupported` before anything is sent; reading and listing them is derived from the
//!   functions (ListFunctions, filtered by `package_name` and again client-side).
//! - **Lists are complete and ordered client-side.** FunctionGraph documents no order (and lists
//!   versions with `latest` among them, aliases and triggers without paging), so every `*_page` call
//!   fetches the whole listing (following `next_marker`), drops what is not an item of the neutral list,
//!   sorts it (functions, namespaces, aliases and triggers by name; versions by publish time, oldest
//!   first; async configs latest → versions → aliases), applies the prefix and returns one page. The page
//!   token is the opaque position of the next item.
//! - **Versions and aliases are per function**; alias weights are whole percents on the wire and
//!   fractions on a 0.01 step in the model.
//! - **Trigger ids are `{trigger_type_code}:{trigger_id}`** (e.g. `TIMER:8a2c…`), because every
//!   per-trigger path needs the type code; a bare FunctionGraph id is accepted too and resolved by listing
//!   the function's triggers. Only the status (`enabled`) of a trigger can change.
//! - Invalid input is rejected before sending with `InvalidArgument` or `Unsupported` naming the field
//!   and the rule ([`Capabilities::huawei_functiongraph`] plus the wire rules checked here).

mod mapping;

use std::fmt;

use async_trait::async_trait;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use cloudfn_core::transport::HttpRequest;
use cloudfn_core::{
    Alias, AliasSpec, AliasUpdate, Aliases, AsyncConfig, AsyncConfigs, Capabilities, Error,
    ErrorKind, Function, FunctionError, FunctionErrorKind, FunctionRef, FunctionSpec,
    FunctionUpdate, Functions, InvocationType, InvokeRequest, InvokeResponse, Invoker, ListRequest,
    Namespace, NamespaceSpec, NamespaceUpdate, Namespaces, Page, PageToken, Provider,
    PublishVersion, Qualifier, Quota, Quotas, Result, Trigger, TriggerKind, TriggerSpec,
    TriggerUpdate, Triggers, Version, VersionWeights, Versions,
};
use futures::TryStreamExt;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::PROVIDER;
use crate::api::types::{
    CreateFunctionRequest, CreateFunctionTriggerRequest, CreateFunctionVersionRequest,
    CreateVersionAliasRequest, FunctionConfig, ListFunctionAsyncInvokeConfigQuery,
    ListFunctionVersionsQuery, ListFunctionsQuery, TriggerInstance,
    UpdateFunctionAsyncInvokeConfigRequest, UpdateFunctionCodeRequest, UpdateFunctionConfigRequest,
    UpdateTriggerRequest, UpdateVersionAliasRequest,
};
use crate::api::{FunctionGraphClient, InvokeOptions};
use crate::urn::{FunctionUrn, LATEST, UrnQualifier};
use mapping::{
    ALIAS_RESERVED, FUNCTION_RESERVED, alias_from_wire, async_config_body, async_config_from_wire,
    async_config_is_empty, changes_config, check_extension_keys, code_to_wire,
    create_function_body, create_trigger_body, function_from_wire, kind_of_type_code,
    qualifier_order, quota_from_wire, split_trigger_id, status_to_wire, trigger_from_wire,
    trigger_type_code, update_config_body, version_from_wire, weights_to_wire,
};

/// Items per page when a [`ListRequest`] names no page size (as `InMemory`).
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// The largest `maxitems` of ListFunctions (FG §3.6.1), used to fetch listings in few requests.
const LIST_FUNCTIONS_MAX: u32 = 400;
/// The largest `limit` of ListFunctionAsyncInvokeConfig (FG §3.13.4).
const LIST_ASYNC_CONFIGS_MAX: u32 = 100;
/// Invoke extension: `X-Cff-Instance-Memory` (MB).
pub const INVOKE_EXT_INSTANCE_MEMORY: &str = "instance_memory";
/// Invoke extension: `X-CFF-Request-Version` (`v0` or `v1`; synchronous only).
pub const INVOKE_EXT_REQUEST_VERSION: &str = "request_version";

/// Huawei Cloud FunctionGraph behind the neutral [`Provider`] traits.
///
/// Build it with [`FunctionGraphBuilder::build_provider`](crate::FunctionGraphBuilder::build_provider)
/// or from a typed client with [`FunctionGraph::new`]; hold it as `Arc<dyn Provider>`. Cheap to clone;
/// `Debug` shows the endpoint, project and region, never a credential. [`client`](FunctionGraph::client)
/// is the escape hatch to every FunctionGraph operation the neutral API does not cover.
#[derive(Clone)]
pub struct FunctionGraph {
    client: FunctionGraphClient,
    region: String,
    caps: Capabilities,
}

impl fmt::Debug for FunctionGraph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FunctionGraph")
            .field("region", &self.region)
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

fn bad_token(token: &PageToken) -> Error {
    Error::invalid_argument(
        "page token",
        format_args!("`{token}` was not issued by this listing"),
    )
}

/// One page of `items` (already filtered and ordered): the token is the position of the next item.
fn page_of<T>(items: Vec<T>, request: &ListRequest, max: u32) -> Result<Page<T>> {
    let start = match &request.token {
        Some(t) => t.as_str().parse::<usize>().map_err(|_| bad_token(t))?,
        None => 0,
    };
    let size = request
        .page_size
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .clamp(1, max.max(1)) as usize;
    let total = items.len();
    let end = start.saturating_add(size).min(total);
    let page: Vec<T> = items.into_iter().skip(start).take(size).collect();
    let next = (end < total).then(|| PageToken::new(end.to_string()));
    Ok(Page::new(page, next))
}

fn has_prefix(name: &str, prefix: Option<&str>) -> bool {
    prefix.is_none_or(|p| name.starts_with(p))
}

/// `value` (a body built from the neutral model) as the wire request `T`; a member of the wrong type
/// (necessarily from `extensions`) is `InvalidArgument`.
fn to_wire<T: DeserializeOwned>(value: Value) -> Result<T> {
    serde_json::from_value(value).map_err(|e| {
        Error::invalid_argument(
            "extensions",
            format_args!("a member does not have the type FunctionGraph expects: {e}"),
        )
    })
}

fn trigger_not_found(f: &FunctionRef, id: &str) -> Error {
    Error::not_found(format_args!("trigger `{id}` of function `{f}`")).with_provider(PROVIDER)
}

/// Names `operation` on an error raised while mapping its answer (e.g. a `user_data` that is not JSON),
/// as the transport does for errors it raises.
fn answer_of(operation: &'static str) -> impl FnOnce(Error) -> Error {
    move |e| {
        if e.operation().is_none() {
            e.with_operation(operation)
        } else {
            e
        }
    }
}

fn unsupported(what: impl fmt::Display) -> Error {
    Error::unsupported(PROVIDER, what)
}

impl FunctionGraph {
    /// The neutral adapter over `client` for `region` (function URNs name the region and the client's
    /// project id).
    pub fn new(client: FunctionGraphClient, region: impl Into<String>) -> FunctionGraph {
        FunctionGraph {
            client,
            region: region.into(),
            caps: Capabilities::huawei_functiongraph(),
        }
    }

    /// The typed client: every FunctionGraph operation, including those the neutral API does not cover
    /// (dependencies, metrics, logs, reserved instances, tracing, ...).
    pub fn client(&self) -> &FunctionGraphClient {
        &self.client
    }

    /// The region the URNs name.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The full, unqualified URN of `f` (after checking its names).
    pub fn function_urn(&self, f: &FunctionRef) -> Result<FunctionUrn> {
        self.caps.check_namespace_name(&f.namespace)?;
        self.caps.names.function.check("function name", &f.name)?;
        FunctionUrn::from_ref(&self.region, self.client.project_id(), f)
    }

    /// The URN of `f` at `q`; `latest` is the unqualified URN (the server's default).
    fn urn_at(&self, f: &FunctionRef, q: &Qualifier) -> Result<FunctionUrn> {
        self.caps.check_qualifier("qualifier", q)?;
        let urn = self.function_urn(f)?;
        match q {
            Qualifier::Latest => Ok(urn),
            q => urn.with_qualifier(q),
        }
    }

    /// The URN of `f` at `q` with `latest` spelled out (async configs belong to one version).
    fn urn_exact(&self, f: &FunctionRef, q: &Qualifier) -> Result<FunctionUrn> {
        self.caps.check_qualifier("qualifier", q)?;
        self.function_urn(f)?.with_qualifier(q)
    }

    /// Every function of the account (of `package` when set: filtered by the server and again here).
    async fn all_functions(&self, package: Option<&str>) -> Result<Vec<FunctionConfig>> {
        let query = ListFunctionsQuery {
            maxitems: Some(LIST_FUNCTIONS_MAX),
            package_name: package.map(str::to_owned),
            ..ListFunctionsQuery::default()
        };
        let all: Vec<FunctionConfig> = self
            .client
            .list_functions_stream(query)
            .try_collect()
            .await?;
        Ok(match package {
            None => all,
            Some(p) => all
                .into_iter()
                .filter(|f| package_of(f).is_none_or(|fp| fp == p))
                .collect(),
        })
    }

    /// `NotFound` unless `f` exists (for listings that answer an empty list for a missing function).
    async fn ensure_function(&self, urn: &FunctionUrn) -> Result<()> {
        self.client.show_function_config(urn).await.map(drop)
    }

    /// The type code and FunctionGraph id of the trigger `id` of `f` (a bare id is looked up).
    async fn resolve_trigger(
        &self,
        f: &FunctionRef,
        urn: &FunctionUrn,
        id: &str,
    ) -> Result<(String, String)> {
        if let Some((ty, fg_id)) = split_trigger_id(id) {
            return Ok((ty.to_owned(), fg_id.to_owned()));
        }
        let all = self.client.list_function_triggers(urn).await?;
        all.iter()
            .find(|t| t.trigger_id.as_deref() == Some(id))
            .and_then(|t| t.trigger_type_code.clone())
            .map(|ty| (ty, id.to_owned()))
            .ok_or_else(|| trigger_not_found(f, id))
    }

    async fn show_trigger(&self, urn: &FunctionUrn, ty: &str, fg_id: &str) -> Result<Trigger> {
        let t = self.client.show_function_trigger(urn, ty, fg_id).await?;
        Ok(with_fallback_id(trigger_from_wire(&t, ty), ty, fg_id, &t))
    }
}

/// `trigger` with the id rebuilt from the request when the response carries none.
fn with_fallback_id(mut trigger: Trigger, ty: &str, fg_id: &str, t: &TriggerInstance) -> Trigger {
    if t.trigger_id.as_deref().is_none_or(str::is_empty) {
        let id = mapping::trigger_id(ty, fg_id);
        if trigger.name == trigger.id {
            trigger.name.clone_from(&id);
        }
        trigger.id = id;
    }
    trigger
}

/// The package of a listed function: `package`, else the one in `func_urn`.
fn package_of(f: &FunctionConfig) -> Option<String> {
    f.package.clone().filter(|p| !p.is_empty()).or_else(|| {
        f.func_urn
            .as_deref()
            .and_then(|u| u.parse::<FunctionUrn>().ok())
            .map(|u| u.package().to_owned())
    })
}

#[async_trait]
impl Namespaces for FunctionGraph {
    async fn create_namespace(&self, spec: NamespaceSpec) -> Result<Namespace> {
        self.caps.check_namespace_spec(PROVIDER, &spec)?;
        Err(unsupported(
            "creating namespaces: they exist while a function names them",
        ))
    }

    async fn get_namespace(&self, name: &str) -> Result<Namespace> {
        self.caps.check_namespace_name(name)?;
        let functions = self.all_functions(Some(name)).await?;
        if functions.is_empty() {
            return Err(Error::not_found(format_args!(
                "namespace `{name}` (no function names the package)"
            ))
            .with_provider(PROVIDER));
        }
        Ok(Namespace::new(name))
    }

    async fn update_namespace(&self, _name: &str, _update: NamespaceUpdate) -> Result<Namespace> {
        Err(unsupported(
            "updating namespaces: they exist while a function names them",
        ))
    }

    async fn delete_namespace(&self, _name: &str) -> Result<()> {
        Err(unsupported(
            "deleting namespaces: they exist while a function names them",
        ))
    }

    async fn list_namespaces_page(&self, request: ListRequest) -> Result<Page<Namespace>> {
        let functions = self.all_functions(None).await?;
        let prefix = request.prefix.as_deref();
        let names: std::collections::BTreeSet<String> = functions
            .iter()
            .filter_map(package_of)
            .filter(|p| has_prefix(p, prefix))
            .collect();
        page_of(
            names.into_iter().map(Namespace::new).collect(),
            &request,
            self.caps.max_page_size,
        )
    }
}

#[async_trait]
impl Functions for FunctionGraph {
    async fn create_function(&self, namespace: &str, spec: FunctionSpec) -> Result<Function> {
        self.caps.check_namespace_name(namespace)?;
        self.caps.check_function_spec(&spec)?;
        let f = FunctionRef::new(namespace, &spec.name);
        self.function_urn(&f)?;
        let body = create_function_body(&self.caps, &self.region, namespace, &spec)?;
        let req: CreateFunctionRequest = to_wire(body)?;
        let created = self.client.create_function(&req).await?;
        function_from_wire(&created, &f).map_err(answer_of("CreateFunction"))
    }

    async fn get_function(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<Function> {
        let urn = self.urn_at(function, qualifier)?;
        let cfg = self.client.show_function_config(&urn).await?;
        function_from_wire(&cfg, function).map_err(answer_of("ShowFunctionConfig"))
    }

    async fn update_function(
        &self,
        function: &FunctionRef,
        update: FunctionUpdate,
    ) -> Result<Function> {
        let urn = self.function_urn(function)?;
        self.caps
            .check_if_match(PROVIDER, update.if_match.as_deref())?;
        self.caps.check_function_update(&update)?;
        check_extension_keys("extensions", &update.extensions, FUNCTION_RESERVED)?;
        let config = changes_config(&update);
        if config {
            // Everything the update names is checked against the wire types before anything is sent.
            // The required members come from the current configuration, read later; stand-ins here.
            let stand_in = FunctionConfig {
                runtime: Some(String::new()),
                timeout: Some(0),
                handler: Some(String::new()),
                memory_size: Some(0),
                ..FunctionConfig::default()
            };
            to_wire::<UpdateFunctionConfigRequest>(update_config_body(
                &stand_in,
                &function.name,
                &update,
            )?)?;
        }
        let code = update
            .code
            .as_ref()
            .map(|c| {
                let mut body = code_to_wire(c, &self.region)?;
                body.entry("func_code").or_insert_with(|| json!({}));
                to_wire::<UpdateFunctionCodeRequest>(Value::Object(body))
            })
            .transpose()?;
        if let Some(code) = &code {
            self.client.update_function_code(&urn, code).await?;
        }
        let cfg = if config {
            let current = self.client.show_function_config(&urn).await?;
            let body = update_config_body(&current, &function.name, &update)?;
            let req: UpdateFunctionConfigRequest = to_wire(body)?;
            self.client.update_function_config(&urn, &req).await?
        } else {
            self.client.show_function_config(&urn).await?
        };
        let op = if config {
            "UpdateFunctionConfig"
        } else {
            "ShowFunctionConfig"
        };
        function_from_wire(&cfg, function).map_err(answer_of(op))
    }

    async fn delete_function(&self, function: &FunctionRef) -> Result<()> {
        // An unqualified URN deletes the function with every version, alias and trigger (FG §3.6.3).
        let urn = self.function_urn(function)?;
        self.client.delete_function(&urn).await
    }

    async fn list_functions_page(
        &self,
        namespace: &str,
        request: ListRequest,
    ) -> Result<Page<Function>> {
        self.caps.check_namespace_name(namespace)?;
        let fallback = FunctionRef::new(namespace, "");
        let prefix = request.prefix.as_deref();
        let mut functions = self
            .all_functions(Some(namespace))
            .await?
            .iter()
            .map(|c| function_from_wire(c, &fallback))
            .collect::<Result<Vec<Function>>>()
            .map_err(answer_of("ListFunctions"))?;
        functions.retain(|f| has_prefix(&f.name, prefix));
        functions.sort_by(|a, b| a.name.cmp(&b.name));
        page_of(functions, &request, self.caps.max_page_size)
    }

    async fn get_function_code(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<Bytes> {
        let urn = self.urn_at(function, qualifier)?;
        let code = self.client.show_function_code(&urn).await?;
        let inline = code
            .func_code
            .as_ref()
            .and_then(|c| c.file.as_deref())
            .filter(|f| !f.is_empty());
        if let Some(file) = inline {
            return BASE64.decode(file.trim()).map(Bytes::from).map_err(|e| {
                Error::new(
                    ErrorKind::Decode,
                    format!("ShowFunctionCode: `func_code.file` is not base64: {e}"),
                )
                .with_provider(PROVIDER)
                .with_operation("ShowFunctionCode")
            });
        }
        let link = code
            .func_code
            .as_ref()
            .and_then(|c| c.link.clone())
            .filter(|l| !l.is_empty())
            .or_else(|| code.code_url.clone().filter(|u| !u.is_empty()))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Service,
                    format!(
                        "ShowFunctionCode returned neither the code nor a link to it for `{function}` at {qualifier}"
                    ),
                )
                .with_provider(PROVIDER)
                .with_operation("ShowFunctionCode")
            })?;
        let url = url::Url::parse(&link).map_err(|e| {
            Error::new(
                ErrorKind::Decode,
                format!("ShowFunctionCode: the code link `{link}` is not a URL: {e}"),
            )
            .with_provider(PROVIDER)
            .with_operation("ShowFunctionCode")
        })?;
        let resp = self
            .client
            .transport()
            .send(HttpRequest::get(url, "DownloadFunctionCode").unsigned())
            .await?;
        Ok(resp.into_body())
    }
}

#[async_trait]
impl Versions for FunctionGraph {
    async fn publish_version(
        &self,
        function: &FunctionRef,
        options: PublishVersion,
    ) -> Result<Version> {
        let urn = self.function_urn(function)?;
        self.caps
            .check_if_match(PROVIDER, options.if_match.as_deref())?;
        self.caps.check_publish(PROVIDER, &options)?;
        if options
            .name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(LATEST))
        {
            return Err(Error::invalid_argument(
                "version name",
                "`latest` names the unpublished head and cannot be a version",
            ));
        }
        let body = CreateFunctionVersionRequest {
            version: options.name.clone(),
            description: options.description.clone(),
            ..CreateFunctionVersionRequest::default()
        };
        let cfg = self.client.create_function_version(&urn, &body).await?;
        match version_from_wire(&cfg) {
            Some(v) => Ok(v),
            None => options.name.map(Version::new).ok_or_else(|| {
                Error::new(
                    ErrorKind::Decode,
                    "CreateFunctionVersion answered without the version's name",
                )
                .with_provider(PROVIDER)
                .with_operation("CreateFunctionVersion")
            }),
        }
    }

    async fn list_versions_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Version>> {
        let urn = self.function_urn(function)?;
        let all: Vec<FunctionConfig> = self
            .client
            .list_function_versions_stream(&urn, ListFunctionVersionsQuery::default())
            .try_collect()
            .await?;
        let prefix = request.prefix.as_deref();
        let mut versions: Vec<Version> = all
            .iter()
            .filter_map(version_from_wire)
            .filter(|v| !v.id.eq_ignore_ascii_case(LATEST) && has_prefix(&v.id, prefix))
            .collect();
        // FunctionGraph documents no order; oldest first by publish time (a version's `last_modified`),
        // the server's order between versions of the same second, and the server's order throughout when
        // a version has no time.
        if versions.iter().all(|v| v.created_at.is_some()) {
            versions.sort_by_key(|v| v.created_at);
        }
        page_of(versions, &request, self.caps.max_page_size)
    }

    async fn delete_version(&self, function: &FunctionRef, version: &str) -> Result<()> {
        let urn = self.function_urn(function)?;
        if version.is_empty() {
            return Err(Error::invalid_argument("version", "must not be empty"));
        }
        if version.eq_ignore_ascii_case(LATEST) {
            return Err(Error::invalid_argument(
                "version",
                "latest is not a published version and cannot be deleted on its own",
            ));
        }
        let urn = urn.with_qualifier(UrnQualifier::Version(version.to_owned()))?;
        self.client.delete_function(&urn).await
    }
}

/// Rejects `latest` among the extra versions of an alias.
fn check_no_latest_weight(weights: &VersionWeights) -> Result<()> {
    match weights.keys().find(|v| v.eq_ignore_ascii_case(LATEST)) {
        Some(v) => Err(Error::invalid_argument(
            &format!("additional_weights[{v}]"),
            "must name a published version, not latest",
        )),
        None => Ok(()),
    }
}

#[async_trait]
impl Aliases for FunctionGraph {
    async fn create_alias(&self, function: &FunctionRef, spec: AliasSpec) -> Result<Alias> {
        let urn = self.function_urn(function)?;
        self.caps.check_alias_spec(&spec)?;
        check_no_latest_weight(&spec.additional_weights)?;
        check_extension_keys("extensions", &spec.extensions, ALIAS_RESERVED)?;
        let body = CreateVersionAliasRequest {
            name: spec.name.clone(),
            version: spec.version.clone(),
            description: spec.description.clone(),
            additional_version_weights: (!spec.additional_weights.is_empty())
                .then(|| weights_to_wire(&spec.additional_weights)),
            extra: spec.extensions.clone(),
        };
        let a = self.client.create_version_alias(&urn, &body).await?;
        Ok(alias_from_wire(&a, &spec.name))
    }

    async fn get_alias(&self, function: &FunctionRef, name: &str) -> Result<Alias> {
        let urn = self.function_urn(function)?;
        self.caps.names.alias.check("alias name", name)?;
        let a = self.client.show_version_alias(&urn, name).await?;
        Ok(alias_from_wire(&a, name))
    }

    async fn update_alias(
        &self,
        function: &FunctionRef,
        name: &str,
        update: AliasUpdate,
    ) -> Result<Alias> {
        let urn = self.function_urn(function)?;
        self.caps
            .check_if_match(PROVIDER, update.if_match.as_deref())?;
        self.caps.names.alias.check("alias name", name)?;
        check_extension_keys("extensions", &update.extensions, ALIAS_RESERVED)?;
        match &update.version {
            Some(v) => self.caps.check_alias_update(v, &update)?,
            None => {
                if let Some(w) = &update.additional_weights {
                    self.caps.check_weights("", w)?;
                }
            }
        }
        if let Some(w) = &update.additional_weights {
            check_no_latest_weight(w)?;
        }
        // UpdateVersionAlias replaces the alias whole (`version` is required): what the update does not
        // name is carried over from the current alias.
        let current = self.client.show_version_alias(&urn, name).await?;
        let current = alias_from_wire(&current, name);
        self.caps.check_alias_update(&current.version, &update)?;
        let version = update.version.clone().unwrap_or(current.version);
        let weights = update
            .additional_weights
            .clone()
            .unwrap_or(current.additional_weights);
        self.caps.check_weights(&version, &weights)?;
        let body = UpdateVersionAliasRequest {
            version,
            description: update.description.clone().or(current.description),
            additional_version_weights: Some(weights_to_wire(&weights)),
            extra: update.extensions.clone(),
        };
        let a = self.client.update_version_alias(&urn, name, &body).await?;
        Ok(alias_from_wire(&a, name))
    }

    async fn delete_alias(&self, function: &FunctionRef, name: &str) -> Result<()> {
        let urn = self.function_urn(function)?;
        self.caps.names.alias.check("alias name", name)?;
        self.client.delete_version_alias(&urn, name).await
    }

    async fn list_aliases_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Alias>> {
        let urn = self.function_urn(function)?;
        let all = self.client.list_version_aliases(&urn).await?;
        if all.is_empty() {
            self.ensure_function(&urn).await?;
        }
        let prefix = request.prefix.as_deref();
        let mut aliases: Vec<Alias> = all
            .iter()
            .map(|a| alias_from_wire(a, ""))
            .filter(|a| has_prefix(&a.name, prefix))
            .collect();
        aliases.sort_by(|a, b| a.name.cmp(&b.name));
        page_of(aliases, &request, self.caps.max_page_size)
    }
}

#[async_trait]
impl Triggers for FunctionGraph {
    async fn create_trigger(&self, function: &FunctionRef, spec: TriggerSpec) -> Result<Trigger> {
        self.function_urn(function)?;
        self.caps.check_trigger_spec(PROVIDER, &spec)?;
        if spec.description.is_some() {
            return Err(unsupported(
                "trigger descriptions (TriggerSpec::description): FunctionGraph triggers have none",
            ));
        }
        if spec.enabled == Some(false) {
            check_can_disable(&trigger_type_code(&spec.config))?;
        }
        let urn = self.urn_at(
            function,
            spec.qualifier.as_ref().unwrap_or(&Qualifier::Latest),
        )?;
        let body: CreateFunctionTriggerRequest = to_wire(create_trigger_body(&spec)?)?;
        let created = self.client.create_function_trigger(&urn, &body).await?;
        let mut t = trigger_from_wire(&created, &body.trigger_type_code);
        t.qualifier.clone_from(&spec.qualifier);
        if created.status().is_none() {
            t.enabled = spec.enabled;
        }
        Ok(t)
    }

    async fn get_trigger(&self, function: &FunctionRef, id: &str) -> Result<Trigger> {
        let urn = self.function_urn(function)?;
        if id.is_empty() {
            return Err(Error::invalid_argument("trigger id", "must not be empty"));
        }
        let (ty, fg_id) = self.resolve_trigger(function, &urn, id).await?;
        self.show_trigger(&urn, &ty, &fg_id).await
    }

    async fn update_trigger(
        &self,
        function: &FunctionRef,
        id: &str,
        update: TriggerUpdate,
    ) -> Result<Trigger> {
        let urn = self.function_urn(function)?;
        if id.is_empty() {
            return Err(Error::invalid_argument("trigger id", "must not be empty"));
        }
        self.caps
            .check_if_match(PROVIDER, update.if_match.as_deref())?;
        self.caps.check_trigger_update(PROVIDER, &update)?;
        for (set, field) in [
            (update.qualifier.is_some(), "qualifier"),
            (update.description.is_some(), "description"),
            (!update.extensions.is_empty(), "extensions"),
        ] {
            if set {
                return Err(unsupported(format_args!(
                    "changing a trigger's `{field}`: FunctionGraph updates only the status (`enabled`); \
                     delete the trigger and create a new one"
                )));
            }
        }
        let check_config = |ty: &str| -> Result<()> {
            let Some(config) = &update.config else {
                return Ok(());
            };
            let current = kind_of_type_code(ty);
            let wanted = config.kind();
            if current != wanted || (wanted == TriggerKind::Raw && trigger_type_code(config) != ty)
            {
                return Err(Error::invalid_argument(
                    "trigger config",
                    format_args!(
                        "cannot turn a {current} trigger ({ty}) into a {wanted} trigger ({}); delete it and create a new one",
                        trigger_type_code(config)
                    ),
                ));
            }
            Err(unsupported(
                "changing a trigger's `config`: FunctionGraph updates only the status (`enabled`); \
                 delete the trigger and create a new one",
            ))
        };
        if let Some((ty, _)) = split_trigger_id(id) {
            check_config(ty)?;
            if update.enabled == Some(false) {
                check_can_disable(ty)?;
            }
        }
        let (ty, fg_id) = self.resolve_trigger(function, &urn, id).await?;
        check_config(&ty)?;
        if update.enabled == Some(false) {
            check_can_disable(&ty)?;
        }
        let Some(enabled) = update.enabled else {
            return self.show_trigger(&urn, &ty, &fg_id).await;
        };
        let body = UpdateTriggerRequest {
            trigger_status: Some(status_to_wire(enabled).to_owned()),
            ..UpdateTriggerRequest::default()
        };
        match self.client.update_trigger(&urn, &ty, &fg_id, &body).await? {
            Some(t) => Ok(with_fallback_id(
                trigger_from_wire(&t, &ty),
                &ty,
                &fg_id,
                &t,
            )),
            None => self.show_trigger(&urn, &ty, &fg_id).await,
        }
    }

    async fn delete_trigger(&self, function: &FunctionRef, id: &str) -> Result<()> {
        let urn = self.function_urn(function)?;
        if id.is_empty() {
            return Err(Error::invalid_argument("trigger id", "must not be empty"));
        }
        let (ty, fg_id) = self.resolve_trigger(function, &urn, id).await?;
        self.client.delete_function_trigger(&urn, &ty, &fg_id).await
    }

    async fn list_triggers_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Trigger>> {
        let urn = self.function_urn(function)?;
        let all = self.client.list_function_triggers(&urn).await?;
        if all.is_empty() {
            self.ensure_function(&urn).await?;
        }
        let prefix = request.prefix.as_deref();
        let mut triggers: Vec<Trigger> = all
            .iter()
            .map(|t| trigger_from_wire(t, ""))
            .filter(|t| has_prefix(&t.name, prefix))
            .collect();
        triggers.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        page_of(triggers, &request, self.caps.max_page_size)
    }
}

/// The trigger types FunctionGraph can disable (FG §3.12.3).
pub const DISABLEABLE_TRIGGER_TYPES: &[&str] = &["TIMER", "DDS", "DMS", "KAFKA", "LTS"];

/// `Unsupported` unless triggers of type `ty` can be disabled (the same kind as
/// [`Capabilities::check_trigger_enabled`](cloudfn_core::Capabilities::check_trigger_enabled) gives for a
/// whole trigger kind).
fn check_can_disable(ty: &str) -> Result<()> {
    if DISABLEABLE_TRIGGER_TYPES.contains(&ty) {
        return Ok(());
    }
    Err(Error::unsupported(
        PROVIDER,
        format_args!(
            "disabling {ty} triggers (enabled: false; only {} triggers can be disabled)",
            DISABLEABLE_TRIGGER_TYPES.join(", ")
        ),
    ))
}

fn async_config_not_found(f: &FunctionRef, q: &Qualifier) -> Error {
    Error::not_found(format_args!("async config of function `{f}` at {q}")).with_provider(PROVIDER)
}

#[async_trait]
impl AsyncConfigs for FunctionGraph {
    async fn put_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
        config: AsyncConfig,
    ) -> Result<AsyncConfig> {
        let urn = self.urn_exact(function, qualifier)?;
        self.caps.check_async_config(PROVIDER, qualifier, &config)?;
        let body = async_config_body(&config, &self.region, self.client.project_id())?;
        let req: UpdateFunctionAsyncInvokeConfigRequest = to_wire(body)?;
        let resp = self
            .client
            .update_function_async_invoke_config(&urn, &req)
            .await?;
        if async_config_is_empty(&resp) {
            let mut stored = config;
            stored.qualifier = Some(qualifier.clone());
            return Ok(stored);
        }
        Ok(async_config_from_wire(&resp, qualifier))
    }

    async fn get_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<AsyncConfig> {
        let urn = self.urn_exact(function, qualifier)?;
        let resp = self.client.show_function_async_invoke_config(&urn).await?;
        if async_config_is_empty(&resp) {
            return Err(async_config_not_found(function, qualifier));
        }
        Ok(async_config_from_wire(&resp, qualifier))
    }

    async fn delete_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<()> {
        let urn = self.urn_exact(function, qualifier)?;
        self.client.delete_function_async_invoke_config(&urn).await
    }

    async fn list_async_configs_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<AsyncConfig>> {
        let urn = self.function_urn(function)?;
        let query = ListFunctionAsyncInvokeConfigQuery {
            limit: Some(LIST_ASYNC_CONFIGS_MAX),
            ..ListFunctionAsyncInvokeConfigQuery::default()
        };
        let all: Vec<_> = self
            .client
            .list_function_async_invoke_config_stream(&urn, query)
            .try_collect()
            .await?;
        let prefix = request.prefix.as_deref();
        let mut configs: Vec<AsyncConfig> = all
            .iter()
            .map(|c| async_config_from_wire(c, &Qualifier::Latest))
            .filter(|c| has_prefix(&qualifier_order(c).to_string(), prefix))
            .collect();
        configs.sort_by_key(qualifier_order);
        page_of(configs, &request, self.caps.max_page_size)
    }
}

#[async_trait]
impl Quotas for FunctionGraph {
    async fn list_quotas(&self) -> Result<Vec<Quota>> {
        self.caps.check_quotas(PROVIDER)?;
        let resp = self.client.list_quotas().await?;
        Ok(resp
            .quotas
            .and_then(|q| q.resources)
            .unwrap_or_default()
            .iter()
            .map(quota_from_wire)
            .collect())
    }
}

/// The invoke options of `request` (its extensions: `instance_memory`, `request_version`).
fn invoke_options(request: &InvokeRequest) -> Result<(Option<u32>, Option<String>)> {
    let mut memory = None;
    let mut version = None;
    for (key, value) in &request.extensions {
        match key.as_str() {
            INVOKE_EXT_INSTANCE_MEMORY => {
                memory = Some(
                    value
                        .as_u64()
                        .and_then(|m| u32::try_from(m).ok())
                        .ok_or_else(|| {
                            Error::invalid_argument(
                                "extensions.instance_memory",
                                "must be a memory size in MB (a positive integer)",
                            )
                        })?,
                );
            }
            INVOKE_EXT_REQUEST_VERSION if request.invocation_type == InvocationType::Sync => {
                version = Some(
                    value
                        .as_str()
                        .filter(|v| matches!(*v, "v0" | "v1"))
                        .ok_or_else(|| {
                            Error::invalid_argument(
                                "extensions.request_version",
                                "must be \"v0\" (text) or \"v1\" (JSON)",
                            )
                        })?
                        .to_owned(),
                );
            }
            other => {
                return Err(Error::invalid_argument(
                    &format!("extensions.{other}"),
                    format_args!(
                        "not an option of this invocation (known: {INVOKE_EXT_INSTANCE_MEMORY}, and \
                         {INVOKE_EXT_REQUEST_VERSION} for synchronous calls)"
                    ),
                ));
            }
        }
    }
    Ok((memory, version))
}

#[async_trait]
impl Invoker for FunctionGraph {
    async fn invoke(
        &self,
        function: &FunctionRef,
        request: InvokeRequest,
    ) -> Result<InvokeResponse> {
        let urn = self.urn_at(function, &request.qualifier)?;
        self.caps.check_invoke(PROVIDER, &request)?;
        let (memory, version) = invoke_options(&request)?;
        if request.invocation_type == InvocationType::Async {
            let event: Value = if request.payload.iter().all(u8::is_ascii_whitespace) {
                json!({})
            } else {
                serde_json::from_slice(&request.payload).map_err(|e| {
                    Error::invalid_argument(
                        "payload",
                        format_args!(
                            "FunctionGraph asynchronous invocations take a JSON event: {e}"
                        ),
                    )
                })?
            };
            let resp = self
                .client
                .async_invoke_function(&urn, &event, memory)
                .await?;
            let mut out = InvokeResponse::new(Bytes::new());
            out.request_id.clone_from(&resp.request_id);
            out.async_invocation_id = resp.request_id;
            return Ok(out);
        }
        let mut options = InvokeOptions::new();
        options.log_tail = request.log_tail;
        options.instance_memory = memory;
        if version.is_some() {
            options.request_version = version;
        }
        let result = self
            .client
            .invoke_function_raw(&urn, request.payload.clone(), &options)
            .await?;
        let text = result.result().unwrap_or_default().to_owned();
        let mut out = InvokeResponse::new(Bytes::from(text.clone()));
        if result.is_function_error() {
            // FunctionGraph reports only a non-zero status: handled and unhandled failures look alike.
            out.function_error = Some(FunctionError::new(
                FunctionErrorKind::Unhandled,
                Some(text).filter(|t| !t.is_empty()),
            ));
        }
        // Only a tail that was asked for (a server may send an empty `log` regardless).
        out.log_tail = result.log().filter(|_| request.log_tail).map(str::to_owned);
        out.request_id = result.request_id().map(str::to_owned);
        out.duration = result
            .function_duration
            .as_deref()
            .and_then(|d| d.trim().parse::<f64>().ok())
            .filter(|ms| ms.is_finite() && *ms >= 0.0 && *ms < 1e12)
            .map(|ms| std::time::Duration::from_nanos((ms * 1e6).round() as u64));
        if let Some(status) = result.status() {
            out.extensions.insert("status".into(), json!(status));
        }
        if let Some(s) = &result.invoke_summary {
            out.extensions.insert("invoke_summary".into(), json!(s));
        }
        if let Some(b) = &result.billing_duration {
            out.extensions.insert("billing_duration".into(), json!(b));
        }
        Ok(out)
    }
}

impl Provider for FunctionGraph {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_positions_and_clamp() {
        let items: Vec<u32> = (0..5).collect();
        let p = page_of(items.clone(), &ListRequest::new().with_page_size(2), 400).unwrap();
        assert_eq!(p.items, [0, 1]);
        let t = p.next.unwrap();
        let p = page_of(
            items.clone(),
            &ListRequest::new().with_page_size(2).with_token(t),
            400,
        )
        .unwrap();
        assert_eq!(p.items, [2, 3]);
        let p = page_of(
            items.clone(),
            &ListRequest::new()
                .with_page_size(2)
                .with_token(p.next.unwrap()),
            400,
        )
        .unwrap();
        assert_eq!((p.items.as_slice(), p.next), (&[4][..], None));
        let p = page_of(items.clone(), &ListRequest::new().with_page_size(9), 3).unwrap();
        assert_eq!(p.items.len(), 3);
        let err = page_of(
            items,
            &ListRequest::new().with_token(PageToken::new("x")),
            400,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    }
}
