//! `FcClient` behaviour on the wire: errors per resource family, paging streams, invoke, retries,
//! clock skew, malformed responses, and the unsigned code download.
#![allow(clippy::unwrap_used)]

mod api_support;

use std::future::Future;

use api_support::{
    Case, FUNC, FUNC_WIRE, REQUEST_ID, SVC, SVC_WIRE, assert_signed, client, config, transport_with,
};
use cloudfn_alibaba::api::types::{
    CreateFunctionRequest, CreateServiceRequest, PublishVersionRequest, TagResourceRequest,
    UpdateAliasRequest,
};
use cloudfn_alibaba::api::{
    FcClient, InvokeInput, ListInstancesOptions, ListLayerVersionsOptions, ListOptions,
    ListProvisionConfigsOptions, ListServicesOptions, ListStatefulAsyncInvocationsOptions,
    ListVersionsOptions, PageOptions,
};
use cloudfn_alibaba::signer::parse_date;
use cloudfn_core::transport::format_http_date;
use cloudfn_core::{Error, ErrorKind, FunctionErrorKind};
use futures::TryStreamExt;
use futures::stream::BoxStream;
use serde_json::json;
use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const P: &str = "/2016-08-15";

// ---------------------------------------------------------------------- errors per family

/// Runs `call` against a server answering `status` with an FC error body, checks the error.
async fn expect_error<T, F, Fut>(status: u16, code: &str, kind: ErrorKind, operation: &str, call: F)
where
    T: std::fmt::Debug,
    F: FnOnce(FcClient) -> Fut,
    Fut: Future<Output = cloudfn_core::Result<T>>,
{
    let server = MockServer::start().await;
    let message = format!("message for {code}");
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("x-fc-request-id", "rid-err")
                .set_body_json(json!({"ErrorCode": code, "ErrorMessage": message})),
        )
        .mount(&server)
        .await;
    let err: Error = call(client(&server)).await.unwrap_err();
    assert_eq!(err.kind(), kind, "{code}: {err}");
    assert_eq!(err.code(), Some(code));
    assert!(err.message().contains(&message), "{}", err.message());
    assert_eq!(err.request_id(), Some("rid-err"));
    assert_eq!(err.status(), Some(status));
    assert_eq!(err.provider(), Some("alibaba-fc"));
    assert_eq!(err.operation(), Some(operation));
    for req in server.received_requests().await.unwrap() {
        assert_signed(&req);
    }
}

