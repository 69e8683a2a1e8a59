//! Every FunctionGraph operation of the typed client against wiremock: method, raw path (URNs, aliases,
//! hostile names encoded as the SDK does), raw query, headers, JSON body, an independently verified
//! signature, the decoded response, and one documented error per resource family.

mod api_common;

use api_common::{
    Expect, HOSTILE_SEG, URN_SEG, check, check_error, client, hostile_urn, serve, urn,
};
use cloudfn_core::ErrorKind;
use cloudfn_huawei::api::types::{
    CreateDependencyRequest, CreateEventRequest, CreateFunctionRequest,
    CreateFunctionTriggerRequest, CreateFunctionVersionRequest, CreateVersionAliasRequest,
    ExportFunctionQuery, ImportFunctionRequest, ListAsyncInvocationsQuery, ListDependenciesQuery,
    ListFunctionAsyncInvokeConfigQuery, ListFunctionVersionsQuery, ListFunctionsQuery,
    ListStatisticsQuery, StopAsyncInvocationRequest, TracingConfig, UpdateEventRequest,
    UpdateFunctionAsyncInvokeConfigRequest, UpdateFunctionCodeRequest, UpdateFunctionConfigRequest,
    UpdateFunctionMaxInstanceConfigRequest, UpdateReservedInstancesRequest, UpdateTriggerRequest,
    UpdateVersionAliasRequest,
};
use serde_json::{Value, json};
use wiremock::MockServer;

fn from<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).expect("request body")
}

#[tokio::test]
async fn quotas() {
    let s = MockServer::start().await;
    let c = client(&s);
    serve(
        &s,
        200,
        r#"{ "quotas" : { "resources" : [
          { "quota" : 60, "used" : 3, "type" : "fgs_func_scale_down_timeout" },
          { "quota" : 10240, "used" : 22, "type" : "fgs_func_code_size", "unit" : "MB" } ] } }"#,
    )
    .await;
    let q = c.list_quotas().await.unwrap();
    let res = q.quotas.unwrap().resources.unwrap();
    assert_eq!(res.len(), 2);
    assert_eq!(res[1].unit.as_deref(), Some("MB"));
    assert_eq!(res[0].quota, Some(60));
    check(&s, &Expect::new("GET", "/quotas")).await;

    serve(
        &s,
        403,
        r#"{"error_code":"FSS.0403","error_msg":"invalid token"}"#,
    )
    .await;
    let err = c.list_quotas().await.unwrap_err();
    check_error(
        &err,
        ErrorKind::PermissionDenied,
        "FSS.0403",
        "invalid token",
    );
}

