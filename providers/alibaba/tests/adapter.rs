//! The neutral adapter `AlibabaFc` on the wire: for every trait method, the requests it sends (method,
//! path with qualifier, query, JSON body, `If-Match`, signature) and the neutral value it decodes from a
//! realistic response; error mapping; input refused before anything is sent; paging.
#![allow(clippy::unwrap_used, clippy::too_many_lines, clippy::float_cmp)]

mod adapter_support;
mod api_support;

use std::collections::BTreeMap;
use std::time::Duration;

use adapter_support::{
    ACCOUNT, P, REGION, assert_invalid, assert_nothing_sent, body, empty, fc_error, function_json,
    header, json, json_etag, lines, on, query, received, request, setup,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cloudfn_alibaba::AlibabaFcBuilder;
use cloudfn_core::{
    AliasSpec, AliasUpdate, Aliases, AsyncConfig, AsyncConfigs, Capabilities, Code, Destination,
    ErrorKind, FunctionErrorKind, FunctionRef, FunctionSpec, FunctionUpdate, Functions, HttpAuth,
    HttpConfig, HttpMethod, Initializer, InvokeRequest, Invoker, ListRequest, NamespaceSpec,
    NamespaceUpdate, Namespaces, ObjectEvent, ObjectStorageConfig, PageToken, Provider,
    ProviderExt, PublishVersion, Qualifier, Quotas, RawTrigger, Runtime, Schedule, TimerConfig,
    TriggerConfig, TriggerSpec, TriggerUpdate, Triggers, VersionScope, Versions,
};
use futures::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{query_param, query_param_is_missing};

fn f() -> FunctionRef {
    FunctionRef::new("svc", "fn")
}

// ------------------------------------------------------------------ provider and construction

#[tokio::test]
async fn name_capabilities_and_debug() {
    let (_server, fc) = setup().await;
    assert_eq!(fc.name(), "alibaba-fc");
    assert_eq!(fc.capabilities(), &Capabilities::alibaba_fc());
    assert_eq!(fc.capabilities().version_scope, VersionScope::Namespace);
    assert_eq!(fc.account_id(), ACCOUNT);
    assert_eq!(fc.region(), REGION);
    let dbg = format!("{fc:?}");
    assert!(dbg.contains("AlibabaFc") && dbg.contains(REGION), "{dbg}");
    assert!(!dbg.contains(api_support::SECRET), "{dbg}");
    assert!(
        fc.client()
            .endpoint()
            .as_str()
            .starts_with("http://127.0.0.1")
    );
}

#[test]
fn build_provider_needs_account_and_region() {
    let base = AlibabaFcBuilder::new()
        .with_credentials(cloudfn_alibaba::signer::FcCredentials::new("id", "secret"))
        .with_endpoint("http://127.0.0.1:9")
        .with_allow_http(true);
    let err = base
        .clone()
        .with_region(REGION)
        .build_provider()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.message().starts_with("account_id"), "{err}");
    let err = base
        .clone()
        .with_account_id(ACCOUNT)
        .build_provider()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.message().starts_with("region"), "{err}");
    let fc = base
        .with_account_id(ACCOUNT)
        .with_region(REGION)
        .build_provider()
        .unwrap();
    assert_eq!((fc.account_id(), fc.region()), (ACCOUNT, REGION));
    let dbg = format!("{fc:?}");
    assert!(!dbg.contains("secret"), "{dbg}");
}

// ------------------------------------------------------------------ namespaces

#[tokio::test]
async fn create_namespace_sends_the_service_and_keeps_its_fields() {
    let (server, fc) = setup().await;
    let reply = json!({
        "serviceName": "svc", "serviceId": "sid-1", "description": "shop",
        "role": "acs:ram::1234:role/fc", "internetAccess": false,
        "logConfig": {"project": "p", "logstore": "l"},
        "createdTime": "2020-04-03T05:57:28Z", "lastModifiedTime": "2020-04-03T05:57:28Z"
    });
    on("POST", "/services")
        .respond_with(json_etag(200, &reply, "etag-1"))
        .mount(&server)
        .await;
    let ns = fc
        .create_namespace(
            NamespaceSpec::new("svc")
                .with_description("shop")
                .with_extension("role", json!("acs:ram::1234:role/fc"))
                .with_extension("internetAccess", json!(false))
                .with_extension("logConfig", json!({"project": "p", "logstore": "l"}))
                .with_extension("serviceId", json!("read-only, not sent")),
        )
        .await
        .unwrap();
    let r = request(&server, "POST", "/services").await;
    assert_eq!(
        body(&r),
        json!({"serviceName": "svc", "description": "shop", "role": "acs:ram::1234:role/fc",
               "internetAccess": false, "logConfig": {"project": "p", "logstore": "l"}})
    );
    assert_eq!(header(&r, "content-type"), Some("application/json"));
    assert_eq!(ns.name, "svc");
    assert_eq!(ns.description.as_deref(), Some("shop"));
    assert_eq!(ns.etag.as_deref(), Some("etag-1"));
    assert_eq!(
        ns.created_at.unwrap().to_rfc3339(),
        "2020-04-03T05:57:28+00:00"
    );
    assert_eq!(ns.extensions["serviceId"], json!("sid-1"));
    assert_eq!(ns.extensions["role"], json!("acs:ram::1234:role/fc"));
    assert_eq!(ns.extensions["logConfig"]["logstore"], json!("l"));
    assert!(!ns.extensions.contains_key("serviceName"));
    assert!(!ns.extensions.contains_key("createdTime"));
}

#[tokio::test]
async fn namespace_errors_map_by_code() {
    let (server, fc) = setup().await;
    on("GET", "/services/gone")
        .respond_with(fc_error(404, "ServiceNotFound"))
        .mount(&server)
        .await;
    on("POST", "/services")
        .respond_with(fc_error(409, "ServiceAlreadyExists"))
        .mount(&server)
        .await;
    on("DELETE", "/services/full")
        .respond_with(fc_error(409, "ServiceNotEmpty"))
        .mount(&server)
        .await;
    let err = fc.get_namespace("gone").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.provider(), Some("alibaba-fc"));
    assert_eq!(err.code(), Some("ServiceNotFound"));
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some(api_support::REQUEST_ID));
    assert_eq!(
        fc.create_namespace(NamespaceSpec::new("x"))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::AlreadyExists
    );
    // 409 ServiceNotEmpty is PreconditionFailed (by code, not by status).
    assert_eq!(
        fc.delete_namespace("full").await.unwrap_err().kind(),
        ErrorKind::PreconditionFailed
    );
}

