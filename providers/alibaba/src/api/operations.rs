//! The management operations of [`FcClient`] (alibaba-fc.md §5, official-sdks.md §1.2), one `async fn`
//! each, plus a `*_stream` per listing that follows `nextToken` through [`cloudfn_core::paginate`].

use std::future::Future;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cloudfn_core::transport::{HttpRequest, Idempotency};
use cloudfn_core::{Error, ErrorKind, ListRequest, Page, PageToken, Result, paginate};
use futures::stream::BoxStream;
use http::Method;
use http::header::HeaderValue;

use super::client::{FcClient, Query, Response, function_path, seg, service_segment};
use super::options::{
    ListInstancesOptions, ListLayerVersionsOptions, ListOptions, ListProvisionConfigsOptions,
    ListServicesOptions, ListStatefulAsyncInvocationsOptions, ListVersionsOptions, PageOptions,
};
use super::types::{
    AccountSettings, Acknowledgement, Alias, AsyncInvokeConfig, Code, CreateAliasRequest,
    CreateCustomDomainRequest, CreateFunctionRequest, CreateServiceRequest, CreateTriggerRequest,
    CustomDomain, Function, FunctionCode, Instance, Layer, ListAliasesResponse,
    ListAsyncInvokeConfigsResponse, ListCustomDomainsResponse, ListFunctionsResponse,
    ListInstancesResponse, ListLayerVersionsResponse, ListLayersResponse,
    ListOnDemandConfigsResponse, ListProvisionConfigsResponse, ListReservedCapacitiesResponse,
    ListServicesResponse, ListStatefulAsyncInvocationsResponse, ListTriggersResponse,
    ListVersionsResponse, OnDemandConfig, ProvisionConfig, PublishLayerVersionRequest,
    PublishVersionRequest, PutAsyncInvokeConfigRequest, PutOnDemandConfigRequest,
    PutProvisionConfigRequest, ReservedCapacity, ResourceTags, Service, StatefulAsyncInvocation,
    TagResourceRequest, Trigger, UntagResourceRequest, UpdateAliasRequest,
    UpdateCustomDomainRequest, UpdateFunctionRequest, UpdateServiceRequest, UpdateTriggerRequest,
    Version,
};
use crate::checksum::{CODE_CHECKSUM_HEADER, code_checksum};

/// The default `limit` the SDK always sends on `ListOnDemandConfigs`.
pub const ON_DEMAND_DEFAULT_LIMIT: u32 = 100;

/// A page call for [`FcClient::stream`]: the client and the token, the items and the next token back.
type PageResult<T> = Result<(Vec<T>, Option<String>)>;

/// `X-Fc-Code-Checksum` for inline code: the CRC-64 of the decoded `zipFile`, when there is one and it
/// is valid base64 (otherwise nothing is added and the server judges the body).
fn with_code_checksum(req: HttpRequest, code: Option<&Code>) -> HttpRequest {
    let Some(zip) = code.and_then(|c| c.zip_file.as_deref()) else {
        return req;
    };
    let Ok(bytes) = STANDARD.decode(zip.trim()) else {
        return req;
    };
    match HeaderValue::from_str(&code_checksum(&bytes)) {
        Ok(v) => req.with_header(http::HeaderName::from_static(CODE_CHECKSUM_HEADER), v),
        Err(_) => req,
    }
}

fn with_json<T: serde::Serialize + ?Sized>(req: HttpRequest, body: &T) -> Result<HttpRequest> {
    req.with_json(body)
}

impl FcClient {
    fn stream<T, F, Fut>(
        &self,
        first: Option<String>,
        mut fetch: F,
    ) -> BoxStream<'static, Result<T>>
    where
        T: Send + 'static,
        F: FnMut(FcClient, Option<String>) -> Fut + Send + 'static,
        Fut: Future<Output = PageResult<T>> + Send + 'static,
    {
        let client = self.clone();
        let mut start = ListRequest::new();
        if let Some(t) = first.filter(|t| !t.is_empty()) {
            start = start.with_token(PageToken::new(t));
        }
        paginate(start, move |req: ListRequest| {
            let fut = fetch(client.clone(), req.token.map(|t| t.as_str().to_owned()));
            async move {
                let (items, next) = fut.await?;
                Ok(Page::new(
                    items,
                    next.filter(|t| !t.is_empty()).map(PageToken::new),
                ))
            }
        })
    }

    // ------------------------------------------------------------------ services (§5.1)

    /// `CreateService`: `POST /services`. Not retried once it may have reached the server.
    pub async fn create_service(&self, body: &CreateServiceRequest) -> Result<Response<Service>> {
        let req = self.request(
            Method::POST,
            "services",
            &Query::new(),
            "CreateService",
            None,
        )?;
        self.call(with_json(req, body)?).await
    }