#[tokio::test]
async fn dependencies() {
    let s = MockServer::start().await;
    let c = client(&s);
    serve(
        &s,
        200,
        r#"{ "dependencies" : [ { "id" : "6578de50-9a18-48fa-b84e-b2d36636e433", "owner" : "public",
          "link" : "https://obs/fg_test_pandas_1.1.3.zip", "runtime" : "Python3.6",
          "etag" : "35a893d9495b3e22259b2773996bc94d-6", "size" : 31009808, "name" : "panda1.1.3" } ],
          "next_marker" : 43, "count" : 43 }"#,
    )
    .await;
    let query = ListDependenciesQuery {
        marker: Some("0".into()),
        maxitems: Some(400),
        name: Some("my dep+ü".into()),
        runtime: Some("Python3.6".into()),
        ..ListDependenciesQuery::default()
    };
    let page = c.list_dependencies(&query).await.unwrap();
    assert_eq!(page.next_marker, Some(43));
    assert_eq!(
        page.dependencies.unwrap()[0].name.as_deref(),
        Some("panda1.1.3")
    );
    check(
        &s,
        &Expect::new("GET", "/dependencies")
            .query("marker=0&maxitems=400&name=my%20dep%2B%C3%BC&runtime=Python3.6"),
    )
    .await;

    let body = json!({ "depend_link" : "https://bucket.obs/depends/x.zip",
        "depend_type" : "obs", "runtime" : "Node.js8.10", "name" : "xxx" });
    let created = r#"{ "id" : "4f4ae4eb-dcdc-4dd3-bffd-79600bd972b3", "owner" : "*****",
        "link" : "https://bucket.obs/depends/x.zip", "runtime" : "Python3.6", "etag" : "83863be4",
        "size" : 577118, "name" : "python-kafka", "file_name" : "python-kafka.zip" }"#;
    serve(&s, 200, created).await;
    let dep = c
        .create_dependency(&from::<CreateDependencyRequest>(&body))
        .await
        .unwrap();
    assert_eq!(
        dep.id.as_deref(),
        Some("4f4ae4eb-dcdc-4dd3-bffd-79600bd972b3")
    );
    check(&s, &Expect::new("POST", "/dependencies").body(body.clone())).await;

    serve(&s, 200, created).await;
    let dep = c.show_dependency("dep id/1").await.unwrap();
    assert_eq!(dep.size, Some(577_118));
    check(&s, &Expect::new("GET", "/dependencies/dep%20id%2F1")).await;

    serve(&s, 200, "null").await;
    let updated = c
        .update_dependency("d1", &from::<CreateDependencyRequest>(&body))
        .await
        .unwrap();
    assert_eq!(updated, None);
    check(
        &s,
        &Expect::new("PUT", "/dependencies/d1").body(body.clone()),
    )
    .await;

    serve(&s, 200, created).await;
    let updated = c
        .update_dependency("d1", &from::<CreateDependencyRequest>(&body))
        .await
        .unwrap();
    assert_eq!(
        updated.and_then(|d| d.name).as_deref(),
        Some("python-kafka")
    );

    serve(&s, 204, "").await;
    c.delete_dependency("d1").await.unwrap();
    check(&s, &Expect::new("DELETE", "/dependencies/d1")).await;

    serve(
        &s,
        404,
        r#"{"error_code":"FSS.0404","error_msg":"dependency not found"}"#,
    )
    .await;
    let err = c.show_dependency("nope").await.unwrap_err();
    check_error(
        &err,
        ErrorKind::NotFound,
        "FSS.0404",
        "dependency not found",
    );
}

#[tokio::test]
async fn events() {
    let s = MockServer::start().await;
    let c = client(&s);
    let f = urn();
    serve(
        &s,
        200,
        r#"{ "events" : [ { "id" : "3b659dc0-12fc-40dc-aa05-a321d9424cb3", "name" : "event-k9r3",
           "last_modified" : 1597374286 } ], "next_marker" : 1, "count" : 1 }"#,
    )
    .await;
    let list = c.list_events(&f).await.unwrap();
    assert_eq!(list.count, Some(1));
    assert_eq!(list.events.unwrap()[0].name.as_deref(), Some("event-k9r3"));
    check(
        &s,
        &Expect::new("GET", format!("/functions/{URN_SEG}/events")),
    )
    .await;

    let reply = r#"{ "id" : "3b659dc0-12fc-40dc-aa05-a321d9424cb3", "name" : "event-k9r3" }"#;
    let body = json!({ "name" : "event-xx", "content" : "eyJrIjoidiJ9" });
    serve(&s, 200, reply).await;
    let created = c
        .create_event(&f, &from::<CreateEventRequest>(&body))
        .await
        .unwrap();
    assert_eq!(created.name.as_deref(), Some("event-k9r3"));
    check(
        &s,
        &Expect::new("POST", format!("/functions/{URN_SEG}/events")).body(body),
    )
    .await;

    serve(
        &s,
        200,
        r#"{ "id" : "3b659dc0", "name" : "event-k9r3", "last_modified" : 1597374286,
             "content" : "ewogICAgImJvZGkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d*****" }"#,
    )
    .await;
    let ev = c.show_event(&hostile_urn(), "ev 1").await.unwrap();
    assert!(ev.content.unwrap().starts_with("ewogICAg"));
    check(
        &s,
        &Expect::new("GET", format!("/functions/{HOSTILE_SEG}/events/ev%201")),
    )
    .await;

    let body = json!({ "content" : "eyJrIjoidjIifQ==" });
    serve(&s, 200, reply).await;
    c.update_event(&f, "e1", &from::<UpdateEventRequest>(&body))
        .await
        .unwrap();
    check(
        &s,
        &Expect::new("PUT", format!("/functions/{URN_SEG}/events/e1")).body(body),
    )
    .await;

    serve(&s, 204, "").await;
    c.delete_event(&f, "e1").await.unwrap();
    check(
        &s,
        &Expect::new("DELETE", format!("/functions/{URN_SEG}/events/e1")),
    )
    .await;

    serve(
        &s,
        400,
        r#"{"error_code":"FSS.0400","error_msg":"event name exists"}"#,
    )
    .await;
    let err = c.delete_event(&f, "e1").await.unwrap_err();
    check_error(
        &err,
        ErrorKind::InvalidArgument,
        "FSS.0400",
        "event name exists",
    );
}

