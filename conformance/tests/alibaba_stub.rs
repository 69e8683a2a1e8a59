//! The conformance suite against the Alibaba FC adapter, speaking real FC HTTP (signed) to a
//! wiremock-backed stub whose responder is the emulator's FC engine.
#![allow(clippy::unwrap_used)]

mod support;

use cloudfn_alibaba::AlibabaFc;
use cloudfn_conformance::Ctx;
use cloudfn_emulator::Cloud;
use support::{EngineProgrammer, alibaba_on, assert_clean, fc_ctx, stub};

async fn provider() -> (wiremock::MockServer, AlibabaFc, Ctx) {
    let (server, engine) = stub().await;
    let config = engine.config().clone();
    let provider = alibaba_on(&server.uri(), &config);
    let ctx = fc_ctx(Ctx::new(), &config.fc_account_id, &config.fc_region)
        .with_programmer(EngineProgrammer::new(engine, Cloud::Fc))
        .require_executed_version(true);
    (server, provider, ctx)
}

macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let (_server, p, ctx) = provider().await;
                cloudfn_conformance::$name(&p, &ctx).await.unwrap();
                assert_clean(&p, &ctx).await;
            }
        )*
    };
}

suite!(
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
