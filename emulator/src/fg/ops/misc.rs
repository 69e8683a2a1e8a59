//! Quotas (§3.2), dependencies (§3.3), test events (§3.4), tracing (§3.5), metrics (§3.8) and LTS
//! logs (§3.9).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use bytes::Bytes;
use cloudfn_huawei::Secret;
use cloudfn_huawei::api::types::{
    CreateDependencyRequest, CreateEventRequest, CreateEventResponse, Dependency,
    FunctionStatistics, ListDependenciesResponse, ListEventsResponse, ListQuotasResponse,
    ListQuotasResult, ListStatisticsResponse, LtsLogDetail, MonthUsed, QuotaResource,
    SlaReportsValue, TestEvent, TestEventSummary, TracingConfig, UpdateEventRequest,
};

use super::functions::{MAX_FUNCTIONS, RUNTIMES, obs_object};
use crate::fg::Ctx;
use crate::fg::reply::{FgError, FgResult, body, no_content, ok};
use crate::fg::state::{State, parse_urn};
use crate::fg::util;

/// The most dependencies a project may have (FSS.1045).
const MAX_DEPENDENCIES: usize = 100;
/// The most test events per function (FSS.1068).
const MAX_EVENTS: usize = 10;
/// The largest test event (FSS.1069).
const MAX_EVENT_SIZE: usize = 4 * 1024;

fn quota(kind: &str, quota: i64, used: i64, unit: Option<&str>) -> QuotaResource {
    QuotaResource {
        quota: Some(i32::try_from(quota).unwrap_or(i32::MAX)),
        used: Some(i32::try_from(used).unwrap_or(i32::MAX)),
        r#type: Some(kind.to_owned()),
        unit: unit.map(str::to_owned),
        ..QuotaResource::default()
    }
}

/// `GET /quotas`: the limits with the project's usage (function count, code size in MB, reserved
/// instances).
pub(crate) fn list_quotas(state: &State, _ctx: &Ctx<'_>) -> FgResult {
    let functions = state.functions.len() as i64;
    let code_bytes: u64 = state
        .functions
        .values()
        .map(|f| f.code.len() as u64 + f.versions.iter().map(|v| v.code.len() as u64).sum::<u64>())
        .sum::<u64>()
        + state
            .dependencies
            .iter()
            .map(|d| d.size.unwrap_or_default().unsigned_abs())
            .sum::<u64>();
    let code_mb = code_bytes.div_ceil(1024 * 1024) as i64;
    let reserved: i64 = state
        .functions
        .values()
        .flat_map(|f| f.reserved.values())
        .map(|r| i64::from(r.count.unwrap_or_default()))
        .sum();
    ok(&ListQuotasResponse {
        quotas: Some(ListQuotasResult {
            resources: Some(vec![
                quota("fgs_func_scale_down_timeout", 60, 0, None),
                quota("fgs_func_occurs", 1000, reserved, None),
                quota("fgs_func_pat_idle_time", 100, 0, None),
                quota("fgs_func_num", MAX_FUNCTIONS as i64, functions, None),
                quota("fgs_func_code_size", 10240, code_mb, Some("MB")),
                quota("fgs_workflow_num", 512, 0, None),
            ]),
            ..ListQuotasResult::default()
        }),
        ..ListQuotasResponse::default()
    })
}