#[tokio::test]
async fn tracing() {
    let s = MockServer::start().await;
    let c = client(&s);
    let f = urn();
    serve(
        &s,
        200,
        r#"{ "tracing_ak" : "AK-APM", "tracing_sk" : "SK-APM" }"#,
    )
    .await;
    let t = c.show_tracing(&f).await.unwrap();
    assert_eq!(t.tracing_ak.as_deref(), Some("AK-APM"));
    assert_eq!(
        t.tracing_sk.map(|s| s.expose().to_owned()).as_deref(),
        Some("SK-APM")
    );
    check(
        &s,
        &Expect::new("GET", format!("/functions/{URN_SEG}/tracing")),
    )
    .await;

    let body = json!({ "tracing_ak" : "AK2", "tracing_sk" : "SK2" });
    serve(&s, 200, "").await;
    let out = c
        .update_tracing(&f, &from::<TracingConfig>(&body))
        .await
        .unwrap();
    assert!(out.is_none());
    check(
        &s,
        &Expect::new("PUT", format!("/functions/{URN_SEG}/tracing")).body(body),
    )
    .await;

    serve(
        &s,
        404,
        r#"{"code":"FSS.1051","message":"Not found the function"}"#,
    )
    .await;
    let err = c.show_tracing(&f).await.unwrap_err();
    check_error(
        &err,
        ErrorKind::NotFound,
        "FSS.1051",
        "Not found the function",
    );
}

const FUNCTION: &str = r#"{ "func_urn" : "urn:fss:cn-north-4:proj123:function:default:my-fn:latest",
  "func_name" : "my-fn", "domain_id" : "cfd01_hk", "namespace" : "proj123", "package" : "default",
  "runtime" : "Python3.9", "timeout" : 3, "handler" : "index.handler", "memory_size" : 128, "cpu" : 300,
  "code_type" : "inline", "code_filename" : "index.py", "code_size" : 272, "version" : "latest",
  "last_modified" : "2019-10-25T15:37:27+08:00", "strategy_config" : { "concurrency" : -1 } }"#;

