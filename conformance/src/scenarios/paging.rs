//! Paging through function listings.

use cloudfn_core::{ListRequest, Provider, ProviderExt};
use futures::TryStreamExt;

use super::{create_echo, setup, walk_pages};
use crate::cleanup::finish;
use crate::failure::{Context, ensure, ensure_eq};
use crate::{Ctx, Outcome};

/// Function listing across pages: seven functions (five sharing a prefix) listed with page size 2, the
/// token passed through JSON between pages: complete, in name order, no duplicates, no page over the size;
/// re-fetching with the same token gives the same page; the streamed listing (`ProviderExt::list_functions`,
/// provider default page size) agrees; the prefix filter returns exactly the prefixed functions, also across
/// pages; a prefix matching nothing gives an empty last page; a page size above the provider's maximum is
/// clamped, not refused.
pub async fn functions_paging(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "paging").await?;
    let outcome = functions_paging_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn functions_paging_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let prefixed: Vec<String> = (1..=5).map(|i| format!("page-{i:02}")).collect();
    let mut all: Vec<String> = prefixed.clone();
    all.extend(["other-01".to_owned(), "other-02".to_owned()]);
    // Create out of order, so that name order is something the provider has to produce.
    for name in all.iter().rev() {
        create_echo(p, ctx, ns, name).await?;
    }
    all.sort();

    let pages = walk_pages("listing functions", 2, None, |req| {
        p.list_functions_page(ns, req)
    })
    .await?;
    ensure!(
        pages.len() >= 4,
        "seven functions with page size 2 should span at least 4 pages, got {}",
        pages.len()
    );
    let listed: Vec<String> = pages.iter().flatten().map(|f| f.name.clone()).collect();
    ensure_eq!(listed, all, "functions listed page by page (name order)");

    let first = p
        .list_functions_page(ns, ListRequest::new().with_page_size(2))
        .await
        .context("fetching the first page")?;
    let token = first
        .next
        .clone()
        .ok_or_else(|| crate::Failure::new("the first of several pages has no next token"))?;
    let again_a = p
        .list_functions_page(
            ns,
            ListRequest::new()
                .with_page_size(2)
                .with_token(token.clone()),
        )
        .await
        .context("fetching the second page")?;
    let again_b = p
        .list_functions_page(ns, ListRequest::new().with_page_size(2).with_token(token))
        .await
        .context("fetching the second page again with the same token")?;
    let names = |page: &cloudfn_core::Page<cloudfn_core::Function>| -> Vec<String> {
        page.items.iter().map(|f| f.name.clone()).collect()
    };
    ensure_eq!(
        names(&again_b),
        names(&again_a),
        "the same token fetched twice"
    );
    ensure_eq!(
        names(&again_a),
        all[2..4].to_vec(),
        "the second page of size 2"
    );

    let streamed: Vec<String> = p
        .list_functions(ns)
        .map_ok(|f| f.name)
        .try_collect()
        .await
        .context("streaming the function listing")?;
    ensure_eq!(
        streamed,
        all,
        "ProviderExt::list_functions against the page-by-page listing"
    );

    let pages = walk_pages(
        "listing functions with prefix `page-`",
        2,
        Some("page-"),
        |req| p.list_functions_page(ns, req),
    )
    .await?;
    ensure!(
        pages.len() >= 3,
        "five prefixed functions with page size 2 should span at least 3 pages, got {}",
        pages.len()
    );
    let listed: Vec<String> = pages.into_iter().flatten().map(|f| f.name).collect();
    ensure_eq!(listed, prefixed, "functions listed with prefix `page-`");

    let none = walk_pages(
        "listing functions with prefix `zzz`",
        2,
        Some("zzz"),
        |req| p.list_functions_page(ns, req),
    )
    .await?;
    let none: Vec<String> = none.into_iter().flatten().map(|f| f.name).collect();
    ensure!(
        none.is_empty(),
        "the prefix `zzz` matches nothing, but the listing returned {none:?}"
    );

    let max = p.capabilities().max_page_size;
    let big = p
        .list_functions_page(ns, ListRequest::new().with_page_size(max.saturating_add(1)))
        .await
        .context(format_args!(
            "listing with page size {} (above the maximum {max})",
            max.saturating_add(1)
        ))?;
    ensure!(
        big.items.len() <= max as usize,
        "a page of {} items exceeds the declared maximum page size {max}",
        big.items.len()
    );
    ensure_eq!(
        big.items.len(),
        all.len().min(max as usize),
        "items on one page of the maximum size"
    );
    Ok(())
}
