//! Versions: publishing, immutable snapshots, listing, deleting, and where they live.

use cloudfn_core::{
    Code, ErrorKind, FunctionRef, FunctionUpdate, InvokeRequest, Provider, Qualifier, VersionScope,
};

use super::{change_and_publish, create, create_echo, get_at, setup, version_ids, walk_pages};
use crate::cleanup::finish;
use crate::failure::{Context, ensure, ensure_eq, expect_kind};
use crate::fixtures::{echo_zip, same_payload};
use crate::{Ctx, Outcome};

/// Publishing: a version is an immutable snapshot: after the latest changes (description, environment,
/// code), the version still reports the old values and code and its own id, the latest the new ones; an
/// invocation of the version runs it (and reports it, where `executed_version` is given); versions are
/// listed oldest first, also one per page; a missing version is `NotFound`; where
/// [`Capabilities::delete_version`](cloudfn_core::Capabilities), deleting removes it and a second delete is
/// `NotFound`, else delete is `Unsupported`. Version ids are caller-chosen where the provider allows it.
pub async fn versions_publish_snapshot(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "versions").await?;
    let outcome = publish_snapshot_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn publish_snapshot_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let f = create(
        p,
        ns,
        ctx.function_spec("snap", "snap one")
            .with_description("one")
            .with_env("V", "1"),
    )
    .await?;
    let a = super::publish(p, &f, "v1").await?;
    let ids = version_ids(p, &f).await?;
    ensure_eq!(
        ids,
        std::slice::from_ref(&a.id),
        "versions listed after the first publish"
    );

    let mut env = std::collections::BTreeMap::new();
    env.insert("V".to_owned(), "2".to_owned());
    p.update_function(
        &f,
        FunctionUpdate::new()
            .with_description("two")
            .with_environment(env.clone())
            .with_code(Code::zip(echo_zip("snap two"))),
    )
    .await
    .context("updating the latest after publishing")?;

    let old = get_at(p, &f, &Qualifier::version(&a.id)).await?;
    ensure_eq!(
        old.description.as_deref(),
        Some("one"),
        "description of version {} after the latest changed",
        a.id
    );
    ensure_eq!(
        old.environment.get("V").map(String::as_str),
        Some("1"),
        "environment of version {} after the latest changed",
        a.id
    );
    ensure_eq!(
        old.version.as_deref(),
        Some(a.id.as_str()),
        "version field of the function read at version {}",
        a.id
    );
    let latest = get_at(p, &f, &Qualifier::Latest).await?;
    ensure_eq!(
        latest.description.as_deref(),
        Some("two"),
        "description of the latest"
    );
    ensure_eq!(latest.environment, env, "environment of the latest");
    ensure_eq!(latest.version, None, "version field of the latest");
    let code = p
        .get_function_code(&f, &Qualifier::version(&a.id))
        .await
        .context("downloading the code of the version")?;
    ensure!(
        code == echo_zip("snap one"),
        "the code of version {} changed when the latest code was updated",
        a.id
    );
    let code = p
        .get_function_code(&f, &Qualifier::Latest)
        .await
        .context("downloading the latest code")?;
    ensure!(
        code == echo_zip("snap two"),
        "the latest code is not the code last deployed"
    );

    let payload = br#"{"version":"check"}"#;
    let resp = p
        .invoke(
            &f,
            InvokeRequest::new(&payload[..]).with_qualifier(Qualifier::version(&a.id)),
        )
        .await
        .context("invoking the published version")?;
    ensure!(
        resp.is_success() && same_payload(&resp.payload, payload),
        "invoking version {} should echo, got {:?} with payload `{}`",
        a.id,
        resp.function_error,
        resp.payload_text()
    );
    match &resp.executed_version {
        Some(v) => ensure_eq!(
            v,
            &a.id,
            "executed_version of an invocation of version {}",
            a.id
        ),
        None => ensure!(
            !ctx.requires_executed_version() || !p.capabilities().reports_executed_version,
            "invoking version {} did not report executed_version",
            a.id
        ),
    }

    let b = super::publish(p, &f, "v2").await?;
    ensure!(
        b.id != a.id,
        "two publishes returned the same version id `{}`",
        a.id
    );
    let ids = version_ids(p, &f).await?;
    ensure_eq!(
        ids,
        [a.id.clone(), b.id.clone()],
        "versions listed oldest first"
    );
    let pages = walk_pages("listing versions", 1, None, |req| {
        p.list_versions_page(&f, req)
    })
    .await?;
    let paged: Vec<String> = pages.into_iter().flatten().map(|v| v.id).collect();
    ensure_eq!(paged, ids, "versions listed one per page");

    let missing = "999999";
    expect_kind(
        p.get_function(&f, &Qualifier::version(missing)).await,
        ErrorKind::NotFound,
        "get_function at a version that does not exist",
    )?;

    if caps.delete_version {
        p.delete_version(&f, &b.id)
            .await
            .context(format_args!("deleting version {}", b.id))?;
        let ids = version_ids(p, &f).await?;
        ensure_eq!(
            ids,
            std::slice::from_ref(&a.id),
            "versions listed after deleting {}",
            b.id
        );
        expect_kind(
            p.get_function(&f, &Qualifier::version(&b.id)).await,
            ErrorKind::NotFound,
            "get_function at a deleted version",
        )?;
        expect_kind(
            p.delete_version(&f, &b.id).await,
            ErrorKind::NotFound,
            "deleting a version a second time",
        )?;
    } else {
        expect_kind(
            p.delete_version(&f, &b.id).await,
            ErrorKind::Unsupported,
            "delete_version where the capabilities say versions cannot be deleted",
        )?;
    }
    Ok(())
}

