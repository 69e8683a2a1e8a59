//! Custom domains, provision configs, on-demand configs, tags, layers, instances, account settings and
//! reserved capacities.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cloudfn_alibaba::api::types::{
    AccountSettings, CreateCustomDomainRequest, CustomDomain, Instance, Layer, LayerCode,
    ListCustomDomainsResponse, ListLayerVersionsResponse, ListLayersResponse,
    ListOnDemandConfigsResponse, ListProvisionConfigsResponse, ListReservedCapacitiesResponse,
    OnDemandConfig, ProvisionConfig, PublishLayerVersionRequest, PutOnDemandConfigRequest,
    PutProvisionConfigRequest, ResourceTags, TagResourceRequest, UntagResourceRequest,
    UpdateCustomDomainRequest,
};
use cloudfn_alibaba::checksum::code_checksum;
use sha2::{Digest, Sha256};

use super::services::check_description;
use super::{Ctx, no_content, ok, ok_etag};
use crate::fc::fault::{FcError, FcResult};
use crate::fc::route::Svc;
use crate::fc::state::{LayerRec, Paging, State, check_name, etag_of, hex, int_param, param};
use crate::wire::WireResponse;

// ---------------------------------------------------------------- custom domains

fn check_domain_name(name: &str) -> FcResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'*')
        });
    if ok {
        Ok(())
    } else {
        Err(FcError::invalid(format!(
            "domainName '{name}' is not a valid domain name"
        )))
    }
}

fn check_protocol(protocol: Option<&str>) -> FcResult<()> {
    match protocol {
        None | Some("HTTP" | "HTTP,HTTPS") => Ok(()),
        Some(p) => Err(FcError::invalid(format!(
            "protocol '{p}' is invalid: expected HTTP or HTTP,HTTPS"
        ))),
    }
}

fn domain_not_found(name: &str) -> FcError {
    FcError::not_found(
        "DomainNameNotFound",
        format!("domain name '{name}' does not exist"),
    )
}

pub(crate) fn create_domain(ctx: &Ctx<'_>, st: &mut State) -> FcResult<WireResponse> {
    let body: CreateCustomDomainRequest = ctx.body()?;
    check_domain_name(&body.domain_name)?;
    check_protocol(body.protocol.as_deref())?;
    if st.domains.contains_key(&body.domain_name) {
        return Err(FcError::conflict(
            "DomainNameAlreadyExists",
            format!("domain name '{}' already exists", body.domain_name),
        ));
    }
    let ts = ctx.ts();
    let domain = CustomDomain {
        domain_name: Some(body.domain_name.clone()),
        account_id: Some(ctx.shared.config.fc_account_id.clone()),
        api_version: Some("2016-08-15".into()),
        protocol: Some(body.protocol.unwrap_or_else(|| "HTTP".into())),
        cert_config: body.cert_config,
        route_config: body.route_config,
        created_time: Some(ts.clone()),
        last_modified_time: Some(ts),
        ..CustomDomain::default()
    };
    let resp = ok(&domain);
    st.domains.insert(body.domain_name, domain);
    Ok(resp)
}

pub(crate) fn update_domain(ctx: &Ctx<'_>, st: &mut State, name: &str) -> FcResult<WireResponse> {
    let body: UpdateCustomDomainRequest = ctx.body()?;
    check_protocol(body.protocol.as_deref())?;
    let domain = st
        .domains
        .get_mut(name)
        .ok_or_else(|| domain_not_found(name))?;
    if let Some(p) = body.protocol {
        domain.protocol = Some(p);
    }
    if let Some(c) = body.cert_config {
        domain.cert_config = Some(c);
    }
    if let Some(r) = body.route_config {
        domain.route_config = Some(r);
    }
    domain.last_modified_time = Some(ctx.ts());
    Ok(ok(domain))
}

pub(crate) fn get_domain(_ctx: &Ctx<'_>, st: &mut State, name: &str) -> FcResult<WireResponse> {
    st.domains
        .get(name)
        .map(ok)
        .ok_or_else(|| domain_not_found(name))
}

pub(crate) fn delete_domain(_ctx: &Ctx<'_>, st: &mut State, name: &str) -> FcResult<WireResponse> {
    st.domains
        .remove(name)
        .map(|_| no_content())
        .ok_or_else(|| domain_not_found(name))
}

