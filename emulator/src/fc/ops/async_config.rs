//! Put/Get/Delete/ListFunctionAsyncInvokeConfig(s) and Get/List/StopStatefulAsyncInvocation(s).

use cloudfn_alibaba::api::types::{
    AsyncInvokeConfig, ListAsyncInvokeConfigsResponse, ListStatefulAsyncInvocationsResponse,
    NumOrString, PutAsyncInvokeConfigRequest, StatefulAsyncInvocation,
};

use super::{Ctx, no_content, ok};
use crate::fc::fault::{FcError, FcResult};
use crate::fc::route::Svc;
use crate::fc::state::{InvocationRec, Paging, Resolved, State, int_param, param};
use crate::wire::WireResponse;

/// Resolves `{svc[.q]}/functions/{fn}` for a config: the service, qualifier and function must exist.
fn target(st: &State, svc: &Svc, function: &str) -> FcResult<Resolved> {
    let rec = st.service(&svc.name)?;
    let view = rec.resolve(&svc.name, svc.qualifier.as_deref())?;
    rec.function_view(&svc.name, view.version, function)?;
    Ok(view)
}

fn not_found(svc: &Svc, function: &str, qualifier: &str) -> FcError {
    FcError::not_found(
        "AsyncConfigNotFound",
        format!(
            "the async invoke config of function '{function}' of service '{}' with qualifier '{qualifier}' does not exist",
            svc.name
        ),
    )
}

pub(crate) fn put(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let view = target(st, svc, function)?;
    let body: PutAsyncInvokeConfigRequest = ctx.body()?;
    if let Some(age) = body.max_async_event_age_in_seconds {
        if !(1..=2_592_000).contains(&age) {
            return Err(FcError::invalid(format!(
                "maxAsyncEventAgeInSeconds {age} is invalid: it must be between 1 and 2592000"
            )));
        }
    }
    if let Some(n) = body.max_async_retry_attempts {
        if !(0..=8).contains(&n) {
            return Err(FcError::invalid(format!(
                "maxAsyncRetryAttempts {n} is invalid: it must be between 0 and 8"
            )));
        }
    }
    let ts = ctx.ts();
    let rec = st.service_mut(&svc.name)?;
    let key = (function.to_owned(), view.qualifier.clone());
    let config = rec
        .async_configs
        .entry(key)
        .or_insert_with(|| AsyncInvokeConfig {
            service_name: Some(svc.name.clone()),
            function_name: Some(function.to_owned()),
            qualifier: Some(view.qualifier.clone()),
            created_time: Some(ts.clone()),
            ..AsyncInvokeConfig::default()
        });
    if let Some(v) = body.destination_config {
        config.destination_config = Some(v);
    }
    if let Some(v) = body.max_async_event_age_in_seconds {
        config.max_async_event_age_in_seconds = Some(v);
    }
    if let Some(v) = body.max_async_retry_attempts {
        config.max_async_retry_attempts = Some(v);
    }
    if let Some(v) = body.stateful_invocation {
        config.stateful_invocation = Some(v);
    }
    config.last_modified_time = Some(ts);
    Ok(ok(config))
}

pub(crate) fn get(
    _ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let view = target(st, svc, function)?;
    st.service(&svc.name)?
        .async_configs
        .get(&(function.to_owned(), view.qualifier.clone()))
        .map(ok)
        .ok_or_else(|| not_found(svc, function, &view.qualifier))
}

pub(crate) fn delete(
    _ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let view = target(st, svc, function)?;
    st.service_mut(&svc.name)?
        .async_configs
        .remove(&(function.to_owned(), view.qualifier.clone()))
        .map(|_| no_content())
        .ok_or_else(|| not_found(svc, function, &view.qualifier))
}

pub(crate) fn list(
    ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    function: &str,
) -> FcResult<WireResponse> {
    let rec = st.service(service)?;
    rec.function_view(service, None, function)?;
    let paging = Paging {
        prefix: None,
        start_key: None,
        ..Paging::from_request(ctx.req, 20, 100)?
    };
    let (configs, next_token) = paging.page(
        rec.async_configs
            .iter()
            .filter(|((f, _), _)| f == function)
            .map(|((_, q), c)| (q.as_str(), c.clone())),
    );
    Ok(ok(&ListAsyncInvokeConfigsResponse {
        configs,
        next_token,
        ..ListAsyncInvokeConfigsResponse::default()
    }))
}

