use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use futures::TryStreamExt;

use super::*;
use crate::{
    AliasSpec, AliasUpdate, Aliases, AsyncConfig, AsyncConfigs, Code, Destination, ErrorKind,
    FunctionErrorKind, FunctionSpec, FunctionUpdate, Functions, HttpAuth, HttpConfig, HttpMethod,
    InvocationType, InvokeRequest, Invoker, ListRequest, NamespaceSpec, NamespaceUpdate,
    Namespaces, PageToken, Provider, ProviderExt, PublishVersion, Quotas, Runtime, TimerConfig,
    TriggerConfig, TriggerSpec, TriggerUpdate, Triggers, Versions,
};

const ZIP: &[u8] = b"PK\x03\x04 first";
const ZIP2: &[u8] = b"PK\x03\x04 second version";

fn spec(name: &str) -> FunctionSpec {
    FunctionSpec::new(name, Runtime::Python39, "index.handler", Code::zip(ZIP))
}

fn fref(ns: &str, name: &str) -> FunctionRef {
    FunctionRef::new(ns, name)
}

fn timer() -> TriggerConfig {
    TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(300)))
}

/// An FC-shaped double with namespace `shop` and function `shop/hello`.
async fn fc() -> (InMemory, FunctionRef) {
    let p = InMemory::alibaba();
    p.create_namespace(NamespaceSpec::new("shop"))
        .await
        .unwrap();
    let f = p.create_function("shop", spec("hello")).await.unwrap();
    (p, f.reference())
}

/// An FG-shaped double with function `default/hello`.
async fn fg() -> (InMemory, FunctionRef) {
    let p = InMemory::huawei();
    let f = p.create_function("default", spec("hello")).await.unwrap();
    (p, f.reference())
}

fn kind<T: std::fmt::Debug>(r: Result<T>) -> ErrorKind {
    r.unwrap_err().kind()
}

// ---------------------------------------------------------------------------------------------------------
// Namespaces