    /// `DeleteService`: `DELETE /services/{serviceName}`, with an optional `If-Match` ETag.
    pub async fn delete_service(
        &self,
        service: &str,
        if_match: Option<&str>,
    ) -> Result<Response<()>> {
        let path = format!("services/{}", seg(service)?);
        let req = self.request(
            Method::DELETE,
            &path,
            &Query::new(),
            "DeleteService",
            if_match,
        )?;
        self.call_empty(req).await
    }

    /// `UpdateService`: `PUT /services/{serviceName}`, with an optional `If-Match` ETag.
    pub async fn update_service(
        &self,
        service: &str,
        body: &UpdateServiceRequest,
        if_match: Option<&str>,
    ) -> Result<Response<Service>> {
        let path = format!("services/{}", seg(service)?);
        let req = self.request(Method::PUT, &path, &Query::new(), "UpdateService", if_match)?;
        self.call(with_json(req, body)?).await
    }

    /// `GetService`: `GET /services/{serviceName[.qualifier]}`.
    pub async fn get_service(
        &self,
        service: &str,
        qualifier: Option<&str>,
    ) -> Result<Response<Service>> {
        let path = format!("services/{}", service_segment(service, qualifier)?);
        let req = self.request(Method::GET, &path, &Query::new(), "GetService", None)?;
        self.call(req).await
    }

    /// `ListServices`: `GET /services`, one page.
    pub async fn list_services(
        &self,
        options: &ListServicesOptions,
    ) -> Result<Response<ListServicesResponse>> {
        let req = self.request(
            Method::GET,
            "services",
            &options.query(),
            "ListServices",
            None,
        )?;
        self.call(req).await
    }

