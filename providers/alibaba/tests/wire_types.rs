//! Decodes every JSON example of alibaba-fc.md §5/§6 (and the SDK docstring shapes of official-sdks.md
//! §1.2) from `tests/fixtures`, checks the fields land where they should (nothing left in `extra` unless
//! the example has unknown keys), and re-encodes the request bodies, comparing with the spec's examples as
//! `serde_json::Value`.
#![allow(clippy::unwrap_used)]
// Floats compared here are parsed from fixed JSON text, so exact equality is the right check.
#![allow(clippy::float_cmp)]

use std::collections::BTreeMap;

use cloudfn_alibaba::api::types::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture_value(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

fn decode<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Decodes a request example, re-encodes it, and requires the same JSON value.
fn request_round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let parsed: T = decode(name);
    assert_eq!(
        serde_json::to_value(&parsed).unwrap(),
        fixture_value(name),
        "{name}"
    );
    parsed
}

#[test]
fn create_service_request_matches_spec() {
    let built = CreateServiceRequest {
        service_name: "service_name".into(),
        description: Some("test_description".into()),
        internet_access: Some(true),
        log_config: Some(LogConfig {
            logstore: Some("test-prj".into()),
            project: Some("test-logstore".into()),
            enable_request_metrics: Some(true),
            log_begin_rule: Some("DefaultRegex".into()),
            ..LogConfig::default()
        }),
        nas_config: Some(NasConfig {
            user_id: Some("100".into()),
            group_id: Some("100".into()),
            mount_points: Some(vec![MountPoint {
                server_addr: Some("***-uni85.cn-hangzhou.nas.aliyuncs.com:/".into()),
                mount_dir: Some("/home/test".into()),
                ..MountPoint::default()
            }]),
            ..NasConfig::default()
        }),
        role: Some("acs:ram::198613743****:role/fc-public-test".into()),
        vpc_config: Some(VpcConfig {
            vpc_id: Some("vpc-***".into()),
            v_switch_ids: Some(vec!["vsw-bp1ozpcrdc6r****".into()]),
            security_group_id: Some("sg-bp18hj1wtxgy3b0***".into()),
            ..VpcConfig::default()
        }),
        tracing_config: Some(TracingConfig {
            tracing_type: Some("Jaeger".into()),
            ..TracingConfig::default()
        }),
        ..CreateServiceRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        fixture_value("create_service_request.json")
    );
    let parsed: CreateServiceRequest = request_round_trip("create_service_request.json");
    assert_eq!(parsed, built);
}

#[test]
fn service_response() {
    let s: Service = decode("create_service_response.json");
    assert_eq!(
        s.service_id.as_deref(),
        Some("c910061f-****-44e6-b659-***c")
    );
    assert_eq!(s.created_time.as_deref(), Some("2020-04-03T05:57:28Z"));
    assert_eq!(s.internet_access, Some(true));
    let log = s.log_config.as_ref().unwrap();
    assert_eq!(log.logstore.as_deref(), Some("test-prj"));
    assert_eq!(log.enable_instance_metrics, None);
    let nas = s.nas_config.as_ref().unwrap();
    assert_eq!(nas.user_id.as_ref().unwrap().as_i64(), Some(100));
    let vpc = s.vpc_config.as_ref().unwrap();
    assert_eq!(
        vpc.v_switch_ids.as_deref(),
        Some(&["vsw-bp1ozpcrdc6r****".to_owned()][..])
    );
    let tracing = s.tracing_config.as_ref().unwrap();
    assert_eq!(
        tracing.params.as_ref().unwrap()["endpoint"],
        "tracing_analysis_jaeger_endpoint"
    );
    assert!(s.extra.is_empty());
    // A response re-encodes to the same JSON when it carries no nulls.
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        fixture_value("create_service_response.json")
    );
    assert!(parse_timestamp(s.last_modified_time.as_deref().unwrap()).is_some());
}

