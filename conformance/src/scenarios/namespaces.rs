//! Namespaces: explicit lifecycle (FC services) or implicit existence (FunctionGraph packages).

use cloudfn_core::{
    ErrorKind, ListRequest, NamespaceModel, NamespaceSpec, NamespaceUpdate, Provider, ProviderExt,
    paginate,
};
use futures::TryStreamExt;

use super::{create_echo, etags, walk_pages};
use crate::cleanup::{delete_function_deep, finish};
use crate::failure::{Context, ensure, ensure_eq, expect_kind};
use crate::{Ctx, Failure, Outcome};

/// Names of the namespaces starting with `prefix`, following every page.
async fn namespaces_with_prefix(p: &dyn Provider, prefix: &str) -> Result<Vec<String>, Failure> {
    paginate(ListRequest::new().with_prefix(prefix), |req| {
        p.list_namespaces_page(req)
    })
    .map_ok(|n| n.name)
    .try_collect()
    .await
    .context(format_args!("listing namespaces with prefix `{prefix}`"))
}

/// Namespace lifecycle, parameterised by [`Capabilities::namespace_model`](cloudfn_core::Capabilities).
///
/// Explicit: a missing namespace is `NotFound` (also for creating a function in it); create returns the
/// description; a second create is `AlreadyExists`; get, prefix listing and update see the change; a stale
/// `if_match` is `PreconditionFailed` where etags are reported; deleting a namespace that still holds a
/// function is `PreconditionFailed`; after delete, get/update/delete are `NotFound`.
///
/// Implicit: `create_namespace` is `Unsupported`; `ensure_namespace` succeeds without creating anything; the
/// namespace is listed (and readable) exactly while a function names it.
pub async fn namespaces_lifecycle(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let name = ctx.namespace("ns");
    let outcome = match p.capabilities().namespace_model {
        NamespaceModel::Explicit => explicit(p, ctx, &name).await,
        NamespaceModel::Implicit => implicit(p, ctx, &name).await,
    };
    finish(p, &[&name], outcome).await
}

async fn explicit(p: &dyn Provider, ctx: &Ctx, name: &str) -> Outcome {
    expect_kind(
        p.get_namespace(name).await,
        ErrorKind::NotFound,
        format_args!("get_namespace(`{name}`) before creating it"),
    )?;
    expect_kind(
        p.create_function(name, ctx.function_spec("orphan", "orphan"))
            .await,
        ErrorKind::NotFound,
        format_args!("creating a function in the missing namespace `{name}`"),
    )?;

    let created = p
        .create_namespace(NamespaceSpec::new(name).with_description("first"))
        .await
        .context(format_args!("creating namespace `{name}`"))?;
    ensure_eq!(created.name, name, "name of the created namespace");
    ensure_eq!(
        created.description.as_deref(),
        Some("first"),
        "description of the created namespace"
    );
    expect_kind(
        p.create_namespace(NamespaceSpec::new(name)).await,
        ErrorKind::AlreadyExists,
        format_args!("creating namespace `{name}` a second time"),
    )?;
    let got = p
        .get_namespace(name)
        .await
        .context(format_args!("reading namespace `{name}`"))?;
    ensure_eq!(
        got.description.as_deref(),
        Some("first"),
        "description read back"
    );
    let listed = namespaces_with_prefix(p, name).await?;
    ensure!(
        listed.iter().any(|n| n == name),
        "namespace `{name}` is missing from the listing with its own name as prefix: {listed:?}"
    );
    ensure!(
        listed.iter().all(|n| n.starts_with(name)),
        "the prefix filter `{name}` let other namespaces through: {listed:?}"
    );

    let updated = p
        .update_namespace(name, NamespaceUpdate::new().with_description("second"))
        .await
        .context(format_args!("updating namespace `{name}`"))?;
    ensure_eq!(
        updated.description.as_deref(),
        Some("second"),
        "description returned by the update"
    );
    let got = p
        .get_namespace(name)
        .await
        .context(format_args!("reading namespace `{name}` after the update"))?;
    ensure_eq!(
        got.description.as_deref(),
        Some("second"),
        "description read back after the update"
    );

    if let Some((old, current)) = etags(
        p.capabilities(),
        "namespace",
        created.etag.as_deref(),
        got.etag.as_deref(),
    )? {
        expect_kind(
            p.update_namespace(
                name,
                NamespaceUpdate::new()
                    .with_description("stale")
                    .if_match(old),
            )
            .await,
            ErrorKind::PreconditionFailed,
            "updating the namespace with a stale if_match",
        )?;
        let after = p
            .get_namespace(name)
            .await
            .context("reading the namespace after the refused update")?;
        ensure_eq!(
            after.description.as_deref(),
            Some("second"),
            "description after an update refused for a stale etag"
        );
        p.update_namespace(
            name,
            NamespaceUpdate::new()
                .with_description("third")
                .if_match(current),
        )
        .await
        .context("updating the namespace with its current etag")?;
    } else {
        expect_kind(
            p.update_namespace(
                name,
                NamespaceUpdate::new()
                    .with_description("x")
                    .if_match("0123abcd"),
            )
            .await,
            ErrorKind::Unsupported,
            "updating a namespace with if_match where the provider has no entity tags",
        )?;
    }

    let f = create_echo(p, ctx, name, "holder").await?;
    expect_kind(
        p.delete_namespace(name).await,
        ErrorKind::PreconditionFailed,
        format_args!("deleting namespace `{name}` while it holds a function"),
    )?;
    p.get_namespace(name)
        .await
        .context("the namespace must survive a refused delete")?;
    delete_function_deep(p, &f).await?;
    p.delete_namespace(name)
        .await
        .context(format_args!("deleting the empty namespace `{name}`"))?;
    expect_kind(
        p.get_namespace(name).await,
        ErrorKind::NotFound,
        "get_namespace after delete",
    )?;
    expect_kind(
        p.update_namespace(name, NamespaceUpdate::new().with_description("x"))
            .await,
        ErrorKind::NotFound,
        "update_namespace after delete",
    )?;
    expect_kind(
        p.delete_namespace(name).await,
        ErrorKind::NotFound,
        "delete_namespace a second time",
    )?;
    Ok(())
}

