//! The neutral adapter [`FunctionGraph`] against wiremock: for every trait method, the wire requests it
//! sends (method, raw path with URNs encoded as the SDK does, raw query, JSON body, signature checked
//! independently) and the neutral value it decodes from a realistic response; error mapping; invalid
//! input rejected before anything is sent; client-side paging over several server pages; trigger ids;
//! weights.

#![allow(clippy::many_single_char_names, clippy::needless_pass_by_value)]

mod adapter_support;
mod api_common;

use std::collections::BTreeMap;
use std::time::Duration;

use adapter_support::{REGION, body, lines, provider, rejected, route, route_query, seg, sent};
use api_common::{PROJECT, header};
use cloudfn_core::{
    AliasSpec, AliasUpdate, AsyncConfig, Capabilities, Code, Destination, ErrorKind, FunctionRef,
    FunctionSpec, FunctionUpdate, HttpAuth, HttpConfig, HttpMethod, Initializer, InvokeRequest,
    ListRequest, NamespaceSpec, NamespaceUpdate, ObjectEvent, ObjectStorageConfig, Provider,
    ProviderExt, PublishVersion, Qualifier, QuotaKind, RawTrigger, Runtime, Schedule, TimerConfig,
    TriggerConfig, TriggerKind, TriggerSpec, TriggerUpdate,
};
use cloudfn_core::{
    Aliases, AsyncConfigs, Functions, Invoker, Namespaces, Quotas, Triggers, Versions,
};
use cloudfn_huawei::{FunctionGraph, FunctionGraphBuilder};
use futures::TryStreamExt;
use serde_json::{Value, json};
use wiremock::MockServer;

fn shop(name: &str) -> FunctionRef {
    FunctionRef::new("shop", name)
}

/// A function as ShowFunctionConfig / CreateFunction answer it.
fn function_json(package: &str, name: &str, version: &str) -> Value {
    json!({
        "func_urn": format!("urn:fss:{REGION}:{PROJECT}:function:{package}:{name}:{version}"),
        "func_name": name,
        "domain_id": "14ee2e3501124efcbca7998baa24xxxx",
        "namespace": PROJECT,
        "project_name": REGION,
        "package": package,
        "runtime": "Python3.9",
        "timeout": 30,
        "handler": "index.handler",
        "memory_size": 256,
        "cpu": 300,
        "code_type": "inline",
        "code_filename": "index.zip",
        "code_size": 4,
        "user_data": "{\"STAGE\":\"prod\"}",
        "digest": "39d51ae3",
        "version": version,
        "image_name": "latest-191025153727@zehht",
        "xrole": "agency",
        "app_xrole": null,
        "description": "greets",
        "version_description": "",
        "last_modified": "2024-05-06T10:11:12+08:00",
        "func_vpc": null,
        "initializer_handler": "index.init",
        "initializer_timeout": 10,
        "type": "v2"
    })
}

// ---------------------------------------------------------------------------------------------------
// Provider, builder
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn provider_identity_and_escape_hatch() {
    let s = MockServer::start().await;
    let p = provider(&s);
    assert_eq!(p.name(), "huawei-functiongraph");
    assert_eq!(p.capabilities(), &Capabilities::huawei_functiongraph());
    assert_eq!(p.client().project_id(), PROJECT);
    assert_eq!(p.region(), REGION);
    let debug = format!("{p:?}");
    assert!(debug.contains(REGION) && debug.contains(PROJECT), "{debug}");
    assert!(!debug.contains(api_common::SK), "{debug}");
    assert_eq!(
        p.function_urn(&shop("hello")).unwrap().to_string(),
        format!("urn:fss:{REGION}:{PROJECT}:function:shop:hello")
    );
}

#[tokio::test]
async fn build_provider_needs_a_region_and_uses_the_builder() {
    let s = MockServer::start().await;
    let err = FunctionGraphBuilder::new()
        .with_endpoint(s.uri())
        .with_allow_http(true)
        .with_project_id(PROJECT)
        .with_aksk(api_common::credentials())
        .build_provider()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config, "{err}");
    assert!(err.message().contains("region"), "{err}");

    let p: FunctionGraph = FunctionGraphBuilder::new()
        .with_region(REGION)
        .with_endpoint(s.uri())
        .with_allow_http(true)
        .with_project_id(PROJECT)
        .with_aksk(api_common::credentials())
        .build_provider()
        .await
        .unwrap();
    assert_eq!(p.region(), REGION);
    assert!(s.received_requests().await.unwrap().is_empty());
    route(
        &s,
        "GET",
        "/quotas",
        200,
        json!({"quotas": {"resources": []}}),
    )
    .await;
    assert!(p.list_quotas().await.unwrap().is_empty());
    assert_eq!(sent(&s).await.len(), 1);
}

// ---------------------------------------------------------------------------------------------------
// Namespaces
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn namespace_writes_are_unsupported_before_sending() {
    let s = MockServer::start().await;
    let p = provider(&s);
    rejected(
        &s,
        p.create_namespace(NamespaceSpec::new("shop")).await,
        ErrorKind::Unsupported,
        "creating namespaces",
    )
    .await;
    rejected(
        &s,
        p.update_namespace("shop", NamespaceUpdate::new().with_description("x"))
            .await,
        ErrorKind::Unsupported,
        "updating namespaces",
    )
    .await;
    rejected(
        &s,
        p.delete_namespace("shop").await,
        ErrorKind::Unsupported,
        "deleting namespaces",
    )
    .await;
    rejected(
        &s,
        p.get_namespace("9bad").await,
        ErrorKind::InvalidArgument,
        "namespace name",
    )
    .await;
    // ensure_namespace never calls the provider on implicit namespaces.
    let ns = p
        .ensure_namespace(NamespaceSpec::new("shop"))
        .await
        .unwrap();
    assert_eq!(ns.name, "shop");
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_namespace_is_derived_from_the_functions_of_the_package() {
    let s = MockServer::start().await;
    let p = provider(&s);
    route_query(
        &s,
        "GET",
        "/functions",
        "maxitems=400&package_name=shop",
        200,
        json!({"functions": [function_json("shop", "a", "latest")], "next_marker": 1, "count": 1}),
    )
    .await;
    route_query(
        &s,
        "GET",
        "/functions",
        "maxitems=400&package_name=empty",
        200,
        // A server that ignores the filter: the other package's function must not count.
        json!({"functions": [function_json("shop", "a", "latest")], "next_marker": 1, "count": 1}),
    )
    .await;
    assert_eq!(p.get_namespace("shop").await.unwrap().name, "shop");
    let err = p.get_namespace("empty").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(
        lines(&s).await,
        [
            format!("GET /v2/{PROJECT}/fgs/functions?maxitems=400&package_name=shop"),
            format!("GET /v2/{PROJECT}/fgs/functions?maxitems=400&package_name=empty"),
        ]
    );
}

#[tokio::test]
async fn namespaces_are_listed_in_name_order_across_server_pages() {
    let s = MockServer::start().await;
    let p = provider(&s);
    route_query(
        &s,
        "GET",
        "/functions",
        "maxitems=400",
        200,
        json!({"functions": [function_json("web", "a", "latest"), function_json("api", "b", "latest")],
               "next_marker": 2, "count": 4}),
    )
    .await;
    route_query(
        &s,
        "GET",
        "/functions",
        "marker=2&maxitems=400",
        200,
        json!({"functions": [function_json("web", "c", "latest"), function_json("batch", "d", "latest")],
               "next_marker": 4, "count": 4}),
    )
    .await;
    let page = p
        .list_namespaces_page(ListRequest::new().with_page_size(2))
        .await
        .unwrap();
    let names: Vec<&str> = page.items.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["api", "batch"]);
    let token = page.next.expect("a second page");
    let token: cloudfn_core::PageToken =
        serde_json::from_str(&serde_json::to_string(&token).unwrap()).unwrap();
    let page = p
        .list_namespaces_page(ListRequest::new().with_page_size(2).with_token(token))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name, "web");
    assert!(page.next.is_none());
    let all: Vec<String> = p
        .list_namespaces()
        .map_ok(|n| n.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, ["api", "batch", "web"]);
    let prefixed = p
        .list_namespaces_page(ListRequest::new().with_prefix("b"))
        .await
        .unwrap();
    assert_eq!(prefixed.items.len(), 1);
    assert_eq!(prefixed.items[0].name, "batch");
}

