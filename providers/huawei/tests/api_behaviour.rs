//! Invocation, paging streams, retries, decode failures and token authentication of the typed client.

mod api_common;

use std::sync::Arc;

use api_common::{
    Expect, PROJECT, URN_SEG, check, check_error, check_request, client, client_with_signer,
    header, received, serve, urn, verify_signature,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use cloudfn_core::transport::{HttpRequest, RequestSigner};
use cloudfn_core::{ErrorKind, Result};
use cloudfn_huawei::api::types::{
    CreateFunctionRequest, ListAsyncInvocationsQuery, ListDependenciesQuery,
    ListFunctionAsyncInvokeConfigQuery, ListFunctionVersionsQuery, ListFunctionsQuery,
};
use cloudfn_huawei::api::{InvokeOptions, REQUEST_VERSION_V0};
use futures::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn invoke_sync_result_log_and_headers() {
    let s = MockServer::start().await;
    let c = client(&s);
    s.reset().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Cff-Request-Id", "req-sync-1")
                .insert_header("X-Cff-Invoke-Summary", "{\"funcExecTime\":3}")
                .insert_header("X-Cff-Billing-Duration", "4")
                .insert_header("X-Cff-Function-Duration", "3.2")
                .set_body_raw(
                    r#"{"request_id":"req-sync-1","result":"{\"statusCode\":200,\"body\":\"ok\"}","log":"START\nEND","status":0}"#,
                    "application/json",
                ),
        )
        .mount(&s)
        .await;
    let opts = InvokeOptions::new()
        .with_log_tail()
        .with_instance_memory(256);
    let out = c
        .invoke_function(&urn(), &json!({ "k" : "v" }), &opts)
        .await
        .unwrap();
    assert_eq!(out.request_id(), Some("req-sync-1"));
    assert_eq!(out.cff_request_id.as_deref(), Some("req-sync-1"));
    assert_eq!(out.result(), Some(r#"{"statusCode":200,"body":"ok"}"#));
    assert_eq!(
        out.result_json(),
        Some(json!({ "statusCode" : 200, "body" : "ok" }))
    );
    assert_eq!(out.log(), Some("START\nEND"));
    assert_eq!(out.status(), Some(0));
    assert!(!out.is_function_error());
    assert_eq!(out.invoke_summary.as_deref(), Some("{\"funcExecTime\":3}"));
    assert_eq!(out.billing_duration.as_deref(), Some("4"));
    assert_eq!(out.function_duration.as_deref(), Some("3.2"));
    let req = check(
        &s,
        &Expect::new("POST", format!("/functions/{URN_SEG}/invocations"))
            .body(json!({ "k" : "v" })),
    )
    .await;
    assert_eq!(header(&req, "x-cff-log-type").as_deref(), Some("tail"));
    assert_eq!(header(&req, "x-cff-request-version").as_deref(), Some("v1"));
    assert_eq!(
        header(&req, "x-cff-instance-memory").as_deref(),
        Some("256")
    );
    // The operation headers are signed, as the SDK signs them.
    let auth = header(&req, "authorization").unwrap();
    assert!(
        auth.contains("x-cff-log-type;x-cff-request-version"),
        "{auth}"
    );
}

#[tokio::test]
async fn invoke_function_error_is_a_result() {
    let s = MockServer::start().await;
    let c = client(&s);
    serve(
        &s,
        200,
        r#"{"request_id":"r2","result":"{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}","log":"Traceback...","status":-1}"#,
    )
    .await;
    let out = c
        .invoke_function(&urn(), &json!({}), &InvokeOptions::new())
        .await
        .unwrap();
    assert!(out.is_function_error());
    assert_eq!(out.status(), Some(-1));
    assert_eq!(out.result_json().unwrap()["errorMessage"], "boom");
    assert_eq!(out.log(), Some("Traceback..."));
    let req = check(
        &s,
        &Expect::new("POST", format!("/functions/{URN_SEG}/invocations")).body(json!({})),
    )
    .await;
    assert_eq!(header(&req, "x-cff-log-type"), None);
    assert_eq!(header(&req, "x-cff-instance-memory"), None);
}

#[tokio::test]
async fn invoke_text_format_and_errors() {
    let s = MockServer::start().await;
    let c = client(&s);
    serve(&s, 200, "\"downloaded 14 KB\"").await;
    let opts = InvokeOptions::new().with_request_version(Some(REQUEST_VERSION_V0));
    let out = c
        .invoke_function(&urn(), &json!({"message":"download file"}), &opts)
        .await
        .unwrap();
    assert_eq!(out.result(), Some("\"downloaded 14 KB\""));
    assert_eq!(out.request_id(), None);
    let req = api_common::received(&s).await.remove(0);
    assert_eq!(header(&req, "x-cff-request-version").as_deref(), Some("v0"));

    // A raw body goes out verbatim.
    serve(&s, 200, r#"{"request_id":"r","result":"1","status":0}"#).await;
    let opts = InvokeOptions::new().with_request_version(None);
    c.invoke_function_raw(&urn(), r#"{"a": 1}"#, &opts)
        .await
        .unwrap();
    let req = received(&s).await.remove(0);
    assert_eq!(req.body, br#"{"a": 1}"#);
    assert_eq!(header(&req, "x-cff-request-version"), None);
    verify_signature(&req);

    serve(
        &s,
        404,
        r#"{"error_code":"FSS.1051","error_msg":"Not found the function"}"#,
    )
    .await;
    let err = c
        .invoke_function(&urn(), &json!({}), &InvokeOptions::new())
        .await
        .unwrap_err();
    check_error(
        &err,
        ErrorKind::NotFound,
        "FSS.1051",
        "Not found the function",
    );
    assert_eq!(err.operation(), Some("InvokeFunction"));
    assert_eq!(err.status(), Some(404));

    // A JSON-format answer that is not JSON is a decode failure.
    serve(&s, 200, "{not json").await;
    let err = c
        .invoke_function(&urn(), &json!({}), &InvokeOptions::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
}

#[tokio::test]
async fn invoke_async_and_reserved() {
    let s = MockServer::start().await;
    let c = client(&s);
    serve(
        &s,
        202,
        r#"{ "request_id" : "1167bf8c-87b0-43ab-8f5f-26b16c64f252" }"#,
    )
    .await;
    let out = c
        .async_invoke_function(&urn(), &json!({ "k" : "v" }), Some(512))
        .await
        .unwrap();
    assert_eq!(
        out.request_id.as_deref(),
        Some("1167bf8c-87b0-43ab-8f5f-26b16c64f252")
    );
    let req = check(
        &s,
        &Expect::new("POST", format!("/functions/{URN_SEG}/invocations-async"))
            .body(json!({ "k" : "v" })),
    )
    .await;
    assert_eq!(
        header(&req, "x-cff-instance-memory").as_deref(),
        Some("512")
    );

    // No request id in the body: taken from X-Cff-Request-Id.
    s.reset().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(202)
                .insert_header("X-Cff-Request-Id", "hdr-id")
                .set_body_raw("{}", "application/json"),
        )
        .mount(&s)
        .await;
    let out = c
        .async_invoke_function(&urn(), &json!({}), None)
        .await
        .unwrap();
    assert_eq!(out.request_id.as_deref(), Some("hdr-id"));

    serve(
        &s,
        202,
        r#"{ "instance_id" : "048bad9b-96ae-45ad-8f12-4061a744ef9d" }"#,
    )
    .await;
    let out = c
        .async_invoke_reserved_function(&urn(), &json!({ "k" : "v" }))
        .await
        .unwrap();
    assert_eq!(
        out.instance_id.as_deref(),
        Some("048bad9b-96ae-45ad-8f12-4061a744ef9d")
    );
    check(
        &s,
        &Expect::new("POST", format!("/functions/{URN_SEG}/reserved-invocations"))
            .body(json!({ "k" : "v" })),
    )
    .await;

    serve(
        &s,
        404,
        r#"{ "error_code" : "FSS.1051", "error_msg" : "Not found the function" }"#,
    )
    .await;
    let err = c
        .async_invoke_reserved_function(&urn(), &json!({}))
        .await
        .unwrap_err();
    check_error(
        &err,
        ErrorKind::NotFound,
        "FSS.1051",
        "Not found the function",
    );
}

fn function_json(name: &str) -> serde_json::Value {
    json!({ "func_urn" : format!("urn:fss:cn-north-4:{PROJECT}:function:default:{name}"), "func_name" : name })
}

#[tokio::test]
async fn list_functions_stream_follows_three_pages() {
    let s = MockServer::start().await;
    let c = client(&s);
    let pages = [
        (
            "0",
            json!({ "functions" : [function_json("a"), function_json("b")], "next_marker" : 2, "count" : 5 }),
        ),
        (
            "2",
            json!({ "functions" : [function_json("c"), function_json("d")], "next_marker" : 4, "count" : 5 }),
        ),
        (
            "4",
            json!({ "functions" : [function_json("e")], "next_marker" : 5, "count" : 5 }),
        ),
    ];
    for (marker, body) in &pages {
        Mock::given(method("GET"))
            .and(path(format!("/v2/{PROJECT}/fgs/functions")))
            .and(query_param("marker", *marker))
            .and(query_param("maxitems", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&s)
            .await;
    }
    let query = ListFunctionsQuery {
        marker: Some("0".into()),
        maxitems: Some(2),
        ..ListFunctionsQuery::default()
    };
    let names: Vec<String> = c
        .list_functions_stream(query)
        .map_ok(|f| f.func_name.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 3);
    for (req, marker) in reqs.iter().zip(["0", "2", "4"]) {
        check_request(
            req,
            &Expect::new("GET", "/functions").query(&format!("marker={marker}&maxitems=2")),
        );
        verify_signature(req);
    }
}

#[tokio::test]
async fn other_streams_page_too() {
    let s = MockServer::start().await;
    let c = client(&s);
    let f = urn();
    // Versions: two pages, the second ends (next_marker == count).
    for (marker, body) in [
        (
            None,
            json!({ "versions" : [function_json("v1")], "next_marker" : 1, "count" : 2 }),
        ),
        (
            Some("1"),
            json!({ "versions" : [function_json("v2")], "next_marker" : 2, "count" : 2 }),
        ),
    ] {
        let mut m = Mock::given(path(format!(
            "/v2/{PROJECT}/fgs/functions/{URN_SEG}/versions"
        )));
        if let Some(marker) = marker {
            m = m.and(query_param("marker", marker));
        }
        m.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .up_to_n_times(1)
            .mount(&s)
            .await;
    }
    let all: Vec<_> = c
        .list_function_versions_stream(&f, ListFunctionVersionsQuery::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(received(&s).await.len(), 2);

    // Async-invocation configurations: the marker is in page_info.
    s.reset().await;
    for (marker, next) in [("0", 1), ("1", 2)] {
        Mock::given(path(format!("/v2/{PROJECT}/fgs/functions/{URN_SEG}/async-invoke-configs")))
            .and(query_param("marker", marker))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "async_invoke_configs" : [ { "max_async_retry_attempts" : next } ], "count" : 2,
                "page_info" : { "next_marker" : next, "previous_marker" : 0, "current_count" : 1 } })))
            .mount(&s)
            .await;
    }
    let query = ListFunctionAsyncInvokeConfigQuery {
        marker: Some("0".into()),
        limit: Some(1),
    };
    let all: Vec<_> = c
        .list_function_async_invoke_config_stream(&f, query)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);

    // Async invocations and dependencies: a single short page ends the stream.
    serve(
        &s,
        200,
        r#"{ "invocations" : [ { "request_id" : "r1" } ], "next_marker" : 1, "count" : 1 }"#,
    )
    .await;
    let all: Vec<_> = c
        .list_async_invocations_stream(&f, ListAsyncInvocationsQuery::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    serve(
        &s,
        200,
        r#"{ "dependencies" : [], "next_marker" : 0, "count" : 0 }"#,
    )
    .await;
    let all: Vec<_> = c
        .list_dependencies_stream(ListDependenciesQuery::default())
        .try_collect()
        .await
        .unwrap();
    assert!(all.is_empty());

    // An error ends a stream after it is yielded.
    serve(
        &s,
        500,
        r#"{ "error_code" : "FSS.0500", "error_msg" : "xxx" }"#,
    )
    .await;
    let err = c
        .list_dependencies_stream(ListDependenciesQuery::default())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("FSS.0500"));
}

#[tokio::test]
async fn get_is_retried_after_503() {
    let s = MockServer::start().await;
    let c = client(&s);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_raw(
            r#"{"error_code":"FSS.0503","error_msg":"busy"}"#,
            "application/json",
        ))
        .up_to_n_times(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{ "quotas" : { "resources" : [] } }"#, "application/json"),
        )
        .mount(&s)
        .await;
    let q = c.list_quotas().await.unwrap();
    assert!(q.quotas.is_some());
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 2);
    for req in &reqs {
        verify_signature(req);
    }
}

