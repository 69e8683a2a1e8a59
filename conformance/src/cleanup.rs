//! Removing what scenarios created: one namespace at a time, or everything of a run.

use cloudfn_core::{
    Error, ErrorKind, FunctionRef, ListRequest, NamespaceModel, Provider, ProviderExt, Qualifier,
    paginate,
};
use futures::TryStreamExt;

use crate::{Ctx, Failure, Outcome};

fn ignore_not_found(r: cloudfn_core::Result<()>) -> cloudfn_core::Result<()> {
    match r {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

fn step(ns: &str, what: impl std::fmt::Display, e: Error) -> Failure {
    Failure::from_error(format!("cleaning up namespace `{ns}`: {what}"), e)
}

/// Deletes one function with everything hanging off it: triggers, async configs, aliases and (where the
/// provider can) versions. A function that is already gone is fine.
pub(crate) async fn delete_function_deep(p: &dyn Provider, f: &FunctionRef) -> Outcome {
    let ns = f.namespace.as_str();
    match p.list_triggers(f).try_collect::<Vec<_>>().await {
        Ok(triggers) => {
            for t in triggers {
                ignore_not_found(p.delete_trigger(f, &t.id).await)
                    .map_err(|e| step(ns, format_args!("deleting trigger `{}` of {f}", t.id), e))?;
            }
        }
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(step(ns, format_args!("listing triggers of {f}"), e)),
    }
    if p.capabilities().async_invoke {
        let configs = ignore_nf_vec(p.list_async_configs(f).try_collect().await)
            .map_err(|e| step(ns, format_args!("listing async configs of {f}"), e))?;
        for c in configs {
            let q = c.qualifier.unwrap_or(Qualifier::Latest);
            ignore_not_found(p.delete_async_config(f, &q).await).map_err(|e| {
                step(
                    ns,
                    format_args!("deleting the async config of {f} at {q}"),
                    e,
                )
            })?;
        }
    }
    let aliases = ignore_nf_vec(p.list_aliases(f).try_collect().await)
        .map_err(|e| step(ns, format_args!("listing aliases of {f}"), e))?;
    for a in aliases {
        ignore_not_found(p.delete_alias(f, &a.name).await)
            .map_err(|e| step(ns, format_args!("deleting alias `{}` of {f}", a.name), e))?;
    }
    if p.capabilities().delete_version {
        let versions = ignore_nf_vec(p.list_versions(f).try_collect().await)
            .map_err(|e| step(ns, format_args!("listing versions of {f}"), e))?;
        for v in versions.into_iter().rev() {
            ignore_not_found(p.delete_version(f, &v.id).await)
                .map_err(|e| step(ns, format_args!("deleting version `{}` of {f}", v.id), e))?;
        }
    }
    ignore_not_found(p.delete_function(f).await)
        .map_err(|e| step(ns, format_args!("deleting function {f}"), e))
}

fn ignore_nf_vec<T>(r: cloudfn_core::Result<Vec<T>>) -> cloudfn_core::Result<Vec<T>> {
    match r {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(Vec::new()),
        other => other,
    }
}

/// Deletes every function of `ns` (deeply) and, where namespaces are explicit, the namespace.
pub(crate) async fn cleanup_namespace(p: &dyn Provider, ns: &str) -> Outcome {
    let functions = ignore_nf_vec(p.list_functions(ns).try_collect().await)
        .map_err(|e| step(ns, "listing functions", e))?;
    for f in functions {
        delete_function_deep(p, &f.reference()).await?;
    }
    if p.capabilities().namespace_model == NamespaceModel::Explicit {
        ignore_not_found(p.delete_namespace(ns).await)
            .map_err(|e| step(ns, "deleting the namespace", e))?;
    }
    Ok(())
}

/// Ends a scenario: cleans `namespaces` up and returns the scenario's own outcome, or the cleanup failure
/// when the scenario itself passed.
pub(crate) async fn finish(p: &dyn Provider, namespaces: &[&str], outcome: Outcome) -> Outcome {
    let mut cleanup = Ok(());
    for ns in namespaces {
        if let Err(f) = cleanup_namespace(p, ns).await {
            if cleanup.is_ok() {
                cleanup = Err(f);
            }
        }
    }
    match (outcome, cleanup) {
        (Err(f), _) => Err(f),
        (Ok(()), Err(c)) => Err(c),
        (Ok(()), Ok(())) => Ok(()),
    }
}

/// Deletes everything a run left behind: every namespace whose name starts with the run's prefix
/// ([`Ctx::prefix`]), with all its functions, triggers, async configs, aliases and versions.
///
/// Scenarios clean up after themselves; this is for runs that were interrupted.
pub async fn cleanup(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let prefix = ctx.prefix();
    let namespaces: Vec<String> = paginate(ListRequest::new().with_prefix(&prefix), |req| {
        p.list_namespaces_page(req)
    })
    .map_ok(|n| n.name)
    .try_collect()
    .await
    .map_err(|e| Failure::from_error(format!("listing namespaces with prefix `{prefix}`"), e))?;
    for ns in namespaces.iter().filter(|n| n.starts_with(&prefix)) {
        cleanup_namespace(p, ns).await?;
    }
    Ok(())
}
