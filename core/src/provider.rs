//! The provider traits: few required, option-taking methods per concern, and [`ProviderExt`] with the
//! conveniences (streams, "latest" shorthands) built on them for every provider at once.

use async_trait::async_trait;
use bytes::Bytes;
use futures::stream::BoxStream;

use crate::{
    Alias, AliasSpec, AliasUpdate, AsyncConfig, Capabilities, Function, FunctionRef, FunctionSpec,
    FunctionUpdate, InvokeRequest, InvokeResponse, ListRequest, Namespace, NamespaceModel,
    NamespaceSpec, NamespaceUpdate, Page, PublishVersion, Qualifier, Quota, Result, Trigger,
    TriggerSpec, TriggerUpdate, Version, paginate,
};

/// Namespaces: FC services, FunctionGraph packages.
#[async_trait]
pub trait Namespaces: Send + Sync {
    /// Creates a namespace. `AlreadyExists` if the name is taken; `Unsupported` where namespaces are
    /// implicit ([`NamespaceModel::Implicit`]).
    async fn create_namespace(&self, spec: NamespaceSpec) -> Result<Namespace>;
    /// Reads a namespace.
    async fn get_namespace(&self, name: &str) -> Result<Namespace>;
    /// Changes a namespace.
    async fn update_namespace(&self, name: &str, update: NamespaceUpdate) -> Result<Namespace>;
    /// Deletes an empty namespace (`PreconditionFailed` while it still holds functions).
    async fn delete_namespace(&self, name: &str) -> Result<()>;
    /// One page of namespaces, in the provider's order (name order on FC and `InMemory`).
    async fn list_namespaces_page(&self, request: ListRequest) -> Result<Page<Namespace>>;
}

/// Functions and their code.
#[async_trait]
pub trait Functions: Send + Sync {
    /// Creates a function in `namespace`.
    async fn create_function(&self, namespace: &str, spec: FunctionSpec) -> Result<Function>;
    /// Reads a function at a qualifier.
    async fn get_function(&self, function: &FunctionRef, qualifier: &Qualifier)
    -> Result<Function>;
    /// Changes the latest function.
    async fn update_function(
        &self,
        function: &FunctionRef,
        update: FunctionUpdate,
    ) -> Result<Function>;
    /// Deletes a function with its triggers, async configs and (where the provider scopes them per
    /// function) its versions and aliases.
    async fn delete_function(&self, function: &FunctionRef) -> Result<()>;
    /// One page of the functions of `namespace`, in the provider's order (name order on FC and `InMemory`).
    async fn list_functions_page(
        &self,
        namespace: &str,
        request: ListRequest,
    ) -> Result<Page<Function>>;
    /// Downloads the function's code package (a ZIP) at a qualifier.
    async fn get_function_code(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<Bytes>;
}

/// Published versions.
///
/// Where [`Capabilities::version_scope`] is `Namespace` (FC), publishing "a version of a function"
/// publishes the whole namespace: every function in it is snapshotted under the same id, and listing the
/// versions of any function of the namespace lists the namespace's versions.
#[async_trait]
pub trait Versions: Send + Sync {
    /// Publishes the latest code and configuration as a new immutable version.
    async fn publish_version(
        &self,
        function: &FunctionRef,
        options: PublishVersion,
    ) -> Result<Version>;
    /// One page of versions, oldest first.
    async fn list_versions_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Version>>;
    /// Deletes a version (`PreconditionFailed` while an alias points to it).
    async fn delete_version(&self, function: &FunctionRef, version: &str) -> Result<()>;
}

/// Aliases: named pointers to a version, optionally splitting traffic to extra versions.
///
/// Scoped like versions: namespace-wide on FC, per function on FunctionGraph.
#[async_trait]
pub trait Aliases: Send + Sync {
    /// Creates an alias.
    async fn create_alias(&self, function: &FunctionRef, spec: AliasSpec) -> Result<Alias>;
    /// Reads an alias.
    async fn get_alias(&self, function: &FunctionRef, name: &str) -> Result<Alias>;
    /// Changes an alias.
    async fn update_alias(
        &self,
        function: &FunctionRef,
        name: &str,
        update: AliasUpdate,
    ) -> Result<Alias>;
    /// Deletes an alias.
    async fn delete_alias(&self, function: &FunctionRef, name: &str) -> Result<()>;
    /// One page of aliases, in the provider's order.
    async fn list_aliases_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Alias>>;
}

/// Triggers on a function.
#[async_trait]
pub trait Triggers: Send + Sync {
    /// Creates a trigger.
    async fn create_trigger(&self, function: &FunctionRef, spec: TriggerSpec) -> Result<Trigger>;
    /// Reads a trigger by [`Trigger::id`].
    async fn get_trigger(&self, function: &FunctionRef, id: &str) -> Result<Trigger>;
    /// Changes a trigger.
    async fn update_trigger(
        &self,
        function: &FunctionRef,
        id: &str,
        update: TriggerUpdate,
    ) -> Result<Trigger>;
    /// Deletes a trigger.
    async fn delete_trigger(&self, function: &FunctionRef, id: &str) -> Result<()>;
    /// One page of triggers.
    async fn list_triggers_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<Trigger>>;
}

/// Asynchronous-invocation configuration per function and qualifier.
#[async_trait]
pub trait AsyncConfigs: Send + Sync {
    /// Creates or replaces the config of `function` at `qualifier`.
    async fn put_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
        config: AsyncConfig,
    ) -> Result<AsyncConfig>;
    /// Reads the config at `qualifier`.
    async fn get_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<AsyncConfig>;
    /// Deletes the config at `qualifier`.
    async fn delete_async_config(
        &self,
        function: &FunctionRef,
        qualifier: &Qualifier,
    ) -> Result<()>;
    /// One page of the configs of every qualifier of `function`.
    async fn list_async_configs_page(
        &self,
        function: &FunctionRef,
        request: ListRequest,
    ) -> Result<Page<AsyncConfig>>;
}

