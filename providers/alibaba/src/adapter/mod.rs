//! [`AlibabaFc`]: the `cloudfn-core` provider traits on top of the typed [`FcClient`]. The mapping is
//! documented on [`AlibabaFc`]; the pure conversions are in `mapping` and `arn`.

mod arn;
mod mapping;

use std::fmt;

use async_trait::async_trait;
use bytes::Bytes;
use cloudfn_core::{
    Alias, AliasSpec, AliasUpdate, Aliases, AsyncConfig, AsyncConfigs, Capabilities, Error,
    ErrorKind, Function, FunctionRef, FunctionSpec, FunctionUpdate, Functions, InvocationType,
    InvokeRequest, InvokeResponse, Invoker, ListRequest, Namespace, NamespaceSpec, NamespaceUpdate,
    Namespaces, Page, PageToken, Provider, PublishVersion, Qualifier, Quota, Quotas, Result,
    Trigger, TriggerSpec, TriggerUpdate, Triggers, Version, Versions,
};
use futures::TryStreamExt;
use serde_json::Value;

use crate::api::types::PublishVersionRequest;
use crate::api::{
    self, Direction, FcClient, InvokeInput, ListOptions, ListServicesOptions, ListVersionsOptions,
    PageOptions,
};
use crate::error::PROVIDER;
use arn::{ArnScope, wire_qualifier};

/// Response header with the version that ran (alibaba-fc.md §2.3; name only in the spec).
const CODE_VERSION_HEADER: &str = "x-fc-invocation-code-version";

/// Response headers reported in [`InvokeResponse::extensions`] (as strings, under their lower-case
/// names).
const INVOKE_EXTENSION_HEADERS: &[&str] = &[
    api::INSTANCE_ID_HEADER,
    api::CODE_CHECKSUM_RESPONSE_HEADER,
    "x-fc-invocation-duration",
    "x-fc-max-memory-usage",
    CODE_VERSION_HEADER,
];

/// Alibaba Cloud Function Compute (API 2016-08-15) behind the neutral `cloudfn-core` traits.
///
/// Build one from a configured [`FcClient`] with [`AlibabaFc::new`], or from the builder with
/// [`AlibabaFcBuilder::build_provider`](crate::AlibabaFcBuilder::build_provider). The account id and the
/// region are needed to build and read the ARNs of OSS trigger sources and async destinations. Cheap to
/// clone; `Debug` shows the endpoint, account and region, never credentials.
///
/// The mapping (docs/concepts.md, docs/providers/alibaba.md), in short:
///
/// - **Namespace = service.** Service fields the model does not type (`role`, `logConfig`, `vpcConfig`,
///   `serviceId`, ...) are kept in `extensions` under FC's keys, and sent back from there.
/// - **Versions and aliases belong to the service** ([`VersionScope::Namespace`](cloudfn_core::VersionScope)).
///   `publish_version(f)` publishes the service `f.namespace`: every function in it is frozen under the new
///   id, not only `f`, and `if_match` is the service's etag. The versions and aliases listed through any
///   function of the service are the service's. Every version and alias call first checks that the
///   function exists (one `GetFunction`), so a call through a missing function is `NotFound`.
/// - **Triggers** are addressed by name (`Trigger::id` = `triggerName`); timer, HTTP and OSS triggers are
///   typed, every other FC type is `Raw`. `enabled` is `triggerConfig.enable`.
/// - **Async destinations** are FC ARNs: functions, MNS queues and topics of this account and region are
///   typed, other ARNs are `Destination::Raw { provider_type: "acs:{service}", target: arn }`.
/// - **Quotas** are `Unsupported`. `InvokeRequest::allow_retry` is not honoured (sync invokes are never
///   re-sent).
/// - **Invalid input is refused before sending** by the `Capabilities::check_*` validators of
///   [`Capabilities::alibaba_fc`], with `InvalidArgument` naming the field and the rule, or `Unsupported`.
/// - Some calls read before they write (`update_alias`, `update_trigger`, `delete_version`,
///   `put_async_config`, `delete_function`): they are not atomic.
///
/// Every error carries the provider name `alibaba-fc` and an operation name (the FC operation that failed,
/// or the one the refused call maps to).
///
/// ```no_run
/// use cloudfn_alibaba::AlibabaFcBuilder;
/// use cloudfn_core::{NamespaceSpec, ProviderExt};
///
/// # async fn demo() -> cloudfn_core::Result<()> {
/// let fc = AlibabaFcBuilder::from_env()?.build_provider()?;
/// fc.ensure_namespace(NamespaceSpec::new("shop")).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct AlibabaFc {
    client: FcClient,
    scope: ArnScope,
    caps: Capabilities,
}

