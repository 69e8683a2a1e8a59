//! Migration rules checked in-process on `InMemory` providers of both shapes (FunctionGraph → FC).

#![allow(clippy::unwrap_used, missing_docs)]

use std::time::Duration;

use cloudfn_cli::migrate::{Migration, Options, Severity, migrate};
use cloudfn_core::{
    AliasSpec, Aliases, Code, FunctionRef, FunctionSpec, FunctionUpdate, Functions, InMemory,
    ProviderExt, PublishVersion, Runtime, Versions,
};
use futures::TryStreamExt;

fn zip(tag: &str) -> Code {
    Code::zip(
        cloudfn_core::zip::zip_entries(&[cloudfn_core::zip::Entry::file(
            "index.py",
            format!("# {tag}\n").into_bytes(),
        )])
        .unwrap(),
    )
}

fn opts(dry_run: bool) -> Options {
    Options {
        namespaces: vec!["pkg".into()],
        dry_run,
        concurrency: 3,
        progress: false,
        fg_apig_group: None,
    }
}

async fn seed(fg: &InMemory) {
    for name in ["a", "b", "c"] {
        fg.create_function(
            "pkg",
            FunctionSpec::new(name, Runtime::Python39, "index.handler", zip(name))
                .with_memory_mb(256)
                .with_timeout(Duration::from_secs(10)),
        )
        .await
        .unwrap();
    }
    let php = FunctionSpec::new("php", Runtime::Php73, "index.handler", zip("php"));
    fg.create_function("pkg", php).await.unwrap();
    for name in ["a", "b"] {
        let r = FunctionRef::new("pkg", name);
        fg.publish_version(&r, PublishVersion::new().with_name("v1"))
            .await
            .unwrap();
        fg.update_function(
            &r,
            FunctionUpdate::new().with_code(zip(&format!("{name}2"))),
        )
        .await
        .unwrap();
        fg.publish_version(&r, PublishVersion::new().with_name("v2"))
            .await
            .unwrap();
    }
    // `live` agrees across a and b (both on their second version); `split` does not.
    for name in ["a", "b"] {
        let r = FunctionRef::new("pkg", name);
        fg.create_alias(&r, AliasSpec::new("live", "v2").with_weight("v1", 0.1))
            .await
            .unwrap();
    }
    fg.create_alias(&FunctionRef::new("pkg", "a"), AliasSpec::new("split", "v1"))
        .await
        .unwrap();
    fg.create_alias(&FunctionRef::new("pkg", "b"), AliasSpec::new("split", "v2"))
        .await
        .unwrap();
    fg.create_alias(
        &FunctionRef::new("pkg", "c"),
        AliasSpec::new("edge", "latest"),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn fg_to_fc_maps_versions_and_reports_what_cannot_move() {
    let fg = InMemory::huawei();
    let fc = InMemory::alibaba();
    seed(&fg).await;

    let Migration::Planned(plan) = migrate(&fg, &fc, &opts(true)).await.unwrap() else {
        panic!("dry run did not plan");
    };
    let has = |sev: Severity, subject: &str, text: &str| {
        plan.notes
            .iter()
            .any(|n| n.severity == sev && n.subject == subject && n.message.contains(text))
    };
    assert!(
        has(Severity::Unmovable, "pkg/php", "runtime `php7.3`"),
        "{:#?}",
        plan.notes
    );
    assert!(
        has(Severity::Unmovable, "pkg alias split", "disagree"),
        "{:#?}",
        plan.notes
    );
    assert!(
        has(Severity::Unmovable, "pkg/c alias edge", "points to latest"),
        "{:#?}",
        plan.notes
    );
    assert!(
        has(Severity::Approximated, "pkg", "published together"),
        "{:#?}",
        plan.notes
    );
    assert!(
        fc.list_namespaces()
            .try_collect::<Vec<_>>()
            .await
            .unwrap()
            .is_empty()
    );

    let Migration::Done(_, report) = migrate(&fg, &fc, &opts(false)).await.unwrap() else {
        panic!("no report");
    };
    assert!(report.complete, "{:?}", report.errors);
    let a = FunctionRef::new("pkg", "a");
    let versions: Vec<String> = fc
        .list_versions(&a)
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(versions.len(), 2);
    let live = fc.get_alias(&a, "live").await.unwrap();
    assert_eq!(live.version, versions[1]);
    assert_eq!(live.additional_weights.get(&versions[0]), Some(&0.1));
    assert!(fc.get_alias(&a, "split").await.is_err());
    let functions: Vec<String> = fc
        .list_functions("pkg")
        .map_ok(|f| f.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(functions, ["a", "b", "c"]);

    // Idempotent: nothing is created or changed the second time.
    let Migration::Done(_, again) = migrate(&fg, &fc, &opts(false)).await.unwrap() else {
        panic!("no report");
    };
    for (kind, c) in &again.counts {
        assert_eq!((c.created, c.updated, c.failed), (0, 0, 0), "{kind}: {c:?}");
    }
    let versions_after: Vec<String> = fc
        .list_versions(&a)
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(versions, versions_after);
}

async fn assert_idempotent(from: &InMemory, to: &InMemory) {
    let Migration::Done(_, again) = migrate(from, to, &opts(false)).await.unwrap() else {
        panic!("no report");
    };
    for (kind, c) in &again.counts {
        assert_eq!((c.created, c.updated, c.failed), (0, 0, 0), "{kind}: {c:?}");
    }
}

#[tokio::test]
async fn same_cloud_migrations_keep_versions_and_aliases() {
    // FunctionGraph -> FunctionGraph: version names and per-function aliases are kept as they are.
    let src = InMemory::huawei();
    let dst = InMemory::huawei();
    seed(&src).await;
    let Migration::Done(_, report) = migrate(&src, &dst, &opts(false)).await.unwrap() else {
        panic!("no report");
    };
    assert!(report.complete, "{:?}", report.errors);
    let b = FunctionRef::new("pkg", "b");
    let versions: Vec<String> = dst
        .list_versions(&b)
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(versions, ["v1", "v2"]);
    assert_eq!(dst.get_alias(&b, "split").await.unwrap().version, "v2");
    assert_eq!(
        dst.get_alias(&FunctionRef::new("pkg", "c"), "edge")
            .await
            .unwrap()
            .version,
        "latest"
    );
    assert_idempotent(&src, &dst).await;

    // FC -> FC: service versions replayed in order, the alias re-pointed through the id map.
    let src = InMemory::alibaba();
    let dst = InMemory::alibaba();
    src.ensure_namespace(cloudfn_core::NamespaceSpec::new("pkg"))
        .await
        .unwrap();
    for name in ["x", "y"] {
        src.create_function(
            "pkg",
            FunctionSpec::new(name, Runtime::Python39, "index.handler", zip(name)),
        )
        .await
        .unwrap();
    }
    let x = FunctionRef::new("pkg", "x");
    let v1 = src
        .publish_version(&x, PublishVersion::new())
        .await
        .unwrap();
    src.update_function(&x, FunctionUpdate::new().with_code(zip("x2")))
        .await
        .unwrap();
    let v2 = src
        .publish_version(&x, PublishVersion::new().with_description("second"))
        .await
        .unwrap();
    src.create_alias(&x, AliasSpec::new("prod", &v2.id).with_weight(&v1.id, 0.5))
        .await
        .unwrap();
    let Migration::Done(_, report) = migrate(&src, &dst, &opts(false)).await.unwrap() else {
        panic!("no report");
    };
    assert!(report.complete, "{:?}", report.errors);
    let versions: Vec<cloudfn_core::Version> = dst.list_versions(&x).try_collect().await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        versions[1].description.as_deref(),
        Some("second [cloudfn-migrate:2]")
    );
    let prod = dst.get_alias(&x, "prod").await.unwrap();
    assert_eq!(prod.version, versions[1].id);
    assert_eq!(prod.additional_weights.get(&versions[0].id), Some(&0.5));
    assert_idempotent(&src, &dst).await;
}