#[tokio::test]
async fn documented_errors_of_every_family_map_to_their_kind() {
    expect_error(
        409,
        "ServiceAlreadyExists",
        ErrorKind::AlreadyExists,
        "CreateService",
        |c| async move {
            c.create_service(&CreateServiceRequest {
                service_name: "s".into(),
                ..Default::default()
            })
            .await
        },
    )
    .await;
    expect_error(
        409,
        "ServiceNotEmpty",
        ErrorKind::PreconditionFailed,
        "DeleteService",
        |c| async move { c.delete_service("s", None).await },
    )
    .await;
    expect_error(
        404,
        "FunctionNotFound",
        ErrorKind::NotFound,
        "GetFunction",
        |c| async move { c.get_function("s", None, "f").await },
    )
    .await;
    expect_error(
        404,
        "FunctionNotFound",
        ErrorKind::NotFound,
        "GetFunctionCode",
        |c| async move { c.get_function_code("s", None, "f").await },
    )
    .await;
    expect_error(
        409,
        "TriggerAlreadyExists",
        ErrorKind::AlreadyExists,
        "CreateTrigger",
        |c| async move {
            let body = serde_json::from_value(
                json!({"triggerName":"t","triggerType":"timer","triggerConfig":{}}),
            )
            .unwrap();
            c.create_trigger("s", "f", &body).await
        },
    )
    .await;
    expect_error(
        404,
        "TriggerNotFound",
        ErrorKind::NotFound,
        "GetTrigger",
        |c| async move { c.get_trigger("s", "f", "t").await },
    )
    .await;
    expect_error(
        409,
        "VersionPublishError",
        ErrorKind::PreconditionFailed,
        "PublishServiceVersion",
        |c| async move {
            c.publish_service_version("s", &PublishVersionRequest::default(), None)
                .await
        },
    )
    .await;
    expect_error(
        404,
        "VersionNotFound",
        ErrorKind::NotFound,
        "DeleteServiceVersion",
        |c| async move { c.delete_service_version("s", "9").await },
    )
    .await;
    expect_error(
        409,
        "AliasAlreadyExists",
        ErrorKind::AlreadyExists,
        "CreateAlias",
        |c| async move {
            let body = serde_json::from_value(json!({"aliasName":"a","versionId":"1"})).unwrap();
            c.create_alias("s", &body).await
        },
    )
    .await;
    expect_error(
        404,
        "AliaseNotFound",
        ErrorKind::NotFound,
        "UpdateAlias",
        |c| async move {
            c.update_alias("s", "a", &UpdateAliasRequest::default(), Some("e"))
                .await
        },
    )
    .await;
    expect_error(
        404,
        "DomainNameNotFound",
        ErrorKind::NotFound,
        "GetCustomDomain",
        |c| async move { c.get_custom_domain("example.com").await },
    )
    .await;
    expect_error(
        404,
        "AliasNotFound",
        ErrorKind::NotFound,
        "GetProvisionConfig",
        |c| async move { c.get_provision_config("s", "a", "f").await },
    )
    .await;
    expect_error(
        400,
        "InvalidArgument",
        ErrorKind::InvalidArgument,
        "TagResource",
        |c| async move { c.tag_resource(&TagResourceRequest::default()).await },
    )
    .await;
    expect_error(
        404,
        "AsyncConfigNotFound",
        ErrorKind::NotFound,
        "GetFunctionAsyncInvokeConfig",
        |c| async move { c.get_function_async_invoke_config("s", None, "f").await },
    )
    .await;
    expect_error(
        404,
        "StatefulAsyncInvocationNotFound",
        ErrorKind::NotFound,
        "GetStatefulAsyncInvocation",
        |c| async move { c.get_stateful_async_invocation("s", None, "f", "id").await },
    )
    .await;
    expect_error(
        404,
        "LayerNotFound",
        ErrorKind::NotFound,
        "GetLayerVersion",
        |c| async move { c.get_layer_version("l", 1).await },
    )
    .await;
    expect_error(
        400,
        "InvalidArgument",
        ErrorKind::InvalidArgument,
        "ListInstances",
        |c| async move {
            c.list_instances("s", Some("1"), "f", &ListInstancesOptions::default())
                .await
        },
    )
    .await;
    expect_error(
        404,
        "ServiceNotFound",
        ErrorKind::NotFound,
        "InvokeFunction",
        |c| async move {
            c.invoke_function("s", None, "f", InvokeInput::sync(&b"{}"[..]))
                .await
        },
    )
    .await;
    expect_error(
        403,
        "AccessDenied",
        ErrorKind::PermissionDenied,
        "GetAccountSettings",
        |c| async move { c.get_account_settings().await },
    )
    .await;
    expect_error(
        403,
        "SignatureNotMatch",
        ErrorKind::Unauthenticated,
        "ListServices",
        |c| async move { c.list_services(&ListServicesOptions::default()).await },
    )
    .await;
}

// ---------------------------------------------------------------------- paging

