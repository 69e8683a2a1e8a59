//! Every `FcClient` operation on the wire: method, path (qualifiers, hostile names), query, headers,
//! JSON body, a signature verified independently, and the decoded response (spec examples).
#![allow(clippy::unwrap_used)]

mod api_support;

use api_support::{Case, FUNC, FUNC_WIRE, REQUEST_ID, SVC, SVC_WIRE, fixture, fixture_json};
use cloudfn_alibaba::api::types::{
    CreateAliasRequest, CreateCustomDomainRequest, CreateFunctionRequest, CreateServiceRequest,
    CreateTriggerRequest, PublishLayerVersionRequest, PublishVersionRequest,
    PutAsyncInvokeConfigRequest, PutOnDemandConfigRequest, PutProvisionConfigRequest,
    TagResourceRequest, UntagResourceRequest, UpdateAliasRequest, UpdateCustomDomainRequest,
    UpdateFunctionRequest, UpdateServiceRequest, UpdateTriggerRequest,
};
use cloudfn_alibaba::api::{
    Direction, ListInstancesOptions, ListLayerVersionsOptions, ListOptions,
    ListProvisionConfigsOptions, ListServicesOptions, ListStatefulAsyncInvocationsOptions,
    ListVersionsOptions, PageOptions,
};
use cloudfn_alibaba::checksum::code_checksum;
use cloudfn_core::ErrorKind;
use serde_json::{Value, json};

const P: &str = "/2016-08-15";

fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap()
}

fn sdk_extra(key: &str) -> String {
    fixture_json("sdk_extras.json")[key].to_string()
}

fn full_list() -> ListOptions {
    ListOptions {
        limit: Some(10),
        next_token: Some("tok/1".into()),
        prefix: Some("pre fix".into()),
        start_key: Some("a+b".into()),
    }
}

/// The query `full_list()` puts on the wire, decoded, in the SDK's order.
const FULL_LIST_QUERY: &[(&str, &str)] = &[
    ("limit", "10"),
    ("prefix", "pre fix"),
    ("nextToken", "tok/1"),
    ("startKey", "a+b"),
];

// ---------------------------------------------------------------------- services

#[tokio::test]
async fn create_service() {
    let body = fixture_json("create_service_request.json");
    let req: CreateServiceRequest = parse(&body);
    let r = Case::new("POST", format!("{P}/services"))
        .json(body)
        .reply(200, fixture("create_service_response.json"))
        .reply_header("etag", "etag-1")
        .run(|c| async move { c.create_service(&req).await })
        .await
        .unwrap();
    assert_eq!(r.value.service_name.as_deref(), Some("service_name"));
    assert_eq!(r.value.internet_access, Some(true));
    assert_eq!(r.etag.as_deref(), Some("etag-1"));
    assert_eq!(r.request_id.as_deref(), Some(REQUEST_ID));
}

#[tokio::test]
async fn delete_service_with_if_match() {
    let r = Case::new("DELETE", format!("{P}/services/{SVC_WIRE}"))
        .header("if-match", "e19d5cd5af0378da05f63f891c7467af")
        .reply(204, "")
        .run(|c| async move {
            c.delete_service(SVC, Some("e19d5cd5af0378da05f63f891c7467af"))
                .await
        })
        .await
        .unwrap();
    assert_eq!(r.request_id.as_deref(), Some(REQUEST_ID));
}

#[tokio::test]
async fn update_service() {
    let body = json!({"description": "new", "internetAccess": false});
    let req: UpdateServiceRequest = parse(&body);
    let r = Case::new("PUT", format!("{P}/services/{SVC_WIRE}"))
        .header("if-match", "e1")
        .json(body)
        .reply(
            200,
            r#"{"serviceName":"my svc+1%ü","description":"new","internetAccess":false}"#,
        )
        .reply_header("etag", "e2")
        .run(|c| async move { c.update_service(SVC, &req, Some("e1")).await })
        .await
        .unwrap();
    assert_eq!(r.value.service_name.as_deref(), Some(SVC));
    assert_eq!(r.etag.as_deref(), Some("e2"));
}