#[test]
fn service_tolerates_sdk_shapes() {
    let s: Service = serde_json::from_value(json!({
        "serviceName": "s",
        "logConfig": {"project": "p", "logStore": "ls", "enableRequestMetrics": "true"},
        "nasConfig": {"userId": 10003, "groupId": 10003, "mountPoints": []},
        "vpcConfig": null,
        "tracingConfig": "",
        "lastModifiedTime": 1_600_000_000_000_i64,
        "newField": {"x": 1}
    }))
    .unwrap();
    assert_eq!(
        s.log_config.as_ref().unwrap().logstore.as_deref(),
        Some("ls")
    );
    assert_eq!(
        s.log_config.as_ref().unwrap().enable_request_metrics,
        Some(true)
    );
    let nas = s.nas_config.as_ref().unwrap();
    assert_eq!(nas.user_id, Some(NumOrString::from(10003)));
    assert_eq!(serde_json::to_value(nas).unwrap()["userId"], json!(10003));
    assert!(s.vpc_config.is_none() && s.tracing_config.is_none());
    assert_eq!(s.last_modified_time.as_deref(), Some("1600000000000"));
    assert_eq!(s.extra["newField"], json!({"x": 1}));
    // Unknown fields are written back.
    assert_eq!(
        serde_json::to_value(&s).unwrap()["newField"],
        json!({"x": 1})
    );
}

#[test]
fn function_responses() {
    let f: Function = decode("create_function_response.json");
    assert_eq!(f.code_checksum.as_deref(), Some("2825179536350****"));
    assert_eq!(f.code_size, Some(421));
    assert_eq!(f.memory_size, Some(256));
    assert_eq!(f.timeout, Some(60));
    assert_eq!(f.initialization_timeout, Some(60));
    assert_eq!(f.ca_port, Some(9000));
    let ccc = f.custom_container_config.as_ref().unwrap();
    assert_eq!(ccc.instance_id.as_deref(), Some("cri-xxxxxxxx"));
    assert_eq!(ccc.command.as_deref(), Some("[\"/code/myserver\"]"));
    assert!(ccc.acceleration_info.is_none());
    assert!(f.extra.is_empty() && ccc.extra.is_empty());
    assert_eq!(
        serde_json::to_value(&f).unwrap(),
        fixture_value("create_function_response.json")
    );

    let g: Function = decode("get_function_response.json");
    let info = g.custom_container_config.as_ref().unwrap();
    assert_eq!(
        info.acceleration_info.as_ref().unwrap().status.as_deref(),
        Some("Preparing")
    );
    assert_eq!(g.instance_concurrency, Some(10));
    assert_eq!(g.environment_variables.as_ref().unwrap()["key"], "value");
    assert!(g.extra.is_empty());
    assert_eq!(
        parse_timestamp(g.created_time.as_deref().unwrap()),
        parse_timestamp("2016-08-15T15:00:00Z")
    );

    let code: FunctionCode = decode("get_function_code_response.json");
    assert!(code.url.unwrap().starts_with("https://"));
    assert_eq!(code.checksum.as_deref(), Some("2825179536350****"));
}

#[test]
fn create_and_update_function_requests() {
    let req = CreateFunctionRequest {
        function_name: "function_name".into(),
        handler: "index.handler".into(),
        runtime: Some("python3".into()),
        code: Some(Code::zip(b"print(\"hello world\")\n")),
        memory_size: Some(256),
        timeout: Some(60),
        initialization_timeout: Some(30),
        environment_variables: Some(BTreeMap::from([("k".to_owned(), "v".to_owned())])),
        ..CreateFunctionRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"functionName":"function_name","handler":"index.handler","runtime":"python3",
               "code":{"zipFile":"cHJpbnQoImhlbGxvIHdvcmxkIikK"},"memorySize":256,"timeout":60,
               "initializationTimeout":30,"environmentVariables":{"k":"v"}})
    );
    let container = CreateFunctionRequest {
        function_name: "f".into(),
        handler: "index.handler".into(),
        runtime: Some("custom-container".into()),
        custom_container_config: Some(CustomContainerConfig {
            image: Some("registry/img:1".into()),
            instance_id: Some("cri-xxxxxxxx".into()),
            ..CustomContainerConfig::default()
        }),
        ca_port: Some(9000),
        ..CreateFunctionRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&container).unwrap()["customContainerConfig"],
        json!({"image":"registry/img:1","instanceID":"cri-xxxxxxxx"})
    );
    // The reference's UpdateFunction example sends `"timeout":"60"`; read it, write an integer.
    let upd: UpdateFunctionRequest =
        serde_json::from_value(json!({"timeout":"60","description":"d"})).unwrap();
    assert_eq!(upd.timeout, Some(60));
    assert_eq!(
        serde_json::to_value(&upd).unwrap(),
        json!({"timeout":60,"description":"d"})
    );
    assert_eq!(
        serde_json::to_value(UpdateFunctionRequest::default()).unwrap(),
        json!({})
    );
    // Code never shows its content in Debug.
    assert!(!format!("{:?}", req.code.unwrap()).contains("cHJpbnQ"));
}