#[tokio::test]
async fn function_lifecycle() {
    let s = MockServer::start().await;
    let c = client(&s);
    let f = urn();
    serve(
        &s,
        200,
        &format!(r#"{{ "functions" : [ {FUNCTION} ], "next_marker" : 4, "count" : 9 }}"#),
    )
    .await;
    let query = ListFunctionsQuery {
        marker: Some("0".into()),
        maxitems: Some(400),
        package_name: Some("my pkg".into()),
        func_name: Some("a~b*c".into()),
    };
    let page = c.list_functions(&query).await.unwrap();
    assert_eq!(page.next_marker, Some(4));
    assert_eq!(
        page.functions.unwrap()[0].func_name.as_deref(),
        Some("my-fn")
    );
    check(
        &s,
        &Expect::new("GET", "/functions")
            .query("func_name=a~b%2Ac&marker=0&maxitems=400&package_name=my%20pkg"),
    )
    .await;

    let body = json!({ "func_name" : "my-fn", "package" : "default", "runtime" : "Python3.9",
        "timeout" : 3, "handler" : "index.handler", "memory_size" : 128, "code_type" : "inline",
        "func_code" : { "file" : "aW1wb3J0IGpzb24=", "link" : "" } });
    serve(&s, 200, FUNCTION).await;
    let created = c
        .create_function(&from::<CreateFunctionRequest>(&body))
        .await
        .unwrap();
    assert_eq!(created.memory_size, Some(128));
    check(&s, &Expect::new("POST", "/functions").body(body)).await;

    serve(&s, 204, "").await;
    c.delete_function(&f.unqualified()).await.unwrap();
    check(
        &s,
        &Expect::new(
            "DELETE",
            "/functions/urn%3Afss%3Acn-north-4%3Aproj123%3Afunction%3Adefault%3Amy-fn",
        ),
    )
    .await;

    serve(&s, 204, "").await;
    let v1: cloudfn_huawei::urn::FunctionUrn =
        "urn:fss:cn-north-4:proj123:function:default:my-fn:v1"
            .parse()
            .unwrap();
    c.delete_function(&v1).await.unwrap();
    check(
        &s,
        &Expect::new(
            "DELETE",
            "/functions/urn%3Afss%3Acn-north-4%3Aproj123%3Afunction%3Adefault%3Amy-fn%3Av1",
        ),
    )
    .await;

    let code = r#"{ "func_urn" : "urn:fss:cn-north-4:proj123:function:default:my-fn:latest",
        "func_name" : "my-fn", "runtime" : "Python3.9", "code_type" : "inline", "code_size" : 272,
        "func_code" : { "file" : "aW1wb3J0IGpzb24=", "link" : "" }, "depend_list" : [] }"#;
    serve(&s, 200, code).await;
    let got = c.show_function_code(&f).await.unwrap();
    assert_eq!(got.code_size, Some(272));
    check(
        &s,
        &Expect::new("GET", format!("/functions/{URN_SEG}/code")),
    )
    .await;

    let body = json!({ "code_type" : "inline", "func_code" : { "file" : "aW1wb3J0IGpzb24=" } });
    serve(&s, 200, code).await;
    c.update_function_code(&f, &from::<UpdateFunctionCodeRequest>(&body))
        .await
        .unwrap();
    check(
        &s,
        &Expect::new("PUT", format!("/functions/{URN_SEG}/code")).body(body),
    )
    .await;

    serve(&s, 200, FUNCTION).await;
    let cfg = c.show_function_config(&hostile_urn()).await.unwrap();
    assert_eq!(cfg.handler.as_deref(), Some("index.handler"));
    check(
        &s,
        &Expect::new("GET", format!("/functions/{HOSTILE_SEG}/config")),
    )
    .await;

    let body = json!({ "func_name" : "my-fn", "runtime" : "Python3.9", "timeout" : 30,
        "handler" : "index.handler", "memory_size" : 256 });
    serve(&s, 200, FUNCTION).await;
    c.update_function_config(&f, &from::<UpdateFunctionConfigRequest>(&body))
        .await
        .unwrap();
    check(
        &s,
        &Expect::new("PUT", format!("/functions/{URN_SEG}/config")).body(body),
    )
    .await;

    let body = json!({ "max_instance_num" : 10 });
    serve(&s, 200, FUNCTION).await;
    c.update_function_max_instance_config(
        &f,
        &from::<UpdateFunctionMaxInstanceConfigRequest>(&body),
    )
    .await
    .unwrap();
    check(
        &s,
        &Expect::new("PUT", format!("/functions/{URN_SEG}/config-max-instance")).body(body),
    )
    .await;

    serve(
        &s,
        404,
        r#"{"error_code":"FSS.1051","error_msg":"Not found the function"}"#,
    )
    .await;
    let err = c.show_function_config(&f).await.unwrap_err();
    check_error(
        &err,
        ErrorKind::NotFound,
        "FSS.1051",
        "Not found the function",
    );

    serve(
        &s,
        409,
        r#"{"code":"FSS.1061","message":"function already exists"}"#,
    )
    .await;
    let err = c
        .create_function(&from::<CreateFunctionRequest>(&json!({ "func_name" : "f",
            "package" : "default", "runtime" : "Python3.9", "timeout" : 3, "handler" : "i.h",
            "memory_size" : 128, "code_type" : "inline" })))
        .await
        .unwrap_err();
    check_error(
        &err,
        ErrorKind::AlreadyExists,
        "FSS.1061",
        "function already exists",
    );
}

