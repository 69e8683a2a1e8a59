//! End to end: the typed `cloudfn_alibaba::api::FcClient` (real HTTP, real signatures) against the
//! emulator's FC engine behind the axum server.

#![allow(clippy::unwrap_used, missing_docs)]

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cloudfn_alibaba::AlibabaFcBuilder;
use cloudfn_alibaba::api::types::{
    Code, CreateAliasRequest, CreateFunctionRequest, CreateServiceRequest, CreateTriggerRequest,
    PublishVersionRequest, PutAsyncInvokeConfigRequest, UpdateFunctionRequest,
    UpdateServiceRequest,
};
use cloudfn_alibaba::api::{FcClient, InvokeInput, ListOptions, ListServicesOptions};
use cloudfn_alibaba::checksum::code_checksum;
use cloudfn_alibaba::signer::FcCredentials;
use cloudfn_core::ErrorKind;
use cloudfn_emulator::{Behaviour, Cloud, Emulator};

fn client(emulator: &Emulator, id: &str, secret: &str) -> FcClient {
    AlibabaFcBuilder::new()
        .with_endpoint(emulator.url().as_str().trim_end_matches('/'))
        .with_allow_http(true)
        .with_credentials(FcCredentials::new(id, secret))
        .build()
        .unwrap()
}

fn function_request(name: &str, code: &[u8]) -> CreateFunctionRequest {
    CreateFunctionRequest {
        function_name: name.into(),
        handler: "index.handler".into(),
        runtime: Some("python3".into()),
        code: Some(Code {
            zip_file: Some(BASE64.encode(code)),
            ..Code::default()
        }),
        ..CreateFunctionRequest::default()
    }
}