impl fmt::Debug for AlibabaFc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlibabaFc")
            .field("endpoint", &self.client.endpoint().as_str())
            .field("account_id", &self.scope.account_id)
            .field("region", &self.scope.region)
            .finish_non_exhaustive()
    }
}

/// Adds the provider and operation to an error that does not name them yet.
fn ctx(op: &'static str, e: Error) -> Error {
    let e = if e.provider().is_none() {
        e.with_provider(PROVIDER)
    } else {
        e
    };
    if e.operation().is_none() {
        e.with_operation(op)
    } else {
        e
    }
}

fn nonempty(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid_argument(field, "must not be empty"));
    }
    Ok(())
}

fn not_found(e: &Error) -> bool {
    e.kind() == ErrorKind::NotFound
}

impl AlibabaFc {
    /// An adapter over `client` for the account `account_id` in `region` (e.g. `cn-hangzhou`). The
    /// account and region are not checked against the client's endpoint (an emulator's endpoint names
    /// neither).
    pub fn new(client: FcClient, account_id: impl Into<String>, region: impl Into<String>) -> Self {
        AlibabaFc {
            client,
            scope: ArnScope {
                account_id: account_id.into(),
                region: region.into(),
            },
            caps: Capabilities::alibaba_fc(),
        }
    }

    /// The typed client: the escape hatch to every FC operation the neutral traits do not cover.
    pub fn client(&self) -> &FcClient {
        &self.client
    }

    /// The account id ARNs are built with.
    pub fn account_id(&self) -> &str {
        &self.scope.account_id
    }

    /// The region ARNs are built with.
    pub fn region(&self) -> &str {
        &self.scope.region
    }

    fn page_limit(&self, request: &ListRequest) -> Option<u32> {
        request
            .page_size
            .map(|s| s.clamp(1, self.caps.max_page_size))
    }

    fn check_ref(&self, f: &FunctionRef) -> Result<()> {
        self.caps.check_namespace_name(&f.namespace)?;
        self.caps.names.function.check("function name", &f.name)
    }

    /// `NotFound` unless the function exists (versions and aliases are service-wide on FC, but the
    /// traits address them through a function).
    async fn ensure_function(&self, f: &FunctionRef) -> Result<()> {
        self.client
            .get_function(&f.namespace, None, &f.name)
            .await?;
        Ok(())
    }

    fn token(next: Option<String>) -> Option<PageToken> {
        next.filter(|t| !t.is_empty()).map(PageToken::new)
    }
}

// ------------------------------------------------------------------ namespaces