#[tokio::test]
async fn get_service_plain_and_qualified() {
    let r = Case::new("GET", format!("{P}/services/{SVC_WIRE}"))
        .reply(200, fixture("create_service_response.json"))
        .reply_header("etag", "e3")
        .run(|c| async move { c.get_service(SVC, None).await })
        .await
        .unwrap();
    assert_eq!(r.etag.as_deref(), Some("e3"));
    let r = Case::new("GET", format!("{P}/services/{SVC_WIRE}.pr%C3%B6d%20x"))
        .reply(200, r#"{"serviceName":"s"}"#)
        .run(|c| async move { c.get_service(SVC, Some("pröd x")).await })
        .await
        .unwrap();
    assert_eq!(r.value.service_name.as_deref(), Some("s"));
}

#[tokio::test]
async fn list_services_with_tags() {
    let opts = ListServicesOptions {
        limit: Some(2),
        next_token: Some("tok/1".into()),
        prefix: Some("pre fix".into()),
        start_key: Some("a+b".into()),
        tags: [("k1".to_owned(), "v 1".to_owned())].into(),
    };
    let r = Case::new("GET", format!("{P}/services"))
        .query(&[
            ("limit", "2"),
            ("prefix", "pre fix"),
            ("nextToken", "tok/1"),
            ("startKey", "a+b"),
            ("tag_k1", "v 1"),
        ])
        .reply(
            200,
            r#"{"services":[{"serviceName":"a"},{"serviceName":"b"}],"nextToken":"_FUN_NAS-classify"}"#,
        )
        .run(|c| async move { c.list_services(&opts).await })
        .await
        .unwrap();
    assert_eq!(r.value.services.len(), 2);
    assert_eq!(r.value.next_token.as_deref(), Some("_FUN_NAS-classify"));
}

#[tokio::test]
async fn list_services_sends_nothing_falsy() {
    let opts = ListServicesOptions {
        limit: Some(0),
        prefix: Some(String::new()),
        ..ListServicesOptions::default()
    };
    let r = Case::new("GET", format!("{P}/services"))
        .reply(200, r#"{"services":[]}"#)
        .run(|c| async move { c.list_services(&opts).await })
        .await
        .unwrap();
    assert!(r.value.services.is_empty());
    assert!(r.value.next_token.is_none());
}

// ---------------------------------------------------------------------- functions

#[tokio::test]
async fn create_function_with_inline_code_sends_the_checksum() {
    let zip = b"PK\x03\x04 not really a zip";
    let b64 = base64_encode(zip);
    let body = json!({"functionName": FUNC, "handler": "index.handler", "runtime": "python3",
                      "code": {"zipFile": b64}, "memorySize": 256, "timeout": 60});
    let req: CreateFunctionRequest = parse(&body);
    let r = Case::new("POST", format!("{P}/services/{SVC_WIRE}/functions"))
        .header("x-fc-code-checksum", &code_checksum(zip))
        .json(body)
        .reply(200, fixture("create_function_response.json"))
        .reply_header("etag", "fe1")
        .run(|c| async move { c.create_function(SVC, &req).await })
        .await
        .unwrap();
    assert_eq!(r.value.function_name.as_deref(), Some("function_name"));
    assert_eq!(r.etag.as_deref(), Some("fe1"));
}

#[tokio::test]
async fn create_function_from_oss_sends_no_checksum() {
    let body = json!({"functionName": "f", "handler": "h", "runtime": "python3",
                      "code": {"ossBucketName": "b", "ossObjectName": "o.zip"}});
    let req: CreateFunctionRequest = parse(&body);
    Case::new("POST", format!("{P}/services/{SVC_WIRE}/functions"))
        .no_header("x-fc-code-checksum")
        .json(body)
        .reply(200, r#"{"functionName":"f"}"#)
        .run(|c| async move { c.create_function(SVC, &req).await })
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_function() {
    Case::new(
        "DELETE",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}"),
    )
    .header("if-match", "fe1")
    .reply(204, "")
    .run(|c| async move { c.delete_function(SVC, FUNC, Some("fe1")).await })
    .await
    .unwrap();
}

#[tokio::test]
async fn update_function_with_code_and_if_match() {
    let zip = b"zip bytes";
    let body = json!({"code": {"zipFile": base64_encode(zip)}, "timeout": 60,
                      "environmentVariables": {"k": "v"}});
    let req: UpdateFunctionRequest = parse(&body);
    let r = Case::new(
        "PUT",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}"),
    )
    .header("if-match", "fe1")
    .header("x-fc-code-checksum", &code_checksum(zip))
    .json(body)
    .reply(200, fixture("get_function_response.json"))
    .reply_header("etag", "fe2")
    .run(|c| async move { c.update_function(SVC, FUNC, &req, Some("fe1")).await })
    .await
    .unwrap();
    assert_eq!(r.etag.as_deref(), Some("fe2"));
}

#[tokio::test]
async fn get_function_with_qualifier() {
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}.LATEST/functions/{FUNC_WIRE}"),
    )
    .reply(200, fixture("get_function_response.json"))
    .reply_header("etag", "fe3")
    .run(|c| async move { c.get_function(SVC, Some("LATEST"), FUNC).await })
    .await
    .unwrap();
    assert_eq!(r.value.runtime.as_deref(), Some("custom-container"));
    assert_eq!(r.value.memory_size, Some(512));
    assert_eq!(r.etag.as_deref(), Some("fe3"));
}