// ---------------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------------

fn spec() -> FunctionSpec {
    FunctionSpec::new(
        "hello",
        Runtime::Python39,
        "index.handler",
        Code::zip(vec![0x50, 0x4b, 0x03, 0x04]),
    )
    .with_memory_mb(256)
    .with_timeout(Duration::from_secs(30))
    .with_env("STAGE", "prod")
    .with_description("greets")
    .with_initializer(Initializer::new("index.init").with_timeout(Duration::from_secs(10)))
    .with_extension("xrole", json!("agency"))
}

#[tokio::test]
async fn create_function_sends_the_create_body_and_decodes_the_function() {
    let s = MockServer::start().await;
    let p = provider(&s);
    route(
        &s,
        "POST",
        "/functions",
        200,
        function_json("shop", "hello", "latest"),
    )
    .await;
    let f = p.create_function("shop", spec()).await.unwrap();
    let reqs = sent(&s).await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].url.path(), format!("/v2/{PROJECT}/fgs/functions"));
    assert_eq!(
        body(&reqs[0]),
        json!({
            "func_name": "hello", "package": "shop", "runtime": "Python3.9", "timeout": 30,
            "handler": "index.handler", "memory_size": 256, "code_type": "inline",
            "func_code": {"file": "UEsDBA=="}, "user_data": "{\"STAGE\":\"prod\"}",
            "description": "greets", "initializer_handler": "index.init", "initializer_timeout": 10,
            "xrole": "agency"
        })
    );
    assert_eq!((f.namespace.as_str(), f.name.as_str()), ("shop", "hello"));
    assert_eq!(f.runtime, Runtime::Python39);
    assert_eq!(f.handler, "index.handler");
    assert_eq!(f.memory_mb, Some(256));
    assert_eq!(f.timeout, Some(Duration::from_secs(30)));
    assert_eq!(f.environment["STAGE"], "prod");
    assert_eq!(f.description.as_deref(), Some("greets"));
    assert_eq!(
        f.initializer,
        Some(Initializer::new("index.init").with_timeout(Duration::from_secs(10)))
    );
    assert_eq!(f.code_size, Some(4));
    assert_eq!(f.code_checksum.as_deref(), Some("39d51ae3"));
    assert_eq!(f.version, None);
    assert_eq!(
        f.modified_at.unwrap().to_rfc3339(),
        "2024-05-06T02:11:12+00:00"
    );
    assert_eq!(f.etag, None);
    assert_eq!(f.extensions["xrole"], "agency");
    assert_eq!(f.extensions["namespace"], PROJECT);
    assert!(!f.extensions.contains_key("user_data"));
    assert!(!f.extensions.contains_key("app_xrole"), "nulls are dropped");
}

#[tokio::test]
async fn create_function_defaults_and_object_storage_code() {
    let s = MockServer::start().await;
    let p = provider(&s);
    route(
        &s,
        "POST",
        "/functions",
        200,
        function_json("shop", "hello", "latest"),
    )
    .await;
    let spec = FunctionSpec::new(
        "hello",
        Runtime::Nodejs14,
        "index.handler",
        Code::object_storage("code-bkt", "dir/fn v1.zip"),
    );
    p.create_function("shop", spec).await.unwrap();
    let reqs = sent(&s).await;
    assert_eq!(
        body(&reqs[0]),
        json!({
            "func_name": "hello", "package": "shop", "runtime": "Node.js14.18", "timeout": 60,
            "handler": "index.handler", "memory_size": 128, "code_type": "obs",
            "code_url": "https://code-bkt.obs.cn-north-4.myhuaweicloud.com/dir/fn%20v1.zip"
        })
    );
}

#[tokio::test]
async fn invalid_functions_are_rejected_before_sending() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let cases: Vec<(FunctionSpec, ErrorKind, &str)> = vec![
        (
            spec().with_memory_mb(300),
            ErrorKind::InvalidArgument,
            "memory",
        ),
        (
            spec().with_timeout(Duration::from_secs(901)),
            ErrorKind::InvalidArgument,
            "timeout",
        ),
        (
            FunctionSpec::new("hello", Runtime::Python39, "handler", Code::zip(vec![1])),
            ErrorKind::InvalidArgument,
            "handler",
        ),
        (
            FunctionSpec::new("9hello", Runtime::Python39, "i.h", Code::zip(vec![1])),
            ErrorKind::InvalidArgument,
            "function name",
        ),
        (
            FunctionSpec::new("hello", Runtime::Nodejs16, "i.h", Code::zip(vec![1])),
            ErrorKind::InvalidArgument,
            "runtime",
        ),
        (
            spec().with_extension("memory_size", json!(512)),
            ErrorKind::InvalidArgument,
            "extensions.memory_size",
        ),
        (
            spec().with_extension("xrole", json!(5)),
            ErrorKind::InvalidArgument,
            "extensions",
        ),
    ];
    for (spec, kind, needle) in cases {
        rejected(&s, p.create_function("shop", spec).await, kind, needle).await;
    }
    rejected(
        &s,
        p.create_function(
            "shop-",
            FunctionSpec::new("a", Runtime::Python39, "i.h", Code::zip(vec![1])),
        )
        .await,
        ErrorKind::InvalidArgument,
        "namespace name",
    )
    .await;
}

#[tokio::test]
async fn get_function_at_every_qualifier_and_errors() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    route(
        &s,
        "GET",
        &format!("/functions/{}/config", seg("shop", "hello", None)),
        200,
        function_json("shop", "hello", "latest"),
    )
    .await;
    route(
        &s,
        "GET",
        &format!("/functions/{}/config", seg("shop", "hello", Some("v1"))),
        200,
        function_json("shop", "hello", "v1"),
    )
    .await;
    route(
        &s,
        "GET",
        &format!("/functions/{}/config", seg("shop", "hello", Some("!prod"))),
        200,
        function_json("shop", "hello", "v1"),
    )
    .await;
    assert_eq!(p.function(&f).await.unwrap().version, None);
    let v = p.get_function(&f, &Qualifier::version("v1")).await.unwrap();
    assert_eq!(v.version.as_deref(), Some("v1"));
    let a = p.get_function(&f, &Qualifier::alias("prod")).await.unwrap();
    assert_eq!(a.version.as_deref(), Some("v1"));
    assert_eq!(sent(&s).await.len(), 3);

    route(
        &s,
        "GET",
        &format!("/functions/{}/config", seg("shop", "gone", None)),
        404,
        json!({"error_code": "FSS.1051", "error_msg": "Not found the function"}),
    )
    .await;
    let err = p.function(&shop("gone")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.code(), Some("FSS.1051"));
    assert_eq!(err.request_id(), Some("rid-test"));
    assert_eq!(err.provider(), Some("huawei-functiongraph"));
}

#[tokio::test]
async fn update_function_config_is_a_read_modify_write() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!("/functions/{}/config", seg("shop", "hello", None));
    route(
        &s,
        "GET",
        &path,
        200,
        function_json("shop", "hello", "latest"),
    )
    .await;
    let mut updated = function_json("shop", "hello", "latest");
    updated["memory_size"] = json!(512);
    route(&s, "PUT", &path, 200, updated).await;
    let f = p
        .update_function(
            &shop("hello"),
            FunctionUpdate::new()
                .with_memory_mb(512)
                .with_environment(BTreeMap::from([("A".to_owned(), "1".to_owned())])),
        )
        .await
        .unwrap();
    assert_eq!(f.memory_mb, Some(512));
    let reqs = sent(&s).await;
    let methods: Vec<&str> = reqs.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(
        methods,
        ["GET", "PUT"],
        "no code update when the code is unchanged"
    );
    assert_eq!(
        body(&reqs[1]),
        json!({
            "func_name": "hello", "runtime": "Python3.9", "timeout": 30, "handler": "index.handler",
            "memory_size": 512, "user_data": "{\"A\":\"1\"}", "xrole": "agency", "description": "greets",
            "initializer_handler": "index.init", "initializer_timeout": 10
        })
    );
}

