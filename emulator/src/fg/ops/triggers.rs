//! Function triggers (huawei-functiongraph.md §3.12, §4.2, §4.3).

use cloudfn_huawei::api::types::{
    CreateFunctionTriggerRequest, TRIGGER_STATUS_ACTIVE, TRIGGER_STATUS_DISABLED,
    TRIGGER_TYPE_CODES, TriggerInstance, UpdateTriggerRequest,
};
use cloudfn_huawei::urn::UrnQualifier;
use http::StatusCode;
use serde_json::{Map, Value};

use super::functions::base_urn;
use crate::fg::Ctx;
use crate::fg::reply::{FgError, FgResult, body, json, no_content, ok};
use crate::fg::state::{Function, Resolved, State, Target, Trigger, parse_urn};
use crate::fg::util;

/// Trigger types that can be disabled.
const DISABLEABLE: &[&str] = &["TIMER", "DDS", "DMS", "KAFKA", "LTS"];

/// The qualifier key a trigger is stored under for a URN (`latest`, a version, `!alias`).
fn qualifier_key(f: &Function, r: &Resolved) -> Result<String, FgError> {
    Ok(f.target(&r.qualifier)?.urn_qualifier())
}

fn type_code(raw: &str) -> Result<String, FgError> {
    let upper = raw.trim().to_ascii_uppercase();
    if TRIGGER_TYPE_CODES.contains(&upper.as_str()) {
        Ok(upper)
    } else {
        Err(FgError::new(
            "FSS.1101",
            format!(
                "Invalid trigger type `{raw}`: one of {}",
                TRIGGER_TYPE_CODES.join(", ")
            ),
        ))
    }
}

fn status_value(raw: &str) -> Result<String, FgError> {
    match raw.trim().to_ascii_uppercase().as_str() {
        "ACTIVE" => Ok(TRIGGER_STATUS_ACTIVE.to_owned()),
        "DISABLED" => Ok(TRIGGER_STATUS_DISABLED.to_owned()),
        _ => Err(FgError::invalid(format!(
            "Invalid trigger_status `{raw}`: ACTIVE or DISABLED"
        ))),
    }
}