#[tokio::test]
async fn get_function_code() {
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}.1/functions/{FUNC_WIRE}/code"),
    )
    .reply(200, fixture("get_function_code_response.json"))
    .run(|c| async move { c.get_function_code(SVC, Some("1"), FUNC).await })
    .await
    .unwrap();
    assert_eq!(r.value.checksum.as_deref(), Some("2825179536350****"));
    assert!(r.value.url.unwrap().starts_with("https://fc-hz-yunqi"));
}

#[tokio::test]
async fn list_functions() {
    let r = Case::new("GET", format!("{P}/services/{SVC_WIRE}.prod/functions"))
        .query(FULL_LIST_QUERY)
        .reply(
            200,
            r#"{"functions":[{"functionName":"f1"}],"nextToken":"next_service"}"#,
        )
        .run(|c| async move { c.list_functions(SVC, Some("prod"), &full_list()).await })
        .await
        .unwrap();
    assert_eq!(r.value.functions[0].function_name.as_deref(), Some("f1"));
    assert_eq!(r.value.next_token.as_deref(), Some("next_service"));
}

// ---------------------------------------------------------------------- triggers

#[tokio::test]
async fn create_trigger() {
    let body = json!({"triggerName": "trig ü", "triggerType": "oss",
        "triggerConfig": {"events": ["oss:ObjectCreated:*"], "filter": {"key": {"prefix": "p", "suffix": ".zip"}}},
        "sourceArn": "acs:oss:cn-shanghai:12345:mybucket",
        "invocationRole": "acs:ram::1:role/r", "qualifier": "LATEST"});
    let req: CreateTriggerRequest = parse(&body);
    let list = fixture_json("list_triggers_response.json");
    let r = Case::new(
        "POST",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}/triggers"),
    )
    .json(body)
    .reply(200, list["triggers"][0].to_string())
    .reply_header("etag", "te1")
    .run(|c| async move { c.create_trigger(SVC, FUNC, &req).await })
    .await
    .unwrap();
    assert_eq!(r.value.trigger_type.as_deref(), Some("oss"));
    assert_eq!(r.etag.as_deref(), Some("te1"));
}

#[tokio::test]
async fn delete_trigger() {
    Case::new(
        "DELETE",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}/triggers/t%201"),
    )
    .header("if-match", "te1")
    .reply(204, "")
    .run(|c| async move { c.delete_trigger(SVC, FUNC, "t 1", Some("te1")).await })
    .await
    .unwrap();
}

#[tokio::test]
async fn update_trigger() {
    let body = json!({"qualifier": "prod", "triggerConfig": {"cronExpression": "@every 5m", "enable": true}});
    let req: UpdateTriggerRequest = parse(&body);
    let r = Case::new(
        "PUT",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}/triggers/t1"),
    )
    .header("if-match", "te1")
    .json(body)
    .reply(
        200,
        r#"{"triggerName":"t1","triggerType":"timer","qualifier":"prod"}"#,
    )
    .reply_header("etag", "te2")
    .run(|c| async move { c.update_trigger(SVC, FUNC, "t1", &req, Some("te1")).await })
    .await
    .unwrap();
    assert_eq!(r.value.trigger_name.as_deref(), Some("t1"));
    assert_eq!(r.etag.as_deref(), Some("te2"));
}

#[tokio::test]
async fn get_trigger() {
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}/triggers/t1"),
    )
    .reply(200, r#"{"triggerName":"t1","triggerType":"http"}"#)
    .reply_header("etag", "te3")
    .run(|c| async move { c.get_trigger(SVC, FUNC, "t1").await })
    .await
    .unwrap();
    assert_eq!(r.value.trigger_type.as_deref(), Some("http"));
    assert_eq!(r.etag.as_deref(), Some("te3"));
}

#[tokio::test]
async fn list_triggers() {
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}/triggers"),
    )
    .query(FULL_LIST_QUERY)
    .reply(200, fixture("list_triggers_response.json"))
    .run(|c| async move { c.list_triggers(SVC, FUNC, &full_list()).await })
    .await
    .unwrap();
    assert_eq!(r.value.triggers.len(), 1);
    assert_eq!(r.value.next_token.as_deref(), Some("next_trigger"));
}

// ---------------------------------------------------------------------- versions

