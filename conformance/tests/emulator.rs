//! The whole conformance suite against both adapters on a real emulator server (axum on loopback):
//! Alibaba FC, and FunctionGraph with AK/SK signing and with IAM password tokens. `run_all` reports every
//! scenario, so one failing scenario shows next to all the others.
#![allow(clippy::unwrap_used)]

mod support;

use cloudfn_conformance::{Ctx, Report, ScenarioOutcome, run_all};
use cloudfn_emulator::{Cloud, Emulator};
use support::{Auth, EngineProgrammer, alibaba_on, fc_ctx, fg_ctx, huawei_on};

/// Every scenario passed; none was skipped (the emulator can be programmed and stores objects).
fn assert_all_passed(report: &Report) {
    assert!(report.is_success(), "{report}");
    let skipped: Vec<(&str, &ScenarioOutcome)> = report
        .results
        .iter()
        .filter(|r| matches!(r.outcome, ScenarioOutcome::Skipped(_)))
        .map(|r| (r.name, &r.outcome))
        .collect();
    assert!(skipped.is_empty(), "skipped on the emulator: {skipped:?}");
    assert_eq!(
        report.passed(),
        cloudfn_conformance::scenarios().len(),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alibaba_adapter_on_the_emulator() {
    let emulator = Emulator::start().await.unwrap();
    let config = emulator.config().clone();
    let p = alibaba_on(emulator.url().as_str(), &config);
    let ctx = fc_ctx(Ctx::new(), &config.fc_account_id, &config.fc_region)
        .with_programmer(EngineProgrammer::new(emulator.engine().clone(), Cloud::Fc))
        .require_executed_version(true);
    let report = run_all(&p, &ctx).await;
    assert_all_passed(&report);
    cloudfn_conformance::check_clean(&p, &ctx).await.unwrap();
}

async fn huawei(auth: Auth) {
    let emulator = Emulator::start().await.unwrap();
    let config = emulator.config().clone();
    let p = huawei_on(emulator.url().as_str(), &config, auth).await;
    let ctx = fg_ctx(Ctx::new())
        .with_programmer(EngineProgrammer::new(emulator.engine().clone(), Cloud::Fg))
        .require_executed_version(true);
    let report = run_all(&p, &ctx).await;
    assert_all_passed(&report);
    cloudfn_conformance::check_clean(&p, &ctx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huawei_adapter_on_the_emulator_with_aksk() {
    huawei(Auth::AkSk).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huawei_adapter_on_the_emulator_with_iam_tokens() {
    huawei(Auth::Token).await;
}

/// An async config on an alias is listed under that alias (the emulator's `func_urn` marks aliases with
/// `!`; found by the model-based test).
#[tokio::test]
async fn huawei_async_config_on_an_alias_is_listed_as_the_alias() {
    use cloudfn_core::{
        AliasSpec, Aliases, AsyncConfig, AsyncConfigs, Functions, ListRequest, PublishVersion,
        Qualifier, Versions,
    };
    let emulator = Emulator::start().await.unwrap();
    let config = emulator.config().clone();
    let p = huawei_on(emulator.url().as_str(), &config, Auth::AkSk).await;
    let ctx = Ctx::new();
    let f = p
        .create_function("default", ctx.function_spec("aliased", "a"))
        .await
        .unwrap()
        .reference();
    let v = p.publish_version(&f, PublishVersion::new()).await.unwrap();
    p.create_alias(&f, AliasSpec::new("prod", &v.id))
        .await
        .unwrap();
    let prod = Qualifier::alias("prod");
    p.put_async_config(&f, &prod, AsyncConfig::new().with_max_retries(2))
        .await
        .unwrap();
    let got = p.get_async_config(&f, &prod).await.unwrap();
    assert_eq!(got.qualifier, Some(prod.clone()));
    let listed = p
        .list_async_configs_page(&f, ListRequest::new())
        .await
        .unwrap();
    let qualifiers: Vec<_> = listed.items.iter().map(|c| c.qualifier.clone()).collect();
    assert_eq!(qualifiers, [Some(prod)]);
}

/// A second HTTP trigger with a taken name is `AlreadyExists` on FunctionGraph, as on `InMemory`
/// (FSS.1307; found by the model-based test).
#[tokio::test]
async fn huawei_duplicate_trigger_names_are_refused_like_in_memory() {
    use cloudfn_core::{
        HttpAuth, HttpConfig, HttpMethod, InMemory, Provider, TriggerConfig, TriggerSpec,
    };
    let emulator = Emulator::start().await.unwrap();
    let config = emulator.config().clone();
    let adapter = huawei_on(emulator.url().as_str(), &config, Auth::AkSk).await;
    let model = InMemory::huawei();
    let ctx = fg_ctx(Ctx::new());
    let spec = || {
        let http = HttpConfig::new(HttpAuth::Anonymous, [HttpMethod::Get]).with_path("/api");
        let mut spec = TriggerSpec::new("api", TriggerConfig::Http(http));
        for (k, v) in ctx.trigger_extensions(cloudfn_core::TriggerKind::Http) {
            spec = spec.with_extension(k, v);
        }
        spec
    };
    for p in [&adapter as &dyn Provider, &model] {
        let f = p
            .create_function("default", ctx.function_spec("twice", "a"))
            .await
            .unwrap()
            .reference();
        p.create_trigger(&f, spec()).await.unwrap();
        let err = p.create_trigger(&f, spec()).await.unwrap_err();
        assert_eq!(
            err.kind(),
            cloudfn_core::ErrorKind::AlreadyExists,
            "{}: {err}",
            p.name()
        );
    }
}