#[tokio::test]
async fn update_function_code_only_sends_the_code() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let urn = seg("shop", "hello", None);
    route(
        &s,
        "PUT",
        &format!("/functions/{urn}/code"),
        200,
        json!({"func_name": "hello", "code_size": 3}),
    )
    .await;
    route(
        &s,
        "GET",
        &format!("/functions/{urn}/config"),
        200,
        function_json("shop", "hello", "latest"),
    )
    .await;
    p.update_function(
        &shop("hello"),
        FunctionUpdate::new().with_code(Code::zip(vec![1, 2, 3])),
    )
    .await
    .unwrap();
    let reqs = sent(&s).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].method.as_str(), "PUT");
    assert_eq!(
        reqs[0].url.path(),
        format!("/v2/{PROJECT}/fgs/functions/{urn}/code")
    );
    assert_eq!(
        body(&reqs[0]),
        json!({"code_type": "inline", "func_code": {"file": "AQID"}})
    );
    assert_eq!(reqs[1].method.as_str(), "GET");
}

#[tokio::test]
async fn invalid_updates_send_nothing() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    rejected(
        &s,
        p.update_function(&f, FunctionUpdate::new().with_memory_mb(256).if_match("e1"))
            .await,
        ErrorKind::Unsupported,
        "if_match",
    )
    .await;
    rejected(
        &s,
        p.update_function(
            &f,
            FunctionUpdate::new().with_timeout(Duration::from_secs(2)),
        )
        .await,
        ErrorKind::InvalidArgument,
        "timeout",
    )
    .await;
    rejected(
        &s,
        p.update_function(
            &f,
            FunctionUpdate::new().with_extension("runtime", json!("x")),
        )
        .await,
        ErrorKind::InvalidArgument,
        "extensions.runtime",
    )
    .await;
    rejected(
        &s,
        p.update_function(
            &f,
            FunctionUpdate::new().with_extension("xrole", json!([1])),
        )
        .await,
        ErrorKind::InvalidArgument,
        "extensions",
    )
    .await;
}

#[tokio::test]
async fn delete_function_deletes_the_unqualified_urn() {
    let s = MockServer::start().await;
    let p = provider(&s);
    route(
        &s,
        "DELETE",
        &format!("/functions/{}", seg("shop", "hello", None)),
        204,
        Value::Null,
    )
    .await;
    p.delete_function(&shop("hello")).await.unwrap();
    assert_eq!(
        lines(&s).await,
        [format!(
            "DELETE /v2/{PROJECT}/fgs/functions/{}",
            seg("shop", "hello", None)
        )]
    );
}

#[tokio::test]
async fn functions_are_filtered_sorted_and_paged() {
    let s = MockServer::start().await;
    let p = provider(&s);
    route_query(
        &s,
        "GET",
        "/functions",
        "maxitems=400&package_name=shop",
        200,
        json!({"functions": [function_json("shop", "zeta", "latest"), function_json("other", "alpha", "latest"),
                             function_json("shop", "beta", "latest")], "next_marker": 3, "count": 5}),
    )
    .await;
    route_query(
        &s,
        "GET",
        "/functions",
        "marker=3&maxitems=400&package_name=shop",
        200,
        json!({"functions": [function_json("shop", "alpha", "latest"), function_json("shop", "bravo", "latest")],
               "next_marker": 5, "count": 5}),
    )
    .await;
    let page = p
        .list_functions_page("shop", ListRequest::new().with_page_size(3))
        .await
        .unwrap();
    let names: Vec<&str> = page.items.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["alpha", "beta", "bravo"]);
    assert!(page.items.iter().all(|f| f.namespace == "shop"));
    let page = p
        .list_functions_page(
            "shop",
            ListRequest::new()
                .with_page_size(3)
                .with_token(page.next.unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name, "zeta");
    assert!(page.next.is_none());
    let b = p
        .list_functions_page("shop", ListRequest::new().with_prefix("b"))
        .await
        .unwrap();
    let names: Vec<&str> = b.items.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["beta", "bravo"]);
    let err = p
        .list_functions_page(
            "shop",
            ListRequest::new().with_token(cloudfn_core::PageToken::new("nope")),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[tokio::test]
async fn function_code_inline_and_by_link() {
    let s = MockServer::start().await;
    let p = provider(&s);
    route(
        &s,
        "GET",
        &format!("/functions/{}/code", seg("shop", "hello", None)),
        200,
        json!({"func_urn": "x", "code_type": "inline", "func_code": {"file": "UEsDBA==", "link": ""}}),
    )
    .await;
    let code = p
        .get_function_code(&shop("hello"), &Qualifier::Latest)
        .await
        .unwrap();
    assert_eq!(code.as_ref(), [0x50, 0x4b, 0x03, 0x04]);

    let link = format!("{}/obs/fn.zip", s.uri());
    route(
        &s,
        "GET",
        &format!("/functions/{}/code", seg("shop", "hello", Some("v2"))),
        200,
        json!({"code_type": "obs", "code_url": link, "func_code": {"file": ""}}),
    )
    .await;
    wiremock::Mock::given(wiremock::matchers::path("/obs/fn.zip"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_bytes(vec![9u8, 8, 7]))
        .mount(&s)
        .await;
    let code = p
        .get_function_code(&shop("hello"), &Qualifier::version("v2"))
        .await
        .unwrap();
    assert_eq!(code.as_ref(), [9, 8, 7]);
    let reqs = s.received_requests().await.unwrap();
    let download = reqs.last().unwrap();
    assert_eq!(download.url.path(), "/obs/fn.zip");
    assert!(
        download.headers.get("authorization").is_none(),
        "the link is fetched unsigned"
    );
}

// ---------------------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------------------

fn version_json(version: &str, modified: &str) -> Value {
    let mut v = function_json("shop", "hello", version);
    v["version_description"] = json!(format!("release {version}"));
    v["last_modified"] = json!(modified);
    v
}

#[tokio::test]
async fn publish_version_with_a_caller_name() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!("/functions/{}/versions", seg("shop", "hello", None));
    route(
        &s,
        "POST",
        &path,
        200,
        version_json("v1", "2024-05-06T10:11:12+08:00"),
    )
    .await;
    let v = p
        .publish_version(
            &shop("hello"),
            PublishVersion::new()
                .with_name("v1")
                .with_description("first"),
        )
        .await
        .unwrap();
    assert_eq!(v.id, "v1");
    assert_eq!(v.description.as_deref(), Some("release v1"));
    assert_eq!(
        v.created_at.unwrap().to_rfc3339(),
        "2024-05-06T02:11:12+00:00"
    );
    assert_eq!(v.extensions["digest"], "39d51ae3");
    let reqs = sent(&s).await;
    assert_eq!(
        body(&reqs[0]),
        json!({"version": "v1", "description": "first"})
    );

    s.reset().await;
    route(
        &s,
        "POST",
        &path,
        400,
        json!({"error_code": "FSS.1016", "error_msg": "The function has not been changed"}),
    )
    .await;
    let err = p
        .publish_version(&shop("hello"), PublishVersion::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PreconditionFailed, "{err}");
    assert_eq!(body(&sent(&s).await[0]), json!({}));
}

#[tokio::test]
async fn invalid_publishes_send_nothing() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    rejected(
        &s,
        p.publish_version(&f, PublishVersion::new().with_name("latest"))
            .await,
        ErrorKind::InvalidArgument,
        "latest",
    )
    .await;
    rejected(
        &s,
        p.publish_version(&f, PublishVersion::new().with_name("-v1"))
            .await,
        ErrorKind::InvalidArgument,
        "version name",
    )
    .await;
    rejected(
        &s,
        p.publish_version(&f, PublishVersion::new().if_match("e"))
            .await,
        ErrorKind::Unsupported,
        "if_match",
    )
    .await;
    rejected(
        &s,
        p.delete_version(&f, "latest").await,
        ErrorKind::InvalidArgument,
        "latest",
    )
    .await;
    rejected(
        &s,
        p.delete_version(&f, "").await,
        ErrorKind::InvalidArgument,
        "version",
    )
    .await;
}