#[tokio::test]
async fn publish_service_version() {
    let body = json!({"description": "test_description"});
    let req: PublishVersionRequest = parse(&body);
    let r = Case::new("POST", format!("{P}/services/{SVC_WIRE}/versions"))
        .header("if-match", "svc-etag")
        .json(body)
        .reply(200, fixture("publish_version_response.json"))
        .reply_header("etag", "ve1")
        .run(|c| async move { c.publish_service_version(SVC, &req, Some("svc-etag")).await })
        .await
        .unwrap();
    assert_eq!(r.value.version_id.as_deref(), Some("1"));
    assert_eq!(r.etag.as_deref(), Some("ve1"));
}

#[tokio::test]
async fn delete_service_version() {
    Case::new("DELETE", format!("{P}/services/{SVC_WIRE}/versions/3"))
        .reply(204, "")
        .run(|c| async move { c.delete_service_version(SVC, "3").await })
        .await
        .unwrap();
}

#[tokio::test]
async fn list_service_versions() {
    let opts = ListVersionsOptions {
        limit: Some(3),
        next_token: Some("n".into()),
        start_key: Some("4".into()),
        direction: Some(Direction::Forward),
    };
    let r = Case::new("GET", format!("{P}/services/{SVC_WIRE}/versions"))
        .query(&[
            ("limit", "3"),
            ("nextToken", "n"),
            ("startKey", "4"),
            ("direction", "FORWARD"),
        ])
        .reply(200, fixture("list_versions_response.json"))
        .run(|c| async move { c.list_service_versions(SVC, &opts).await })
        .await
        .unwrap();
    assert_eq!(r.value.versions.len(), 3);
    assert!(r.value.next_token.is_none());
    assert_eq!(r.value.direction.as_deref(), Some("BACKWARD"));
    // No direction given: none sent (the server's default applies, as with the SDK).
    Case::new("GET", format!("{P}/services/{SVC_WIRE}/versions"))
        .reply(200, r#"{"versions":[]}"#)
        .run(|c| async move {
            c.list_service_versions(SVC, &ListVersionsOptions::default())
                .await
        })
        .await
        .unwrap();
}

// ---------------------------------------------------------------------- aliases

#[tokio::test]
async fn create_alias() {
    let body = fixture_json("create_alias_request.json");
    let req: CreateAliasRequest = parse(&body);
    let r = Case::new("POST", format!("{P}/services/{SVC_WIRE}/aliases"))
        .json(body)
        .reply(200, fixture("create_alias_response.json"))
        .reply_header("etag", "664bb4188f0ace28cf5ace85**")
        .run(|c| async move { c.create_alias(SVC, &req).await })
        .await
        .unwrap();
    assert_eq!(r.value.description.as_deref(), Some("别名测试！"));
    assert_eq!(r.etag.as_deref(), Some("664bb4188f0ace28cf5ace85**"));
}

#[tokio::test]
async fn delete_alias() {
    Case::new("DELETE", format!("{P}/services/{SVC_WIRE}/aliases/a%C3%BC"))
        .header("if-match", "ae1")
        .reply(204, "")
        .run(|c| async move { c.delete_alias(SVC, "aü", Some("ae1")).await })
        .await
        .unwrap();
}

#[tokio::test]
async fn update_alias() {
    let body = json!({"versionId": "2", "additionalVersionWeight": {"3": 0.05}});
    let req: UpdateAliasRequest = parse(&body);
    let r = Case::new("PUT", format!("{P}/services/{SVC_WIRE}/aliases/prod"))
        .header("if-match", "ae1")
        .json(body)
        .reply(
            200,
            r#"{"aliasName":"prod","versionId":"2","additionalVersionWeight":{"3":0.05}}"#,
        )
        .reply_header("etag", "ae2")
        .run(|c| async move { c.update_alias(SVC, "prod", &req, Some("ae1")).await })
        .await
        .unwrap();
    assert_eq!(
        r.value.additional_version_weight.unwrap().get("3").copied(),
        Some(0.05)
    );
    assert_eq!(r.etag.as_deref(), Some("ae2"));
}

#[tokio::test]
async fn get_alias() {
    let r = Case::new("GET", format!("{P}/services/{SVC_WIRE}/aliases/alias_test"))
        .reply(200, fixture("get_alias_response.json"))
        .run(|c| async move { c.get_alias(SVC, "alias_test").await })
        .await
        .unwrap();
    assert_eq!(r.value.version_id.as_deref(), Some("2"));
}

#[tokio::test]
async fn list_aliases() {
    let r = Case::new("GET", format!("{P}/services/{SVC_WIRE}/aliases"))
        .query(FULL_LIST_QUERY)
        .reply(
            200,
            r#"{"aliases":[{"aliasName":"a","additionalVersionWeight":{}}],"nextToken":"b"}"#,
        )
        .run(|c| async move { c.list_aliases(SVC, &full_list()).await })
        .await
        .unwrap();
    assert_eq!(r.value.aliases[0].alias_name.as_deref(), Some("a"));
}

// ---------------------------------------------------------------------- custom domains

#[tokio::test]
async fn create_custom_domain() {
    let body = json!({"domainName": "example.com", "protocol": "HTTP",
        "routeConfig": {"routes": [{"path": "/login", "serviceName": "s1", "functionName": "f1", "qualifier": "prod", "methods": ["GET"]}]}});
    let req: CreateCustomDomainRequest = parse(&body);
    let r = Case::new("POST", format!("{P}/custom-domains"))
        .json(body)
        .reply(200, fixture("create_custom_domain_response.json"))
        .run(|c| async move { c.create_custom_domain(&req).await })
        .await
        .unwrap();
    assert_eq!(r.value.domain_name.as_deref(), Some("example.com"));
    assert_eq!(r.value.api_version.as_deref(), Some("2016-08-15"));
}

#[tokio::test]
async fn delete_custom_domain() {
    Case::new("DELETE", format!("{P}/custom-domains/example.com"))
        .reply(204, "")
        .run(|c| async move { c.delete_custom_domain("example.com").await })
        .await
        .unwrap();
}

#[tokio::test]
async fn update_custom_domain() {
    let body = json!({"protocol": "HTTP,HTTPS"});
    let req: UpdateCustomDomainRequest = parse(&body);
    let r = Case::new("PUT", format!("{P}/custom-domains/example.com"))
        .json(body)
        .reply(
            200,
            r#"{"domainName":"example.com","protocol":"HTTP,HTTPS"}"#,
        )
        .run(|c| async move { c.update_custom_domain("example.com", &req).await })
        .await
        .unwrap();
    assert_eq!(r.value.protocol.as_deref(), Some("HTTP,HTTPS"));
}

#[tokio::test]
async fn get_custom_domain() {
    let r = Case::new("GET", format!("{P}/custom-domains/example.com"))
        .reply(200, fixture("create_custom_domain_response.json"))
        .run(|c| async move { c.get_custom_domain("example.com").await })
        .await
        .unwrap();
    assert_eq!(r.value.protocol.as_deref(), Some("HTTP"));
}

#[tokio::test]
async fn list_custom_domains() {
    let r = Case::new("GET", format!("{P}/custom-domains"))
        .query(FULL_LIST_QUERY)
        .reply(200, fixture("list_custom_domains_response.json"))
        .run(|c| async move { c.list_custom_domains(&full_list()).await })
        .await
        .unwrap();
    assert_eq!(r.value.custom_domains.len(), 1);
    assert_eq!(r.value.next_token.as_deref(), Some("20"));
}

// ---------------------------------------------------------------------- provision configs

#[tokio::test]
async fn put_provision_config() {
    let body = fixture_json("put_provision_config_request.json");
    let req: PutProvisionConfigRequest = parse(&body);
    let r = Case::new(
        "PUT",
        format!("{P}/services/{SVC_WIRE}.test/functions/{FUNC_WIRE}/provision-config"),
    )
    .json(body)
    .reply(200, fixture("put_provision_config_response.json"))
    .run(|c| async move { c.put_provision_config(SVC, "test", FUNC, &req).await })
    .await
    .unwrap();
    assert_eq!(r.value.target, Some(15));
    assert_eq!(r.value.current, Some(1));
}

#[tokio::test]
async fn get_provision_config() {
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}.test/functions/{FUNC_WIRE}/provision-config"),
    )
    .reply(200, fixture("put_provision_config_response.json"))
    .reply_header("etag", "provisionconfig")
    .run(|c| async move { c.get_provision_config(SVC, "test", FUNC).await })
    .await
    .unwrap();
    assert_eq!(r.etag.as_deref(), Some("provisionconfig"));
    assert_eq!(
        r.value.resource.as_deref(),
        Some("19861144****3057#service_name#test#function_name")
    );
}

