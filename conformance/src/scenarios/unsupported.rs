//! Calls a provider declares it cannot serve fail with `Unsupported`.

use std::time::Duration;

use cloudfn_core::{
    AsyncConfig, Capabilities, DestinationKind, ErrorKind, HttpAuth, HttpConfig, HttpMethod,
    InvokeRequest, NamespaceModel, NamespaceSpec, Provider, PublishVersion, Qualifier,
    TriggerConfig, TriggerKind, TriggerSpec,
};

use super::{change_and_publish, create_echo, setup, version_ids};
use crate::cleanup::finish;
use crate::failure::{ensure, expect_kind};
use crate::fixtures::{sample_destination, sample_trigger};
use crate::{Ctx, Outcome};

const ALL_TRIGGER_KINDS: [TriggerKind; 4] = [
    TriggerKind::Timer,
    TriggerKind::Http,
    TriggerKind::ObjectStorage,
    TriggerKind::Raw,
];

const ALL_DESTINATION_KINDS: [DestinationKind; 6] = [
    DestinationKind::Function,
    DestinationKind::Queue,
    DestinationKind::Topic,
    DestinationKind::ObjectStorage,
    DestinationKind::Stream,
    DestinationKind::Raw,
];

/// What `caps` declares unsupported, as the list of calls [`unsupported_calls`] checks.
pub(crate) fn declared_unsupported(caps: &Capabilities) -> Vec<String> {
    let mut out = Vec::new();
    if !caps.quotas {
        out.push("listing quotas".to_owned());
    }
    if caps.namespace_model == NamespaceModel::Implicit {
        out.push("creating namespaces".to_owned());
    }
    if !caps.caller_named_versions {
        out.push("caller-named versions".to_owned());
    }
    if !caps.delete_version {
        out.push("deleting versions".to_owned());
    }
    if caps.supports_trigger(TriggerKind::Http) && !caps.http_trigger_path {
        out.push("HTTP trigger paths".to_owned());
    }
    for kind in ALL_TRIGGER_KINDS {
        if !caps.supports_trigger(kind) {
            out.push(format!("{kind} triggers"));
        }
    }
    if caps.async_invoke {
        for kind in ALL_DESTINATION_KINDS {
            if !caps.supports_destination(kind) {
                out.push(format!("{kind:?} destinations"));
            }
        }
        if !caps.caller_async_invocation_id {
            out.push("caller-chosen async invocation ids".to_owned());
        }
        if !caps.async_config_per_qualifier {
            out.push("async configs per qualifier".to_owned());
        }
    } else {
        out.push("asynchronous invocation".to_owned());
    }
    if !caps.log_tail {
        out.push("log tails".to_owned());
    }
    if !caps.conditional_updates {
        out.push("conditional updates (if_match)".to_owned());
    }
    out
}

