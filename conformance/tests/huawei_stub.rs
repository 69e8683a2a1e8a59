//! The conformance suite against the Huawei FunctionGraph adapter, speaking real FunctionGraph HTTP to
//! a wiremock-backed stub whose responder is the emulator's FunctionGraph + IAM engine: once with AK/SK
//! signing, and the lifecycle scenarios again with IAM password tokens.
#![allow(clippy::unwrap_used)]

mod support;

use cloudfn_conformance::Ctx;
use cloudfn_emulator::Cloud;
use cloudfn_huawei::FunctionGraph;
use support::{Auth, EngineProgrammer, fg_ctx, huawei_on, stub};

async fn provider(auth: Auth) -> (wiremock::MockServer, FunctionGraph, Ctx) {
    let (server, engine) = stub().await;
    let config = engine.config().clone();
    let provider = huawei_on(&server.uri(), &config, auth).await;
    let ctx = fg_ctx(Ctx::new())
        .with_programmer(EngineProgrammer::new(engine, Cloud::Fg))
        .require_executed_version(true);
    (server, provider, ctx)
}

mod aksk {
    cloudfn_conformance::conformance_tests!(super::provider(super::Auth::AkSk));
}

mod token {
    cloudfn_conformance::conformance_tests!(super::provider(super::Auth::Token);
        functions_lifecycle,
        versions_publish_snapshot,
        aliases_lifecycle,
        triggers_timer,
        async_configs_lifecycle,
        quotas,
        invoke_sync_echo,
    );
}