    /// Every service from `options.next_token` on, following `nextToken`.
    pub fn list_services_stream(
        &self,
        options: ListServicesOptions,
    ) -> BoxStream<'static, Result<Service>> {
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            async move {
                let p = c.list_services(&o).await?.value;
                Ok((p.services, p.next_token))
            }
        })
    }

    // ------------------------------------------------------------------ functions (§5.2)

    /// `CreateFunction`: `POST /services/{serviceName}/functions`. With inline code (`code.zipFile`) the
    /// `X-Fc-Code-Checksum` header carries its CRC-64. Not retried once it may have reached the server.
    pub async fn create_function(
        &self,
        service: &str,
        body: &CreateFunctionRequest,
    ) -> Result<Response<Function>> {
        let path = format!("services/{}/functions", seg(service)?);
        let req = self.request(Method::POST, &path, &Query::new(), "CreateFunction", None)?;
        let req = with_code_checksum(req, body.code.as_ref());
        self.call(with_json(req, body)?).await
    }

    /// `DeleteFunction`: `DELETE /services/{serviceName}/functions/{functionName}`.
    pub async fn delete_function(
        &self,
        service: &str,
        function: &str,
        if_match: Option<&str>,
    ) -> Result<Response<()>> {
        let path = function_path(service, None, function)?;
        let req = self.request(
            Method::DELETE,
            &path,
            &Query::new(),
            "DeleteFunction",
            if_match,
        )?;
        self.call_empty(req).await
    }

    /// `UpdateFunction`: `PUT /services/{serviceName}/functions/{functionName}` (with
    /// `X-Fc-Code-Checksum` for inline code).
    pub async fn update_function(
        &self,
        service: &str,
        function: &str,
        body: &UpdateFunctionRequest,
        if_match: Option<&str>,
    ) -> Result<Response<Function>> {
        let path = function_path(service, None, function)?;
        let req = self.request(
            Method::PUT,
            &path,
            &Query::new(),
            "UpdateFunction",
            if_match,
        )?;
        let req = with_code_checksum(req, body.code.as_ref());
        self.call(with_json(req, body)?).await
    }

    /// `GetFunction`: `GET /services/{serviceName[.qualifier]}/functions/{functionName}`.
    pub async fn get_function(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
    ) -> Result<Response<Function>> {
        let path = function_path(service, qualifier, function)?;
        let req = self.request(Method::GET, &path, &Query::new(), "GetFunction", None)?;
        self.call(req).await
    }

    /// `GetFunctionCode`: `GET …/functions/{functionName}/code`: the pre-signed URL and checksum of the
    /// package (fetch it with [`download_code`](FcClient::download_code)).
    pub async fn get_function_code(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
    ) -> Result<Response<FunctionCode>> {
        let path = format!("{}/code", function_path(service, qualifier, function)?);
        let req = self.request(Method::GET, &path, &Query::new(), "GetFunctionCode", None)?;
        self.call(req).await
    }

    /// `ListFunctions`: `GET /services/{serviceName[.qualifier]}/functions`, one page.
    pub async fn list_functions(
        &self,
        service: &str,
        qualifier: Option<&str>,
        options: &ListOptions,
    ) -> Result<Response<ListFunctionsResponse>> {
        let path = format!(
            "services/{}/functions",
            service_segment(service, qualifier)?
        );
        let req = self.request(Method::GET, &path, &options.query(), "ListFunctions", None)?;
        self.call(req).await
    }

    /// Every function of a service, following `nextToken`.
    pub fn list_functions_stream(
        &self,
        service: &str,
        qualifier: Option<&str>,
        options: ListOptions,
    ) -> BoxStream<'static, Result<Function>> {
        let (s, q) = (service.to_owned(), qualifier.map(str::to_owned));
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            let (s, q) = (s.clone(), q.clone());
            async move {
                let p = c.list_functions(&s, q.as_deref(), &o).await?.value;
                Ok((p.functions, p.next_token))
            }
        })
    }

    // ------------------------------------------------------------------ triggers (§5.3)

    /// `CreateTrigger`: `POST /services/{serviceName}/functions/{functionName}/triggers`.
    pub async fn create_trigger(
        &self,
        service: &str,
        function: &str,
        body: &CreateTriggerRequest,
    ) -> Result<Response<Trigger>> {
        let path = format!("{}/triggers", function_path(service, None, function)?);
        let req = self.request(Method::POST, &path, &Query::new(), "CreateTrigger", None)?;
        self.call(with_json(req, body)?).await
    }

    /// `DeleteTrigger`: `DELETE …/triggers/{triggerName}`.
    pub async fn delete_trigger(
        &self,
        service: &str,
        function: &str,
        trigger: &str,
        if_match: Option<&str>,
    ) -> Result<Response<()>> {
        let path = trigger_path(service, function, trigger)?;
        let req = self.request(
            Method::DELETE,
            &path,
            &Query::new(),
            "DeleteTrigger",
            if_match,
        )?;
        self.call_empty(req).await
    }

    /// `UpdateTrigger`: `PUT …/triggers/{triggerName}`.
    pub async fn update_trigger(
        &self,
        service: &str,
        function: &str,
        trigger: &str,
        body: &UpdateTriggerRequest,
        if_match: Option<&str>,
    ) -> Result<Response<Trigger>> {
        let path = trigger_path(service, function, trigger)?;
        let req = self.request(Method::PUT, &path, &Query::new(), "UpdateTrigger", if_match)?;
        self.call(with_json(req, body)?).await
    }

    /// `GetTrigger`: `GET …/triggers/{triggerName}`.
    pub async fn get_trigger(
        &self,
        service: &str,
        function: &str,
        trigger: &str,
    ) -> Result<Response<Trigger>> {
        let path = trigger_path(service, function, trigger)?;
        let req = self.request(Method::GET, &path, &Query::new(), "GetTrigger", None)?;
        self.call(req).await
    }

    /// `ListTriggers`: `GET …/functions/{functionName}/triggers`, one page.
    pub async fn list_triggers(
        &self,
        service: &str,
        function: &str,
        options: &ListOptions,
    ) -> Result<Response<ListTriggersResponse>> {
        let path = format!("{}/triggers", function_path(service, None, function)?);
        let req = self.request(Method::GET, &path, &options.query(), "ListTriggers", None)?;
        self.call(req).await
    }

    /// Every trigger of a function, following `nextToken`.
    pub fn list_triggers_stream(
        &self,
        service: &str,
        function: &str,
        options: ListOptions,
    ) -> BoxStream<'static, Result<Trigger>> {
        let (s, f) = (service.to_owned(), function.to_owned());
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            let (s, f) = (s.clone(), f.clone());
            async move {
                let p = c.list_triggers(&s, &f, &o).await?.value;
                Ok((p.triggers, p.next_token))
            }
        })
    }

    // ------------------------------------------------------------------ versions (§5.4)

    /// `PublishServiceVersion` (`PublishVersion`): `POST /services/{serviceName}/versions`; `if_match`
    /// is the **service** ETag. Not retried once it may have reached the server.
    pub async fn publish_service_version(
        &self,
        service: &str,
        body: &PublishVersionRequest,
        if_match: Option<&str>,
    ) -> Result<Response<Version>> {
        let path = format!("services/{}/versions", seg(service)?);
        let req = self.request(
            Method::POST,
            &path,
            &Query::new(),
            "PublishServiceVersion",
            if_match,
        )?;
        self.call(with_json(req, body)?).await
    }

    /// `DeleteServiceVersion` (`DeleteVersion`): `DELETE /services/{serviceName}/versions/{versionId}`.
    pub async fn delete_service_version(
        &self,
        service: &str,
        version_id: &str,
    ) -> Result<Response<()>> {
        let path = format!("services/{}/versions/{}", seg(service)?, seg(version_id)?);
        let req = self.request(
            Method::DELETE,
            &path,
            &Query::new(),
            "DeleteServiceVersion",
            None,
        )?;
        self.call_empty(req).await
    }

    /// `ListServiceVersions` (`ListVersions`): `GET /services/{serviceName}/versions`, one page.
    pub async fn list_service_versions(
        &self,
        service: &str,
        options: &ListVersionsOptions,
    ) -> Result<Response<ListVersionsResponse>> {
        let path = format!("services/{}/versions", seg(service)?);
        let req = self.request(
            Method::GET,
            &path,
            &options.query(),
            "ListServiceVersions",
            None,
        )?;
        self.call(req).await
    }

    /// Every version of a service, following `nextToken`.
    pub fn list_service_versions_stream(
        &self,
        service: &str,
        options: ListVersionsOptions,
    ) -> BoxStream<'static, Result<Version>> {
        let s = service.to_owned();
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            let s = s.clone();
            async move {
                let p = c.list_service_versions(&s, &o).await?.value;
                Ok((p.versions, p.next_token))
            }
        })
    }

    // ------------------------------------------------------------------ aliases (§5.5)

    /// `CreateAlias`: `POST /services/{serviceName}/aliases`.
    pub async fn create_alias(
        &self,
        service: &str,
        body: &CreateAliasRequest,
    ) -> Result<Response<Alias>> {
        let path = format!("services/{}/aliases", seg(service)?);
        let req = self.request(Method::POST, &path, &Query::new(), "CreateAlias", None)?;
        self.call(with_json(req, body)?).await
    }

    /// `DeleteAlias`: `DELETE /services/{serviceName}/aliases/{aliasName}`.
    pub async fn delete_alias(
        &self,
        service: &str,
        alias: &str,
        if_match: Option<&str>,
    ) -> Result<Response<()>> {
        let path = alias_path(service, alias)?;
        let req = self.request(
            Method::DELETE,
            &path,
            &Query::new(),
            "DeleteAlias",
            if_match,
        )?;
        self.call_empty(req).await
    }

    /// `UpdateAlias`: `PUT /services/{serviceName}/aliases/{aliasName}`.
    pub async fn update_alias(
        &self,
        service: &str,
        alias: &str,
        body: &UpdateAliasRequest,
        if_match: Option<&str>,
    ) -> Result<Response<Alias>> {
        let path = alias_path(service, alias)?;
        let req = self.request(Method::PUT, &path, &Query::new(), "UpdateAlias", if_match)?;
        self.call(with_json(req, body)?).await
    }

    /// `GetAlias`: `GET /services/{serviceName}/aliases/{aliasName}`.
    pub async fn get_alias(&self, service: &str, alias: &str) -> Result<Response<Alias>> {
        let path = alias_path(service, alias)?;
        let req = self.request(Method::GET, &path, &Query::new(), "GetAlias", None)?;
        self.call(req).await
    }

    /// `ListAliases`: `GET /services/{serviceName}/aliases`, one page.
    pub async fn list_aliases(
        &self,
        service: &str,
        options: &ListOptions,
    ) -> Result<Response<ListAliasesResponse>> {
        let path = format!("services/{}/aliases", seg(service)?);
        let req = self.request(Method::GET, &path, &options.query(), "ListAliases", None)?;
        self.call(req).await
    }

    /// Every alias of a service, following `nextToken`.
    pub fn list_aliases_stream(
        &self,
        service: &str,
        options: ListOptions,
    ) -> BoxStream<'static, Result<Alias>> {
        let s = service.to_owned();
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            let s = s.clone();
            async move {
                let p = c.list_aliases(&s, &o).await?.value;
                Ok((p.aliases, p.next_token))
            }
        })
    }

    // ------------------------------------------------------------------ custom domains (§5.6)

    /// `CreateCustomDomain`: `POST /custom-domains`.
    pub async fn create_custom_domain(
        &self,
        body: &CreateCustomDomainRequest,
    ) -> Result<Response<CustomDomain>> {
        let req = self.request(
            Method::POST,
            "custom-domains",
            &Query::new(),
            "CreateCustomDomain",
            None,
        )?;
        self.call(with_json(req, body)?).await
    }

    /// `DeleteCustomDomain`: `DELETE /custom-domains/{domainName}`.
    pub async fn delete_custom_domain(&self, domain: &str) -> Result<Response<()>> {
        let path = format!("custom-domains/{}", seg(domain)?);
        let req = self.request(
            Method::DELETE,
            &path,
            &Query::new(),
            "DeleteCustomDomain",
            None,
        )?;
        self.call_empty(req).await
    }

    /// `UpdateCustomDomain`: `PUT /custom-domains/{domainName}`.
    pub async fn update_custom_domain(
        &self,
        domain: &str,
        body: &UpdateCustomDomainRequest,
    ) -> Result<Response<CustomDomain>> {
        let path = format!("custom-domains/{}", seg(domain)?);
        let req = self.request(
            Method::PUT,
            &path,
            &Query::new(),
            "UpdateCustomDomain",
            None,
        )?;
        self.call(with_json(req, body)?).await
    }

    /// `GetCustomDomain`: `GET /custom-domains/{domainName}`.
    pub async fn get_custom_domain(&self, domain: &str) -> Result<Response<CustomDomain>> {
        let path = format!("custom-domains/{}", seg(domain)?);
        let req = self.request(Method::GET, &path, &Query::new(), "GetCustomDomain", None)?;
        self.call(req).await
    }

    /// `ListCustomDomains`: `GET /custom-domains`, one page.
    pub async fn list_custom_domains(
        &self,
        options: &ListOptions,
    ) -> Result<Response<ListCustomDomainsResponse>> {
        let req = self.request(
            Method::GET,
            "custom-domains",
            &options.query(),
            "ListCustomDomains",
            None,
        )?;
        self.call(req).await
    }

    /// Every custom domain, following `nextToken`.
    pub fn list_custom_domains_stream(
        &self,
        options: ListOptions,
    ) -> BoxStream<'static, Result<CustomDomain>> {
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            async move {
                let p = c.list_custom_domains(&o).await?.value;
                Ok((p.custom_domains, p.next_token))
            }
        })
    }

    // ------------------------------------------------------------------ provision configs (§5.7)

    /// `PutProvisionConfig`: `PUT /services/{serviceName}.{qualifier}/functions/{functionName}/provision-config`
    /// (the qualifier, an alias, is required).
    pub async fn put_provision_config(
        &self,
        service: &str,
        qualifier: &str,
        function: &str,
        body: &PutProvisionConfigRequest,
    ) -> Result<Response<ProvisionConfig>> {
        let path = format!(
            "{}/provision-config",
            function_path(service, Some(qualifier), function)?
        );
        let req = self.request(
            Method::PUT,
            &path,
            &Query::new(),
            "PutProvisionConfig",
            None,
        )?;
        self.call(with_json(req, body)?).await
    }

    /// `GetProvisionConfig`: `GET /services/{serviceName}.{qualifier}/functions/{functionName}/provision-config`.
    pub async fn get_provision_config(
        &self,
        service: &str,
        qualifier: &str,
        function: &str,
    ) -> Result<Response<ProvisionConfig>> {
        let path = format!(
            "{}/provision-config",
            function_path(service, Some(qualifier), function)?
        );
        let req = self.request(
            Method::GET,
            &path,
            &Query::new(),
            "GetProvisionConfig",
            None,
        )?;
        self.call(req).await
    }

    /// `ListProvisionConfigs`: `GET /provision-configs`, one page. A qualifier without a service name
    /// is refused before sending ([`ErrorKind::InvalidArgument`]), as the SDK does.
    pub async fn list_provision_configs(
        &self,
        options: &ListProvisionConfigsOptions,
    ) -> Result<Response<ListProvisionConfigsResponse>> {
        let has = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
        if has(&options.qualifier) && !has(&options.service_name) {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                "ListProvisionConfigs: a qualifier needs a service name",
            )
            .with_provider(crate::error::PROVIDER)
            .with_operation("ListProvisionConfigs"));
        }
        let req = self.request(
            Method::GET,
            "provision-configs",
            &options.query(),
            "ListProvisionConfigs",
            None,
        )?;
        self.call(req).await
    }

    /// Every provision config, following `nextToken`.
    pub fn list_provision_configs_stream(
        &self,
        options: ListProvisionConfigsOptions,
    ) -> BoxStream<'static, Result<ProvisionConfig>> {
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            async move {
                let p = c.list_provision_configs(&o).await?.value;
                Ok((p.provision_configs, p.next_token))
            }
        })
    }

    // ------------------------------------------------------------------ tags (§5.8)

    /// `TagResource`: `POST /tag`. Treated as idempotent: tagging twice with the same tags leaves the
    /// same state, so it is retried like a PUT.
    pub async fn tag_resource(
        &self,
        body: &TagResourceRequest,
    ) -> Result<Response<Acknowledgement>> {
        let req = self
            .request(Method::POST, "tag", &Query::new(), "TagResource", None)?
            .with_idempotency(Idempotency::Idempotent);
        self.call_or_default(with_json(req, body)?).await
    }

    /// `UntagResource`: `DELETE /tag` **with a JSON body** (`resourceArn`, `tagKeys`, `all`).
    pub async fn untag_resource(
        &self,
        body: &UntagResourceRequest,
    ) -> Result<Response<Acknowledgement>> {
        let req = self.request(Method::DELETE, "tag", &Query::new(), "UntagResource", None)?;
        self.call_or_default(with_json(req, body)?).await
    }

    /// `GetResourceTags`: `GET /tag?resourceArn={arn}`.
    pub async fn get_resource_tags(&self, resource_arn: &str) -> Result<Response<ResourceTags>> {
        let mut q = Query::new();
        q.raw("resourceArn", resource_arn);
        let req = self.request(Method::GET, "tag", &q, "GetResourceTags", None)?;
        self.call(req).await
    }

    // ------------------------------------------------------------------ async invoke configs (§5.9)

    /// `PutFunctionAsyncInvokeConfig`: `PUT …/functions/{functionName}/async-invoke-config` (upsert).
    pub async fn put_function_async_invoke_config(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
        body: &PutAsyncInvokeConfigRequest,
    ) -> Result<Response<AsyncInvokeConfig>> {
        let path = format!(
            "{}/async-invoke-config",
            function_path(service, qualifier, function)?
        );
        let req = self.request(
            Method::PUT,
            &path,
            &Query::new(),
            "PutFunctionAsyncInvokeConfig",
            None,
        )?;
        self.call(with_json(req, body)?).await
    }

    /// `DeleteFunctionAsyncInvokeConfig`: `DELETE …/functions/{functionName}/async-invoke-config`.
    pub async fn delete_function_async_invoke_config(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
    ) -> Result<Response<()>> {
        let path = format!(
            "{}/async-invoke-config",
            function_path(service, qualifier, function)?
        );
        let req = self.request(
            Method::DELETE,
            &path,
            &Query::new(),
            "DeleteFunctionAsyncInvokeConfig",
            None,
        )?;
        self.call_empty(req).await
    }

    /// `GetFunctionAsyncInvokeConfig`: `GET …/functions/{functionName}/async-invoke-config`.
    pub async fn get_function_async_invoke_config(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
    ) -> Result<Response<AsyncInvokeConfig>> {
        let path = format!(
            "{}/async-invoke-config",
            function_path(service, qualifier, function)?
        );
        let req = self.request(
            Method::GET,
            &path,
            &Query::new(),
            "GetFunctionAsyncInvokeConfig",
            None,
        )?;
        self.call(req).await
    }

    /// `ListFunctionAsyncInvokeConfigs`: `GET /services/{serviceName}/functions/{functionName}/async-invoke-configs`.
    pub async fn list_function_async_invoke_configs(
        &self,
        service: &str,
        function: &str,
        options: &PageOptions,
    ) -> Result<Response<ListAsyncInvokeConfigsResponse>> {
        let path = format!(
            "{}/async-invoke-configs",
            function_path(service, None, function)?
        );
        let req = self.request(
            Method::GET,
            &path,
            &options.query(),
            "ListFunctionAsyncInvokeConfigs",
            None,
        )?;
        self.call(req).await
    }

    /// Every async invoke config of a function, following `nextToken`.
    pub fn list_function_async_invoke_configs_stream(
        &self,
        service: &str,
        function: &str,
        options: PageOptions,
    ) -> BoxStream<'static, Result<AsyncInvokeConfig>> {
        let (s, f) = (service.to_owned(), function.to_owned());
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            let (s, f) = (s.clone(), f.clone());
            async move {
                let p = c
                    .list_function_async_invoke_configs(&s, &f, &o)
                    .await?
                    .value;
                Ok((p.configs, p.next_token))
            }
        })
    }

    // ------------------------------------------------------------------ stateful async invocations (§5.10)

    /// `GetStatefulAsyncInvocation`: `GET …/stateful-async-invocations/{statefulAsyncInvocationId}`.
    pub async fn get_stateful_async_invocation(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
        invocation_id: &str,
    ) -> Result<Response<StatefulAsyncInvocation>> {
        let path = stateful_path(service, qualifier, function, Some(invocation_id))?;
        let req = self.request(
            Method::GET,
            &path,
            &Query::new(),
            "GetStatefulAsyncInvocation",
            None,
        )?;
        self.call(req).await
    }

    /// `ListStatefulAsyncInvocations`: `GET …/stateful-async-invocations`, one page.
    pub async fn list_stateful_async_invocations(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
        options: &ListStatefulAsyncInvocationsOptions,
    ) -> Result<Response<ListStatefulAsyncInvocationsResponse>> {
        let path = stateful_path(service, qualifier, function, None)?;
        let req = self.request(
            Method::GET,
            &path,
            &options.query(),
            "ListStatefulAsyncInvocations",
            None,
        )?;
        self.call(req).await
    }

    /// Every stateful async invocation of a function, following `nextToken`.
    pub fn list_stateful_async_invocations_stream(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
        options: ListStatefulAsyncInvocationsOptions,
    ) -> BoxStream<'static, Result<StatefulAsyncInvocation>> {
        let target = (
            service.to_owned(),
            qualifier.map(str::to_owned),
            function.to_owned(),
        );
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            let (svc, q, f) = target.clone();
            async move {
                let p = c
                    .list_stateful_async_invocations(&svc, q.as_deref(), &f, &o)
                    .await?
                    .value;
                Ok((p.invocations, p.next_token))
            }
        })
    }

    /// `StopStatefulAsyncInvocation`: `PUT …/stateful-async-invocations/{statefulAsyncInvocationId}`.
    pub async fn stop_stateful_async_invocation(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
        invocation_id: &str,
    ) -> Result<Response<()>> {
        let path = stateful_path(service, qualifier, function, Some(invocation_id))?;
        let req = self.request(
            Method::PUT,
            &path,
            &Query::new(),
            "StopStatefulAsyncInvocation",
            None,
        )?;
        self.call_empty(req).await
    }

    // ------------------------------------------------------------------ layers (§5.11)

    /// `PublishLayerVersion`: `POST /layers/{layerName}/versions`. Not retried once it may have reached
    /// the server (each publish makes a new version).
    pub async fn publish_layer_version(
        &self,
        layer: &str,
        body: &PublishLayerVersionRequest,
    ) -> Result<Response<Layer>> {
        let path = format!("layers/{}/versions", seg(layer)?);
        let req = self.request(
            Method::POST,
            &path,
            &Query::new(),
            "PublishLayerVersion",
            None,
        )?;
        self.call(with_json(req, body)?).await
    }

    /// `DeleteLayerVersion`: `DELETE /layers/{layerName}/versions/{version}`.
    pub async fn delete_layer_version(&self, layer: &str, version: i64) -> Result<Response<()>> {
        let path = format!("layers/{}/versions/{version}", seg(layer)?);
        let req = self.request(
            Method::DELETE,
            &path,
            &Query::new(),
            "DeleteLayerVersion",
            None,
        )?;
        self.call_empty(req).await
    }

    /// `GetLayerVersion`: `GET /layers/{layerName}/versions/{version}`.
    pub async fn get_layer_version(&self, layer: &str, version: i64) -> Result<Response<Layer>> {
        let path = format!("layers/{}/versions/{version}", seg(layer)?);
        let req = self.request(Method::GET, &path, &Query::new(), "GetLayerVersion", None)?;
        self.call(req).await
    }

    /// `ListLayerVersions`: `GET /layers/{layerName}/versions`, one page (paged by `startVersion` /
    /// `nextVersion`).
    pub async fn list_layer_versions(
        &self,
        layer: &str,
        options: &ListLayerVersionsOptions,
    ) -> Result<Response<ListLayerVersionsResponse>> {
        let path = format!("layers/{}/versions", seg(layer)?);
        let req = self.request(
            Method::GET,
            &path,
            &options.query(),
            "ListLayerVersions",
            None,
        )?;
        self.call(req).await
    }

    /// Every version of a layer, following `nextVersion`.
    pub fn list_layer_versions_stream(
        &self,
        layer: &str,
        options: ListLayerVersionsOptions,
    ) -> BoxStream<'static, Result<Layer>> {
        let l = layer.to_owned();
        let first = options.start_version.map(|v| v.to_string());
        self.stream(first, move |c, token| {
            let mut o = options.clone();
            let l = l.clone();
            async move {
                if let Some(t) = token {
                    o.start_version = Some(t.parse().map_err(|_| {
                        Error::new(ErrorKind::Decode, format!("bad layer version token `{t}`"))
                    })?);
                }
                let p = c.list_layer_versions(&l, &o).await?.value;
                Ok((p.layers, p.next_version.map(|v| v.to_string())))
            }
        })
    }

    /// `ListLayers`: `GET /layers`, one page.
    pub async fn list_layers(&self, options: &ListOptions) -> Result<Response<ListLayersResponse>> {
        let req = self.request(Method::GET, "layers", &options.query(), "ListLayers", None)?;
        self.call(req).await
    }

    /// Every layer, following `nextToken`.
    pub fn list_layers_stream(&self, options: ListOptions) -> BoxStream<'static, Result<Layer>> {
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            async move {
                let p = c.list_layers(&o).await?.value;
                Ok((p.layers, p.next_token))
            }
        })
    }

    // ------------------------------------------------------------------ instances (§5.12)

    /// `ListInstances`: `GET /services/{serviceName[.qualifier]}/functions/{functionName}/instances`.
    /// The response may be a bare array (the reference) or `{"instances": [...], "nextToken": ...}` (the
    /// Go SDK); both decode.
    pub async fn list_instances(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
        options: &ListInstancesOptions,
    ) -> Result<Response<ListInstancesResponse>> {
        let path = format!("{}/instances", function_path(service, qualifier, function)?);
        let req = self.request(Method::GET, &path, &options.query(), "ListInstances", None)?;
        self.call(req).await
    }

    /// Every instance, following `nextToken` when the server pages.
    pub fn list_instances_stream(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
        options: ListInstancesOptions,
    ) -> BoxStream<'static, Result<Instance>> {
        let target = (
            service.to_owned(),
            qualifier.map(str::to_owned),
            function.to_owned(),
        );
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            let (svc, q, f) = target.clone();
            async move {
                let p = c.list_instances(&svc, q.as_deref(), &f, &o).await?.value;
                Ok((p.instances, p.next_token))
            }
        })
    }

    // ------------------------------------------------------------------ SDK extras (official-sdks.md §1.2)

    /// `GetAccountSettings`: `GET /account-settings` (SDK only).
    pub async fn get_account_settings(&self) -> Result<Response<AccountSettings>> {
        let req = self.request(
            Method::GET,
            "account-settings",
            &Query::new(),
            "GetAccountSettings",
            None,
        )?;
        self.call(req).await
    }

    /// `PutOnDemandConfig`: `PUT /services/{serviceName}.{qualifier}/functions/{functionName}/on-demand-config`
    /// (SDK only).
    pub async fn put_on_demand_config(
        &self,
        service: &str,
        qualifier: &str,
        function: &str,
        body: &PutOnDemandConfigRequest,
    ) -> Result<Response<OnDemandConfig>> {
        let path = on_demand_path(service, qualifier, function)?;
        let req = self.request(Method::PUT, &path, &Query::new(), "PutOnDemandConfig", None)?;
        self.call(with_json(req, body)?).await
    }

    /// `GetOnDemandConfig`: `GET …/on-demand-config` (SDK only).
    pub async fn get_on_demand_config(
        &self,
        service: &str,
        qualifier: &str,
        function: &str,
    ) -> Result<Response<OnDemandConfig>> {
        let path = on_demand_path(service, qualifier, function)?;
        let req = self.request(Method::GET, &path, &Query::new(), "GetOnDemandConfig", None)?;
        self.call(req).await
    }

    /// `DeleteOnDemandConfig`: `DELETE …/on-demand-config` (SDK only).
    pub async fn delete_on_demand_config(
        &self,
        service: &str,
        qualifier: &str,
        function: &str,
    ) -> Result<Response<()>> {
        let path = on_demand_path(service, qualifier, function)?;
        let req = self.request(
            Method::DELETE,
            &path,
            &Query::new(),
            "DeleteOnDemandConfig",
            None,
        )?;
        self.call_empty(req).await
    }

    /// `ListOnDemandConfigs`: `GET /on-demand-configs`, one page (SDK only). Like the SDK, `limit`
    /// defaults to [`ON_DEMAND_DEFAULT_LIMIT`] (100) and is always sent.
    pub async fn list_on_demand_configs(
        &self,
        options: &ListOptions,
    ) -> Result<Response<ListOnDemandConfigsResponse>> {
        let mut o = options.clone();
        if o.limit.is_none_or(|l| l == 0) {
            o.limit = Some(ON_DEMAND_DEFAULT_LIMIT);
        }
        let req = self.request(
            Method::GET,
            "on-demand-configs",
            &o.query(),
            "ListOnDemandConfigs",
            None,
        )?;
        self.call(req).await
    }

    /// Every on-demand config, following `nextToken`.
    pub fn list_on_demand_configs_stream(
        &self,
        options: ListOptions,
    ) -> BoxStream<'static, Result<OnDemandConfig>> {
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            async move {
                let p = c.list_on_demand_configs(&o).await?.value;
                Ok((p.configs, p.next_token))
            }
        })
    }

    /// `ListReservedCapacities`: `GET /reservedCapacities`, one page (SDK only).
    pub async fn list_reserved_capacities(
        &self,
        options: &PageOptions,
    ) -> Result<Response<ListReservedCapacitiesResponse>> {
        let req = self.request(
            Method::GET,
            "reservedCapacities",
            &options.query(),
            "ListReservedCapacities",
            None,
        )?;
        self.call(req).await
    }

    /// Every reserved capacity, following `nextToken`.
    pub fn list_reserved_capacities_stream(
        &self,
        options: PageOptions,
    ) -> BoxStream<'static, Result<ReservedCapacity>> {
        self.stream(options.next_token.clone(), move |c, token| {
            let mut o = options.clone();
            o.next_token = token;
            async move {
                let p = c.list_reserved_capacities(&o).await?.value;
                Ok((p.reserved_capacities, p.next_token))
            }
        })
    }
}

fn trigger_path(service: &str, function: &str, trigger: &str) -> Result<String> {
    Ok(format!(
        "{}/triggers/{}",
        function_path(service, None, function)?,
        seg(trigger)?
    ))
}

fn alias_path(service: &str, alias: &str) -> Result<String> {
    Ok(format!(
        "services/{}/aliases/{}",
        seg(service)?,
        seg(alias)?
    ))
}

fn stateful_path(
    service: &str,
    qualifier: Option<&str>,
    function: &str,
    invocation_id: Option<&str>,
) -> Result<String> {
    let base = format!(
        "{}/stateful-async-invocations",
        function_path(service, qualifier, function)?
    );
    Ok(match invocation_id {
        Some(id) => format!("{base}/{}", seg(id)?),
        None => base,
    })
}

fn on_demand_path(service: &str, qualifier: &str, function: &str) -> Result<String> {
    Ok(format!(
        "{}/on-demand-config",
        function_path(service, Some(qualifier), function)?
    ))
}
