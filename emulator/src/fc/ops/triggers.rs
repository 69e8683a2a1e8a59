//! CreateTrigger, UpdateTrigger, DeleteTrigger, GetTrigger, ListTriggers.

use cloudfn_alibaba::api::types::{
    CreateTriggerRequest, ListTriggersResponse, Trigger, UpdateTriggerRequest, trigger_type,
};
use serde_json::Value;

use super::services::check_description;
use super::{Ctx, no_content, ok, ok_etag};
use crate::fc::fault::{FcError, FcResult};
use crate::fc::state::{Paging, State, TriggerRec, check_if_match, check_name, etag_of};
use crate::wire::WireResponse;

/// The trigger types FC accepts.
pub(crate) const TRIGGER_TYPES: &[&str] = &[
    trigger_type::OSS,
    trigger_type::LOG,
    trigger_type::TIMER,
    trigger_type::HTTP,
    trigger_type::TABLESTORE,
    trigger_type::CDN_EVENTS,
    trigger_type::MNS_TOPIC,
    trigger_type::EVENTBRIDGE,
];

const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"];

/// A `triggerConfig` as an object: a JSON string is parsed.
fn config_object(value: Value) -> FcResult<Value> {
    let value = match value {
        Value::String(s) => serde_json::from_str(&s)
            .map_err(|e| FcError::invalid(format!("triggerConfig is not valid JSON: {e}")))?,
        v => v,
    };
    if value.is_object() {
        Ok(value)
    } else {
        Err(FcError::invalid("triggerConfig must be a JSON object"))
    }
}