fn dependency_body(
    state: &State,
    ctx: &Ctx<'_>,
    req: &CreateDependencyRequest,
    id: &str,
    version: i64,
) -> Result<Dependency, FgError> {
    if !util::valid_name(&req.name, 96, &['_', '.', '-']) {
        return Err(FgError::invalid(format!(
            "Invalid dependency name `{}`: at most 96 letters, digits, `_`, `.` or `-`, starting with a letter and ending with a letter or digit",
            req.name
        )));
    }
    if !RUNTIMES.contains(&req.runtime.as_str()) {
        return Err(FgError::new(
            "FSS.1005",
            format!("Invalid runtime `{}`", req.runtime),
        ));
    }
    if req
        .description
        .as_deref()
        .unwrap_or_default()
        .chars()
        .count()
        > 512
    {
        return Err(FgError::new(
            "FSS.1019",
            "The description exceeds the maximum allowed limit (512 characters)",
        ));
    }
    let (bytes, link, file_name) = match req.depend_type.as_str() {
        "zip" => {
            let file = req.depend_file.as_deref().unwrap_or_default();
            if file.is_empty() {
                return Err(FgError::new(
                    "FSS.1024",
                    "Invalid dependency: depend_file is required when depend_type is zip",
                ));
            }
            let compact: String = file.chars().filter(|c| !c.is_whitespace()).collect();
            let bytes = Bytes::from(B64.decode(compact.as_bytes()).map_err(|e| {
                FgError::new(
                    "FSS.1024",
                    format!("Invalid dependency: depend_file is not Base64: {e}"),
                )
            })?);
            let link = super::functions::publish_blob(ctx, &bytes);
            (bytes, link, format!("{}.zip", req.name))
        }
        "obs" => {
            let link = req.depend_link.clone().unwrap_or_default();
            if link.is_empty() {
                return Err(FgError::new(
                    "FSS.1024",
                    "Invalid dependency: depend_link is required when depend_type is obs",
                ));
            }
            let bytes = obs_object(ctx, &link)?;
            let name = link
                .rsplit('/')
                .next()
                .unwrap_or("dependency.zip")
                .to_owned();
            (bytes, link, name)
        }
        other => {
            return Err(FgError::invalid(format!(
                "Invalid depend_type `{other}`: zip or obs"
            )));
        }
    };
    if bytes.len() > super::functions::MAX_PACKAGE {
        return Err(FgError::new(
            "FSS.1071",
            "The dependency package exceeds 50 MB",
        ));
    }
    let _ = state;
    Ok(Dependency {
        id: Some(id.to_owned()),
        owner: Some(crate::fg::iam::domain_id(
            &ctx.shared
                .config
                .iam_users
                .first()
                .map_or_else(|| "emulator".to_owned(), |u| u.domain.clone()),
        )),
        link: Some(link),
        runtime: Some(req.runtime.clone()),
        etag: Some(util::etag(&bytes)),
        size: Some(bytes.len() as i64),
        name: Some(req.name.clone()),
        description: Some(req.description.clone().unwrap_or_default()),
        file_name: Some(file_name),
        version: Some(version),
        last_modified: Some(ctx.now.timestamp_millis()),
        ..Dependency::default()
    })
}

/// `GET /dependencies`: filtered by `runtime`, `name`, `dependency_type`/`ispublic` (the emulator has
/// only private dependencies), paged with `marker` and `maxitems` (else `limit`, else 400).
pub(crate) fn list_dependencies(state: &State, ctx: &Ctx<'_>) -> FgResult {
    let marker = util::query_int(ctx.req, "marker")?.unwrap_or(0);
    let size = match util::query_int(ctx.req, "maxitems")? {
        Some(n) if n > 0 => n,
        _ => match util::query_int(ctx.req, "limit")? {
            Some(n) if n > 0 => n,
            _ => 400,
        },
    };
    let runtime = ctx.req.query_param("runtime").filter(|s| !s.is_empty());
    let name = ctx.req.query_param("name").filter(|s| !s.is_empty());
    let public_only = ctx.req.query_param("dependency_type").as_deref() == Some("public")
        || ctx.req.query_param("ispublic").as_deref() == Some("true");
    let all: Vec<Dependency> = state
        .dependencies
        .iter()
        .filter(|_| !public_only)
        .filter(|d| {
            runtime
                .as_deref()
                .is_none_or(|r| d.runtime.as_deref() == Some(r))
        })
        .filter(|d| {
            name.as_deref()
                .is_none_or(|n| d.name.as_deref().is_some_and(|x| x.contains(n)))
        })
        .cloned()
        .collect();
    let (page, next, total) = util::page(&all, marker, size);
    ok(&ListDependenciesResponse {
        dependencies: Some(page),
        next_marker: Some(next as i64),
        count: Some(total as i64),
        ..ListDependenciesResponse::default()
    })
}

