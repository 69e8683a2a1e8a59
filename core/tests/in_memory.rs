//! `InMemory` through the public API only, held as `Arc<dyn Provider>` the way users hold a real cloud.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use cloudfn_core::{
    AliasSpec, AsyncConfig, AsyncOutcome, Code, Destination, ErrorKind, Fault, FunctionRef,
    FunctionSpec, FunctionUpdate, HandlerResult, InMemory, InvokeRequest, NamespaceModel,
    NamespaceSpec, Operation, Provider, ProviderExt, PublishVersion, Qualifier, Runtime,
    TimerConfig, TriggerConfig, TriggerSpec,
};
use futures::TryStreamExt;

const EMPTY_ZIP: [u8; 22] = [
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

fn spec(name: &str) -> FunctionSpec {
    FunctionSpec::new(
        name,
        Runtime::Python39,
        "index.handler",
        Code::zip(EMPTY_ZIP.to_vec()),
    )
}

/// The whole life of a function, written once for every provider.
async fn lifecycle(p: &dyn Provider) {
    let caps = p.capabilities().clone();
    let ns = p
        .ensure_namespace(NamespaceSpec::new("quickstart"))
        .await
        .unwrap();
    let hello = p
        .create_function(&ns.name, spec("hello").with_memory_mb(256))
        .await
        .unwrap()
        .reference();

    let v1 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap();
    p.update_function(&hello, FunctionUpdate::new().with_memory_mb(512))
        .await
        .unwrap();
    let v2 = p
        .publish_version(&hello, PublishVersion::new())
        .await
        .unwrap();
    assert_ne!(v1.id, v2.id);
    p.create_alias(
        &hello,
        AliasSpec::new("prod", &v1.id).with_weight(&v2.id, 0.10),
    )
    .await
    .unwrap();
    let trigger = p
        .create_trigger(
            &hello,
            TriggerSpec::new(
                "every-5m",
                TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(300))),
            )
            .with_qualifier(Qualifier::alias("prod")),
        )
        .await
        .unwrap();

    let dead_letters = FunctionRef::new(&ns.name, "dead-letters");
    p.create_function(&ns.name, spec("dead-letters"))
        .await
        .unwrap();
    p.put_async_config(
        &hello,
        &Qualifier::Latest,
        AsyncConfig::new()
            .with_max_retries(0)
            .with_max_event_age(Duration::from_secs(3600))
            .with_on_failure(Destination::function(dead_letters.clone())),
    )
    .await
    .unwrap();

    let out = p
        .invoke(
            &hello,
            InvokeRequest::new(r#"{"name":"world"}"#).with_log_tail(true),
        )
        .await
        .unwrap();
    assert_eq!(out.payload_text(), r#"{"name":"world"}"#);
    assert!(out.log_tail.unwrap().starts_with("START RequestId: "));
    let mut canary = 0;
    for _ in 0..200 {
        let r = p
            .invoke(
                &hello,
                InvokeRequest::new("{}").with_qualifier(Qualifier::alias("prod")),
            )
            .await
            .unwrap();
        if r.executed_version.as_deref() == Some(v2.id.as_str()) {
            canary += 1;
        }
        if !caps.reports_executed_version {
            assert_eq!(
                r.executed_version, None,
                "not reported where the cloud does not"
            );
        }
    }
    // Where the version that ran is reported, the canary's share shows.
    if caps.reports_executed_version {
        assert!((5..=40).contains(&canary), "{canary} of 200 ran the canary");
    }
    let queued = p
        .invoke(&hello, InvokeRequest::new("{}").asynchronous())
        .await
        .unwrap();
    assert!(queued.async_invocation_id.is_some());

    let names: Vec<String> = p
        .list_functions(&ns.name)
        .map_ok(|f| f.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["dead-letters", "hello"]);
    let versions: Vec<String> = p
        .list_versions(&hello)
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(versions, [v1.id.clone(), v2.id.clone()]);

    // Clean up in the order every cloud accepts: the trigger before the alias it invokes.
    p.delete_trigger(&hello, &trigger.id).await.unwrap();
    p.delete_alias(&hello, "prod").await.unwrap();
    p.delete_async_config(&hello, &Qualifier::Latest)
        .await
        .unwrap();
    for v in [&v2.id, &v1.id] {
        p.delete_version(&hello, v).await.unwrap();
    }
    p.delete_function(&hello).await.unwrap();
    p.delete_function(&dead_letters).await.unwrap();
    if caps.namespace_model == NamespaceModel::Explicit {
        p.delete_namespace(&ns.name).await.unwrap();
    }
    assert_eq!(
        p.get_namespace(&ns.name).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn the_lifecycle_runs_on_both_shapes() {
    let providers: Vec<Arc<dyn Provider>> =
        vec![Arc::new(InMemory::alibaba()), Arc::new(InMemory::huawei())];
    for p in providers {
        lifecycle(p.as_ref()).await;
    }
}

#[tokio::test]
async fn a_test_programs_answers_faults_and_reads_async_records() {
    let cloud = InMemory::alibaba();
    let p: Arc<dyn Provider> = Arc::new(cloud.clone());
    p.create_namespace(NamespaceSpec::new("shop"))
        .await
        .unwrap();
    let f = p
        .create_function("shop", spec("checkout"))
        .await
        .unwrap()
        .reference();
    cloud.set_handler(&f, None, |inv| {
        HandlerResult::ok(format!("charged {}", String::from_utf8_lossy(&inv.payload)))
    });

    cloud.inject_fault(Operation::Invoke, Fault::fail(ErrorKind::Throttled, 1));
    let err = p.invoke(&f, InvokeRequest::new("5")).await.unwrap_err();
    assert!(err.is_retryable());
    let ok = p.invoke(&f, InvokeRequest::new("5")).await.unwrap();
    assert_eq!(ok.payload_text(), "charged 5");
    assert_eq!(cloud.calls(Operation::Invoke), 2);

    p.invoke(&f, InvokeRequest::new("7").asynchronous())
        .await
        .unwrap();
    cloud.wait_for_async().await;
    let records = cloud.async_invocations(&f);
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].outcome,
        AsyncOutcome::Succeeded {
            payload: "charged 7".into()
        }
    );
}
