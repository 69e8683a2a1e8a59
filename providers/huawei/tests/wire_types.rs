//! Every JSON example of huawei-functiongraph.md, decoded into its wire type and re-encoded: responses
//! must come back equal (nulls and number representation normalised; unknown members kept in `extra`),
//! request bodies exactly equal.
#![allow(clippy::unwrap_used, clippy::many_single_char_names)]

use std::collections::BTreeMap;

use cloudfn_huawei::api::types::*;
use cloudfn_huawei::urn::{FunctionUrn, UrnQualifier};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/wire/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Drops `null` members and turns every number into an f64, so that `None` (not serialised) equals an
/// explicit `null`, and `-1` equals `-1.0`.
fn normalize(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, normalize(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        Value::Number(n) => json!(n.as_f64().unwrap()),
        other => other,
    }
}

/// Decodes a response fixture into `T` and checks that re-encoding gives the same JSON back.
fn response<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let text = fixture(name);
    let original: Value = serde_json::from_str(&text).unwrap();
    let decoded: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let again = serde_json::to_value(&decoded).unwrap();
    assert_eq!(normalize(again), normalize(original), "{name}: round trip");
    decoded
}

/// Decodes a request fixture into `T` and checks that re-encoding gives exactly the spec's body.
fn request<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let text = fixture(name);
    let original: Value = serde_json::from_str(&text).unwrap();
    let decoded: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        serde_json::to_value(&decoded).unwrap(),
        original,
        "{name}: re-encoded"
    );
    decoded
}