pub(crate) fn list_domains(ctx: &Ctx<'_>, st: &mut State) -> FcResult<WireResponse> {
    let paging = Paging::from_request(ctx.req, 20, 100)?;
    let (custom_domains, next_token) =
        paging.page(st.domains.iter().map(|(n, d)| (n.as_str(), d.clone())));
    Ok(ok(&ListCustomDomainsResponse {
        custom_domains,
        next_token,
        ..ListCustomDomainsResponse::default()
    }))
}

// ---------------------------------------------------------------- provision / on-demand configs

/// A qualifier that must be given and must be an alias or a version (not LATEST).
fn required_qualifier(st: &State, svc: &Svc, function: &str) -> FcResult<String> {
    let Some(q) = svc.qualifier.as_deref().filter(|q| *q != "LATEST") else {
        return Err(FcError::invalid(
            "this operation needs an alias or version qualifier ('{service}.{qualifier}'), not LATEST",
        ));
    };
    let rec = st.service(&svc.name)?;
    rec.resolve(&svc.name, Some(q))?;
    rec.function_view(&svc.name, None, function)?;
    Ok(q.to_owned())
}

fn provision_resource(ctx: &Ctx<'_>, service: &str, qualifier: &str, function: &str) -> String {
    format!(
        "{}#{service}#{qualifier}#{function}",
        ctx.shared.config.fc_account_id
    )
}

pub(crate) fn put_provision(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let q = required_qualifier(st, svc, function)?;
    let body: PutProvisionConfigRequest = ctx.body()?;
    if !(0..=10_000).contains(&body.target) {
        return Err(FcError::invalid(format!(
            "target {} is invalid: it must be between 0 and 10000",
            body.target
        )));
    }
    let config = ProvisionConfig {
        resource: Some(provision_resource(ctx, &svc.name, &q, function)),
        target: Some(body.target),
        current: Some(body.target),
        scheduled_actions: body.scheduled_actions,
        target_tracking_policies: body.target_tracking_policies,
        ..ProvisionConfig::default()
    };
    let resp = ok(&config);
    let key = (svc.name.clone(), q, function.to_owned());
    if body.target == 0 {
        st.provision.remove(&key);
    } else {
        st.provision.insert(key, config);
    }
    Ok(resp)
}

pub(crate) fn get_provision(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let q = required_qualifier(st, svc, function)?;
    let key = (svc.name.clone(), q.clone(), function.to_owned());
    let config = st
        .provision
        .get(&key)
        .cloned()
        .unwrap_or_else(|| ProvisionConfig {
            resource: Some(provision_resource(ctx, &svc.name, &q, function)),
            target: Some(0),
            current: Some(0),
            ..ProvisionConfig::default()
        });
    let etag = etag_of(&config);
    Ok(ok_etag(&config, &etag))
}

pub(crate) fn list_provision(ctx: &Ctx<'_>, st: &mut State) -> FcResult<WireResponse> {
    let service = param(ctx.req, "serviceName");
    let qualifier = param(ctx.req, "qualifier");
    if qualifier.is_some() && service.is_none() {
        return Err(FcError::invalid("qualifier needs serviceName"));
    }
    let paging = Paging {
        prefix: None,
        start_key: None,
        ..Paging::from_request(ctx.req, 20, 100)?
    };
    let keys: Vec<(String, ProvisionConfig)> = st
        .provision
        .iter()
        .filter(|((s, q, _), _)| {
            service.as_deref().is_none_or(|x| x == s) && qualifier.as_deref().is_none_or(|x| x == q)
        })
        .map(|(_, c)| (c.resource.clone().unwrap_or_default(), c.clone()))
        .collect();
    let (provision_configs, next_token) =
        paging.page(keys.iter().map(|(k, c)| (k.as_str(), c.clone())));
    Ok(ok(&ListProvisionConfigsResponse {
        provision_configs,
        next_token,
        ..ListProvisionConfigsResponse::default()
    }))
}

fn on_demand_resource(ctx: &Ctx<'_>, service: &str, qualifier: &str, function: &str) -> String {
    format!(
        "acs:fc:{}:{}:services/{service}.{qualifier}/functions/{function}",
        ctx.shared.config.fc_region, ctx.shared.config.fc_account_id
    )
}