const ALIAS: &str = r#"{ "name" : "a1", "version" : "latest", "description" : "",
  "last_modified" : "2019-10-31T11:37:58+08:00",
  "alias_urn" : "urn:fss:cn-north-4:proj123:function:default:my-fn:!a1",
  "additional_version_weights" : { "v1" : 10 } }"#;

#[tokio::test]
async fn versions_and_aliases() {
    let s = MockServer::start().await;
    let c = client(&s);
    let f = urn().unqualified();
    let seg = "urn%3Afss%3Acn-north-4%3Aproj123%3Afunction%3Adefault%3Amy-fn";

    serve(&s, 200, &format!("[ {ALIAS} ]")).await;
    let aliases = c.list_version_aliases(&f).await.unwrap();
    assert_eq!(aliases.len(), 1);
    assert_eq!(aliases[0].name.as_deref(), Some("a1"));
    check(&s, &Expect::new("GET", format!("/functions/{seg}/aliases"))).await;

    let body = json!({ "name" : "a1", "version" : "latest", "description" : "d",
        "additional_version_weights" : { "v1" : 10 } });
    serve(&s, 200, ALIAS).await;
    let a = c
        .create_version_alias(&f, &from::<CreateVersionAliasRequest>(&body))
        .await
        .unwrap();
    assert_eq!(
        a.alias_urn.as_deref(),
        Some("urn:fss:cn-north-4:proj123:function:default:my-fn:!a1")
    );
    check(
        &s,
        &Expect::new("POST", format!("/functions/{seg}/aliases")).body(body),
    )
    .await;

    serve(&s, 200, ALIAS).await;
    c.show_version_alias(&f, "a1").await.unwrap();
    check(
        &s,
        &Expect::new("GET", format!("/functions/{seg}/aliases/a1")),
    )
    .await;

    let body = json!({ "version" : "v2", "description" : "moved" });
    serve(&s, 200, ALIAS).await;
    c.update_version_alias(&f, "a 1", &from::<UpdateVersionAliasRequest>(&body))
        .await
        .unwrap();
    check(
        &s,
        &Expect::new("PUT", format!("/functions/{seg}/aliases/a%201")).body(body),
    )
    .await;

    serve(&s, 204, "").await;
    c.delete_version_alias(&f, "a1").await.unwrap();
    check(
        &s,
        &Expect::new("DELETE", format!("/functions/{seg}/aliases/a1")),
    )
    .await;

    serve(
        &s,
        200,
        &format!(r#"{{ "versions" : [ {FUNCTION} ], "next_marker" : 5, "count" : 5 }}"#),
    )
    .await;
    let query = ListFunctionVersionsQuery {
        marker: Some("0".into()),
        maxitems: Some(10),
    };
    let page = c.list_function_versions(&f, &query).await.unwrap();
    assert_eq!(page.count, Some(5));
    check(
        &s,
        &Expect::new("GET", format!("/functions/{seg}/versions")).query("marker=0&maxitems=10"),
    )
    .await;

    let body = json!({ "digest" : "abc", "version" : "v1", "description" : "first" });
    serve(&s, 200, FUNCTION).await;
    c.create_function_version(&f, &from::<CreateFunctionVersionRequest>(&body))
        .await
        .unwrap();
    check(
        &s,
        &Expect::new("POST", format!("/functions/{seg}/versions")).body(body),
    )
    .await;

    // An alias-qualified URN: `!` encoded like any other reserved character.
    let aliased = urn()
        .unqualified()
        .with_qualifier(cloudfn_huawei::urn::UrnQualifier::parse_field("!a1").unwrap())
        .unwrap();
    serve(&s, 200, FUNCTION).await;
    c.show_function_config(&aliased).await.unwrap();
    check(
        &s,
        &Expect::new("GET", format!("/functions/{seg}%3A%21a1/config")),
    )
    .await;

    serve(
        &s,
        404,
        r#"{"error_code":"FSS.1053","error_msg":"alias not found"}"#,
    )
    .await;
    let err = c.show_version_alias(&f, "zz").await.unwrap_err();
    check_error(&err, ErrorKind::NotFound, "FSS.1053", "alias not found");
}

#[tokio::test]
async fn metrics_logs_reserved_import_export() {
    let s = MockServer::start().await;
    let c = client(&s);
    let f = urn();

    serve(
        &s,
        200,
        r#"{ "count" : [ { "date" : "2021-09", "value" : 3 } ], "gbs" : [ ],
             "statistics" : { "count" : [ { "timestamp" : 1596679200000, "value" : -1 } ] } }"#,
    )
    .await;
    let query = ListStatisticsQuery {
        filter: "monthly_report".into(),
        period: Some("5".into()),
        ..ListStatisticsQuery::default()
    };
    let stats = c.list_statistics(&query).await.unwrap();
    assert_eq!(stats.count.unwrap().len(), 1);
    check(
        &s,
        &Expect::new("GET", "/functions/statistics").query("filter=monthly_report&period=5"),
    )
    .await;

    serve(
        &s,
        200,
        r#"{ "count" : [ { "timestamp" : 1596679200000, "value" : 2 } ], "duration" : [ ] }"#,
    )
    .await;
    let stats = c.list_function_statistics(&f, "15").await.unwrap();
    assert_eq!(stats.count.unwrap().len(), 1);
    check(
        &s,
        &Expect::new("GET", format!("/functions/{URN_SEG}/statistics/15")),
    )
    .await;

    serve(
        &s,
        200,
        r#"{ "group_id" : "g1", "stream_id" : "s1", "stream_name" : "sn" }"#,
    )
    .await;
    let lts = c.show_lts_log_details(&f).await.unwrap();
    assert_eq!(lts.stream_name.as_deref(), Some("sn"));
    check(
        &s,
        &Expect::new("GET", format!("/functions/{URN_SEG}/lts-log-detail")),
    )
    .await;

    serve(&s, 200, "").await;
    c.enable_lts_logs().await.unwrap();
    check(&s, &Expect::new("POST", "/functions/enable-lts-logs")).await;

    serve(
        &s,
        429,
        r#"{ "error_code" : "FSS.0429", "error_msg" : "api is busy now" }"#,
    )
    .await;
    let err = c.enable_lts_logs().await.unwrap_err();
    check_error(&err, ErrorKind::Throttled, "FSS.0429", "api is busy now");

    let body = json!({ "count" : 2, "idle_mode" : false });
    serve(&s, 200, r#"{ "count" : 2, "idle_mode" : false }"#).await;
    let r = c
        .update_function_reserved_instances_count(
            &f,
            &from::<UpdateReservedInstancesRequest>(&body),
        )
        .await
        .unwrap();
    assert_eq!(r.count, Some(2));
    check(
        &s,
        &Expect::new("PUT", format!("/functions/{URN_SEG}/reservedinstances")).body(body),
    )
    .await;

    serve(&s, 200, "PK\u{3}\u{4}zipbytes").await;
    let query = ExportFunctionQuery {
        config: Some(true),
        code: Some(false),
        r#type: Some("code".into()),
    };
    let bytes = c.export_function(&f, &query).await.unwrap();
    assert_eq!(&bytes[..], "PK\u{3}\u{4}zipbytes".as_bytes());
    check(
        &s,
        &Expect::new("GET", format!("/functions/{URN_SEG}/export"))
            .query("code=false&config=true&type=code"),
    )
    .await;

    serve(
        &s,
        404,
        r#"{ "error_code" : "FSS.1051", "error_msg" : "Not found the function" }"#,
    )
    .await;
    let err = c
        .export_function(&f, &ExportFunctionQuery::default())
        .await
        .unwrap_err();
    check_error(
        &err,
        ErrorKind::NotFound,
        "FSS.1051",
        "Not found the function",
    );

    let body = json!({ "func_name" : "imported", "file_name" : "f.zip", "file_type" : "zip",
        "file_code" : "UEsDBA==", "package" : "default" });
    serve(&s, 200, FUNCTION).await;
    c.import_function(&from::<ImportFunctionRequest>(&body))
        .await
        .unwrap();
    check(&s, &Expect::new("POST", "/functions/import").body(body)).await;
}

const TRIGGER: &str = r#"{ "trigger_id" : "1d8285c1-2f6e-4c3a", "trigger_type_code" : "TIMER",
  "trigger_status" : "ACTIVE", "event_data" : { "name" : "Timer-l8v2", "schedule" : "3m",
  "schedule_type" : "Rate" }, "last_updated_time" : "2019-10-31T11:37:58+08:00",
  "created_time" : "2019-10-31T11:37:58+08:00" }"#;

