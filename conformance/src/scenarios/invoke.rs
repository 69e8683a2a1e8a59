//! Invocation: echo, async, function errors, log tails, not-found, invalid requests.

use bytes::Bytes;
use cloudfn_core::{
    AliasSpec, ErrorKind, FunctionErrorKind, FunctionRef, InvokeRequest, InvokeResponse, Provider,
    ProviderExt, Qualifier,
};

use super::{create_echo, setup};
use crate::cleanup::finish;
use crate::failure::{Context, ensure, ensure_eq, expect_invalid, expect_kind};
use crate::fixtures::same_payload;
use crate::{Behaviour, Ctx, Failure, Outcome};

fn check_echo(what: &str, resp: &InvokeResponse, payload: &[u8]) -> Result<(), Failure> {
    ensure!(
        resp.is_success(),
        "{what}: the echo function failed: {:?}",
        resp.function_error
    );
    ensure!(
        same_payload(&resp.payload, payload),
        "{what}: expected the payload `{}` echoed, got `{}`",
        String::from_utf8_lossy(payload),
        resp.payload_text()
    );
    Ok(())
}

/// Synchronous invocation: the echo function returns its payload (compared as JSON where it is JSON),
/// through `invoke` and `ProviderExt::invoke_sync`, including an empty JSON object and a larger payload; no
/// log tail comes back unless asked for.
pub async fn invoke_sync_echo(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "echo").await?;
    let outcome = sync_echo_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn sync_echo_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let f = create_echo(p, ctx, ns, "echo").await?;
    let payload = br#"{"hello":"conformance","n":1,"nested":{"ok":true}}"#;
    let resp = p
        .invoke(&f, InvokeRequest::new(&payload[..]))
        .await
        .context("invoking the echo function")?;
    check_echo("invoke", &resp, payload)?;
    ensure!(
        resp.log_tail.is_none(),
        "a log tail came back without being asked for: {:?}",
        resp.log_tail
    );
    let resp = p
        .invoke_sync(&f, Bytes::from_static(b"{}"))
        .await
        .context("invoke_sync with an empty object")?;
    check_echo("invoke_sync", &resp, b"{}")?;
    let big = format!(r#"{{"data":"{}"}}"#, "x".repeat(64 * 1024));
    let resp = p
        .invoke(&f, InvokeRequest::new(big.clone()))
        .await
        .context("invoking with a 64 KiB payload")?;
    check_echo("a 64 KiB payload", &resp, big.as_bytes())?;
    Ok(())
}

/// Asynchronous invocation: queuing an event returns an invocation id and no function error, two
/// invocations get different ids; where the provider takes caller-chosen ids, the id comes back as given.
pub async fn invoke_async(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "async").await?;
    let outcome = async_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn async_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let f = create_echo(p, ctx, ns, "queued").await?;
    let mut ids = Vec::new();
    for i in 0..2 {
        let resp = p
            .invoke(
                &f,
                InvokeRequest::new(format!(r#"{{"i":{i}}}"#)).asynchronous(),
            )
            .await
            .context(format_args!("queuing async invocation {i}"))?;
        ensure!(
            resp.function_error.is_none(),
            "an async invocation reported a function error: {:?}",
            resp.function_error
        );
        let id = resp.async_invocation_id.clone().unwrap_or_default();
        ensure!(
            !id.is_empty(),
            "an async invocation returned no invocation id: {resp:?}"
        );
        ids.push(id);
    }
    ensure!(
        ids[0] != ids[1],
        "two async invocations got the same id `{}`",
        ids[0]
    );
    if p.capabilities().caller_async_invocation_id {
        let chosen = format!("{}call-1", ctx.prefix());
        let resp = p
            .invoke(
                &f,
                InvokeRequest::new(r#"{"chosen":true}"#)
                    .asynchronous()
                    .with_async_invocation_id(&chosen),
            )
            .await
            .context("queuing an async invocation with a caller-chosen id")?;
        ensure_eq!(
            resp.async_invocation_id.as_deref(),
            Some(chosen.as_str()),
            "the caller-chosen async invocation id"
        );
    }
    Ok(())
}

fn programmer<'a>(ctx: &'a Ctx, scenario: &str) -> Result<&'a dyn crate::Programmer, Failure> {
    ctx.programmer().ok_or_else(|| {
        Failure::skip(format!(
            "{scenario} needs a Programmer (Ctx::with_programmer) to make functions fail or log"
        ))
    })
}

