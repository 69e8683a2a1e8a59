//! Triggers: one lifecycle scenario per kind the provider declares, plus listing and not-found.

use std::collections::BTreeSet;

use cloudfn_core::{
    ErrorKind, FunctionRef, Provider, ProviderExt, Trigger, TriggerConfig, TriggerKind,
    TriggerUpdate,
};
use futures::TryStreamExt;

use super::{create_echo, etags, setup, walk_pages};
use crate::cleanup::finish;
use crate::failure::{Context, ensure, ensure_eq, expect_kind};
use crate::fixtures::{rate_timer, sample_trigger, trigger_spec};
use crate::{Ctx, Failure, Outcome};

/// Checks that `got` carries what `want` set (providers may add fields, and order method/event lists
/// their own way).
fn same_config(what: &str, got: &TriggerConfig, want: &TriggerConfig) -> Result<(), Failure> {
    let ok = match (got, want) {
        (TriggerConfig::Timer(g), TriggerConfig::Timer(w)) => {
            g.schedule == w.schedule && g.payload == w.payload
        }
        (TriggerConfig::Http(g), TriggerConfig::Http(w)) => {
            g.auth == w.auth
                && g.methods.iter().collect::<BTreeSet<_>>()
                    == w.methods.iter().collect::<BTreeSet<_>>()
                && g.path == w.path
        }
        (TriggerConfig::ObjectStorage(g), TriggerConfig::ObjectStorage(w)) => {
            g.bucket == w.bucket
                && g.events.iter().collect::<BTreeSet<_>>()
                    == w.events.iter().collect::<BTreeSet<_>>()
                && g.prefix == w.prefix
                && g.suffix == w.suffix
        }
        (TriggerConfig::Raw(g), TriggerConfig::Raw(w)) => {
            g.provider_type == w.provider_type
                && match (w.config.as_object(), g.config.as_object()) {
                    (Some(want), Some(got)) => want.iter().all(|(k, v)| got.get(k) == Some(v)),
                    _ => g.config == w.config,
                }
        }
        _ => false,
    };
    ensure!(
        ok,
        "{what}: expected a config carrying {want:?}, got {got:?}"
    );
    Ok(())
}

fn trigger_name(kind: TriggerKind) -> String {
    format!("trig-{}", kind.to_string().replace('_', "-"))
}

async fn trigger_lifecycle(p: &dyn Provider, ctx: &Ctx, kind: TriggerKind) -> Outcome {
    let ns = setup(p, ctx, &format!("trig{kind}")).await?;
    let outcome = trigger_lifecycle_in(p, ctx, &ns, kind).await;
    finish(p, &[&ns], outcome).await
}