#[tokio::test]
async fn triggers() {
    let s = MockServer::start().await;
    let c = client(&s);
    let f = urn();

    serve(&s, 200, &format!("[ {TRIGGER} ]")).await;
    let list = c.list_function_triggers(&f).await.unwrap();
    assert_eq!(list[0].trigger_type_code.as_deref(), Some("TIMER"));
    check(&s, &Expect::new("GET", format!("/triggers/{URN_SEG}"))).await;

    let body = json!({ "trigger_type_code" : "TIMER", "trigger_status" : "ACTIVE",
        "event_data" : { "name" : "Timer-l8v2", "schedule" : "3m", "schedule_type" : "Rate" } });
    serve(&s, 201, TRIGGER).await;
    let t = c
        .create_function_trigger(&f, &from::<CreateFunctionTriggerRequest>(&body))
        .await
        .unwrap();
    assert_eq!(t.trigger_id.as_deref(), Some("1d8285c1-2f6e-4c3a"));
    check(
        &s,
        &Expect::new("POST", format!("/triggers/{URN_SEG}")).body(body),
    )
    .await;

    serve(&s, 200, TRIGGER).await;
    c.show_function_trigger(&hostile_urn(), "TIMER", "id/1 2")
        .await
        .unwrap();
    check(
        &s,
        &Expect::new("GET", format!("/triggers/{HOSTILE_SEG}/TIMER/id%2F1%202")),
    )
    .await;

    let body = json!({ "trigger_status" : "DISABLED" });
    serve(&s, 200, TRIGGER).await;
    let updated = c
        .update_trigger(&f, "TIMER", "t1", &from::<UpdateTriggerRequest>(&body))
        .await
        .unwrap();
    assert_eq!(
        updated.and_then(|t| t.trigger_status).as_deref(),
        Some("ACTIVE")
    );
    check(
        &s,
        &Expect::new("PUT", format!("/triggers/{URN_SEG}/TIMER/t1")).body(body.clone()),
    )
    .await;

    serve(&s, 200, "").await;
    let updated = c
        .update_trigger(&f, "TIMER", "t1", &from::<UpdateTriggerRequest>(&body))
        .await
        .unwrap();
    assert_eq!(updated, None);

    serve(&s, 204, "").await;
    c.delete_function_trigger(&f, "TIMER", "t1").await.unwrap();
    check(
        &s,
        &Expect::new("DELETE", format!("/triggers/{URN_SEG}/TIMER/t1")),
    )
    .await;

    serve(&s, 204, "").await;
    c.batch_delete_function_triggers(&f).await.unwrap();
    check(&s, &Expect::new("DELETE", format!("/triggers/{URN_SEG}"))).await;

    serve(
        &s,
        404,
        r#"{"error_code":"FSS.0404","error_msg":"trigger not found"}"#,
    )
    .await;
    let err = c
        .show_function_trigger(&f, "TIMER", "zz")
        .await
        .unwrap_err();
    check_error(&err, ErrorKind::NotFound, "FSS.0404", "trigger not found");
}