/// Function errors are results, not `Err`: a function that fails handled or unhandled comes back as
/// `Ok` with `function_error` of that kind and its message; a programmed response comes back as given; an
/// async invocation of a failing function still queues. Needs a [`Programmer`](crate::Programmer).
pub async fn invoke_function_errors(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let programmer = programmer(ctx, "invoke_function_errors")?;
    let ns = setup(p, ctx, "fnerr").await?;
    let outcome = function_errors_in(p, ctx, programmer, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn function_errors_in(
    p: &dyn Provider,
    ctx: &Ctx,
    programmer: &dyn crate::Programmer,
    ns: &str,
) -> Outcome {
    let f = create_echo(p, ctx, ns, "flaky").await?;
    for (kind, message) in [
        (FunctionErrorKind::Handled, "conformance handled failure"),
        (
            FunctionErrorKind::Unhandled,
            "conformance unhandled failure",
        ),
    ] {
        programmer
            .program(
                &f,
                None,
                Behaviour::Fail {
                    kind,
                    message: message.to_owned(),
                },
            )
            .await
            .context(format_args!("programming a {kind:?} failure"))?;
        let resp = p
            .invoke(&f, InvokeRequest::new(r#"{"fail":true}"#))
            .await
            .context(format_args!(
                "invoking a function that fails {kind:?}: a function error is not an Err"
            ))?;
        let err = resp.function_error.clone().ok_or_else(|| {
            Failure::new(format!("a {kind:?} failure came back as success: {resp:?}"))
        })?;
        // Where the provider cannot tell handled from unhandled, every failure reads as unhandled.
        let want = if p.capabilities().function_error_kinds {
            kind
        } else {
            FunctionErrorKind::Unhandled
        };
        ensure_eq!(err.kind, want, "function_error kind");
        if let Some(m) = &err.message {
            ensure!(
                m.contains(message),
                "the {kind:?} failure's message should contain `{message}`, got `{m}`"
            );
        }
        ensure!(!resp.is_success(), "is_success() on a failed invocation");
        if p.capabilities().async_invoke {
            let queued = p
                .invoke(&f, InvokeRequest::new(r#"{"fail":true}"#).asynchronous())
                .await
                .context(format_args!(
                    "queuing an invocation of a function that fails {kind:?}"
                ))?;
            ensure!(
                queued.async_invocation_id.is_some(),
                "queuing a failing function returned no invocation id: {queued:?}"
            );
        }
    }
    programmer
        .program(
            &f,
            None,
            Behaviour::Respond(Bytes::from_static(br#"{"fixed":1}"#)),
        )
        .await
        .context("programming a fixed response")?;
    let resp = p
        .invoke(&f, InvokeRequest::new(r#"{"anything":true}"#))
        .await
        .context("invoking the function with a fixed response")?;
    check_echo("a programmed response", &resp, br#"{"fixed":1}"#)?;
    programmer
        .program(&f, None, Behaviour::Echo)
        .await
        .context("programming the echo back")?;
    let resp = p
        .invoke(&f, InvokeRequest::new(r#"{"back":true}"#))
        .await
        .context("invoking the function echoing again")?;
    check_echo("echo after reprogramming", &resp, br#"{"back":true}"#)?;
    Ok(())
}

/// Log tails: asking for one on a synchronous invocation works; with a
/// [`Programmer`](crate::Programmer), a logged line appears in the tail when asked for and no tail comes
/// back when not asked for.
pub async fn invoke_log_tail(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "logs").await?;
    let outcome = log_tail_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn log_tail_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let f = create_echo(p, ctx, ns, "chatty").await?;
    let resp = p
        .invoke(&f, InvokeRequest::new(r#"{"log":1}"#).with_log_tail(true))
        .await
        .context("invoking with a log tail")?;
    check_echo("invoking with a log tail", &resp, br#"{"log":1}"#)?;
    let Some(programmer) = ctx.programmer() else {
        return Ok(());
    };
    let line = format!("{}log-line", ctx.prefix());
    programmer
        .program(&f, None, Behaviour::Log(line.clone()))
        .await
        .context("programming a log line")?;
    let resp = p
        .invoke(&f, InvokeRequest::new(r#"{"log":2}"#).with_log_tail(true))
        .await
        .context("invoking the logging function with a log tail")?;
    check_echo("the logging function", &resp, br#"{"log":2}"#)?;
    let tail = resp.log_tail.clone().unwrap_or_default();
    ensure!(
        tail.contains(&line),
        "the log tail should contain `{line}`, got {:?}",
        resp.log_tail
    );
    let resp = p
        .invoke(&f, InvokeRequest::new(r#"{"log":3}"#))
        .await
        .context("invoking the logging function without a log tail")?;
    ensure!(
        resp.log_tail.is_none(),
        "a log tail came back without being asked for: {:?}",
        resp.log_tail
    );
    Ok(())
}

/// Invoking something that does not exist is `NotFound`: a missing function, a missing namespace, a
/// missing version, a missing alias (synchronously, and asynchronously where supported).
pub async fn invoke_not_found(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "nofn").await?;
    let outcome = not_found_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn not_found_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let f = create_echo(p, ctx, ns, "present").await?;
    let absent = FunctionRef::new(ns, "absent");
    let nowhere = FunctionRef::new(ctx.namespace("missing"), "absent");
    expect_kind(
        p.invoke(&absent, InvokeRequest::new("{}")).await,
        ErrorKind::NotFound,
        "invoking a function that does not exist",
    )?;
    expect_kind(
        p.invoke(&nowhere, InvokeRequest::new("{}")).await,
        ErrorKind::NotFound,
        "invoking a function in a namespace that does not exist",
    )?;
    expect_kind(
        p.invoke(
            &f,
            InvokeRequest::new("{}").with_qualifier(Qualifier::version("999999")),
        )
        .await,
        ErrorKind::NotFound,
        "invoking a version that does not exist",
    )?;
    expect_kind(
        p.invoke(
            &f,
            InvokeRequest::new("{}").with_qualifier(Qualifier::alias("missing")),
        )
        .await,
        ErrorKind::NotFound,
        "invoking an alias that does not exist",
    )?;
    if p.capabilities().async_invoke {
        expect_kind(
            p.invoke(&absent, InvokeRequest::new("{}").asynchronous())
                .await,
            ErrorKind::NotFound,
            "queuing an invocation of a function that does not exist",
        )?;
    }
    // The alias exists once created: the same call then succeeds (the NotFound above was about the alias).
    let v = super::change_and_publish(p, &f, "v1").await?;
    p.create_alias(&f, AliasSpec::new("missing", &v.id))
        .await
        .context("creating the alias that was missing")?;
    let resp = p
        .invoke(
            &f,
            InvokeRequest::new("{}").with_qualifier(Qualifier::alias("missing")),
        )
        .await
        .context("invoking the alias once it exists")?;
    check_echo("invoking the alias once it exists", &resp, b"{}")?;
    Ok(())
}

/// Invalid invocation requests are `InvalidArgument` naming the field: a log tail on an async invocation
/// (where async is supported), an async invocation id on a synchronous one, a malformed alias qualifier.
pub async fn invoke_invalid_requests(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "badinv").await?;
    let outcome = invalid_requests_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn invalid_requests_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let f = create_echo(p, ctx, ns, "strict").await?;
    if p.capabilities().async_invoke {
        expect_invalid(
            p.invoke(
                &f,
                InvokeRequest::new("{}").asynchronous().with_log_tail(true),
            )
            .await,
            "log_tail",
            "an async invocation asking for a log tail",
        )?;
    }
    expect_invalid(
        p.invoke(
            &f,
            InvokeRequest::new("{}").with_async_invocation_id("not-async"),
        )
        .await,
        "async_invocation_id",
        "a synchronous invocation with an async invocation id",
    )?;
    expect_invalid(
        p.invoke(
            &f,
            InvokeRequest::new("{}").with_qualifier(Qualifier::alias("9 bad alias")),
        )
        .await,
        "qualifier",
        "an invocation through a malformed alias name",
    )?;
    Ok(())
}