/// Mounts three pages of two items at `route`: no token → `t2` → `t3` → end.
async fn mount_pages(server: &MockServer, route: &str, key: &str) {
    let pages = [
        (None, Some("t2"), ["p1a", "p1b"]),
        (Some("t2"), Some("t3"), ["p2a", "p2b"]),
        (Some("t3"), None, ["p3a", "p3b"]),
    ];
    for (token, next, names) in pages {
        let items: Vec<_> = names.iter().map(|n| json!({"marker": n})).collect();
        let mut body = json!({ key: items });
        if let Some(n) = next {
            body["nextToken"] = json!(n);
        }
        let mock = Mock::given(method("GET")).and(path(route));
        let mock = match token {
            None => mock.and(query_param_is_missing("nextToken")),
            Some(t) => mock.and(query_param("nextToken", t)),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(server)
            .await;
    }
}

async fn collect_markers<T: serde::Serialize>(
    stream: BoxStream<'static, cloudfn_core::Result<T>>,
) -> Vec<String> {
    let items: Vec<T> = stream.try_collect().await.unwrap();
    items
        .iter()
        .map(|i| {
            serde_json::to_value(i).unwrap()["marker"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

const ALL_MARKERS: [&str; 6] = ["p1a", "p1b", "p2a", "p2b", "p3a", "p3b"];

#[tokio::test]
async fn every_stream_follows_next_token_over_three_pages() {
    let server = MockServer::start().await;
    let fn_base = format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}");
    let routes = [
        (format!("{P}/services"), "services"),
        (
            format!("{P}/services/{SVC_WIRE}.prod/functions"),
            "functions",
        ),
        (format!("{fn_base}/triggers"), "triggers"),
        (format!("{P}/services/{SVC_WIRE}/versions"), "versions"),
        (format!("{P}/services/{SVC_WIRE}/aliases"), "aliases"),
        (format!("{P}/custom-domains"), "customDomains"),
        (format!("{P}/provision-configs"), "provisionConfigs"),
        (format!("{fn_base}/async-invoke-configs"), "configs"),
        (
            format!("{fn_base}/stateful-async-invocations"),
            "invocations",
        ),
        (format!("{P}/layers"), "layers"),
        (format!("{fn_base}/instances"), "instances"),
        (format!("{P}/on-demand-configs"), "configs"),
        (format!("{P}/reservedCapacities"), "reservedCapacities"),
    ];
    for (route, key) in &routes {
        mount_pages(&server, route, key).await;
    }
    let c = client(&server);
    let lo = ListOptions::default;
    let streams: Vec<Vec<String>> = vec![
        collect_markers(c.list_services_stream(ListServicesOptions::default())).await,
        collect_markers(c.list_functions_stream(SVC, Some("prod"), lo())).await,
        collect_markers(c.list_triggers_stream(SVC, FUNC, lo())).await,
        collect_markers(c.list_service_versions_stream(SVC, ListVersionsOptions::default())).await,
        collect_markers(c.list_aliases_stream(SVC, lo())).await,
        collect_markers(c.list_custom_domains_stream(lo())).await,
        collect_markers(c.list_provision_configs_stream(ListProvisionConfigsOptions::default()))
            .await,
        collect_markers(c.list_function_async_invoke_configs_stream(
            SVC,
            FUNC,
            PageOptions::default(),
        ))
        .await,
        collect_markers(c.list_stateful_async_invocations_stream(
            SVC,
            None,
            FUNC,
            ListStatefulAsyncInvocationsOptions::default(),
        ))
        .await,
        collect_markers(c.list_layers_stream(lo())).await,
        collect_markers(c.list_instances_stream(SVC, None, FUNC, ListInstancesOptions::default()))
            .await,
        collect_markers(c.list_on_demand_configs_stream(lo())).await,
        collect_markers(c.list_reserved_capacities_stream(PageOptions::default())).await,
    ];
    assert_eq!(streams.len(), routes.len());
    for (markers, (route, _)) in streams.iter().zip(&routes) {
        assert_eq!(markers, &ALL_MARKERS, "{route}");
    }
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3 * routes.len());
    for req in &received {
        assert_signed(req);
    }
    // `verify` on drop checks each page was fetched exactly once.
}

#[tokio::test]
async fn a_stream_resumes_from_a_given_token_and_keeps_the_other_options() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{P}/layers")))
        .and(query_param("nextToken", "t2"))
        .and(query_param("prefix", "p"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"layers":[{"marker":"a"}],"nextToken":"t3"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{P}/layers")))
        .and(query_param("nextToken", "t3"))
        .and(query_param("prefix", "p"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"layers":[{"marker":"b"}],"nextToken":""})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let opts = ListOptions {
        next_token: Some("t2".into()),
        prefix: Some("p".into()),
        ..ListOptions::default()
    };
    let markers = collect_markers(client(&server).list_layers_stream(opts)).await;
    assert_eq!(markers, ["a", "b"]);
}

#[tokio::test]
async fn layer_versions_stream_follows_next_version() {
    let server = MockServer::start().await;
    for (start, next, name) in [
        (None, Some(3), "v1"),
        (Some("3"), Some(5), "v3"),
        (Some("5"), None, "v5"),
    ] {
        let mut body = json!({"layers": [{"marker": name}]});
        if let Some(n) = next {
            body["nextVersion"] = json!(n);
        }
        let mock = Mock::given(method("GET")).and(path(format!("{P}/layers/L%20x/versions")));
        let mock = match start {
            None => mock.and(query_param_is_missing("startVersion")),
            Some(s) => mock.and(query_param("startVersion", s)),
        };
        mock.and(query_param("limit", "1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let opts = ListLayerVersionsOptions {
        start_version: None,
        limit: Some(1),
    };
    let markers = collect_markers(client(&server).list_layer_versions_stream("L x", opts)).await;
    assert_eq!(markers, ["v1", "v3", "v5"]);
}

#[tokio::test]
async fn a_stream_ends_with_the_error_of_a_failed_page() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("nextToken"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"aliases":[{"aliasName":"a"}],"nextToken":"t2"})),
        )
        .mount(&server)
        .await;
    Mock::given(query_param("nextToken", "t2"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"ErrorCode":"ServiceNotFound","ErrorMessage":"gone"})),
        )
        .mount(&server)
        .await;
    let results: Vec<_> = futures::StreamExt::collect::<Vec<_>>(
        client(&server).list_aliases_stream("s", ListOptions::default()),
    )
    .await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert_eq!(results[1].as_ref().unwrap_err().kind(), ErrorKind::NotFound);
}

