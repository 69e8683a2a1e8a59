//! The scenarios, one module per concern, and the helpers they share.

// `p`, `f`, `a`, `b`: provider, function, first and second version read best short in scenarios.
#![allow(clippy::many_single_char_names)]

mod aliases;
mod async_configs;
mod functions;
mod invoke;
mod namespaces;
mod paging;
mod quotas;
mod triggers;
mod unsupported;
mod versions;

pub use aliases::{alias_routing, alias_weights, aliases_lifecycle, delete_version_under_alias};
pub use async_configs::{async_config_limits, async_configs_lifecycle};
pub use functions::{
    function_code, functions_invalid_input, functions_lifecycle, functions_unset_vs_empty,
};
pub use invoke::{
    invoke_async, invoke_function_errors, invoke_invalid_requests, invoke_log_tail,
    invoke_not_found, invoke_sync_echo,
};
pub use namespaces::{namespaces_lifecycle, namespaces_paging};
pub use paging::functions_paging;
pub use quotas::quotas;
pub use triggers::{
    triggers_http, triggers_listing, triggers_object_storage, triggers_raw, triggers_timer,
};
pub(crate) use unsupported::declared_unsupported;
pub use unsupported::unsupported_calls;
pub use versions::{versions_publish_snapshot, versions_scope};

use std::future::Future;
use std::time::Duration;

use cloudfn_core::{
    Capabilities, Function, FunctionRef, FunctionSpec, FunctionUpdate, ListRequest, NamespaceSpec,
    Page, PageToken, Provider, ProviderExt, PublishVersion, Qualifier, Version,
};
use futures::TryStreamExt;

use crate::failure::{Context, ensure};
use crate::{Ctx, Failure};

/// Creates a fresh namespace for `tag` (through `ensure_namespace`, so implicit namespaces work too).
pub(crate) async fn setup(p: &dyn Provider, ctx: &Ctx, tag: &str) -> Result<String, Failure> {
    let name = ctx.namespace(tag);
    p.ensure_namespace(
        NamespaceSpec::new(&name).with_description("cloudfn conformance (safe to delete)"),
    )
    .await
    .context(format_args!("creating namespace `{name}`"))?;
    Ok(name)
}

/// Creates a function from `spec` and returns its reference.
pub(crate) async fn create(
    p: &dyn Provider,
    ns: &str,
    spec: FunctionSpec,
) -> Result<FunctionRef, Failure> {
    let name = spec.name.clone();
    let f = p
        .create_function(ns, spec)
        .await
        .context(format_args!("creating function `{ns}/{name}`"))?;
    Ok(FunctionRef::new(ns, f.name))
}

/// Creates the echo function `name` (code tagged `tag`).
pub(crate) async fn create_echo(
    p: &dyn Provider,
    ctx: &Ctx,
    ns: &str,
    name: &str,
) -> Result<FunctionRef, Failure> {
    create(p, ns, ctx.function_spec(name, name)).await
}

/// Reads a function at a qualifier.
pub(crate) async fn get_at(
    p: &dyn Provider,
    f: &FunctionRef,
    q: &Qualifier,
) -> Result<Function, Failure> {
    p.get_function(f, q)
        .await
        .context(format_args!("reading {f} at {q}"))
}

/// Names of the functions of `ns`, following every page.
pub(crate) async fn function_names(p: &dyn Provider, ns: &str) -> Result<Vec<String>, Failure> {
    p.list_functions(ns)
        .map_ok(|f| f.name)
        .try_collect()
        .await
        .context(format_args!("listing the functions of `{ns}`"))
}

/// Changes the function's description (so that there is something new to publish) and publishes, naming
/// the version `name` where the provider lets callers choose.
pub(crate) async fn change_and_publish(
    p: &dyn Provider,
    f: &FunctionRef,
    name: &str,
) -> Result<Version, Failure> {
    p.update_function(
        f,
        FunctionUpdate::new().with_description(format!("cloudfn conformance {name}")),
    )
    .await
    .context(format_args!("changing {f} before publishing `{name}`"))?;
    publish(p, f, name).await
}