/// `POST /dependencies`.
pub(crate) fn create_dependency(state: &mut State, ctx: &Ctx<'_>) -> FgResult {
    let req: CreateDependencyRequest = body(&ctx.req.body)?;
    if state.dependencies.len() >= MAX_DEPENDENCIES {
        return Err(FgError::new(
            "FSS.1045",
            "The number of dependencies exceeds the maximum allowed limit",
        ));
    }
    if state
        .dependencies
        .iter()
        .any(|d| d.name.as_deref() == Some(req.name.as_str()))
    {
        return Err(FgError::new(
            "FSS.1065",
            format!("The dependency already exists: {}", req.name),
        ));
    }
    let dep = dependency_body(state, ctx, &req, &util::new_uuid(), 1)?;
    state.dependencies.push(dep.clone());
    ok(&dep)
}

fn dependency_index(state: &State, id: &str) -> Result<usize, FgError> {
    state
        .dependencies
        .iter()
        .position(|d| d.id.as_deref() == Some(id))
        .ok_or_else(|| FgError::new("FSS.1056", format!("The dependency does not exist: {id}")))
}

/// `GET /dependencies/{id}`.
pub(crate) fn show_dependency(state: &State, id: &str) -> FgResult {
    let i = dependency_index(state, id)?;
    ok(&state.dependencies[i])
}

/// `PUT /dependencies/{id}`: replaces the package and metadata; the version goes up by one.
pub(crate) fn update_dependency(state: &mut State, ctx: &Ctx<'_>, id: &str) -> FgResult {
    let req: CreateDependencyRequest = body(&ctx.req.body)?;
    let i = dependency_index(state, id)?;
    if state
        .dependencies
        .iter()
        .any(|d| d.name.as_deref() == Some(req.name.as_str()) && d.id.as_deref() != Some(id))
    {
        return Err(FgError::new(
            "FSS.1065",
            format!("The dependency already exists: {}", req.name),
        ));
    }
    let version = state.dependencies[i].version.unwrap_or(1) + 1;
    let dep = dependency_body(state, ctx, &req, id, version)?;
    state.dependencies[i] = dep.clone();
    ok(&dep)
}

/// `DELETE /dependencies/{id}`: `412 FSS.1033` while a function uses it.
pub(crate) fn delete_dependency(state: &mut State, id: &str) -> FgResult {
    let i = dependency_index(state, id)?;
    let used = state.functions.values().any(|f| {
        std::iter::once(&f.config)
            .chain(f.versions.iter().map(|v| &v.config))
            .any(|c| {
                c.depend_list
                    .as_ref()
                    .is_some_and(|l| l.iter().any(|d| d == id))
            })
    });
    if used {
        return Err(FgError::new(
            "FSS.1033",
            format!("The dependency {id} is used by a function"),
        ));
    }
    state.dependencies.remove(i);
    no_content()
}

fn event_index(events: &[TestEvent], id: &str) -> Result<usize, FgError> {
    events
        .iter()
        .position(|e| e.id.as_deref() == Some(id))
        .ok_or_else(|| FgError::new("FSS.1070", format!("The event does not exist: {id}")))
}

/// `GET /functions/{urn}/events`: every test event (no paging parameters; `next_marker` = the count).
pub(crate) fn list_events(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let events: Vec<TestEventSummary> = f
        .events
        .iter()
        .map(|e| TestEventSummary {
            id: e.id.clone(),
            last_modified: e.last_modified.clone(),
            name: e.name.clone(),
            ..TestEventSummary::default()
        })
        .collect();
    let n = events.len() as i64;
    ok(&ListEventsResponse {
        count: Some(n),
        events: Some(events),
        next_marker: Some(n),
        ..ListEventsResponse::default()
    })
}