#[tokio::test]
async fn post_create_is_not_retried_after_500() {
    let s = MockServer::start().await;
    let c = client(&s);
    serve(
        &s,
        500,
        r#"{ "error_code" : "FSS.0500", "error_msg" : "internal" }"#,
    )
    .await;
    let body: CreateFunctionRequest = serde_json::from_value(json!({ "func_name" : "f",
        "package" : "default", "runtime" : "Python3.9", "timeout" : 3, "handler" : "i.h",
        "memory_size" : 128, "code_type" : "inline" }))
    .unwrap();
    let err = c.create_function(&body).await.unwrap_err();
    check_error(&err, ErrorKind::Service, "FSS.0500", "internal");
    assert_eq!(received(&s).await.len(), 1);

    // Nor a synchronous invocation.
    serve(
        &s,
        500,
        r#"{ "error_code" : "FSS.0500", "error_msg" : "internal" }"#,
    )
    .await;
    c.invoke_function(&urn(), &json!({}), &InvokeOptions::new())
        .await
        .unwrap_err();
    assert_eq!(received(&s).await.len(), 1);

    // Nor an asynchronous invocation.
    serve(
        &s,
        500,
        r#"{ "error_code" : "FSS.0500", "error_msg" : "internal" }"#,
    )
    .await;
    c.async_invoke_function(&urn(), &json!({}), None)
        .await
        .unwrap_err();
    assert_eq!(received(&s).await.len(), 1);

    // A GET is idempotent: retried up to the policy's 3 attempts.
    serve(
        &s,
        500,
        r#"{ "error_code" : "FSS.0500", "error_msg" : "internal" }"#,
    )
    .await;
    c.show_function_config(&urn()).await.unwrap_err();
    assert_eq!(received(&s).await.len(), 3);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let s = MockServer::start().await;
    let c = client(&s);
    serve(&s, 200, r#"{ "quotas" : [ "#).await;
    let err = c.list_quotas().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    serve(&s, 200, r#"{ "functions" : 7 }"#).await;
    let err = c
        .list_functions(&ListFunctionsQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    serve(&s, 200, "").await;
    let err = c.show_function_config(&urn()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
}

/// A stand-in for the IAM token signer: puts a fixed token on every attempt.
#[derive(Debug)]
struct TestTokenSigner;

#[async_trait]
impl RequestSigner for TestTokenSigner {
    async fn sign(&self, req: &mut HttpRequest, _now: DateTime<Utc>) -> Result<()> {
        req.headers_mut().insert(
            "x-auth-token",
            http::HeaderValue::from_static("MIIT-token-value"),
        );
        Ok(())
    }
}

#[tokio::test]
async fn token_auth_carries_x_auth_token() {
    let s = MockServer::start().await;
    let c = client_with_signer(&s, Arc::new(TestTokenSigner));
    serve(&s, 200, r#"{ "quotas" : { "resources" : [] } }"#).await;
    c.list_quotas().await.unwrap();
    let req = received(&s).await.remove(0);
    assert_eq!(
        header(&req, "x-auth-token").as_deref(),
        Some("MIIT-token-value")
    );
    assert_eq!(header(&req, "authorization"), None);
    assert_eq!(req.url.path(), format!("/v2/{PROJECT}/fgs/quotas"));
    assert_eq!(
        header(&req, "content-type").as_deref(),
        Some("application/json")
    );
    // Debug of the client shows no credential.
    let shown = format!("{c:?}");
    assert!(!shown.contains("MIIT-token-value"), "{shown}");
    let shown = format!("{:?}", client(&s));
    assert!(!shown.contains(api_common::SK), "{shown}");
    assert!(shown.contains(PROJECT), "{shown}");
}

#[tokio::test]
async fn endpoint_path_prefix_is_kept() {
    let s = MockServer::start().await;
    let transport = client(&s).transport().clone();
    let endpoint = url::Url::parse(&format!("{}/gateway/", s.uri())).unwrap();
    let c = cloudfn_huawei::FunctionGraphClient::new(transport, endpoint, PROJECT);
    serve(&s, 200, r#"{ "quotas" : { "resources" : [] } }"#).await;
    c.list_quotas().await.unwrap();
    let req = received(&s).await.remove(0);
    assert_eq!(req.url.path(), format!("/gateway/v2/{PROJECT}/fgs/quotas"));
    verify_signature(&req);
}

#[tokio::test]
async fn clock_skew_is_corrected_and_resent_once() {
    let s = MockServer::start().await;
    let c = client(&s);
    // The server's clock is two hours ahead of ours: the first attempt is rejected as expired.
    let server_now = Utc::now() + chrono::TimeDelta::hours(2);
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("Date", server_now.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
                .insert_header("X-Request-Id", "rid-skew")
                .set_body_raw(
                    r#"{"error_msg":"Signature expired","error_code":"APIGW.0301","request_id":"rid-skew"}"#,
                    "application/json",
                ),
        )
        .up_to_n_times(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(202).set_body_raw(r#"{"request_id":"ok-1"}"#, "application/json"),
        )
        .mount(&s)
        .await;
    // Even a non-idempotent POST: the server rejected it before acting.
    let out = c
        .async_invoke_function(&urn(), &json!({}), None)
        .await
        .unwrap();
    assert_eq!(out.request_id.as_deref(), Some("ok-1"));
    let reqs = received(&s).await;
    assert_eq!(reqs.len(), 2);
    let second = header(&reqs[1], "x-sdk-date").unwrap();
    let date = chrono::NaiveDateTime::parse_from_str(&second, "%Y%m%dT%H%M%SZ")
        .unwrap()
        .and_utc();
    assert!((date - server_now).num_seconds().abs() < 60, "{second}");
    verify_signature(&reqs[1]);
}

#[tokio::test]
async fn signature_failures_keep_the_gateway_code() {
    let s = MockServer::start().await;
    let c = client(&s);
    serve(
        &s,
        401,
        r#"{"error_msg":"Incorrect IAM authentication information: verify aksk signature fail","error_code":"APIGW.0301","request_id":"rid-test"}"#,
    )
    .await;
    let err = c.list_quotas().await.unwrap_err();
    check_error(
        &err,
        ErrorKind::Unauthenticated,
        "APIGW.0301",
        "verify aksk signature fail",
    );
    assert_eq!(received(&s).await.len(), 1);
}
