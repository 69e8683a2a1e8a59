//! The conformance suite against the `InMemory` test double, shaped like each cloud.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use cloudfn_conformance::{Behaviour, Ctx, Programmer, ScenarioOutcome, run_all};
use cloudfn_core::{
    Aliases, Capabilities, FunctionRef, Functions, HandlerResult, InMemory, Invocation, Provider,
    Qualifier, QuotaKind, Result, Versions,
};

/// Programs the double's functions through `set_handler`, and stores objects with `put_object`.
struct MemoryProgrammer(InMemory);

#[async_trait]
impl Programmer for MemoryProgrammer {
    async fn program(
        &self,
        function: &FunctionRef,
        qualifier: Option<&Qualifier>,
        behaviour: Behaviour,
    ) -> Result<()> {
        let handler = move |inv: &Invocation| match &behaviour {
            Behaviour::Respond(bytes) => HandlerResult::ok(bytes.clone()),
            Behaviour::Fail { kind, message } => HandlerResult::error(*kind, message.clone()),
            Behaviour::Log(text) => HandlerResult::ok(inv.payload.clone()).with_log(text.clone()),
            _ => HandlerResult::ok(inv.payload.clone()),
        };
        self.0.set_handler(function, qualifier.cloned(), handler);
        Ok(())
    }

    async fn put_object(&self, bucket: &str, key: &str, bytes: Bytes) -> Result<()> {
        self.0.put_object(bucket, key, bytes);
        Ok(())
    }
}

/// FC-shaped double with page size 2, so that every streamed listing spans pages.
fn alibaba() -> InMemory {
    InMemory::builder()
        .capabilities(Capabilities::alibaba_fc())
        .name("in-memory-alibaba")
        .default_page_size(2)
        .seed(11)
        .build()
}

/// FunctionGraph-shaped double with page size 2.
fn huawei() -> InMemory {
    InMemory::builder()
        .capabilities(Capabilities::huawei_functiongraph())
        .name("in-memory-huawei")
        .default_page_size(2)
        .seed(13)
        .build()
}

fn ctx_for(p: &InMemory) -> Ctx {
    Ctx::new()
        .with_programmer(Arc::new(MemoryProgrammer(p.clone())))
        .require_executed_version(true)
}

/// Asserts that the scenario left nothing behind.
async fn assert_clean(p: &InMemory, ctx: &Ctx) {
    cloudfn_conformance::check_clean(p, ctx).await.unwrap();
}

/// What `conformance_tests!` awaits: nothing to keep alive, the double, its context.
fn setup(p: InMemory) -> std::future::Ready<((), InMemory, Ctx)> {
    let ctx = ctx_for(&p);
    std::future::ready(((), p, ctx))
}

mod alibaba {
    cloudfn_conformance::conformance_tests!(super::setup(super::alibaba()));
}

mod huawei {
    cloudfn_conformance::conformance_tests!(super::setup(super::huawei()));
}

/// With a small function-count quota, the quota scenario also fills it and sees `QuotaExceeded`.
#[tokio::test]
async fn huawei_quota_filled_to_the_limit() {
    let p = InMemory::builder()
        .capabilities(Capabilities::huawei_functiongraph())
        .default_page_size(2)
        .quota(QuotaKind::Functions, 6)
        .build();
    let ctx = ctx_for(&p).with_quota_fill_limit(8);
    cloudfn_conformance::quotas(&p, &ctx).await.unwrap();
    assert_clean(&p, &ctx).await;
}

/// Every scenario is registered once, and the registry agrees with the per-scenario tests above.
#[test]
fn registry_lists_each_scenario_once() {
    let names: Vec<&str> = cloudfn_conformance::scenarios()
        .iter()
        .map(|s| s.name)
        .collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "duplicate scenarios: {names:?}");
    assert_eq!(names.len(), 28, "scenarios registered: {names:?}");
    // `conformance_tests!` generates a test for every registered scenario, in registry order.
    assert_eq!(alibaba::SCENARIOS, names.as_slice());
}

async fn run_all_on(p: InMemory) {
    let ctx = ctx_for(&p);
    let report = run_all(&p, &ctx).await;
    assert!(report.is_success(), "{report}");
    let skipped: Vec<(&str, &ScenarioOutcome)> = report
        .results
        .iter()
        .filter(|r| matches!(r.outcome, ScenarioOutcome::Skipped(_)))
        .map(|r| (r.name, &r.outcome))
        .collect();
    assert!(
        skipped.is_empty(),
        "every scenario applies to {} and has what it needs: {skipped:?}",
        p.name()
    );
    assert_eq!(report.passed(), cloudfn_conformance::scenarios().len());
    assert_clean(&p, &ctx).await;
}

#[tokio::test]
async fn run_all_alibaba() {
    run_all_on(alibaba()).await;
}

#[tokio::test]
async fn run_all_huawei() {
    run_all_on(huawei()).await;
}

/// Without a programmer, the scenario that needs one is skipped (not failed) and the rest still pass.
#[tokio::test]
async fn run_all_without_programmer_skips_only_what_needs_one() {
    let p = alibaba();
    let ctx = Ctx::new();
    let report = run_all(&p, &ctx).await;
    assert!(report.is_success(), "{report}");
    let skipped: Vec<&str> = report
        .results
        .iter()
        .filter(|r| matches!(r.outcome, ScenarioOutcome::Skipped(_)))
        .map(|r| r.name)
        .collect();
    assert_eq!(skipped, ["invoke_function_errors"], "{report}");
}

/// A run interrupted half-way leaves namespaces behind; `cleanup` removes everything with the run prefix.
#[tokio::test]
async fn cleanup_removes_what_a_run_left() {
    use cloudfn_core::{NamespaceSpec, ProviderExt};
    let p = alibaba();
    let ctx = ctx_for(&p);
    let ns = ctx.namespace("leftover");
    p.ensure_namespace(NamespaceSpec::new(&ns)).await.unwrap();
    let f = p
        .create_function(&ns, ctx.function_spec("left", "left"))
        .await
        .unwrap()
        .reference();
    p.publish_version(&f, cloudfn_core::PublishVersion::new())
        .await
        .unwrap();
    p.create_alias(&f, cloudfn_core::AliasSpec::new("live", "1"))
        .await
        .unwrap();
    cloudfn_conformance::cleanup(&p, &ctx).await.unwrap();
    assert_clean(&p, &ctx).await;
}
