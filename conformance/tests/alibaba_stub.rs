//! The conformance suite against the Alibaba FC adapter, speaking real FC HTTP (signed) to a
//! wiremock-backed stub whose responder is the emulator's FC engine.
#![allow(clippy::unwrap_used)]

mod support;

use cloudfn_alibaba::AlibabaFc;
use cloudfn_conformance::Ctx;
use cloudfn_emulator::Cloud;
use support::{EngineProgrammer, alibaba_on, fc_ctx, stub};

async fn provider() -> (wiremock::MockServer, AlibabaFc, Ctx) {
    let (server, engine) = stub().await;
    let config = engine.config().clone();
    let provider = alibaba_on(&server.uri(), &config);
    let ctx = fc_ctx(Ctx::new(), &config.fc_account_id, &config.fc_region)
        .with_programmer(EngineProgrammer::new(engine, Cloud::Fc))
        .require_executed_version(true);
    (server, provider, ctx)
}

cloudfn_conformance::conformance_tests!(provider());