#[tokio::test]
async fn explicit_namespace_lifecycle() {
    let p = InMemory::alibaba();
    let ns = p
        .create_namespace(NamespaceSpec::new("shop").with_description("cart"))
        .await
        .unwrap();
    assert_eq!(ns.description.as_deref(), Some("cart"));
    let etag = ns.etag.clone().unwrap();
    assert_eq!(etag.len(), 32);
    assert!(ns.created_at.is_some());

    let err = p
        .create_namespace(NamespaceSpec::new("shop"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert_eq!(err.message(), "namespace `shop` already exists");
    assert_eq!(err.provider(), Some("in-memory"));
    assert_eq!(err.operation(), Some("CreateNamespace"));

    assert_eq!(p.get_namespace("shop").await.unwrap(), ns);
    let updated = p
        .update_namespace(
            "shop",
            NamespaceUpdate::new()
                .with_description("checkout")
                .with_extension("role", serde_json::json!("r"))
                .if_match(&etag),
        )
        .await
        .unwrap();
    assert_eq!(updated.description.as_deref(), Some("checkout"));
    assert_eq!(updated.extensions["role"], "r");
    assert_ne!(updated.etag.as_deref(), Some(etag.as_str()));
    let stale = p
        .update_namespace("shop", NamespaceUpdate::new().if_match(&etag))
        .await
        .unwrap_err();
    assert_eq!(stale.kind(), ErrorKind::PreconditionFailed);
    assert_eq!(stale.operation(), Some("UpdateNamespace"));

    p.create_function("shop", spec("hello")).await.unwrap();
    let err = p.delete_namespace("shop").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PreconditionFailed);
    assert!(err.message().contains("still holds 1 function"), "{err}");
    p.delete_function(&fref("shop", "hello")).await.unwrap();
    p.delete_namespace("shop").await.unwrap();
    let err = p.get_namespace("shop").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.message(), "namespace `shop` does not exist");
    assert_eq!(kind(p.delete_namespace("shop").await), ErrorKind::NotFound);
    assert_eq!(
        kind(p.update_namespace("shop", NamespaceUpdate::new()).await),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn namespace_names_are_validated_before_state() {
    let p = InMemory::alibaba();
    let err = p
        .create_namespace(NamespaceSpec::new("9bad"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(err.provider(), Some("in-memory"));
    assert_eq!(kind(p.get_namespace("").await), ErrorKind::InvalidArgument);
    let long = "x".repeat(300);
    assert_eq!(
        kind(
            p.update_namespace("shop", NamespaceUpdate::new().with_description(long))
                .await
        ),
        ErrorKind::InvalidArgument
    );
    assert!(
        p.list_namespaces_page(ListRequest::new())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn implicit_namespaces_exist_while_a_function_names_them() {
    let p = InMemory::huawei();
    for err in [
        p.create_namespace(NamespaceSpec::new("pkg"))
            .await
            .unwrap_err(),
        p.update_namespace("pkg", NamespaceUpdate::new())
            .await
            .unwrap_err(),
        p.delete_namespace("pkg").await.unwrap_err(),
    ] {
        assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    }
    assert_eq!(kind(p.get_namespace("pkg").await), ErrorKind::NotFound);
    assert!(
        p.list_functions_page("pkg", ListRequest::new())
            .await
            .unwrap()
            .items
            .is_empty()
    );

    // ensure_namespace is a no-op that validates the name.
    let ns = p.ensure_namespace(NamespaceSpec::new("pkg")).await.unwrap();
    assert_eq!(ns.name, "pkg");
    assert_eq!(kind(p.get_namespace("pkg").await), ErrorKind::NotFound);

    p.create_function("pkg", spec("a")).await.unwrap();
    p.create_function("pkg", spec("b")).await.unwrap();
    p.create_function("other", spec("c")).await.unwrap();
    assert_eq!(p.get_namespace("pkg").await.unwrap().name, "pkg");
    let names: Vec<String> = p
        .list_namespaces()
        .map_ok(|n| n.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["other", "pkg"]);

    p.delete_function(&fref("pkg", "a")).await.unwrap();
    assert!(p.get_namespace("pkg").await.is_ok());
    p.delete_function(&fref("pkg", "b")).await.unwrap();
    assert_eq!(kind(p.get_namespace("pkg").await), ErrorKind::NotFound);
    // A missing function in an implicit namespace names the function, not the namespace.
    let err = p
        .get_function(&fref("pkg", "a"), &Qualifier::Latest)
        .await
        .unwrap_err();
    assert_eq!(err.message(), "function `pkg/a` does not exist");
}

// ---------------------------------------------------------------------------------------------------------
// Functions

#[tokio::test]
async fn function_lifecycle_and_errors() {
    let (p, hello) = fc().await;
    let f = p.function(&hello).await.unwrap();
    assert_eq!(f.code_size, Some(ZIP.len() as u64));
    assert_eq!(
        f.code_checksum.as_deref(),
        Some(checksum::checksum_hex(ZIP).as_str())
    );
    assert_eq!(f.code_checksum.as_ref().map(String::len), Some(16));
    assert_eq!(
        f.memory_mb,
        Some(128),
        "unset memory takes the provider default"
    );
    assert_eq!(f.timeout, Some(Duration::from_secs(60)));
    assert_eq!(f.version, None);

    let err = p.create_function("shop", spec("hello")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert_eq!(err.message(), "function `shop/hello` already exists");
    let err = p.create_function("nope", spec("hello")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.message(), "namespace `nope` does not exist");
    let err = p
        .get_function(&fref("shop", "nope"), &Qualifier::Latest)
        .await
        .unwrap_err();
    assert_eq!(err.message(), "function `shop/nope` does not exist");
    assert_eq!(err.operation(), Some("GetFunction"));

    let etag = f.etag.clone().unwrap();
    let updated = p
        .update_function(
            &hello,
            FunctionUpdate::new()
                .with_memory_mb(512)
                .with_code(Code::zip(ZIP2))
                .with_extension("caPort", serde_json::json!(9000))
                .if_match(&etag),
        )
        .await
        .unwrap();
    assert_eq!(updated.memory_mb, Some(512));
    assert_eq!(updated.code_size, Some(ZIP2.len() as u64));
    assert_ne!(updated.code_checksum, f.code_checksum);
    assert_ne!(updated.etag, f.etag);
    assert_eq!(updated.extensions["caPort"], 9000);
    assert_eq!(updated.created_at, f.created_at);
    let err = p
        .update_function(
            &hello,
            FunctionUpdate::new().with_memory_mb(256).if_match(&etag),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PreconditionFailed);
    assert_eq!(p.function(&hello).await.unwrap().memory_mb, Some(512));

    p.delete_function(&hello).await.unwrap();
    assert_eq!(kind(p.function(&hello).await), ErrorKind::NotFound);
    assert_eq!(kind(p.delete_function(&hello).await), ErrorKind::NotFound);
    assert_eq!(
        kind(p.update_function(&hello, FunctionUpdate::new()).await),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn validation_comes_before_state_and_faults() {
    let p = InMemory::alibaba();
    p.inject_fault(
        Operation::CreateFunction,
        Fault::fail(ErrorKind::Service, 1),
    );
    // The namespace does not exist, but the spec is invalid: InvalidArgument wins, and no fault is used.
    let err = p
        .create_function("nope", spec("hello").with_memory_mb(100))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(err.operation(), Some("CreateFunction"));
    assert_eq!(
        kind(p.create_function("nope", spec("hello")).await),
        ErrorKind::Service
    );
    assert_eq!(
        kind(p.create_function("nope", spec("hello")).await),
        ErrorKind::NotFound
    );
    assert_eq!(p.calls(Operation::CreateFunction), 3);

    // FunctionGraph rules come from the capabilities.
    let fgp = InMemory::huawei();
    let mut bad = spec("hello");
    bad.handler = "main".into();
    assert_eq!(
        kind(fgp.create_function("default", bad).await),
        ErrorKind::InvalidArgument
    );
    let err = fgp
        .create_function(
            "default",
            spec("hello").with_timeout(Duration::from_secs(1000)),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.message(),
        "timeout: must be between 3 and 900 seconds, got 1000"
    );
}

#[tokio::test]
async fn code_comes_inline_or_from_the_object_store() {
    let (p, _) = fc().await;
    p.put_object("code-bucket", "app.zip", Bytes::from_static(ZIP2));
    let f = p
        .create_function(
            "shop",
            FunctionSpec::new(
                "from-oss",
                Runtime::Nodejs14,
                "index.handler",
                Code::object_storage("code-bucket", "app.zip"),
            ),
        )
        .await
        .unwrap();
    assert_eq!(f.code_size, Some(ZIP2.len() as u64));
    assert_eq!(
        p.get_function_code(&f.reference(), &Qualifier::Latest)
            .await
            .unwrap(),
        ZIP2
    );
    let err = p
        .create_function(
            "shop",
            FunctionSpec::new(
                "missing",
                Runtime::Nodejs14,
                "index.handler",
                Code::object_storage("code-bucket", "nope.zip"),
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(
        err.message().contains("nope.zip") && err.message().contains("code-bucket"),
        "{err}"
    );
    let err = p
        .update_function(
            &f.reference(),
            FunctionUpdate::new().with_code(Code::object_storage("other", "x.zip")),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

// ---------------------------------------------------------------------------------------------------------
// Versions

#[tokio::test]
async fn versions_are_immutable_snapshots() {
    for p in [InMemory::alibaba(), InMemory::huawei()] {
        if p.capabilities().namespace_model == crate::NamespaceModel::Explicit {
            p.create_namespace(NamespaceSpec::new("shop"))
                .await
                .unwrap();
        }
        let hello = p
            .create_function("shop", spec("hello"))
            .await
            .unwrap()
            .reference();
        let v1 = p
            .publish_version(&hello, PublishVersion::new().with_description("first"))
            .await
            .unwrap();
        assert_eq!(v1.description.as_deref(), Some("first"));
        p.create_alias(&hello, AliasSpec::new("prod", &v1.id))
            .await
            .unwrap();
        p.update_function(
            &hello,
            FunctionUpdate::new()
                .with_memory_mb(512)
                .with_code(Code::zip(ZIP2))
                .with_environment(
                    [("STAGE".to_owned(), "two".to_owned())]
                        .into_iter()
                        .collect(),
                ),
        )
        .await
        .unwrap();

        let at_v1 = p
            .get_function(&hello, &Qualifier::version(&v1.id))
            .await
            .unwrap();
        assert_eq!(at_v1.memory_mb, Some(128));
        assert!(at_v1.environment.is_empty());
        assert_eq!(at_v1.version.as_deref(), Some(v1.id.as_str()));
        let via_alias = p
            .get_function(&hello, &Qualifier::alias("prod"))
            .await
            .unwrap();
        assert_eq!(via_alias.memory_mb, Some(128));
        assert_eq!(via_alias.version.as_deref(), Some(v1.id.as_str()));
        let latest = p.function(&hello).await.unwrap();
        assert_eq!(latest.memory_mb, Some(512));
        assert_eq!(latest.environment["STAGE"], "two");

        assert_eq!(
            p.get_function_code(&hello, &Qualifier::version(&v1.id))
                .await
                .unwrap(),
            ZIP
        );
        assert_eq!(
            p.get_function_code(&hello, &Qualifier::alias("prod"))
                .await
                .unwrap(),
            ZIP
        );
        assert_eq!(
            p.get_function_code(&hello, &Qualifier::Latest)
                .await
                .unwrap(),
            ZIP2
        );

        let err = p
            .get_function(&hello, &Qualifier::version("99"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(err.message().starts_with("version `99` of "), "{err}");
        let err = p
            .get_function(&hello, &Qualifier::alias("nope"))
            .await
            .unwrap_err();
        assert!(err.message().starts_with("alias `nope` of "), "{err}");
    }
}

#[tokio::test]
async fn namespace_scoped_versus_function_scoped_versions() {
    // The same scenario on both shapes: two functions, publish "through" `a`, alias through `a`.
    let run = |p: InMemory| async move {
        if p.capabilities().namespace_model == crate::NamespaceModel::Explicit {
            p.create_namespace(NamespaceSpec::new("shop"))
                .await
                .unwrap();
        }
        let a = p
            .create_function("shop", spec("a"))
            .await
            .unwrap()
            .reference();
        let b = p
            .create_function("shop", spec("b"))
            .await
            .unwrap()
            .reference();
        let v = p.publish_version(&a, PublishVersion::new()).await.unwrap();
        p.create_alias(&a, AliasSpec::new("prod", &v.id))
            .await
            .unwrap();
        let versions_of_b: Vec<String> = p
            .list_versions(&b)
            .map_ok(|v| v.id)
            .try_collect()
            .await
            .unwrap();
        let aliases_of_b: Vec<String> = p
            .list_aliases(&b)
            .map_ok(|a| a.name)
            .try_collect()
            .await
            .unwrap();
        let b_at_v = p.get_function(&b, &Qualifier::version(&v.id)).await;
        (v.id, versions_of_b, aliases_of_b, b_at_v)
    };

    let (id, versions, aliases, b_at_v) = run(InMemory::alibaba()).await;
    assert_eq!(id, "1");
    assert_eq!(versions, ["1"], "FC versions belong to the namespace");
    assert_eq!(aliases, ["prod"], "FC aliases are namespace-wide");
    assert_eq!(
        b_at_v.unwrap().version.as_deref(),
        Some("1"),
        "the version froze `b` too"
    );

    let (id, versions, aliases, b_at_v) = run(InMemory::huawei()).await;
    assert!(id.starts_with('v'), "{id}");
    assert!(
        versions.is_empty(),
        "FunctionGraph versions belong to one function"
    );
    assert!(aliases.is_empty());
    assert_eq!(b_at_v.unwrap_err().kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn fc_version_ids_count_up_and_are_never_reused() {
    let (p, hello) = fc().await;
    let mut ids = Vec::new();
    for mb in [256, 512, 1024] {
        ids.push(
            p.publish_version(&hello, PublishVersion::new())
                .await
                .unwrap()
                .id,
        );
        p.update_function(&hello, FunctionUpdate::new().with_memory_mb(mb))
            .await
            .unwrap();
    }
    assert_eq!(ids, ["1", "2", "3"]);
    p.delete_version(&hello, "3").await.unwrap();
    assert_eq!(
        p.publish_version(&hello, PublishVersion::new())
            .await
            .unwrap()
            .id,
        "4"
    );
    // FC numbers versions itself.
    let err = p
        .publish_version(&hello, PublishVersion::new().with_name("v9"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    // A function created after a version is not in it.
    let late = p
        .create_function("shop", spec("late"))
        .await
        .unwrap()
        .reference();
    let err = p
        .get_function(&late, &Qualifier::version("1"))
        .await
        .unwrap_err();
    assert_eq!(
        err.message(),
        "function `shop/late` in version `1` does not exist"
    );
}

#[tokio::test]
async fn fg_version_ids_are_named_or_generated_and_unique() {
    let (p, hello) = fg().await;
    let named = p
        .publish_version(&hello, PublishVersion::new().with_name("v1"))
        .await
        .unwrap();
    assert_eq!(named.id, "v1");
    p.update_function(&hello, FunctionUpdate::new().with_memory_mb(256))
        .await
        .unwrap();
    let err = p
        .publish_version(&hello, PublishVersion::new().with_name("v1"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    let err = p
        .publish_version(&hello, PublishVersion::new().with_name("latest"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);

    let g1 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap()
        .id;
    p.update_function(&hello, FunctionUpdate::new().with_memory_mb(512))
        .await
        .unwrap();
    let g2 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap()
        .id;
    for g in [&g1, &g2] {
        // vYYYYMMDD-HHMMSS, maybe with a -N suffix.
        assert_eq!(&g[..1], "v");
        assert!(g[1..9].chars().all(|c| c.is_ascii_digit()), "{g}");
        assert_eq!(&g[9..10], "-");
        assert!(g[10..16].chars().all(|c| c.is_ascii_digit()), "{g}");
        assert!(p.capabilities().names.version.check("version", g).is_ok());
    }
    assert_ne!(g1, g2);
    let ids: Vec<String> = p
        .list_versions(&hello)
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, vec!["v1".to_owned(), g1, g2], "publish order");
}

#[tokio::test]
async fn publishing_nothing_new_is_a_failed_precondition() {
    let (p, hello) = fg().await;
    p.publish_version(&hello, PublishVersion::new())
        .await
        .unwrap();
    let err = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PreconditionFailed);
    assert!(
        err.message().contains("has not changed since version"),
        "{err}"
    );
    assert_eq!(err.operation(), Some("PublishVersion"));

    let (p, hello) = fc().await;
    p.publish_version(&hello, PublishVersion::new())
        .await
        .unwrap();
    assert_eq!(
        kind(p.publish_version(&hello, PublishVersion::new()).await),
        ErrorKind::PreconditionFailed
    );
    // In FC any change in the namespace counts: a new function, or the namespace's own settings.
    p.create_function("shop", spec("other")).await.unwrap();
    assert_eq!(
        p.publish_version(&hello, PublishVersion::new())
            .await
            .unwrap()
            .id,
        "2"
    );
    p.update_namespace("shop", NamespaceUpdate::new().with_description("d"))
        .await
        .unwrap();
    assert_eq!(
        p.publish_version(&hello, PublishVersion::new())
            .await
            .unwrap()
            .id,
        "3"
    );
}

#[tokio::test]
async fn publish_if_match_checks_the_namespace_or_the_function() {
    let (p, hello) = fc().await;
    let ns_etag = p.get_namespace("shop").await.unwrap().etag.unwrap();
    let fn_etag = p.function(&hello).await.unwrap().etag.unwrap();
    assert_eq!(
        kind(
            p.publish_version(&hello, PublishVersion::new().if_match(&fn_etag))
                .await
        ),
        ErrorKind::PreconditionFailed
    );
    p.publish_version(&hello, PublishVersion::new().if_match(&ns_etag))
        .await
        .unwrap();

    // FunctionGraph has no entity tags: none is reported, and asking for a precondition is refused
    // rather than silently ignored.
    let (p, hello) = fg().await;
    assert_eq!(p.function(&hello).await.unwrap().etag, None);
    assert_eq!(
        kind(
            p.publish_version(&hello, PublishVersion::new().if_match("nope"))
                .await
        ),
        ErrorKind::Unsupported
    );
    p.publish_version(&hello, PublishVersion::new())
        .await
        .unwrap();
}

#[tokio::test]
async fn deleting_versions() {
    let (p, hello) = fc().await;
    let v1 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap()
        .id;
    p.update_function(&hello, FunctionUpdate::new().with_memory_mb(256))
        .await
        .unwrap();
    let v2 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap()
        .id;
    p.create_alias(&hello, AliasSpec::new("prod", &v1).with_weight(&v2, 0.5))
        .await
        .unwrap();
    for v in [&v1, &v2] {
        let err = p.delete_version(&hello, v).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PreconditionFailed, "{v}");
        assert!(err.message().contains("alias `prod`"), "{err}");
    }
    assert_eq!(
        kind(p.delete_version(&hello, "7").await),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind(p.delete_version(&hello, "LATEST").await),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        kind(p.delete_version(&hello, " ").await),
        ErrorKind::InvalidArgument
    );

    // A version takes the triggers and async configs on it along.
    p.update_alias(
        &hello,
        "prod",
        AliasUpdate::new().with_weights(crate::VersionWeights::new()),
    )
    .await
    .unwrap();
    p.create_trigger(
        &hello,
        TriggerSpec::new("on-v2", timer()).with_qualifier(Qualifier::version(&v2)),
    )
    .await
    .unwrap();
    p.put_async_config(&hello, &Qualifier::version(&v2), AsyncConfig::new())
        .await
        .unwrap();
    p.delete_version(&hello, &v2).await.unwrap();
    assert_eq!(
        kind(p.get_trigger(&hello, "on-v2").await),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind(p.get_async_config(&hello, &Qualifier::version(&v2)).await),
        ErrorKind::NotFound
    );
    let ids: Vec<String> = p
        .list_versions(&hello)
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [v1]);

    let mut caps = Capabilities::alibaba_fc();
    caps.delete_version = false;
    let p = InMemory::builder().capabilities(caps).build();
    assert_eq!(
        kind(p.delete_version(&fref("shop", "hello"), "1").await),
        ErrorKind::Unsupported
    );
}

// ---------------------------------------------------------------------------------------------------------
// Aliases

#[tokio::test]
async fn aliases_are_validated_against_versions_and_weights() {
    let (p, hello) = fg().await;
    let v1 = p
        .publish_version(&hello, PublishVersion::new().with_name("v1"))
        .await
        .unwrap()
        .id;
    p.update_function(&hello, FunctionUpdate::new().with_memory_mb(256))
        .await
        .unwrap();
    let v2 = p
        .publish_version(&hello, PublishVersion::new().with_name("v2"))
        .await
        .unwrap()
        .id;

    let err = p
        .create_alias(&hello, AliasSpec::new("prod", "v9"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        err.message(),
        "version `v9` of function `default/hello` does not exist"
    );
    let err = p
        .create_alias(&hello, AliasSpec::new("prod", &v1).with_weight("v9", 0.1))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        kind(
            p.create_alias(&hello, AliasSpec::new("prod", &v1).with_weight(&v2, 0.255))
                .await
        ),
        ErrorKind::InvalidArgument,
        "FunctionGraph weights are whole percents"
    );
    assert_eq!(
        kind(
            p.create_alias(
                &hello,
                AliasSpec::new("prod", &v1).with_weight("latest", 0.1)
            )
            .await
        ),
        ErrorKind::InvalidArgument
    );

    // FunctionGraph lets an alias point at latest.
    let dev = p
        .create_alias(&hello, AliasSpec::new("dev", "latest"))
        .await
        .unwrap();
    assert_eq!(dev.version, "latest");
    assert_eq!(
        p.get_function(&hello, &Qualifier::alias("dev"))
            .await
            .unwrap()
            .version,
        None
    );

    let prod = p
        .create_alias(&hello, AliasSpec::new("prod", &v1).with_weight(&v2, 0.1))
        .await
        .unwrap();
    assert_eq!(
        kind(p.create_alias(&hello, AliasSpec::new("prod", &v1)).await),
        ErrorKind::AlreadyExists
    );
    assert_eq!(p.get_alias(&hello, "prod").await.unwrap(), prod);
    assert_eq!(kind(p.get_alias(&hello, "nope").await), ErrorKind::NotFound);

    // Moving the main version onto a weighted version is rejected by the weight rules.
    let err = p
        .update_alias(&hello, "prod", AliasUpdate::new().with_version(&v2))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    assert_eq!(prod.etag, None, "FunctionGraph reports no entity tags");
    let moved = p
        .update_alias(
            &hello,
            "prod",
            AliasUpdate::new()
                .with_version(&v2)
                .with_weights([(v1.clone(), 0.5)].into_iter().collect()),
        )
        .await
        .unwrap();
    assert_eq!(moved.version, v2);
    assert_eq!(moved.created_at, prod.created_at);
    assert_eq!(
        kind(
            p.update_alias(&hello, "prod", AliasUpdate::new().if_match("any"))
                .await
        ),
        ErrorKind::Unsupported
    );
    assert_eq!(
        kind(
            p.update_alias(&hello, "prod", AliasUpdate::new().with_version("v9"))
                .await
        ),
        ErrorKind::NotFound
    );
    p.delete_alias(&hello, "prod").await.unwrap();
    assert_eq!(
        kind(p.delete_alias(&hello, "prod").await),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn fc_aliases_must_point_at_published_versions() {
    let (p, hello) = fc().await;
    let err = p
        .create_alias(&hello, AliasSpec::new("dev", "LATEST"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        kind(p.create_alias(&hello, AliasSpec::new("prod", "1")).await),
        ErrorKind::NotFound
    );
    let v1 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap()
        .id;
    // FC weights are any fraction.
    p.update_function(&hello, FunctionUpdate::new().with_memory_mb(256))
        .await
        .unwrap();
    let v2 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap()
        .id;
    p.create_alias(&hello, AliasSpec::new("prod", &v1).with_weight(&v2, 0.255))
        .await
        .unwrap();
}

#[tokio::test]
async fn an_alias_a_trigger_invokes_cannot_be_deleted_on_functiongraph() {
    let (p, hello) = fg().await;
    let v1 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap()
        .id;
    p.create_alias(&hello, AliasSpec::new("prod", &v1))
        .await
        .unwrap();
    p.put_async_config(&hello, &Qualifier::alias("prod"), AsyncConfig::new())
        .await
        .unwrap();
    let t = p
        .create_trigger(
            &hello,
            TriggerSpec::new("tick", timer()).with_qualifier(Qualifier::alias("prod")),
        )
        .await
        .unwrap();
    let err = p.delete_alias(&hello, "prod").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PreconditionFailed);
    assert!(err.message().contains("trigger `tick`"), "{err}");
    p.delete_trigger(&hello, &t.id).await.unwrap();
    p.delete_alias(&hello, "prod").await.unwrap();
    assert_eq!(
        kind(p.get_async_config(&hello, &Qualifier::alias("prod")).await),
        ErrorKind::NotFound,
        "the alias's async config went with it"
    );

    // FC documents no such rule.
    let (p, hello) = fc().await;
    let v1 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap()
        .id;
    p.create_alias(&hello, AliasSpec::new("prod", &v1))
        .await
        .unwrap();
    p.create_trigger(
        &hello,
        TriggerSpec::new("tick", timer()).with_qualifier(Qualifier::alias("prod")),
    )
    .await
    .unwrap();
    p.delete_alias(&hello, "prod").await.unwrap();
}

// ---------------------------------------------------------------------------------------------------------
// Triggers

#[tokio::test]
async fn fc_triggers_are_addressed_by_name() {
    let (p, hello) = fc().await;
    let t = p
        .create_trigger(&hello, TriggerSpec::new("tick", timer()))
        .await
        .unwrap();
    assert_eq!(t.id, "tick");
    assert_eq!(t.enabled, Some(true));
    assert_eq!(
        kind(
            p.create_trigger(&hello, TriggerSpec::new("tick", timer()))
                .await
        ),
        ErrorKind::AlreadyExists
    );
    assert_eq!(
        kind(
            p.create_trigger(
                &hello,
                TriggerSpec::new("late", timer()).with_qualifier(Qualifier::version("1"))
            )
            .await
        ),
        ErrorKind::NotFound
    );
    let http_with_path = TriggerSpec::new(
        "web",
        TriggerConfig::Http(
            HttpConfig::new(HttpAuth::Anonymous, [HttpMethod::Get]).with_path("/x"),
        ),
    );
    assert_eq!(
        kind(p.create_trigger(&hello, http_with_path).await),
        ErrorKind::Unsupported
    );

    let etag = t.etag.clone().unwrap();
    let off = p
        .update_trigger(
            &hello,
            "tick",
            TriggerUpdate::new().with_enabled(false).if_match(&etag),
        )
        .await
        .unwrap();
    assert_eq!(off.enabled, Some(false));
    assert_ne!(off.etag, t.etag);
    assert_eq!(
        kind(
            p.update_trigger(&hello, "tick", TriggerUpdate::new().if_match(&etag))
                .await
        ),
        ErrorKind::PreconditionFailed
    );
    let http = TriggerConfig::Http(HttpConfig::new(HttpAuth::Anonymous, [HttpMethod::Get]));
    assert_eq!(
        kind(
            p.update_trigger(&hello, "tick", TriggerUpdate::new().with_config(http))
                .await
        ),
        ErrorKind::InvalidArgument
    );
    let err = p.get_trigger(&hello, "nope").await.unwrap_err();
    assert_eq!(
        err.message(),
        "trigger `nope` of function `shop/hello` does not exist"
    );
    p.delete_trigger(&hello, "tick").await.unwrap();
    assert_eq!(
        kind(p.delete_trigger(&hello, "tick").await),
        ErrorKind::NotFound
    );
    assert_eq!(
        kind(
            p.create_trigger(&fref("shop", "nope"), TriggerSpec::new("t", timer()))
                .await
        ),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn fg_trigger_ids_are_generated() {
    let (p, hello) = fg().await;
    let a = p
        .create_trigger(&hello, TriggerSpec::new("tick", timer()))
        .await
        .unwrap();
    let b = p
        .create_trigger(&hello, TriggerSpec::new("tock", timer()))
        .await
        .unwrap();
    for t in [&a, &b] {
        assert_eq!(t.id.len(), 32);
        assert!(t.id.chars().all(|c| c.is_ascii_hexdigit()));
    }
    assert_ne!(a.id, b.id);
    assert_eq!(p.get_trigger(&hello, &a.id).await.unwrap().name, "tick");
    assert_eq!(
        kind(p.get_trigger(&hello, "tick").await),
        ErrorKind::NotFound
    );
    p.delete_trigger(&hello, &a.id).await.unwrap();
    let ids: Vec<String> = p
        .list_triggers(&hello)
        .map_ok(|t| t.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [b.id]);

    // The builder can choose either way.
    let named = InMemory::builder()
        .capabilities(Capabilities::huawei_functiongraph())
        .generated_trigger_ids(false)
        .build();
    let f = named
        .create_function("default", spec("f"))
        .await
        .unwrap()
        .reference();
    assert_eq!(
        named
            .create_trigger(&f, TriggerSpec::new("t", timer()))
            .await
            .unwrap()
            .id,
        "t"
    );
}

// ---------------------------------------------------------------------------------------------------------
// Async configs

#[tokio::test]
async fn async_config_lifecycle() {
    let (p, hello) = fc().await;
    let dead = fref("shop", "dead-letters");
    let cfg = AsyncConfig::new()
        .with_max_retries(0)
        .with_on_failure(Destination::function(dead.clone()));
    assert_eq!(
        kind(
            p.put_async_config(&hello, &Qualifier::alias("prod"), cfg.clone())
                .await
        ),
        ErrorKind::NotFound
    );
    let stored = p
        .put_async_config(&hello, &Qualifier::Latest, cfg.clone())
        .await
        .unwrap();
    assert_eq!(stored.qualifier, Some(Qualifier::Latest));
    assert_eq!(stored.max_retries, Some(0));
    let created = stored.created_at;
    let replaced = p
        .put_async_config(
            &hello,
            &Qualifier::Latest,
            AsyncConfig::new().with_max_retries(2),
        )
        .await
        .unwrap();
    assert_eq!(replaced.created_at, created);
    assert_eq!(replaced.on_failure, None, "put replaces the whole config");
    assert_eq!(
        p.get_async_config(&hello, &Qualifier::Latest)
            .await
            .unwrap(),
        replaced
    );
    let err = p
        .get_async_config(&hello, &Qualifier::version("1"))
        .await
        .unwrap_err();
    assert_eq!(
        err.message(),
        "async config of function `shop/hello` at version:1 does not exist"
    );
    p.delete_async_config(&hello, &Qualifier::Latest)
        .await
        .unwrap();
    assert_eq!(
        kind(p.delete_async_config(&hello, &Qualifier::Latest).await),
        ErrorKind::NotFound
    );

    let fgp = InMemory::huawei();
    let f = fgp
        .create_function("default", spec("f"))
        .await
        .unwrap()
        .reference();
    let queue = AsyncConfig::new().with_on_success(Destination::Queue { name: "q".into() });
    assert_eq!(
        kind(fgp.put_async_config(&f, &Qualifier::Latest, queue).await),
        ErrorKind::Unsupported
    );
}

#[tokio::test]
async fn deleting_a_function_removes_what_hangs_off_it() {
    let (p, hello) = fg().await;
    p.publish_version(&hello, PublishVersion::new().with_name("v1"))
        .await
        .unwrap();
    p.create_alias(&hello, AliasSpec::new("prod", "v1"))
        .await
        .unwrap();
    p.create_trigger(&hello, TriggerSpec::new("tick", timer()))
        .await
        .unwrap();
    p.put_async_config(&hello, &Qualifier::Latest, AsyncConfig::new())
        .await
        .unwrap();
    p.delete_function(&hello).await.unwrap();
    p.create_function("default", spec("hello")).await.unwrap();
    assert!(
        p.list_versions_page(&hello, ListRequest::new())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        p.list_aliases_page(&hello, ListRequest::new())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        p.list_triggers_page(&hello, ListRequest::new())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        p.list_async_configs_page(&hello, ListRequest::new())
            .await
            .unwrap()
            .items
            .is_empty()
    );

    // FC: namespace versions stay, without the deleted function's frozen copy.
    let (p, hello) = fc().await;
    let other = p
        .create_function("shop", spec("other"))
        .await
        .unwrap()
        .reference();
    p.publish_version(&hello, PublishVersion::new())
        .await
        .unwrap();
    p.delete_function(&hello).await.unwrap();
    p.create_function("shop", spec("hello")).await.unwrap();
    assert_eq!(
        kind(p.get_function(&hello, &Qualifier::version("1")).await),
        ErrorKind::NotFound
    );
    assert!(
        p.get_function(&other, &Qualifier::version("1"))
            .await
            .is_ok()
    );
}

// ---------------------------------------------------------------------------------------------------------
// Paging

async fn paged_fc(size: u32) -> InMemory {
    let p = InMemory::builder().default_page_size(size).build();
    for name in ["a1", "a2", "a3", "b1", "b2", "c1", "c2"] {
        p.create_namespace(NamespaceSpec::new(name)).await.unwrap();
    }
    p
}

async fn all_pages(p: &InMemory, mut req: ListRequest) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    loop {
        let page = p.list_namespaces_page(req.clone()).await.unwrap();
        pages.push(page.items.into_iter().map(|n| n.name).collect());
        match page.next {
            Some(t) => req.token = Some(t),
            None => return pages,
        }
    }
}

#[tokio::test]
async fn paging_walks_every_page_in_name_order() {
    let p = paged_fc(2).await;
    let pages = all_pages(&p, ListRequest::new()).await;
    assert_eq!(
        pages,
        vec![
            vec!["a1", "a2"],
            vec!["a3", "b1"],
            vec!["b2", "c1"],
            vec!["c2"]
        ]
    );
    let pages = all_pages(&p, ListRequest::new().with_prefix("a")).await;
    assert_eq!(pages, vec![vec!["a1", "a2"], vec!["a3"]]);
    let pages = all_pages(&p, ListRequest::new().with_prefix("b")).await;
    assert_eq!(
        pages,
        vec![vec!["b1", "b2"]],
        "no token when nothing more matches"
    );
    let pages = all_pages(&p, ListRequest::new().with_page_size(3)).await;
    assert_eq!(pages.len(), 3);
    let all: Vec<String> = p
        .list_namespaces()
        .map_ok(|n| n.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 7);
}

#[tokio::test]
async fn page_tokens_survive_serialisation_and_deletions() {
    let p = paged_fc(2).await;
    let first = p.list_namespaces_page(ListRequest::new()).await.unwrap();
    let saved = serde_json::to_string(&first.next.unwrap()).unwrap();
    // The resource the token points after disappears.
    p.delete_namespace("a2").await.unwrap();
    p.delete_namespace("a3").await.unwrap();
    let token: PageToken = serde_json::from_str(&saved).unwrap();
    let next = p
        .list_namespaces_page(ListRequest::new().with_token(token))
        .await
        .unwrap();
    let names: Vec<&str> = next.items.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["b1", "b2"]);
}

#[tokio::test]
async fn page_sizes_default_and_clamp() {
    let mut caps = Capabilities::alibaba_fc();
    caps.max_page_size = 3;
    let p = InMemory::builder()
        .capabilities(caps)
        .default_page_size(50)
        .build();
    for i in 0..5 {
        p.create_namespace(NamespaceSpec::new(format!("n{i}")))
            .await
            .unwrap();
    }
    for req in [
        ListRequest::new(),
        ListRequest::new().with_page_size(100),
        ListRequest::new().with_page_size(0),
    ] {
        assert_eq!(p.list_namespaces_page(req).await.unwrap().items.len(), 3);
    }
    assert_eq!(
        p.list_namespaces_page(ListRequest::new().with_page_size(1))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(InMemory::alibaba().inner.config.page_size(None), 20);
}

#[tokio::test]
async fn every_listing_pages() {
    let p = InMemory::builder()
        .capabilities(Capabilities::huawei_functiongraph())
        .default_page_size(2)
        .build();
    for name in ["f1", "f2", "f3", "g1", "g2"] {
        p.create_function("pkg", spec(name)).await.unwrap();
    }
    let page = p
        .list_functions_page("pkg", ListRequest::new().with_prefix("f"))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    let rest = p
        .list_functions_page(
            "pkg",
            ListRequest::new()
                .with_prefix("f")
                .with_token(page.next.unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(
        rest.items
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["f3"]
    );
    assert!(rest.next.is_none());
    let all: Vec<String> = p
        .list_functions("pkg")
        .map_ok(|f| f.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, ["f1", "f2", "f3", "g1", "g2"]);

    let f = fref("pkg", "f1");
    for (i, mb) in [128, 256, 512, 768, 1024].into_iter().enumerate() {
        p.update_function(&f, FunctionUpdate::new().with_memory_mb(mb))
            .await
            .unwrap();
        p.publish_version(&f, PublishVersion::new().with_name(format!("v{i}")))
            .await
            .unwrap();
    }
    let first = p.list_versions_page(&f, ListRequest::new()).await.unwrap();
    assert_eq!(
        first
            .items
            .iter()
            .map(|v| v.id.as_str())
            .collect::<Vec<_>>(),
        ["v0", "v1"]
    );
    // A stale token still continues in publish order.
    p.delete_version(&f, "v1").await.unwrap();
    p.delete_version(&f, "v2").await.unwrap();
    let next = p
        .list_versions_page(&f, ListRequest::new().with_token(first.next.unwrap()))
        .await
        .unwrap();
    assert_eq!(
        next.items.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
        ["v3", "v4"]
    );
    assert!(next.next.is_none());
    assert_eq!(
        kind(
            p.list_versions_page(&f, ListRequest::new().with_token(PageToken::new("x")))
                .await
        ),
        ErrorKind::InvalidArgument
    );

    for name in ["a", "b", "c"] {
        p.create_alias(&f, AliasSpec::new(name, "v0"))
            .await
            .unwrap();
        p.create_trigger(&f, TriggerSpec::new(name, timer()))
            .await
            .unwrap();
    }
    p.put_async_config(&f, &Qualifier::Latest, AsyncConfig::new())
        .await
        .unwrap();
    p.put_async_config(&f, &Qualifier::version("v3"), AsyncConfig::new())
        .await
        .unwrap();
    p.put_async_config(&f, &Qualifier::alias("a"), AsyncConfig::new())
        .await
        .unwrap();
    let aliases: Vec<String> = p
        .list_aliases(&f)
        .map_ok(|a| a.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(aliases, ["a", "b", "c"]);
    let triggers: Vec<String> = p
        .list_triggers(&f)
        .map_ok(|t| t.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(triggers, ["a", "b", "c"]);
    let configs: Vec<Qualifier> = p
        .list_async_configs(&f)
        .map_ok(|c| c.qualifier.unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        configs,
        [
            Qualifier::Latest,
            Qualifier::version("v3"),
            Qualifier::alias("a")
        ]
    );
    let page = p
        .list_async_configs_page(&f, ListRequest::new().with_prefix("alias:"))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
}

// ---------------------------------------------------------------------------------------------------------
// Quotas

#[tokio::test]
async fn quotas_count_what_exists() {
    let p = InMemory::builder()
        .capabilities(Capabilities::huawei_functiongraph())
        .quota(QuotaKind::Functions, 2)
        .build();
    let quotas = p.list_quotas().await.unwrap();
    assert_eq!(quotas[0].name, "fgs_func_num");
    assert_eq!((quotas[0].limit, quotas[0].used), (Some(2), Some(0)));
    assert_eq!(quotas[1].kind, QuotaKind::CodeStorage);
    assert_eq!((quotas[1].limit, quotas[1].used), (Some(10_240), Some(0)));
    assert_eq!(quotas[1].unit.as_deref(), Some("MB"));

    p.create_function("default", spec("a")).await.unwrap();
    p.create_function("default", spec("b")).await.unwrap();
    let err = p.create_function("default", spec("c")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::QuotaExceeded);
    let quotas = p.list_quotas().await.unwrap();
    assert_eq!(quotas[0].used, Some(2));
    assert_eq!(quotas[1].used, Some(1), "a few bytes round up to 1 MB");

    // FC has no quota API (but the limits still hold).
    assert_eq!(
        kind(InMemory::alibaba().list_quotas().await),
        ErrorKind::Unsupported
    );

    let small = InMemory::builder()
        .capabilities(Capabilities::huawei_functiongraph())
        .quota(QuotaKind::CodeStorage, 1)
        .build();
    let big = vec![7u8; 1024 * 1024 + 1];
    let err = small
        .create_function(
            "default",
            FunctionSpec::new("big", Runtime::Python39, "index.handler", Code::zip(big)),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::QuotaExceeded);
    assert!(err.message().contains("2 MB"), "{err}");
}

// ---------------------------------------------------------------------------------------------------------
// Invocation

#[tokio::test]
async fn invocation_echoes_or_runs_the_handler() {
    let (p, hello) = fc().await;
    let out = p
        .invoke_sync(&hello, Bytes::from_static(b"ping"))
        .await
        .unwrap();
    assert_eq!(out.payload, "ping");
    assert!(out.is_success());
    assert_eq!(out.executed_version, None);
    assert!(out.log_tail.is_none());

    p.set_handler(&hello, None, |inv| {
        HandlerResult::ok(format!("hi {}", String::from_utf8_lossy(&inv.payload)))
            .with_log(format!("memory {}", inv.config.memory_mb.unwrap_or(0)))
    });
    let out = p
        .invoke(&hello, InvokeRequest::new("bob").with_log_tail(true))
        .await
        .unwrap();
    assert_eq!(out.payload_text(), "hi bob");
    assert_eq!(out.log_tail.as_deref(), Some("memory 128"));

    p.set_handler(&hello, None, |_| HandlerResult::ok("x"));
    let a = p
        .invoke(&hello, InvokeRequest::new("").with_log_tail(true))
        .await
        .unwrap();
    let b = p.invoke(&hello, InvokeRequest::new("")).await.unwrap();
    let id = a.request_id.clone().unwrap();
    assert_ne!(a.request_id, b.request_id);
    assert_eq!(
        a.log_tail.as_deref(),
        Some(format!("START RequestId: {id}\nEND RequestId: {id}\n").as_str())
    );

    // A function error is a response, not an Err.
    p.set_handler(&hello, None, |_| {
        HandlerResult::error(FunctionErrorKind::Handled, "bad input")
    });
    let out = p.invoke(&hello, InvokeRequest::new("")).await.unwrap();
    let e = out.function_error.clone().unwrap();
    assert_eq!(e.kind, FunctionErrorKind::Handled);
    assert_eq!(e.message.as_deref(), Some("bad input"));
    assert_eq!(out.payload, "bad input");

    assert!(p.remove_handler(&hello, None));
    assert!(!p.remove_handler(&hello, None));
    assert_eq!(
        p.invoke(&hello, InvokeRequest::new("echo"))
            .await
            .unwrap()
            .payload,
        "echo"
    );
}

#[tokio::test]
async fn invoking_what_does_not_exist_is_not_found() {
    let (p, hello) = fc().await;
    for (f, q, msg) in [
        (
            fref("shop", "nope"),
            Qualifier::Latest,
            "function `shop/nope` does not exist",
        ),
        (
            hello.clone(),
            Qualifier::version("3"),
            "version `3` of namespace `shop` does not exist",
        ),
        (
            hello.clone(),
            Qualifier::alias("prod"),
            "alias `prod` of namespace `shop` does not exist",
        ),
    ] {
        let err = p
            .invoke(&f, InvokeRequest::new("").with_qualifier(q))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(err.message(), msg);
        assert_eq!(err.operation(), Some("Invoke"));
    }
    // FunctionGraph offers no caller-chosen async ids.
    let (p, hello) = fg().await;
    let req = InvokeRequest::new("")
        .asynchronous()
        .with_async_invocation_id("job1");
    assert_eq!(kind(p.invoke(&hello, req).await), ErrorKind::Unsupported);
}

#[tokio::test]
async fn the_most_specific_handler_wins() {
    let (p, hello) = fc().await;
    let v1 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap()
        .id;
    p.update_function(&hello, FunctionUpdate::new().with_memory_mb(256))
        .await
        .unwrap();
    let v2 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap()
        .id;
    p.create_alias(&hello, AliasSpec::new("prod", &v1))
        .await
        .unwrap();
    p.create_alias(&hello, AliasSpec::new("beta", &v2))
        .await
        .unwrap();
    p.set_handler(&hello, None, |_| HandlerResult::ok("any"));
    p.set_handler(&hello, Some(Qualifier::version(&v1)), |_| {
        HandlerResult::ok("v1")
    });
    p.set_handler(&hello, Some(Qualifier::alias("beta")), |_| {
        HandlerResult::ok("beta")
    });
    p.set_handler(&hello, Some(Qualifier::Latest), |_| {
        HandlerResult::ok("latest")
    });

    let run = |q: Qualifier| {
        let p = p.clone();
        let hello = hello.clone();
        async move {
            let r = p
                .invoke(&hello, InvokeRequest::new("").with_qualifier(q))
                .await
                .unwrap();
            (r.payload_text().into_owned(), r.executed_version)
        }
    };
    assert_eq!(run(Qualifier::Latest).await, ("latest".into(), None));
    assert_eq!(
        run(Qualifier::version(&v1)).await,
        ("v1".into(), Some(v1.clone()))
    );
    assert_eq!(
        run(Qualifier::version(&v2)).await,
        ("any".into(), Some(v2.clone()))
    );
    // Through an alias: the version's handler first, then the alias's.
    assert_eq!(
        run(Qualifier::alias("prod")).await,
        ("v1".into(), Some(v1.clone()))
    );
    assert_eq!(
        run(Qualifier::alias("beta")).await,
        ("beta".into(), Some(v2.clone()))
    );
}

async fn weighted(seed: u64, n: usize) -> (Vec<Option<String>>, String) {
    let p = InMemory::builder().seed(seed).build();
    p.create_namespace(NamespaceSpec::new("shop"))
        .await
        .unwrap();
    let f = p
        .create_function("shop", spec("hello"))
        .await
        .unwrap()
        .reference();
    let v1 = p
        .publish_version(&f, PublishVersion::new())
        .await
        .unwrap()
        .id;
    p.update_function(&f, FunctionUpdate::new().with_memory_mb(256))
        .await
        .unwrap();
    let v2 = p
        .publish_version(&f, PublishVersion::new())
        .await
        .unwrap()
        .id;
    p.create_alias(&f, AliasSpec::new("prod", &v1).with_weight(&v2, 0.2))
        .await
        .unwrap();
    let mut ran = Vec::with_capacity(n);
    for _ in 0..n {
        let r = p
            .invoke(
                &f,
                InvokeRequest::new("").with_qualifier(Qualifier::alias("prod")),
            )
            .await
            .unwrap();
        ran.push(r.executed_version);
    }
    (ran, v2)
}

#[tokio::test]
async fn alias_weights_route_invocations() {
    let (ran, v2) = weighted(42, 10_000).await;
    let to_v2 = ran
        .iter()
        .filter(|v| v.as_deref() == Some(v2.as_str()))
        .count();
    let share = to_v2 as f64 / ran.len() as f64;
    assert!((share - 0.2).abs() <= 0.03, "share {share}");
    assert!(ran.iter().all(Option::is_some));
}

#[tokio::test]
async fn routing_is_deterministic_under_a_seed() {
    let (a, _) = weighted(7, 200).await;
    let (b, _) = weighted(7, 200).await;
    let (c, _) = weighted(8, 200).await;
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[tokio::test]
async fn fg_alias_weights_split_latest_and_a_version() {
    let (p, hello) = fg().await;
    p.publish_version(&hello, PublishVersion::new().with_name("v1"))
        .await
        .unwrap();
    p.create_alias(
        &hello,
        AliasSpec::new("dev", "latest").with_weight("v1", 0.5),
    )
    .await
    .unwrap();
    // FunctionGraph does not report the version that ran, so the function answers with it.
    p.set_handler(&hello, None, |inv: &Invocation| {
        HandlerResult::ok(inv.executed_version.clone().unwrap_or_else(|| "?".into()))
    });
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..50 {
        let r = p
            .invoke(
                &hello,
                InvokeRequest::new("").with_qualifier(Qualifier::alias("dev")),
            )
            .await
            .unwrap();
        assert_eq!(
            r.executed_version, None,
            "FunctionGraph-shaped: not reported"
        );
        seen.insert(r.payload_text().into_owned());
    }
    assert_eq!(seen.len(), 2, "{seen:?}");
}

#[tokio::test(start_paused = true)]
async fn handler_delays_and_timeouts() {
    let (p, hello) = fc().await;
    p.update_function(
        &hello,
        FunctionUpdate::new().with_timeout(Duration::from_secs(5)),
    )
    .await
    .unwrap();
    p.set_handler(&hello, None, |inv| {
        let secs = if inv.payload == "slow" { 10 } else { 2 };
        HandlerResult::ok("done").with_delay(Duration::from_secs(secs))
    });
    let start = tokio::time::Instant::now();
    let out = p.invoke(&hello, InvokeRequest::new("quick")).await.unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(2));
    assert_eq!(out.duration, Some(Duration::from_secs(2)));
    assert!(out.is_success());

    let start = tokio::time::Instant::now();
    let out = p.invoke(&hello, InvokeRequest::new("slow")).await.unwrap();
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(5),
        "cut off at the timeout"
    );
    let e = out.function_error.unwrap();
    assert_eq!(e.kind, FunctionErrorKind::Unhandled);
    assert_eq!(
        e.message.as_deref(),
        Some("Function timed out after 5 seconds")
    );
}

#[tokio::test]
async fn a_panicking_handler_is_an_unhandled_error_and_the_double_survives() {
    let (p, hello) = fc().await;
    p.set_handler(&hello, None, |_| panic!("handler bug"));
    let out = p.invoke(&hello, InvokeRequest::new("")).await.unwrap();
    assert_eq!(
        out.function_error.unwrap().kind,
        FunctionErrorKind::Unhandled
    );
    assert!(p.function(&hello).await.is_ok());
}

// ---------------------------------------------------------------------------------------------------------
// Async invocation

#[tokio::test]
async fn async_invocations_are_recorded_with_their_destination() {
    let (p, hello) = fc().await;
    let ok_dest = Destination::Queue {
        name: "done".into(),
    };
    let fail_dest = Destination::function(fref("shop", "dead-letters"));
    p.put_async_config(
        &hello,
        &Qualifier::Latest,
        AsyncConfig::new()
            .with_max_retries(2)
            .with_on_success(ok_dest.clone())
            .with_on_failure(fail_dest.clone()),
    )
    .await
    .unwrap();
    let attempts = Arc::new(AtomicUsize::new(0));
    let seen = attempts.clone();
    p.set_handler(&hello, None, move |inv| {
        seen.fetch_add(1, Ordering::SeqCst);
        assert_eq!(inv.invocation_type, InvocationType::Async);
        if inv.payload == "fail" {
            HandlerResult::error(FunctionErrorKind::Unhandled, "crash")
        } else {
            HandlerResult::ok("fine")
        }
    });

    let r = p
        .invoke(
            &hello,
            InvokeRequest::new("good")
                .asynchronous()
                .with_async_invocation_id("job_1"),
        )
        .await
        .unwrap();
    assert_eq!(r.async_invocation_id.as_deref(), Some("job_1"));
    assert!(r.payload.is_empty());
    let r2 = p
        .invoke(&hello, InvokeRequest::new("fail").asynchronous())
        .await
        .unwrap();
    let generated = r2.async_invocation_id.clone().unwrap();
    assert_eq!(generated.len(), 36);
    assert_ne!(r.request_id, r2.request_id);

    let records = p.async_invocations(&hello);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].id, "job_1");
    assert_eq!(records[0].payload, "good");
    assert_eq!(records[0].qualifier, Qualifier::Latest);
    assert_eq!(
        records[0].outcome,
        AsyncOutcome::Succeeded {
            payload: Bytes::from("fine")
        }
    );
    assert_eq!(records[0].attempts, 1);
    assert_eq!(records[0].destination, Some(ok_dest));
    assert!(records[0].finished_at.is_some());
    assert_eq!(records[1].id, generated);
    assert!(matches!(records[1].outcome, AsyncOutcome::Failed { .. }));
    assert_eq!(records[1].attempts, 3, "1 + max_retries");
    assert_eq!(records[1].destination, Some(fail_dest));
    assert_eq!(attempts.load(Ordering::SeqCst), 4);

    // Ids are unique per function and checked against FC's pattern.
    let dup = InvokeRequest::new("")
        .asynchronous()
        .with_async_invocation_id("job_1");
    assert_eq!(kind(p.invoke(&hello, dup).await), ErrorKind::AlreadyExists);
    let bad = InvokeRequest::new("")
        .asynchronous()
        .with_async_invocation_id("1job");
    assert_eq!(
        kind(p.invoke(&hello, bad).await),
        ErrorKind::InvalidArgument
    );
    // A log tail is only for sync invocations.
    let tail = InvokeRequest::new("").asynchronous().with_log_tail(true);
    assert_eq!(
        kind(p.invoke(&hello, tail).await),
        ErrorKind::InvalidArgument
    );
    // No config, no destination and no retries.
    let other = p
        .create_function("shop", spec("other"))
        .await
        .unwrap()
        .reference();
    p.invoke(&other, InvokeRequest::new("").asynchronous())
        .await
        .unwrap();
    let rec = &p.async_invocations(&other)[0];
    assert_eq!((rec.attempts, rec.destination.clone()), (1, None));
    p.wait_for_async().await;
}

#[tokio::test(start_paused = true)]
async fn delayed_async_invocations_finish_in_the_background() {
    let (p, hello) = fc().await;
    p.set_handler(&hello, None, |_| {
        HandlerResult::ok("late").with_delay(Duration::from_secs(30))
    });
    let start = tokio::time::Instant::now();
    p.invoke(&hello, InvokeRequest::new("").asynchronous())
        .await
        .unwrap();
    assert_eq!(start.elapsed(), Duration::ZERO, "returns at once");
    let rec = &p.async_invocations(&hello)[0];
    assert_eq!(rec.outcome, AsyncOutcome::Running);
    assert!(!rec.outcome.is_finished());
    p.wait_for_async().await;
    assert_eq!(start.elapsed(), Duration::from_secs(30));
    let rec = &p.async_invocations(&hello)[0];
    assert!(rec.outcome.is_success());
    assert_eq!(rec.attempts, 1);
}

// ---------------------------------------------------------------------------------------------------------
// Faults, concurrency, housekeeping

#[tokio::test]
async fn injected_failures_then_success() {
    let (p, hello) = fc().await;
    p.inject_fault(Operation::GetFunction, Fault::fail(ErrorKind::Throttled, 2));
    for _ in 0..2 {
        let err = p.function(&hello).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Throttled);
        assert!(err.is_retryable());
        assert!(err.message().contains("injected"), "{err}");
        assert_eq!(err.operation(), Some("GetFunction"));
    }
    assert!(p.function(&hello).await.is_ok());
    assert_eq!(p.calls(Operation::GetFunction), 3);
    assert_eq!(p.calls(Operation::ListFunctions), 0);

    p.inject_fault(Operation::Invoke, Fault::fail(ErrorKind::Service, 5));
    p.clear_faults();
    assert!(p.invoke(&hello, InvokeRequest::new("")).await.is_ok());
    assert_eq!(p.calls(Operation::Invoke), 1);
}

#[tokio::test(start_paused = true)]
async fn injected_latency_is_observed() {
    let (p, hello) = fc().await;
    p.inject_fault(
        Operation::Invoke,
        Fault::latency(Duration::from_millis(1500), 1),
    );
    p.inject_fault(Operation::Invoke, Fault::fail(ErrorKind::Timeout, 1));
    let start = tokio::time::Instant::now();
    let err = p.invoke(&hello, InvokeRequest::new("")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(start.elapsed(), Duration::from_millis(1500));
    let start = tokio::time::Instant::now();
    p.invoke(&hello, InvokeRequest::new("")).await.unwrap();
    assert_eq!(start.elapsed(), Duration::ZERO);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_of_one_name_let_exactly_one_win() {
    let p = InMemory::alibaba();
    p.create_namespace(NamespaceSpec::new("shop"))
        .await
        .unwrap();
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let p = p.clone();
            tokio::spawn(async move { p.create_function("shop", spec("race")).await })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(e) => assert_eq!(e.kind(), ErrorKind::AlreadyExists),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(p.calls(Operation::CreateFunction), 32);
}

#[tokio::test(start_paused = true)]
async fn the_concurrency_quota_throttles_sync_invocations() {
    let p = InMemory::builder()
        .capabilities(Capabilities::huawei_functiongraph())
        .quota(QuotaKind::Concurrency, 1)
        .build();
    let hello = p
        .create_function("default", spec("hello"))
        .await
        .unwrap()
        .reference();
    p.set_handler(&hello, None, |_| {
        HandlerResult::ok("").with_delay(Duration::from_secs(1))
    });
    let running = {
        let (p, hello) = (p.clone(), hello.clone());
        tokio::spawn(async move { p.invoke(&hello, InvokeRequest::new("")).await })
    };
    tokio::task::yield_now().await;
    let q = p.list_quotas().await.unwrap();
    let conc = q.iter().find(|q| q.kind == QuotaKind::Concurrency).unwrap();
    assert_eq!((conc.limit, conc.used), (Some(1), Some(1)));
    assert_eq!(
        kind(p.invoke(&hello, InvokeRequest::new("")).await),
        ErrorKind::Throttled
    );
    assert!(running.await.unwrap().is_ok());
    assert!(p.invoke(&hello, InvokeRequest::new("")).await.is_ok());
}

#[tokio::test]
async fn clones_share_state_and_reset_forgets_it() {
    let (p, hello) = fc().await;
    let q = p.clone();
    assert!(q.function(&hello).await.is_ok());
    p.inject_fault(Operation::GetFunction, Fault::fail(ErrorKind::Service, 1));
    p.put_object("b", "k", Bytes::from_static(b"x"));
    q.reset();
    assert_eq!(p.calls(Operation::GetFunction), 0);
    assert_eq!(
        kind(p.get_namespace("shop").await),
        ErrorKind::NotFound,
        "fault gone too"
    );
    assert!(p.snapshot()["objects"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn snapshot_and_debug_summarise_the_state() {
    let (p, hello) = fc().await;
    p.publish_version(&hello, PublishVersion::new())
        .await
        .unwrap();
    p.create_alias(&hello, AliasSpec::new("prod", "1"))
        .await
        .unwrap();
    p.create_trigger(&hello, TriggerSpec::new("tick", timer()))
        .await
        .unwrap();
    let snap = p.snapshot();
    assert_eq!(snap["provider"], "in-memory");
    let ns = &snap["namespaces"][0];
    assert_eq!(ns["namespace"]["name"], "shop");
    assert_eq!(ns["functions"][0]["function"]["name"], "hello");
    assert_eq!(ns["functions"][0]["triggers"][0]["name"], "tick");
    assert_eq!(ns["versions"][0]["version"]["id"], "1");
    assert_eq!(ns["aliases"][0]["name"], "prod");
    assert_eq!(snap["calls"]["CreateFunction"], 1);
    let debug = format!("{p:?}");
    assert!(debug.contains("functions: 1"), "{debug}");
    assert!(debug.contains("versions: 1"), "{debug}");
    assert!(!debug.contains("index.handler"), "a summary, not the state");
}

#[tokio::test]
async fn a_poisoned_lock_does_not_take_the_double_down() {
    let (p, hello) = fc().await;
    let q = p.clone();
    let joined = std::thread::spawn(move || {
        let _guard = q.lock();
        panic!("poison the lock");
    })
    .join();
    assert!(joined.is_err());
    assert!(p.inner.state.is_poisoned());
    assert!(p.function(&hello).await.is_ok());
}

#[tokio::test]
async fn the_builder_names_the_provider_in_errors() {
    let p = InMemory::builder().name("fc-double").build();
    assert_eq!(p.name(), "fc-double");
    let err = p.get_namespace("nope").await.unwrap_err();
    assert_eq!(err.provider(), Some("fc-double"));
    let err = p.list_quotas().await.unwrap_err();
    assert_eq!(err.provider(), Some("fc-double"));
    assert_eq!(err.message(), "fc-double does not support listing quotas");
    let dynp: Arc<dyn Provider> = Arc::new(p);
    assert_eq!(dynp.capabilities().max_page_size, 100);
}

#[test]
fn in_memory_is_send_sync_and_static() {
    fn check<T: Send + Sync + 'static>() {}
    check::<InMemory>();
    check::<InMemoryBuilder>();
    check::<AsyncInvocationRecord>();
}