/// Account quotas.
#[async_trait]
pub trait Quotas: Send + Sync {
    /// Every quota with its usage (`Unsupported` where [`Capabilities::quotas`] is false).
    async fn list_quotas(&self) -> Result<Vec<Quota>>;
}

/// Invocation.
#[async_trait]
pub trait Invoker: Send + Sync {
    /// Invokes a function. A failure of the function itself is reported in
    /// [`InvokeResponse::function_error`], not as an `Err`.
    async fn invoke(
        &self,
        function: &FunctionRef,
        request: InvokeRequest,
    ) -> Result<InvokeResponse>;
}

/// Everything a cloud offers, behind one object: hold it as `Arc<dyn Provider>`.
pub trait Provider:
    Namespaces
    + Functions
    + Versions
    + Aliases
    + Triggers
    + AsyncConfigs
    + Quotas
    + Invoker
    + std::fmt::Debug
{
    /// A stable name: `alibaba-fc`, `huawei-functiongraph`, `in-memory`.
    fn name(&self) -> &'static str;
    /// What this provider can do and the rules its input follows.
    fn capabilities(&self) -> &Capabilities;
}

/// Conveniences for every [`Provider`] (blanket-implemented; works on `dyn Provider` too).
///
/// ```
/// use cloudfn_core::{InMemory, NamespaceSpec, ProviderExt};
/// use futures::TryStreamExt;
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let p = InMemory::alibaba();
/// p.ensure_namespace(NamespaceSpec::new("shop")).await.unwrap();
/// let names: Vec<String> = p.list_namespaces().map_ok(|n| n.name).try_collect().await.unwrap();
/// assert_eq!(names, ["shop"]);
/// # });
/// ```
#[async_trait]
pub trait ProviderExt: Provider {
    /// Every namespace, following pages.
    fn list_namespaces(&self) -> BoxStream<'_, Result<Namespace>> {
        paginate(ListRequest::new(), move |req| {
            self.list_namespaces_page(req)
        })
    }

    /// Every function of `namespace`, following pages.
    fn list_functions<'a>(&'a self, namespace: &'a str) -> BoxStream<'a, Result<Function>> {
        paginate(ListRequest::new(), move |req| {
            self.list_functions_page(namespace, req)
        })
    }

    /// Every version of `function`, following pages.
    fn list_versions<'a>(&'a self, function: &'a FunctionRef) -> BoxStream<'a, Result<Version>> {
        paginate(ListRequest::new(), move |req| {
            self.list_versions_page(function, req)
        })
    }

    /// Every alias of `function`, following pages.
    fn list_aliases<'a>(&'a self, function: &'a FunctionRef) -> BoxStream<'a, Result<Alias>> {
        paginate(ListRequest::new(), move |req| {
            self.list_aliases_page(function, req)
        })
    }

    /// Every trigger of `function`, following pages.
    fn list_triggers<'a>(&'a self, function: &'a FunctionRef) -> BoxStream<'a, Result<Trigger>> {
        paginate(ListRequest::new(), move |req| {
            self.list_triggers_page(function, req)
        })
    }

    /// Every async config of `function`, following pages.
    fn list_async_configs<'a>(
        &'a self,
        function: &'a FunctionRef,
    ) -> BoxStream<'a, Result<AsyncConfig>> {
        paginate(ListRequest::new(), move |req| {
            self.list_async_configs_page(function, req)
        })
    }

    /// The latest function.
    async fn function(&self, function: &FunctionRef) -> Result<Function> {
        self.get_function(function, &Qualifier::Latest).await
    }

    /// Makes sure a namespace exists: creates it where namespaces are explicit and it is missing; where
    /// they are implicit ([`NamespaceModel::Implicit`]) there is nothing to create and this returns the
    /// spec's name as a namespace.
    async fn ensure_namespace(&self, spec: NamespaceSpec) -> Result<Namespace> {
        if self.capabilities().namespace_model == NamespaceModel::Implicit {
            self.capabilities().check_namespace_name(&spec.name)?;
            // Nothing is stored: the description and extensions of an implicit namespace have no home.
            return Ok(Namespace::new(spec.name));
        }
        match self.get_namespace(&spec.name).await {
            Ok(ns) => Ok(ns),
            Err(e) if e.kind() == crate::ErrorKind::NotFound => {
                match self.create_namespace(spec.clone()).await {
                    Err(e) if e.kind() == crate::ErrorKind::AlreadyExists => {
                        self.get_namespace(&spec.name).await
                    }
                    other => other,
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Invokes synchronously with `payload` at the latest code.
    async fn invoke_sync(&self, function: &FunctionRef, payload: Bytes) -> Result<InvokeResponse> {
        self.invoke(function, InvokeRequest::new(payload)).await
    }
}

impl<P: Provider + ?Sized> ProviderExt for P {}
