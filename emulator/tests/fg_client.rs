//! End to end: the typed `cloudfn_huawei::FunctionGraphClient` (real HTTP, real `SDK-HMAC-SHA256`
//! signatures, real IAM tokens) against the emulator's FunctionGraph + IAM engine behind the axum server.

#![allow(clippy::unwrap_used, clippy::too_many_lines, missing_docs)]

use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cloudfn_core::ErrorKind;
use cloudfn_emulator::{Behaviour, Cloud, Emulator};
use cloudfn_huawei::FunctionGraphBuilder;
use cloudfn_huawei::api::types::{
    CreateFunctionRequest, CreateFunctionTriggerRequest, CreateFunctionVersionRequest,
    CreateVersionAliasRequest, FuncCode, ListAsyncInvocationsQuery,
    ListFunctionAsyncInvokeConfigQuery, ListFunctionVersionsQuery, ListFunctionsQuery,
    StopAsyncInvocationRequest, UpdateFunctionAsyncInvokeConfigRequest, UpdateFunctionCodeRequest,
    UpdateFunctionConfigRequest, UpdateTriggerRequest, UpdateVersionAliasRequest,
};
use cloudfn_huawei::api::{FunctionGraphClient, InvokeOptions};
use cloudfn_huawei::signer::AkSkCredentials;
use cloudfn_huawei::urn::FunctionUrn;

const PROJECT: &str = "0123456789abcdef0123456789abcdef";

async fn aksk_client(emulator: &Emulator, ak: &str, sk: &str) -> FunctionGraphClient {
    let url = emulator.url().as_str().trim_end_matches('/').to_owned();
    FunctionGraphBuilder::new()
        .with_endpoint(url.clone())
        .with_iam_endpoint(url)
        .with_allow_http(true)
        .with_region("cn-north-4")
        .with_project_id(PROJECT)
        .with_aksk(AkSkCredentials::new(ak, sk))
        .build()
        .await
        .unwrap()
}

fn create_request(name: &str) -> CreateFunctionRequest {
    CreateFunctionRequest {
        func_name: name.into(),
        package: "default".into(),
        runtime: "Python3.9".into(),
        timeout: 30,
        handler: "index.handler".into(),
        memory_size: 256,
        code_type: "zip".into(),
        code_filename: Some("index.zip".into()),
        func_code: Some(FuncCode {
            file: Some(BASE64.encode(b"PK\x03\x04 pretend zip")),
            ..FuncCode::default()
        }),
        ..CreateFunctionRequest::default()
    }
}

