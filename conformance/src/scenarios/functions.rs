//! Functions: lifecycle, input validation, unset-versus-empty, code.

use std::collections::BTreeMap;
use std::time::Duration;

use bytes::Bytes;
use cloudfn_core::{
    Code, ErrorKind, FunctionRef, FunctionUpdate, NamespaceModel, Provider, Qualifier, Runtime,
};

use super::{create, create_echo, etags, function_names, get_at, setup, some_timeout};
use crate::cleanup::finish;
use crate::failure::{Context, ensure, ensure_eq, expect_invalid, expect_kind};
use crate::fixtures::{disallowed_memory, echo_zip, second_memory};
use crate::{Ctx, Outcome};

/// Function lifecycle: create with memory, timeout, description and environment, and read every field back
/// (create's answer, get, listing); a second create is `AlreadyExists`; an update changes what it names and
/// keeps the rest; a stale `if_match` is `PreconditionFailed` and changes nothing (where etags are
/// reported); after delete, get, update, delete and get-code are `NotFound`; a function in a namespace that
/// does not exist is `NotFound`.
pub async fn functions_lifecycle(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "fn").await?;
    let outcome = functions_lifecycle_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn functions_lifecycle_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let memory = caps.memory.min();
    let timeout = some_timeout(caps);
    let spec = ctx
        .function_spec("hello", "hello")
        .with_memory_mb(memory)
        .with_timeout(timeout)
        .with_description("conformance function")
        .with_env("STAGE", "test");
    let f = FunctionRef::new(ns, "hello");

    expect_kind(
        p.get_function(&f, &Qualifier::Latest).await,
        ErrorKind::NotFound,
        "get_function before create",
    )?;
    let created = p
        .create_function(ns, spec.clone())
        .await
        .context("creating function `hello`")?;
    for (what, got) in [
        ("create", created.clone()),
        ("get", get_at(p, &f, &Qualifier::Latest).await?),
    ] {
        ensure_eq!(got.namespace, ns, "namespace reported by {what}");
        ensure_eq!(got.name, "hello", "name reported by {what}");
        ensure_eq!(got.runtime, spec.runtime, "runtime reported by {what}");
        ensure_eq!(got.handler, spec.handler, "handler reported by {what}");
        ensure_eq!(got.memory_mb, Some(memory), "memory_mb reported by {what}");
        ensure_eq!(got.timeout, Some(timeout), "timeout reported by {what}");
        ensure_eq!(
            got.description.as_deref(),
            Some("conformance function"),
            "description reported by {what}"
        );
        ensure_eq!(
            got.environment,
            spec.environment,
            "environment reported by {what}"
        );
        ensure_eq!(
            got.version,
            None,
            "version of the latest function reported by {what}"
        );
    }
    expect_kind(
        p.create_function(ns, spec.clone()).await,
        ErrorKind::AlreadyExists,
        "creating `hello` a second time",
    )?;
    let names = function_names(p, ns).await?;
    ensure_eq!(names, ["hello"], "functions listed in `{ns}`");

    let new_memory = second_memory(&caps.memory);
    let before = get_at(p, &f, &Qualifier::Latest).await?;
    let updated = p
        .update_function(
            &f,
            FunctionUpdate::new()
                .with_memory_mb(new_memory)
                .with_description("updated"),
        )
        .await
        .context("updating memory and description")?;
    let got = get_at(p, &f, &Qualifier::Latest).await?;
    for (what, v) in [("update", &updated), ("get after update", &got)] {
        ensure_eq!(
            v.memory_mb,
            Some(new_memory),
            "memory_mb reported by {what}"
        );
        ensure_eq!(
            v.description.as_deref(),
            Some("updated"),
            "description reported by {what}"
        );
        ensure_eq!(
            v.timeout,
            Some(timeout),
            "timeout (not in the update) reported by {what}"
        );
        ensure_eq!(
            v.environment,
            spec.environment,
            "environment (not in the update) reported by {what}"
        );
        ensure_eq!(
            v.handler,
            spec.handler,
            "handler (not in the update) reported by {what}"
        );
    }

    if let Some((old, current)) = etags(
        caps,
        "function",
        before.etag.as_deref(),
        got.etag.as_deref(),
    )? {
        expect_kind(
            p.update_function(
                &f,
                FunctionUpdate::new()
                    .with_description("stale")
                    .if_match(old),
            )
            .await,
            ErrorKind::PreconditionFailed,
            "updating the function with a stale if_match",
        )?;
        let after = get_at(p, &f, &Qualifier::Latest).await?;
        ensure_eq!(
            after.description.as_deref(),
            Some("updated"),
            "description after an update refused for a stale etag"
        );
        p.update_function(
            &f,
            FunctionUpdate::new()
                .with_description("fresh")
                .if_match(current),
        )
        .await
        .context("updating the function with its current etag")?;
    } else {
        expect_kind(
            p.update_function(
                &f,
                FunctionUpdate::new()
                    .with_description("x")
                    .if_match("0123abcd"),
            )
            .await,
            ErrorKind::Unsupported,
            "updating a function with if_match where the provider has no entity tags",
        )?;
    }

    p.delete_function(&f)
        .await
        .context("deleting function `hello`")?;
    expect_kind(
        p.get_function(&f, &Qualifier::Latest).await,
        ErrorKind::NotFound,
        "get_function after delete",
    )?;
    expect_kind(
        p.update_function(&f, FunctionUpdate::new().with_description("x"))
            .await,
        ErrorKind::NotFound,
        "update_function after delete",
    )?;
    expect_kind(
        p.get_function_code(&f, &Qualifier::Latest).await,
        ErrorKind::NotFound,
        "get_function_code after delete",
    )?;
    expect_kind(
        p.delete_function(&f).await,
        ErrorKind::NotFound,
        "delete_function a second time",
    )?;
    let names = function_names(p, ns).await?;
    ensure!(
        names.is_empty(),
        "functions still listed after delete: {names:?}"
    );

    let nowhere = FunctionRef::new(ctx.namespace("missing"), "hello");
    expect_kind(
        p.get_function(&nowhere, &Qualifier::Latest).await,
        ErrorKind::NotFound,
        format_args!(
            "get_function in the namespace `{}` that does not exist",
            nowhere.namespace
        ),
    )?;
    Ok(())
}