#[tokio::test]
async fn versions_are_listed_oldest_first_without_latest() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!("/functions/{}/versions", seg("shop", "hello", None));
    route_query(
        &s,
        "GET",
        &path,
        "",
        200,
        json!({
            "versions": [version_json("latest", "2024-05-09T00:00:00Z"), version_json("v3", "2024-05-08T00:00:00Z")],
            "next_marker": 2, "count": 4
        }),
    )
    .await;
    route_query(
        &s,
        "GET",
        &path,
        "marker=2",
        200,
        json!({"versions": [version_json("v1", "2024-05-06T00:00:00Z"), version_json("v2", "2024-05-07T00:00:00Z")],
               "next_marker": 4, "count": 4}),
    )
    .await;
    let ids: Vec<String> = p
        .list_versions(&shop("hello"))
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["v1", "v2", "v3"]);
    let reqs = sent(&s).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].url.path(), adapter_support::full(&path));
    assert_eq!(reqs[1].url.query(), Some("marker=2"));
    let page = p
        .list_versions_page(&shop("hello"), ListRequest::new().with_page_size(2))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(page.next.is_some());
}

#[tokio::test]
async fn delete_version_uses_the_version_urn() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let v1 = format!("/functions/{}", seg("shop", "hello", Some("v1")));
    route(&s, "DELETE", &v1, 204, Value::Null).await;
    p.delete_version(&shop("hello"), "v1").await.unwrap();
    assert_eq!(
        lines(&s).await,
        [format!("DELETE {}", adapter_support::full(&v1))]
    );
    s.reset().await;
    route(
        &s,
        "DELETE",
        &v1,
        403,
        json!({"error_code": "FSS.1094", "error_msg": "used as the additional version of an alias"}),
    )
    .await;
    let err = p.delete_version(&shop("hello"), "v1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PreconditionFailed, "{err}");
}

// ---------------------------------------------------------------------------------------------------
// Aliases
// ---------------------------------------------------------------------------------------------------

fn alias_json(name: &str, version: &str, weights: Value) -> Value {
    json!({
        "name": name, "version": version, "description": "live traffic",
        "last_modified": "2024-05-06T10:11:12+08:00",
        "alias_urn": format!("urn:fss:{REGION}:{PROJECT}:function:shop:hello:!{name}"),
        "additional_version_weights": weights
    })
}

#[tokio::test]
async fn create_alias_sends_percent_weights_and_reads_fractions() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!("/functions/{}/aliases", seg("shop", "hello", None));
    route(
        &s,
        "POST",
        &path,
        200,
        alias_json("prod", "v1", json!({"v2": 10})),
    )
    .await;
    let a = p
        .create_alias(
            &shop("hello"),
            AliasSpec::new("prod", "v1")
                .with_weight("v2", 0.1)
                .with_description("live traffic"),
        )
        .await
        .unwrap();
    assert_eq!(a.name, "prod");
    assert_eq!(a.version, "v1");
    assert!((a.additional_weights["v2"] - 0.1).abs() < 1e-12);
    assert_eq!(a.description.as_deref(), Some("live traffic"));
    assert!(
        a.extensions["alias_urn"]
            .as_str()
            .unwrap()
            .ends_with(":!prod")
    );
    assert_eq!(
        body(&sent(&s).await[0]),
        json!({"name": "prod", "version": "v1", "description": "live traffic",
               "additional_version_weights": {"v2": 10}})
    );
}

#[tokio::test]
async fn invalid_aliases_send_nothing() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    rejected(
        &s,
        p.create_alias(&f, AliasSpec::new("prod", "v1").with_weight("v2", 0.055))
            .await,
        ErrorKind::InvalidArgument,
        "multiple of 0.01",
    )
    .await;
    rejected(
        &s,
        p.create_alias(
            &f,
            AliasSpec::new("prod", "v1")
                .with_weight("v2", 0.7)
                .with_weight("v3", 0.4),
        )
        .await,
        ErrorKind::InvalidArgument,
        "sum",
    )
    .await;
    rejected(
        &s,
        p.create_alias(&f, AliasSpec::new("prod", "v1").with_weight("v1", 0.1))
            .await,
        ErrorKind::InvalidArgument,
        "main version",
    )
    .await;
    rejected(
        &s,
        p.create_alias(&f, AliasSpec::new("prod", "v1").with_weight("latest", 0.1))
            .await,
        ErrorKind::InvalidArgument,
        "latest",
    )
    .await;
    rejected(
        &s,
        p.update_alias(
            &f,
            "prod",
            AliasUpdate::new().with_weights(BTreeMap::from([("v2".to_owned(), 0.333)])),
        )
        .await,
        ErrorKind::InvalidArgument,
        "multiple of 0.01",
    )
    .await;
    rejected(
        &s,
        p.update_alias(
            &f,
            "prod",
            AliasUpdate::new().with_version("v2").if_match("e"),
        )
        .await,
        ErrorKind::Unsupported,
        "if_match",
    )
    .await;
    rejected(
        &s,
        p.get_alias(&f, "9prod").await,
        ErrorKind::InvalidArgument,
        "alias name",
    )
    .await;
}

#[tokio::test]
async fn update_alias_carries_over_what_is_not_named() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!("/functions/{}/aliases/prod", seg("shop", "hello", None));
    route(
        &s,
        "GET",
        &path,
        200,
        alias_json("prod", "v1", json!({"v2": 10})),
    )
    .await;
    route(
        &s,
        "PUT",
        &path,
        200,
        alias_json("prod", "v3", json!({"v2": 10})),
    )
    .await;
    let a = p
        .update_alias(
            &shop("hello"),
            "prod",
            AliasUpdate::new().with_version("v3"),
        )
        .await
        .unwrap();
    assert_eq!(a.version, "v3");
    let reqs = sent(&s).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        body(&reqs[1]),
        json!({"version": "v3", "description": "live traffic", "additional_version_weights": {"v2": 10}})
    );
}