async fn trigger_lifecycle_in(p: &dyn Provider, ctx: &Ctx, ns: &str, kind: TriggerKind) -> Outcome {
    let caps = p.capabilities();
    let config = sample_trigger(kind, caps, ctx)
        .ok_or_else(|| Failure::skip(format!("no sample {kind} trigger for this provider")))?;
    let f = create_echo(p, ctx, ns, "triggered").await?;
    let name = trigger_name(kind);
    let created = p
        .create_trigger(&f, trigger_spec(ctx, &name, config.clone()))
        .await
        .context(format_args!("creating the {kind} trigger"))?;
    ensure!(
        !created.id.is_empty(),
        "the created {kind} trigger has an empty id"
    );
    ensure_eq!(created.config.kind(), kind, "kind of the created trigger");
    same_config("config reported by create", &created.config, &config)?;
    let got = p.get_trigger(&f, &created.id).await.context(format_args!(
        "reading the {kind} trigger by id `{}`",
        created.id
    ))?;
    ensure_eq!(got.id, created.id, "id of the trigger read back");
    same_config("config read back", &got.config, &config)?;
    let ids: Vec<String> = p
        .list_triggers(&f)
        .map_ok(|t| t.id)
        .try_collect()
        .await
        .context("listing triggers")?;
    ensure_eq!(ids, std::slice::from_ref(&created.id), "triggers listed");

    // Change what the provider lets change: `enabled` where the kind can be disabled and, for timers, the
    // schedule where trigger configs can change. What it cannot change must be refused before sending.
    let can_disable = caps.disable_trigger_kinds.contains(&kind);
    let change_schedule = kind == TriggerKind::Timer && caps.trigger_config_updates;
    if !can_disable {
        expect_kind(
            p.update_trigger(&f, &created.id, TriggerUpdate::new().with_enabled(false))
                .await,
            ErrorKind::Unsupported,
            format_args!("disabling a {kind} trigger, which the provider cannot disable"),
        )?;
    }
    if !caps.trigger_config_updates {
        expect_kind(
            p.update_trigger(
                &f,
                &created.id,
                TriggerUpdate::new().with_config(config.clone()),
            )
            .await,
            ErrorKind::Unsupported,
            format_args!("changing the config of a {kind} trigger where configs are fixed"),
        )?;
    }
    if can_disable || change_schedule {
        let mut update = TriggerUpdate::new();
        if can_disable {
            update = update.with_enabled(false);
        }
        let new_config = if change_schedule {
            let c = rate_timer(5);
            update = update.with_config(c.clone());
            Some(c)
        } else {
            None
        };
        let updated = p
            .update_trigger(&f, &created.id, update)
            .await
            .context(format_args!("updating the {kind} trigger"))?;
        let got = p
            .get_trigger(&f, &created.id)
            .await
            .context("reading the trigger after the update")?;
        for (what, t) in [("update", &updated), ("get after update", &got)] {
            ensure!(
                !can_disable || t.enabled != Some(true),
                "the {kind} trigger still reports enabled after being disabled ({what})"
            );
            match &new_config {
                Some(c) => {
                    if let (TriggerConfig::Timer(g), TriggerConfig::Timer(w)) = (&t.config, c) {
                        ensure_eq!(g.schedule, w.schedule, "timer schedule reported by {what}");
                    } else {
                        return Err(Failure::new(format!(
                            "the timer trigger reports a {} config after the update ({what})",
                            t.config.kind()
                        )));
                    }
                }
                None => same_config(
                    &format!("config (not in the update) reported by {what}"),
                    &t.config,
                    &config,
                )?,
            }
        }
    }
    let got = p
        .get_trigger(&f, &created.id)
        .await
        .context("reading the trigger before the conditional update")?;
    // A stale entity tag: the one from before the update, or (when nothing could be updated) one the
    // trigger never had.
    let stale = if can_disable || change_schedule {
        etags(
            caps,
            "trigger",
            created.etag.as_deref(),
            got.etag.as_deref(),
        )?
        .map(|(old, _)| old.to_owned())
    } else if caps.conditional_updates {
        ensure!(
            got.etag.is_some(),
            "the provider declares conditional updates, but the trigger reports no etag"
        );
        Some("0123abcd0123abcd0123abcd0123abcd".to_owned())
    } else {
        None
    };
    if let Some(old) = stale {
        expect_kind(
            p.update_trigger(
                &f,
                &created.id,
                TriggerUpdate::new().with_enabled(true).if_match(old),
            )
            .await,
            ErrorKind::PreconditionFailed,
            "updating the trigger with a stale if_match",
        )?;
    } else {
        expect_kind(
            p.update_trigger(
                &f,
                &created.id,
                TriggerUpdate::new().with_enabled(true).if_match("0123abcd"),
            )
            .await,
            ErrorKind::Unsupported,
            "updating a trigger with if_match where the provider has no entity tags",
        )?;
    }

    p.delete_trigger(&f, &created.id)
        .await
        .context(format_args!("deleting the {kind} trigger"))?;
    expect_kind(
        p.get_trigger(&f, &created.id).await,
        ErrorKind::NotFound,
        "get_trigger after delete",
    )?;
    expect_kind(
        p.update_trigger(&f, &created.id, TriggerUpdate::new().with_enabled(true))
            .await,
        ErrorKind::NotFound,
        "update_trigger after delete",
    )?;
    expect_kind(
        p.delete_trigger(&f, &created.id).await,
        ErrorKind::NotFound,
        "delete_trigger a second time",
    )?;
    let left: Vec<Trigger> = p
        .list_triggers(&f)
        .try_collect()
        .await
        .context("listing triggers after delete")?;
    ensure!(
        left.is_empty(),
        "triggers still listed after delete: {left:?}"
    );
    Ok(())
}

/// Timer triggers: a cron timer with a payload is created, read back and listed; it is switched to a
/// 5-minute rate where [`Capabilities::trigger_config_updates`](cloudfn_core::Capabilities) (else the change
/// is `Unsupported`) and disabled where the kind is in `disable_trigger_kinds` (else `Unsupported`), both
/// read back; a stale `if_match` is `PreconditionFailed` where etags are
/// reported; after delete, get/update/delete are `NotFound`.
pub async fn triggers_timer(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    trigger_lifecycle(p, ctx, TriggerKind::Timer).await
}