const ASYNC_CONFIG: &str = r#"{ "func_urn" : "urn:fss:cn-north-4:proj123:function:default:my-fn:latest",
  "max_async_event_age_in_seconds" : 3600, "max_async_retry_attempts" : 2,
  "destination_config" : { "on_success" : { "destination" : "OBS",
  "param" : "{\"bucket\":\"b\",\"prefix\":\"p\",\"expires\":0}" } },
  "created_time" : "2021-06-22T16:52:56+08:00", "last_modified" : "2021-06-22T16:52:56+08:00" }"#;

#[tokio::test]
async fn async_config_and_invocations() {
    let s = MockServer::start().await;
    let c = client(&s);
    let f = urn();

    serve(&s, 200, ASYNC_CONFIG).await;
    let cfg = c.show_function_async_invoke_config(&f).await.unwrap();
    assert_eq!(cfg.max_async_retry_attempts, Some(2));
    check(
        &s,
        &Expect::new("GET", format!("/functions/{URN_SEG}/async-invoke-config")),
    )
    .await;

    let body = json!({ "max_async_event_age_in_seconds" : 3600, "max_async_retry_attempts" : 2 });
    serve(&s, 200, ASYNC_CONFIG).await;
    c.update_function_async_invoke_config(
        &f,
        &from::<UpdateFunctionAsyncInvokeConfigRequest>(&body),
    )
    .await
    .unwrap();
    check(
        &s,
        &Expect::new("PUT", format!("/functions/{URN_SEG}/async-invoke-config")).body(body),
    )
    .await;

    serve(&s, 204, "").await;
    c.delete_function_async_invoke_config(&f).await.unwrap();
    check(
        &s,
        &Expect::new(
            "DELETE",
            format!("/functions/{URN_SEG}/async-invoke-config"),
        ),
    )
    .await;

    serve(
        &s,
        200,
        &format!(
            r#"{{ "async_invoke_configs" : [ {ASYNC_CONFIG} ], "count" : 2,
                "page_info" : {{ "next_marker" : 2, "previous_marker" : 0, "current_count" : 2 }} }}"#
        ),
    )
    .await;
    let query = ListFunctionAsyncInvokeConfigQuery {
        marker: Some("0".into()),
        limit: Some(10),
    };
    let page = c
        .list_function_async_invoke_config(&f, &query)
        .await
        .unwrap();
    assert_eq!(page.page_info.unwrap().next_marker, Some(2));
    check(
        &s,
        &Expect::new("GET", format!("/functions/{URN_SEG}/async-invoke-configs"))
            .query("limit=10&marker=0"),
    )
    .await;

    serve(
        &s,
        200,
        r#"{ "invocations" : [ { "request_id" : "403b0bd0-f3d3-4a1b", "status" : "SUCCESS",
             "error_message" : "", "start_time" : "2021-06-22T16:52:56", "end_time" : "2021-06-22T16:52:57" } ],
             "next_marker" : 1, "count" : 1 }"#,
    )
    .await;
    let query = ListAsyncInvocationsQuery {
        request_id: Some("403b0bd0-f3d3-4a1b".into()),
        limit: Some(5),
        status: Some("SUCCESS".into()),
        query_begin_time: Some("2021-06-22T00:00:00".into()),
        ..ListAsyncInvocationsQuery::default()
    };
    let page = c.list_async_invocations(&f, &query).await.unwrap();
    assert_eq!(
        page.invocations.unwrap()[0].status.as_deref(),
        Some("SUCCESS")
    );
    check(
        &s,
        &Expect::new("GET", format!("/functions/{URN_SEG}/async-invocations")).query(
            "limit=5&query_begin_time=2021-06-22T00%3A00%3A00&request_id=403b0bd0-f3d3-4a1b&status=SUCCESS",
        ),
    )
    .await;

    let body = json!({ "request_id" : "403b0bd0-f3d3-4a1b", "type" : "force" });
    serve(&s, 200, "null").await;
    let out = c
        .cancel_async_invocation(&f, &from::<StopAsyncInvocationRequest>(&body))
        .await
        .unwrap();
    assert_eq!(out, None);
    check(
        &s,
        &Expect::new("POST", format!("/functions/{URN_SEG}/cancel")).body(body.clone()),
    )
    .await;

    serve(
        &s,
        400,
        r#"{ "error_code" : "FSS.0400", "error_msg" : "Invalid RequestId" }"#,
    )
    .await;
    let err = c
        .cancel_async_invocation(&f, &from::<StopAsyncInvocationRequest>(&body))
        .await
        .unwrap_err();
    check_error(
        &err,
        ErrorKind::InvalidArgument,
        "FSS.0400",
        "Invalid RequestId",
    );
}