#[tokio::test]
async fn get_list_and_delete_aliases() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    let base = format!("/functions/{}/aliases", seg("shop", "hello", None));
    route(
        &s,
        "GET",
        &format!("{base}/prod"),
        200,
        alias_json("prod", "v1", json!({"v2": 25})),
    )
    .await;
    route(
        &s,
        "GET",
        &base,
        200,
        json!([
            alias_json("test", "latest", json!({})),
            alias_json("prod", "v1", json!(null))
        ]),
    )
    .await;
    route(&s, "DELETE", &format!("{base}/prod"), 204, Value::Null).await;
    let a = p.get_alias(&f, "prod").await.unwrap();
    assert!((a.additional_weights["v2"] - 0.25).abs() < 1e-12);
    let page = p
        .list_aliases_page(&f, ListRequest::new().with_page_size(1))
        .await
        .unwrap();
    assert_eq!(page.items[0].name, "prod");
    let page = p
        .list_aliases_page(
            &f,
            ListRequest::new()
                .with_page_size(1)
                .with_token(page.next.unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(page.items[0].name, "test");
    assert_eq!(page.items[0].version, "latest");
    assert!(page.next.is_none());
    p.delete_alias(&f, "prod").await.unwrap();
    assert_eq!(sent(&s).await.last().unwrap().method.as_str(), "DELETE");
}

#[tokio::test]
async fn empty_listings_of_missing_functions_are_not_found() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let urn = seg("shop", "gone", None);
    route(
        &s,
        "GET",
        &format!("/functions/{urn}/aliases"),
        200,
        json!([]),
    )
    .await;
    route(&s, "GET", &format!("/triggers/{urn}"), 200, json!([])).await;
    route(
        &s,
        "GET",
        &format!("/functions/{urn}/config"),
        404,
        json!({"error_code": "FSS.1051", "error_msg": "Not found the function"}),
    )
    .await;
    let f = shop("gone");
    assert_eq!(
        p.list_aliases_page(&f, ListRequest::new())
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        p.list_triggers_page(&f, ListRequest::new())
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}

// ---------------------------------------------------------------------------------------------------
// Triggers
// ---------------------------------------------------------------------------------------------------

fn trigger_json(id: &str, ty: &str, status: &str, event_data: Value) -> Value {
    json!({
        "trigger_id": id, "trigger_type_code": ty, "trigger_status": status,
        "event_data": event_data, "last_updated_time": "2024-05-06T10:11:12+08:00",
        "created_time": "2024-05-06T10:11:12+08:00"
    })
}

fn timer_data() -> Value {
    json!({"name": "nightly", "schedule_type": "Cron", "schedule": "0 0 9 * * ?", "user_event": "{\"k\":1}"})
}

#[tokio::test]
async fn create_timer_trigger_encodes_the_id() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!("/triggers/{}", seg("shop", "hello", None));
    route(
        &s,
        "POST",
        &path,
        201,
        trigger_json("8a2c", "TIMER", "ACTIVE", timer_data()),
    )
    .await;
    let t = p
        .create_trigger(
            &shop("hello"),
            TriggerSpec::new(
                "nightly",
                TriggerConfig::Timer(TimerConfig::cron("0 0 9 * * ?").with_payload("{\"k\":1}")),
            )
            .with_enabled(true),
        )
        .await
        .unwrap();
    assert_eq!(t.id, "TIMER:8a2c");
    assert_eq!(t.name, "nightly");
    assert_eq!(t.enabled, Some(true));
    assert!(t.created_at.is_some());
    match &t.config {
        TriggerConfig::Timer(c) => {
            assert_eq!(c.schedule, Schedule::Cron("0 0 9 * * ?".into()));
            assert_eq!(c.payload.as_deref(), Some("{\"k\":1}"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        body(&sent(&s).await[0]),
        json!({"trigger_type_code": "TIMER", "trigger_status": "ACTIVE", "event_data": timer_data()})
    );
}

#[tokio::test]
async fn create_http_object_storage_and_raw_triggers() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    let alias_path = format!("/triggers/{}", seg("shop", "hello", Some("!prod")));
    let apig = json!({"name": "api", "auth": "NONE", "path": "/hello", "req_method": "GET",
                      "env_id": "DEFAULT_ENVIRONMENT_RELEASE_ID", "env_name": "RELEASE", "protocol": "HTTPS",
                      "match_mode": "SWA", "backend_type": "FUNCTION", "type": 1, "group_id": "g1",
                      "invoke_url": "https://g1.apig.example.com/hello"});
    route(
        &s,
        "POST",
        &alias_path,
        201,
        trigger_json("a1", "APIG", "ACTIVE", apig),
    )
    .await;
    let t = p
        .create_trigger(
            &f,
            TriggerSpec::new(
                "api",
                TriggerConfig::Http(
                    HttpConfig::new(HttpAuth::Anonymous, [HttpMethod::Get]).with_path("/hello"),
                ),
            )
            .with_qualifier(Qualifier::alias("prod"))
            .with_extension("group_id", json!("g1")),
        )
        .await
        .unwrap();
    assert_eq!(t.id, "APIG:a1");
    assert_eq!(t.qualifier, Some(Qualifier::alias("prod")));
    assert_eq!(
        t.config,
        TriggerConfig::Http(
            HttpConfig::new(HttpAuth::Anonymous, [HttpMethod::Get]).with_path("/hello")
        )
    );
    assert_eq!(
        t.extensions["invoke_url"],
        "https://g1.apig.example.com/hello"
    );
    let sent_body = body(&sent(&s).await[0]);
    assert_eq!(sent_body["trigger_type_code"], "APIG");
    assert_eq!(sent_body["event_data"]["group_id"], "g1");
    assert_eq!(sent_body["event_data"]["req_method"], "GET");
    assert_eq!(sent_body["event_data"]["auth"], "NONE");
    assert!(sent_body.get("trigger_status").is_none());

    s.reset().await;
    let path = format!("/triggers/{}", seg("shop", "hello", None));
    let obs = json!({"name": "uploads", "bucket": "bkt", "events": ["s3:ObjectCreated:Put", "s3:ObjectRemoved:*"],
                     "prefix": "in/", "suffix": ".json"});
    route(
        &s,
        "POST",
        &path,
        201,
        trigger_json("o1", "OBS", "ACTIVE", obs.clone()),
    )
    .await;
    let config = TriggerConfig::ObjectStorage(
        ObjectStorageConfig::new("bkt", [ObjectEvent::CreatedPut, ObjectEvent::RemovedAll])
            .with_prefix("in/")
            .with_suffix(".json"),
    );
    let t = p
        .create_trigger(&f, TriggerSpec::new("uploads", config.clone()))
        .await
        .unwrap();
    assert_eq!(t.config, config);
    assert_eq!(body(&sent(&s).await[0])["event_data"], obs);

    s.reset().await;
    let smn =
        json!({"topic_urn": "urn:smn:cn-north-4:p:topic", "subscription_status": "Confirmed"});
    route(
        &s,
        "POST",
        &path,
        201,
        trigger_json("s1", "SMN", "ACTIVE", smn.clone()),
    )
    .await;
    let t = p
        .create_trigger(
            &f,
            TriggerSpec::new(
                "topic",
                TriggerConfig::Raw(RawTrigger::new(
                    "SMN",
                    json!({"topic_urn": "urn:smn:cn-north-4:p:topic"}),
                )),
            ),
        )
        .await
        .unwrap();
    assert_eq!(t.id, "SMN:s1");
    assert_eq!(
        t.name, "SMN:s1",
        "raw triggers have no name: the id stands in"
    );
    assert_eq!(t.config, TriggerConfig::Raw(RawTrigger::new("SMN", smn)));
}

#[tokio::test]
async fn invalid_triggers_send_nothing() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    let http = |methods: Vec<HttpMethod>, path: Option<&str>| {
        let mut h = HttpConfig::new(HttpAuth::Anonymous, methods);
        h.path = path.map(str::to_owned);
        TriggerSpec::new("api", TriggerConfig::Http(h))
    };
    rejected(
        &s,
        p.create_trigger(
            &f,
            http(vec![HttpMethod::Get, HttpMethod::Post], Some("/x")),
        )
        .await,
        ErrorKind::InvalidArgument,
        "trigger methods",
    )
    .await;
    rejected(
        &s,
        p.create_trigger(&f, http(vec![HttpMethod::Get], None))
            .await,
        ErrorKind::InvalidArgument,
        "config.path",
    )
    .await;
    rejected(
        &s,
        p.create_trigger(
            &f,
            TriggerSpec::new(
                "t",
                TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(90))),
            ),
        )
        .await,
        ErrorKind::InvalidArgument,
        "rate",
    )
    .await;
    rejected(
        &s,
        p.create_trigger(
            &f,
            TriggerSpec::new("t", TriggerConfig::Timer(TimerConfig::cron("* * *")))
                .with_description("d"),
        )
        .await,
        ErrorKind::Unsupported,
        "description",
    )
    .await;
    rejected(
        &s,
        p.create_trigger(
            &f,
            TriggerSpec::new("t", TriggerConfig::Timer(TimerConfig::cron("* * *")))
                .with_extension("schedule", json!("x")),
        )
        .await,
        ErrorKind::InvalidArgument,
        "extensions.schedule",
    )
    .await;
    // Updates: only the status can change.
    rejected(
        &s,
        p.update_trigger(
            &f,
            "TIMER:8a2c",
            TriggerUpdate::new().with_enabled(false).if_match("e"),
        )
        .await,
        ErrorKind::Unsupported,
        "if_match",
    )
    .await;
    rejected(
        &s,
        p.update_trigger(
            &f,
            "TIMER:8a2c",
            TriggerUpdate::new().with_config(TriggerConfig::Timer(TimerConfig::rate(
                Duration::from_secs(300),
            ))),
        )
        .await,
        ErrorKind::Unsupported,
        "`config`",
    )
    .await;
    rejected(
        &s,
        p.update_trigger(
            &f,
            "TIMER:8a2c",
            TriggerUpdate::new().with_config(TriggerConfig::Raw(RawTrigger::new("SMN", json!({})))),
        )
        .await,
        // Any config change is refused first: FunctionGraph cannot change a trigger's config at all.
        ErrorKind::Unsupported,
        "`config`",
    )
    .await;
    rejected(
        &s,
        p.update_trigger(
            &f,
            "TIMER:8a2c",
            TriggerUpdate::new().with_qualifier(Qualifier::version("v1")),
        )
        .await,
        ErrorKind::Unsupported,
        "`qualifier`",
    )
    .await;
    rejected(
        &s,
        p.update_trigger(&f, "TIMER:8a2c", TriggerUpdate::new().with_description("d"))
            .await,
        ErrorKind::Unsupported,
        "`description`",
    )
    .await;
    rejected(
        &s,
        p.get_trigger(&f, "").await,
        ErrorKind::InvalidArgument,
        "trigger id",
    )
    .await;
    // Only TIMER, DDS, DMS, KAFKA and LTS triggers can be disabled.
    rejected(
        &s,
        p.update_trigger(&f, "OBS:o1", TriggerUpdate::new().with_enabled(false))
            .await,
        ErrorKind::Unsupported,
        "disabling OBS triggers",
    )
    .await;
    rejected(
        &s,
        p.create_trigger(
            &f,
            TriggerSpec::new(
                "t",
                TriggerConfig::Raw(RawTrigger::new("SMN", json!({"topic_urn": "u"}))),
            )
            .with_enabled(false),
        )
        .await,
        ErrorKind::Unsupported,
        "disabling SMN triggers",
    )
    .await;
}