/// Where versions and aliases live, parameterised by
/// [`Capabilities::version_scope`](cloudfn_core::Capabilities): with `Namespace` scope, publishing one
/// function snapshots its sibling too (the sibling lists the version and can be read at it) and an alias
/// made through one function is visible through the other; with `Function` scope the sibling has no
/// versions, reading it at the version is `NotFound`, the alias is `NotFound` through it, and (where callers
/// name versions) the sibling can publish the same version name independently.
pub async fn versions_scope(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "scope").await?;
    let outcome = scope_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn scope_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let f = create_echo(p, ctx, ns, "first").await?;
    let g = create_echo(p, ctx, ns, "second").await?;
    let v = change_and_publish(p, &f, "v1").await?;
    p.create_alias(&f, cloudfn_core::AliasSpec::new("shared", &v.id))
        .await
        .context("creating an alias through the first function")?;
    let sibling_ids = version_ids(p, &g).await?;
    match caps.version_scope {
        VersionScope::Namespace => {
            ensure_eq!(
                sibling_ids,
                std::slice::from_ref(&v.id),
                "versions of the sibling after publishing the first function (namespace scope)"
            );
            let snap = get_at(p, &g, &Qualifier::version(&v.id)).await?;
            ensure_eq!(
                snap.version.as_deref(),
                Some(v.id.as_str()),
                "the sibling read at the namespace version"
            );
            let alias = p
                .get_alias(&g, "shared")
                .await
                .context("reading the namespace-wide alias through the sibling")?;
            ensure_eq!(
                alias.version,
                v.id,
                "version of the alias seen through the sibling"
            );
            let names: Vec<String> =
                futures::TryStreamExt::try_collect(futures::TryStreamExt::map_ok(
                    cloudfn_core::ProviderExt::list_aliases(p, &g),
                    |a| a.name,
                ))
                .await
                .context("listing aliases through the sibling")?;
            ensure_eq!(names, ["shared"], "aliases listed through the sibling");
        }
        VersionScope::Function => {
            ensure!(
                sibling_ids.is_empty(),
                "publishing one function must not give its sibling versions (function scope), got {sibling_ids:?}"
            );
            expect_kind(
                p.get_function(&g, &Qualifier::version(&v.id)).await,
                ErrorKind::NotFound,
                "reading the sibling at the other function's version (function scope)",
            )?;
            expect_kind(
                p.get_alias(&g, "shared").await,
                ErrorKind::NotFound,
                "reading the other function's alias through the sibling (function scope)",
            )?;
            if caps.caller_named_versions {
                let w = change_and_publish(p, &g, "v1").await?;
                ensure_eq!(
                    w.id,
                    v.id,
                    "the sibling publishing the same version name independently"
                );
            }
        }
    }
    // With namespace scope a publish snapshots the namespace, so only a missing namespace is certain to
    // fail; with function scope the function itself must exist.
    let missing = match caps.version_scope {
        VersionScope::Namespace => FunctionRef::new(ctx.namespace("missing"), "absent"),
        VersionScope::Function => FunctionRef::new(ns, "absent"),
    };
    expect_kind(
        p.publish_version(&missing, cloudfn_core::PublishVersion::new())
            .await,
        ErrorKind::NotFound,
        format_args!("publishing {missing}, which does not exist"),
    )?;
    Ok(())
}