/// HTTP triggers: anonymous GET/POST (with a path where
/// [`Capabilities::http_trigger_path`](cloudfn_core::Capabilities)) through the same lifecycle as timers
/// (the update disables it where the provider can, and keeps its config).
pub async fn triggers_http(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    trigger_lifecycle(p, ctx, TriggerKind::Http).await
}

/// Object-storage triggers: a bucket (from [`Ctx::bucket`]) with an event, a key prefix and suffix,
/// through the same lifecycle.
pub async fn triggers_object_storage(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    trigger_lifecycle(p, ctx, TriggerKind::ObjectStorage).await
}

/// Raw triggers: the first of the provider's `raw_trigger_types` (or [`Ctx::with_raw_trigger`]) keeps its
/// provider type and config keys through the same lifecycle.
pub async fn triggers_raw(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    trigger_lifecycle(p, ctx, TriggerKind::Raw).await
}

/// Trigger listing and missing things: one trigger of every declared kind on one function is listed
/// completely one per page (token through JSON); changing a trigger's kind in an update is
/// `InvalidArgument`; a missing trigger is `NotFound` for get, update and delete; creating on or listing a
/// missing function is `NotFound`.
pub async fn triggers_listing(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "triggers").await?;
    let outcome = triggers_listing_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn triggers_listing_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let f = create_echo(p, ctx, ns, "busy").await?;
    let mut created = Vec::new();
    for kind in &caps.trigger_kinds {
        let Some(config) = sample_trigger(*kind, caps, ctx) else {
            continue;
        };
        let t = p
            .create_trigger(&f, trigger_spec(ctx, &trigger_name(*kind), config))
            .await
            .context(format_args!("creating the {kind} trigger"))?;
        created.push(t);
    }
    ensure!(
        !created.is_empty(),
        "the provider declares trigger kinds {:?} but none could be created",
        caps.trigger_kinds
    );
    let pages = walk_pages("listing triggers", 1, None, |req| {
        p.list_triggers_page(&f, req)
    })
    .await?;
    ensure_eq!(
        pages.len(),
        created.len(),
        "pages of one trigger each for {} triggers",
        created.len()
    );
    let listed: BTreeSet<String> = pages.into_iter().flatten().map(|t| t.id).collect();
    let want: BTreeSet<String> = created.iter().map(|t| t.id.clone()).collect();
    ensure_eq!(listed, want, "trigger ids listed one per page");

    if let Some(first) = created.first() {
        let other = caps
            .trigger_kinds
            .iter()
            .filter(|k| **k != first.config.kind())
            .find_map(|k| sample_trigger(*k, caps, ctx));
        if let Some(other) = other {
            let other_kind = other.kind();
            // Refused as invalid where configs can change, as unsupported where they cannot change at all.
            let want = if caps.trigger_config_updates {
                ErrorKind::InvalidArgument
            } else {
                ErrorKind::Unsupported
            };
            expect_kind(
                p.update_trigger(&f, &first.id, TriggerUpdate::new().with_config(other))
                    .await,
                want,
                format_args!(
                    "changing a {} trigger into a {other_kind} trigger",
                    first.config.kind()
                ),
            )?;
        }
    }

    expect_kind(
        p.get_trigger(&f, "missing-trigger").await,
        ErrorKind::NotFound,
        "get_trigger of a trigger that does not exist",
    )?;
    expect_kind(
        p.update_trigger(
            &f,
            "missing-trigger",
            TriggerUpdate::new().with_enabled(false),
        )
        .await,
        ErrorKind::NotFound,
        "update_trigger of a trigger that does not exist",
    )?;
    expect_kind(
        p.delete_trigger(&f, "missing-trigger").await,
        ErrorKind::NotFound,
        "delete_trigger of a trigger that does not exist",
    )?;
    let absent = FunctionRef::new(ns, "absent");
    if let Some(config) = caps
        .trigger_kinds
        .iter()
        .find_map(|k| sample_trigger(*k, caps, ctx))
    {
        expect_kind(
            p.create_trigger(&absent, trigger_spec(ctx, "orphan", config))
                .await,
            ErrorKind::NotFound,
            "creating a trigger on a function that does not exist",
        )?;
    }
    expect_kind(
        p.list_triggers_page(&absent, cloudfn_core::ListRequest::new())
            .await,
        ErrorKind::NotFound,
        "listing the triggers of a function that does not exist",
    )?;
    Ok(())
}
