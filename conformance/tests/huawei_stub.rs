//! The conformance suite against the Huawei FunctionGraph adapter, speaking real FunctionGraph HTTP to
//! a wiremock-backed stub whose responder is the emulator's FunctionGraph + IAM engine: once with AK/SK
//! signing, and the lifecycle scenarios again with IAM password tokens.
#![allow(clippy::unwrap_used)]

mod support;

use cloudfn_conformance::Ctx;
use cloudfn_emulator::Cloud;
use cloudfn_huawei::FunctionGraph;
use support::{Auth, EngineProgrammer, assert_clean, fg_ctx, huawei_on, stub};

async fn provider(auth: Auth) -> (wiremock::MockServer, FunctionGraph, Ctx) {
    let (server, engine) = stub().await;
    let config = engine.config().clone();
    let provider = huawei_on(&server.uri(), &config, auth).await;
    let ctx = fg_ctx(Ctx::new())
        .with_programmer(EngineProgrammer::new(engine, Cloud::Fg))
        .require_executed_version(true);
    (server, provider, ctx)
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
