//! PublishServiceVersion, DeleteServiceVersion, ListServiceVersions. A version is a snapshot of the
//! service configuration and all its functions (read back through `{service}.{version}`).

use cloudfn_alibaba::api::types::{ListVersionsResponse, PublishVersionRequest, Version};
use http::StatusCode;

use super::services::check_description;
use super::{Ctx, no_content, ok, ok_etag};
use crate::fc::fault::{FcError, FcResult};
use crate::fc::state::{State, VersionRec, check_if_match, etag_of, int_param, param};
use crate::wire::WireResponse;

pub(crate) fn publish(ctx: &Ctx<'_>, st: &mut State, service: &str) -> FcResult<WireResponse> {
    let rec = st.service_mut(service)?;
    check_if_match(ctx.req, &rec.etag)?;
    let body: PublishVersionRequest = ctx.body()?;
    check_description(body.description.as_deref())?;
    let publishable = rec.publishable();
    if rec
        .versions
        .values()
        .next_back()
        .is_some_and(|v| v.publishable == publishable)
    {
        return Err(FcError::new(
            StatusCode::CONFLICT,
            "VersionPublishError",
            format!(
                "can not publish version of service '{service}': no changes were made since the last version"
            ),
        ));
    }
    let id = rec.next_version;
    rec.next_version += 1;
    let ts = ctx.ts();
    let version = Version {
        version_id: Some(id.to_string()),
        description: Some(body.description.unwrap_or_default()),
        created_time: Some(ts.clone()),
        last_modified_time: Some(ts),
        ..Version::default()
    };
    let etag = etag_of(&version);
    let snapshot = VersionRec {
        version,
        etag: etag.clone(),
        service: rec.service.clone(),
        service_etag: rec.etag.clone(),
        functions: rec.functions.clone(),
        publishable,
    };
    let resp = ok_etag(&snapshot.version, &etag);
    rec.versions.insert(id, snapshot);
    Ok(resp)
}

pub(crate) fn delete(
    ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    version: &str,
) -> FcResult<WireResponse> {
    let rec = st.service_mut(service)?;
    let id = version
        .parse::<u64>()
        .ok()
        .filter(|v| rec.versions.contains_key(v))
        .ok_or_else(|| FcError::version_not_found(service, version))?;
    if let Some(v) = rec.versions.get(&id) {
        check_if_match(ctx.req, &v.etag)?;
    }
    let id_text = id.to_string();
    if let Some(alias) = rec.aliases.values().find(|a| {
        a.alias.version_id.as_deref() == Some(id_text.as_str())
            || a.alias
                .additional_version_weight
                .as_ref()
                .is_some_and(|w| w.contains_key(&id_text))
    }) {
        return Err(FcError::invalid(format!(
            "version '{id}' of service '{service}' is used by alias '{}'; update or delete the alias first",
            alias.alias.alias_name.as_deref().unwrap_or_default()
        )));
    }
    rec.versions.remove(&id);
    // What hangs off the version goes with it: its async configs and the triggers that invoke it (as
    // `InMemory` does; the model-based test found the two disagreeing).
    rec.async_configs.retain(|(_, q), _| *q != id_text);
    for triggers in rec.triggers.values_mut() {
        triggers.retain(|_, t| t.trigger.qualifier.as_deref() != Some(id_text.as_str()));
    }
    st.instances
        .retain(|(s, _, v), _| !(s == service && *v == id));
    Ok(no_content())
}

pub(crate) fn list(ctx: &Ctx<'_>, st: &mut State, service: &str) -> FcResult<WireResponse> {
    let rec = st.service(service)?;
    let limit = int_param(ctx.req, "limit", 20, 1, 100)? as usize;
    let direction = param(ctx.req, "direction").unwrap_or_else(|| "BACKWARD".into());
    let forward = match direction.as_str() {
        "FORWARD" => true,
        "BACKWARD" => false,
        other => {
            return Err(FcError::invalid(format!(
                "direction '{other}' is invalid: expected FORWARD or BACKWARD"
            )));
        }
    };
    let bound = |name: &str| -> FcResult<Option<u64>> {
        param(ctx.req, name)
            .map(|v| {
                v.parse::<u64>().map_err(|_| {
                    FcError::invalid(format!("{name} '{v}' is invalid: expected a version id"))
                })
            })
            .transpose()
    };
    let start = bound("startKey")?;
    let token = bound("nextToken")?;
    let within = |v: u64| {
        [start, token]
            .into_iter()
            .flatten()
            .all(|b| if forward { v >= b } else { v <= b })
    };
    let ordered: Box<dyn Iterator<Item = (&u64, &VersionRec)>> = if forward {
        Box::new(rec.versions.iter())
    } else {
        Box::new(rec.versions.iter().rev())
    };
    let mut versions = Vec::new();
    let mut next_token = None;
    for (id, v) in ordered.filter(|(id, _)| within(**id)) {
        if versions.len() == limit {
            next_token = Some(id.to_string());
            break;
        }
        versions.push(v.version.clone());
    }
    Ok(ok(&ListVersionsResponse {
        versions,
        next_token,
        direction: Some(direction),
        ..ListVersionsResponse::default()
    }))
}