/// Publishes `f`, naming the version `name` where the provider lets callers choose.
pub(crate) async fn publish(
    p: &dyn Provider,
    f: &FunctionRef,
    name: &str,
) -> Result<Version, Failure> {
    let mut opts = PublishVersion::new().with_description(format!("conformance {name}"));
    if p.capabilities().caller_named_versions {
        opts = opts.with_name(name);
    }
    let v = p
        .publish_version(f, opts)
        .await
        .context(format_args!("publishing version `{name}` of {f}"))?;
    ensure!(
        !v.id.is_empty(),
        "publishing {f} returned an empty version id"
    );
    if p.capabilities().caller_named_versions {
        ensure!(
            v.id == name,
            "publishing {f} with the caller-chosen name `{name}` returned version id `{}`",
            v.id
        );
    }
    Ok(v)
}

/// Ids of the versions of `f`, oldest first.
pub(crate) async fn version_ids(p: &dyn Provider, f: &FunctionRef) -> Result<Vec<String>, Failure> {
    p.list_versions(f)
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .context(format_args!("listing the versions of {f}"))
}

/// A timeout inside the provider's range, away from its ends when possible.
pub(crate) fn some_timeout(caps: &Capabilities) -> Duration {
    Duration::from_secs(30).clamp(caps.timeout.min, caps.timeout.max)
}

/// Walks a listing one page at a time with `page_size`, passing each page token through its serialised
/// JSON form (as a tool that stores the cursor would), and returns the pages.
pub(crate) async fn walk_pages<T, F, Fut>(
    what: &str,
    page_size: u32,
    prefix: Option<&str>,
    mut fetch: F,
) -> Result<Vec<Vec<T>>, Failure>
where
    F: FnMut(ListRequest) -> Fut,
    Fut: Future<Output = cloudfn_core::Result<Page<T>>>,
{
    let mut pages = Vec::new();
    let mut saved: Option<String> = None;
    let mut seen_tokens: Vec<String> = Vec::new();
    loop {
        let mut req = ListRequest::new().with_page_size(page_size);
        if let Some(prefix) = prefix {
            req = req.with_prefix(prefix);
        }
        if let Some(saved) = &saved {
            let token: PageToken = serde_json::from_str(saved).map_err(|e| {
                Failure::new(format!(
                    "{what}: the page token did not survive a JSON round trip ({saved}): {e}"
                ))
            })?;
            req = req.with_token(token);
        }
        let page = fetch(req)
            .await
            .context(format_args!("{what}: fetching page {}", pages.len() + 1))?;
        ensure!(
            page.items.len() <= page_size as usize,
            "{what}: page {} has {} items, more than the page size {page_size}",
            pages.len() + 1,
            page.items.len()
        );
        let next = page.next.clone();
        pages.push(page.items);
        let Some(token) = next else { break };
        let json = serde_json::to_string(&token).map_err(|e| {
            Failure::new(format!(
                "{what}: the page token {token:?} does not serialise: {e}"
            ))
        })?;
        ensure!(
            !seen_tokens.contains(&json),
            "{what}: the provider returned the page token {json} twice"
        );
        ensure!(
            pages.len() < 1000,
            "{what}: more than 1000 pages; the listing does not end"
        );
        seen_tokens.push(json.clone());
        saved = Some(json);
    }
    Ok(pages)
}

/// Whether `a` and `b` differ by less than `tolerance`.
pub(crate) fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

/// The entity tags before and after an update where the provider has them
/// ([`Capabilities::conditional_updates`]): both must be reported and differ. `None` where it has none.
pub(crate) fn etags<'a>(
    caps: &Capabilities,
    what: &str,
    before: Option<&'a str>,
    after: Option<&'a str>,
) -> Result<Option<(&'a str, &'a str)>, Failure> {
    if !caps.conditional_updates {
        return Ok(None);
    }
    match (before, after) {
        (Some(old), Some(current)) => {
            ensure!(
                old != current,
                "the {what} etag did not change after an update (still `{old}`)"
            );
            Ok(Some((old, current)))
        }
        _ => Err(Failure::new(format!(
            "the provider declares conditional updates, but the {what} reports no etag \
             (before the update: {before:?}, after: {after:?})"
        ))),
    }
}
