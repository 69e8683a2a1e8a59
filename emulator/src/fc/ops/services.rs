//! CreateService, UpdateService, DeleteService, GetService, ListServices.

use cloudfn_alibaba::api::types::{
    CreateServiceRequest, ListServicesResponse, LogConfig, Service, UpdateServiceRequest,
};
use http::StatusCode;

use super::{Ctx, no_content, ok, ok_etag};
use crate::fc::fault::{FcError, FcResult};
use crate::fc::route::Svc;
use crate::fc::state::{Paging, ServiceRec, State, check_if_match, check_name, etag_of};
use crate::wire::WireResponse;

/// Longest description FC accepts.
pub(crate) const MAX_DESCRIPTION: usize = 256;

pub(crate) fn check_description(description: Option<&str>) -> FcResult<()> {
    match description {
        Some(d) if d.chars().count() > MAX_DESCRIPTION => Err(FcError::invalid(format!(
            "description is longer than {MAX_DESCRIPTION} characters"
        ))),
        _ => Ok(()),
    }
}

fn check_role(role: Option<&str>) -> FcResult<()> {
    match role {
        Some(r) if !(r.is_empty() || r.starts_with("acs:ram::") && r.contains(":role/")) => {
            Err(FcError::invalid(format!(
                "role '{r}' is invalid: it must be a RAM role ARN such as 'acs:ram::{{accountId}}:role/{{roleName}}'"
            )))
        }
        _ => Ok(()),
    }
}

fn check_log_config(log: Option<&LogConfig>) -> FcResult<()> {
    let Some(log) = log else { return Ok(()) };
    let project = log.project.as_deref().unwrap_or_default();
    let store = log.logstore.as_deref().unwrap_or_default();
    if project.is_empty() != store.is_empty() {
        return Err(FcError::invalid(
            "logConfig needs both project and logstore, or neither",
        ));
    }
    if let Some(rule) = log.log_begin_rule.as_deref() {
        if !["None", "DefaultRegex"].contains(&rule) {
            return Err(FcError::invalid(format!(
                "logConfig.logBeginRule '{rule}' is invalid: expected None or DefaultRegex"
            )));
        }
    }
    Ok(())
}

pub(crate) fn create(ctx: &Ctx<'_>, st: &mut State) -> FcResult<WireResponse> {
    let body: CreateServiceRequest = ctx.body()?;
    check_name("serviceName", &body.service_name)?;
    check_description(body.description.as_deref())?;
    check_role(body.role.as_deref())?;
    check_log_config(body.log_config.as_ref())?;
    if st.services.contains_key(&body.service_name) {
        return Err(FcError::conflict(
            "ServiceAlreadyExists",
            format!("service '{}' already exists", body.service_name),
        ));
    }
    let ts = ctx.ts();
    let service = Service {
        service_name: Some(body.service_name.clone()),
        service_id: Some(st.new_id()),
        description: Some(body.description.unwrap_or_default()),
        role: body.role,
        log_config: body.log_config,
        vpc_config: body.vpc_config,
        nas_config: body.nas_config,
        internet_access: Some(body.internet_access.unwrap_or(true)),
        tracing_config: body.tracing_config,
        created_time: Some(ts.clone()),
        last_modified_time: Some(ts),
        ..Service::default()
    };
    let rec = ServiceRec::new(service);
    let resp = ok_etag(&rec.service, &rec.etag);
    st.services.insert(body.service_name, rec);
    Ok(resp)
}

pub(crate) fn update(ctx: &Ctx<'_>, st: &mut State, name: &str) -> FcResult<WireResponse> {
    let rec = st.service_mut(name)?;
    check_if_match(ctx.req, &rec.etag)?;
    let body: UpdateServiceRequest = ctx.body()?;
    check_description(body.description.as_deref())?;
    check_role(body.role.as_deref())?;
    check_log_config(body.log_config.as_ref())?;
    let s = &mut rec.service;
    if let Some(v) = body.description {
        s.description = Some(v);
    }
    if let Some(v) = body.role {
        s.role = Some(v);
    }
    if let Some(v) = body.log_config {
        s.log_config = Some(v);
    }
    if let Some(v) = body.vpc_config {
        s.vpc_config = Some(v);
    }
    if let Some(v) = body.nas_config {
        s.nas_config = Some(v);
    }
    if let Some(v) = body.internet_access {
        s.internet_access = Some(v);
    }
    if let Some(v) = body.tracing_config {
        s.tracing_config = Some(v);
    }
    s.last_modified_time = Some(ctx.ts());
    rec.etag = etag_of(&rec.service);
    Ok(ok_etag(&rec.service, &rec.etag))
}

pub(crate) fn delete(ctx: &Ctx<'_>, st: &mut State, name: &str) -> FcResult<WireResponse> {
    let rec = st.service(name)?;
    check_if_match(ctx.req, &rec.etag)?;
    if !rec.functions.is_empty() {
        return Err(FcError::new(
            StatusCode::CONFLICT,
            "ServiceNotEmpty",
            format!("service '{name}' is not empty"),
        ));
    }
    st.services.remove(name);
    st.provision.retain(|(s, _, _), _| s != name);
    st.on_demand.retain(|(s, _, _), _| s != name);
    st.instances.retain(|(s, _, _), _| s != name);
    Ok(no_content())
}

pub(crate) fn get(_ctx: &Ctx<'_>, st: &mut State, svc: &Svc) -> FcResult<WireResponse> {
    let rec = st.service(&svc.name)?;
    let view = rec.resolve(&svc.name, svc.qualifier.as_deref())?;
    let (service, etag) = rec.service_view(view.version);
    Ok(ok_etag(service, etag))
}

pub(crate) fn list(ctx: &Ctx<'_>, st: &mut State) -> FcResult<WireResponse> {
    let paging = Paging::from_request(ctx.req, 20, 100)?;
    let tag_filters: Vec<(String, String)> = ctx
        .req
        .query_pairs()
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix("tag_").map(|k| (k.to_owned(), v)))
        .collect();
    let items = st
        .services
        .iter()
        .filter(|(_, rec)| {
            tag_filters
                .iter()
                .all(|(k, v)| rec.tags.get(k).is_some_and(|t| t == v))
        })
        .map(|(name, rec)| (name.as_str(), rec.service.clone()));
    let (services, next_token) = paging.page(items);
    Ok(ok(&ListServicesResponse {
        services,
        next_token,
        ..ListServicesResponse::default()
    }))
}