#[test]
fn triggers() {
    let list: ListTriggersResponse = decode("list_triggers_response.json");
    assert_eq!(list.next_token.as_deref(), Some("next_trigger"));
    let t = &list.triggers[0];
    assert_eq!(
        t.trigger_id.as_deref(),
        Some("b883122b-6f86-4889-bb69-1729a4***")
    );
    assert_eq!(t.qualifier, None);
    assert!(t.extra.is_empty());
    let oss: OssTriggerConfig = t.config_as().unwrap().unwrap();
    assert_eq!(
        oss.events.as_deref(),
        Some(&["oss:ObjectCreated:*".to_owned()][..])
    );
    assert_eq!(
        oss.filter.unwrap().key.unwrap().suffix.as_deref(),
        Some(".zip")
    );

    // `triggerConfig` as a JSON string, qualifier as the string "null", and an odd non-object string.
    let t: Trigger = serde_json::from_value(json!({
        "triggerType": "http",
        "qualifier": "null",
        "triggerConfig": "{\"authType\":\"function\",\"methods\":[\"GET\"]}",
        "createdTime": "2016-08-15T15:00:00.000+0000"
    }))
    .unwrap();
    assert_eq!(t.qualifier, None);
    let http: HttpTriggerConfig = t.config_as().unwrap().unwrap();
    assert_eq!(http.auth_type.as_deref(), Some("function"));
    let odd: Trigger =
        serde_json::from_value(json!({"triggerConfig": "true", "qualifier": "LATEST"})).unwrap();
    assert_eq!(odd.trigger_config, Some(json!("true")));
    assert_eq!(odd.qualifier.as_deref(), Some("LATEST"));

    // Every documented config shape decodes fully.
    let configs = fixture_value("trigger_configs.json");
    let oss: OssTriggerConfig = serde_json::from_value(configs["oss"].clone()).unwrap();
    assert!(oss.extra.is_empty());
    let timer: TimerTriggerConfig = serde_json::from_value(configs["timer"].clone()).unwrap();
    assert_eq!(timer.enable, Some(true));
    assert_eq!(timer.payload.as_deref(), Some("{\"key\": \"value\"}"));
    let http: HttpTriggerConfig = serde_json::from_value(configs["http"].clone()).unwrap();
    assert_eq!(http.methods.as_ref().unwrap().len(), 2);
    let log: LogTriggerConfig = serde_json::from_value(configs["log"].clone()).unwrap();
    assert_eq!(log.job_config.as_ref().unwrap().trigger_interval, Some(60));
    assert_eq!(
        log.source_config.as_ref().unwrap().logstore.as_deref(),
        Some("src")
    );
    let mns: MnsTopicTriggerConfig = serde_json::from_value(configs["mns_topic"].clone()).unwrap();
    assert_eq!(mns.notify_strategy.as_deref(), Some("BACKOFF_RETRY"));
    let cdn: CdnEventsTriggerConfig =
        serde_json::from_value(configs["cdn_events"].clone()).unwrap();
    assert_eq!(
        cdn.filter.as_ref().unwrap()["domain"],
        vec!["example.com".to_owned()]
    );
    let ts: TablestoreTriggerConfig =
        serde_json::from_value(configs["tablestore"].clone()).unwrap();
    assert!(ts.extra.is_empty());
    for (name, v) in configs.as_object().unwrap() {
        let round = match name.as_str() {
            "oss" => {
                serde_json::to_value(serde_json::from_value::<OssTriggerConfig>(v.clone()).unwrap())
            }
            "timer" => serde_json::to_value(
                serde_json::from_value::<TimerTriggerConfig>(v.clone()).unwrap(),
            ),
            "http" => serde_json::to_value(
                serde_json::from_value::<HttpTriggerConfig>(v.clone()).unwrap(),
            ),
            "log" => {
                serde_json::to_value(serde_json::from_value::<LogTriggerConfig>(v.clone()).unwrap())
            }
            "mns_topic" => serde_json::to_value(
                serde_json::from_value::<MnsTopicTriggerConfig>(v.clone()).unwrap(),
            ),
            "cdn_events" => serde_json::to_value(
                serde_json::from_value::<CdnEventsTriggerConfig>(v.clone()).unwrap(),
            ),
            "tablestore" => serde_json::to_value(
                serde_json::from_value::<TablestoreTriggerConfig>(v.clone()).unwrap(),
            ),
            other => panic!("unexpected {other}"),
        };
        assert_eq!(&round.unwrap(), v, "{name}");
    }

    // CreateTrigger from the ListTriggers example item (the server-only fields removed).
    let req = CreateTriggerRequest {
        trigger_name: "trigger_name".into(),
        trigger_type: trigger_type::OSS.into(),
        trigger_config: serde_json::to_value(&oss).unwrap(),
        source_arn: Some("acs:oss:cn-shanghai:12345:mybucket".into()),
        invocation_role: Some("acs:ram::198611****4430:role/aliyunosseventnotificationrole".into()),
        description: Some("test_description".into()),
        ..CreateTriggerRequest::default()
    };
    let mut expected = fixture_value("list_triggers_response.json")["triggers"][0].clone();
    for k in ["triggerId", "qualifier", "createdTime", "lastModifiedTime"] {
        expected.as_object_mut().unwrap().remove(k);
    }
    expected["triggerConfig"] = configs["oss"].clone();
    assert_eq!(serde_json::to_value(&req).unwrap(), expected);
    // The SDK sends all seven keys with nulls; that reads fine, config given as a string.
    let sdk: CreateTriggerRequest = serde_json::from_value(json!({
        "triggerName": "t", "description": "", "triggerType": "timer",
        "triggerConfig": "{\"cronExpression\":\"@every 1m\",\"enable\":true}",
        "sourceArn": null, "invocationRole": null, "qualifier": null
    }))
    .unwrap();
    assert_eq!(sdk.trigger_config["cronExpression"], "@every 1m");
    assert_eq!(sdk.source_arn, None);
    let upd = UpdateTriggerRequest {
        qualifier: Some("prod".into()),
        ..UpdateTriggerRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&upd).unwrap(),
        json!({"qualifier":"prod"})
    );
}