fn text<'a>(data: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    data.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// The type-specific required members of `event_data` (§4.3).
fn check_event_data(kind: &str, data: &Map<String, Value>) -> Result<(), FgError> {
    let need = |code: &str, keys: &[&str]| -> Result<(), FgError> {
        for k in keys {
            let present = match data.get(*k) {
                None | Some(Value::Null) => false,
                Some(Value::String(s)) => !s.is_empty(),
                Some(_) => true,
            };
            if !present {
                return Err(FgError::new(
                    code,
                    format!("Invalid {kind} trigger parameters: event_data.{k} is required"),
                ));
            }
        }
        Ok(())
    };
    match kind {
        "TIMER" => {
            need("FSS.1109", &["name", "schedule_type", "schedule"])?;
            let st = text(data, "schedule_type").unwrap_or_default();
            let schedule = text(data, "schedule").unwrap_or_default();
            let ok = match st {
                "Rate" => {
                    let num = schedule
                        .strip_suffix('m')
                        .or_else(|| schedule.strip_suffix('h'))
                        .or_else(|| schedule.strip_suffix('d'));
                    num.is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n > 0))
                }
                "Cron" => !schedule.trim().is_empty(),
                _ => false,
            };
            if !ok {
                return Err(FgError::new(
                    "FSS.1109",
                    format!(
                        "Invalid timer trigger parameters: schedule_type `{st}` with schedule `{schedule}` (Rate: a number and m, h or d; Cron: a cron expression)"
                    ),
                ));
            }
        }
        "SMN" => need("FSS.1102", &["topic_urn"])?,
        "DMS" => need("FSS.1103", &["queue_id", "consumer_group_id"])?,
        "DIS" => need("FSS.1104", &["stream_name", "sharditerator_type"])?,
        "OBS" => {
            need("FSS.1106", &["bucket", "events"])?;
            if !data
                .get("events")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_string))
            {
                return Err(FgError::new(
                    "FSS.1106",
                    "Invalid OBS trigger parameters: events must be a non-empty list of event names",
                ));
            }
        }
        "APIG" | "DEDICATEDGATEWAY" | "APIC" => {
            need(
                "FSS.1107",
                &["group_id", "name", "path", "protocol", "auth"],
            )?;
            if kind != "APIG" {
                need("FSS.1107", &["instance_id"])?;
            }
        }
        "KAFKA" => {
            need("FSS.1112", &["instance_id"])?;
            if !data.contains_key("topic_ids") && !data.contains_key("topic_id") {
                return Err(FgError::new(
                    "FSS.1112",
                    "Invalid Kafka trigger parameters: event_data.topic_ids is required",
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

/// `GET /triggers/{urn}`: a bare JSON array; an unqualified URN lists every trigger of the function,
/// a qualified one those of that version or alias.
pub(crate) fn list(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let key = qualifier_key(f, &r)?;
    let list: Vec<&TriggerInstance> = f
        .triggers
        .iter()
        .filter(|t| r.unqualified() || t.qualifier == key)
        .map(|t| &t.instance)
        .collect();
    ok(&list)
}

/// `POST /triggers/{urn}`: `201` with the trigger and a new `trigger_id`.
pub(crate) fn create(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: CreateFunctionTriggerRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    let target = f.target(&r.qualifier)?;
    let kind = type_code(&req.trigger_type_code)?;
    let Value::Object(mut data) = req.event_data.clone() else {
        return Err(FgError::invalid("event_data must be a JSON object"));
    };
    check_event_data(&kind, &data)?;
    let status = match req.trigger_status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => status_value(s)?,
        None if kind == "DDS" || kind == "KAFKA" => TRIGGER_STATUS_DISABLED.to_owned(),
        None => TRIGGER_STATUS_ACTIVE.to_owned(),
    };
    if status == TRIGGER_STATUS_DISABLED && !DISABLEABLE.contains(&kind.as_str()) {
        return Err(FgError::invalid(format!(
            "a {kind} trigger cannot be disabled (only {})",
            DISABLEABLE.join(", ")
        )));
    }
    let qualifier = target.urn_qualifier();
    if kind == "TIMER" {
        let name = text(&data, "name").unwrap_or_default().to_owned();
        if f.triggers.iter().any(|t| {
            t.instance.trigger_type_code.as_deref() == Some("TIMER")
                && t.instance
                    .event_data
                    .as_ref()
                    .and_then(|d| d.get("name"))
                    .and_then(Value::as_str)
                    == Some(name.as_str())
        }) {
            return Err(FgError::new(
                "FSS.1148",
                format!("The timer trigger already exists: {name}"),
            ));
        }
    } else if let Some(name) = text(&data, "name").filter(|n| !n.is_empty()) {
        // Other named triggers (APIG, OBS, ...): a second one of the same type and name is refused.
        if f.triggers.iter().any(|t| {
            t.instance.trigger_type_code.as_deref() == Some(kind.as_str())
                && t.instance
                    .event_data
                    .as_ref()
                    .and_then(|d| d.get("name"))
                    .and_then(Value::as_str)
                    == Some(name)
        }) {
            return Err(FgError::new(
                "FSS.1307",
                format!("The trigger name already exists: {name}"),
            ));
        }
    }
    let trigger_id = if kind == "APIG" || kind == "DEDICATEDGATEWAY" || kind == "APIC" {
        util::new_hex_id()
    } else {
        util::new_uuid()
    };
    if kind == "APIG" || kind == "DEDICATEDGATEWAY" || kind == "APIC" {
        let group = text(&data, "group_id").unwrap_or_default().to_owned();
        let path = text(&data, "path").unwrap_or_default().to_owned();
        let name = text(&data, "name").unwrap_or_default().to_owned();
        let protocol = text(&data, "protocol")
            .unwrap_or("HTTPS")
            .to_ascii_lowercase();
        let domain = text(&data, "sl_domain").map_or_else(
            || format!("{group}.apig.{}.huaweicloudapis.com", ctx.region()),
            str::to_owned,
        );
        let timeout = data
            .get("func_info")
            .and_then(|i| i.get("timeout"))
            .and_then(Value::as_i64)
            .unwrap_or(5000);
        data.insert("api_id".to_owned(), Value::from(util::new_hex_id()));
        data.insert("api_name".to_owned(), Value::from(name));
        data.entry("env_name")
            .or_insert_with(|| Value::from("RELEASE"));
        data.entry("group_name").or_insert_with(|| {
            Value::from(format!(
                "APIGroup_{}",
                &group.chars().take(4).collect::<String>()
            ))
        });
        data.insert(
            "invoke_url".to_owned(),
            Value::from(format!("{protocol}://{domain}{path}")),
        );
        data.insert(
            "func_info".to_owned(),
            serde_json::json!({
                "function_urn": base_urn(ctx, &r.package, &r.name),
                "invocation_type": "sync",
                "timeout": timeout,
                "version": target.version(),
            }),
        );
        data.insert("trigger_id".to_owned(), Value::from(trigger_id.clone()));
    }
    let now = util::iso(ctx.now);
    let instance = TriggerInstance {
        trigger_id: Some(trigger_id),
        trigger_type_code: Some(kind),
        trigger_status: Some(status),
        event_type_code: req.event_type_code.clone(),
        event_data: Some(Value::Object(data)),
        last_updated_time: Some(now.clone()),
        created_time: Some(now),
        ..TriggerInstance::default()
    };
    f.triggers.push(Trigger {
        qualifier,
        instance: instance.clone(),
    });
    json(StatusCode::CREATED, &instance)
}

/// `DELETE /triggers/{urn}`: unqualified or `latest` → every trigger of the function; a version or
/// alias → that qualifier's.
pub(crate) fn delete_all(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function_mut(&r)?;
    let target = f.target(&r.qualifier)?;
    if matches!(r.qualifier, UrnQualifier::None) || target == Target::Latest {
        f.triggers.clear();
    } else {
        let key = target.urn_qualifier();
        f.triggers.retain(|t| t.qualifier != key);
    }
    no_content()
}

fn find<'a>(f: &'a mut Function, kind: &str, id: &str) -> Result<&'a mut TriggerInstance, FgError> {
    let kind = type_code(kind)
        .map_err(|_| FgError::new("FSS.1137", format!("Invalid trigger type `{kind}`")))?;
    f.triggers
        .iter_mut()
        .map(|t| &mut t.instance)
        .find(|t| {
            t.trigger_id.as_deref() == Some(id)
                && t.trigger_type_code.as_deref() == Some(kind.as_str())
        })
        .ok_or_else(|| {
            FgError::new(
                "FSS.1131",
                format!("The trigger does not exist: {kind}/{id}"),
            )
        })
}

/// `GET /triggers/{urn}/{type}/{id}`.
pub(crate) fn show(state: &mut State, ctx: &Ctx<'_>, urn: &str, kind: &str, id: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function_mut(&r)?;
    let t = find(f, kind, id)?;
    ok(&*t)
}

/// `PUT /triggers/{urn}/{type}/{id}`: only `trigger_status` changes; the same status again →
/// `412 FSS.1153`; disabling a type that cannot be disabled → `400 FSS.0400`.
pub(crate) fn update(
    state: &mut State,
    ctx: &Ctx<'_>,
    urn: &str,
    kind: &str,
    id: &str,
) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: UpdateTriggerRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    let t = find(f, kind, id)?;
    if let Some(s) = req.trigger_status.as_deref().filter(|s| !s.is_empty()) {
        let status = status_value(s)?;
        let code = t.trigger_type_code.clone().unwrap_or_default();
        if status == TRIGGER_STATUS_DISABLED && !DISABLEABLE.contains(&code.as_str()) {
            return Err(FgError::invalid(format!(
                "a {code} trigger cannot be disabled (only {})",
                DISABLEABLE.join(", ")
            )));
        }
        if t.trigger_status.as_deref() == Some(status.as_str()) {
            return Err(FgError::new(
                "FSS.1153",
                format!("The trigger is already {status}"),
            ));
        }
        t.trigger_status = Some(status);
        t.last_updated_time = Some(util::iso(ctx.now));
    }
    ok(&*t)
}

/// `DELETE /triggers/{urn}/{type}/{id}`.
pub(crate) fn delete(
    state: &mut State,
    ctx: &Ctx<'_>,
    urn: &str,
    kind: &str,
    id: &str,
) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function_mut(&r)?;
    find(f, kind, id)?;
    f.triggers
        .retain(|t| t.instance.trigger_id.as_deref() != Some(id));
    no_content()
}
