//! [`conformance_tests!`](crate::conformance_tests): one `#[tokio::test]` per scenario for any provider.

use cloudfn_core::{ListRequest, Provider, paginate};
use futures::TryStreamExt;

use crate::failure::{Context, ensure};
use crate::{Ctx, Outcome};

/// Checks that nothing with the run's prefix ([`Ctx::prefix`]) is left: every scenario removes what it
/// created, also when it fails.
pub async fn check_clean(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let left: Vec<String> = paginate(ListRequest::new().with_prefix(ctx.prefix()), |req| {
        p.list_namespaces_page(req)
    })
    .map_ok(|n| n.name)
    .try_collect()
    .await
    .context("listing namespaces after the scenario")?;
    ensure!(
        left.is_empty(),
        "the scenario left namespaces behind: {left:?}"
    );
    Ok(())
}

/// Generates one `#[tokio::test]` per conformance scenario (object_store's `integration.rs` style), so a
/// failing scenario shows as its own test.
///
/// `$setup` is an expression evaluating to a future of `(guard, provider, ctx)`: the `guard` is kept alive
/// for the test (a mock server, an emulator), `provider` is anything that implements
/// [`Provider`](cloudfn_core::Provider) and `ctx` the [`Ctx`](crate::Ctx). Each test runs the scenario, then
/// checks that nothing was left behind ([`check_clean`]). A skip fails the test too: give a `Ctx` that can
/// run every scenario generated (a [`Programmer`](crate::Programmer) for the invoke scenarios), or list the
/// scenarios after a `;`. Without a list every registered scenario is generated; `SCENARIOS` holds the
/// names generated.
///
/// ```ignore
/// async fn setup() -> ((), cloudfn_core::InMemory, cloudfn_conformance::Ctx) {
///     ((), cloudfn_core::InMemory::alibaba(), cloudfn_conformance::Ctx::new())
/// }
/// cloudfn_conformance::conformance_tests!(setup());
/// ```
#[macro_export]
macro_rules! conformance_tests {
    ($setup:expr) => {
        $crate::conformance_tests!($setup;
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
    };
    ($setup:expr; $($name:ident),* $(,)?) => {
        /// The scenarios generated as tests here.
        #[allow(dead_code)]
        pub const SCENARIOS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[tokio::test]
            async fn $name() {
                let (_guard, provider, ctx) = $setup.await;
                if let Err(failure) = $crate::$name(&provider, &ctx).await {
                    panic!("{}: {failure}", stringify!($name));
                }
                if let Err(failure) = $crate::check_clean(&provider, &ctx).await {
                    panic!("{}: {failure}", stringify!($name));
                }
            }
        )*
    };
}