/// `POST /functions/{urn}/events`: `content` stored verbatim.
pub(crate) fn create_event(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: CreateEventRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    let name_ok = !req.name.is_empty()
        && req.name.len() <= 64
        && req.name.starts_with(|c: char| c.is_ascii_alphabetic())
        && req
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !name_ok {
        return Err(FgError::new(
            "FSS.1074",
            format!(
                "Invalid event name `{}`: letters, digits, `-` or `_`, starting with a letter",
                req.name
            ),
        ));
    }
    if req.content.len() > MAX_EVENT_SIZE {
        return Err(FgError::new(
            "FSS.1069",
            "The size of events exceeds the maximum allowed limit (4 KB)",
        ));
    }
    if f.events
        .iter()
        .any(|e| e.name.as_deref() == Some(req.name.as_str()))
    {
        return Err(FgError::new(
            "FSS.1073",
            format!("The event already exists: {}", req.name),
        ));
    }
    if f.events.len() >= MAX_EVENTS {
        return Err(FgError::new(
            "FSS.1068",
            format!(
                "The number of events configured for the function exceeds the maximum allowed limit ({MAX_EVENTS})"
            ),
        ));
    }
    let id = util::new_uuid();
    f.events.push(TestEvent {
        id: Some(id.clone()),
        name: Some(req.name.clone()),
        content: Some(req.content.clone()),
        last_modified: Some(serde_json::Number::from(ctx.now.timestamp())),
        ..TestEvent::default()
    });
    ok(&CreateEventResponse {
        id: Some(id),
        name: Some(req.name),
        ..CreateEventResponse::default()
    })
}

/// `GET /functions/{urn}/events/{id}`.
pub(crate) fn show_event(state: &State, ctx: &Ctx<'_>, urn: &str, id: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let i = event_index(&f.events, id)?;
    ok(&f.events[i])
}

/// `PUT /functions/{urn}/events/{id}`: only the content changes.
pub(crate) fn update_event(state: &mut State, ctx: &Ctx<'_>, urn: &str, id: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: UpdateEventRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    let i = event_index(&f.events, id)?;
    if req.content.len() > MAX_EVENT_SIZE {
        return Err(FgError::new(
            "FSS.1069",
            "The size of events exceeds the maximum allowed limit (4 KB)",
        ));
    }
    let e = &mut f.events[i];
    e.content = Some(req.content);
    e.last_modified = Some(serde_json::Number::from(ctx.now.timestamp()));
    ok(&CreateEventResponse {
        id: e.id.clone(),
        name: e.name.clone(),
        ..CreateEventResponse::default()
    })
}

/// `DELETE /functions/{urn}/events/{id}`.
pub(crate) fn delete_event(state: &mut State, ctx: &Ctx<'_>, urn: &str, id: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function_mut(&r)?;
    let i = event_index(&f.events, id)?;
    f.events.remove(i);
    no_content()
}

/// `GET /functions/{urn}/tracing`: `404 FSS.0404` when none is configured.
pub(crate) fn show_tracing(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let (ak, _) = f
        .tracing
        .as_ref()
        .ok_or_else(|| FgError::new("FSS.0404", "can not find tracing aksk"))?;
    ok(&TracingConfig {
        tracing_ak: Some(ak.clone()),
        tracing_sk: Some(Secret::new("*****")),
        ..TracingConfig::default()
    })
}