#[tokio::test]
async fn update_namespace_is_conditional_and_partial() {
    let (server, fc) = setup().await;
    on("PUT", "/services/svc")
        .respond_with(json_etag(
            200,
            &json!({"serviceName": "svc", "description": "new", "role": "r2"}),
            "etag-2",
        ))
        .mount(&server)
        .await;
    on("PUT", "/services/stale")
        .respond_with(fc_error(412, "PreconditionFailed"))
        .mount(&server)
        .await;
    let ns = fc
        .update_namespace(
            "svc",
            NamespaceUpdate::new()
                .with_description("new")
                .with_extension("role", json!("r2"))
                .if_match("etag-1"),
        )
        .await
        .unwrap();
    let r = request(&server, "PUT", "/services/svc").await;
    assert_eq!(body(&r), json!({"description": "new", "role": "r2"}));
    assert_eq!(header(&r, "if-match"), Some("etag-1"));
    assert_eq!(ns.etag.as_deref(), Some("etag-2"));
    assert_eq!(ns.extensions["role"], json!("r2"));
    let err = fc
        .update_namespace("stale", NamespaceUpdate::new().if_match("old"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PreconditionFailed);
    assert_eq!(err.operation(), Some("UpdateService"));
}

#[tokio::test]
async fn delete_namespace_sends_delete() {
    let (server, fc) = setup().await;
    on("DELETE", "/services/svc")
        .respond_with(empty(204))
        .mount(&server)
        .await;
    fc.delete_namespace("svc").await.unwrap();
    assert_eq!(lines(&server).await, [format!("DELETE {P}/services/svc")]);
}

#[tokio::test]
async fn namespaces_page_through_next_token() {
    let (server, fc) = setup().await;
    on("GET", "/services")
        .and(query_param_is_missing("nextToken"))
        .respond_with(json(
            200,
            &json!({"services": [{"serviceName": "a1"}, {"serviceName": "a2"}], "nextToken": "t2"}),
        ))
        .mount(&server)
        .await;
    on("GET", "/services")
        .and(query_param("nextToken", "t2"))
        .respond_with(json(200, &json!({"services": [{"serviceName": "a3"}]})))
        .mount(&server)
        .await;
    let first = fc
        .list_namespaces_page(ListRequest::new().with_page_size(2).with_prefix("a"))
        .await
        .unwrap();
    let names: Vec<_> = first.items.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["a1", "a2"]);
    let token = first.next.clone().unwrap();
    // The token survives serialisation.
    let token: PageToken = serde_json::from_str(&serde_json::to_string(&token).unwrap()).unwrap();
    let second = fc
        .list_namespaces_page(
            ListRequest::new()
                .with_page_size(2)
                .with_prefix("a")
                .with_token(token),
        )
        .await
        .unwrap();
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.next, None);
    let reqs = received(&server).await;
    assert_eq!(
        query(&reqs[0]),
        [("limit".into(), "2".into()), ("prefix".into(), "a".into())]
    );
    assert_eq!(
        query(&reqs[1]),
        [
            ("limit".into(), "2".into()),
            ("prefix".into(), "a".into()),
            ("nextToken".into(), "t2".into())
        ]
    );
    // The stream follows every page; an oversized page is clamped to FC's maximum of 100.
    let all: Vec<String> = fc
        .list_namespaces()
        .map_ok(|n| n.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, ["a1", "a2", "a3"]);
    fc.list_namespaces_page(ListRequest::new().with_page_size(5000))
        .await
        .unwrap();
    let last = received(&server).await.pop().unwrap();
    assert_eq!(query(&last), [("limit".into(), "100".into())]);
}

// ------------------------------------------------------------------ functions

#[tokio::test]
async fn create_function_maps_every_field() {
    let (server, fc) = setup().await;
    on("POST", "/services/svc/functions")
        .respond_with(json_etag(200, &function_json("fn"), "fe-1"))
        .mount(&server)
        .await;
    let zip = b"PK\x03\x04 not really a zip".to_vec();
    let spec = FunctionSpec::new(
        "fn",
        Runtime::Python36,
        "index.handler",
        Code::zip(zip.clone()),
    )
    .with_memory_mb(512)
    .with_timeout(Duration::from_secs(60))
    .with_description("hello")
    .with_env("STAGE", "prod")
    .with_initializer(Initializer::new("index.init").with_timeout(Duration::from_secs(3)))
    .with_extension("instanceConcurrency", json!(1))
    .with_extension("functionId", json!("read-only"));
    let got = fc.create_function("svc", spec).await.unwrap();
    let r = request(&server, "POST", "/services/svc/functions").await;
    assert_eq!(
        body(&r),
        json!({
            "functionName": "fn", "runtime": "python3", "handler": "index.handler",
            "code": {"zipFile": STANDARD.encode(&zip)}, "memorySize": 512, "timeout": 60,
            "description": "hello", "environmentVariables": {"STAGE": "prod"},
            "initializer": "index.init", "initializationTimeout": 3, "instanceConcurrency": 1
        })
    );
    assert_eq!(
        header(&r, "x-fc-code-checksum"),
        Some(cloudfn_alibaba::checksum::code_checksum(&zip).as_str())
    );
    assert_eq!(got.namespace, "svc");
    assert_eq!(got.name, "fn");
    assert_eq!(got.runtime, Runtime::Python36);
    assert_eq!(got.memory_mb, Some(512));
    assert_eq!(got.timeout, Some(Duration::from_secs(60)));
    assert_eq!(got.environment["STAGE"], "prod");
    assert_eq!(
        got.initializer,
        Some(Initializer::new("index.init").with_timeout(Duration::from_secs(3)))
    );
    assert_eq!(got.code_size, Some(1024));
    assert_eq!(got.code_checksum.as_deref(), Some("5434025278388143772"));
    assert_eq!(got.version, None);
    assert_eq!(got.etag.as_deref(), Some("fe-1"));
    assert_eq!(
        got.modified_at.unwrap().to_rfc3339(),
        "2016-08-15T17:00:00+00:00"
    );
    assert_eq!(got.extensions["instanceConcurrency"], json!(1));
    assert_eq!(
        got.extensions["functionId"],
        json!("2d28e0e9-9ba5-4eed-8b1a-d3d9cd24e737")
    );
}

#[tokio::test]
async fn create_function_from_object_storage() {
    let (server, fc) = setup().await;
    on("POST", "/services/svc/functions")
        .respond_with(json(
            200,
            &json!({"functionName": "fn", "runtime": "nodejs14", "handler": "i.h"}),
        ))
        .mount(&server)
        .await;
    let got = fc
        .create_function(
            "svc",
            FunctionSpec::new(
                "fn",
                Runtime::Nodejs14,
                "i.h",
                Code::object_storage("bkt", "code/fn.zip"),
            ),
        )
        .await
        .unwrap();
    let r = request(&server, "POST", "/services/svc/functions").await;
    assert_eq!(
        body(&r)["code"],
        json!({"ossBucketName": "bkt", "ossObjectName": "code/fn.zip"})
    );
    assert_eq!(header(&r, "x-fc-code-checksum"), None);
    assert_eq!(got.runtime, Runtime::Nodejs14);
    assert!(got.environment.is_empty());
}

#[tokio::test]
async fn get_function_at_each_qualifier() {
    let (server, fc) = setup().await;
    on("GET", "/services/svc/functions/fn")
        .respond_with(json_etag(200, &function_json("fn"), "fe-1"))
        .mount(&server)
        .await;
    on("GET", "/services/svc.3/functions/fn")
        .respond_with(json(200, &function_json("fn")))
        .mount(&server)
        .await;
    on("GET", "/services/svc.prod/functions/fn")
        .respond_with(json(200, &function_json("fn")))
        .mount(&server)
        .await;
    on("GET", "/services/svc/aliases/prod")
        .respond_with(json(200, &json!({"aliasName": "prod", "versionId": "7"})))
        .mount(&server)
        .await;
    let latest = fc.get_function(&f(), &Qualifier::Latest).await.unwrap();
    assert_eq!(latest.version, None);
    assert_eq!(latest.etag.as_deref(), Some("fe-1"));
    let v3 = fc
        .get_function(&f(), &Qualifier::version("3"))
        .await
        .unwrap();
    assert_eq!(v3.version.as_deref(), Some("3"));
    let prod = fc
        .get_function(&f(), &Qualifier::alias("prod"))
        .await
        .unwrap();
    assert_eq!(prod.version.as_deref(), Some("7"), "the alias's version");
    assert_eq!(
        lines(&server).await,
        [
            format!("GET {P}/services/svc/functions/fn"),
            format!("GET {P}/services/svc.3/functions/fn"),
            format!("GET {P}/services/svc.prod/functions/fn"),
            format!("GET {P}/services/svc/aliases/prod"),
        ]
    );
}