/// Everything the capabilities declare unsupported fails with `Unsupported` and changes nothing: listing
/// quotas, creating implicit namespaces, naming versions, deleting versions, HTTP trigger paths, trigger
/// kinds and destination kinds not listed, caller-chosen async invocation ids, async configs per qualifier,
/// async invocation, log tails, `if_match` without entity tags, each tried on a function that exists so that `Unsupported` is the only
/// possible reason to fail.
pub async fn unsupported_calls(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "unsup").await?;
    let outcome = unsupported_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn unsupported_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let f = create_echo(p, ctx, ns, "limited").await?;
    let sibling = create_echo(p, ctx, ns, "sibling").await?;
    let mut checked = 0usize;

    if !caps.quotas {
        expect_kind(p.list_quotas().await, ErrorKind::Unsupported, "list_quotas")?;
        checked += 1;
    }
    if caps.namespace_model == NamespaceModel::Implicit {
        expect_kind(
            p.create_namespace(NamespaceSpec::new(ctx.namespace("implicit")))
                .await,
            ErrorKind::Unsupported,
            "create_namespace with implicit namespaces",
        )?;
        checked += 1;
    }
    if !caps.caller_named_versions {
        p.update_function(
            &f,
            cloudfn_core::FunctionUpdate::new().with_description("something to publish"),
        )
        .await
        .map_err(|e| crate::Failure::from_error("changing the function before publishing", e))?;
        expect_kind(
            p.publish_version(&f, PublishVersion::new().with_name("v1"))
                .await,
            ErrorKind::Unsupported,
            "publishing with a caller-chosen version name",
        )?;
        let ids = version_ids(p, &f).await?;
        ensure!(
            ids.is_empty(),
            "a refused named publish created versions {ids:?}"
        );
        checked += 1;
    }
    if !caps.delete_version {
        let v = change_and_publish(p, &f, "v1").await?;
        expect_kind(
            p.delete_version(&f, &v.id).await,
            ErrorKind::Unsupported,
            "delete_version",
        )?;
        checked += 1;
    }
    if caps.supports_trigger(TriggerKind::Http) && !caps.http_trigger_path {
        let config = TriggerConfig::Http(
            HttpConfig::new(HttpAuth::Anonymous, [HttpMethod::Get]).with_path("/somewhere"),
        );
        expect_kind(
            p.create_trigger(&f, TriggerSpec::new("with-path", config))
                .await,
            ErrorKind::Unsupported,
            "an HTTP trigger with a path",
        )?;
        checked += 1;
    }
    for kind in ALL_TRIGGER_KINDS {
        if caps.supports_trigger(kind) {
            continue;
        }
        // Build the sample as if the kind were supported, to show the provider refuses the kind itself.
        let mut all = caps.clone();
        all.trigger_kinds = ALL_TRIGGER_KINDS.to_vec();
        if all.raw_trigger_types.is_empty() {
            all.raw_trigger_types.push("custom".to_owned());
        }
        if let Some(config) = sample_trigger(kind, &all, ctx) {
            expect_kind(
                p.create_trigger(&f, TriggerSpec::new("refused", config))
                    .await,
                ErrorKind::Unsupported,
                format_args!("a {kind} trigger"),
            )?;
            checked += 1;
        }
    }
    if caps.async_invoke {
        for kind in ALL_DESTINATION_KINDS {
            if caps.supports_destination(kind) {
                continue;
            }
            if let Some(d) = sample_destination(kind, ctx, &sibling) {
                expect_kind(
                    p.put_async_config(
                        &f,
                        &Qualifier::Latest,
                        AsyncConfig::new().with_on_failure(d),
                    )
                    .await,
                    ErrorKind::Unsupported,
                    format_args!("an async config with a {kind:?} destination"),
                )?;
                checked += 1;
            }
        }
        if !caps.caller_async_invocation_id {
            expect_kind(
                p.invoke(
                    &f,
                    InvokeRequest::new("{}")
                        .asynchronous()
                        .with_async_invocation_id("chosen-id"),
                )
                .await,
                ErrorKind::Unsupported,
                "an async invocation with a caller-chosen id",
            )?;
            checked += 1;
        }
        if !caps.async_config_per_qualifier {
            let v = change_and_publish(p, &f, "v9").await?;
            expect_kind(
                p.put_async_config(
                    &f,
                    &Qualifier::version(v.id),
                    AsyncConfig::new().with_max_event_age(Duration::from_secs(3600)),
                )
                .await,
                ErrorKind::Unsupported,
                "an async config on a version",
            )?;
            checked += 1;
        }
    } else {
        expect_kind(
            p.invoke(&f, InvokeRequest::new("{}").asynchronous()).await,
            ErrorKind::Unsupported,
            "an asynchronous invocation",
        )?;
        expect_kind(
            p.put_async_config(&f, &Qualifier::Latest, AsyncConfig::new())
                .await,
            ErrorKind::Unsupported,
            "put_async_config without async invocation",
        )?;
        checked += 1;
    }
    if !caps.log_tail {
        expect_kind(
            p.invoke(&f, InvokeRequest::new("{}").with_log_tail(true))
                .await,
            ErrorKind::Unsupported,
            "a synchronous invocation asking for a log tail",
        )?;
        checked += 1;
    }
    if !caps.conditional_updates {
        expect_kind(
            p.update_function(
                &f,
                cloudfn_core::FunctionUpdate::new()
                    .with_description("conditional")
                    .if_match("0123abcd"),
            )
            .await,
            ErrorKind::Unsupported,
            "an update with if_match where the provider has no entity tags",
        )?;
        let got = p
            .get_function(&f, &Qualifier::Latest)
            .await
            .map_err(|e| crate::Failure::from_error("reading the function", e))?;
        ensure!(
            got.description.as_deref() != Some("conditional"),
            "a refused conditional update changed the function"
        );
        checked += 1;
    }
    let declared = declared_unsupported(caps);
    ensure!(
        checked == declared.len(),
        "checked {checked} unsupported calls but the capabilities declare {}: {declared:?}",
        declared.len()
    );
    Ok(())
}
