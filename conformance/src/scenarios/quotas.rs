//! Account quotas.

use cloudfn_core::{ErrorKind, Provider, Quota, QuotaKind};

use super::{create_echo, setup};
use crate::cleanup::{delete_function_deep, finish};
use crate::failure::{Context, ensure, ensure_eq, expect_kind};
use crate::{Ctx, Failure, Outcome};

/// Quotas, parameterised by [`Capabilities::quotas`](cloudfn_core::Capabilities): where listed, the list is
/// not empty, every quota has a name and `used <= limit`, the function-count quota goes up by exactly the
/// functions created (and back down when they are deleted), and, when few enough are left
/// ([`Ctx::with_quota_fill_limit`]), filling it makes the next create `QuotaExceeded`. Elsewhere
/// `list_quotas` is `Unsupported`.
pub async fn quotas(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    if !p.capabilities().quotas {
        expect_kind(
            p.list_quotas().await,
            ErrorKind::Unsupported,
            "list_quotas where the capabilities declare no quotas",
        )?;
        return Ok(());
    }
    let ns = setup(p, ctx, "quotas").await?;
    let outcome = quotas_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn function_quota(p: &dyn Provider) -> Result<Quota, Failure> {
    let quotas = p.list_quotas().await.context("listing quotas")?;
    ensure!(!quotas.is_empty(), "list_quotas returned no quotas");
    for q in &quotas {
        ensure!(!q.name.is_empty(), "a quota has an empty name: {q:?}");
        if let (Some(used), Some(limit)) = (q.used, q.limit) {
            ensure!(
                used <= limit,
                "quota `{}` is used beyond its limit: {q:?}",
                q.name
            );
        }
    }
    quotas
        .into_iter()
        .find(|q| q.kind == QuotaKind::Functions)
        .ok_or_else(|| {
            Failure::new("list_quotas has no function-count quota (QuotaKind::Functions)")
        })
}

async fn quotas_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let before = function_quota(p).await?;
    let Some(used_before) = before.used else {
        return Err(Failure::new(format!(
            "the function-count quota does not report usage: {before:?}"
        )));
    };
    let a = create_echo(p, ctx, ns, "counted-a").await?;
    create_echo(p, ctx, ns, "counted-b").await?;
    let after = function_quota(p).await?;
    ensure_eq!(
        after.used,
        Some(used_before + 2),
        "function-count usage after creating two functions (was {used_before})"
    );
    delete_function_deep(p, &a).await?;
    let after = function_quota(p).await?;
    ensure_eq!(
        after.used,
        Some(used_before + 1),
        "function-count usage after deleting one of them"
    );

    if let Some(limit) = after.limit {
        let left = limit.saturating_sub(used_before + 1);
        if left <= ctx.quota_fill_limit() {
            for i in 0..left {
                create_echo(p, ctx, ns, &format!("fill-{i}")).await?;
            }
            expect_kind(
                p.create_function(ns, ctx.function_spec("overflow", "overflow"))
                    .await,
                ErrorKind::QuotaExceeded,
                format_args!("creating a function beyond the function-count quota of {limit}"),
            )?;
            let full = function_quota(p).await?;
            ensure_eq!(full.used, Some(limit), "function-count usage at the limit");
        }
    }
    Ok(())
}