pub(crate) fn put_on_demand(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let q = required_qualifier(st, svc, function)?;
    let body: PutOnDemandConfigRequest = ctx.body()?;
    if body.maximum_instance_count < 0 {
        return Err(FcError::invalid(
            "maximumInstanceCount must not be negative",
        ));
    }
    let config = OnDemandConfig {
        resource: Some(on_demand_resource(ctx, &svc.name, &q, function)),
        maximum_instance_count: Some(body.maximum_instance_count),
        ..OnDemandConfig::default()
    };
    let resp = ok(&config);
    st.on_demand
        .insert((svc.name.clone(), q, function.to_owned()), config);
    Ok(resp)
}

fn on_demand_not_found(svc: &Svc, function: &str) -> FcError {
    FcError::not_found(
        "OnDemandConfigNotFound",
        format!(
            "the on-demand config of function '{function}' of service '{}' does not exist",
            svc.name
        ),
    )
}

pub(crate) fn get_on_demand(
    _ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let q = required_qualifier(st, svc, function)?;
    st.on_demand
        .get(&(svc.name.clone(), q, function.to_owned()))
        .map(ok)
        .ok_or_else(|| on_demand_not_found(svc, function))
}

pub(crate) fn delete_on_demand(
    _ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let q = required_qualifier(st, svc, function)?;
    st.on_demand
        .remove(&(svc.name.clone(), q, function.to_owned()))
        .map(|_| no_content())
        .ok_or_else(|| on_demand_not_found(svc, function))
}

pub(crate) fn list_on_demand(ctx: &Ctx<'_>, st: &mut State) -> FcResult<WireResponse> {
    let paging = Paging::from_request(ctx.req, 20, 100)?;
    let items: Vec<(String, OnDemandConfig)> = st
        .on_demand
        .values()
        .map(|c| (c.resource.clone().unwrap_or_default(), c.clone()))
        .collect();
    let mut items = items;
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let (configs, next_token) = paging.page(items.iter().map(|(k, c)| (k.as_str(), c.clone())));
    Ok(ok(&ListOnDemandConfigsResponse {
        configs,
        next_token,
        ..ListOnDemandConfigsResponse::default()
    }))
}

// ---------------------------------------------------------------- tags

/// The service a tag ARN names: `acs:fc:{region}:{account}:services/{name}` or `services/{name}`.
fn tagged_service(st: &State, arn: &str) -> FcResult<String> {
    let tail = arn.rsplit_once(':').map_or(arn, |(_, t)| t);
    let name = tail
        .strip_prefix("services/")
        .filter(|n| !n.is_empty() && !n.contains('/'))
        .ok_or_else(|| {
            FcError::invalid(format!(
                "resourceArn '{arn}' is invalid: expected 'acs:fc:{{region}}:{{accountId}}:services/{{serviceName}}'"
            ))
        })?;
    st.service(name)?;
    Ok(name.to_owned())
}

pub(crate) fn tag(ctx: &Ctx<'_>, st: &mut State) -> FcResult<WireResponse> {
    let body: TagResourceRequest = ctx.body()?;
    let name = tagged_service(st, &body.resource_arn)?;
    if body.tags.is_empty() || body.tags.len() > 20 {
        return Err(FcError::invalid("tags must have between 1 and 20 entries"));
    }
    if body.tags.keys().any(|k| k.is_empty() || k.len() > 128) {
        return Err(FcError::invalid("a tag key must be 1-128 characters long"));
    }
    let rec = st.service_mut(&name)?;
    rec.tags.extend(body.tags);
    if rec.tags.len() > 20 {
        return Err(FcError::invalid("a resource can have at most 20 tags"));
    }
    Ok(ok(&serde_json::json!({ "requestId": ctx.request_id })))
}

pub(crate) fn untag(ctx: &Ctx<'_>, st: &mut State) -> FcResult<WireResponse> {
    let body: UntagResourceRequest = ctx.body()?;
    let name = tagged_service(st, &body.resource_arn)?;
    let rec = st.service_mut(&name)?;
    if body.all && body.tag_keys.is_empty() {
        rec.tags.clear();
    } else if body.tag_keys.is_empty() {
        return Err(FcError::invalid(
            "tagKeys must not be empty unless all is true",
        ));
    } else {
        for key in &body.tag_keys {
            rec.tags.remove(key);
        }
    }
    Ok(ok(&serde_json::json!({ "requestId": ctx.request_id })))
}

