//! The operations, one module per resource group, and the router from [`Route`] to them.

pub(crate) mod aliases;
pub(crate) mod async_config;
pub(crate) mod extras;
pub(crate) mod functions;
pub(crate) mod invoke;
pub(crate) mod services;
pub(crate) mod triggers;
pub(crate) mod versions;

use chrono::{DateTime, Utc};
use http::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::fault::{FcError, FcResult};
use super::route::{FnRes, Route, Svc};
use super::state::{State, timestamp};
use crate::engine::Shared;
use crate::wire::{WireRequest, WireResponse};

/// What an operation gets besides the state.
pub(crate) struct Ctx<'a> {
    pub req: &'a WireRequest,
    pub shared: &'a Shared,
    pub request_id: &'a str,
    pub now: DateTime<Utc>,
    /// The normalized path.
    pub path: &'a str,
}

impl Ctx<'_> {
    /// `now` in the cloud's timestamp format.
    pub(crate) fn ts(&self) -> String {
        timestamp(self.now)
    }

    /// `now` in epoch milliseconds.
    pub(crate) fn now_ms(&self) -> i64 {
        self.now.timestamp_millis()
    }

    /// The JSON body (an empty body or `null` is `{}`); malformed JSON is `InvalidArgument`.
    pub(crate) fn body<T: DeserializeOwned>(&self) -> FcResult<T> {
        let body = &self.req.body;
        let text = std::str::from_utf8(body)
            .map_err(|_| FcError::invalid("the request body is not UTF-8 JSON"))?;
        let text = text.trim();
        let text = if text.is_empty() || text == "null" {
            "{}"
        } else {
            text
        };
        serde_json::from_str(text)
            .map_err(|e| FcError::invalid(format!("the request body is invalid: {e}")))
    }
}

/// A 200 JSON response.
pub(crate) fn ok(value: &impl Serialize) -> WireResponse {
    WireResponse::json(StatusCode::OK, value)
}

/// A 200 JSON response with an `ETag` header.
pub(crate) fn ok_etag(value: &impl Serialize, etag: &str) -> WireResponse {
    ok(value).with_header("etag", etag)
}

/// A 204 response.
pub(crate) fn no_content() -> WireResponse {
    WireResponse::new(StatusCode::NO_CONTENT)
}

/// Rejects a qualifier on operations that take a plain service name.
pub(crate) fn plain(svc: &Svc) -> FcResult<&str> {
    match &svc.qualifier {
        None => Ok(&svc.name),
        Some(q) => Err(FcError::invalid(format!(
            "this operation takes a plain service name, not '{}.{q}'",
            svc.name
        ))),
    }
}