#[test]
fn invocation() {
    let event: Value = serde_json::from_str(&fixture("invoke_event.json")).unwrap();
    assert_eq!(event, json!({"k": "v"}));
    let r: AsyncInvokeFunctionResponse = response("async_invoke_response.json");
    assert_eq!(
        r.request_id.as_deref(),
        Some("1167bf8c-87b0-43ab-8f5f-26b16c64f252")
    );
    let r: AsyncInvokeReservedFunctionResponse = response("reserved_invoke_response.json");
    assert_eq!(
        r.instance_id.as_deref(),
        Some("048bad9b-96ae-45ad-8f12-4061a744ef9d")
    );

    // The v1 sync response: `result` is a string; a non-string result is kept as its JSON text.
    let r: InvokeFunctionResponse = serde_json::from_value(json!({
        "request_id": "r1", "result": "{\"a\":1}", "log": "START", "status": 0
    }))
    .unwrap();
    assert_eq!(r.result_json(), Some(json!({"a": 1})));
    assert!(!r.is_function_error());
    let r: InvokeFunctionResponse =
        serde_json::from_value(json!({"result": {"a": [1, 2]}, "status": 1, "x": null})).unwrap();
    assert_eq!(r.result.as_deref(), Some(r#"{"a":[1,2]}"#));
    assert!(r.is_function_error());
    let r: InvokeFunctionResponse = serde_json::from_value(json!({"result": null})).unwrap();
    assert_eq!(r.result, None);
    let r: InvokeFunctionResponse =
        serde_json::from_value(json!({"result": "plain text"})).unwrap();
    assert_eq!(r.result_json(), Some(json!("plain text")));
}

#[test]
fn quotas() {
    let q: ListQuotasResponse = response("quotas.json");
    let resources = q.quotas.unwrap().resources.unwrap();
    assert_eq!(resources.len(), 6);
    let code = resources
        .iter()
        .find(|r| r.r#type.as_deref() == Some(QUOTA_FUNC_CODE_SIZE))
        .unwrap();
    assert_eq!(
        (code.quota, code.used, code.unit.as_deref()),
        (Some(10240), Some(22), Some("MB"))
    );
    assert_eq!(resources[0].unit, None);
}

#[test]
fn dependencies() {
    let list: ListDependenciesResponse = response("dependencies_list.json");
    assert_eq!((list.next_marker, list.count), (Some(43), Some(43)));
    let dep = &list.dependencies.unwrap()[0];
    assert_eq!(
        dep.etag.as_deref(),
        Some("35a893d9495b3e22259b2773996bc94d-6")
    );
    assert_eq!(dep.size, Some(31_009_808));

    let d: Dependency = response("dependency.json");
    assert_eq!(d.file_name.as_deref(), Some("python-kafka.zip"));
    let r: CreateDependencyRequest = request("dependency_create_zip_request.json");
    assert_eq!(r.depend_type, DEPEND_TYPE_ZIP);
    let r: CreateDependencyRequest = request("dependency_create_obs_request.json");
    assert_eq!(r.depend_type, DEPEND_TYPE_OBS);
    assert!(
        r.depend_link
            .unwrap()
            .contains("4f4ae4eb-dcdc-4dd3-bffd-79600bd972b3")
    );
    let _: UpdateDependencyRequest = request("dependency_update_request.json");
    // UpdateDependency may answer a literal null.
    assert_eq!(
        serde_json::from_str::<Option<Dependency>>("null").unwrap(),
        None
    );

    let q = ListDependenciesQuery {
        marker: Some("0".into()),
        maxitems: Some(400),
        dependency_type: Some("all".into()),
        ..ListDependenciesQuery::default()
    };
    assert_eq!(
        q.to_query(),
        vec![
            ("marker".to_owned(), "0".to_owned()),
            ("maxitems".to_owned(), "400".to_owned()),
            ("dependency_type".to_owned(), "all".to_owned()),
        ]
    );
}

#[test]
fn test_events() {
    let list: ListEventsResponse = response("events_list.json");
    let e = &list.events.unwrap()[0];
    assert_eq!(
        e.last_modified.as_ref().unwrap().as_i64(),
        Some(1_597_374_286)
    );
    let r: CreateEventRequest = request("event_create_request.json");
    assert_eq!(r.content, r#"{"k":"v"}"#);
    let _: CreateEventResponse = response("event_create_response.json");
    let e: TestEvent = response("event_show.json");
    assert!(e.content.unwrap().starts_with("ewogICAg"));
    let _: UpdateEventRequest = request("event_update_request.json");
    let _: UpdateEventResponse = response("event_update_response.json");
}

#[test]
fn tracing() {
    let t: TracingConfig = response("tracing_show.json");
    assert_eq!(t.tracing_sk.as_ref().unwrap().expose(), "*****");
    let t: TracingConfig = request("tracing_update_request.json");
    assert_eq!(t.tracing_sk.as_ref().unwrap().expose(), "yyy");
    assert!(!format!("{t:?}").contains("yyy"));
}

#[test]
fn functions() {
    let list: ListFunctionsResponse = response("functions_list.json");
    assert_eq!(list.next_marker, Some(4));
    let f = &list.functions.unwrap()[0];
    assert_eq!(f.fail_count, Some(12));
    assert_eq!(f.strategy().unwrap().concurrency, Some(0));
    let urn: FunctionUrn = f.func_urn.as_deref().unwrap().parse().unwrap();
    assert_eq!((urn.package(), urn.name()), ("default", "test"));

    let r: CreateFunctionRequest = request("function_create_request.json");
    assert_eq!(r.func_code.unwrap().file.as_deref(), Some("xxxxxx"));
    let c: FunctionConfig = response("function_create_response.json");
    assert_eq!(c.last_modified_utc, Some(1_571_989_047));
    assert_eq!(c.func_code, Some(FuncCode::default()));
    let urn: FunctionUrn = c.func_urn.as_deref().unwrap().parse().unwrap();
    assert_eq!(urn.qualifier(), &UrnQualifier::Latest);

    let code: FunctionCode = response("function_code.json");
    assert_eq!(code.code_size, Some(245));
    let r: UpdateFunctionCodeRequest = request("function_code_update_request.json");
    assert_eq!(r.code_type, CODE_TYPE_INLINE);
    let code: FunctionCode = response("function_code_update_response.json");
    assert_eq!(code.func_code.unwrap().file.as_deref(), Some("<Base64>"));

    let c: FunctionConfig = response("function_config.json");
    assert_eq!(c.memory_size, Some(128));
    let r: UpdateFunctionConfigRequest = request("function_config_update_request.json");
    assert_eq!((r.memory_size, r.timeout), (768, 40));
    let c: FunctionConfig = response("function_config_update_response.json");
    assert_eq!(
        c.handler.as_deref(),
        Some("fssExampleCsharp2.1::fssExampleCsharp21.Program::MyFunc")
    );
    let r: UpdateFunctionMaxInstanceConfigRequest = request("max_instance_request.json");
    assert_eq!(r.max_instance_num, Some(3));
}

#[test]
fn function_model_examples() {
    // §4.1 list form: explicit nulls are accepted as None.
    let list: ListFunctionsResponse = response("model_functions_list.json");
    let f = &list.functions.unwrap()[0];
    assert_eq!(f.app_xrole, None);
    assert_eq!(f.func_vpc, None);
    assert_eq!(f.mount_config, None);
    assert_eq!(f.depend_list, None);
    assert_eq!(f.dependencies, None);
    assert_eq!(f.user_data_map().unwrap(), BTreeMap::new());
    assert_eq!(list.next_marker, Some(45));

    // §4.1 instance data: the CamelCase duplicate and the top-level concurrency.
    let f: FunctionConfig = response("model_function_instance.json");
    assert_eq!(f.func_code_duplicate, Some(FuncCode::default()));
    assert_eq!(f.concurrency, Some(-1));
    assert_eq!(f.code(), Some(&FuncCode::default()));
    assert_eq!(f.enterprise_project_id.as_deref(), Some("0"));

    // Only the CamelCase copy present: the accessors fall back to it.
    let f: FunctionConfig = serde_json::from_value(json!({
        "StrategyConfig": {"concurrency": 5}, "FuncCode": {"file": "eA=="}
    }))
    .unwrap();
    assert_eq!(f.strategy().unwrap().concurrency, Some(5));
    assert_eq!(f.code().unwrap().file.as_deref(), Some("eA=="));
}

#[test]
fn function_irregular_members() {
    // mount_user ids as numbers or strings, written back as received; an unknown member is kept.
    let v = json!({
        "func_urn": "urn:fss:r:p:function:default:f",
        "mount_config": {
            "mount_user": {"user_id": -1, "user_group_id": "1001"},
            "func_mounts": [{"mount_type": "ecs", "mount_resource": "id", "mount_share_path": "192.168.0.12:/data", "local_mount_path": "/mnt", "status": "ACTIVE"}]
        },
        "user_data": "{\"obs_address\":\"obs.xxx.xxx.com\",\"n\":2}",
        "encrypted_user_data": "{\"password\":\"hunter2\"}",
        "brand_new_field": {"nested": [1, 2]}
    });
    let f: FunctionConfig = serde_json::from_value(v.clone()).unwrap();
    let user = f
        .mount_config
        .as_ref()
        .unwrap()
        .mount_user
        .as_ref()
        .unwrap();
    assert_eq!(user.user_id.as_ref().unwrap().as_i64(), Some(-1));
    assert_eq!(user.user_group_id.as_ref().unwrap().as_i64(), Some(1001));
    let mount = &f
        .mount_config
        .as_ref()
        .unwrap()
        .func_mounts
        .as_ref()
        .unwrap()[0];
    assert_eq!(mount.extra["status"], "ACTIVE");
    assert_eq!(f.extra["brand_new_field"], json!({"nested": [1, 2]}));
    let vars = f.user_data_map().unwrap();
    assert_eq!(
        (vars["obs_address"].as_str(), vars["n"].as_str()),
        ("obs.xxx.xxx.com", "2")
    );
    assert!(!format!("{f:?}").contains("hunter2"));
    assert_eq!(serde_json::to_value(&f).unwrap(), v);
    // user_data that is not JSON is reported, not a panic.
    let bad = FunctionConfig {
        user_data: Some("Host=1.2.3.4".into()),
        ..FunctionConfig::default()
    };
    assert!(bad.user_data_map().is_err());
}

#[test]
fn walkthrough_bodies() {
    let r: CreateFunctionRequest = request("walk_create_function_request.json");
    assert_eq!(r.code_filename.as_deref(), Some("index.zip"));
    let r: CreateFunctionRequest = request("walk_create_from_obs_request.json");
    assert_eq!(r.code_type, CODE_TYPE_OBS);
    let _: CreateFunctionRequest = request("walk_create_get_html_request.json");
    let r: UpdateFunctionConfigRequest = request("walk_update_config_request.json");
    let vars = decode_user_data(r.user_data.as_deref().unwrap()).unwrap();
    assert_eq!(vars["srcBucket"], "xxx");
    assert_eq!(
        encode_user_data(&vars),
        r#"{"obs_address":"obs.xxx.xxx.com","srcBucket":"xxx","srcObjName":"xxx"}"#
    );
    let r: CreateFunctionTriggerRequest = request("walk_timer_trigger_request.json");
    let timer: TimerEventData = serde_json::from_value(r.event_data).unwrap();
    assert_eq!(timer.schedule.as_deref(), Some("1d"));
    let t: TriggerInstance = response("walk_timer_trigger_response.json");
    assert_eq!(t.status(), Some(TRIGGER_STATUS_ACTIVE));
    let r: CreateFunctionTriggerRequest = request("walk_apig_trigger_request.json");
    let apig: ApigEventData = serde_json::from_value(r.event_data).unwrap();
    assert_eq!(
        (apig.r#type, apig.match_mode.as_deref()),
        (Some(1), Some("SWA"))
    );
}

#[test]
fn versions_and_aliases() {
    let aliases: ListVersionAliasesResponse = response("aliases_list.json");
    assert_eq!(aliases.len(), 1);
    assert_eq!(
        aliases[0].additional_version_weights.as_ref().unwrap()["v1"],
        10
    );
    let urn: FunctionUrn = aliases[0].alias_urn.as_deref().unwrap().parse().unwrap();
    assert_eq!(urn.qualifier(), &UrnQualifier::Alias("a1".into()));

    let r: CreateVersionAliasRequest = request("alias_create_request.json");
    assert_eq!((r.name.as_str(), r.version.as_str()), ("a1", "v1"));
    // The CreateVersionAlias example prints the alias URN without `!` (spec §7 #8): it reads as version a1.
    let a: AliasConfig = response("alias_create_response.json");
    let urn: FunctionUrn = a.alias_urn.as_deref().unwrap().parse().unwrap();
    assert_eq!(urn.qualifier(), &UrnQualifier::Version("a1".into()));
    let a: AliasConfig = response("alias_show.json");
    assert_eq!(a.description.as_deref(), Some("my dev version"));
    let r: UpdateVersionAliasRequest = request("alias_update_request.json");
    assert_eq!(r.additional_version_weights.unwrap()["v1"], 50);
    let _: AliasConfig = response("alias_update_response.json");

    let v: ListFunctionVersionsResponse = response("versions_list.json");
    assert_eq!(v.next_marker, Some(5));
    assert_eq!(v.versions.unwrap()[0].version.as_deref(), Some("latest"));
    let r: CreateFunctionVersionRequest = request("version_publish_request.json");
    assert_eq!(r.version.as_deref(), Some("v1"));
    let _: FunctionConfig = response("version_publish_response.json");
    assert_eq!(
        ListFunctionVersionsQuery {
            marker: Some("2".into()),
            maxitems: Some(10)
        }
        .to_query(),
        vec![
            ("marker".to_owned(), "2".to_owned()),
            ("maxitems".to_owned(), "10".to_owned())
        ]
    );
}

#[test]
fn metrics_and_logs() {
    let s: ListStatisticsResponse = response("statistics.json");
    let stats = s.statistics.unwrap();
    let duration = stats.duration.unwrap();
    assert_eq!(duration[1].timestamp, Some(1_596_682_800_000));
    assert_eq!(duration[1].value, Some(950.0));
    assert_eq!(duration[0].value, Some(-1.0));
    let f: ListFunctionStatisticsResponse = response("function_statistics.json");
    assert_eq!(f.min_duration.unwrap()[1].value, Some(210.0));
    assert_eq!(
        ListStatisticsQuery {
            filter: STATISTICS_FILTER_MONITOR_DATA.into(),
            period: Some("60".into()),
            ..ListStatisticsQuery::default()
        }
        .to_query(),
        vec![
            ("filter".to_owned(), "monitor_data".to_owned()),
            ("period".to_owned(), "60".to_owned())
        ]
    );
    let l: LtsLogDetail = response("lts_log_detail.json");
    assert_eq!((l.group_name, l.stream_id.as_deref()), (None, Some("xxx")));
}

#[test]
fn reserved_instances_and_import() {
    let r: UpdateReservedInstancesRequest = request("reserved_request.json");
    assert_eq!(r.count, 3);
    let r: ReservedInstancesConfig = response("reserved_response.json");
    assert_eq!(r.count, Some(2));
    let full = json!({
        "count": 2, "idle_mode": true,
        "tactics_config": {
            "cron_configs": [{"name": "c", "cron": "0 0 * * *", "count": 1, "start_time": 1_700_000_000_i64, "expired_time": 1_800_000_000_i64}],
            "metric_configs": [{"name": "m", "type": "Concurrency", "threshold": 80, "min": 1}]
        }
    });
    let r: UpdateReservedInstancesRequest = serde_json::from_value(full.clone()).unwrap();
    assert_eq!(serde_json::to_value(&r).unwrap(), full);

    let r: ImportFunctionRequest = request("import_request.json");
    assert_eq!(r.package, None);
    let f: ImportFunctionResponse = response("import_response.json");
    assert_eq!(f.func_name.as_deref(), Some("test_v1_2"));
    assert_eq!(
        ExportFunctionQuery {
            config: Some(true),
            code: Some(false),
            r#type: None
        }
        .to_query(),
        vec![
            ("config".to_owned(), "true".to_owned()),
            ("code".to_owned(), "false".to_owned())
        ]
    );
}

#[test]
fn triggers() {
    let list: ListFunctionTriggersResponse = response("triggers_list.json");
    let apig: ApigEventData = list[0].event_data_as().unwrap().unwrap();
    let info = apig.func_info.unwrap();
    assert_eq!(
        (info.timeout, info.invocation_type.as_deref()),
        (Some(5000), Some("sync"))
    );
    assert_eq!(
        apig.trigger_id.as_deref(),
        Some("1b3b264db3b849118d007884b9bc8a60")
    );

    let r: CreateFunctionTriggerRequest = request("trigger_create_obs_request.json");
    let obs: ObsEventData = serde_json::from_value(r.event_data).unwrap();
    assert_eq!(obs.events.unwrap(), vec!["s3:ObjectCreated:*".to_owned()]);
    let r: CreateFunctionTriggerRequest = request("trigger_create_apig_request.json");
    assert_eq!(r.trigger_type_code, "APIG");
    let r: CreateFunctionTriggerRequest = request("trigger_create_kafka_request.json");
    let kafka: KafkaEventData = serde_json::from_value(r.event_data).unwrap();
    assert_eq!(kafka.topics(), vec!["PUSH_TOKEN_RECORD".to_owned()]);
    assert_eq!(kafka.batch_size, Some(100));

    let t: TriggerInstance = response("trigger_create_response.json");
    let timer: TimerEventData = t.event_data_as().unwrap().unwrap();
    assert_eq!(timer.schedule_type.as_deref(), Some("Rate"));
    let _: TriggerInstance = response("trigger_show.json");
    let r: UpdateTriggerRequest = request("trigger_update_request.json");
    assert_eq!(r.trigger_status.as_deref(), Some(TRIGGER_STATUS_ACTIVE));

    // §4.2 models: `status` instead of `trigger_status`; schema placeholders decode.
    let t: TriggerInstance = response("model_trigger_instance.json");
    assert_eq!(t.status(), Some("string"));
    assert_eq!(t.trigger_status, None);
    let _: TriggerTypeInfo = response("model_trigger_type.json");

    // §4.3 event data examples.
    let o: ObsEventData = response("event_data_obs.json");
    assert_eq!(o.suffix.as_deref(), Some("yourSuffix"));
    let d: DisEventData = response("event_data_dis.json");
    assert_eq!(d.sharditerator_type.as_deref(), Some("TRIM_HORIZON"));
    let t: TimerEventData = response("event_data_timer.json");
    assert_eq!(t.name.as_deref(), Some("Timer-cpg3"));

    // The model's `topic_id` spelling and a string `kafka_ssl_enable`; passwords never in Debug.
    let k: KafkaEventData = serde_json::from_value(json!({
        "instance_id": "i", "topic_id": "t1", "kafka_user": "u", "kafka_password": "pw-secret",
        "kafka_ssl_enable": "true", "batch_size": 10
    }))
    .unwrap();
    assert_eq!(k.topics(), vec!["t1".to_owned()]);
    assert_eq!(k.kafka_ssl_enable.as_ref().unwrap().as_bool(), Some(true));
    assert!(!format!("{k:?}").contains("pw-secret"));
    let dds = json!({"instance_id": "i", "collection_name": "c", "db_name": "d", "db_password": "db-secret", "batch_size": 1});
    let t: TriggerInstance = serde_json::from_value(json!({
        "trigger_type_code": "DDS", "event_data": dds.clone(), "session_token": "tok-secret"
    }))
    .unwrap();
    let shown = format!("{t:?}");
    assert!(
        !shown.contains("db-secret") && !shown.contains("tok-secret"),
        "{shown}"
    );
    let d: DdsEventData = t.event_data_as().unwrap().unwrap();
    assert_eq!(d.db_password.unwrap().expose(), "db-secret");
    let req = CreateFunctionTriggerRequest {
        trigger_type_code: "DDS".into(),
        event_data: dds,
        ..CreateFunctionTriggerRequest::default()
    };
    assert!(!format!("{req:?}").contains("db-secret"));
}

#[test]
fn async_invocation_config() {
    let c: AsyncInvokeConfig = response("async_config_show.json");
    let dest = c.destination_config.unwrap();
    let on_success = dest.on_success.unwrap();
    assert_eq!(
        on_success.destination.as_deref(),
        Some(DESTINATION_FUNCTION_GRAPH)
    );
    let param = on_success.param_json().unwrap().unwrap();
    assert_eq!(
        param["func_urn"],
        "urn:fss:{region}:5691ba790e2b46ceb38316xxxxxxxx:function:default:testPython:latest"
    );
    assert!(dest.on_failure.is_some());
    let r: UpdateFunctionAsyncInvokeConfigRequest = request("async_config_update_request.json");
    assert_eq!(
        (
            r.max_async_event_age_in_seconds,
            r.max_async_retry_attempts,
            r.enable_async_status_log
        ),
        (Some(10), Some(3), Some(true))
    );
    let l: ListFunctionAsyncInvokeConfigResponse = response("async_configs_list.json");
    assert_eq!(l.page_info.unwrap().next_marker, Some(2));
    let i: ListAsyncInvocationsResponse = response("async_invocations.json");
    let inv = &i.invocations.unwrap()[0];
    assert_eq!(inv.status.as_deref(), Some(ASYNC_STATUS_SUCCESS));
    let r: StopAsyncInvocationRequest = request("cancel_request.json");
    assert_eq!(r.request_id, "xxxx");
    assert_eq!(serde_json::from_str::<Option<Value>>("null").unwrap(), None);

    let d = FuncDestinationConfig::function_graph("urn:fss:r:p:function:default:f:latest");
    assert_eq!(
        serde_json::to_value(&d).unwrap(),
        json!({"destination": "FunctionGraph", "param": "{\"func_urn\":\"urn:fss:r:p:function:default:f:latest\"}"})
    );
    assert_eq!(
        FuncDestinationConfig::smn("t").param.as_deref(),
        Some(r#"{"topic_urn":"t"}"#)
    );
    assert_eq!(
        FuncDestinationConfig::dis("s").destination.as_deref(),
        Some(DESTINATION_DIS)
    );
    let q = ListAsyncInvocationsQuery {
        status: Some(ASYNC_STATUS_FAIL.into()),
        limit: Some(500),
        ..ListAsyncInvocationsQuery::default()
    };
    assert_eq!(
        q.to_query(),
        vec![
            ("limit".to_owned(), "500".to_owned()),
            ("status".to_owned(), "FAIL".to_owned())
        ]
    );
}

#[test]
fn iam_bodies() {
    let p: IamProjectsResponse = response("iam_projects.json");
    let project = &p.projects.unwrap()[0];
    assert_eq!(
        project.id.as_deref(),
        Some("a4a5d4098fb4474fa22cd05f897d6b99")
    );
    assert_eq!(project.links.as_ref().unwrap().next, None);
    let r: TokenRequest = request("iam_token_request.json");
    assert_eq!(r.auth.identity.methods, vec!["password".to_owned()]);
    assert!(!format!("{r:?}").contains("*****"));
    let built = TokenRequest::password(
        "username",
        cloudfn_huawei::Secret::new("*****"),
        "domainname",
        "xxxxxxx",
    );
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        serde_json::from_str::<Value>(&fixture("iam_token_request.json")).unwrap()
    );
    let t: TokenResponse = serde_json::from_value(json!({"token": {
        "expires_at": "2019-02-13T06:52:13.855000Z", "methods": ["password"],
        "catalog": [{"type": "fgs", "id": "1", "name": "functiongraph", "endpoints": [{"region_id": "cn-north-4", "url": "https://functiongraph.cn-north-4.myhuaweicloud.com"}]}]
    }}))
    .unwrap();
    let token = t.token.unwrap();
    assert_eq!(
        token.expires_at.as_deref(),
        Some("2019-02-13T06:52:13.855000Z")
    );
    let catalog = token.catalog.unwrap();
    assert_eq!(
        catalog[0].endpoints.as_ref().unwrap()[0]
            .region_id
            .as_deref(),
        Some("cn-north-4")
    );
}

#[test]
fn every_fixture_is_used() {
    let src = include_str!("wire_types.rs");
    let dir = format!("{}/tests/fixtures/wire", env!("CARGO_MANIFEST_DIR"));
    let mut unused = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if std::path::Path::new(&name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            && name != "error_examples.json"
            && !src.contains(&format!("\"{name}\""))
        {
            unused.push(name);
        }
    }
    assert!(unused.is_empty(), "fixtures not decoded: {unused:?}");
}
