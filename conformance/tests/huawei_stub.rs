//! The conformance suite against the Huawei FunctionGraph adapter, speaking real FunctionGraph HTTP to
//! a wiremock-backed stub whose responder is the emulator's FunctionGraph + IAM engine: once with AK/SK
//! signing, and the lifecycle scenarios again with IAM password tokens.
#![allow(clippy::unwrap_used)]

mod support;

use cloudfn_conformance::Ctx;
use cloudfn_core::transport::RetryPolicy;
use cloudfn_core::{Destination, ListRequest, Namespaces, RawTrigger, TriggerKind, paginate};
use cloudfn_emulator::Cloud;
use cloudfn_huawei::signer::AkSkCredentials;
use cloudfn_huawei::{FunctionGraph, FunctionGraphBuilder};
use futures::TryStreamExt;
use support::{EngineProgrammer, stub};

#[derive(Clone, Copy)]
enum Auth {
    AkSk,
    Token,
}

async fn provider(auth: Auth) -> (wiremock::MockServer, FunctionGraph, Ctx) {
    let (server, engine) = stub().await;
    let config = engine.config().clone();
    let builder = FunctionGraphBuilder::new()
        .with_endpoint(server.uri())
        .with_iam_endpoint(server.uri())
        .with_allow_http(true)
        .with_region(config.fg_region.clone())
        .with_project_id(config.fg_project_id.clone())
        .with_retry(RetryPolicy::none());
    let builder = match auth {
        Auth::AkSk => builder.with_aksk(AkSkCredentials::new("test", "test")),
        Auth::Token => builder.with_password_auth("test", "test", "test"),
    };
    let provider = builder.build_provider().await.unwrap();
    // FunctionGraph can disable only some raw trigger types: use LTS, which it can.
    let ctx = Ctx::new()
        .with_raw_trigger(RawTrigger::new(
            "LTS",
            serde_json::json!({
                "log_group_id": "0f3b2c1d-0000-4000-8000-000000000001",
                "log_topic_id": "0f3b2c1d-0000-4000-8000-000000000002"
            }),
        ))
        // An APIG trigger lives in an API group.
        .with_trigger_extension(
            TriggerKind::Http,
            "group_id",
            serde_json::json!("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"),
        )
        // A raw destination: a DIS stream with a member the typed `Stream` (a name) cannot carry.
        .with_raw_destination(Destination::Raw {
            provider_type: "DIS".to_owned(),
            target: r#"{"stream_name":"dis-0123","partition_key":"k1"}"#.to_owned(),
        })
        .with_programmer(EngineProgrammer::new(engine, Cloud::Fg))
        .require_executed_version(true);
    (server, provider, ctx)
}

async fn assert_clean(p: &FunctionGraph, ctx: &Ctx) {
    let left: Vec<String> = paginate(ListRequest::new().with_prefix(ctx.prefix()), |req| {
        p.list_namespaces_page(req)
    })
    .map_ok(|n| n.name)
    .try_collect()
    .await
    .unwrap();
    assert!(
        left.is_empty(),
        "the scenario left namespaces behind: {left:?}"
    );
}

macro_rules! suite {
    ($flavour:ident, $auth:expr; $($name:ident),* $(,)?) => {
        mod $flavour {
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let (_server, p, ctx) = provider($auth).await;
                    cloudfn_conformance::$name(&p, &ctx).await.unwrap();
                    assert_clean(&p, &ctx).await;
                }
            )*
        }
    };
}

suite!(aksk, Auth::AkSk;
    namespaces_lifecycle,
    namespaces_paging,
    functions_lifecycle,
    functions_unset_vs_empty,
    functions_invalid_input,
    function_code,
    functions_paging,
    unsupported_calls,
    versions_publish_snapshot,
    versions_scope,
    aliases_lifecycle,
    alias_weights,
    alias_routing,
    delete_version_under_alias,
    triggers_timer,
    triggers_http,
    triggers_object_storage,
    triggers_raw,
    triggers_listing,
    async_configs_lifecycle,
    async_config_limits,
    quotas,
    invoke_sync_echo,
    invoke_async,
    invoke_function_errors,
    invoke_log_tail,
    invoke_not_found,
    invoke_invalid_requests,
);

suite!(token, Auth::Token;
    functions_lifecycle,
    versions_publish_snapshot,
    aliases_lifecycle,
    triggers_timer,
    async_configs_lifecycle,
    quotas,
    invoke_sync_echo,
);