/// Routes one request.
pub(crate) fn dispatch(ctx: &Ctx<'_>, st: &mut State, route: Route) -> FcResult<WireResponse> {
    let m = ctx.req.method.clone();
    let unsupported = || {
        let decoded = cloudfn_alibaba::signer::decode_path(ctx.path).into_owned();
        Err(FcError::path_not_supported(m.as_str(), &decoded))
    };
    match (&m, route) {
        (&Method::POST, Route::Services) => services::create(ctx, st),
        (&Method::GET, Route::Services) => services::list(ctx, st),
        (&Method::GET, Route::Service(s)) => services::get(ctx, st, &s),
        (&Method::PUT, Route::Service(s)) => services::update(ctx, st, plain(&s)?),
        (&Method::DELETE, Route::Service(s)) => services::delete(ctx, st, plain(&s)?),

        (&Method::POST, Route::Functions(s)) => functions::create(ctx, st, plain(&s)?),
        (&Method::GET, Route::Functions(s)) => functions::list(ctx, st, &s),
        (m, Route::Function(s, f, res)) => match (m, res) {
            (&Method::GET, FnRes::Function) => functions::get(ctx, st, &s, &f),
            (&Method::PUT, FnRes::Function) => functions::update(ctx, st, plain(&s)?, &f),
            (&Method::DELETE, FnRes::Function) => functions::delete(ctx, st, plain(&s)?, &f),
            (&Method::GET, FnRes::Code) => functions::get_code(ctx, st, &s, &f),
            (&Method::POST, FnRes::Invocations | FnRes::Function) => {
                invoke::invoke(ctx, st, &s, &f)
            }
            (&Method::POST, FnRes::Triggers) => triggers::create(ctx, st, plain(&s)?, &f),
            (&Method::GET, FnRes::Triggers) => triggers::list(ctx, st, plain(&s)?, &f),
            (&Method::GET, FnRes::Trigger(t)) => triggers::get(ctx, st, plain(&s)?, &f, &t),
            (&Method::PUT, FnRes::Trigger(t)) => triggers::update(ctx, st, plain(&s)?, &f, &t),
            (&Method::DELETE, FnRes::Trigger(t)) => triggers::delete(ctx, st, plain(&s)?, &f, &t),
            (&Method::PUT, FnRes::AsyncConfig) => async_config::put(ctx, st, &s, &f),
            (&Method::GET, FnRes::AsyncConfig) => async_config::get(ctx, st, &s, &f),
            (&Method::DELETE, FnRes::AsyncConfig) => async_config::delete(ctx, st, &s, &f),
            (&Method::GET, FnRes::AsyncConfigs) => async_config::list(ctx, st, plain(&s)?, &f),
            (&Method::GET, FnRes::StatefulInvocations) => {
                async_config::list_invocations(ctx, st, &s, &f)
            }
            (&Method::GET, FnRes::StatefulInvocation(id)) => {
                async_config::get_invocation(ctx, st, &s, &f, &id)
            }
            (&Method::PUT, FnRes::StatefulInvocation(id)) => {
                async_config::stop_invocation(ctx, st, &s, &f, &id)
            }
            (&Method::PUT, FnRes::ProvisionConfig) => extras::put_provision(ctx, st, &s, &f),
            (&Method::GET, FnRes::ProvisionConfig) => extras::get_provision(ctx, st, &s, &f),
            (&Method::PUT, FnRes::OnDemandConfig) => extras::put_on_demand(ctx, st, &s, &f),
            (&Method::GET, FnRes::OnDemandConfig) => extras::get_on_demand(ctx, st, &s, &f),
            (&Method::DELETE, FnRes::OnDemandConfig) => extras::delete_on_demand(ctx, st, &s, &f),
            (&Method::GET, FnRes::Instances) => extras::list_instances(ctx, st, &s, &f),
            _ => unsupported(),
        },

        (&Method::POST, Route::Versions(s)) => versions::publish(ctx, st, plain(&s)?),
        (&Method::GET, Route::Versions(s)) => versions::list(ctx, st, plain(&s)?),
        (&Method::DELETE, Route::Version(s, v)) => versions::delete(ctx, st, plain(&s)?, &v),

        (&Method::POST, Route::Aliases(s)) => aliases::create(ctx, st, plain(&s)?),
        (&Method::GET, Route::Aliases(s)) => aliases::list(ctx, st, plain(&s)?),
        (&Method::GET, Route::Alias(s, a)) => aliases::get(ctx, st, plain(&s)?, &a),
        (&Method::PUT, Route::Alias(s, a)) => aliases::update(ctx, st, plain(&s)?, &a),
        (&Method::DELETE, Route::Alias(s, a)) => aliases::delete(ctx, st, plain(&s)?, &a),

        (&Method::POST, Route::CustomDomains) => extras::create_domain(ctx, st),
        (&Method::GET, Route::CustomDomains) => extras::list_domains(ctx, st),
        (&Method::GET, Route::CustomDomain(d)) => extras::get_domain(ctx, st, &d),
        (&Method::PUT, Route::CustomDomain(d)) => extras::update_domain(ctx, st, &d),
        (&Method::DELETE, Route::CustomDomain(d)) => extras::delete_domain(ctx, st, &d),

        (&Method::GET, Route::ProvisionConfigs) => extras::list_provision(ctx, st),
        (&Method::GET, Route::OnDemandConfigs) => extras::list_on_demand(ctx, st),

        (&Method::POST, Route::Tag) => extras::tag(ctx, st),
        (&Method::DELETE, Route::Tag) => extras::untag(ctx, st),
        (&Method::GET, Route::Tag) => extras::get_tags(ctx, st),

        (&Method::GET, Route::Layers) => extras::list_layers(ctx, st),
        (&Method::POST, Route::LayerVersions(l)) => extras::publish_layer(ctx, st, &l),
        (&Method::GET, Route::LayerVersions(l)) => extras::list_layer_versions(ctx, st, &l),
        (&Method::GET, Route::LayerVersion(l, v)) => extras::get_layer(ctx, st, &l, &v),
        (&Method::DELETE, Route::LayerVersion(l, v)) => extras::delete_layer(ctx, st, &l, &v),

        (&Method::GET, Route::AccountSettings) => Ok(extras::account_settings(ctx)),
        (&Method::GET, Route::ReservedCapacities) => extras::list_reserved(ctx),

        (_, Route::Proxy(s, f, rest)) => invoke::proxy(ctx, st, &s, &f, &rest),
        _ => unsupported(),
    }
}

/// The state as JSON, for the admin API.
pub(crate) fn dump(st: &State) -> serde_json::Value {
    let services: serde_json::Map<String, serde_json::Value> = st
        .services
        .iter()
        .map(|(name, s)| {
            let functions: serde_json::Map<String, serde_json::Value> = s
                .functions
                .iter()
                .map(|(n, f)| (n.clone(), serde_json::to_value(&f.function).unwrap_or_default()))
                .collect();
            let triggers: serde_json::Map<String, serde_json::Value> = s
                .triggers
                .iter()
                .map(|(f, ts)| {
                    let list: Vec<_> = ts.values().map(|t| &t.trigger).collect();
                    (f.clone(), serde_json::to_value(list).unwrap_or_default())
                })
                .collect();
            let versions: Vec<_> = s.versions.values().map(|v| &v.version).collect();
            let aliases: Vec<_> = s.aliases.values().map(|a| &a.alias).collect();
            let configs: Vec<_> = s.async_configs.values().collect();
            let invocations: Vec<_> = s
                .invocations
                .values()
                .map(|i| {
                    serde_json::json!({
                        "invocationId": i.id, "functionName": i.function, "qualifier": i.qualifier,
                        "requestId": i.request_id, "stateful": i.stateful, "startedTime": i.started_ms,
                    })
                })
                .collect();
            (
                name.clone(),
                serde_json::json!({
                    "service": s.service,
                    "functions": functions,
                    "triggers": triggers,
                    "versions": versions,
                    "aliases": aliases,
                    "asyncInvokeConfigs": configs,
                    "invocations": invocations,
                    "tags": s.tags,
                }),
            )
        })
        .collect();
    let layers: Vec<_> = st
        .layers
        .values()
        .flat_map(|l| l.versions.values().map(|(layer, _)| layer))
        .collect();
    serde_json::json!({
        "services": services,
        "customDomains": st.domains.values().collect::<Vec<_>>(),
        "layers": layers,
        "provisionConfigs": st.provision.values().collect::<Vec<_>>(),
        "onDemandConfigs": st.on_demand.values().collect::<Vec<_>>(),
    })
}