pub(crate) fn get_tags(ctx: &Ctx<'_>, st: &mut State) -> FcResult<WireResponse> {
    let arn =
        param(ctx.req, "resourceArn").ok_or_else(|| FcError::invalid("resourceArn is required"))?;
    let name = tagged_service(st, &arn)?;
    let full = format!(
        "acs:fc:{}:{}:services/{name}",
        ctx.shared.config.fc_region, ctx.shared.config.fc_account_id
    );
    Ok(ok(&ResourceTags {
        resource_arn: Some(full),
        tags: Some(st.service(&name)?.tags.clone()),
        request_id: Some(ctx.request_id.to_owned()),
        ..ResourceTags::default()
    }))
}

// ---------------------------------------------------------------- layers

const LAYER_RUNTIMES: &[&str] = &[
    "nodejs20",
    "nodejs18",
    "nodejs16",
    "nodejs14",
    "nodejs12",
    "nodejs10",
    "nodejs8",
    "nodejs6",
    "python3.10",
    "python3.9",
    "python3",
    "python2.7",
    "java11",
    "java8",
    "custom",
    "custom.debian10",
];

fn layer_not_found(name: &str, version: &str) -> FcError {
    FcError::not_found(
        "LayerNotFound",
        format!("version '{version}' of layer '{name}' does not exist"),
    )
}

fn layer_version<'a>(st: &'a State, name: &str, version: &str) -> FcResult<(&'a Layer, &'a str)> {
    version
        .parse::<i64>()
        .ok()
        .and_then(|v| st.layers.get(name)?.versions.get(&v))
        .map(|(l, e)| (l, e.as_str()))
        .ok_or_else(|| layer_not_found(name, version))
}

pub(crate) fn publish_layer(ctx: &Ctx<'_>, st: &mut State, name: &str) -> FcResult<WireResponse> {
    check_name("layerName", name)?;
    let body: PublishLayerVersionRequest = ctx.body()?;
    check_description(body.description.as_deref())?;
    let code = body
        .code
        .ok_or_else(|| FcError::invalid("code is required"))?;
    let bytes = match (
        code.zip_file.as_deref().filter(|s| !s.is_empty()),
        code.oss_bucket_name.as_deref().filter(|s| !s.is_empty()),
        code.oss_object_name.as_deref().filter(|s| !s.is_empty()),
    ) {
        (Some(z), None, None) => bytes::Bytes::from(
            BASE64
                .decode(z.trim())
                .map_err(|e| FcError::invalid(format!("code.zipFile is not valid base64: {e}")))?,
        ),
        (None, Some(b), Some(o)) => ctx.shared.object(b, o).ok_or_else(|| {
            FcError::invalid(format!(
                "failed to get the code from OSS: object '{o}' does not exist in bucket '{b}'"
            ))
        })?,
        _ => {
            return Err(FcError::invalid(
                "code must have either zipFile, or both ossBucketName and ossObjectName",
            ));
        }
    };
    for r in body.compatible_runtime.iter().flatten() {
        if !LAYER_RUNTIMES.contains(&r.as_str()) {
            return Err(FcError::invalid(format!(
                "compatibleRuntime '{r}' is not supported"
            )));
        }
    }
    let account_hash = hex(&Sha256::digest(ctx.shared.config.fc_account_id.as_bytes())[..16]);
    let code_id = st.new_id();
    let layers = st
        .layers
        .entry(name.to_owned())
        .or_insert_with(|| LayerRec {
            next_version: 1,
            ..LayerRec::default()
        });
    let version = layers.next_version;
    layers.next_version += 1;
    let layer = Layer {
        layer_name: Some(name.to_owned()),
        version: Some(version),
        description: Some(body.description.unwrap_or_default()),
        code: Some(LayerCode {
            repository_type: Some("OSS".into()),
            location: Some(ctx.shared.code_url(&code_id)),
            ..LayerCode::default()
        }),
        code_size: Some(bytes.len() as i64),
        code_checksum: Some(code_checksum(&bytes)),
        create_time: Some(ctx.ts()),
        acl: Some(0),
        compatible_runtime: Some(body.compatible_runtime.unwrap_or_default()),
        arn: Some(format!("{account_hash}#{name}#{version}")),
        ..Layer::default()
    };
    ctx.shared.blobs.put(&code_id, bytes);
    let etag = etag_of(&layer);
    let resp = ok_etag(&layer, &etag);
    layers.versions.insert(version, (layer, etag));
    Ok(resp)
}

