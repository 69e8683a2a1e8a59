//! The conformance suite against the Alibaba FC adapter, speaking real FC HTTP (signed) to a
//! wiremock-backed stub whose responder is the emulator's FC engine.
#![allow(clippy::unwrap_used)]

mod support;

use cloudfn_alibaba::AlibabaFc;
use cloudfn_alibaba::config::AlibabaFcBuilder;
use cloudfn_alibaba::signer::FcCredentials;
use cloudfn_conformance::Ctx;
use cloudfn_core::transport::RetryPolicy;
use cloudfn_core::{Destination, ListRequest, Namespaces, TriggerKind, paginate};
use cloudfn_emulator::Cloud;
use futures::TryStreamExt;
use support::{EngineProgrammer, stub};

async fn provider() -> (wiremock::MockServer, AlibabaFc, Ctx) {
    let (server, engine) = stub().await;
    let config = engine.config().clone();
    let provider = AlibabaFcBuilder::new()
        .with_endpoint(server.uri())
        .with_allow_http(true)
        .with_account_id(config.fc_account_id.clone())
        .with_region(config.fc_region.clone())
        .with_credentials(FcCredentials::new("test", "test"))
        .with_retry(RetryPolicy::none())
        .build_provider()
        .unwrap();
    let ctx = fc_ctx(&config.fc_account_id, &config.fc_region)
        .with_programmer(EngineProgrammer::new(engine, Cloud::Fc))
        .require_executed_version(true);
    (server, provider, ctx)
}

/// What FC needs beyond the neutral config: a role for OSS and raw triggers, a source ARN on raw ones,
/// and raw destinations in FC's own form (an ARN outside the adapter's account, so it stays raw).
fn fc_ctx(account: &str, region: &str) -> Ctx {
    let role = serde_json::json!(format!(
        "acs:ram::{account}:role/aliyunosseventnotificationrole"
    ));
    Ctx::new()
        .with_trigger_extension(TriggerKind::ObjectStorage, "invocationRole", role.clone())
        .with_trigger_extension(TriggerKind::Raw, "invocationRole", role)
        .with_trigger_extension(
            TriggerKind::Raw,
            "sourceArn",
            serde_json::json!(format!(
                "acs:log:{region}:{account}:project/cloudfn-conformance"
            )),
        )
        .with_raw_destination(Destination::Raw {
            provider_type: "acs:mns".to_owned(),
            target: format!("acs:mns:{region}:1111111111111111:/queues/elsewhere/messages"),
        })
}

async fn assert_clean(p: &AlibabaFc, ctx: &Ctx) {
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
