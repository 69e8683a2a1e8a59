//! Async-invocation configs: lifecycle, destinations, unset versus zero, limits.

use std::time::Duration;

use cloudfn_core::{
    AsyncConfig, Destination, ErrorKind, FunctionRef, Provider, ProviderExt, Qualifier,
};
use futures::TryStreamExt;

use super::{change_and_publish, create_echo, setup};
use crate::cleanup::finish;
use crate::failure::{Context, ensure, ensure_eq, expect_invalid, expect_kind};
use crate::fixtures::sample_destination;
use crate::{Ctx, Failure, Outcome};

/// Whether two destinations are the same, reading an unset function qualifier as the latest.
fn same_destination(got: Option<&Destination>, want: Option<&Destination>) -> bool {
    match (got, want) {
        (
            Some(Destination::Function {
                function: gf,
                qualifier: gq,
            }),
            Some(Destination::Function {
                function: wf,
                qualifier: wq,
            }),
        ) => {
            gf == wf
                && gq.clone().unwrap_or(Qualifier::Latest)
                    == wq.clone().unwrap_or(Qualifier::Latest)
        }
        (g, w) => g == w,
    }
}

fn check_destination(
    what: &str,
    got: Option<&Destination>,
    want: Option<&Destination>,
) -> Result<(), Failure> {
    ensure!(
        same_destination(got, want),
        "{what}: expected {want:?}, got {got:?}"
    );
    Ok(())
}

fn event_age(p: &dyn Provider) -> Duration {
    Duration::from_secs(3600).clamp(
        p.capabilities().async_event_age.min,
        p.capabilities().async_event_age.max,
    )
}

/// Async-config lifecycle: reading a config never put is `NotFound`; a config with zero retries, an event
/// age and destinations of the first two accepted kinds reads back with retries `Some(0)` (zero is not
/// unset); put replaces the whole config, and a config without retries does not read back as zero; every
/// destination kind in [`Capabilities::destination_kinds`](cloudfn_core::Capabilities) round-trips; where
/// configs attach per qualifier, a config on a published version is separate from the latest and both are
/// listed, else a version config is `Unsupported`; delete, then get/delete are `NotFound`; a missing
/// function is `NotFound`.
pub async fn async_configs_lifecycle(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "asynccfg").await?;
    let outcome = lifecycle_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn lifecycle_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let f = create_echo(p, ctx, ns, "queued").await?;
    let sibling = create_echo(p, ctx, ns, "sink").await?;
    let latest = Qualifier::Latest;
    expect_kind(
        p.get_async_config(&f, &latest).await,
        ErrorKind::NotFound,
        "get_async_config before any put",
    )?;

    let destinations: Vec<Destination> = caps
        .destination_kinds
        .iter()
        .filter_map(|k| sample_destination(*k, ctx, &sibling))
        .collect();
    let mut config = AsyncConfig::new()
        .with_max_retries(0)
        .with_max_event_age(event_age(p));
    if let Some(d) = destinations.first() {
        config = config.with_on_failure(d.clone());
    }
    if let Some(d) = destinations.get(1) {
        config = config.with_on_success(d.clone());
    }
    let put = p
        .put_async_config(&f, &latest, config.clone())
        .await
        .context("putting an async config with zero retries")?;
    let got = p
        .get_async_config(&f, &latest)
        .await
        .context("reading the async config")?;
    for (what, c) in [("put", &put), ("get", &got)] {
        ensure_eq!(
            c.max_retries,
            Some(0),
            "max_retries reported by {what} (zero must stay zero, not unset)"
        );
        ensure_eq!(
            c.max_event_age,
            config.max_event_age,
            "max_event_age reported by {what}"
        );
        check_destination(
            &format!("on_failure reported by {what}"),
            c.on_failure.as_ref(),
            config.on_failure.as_ref(),
        )?;
        check_destination(
            &format!("on_success reported by {what}"),
            c.on_success.as_ref(),
            config.on_success.as_ref(),
        )?;
    }

    p.put_async_config(
        &f,
        &latest,
        AsyncConfig::new().with_max_event_age(event_age(p)),
    )
    .await
    .context("replacing the config with one that leaves retries unset")?;
    let got = p
        .get_async_config(&f, &latest)
        .await
        .context("reading the replaced config")?;
    ensure!(
        got.max_retries != Some(0),
        "a config put without max_retries must not read back as zero retries"
    );
    ensure!(
        got.on_failure.is_none() && got.on_success.is_none(),
        "put replaces the whole config, but the old destinations survived: {:?} / {:?}",
        got.on_failure,
        got.on_success
    );

    for d in &destinations {
        let c = AsyncConfig::new().with_on_failure(d.clone());
        p.put_async_config(&f, &latest, c)
            .await
            .context(format_args!("putting a {:?} destination", d.kind()))?;
        let got = p
            .get_async_config(&f, &latest)
            .await
            .context("reading the config back")?;
        check_destination(
            &format!("a {:?} destination read back", d.kind()),
            got.on_failure.as_ref(),
            Some(d),
        )?;
    }

    let v = change_and_publish(p, &f, "v1").await?;
    let at_version = Qualifier::version(&v.id);
    // A retry count no provider defaults to (FC defaults to 3, FunctionGraph to 1), within every limit.
    let version_retries = caps.async_max_retries.min(2);
    let versioned = AsyncConfig::new().with_max_retries(version_retries);
    if caps.async_config_per_qualifier {
        p.put_async_config(&f, &at_version, versioned)
            .await
            .context("putting a config on the published version")?;
        let got = p
            .get_async_config(&f, &at_version)
            .await
            .context("reading the config of the version")?;
        ensure_eq!(
            got.max_retries,
            Some(version_retries),
            "max_retries of the version's config"
        );
        let latest_cfg = p
            .get_async_config(&f, &latest)
            .await
            .context("reading the latest config next to the version's")?;
        ensure!(
            latest_cfg.max_retries != Some(version_retries),
            "putting a config on version {} changed the latest's config",
            v.id
        );
        let listed: Vec<AsyncConfig> = p
            .list_async_configs(&f)
            .try_collect()
            .await
            .context("listing async configs")?;
        ensure_eq!(
            listed.len(),
            2,
            "async configs listed (latest and version {}): {listed:?}",
            v.id
        );
        let qualifiers: Vec<Qualifier> = listed
            .iter()
            .map(|c| c.qualifier.clone().unwrap_or(Qualifier::Latest))
            .collect();
        ensure!(
            qualifiers.contains(&latest) && qualifiers.contains(&at_version),
            "async configs listed should be at the latest and at version {}, got {qualifiers:?}",
            v.id
        );
    } else {
        expect_kind(
            p.put_async_config(&f, &at_version, versioned).await,
            ErrorKind::Unsupported,
            "putting a config on a version where configs attach only to the latest",
        )?;
    }

    p.delete_async_config(&f, &latest)
        .await
        .context("deleting the latest config")?;
    expect_kind(
        p.get_async_config(&f, &latest).await,
        ErrorKind::NotFound,
        "get_async_config after delete",
    )?;
    expect_kind(
        p.delete_async_config(&f, &latest).await,
        ErrorKind::NotFound,
        "delete_async_config a second time",
    )?;
    let absent = FunctionRef::new(ns, "absent");
    expect_kind(
        p.put_async_config(&absent, &latest, AsyncConfig::new().with_max_retries(1))
            .await,
        ErrorKind::NotFound,
        "putting a config on a function that does not exist",
    )?;
    Ok(())
}