fn to_wire(
    service: &str,
    inv: &InvocationRec,
    now_ms: i64,
    include_payload: bool,
) -> StatefulAsyncInvocation {
    let status = inv.status(now_ms);
    let end = match status {
        "Running" => None,
        "Stopped" => inv.stopped_ms,
        _ => Some(inv.finish_ms),
    };
    StatefulAsyncInvocation {
        invocation_id: Some(inv.id.clone()),
        service_name: Some(service.to_owned()),
        function_name: Some(inv.function.clone()),
        qualifier: Some(inv.qualifier.clone()),
        request_id: Some(inv.request_id.clone()),
        status: Some(status.to_owned()),
        started_time: Some(NumOrString::Number(inv.started_ms.into())),
        end_time: end.map(|e| NumOrString::Number(e.into())),
        destination_status: (status != "Running").then(|| "Succeeded".to_owned()),
        invocation_error_message: if status == "Failed" {
            inv.error.clone()
        } else {
            None
        },
        invocation_payload: include_payload.then(|| inv.payload.clone()),
        already_retried_times: Some(0),
        ..StatefulAsyncInvocation::default()
    }
}

fn lookup<'a>(st: &'a State, svc: &Svc, function: &str, id: &str) -> FcResult<&'a InvocationRec> {
    target(st, svc, function)?;
    st.service(&svc.name)?
        .invocations
        .get(&(function.to_owned(), id.to_owned()))
        .filter(|i| i.stateful)
        .ok_or_else(|| {
            FcError::not_found(
                "StatefulAsyncInvocationNotFound",
                format!(
                    "stateful async invocation '{id}' of function '{function}' of service '{}' does not exist",
                    svc.name
                ),
            )
        })
}

pub(crate) fn get_invocation(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
    id: &str,
) -> FcResult<WireResponse> {
    let inv = lookup(st, svc, function, id)?;
    Ok(ok(&to_wire(&svc.name, inv, ctx.now_ms(), true)))
}

pub(crate) fn stop_invocation(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
    id: &str,
) -> FcResult<WireResponse> {
    let status = lookup(st, svc, function, id)?.status(ctx.now_ms());
    if status != "Running" {
        return Err(FcError::invalid(format!(
            "stateful async invocation '{id}' cannot be stopped: its status is {status}"
        )));
    }
    let now = ctx.now_ms();
    if let Some(inv) = st
        .service_mut(&svc.name)?
        .invocations
        .get_mut(&(function.to_owned(), id.to_owned()))
    {
        inv.stopped_ms = Some(now);
    }
    Ok(ok(&serde_json::json!({ "requestId": ctx.request_id })))
}

pub(crate) fn list_invocations(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    target(st, svc, function)?;
    let req = ctx.req;
    let limit = int_param(req, "limit", 50, 1, 100)? as usize;
    let prefix = param(req, "invocationIdPrefix");
    let begin = int_param(req, "startedTimeBegin", i64::MIN, i64::MIN, i64::MAX)?;
    let end = int_param(req, "startedTimeEnd", i64::MAX, i64::MIN, i64::MAX)?;
    let status = param(req, "status");
    let include = param(req, "includePayload").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let descending = match param(req, "sortOrderByTime").as_deref() {
        None => true,
        Some(o) if o.eq_ignore_ascii_case("desc") => true,
        Some(o) if o.eq_ignore_ascii_case("asc") => false,
        Some(o) => {
            return Err(FcError::invalid(format!(
                "sortOrderByTime '{o}' is invalid: expected asc or desc"
            )));
        }
    };
    let now = ctx.now_ms();
    let rec = st.service(&svc.name)?;
    let mut items: Vec<&InvocationRec> = rec
        .invocations
        .values()
        .filter(|i| {
            i.stateful
                && i.function == function
                && svc.qualifier.as_deref().is_none_or(|q| q == i.qualifier)
                && prefix.as_deref().is_none_or(|p| i.id.starts_with(p))
                && (begin..=end).contains(&i.started_ms)
                && status.as_deref().is_none_or(|s| s == i.status(now))
        })
        .collect();
    items.sort_by(|a, b| {
        a.started_ms
            .cmp(&b.started_ms)
            .then_with(|| a.id.cmp(&b.id))
    });
    if descending {
        items.reverse();
    }
    let start = match param(req, "nextToken") {
        None => 0,
        Some(t) => items
            .iter()
            .position(|i| i.id == t)
            .ok_or_else(|| FcError::invalid(format!("nextToken '{t}' is invalid")))?,
    };
    let page: Vec<_> = items
        .iter()
        .skip(start)
        .take(limit)
        .map(|i| to_wire(&svc.name, i, now, include))
        .collect();
    let next_token = items.get(start + limit).map(|i| i.id.clone());
    Ok(ok(&ListStatefulAsyncInvocationsResponse {
        invocations: page,
        next_token,
        ..ListStatefulAsyncInvocationsResponse::default()
    }))
}