// ---------------------------------------------------------------------- invoke

fn invoke_path(qualified: bool) -> String {
    let q = if qualified { ".prod" } else { "" };
    format!("{P}/services/{SVC_WIRE}{q}/functions/{FUNC_WIRE}/invocations")
}

#[tokio::test]
async fn invoke_sync_sends_raw_bytes_and_returns_the_result() {
    let payload = b"\x00\x01binary {\"k\":1}\xff";
    let out = Case::new("POST", invoke_path(true))
        .raw_body(payload, "application/octet-stream")
        .header("x-fc-invocation-type", "Sync")
        .no_header("x-fc-log-type")
        .no_header("x-fc-stateful-async-invocation-id")
        .reply(200, "hello world")
        .reply_header("x-fc-instance-id", "inst-1")
        .reply_header("x-fc-code-checksum", "5697641582914695457")
        .run(|c| async move {
            c.invoke_function(SVC, Some("prod"), FUNC, InvokeInput::sync(&payload[..]))
                .await
        })
        .await
        .unwrap();
    assert_eq!(out.status, 200);
    assert_eq!(&out.payload[..], b"hello world");
    assert!(out.function_error.is_none());
    assert!(out.log_result.is_none());
    assert_eq!(out.request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(out.instance_id.as_deref(), Some("inst-1"));
    assert_eq!(out.code_checksum.as_deref(), Some("5697641582914695457"));
}

#[tokio::test]
async fn invoke_with_log_tail_decodes_the_log() {
    use base64::Engine as _;
    let log = "FC Invoke Start RequestId: r\nhello ü\nFC Invoke End";
    let encoded = base64::engine::general_purpose::STANDARD.encode(log);
    let out = Case::new("POST", invoke_path(false))
        .raw_body(b"{}", "application/json")
        .header("x-fc-invocation-type", "Sync")
        .header("x-fc-log-type", "Tail")
        .header("x-fc-trace-id", "trace-1")
        .reply(200, "ok")
        .reply_header("x-fc-log-result", &encoded)
        .run(|c| async move {
            let mut input = InvokeInput::sync(&b"{}"[..]).with_log_tail();
            input.content_type = Some("application/json".into());
            input
                .extra_headers
                .push(("x-fc-trace-id".into(), "trace-1".into()));
            c.invoke_function(SVC, None, FUNC, input).await
        })
        .await
        .unwrap();
    assert_eq!(out.log_result.as_deref(), Some(log));
}

#[tokio::test]
async fn invoke_async_with_a_stateful_id() {
    let out = Case::new("POST", invoke_path(true))
        .raw_body(b"event", "application/octet-stream")
        .header("x-fc-invocation-type", "Async")
        .header("x-fc-stateful-async-invocation-id", "job-42")
        .reply(202, "")
        .reply_header("x-fc-stateful-async-invocation-id", "job-42")
        .run(|c| async move {
            let input = InvokeInput::asynchronous(&b"event"[..])
                .with_stateful_async_invocation_id("job-42");
            c.invoke_function(SVC, Some("prod"), FUNC, input).await
        })
        .await
        .unwrap();
    assert_eq!(out.status, 202);
    assert!(out.payload.is_empty());
    assert_eq!(out.stateful_async_invocation_id.as_deref(), Some("job-42"));
}

#[tokio::test]
async fn invoke_function_errors_are_results_not_errors() {
    for (error_type, kind) in [
        ("HandledInvocationError", FunctionErrorKind::Handled),
        ("UnhandledInvocationError", FunctionErrorKind::Unhandled),
    ] {
        let body = r#"{"errorMessage":"boom","errorType":"Error"}"#;
        let out = Case::new("POST", invoke_path(false))
            .raw_body(b"x", "application/octet-stream")
            .header("x-fc-invocation-type", "Sync")
            .reply(200, body)
            .reply_header("x-fc-error-type", error_type)
            .run(|c| async move {
                c.invoke_function(SVC, None, FUNC, InvokeInput::sync(&b"x"[..]))
                    .await
            })
            .await
            .unwrap();
        let fe = out.function_error.expect("a function error");
        assert_eq!(fe.kind, kind);
        assert_eq!(fe.message.as_deref(), Some("Error: boom"));
        assert_eq!(&out.payload[..], body.as_bytes());
        assert_eq!(out.request_id.as_deref(), Some(REQUEST_ID));
    }
}

// ---------------------------------------------------------------------- retries

#[tokio::test]
async fn a_get_is_retried_after_503() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_json(json!({"ErrorCode":"ResourceThrottled","ErrorMessage":"busy"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"serviceName":"s"})))
        .with_priority(2)
        .mount(&server)
        .await;
    let r = client(&server).get_service("s", None).await.unwrap();
    assert_eq!(r.value.service_name.as_deref(), Some("s"));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for req in &received {
        assert_signed(req);
    }
}