#[async_trait]
impl Namespaces for AlibabaFc {
    async fn create_namespace(&self, spec: NamespaceSpec) -> Result<Namespace> {
        const OP: &str = "CreateService";
        let go = async {
            self.caps.check_namespace_spec(PROVIDER, &spec)?;
            let body = mapping::create_service_request(&spec)?;
            let resp = self.client.create_service(&body).await?;
            Ok(mapping::namespace_from_service(
                &spec.name,
                &resp.value,
                resp.etag,
            ))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn get_namespace(&self, name: &str) -> Result<Namespace> {
        const OP: &str = "GetService";
        let go = async {
            self.caps.check_namespace_name(name)?;
            let resp = self.client.get_service(name, None).await?;
            Ok(mapping::namespace_from_service(
                name,
                &resp.value,
                resp.etag,
            ))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn update_namespace(&self, name: &str, update: NamespaceUpdate) -> Result<Namespace> {
        const OP: &str = "UpdateService";
        let go = async {
            self.caps
                .check_if_match(PROVIDER, update.if_match.as_deref())?;
            let mut probe = NamespaceSpec::new(name);
            probe.description.clone_from(&update.description);
            self.caps.check_namespace_spec(PROVIDER, &probe)?;
            let body = mapping::update_service_request(&update)?;
            let resp = self
                .client
                .update_service(name, &body, update.if_match.as_deref())
                .await?;
            Ok(mapping::namespace_from_service(
                name,
                &resp.value,
                resp.etag,
            ))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn delete_namespace(&self, name: &str) -> Result<()> {
        const OP: &str = "DeleteService";
        let go = async {
            self.caps.check_namespace_name(name)?;
            self.client.delete_service(name, None).await?;
            Ok(())
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn list_namespaces_page(&self, request: ListRequest) -> Result<Page<Namespace>> {
        const OP: &str = "ListServices";
        let go = async {
            let options = ListServicesOptions {
                limit: self.page_limit(&request),
                next_token: request.token.as_ref().map(|t| t.as_str().to_owned()),
                prefix: request.prefix.clone(),
                ..ListServicesOptions::default()
            };
            let page = self.client.list_services(&options).await?.value;
            let items = page
                .services
                .iter()
                .map(|s| mapping::namespace_from_service("", s, None))
                .collect();
            Ok(Page::new(items, Self::token(page.next_token)))
        };
        go.await.map_err(|e| ctx(OP, e))
    }
}

// ------------------------------------------------------------------ functions

#[async_trait]
impl Functions for AlibabaFc {
    async fn create_function(&self, namespace: &str, spec: FunctionSpec) -> Result<Function> {
        const OP: &str = "CreateFunction";
        let go = async {
            self.caps.check_namespace_name(namespace)?;
            self.caps.check_function_spec(&spec)?;
            let body = mapping::create_function_request(&spec)?;
            let resp = self.client.create_function(namespace, &body).await?;
            Ok(mapping::function_from_wire(
                namespace,
                &spec.name,
                &resp.value,
                resp.etag,
                None,
            ))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn get_function(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<Function> {
        const OP: &str = "GetFunction";
        let go = async {
            self.check_ref(function)?;
            self.caps.check_qualifier("qualifier", qualifier)?;
            let resp = self
                .client
                .get_function(
                    &function.namespace,
                    wire_qualifier(qualifier),
                    &function.name,
                )
                .await?;
            // FC does not say which version an alias read resolved to: ask the alias.
            let version = match qualifier {
                Qualifier::Latest => None,
                Qualifier::Version(v) => Some(v.clone()),
                Qualifier::Alias(a) => self
                    .client
                    .get_alias(&function.namespace, a)
                    .await?
                    .value
                    .version_id
                    .filter(|v| !v.is_empty()),
            };
            Ok(mapping::function_from_wire(
                &function.namespace,
                &function.name,
                &resp.value,
                resp.etag,
                version,
            ))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn update_function(
        &self,
        function: &FunctionRef,
        update: FunctionUpdate,
    ) -> Result<Function> {
        const OP: &str = "UpdateFunction";
        let go = async {
            self.check_ref(function)?;
            self.caps
                .check_if_match(PROVIDER, update.if_match.as_deref())?;
            self.caps.check_function_update(&update)?;
            let body = mapping::update_function_request(&update)?;
            let resp = self
                .client
                .update_function(
                    &function.namespace,
                    &function.name,
                    &body,
                    update.if_match.as_deref(),
                )
                .await?;
            Ok(mapping::function_from_wire(
                &function.namespace,
                &function.name,
                &resp.value,
                resp.etag,
                None,
            ))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn delete_function(&self, function: &FunctionRef) -> Result<()> {
        const OP: &str = "DeleteFunction";
        let go = async {
            self.check_ref(function)?;
            let (ns, name) = (&function.namespace, &function.name);
            // FC refuses to delete a function with triggers (409 FunctionNotEmpty): remove them first,
            // then the async configs of every qualifier, then the function. Not atomic.
            let triggers: Vec<_> = self
                .client
                .list_triggers_stream(ns, name, ListOptions::default())
                .try_collect()
                .await?;
            for t in triggers {
                if let Some(tn) = t.trigger_name.as_deref().filter(|n| !n.is_empty()) {
                    match self.client.delete_trigger(ns, name, tn, None).await {
                        Err(e) if !not_found(&e) => return Err(e),
                        _ => {}
                    }
                }
            }
            let configs: Vec<_> = self
                .client
                .list_function_async_invoke_configs_stream(ns, name, PageOptions::default())
                .try_collect()
                .await?;
            for c in configs {
                let q = arn::parse_qualifier(c.qualifier.as_deref()).unwrap_or_default();
                match self
                    .client
                    .delete_function_async_invoke_config(ns, wire_qualifier(&q), name)
                    .await
                {
                    Err(e) if !not_found(&e) => return Err(e),
                    _ => {}
                }
            }
            self.client.delete_function(ns, name, None).await?;
            Ok(())
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn list_functions_page(
        &self,
        namespace: &str,
        request: ListRequest,
    ) -> Result<Page<Function>> {
        const OP: &str = "ListFunctions";
        let go = async {
            self.caps.check_namespace_name(namespace)?;
            let options = ListOptions {
                limit: self.page_limit(&request),
                next_token: request.token.as_ref().map(|t| t.as_str().to_owned()),
                prefix: request.prefix.clone(),
                start_key: None,
            };
            let page = self
                .client
                .list_functions(namespace, None, &options)
                .await?
                .value;
            let items = page
                .functions
                .iter()
                .map(|f| mapping::function_from_wire(namespace, "", f, None, None))
                .collect();
            Ok(Page::new(items, Self::token(page.next_token)))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn get_function_code(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<Bytes> {
        const OP: &str = "GetFunctionCode";
        let go = async {
            self.check_ref(function)?;
            self.caps.check_qualifier("qualifier", qualifier)?;
            let code = self
                .client
                .get_function_code(
                    &function.namespace,
                    wire_qualifier(qualifier),
                    &function.name,
                )
                .await?
                .value;
            let url = code.url.filter(|u| !u.is_empty()).ok_or_else(|| {
                Error::new(
                    ErrorKind::Decode,
                    "GetFunctionCode returned no `url` to download the code from",
                )
            })?;
            self.client.download_code(&url).await
        };
        go.await.map_err(|e| ctx(OP, e))
    }
}

// ------------------------------------------------------------------ versions

#[async_trait]
impl Versions for AlibabaFc {
    async fn publish_version(
        &self,
        function: &FunctionRef,
        options: PublishVersion,
    ) -> Result<Version> {
        const OP: &str = "PublishServiceVersion";
        let go = async {
            self.check_ref(function)?;
            self.caps
                .check_if_match(PROVIDER, options.if_match.as_deref())?;
            self.caps.check_publish(PROVIDER, &options)?;
            self.ensure_function(function).await?;
            let body = PublishVersionRequest {
                description: options.description.clone(),
                ..PublishVersionRequest::default()
            };
            let resp = self
                .client
                .publish_service_version(&function.namespace, &body, options.if_match.as_deref())
                .await?;
            mapping::version_from_wire(&resp.value)
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn list_versions_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Version>> {
        const OP: &str = "ListServiceVersions";
        let go = async {
            self.check_ref(function)?;
            self.ensure_function(function).await?;
            // Oldest first, as the trait promises (FC defaults to newest first). FC has no prefix
            // filter for versions: it is applied to each page here.
            let options = ListVersionsOptions {
                limit: self.page_limit(&request),
                next_token: request.token.as_ref().map(|t| t.as_str().to_owned()),
                start_key: None,
                direction: Some(Direction::Forward),
            };
            let page = self
                .client
                .list_service_versions(&function.namespace, &options)
                .await?
                .value;
            let prefix = request.prefix.as_deref().unwrap_or("");
            let items = page
                .versions
                .iter()
                .map(mapping::version_from_wire)
                .filter(|v| !matches!(v, Ok(v) if !v.id.starts_with(prefix)))
                .collect::<Result<Vec<_>>>()?;
            Ok(Page::new(items, Self::token(page.next_token)))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn delete_version(&self, function: &FunctionRef, version: &str) -> Result<()> {
        const OP: &str = "DeleteServiceVersion";
        let go = async {
            self.check_ref(function)?;
            nonempty("version", version)?;
            if version.eq_ignore_ascii_case(arn::LATEST) {
                return Err(Error::invalid_argument(
                    "version",
                    "latest is not a published version and cannot be deleted on its own",
                ));
            }
            self.ensure_function(function).await?;
            // FC documents no rule for a version an alias uses; the trait promises PreconditionFailed.
            let aliases: Vec<_> = self
                .client
                .list_aliases_stream(&function.namespace, ListOptions::default())
                .try_collect()
                .await?;
            if let Some(a) = aliases.iter().find(|a| {
                a.version_id.as_deref() == Some(version)
                    || a.additional_version_weight
                        .as_ref()
                        .is_some_and(|w| w.contains_key(version))
            }) {
                return Err(Error::new(
                    ErrorKind::PreconditionFailed,
                    format!(
                        "version `{version}` of service `{}` is used by alias `{}`; point the alias elsewhere first",
                        function.namespace,
                        a.alias_name.as_deref().unwrap_or_default()
                    ),
                ));
            }
            self.client
                .delete_service_version(&function.namespace, version)
                .await?;
            Ok(())
        };
        go.await.map_err(|e| ctx(OP, e))
    }
}

// ------------------------------------------------------------------ aliases

#[async_trait]
impl Aliases for AlibabaFc {
    async fn create_alias(&self, function: &FunctionRef, spec: AliasSpec) -> Result<Alias> {
        const OP: &str = "CreateAlias";
        let go = async {
            self.check_ref(function)?;
            self.caps.check_alias_spec(&spec)?;
            let body = mapping::create_alias_request(&spec)?;
            self.ensure_function(function).await?;
            let resp = self.client.create_alias(&function.namespace, &body).await?;
            Ok(mapping::alias_from_wire(&spec.name, &resp.value, resp.etag))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn get_alias(&self, function: &FunctionRef, name: &str) -> Result<Alias> {
        const OP: &str = "GetAlias";
        let go = async {
            self.check_ref(function)?;
            self.caps.names.alias.check("alias name", name)?;
            self.ensure_function(function).await?;
            let resp = self.client.get_alias(&function.namespace, name).await?;
            Ok(mapping::alias_from_wire(name, &resp.value, resp.etag))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn update_alias(
        &self,
        function: &FunctionRef,
        name: &str,
        update: AliasUpdate,
    ) -> Result<Alias> {
        const OP: &str = "UpdateAlias";
        let go = async {
            self.check_ref(function)?;
            self.caps
                .check_if_match(PROVIDER, update.if_match.as_deref())?;
            self.caps.names.alias.check("alias name", name)?;
            if let Some(v) = &update.version {
                self.caps.check_alias_update(v, &update)?;
            }
            let body = mapping::update_alias_request(&update)?;
            self.ensure_function(function).await?;
            // The rules that depend on the alias's current state (weights must not name the main
            // version) need it read first.
            let current = self
                .client
                .get_alias(&function.namespace, name)
                .await?
                .value;
            let current_version = current.version_id.clone().unwrap_or_default();
            self.caps.check_alias_update(&current_version, &update)?;
            let main = update.version.as_deref().unwrap_or(&current_version);
            let empty = std::collections::BTreeMap::new();
            let weights = update
                .additional_weights
                .as_ref()
                .or(current.additional_version_weight.as_ref())
                .unwrap_or(&empty);
            self.caps.check_weights(main, weights)?;
            let resp = self
                .client
                .update_alias(&function.namespace, name, &body, update.if_match.as_deref())
                .await?;
            Ok(mapping::alias_from_wire(name, &resp.value, resp.etag))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn delete_alias(&self, function: &FunctionRef, name: &str) -> Result<()> {
        const OP: &str = "DeleteAlias";
        let go = async {
            self.check_ref(function)?;
            self.caps.names.alias.check("alias name", name)?;
            self.ensure_function(function).await?;
            self.client
                .delete_alias(&function.namespace, name, None)
                .await?;
            Ok(())
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn list_aliases_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Alias>> {
        const OP: &str = "ListAliases";
        let go = async {
            self.check_ref(function)?;
            self.ensure_function(function).await?;
            let options = ListOptions {
                limit: self.page_limit(&request),
                next_token: request.token.as_ref().map(|t| t.as_str().to_owned()),
                prefix: request.prefix.clone(),
                start_key: None,
            };
            let page = self
                .client
                .list_aliases(&function.namespace, &options)
                .await?
                .value;
            let items = page
                .aliases
                .iter()
                .map(|a| mapping::alias_from_wire("", a, None))
                .collect();
            Ok(Page::new(items, Self::token(page.next_token)))
        };
        go.await.map_err(|e| ctx(OP, e))
    }
}

// ------------------------------------------------------------------ triggers

#[async_trait]
impl Triggers for AlibabaFc {
    async fn create_trigger(&self, function: &FunctionRef, spec: TriggerSpec) -> Result<Trigger> {
        const OP: &str = "CreateTrigger";
        let go = async {
            self.check_ref(function)?;
            self.caps.check_trigger_spec(PROVIDER, &spec)?;
            let body = mapping::create_trigger_request(&self.scope, &spec)?;
            let resp = self
                .client
                .create_trigger(&function.namespace, &function.name, &body)
                .await?;
            Ok(mapping::trigger_from_wire(
                &spec.name,
                &resp.value,
                resp.etag,
            ))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn get_trigger(&self, function: &FunctionRef, id: &str) -> Result<Trigger> {
        const OP: &str = "GetTrigger";
        let go = async {
            self.check_ref(function)?;
            nonempty("trigger id", id)?;
            let resp = self
                .client
                .get_trigger(&function.namespace, &function.name, id)
                .await?;
            Ok(mapping::trigger_from_wire(id, &resp.value, resp.etag))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn update_trigger(
        &self,
        function: &FunctionRef,
        id: &str,
        update: TriggerUpdate,
    ) -> Result<Trigger> {
        const OP: &str = "UpdateTrigger";
        let go = async {
            self.check_ref(function)?;
            nonempty("trigger id", id)?;
            self.caps
                .check_if_match(PROVIDER, update.if_match.as_deref())?;
            self.caps.check_trigger_update(PROVIDER, &update)?;
            // FC replaces `triggerConfig` whole: read the trigger to merge the change into it.
            let current = mapping::trigger_from_wire(
                id,
                &self
                    .client
                    .get_trigger(&function.namespace, &function.name, id)
                    .await?
                    .value,
                None,
            );
            // `enable` exists for timer and log triggers only.
            self.caps
                .check_trigger_enabled(PROVIDER, current.config.kind(), update.enabled)?;
            let config = match &update.config {
                Some(c) if c.kind() != current.config.kind() => {
                    return Err(Error::invalid_argument(
                        "trigger config",
                        format_args!(
                            "cannot turn a {} trigger into a {} trigger; delete it and create a new one",
                            current.config.kind(),
                            c.kind()
                        ),
                    ));
                }
                Some(c) => c.clone(),
                None => current.config.clone(),
            };
            if let (
                cloudfn_core::TriggerConfig::ObjectStorage(new),
                cloudfn_core::TriggerConfig::ObjectStorage(old),
            ) = (&config, &current.config)
            {
                if new.bucket != old.bucket {
                    return Err(Error::invalid_argument(
                        "trigger bucket",
                        format_args!(
                            "cannot change on FC (the source ARN is immutable): `{}` → `{}`; delete the trigger and create a new one",
                            old.bucket, new.bucket
                        ),
                    ));
                }
            }
            let enabled = update.enabled.or(current.enabled);
            let mut base = mapping::trigger_config_base(&current.extensions);
            if let Some(Value::Object(extra)) =
                update.extensions.get(mapping::TRIGGER_CONFIG_EXTENSION)
            {
                base.extend(extra.clone());
            }
            let body =
                mapping::update_trigger_request(&self.scope, &config, enabled, base, &update)?;
            let resp = self
                .client
                .update_trigger(
                    &function.namespace,
                    &function.name,
                    id,
                    &body,
                    update.if_match.as_deref(),
                )
                .await?;
            Ok(mapping::trigger_from_wire(id, &resp.value, resp.etag))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn delete_trigger(&self, function: &FunctionRef, id: &str) -> Result<()> {
        const OP: &str = "DeleteTrigger";
        let go = async {
            self.check_ref(function)?;
            nonempty("trigger id", id)?;
            self.client
                .delete_trigger(&function.namespace, &function.name, id, None)
                .await?;
            Ok(())
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn list_triggers_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Trigger>> {
        const OP: &str = "ListTriggers";
        let go = async {
            self.check_ref(function)?;
            let options = ListOptions {
                limit: self.page_limit(&request),
                next_token: request.token.as_ref().map(|t| t.as_str().to_owned()),
                prefix: request.prefix.clone(),
                start_key: None,
            };
            let page = self
                .client
                .list_triggers(&function.namespace, &function.name, &options)
                .await?
                .value;
            let items = page
                .triggers
                .iter()
                .map(|t| mapping::trigger_from_wire("", t, None))
                .collect();
            Ok(Page::new(items, Self::token(page.next_token)))
        };
        go.await.map_err(|e| ctx(OP, e))
    }
}

// ------------------------------------------------------------------ async configs

#[async_trait]
impl AsyncConfigs for AlibabaFc {
    async fn put_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
        config: AsyncConfig,
    ) -> Result<AsyncConfig> {
        const OP: &str = "PutFunctionAsyncInvokeConfig";
        let go = async {
            self.check_ref(function)?;
            self.caps.check_async_config(PROVIDER, qualifier, &config)?;
            let body = mapping::put_async_config_request(&self.scope, &config)?;
            let (ns, name, q) = (
                &function.namespace,
                &function.name,
                wire_qualifier(qualifier),
            );
            // FC's PUT changes only the fields sent; the trait replaces the whole config. Delete what is
            // there first (nothing there, or no function: the PUT reports it).
            match self
                .client
                .delete_function_async_invoke_config(ns, q, name)
                .await
            {
                Err(e) if !not_found(&e) => return Err(e),
                _ => {}
            }
            let resp = self
                .client
                .put_function_async_invoke_config(ns, q, name, &body)
                .await?;
            Ok(mapping::async_config_from_wire(
                &self.scope,
                &resp.value,
                Some(qualifier.clone()),
            ))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn get_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<AsyncConfig> {
        const OP: &str = "GetFunctionAsyncInvokeConfig";
        let go = async {
            self.check_ref(function)?;
            self.caps.check_qualifier("qualifier", qualifier)?;
            let resp = self
                .client
                .get_function_async_invoke_config(
                    &function.namespace,
                    wire_qualifier(qualifier),
                    &function.name,
                )
                .await?;
            Ok(mapping::async_config_from_wire(
                &self.scope,
                &resp.value,
                Some(qualifier.clone()),
            ))
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn delete_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<()> {
        const OP: &str = "DeleteFunctionAsyncInvokeConfig";
        let go = async {
            self.check_ref(function)?;
            self.caps.check_qualifier("qualifier", qualifier)?;
            self.client
                .delete_function_async_invoke_config(
                    &function.namespace,
                    wire_qualifier(qualifier),
                    &function.name,
                )
                .await?;
            Ok(())
        };
        go.await.map_err(|e| ctx(OP, e))
    }

    async fn list_async_configs_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<AsyncConfig>> {
        const OP: &str = "ListFunctionAsyncInvokeConfigs";
        let go = async {
            self.check_ref(function)?;
            let options = PageOptions {
                limit: self.page_limit(&request),
                next_token: request.token.as_ref().map(|t| t.as_str().to_owned()),
            };
            let page = self
                .client
                .list_function_async_invoke_configs(&function.namespace, &function.name, &options)
                .await?
                .value;
            // No prefix filter on FC: applied to the qualifier as displayed (`latest`, `version:1`,
            // `alias:prod`), like `InMemory`.
            let prefix = request.prefix.as_deref().unwrap_or("");
            let items = page
                .configs
                .iter()
                .map(|c| mapping::async_config_from_wire(&self.scope, c, None))
                .filter(|c| {
                    c.qualifier
                        .as_ref()
                        .is_none_or(|q| q.to_string().starts_with(prefix))
                })
                .collect();
            Ok(Page::new(items, Self::token(page.next_token)))
        };
        go.await.map_err(|e| ctx(OP, e))
    }
}

// ------------------------------------------------------------------ quotas

#[async_trait]
impl Quotas for AlibabaFc {
    async fn list_quotas(&self) -> Result<Vec<Quota>> {
        self.caps
            .check_quotas(PROVIDER)
            .map(|()| Vec::new())
            .map_err(|e| ctx("ListQuotas", e))
    }
}

// ------------------------------------------------------------------ invoke

#[async_trait]
impl Invoker for AlibabaFc {
    async fn invoke(
        &self,
        function: &FunctionRef,
        request: InvokeRequest,
    ) -> Result<InvokeResponse> {
        const OP: &str = "InvokeFunction";
        let go = async {
            self.check_ref(function)?;
            self.caps.check_invoke(PROVIDER, &request)?;
            let mut input = match request.invocation_type {
                InvocationType::Sync => InvokeInput::sync(request.payload.clone()),
                InvocationType::Async => InvokeInput::asynchronous(request.payload.clone()),
            };
            if request.log_tail {
                input = input.with_log_tail();
            }
            if let Some(id) = &request.async_invocation_id {
                check_invocation_id(id)?;
                input = input.with_stateful_async_invocation_id(id.clone());
            }
            for (k, v) in &request.extensions {
                let Value::String(v) = v else {
                    return Err(Error::invalid_argument(
                        &format!("extensions[{k}]"),
                        "invoke extensions are request headers and must be strings",
                    ));
                };
                if k.eq_ignore_ascii_case("content-type") {
                    input.content_type = Some(v.clone());
                } else {
                    input.extra_headers.push((k.clone(), v.clone()));
                }
            }
            let out = self
                .client
                .invoke_function(
                    &function.namespace,
                    wire_qualifier(&request.qualifier),
                    &function.name,
                    input,
                )
                .await?;
            let header = |name: &str| {
                out.headers
                    .get(name)
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                    .filter(|v| !v.is_empty())
            };
            let mut resp = InvokeResponse::new(out.payload.clone());
            resp.function_error.clone_from(&out.function_error);
            if request.log_tail {
                resp.log_tail.clone_from(&out.log_result);
            }
            resp.request_id.clone_from(&out.request_id);
            if request.invocation_type == InvocationType::Async {
                resp.async_invocation_id = out
                    .stateful_async_invocation_id
                    .clone()
                    .or_else(|| request.async_invocation_id.clone())
                    .or_else(|| out.request_id.clone());
            }
            resp.executed_version =
                header(CODE_VERSION_HEADER).filter(|v| !v.eq_ignore_ascii_case(arn::LATEST));
            for name in INVOKE_EXTENSION_HEADERS {
                if let Some(v) = header(name) {
                    resp.extensions.insert((*name).to_owned(), Value::String(v));
                }
            }
            Ok(resp)
        };
        go.await.map_err(|e| ctx(OP, e))
    }
}

/// `x-fc-stateful-async-invocation-id`: `^[A-Za-z_][A-Za-z0-9_-]*$`, at most 128 (alibaba-fc.md §2.3).
fn check_invocation_id(id: &str) -> Result<()> {
    let mut chars = id.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first_ok
        || id.len() > 128
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Error::invalid_argument(
            "async_invocation_id",
            format_args!(
                "must match ^[A-Za-z_][A-Za-z0-9_-]*$ and be at most 128 characters, got `{id}`"
            ),
        ));
    }
    Ok(())
}

impl Provider for AlibabaFc {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn capabilities(&self) -> &Capabilities {
        &self.caps
    }
}