fn urn(name: &str) -> FunctionUrn {
    format!("urn:fss:cn-north-4:{PROJECT}:function:default:{name}")
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_client_lifecycle_with_aksk() {
    let emulator = Emulator::builder().start().await.unwrap();
    let client = aksk_client(&emulator, "test", "test").await;

    let quotas = client.list_quotas().await.unwrap();
    assert!(quotas.quotas.unwrap().resources.unwrap().len() >= 5);

    let created = client
        .create_function(&create_request("e2e"))
        .await
        .unwrap();
    assert_eq!(created.func_name.as_deref(), Some("e2e"));
    assert_eq!(created.cpu, Some(400));
    let f = urn("e2e");
    let err = client
        .create_function(&create_request("e2e"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert_eq!(err.code(), Some("FSS.1061"));
    assert!(err.request_id().is_some());

    // Code round trip through the served link.
    let code = client.show_function_code(&f).await.unwrap();
    let link = code.func_code.unwrap().link.unwrap();
    let bytes = reqwest::get(&link).await.unwrap().bytes().await.unwrap();
    assert_eq!(&bytes[..], b"PK\x03\x04 pretend zip");
    let updated = client
        .update_function_code(
            &f,
            &UpdateFunctionCodeRequest {
                code_type: "zip".into(),
                code_filename: Some("index.zip".into()),
                func_code: FuncCode {
                    file: Some(BASE64.encode(b"PK\x03\x04 v2")),
                    ..FuncCode::default()
                },
                ..UpdateFunctionCodeRequest::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.code_size, Some(7));

    let config = client
        .update_function_config(
            &f,
            &UpdateFunctionConfigRequest {
                func_name: "e2e".into(),
                runtime: "Python3.9".into(),
                timeout: 60,
                handler: "index.handler".into(),
                memory_size: 512,
                user_data: Some(r#"{"K":"V"}"#.into()),
                ..UpdateFunctionConfigRequest::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(config.timeout, Some(60));
    assert_eq!(config.user_data_map().unwrap()["K"], "V");
    let shown = client.show_function_config(&f).await.unwrap();
    assert_eq!(shown.memory_size, Some(512));

    // Versions and aliases.
    let v1 = client
        .create_function_version(
            &f,
            &CreateFunctionVersionRequest {
                version: Some("v1".into()),
                ..CreateFunctionVersionRequest::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(v1.version.as_deref(), Some("v1"));
    let again = client
        .create_function_version(&f, &CreateFunctionVersionRequest::default())
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("FSS.1016"));
    let versions = client
        .list_function_versions(&f, &ListFunctionVersionsQuery::default())
        .await
        .unwrap();
    assert_eq!(versions.count, Some(2));
    let alias = client
        .create_version_alias(
            &f,
            &CreateVersionAliasRequest {
                name: "prod".into(),
                version: "v1".into(),
                additional_version_weights: Some(BTreeMap::from([("latest".to_owned(), 20)])),
                ..CreateVersionAliasRequest::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(alias.additional_version_weights.unwrap()["latest"], 20);
    let aliases = client.list_version_aliases(&f).await.unwrap();
    assert_eq!(aliases.len(), 1);
    let bad = client
        .update_version_alias(
            &f,
            "prod",
            &UpdateVersionAliasRequest {
                version: "v1".into(),
                additional_version_weights: Some(BTreeMap::from([("v1".to_owned(), 20)])),
                ..UpdateVersionAliasRequest::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(bad.code(), Some("FSS.1093"));
    assert_eq!(bad.kind(), ErrorKind::InvalidArgument);

    // Triggers.
    let trigger = client
        .create_function_trigger(
            &f,
            &CreateFunctionTriggerRequest {
                trigger_type_code: "TIMER".into(),
                trigger_status: Some("ACTIVE".into()),
                event_data: serde_json::json!({"name": "tick", "schedule_type": "Rate", "schedule": "1d"}),
                ..CreateFunctionTriggerRequest::default()
            },
        )
        .await
        .unwrap();
    let tid = trigger.trigger_id.clone().unwrap();
    let listed = client.list_function_triggers(&f).await.unwrap();
    assert_eq!(listed.len(), 1);
    let disabled = client
        .update_trigger(
            &f,
            "TIMER",
            &tid,
            &UpdateTriggerRequest {
                trigger_status: Some("DISABLED".into()),
                ..UpdateTriggerRequest::default()
            },
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(disabled.status(), Some("DISABLED"));
    client
        .delete_function_trigger(&f, "TIMER", &tid)
        .await
        .unwrap();
    let gone = client
        .show_function_trigger(&f, "TIMER", &tid)
        .await
        .unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);

    // Async config.
    let cfg = client
        .update_function_async_invoke_config(
            &f,
            &UpdateFunctionAsyncInvokeConfigRequest {
                max_async_retry_attempts: Some(2),
                enable_async_status_log: Some(true),
                ..UpdateFunctionAsyncInvokeConfigRequest::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(cfg.max_async_retry_attempts, Some(2));
    let cfgs = client
        .list_function_async_invoke_config(&f, &ListFunctionAsyncInvokeConfigQuery::default())
        .await
        .unwrap();
    assert_eq!(cfgs.count, Some(1));
    client
        .delete_function_async_invoke_config(&f)
        .await
        .unwrap();

    // Invocation: echo by default; a programmed failure is a result, not an error.
    let out = client
        .invoke_function(
            &f,
            &serde_json::json!({"k": "v"}),
            &InvokeOptions::new().with_log_tail(),
        )
        .await
        .unwrap();
    assert_eq!(out.result_json(), Some(serde_json::json!({"k": "v"})));
    assert!(!out.is_function_error());
    assert!(out.log().unwrap().contains("Start invoke request"));
    assert!(out.request_id().is_some());
    emulator.engine().program(
        Cloud::Fg,
        "default",
        "e2e",
        None,
        Behaviour::fail(false, "kaput"),
    );
    let failed = client
        .invoke_function(&f, &serde_json::json!({}), &InvokeOptions::new())
        .await
        .unwrap();
    assert!(failed.is_function_error());
    assert!(failed.result().unwrap().contains("kaput"));

    // Async invocations: recorded, listed, cancelled.
    emulator.engine().program(
        Cloud::Fg,
        "default",
        "e2e",
        None,
        Behaviour::echo().with_delay(Duration::from_secs(300)),
    );
    let accepted = client
        .async_invoke_function(&f, &serde_json::json!({}), None)
        .await
        .unwrap();
    let rid = accepted.request_id.unwrap();
    let records = client
        .list_async_invocations(&f, &ListAsyncInvocationsQuery::default())
        .await
        .unwrap();
    let record = &records.invocations.unwrap()[0];
    assert_eq!(record.request_id.as_deref(), Some(rid.as_str()));
    assert_eq!(record.status.as_deref(), Some("RUNNING"));
    client
        .cancel_async_invocation(
            &f,
            &StopAsyncInvocationRequest {
                request_id: rid.clone(),
                r#type: Some("force".into()),
                ..StopAsyncInvocationRequest::default()
            },
        )
        .await
        .unwrap();
    let records = client
        .list_async_invocations(
            &f,
            &ListAsyncInvocationsQuery {
                request_id: Some(rid),
                ..ListAsyncInvocationsQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        records.invocations.unwrap()[0].status.as_deref(),
        Some("DISCARD")
    );

    // Paging through the list.
    for i in 0..4 {
        client
            .create_function(&create_request(&format!("page{i}")))
            .await
            .unwrap();
    }
    let mut names = Vec::new();
    let mut marker = Some("0".to_owned());
    while let Some(m) = marker {
        let page = client
            .list_functions(&ListFunctionsQuery {
                marker: Some(m),
                maxitems: Some(2),
                ..ListFunctionsQuery::default()
            })
            .await
            .unwrap();
        let items = page.functions.unwrap_or_default();
        names.extend(items.iter().filter_map(|f| f.func_name.clone()));
        let next = page.next_marker.unwrap();
        marker = (!items.is_empty() && next < page.count.unwrap()).then(|| next.to_string());
    }
    assert_eq!(names.len(), 5);

    // Deletion.
    client.delete_function(&f).await.unwrap();
    let gone = client.show_function_config(&f).await.unwrap_err();
    assert_eq!(
        (gone.kind(), gone.code()),
        (ErrorKind::NotFound, Some("FSS.1051"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_client_with_password_auth_and_project_lookup() {
    let emulator = Emulator::builder().start().await.unwrap();
    let url = emulator.url().as_str().trim_end_matches('/').to_owned();
    // Password auth: a project-scoped token from the emulator's IAM, project id from the token.
    let client = FunctionGraphBuilder::new()
        .with_endpoint(url.clone())
        .with_iam_endpoint(url.clone())
        .with_allow_http(true)
        .with_region("cn-north-4")
        .with_password_auth("test", "test", "test")
        .build()
        .await
        .unwrap();
    assert_eq!(client.project_id(), PROJECT);
    client
        .create_function(&create_request("tok"))
        .await
        .unwrap();
    let listed = client
        .list_functions(&ListFunctionsQuery::default())
        .await
        .unwrap();
    assert_eq!(listed.count, Some(1));

    // AK/SK without a project id: looked up with GET /v3/projects?name={region}.
    let lookup = FunctionGraphBuilder::new()
        .with_endpoint(url.clone())
        .with_iam_endpoint(url.clone())
        .with_allow_http(true)
        .with_region("cn-north-4")
        .with_aksk(AkSkCredentials::new("test", "test"))
        .build()
        .await
        .unwrap();
    assert_eq!(lookup.project_id(), PROJECT);
    assert_eq!(
        lookup
            .list_functions(&ListFunctionsQuery::default())
            .await
            .unwrap()
            .count,
        Some(1)
    );

    // A wrong password fails at build time; a wrong key or secret on the first call.
    let wrong = FunctionGraphBuilder::new()
        .with_endpoint(url.clone())
        .with_iam_endpoint(url.clone())
        .with_allow_http(true)
        .with_region("cn-north-4")
        .with_password_auth("test", "nope", "test")
        .build()
        .await;
    assert!(wrong.is_err());
    let bad_secret = aksk_client(&emulator, "test", "wrong").await;
    let err = bad_secret.list_quotas().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthenticated);
    assert_eq!(err.code(), Some("APIGW.0301"));
    let bad_key = aksk_client(&emulator, "nobody", "test").await;
    assert_eq!(
        bad_key.list_quotas().await.unwrap_err().code(),
        Some("APIGW.0301")
    );
}