async fn implicit(p: &dyn Provider, ctx: &Ctx, name: &str) -> Outcome {
    expect_kind(
        p.create_namespace(NamespaceSpec::new(name)).await,
        ErrorKind::Unsupported,
        "create_namespace where namespaces are implicit",
    )?;
    let ns = p
        .ensure_namespace(NamespaceSpec::new(name).with_description("implicit"))
        .await
        .context("ensure_namespace where namespaces are implicit")?;
    ensure_eq!(ns.name, name, "name returned by ensure_namespace");
    let listed = namespaces_with_prefix(p, name).await?;
    ensure!(
        listed.is_empty(),
        "implicit namespace `{name}` is listed before any function names it: {listed:?}"
    );

    let f = create_echo(p, ctx, name, "holder").await?;
    let listed = namespaces_with_prefix(p, name).await?;
    ensure_eq!(
        listed,
        [name.to_owned()],
        "namespaces listed with prefix `{name}` once a function names it"
    );
    let got = p
        .get_namespace(name)
        .await
        .context("reading an implicit namespace that a function names")?;
    ensure_eq!(got.name, name, "name of the implicit namespace");

    delete_function_deep(p, &f).await?;
    let listed = namespaces_with_prefix(p, name).await?;
    ensure!(
        listed.is_empty(),
        "implicit namespace `{name}` is still listed after its last function was deleted: {listed:?}"
    );
    Ok(())
}

/// Namespace listing across pages: five namespaces under one prefix (each holding a function where
/// namespaces are implicit), listed with page size 2 and the token passed through JSON between pages,
/// come back complete, in name order, without duplicates, and equal to the streamed listing.
pub async fn namespaces_paging(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let base = ctx.namespace("nspage");
    let names: Vec<String> = (1..=5).map(|i| format!("{base}-{i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let outcome = namespaces_paging_in(p, ctx, &base, &names).await;
    finish(p, &refs, outcome).await
}

async fn namespaces_paging_in(
    p: &dyn Provider,
    ctx: &Ctx,
    base: &str,
    names: &[String],
) -> Outcome {
    for name in names {
        setup_named(p, name).await?;
        if p.capabilities().namespace_model == NamespaceModel::Implicit {
            create_echo(p, ctx, name, "member").await?;
        }
    }
    let prefix = format!("{base}-");
    let pages = walk_pages("listing namespaces", 2, Some(&prefix), |req| {
        p.list_namespaces_page(req)
    })
    .await?;
    ensure!(
        pages.len() >= 3,
        "five namespaces with page size 2 should span at least 3 pages, got {}",
        pages.len()
    );
    let listed: Vec<String> = pages.into_iter().flatten().map(|n| n.name).collect();
    ensure_eq!(
        listed,
        names.to_vec(),
        "namespaces listed page by page with prefix `{prefix}` (name order)"
    );
    let streamed = namespaces_with_prefix(p, &prefix).await?;
    ensure_eq!(
        streamed,
        listed,
        "the streamed listing against the page-by-page listing"
    );
    Ok(())
}

async fn setup_named(p: &dyn Provider, name: &str) -> Outcome {
    p.ensure_namespace(NamespaceSpec::new(name))
        .await
        .context(format_args!("creating namespace `{name}`"))?;
    Ok(())
}