#[tokio::test]
async fn a_post_create_is_not_retried_after_500() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("x-fc-request-id", "rid-500")
                .set_body_json(json!({"ErrorCode":"InternalServerError","ErrorMessage":"an internal error has occurred. Please retry"})),
        )
        .mount(&server)
        .await;
    let body: CreateFunctionRequest =
        serde_json::from_value(json!({"functionName":"f","handler":"h","runtime":"python3"}))
            .unwrap();
    let err = client(&server)
        .create_function("s", &body)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(err.code(), Some("InternalServerError"));
    assert_eq!(err.request_id(), Some("rid-500"));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    // Same for a synchronous invoke ...
    let err = client(&server)
        .invoke_function("s", None, "f", InvokeInput::sync(&b"{}"[..]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_async_invoke_with_an_invocation_id_is_retried_one_without_is_not() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500).set_body_json(json!({"ErrorCode":"InternalServerError"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(202))
        .with_priority(2)
        .mount(&server)
        .await;
    let c = client(&server);
    let input = InvokeInput::asynchronous(&b"e"[..]).with_stateful_async_invocation_id("job-1");
    let out = c.invoke_function("s", None, "f", input).await.unwrap();
    assert_eq!(out.status, 202);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500).set_body_json(json!({"ErrorCode":"InternalServerError"})),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .invoke_function("s", None, "f", InvokeInput::asynchronous(&b"e"[..]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn clock_skew_is_corrected_and_the_request_re_signed_once() {
    let server = MockServer::start().await;
    let server_now = chrono::Utc::now() + chrono::TimeDelta::hours(2);
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("date", format_http_date(server_now).as_str())
                .set_body_json(json!({"ErrorCode":"RequestTimeTooSkewed","ErrorMessage":"the difference between the request time and the server's time is too large"})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"functionName":"f"})))
        .with_priority(2)
        .mount(&server)
        .await;
    let c = client(&server);
    let r = c.get_function("s", None, "f").await.unwrap();
    assert_eq!(r.value.function_name.as_deref(), Some("f"));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for req in &received {
        assert_signed(req);
    }
    let date = |i: usize| parse_date(received[i].headers["date"].to_str().unwrap()).unwrap();
    let shift = date(1) - date(0);
    assert!(
        shift > chrono::TimeDelta::minutes(110) && shift < chrono::TimeDelta::minutes(130),
        "second attempt not re-dated: {shift}"
    );
    assert!(c.transport().clock_offset() > chrono::TimeDelta::minutes(110));
}

#[tokio::test]
async fn a_second_clock_skew_error_is_final() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header(
                    "date",
                    format_http_date(chrono::Utc::now() + chrono::TimeDelta::hours(2)).as_str(),
                )
                .set_body_json(json!({"ErrorCode":"RequestTimeTooSkewed","ErrorMessage":"skewed"})),
        )
        .mount(&server)
        .await;
    let err = client(&server).get_service("s", None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthenticated);
    assert_eq!(err.code(), Some("RequestTimeTooSkewed"));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// ---------------------------------------------------------------------- decoding

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    for body in [&br#"{"serviceName":"#[..], b"<html>oops</html>", b""] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-fc-request-id", "rid-bad")
                    .set_body_bytes(body.to_vec()),
            )
            .mount(&server)
            .await;
        let err = client(&server).get_service("s", None).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
        assert_eq!(err.request_id(), Some("rid-bad"));
        assert_eq!(err.operation(), Some("GetService"));
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"services": 5})))
        .mount(&server)
        .await;
    let err = client(&server)
        .list_services(&ListServicesOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
}