#[tokio::test]
async fn function_errors_map_by_code() {
    let (server, fc) = setup().await;
    on("GET", "/services/svc/functions/absent")
        .respond_with(fc_error(404, "FunctionNotFound"))
        .mount(&server)
        .await;
    on("POST", "/services/svc/functions")
        .respond_with(fc_error(409, "FunctionAlreadyExists"))
        .mount(&server)
        .await;
    on("PUT", "/services/svc/functions/fn")
        .respond_with(fc_error(400, "EntityTooLarge"))
        .mount(&server)
        .await;
    let err = fc
        .get_function(&FunctionRef::new("svc", "absent"), &Qualifier::Latest)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.operation(), Some("GetFunction"));
    let spec = FunctionSpec::new("fn", Runtime::Go1, "main", Code::zip(&b"PK"[..]));
    assert_eq!(
        fc.create_function("svc", spec).await.unwrap_err().kind(),
        ErrorKind::AlreadyExists
    );
    assert_eq!(
        fc.update_function(&f(), FunctionUpdate::new().with_memory_mb(128))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::PayloadTooLarge
    );
}

#[tokio::test]
async fn update_function_sends_only_what_changes() {
    let (server, fc) = setup().await;
    on("PUT", "/services/svc/functions/fn")
        .respond_with(json_etag(200, &function_json("fn"), "fe-2"))
        .mount(&server)
        .await;
    let got = fc
        .update_function(
            &f(),
            FunctionUpdate::new()
                .with_memory_mb(1024)
                .with_environment(BTreeMap::new())
                .with_runtime(Runtime::Other("python3.12".into()))
                .if_match("fe-1"),
        )
        .await
        .unwrap();
    let r = request(&server, "PUT", "/services/svc/functions/fn").await;
    assert_eq!(
        body(&r),
        json!({"memorySize": 1024, "environmentVariables": {}, "runtime": "python3.12"})
    );
    assert_eq!(header(&r, "if-match"), Some("fe-1"));
    assert_eq!(got.etag.as_deref(), Some("fe-2"));
}

#[tokio::test]
async fn delete_function_removes_triggers_and_async_configs_first() {
    let (server, fc) = setup().await;
    on("GET", "/services/svc/functions/fn/triggers")
        .and(query_param_is_missing("nextToken"))
        .respond_with(json(
            200,
            &json!({"triggers": [{"triggerName": "t1", "triggerType": "timer"}], "nextToken": "n"}),
        ))
        .mount(&server)
        .await;
    on("GET", "/services/svc/functions/fn/triggers")
        .and(query_param("nextToken", "n"))
        .respond_with(json(
            200,
            &json!({"triggers": [{"triggerName": "t2", "triggerType": "http"}]}),
        ))
        .mount(&server)
        .await;
    for t in ["t1", "t2"] {
        on(
            "DELETE",
            &format!("/services/svc/functions/fn/triggers/{t}"),
        )
        .respond_with(empty(204))
        .mount(&server)
        .await;
    }
    on("GET", "/services/svc/functions/fn/async-invoke-configs")
        .respond_with(json(
            200,
            &json!({"configs": [{"qualifier": "LATEST"}, {"qualifier": "prod"}]}),
        ))
        .mount(&server)
        .await;
    on("DELETE", "/services/svc/functions/fn/async-invoke-config")
        .respond_with(empty(204))
        .mount(&server)
        .await;
    on(
        "DELETE",
        "/services/svc.prod/functions/fn/async-invoke-config",
    )
    .respond_with(empty(204))
    .mount(&server)
    .await;
    on("DELETE", "/services/svc/functions/fn")
        .respond_with(empty(204))
        .mount(&server)
        .await;
    fc.delete_function(&f()).await.unwrap();
    assert_eq!(
        lines(&server).await,
        [
            format!("GET {P}/services/svc/functions/fn/triggers"),
            format!("GET {P}/services/svc/functions/fn/triggers"),
            format!("DELETE {P}/services/svc/functions/fn/triggers/t1"),
            format!("DELETE {P}/services/svc/functions/fn/triggers/t2"),
            format!("GET {P}/services/svc/functions/fn/async-invoke-configs"),
            format!("DELETE {P}/services/svc/functions/fn/async-invoke-config"),
            format!("DELETE {P}/services/svc.prod/functions/fn/async-invoke-config"),
            format!("DELETE {P}/services/svc/functions/fn"),
        ]
    );
}

#[tokio::test]
async fn delete_missing_function_is_not_found() {
    let (server, fc) = setup().await;
    on("GET", "/services/svc/functions/fn/triggers")
        .respond_with(fc_error(404, "FunctionNotFound"))
        .mount(&server)
        .await;
    let err = fc.delete_function(&f()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    // The operation is the FC call that failed.
    assert_eq!(err.operation(), Some("ListTriggers"));
    assert_eq!(received(&server).await.len(), 1, "nothing deleted");
}

#[tokio::test]
async fn functions_page_with_limit_prefix_and_token() {
    let (server, fc) = setup().await;
    on("GET", "/services/svc/functions")
        .respond_with(json(
            200,
            &json!({"functions": [function_json("fa"), function_json("fb")], "nextToken": "fb"}),
        ))
        .mount(&server)
        .await;
    let page = fc
        .list_functions_page(
            "svc",
            ListRequest::new()
                .with_page_size(2)
                .with_prefix("f")
                .with_token(PageToken::new("f0")),
        )
        .await
        .unwrap();
    let names: Vec<_> = page.items.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["fa", "fb"]);
    assert!(page.items.iter().all(|f| f.namespace == "svc"));
    assert_eq!(page.next, Some(PageToken::new("fb")));
    let r = request(&server, "GET", "/services/svc/functions").await;
    assert_eq!(
        query(&r),
        [
            ("limit".into(), "2".into()),
            ("prefix".into(), "f".into()),
            ("nextToken".into(), "f0".into())
        ]
    );
}

#[tokio::test]
async fn get_function_code_downloads_from_the_url_unsigned() {
    let (server, fc) = setup().await;
    let zip = b"PK\x03\x04 code bytes".to_vec();
    on("GET", "/services/svc.2/functions/fn/code")
        .respond_with(json(
            200,
            &json!({"checksum": "123", "url": format!("{}/oss/code.zip?Signature=x", server.uri())}),
        ))
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::path("/oss/code.zip"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_bytes(zip.clone()))
        .mount(&server)
        .await;
    let got = fc
        .get_function_code(&f(), &Qualifier::version("2"))
        .await
        .unwrap();
    assert_eq!(got.as_ref(), zip.as_slice());
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].url.path(), "/oss/code.zip");
    assert!(
        !reqs[1].headers.contains_key("authorization"),
        "FC credentials must not go to OSS"
    );
}

#[tokio::test]
async fn get_function_code_without_url_is_decode() {
    let (server, fc) = setup().await;
    on("GET", "/services/svc/functions/fn/code")
        .respond_with(json(200, &json!({"checksum": "1"})))
        .mount(&server)
        .await;
    let err = fc
        .get_function_code(&f(), &Qualifier::Latest)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
}

// ------------------------------------------------------------------ versions

async fn function_exists(server: &wiremock::MockServer) {
    on("GET", "/services/svc/functions/fn")
        .respond_with(json(200, &function_json("fn")))
        .mount(server)
        .await;
}