pub(crate) fn get_layer(
    _ctx: &Ctx<'_>,
    st: &mut State,
    name: &str,
    version: &str,
) -> FcResult<WireResponse> {
    let (layer, etag) = layer_version(st, name, version)?;
    Ok(ok_etag(layer, etag))
}

pub(crate) fn delete_layer(
    ctx: &Ctx<'_>,
    st: &mut State,
    name: &str,
    version: &str,
) -> FcResult<WireResponse> {
    let (layer, _) = layer_version(st, name, version)?;
    let v = layer.version.unwrap_or_default();
    if let Some(l) = st.layers.get_mut(name) {
        l.versions.remove(&v);
        if l.versions.is_empty() && l.next_version <= 1 {
            st.layers.remove(name);
        }
    }
    Ok(ok(&serde_json::json!({ "requestId": ctx.request_id })))
}

pub(crate) fn list_layer_versions(
    ctx: &Ctx<'_>,
    st: &mut State,
    name: &str,
) -> FcResult<WireResponse> {
    let limit = int_param(ctx.req, "limit", 20, 1, 100)? as usize;
    let start = int_param(ctx.req, "startVersion", 1, 1, i64::MAX)?;
    let rec = st
        .layers
        .get(name)
        .filter(|l| !l.versions.is_empty())
        .ok_or_else(|| {
            FcError::not_found("LayerNotFound", format!("layer '{name}' does not exist"))
        })?;
    let mut versions = rec.versions.range(start..);
    let layers: Vec<Layer> = versions
        .by_ref()
        .take(limit)
        .map(|(_, (l, _))| l.clone())
        .collect();
    let next_version = versions.next().map(|(v, _)| *v);
    Ok(ok(&ListLayerVersionsResponse {
        layers,
        next_version,
        ..ListLayerVersionsResponse::default()
    }))
}

pub(crate) fn list_layers(ctx: &Ctx<'_>, st: &mut State) -> FcResult<WireResponse> {
    let paging = Paging::from_request(ctx.req, 20, 100)?;
    let (layers, next_token) = paging.page(st.layers.iter().filter_map(|(n, l)| {
        l.versions
            .values()
            .next_back()
            .map(|(layer, _)| (n.as_str(), layer.clone()))
    }));
    Ok(ok(&ListLayersResponse {
        layers,
        next_token,
        ..ListLayersResponse::default()
    }))
}

// ---------------------------------------------------------------- instances, account, capacity

pub(crate) fn list_instances(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let rec = st.service(&svc.name)?;
    let view = rec.resolve(&svc.name, svc.qualifier.as_deref())?;
    rec.function_view(&svc.name, view.version, function)?;
    let limit = int_param(ctx.req, "limit", 1000, 0, 1000)? as usize;
    let mut wanted: Vec<String> = Vec::new();
    for (k, v) in ctx.req.query_pairs() {
        if k == "instanceIds" {
            match serde_json::from_str::<Vec<String>>(&v) {
                Ok(ids) => wanted.extend(ids),
                Err(_) => wanted.push(v),
            }
        }
    }
    let version = view.version.unwrap_or(0);
    let instances: Vec<Instance> = st
        .instances
        .iter()
        .filter(|((s, f, v), id)| {
            *s == svc.name
                && f == function
                && *v == version
                && (wanted.is_empty() || wanted.contains(id))
        })
        .take(limit)
        .map(|((_, _, v), id)| Instance {
            instance_id: Some(id.clone()),
            version_id: Some(*v as i64),
            ..Instance::default()
        })
        .collect();
    Ok(ok(&instances))
}

pub(crate) fn account_settings(ctx: &Ctx<'_>) -> WireResponse {
    let region = &ctx.shared.config.fc_region;
    ok(&AccountSettings {
        available_azs: ["a", "b", "c"]
            .iter()
            .map(|z| format!("{region}-{z}"))
            .collect(),
        ..AccountSettings::default()
    })
}

pub(crate) fn list_reserved(ctx: &Ctx<'_>) -> FcResult<WireResponse> {
    Paging::from_request(ctx.req, 20, 100)?;
    Ok(ok(&ListReservedCapacitiesResponse::default()))
}