#[tokio::test]
async fn list_provision_configs() {
    let opts = ListProvisionConfigsOptions {
        limit: Some(5),
        next_token: Some("n1".into()),
        service_name: Some(SVC.into()),
        qualifier: Some("prod".into()),
    };
    let r = Case::new("GET", format!("{P}/provision-configs"))
        .query(&[
            ("serviceName", SVC),
            ("qualifier", "prod"),
            ("limit", "5"),
            ("nextToken", "n1"),
        ])
        .reply(200, sdk_extra("listProvisionConfigs"))
        .run(|c| async move { c.list_provision_configs(&opts).await })
        .await
        .unwrap();
    assert_eq!(r.value.provision_configs[0].target, Some(10));
}

#[tokio::test]
async fn list_provision_configs_refuses_a_lone_qualifier_before_sending() {
    let server = wiremock::MockServer::start().await;
    let c = api_support::client(&server);
    let opts = ListProvisionConfigsOptions {
        qualifier: Some("prod".into()),
        ..ListProvisionConfigsOptions::default()
    };
    let err = c.list_provision_configs(&opts).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------- tags

#[tokio::test]
async fn tag_resource() {
    let body = fixture_json("tag_resource_request.json");
    let req: TagResourceRequest = parse(&body);
    let r = Case::new("POST", format!("{P}/tag"))
        .json(body)
        .reply(200, r#"{"requestId":"body-rid"}"#)
        .run(|c| async move { c.tag_resource(&req).await })
        .await
        .unwrap();
    assert_eq!(r.value.request_id.as_deref(), Some("body-rid"));
}

#[tokio::test]
async fn untag_resource_sends_a_json_body_on_delete() {
    let body = fixture_json("untag_resource_request.json");
    let req: UntagResourceRequest = parse(&body);
    let r = Case::new("DELETE", format!("{P}/tag"))
        .json(body)
        .reply(200, "")
        .run(|c| async move { c.untag_resource(&req).await })
        .await
        .unwrap();
    assert!(r.value.request_id.is_none());
    assert_eq!(r.request_id.as_deref(), Some(REQUEST_ID));
}

#[tokio::test]
async fn get_resource_tags() {
    let arn = "acs:fc:cn-shanghai:18807708****6902:services/service_name";
    let r = Case::new("GET", format!("{P}/tag"))
        .query(&[("resourceArn", arn)])
        .reply(200, fixture("get_resource_tags_response.json"))
        .run(|c| async move { c.get_resource_tags(arn).await })
        .await
        .unwrap();
    assert_eq!(r.value.tags.unwrap()["test"], "valve");
}

// ---------------------------------------------------------------------- async invoke configs

#[tokio::test]
async fn put_function_async_invoke_config() {
    let body = fixture_json("put_async_invoke_config_request.json");
    let req: PutAsyncInvokeConfigRequest = parse(&body);
    let r = Case::new(
        "PUT",
        format!("{P}/services/{SVC_WIRE}.alias/functions/{FUNC_WIRE}/async-invoke-config"),
    )
    .json(body)
    .reply(200, fixture("put_async_invoke_config_response.json"))
    .run(|c| async move {
        c.put_function_async_invoke_config(SVC, Some("alias"), FUNC, &req)
            .await
    })
    .await
    .unwrap();
    assert_eq!(r.value.max_async_retry_attempts, Some(3));
    assert_eq!(r.value.stateful_invocation, Some(true));
}

#[tokio::test]
async fn delete_function_async_invoke_config() {
    Case::new(
        "DELETE",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}/async-invoke-config"),
    )
    .reply(204, "")
    .run(|c| async move { c.delete_function_async_invoke_config(SVC, None, FUNC).await })
    .await
    .unwrap();
}

#[tokio::test]
async fn get_function_async_invoke_config() {
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}.alias/functions/{FUNC_WIRE}/async-invoke-config"),
    )
    .reply(200, sdk_extra("sdkAsyncConfig"))
    .run(|c| async move {
        c.get_function_async_invoke_config(SVC, Some("alias"), FUNC)
            .await
    })
    .await
    .unwrap();
    assert_eq!(r.value.service_name.as_deref(), Some("destination-suite"));
    assert_eq!(r.value.max_async_event_age_in_seconds, Some(5));
}