#[tokio::test]
async fn publish_version_publishes_the_service() {
    let (server, fc) = setup().await;
    function_exists(&server).await;
    on("POST", "/services/svc/versions")
        .respond_with(json_etag(
            200,
            &json!({"versionId": "2", "description": "rel", "createdTime": "2020-04-03T05:57:28Z",
                    "lastModifiedTime": "2020-04-03T05:57:28Z"}),
            "ve",
        ))
        .mount(&server)
        .await;
    let v = fc
        .publish_version(
            &f(),
            PublishVersion::new()
                .with_description("rel")
                .if_match("svc-etag"),
        )
        .await
        .unwrap();
    assert_eq!(v.id, "2");
    assert_eq!(v.description.as_deref(), Some("rel"));
    assert!(v.created_at.is_some());
    assert_eq!(
        v.extensions["lastModifiedTime"],
        json!("2020-04-03T05:57:28Z")
    );
    let r = request(&server, "POST", "/services/svc/versions").await;
    assert_eq!(body(&r), json!({"description": "rel"}));
    assert_eq!(header(&r, "if-match"), Some("svc-etag"));
    assert_eq!(
        lines(&server).await[0],
        format!("GET {P}/services/svc/functions/fn"),
        "the function is checked first"
    );
}

#[tokio::test]
async fn publishing_nothing_new_is_precondition_failed() {
    let (server, fc) = setup().await;
    function_exists(&server).await;
    on("POST", "/services/svc/versions")
        .respond_with(fc_error(409, "VersionPublishError"))
        .mount(&server)
        .await;
    let err = fc
        .publish_version(&f(), PublishVersion::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PreconditionFailed);
    assert_eq!(err.operation(), Some("PublishServiceVersion"));
}

#[tokio::test]
async fn publishing_through_a_missing_function_is_not_found() {
    let (server, fc) = setup().await;
    on("GET", "/services/svc/functions/fn")
        .respond_with(fc_error(404, "FunctionNotFound"))
        .mount(&server)
        .await;
    let err = fc
        .publish_version(&f(), PublishVersion::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(received(&server).await.len(), 1, "nothing published");
}

#[tokio::test]
async fn versions_are_listed_oldest_first_with_client_side_prefix() {
    let (server, fc) = setup().await;
    function_exists(&server).await;
    on("GET", "/services/svc/versions")
        .and(query_param_is_missing("nextToken"))
        .respond_with(json(
            200,
            &json!({"versions": [{"versionId": "1"}, {"versionId": "2"}], "nextToken": "3", "direction": "FORWARD"}),
        ))
        .mount(&server)
        .await;
    on("GET", "/services/svc/versions")
        .and(query_param("nextToken", "3"))
        .respond_with(json(
            200,
            &json!({"versions": [{"versionId": "3"}, {"versionId": "10"}], "direction": "FORWARD"}),
        ))
        .mount(&server)
        .await;
    let ids: Vec<String> = fc
        .list_versions(&f())
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["1", "2", "3", "10"]);
    let page = fc
        .list_versions_page(
            &f(),
            ListRequest::new()
                .with_page_size(2)
                .with_prefix("1")
                .with_token(PageToken::new("3")),
        )
        .await
        .unwrap();
    let ids: Vec<_> = page.items.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["10"], "the prefix is applied by the adapter");
    let reqs: Vec<_> = received(&server)
        .await
        .into_iter()
        .filter(|r| r.url.path().ends_with("/versions"))
        .collect();
    assert_eq!(query(&reqs[0]), [("direction".into(), "FORWARD".into())]);
    assert_eq!(
        query(&reqs[2]),
        [
            ("limit".into(), "2".into()),
            ("nextToken".into(), "3".into()),
            ("direction".into(), "FORWARD".into())
        ],
        "FC has no version prefix: none is sent"
    );
}

#[tokio::test]
async fn delete_version_checks_aliases_then_deletes() {
    let (server, fc) = setup().await;
    function_exists(&server).await;
    on("GET", "/services/svc/aliases")
        .respond_with(json(
            200,
            &json!({"aliases": [{"aliasName": "prod", "versionId": "1", "additionalVersionWeight": {"2": 0.1}}]}),
        ))
        .mount(&server)
        .await;
    on("DELETE", "/services/svc/versions/3")
        .respond_with(empty(204))
        .mount(&server)
        .await;
    fc.delete_version(&f(), "3").await.unwrap();
    let err = fc.delete_version(&f(), "2").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PreconditionFailed);
    assert!(err.message().contains("prod"), "{err}");
    let deletes: Vec<_> = lines(&server)
        .await
        .into_iter()
        .filter(|l| l.starts_with("DELETE"))
        .collect();
    assert_eq!(deletes, [format!("DELETE {P}/services/svc/versions/3")]);
    let err = fc.delete_version(&f(), "LATEST").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[tokio::test]
