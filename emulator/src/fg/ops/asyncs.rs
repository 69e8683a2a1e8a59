//! Asynchronous execution notification and async invocation records (huawei-functiongraph.md §3.13,
//! §4.6, §4.7).

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use cloudfn_huawei::api::types::{
    AsyncInvocation, AsyncInvokeConfig, FuncDestinationConfig, ListAsyncInvocationsResponse,
    ListFunctionAsyncInvokeConfigResponse, PageInfo, StopAsyncInvocationRequest,
    UpdateFunctionAsyncInvokeConfigRequest,
};

use super::functions::base_urn;
use crate::fg::Ctx;
use crate::fg::reply::{FgError, FgResult, body, no_content, ok};
use crate::fg::state::{Function, State, parse_urn};
use crate::fg::util;

const DESTINATIONS: &[&str] = &["OBS", "SMN", "DIS", "FunctionGraph"];

fn config_not_found(key: &str) -> FgError {
    FgError::new(
        "FSS.0404",
        format!("not found: no async invoke config for qualifier {key}"),
    )
}

fn with_urn(ctx: &Ctx<'_>, f: &Function, key: &str, c: &AsyncInvokeConfig) -> AsyncInvokeConfig {
    let mut c = c.clone();
    // Settings are keyed by alias name for aliases (names never collide with versions, FSS.1014); the
    // URN marks an alias with `!`.
    let qualifier = if f.aliases.contains_key(key) {
        format!("!{key}")
    } else {
        key.to_owned()
    };
    c.func_urn = Some(format!(
        "{}:{qualifier}",
        base_urn(
            ctx,
            f.config.package.as_deref().unwrap_or_default(),
            f.config.func_name.as_deref().unwrap_or_default()
        )
    ));
    c
}

/// `GET /functions/{urn}/async-invoke-config`.
pub(crate) fn show_config(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let t = f.target(&r.qualifier)?;
    let c = f
        .async_configs
        .get(t.key())
        .ok_or_else(|| config_not_found(t.key()))?;
    ok(&with_urn(ctx, f, t.key(), c))
}

fn check_destination(which: &str, d: Option<&FuncDestinationConfig>) -> Result<(), FgError> {
    let Some(d) = d else {
        return Ok(());
    };
    let dest = d.destination.as_deref().unwrap_or_default();
    if dest.is_empty() && d.param.as_deref().unwrap_or_default().is_empty() {
        return Ok(());
    }
    if !DESTINATIONS.contains(&dest) {
        return Err(FgError::invalid(format!(
            "destination_config.{which}.destination `{dest}`: one of {}",
            DESTINATIONS.join(", ")
        )));
    }
    let param = d.param.as_deref().unwrap_or_default();
    let parsed: serde_json::Value = serde_json::from_str(param).map_err(|e| {
        FgError::invalid(format!(
            "destination_config.{which}.param must be JSON text: {e}"
        ))
    })?;
    let key = match dest {
        "SMN" => Some("topic_urn"),
        "DIS" => Some("stream_name"),
        "FunctionGraph" => Some("func_urn"),
        _ => None,
    };
    if let Some(key) = key {
        if parsed
            .get(key)
            .and_then(serde_json::Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(FgError::invalid(format!(
                "destination_config.{which}.param needs `{key}` for {dest}"
            )));
        }
    }
    Ok(())
}

/// `PUT /functions/{urn}/async-invoke-config`: ranges 1–86400 s and 0–3 retries, defaults 3600 and 1.
pub(crate) fn update_config(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: UpdateFunctionAsyncInvokeConfigRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    let t = f.target(&r.qualifier)?;
    let age = req.max_async_event_age_in_seconds.unwrap_or(3600);
    if !(1..=86400).contains(&age) {
        return Err(FgError::invalid(format!(
            "max_async_event_age_in_seconds {age} is out of range (1-86400)"
        )));
    }
    let retries = req.max_async_retry_attempts.unwrap_or(1);
    if !(0..=3).contains(&retries) {
        return Err(FgError::invalid(format!(
            "max_async_retry_attempts {retries} is out of range (0-3)"
        )));
    }
    if let Some(d) = &req.destination_config {
        check_destination("on_success", d.on_success.as_ref())?;
        check_destination("on_failure", d.on_failure.as_ref())?;
    }
    let key = t.key().to_owned();
    let created = f
        .async_configs
        .get(&key)
        .and_then(|c| c.created_time.clone())
        .unwrap_or_else(|| util::iso(ctx.now));
    let config = AsyncInvokeConfig {
        func_urn: None,
        max_async_event_age_in_seconds: Some(age),
        max_async_retry_attempts: Some(retries),
        destination_config: req.destination_config.clone(),
        created_time: Some(created),
        last_modified: Some(util::iso(ctx.now)),
        enable_async_status_log: Some(req.enable_async_status_log.unwrap_or(false)),
        ..AsyncInvokeConfig::default()
    };
    f.async_configs.insert(key.clone(), config.clone());
    ok(&with_urn(ctx, f, &key, &config))
}