#[tokio::test]
async fn list_function_async_invoke_configs() {
    let opts = PageOptions {
        limit: Some(20),
        next_token: Some("caeba0be03".into()),
    };
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}/async-invoke-configs"),
    )
    .query(&[("limit", "20"), ("nextToken", "caeba0be03")])
    .reply(
        200,
        r#"{"configs":[{"qualifier":"alias","maxAsyncRetryAttempts":1}],"nextToken":"x"}"#,
    )
    .run(|c| async move { c.list_function_async_invoke_configs(SVC, FUNC, &opts).await })
    .await
    .unwrap();
    assert_eq!(r.value.configs[0].qualifier.as_deref(), Some("alias"));
    assert_eq!(r.value.next_token.as_deref(), Some("x"));
}

// ---------------------------------------------------------------------- stateful async invocations

#[tokio::test]
async fn get_stateful_async_invocation() {
    let r = Case::new(
        "GET",
        format!(
            "{P}/services/{SVC_WIRE}.alias/functions/{FUNC_WIRE}/stateful-async-invocations/job-1"
        ),
    )
    .reply(200, fixture("get_stateful_async_invocation_response.json"))
    .run(|c| async move {
        c.get_stateful_async_invocation(SVC, Some("alias"), FUNC, "job-1")
            .await
    })
    .await
    .unwrap();
    assert_eq!(r.value.status.as_deref(), Some("Succeeded"));
    assert_eq!(r.value.invocation_payload.as_deref(), Some("function_name"));
}