#[test]
fn versions() {
    let v: Version = decode("publish_version_response.json");
    assert_eq!(v.version_id.as_deref(), Some("1"));
    assert!(v.extra.is_empty());
    let list: ListVersionsResponse = decode("list_versions_response.json");
    assert_eq!(list.next_token, None);
    assert_eq!(list.direction.as_deref(), Some("BACKWARD"));
    let ids: Vec<_> = list
        .versions
        .iter()
        .map(|v| v.version_id.clone().unwrap())
        .collect();
    assert_eq!(ids, ["4", "3", "2"]);
    // The abridged entries' placeholder key is kept, not dropped.
    assert_eq!(list.versions[1].extra["..."], "...");
    let numeric: Version = serde_json::from_value(json!({"versionId": 7})).unwrap();
    assert_eq!(numeric.version_id.as_deref(), Some("7"));

    let req = PublishVersionRequest {
        description: Some("test_description".into()),
        ..PublishVersionRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"description":"test_description"})
    );
    assert_eq!(
        serde_json::to_value(PublishVersionRequest::default()).unwrap(),
        json!({})
    );
}

#[test]
fn aliases() {
    let req: CreateAliasRequest = request_round_trip("create_alias_request.json");
    assert_eq!(req.description.as_deref(), Some("别名测试！"));
    let a: Alias = decode("create_alias_response.json");
    assert_eq!(a.additional_version_weight, None);
    assert!(a.extra.is_empty());
    let g: Alias = decode("get_alias_response.json");
    assert_eq!(g.alias_name.as_deref(), Some("alias_test"));
    assert_eq!(g.version_id.as_deref(), Some("2"));
    let with_weights: Alias = serde_json::from_value(
        json!({"aliasName":"a","versionID":"1","additionalVersionWeight":{"2":0.05}}),
    )
    .unwrap();
    assert_eq!(with_weights.version_id.as_deref(), Some("1"));
    assert_eq!(with_weights.additional_version_weight.unwrap()["2"], 0.05);
    let empty: ListAliasesResponse = serde_json::from_value(
        json!({"aliases":[{"aliasName":"x","additionalVersionWeight":{}}],"nextToken":null}),
    )
    .unwrap();
    assert_eq!(
        empty.aliases[0].additional_version_weight,
        Some(BTreeMap::new())
    );

    let upd = UpdateAliasRequest {
        version_id: Some("3".into()),
        additional_version_weight: Some(BTreeMap::from([("2".to_owned(), 0.05)])),
        ..UpdateAliasRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&upd).unwrap(),
        json!({"versionId":"3","additionalVersionWeight":{"2":0.05}})
    );
}

