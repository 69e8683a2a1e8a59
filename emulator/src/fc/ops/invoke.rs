//! InvokeFunction (sync and async, stateful invocation ids, log tail, function errors) and the HTTP-trigger
//! proxy `/2016-08-15/proxy/{svcq}/{fn}/{path}`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cloudfn_alibaba::api::types::HttpTriggerConfig;
use cloudfn_alibaba::api::{
    CODE_CHECKSUM_RESPONSE_HEADER, INSTANCE_ID_HEADER, INVOCATION_TYPE_HEADER, LOG_RESULT_HEADER,
    LOG_TYPE_HEADER, STATEFUL_ASYNC_INVOCATION_ID_HEADER,
};
use cloudfn_alibaba::error::{
    ERROR_TYPE_HEADER, HANDLED_INVOCATION_ERROR, UNHANDLED_INVOCATION_ERROR,
};
use http::StatusCode;

use super::Ctx;
use crate::behaviour::{Cloud, Outcome};
use crate::fc::fault::{FcError, FcResult};
use crate::fc::route::Svc;
use crate::fc::state::{InvocationRec, Resolved, ServiceRec, State};
use crate::wire::WireResponse;

/// Largest synchronous payload (bytes).
pub(crate) const MAX_SYNC_PAYLOAD: usize = 32 * 1024 * 1024;
/// Largest asynchronous payload (bytes).
pub(crate) const MAX_ASYNC_PAYLOAD: usize = 128 * 1024;
/// How much of the log `x-fc-log-result` carries.
pub(crate) const LOG_TAIL_BYTES: usize = 4096;