/// `DELETE /functions/{urn}/async-invoke-config`.
pub(crate) fn delete_config(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function_mut(&r)?;
    let t = f.target(&r.qualifier)?;
    f.async_configs
        .remove(t.key())
        .ok_or_else(|| config_not_found(t.key()))?;
    no_content()
}

/// `GET /functions/{urn}/async-invoke-configs`: every qualifier's, paged with `marker` and `limit`
/// (absent or 0 → 10, at most 100, negative → `FSS.1001`).
pub(crate) fn list_configs(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let marker = util::query_int(ctx.req, "marker")?.unwrap_or(0);
    let limit = match util::query_int(ctx.req, "limit")? {
        None | Some(0) => 10,
        Some(n) => n.min(100),
    };
    let all: Vec<AsyncInvokeConfig> = f
        .async_configs
        .iter()
        .map(|(k, c)| with_urn(ctx, f, k, c))
        .collect();
    let (page, next, total) = util::page(&all, marker, limit);
    let current = page.len() as i64;
    ok(&ListFunctionAsyncInvokeConfigResponse {
        async_invoke_configs: Some(page),
        count: Some(total as i64),
        page_info: Some(PageInfo {
            next_marker: Some(next as i64),
            previous_marker: Some(marker.min(total) as i64),
            current_count: Some(current),
            ..PageInfo::default()
        }),
        ..ListFunctionAsyncInvokeConfigResponse::default()
    })
}

fn parse_time(ctx: &Ctx<'_>, name: &str) -> Result<Option<DateTime<Utc>>, FgError> {
    let v = ctx.req.query_param(name);
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
            .map(|t| Some(t.and_utc()))
            .map_err(|_| {
                FgError::bad_query(format!("{name} `{s}`: expected YYYY-MM-DDTHH:mm:ss (UTC)"))
            }),
    }
}

/// `GET /functions/{urn}/async-invocations`: filtered by `request_id`, `status` and the time window
/// (default: the last hour), newest first, paged with `marker` and `limit` (default 100, at most 500).
pub(crate) fn list_invocations(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let target = f.target(&r.qualifier)?;
    let marker = util::query_int(ctx.req, "marker")?.unwrap_or(0);
    let limit = match util::query_int(ctx.req, "limit")? {
        None | Some(0) => 100,
        Some(n) => n.min(500),
    };
    let request_id = ctx.req.query_param("request_id").filter(|s| !s.is_empty());
    let status = ctx.req.query_param("status").filter(|s| !s.is_empty());
    if let Some(s) = &status {
        if !["WAIT", "RUNNING", "SUCCESS", "FAIL", "DISCARD"].contains(&s.as_str()) {
            return Err(FgError::bad_query(format!(
                "status `{s}`: one of WAIT, RUNNING, SUCCESS, FAIL, DISCARD"
            )));
        }
    }
    let begin = parse_time(ctx, "query_begin_time")?.unwrap_or(ctx.now - TimeDelta::hours(1));
    let end = parse_time(ctx, "query_end_time")?.unwrap_or(ctx.now);
    let all: Vec<AsyncInvocation> = f
        .invocations
        .iter()
        .rev()
        .filter(|rec| r.unqualified() || rec.qualifier == target.key())
        .filter(|rec| request_id.as_deref().is_none_or(|id| rec.request_id == id))
        .filter(|rec| {
            // A record is in the window when it started in it (to the second, as the times are shown).
            let start = rec.start.timestamp();
            request_id.is_some() || (start >= begin.timestamp() && start <= end.timestamp())
        })
        .map(|rec| rec.view(ctx.now))
        .filter(|v| {
            status
                .as_deref()
                .is_none_or(|s| v.status.as_deref() == Some(s))
        })
        .collect();
    let (page, next, total) = util::page(&all, marker, limit);
    ok(&ListAsyncInvocationsResponse {
        invocations: Some(page),
        next_marker: Some(next as i64),
        count: Some(total as i64),
        ..ListAsyncInvocationsResponse::default()
    })
}

/// `POST /functions/{urn}/cancel`: stops a running async invocation (it ends `DISCARD`); an unknown or
/// finished request → `400 FSS.0400`. Answers `200` with the body `null`.
pub(crate) fn stop_invocation(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: StopAsyncInvocationRequest = body(&ctx.req.body)?;
    if let Some(t) = req.r#type.as_deref().filter(|t| !t.is_empty()) {
        if t != "force" && t != "recursive" {
            return Err(FgError::invalid(format!("type `{t}`: force or recursive")));
        }
    }
    let f = state.function_mut(&r)?;
    let now = ctx.now;
    let rec = f
        .invocations
        .iter_mut()
        .find(|rec| rec.request_id == req.request_id)
        .ok_or_else(|| FgError::invalid(format!("Invalid RequestId: {}", req.request_id)))?;
    if rec.view(now).status.as_deref() != Some("RUNNING") {
        return Err(FgError::invalid(format!(
            "Invalid RequestId: {} has already finished",
            req.request_id
        )));
    }
    "DISCARD".clone_into(&mut rec.status);
    "4208 function invocated canceled".clone_into(&mut rec.error_message);
    rec.end = now;
    ok(&serde_json::Value::Null)
}