#[test]
fn custom_domains() {
    let d: CustomDomain = decode("create_custom_domain_response.json");
    assert_eq!(d.account_id.as_deref(), Some("1986114****4305"));
    let routes = d.route_config.as_ref().unwrap().routes.as_ref().unwrap();
    assert_eq!(routes[0].methods.as_deref(), Some(&["GET".to_owned()][..]));
    assert_eq!(routes[0].qualifier.as_deref(), Some("prod"));
    assert!(d.extra.is_empty());
    let cert = d.cert_config.clone().unwrap();
    assert!(cert.private_key.as_deref().unwrap().contains("PRIVATE KEY"));
    assert!(!format!("{cert:?}").contains("PRIVATE KEY"));
    assert!(!format!("{d:?}").contains("PRIVATE KEY"));

    let list: ListCustomDomainsResponse = decode("list_custom_domains_response.json");
    assert_eq!(list.next_token.as_deref(), Some("20"));
    assert_eq!(
        list.custom_domains[0]
            .cert_config
            .as_ref()
            .unwrap()
            .cert_name
            .as_deref(),
        Some("/login/")
    );

    // CreateCustomDomain from the example response minus the server-set fields.
    let req = CreateCustomDomainRequest {
        domain_name: "example.com".into(),
        protocol: d.protocol.clone(),
        cert_config: d.cert_config.clone(),
        route_config: d.route_config.clone(),
        ..CreateCustomDomainRequest::default()
    };
    let mut expected = fixture_value("create_custom_domain_response.json");
    for k in ["accountId", "apiVersion", "createdTime", "lastModifiedTime"] {
        expected.as_object_mut().unwrap().remove(k);
    }
    assert_eq!(serde_json::to_value(&req).unwrap(), expected);
    let upd = UpdateCustomDomainRequest {
        protocol: Some("HTTP".into()),
        ..UpdateCustomDomainRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&upd).unwrap(),
        json!({"protocol":"HTTP"})
    );
}

#[test]
fn provision_configs() {
    let req: PutProvisionConfigRequest = request_round_trip("put_provision_config_request.json");
    assert_eq!(req.target, 15);
    let policy = &req.target_tracking_policies.as_ref().unwrap()[0];
    assert_eq!(policy.metric_target, Some(0.6));
    assert_eq!(policy.max_capacity, Some(100));
    assert_eq!(
        req.scheduled_actions.as_ref().unwrap()[0]
            .schedule_expression
            .as_deref(),
        Some("cron(0 30 8 * * *)")
    );
    let resp: ProvisionConfig = decode("put_provision_config_response.json");
    assert_eq!(resp.current, Some(1), "\"current\":\"1\" reads as a number");
    assert_eq!(resp.target, Some(15));
    assert_eq!(
        resp.resource.as_deref(),
        Some("19861144****3057#service_name#test#function_name")
    );
    assert!(resp.extra.is_empty());
}

#[test]
fn tags() {
    let tag: TagResourceRequest = request_round_trip("tag_resource_request.json");
    assert_eq!(tag.tags["key"], "value");
    let untag: UntagResourceRequest = request_round_trip("untag_resource_request.json");
    assert!(!untag.all);
    assert_eq!(untag.tag_keys, ["1"]);
    let tags: ResourceTags = decode("get_resource_tags_response.json");
    assert_eq!(tags.tags.unwrap()["test"], "valve");
    let ack: Acknowledgement = serde_json::from_str(r#"{"requestId":"rid"}"#).unwrap();
    assert_eq!(ack.request_id.as_deref(), Some("rid"));
    let empty: Acknowledgement = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, Acknowledgement::default());
}