#[tokio::test]
async fn list_stateful_async_invocations() {
    let opts = ListStatefulAsyncInvocationsOptions {
        limit: Some(50),
        next_token: Some("nt".into()),
        invocation_id_prefix: Some("job".into()),
        started_time_begin: Some(1_619_418_460_000),
        started_time_end: Some(1_619_418_470_000),
        sort_order_by_time: Some("desc".into()),
        include_payload: Some(true),
        status: Some("Running".into()),
    };
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}/stateful-async-invocations"),
    )
    .query(&[
        ("invocationIdPrefix", "job"),
        ("limit", "50"),
        ("nextToken", "nt"),
        ("startedTimeBegin", "1619418460000"),
        ("startedTimeEnd", "1619418470000"),
        ("sortOrderByTime", "desc"),
        ("status", "Running"),
        ("includePayload", "true"),
    ])
    .reply(
        200,
        r#"{"invocations":[{"invocationId":"job-1","status":"Running"}],"nextToken":"caeba0be03"}"#,
    )
    .run(|c| async move {
        c.list_stateful_async_invocations(SVC, None, FUNC, &opts)
            .await
    })
    .await
    .unwrap();
    assert_eq!(
        r.value.invocations[0].invocation_id.as_deref(),
        Some("job-1")
    );
}

#[tokio::test]
async fn stop_stateful_async_invocation() {
    Case::new(
        "PUT",
        format!(
            "{P}/services/{SVC_WIRE}.prod/functions/{FUNC_WIRE}/stateful-async-invocations/job%201"
        ),
    )
    .reply(200, "")
    .run(|c| async move {
        c.stop_stateful_async_invocation(SVC, Some("prod"), FUNC, "job 1")
            .await
    })
    .await
    .unwrap();
}

// ---------------------------------------------------------------------- layers

#[tokio::test]
async fn publish_layer_version() {
    let body = json!({"code": {"zipFile": "UEsDBA=="}, "description": "Layer-description",
                      "compatibleRuntime": ["python3"]});
    let req: PublishLayerVersionRequest = parse(&body);
    let r = Case::new("POST", format!("{P}/layers/Layer%20n%C3%A4me/versions"))
        .json(body)
        .reply(200, fixture("publish_layer_version_response.json"))
        .reply_header("etag", "le1")
        .run(|c| async move { c.publish_layer_version("Layer näme", &req).await })
        .await
        .unwrap();
    assert_eq!(r.value.version, Some(1));
    assert_eq!(
        r.value.arn.as_deref(),
        Some("02f81d283888f5ec63442a88fe82b260#Layer-name#1")
    );
    assert_eq!(r.etag.as_deref(), Some("le1"));
}

#[tokio::test]
async fn delete_layer_version() {
    Case::new("DELETE", format!("{P}/layers/Layer-name/versions/3"))
        .reply(200, "")
        .run(|c| async move { c.delete_layer_version("Layer-name", 3).await })
        .await
        .unwrap();
}

#[tokio::test]
async fn get_layer_version() {
    let r = Case::new("GET", format!("{P}/layers/Layer-name/versions/1"))
        .reply(200, fixture("publish_layer_version_response.json"))
        .reply_header("etag", "le2")
        .run(|c| async move { c.get_layer_version("Layer-name", 1).await })
        .await
        .unwrap();
    assert_eq!(r.value.layer_name.as_deref(), Some("Layer-name"));
    assert_eq!(r.etag.as_deref(), Some("le2"));
}

#[tokio::test]
async fn list_layer_versions() {
    let opts = ListLayerVersionsOptions {
        start_version: Some(1),
        limit: Some(20),
    };
    let r = Case::new("GET", format!("{P}/layers/Layer-name/versions"))
        .query(&[("startVersion", "1"), ("limit", "20")])
        .reply(
            200,
            r#"{"layers":[{"layerName":"Layer-name","version":1}],"nextVersion":2}"#,
        )
        .run(|c| async move { c.list_layer_versions("Layer-name", &opts).await })
        .await
        .unwrap();
    assert_eq!(r.value.next_version, Some(2));
}

#[tokio::test]
async fn list_layers() {
    let r = Case::new("GET", format!("{P}/layers"))
        .query(FULL_LIST_QUERY)
        .reply(
            200,
            r#"{"layers":[{"layerName":"l1","version":4}],"nextToken":"next-layer-name"}"#,
        )
        .run(|c| async move { c.list_layers(&full_list()).await })
        .await
        .unwrap();
    assert_eq!(r.value.layers[0].version, Some(4));
    assert_eq!(r.value.next_token.as_deref(), Some("next-layer-name"));
}

