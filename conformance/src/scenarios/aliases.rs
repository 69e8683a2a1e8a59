//! Aliases: lifecycle, weights on the provider's step, weighted routing, protection of aliased versions.

use std::collections::BTreeMap;

use bytes::Bytes;

use cloudfn_core::{
    Alias, AliasSpec, AliasUpdate, ErrorKind, FunctionRef, InvokeRequest, Provider, ProviderExt,
    Qualifier, VersionWeights,
};
use futures::TryStreamExt;

use super::{change_and_publish, close, create_echo, etags, setup, version_ids};
use crate::cleanup::finish;
use crate::failure::{Context, ensure, ensure_eq, expect_invalid, expect_kind};
use crate::fixtures::{on_step, same_payload};
use crate::{Behaviour, Ctx, Failure, Outcome};

/// A function with two published versions (`v1`, `v2` where callers name versions).
async fn two_versions(
    p: &dyn Provider,
    ctx: &Ctx,
    ns: &str,
    name: &str,
) -> Result<(FunctionRef, String, String), Failure> {
    let f = create_echo(p, ctx, ns, name).await?;
    let a = change_and_publish(p, &f, "v1").await?.id;
    let b = change_and_publish(p, &f, "v2").await?.id;
    Ok((f, a, b))
}

/// Compares weights with a tolerance of half the provider's step (or 1e-9 where any fraction is allowed).
fn check_weights(
    p: &dyn Provider,
    what: &str,
    got: &VersionWeights,
    want: &VersionWeights,
) -> Result<(), Failure> {
    let tolerance = p.capabilities().alias_weight_step.map_or(1e-9, |s| s / 2.0);
    let same = got.len() == want.len()
        && want
            .iter()
            .all(|(v, w)| got.get(v).is_some_and(|g| close(*g, *w, tolerance)));
    ensure!(same, "{what}: expected weights {want:?}, got {got:?}");
    Ok(())
}

async fn alias_names(p: &dyn Provider, f: &FunctionRef) -> Result<Vec<String>, Failure> {
    p.list_aliases(f)
        .map_ok(|a| a.name)
        .try_collect()
        .await
        .context(format_args!("listing the aliases of {f}"))
}