/// `PUT /functions/{urn}/tracing`: both keys set → enabled; both empty → disabled; an unknown function
/// is `400 FSS.1128` here.
pub(crate) fn update_tracing(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: TracingConfig = body(&ctx.req.body)?;
    let f = state
        .functions
        .get_mut(&r.key())
        .ok_or_else(|| FgError::new("FSS.1128", format!("function[{}] not existed", r.name)))?;
    let ak = req.tracing_ak.clone().unwrap_or_default();
    let sk = req
        .tracing_sk
        .as_ref()
        .map(|s| s.expose().to_owned())
        .unwrap_or_default();
    match (ak.is_empty(), sk.is_empty()) {
        (true, true) => f.tracing = None,
        (false, false) => f.tracing = Some((ak, sk)),
        _ => {
            return Err(FgError::invalid(
                "tracing_ak and tracing_sk are set together (or both empty to disable tracing)",
            ));
        }
    }
    ok(&serde_json::json!({}))
}

fn series(now_ms: i64, points: u32, value: f64) -> Vec<SlaReportsValue> {
    (0..points)
        .map(|i| SlaReportsValue {
            timestamp: Some(now_ms - i64::from(points - 1 - i) * 3_600_000),
            value: Some(value),
            ..SlaReportsValue::default()
        })
        .collect()
}

fn statistics(now_ms: i64, invocations: f64) -> FunctionStatistics {
    let hour = now_ms - now_ms.rem_euclid(3_600_000);
    let count = series(hour, 3, -1.0);
    let mut calls = count.clone();
    if let Some(last) = calls.last_mut() {
        last.value = Some(invocations);
    }
    FunctionStatistics {
        count: Some(calls),
        duration: Some(count.clone()),
        fail_count: Some(count.clone()),
        max_duration: Some(count.clone()),
        min_duration: Some(count.clone()),
        reject_count: Some(count),
        ..FunctionStatistics::default()
    }
}

/// `GET /functions/statistics`: `filter` required (`monitor_data` or `monthly_report`). The emulator
/// runs no functions for real: series are three hourly buckets, `-1` (no data) except the current
/// hour's invocation count of asynchronous records.
pub(crate) fn list_statistics(state: &State, ctx: &Ctx<'_>) -> FgResult {
    let filter = ctx.req.query_param("filter").unwrap_or_default();
    let invocations = state
        .functions
        .values()
        .map(|f| f.invocations.len())
        .sum::<usize>() as f64;
    match filter.as_str() {
        "monitor_data" => ok(&ListStatisticsResponse {
            statistics: Some(statistics(ctx.now.timestamp_millis(), invocations)),
            ..ListStatisticsResponse::default()
        }),
        "monthly_report" => ok(&ListStatisticsResponse {
            count: Some(vec![MonthUsed {
                date: Some(ctx.now.format("%Y-%m").to_string()),
                value: Some(invocations),
                ..MonthUsed::default()
            }]),
            gbs: Some(vec![MonthUsed {
                date: Some(ctx.now.format("%Y-%m").to_string()),
                value: Some(0.0),
                ..MonthUsed::default()
            }]),
            ..ListStatisticsResponse::default()
        }),
        "" => Err(FgError::bad_query(
            "filter is required: monitor_data or monthly_report",
        )),
        other => Err(FgError::bad_query(format!(
            "filter `{other}`: monitor_data or monthly_report"
        ))),
    }
}

/// `GET /functions/{urn}/statistics/{period}`: the six series, unwrapped.
pub(crate) fn function_statistics(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    ok(&statistics(
        ctx.now.timestamp_millis(),
        f.invocations.len() as f64,
    ))
}

/// `GET /functions/{urn}/lts-log-detail`.
pub(crate) fn lts_log_detail(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    ok(&LtsLogDetail {
        group_name: Some("functiongraph-log-group".to_owned()),
        group_id: f.config.log_group_id.clone(),
        stream_id: f.config.log_stream_id.clone(),
        stream_name: Some(format!("{}-{}", r.package, r.name)),
        ..LtsLogDetail::default()
    })
}

/// `POST /functions/enable-lts-logs`: `200`, empty body.
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn enable_lts(state: &mut State) -> FgResult {
    state.lts_enabled = true;
    Ok(crate::wire::WireResponse::new(http::StatusCode::OK))
}