#[tokio::test]
async fn triggers_by_encoded_and_bare_id() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    let urn = seg("shop", "hello", None);
    let one = format!("/triggers/{urn}/TIMER/8a2c");
    route(
        &s,
        "GET",
        &one,
        200,
        trigger_json("8a2c", "TIMER", "ACTIVE", timer_data()),
    )
    .await;
    route(
        &s,
        "GET",
        &format!("/triggers/{urn}"),
        200,
        json!([trigger_json("8a2c", "TIMER", "ACTIVE", timer_data())]),
    )
    .await;
    route(
        &s,
        "PUT",
        &one,
        200,
        trigger_json("8a2c", "TIMER", "DISABLED", timer_data()),
    )
    .await;
    route(&s, "DELETE", &one, 204, Value::Null).await;

    let t = p.get_trigger(&f, "TIMER:8a2c").await.unwrap();
    assert_eq!(t.id, "TIMER:8a2c");
    assert_eq!(
        lines(&s).await,
        [format!("GET {}", adapter_support::full(&one))]
    );

    s.reset().await;
    route(
        &s,
        "GET",
        &one,
        200,
        trigger_json("8a2c", "TIMER", "ACTIVE", timer_data()),
    )
    .await;
    route(
        &s,
        "GET",
        &format!("/triggers/{urn}"),
        200,
        json!([trigger_json("8a2c", "TIMER", "ACTIVE", timer_data())]),
    )
    .await;
    route(
        &s,
        "PUT",
        &one,
        200,
        trigger_json("8a2c", "TIMER", "DISABLED", timer_data()),
    )
    .await;
    route(&s, "DELETE", &one, 204, Value::Null).await;
    let t = p.get_trigger(&f, "8a2c").await.unwrap();
    assert_eq!(t.id, "TIMER:8a2c");
    assert_eq!(
        lines(&s).await,
        [
            format!("GET {}", adapter_support::full(&format!("/triggers/{urn}"))),
            format!("GET {}", adapter_support::full(&one)),
        ]
    );

    let t = p
        .update_trigger(&f, "8a2c", TriggerUpdate::new().with_enabled(false))
        .await
        .unwrap();
    assert_eq!(t.enabled, Some(false));
    let reqs = sent(&s).await;
    let put = reqs.iter().find(|r| r.method.as_str() == "PUT").unwrap();
    assert_eq!(body(put), json!({"trigger_status": "DISABLED"}));

    p.delete_trigger(&f, "TIMER:8a2c").await.unwrap();
    assert_eq!(sent(&s).await.last().unwrap().method.as_str(), "DELETE");

    s.reset().await;
    route(
        &s,
        "GET",
        &format!("/triggers/{urn}"),
        200,
        json!([trigger_json("8a2c", "TIMER", "ACTIVE", timer_data())]),
    )
    .await;
    let err = p.delete_trigger(&f, "missing-trigger").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    let reqs = sent(&s).await;
    assert_eq!(reqs.len(), 1, "only the lookup was sent");
    assert_eq!(reqs[0].method.as_str(), "GET");

    s.reset().await;
    route(
        &s,
        "GET",
        &one,
        404,
        json!({"error_code": "FSS.1131", "error_msg": "trigger not found"}),
    )
    .await;
    let err = p.get_trigger(&f, "TIMER:8a2c").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}

#[tokio::test]
async fn update_trigger_without_a_body_reads_it_back() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let one = format!("/triggers/{}/LTS/l1", seg("shop", "hello", None));
    route(&s, "PUT", &one, 200, Value::Null).await;
    route(
        &s,
        "GET",
        &one,
        200,
        trigger_json("l1", "LTS", "ACTIVE", json!({"log_group_id": "g"})),
    )
    .await;
    let t = p
        .update_trigger(
            &shop("hello"),
            "LTS:l1",
            TriggerUpdate::new().with_enabled(true),
        )
        .await
        .unwrap();
    assert_eq!(t.config.kind(), TriggerKind::Raw);
    assert_eq!(t.enabled, Some(true));
    let methods: Vec<String> = sent(&s)
        .await
        .iter()
        .map(|r| r.method.to_string())
        .collect();
    assert_eq!(methods, ["PUT", "GET"]);
}

#[tokio::test]
async fn triggers_are_paged_client_side() {
    let s = MockServer::start().await;
    let p = provider(&s);
    route(
        &s,
        "GET",
        &format!("/triggers/{}", seg("shop", "hello", None)),
        200,
        json!([
            trigger_json(
                "t2",
                "TIMER",
                "ACTIVE",
                json!({"name": "b-timer", "schedule_type": "Rate", "schedule": "1d"})
            ),
            trigger_json("s1", "SMN", "ACTIVE", json!({"topic_urn": "urn:smn:x"})),
            trigger_json(
                "t1",
                "TIMER",
                "DISABLED",
                json!({"name": "a-timer", "schedule_type": "Rate", "schedule": "5m"})
            ),
        ]),
    )
    .await;
    let mut req = ListRequest::new().with_page_size(1);
    let mut ids = Vec::new();
    loop {
        let page = p
            .list_triggers_page(&shop("hello"), req.clone())
            .await
            .unwrap();
        assert!(page.items.len() <= 1);
        ids.extend(page.items.into_iter().map(|t| t.id));
        match page.next {
            Some(t) => req = req.with_token(t),
            None => break,
        }
    }
    assert_eq!(ids, ["SMN:s1", "TIMER:t1", "TIMER:t2"]);
    let all: Vec<_> = p.list_triggers(&shop("hello")).try_collect().await.unwrap();
    let rate = all
        .iter()
        .find(|t| t.id == "TIMER:t2")
        .map(|t| t.config.clone())
        .unwrap();
    assert_eq!(
        rate,
        TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(86_400)))
    );
}

