//! Function invocation (huawei-functiongraph.md §3.1; official-sdks.md §2.9): synchronous, asynchronous
//! (recorded, listable, cancellable) and asynchronous on a reserved instance.
//!
//! The behaviour programmed for the function (default: echo the event) runs outside the state lock;
//! its delay becomes the response's delay (sync) or the time the record stays `RUNNING` (async).

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::TimeDelta;
use http::StatusCode;
use serde_json::json;

use crate::behaviour::Cloud;
use crate::fg::reply::{FgError, FgResult};
use crate::fg::routes::{Op, Route};
use crate::fg::state::{AsyncRecord, Target, parse_urn};
use crate::fg::{Ctx, FgEngine, util};
use crate::wire::WireResponse;

/// The most log text returned with `X-Cff-Log-Type: tail`.
const LOG_TAIL: usize = 4 * 1024;
/// The most log bytes returned (Base64) in `X-Cff-Function-Log`.
const LOG_HEADER_BYTES: usize = 2000;
/// The largest synchronous event (6 MB).
const MAX_SYNC_PAYLOAD: usize = 6 * 1024 * 1024;
/// The largest asynchronous event (256 KB).
const MAX_ASYNC_PAYLOAD: usize = 256 * 1024;

struct Resolved {
    package: String,
    name: String,
    /// The key the record and behaviours use (`latest`, version, alias name).
    key: String,
    /// The version that ran.
    version: String,
    memory: i32,
    digest: String,
}

fn resolve(engine: &FgEngine, ctx: &Ctx<'_>, urn: &str) -> Result<Resolved, FgError> {
    let r = parse_urn(urn, ctx.project())?;
    let state = engine.lock();
    let f = state.function(&r)?;
    let target = f.target(&r.qualifier)?;
    let mut version = target.version().to_owned();
    if let Target::Alias { name, .. } = &target {
        if let Some(weights) = f
            .aliases
            .get(name)
            .and_then(|a| a.additional_version_weights.as_ref())
        {
            // Grey release: each additional version gets its weight in percent of the calls.
            let roll = (util::random_u64() % 100) as i32;
            let mut acc = 0;
            for (v, w) in weights {
                acc += *w;
                if roll < acc && f.has_version(v) {
                    version.clone_from(v);
                    break;
                }
            }
        }
    }
    let (config, _) = f.version(&version).ok_or_else(|| {
        FgError::new(
            "FSS.1052",
            format!("Not found the function version: {version}"),
        )
    })?;
    if config.strategy_config.as_ref().and_then(|s| s.concurrency) == Some(0) {
        return Err(FgError::with_status(
            StatusCode::FORBIDDEN,
            "FSS.0403",
            "the function is disabled (strategy_config.concurrency is 0)",
        ));
    }
    Ok(Resolved {
        package: r.package,
        name: r.name,
        key: target.key().to_owned(),
        memory: config.memory_size.unwrap_or(128),
        digest: config.digest.clone().unwrap_or_default(),
        version,
    })
}

/// Runs an invocation route.
pub(crate) fn handle(engine: &FgEngine, ctx: &Ctx<'_>, route: &Route) -> FgResult {
    match route.op {
        Op::Invoke => sync(engine, ctx, &route.urn),
        Op::InvokeAsync => asynchronous(engine, ctx, &route.urn, false),
        Op::InvokeReserved => asynchronous(engine, ctx, &route.urn, true),
        _ => Err(FgError::invalid("not an invocation")),
    }
}

fn run(ctx: &Ctx<'_>, f: &Resolved) -> crate::behaviour::Outcome {
    ctx.shared
        .behaviours
        .lookup(
            Cloud::Fg,
            &f.package,
            &f.name,
            &[f.key.as_str(), f.version.as_str()],
        )
        .run(&ctx.req.body)
}

fn default_log(ctx: &Ctx<'_>, f: &Resolved, outcome_log: &str, ms: u64) -> String {
    let mut log = format!(
        "{} Start invoke request '{}', version: {}\n",
        util::iso(ctx.now),
        ctx.request_id,
        f.version
    );
    if !outcome_log.is_empty() {
        log.push_str(outcome_log);
        if !outcome_log.ends_with('\n') {
            log.push('\n');
        }
    }
    let _ = write!(
        log,
        "{} Finish invoke request '{}', duration: {ms}ms, billing duration: {}ms, memory used: 0MB, billing memory: {}MB",
        util::iso(ctx.now),
        ctx.request_id,
        ms.max(1),
        f.memory
    );
    log
}

fn tail(text: &str) -> String {
    if text.len() <= LOG_TAIL {
        return text.to_owned();
    }
    let mut start = text.len() - LOG_TAIL;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..].to_owned()
}