#[tokio::test]
async fn a_non_json_error_body_keeps_status_and_text() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502).set_body_string("Bad Gateway"))
        .mount(&server)
        .await;
    let err = client(&server)
        .delete_alias("s", "a", None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert!(err.message().contains("Bad Gateway"));
}

// ---------------------------------------------------------------------- code download

#[tokio::test]
async fn download_code_is_unsigned_and_capped() {
    let server = MockServer::start().await;
    let zip = vec![7u8; 64];
    Mock::given(method("GET"))
        .and(path("/code/pkg.zip"))
        .and(query_param("Signature", "abc+/="))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(zip.clone()))
        .mount(&server)
        .await;
    let url = format!("{}/code/pkg.zip?Signature=abc%2B%2F%3D", server.uri());
    let bytes = client(&server).download_code(&url).await.unwrap();
    assert_eq!(&bytes[..], &zip[..]);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert!(!received[0].headers.contains_key("authorization"));
    assert!(!received[0].headers.contains_key("x-fc-security-token"));

    let small = FcClient::new(
        transport_with(config().with_max_response_bytes(16)),
        url::Url::parse(&server.uri()).unwrap(),
    );
    let err = small.download_code(&url).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PayloadTooLarge);

    let err = small.download_code("file:///etc/passwd").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = small.download_code("not a url").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[tokio::test]
async fn if_match_with_a_bad_value_fails_before_sending() {
    let server = MockServer::start().await;
    let err = client(&server)
        .delete_function("s", "f", Some("bad\nvalue"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn dot_and_empty_names_are_refused_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    // `..` would resolve to `DELETE /services/s`: deleting the service instead of a function.
    let err = c.delete_function("s", "..", None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = c.get_service(".", None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = c.get_service("s", Some("")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = c
        .invoke_function("", None, "f", InvokeInput::sync(&b""[..]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = c.delete_trigger("s", "f", ".", None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn debug_shows_no_secret() {
    let c = FcClient::new(
        api_support::transport(),
        url::Url::parse("http://127.0.0.1:9").unwrap(),
    );
    let dbg = format!("{c:?}");
    assert!(!dbg.contains(api_support::SECRET), "{dbg}");
    assert!(dbg.contains("127.0.0.1"));
}
