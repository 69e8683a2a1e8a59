//! The conformance suite against the real clouds, only when asked for: `CLOUDFN_LIVE_ALIBABA=1` (with the
//! usual `ALIBABA_CLOUD_*` credentials, `ALIBABA_CLOUD_ACCOUNT_ID` and `ALIBABA_CLOUD_REGION_ID`) and
//! `CLOUDFN_LIVE_HUAWEI=1` (with the usual `HUAWEICLOUD_SDK_*` credentials and `HUAWEICLOUD_SDK_REGION`). Without them each
//! test prints why it skipped and passes.
//!
//! Every resource lives in namespaces named from a fresh run id (`cf<run id>-…`); each scenario removes
//! what it created, and the run ends with a sweep of that prefix in case a scenario was interrupted.
//!
//! What a live account must provide beyond credentials (the emulator runs supply the same):
//! - FC: `CLOUDFN_LIVE_ALIBABA_ROLE` — a RAM role ARN FC may assume for OSS and log triggers;
//!   `CLOUDFN_LIVE_ALIBABA_LOG_PROJECT` — a Log Service project for the raw (log) trigger;
//!   `CLOUDFN_LIVE_BUCKET` — an OSS bucket in the region.
//! - FunctionGraph: `CLOUDFN_LIVE_HUAWEI_APIG_GROUP` — an API Gateway group id for HTTP triggers;
//!   `CLOUDFN_LIVE_BUCKET` — an OBS bucket in the region.
#![allow(clippy::unwrap_used)]

use cloudfn_conformance::{Ctx, cleanup, run_all};
use cloudfn_core::{Destination, Provider, TriggerKind};

fn enabled(var: &str) -> bool {
    std::env::var(var).is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

fn env(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.trim().is_empty())
}

async fn run(p: &dyn Provider, ctx: Ctx) {
    let ctx = match env("CLOUDFN_LIVE_BUCKET") {
        Some(bucket) => ctx.with_bucket(bucket),
        None => ctx,
    };
    let report = run_all(p, &ctx).await;
    let swept = cleanup(p, &ctx).await;
    println!("{report}");
    assert!(report.is_success(), "{report}");
    swept.unwrap();
}

#[tokio::test]
async fn alibaba_live() {
    if !enabled("CLOUDFN_LIVE_ALIBABA") {
        eprintln!(
            "skipped: set CLOUDFN_LIVE_ALIBABA=1 and Alibaba credentials to run against the real FC"
        );
        return;
    }
    let builder = cloudfn_alibaba::AlibabaFcBuilder::from_env().unwrap();
    let p = builder.build_provider().unwrap();
    let (account, region) = (p.account_id().to_owned(), p.region().to_owned());
    let mut ctx = Ctx::new().with_scenario_timeout(std::time::Duration::from_secs(600));
    if let Some(role) = env("CLOUDFN_LIVE_ALIBABA_ROLE") {
        ctx = ctx
            .with_trigger_extension(
                TriggerKind::ObjectStorage,
                "invocationRole",
                role.clone().into(),
            )
            .with_trigger_extension(TriggerKind::Raw, "invocationRole", role.into());
    }
    if let Some(project) = env("CLOUDFN_LIVE_ALIBABA_LOG_PROJECT") {
        ctx = ctx.with_trigger_extension(
            TriggerKind::Raw,
            "sourceArn",
            format!("acs:log:{region}:{account}:project/{project}").into(),
        );
    }
    let ctx = ctx.with_raw_destination(Destination::Raw {
        provider_type: "acs:mns".to_owned(),
        target: format!("acs:mns:{region}:1111111111111111:/queues/cloudfn-conformance/messages"),
    });
    run(&p, ctx).await;
}

#[tokio::test]
async fn huawei_live() {
    if !enabled("CLOUDFN_LIVE_HUAWEI") {
        eprintln!(
            "skipped: set CLOUDFN_LIVE_HUAWEI=1 and Huawei credentials to run against the real FunctionGraph"
        );
        return;
    }
    let p = cloudfn_huawei::FunctionGraphBuilder::from_env()
        .build_provider()
        .await
        .unwrap();
    let mut ctx = Ctx::new().with_scenario_timeout(std::time::Duration::from_secs(600));
    if let Some(group) = env("CLOUDFN_LIVE_HUAWEI_APIG_GROUP") {
        ctx = ctx.with_trigger_extension(TriggerKind::Http, "group_id", group.into());
    }
    run(&p, ctx).await;
}
