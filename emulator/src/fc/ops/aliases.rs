//! CreateAlias, UpdateAlias, DeleteAlias, GetAlias, ListAliases.

use std::collections::BTreeMap;

use cloudfn_alibaba::api::types::{
    Alias, CreateAliasRequest, ListAliasesResponse, UpdateAliasRequest,
};

use super::services::check_description;
use super::{Ctx, no_content, ok, ok_etag};
use crate::fc::fault::{FcError, FcResult};
use crate::fc::state::{AliasRec, Paging, ServiceRec, State, check_if_match, check_name, etag_of};
use crate::wire::WireResponse;

fn check_version(rec: &ServiceRec, service: &str, version: &str) -> FcResult<()> {
    let exists = version
        .parse::<u64>()
        .ok()
        .is_some_and(|v| rec.versions.contains_key(&v));
    if exists {
        Ok(())
    } else {
        Err(FcError::version_not_found(service, version))
    }
}

/// Each additional version exists and differs from the main one; each weight in [0, 1]; the sum ≤ 1.
fn check_weights(
    rec: &ServiceRec,
    service: &str,
    main: &str,
    weights: Option<&BTreeMap<String, f64>>,
) -> FcResult<()> {
    let Some(weights) = weights else {
        return Ok(());
    };
    let mut sum = 0.0;
    for (version, weight) in weights {
        check_version(rec, service, version)?;
        if version == main {
            return Err(FcError::invalid(format!(
                "additionalVersionWeight must not contain the alias's main version '{main}'"
            )));
        }
        if !weight.is_finite() || !(0.0..=1.0).contains(weight) {
            return Err(FcError::invalid(format!(
                "additionalVersionWeight of version '{version}' is {weight}: it must be between 0 and 1"
            )));
        }
        sum += weight;
    }
    if sum > 1.0 + 1e-9 {
        return Err(FcError::invalid(format!(
            "the additional version weights add up to {sum}, more than 1"
        )));
    }
    Ok(())
}

fn lookup<'a>(st: &'a State, service: &str, alias: &str) -> FcResult<&'a AliasRec> {
    st.service(service)?
        .aliases
        .get(alias)
        .ok_or_else(|| FcError::alias_not_found(service, alias))
}

pub(crate) fn create(ctx: &Ctx<'_>, st: &mut State, service: &str) -> FcResult<WireResponse> {
    let rec = st.service(service)?;
    let body: CreateAliasRequest = ctx.body()?;
    check_name("aliasName", &body.alias_name)?;
    if body.alias_name == "LATEST" {
        return Err(FcError::invalid("aliasName 'LATEST' is reserved"));
    }
    check_description(body.description.as_deref())?;
    check_version(rec, service, &body.version_id)?;
    check_weights(
        rec,
        service,
        &body.version_id,
        body.additional_version_weight.as_ref(),
    )?;
    if rec.aliases.contains_key(&body.alias_name) {
        return Err(FcError::conflict(
            "AliasAlreadyExists",
            format!(
                "alias '{}' of service '{service}' already exists",
                body.alias_name
            ),
        ));
    }
    let ts = ctx.ts();
    let alias = Alias {
        alias_name: Some(body.alias_name.clone()),
        version_id: Some(body.version_id),
        description: Some(body.description.unwrap_or_default()),
        additional_version_weight: Some(body.additional_version_weight.unwrap_or_default()),
        service_name: Some(service.to_owned()),
        created_time: Some(ts.clone()),
        last_modified_time: Some(ts),
        ..Alias::default()
    };
    let rec = AliasRec {
        etag: etag_of(&alias),
        alias,
    };
    let resp = ok_etag(&rec.alias, &rec.etag);
    st.service_mut(service)?
        .aliases
        .insert(body.alias_name, rec);
    Ok(resp)
}

pub(crate) fn update(
    ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    alias: &str,
) -> FcResult<WireResponse> {
    let mut a = lookup(st, service, alias)?.clone();
    check_if_match(ctx.req, &a.etag)?;
    let body: UpdateAliasRequest = ctx.body()?;
    check_description(body.description.as_deref())?;
    let rec = st.service(service)?;
    if let Some(v) = body.version_id {
        check_version(rec, service, &v)?;
        a.alias.version_id = Some(v);
    }
    if let Some(w) = body.additional_version_weight {
        a.alias.additional_version_weight = Some(w);
    }
    if let Some(d) = body.description {
        a.alias.description = Some(d);
    }
    let main = a.alias.version_id.clone().unwrap_or_default();
    check_weights(
        rec,
        service,
        &main,
        a.alias.additional_version_weight.as_ref(),
    )?;
    a.alias.last_modified_time = Some(ctx.ts());
    a.etag = etag_of(&a.alias);
    let resp = ok_etag(&a.alias, &a.etag);
    st.service_mut(service)?.aliases.insert(alias.to_owned(), a);
    Ok(resp)
}

pub(crate) fn delete(
    ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    alias: &str,
) -> FcResult<WireResponse> {
    let a = lookup(st, service, alias)?;
    check_if_match(ctx.req, &a.etag)?;
    let rec = st.service_mut(service)?;
    rec.aliases.remove(alias);
    rec.async_configs.retain(|(_, q), _| q != alias);
    st.provision
        .retain(|(s, q, _), _| !(s == service && q == alias));
    st.on_demand
        .retain(|(s, q, _), _| !(s == service && q == alias));
    Ok(no_content())
}

pub(crate) fn get(
    _ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    alias: &str,
) -> FcResult<WireResponse> {
    let a = lookup(st, service, alias)?;
    Ok(ok_etag(&a.alias, &a.etag))
}

pub(crate) fn list(ctx: &Ctx<'_>, st: &mut State, service: &str) -> FcResult<WireResponse> {
    let rec = st.service(service)?;
    let paging = Paging::from_request(ctx.req, 20, 100)?;
    let (aliases, next_token) = paging.page(
        rec.aliases
            .iter()
            .map(|(n, a)| (n.as_str(), a.alias.clone())),
    );
    Ok(ok(&ListAliasesResponse {
        aliases,
        next_token,
        ..ListAliasesResponse::default()
    }))
}