/// Alias lifecycle: create (name, version, description read back; no weights), `AlreadyExists` on a second
/// create, get, list; update to the other version with a weight on the step, clear the weights with an
/// empty map, an update without weights keeps them; a stale `if_match` is `PreconditionFailed` where etags
/// are reported; invalid aliases are `InvalidArgument` (name breaking the rule, weights summing over 1, a
/// weight on the main version, a negative weight); an alias on `latest` works where
/// [`Capabilities::alias_to_latest`](cloudfn_core::Capabilities) (invocations run the latest) and is
/// `InvalidArgument` elsewhere; delete, then get/update/delete are `NotFound`.
pub async fn aliases_lifecycle(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "alias").await?;
    let outcome = aliases_lifecycle_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn aliases_lifecycle_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let (f, a, b) = two_versions(p, ctx, ns, "aliased").await?;
    expect_kind(
        p.get_alias(&f, "live").await,
        ErrorKind::NotFound,
        "get_alias before create",
    )?;
    let created = p
        .create_alias(&f, AliasSpec::new("live", &a).with_description("first"))
        .await
        .context("creating alias `live`")?;
    let got = p
        .get_alias(&f, "live")
        .await
        .context("reading alias `live`")?;
    for (what, alias) in [("create", &created), ("get", &got)] {
        ensure_eq!(alias.name, "live", "alias name reported by {what}");
        ensure_eq!(alias.version, a, "alias version reported by {what}");
        ensure_eq!(
            alias.description.as_deref(),
            Some("first"),
            "alias description reported by {what}"
        );
        ensure!(
            alias.additional_weights.is_empty(),
            "alias created without weights reports {:?} ({what})",
            alias.additional_weights
        );
    }
    expect_kind(
        p.create_alias(&f, AliasSpec::new("live", &b)).await,
        ErrorKind::AlreadyExists,
        "creating alias `live` a second time",
    )?;
    ensure_eq!(alias_names(p, &f).await?, ["live"], "aliases listed");

    let w = on_step(caps, 0.2);
    let mut weights = BTreeMap::new();
    weights.insert(a.clone(), w);
    let updated = p
        .update_alias(
            &f,
            "live",
            AliasUpdate::new()
                .with_version(&b)
                .with_weights(weights.clone()),
        )
        .await
        .context("pointing the alias at the second version with a weight on the first")?;
    let got = p.get_alias(&f, "live").await.context("reading the alias")?;
    for (what, alias) in [("update", &updated), ("get after update", &got)] {
        ensure_eq!(alias.version, b, "alias version reported by {what}");
        check_weights(p, what, &alias.additional_weights, &weights)?;
        ensure_eq!(
            alias.description.as_deref(),
            Some("first"),
            "description (not in the update) reported by {what}"
        );
    }

    p.update_alias(&f, "live", AliasUpdate::new().with_description("second"))
        .await
        .context("updating only the alias description")?;
    let got = p.get_alias(&f, "live").await.context("reading the alias")?;
    check_weights(
        p,
        "weights after an update that left them unset",
        &got.additional_weights,
        &weights,
    )?;
    ensure_eq!(got.version, b, "alias version after a description update");

    p.update_alias(&f, "live", AliasUpdate::new().with_weights(BTreeMap::new()))
        .await
        .context("clearing the alias weights")?;
    let got = p.get_alias(&f, "live").await.context("reading the alias")?;
    ensure!(
        got.additional_weights.is_empty(),
        "updating with empty weights must clear them, got {:?}",
        got.additional_weights
    );

    if let Some((old, current)) =
        etags(caps, "alias", created.etag.as_deref(), got.etag.as_deref())?
    {
        expect_kind(
            p.update_alias(
                &f,
                "live",
                AliasUpdate::new().with_description("stale").if_match(old),
            )
            .await,
            ErrorKind::PreconditionFailed,
            "updating the alias with a stale if_match",
        )?;
        p.update_alias(
            &f,
            "live",
            AliasUpdate::new()
                .with_description("fresh")
                .if_match(current),
        )
        .await
        .context("updating the alias with its current etag")?;
    } else {
        expect_kind(
            p.update_alias(
                &f,
                "live",
                AliasUpdate::new()
                    .with_description("x")
                    .if_match("0123abcd"),
            )
            .await,
            ErrorKind::Unsupported,
            "updating an alias with if_match where the provider has no entity tags",
        )?;
    }

    expect_invalid(
        p.create_alias(&f, AliasSpec::new("9bad", &a)).await,
        "alias name",
        "creating an alias whose name starts with a digit",
    )?;
    expect_invalid(
        p.create_alias(
            &f,
            AliasSpec::new("toomuch", &a)
                .with_weight(&b, on_step(caps, 0.6))
                .with_weight("999998", on_step(caps, 0.5)),
        )
        .await,
        "additional_weights",
        "creating an alias whose weights sum over 1",
    )?;
    expect_invalid(
        p.create_alias(
            &f,
            AliasSpec::new("selfish", &a).with_weight(&a, on_step(caps, 0.1)),
        )
        .await,
        "additional_weights",
        "creating an alias that weights its own main version",
    )?;
    expect_invalid(
        p.create_alias(&f, AliasSpec::new("negative", &a).with_weight(&b, -0.1))
            .await,
        "additional_weights",
        "creating an alias with a negative weight",
    )?;
    ensure_eq!(
        alias_names(p, &f).await?,
        ["live"],
        "aliases listed after the refused creates"
    );

    if caps.alias_to_latest {
        let head = p
            .create_alias(&f, AliasSpec::new("head", "latest"))
            .await
            .context("creating an alias on `latest` where the provider allows it")?;
        ensure!(
            head.version.eq_ignore_ascii_case("latest"),
            "an alias created on `latest` reports version `{}`",
            head.version
        );
        let resp = p
            .invoke(
                &f,
                InvokeRequest::new(r#"{"head":true}"#).with_qualifier(Qualifier::alias("head")),
            )
            .await
            .context("invoking through the alias on `latest`")?;
        ensure!(
            resp.is_success() && same_payload(&resp.payload, br#"{"head":true}"#),
            "invoking through the alias on `latest` should echo, got {:?} with `{}`",
            resp.function_error,
            resp.payload_text()
        );
        ensure!(
            resp.executed_version.is_none()
                || resp
                    .executed_version
                    .as_deref()
                    .is_some_and(|v| v.eq_ignore_ascii_case("latest")),
            "the alias on `latest` ran published version {:?}",
            resp.executed_version
        );
        p.delete_alias(&f, "head")
            .await
            .context("deleting the alias on `latest`")?;
    } else {
        expect_invalid(
            p.create_alias(&f, AliasSpec::new("head", "latest")).await,
            "alias version",
            "creating an alias on `latest` where the provider requires a published version",
        )?;
    }

    p.delete_alias(&f, "live")
        .await
        .context("deleting alias `live`")?;
    expect_kind(
        p.get_alias(&f, "live").await,
        ErrorKind::NotFound,
        "get_alias after delete",
    )?;
    expect_kind(
        p.update_alias(&f, "live", AliasUpdate::new().with_description("x"))
            .await,
        ErrorKind::NotFound,
        "update_alias after delete",
    )?;
    expect_kind(
        p.delete_alias(&f, "live").await,
        ErrorKind::NotFound,
        "delete_alias a second time",
    )?;
    ensure!(
        alias_names(p, &f).await?.is_empty(),
        "aliases still listed after delete"
    );
    Ok(())
}

/// Alias weights follow [`Capabilities::alias_weight_step`](cloudfn_core::Capabilities): a weight on the
/// step is accepted and reads back; where there is a step, a weight between two steps is `InvalidArgument`
/// naming `additional_weights` (create and update, leaving the alias unchanged); where any fraction is
/// allowed, a fine fraction reads back exactly. Where
/// [`Capabilities::max_alias_extra_versions`](cloudfn_core::Capabilities) is set, one more extra version is
/// refused.
pub async fn alias_weights(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "weights").await?;
    let outcome = alias_weights_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn alias_weights_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let (f, a, b) = two_versions(p, ctx, ns, "weighted").await?;
    let on = on_step(caps, 0.37);
    let alias = p
        .create_alias(&f, AliasSpec::new("split", &a).with_weight(&b, on))
        .await
        .context(format_args!(
            "creating an alias with weight {on} (on the step)"
        ))?;
    let mut want = BTreeMap::new();
    want.insert(b.clone(), on);
    check_weights(
        p,
        "weights reported by create",
        &alias.additional_weights,
        &want,
    )?;
    let got: Alias = p
        .get_alias(&f, "split")
        .await
        .context("reading the alias")?;
    check_weights(p, "weights read back", &got.additional_weights, &want)?;

    if let Some(step) = caps.alias_weight_step {
        let off = on + step / 2.0;
        expect_invalid(
            p.create_alias(&f, AliasSpec::new("offstep", &a).with_weight(&b, off))
                .await,
            "additional_weights",
            format_args!("creating an alias with weight {off}, between steps of {step}"),
        )?;
        let mut off_weights = BTreeMap::new();
        off_weights.insert(b.clone(), off);
        expect_invalid(
            p.update_alias(&f, "split", AliasUpdate::new().with_weights(off_weights))
                .await,
            "additional_weights",
            format_args!("updating the alias to weight {off}, between steps of {step}"),
        )?;
        let got = p
            .get_alias(&f, "split")
            .await
            .context("reading the alias")?;
        check_weights(
            p,
            "weights after a refused off-step update",
            &got.additional_weights,
            &want,
        )?;
        expect_kind(
            p.get_alias(&f, "offstep").await,
            ErrorKind::NotFound,
            "the refused off-step alias must not exist",
        )?;
    } else {
        let fine = 0.123_456;
        let mut fine_weights = BTreeMap::new();
        fine_weights.insert(b.clone(), fine);
        p.update_alias(
            &f,
            "split",
            AliasUpdate::new().with_weights(fine_weights.clone()),
        )
        .await
        .context(format_args!(
            "updating the alias to weight {fine} (any fraction allowed)"
        ))?;
        let got = p
            .get_alias(&f, "split")
            .await
            .context("reading the alias")?;
        check_weights(
            p,
            "a fine fraction read back",
            &got.additional_weights,
            &fine_weights,
        )?;
    }

    if let Some(max) = caps.max_alias_extra_versions {
        let share =
            on_step(caps, 1.0 / (max as f64 + 2.0)).max(caps.alias_weight_step.unwrap_or(0.01));
        let mut spec = AliasSpec::new("crowded", &a);
        for i in 0..=max {
            spec = spec.with_weight(format!("{}", 900_000 + i), share);
        }
        expect_invalid(
            p.create_alias(&f, spec).await,
            "additional_weights",
            format_args!(
                "creating an alias with {} extra versions (at most {max})",
                max + 1
            ),
        )?;
    }
    Ok(())
}