/// Async-config limits from the capabilities: `max_retries` at the maximum is accepted, one more is
/// `InvalidArgument` naming `max_retries`; `max_event_age` at the minimum is accepted, above the maximum
/// (and below the minimum, where that is positive) is `InvalidArgument` naming `max_event_age`; a refused
/// put leaves the stored config as it was.
pub async fn async_config_limits(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "asynclim").await?;
    let outcome = limits_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn limits_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let f = create_echo(p, ctx, ns, "limited").await?;
    let latest = Qualifier::Latest;
    let max = caps.async_max_retries;
    let range = caps.async_event_age;
    let accepted = AsyncConfig::new()
        .with_max_retries(max)
        .with_max_event_age(range.min);
    p.put_async_config(&f, &latest, accepted)
        .await
        .context(format_args!(
            "putting max_retries {max} and max_event_age {:?} (the limits)",
            range.min
        ))?;
    expect_invalid(
        p.put_async_config(&f, &latest, AsyncConfig::new().with_max_retries(max + 1))
            .await,
        "max_retries",
        format_args!("putting max_retries {} (maximum {max})", max + 1),
    )?;
    expect_invalid(
        p.put_async_config(
            &f,
            &latest,
            AsyncConfig::new().with_max_event_age(range.max + Duration::from_secs(1)),
        )
        .await,
        "max_event_age",
        format_args!("putting max_event_age above {:?}", range.max),
    )?;
    if range.min > Duration::ZERO {
        expect_invalid(
            p.put_async_config(
                &f,
                &latest,
                AsyncConfig::new()
                    .with_max_event_age(range.min.saturating_sub(Duration::from_secs(1))),
            )
            .await,
            "max_event_age",
            format_args!("putting max_event_age below {:?}", range.min),
        )?;
    }
    let got = p
        .get_async_config(&f, &latest)
        .await
        .context("reading the config after refused puts")?;
    ensure_eq!(got.max_retries, Some(max), "max_retries after refused puts");
    ensure_eq!(
        got.max_event_age,
        Some(range.min),
        "max_event_age after refused puts"
    );
    Ok(())
}