// ---------------------------------------------------------------------------------------------------
// Async configs
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn put_async_config_maps_destinations() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!(
        "/functions/{}/async-invoke-config",
        seg("shop", "hello", Some("latest"))
    );
    let dest_urn = format!("urn:fss:{REGION}:{PROJECT}:function:shop:dead-letters:!prod");
    let response = json!({
        "func_urn": format!("urn:fss:{REGION}:{PROJECT}:function:shop:hello:latest"),
        "max_async_event_age_in_seconds": 3600, "max_async_retry_attempts": 0,
        "destination_config": {
            "on_success": {"destination": "OBS", "param": "{\"bucket\":\"out\",\"prefix\":\"ok/\",\"expires\":7}"},
            "on_failure": {"destination": "FunctionGraph", "param": format!("{{\"func_urn\":\"{dest_urn}\"}}")}
        },
        "created_time": "2024-05-06T10:11:12+08:00", "last_modified": "2024-05-06T10:11:12+08:00",
        "enable_async_status_log": true
    });
    route(&s, "PUT", &path, 200, response).await;
    let config = AsyncConfig::new()
        .with_max_retries(0)
        .with_max_event_age(Duration::from_secs(3600))
        .with_on_success(Destination::ObjectStorage {
            bucket: "out".into(),
            prefix: Some("ok/".into()),
            expires_days: Some(7),
        })
        .with_on_failure(Destination::Function {
            function: shop("dead-letters"),
            qualifier: Some(Qualifier::alias("prod")),
        })
        .with_extension("enable_async_status_log", json!(true));
    let got = p
        .put_async_config(&shop("hello"), &Qualifier::Latest, config.clone())
        .await
        .unwrap();
    assert_eq!(got.qualifier, Some(Qualifier::Latest));
    assert_eq!(got.max_retries, Some(0));
    assert_eq!(got.max_event_age, Some(Duration::from_secs(3600)));
    assert_eq!(got.on_success, config.on_success);
    assert_eq!(got.on_failure, config.on_failure);
    assert!(got.created_at.is_some());
    assert_eq!(got.extensions["enable_async_status_log"], true);
    let sent_body = body(&sent(&s).await[0]);
    assert_eq!(sent_body["max_async_retry_attempts"], 0);
    assert_eq!(sent_body["max_async_event_age_in_seconds"], 3600);
    assert_eq!(sent_body["enable_async_status_log"], true);
    assert_eq!(
        sent_body["destination_config"]["on_failure"]["destination"],
        "FunctionGraph"
    );
    let param: Value = serde_json::from_str(
        sent_body["destination_config"]["on_failure"]["param"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(param, json!({"func_urn": dest_urn}));
    let param: Value = serde_json::from_str(
        sent_body["destination_config"]["on_success"]["param"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        param,
        json!({"bucket": "out", "prefix": "ok/", "expires": 7})
    );
}

#[tokio::test]
async fn invalid_async_configs_send_nothing() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    let q = Qualifier::Latest;
    rejected(
        &s,
        p.put_async_config(&f, &q, AsyncConfig::new().with_max_retries(4))
            .await,
        ErrorKind::InvalidArgument,
        "max_retries",
    )
    .await;
    rejected(
        &s,
        p.put_async_config(
            &f,
            &q,
            AsyncConfig::new().with_max_event_age(Duration::from_secs(86_401)),
        )
        .await,
        ErrorKind::InvalidArgument,
        "max_event_age",
    )
    .await;
    rejected(
        &s,
        p.put_async_config(
            &f,
            &q,
            AsyncConfig::new().with_max_event_age(Duration::ZERO),
        )
        .await,
        ErrorKind::InvalidArgument,
        "max_event_age",
    )
    .await;
    rejected(
        &s,
        p.put_async_config(
            &f,
            &q,
            AsyncConfig::new().with_on_failure(Destination::Queue { name: "q".into() }),
        )
        .await,
        ErrorKind::Unsupported,
        "on_failure",
    )
    .await;
    rejected(
        &s,
        p.put_async_config(
            &f,
            &q,
            AsyncConfig::new().with_on_failure(Destination::Raw {
                provider_type: "KAFKA".into(),
                target: "{}".into(),
            }),
        )
        .await,
        ErrorKind::InvalidArgument,
        "on_failure.provider_type",
    )
    .await;
    rejected(
        &s,
        p.put_async_config(
            &f,
            &q,
            AsyncConfig::new().with_on_success(Destination::ObjectStorage {
                bucket: "b".into(),
                prefix: None,
                expires_days: Some(400),
            }),
        )
        .await,
        ErrorKind::InvalidArgument,
        "on_success.expires_days",
    )
    .await;
    rejected(
        &s,
        p.put_async_config(
            &f,
            &q,
            AsyncConfig::new().with_extension("max_async_retry_attempts", json!(1)),
        )
        .await,
        ErrorKind::InvalidArgument,
        "extensions.max_async_retry_attempts",
    )
    .await;
}

#[tokio::test]
async fn get_and_delete_async_config() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    let v1 = format!(
        "/functions/{}/async-invoke-config",
        seg("shop", "hello", Some("v1"))
    );
    route(&s, "GET", &v1, 200, json!({
        "func_urn": format!("urn:fss:{REGION}:{PROJECT}:function:shop:hello:v1"),
        "max_async_retry_attempts": 2,
        "destination_config": {"on_success": {"destination": "SMN", "param": "{\"topic_urn\":\"urn:smn:t\"}"},
                               "on_failure": {"destination": "DIS", "param": "{\"stream_name\":\"errors\"}"}}
    })).await;
    route(&s, "DELETE", &v1, 204, Value::Null).await;
    let c = p
        .get_async_config(&f, &Qualifier::version("v1"))
        .await
        .unwrap();
    assert_eq!(c.qualifier, Some(Qualifier::version("v1")));
    assert_eq!(c.max_retries, Some(2));
    assert_eq!(
        c.on_success,
        Some(Destination::Topic {
            name: "urn:smn:t".into()
        })
    );
    assert_eq!(
        c.on_failure,
        Some(Destination::Stream {
            name: "errors".into()
        })
    );
    p.delete_async_config(&f, &Qualifier::version("v1"))
        .await
        .unwrap();
    assert_eq!(
        lines(&s).await[1],
        format!("DELETE {}", adapter_support::full(&v1))
    );

    let latest = format!(
        "/functions/{}/async-invoke-config",
        seg("shop", "hello", Some("latest"))
    );
    route(&s, "GET", &latest, 200, json!({})).await;
    let err = p
        .get_async_config(&f, &Qualifier::Latest)
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::NotFound,
        "an empty answer is no config"
    );
}

#[tokio::test]
async fn async_configs_are_listed_across_pages_latest_first() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!(
        "/functions/{}/async-invoke-configs",
        seg("shop", "hello", None)
    );
    let item = |q: &str| json!({"func_urn": format!("urn:fss:{REGION}:{PROJECT}:function:shop:hello:{q}"), "max_async_retry_attempts": 1});
    route_query(
        &s,
        "GET",
        &path,
        "limit=100",
        200,
        json!({
            "async_invoke_configs": [item("!prod"), item("v1")], "count": 3,
            "page_info": {"next_marker": 2, "previous_marker": 0, "current_count": 2}
        }),
    )
    .await;
    route_query(
        &s,
        "GET",
        &path,
        "limit=100&marker=2",
        200,
        json!({
            "async_invoke_configs": [item("latest")], "count": 3,
            "page_info": {"next_marker": 3, "previous_marker": 2, "current_count": 1}
        }),
    )
    .await;
    let qs: Vec<Qualifier> = p
        .list_async_configs(&shop("hello"))
        .map_ok(|c| c.qualifier.unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        qs,
        [
            Qualifier::Latest,
            Qualifier::version("v1"),
            Qualifier::alias("prod")
        ]
    );
    assert_eq!(sent(&s).await.len(), 2);
}