#[tokio::test]
async fn typed_client_lifecycle_against_the_emulator() {
    let emulator = Emulator::start().await.unwrap();
    let fc = client(&emulator, "test", "test");

    // Services with paging.
    for i in 0..5 {
        let svc = fc
            .create_service(&CreateServiceRequest {
                service_name: format!("svc-{i}"),
                description: Some("demo".into()),
                ..CreateServiceRequest::default()
            })
            .await
            .unwrap();
        assert!(svc.etag.is_some());
        assert!(svc.request_id.is_some());
    }
    let mut names = Vec::new();
    let mut options = ListServicesOptions {
        limit: Some(2),
        ..ListServicesOptions::default()
    };
    loop {
        let page = fc.list_services(&options).await.unwrap().value;
        names.extend(page.services.into_iter().filter_map(|s| s.service_name));
        match page.next_token {
            Some(t) => options.next_token = Some(t),
            None => break,
        }
    }
    assert_eq!(names, ["svc-0", "svc-1", "svc-2", "svc-3", "svc-4"]);

    // ETag / If-Match.
    let got = fc.get_service("svc-0", None).await.unwrap();
    let err = fc
        .update_service("svc-0", &UpdateServiceRequest::default(), Some("stale"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(412));
    fc.update_service(
        "svc-0",
        &UpdateServiceRequest {
            description: Some("new".into()),
            ..UpdateServiceRequest::default()
        },
        got.etag.as_deref(),
    )
    .await
    .unwrap();

    // Functions, code download, invoke.
    let f = fc
        .create_function("svc-0", &function_request("hello", b"zip v1"))
        .await
        .unwrap()
        .value;
    assert_eq!(
        f.code_checksum.as_deref(),
        Some(code_checksum(b"zip v1").as_str())
    );
    let code = fc
        .get_function_code("svc-0", None, "hello")
        .await
        .unwrap()
        .value;
    let bytes = fc
        .download_code(code.url.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(&bytes[..], b"zip v1");

    let out = fc
        .invoke_function("svc-0", None, "hello", InvokeInput::sync(&b"{\"a\":1}"[..]))
        .await
        .unwrap();
    assert_eq!(out.status, 200);
    assert_eq!(&out.payload[..], b"{\"a\":1}");
    assert!(out.function_error.is_none());
    assert!(out.instance_id.is_some());

    emulator.engine().program(
        Cloud::Fc,
        "svc-0",
        "hello",
        None,
        Behaviour::fail(false, "boom").with_log("log line"),
    );
    let out = fc
        .invoke_function(
            "svc-0",
            None,
            "hello",
            InvokeInput::sync(&b"x"[..]).with_log_tail(),
        )
        .await
        .unwrap();
    assert!(out.function_error.is_some());
    assert_eq!(out.log_result.as_deref(), Some("log line"));

    // Versions, aliases and qualified reads.
    let v1 = fc
        .publish_service_version("svc-0", &PublishVersionRequest::default(), None)
        .await
        .unwrap()
        .value;
    assert_eq!(v1.version_id.as_deref(), Some("1"));
    let again = fc
        .publish_service_version("svc-0", &PublishVersionRequest::default(), None)
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("VersionPublishError"));
    fc.update_function(
        "svc-0",
        "hello",
        &UpdateFunctionRequest {
            description: Some("v2".into()),
            ..UpdateFunctionRequest::default()
        },
        None,
    )
    .await
    .unwrap();
    fc.create_alias(
        "svc-0",
        &CreateAliasRequest {
            alias_name: "prod".into(),
            version_id: "1".into(),
            ..CreateAliasRequest::default()
        },
    )
    .await
    .unwrap();
    let old = fc
        .get_function("svc-0", Some("prod"), "hello")
        .await
        .unwrap()
        .value;
    assert_eq!(old.description.as_deref(), Some(""));
    let latest = fc.get_function("svc-0", None, "hello").await.unwrap().value;
    assert_eq!(latest.description.as_deref(), Some("v2"));

    // Triggers.
    let trigger = fc
        .create_trigger(
            "svc-0",
            "hello",
            &CreateTriggerRequest {
                trigger_name: "tick".into(),
                trigger_type: "timer".into(),
                trigger_config: serde_json::json!({"cronExpression": "@every 5m", "enable": true}),
                ..CreateTriggerRequest::default()
            },
        )
        .await
        .unwrap();
    assert!(trigger.etag.is_some());
    let listed = fc
        .list_triggers("svc-0", "hello", &ListOptions::default())
        .await
        .unwrap()
        .value;
    assert_eq!(listed.triggers.len(), 1);

    // Async config + stateful async invocation.
    fc.put_function_async_invoke_config(
        "svc-0",
        None,
        "hello",
        &PutAsyncInvokeConfigRequest {
            stateful_invocation: Some(true),
            ..PutAsyncInvokeConfigRequest::default()
        },
    )
    .await
    .unwrap();
    emulator
        .engine()
        .program(Cloud::Fc, "svc-0", "hello", None, Behaviour::echo());
    let out = fc
        .invoke_function(
            "svc-0",
            None,
            "hello",
            InvokeInput::asynchronous(&b"job"[..]).with_stateful_async_invocation_id("job-1"),
        )
        .await
        .unwrap();
    assert_eq!(out.status, 202);
    assert_eq!(out.stateful_async_invocation_id.as_deref(), Some("job-1"));
    let inv = fc
        .get_stateful_async_invocation("svc-0", None, "hello", "job-1")
        .await
        .unwrap()
        .value;
    assert_eq!(inv.status.as_deref(), Some("Succeeded"));

    // Tags.
    let arn = "acs:fc:cn-hangzhou:1234567890123456:services/svc-1";
    fc.tag_resource(&cloudfn_alibaba::api::types::TagResourceRequest {
        resource_arn: arn.into(),
        tags: BTreeMap::from([("team".to_owned(), "a".to_owned())]),
        ..Default::default()
    })
    .await
    .unwrap();
    let tags = fc.get_resource_tags(arn).await.unwrap().value;
    assert_eq!(tags.tags.unwrap()["team"], "a");

    // Errors map to the documented kinds.
    let missing = fc.get_service("nope", None).await.unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    assert_eq!(missing.code(), Some("ServiceNotFound"));
    let not_empty = fc.delete_service("svc-0", None).await.unwrap_err();
    assert_eq!(not_empty.code(), Some("ServiceNotEmpty"));

    // Teardown.
    fc.delete_trigger("svc-0", "hello", "tick", None)
        .await
        .unwrap();
    fc.delete_alias("svc-0", "prod", None).await.unwrap();
    fc.delete_service_version("svc-0", "1").await.unwrap();
    fc.delete_function("svc-0", "hello", None).await.unwrap();
    fc.delete_service("svc-0", None).await.unwrap();
}

#[tokio::test]
async fn wrong_key_tampered_secret_are_rejected_over_http() {
    let emulator = Emulator::start().await.unwrap();
    let wrong_key = client(&emulator, "nobody", "test");
    let err = wrong_key.get_service("x", None).await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidAccessKeyID"));
    assert_eq!(err.status(), Some(403));
    let wrong_secret = client(&emulator, "test", "nope");
    let err = wrong_secret.get_service("x", None).await.unwrap_err();
    assert_eq!(err.code(), Some("SignatureNotMatch"));
}

/// Concurrent writers never corrupt state: 24 clients create services and functions at once over real
/// HTTP, and afterwards every one of them is there exactly once, each function with its own code.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_never_corrupt_state() {
    let emulator = Emulator::start().await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..24 {
        let fc = client(&emulator, "test", "test");
        tasks.push(tokio::spawn(async move {
            let service = format!("conc-{i:02}");
            fc.create_service(&CreateServiceRequest {
                service_name: service.clone(),
                ..CreateServiceRequest::default()
            })
            .await
            .unwrap();
            let code = format!("code of {i}");
            fc.create_function(&service, &function_request("f", code.as_bytes()))
                .await
                .unwrap();
            // And a duplicate create racing the first one's existence: always a conflict, never a second copy.
            let again = fc
                .create_service(&CreateServiceRequest {
                    service_name: service.clone(),
                    ..CreateServiceRequest::default()
                })
                .await
                .unwrap_err();
            assert_eq!(again.kind(), ErrorKind::AlreadyExists);
            (service, code)
        }));
    }
    let mut created = Vec::new();
    for t in tasks {
        created.push(t.await.unwrap());
    }
    let fc = client(&emulator, "test", "test");
    let mut names = Vec::new();
    let mut options = ListServicesOptions {
        limit: Some(7),
        ..ListServicesOptions::default()
    };
    loop {
        let page = fc.list_services(&options).await.unwrap().value;
        names.extend(page.services.into_iter().filter_map(|s| s.service_name));
        match page.next_token {
            Some(t) => options.next_token = Some(t),
            None => break,
        }
    }
    let mut want: Vec<String> = created.iter().map(|(s, _)| s.clone()).collect();
    want.sort();
    assert_eq!(names, want);
    for (service, code) in created {
        let got = fc.get_function(&service, None, "f").await.unwrap().value;
        assert_eq!(got.code_checksum, Some(code_checksum(code.as_bytes())));
    }
}