/// Unset is not empty and not zero: an update without an environment keeps it, an update with an empty
/// environment clears it; memory 0 and timeout 0 are rejected (`InvalidArgument`), never read as "unset".
pub async fn functions_unset_vs_empty(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "unset").await?;
    let outcome = unset_vs_empty_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn unset_vs_empty_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let spec = ctx
        .function_spec("envy", "envy")
        .with_env("A", "1")
        .with_env("B", "2")
        .with_description("keep me");
    let f = create(p, ns, spec.clone()).await?;

    p.update_function(
        &f,
        FunctionUpdate::new().with_timeout(some_timeout(p.capabilities())),
    )
    .await
    .context("updating only the timeout")?;
    let got = get_at(p, &f, &Qualifier::Latest).await?;
    ensure_eq!(
        got.environment,
        spec.environment,
        "environment after an update that left it unset"
    );
    ensure_eq!(
        got.description.as_deref(),
        Some("keep me"),
        "description after an update that left it unset"
    );

    p.update_function(&f, FunctionUpdate::new().with_environment(BTreeMap::new()))
        .await
        .context("updating the environment to empty")?;
    let got = get_at(p, &f, &Qualifier::Latest).await?;
    ensure!(
        got.environment.is_empty(),
        "an update with an empty environment must clear it, got {:?}",
        got.environment
    );
    ensure_eq!(
        got.description.as_deref(),
        Some("keep me"),
        "description after clearing the environment"
    );

    expect_invalid(
        p.update_function(&f, FunctionUpdate::new().with_memory_mb(0))
            .await,
        "memory_mb",
        "updating memory to 0 MB",
    )?;
    expect_invalid(
        p.update_function(&f, FunctionUpdate::new().with_timeout(Duration::ZERO))
            .await,
        "timeout",
        "updating the timeout to zero",
    )?;
    let plain = create(p, ns, ctx.function_spec("plain", "plain")).await?;
    let got = get_at(p, &plain, &Qualifier::Latest).await?;
    ensure!(
        got.environment.is_empty(),
        "a function created without environment reports {:?}",
        got.environment
    );
    Ok(())
}