// ---------------------------------------------------------------------- instances

#[tokio::test]
async fn list_instances_array_and_object_shapes() {
    let opts = ListInstancesOptions {
        instance_ids: vec!["i1".into(), "i2".into()],
        limit: Some(5),
        next_token: None,
    };
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}.prod/functions/{FUNC_WIRE}/instances"),
    )
    .query(&[("limit", "5"), ("instanceIds", "i1"), ("instanceIds", "i2")])
    .reply(200, fixture("list_instances_response_array.json"))
    .run(|c| async move { c.list_instances(SVC, Some("prod"), FUNC, &opts).await })
    .await
    .unwrap();
    assert_eq!(r.value.instances.len(), 2);
    assert_eq!(r.value.instances[1].version_id, Some(0));
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}/functions/{FUNC_WIRE}/instances"),
    )
    .reply(200, fixture("list_instances_response_object.json"))
    .run(|c| async move {
        c.list_instances(SVC, None, FUNC, &ListInstancesOptions::default())
            .await
    })
    .await
    .unwrap();
    assert_eq!(r.value.next_token.as_deref(), Some("n1"));
}

// ---------------------------------------------------------------------- SDK extras

#[tokio::test]
async fn get_account_settings() {
    let r = Case::new("GET", format!("{P}/account-settings"))
        .reply(200, sdk_extra("accountSettings"))
        .run(|c| async move { c.get_account_settings().await })
        .await
        .unwrap();
    assert_eq!(r.value.available_azs, vec!["zone-id".to_owned()]);
}

#[tokio::test]
async fn put_on_demand_config() {
    let body = json!({"maximumInstanceCount": 10});
    let req: PutOnDemandConfigRequest = parse(&body);
    let r = Case::new(
        "PUT",
        format!("{P}/services/{SVC_WIRE}.alias/functions/{FUNC_WIRE}/on-demand-config"),
    )
    .json(body)
    .reply(200, sdk_extra("onDemandConfig"))
    .run(|c| async move { c.put_on_demand_config(SVC, "alias", FUNC, &req).await })
    .await
    .unwrap();
    assert_eq!(r.value.maximum_instance_count, Some(10));
}

#[tokio::test]
async fn get_on_demand_config() {
    let r = Case::new(
        "GET",
        format!("{P}/services/{SVC_WIRE}.alias/functions/{FUNC_WIRE}/on-demand-config"),
    )
    .reply(200, sdk_extra("onDemandConfig"))
    .run(|c| async move { c.get_on_demand_config(SVC, "alias", FUNC).await })
    .await
    .unwrap();
    assert_eq!(
        r.value.resource.as_deref(),
        Some("services/serviceName.alias/functions/functionName")
    );
}

#[tokio::test]
async fn delete_on_demand_config() {
    Case::new(
        "DELETE",
        format!("{P}/services/{SVC_WIRE}.alias/functions/{FUNC_WIRE}/on-demand-config"),
    )
    .reply(200, "")
    .run(|c| async move { c.delete_on_demand_config(SVC, "alias", FUNC).await })
    .await
    .unwrap();
}

#[tokio::test]
async fn list_on_demand_configs_always_sends_a_limit() {
    let r = Case::new("GET", format!("{P}/on-demand-configs"))
        .query(&[("limit", "100")])
        .reply(200, sdk_extra("listOnDemandConfigs"))
        .run(|c| async move { c.list_on_demand_configs(&ListOptions::default()).await })
        .await
        .unwrap();
    assert_eq!(r.value.configs.len(), 2);
    assert_eq!(r.value.next_token.as_deref(), Some("token"));
    Case::new("GET", format!("{P}/on-demand-configs"))
        .query(FULL_LIST_QUERY)
        .reply(200, r#"{"configs":[]}"#)
        .run(|c| async move { c.list_on_demand_configs(&full_list()).await })
        .await
        .unwrap();
}

#[tokio::test]
async fn list_reserved_capacities() {
    let opts = PageOptions {
        limit: Some(10),
        next_token: Some("t0".into()),
    };
    let r = Case::new("GET", format!("{P}/reservedCapacities"))
        .query(&[("limit", "10"), ("nextToken", "t0")])
        .reply(200, sdk_extra("listReservedCapacities"))
        .run(|c| async move { c.list_reserved_capacities(&opts).await })
        .await
        .unwrap();
    assert_eq!(
        r.value.reserved_capacities[0].instance_id.as_deref(),
        Some("fc-rc-1")
    );
}

fn base64_encode(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}
