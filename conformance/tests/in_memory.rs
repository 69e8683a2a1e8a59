//! The conformance suite against the `InMemory` test double, shaped like each cloud.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use cloudfn_conformance::{Behaviour, Ctx, Programmer, ScenarioOutcome, run_all};
use cloudfn_core::{
    Aliases, Capabilities, FunctionRef, Functions, HandlerResult, InMemory, Invocation,
    ListRequest, Namespaces, Provider, Qualifier, QuotaKind, Result, Versions, paginate,
};
use futures::TryStreamExt;

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
    ($flavour:ident: $($(#[$attr:meta])* $name:ident),* $(,)?) => {
        mod $flavour {
            use super::*;
            $(
                $(#[$attr])*
                #[tokio::test]
                async fn $name() {
                    let p = super::$flavour();
                    let ctx = ctx_for(&p);
                    cloudfn_conformance::$name(&p, &ctx).await.unwrap();
                    assert_clean(&p, &ctx).await;
                }
            )*
        }
    };
}

suite!(alibaba:
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

suite!(huawei:
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