// ---------------------------------------------------------------------------------------------------
// Quotas
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn quotas_map_to_kinds() {
    let s = MockServer::start().await;
    let p = provider(&s);
    route(
        &s,
        "GET",
        "/quotas",
        200,
        json!({"quotas": {"resources": [
            {"quota": 400, "used": 3, "type": "fgs_func_num"},
            {"quota": 10240, "used": 22, "type": "fgs_func_code_size", "unit": "MB"},
            {"quota": 1000, "used": 0, "type": "fgs_func_occurs"},
            {"quota": 60, "used": -1, "type": "fgs_func_scale_down_timeout"}
        ]}}),
    )
    .await;
    let q = p.list_quotas().await.unwrap();
    let kinds: Vec<QuotaKind> = q.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds,
        [
            QuotaKind::Functions,
            QuotaKind::CodeStorage,
            QuotaKind::Concurrency,
            QuotaKind::Other
        ]
    );
    assert_eq!((q[0].limit, q[0].used), (Some(400), Some(3)));
    assert_eq!(q[1].unit.as_deref(), Some("MB"));
    assert_eq!(q[3].name, "fgs_func_scale_down_timeout");
    assert_eq!(q[3].used, None, "a negative count is not a usage");
    assert_eq!(lines(&s).await, [format!("GET /v2/{PROJECT}/fgs/quotas")]);
}

// ---------------------------------------------------------------------------------------------------
// Invocation
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn sync_invoke_returns_result_log_and_function_errors() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!(
        "/functions/{}/invocations",
        seg("shop", "hello", Some("!prod"))
    );
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .insert_header("X-Cff-Request-Id", "req-1")
                .insert_header("X-Cff-Function-Duration", "12.5")
                .set_body_json(json!({"request_id": "req-1", "result": "{\"hello\":\"world\"}", "log": "START\nEND", "status": 0})),
        )
        .mount(&s)
        .await;
    let r = p
        .invoke(
            &shop("hello"),
            InvokeRequest::new(r#"{"name":"world"}"#)
                .with_qualifier(Qualifier::alias("prod"))
                .with_log_tail(true),
        )
        .await
        .unwrap();
    assert!(r.is_success());
    assert_eq!(r.payload_text(), "{\"hello\":\"world\"}");
    assert_eq!(r.log_tail.as_deref(), Some("START\nEND"));
    assert_eq!(r.request_id.as_deref(), Some("req-1"));
    assert_eq!(r.duration, Some(Duration::from_micros(12_500)));
    let reqs = sent(&s).await;
    assert_eq!(reqs[0].url.path(), adapter_support::full(&path));
    assert_eq!(reqs[0].body, br#"{"name":"world"}"#);
    assert_eq!(header(&reqs[0], "x-cff-log-type").as_deref(), Some("tail"));
    assert_eq!(
        header(&reqs[0], "x-cff-request-version").as_deref(),
        Some("v1")
    );

    s.reset().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(
            json!({"request_id": "req-2", "result": "{\"errorMessage\":\"boom\"}", "status": 1, "log": ""}),
        ))
        .mount(&s)
        .await;
    let r = p.invoke_sync(&shop("hello"), "{}".into()).await.unwrap();
    let fe = r.function_error.expect("a function error, not an Err");
    assert_eq!(fe.message.as_deref(), Some("{\"errorMessage\":\"boom\"}"));
    assert_eq!(r.extensions["status"], 1);
    assert_eq!(r.log_tail, None, "a log that was not asked for is dropped");
    assert!(header(&sent(&s).await[0], "x-cff-log-type").is_none());
}

#[tokio::test]
async fn async_invoke_returns_the_request_id() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!(
        "/functions/{}/invocations-async",
        seg("shop", "hello", None)
    );
    route(&s, "POST", &path, 202, json!({"request_id": "a-1"})).await;
    let r = p
        .invoke(
            &shop("hello"),
            InvokeRequest::new(r#"{"k":1}"#)
                .asynchronous()
                .with_extension_for_test(),
        )
        .await
        .unwrap();
    assert_eq!(r.async_invocation_id.as_deref(), Some("a-1"));
    assert_eq!(r.request_id.as_deref(), Some("a-1"));
    assert!(r.payload.is_empty());
    let reqs = sent(&s).await;
    assert_eq!(body(&reqs[0]), json!({"k": 1}));
    assert_eq!(
        header(&reqs[0], "x-cff-instance-memory").as_deref(),
        Some("512")
    );
}

/// Sets the instance memory extension (the model has no builder for invoke extensions).
trait WithMemory {
    fn with_extension_for_test(self) -> Self;
}

impl WithMemory for InvokeRequest {
    fn with_extension_for_test(mut self) -> Self {
        self.extensions.insert("instance_memory".into(), json!(512));
        self
    }
}

#[tokio::test]
async fn invalid_invocations_send_nothing() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let f = shop("hello");
    rejected(
        &s,
        p.invoke(&f, InvokeRequest::new("not json").asynchronous())
            .await,
        ErrorKind::InvalidArgument,
        "payload",
    )
    .await;
    rejected(
        &s,
        p.invoke(
            &f,
            InvokeRequest::new("{}")
                .asynchronous()
                .with_async_invocation_id("id-1"),
        )
        .await,
        ErrorKind::Unsupported,
        "async invocation ids",
    )
    .await;
    rejected(
        &s,
        p.invoke(
            &f,
            InvokeRequest::new("{}").asynchronous().with_log_tail(true),
        )
        .await,
        ErrorKind::InvalidArgument,
        "log_tail",
    )
    .await;
    let mut req = InvokeRequest::new("{}");
    req.extensions.insert("trace".into(), json!("x"));
    rejected(
        &s,
        p.invoke(&f, req).await,
        ErrorKind::InvalidArgument,
        "extensions.trace",
    )
    .await;
    rejected(
        &s,
        p.invoke(&shop("9bad"), InvokeRequest::new("{}")).await,
        ErrorKind::InvalidArgument,
        "function name",
    )
    .await;
}

#[tokio::test]
async fn server_errors_keep_their_code_and_request_id() {
    let s = MockServer::start().await;
    let p = provider(&s);
    route(
        &s,
        "POST",
        "/functions",
        409,
        json!({"error_code": "FSS.1061", "error_msg": "function already exists"}),
    )
    .await;
    let err = p.create_function("shop", spec()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    assert_eq!(err.code(), Some("FSS.1061"));
    assert_eq!(err.operation(), Some("CreateFunction"));
    route(
        &s,
        "GET",
        "/quotas",
        429,
        json!({"error_code": "FSS.0429", "error_msg": "slow down"}),
    )
    .await;
    let err = p.list_quotas().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Throttled, "{err}");
}

#[tokio::test]
async fn versions_without_times_keep_the_server_order() {
    let s = MockServer::start().await;
    let p = provider(&s);
    let path = format!("/functions/{}/versions", seg("shop", "hello", None));
    let bare = |v: &str| json!({"func_name": "hello", "version": v});
    route(
        &s,
        "GET",
        &path,
        200,
        json!({"versions": [bare("v2"), bare("latest"), bare("v1")], "next_marker": 3, "count": 3}),
    )
    .await;
    let page = p
        .list_versions_page(&shop("hello"), ListRequest::new())
        .await
        .unwrap();
    let ids: Vec<&str> = page.items.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["v2", "v1"]);
    assert!(page.items.iter().all(|v| v.created_at.is_none()));
}