/// Invalid input is rejected before anything is created, with `InvalidArgument` naming the field: memory
/// outside the provider's [`MemoryRule`](cloudfn_core::MemoryRule) (and 0), timeouts outside its range,
/// names breaking its name rule (leading digit, space, empty, too long, trailing `-` where the rule forbids
/// it), a runtime it does not offer, an empty handler or one without `file.function` form where required,
/// bad environment names, an over-long description, an empty ZIP. Updates are checked the same way and
/// leave the function unchanged.
pub async fn functions_invalid_input(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "invalid").await?;
    let outcome = invalid_input_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn invalid_input_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let caps = p.capabilities();
    let spec = |name: &str| ctx.function_spec(name, "bad");
    let bad_memory = disallowed_memory(&caps.memory);
    let mut cases = vec![
        (
            format!("memory {bad_memory} MB (rule: {})", caps.memory),
            "memory_mb",
            spec("badmem").with_memory_mb(bad_memory),
        ),
        (
            "memory 0 MB".to_owned(),
            "memory_mb",
            spec("zeromem").with_memory_mb(0),
        ),
        (
            format!("timeout above {:?}", caps.timeout.max),
            "timeout",
            spec("longrun").with_timeout(caps.timeout.max + Duration::from_secs(1)),
        ),
        (
            "timeout zero".to_owned(),
            "timeout",
            spec("norun").with_timeout(Duration::ZERO),
        ),
        (
            "a name starting with a digit".to_owned(),
            "function name",
            spec("9lives"),
        ),
        (
            "a name with a space".to_owned(),
            "function name",
            spec("has space"),
        ),
        ("an empty name".to_owned(), "function name", spec("")),
        (
            "a name longer than the rule allows".to_owned(),
            "function name",
            spec(&"a".repeat(caps.names.function.max_len + 1)),
        ),
        ("an empty handler".to_owned(), "handler", {
            let mut s = spec("nohandler");
            s.handler = String::new();
            s
        }),
        (
            "an environment variable name starting with a digit".to_owned(),
            "environment",
            spec("badenv").with_env("1BAD", "x"),
        ),
        ("an empty ZIP".to_owned(), "code", {
            let mut s = spec("nocode");
            s.code = Code::zip(Bytes::new());
            s
        }),
    ];
    if caps.timeout.min > Duration::from_secs(1) {
        cases.push((
            format!("timeout below {:?}", caps.timeout.min),
            "timeout",
            spec("shortrun").with_timeout(caps.timeout.min.saturating_sub(Duration::from_secs(1))),
        ));
    }
    if caps
        .names
        .function
        .last
        .as_ref()
        .is_some_and(|last| !last.allows('-'))
    {
        cases.push((
            "a name ending with `-`".to_owned(),
            "function name",
            spec("dangling-"),
        ));
    }
    if let Some(other) = Runtime::KNOWN.iter().find(|r| !caps.runtimes.contains(r)) {
        let mut s = spec("badruntime");
        s.runtime = other.clone();
        cases.push((format!("runtime `{other}` not offered"), "runtime", s));
    }
    if caps.handler_requires_dot {
        let mut s = spec("nodot");
        "main".clone_into(&mut s.handler);
        cases.push((
            "a handler without `file.function` form".to_owned(),
            "handler",
            s,
        ));
    }
    if let Some(max) = caps.max_environment_variables {
        let mut s = spec("crowdedenv");
        for i in 0..=max {
            s = s.with_env(format!("V{i}"), "x");
        }
        cases.push((
            format!("{} environment variables (at most {max})", max + 1),
            "environment",
            s,
        ));
    }
    if let Some(max) = caps.max_description_len {
        cases.push((
            format!("a description longer than {max}"),
            "description",
            spec("chatty").with_description("d".repeat(max + 1)),
        ));
    }
    for (what, field, spec) in cases {
        expect_invalid(
            p.create_function(ns, spec).await,
            field,
            format_args!("creating a function with {what}"),
        )?;
    }
    let names = function_names(p, ns).await?;
    ensure!(
        names.is_empty(),
        "rejected specs must create nothing, but `{ns}` lists {names:?}"
    );

    let f = create_echo(p, ctx, ns, "valid").await?;
    let before = get_at(p, &f, &Qualifier::Latest).await?;
    expect_invalid(
        p.update_function(&f, FunctionUpdate::new().with_memory_mb(bad_memory))
            .await,
        "memory_mb",
        format_args!("updating memory to {bad_memory} MB"),
    )?;
    expect_invalid(
        p.update_function(
            &f,
            FunctionUpdate::new().with_timeout(caps.timeout.max + Duration::from_secs(1)),
        )
        .await,
        "timeout",
        "updating the timeout above the maximum",
    )?;
    let after = get_at(p, &f, &Qualifier::Latest).await?;
    ensure_eq!(
        after.memory_mb,
        before.memory_mb,
        "memory_mb after refused updates"
    );
    ensure_eq!(
        after.timeout,
        before.timeout,
        "timeout after refused updates"
    );
    if p.capabilities().namespace_model == NamespaceModel::Explicit {
        expect_invalid(
            p.create_namespace(cloudfn_core::NamespaceSpec::new("9-bad-namespace"))
                .await,
            "namespace name",
            "creating a namespace whose name starts with a digit",
        )?;
    }
    Ok(())
}