async fn delete_missing_version_is_not_found() {
    let (server, fc) = setup().await;
    function_exists(&server).await;
    on("GET", "/services/svc/aliases")
        .respond_with(json(200, &json!({"aliases": []})))
        .mount(&server)
        .await;
    on("DELETE", "/services/svc/versions/9")
        .respond_with(fc_error(404, "VersionNotFound"))
        .mount(&server)
        .await;
    assert_eq!(
        fc.delete_version(&f(), "9").await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

// ------------------------------------------------------------------ aliases

#[tokio::test]
async fn create_alias_with_weights() {
    let (server, fc) = setup().await;
    function_exists(&server).await;
    on("POST", "/services/svc/aliases")
        .respond_with(json_etag(
            200,
            &json!({"aliasName": "prod", "versionId": "1", "description": "d",
                    "additionalVersionWeight": {"2": 0.05}, "serviceName": "svc",
                    "createdTime": "2020-04-03T05:57:28Z"}),
            "ae-1",
        ))
        .mount(&server)
        .await;
    let a = fc
        .create_alias(
            &f(),
            AliasSpec::new("prod", "1")
                .with_weight("2", 0.05)
                .with_description("d"),
        )
        .await
        .unwrap();
    let r = request(&server, "POST", "/services/svc/aliases").await;
    assert_eq!(
        body(&r),
        json!({"aliasName": "prod", "versionId": "1", "description": "d",
               "additionalVersionWeight": {"2": 0.05}})
    );
    assert_eq!(a.name, "prod");
    assert_eq!(a.version, "1");
    assert_eq!(a.additional_weights["2"], 0.05);
    assert_eq!(a.etag.as_deref(), Some("ae-1"));
    assert_eq!(a.extensions["serviceName"], json!("svc"));
}

#[tokio::test]
async fn get_list_and_delete_aliases() {
    let (server, fc) = setup().await;
    function_exists(&server).await;
    on("GET", "/services/svc/aliases/prod")
        .respond_with(json_etag(
            200,
            &json!({"aliasName": "prod", "versionId": "1", "additionalVersionWeight": null}),
            "ae",
        ))
        .mount(&server)
        .await;
    on("GET", "/services/svc/aliases/gone")
        .respond_with(fc_error(404, "AliasNotFound"))
        .mount(&server)
        .await;
    on("GET", "/services/svc/aliases")
        .respond_with(json(
            200,
            &json!({"aliases": [{"aliasName": "a", "versionId": "1"}, {"aliasName": "b", "versionId": "2"}], "nextToken": "c"}),
        ))
        .mount(&server)
        .await;
    on("DELETE", "/services/svc/aliases/prod")
        .respond_with(empty(204))
        .mount(&server)
        .await;
    let a = fc.get_alias(&f(), "prod").await.unwrap();
    assert!(a.additional_weights.is_empty());
    assert_eq!(a.etag.as_deref(), Some("ae"));
    assert_eq!(
        fc.get_alias(&f(), "gone").await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let page = fc
        .list_aliases_page(&f(), ListRequest::new().with_page_size(2).with_prefix("a"))
        .await
        .unwrap();
    let names: Vec<_> = page.items.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(page.next, Some(PageToken::new("c")));
    fc.delete_alias(&f(), "prod").await.unwrap();
    let r = request(&server, "GET", "/services/svc/aliases").await;
    assert_eq!(
        query(&r),
        [("limit".into(), "2".into()), ("prefix".into(), "a".into())]
    );
    request(&server, "DELETE", "/services/svc/aliases/prod").await;
}

#[tokio::test]
async fn update_alias_reads_the_alias_then_puts() {
    let (server, fc) = setup().await;
    function_exists(&server).await;
    on("GET", "/services/svc/aliases/prod")
        .respond_with(json(
            200,
            &json!({"aliasName": "prod", "versionId": "1", "additionalVersionWeight": {"2": 0.1}}),
        ))
        .mount(&server)
        .await;
    on("PUT", "/services/svc/aliases/prod")
        .respond_with(json_etag(
            200,
            &json!({"aliasName": "prod", "versionId": "1", "additionalVersionWeight": {"3": 0.2}}),
            "ae-2",
        ))
        .mount(&server)
        .await;
    let mut w = BTreeMap::new();
    w.insert("3".to_owned(), 0.2);
    let a = fc
        .update_alias(
            &f(),
            "prod",
            AliasUpdate::new().with_weights(w).if_match("ae-1"),
        )
        .await
        .unwrap();
    assert_eq!(a.additional_weights["3"], 0.2);
    assert_eq!(a.etag.as_deref(), Some("ae-2"));
    let r = request(&server, "PUT", "/services/svc/aliases/prod").await;
    assert_eq!(body(&r), json!({"additionalVersionWeight": {"3": 0.2}}));
    assert_eq!(header(&r, "if-match"), Some("ae-1"));

    // A weight on the alias's current main version (known only after reading it) is refused unsent.
    let mut w = BTreeMap::new();
    w.insert("1".to_owned(), 0.2);
    assert_invalid(
        fc.update_alias(&f(), "prod", AliasUpdate::new().with_weights(w))
            .await,
        "additional_weights[1]",
    );
    // Moving the main version onto a weighted one, with the weights left as they are, too.
    assert_invalid(
        fc.update_alias(&f(), "prod", AliasUpdate::new().with_version("2"))
            .await,
        "additional_weights[2]",
    );
    let puts = lines(&server)
        .await
        .into_iter()
        .filter(|l| l.starts_with("PUT"))
        .count();
    assert_eq!(puts, 1);
}

// ------------------------------------------------------------------ triggers

#[tokio::test]
async fn create_oss_trigger_builds_the_source_arn() {
    let (server, fc) = setup().await;
    let reply = json!({
        "triggerName": "up", "triggerType": "oss", "triggerId": "tid",
        "sourceArn": "acs:oss:cn-hangzhou:1234:bkt", "invocationRole": "acs:ram::1234:role/oss",
        "qualifier": "prod",
        "triggerConfig": {"events": ["oss:ObjectCreated:PutObject", "oss:ObjectCreated:PutSymlink"],
                          "filter": {"key": {"prefix": "in/", "suffix": ".json"}}},
        "createdTime": "2020-04-03T05:57:28Z", "lastModifiedTime": "2020-04-03T05:57:28Z"
    });
    on("POST", "/services/svc/functions/fn/triggers")
        .respond_with(json_etag(200, &reply, "te-1"))
        .mount(&server)
        .await;
    let config = TriggerConfig::ObjectStorage(
        ObjectStorageConfig::new(
            "bkt",
            [
                ObjectEvent::CreatedPut,
                ObjectEvent::Other("oss:ObjectCreated:PutSymlink".into()),
            ],
        )
        .with_prefix("in/")
        .with_suffix(".json"),
    );
    let t = fc
        .create_trigger(
            &f(),
            TriggerSpec::new("up", config.clone())
                .with_qualifier(Qualifier::alias("prod"))
                .with_extension("invocationRole", json!("acs:ram::1234:role/oss")),
        )
        .await
        .unwrap();
    let r = request(&server, "POST", "/services/svc/functions/fn/triggers").await;
    assert_eq!(
        body(&r),
        json!({
            "triggerName": "up", "triggerType": "oss", "sourceArn": "acs:oss:cn-hangzhou:1234:bkt",
            "invocationRole": "acs:ram::1234:role/oss", "qualifier": "prod",
            "triggerConfig": {"events": ["oss:ObjectCreated:PutObject", "oss:ObjectCreated:PutSymlink"],
                              "filter": {"key": {"prefix": "in/", "suffix": ".json"}}}
        })
    );
    assert_eq!(t.id, "up", "FC triggers are addressed by name");
    assert_eq!(t.name, "up");
    assert_eq!(t.config, config);
    assert_eq!(t.qualifier, Some(Qualifier::alias("prod")));
    assert_eq!(t.etag.as_deref(), Some("te-1"));
    assert_eq!(t.extensions["triggerId"], json!("tid"));
    assert_eq!(
        t.extensions["invocationRole"],
        json!("acs:ram::1234:role/oss")
    );
    assert!(t.created_at.is_some());
}

#[tokio::test]
async fn create_timer_and_http_triggers() {
    let (server, fc) = setup().await;
    on("POST", "/services/svc/functions/fn/triggers")
        .respond_with(json(200, &json!({"triggerName": "x", "triggerType": "timer",
            "triggerConfig": "{\"cronExpression\":\"@every 5m\",\"enable\":true,\"payload\":\"p\"}"})))
        .mount(&server)
        .await;
    let t = fc
        .create_trigger(
            &f(),
            TriggerSpec::new(
                "x",
                TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(300)).with_payload("p")),
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        t.config,
        TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(300)).with_payload("p")),
        "triggerConfig sent as a JSON string is read too"
    );
    assert_eq!(t.enabled, Some(true));
    fc.create_trigger(
        &f(),
        TriggerSpec::new(
            "web",
            TriggerConfig::Http(HttpConfig::new(
                HttpAuth::Signed,
                [HttpMethod::Get, HttpMethod::Post],
            )),
        ),
    )
    .await
    .unwrap();
    let reqs = received(&server).await;
    assert_eq!(
        body(&reqs[0]),
        json!({"triggerName": "x", "triggerType": "timer",
               "triggerConfig": {"cronExpression": "@every 5m", "payload": "p", "enable": true}})
    );
    assert_eq!(
        body(&reqs[1]),
        json!({"triggerName": "web", "triggerType": "http",
               "triggerConfig": {"authType": "function", "methods": ["GET", "POST"]}})
    );
}

#[tokio::test]
async fn raw_triggers_keep_type_and_config() {
    let (server, fc) = setup().await;
    let log_config = json!({"sourceConfig": {"logstore": "src"}, "jobConfig": {"maxRetryTime": 3},
                            "logConfig": {"project": "p", "logstore": "l"}, "enable": false});
    on("GET", "/services/svc/functions/fn/triggers/logs")
        .respond_with(json_etag(
            200,
            &json!({"triggerName": "logs", "triggerType": "log", "sourceArn": "acs:log:cn-hangzhou:1234:project/p",
                    "triggerConfig": log_config, "qualifier": "null"}),
            "te",
        ))
        .mount(&server)
        .await;
    on("POST", "/services/svc/functions/fn/triggers")
        .respond_with(json(
            200,
            &json!({"triggerName": "mns", "triggerType": "mns_topic"}),
        ))
        .mount(&server)
        .await;
    let t = fc.get_trigger(&f(), "logs").await.unwrap();
    assert_eq!(
        t.config,
        TriggerConfig::Raw(RawTrigger::new("log", log_config.clone()))
    );
    assert_eq!(t.enabled, Some(false));
    assert_eq!(t.qualifier, None, "\"null\" reads as no qualifier");
    assert_eq!(
        t.extensions["sourceArn"],
        json!("acs:log:cn-hangzhou:1234:project/p")
    );
    fc.create_trigger(
        &f(),
        TriggerSpec::new(
            "mns",
            TriggerConfig::Raw(RawTrigger::new("mns_topic", json!({"filterTag": "x"}))),
        )
        .with_enabled(true)
        .with_extension("sourceArn", json!("acs:mns:cn-hangzhou:1234:/topics/t")),
    )
    .await
    .unwrap();
    let r = request(&server, "POST", "/services/svc/functions/fn/triggers").await;
    assert_eq!(
        body(&r),
        json!({"triggerName": "mns", "triggerType": "mns_topic",
               "sourceArn": "acs:mns:cn-hangzhou:1234:/topics/t",
               "triggerConfig": {"filterTag": "x", "enable": true}})
    );
}