fn check_config(kind: &str, config: &Value) -> FcResult<()> {
    match kind {
        trigger_type::HTTP => {
            let auth = config
                .get("authType")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !["anonymous", "function"].contains(&auth.to_ascii_lowercase().as_str()) {
                return Err(FcError::invalid(format!(
                    "triggerConfig.authType '{auth}' is invalid: expected anonymous or function"
                )));
            }
            let methods = config.get("methods").and_then(Value::as_array);
            let Some(methods) = methods.filter(|m| !m.is_empty()) else {
                return Err(FcError::invalid(
                    "triggerConfig.methods must list at least one HTTP method",
                ));
            };
            for m in methods {
                let m = m.as_str().unwrap_or_default();
                if !HTTP_METHODS.contains(&m.to_ascii_uppercase().as_str()) {
                    return Err(FcError::invalid(format!(
                        "triggerConfig.methods: '{m}' is not an HTTP method FC supports"
                    )));
                }
            }
        }
        trigger_type::TIMER => {
            let cron = config
                .get("cronExpression")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if cron.trim().is_empty() {
                return Err(FcError::invalid(
                    "triggerConfig.cronExpression is required for a timer trigger",
                ));
            }
        }
        trigger_type::OSS => {
            let events = config.get("events").and_then(Value::as_array);
            if events.is_none_or(Vec::is_empty) {
                return Err(FcError::invalid(
                    "triggerConfig.events is required for an oss trigger",
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_qualifier(st: &State, service: &str, q: Option<&str>) -> FcResult<()> {
    match q {
        None | Some("" | "LATEST") => Ok(()),
        Some(q) => st.service(service)?.resolve(service, Some(q)).map(|_| ()),
    }
}

fn lookup<'a>(
    st: &'a State,
    service: &str,
    function: &str,
    trigger: &str,
) -> FcResult<&'a TriggerRec> {
    let rec = st.service(service)?;
    rec.function_view(service, None, function)?;
    rec.triggers
        .get(function)
        .and_then(|t| t.get(trigger))
        .ok_or_else(|| FcError::trigger_not_found(service, function, trigger))
}

pub(crate) fn create(
    ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    function: &str,
) -> FcResult<WireResponse> {
    let rec = st.service(service)?;
    rec.function_view(service, None, function)?;
    let body: CreateTriggerRequest = ctx.body()?;
    check_name("triggerName", &body.trigger_name)?;
    check_description(body.description.as_deref())?;
    let kind = body.trigger_type.as_str();
    if !TRIGGER_TYPES.contains(&kind) {
        return Err(FcError::invalid(format!(
            "triggerType '{kind}' is invalid: expected one of {}",
            TRIGGER_TYPES.join(", ")
        )));
    }
    let config = config_object(body.trigger_config)?;
    check_config(kind, &config)?;
    let needs_source = ![
        trigger_type::TIMER,
        trigger_type::HTTP,
        trigger_type::EVENTBRIDGE,
    ]
    .contains(&kind);
    if needs_source {
        if body.source_arn.as_deref().unwrap_or_default().is_empty() {
            return Err(FcError::invalid(format!(
                "sourceArn is required for a {kind} trigger"
            )));
        }
        if body
            .invocation_role
            .as_deref()
            .unwrap_or_default()
            .is_empty()
        {
            return Err(FcError::invalid(format!(
                "invocationRole is required for a {kind} trigger"
            )));
        }
    }
    check_qualifier(st, service, body.qualifier.as_deref())?;
    let existing = rec.triggers.get(function);
    if existing.is_some_and(|t| t.contains_key(&body.trigger_name)) {
        return Err(FcError::conflict(
            "TriggerAlreadyExists",
            format!(
                "trigger '{}' already exists in service '{service}' and function '{function}'",
                body.trigger_name
            ),
        ));
    }
    if kind == trigger_type::HTTP
        && existing.is_some_and(|t| {
            t.values()
                .any(|t| t.trigger.trigger_type.as_deref() == Some(trigger_type::HTTP))
        })
    {
        return Err(FcError::invalid(format!(
            "function '{function}' already has an HTTP trigger; a function can have only one"
        )));
    }
    let ts = ctx.ts();
    let trigger = Trigger {
        trigger_name: Some(body.trigger_name.clone()),
        trigger_id: Some(st.new_id()),
        description: Some(body.description.unwrap_or_default()),
        trigger_type: Some(body.trigger_type),
        source_arn: body.source_arn.filter(|s| !s.is_empty()),
        invocation_role: body.invocation_role.filter(|s| !s.is_empty()),
        qualifier: Some(
            body.qualifier
                .filter(|q| !q.is_empty())
                .unwrap_or_else(|| "LATEST".into()),
        ),
        trigger_config: Some(config),
        created_time: Some(ts.clone()),
        last_modified_time: Some(ts),
        ..Trigger::default()
    };
    let rec = TriggerRec {
        etag: etag_of(&trigger),
        trigger,
    };
    let resp = ok_etag(&rec.trigger, &rec.etag);
    st.service_mut(service)?
        .triggers
        .entry(function.to_owned())
        .or_default()
        .insert(body.trigger_name, rec);
    Ok(resp)
}

pub(crate) fn update(
    ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    function: &str,
    trigger: &str,
) -> FcResult<WireResponse> {
    let mut t = lookup(st, service, function, trigger)?.clone();
    check_if_match(ctx.req, &t.etag)?;
    let body: UpdateTriggerRequest = ctx.body()?;
    check_description(body.description.as_deref())?;
    let kind = t.trigger.trigger_type.clone().unwrap_or_default();
    if let Some(config) = body.trigger_config {
        let config = config_object(config)?;
        check_config(&kind, &config)?;
        t.trigger.trigger_config = Some(config);
    }
    if let Some(q) = body.qualifier {
        check_qualifier(st, service, Some(&q))?;
        t.trigger.qualifier = Some(if q.is_empty() { "LATEST".into() } else { q });
    }
    if let Some(role) = body.invocation_role {
        t.trigger.invocation_role = Some(role);
    }
    if let Some(d) = body.description {
        t.trigger.description = Some(d);
    }
    t.trigger.last_modified_time = Some(ctx.ts());
    t.etag = etag_of(&t.trigger);
    let resp = ok_etag(&t.trigger, &t.etag);
    st.service_mut(service)?
        .triggers
        .entry(function.to_owned())
        .or_default()
        .insert(trigger.to_owned(), t);
    Ok(resp)
}

pub(crate) fn delete(
    ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    function: &str,
    trigger: &str,
) -> FcResult<WireResponse> {
    let t = lookup(st, service, function, trigger)?;
    check_if_match(ctx.req, &t.etag)?;
    let rec = st.service_mut(service)?;
    if let Some(ts) = rec.triggers.get_mut(function) {
        ts.remove(trigger);
        if ts.is_empty() {
            rec.triggers.remove(function);
        }
    }
    Ok(no_content())
}

pub(crate) fn get(
    _ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    function: &str,
    trigger: &str,
) -> FcResult<WireResponse> {
    let t = lookup(st, service, function, trigger)?;
    Ok(ok_etag(&t.trigger, &t.etag))
}

pub(crate) fn list(
    ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    function: &str,
) -> FcResult<WireResponse> {
    let rec = st.service(service)?;
    rec.function_view(service, None, function)?;
    let paging = Paging::from_request(ctx.req, 20, 100)?;
    let (triggers, next_token) = paging.page(
        rec.triggers
            .get(function)
            .into_iter()
            .flatten()
            .map(|(n, t)| (n.as_str(), t.trigger.clone())),
    );
    Ok(ok(&ListTriggersResponse {
        triggers,
        next_token,
        ..ListTriggersResponse::default()
    }))
}