fn sync(engine: &FgEngine, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let f = resolve(engine, ctx, urn)?;
    if ctx.req.body.len() > MAX_SYNC_PAYLOAD {
        return Err(FgError::new(
            "FSS.0413",
            "The request body is too large (at most 6 MB for a synchronous invocation)",
        ));
    }
    let outcome = run(ctx, &f);
    let ms = outcome
        .delay
        .map_or(1, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    let result = String::from_utf8_lossy(&outcome.body).into_owned();
    let failed = outcome.error.is_some();
    let status = match &outcome.error {
        None => 0,
        Some(e) if e.handled => 1,
        Some(_) => 2,
    };
    let want_log = ctx
        .req
        .header("x-cff-log-type")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("tail"));
    let log = if want_log {
        tail(&default_log(ctx, &f, &outcome.log, ms))
    } else {
        String::new()
    };
    let text_format = ctx
        .req
        .header("x-cff-request-version")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("v0"));
    let summary = json!({
        "funcDigest": f.digest,
        "duration": ms,
        "billingDuration": ms.max(1),
        "memorySize": f.memory,
        "memoryUsed": 0,
        "status": if failed { "failed" } else { "success" },
    })
    .to_string();
    let resp = if text_format {
        WireResponse::new(StatusCode::OK)
            .with_header("content-type", "application/json")
            .with_body(outcome.body.clone())
    } else {
        let mut body = json!({
            "request_id": ctx.request_id,
            "result": result,
            "log": log,
            "status": status,
        });
        if failed {
            body["err_code"] = json!(status);
            body["error_message"] = json!(
                outcome
                    .error
                    .as_ref()
                    .map(|e| e.message.clone())
                    .unwrap_or_default()
            );
        }
        WireResponse::json(StatusCode::OK, &body)
    };
    let mut resp = resp
        .with_header("X-Cff-Request-Id", &ctx.request_id)
        .with_header("X-Cff-Invoke-Summary", &summary)
        .with_header("X-Cff-Function-Duration", &ms.to_string())
        .with_header("X-Cff-Billing-Duration", &ms.max(1).to_string())
        .with_header(
            "X-Cff-Response-Version",
            if text_format { "v0" } else { "v1" },
        )
        .with_header("X-Func-Err-Code", &status.to_string())
        .with_header("X-Is-Func-Err", if failed { "true" } else { "false" });
    if want_log {
        // The newer reference also returns the last 2,000 bytes of the log, Base64, in a header.
        let bytes = log.as_bytes();
        let last = &bytes[bytes.len().saturating_sub(LOG_HEADER_BYTES)..];
        resp = resp.with_header("X-Cff-Function-Log", &B64.encode(last));
    }
    Ok(resp.with_delay(outcome.delay))
}

fn asynchronous(engine: &FgEngine, ctx: &Ctx<'_>, urn: &str, reserved: bool) -> FgResult {
    let f = resolve(engine, ctx, urn)?;
    if ctx.req.body.len() > MAX_ASYNC_PAYLOAD {
        return Err(FgError::new(
            "FSS.0413",
            "The request body is too large (at most 256 KB for an asynchronous invocation)",
        ));
    }
    let outcome = run(ctx, &f);
    let delay = outcome
        .delay
        .and_then(|d| TimeDelta::from_std(d).ok())
        .unwrap_or_default();
    let record = AsyncRecord {
        qualifier: f.key.clone(),
        start: ctx.now,
        end: ctx.now.checked_add_signed(delay).unwrap_or(ctx.now),
        status: if outcome.error.is_some() {
            "FAIL".to_owned()
        } else {
            "SUCCESS".to_owned()
        },
        error_message: outcome
            .error
            .as_ref()
            .map(|e| e.message.clone())
            .unwrap_or_default(),
        request_id: ctx.request_id.clone(),
    };
    {
        let mut state = engine.lock();
        let key = (f.package.clone(), f.name.clone());
        let Some(func) = state.functions.get_mut(&key) else {
            // Deleted between the lookup and now.
            return Err(FgError::no_function(&f.package, &f.name));
        };
        func.invocations.push(record);
        // Keep the record list bounded.
        if func.invocations.len() > 10_000 {
            let excess = func.invocations.len() - 10_000;
            func.invocations.drain(..excess);
        }
    }
    let body = if reserved {
        json!({ "instance_id": util::new_uuid() })
    } else {
        json!({ "request_id": ctx.request_id })
    };
    Ok(WireResponse::json(StatusCode::ACCEPTED, &body)
        .with_header("X-Cff-Request-Id", &ctx.request_id))
}

#[cfg(test)]
mod tests {
    use super::tail;

    #[test]
    fn tail_keeps_the_last_4k_on_a_char_boundary() {
        let text = "é".repeat(5000);
        let t = tail(&text);
        assert!(t.len() <= 4096);
        assert!(t.chars().all(|c| c == 'é'));
        assert_eq!(tail("short"), "short");
    }
}