#[tokio::test]
async fn update_trigger_merges_into_the_current_config() {
    let (server, fc) = setup().await;
    on("GET", "/services/svc/functions/fn/triggers/t")
        .respond_with(json(
            200,
            &json!({"triggerName": "t", "triggerType": "timer",
                    "triggerConfig": {"cronExpression": "0 0 9 * * ?", "enable": true, "payload": "p"}}),
        ))
        .mount(&server)
        .await;
    on("PUT", "/services/svc/functions/fn/triggers/t")
        .respond_with(json_etag(
            200,
            &json!({"triggerName": "t", "triggerType": "timer", "qualifier": "3",
                    "triggerConfig": {"cronExpression": "0 0 9 * * ?", "enable": false, "payload": "p"}}),
            "te-2",
        ))
        .mount(&server)
        .await;
    let t = fc
        .update_trigger(
            &f(),
            "t",
            TriggerUpdate::new()
                .with_enabled(false)
                .with_qualifier(Qualifier::version("3"))
                .if_match("te-1"),
        )
        .await
        .unwrap();
    let r = request(&server, "PUT", "/services/svc/functions/fn/triggers/t").await;
    assert_eq!(
        body(&r),
        json!({"qualifier": "3",
               "triggerConfig": {"cronExpression": "0 0 9 * * ?", "payload": "p", "enable": false}})
    );
    assert_eq!(header(&r, "if-match"), Some("te-1"));
    assert_eq!(t.enabled, Some(false));
    assert_eq!(t.qualifier, Some(Qualifier::version("3")));
    assert!(
        matches!(&t.config, TriggerConfig::Timer(c) if c.schedule == Schedule::Cron("0 0 9 * * ?".into()))
    );
    assert_eq!(t.etag.as_deref(), Some("te-2"));

    // Changing the kind is refused after the read, and nothing is written.
    assert_invalid(
        fc.update_trigger(
            &f(),
            "t",
            TriggerUpdate::new().with_config(TriggerConfig::Http(HttpConfig::new(
                HttpAuth::Anonymous,
                [HttpMethod::Get],
            ))),
        )
        .await,
        "trigger config",
    );
    let puts = lines(&server)
        .await
        .into_iter()
        .filter(|l| l.starts_with("PUT"))
        .count();
    assert_eq!(puts, 1);
}