/// Weighted routing: invoking through an alias that sends a share of traffic to a second version runs
/// both versions, in proportions within 0.15 of the weight, and only those two; an alias without weights
/// always runs its version. Which version ran is seen in `executed_version` and, with a
/// [`Programmer`](crate::Programmer), in each version's programmed answer (the two must agree). With
/// neither (and `executed_version` not required by the [`Ctx`]) only the echoes are checked.
pub async fn alias_routing(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "routing").await?;
    let outcome = alias_routing_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn alias_routing_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let (f, a, b) = two_versions(p, ctx, ns, "routed").await?;
    let w = on_step(caps, 0.3);
    p.create_alias(&f, AliasSpec::new("canary", &a).with_weight(&b, w))
        .await
        .context("creating the weighted alias")?;
    p.create_alias(&f, AliasSpec::new("stable", &a))
        .await
        .context("creating the unweighted alias")?;
    // With a programmer, each version answers with its own id, so routing is visible in the payload even
    // where the provider does not report `executed_version`.
    let programmed = match ctx.programmer() {
        Some(programmer) => {
            for v in [&a, &b] {
                programmer
                    .program(
                        &f,
                        Some(&Qualifier::version(v)),
                        Behaviour::Respond(Bytes::from(
                            serde_json::json!({ "ran": v }).to_string(),
                        )),
                    )
                    .await
                    .context(format_args!(
                        "programming version {v} to answer with its id"
                    ))?;
            }
            true
        }
        None => false,
    };

    let n = ctx.routing_invocations();
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let mut unobserved = 0u32;
    for i in 0..n {
        let ran = invoke_and_observe(p, ctx, &f, "canary", programmed, i).await?;
        match ran {
            Some(v) => *counts.entry(v).or_default() += 1,
            None => unobserved += 1,
        }
    }
    if unobserved == n {
        // Neither a programmer nor `executed_version`: nothing shows which version ran.
        return Ok(());
    }
    ensure!(
        unobserved == 0,
        "{unobserved} of {n} invocations through the weighted alias did not show which version ran"
    );
    let unexpected: Vec<&String> = counts.keys().filter(|v| **v != a && **v != b).collect();
    ensure!(
        unexpected.is_empty(),
        "the alias routes between {a} and {b} only, but versions {unexpected:?} ran ({counts:?})"
    );
    let share = f64::from(counts.get(&b).copied().unwrap_or(0)) / f64::from(n);
    ensure!(
        (w - 0.15..=w + 0.15).contains(&share),
        "with weight {w} on version {b}, it ran {share:.3} of {n} invocations ({counts:?}); expected within 0.15"
    );

    for i in 0..20 {
        let ran = invoke_and_observe(p, ctx, &f, "stable", programmed, i).await?;
        ensure_eq!(
            ran.as_deref(),
            Some(a.as_str()),
            "the version run through the unweighted alias (invocation {i})"
        );
    }
    Ok(())
}