/// Whether a stateful invocation id is valid: a letter or `_`, then letters, digits, `_`, `-`; ≤ 128.
pub(crate) fn valid_invocation_id(id: &str) -> bool {
    id.len() <= 128
        && id
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The version an invocation runs: the alias's main version, or one of its additional versions by weight.
fn pick_version(r: f64, rec: &ServiceRec, view: &Resolved) -> Option<u64> {
    let Some(alias) = view.alias.as_deref().and_then(|a| rec.aliases.get(a)) else {
        return view.version;
    };
    let weights = alias.alias.additional_version_weight.as_ref();
    if let Some(weights) = weights.filter(|w| !w.is_empty()) {
        let mut acc = 0.0;
        for (version, weight) in weights {
            acc += weight;
            if r < acc {
                if let Ok(v) = version.parse::<u64>() {
                    return Some(v);
                }
            }
        }
    }
    view.version
}

fn http_trigger(rec: &ServiceRec, function: &str) -> Option<HttpTriggerConfig> {
    rec.triggers.get(function)?.values().find_map(|t| {
        (t.trigger.trigger_type.as_deref() == Some("http")).then(|| {
            t.trigger
                .trigger_config
                .clone()
                .and_then(|c| serde_json::from_value(c).ok())
                .unwrap_or_default()
        })
    })
}

/// Whether requests to this function's HTTP trigger need no signature.
pub(crate) fn proxy_is_anonymous(st: &State, svc: &Svc, function: &str) -> bool {
    st.services
        .get(&svc.name)
        .and_then(|rec| http_trigger(rec, function))
        .and_then(|c| c.auth_type)
        .is_some_and(|a| a.eq_ignore_ascii_case("anonymous"))
}

/// Runs the function and returns the outcome with the headers every invocation carries.
struct Ran {
    outcome: Outcome,
    headers: Vec<(&'static str, String)>,
}

fn run(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
    payload: &bytes::Bytes,
) -> FcResult<(Ran, Resolved, Option<u64>)> {
    let r = st.rng.next_f64();
    let rec = st.service(&svc.name)?;
    let view = rec.resolve(&svc.name, svc.qualifier.as_deref())?;
    let version = pick_version(r, rec, &view);
    let checksum = rec
        .function_view(&svc.name, version, function)?
        .function
        .code_checksum
        .clone();
    let version_text = version.map(|v| v.to_string());
    let mut qualifiers = vec![view.qualifier.as_str()];
    if let Some(v) = version_text.as_deref().filter(|v| *v != view.qualifier) {
        qualifiers.push(v);
    }
    let behaviour = ctx
        .shared
        .behaviours
        .lookup(Cloud::Fc, &svc.name, function, &qualifiers);
    let outcome = behaviour.run(payload);
    let key = (svc.name.clone(), function.to_owned(), version.unwrap_or(0));
    let instance = if let Some(id) = st.instances.get(&key) {
        id.clone()
    } else {
        let id = st.new_id();
        st.instances.insert(key, id.clone());
        id
    };
    let mut headers = vec![
        (INSTANCE_ID_HEADER, instance),
        (
            "x-fc-invocation-duration",
            outcome
                .delay
                .map_or(1, |d| d.as_millis().max(1))
                .to_string(),
        ),
        ("x-fc-max-memory-usage", "16.00".to_owned()),
        (
            "x-fc-invocation-code-version",
            version_text.unwrap_or_else(|| "LATEST".into()),
        ),
    ];
    if let Some(sum) = checksum {
        headers.push((CODE_CHECKSUM_RESPONSE_HEADER, sum));
    }
    Ok((Ran { outcome, headers }, view, version))
}

fn sync_response(ctx: &Ctx<'_>, ran: Ran) -> FcResult<WireResponse> {
    let tail = match ctx.req.header(LOG_TYPE_HEADER).map(str::trim) {
        None | Some("") => false,
        Some(t) if t.eq_ignore_ascii_case("Tail") => true,
        Some(t) if t.eq_ignore_ascii_case("None") => false,
        Some(t) => {
            return Err(FcError::invalid(format!(
                "{LOG_TYPE_HEADER} '{t}' is invalid: expected Tail or None"
            )));
        }
    };
    let Ran { outcome, headers } = ran;
    let json = outcome.error.is_some()
        || serde_json::from_slice::<serde_json::Value>(&outcome.body).is_ok();
    let content_type = if json {
        "application/json"
    } else {
        "application/octet-stream"
    };
    let mut resp = WireResponse::new(StatusCode::OK)
        .with_header("content-type", content_type)
        .with_body(outcome.body.clone())
        .with_delay(outcome.delay);
    for (name, value) in &headers {
        resp = resp.with_header(name, value);
    }
    if let Some(e) = &outcome.error {
        let kind = if e.handled {
            HANDLED_INVOCATION_ERROR
        } else {
            UNHANDLED_INVOCATION_ERROR
        };
        resp = resp.with_header(ERROR_TYPE_HEADER, kind);
    }
    if tail {
        let log = outcome.log.as_bytes();
        let start = log.len().saturating_sub(LOG_TAIL_BYTES);
        resp = resp.with_header(LOG_RESULT_HEADER, &BASE64.encode(&log[start..]));
    }
    Ok(resp)
}

pub(crate) fn invoke(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let asynchronous = match ctx.req.header(INVOCATION_TYPE_HEADER).map(str::trim) {
        None | Some("") => false,
        Some(t) if t.eq_ignore_ascii_case("Sync") => false,
        Some(t) if t.eq_ignore_ascii_case("Async") => true,
        Some(t) => {
            return Err(FcError::invalid(format!(
                "{INVOCATION_TYPE_HEADER} '{t}' is invalid: expected Sync or Async"
            )));
        }
    };
    let limit = if asynchronous {
        MAX_ASYNC_PAYLOAD
    } else {
        MAX_SYNC_PAYLOAD
    };
    if ctx.req.body.len() > limit {
        return Err(FcError::new(
            StatusCode::BAD_REQUEST,
            "EntityTooLarge",
            format!("payload size exceeds maximum allowed size ({limit} bytes)"),
        ));
    }
    let wanted_id = ctx
        .req
        .header(STATEFUL_ASYNC_INVOCATION_ID_HEADER)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    if let Some(id) = &wanted_id {
        if !valid_invocation_id(id) {
            return Err(FcError::invalid(format!(
                "stateful async invocation id '{id}' is invalid: it must start with a letter or underscore, contain only letters, digits, underscores and hyphens, and be at most 128 characters"
            )));
        }
    }
    if asynchronous {
        // Check everything that can fail before the function runs.
        let rec = st.service(&svc.name)?;
        let view = rec.resolve(&svc.name, svc.qualifier.as_deref())?;
        rec.function_view(&svc.name, view.version, function)?;
        if let Some(id) = &wanted_id {
            if rec
                .invocations
                .contains_key(&(function.to_owned(), id.clone()))
            {
                return Err(FcError::conflict(
                    "StatefulAsyncInvocationAlreadyExists",
                    format!("stateful async invocation '{id}' already exists"),
                ));
            }
        }
    }
    let (ran, view, version) = run(ctx, st, svc, function, &ctx.req.body)?;
    if !asynchronous {
        return sync_response(ctx, ran);
    }
    let rec = st.service(&svc.name)?;
    let stateful = [Some(view.qualifier.clone()), version.map(|v| v.to_string())]
        .into_iter()
        .flatten()
        .find_map(|q| rec.async_configs.get(&(function.to_owned(), q)))
        .and_then(|c| c.stateful_invocation)
        .unwrap_or(false);
    let id = match wanted_id {
        Some(id) => id,
        None => st.new_id(),
    };
    let now = ctx.now_ms();
    let outcome = ran.outcome;
    let record = InvocationRec {
        id: id.clone(),
        function: function.to_owned(),
        qualifier: view.qualifier.clone(),
        request_id: ctx.request_id.to_owned(),
        started_ms: now,
        finish_ms: now + outcome.delay.map_or(0, |d| d.as_millis() as i64),
        error: outcome.error.map(|e| e.message),
        stopped_ms: None,
        stateful,
        payload: String::from_utf8_lossy(&ctx.req.body).into_owned(),
    };
    st.service_mut(&svc.name)?
        .invocations
        .insert((function.to_owned(), id.clone()), record);
    let mut resp = WireResponse::new(StatusCode::ACCEPTED);
    for (name, value) in &ran.headers {
        resp = resp.with_header(name, value);
    }
    if stateful {
        resp = resp.with_header(STATEFUL_ASYNC_INVOCATION_ID_HEADER, &id);
    }
    Ok(resp)
}

pub(crate) fn proxy(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
    _rest: &str,
) -> FcResult<WireResponse> {
    let rec = st.service(&svc.name)?;
    let view = rec.resolve(&svc.name, svc.qualifier.as_deref())?;
    rec.function_view(&svc.name, view.version, function)?;
    let Some(config) = http_trigger(rec, function) else {
        return Err(FcError::not_found(
            "TriggerNotFound",
            format!(
                "function '{function}' of service '{}' has no HTTP trigger",
                svc.name
            ),
        ));
    };
    let method = ctx.req.method.as_str();
    if let Some(methods) = config.methods.filter(|m| !m.is_empty()) {
        if !methods.iter().any(|m| m.eq_ignore_ascii_case(method)) {
            return Err(FcError::invalid(format!(
                "method '{method}' is not allowed by the HTTP trigger (allowed: {})",
                methods.join(", ")
            )));
        }
    }
    let (ran, _, _) = run(ctx, st, svc, function, &ctx.req.body)?;
    sync_response(ctx, ran)
}