/// Code: `get_function_code` returns exactly the ZIP deployed, at the latest and after a code update
/// (checksum and size change where reported); a missing function's code is `NotFound`; and, when the
/// [`Programmer`](crate::Programmer) can store objects, code deployed from object storage reads back the
/// same bytes.
pub async fn function_code(p: &dyn Provider, ctx: &Ctx) -> Outcome {
    let ns = setup(p, ctx, "code").await?;
    let outcome = function_code_in(p, ctx, &ns).await;
    finish(p, &[&ns], outcome).await
}

async fn function_code_in(p: &dyn Provider, ctx: &Ctx, ns: &str) -> Outcome {
    let one = echo_zip("code one");
    let two = echo_zip("code two");
    let f = create(p, ns, ctx.function_spec("coded", "code one")).await?;
    let code = p
        .get_function_code(&f, &Qualifier::Latest)
        .await
        .context("downloading the code")?;
    ensure!(
        code == one,
        "get_function_code returned {} bytes that differ from the {} bytes deployed",
        code.len(),
        one.len()
    );
    let before = get_at(p, &f, &Qualifier::Latest).await?;
    if let Some(size) = before.code_size {
        ensure_eq!(size, one.len() as u64, "code_size of the deployed ZIP");
    }

    p.update_function(&f, FunctionUpdate::new().with_code(Code::zip(two.clone())))
        .await
        .context("updating the code")?;
    let code = p
        .get_function_code(&f, &Qualifier::Latest)
        .await
        .context("downloading the updated code")?;
    ensure!(
        code == two,
        "after a code update get_function_code returned {} bytes, not the {} bytes deployed",
        code.len(),
        two.len()
    );
    let after = get_at(p, &f, &Qualifier::Latest).await?;
    if let Some(size) = after.code_size {
        ensure_eq!(size, two.len() as u64, "code_size after the code update");
    }
    if let (Some(a), Some(b)) = (&before.code_checksum, &after.code_checksum) {
        ensure!(
            a != b,
            "code_checksum did not change when the code changed (still `{a}`)"
        );
    }
    expect_kind(
        p.get_function_code(&FunctionRef::new(ns, "absent"), &Qualifier::Latest)
            .await,
        ErrorKind::NotFound,
        "get_function_code of a missing function",
    )?;

    if let Some(programmer) = ctx.programmer() {
        let three = echo_zip("code three");
        let key = format!("{ns}/code.zip");
        match programmer
            .put_object(ctx.bucket(), &key, three.clone())
            .await
        {
            Err(e) if e.kind() == ErrorKind::Unsupported => {}
            Err(e) => {
                return Err(crate::Failure::from_error(
                    "storing the code object through the programmer",
                    e,
                ));
            }
            Ok(()) => {
                let mut spec = ctx.function_spec("fromoss", "unused");
                spec.code = Code::object_storage(ctx.bucket(), &key);
                let g = create(p, ns, spec).await?;
                let code = p
                    .get_function_code(&g, &Qualifier::Latest)
                    .await
                    .context("downloading code deployed from object storage")?;
                ensure!(
                    code == three,
                    "code deployed from object storage reads back as {} bytes, not the {} bytes stored",
                    code.len(),
                    three.len()
                );
            }
        }
    }
    Ok(())
}