#[tokio::test]
async fn missing_triggers_are_not_found_and_listing_pages() {
    let (server, fc) = setup().await;
    on("GET", "/services/svc/functions/fn/triggers/nope")
        .respond_with(fc_error(404, "TriggerNotFound"))
        .mount(&server)
        .await;
    on("DELETE", "/services/svc/functions/fn/triggers/nope")
        .respond_with(fc_error(404, "TriggerNotFound"))
        .mount(&server)
        .await;
    on("GET", "/services/svc/functions/fn/triggers")
        .respond_with(json(
            200,
            &json!({"triggers": [{"triggerName": "a", "triggerType": "http",
                                  "triggerConfig": {"authType": "anonymous", "methods": ["GET"]}}],
                    "nextToken": "a"}),
        ))
        .mount(&server)
        .await;
    assert_eq!(
        fc.get_trigger(&f(), "nope").await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        fc.update_trigger(&f(), "nope", TriggerUpdate::new().with_enabled(false))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        fc.delete_trigger(&f(), "nope").await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let page = fc
        .list_triggers_page(&f(), ListRequest::new().with_page_size(1))
        .await
        .unwrap();
    assert_eq!(page.items[0].id, "a");
    assert_eq!(
        page.items[0].config,
        TriggerConfig::Http(HttpConfig::new(HttpAuth::Anonymous, [HttpMethod::Get]))
    );
    assert_eq!(page.next, Some(PageToken::new("a")));
    let r = request(&server, "GET", "/services/svc/functions/fn/triggers").await;
    assert_eq!(query(&r), [("limit".into(), "1".into())]);
}

// ------------------------------------------------------------------ async configs

#[tokio::test]
async fn put_async_config_replaces_with_arns() {
    let (server, fc) = setup().await;
    on(
        "DELETE",
        "/services/svc.prod/functions/fn/async-invoke-config",
    )
    .respond_with(fc_error(404, "AsyncConfigNotFound"))
    .mount(&server)
    .await;
    on("PUT", "/services/svc.prod/functions/fn/async-invoke-config")
        .respond_with(json(
            200,
            &json!({
                "service": "svc", "function": "fn", "qualifier": "prod",
                "maxAsyncEventAgeInSeconds": 3600, "maxAsyncRetryAttempts": 0,
                "statefulInvocation": true,
                "destinationConfig": {
                    "onSuccess": {"destination": "acs:mns:cn-hangzhou:1234:/queues/q1/messages"},
                    "onFailure": {"destination": "acs:fc:cn-hangzhou:1234:services/svc.2/functions/dlq"}
                },
                "createdTime": "2020-04-03T05:57:28Z"
            }),
        ))
        .mount(&server)
        .await;
    let config = AsyncConfig::new()
        .with_max_retries(0)
        .with_max_event_age(Duration::from_secs(3600))
        .with_on_success(Destination::Queue { name: "q1".into() })
        .with_on_failure(Destination::Function {
            function: FunctionRef::new("svc", "dlq"),
            qualifier: Some(Qualifier::version("2")),
        })
        .with_extension("statefulInvocation", json!(true));
    let got = fc
        .put_async_config(&f(), &Qualifier::alias("prod"), config.clone())
        .await
        .unwrap();
    assert_eq!(
        lines(&server).await,
        [
            format!("DELETE {P}/services/svc.prod/functions/fn/async-invoke-config"),
            format!("PUT {P}/services/svc.prod/functions/fn/async-invoke-config"),
        ]
    );
    let r = request(
        &server,
        "PUT",
        "/services/svc.prod/functions/fn/async-invoke-config",
    )
    .await;
    assert_eq!(
        body(&r),
        json!({
            "maxAsyncEventAgeInSeconds": 3600, "maxAsyncRetryAttempts": 0, "statefulInvocation": true,
            "destinationConfig": {
                "onSuccess": {"destination": "acs:mns:cn-hangzhou:1234:/queues/q1/messages"},
                "onFailure": {"destination": "acs:fc:cn-hangzhou:1234:services/svc.2/functions/dlq"}
            }
        })
    );
    assert_eq!(got.qualifier, Some(Qualifier::alias("prod")));
    assert_eq!(got.max_retries, Some(0));
    assert_eq!(got.max_event_age, Some(Duration::from_secs(3600)));
    assert_eq!(got.on_success, config.on_success);
    assert_eq!(got.on_failure, config.on_failure);
    assert_eq!(got.extensions["statefulInvocation"], json!(true));
    assert!(got.created_at.is_some());
}

#[tokio::test]
async fn async_configs_get_delete_and_list() {
    let (server, fc) = setup().await;
    on("GET", "/services/svc/functions/fn/async-invoke-config")
        .respond_with(json(
            200,
            &json!({"maxAsyncRetryAttempts": 3, "destinationConfig": {
                "onFailure": {"destination": "acs:mns:cn-hangzhou:1234:/topics/tp/messages"},
                "onSuccess": {"destination": "acs:eventbridge:cn-hangzhou:1234:eventbus/default"}}}),
        ))
        .mount(&server)
        .await;
    on("GET", "/services/svc.1/functions/fn/async-invoke-config")
        .respond_with(fc_error(404, "AsyncConfigNotFound"))
        .mount(&server)
        .await;
    on("DELETE", "/services/svc.1/functions/fn/async-invoke-config")
        .respond_with(empty(204))
        .mount(&server)
        .await;
    on("GET", "/services/svc/functions/fn/async-invoke-configs")
        .respond_with(json(
            200,
            &json!({"configs": [{"qualifier": "LATEST", "maxAsyncRetryAttempts": 1},
                                {"qualifier": "1", "maxAsyncRetryAttempts": 2},
                                {"qualifier": "prod"}],
                    "nextToken": "nx"}),
        ))
        .mount(&server)
        .await;
    let got = fc.get_async_config(&f(), &Qualifier::Latest).await.unwrap();
    assert_eq!(got.qualifier, Some(Qualifier::Latest));
    assert_eq!(got.max_retries, Some(3));
    assert_eq!(got.max_event_age, None);
    assert_eq!(
        got.on_failure,
        Some(Destination::Topic { name: "tp".into() })
    );
    assert_eq!(
        got.on_success,
        Some(Destination::Raw {
            provider_type: "acs:eventbridge".into(),
            target: "acs:eventbridge:cn-hangzhou:1234:eventbus/default".into()
        })
    );
    assert_eq!(
        fc.get_async_config(&f(), &Qualifier::version("1"))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    fc.delete_async_config(&f(), &Qualifier::version("1"))
        .await
        .unwrap();
    let page = fc
        .list_async_configs_page(&f(), ListRequest::new().with_page_size(3))
        .await
        .unwrap();
    let qs: Vec<_> = page
        .items
        .iter()
        .map(|c| c.qualifier.clone().unwrap())
        .collect();
    assert_eq!(
        qs,
        [
            Qualifier::Latest,
            Qualifier::version("1"),
            Qualifier::alias("prod")
        ]
    );
    assert_eq!(page.next, Some(PageToken::new("nx")));
    let filtered = fc
        .list_async_configs_page(&f(), ListRequest::new().with_prefix("version:"))
        .await
        .unwrap();
    assert_eq!(filtered.items.len(), 1);
    assert_eq!(filtered.items[0].max_retries, Some(2));
    let lists: Vec<_> = received(&server)
        .await
        .into_iter()
        .filter(|r| r.url.path().ends_with("/async-invoke-configs"))
        .collect();
    assert_eq!(query(&lists[0]), [("limit".into(), "3".into())]);
    assert_eq!(query(&lists[1]), [], "FC has no prefix filter here");
}

// ------------------------------------------------------------------ invoke

#[tokio::test]
async fn invoke_sync_with_log_tail_and_function_error() {
    let (server, fc) = setup().await;
    on("POST", "/services/svc.prod/functions/fn/invocations")
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_string(r#"{"errorMessage":"boom","errorType":"Error"}"#)
                .insert_header("x-fc-request-id", "rid-9")
                .insert_header("x-fc-error-type", "UnhandledInvocationError")
                .insert_header("x-fc-log-result", STANDARD.encode("line one\nline two"))
                .insert_header("x-fc-invocation-code-version", "4")
                .insert_header("x-fc-instance-id", "i-1"),
        )
        .mount(&server)
        .await;
    let resp = fc
        .invoke(
            &f(),
            InvokeRequest::new(r#"{"k":1}"#)
                .with_qualifier(Qualifier::alias("prod"))
                .with_log_tail(true),
        )
        .await
        .unwrap();
    let r = request(
        &server,
        "POST",
        "/services/svc.prod/functions/fn/invocations",
    )
    .await;
    assert_eq!(r.body, br#"{"k":1}"#);
    assert_eq!(header(&r, "x-fc-invocation-type"), Some("Sync"));
    assert_eq!(header(&r, "x-fc-log-type"), Some("Tail"));
    let err = resp.function_error.clone().unwrap();
    assert_eq!(err.kind, FunctionErrorKind::Unhandled);
    assert_eq!(err.message.as_deref(), Some("Error: boom"));
    assert_eq!(resp.log_tail.as_deref(), Some("line one\nline two"));
    assert_eq!(resp.request_id.as_deref(), Some("rid-9"));
    assert_eq!(resp.executed_version.as_deref(), Some("4"));
    assert_eq!(resp.async_invocation_id, None);
    assert_eq!(resp.extensions["x-fc-instance-id"], json!("i-1"));
}

#[tokio::test]
async fn invoke_sync_success_and_handled_errors() {
    let (server, fc) = setup().await;
    on("POST", "/services/svc/functions/fn/invocations")
        .and(wiremock::matchers::body_string("ok"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_string("hello"))
        .mount(&server)
        .await;
    on("POST", "/services/svc/functions/fn/invocations")
        .and(wiremock::matchers::body_string("fail"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_string(r#"{"errorMessage":"nope"}"#)
                .insert_header("x-fc-error-type", "HandledInvocationError"),
        )
        .mount(&server)
        .await;
    let ok = fc.invoke_sync(&f(), "ok".into()).await.unwrap();
    assert!(ok.is_success());
    assert_eq!(ok.payload_text(), "hello");
    assert_eq!(ok.log_tail, None);
    let failed = fc.invoke_sync(&f(), "fail".into()).await.unwrap();
    assert_eq!(
        failed.function_error.unwrap().kind,
        FunctionErrorKind::Handled
    );
    let reqs = received(&server).await;
    assert_eq!(header(&reqs[0], "x-fc-log-type"), None);
}

#[tokio::test]
async fn invoke_async_reports_an_invocation_id() {
    let (server, fc) = setup().await;
    on("POST", "/services/svc.3/functions/fn/invocations")
        .and(wiremock::matchers::header_exists(
            "x-fc-stateful-async-invocation-id",
        ))
        .respond_with(
            wiremock::ResponseTemplate::new(202)
                .insert_header("x-fc-request-id", "rid-a")
                .insert_header("x-fc-stateful-async-invocation-id", "job_1"),
        )
        .mount(&server)
        .await;
    on("POST", "/services/svc/functions/fn/invocations")
        .respond_with(
            wiremock::ResponseTemplate::new(202).insert_header("x-fc-request-id", "rid-b"),
        )
        .mount(&server)
        .await;
    let resp = fc
        .invoke(
            &f(),
            InvokeRequest::new("{}")
                .asynchronous()
                .with_qualifier(Qualifier::version("3"))
                .with_async_invocation_id("job_1"),
        )
        .await
        .unwrap();
    assert_eq!(resp.async_invocation_id.as_deref(), Some("job_1"));
    assert!(resp.payload.is_empty());
    let plain = fc
        .invoke(&f(), InvokeRequest::new("{}").asynchronous())
        .await
        .unwrap();
    assert_eq!(
        plain.async_invocation_id.as_deref(),
        Some("rid-b"),
        "without a stateful id the request id names the invocation"
    );
    let reqs = received(&server).await;
    assert_eq!(header(&reqs[0], "x-fc-invocation-type"), Some("Async"));
    assert_eq!(
        header(&reqs[0], "x-fc-stateful-async-invocation-id"),
        Some("job_1")
    );
}

#[tokio::test]
async fn invoking_a_missing_function_is_not_found() {
    let (server, fc) = setup().await;
    on("POST", "/services/svc/functions/fn/invocations")
        .respond_with(fc_error(404, "FunctionNotFound"))
        .mount(&server)
        .await;
    let err = fc.invoke_sync(&f(), "{}".into()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.operation(), Some("InvokeFunction"));
}

// ------------------------------------------------------------------ refused before sending

#[tokio::test]
async fn quotas_are_unsupported_and_send_nothing() {
    let (server, fc) = setup().await;
    let err = fc.list_quotas().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert_eq!(err.provider(), Some("alibaba-fc"));
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn invalid_input_is_refused_before_sending() {
    let (server, fc) = setup().await;
    let spec = || {
        FunctionSpec::new(
            "fn",
            Runtime::Python39,
            "index.handler",
            Code::zip(&b"PK"[..]),
        )
    };
    let g = f();

    assert_invalid(
        fc.create_namespace(NamespaceSpec::new("9bad")).await,
        "namespace name",
    );
    assert_invalid(
        fc.create_namespace(NamespaceSpec::new("ok").with_description("x".repeat(300)))
            .await,
        "description",
    );
    assert_invalid(fc.get_namespace("has space").await, "namespace name");
    assert_invalid(
        fc.create_function("svc", spec().with_memory_mb(100)).await,
        "memory_mb",
    );
    assert_invalid(
        fc.create_function("svc", spec().with_memory_mb(0)).await,
        "memory_mb",
    );
    assert_invalid(
        fc.create_function("svc", spec().with_timeout(Duration::from_secs(86_401)))
            .await,
        "timeout",
    );
    assert_invalid(
        fc.create_function("svc", spec().with_timeout(Duration::ZERO))
            .await,
        "timeout",
    );
    let mut bad_runtime = spec();
    bad_runtime.runtime = Runtime::Php73;
    assert_invalid(fc.create_function("svc", bad_runtime).await, "runtime");
    let mut bad_name = spec();
    bad_name.name = "1fn".into();
    assert_invalid(fc.create_function("svc", bad_name).await, "function name");
    assert_invalid(
        fc.create_function("svc", spec().with_env("1X", "y")).await,
        "environment",
    );
    assert_invalid(
        fc.create_function(
            "svc",
            spec()
                .with_extension("memorySize", json!("lots"))
                .with_extension("caPort", json!("x")),
        )
        .await,
        "extensions",
    );
    let mut empty_zip = spec();
    empty_zip.code = Code::zip(Vec::new());
    assert_invalid(fc.create_function("svc", empty_zip).await, "code");
    assert_invalid(
        fc.update_function(&g, FunctionUpdate::new().with_memory_mb(130))
            .await,
        "memory_mb",
    );
    assert_invalid(
        fc.get_function(&g, &Qualifier::alias("9 bad")).await,
        "qualifier",
    );
    let err = fc
        .update_function(&g, FunctionUpdate::new().if_match(""))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);

    let err = fc
        .publish_version(&g, PublishVersion::new().with_name("v1"))
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Unsupported,
        "FC numbers versions itself"
    );
    assert_invalid(fc.delete_version(&g, "").await, "version");

    assert_invalid(
        fc.create_alias(
            &g,
            AliasSpec::new("prod", "1")
                .with_weight("2", 0.6)
                .with_weight("3", 0.6),
        )
        .await,
        "additional_weights",
    );
    assert_invalid(
        fc.create_alias(&g, AliasSpec::new("prod", "1").with_weight("1", 0.1))
            .await,
        "additional_weights[1]",
    );
    assert_invalid(
        fc.create_alias(&g, AliasSpec::new("prod", "1").with_weight("2", -0.1))
            .await,
        "additional_weights[2]",
    );
    assert_invalid(
        fc.create_alias(&g, AliasSpec::new("prod", "latest")).await,
        "alias version",
    );
    assert_invalid(
        fc.create_alias(&g, AliasSpec::new("9prod", "1")).await,
        "alias name",
    );
    assert_invalid(
        fc.update_alias(&g, "prod", AliasUpdate::new().with_version("LATEST"))
            .await,
        "alias version",
    );

    let http_path = TriggerConfig::Http(
        HttpConfig::new(HttpAuth::Anonymous, [HttpMethod::Get]).with_path("/x"),
    );
    let err = fc
        .create_trigger(&g, TriggerSpec::new("t", http_path))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert_invalid(
        fc.create_trigger(
            &g,
            TriggerSpec::new(
                "t",
                TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(30))),
            ),
        )
        .await,
        "trigger schedule (rate)",
    );
    assert_invalid(
        fc.create_trigger(
            &g,
            TriggerSpec::new(
                "t",
                TriggerConfig::ObjectStorage(ObjectStorageConfig::new(
                    "b",
                    [ObjectEvent::RemovedDeleteMarkerCreated],
                )),
            ),
        )
        .await,
        "trigger events",
    );
    assert_invalid(
        fc.create_trigger(
            &g,
            TriggerSpec::new("t", TriggerConfig::Raw(RawTrigger::new("log", json!([1]))))
                .with_enabled(false),
        )
        .await,
        "trigger config",
    );
    assert_invalid(fc.get_trigger(&g, "").await, "trigger id");

    assert_invalid(
        fc.put_async_config(
            &g,
            &Qualifier::Latest,
            AsyncConfig::new().with_max_retries(9),
        )
        .await,
        "max_retries",
    );
    assert_invalid(
        fc.put_async_config(
            &g,
            &Qualifier::Latest,
            AsyncConfig::new().with_max_event_age(Duration::from_secs(2_592_001)),
        )
        .await,
        "max_event_age",
    );
    let err = fc
        .put_async_config(
            &g,
            &Qualifier::Latest,
            AsyncConfig::new().with_on_failure(Destination::Stream { name: "s".into() }),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert_invalid(
        fc.put_async_config(
            &g,
            &Qualifier::Latest,
            AsyncConfig::new().with_on_failure(Destination::Raw {
                provider_type: "eventbridge".into(),
                target: "acs:eventbridge:cn-hangzhou:1234:eventbus/default".into(),
            }),
        )
        .await,
        "on_failure.provider_type",
    );

    assert_invalid(
        fc.invoke(
            &g,
            InvokeRequest::new("{}").asynchronous().with_log_tail(true),
        )
        .await,
        "log_tail",
    );
    assert_invalid(
        fc.invoke(&g, InvokeRequest::new("{}").with_async_invocation_id("x"))
            .await,
        "async_invocation_id",
    );
    assert_invalid(
        fc.invoke(
            &g,
            InvokeRequest::new("{}")
                .asynchronous()
                .with_async_invocation_id("9-starts-with-digit"),
        )
        .await,
        "async_invocation_id",
    );
    let mut with_ext = InvokeRequest::new("{}");
    with_ext.extensions.insert("x-fc-trace-id".into(), json!(1));
    assert_invalid(fc.invoke(&g, with_ext).await, "extensions[x-fc-trace-id]");

    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn invoke_extensions_become_headers() {
    let (server, fc) = setup().await;
    on("POST", "/services/svc/functions/fn/invocations")
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let mut req = InvokeRequest::new("{}");
    req.extensions
        .insert("x-fc-trace-id".into(), json!("trace-1"));
    req.extensions
        .insert("content-type".into(), json!("application/json"));
    fc.invoke(&f(), req).await.unwrap();
    let r = request(&server, "POST", "/services/svc/functions/fn/invocations").await;
    assert_eq!(header(&r, "x-fc-trace-id"), Some("trace-1"));
    assert_eq!(header(&r, "content-type"), Some("application/json"));
}