#[test]
fn async_invoke_configs() {
    let req: PutAsyncInvokeConfigRequest =
        request_round_trip("put_async_invoke_config_request.json");
    assert_eq!(req.max_async_retry_attempts, Some(3));
    let built = PutAsyncInvokeConfigRequest {
        destination_config: Some(DestinationConfig {
            on_success: Some(Destination::new(
                "acs:mns:cn-shanghai:1986***743:/queues/success/messages",
            )),
            on_failure: Some(Destination::new(
                "acs:mns:cn-shanghai:1986***743:/queues/failure/messages",
            )),
            ..DestinationConfig::default()
        }),
        max_async_event_age_in_seconds: Some(300),
        max_async_retry_attempts: Some(3),
        stateful_invocation: Some(true),
        ..PutAsyncInvokeConfigRequest::default()
    };
    assert_eq!(built, req);

    let resp: AsyncInvokeConfig = decode("put_async_invoke_config_response.json");
    assert_eq!(resp.qualifier.as_deref(), Some("alias"));
    assert_eq!(resp.function_name.as_deref(), Some("testHelloWorld"));
    assert!(resp.extra.is_empty());

    let extras = fixture_value("sdk_extras.json");
    let sdk: AsyncInvokeConfig = serde_json::from_value(extras["sdkAsyncConfig"].clone()).unwrap();
    assert_eq!(sdk.service_name.as_deref(), Some("destination-suite"));
    assert_eq!(sdk.function_name.as_deref(), Some("function-py"));
    assert!(sdk.extra.is_empty());
    let empty: AsyncInvokeConfig =
        serde_json::from_value(extras["sdkAsyncConfigEmptyDestination"].clone()).unwrap();
    assert_eq!(empty.destination_config, None);
    assert_eq!(empty.created_time.as_deref(), Some(""));
    assert_eq!(empty.max_async_event_age_in_seconds, Some(5000));
    let list: ListAsyncInvokeConfigsResponse =
        serde_json::from_value(json!({"configs":[extras["sdkAsyncConfig"].clone()],"nextToken":"caeba0be03****f84eb48b699f0a4883"}))
            .unwrap();
    assert_eq!(list.configs.len(), 1);
}

#[test]
fn stateful_invocations() {
    let inv: StatefulAsyncInvocation = decode("get_stateful_async_invocation_response.json");
    assert_eq!(inv.invocation_payload.as_deref(), Some("function_name"));
    assert_eq!(inv.already_retried_times, Some(3));
    assert_eq!(inv.status.as_deref(), Some(invocation_status::SUCCEEDED));
    assert!(inv.extra.is_empty());
    // Written with the SDK's spelling.
    assert_eq!(
        serde_json::to_value(&inv).unwrap()["invocationPayload"],
        "function_name"
    );
    let times: StatefulAsyncInvocation = serde_json::from_value(
        json!({"startedTime": 1_619_418_460_000_i64, "endTime": "2020-08-20T02:28:21Z"}),
    )
    .unwrap();
    assert_eq!(
        times.started_time.unwrap().as_i64(),
        Some(1_619_418_460_000)
    );
    assert_eq!(
        times.end_time,
        Some(NumOrString::from("2020-08-20T02:28:21Z"))
    );
    let list: ListStatefulAsyncInvocationsResponse =
        serde_json::from_value(json!({"invocations":[fixture_value("get_stateful_async_invocation_response.json")],"nextToken":"t"}))
            .unwrap();
    assert_eq!(
        list.invocations[0].request_id.as_deref(),
        Some("403fcbd6-ec41-401f-9fa7-386f3d3d****")
    );
}