/// Invokes `f` through `alias` and returns the version that ran, from the programmed answer and/or
/// `executed_version` (which must agree when both are there); `None` when nothing says.
async fn invoke_and_observe(
    p: &dyn Provider,
    ctx: &Ctx,
    f: &FunctionRef,
    alias: &str,
    programmed: bool,
    i: u32,
) -> Result<Option<String>, Failure> {
    let payload = format!(r#"{{"i":{i}}}"#);
    let resp = p
        .invoke(
            f,
            InvokeRequest::new(payload.clone()).with_qualifier(Qualifier::alias(alias)),
        )
        .await
        .context(format_args!("invocation {i} through alias `{alias}`"))?;
    ensure!(
        resp.is_success(),
        "invocation {i} through alias `{alias}` failed: {:?}",
        resp.function_error
    );
    let from_payload = if programmed {
        let ran = serde_json::from_slice::<serde_json::Value>(&resp.payload)
            .ok()
            .and_then(|v| v.get("ran").and_then(|r| r.as_str().map(str::to_owned)));
        ensure!(
            ran.is_some(),
            "invocation {i} through alias `{alias}` should answer with the id of the version that ran, got `{}`",
            resp.payload_text()
        );
        ran
    } else {
        ensure!(
            same_payload(&resp.payload, payload.as_bytes()),
            "invocation {i} through alias `{alias}` should echo, got `{}`",
            resp.payload_text()
        );
        None
    };
    ensure!(
        resp.executed_version.is_some()
            || !ctx.requires_executed_version()
            || !p.capabilities().reports_executed_version,
        "invocation {i} through alias `{alias}` did not report executed_version"
    );
    if let (Some(by_payload), Some(reported)) = (&from_payload, &resp.executed_version) {
        ensure!(
            by_payload == reported,
            "invocation {i} through alias `{alias}`: version {by_payload} answered but executed_version says {reported}"
        );
    }
    Ok(from_payload.or(resp.executed_version))
}

/// A version an alias routes to cannot be deleted: `PreconditionFailed`, whether the alias points to it
/// as its main version or as a weighted extra version; the version stays listed; once the alias is gone the
/// version can be deleted.
pub async fn delete_version_under_alias(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "pinned").await?;
    let outcome = delete_version_under_alias_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn delete_version_under_alias_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let (f, a, b) = two_versions(p, ctx, ns, "pinned").await?;
    p.create_alias(&f, AliasSpec::new("pin", &a))
        .await
        .context("creating an alias on the first version")?;
    expect_kind(
        p.delete_version(&f, &a).await,
        ErrorKind::PreconditionFailed,
        format_args!("deleting version {a}, the main version of an alias"),
    )?;
    p.create_alias(
        &f,
        AliasSpec::new("extra", &b).with_weight(&a, on_step(caps, 0.1)),
    )
    .await
    .context("creating an alias that routes a share to the first version")?;
    p.delete_alias(&f, "pin")
        .await
        .context("deleting the alias on the first version")?;
    expect_kind(
        p.delete_version(&f, &a).await,
        ErrorKind::PreconditionFailed,
        format_args!("deleting version {a}, a weighted extra version of an alias"),
    )?;
    let ids = version_ids(p, &f).await?;
    ensure!(
        ids.contains(&a),
        "version {a} must survive a refused delete, but the versions are {ids:?}"
    );
    p.delete_alias(&f, "extra")
        .await
        .context("deleting the weighted alias")?;
    p.delete_version(&f, &a).await.context(format_args!(
        "deleting version {a} once no alias routes to it"
    ))?;
    let ids = version_ids(p, &f).await?;
    ensure_eq!(ids, std::slice::from_ref(&b), "versions after deleting {a}");
    Ok(())
}