#[test]
fn layers() {
    let l: Layer = decode("publish_layer_version_response.json");
    assert_eq!(l.version, Some(1));
    assert_eq!(l.acl, Some(0));
    assert_eq!(l.create_time.as_deref(), Some("2020-11-11T11:08:00Z"));
    assert_eq!(
        l.code.as_ref().unwrap().repository_type.as_deref(),
        Some("OSS")
    );
    assert!(l.extra.is_empty());
    assert_eq!(
        serde_json::to_value(&l).unwrap(),
        fixture_value("publish_layer_version_response.json")
    );
    let list: ListLayerVersionsResponse = serde_json::from_value(
        json!({"layers":[fixture_value("publish_layer_version_response.json")],"nextVersion":2}),
    )
    .unwrap();
    assert_eq!(list.next_version, Some(2));
    let names: ListLayersResponse =
        serde_json::from_value(json!({"layers":[{"layerName":"prefix_mylayername","arn":"XYZ#prefix_mylayername#1","version":"1"}],"nextToken":"next-layer-name"}))
            .unwrap();
    assert_eq!(names.layers[0].version, Some(1));

    let req = PublishLayerVersionRequest {
        code: Some(Code::oss("demo-bucket", "demo-key")),
        description: Some("Layer-description".into()),
        compatible_runtime: Some(vec!["python3".into()]),
        ..PublishLayerVersionRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"code":{"ossBucketName":"demo-bucket","ossObjectName":"demo-key"},
               "description":"Layer-description","compatibleRuntime":["python3"]})
    );
}

#[test]
fn instances_both_shapes() {
    let a: ListInstancesResponse = decode("list_instances_response_array.json");
    let b: ListInstancesResponse = decode("list_instances_response_object.json");
    assert_eq!(a.instances, b.instances);
    assert_eq!(a.instances[1].version_id, Some(0));
    assert_eq!(b.next_token.as_deref(), Some("n1"));
    assert!(serde_json::from_str::<ListInstancesResponse>("\"nope\"").is_err());
    let null_list: ListInstancesResponse = serde_json::from_str(r#"{"instances":null}"#).unwrap();
    assert!(null_list.instances.is_empty());
}

#[test]
fn sdk_extras() {
    let extras = fixture_value("sdk_extras.json");
    let settings: AccountSettings =
        serde_json::from_value(extras["accountSettings"].clone()).unwrap();
    assert_eq!(settings.available_azs, ["zone-id"]);
    assert_eq!(
        serde_json::to_value(&settings).unwrap(),
        extras["accountSettings"]
    );
    let od: OnDemandConfig = serde_json::from_value(extras["onDemandConfig"].clone()).unwrap();
    assert_eq!(od.maximum_instance_count, Some(10));
    assert!(od.extra.is_empty());
    let list: ListOnDemandConfigsResponse =
        serde_json::from_value(extras["listOnDemandConfigs"].clone()).unwrap();
    assert_eq!(list.configs.len(), 2);
    assert_eq!(list.next_token.as_deref(), Some("token"));
    let rc: ListReservedCapacitiesResponse =
        serde_json::from_value(extras["listReservedCapacities"].clone()).unwrap();
    assert_eq!(rc.reserved_capacities[0].cu, Some(100));
    assert_eq!(
        rc.reserved_capacities[0].is_refunded.as_deref(),
        Some("false")
    );
    assert!(rc.reserved_capacities[0].extra.is_empty());
    let pc: ListProvisionConfigsResponse =
        serde_json::from_value(extras["listProvisionConfigs"].clone()).unwrap();
    assert_eq!(pc.provision_configs[0].current, Some(0));
    assert_eq!(
        serde_json::to_value(PutOnDemandConfigRequest {
            maximum_instance_count: 10,
            ..PutOnDemandConfigRequest::default()
        })
        .unwrap(),
        json!({"maximumInstanceCount":10})
    );
}

#[test]
fn list_wrappers_accept_null_lists_and_numeric_tokens() {
    let s: ListServicesResponse =
        serde_json::from_str(r#"{"services":null,"nextToken":20}"#).unwrap();
    assert!(s.services.is_empty());
    assert_eq!(s.next_token.as_deref(), Some("20"));
    let f: ListFunctionsResponse = serde_json::from_str("{}").unwrap();
    assert!(f.functions.is_empty() && f.next_token.is_none());
}

#[test]
fn malformed_values_are_errors_not_panics() {
    assert!(serde_json::from_value::<Function>(json!({"timeout": "sixty"})).is_err());
    assert!(serde_json::from_value::<Function>(json!({"memorySize": 1e20})).is_err());
    assert!(serde_json::from_value::<Function>(json!({"timeout": 9_999_999_999_i64})).is_err());
    assert!(serde_json::from_value::<Service>(json!({"logConfig": 5})).is_err());
    assert!(serde_json::from_value::<Trigger>(json!({"createdTime": {}})).is_err());
    assert!(serde_json::from_value::<Service>(json!([1, 2])).is_err());
}
