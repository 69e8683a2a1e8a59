//! Engine-level tests of the FunctionGraph + IAM protocol: every request is signed with
//! `cloudfn_huawei::signer` (or carries an IAM token) and goes through [`Engine::handle`].

#![allow(
    clippy::unwrap_used,
    clippy::too_many_lines,
    clippy::needless_pass_by_value
)]

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use bytes::Bytes;
use chrono::{TimeDelta, Utc};
use cloudfn_huawei::signer::{AkSkCredentials, RequestTarget, parse_query, sign_headers};
use http::{HeaderMap, HeaderValue, Method};
use serde_json::{Value, json};
use url::Url;

use crate::behaviour::{Behaviour, Cloud};
use crate::config::EmulatorConfig;
use crate::engine::Engine;
use crate::wire::{WireRequest, WireResponse};

const P: &str = "0123456789abcdef0123456789abcdef";

fn engine_with(config: EmulatorConfig) -> Engine {
    Engine::new(config, Url::parse("http://127.0.0.1:9000").unwrap())
}

fn engine() -> Engine {
    engine_with(EmulatorConfig::default())
}

/// A request signed with `ak`/`sk` at `now`.
fn signed_at(
    method: Method,
    path_and_query: &str,
    body: &[u8],
    ak: &str,
    sk: &str,
    now: chrono::DateTime<Utc>,
) -> WireRequest {
    let mut req = WireRequest::new(method.clone(), path_and_query);
    req.body = Bytes::copy_from_slice(body);
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert(
        "user-agent",
        HeaderValue::from_static("huaweicloud-usdk-python/3.0; os/Linux#1#x86_64 python/3.11.7"),
    );
    let query = parse_query(&req.query);
    let creds = AkSkCredentials::new(ak, sk).with_project_id(P);
    let target = RequestTarget {
        method: method.as_str(),
        path: &req.path,
        query: &query,
        body,
        host: Some("127.0.0.1:9000"),
    };
    sign_headers(&creds, &target, &mut headers, now).unwrap();
    req.headers = headers;
    req
}

fn signed(method: Method, path_and_query: &str, body: &[u8]) -> WireRequest {
    signed_at(method, path_and_query, body, "test", "test", Utc::now())
}

struct Resp {
    status: u16,
    json: Value,
    raw: WireResponse,
}

fn send(e: &Engine, req: &WireRequest) -> Resp {
    let raw = e.handle(req);
    assert!(
        raw.headers.contains_key("x-request-id"),
        "every response carries X-Request-Id"
    );
    let json = serde_json::from_slice(&raw.body).unwrap_or(Value::Null);
    Resp {
        status: raw.status.as_u16(),
        json,
        raw,
    }
}

fn call(e: &Engine, method: Method, path: &str, body: Option<Value>) -> Resp {
    let body = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    send(e, &signed(method, &format!("/v2/{P}/fgs{path}"), &body))
}

fn err_code(r: &Resp) -> &str {
    r.json["error_code"].as_str().unwrap_or_default()
}

fn fn_body(name: &str) -> Value {
    json!({
        "func_name": name,
        "package": "default",
        "runtime": "Python3.9",
        "handler": "index.handler",
        "memory_size": 256,
        "timeout": 30,
        "code_type": "inline",
        "func_code": { "file": B64.encode(b"def handler(event, context):\n    return event\n") },
    })
}

fn create(e: &Engine, name: &str) -> Resp {
    let r = call(e, Method::POST, "/functions", Some(fn_body(name)));
    assert_eq!(r.status, 200, "create {name}: {}", r.json);
    r
}

fn urn(name: &str) -> String {
    format!("urn:fss:cn-north-4:{P}:function:default:{name}")
}

/// The URN as the Python SDK puts it in a path (`quote(v, safe='')`).
fn enc(s: &str) -> String {
    cloudfn_huawei::signer::encode_path_segment(s)
}

#[test]
fn function_lifecycle() {
    let e = engine();
    let r = create(&e, "hello");
    assert_eq!(r.json["func_urn"], format!("{}:latest", urn("hello")));
    assert_eq!(r.json["cpu"], 400);
    assert_eq!(r.json["version"], "latest");
    assert_eq!(r.json["namespace"], P);
    assert_eq!(r.json["code_filename"], "index.py");
    assert_eq!(r.json["digest"].as_str().unwrap().len(), 128);
    let dup = call(&e, Method::POST, "/functions", Some(fn_body("hello")));
    assert_eq!((dup.status, err_code(&dup)), (409, "FSS.1061"));

    let u = enc(&urn("hello"));
    let cfg = call(&e, Method::GET, &format!("/functions/{u}/config"), None);
    assert_eq!(cfg.status, 200);
    assert_eq!(cfg.json["timeout"], 30);
    // Simplified URN forms address the same function.
    for short in ["hello", "default:hello", &format!("{P}:default:hello")] {
        let r = call(
            &e,
            Method::GET,
            &format!("/functions/{}/config", enc(short)),
            None,
        );
        assert_eq!(r.status, 200, "{short}");
    }

    let upd = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/config"),
        Some(
            json!({"func_name": "hello", "runtime": "Python3.9", "handler": "index.handler",
                    "memory_size": 512, "timeout": 60, "user_data": "{\"A\":\"1\"}",
                    "description": "d"}),
        ),
    );
    assert_eq!(upd.status, 200, "{}", upd.json);
    assert_eq!(upd.json["memory_size"], 512);
    assert_eq!(upd.json["cpu"], 600);
    assert_eq!(upd.json["user_data"], "{\"A\":\"1\"}");
    let rename = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/config"),
        Some(
            json!({"func_name": "other", "runtime": "Python3.9", "handler": "index.handler",
                    "memory_size": 512, "timeout": 60}),
        ),
    );
    assert_eq!(err_code(&rename), "FSS.1002");

    let code = call(&e, Method::GET, &format!("/functions/{u}/code"), None);
    assert_eq!(code.status, 200);
    let link = code.json["func_code"]["link"].as_str().unwrap().to_owned();
    assert!(
        link.starts_with("http://127.0.0.1:9000/_emulator/code/"),
        "{link}"
    );
    let path = link.trim_start_matches("http://127.0.0.1:9000");
    let dl = e.handle(&WireRequest::new(Method::GET, path));
    assert_eq!(dl.status.as_u16(), 200);
    assert_eq!(
        &dl.body[..],
        b"def handler(event, context):\n    return event\n"
    );

    let zip = b"PK\x03\x04fake zip bytes".to_vec();
    let new_code = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/code"),
        Some(json!({"code_type": "zip", "code_filename": "index.zip",
                    "func_code": {"file": B64.encode(&zip)}})),
    );
    assert_eq!(new_code.status, 200, "{}", new_code.json);
    assert_eq!(new_code.json["code_size"], zip.len());
    assert_eq!(new_code.json["code_type"], "zip");
    assert_ne!(new_code.json["digest"], r.json["digest"]);
    assert_eq!(new_code.json["func_code"]["file"], B64.encode(&zip));

    let list = call(&e, Method::GET, "/functions", None);
    assert_eq!(list.json["count"], 1);
    assert_eq!(list.json["functions"][0]["func_urn"], urn("hello"));
    assert_eq!(list.json["functions"][0]["memory_size"], 512);

    let del = call(&e, Method::DELETE, &format!("/functions/{u}"), None);
    assert_eq!(del.status, 204);
    let gone = call(&e, Method::GET, &format!("/functions/{u}/config"), None);
    assert_eq!((gone.status, err_code(&gone)), (404, "FSS.1051"));
    let gone = call(&e, Method::DELETE, &format!("/functions/{u}"), None);
    assert_eq!((gone.status, err_code(&gone)), (404, "FSS.1051"));
}

#[test]
fn create_validation_codes() {
    let e = engine();
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        ("func_name", json!("1bad"), 400, "FSS.1002"),
        ("func_name", json!("a".repeat(61)), 400, "FSS.1002"),
        ("package", json!("bad pkg"), 400, "FSS.1004"),
        ("runtime", json!("Cobol"), 400, "FSS.1005"),
        ("handler", json!("nodot"), 400, "FSS.1003"),
        ("code_type", json!("tar"), 400, "FSS.1006"),
        ("memory_size", json!(100), 400, "FSS.1007"),
        ("timeout", json!(901), 400, "FSS.1008"),
        ("timeout", json!(2), 400, "FSS.1008"),
        ("description", json!("x".repeat(513)), 400, "FSS.1019"),
        ("user_data", json!("not json"), 400, "FSS.0400"),
        ("initializer_timeout", json!(0), 400, "FSS.1405"),
        (
            "func_code",
            json!({"file": "!!!not base64"}),
            400,
            "FSS.1011",
        ),
    ];
    for (field, value, status, code) in cases {
        let mut body = fn_body("f1");
        body[field] = value;
        let r = call(&e, Method::POST, "/functions", Some(body));
        assert_eq!(
            (r.status, err_code(&r)),
            (status, code),
            "{field}: {}",
            r.json
        );
    }
    let mut vars = serde_json::Map::new();
    for i in 0..21 {
        vars.insert(format!("K{i}"), json!("v"));
    }
    let mut body = fn_body("f1");
    body["user_data"] = json!(Value::Object(vars).to_string());
    assert_eq!(
        err_code(&call(&e, Method::POST, "/functions", Some(body))),
        "FSS.1017"
    );
    let mut body = fn_body("f1");
    body["code_type"] = json!("zip");
    body.as_object_mut().unwrap().remove("func_code");
    body["code_filename"] = json!("a.zip");
    assert_eq!(
        err_code(&call(&e, Method::POST, "/functions", Some(body))),
        "FSS.1012"
    );
    // Malformed JSON, wrong types, a top-level array.
    for raw in [&b"{"[..], b"[]", b"{\"func_name\": 5}", b"null"] {
        let r = send(
            &e,
            &signed(Method::POST, &format!("/v2/{P}/fgs/functions"), raw),
        );
        assert_eq!((r.status, err_code(&r)), (400, "FSS.0400"));
    }
    // A missing package means `default`; an empty inline code is the default code.
    let mut body = fn_body("nopkg");
    body.as_object_mut().unwrap().remove("package");
    body.as_object_mut().unwrap().remove("func_code");
    let r = call(&e, Method::POST, "/functions", Some(body));
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["package"], "default");
    assert!(r.json["code_size"].as_i64().unwrap() > 0);
}

#[test]
fn obs_code_is_read_from_the_emulated_storage() {
    let e = engine();
    e.put_object(
        "bucket",
        "dir/code.zip",
        Bytes::from_static(b"PK\x03\x04obs"),
    );
    let mut body = fn_body("fromobs");
    body["code_type"] = json!("obs");
    body["code_url"] = json!("https://bucket.obs.cn-north-4.myhuaweicloud.com/dir/code.zip");
    body.as_object_mut().unwrap().remove("func_code");
    let r = call(&e, Method::POST, "/functions", Some(body.clone()));
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["code_size"], 7);
    assert_eq!(r.json["code_filename"], "code.zip");
    assert_eq!(r.json["code_url"], body["code_url"]);
    body["func_name"] = json!("missing");
    body["code_url"] = json!("https://bucket.obs.cn-north-4.myhuaweicloud.com/nope.zip");
    let r = call(&e, Method::POST, "/functions", Some(body));
    assert_eq!((r.status, err_code(&r)), (404, "FSS.1054"));
}

#[test]
fn versions_snapshots_and_publish_rules() {
    let e = engine();
    create(&e, "ver");
    let u = enc(&urn("ver"));
    let v1 = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/versions"),
        Some(json!({"version": "v1", "description": "first"})),
    );
    assert_eq!(v1.status, 200, "{}", v1.json);
    assert_eq!(v1.json["version"], "v1");
    assert_eq!(v1.json["func_urn"], format!("{}:v1", urn("ver")));
    assert_eq!(v1.json["version_description"], "first");
    let same = call(&e, Method::POST, &format!("/functions/{u}/versions"), None);
    assert_eq!((same.status, err_code(&same)), (400, "FSS.1016"));
    let dup = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/versions"),
        Some(json!({"version": "v1"})),
    );
    // Unchanged wins over the duplicate name: nothing to publish.
    assert_eq!(err_code(&dup), "FSS.1016");

    let upd = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/config"),
        Some(
            json!({"func_name": "ver", "runtime": "Python3.9", "handler": "index.handler",
                    "memory_size": 256, "timeout": 99}),
        ),
    );
    assert_eq!(upd.status, 200);
    let dup = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/versions"),
        Some(json!({"version": "v1"})),
    );
    assert_eq!((dup.status, err_code(&dup)), (409, "FSS.1062"));
    let bad = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/versions"),
        Some(json!({"version": "latest"})),
    );
    assert_eq!(err_code(&bad), "FSS.1015");
    let bad = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/versions"),
        Some(json!({"digest": "00"})),
    );
    assert_eq!(err_code(&bad), "FSS.0400");
    let auto = call(&e, Method::POST, &format!("/functions/{u}/versions"), None);
    assert_eq!(auto.status, 200, "{}", auto.json);
    let name = auto.json["version"].as_str().unwrap().to_owned();
    assert!(
        name.starts_with('v') && name.len() == 16 && &name[9..10] == "-",
        "{name}"
    );

    // Reading a version returns its snapshot.
    let old = call(
        &e,
        Method::GET,
        &format!("/functions/{}/config", enc(&format!("{}:v1", urn("ver")))),
        None,
    );
    assert_eq!(old.json["timeout"], 30);
    assert_eq!(old.json["version"], "v1");
    let new = call(&e, Method::GET, &format!("/functions/{u}/config"), None);
    assert_eq!(new.json["timeout"], 99);
    let missing = call(
        &e,
        Method::GET,
        &format!("/functions/{}/config", enc(&format!("{}:v9", urn("ver")))),
        None,
    );
    assert_eq!((missing.status, err_code(&missing)), (404, "FSS.1052"));
    // Versions are immutable.
    let ro = call(
        &e,
        Method::PUT,
        &format!("/functions/{}/config", enc(&format!("{}:v1", urn("ver")))),
        Some(
            json!({"func_name": "ver", "runtime": "Python3.9", "handler": "index.handler",
                    "memory_size": 256, "timeout": 5}),
        ),
    );
    assert_eq!(err_code(&ro), "FSS.1015");

    // Paging across versions (latest, v1, auto).
    let p1 = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/versions?marker=0&maxitems=2"),
        None,
    );
    assert_eq!(p1.json["count"], 3);
    assert_eq!(p1.json["next_marker"], 2);
    assert_eq!(p1.json["versions"][0]["version"], "latest");
    assert_eq!(p1.json["versions"][1]["version"], "v1");
    let p2 = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/versions?marker=2&maxitens=2"),
        None,
    );
    assert_eq!(p2.json["versions"].as_array().unwrap().len(), 1);
    assert_eq!(p2.json["next_marker"], 3);

    // Deleting a version; latest cannot be deleted alone.
    let del = call(
        &e,
        Method::DELETE,
        &format!("/functions/{}", enc(&format!("{}:v1", urn("ver")))),
        None,
    );
    assert_eq!(del.status, 204);
    let del = call(
        &e,
        Method::DELETE,
        &format!("/functions/{}", enc(&format!("{}:latest", urn("ver")))),
        None,
    );
    assert_eq!((del.status, err_code(&del)), (400, "FSS.1015"));
    let list = call(&e, Method::GET, &format!("/functions/{u}/versions"), None);
    assert_eq!(list.json["count"], 2);
}

fn publish(e: &Engine, name: &str, version: &str, timeout: i32) {
    let u = enc(&urn(name));
    call(
        e,
        Method::PUT,
        &format!("/functions/{u}/config"),
        Some(
            json!({"func_name": name, "runtime": "Python3.9", "handler": "index.handler",
                    "memory_size": 256, "timeout": timeout}),
        ),
    );
    let r = call(
        e,
        Method::POST,
        &format!("/functions/{u}/versions"),
        Some(json!({"version": version})),
    );
    assert_eq!(r.status, 200, "{}", r.json);
}

#[test]
fn aliases_and_weights() {
    let e = engine();
    create(&e, "al");
    publish(&e, "al", "v1", 10);
    publish(&e, "al", "v2", 20);
    let u = enc(&urn("al"));
    let a = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/aliases"),
        Some(json!({"name": "prod", "version": "v1", "description": "p",
                    "additional_version_weights": {"v2": 10}})),
    );
    assert_eq!(a.status, 200, "{}", a.json);
    assert_eq!(a.json["alias_urn"], format!("{}:!prod", urn("al")));
    assert_eq!(a.json["additional_version_weights"]["v2"], 10);
    let cases = [
        (json!({"name": "prod", "version": "v1"}), 409, "FSS.1063"),
        (json!({"name": "9bad", "version": "v1"}), 400, "FSS.1014"),
        (json!({"name": "x", "version": "v9"}), 404, "FSS.1052"),
        (
            json!({"name": "x", "version": "v1", "additional_version_weights": {"v9": 10}}),
            400,
            "FSS.1091",
        ),
        (
            json!({"name": "x", "version": "v1", "additional_version_weights": {"v2": 101}}),
            400,
            "FSS.1092",
        ),
        (
            json!({"name": "x", "version": "v1", "additional_version_weights": {"v2": 0}}),
            400,
            "FSS.1092",
        ),
        (
            json!({"name": "x", "version": "v1", "additional_version_weights": {"v2": 60, "latest": 50}}),
            400,
            "FSS.1092",
        ),
        (
            json!({"name": "x", "version": "v1", "additional_version_weights": {"v1": 10}}),
            400,
            "FSS.1093",
        ),
    ];
    for (body, status, code) in cases {
        let r = call(
            &e,
            Method::POST,
            &format!("/functions/{u}/aliases"),
            Some(body.clone()),
        );
        assert_eq!((r.status, err_code(&r)), (status, code), "{body}");
    }
    let list = call(&e, Method::GET, &format!("/functions/{u}/aliases"), None);
    assert!(list.json.is_array(), "a bare array");
    assert_eq!(list.json.as_array().unwrap().len(), 1);
    let show = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/aliases/prod"),
        None,
    );
    assert_eq!(show.json["version"], "v1");
    let missing = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/aliases/nope"),
        None,
    );
    assert_eq!((missing.status, err_code(&missing)), (404, "FSS.1053"));
    let upd = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/aliases/prod"),
        Some(json!({"version": "v2", "additional_version_weights": {}})),
    );
    assert_eq!(upd.status, 200, "{}", upd.json);
    assert_eq!(upd.json["version"], "v2");
    assert_eq!(upd.json["description"], "p");
    // The alias resolves in URNs: config through the alias is v2's.
    let cfg = call(
        &e,
        Method::GET,
        &format!("/functions/{}/config", enc(&format!("{}:!prod", urn("al")))),
        None,
    );
    assert_eq!(cfg.json["timeout"], 20);
    // A version used by an alias cannot be deleted.
    let del = call(
        &e,
        Method::DELETE,
        &format!("/functions/{}", enc(&format!("{}:v2", urn("al")))),
        None,
    );
    assert_eq!(del.status, 409);
    // An alias with triggers cannot be deleted.
    let t = call(
        &e,
        Method::POST,
        &format!("/triggers/{}", enc(&format!("{}:!prod", urn("al")))),
        Some(json!({"trigger_type_code": "TIMER",
                    "event_data": {"name": "t1", "schedule_type": "Rate", "schedule": "3m"}})),
    );
    assert_eq!(t.status, 201, "{}", t.json);
    let del = call(
        &e,
        Method::DELETE,
        &format!("/functions/{u}/aliases/prod"),
        None,
    );
    assert_eq!((del.status, err_code(&del)), (403, "FSS.1154"));
    let del = call(
        &e,
        Method::DELETE,
        &format!("/triggers/{}", enc(&format!("{}:!prod", urn("al")))),
        None,
    );
    assert_eq!(del.status, 204);
    let del = call(
        &e,
        Method::DELETE,
        &format!("/functions/{u}/aliases/prod"),
        None,
    );
    assert_eq!(del.status, 204);
    assert_eq!(
        call(&e, Method::GET, &format!("/functions/{u}/aliases"), None).json,
        json!([])
    );
}

#[test]
fn grey_release_splits_invocations() {
    let e = engine();
    create(&e, "grey");
    publish(&e, "grey", "v1", 10);
    publish(&e, "grey", "v2", 20);
    e.program(
        Cloud::Fg,
        "default",
        "grey",
        Some("v1"),
        Behaviour::respond("one"),
    );
    e.program(
        Cloud::Fg,
        "default",
        "grey",
        Some("v2"),
        Behaviour::respond("two"),
    );
    let u = enc(&urn("grey"));
    call(
        &e,
        Method::POST,
        &format!("/functions/{u}/aliases"),
        Some(json!({"name": "canary", "version": "v1", "additional_version_weights": {"v2": 50}})),
    );
    let path = format!(
        "/functions/{}/invocations",
        enc(&format!("{}:!canary", urn("grey")))
    );
    let mut twos = 0;
    for _ in 0..200 {
        let r = call(&e, Method::POST, &path, Some(json!({})));
        if r.json["result"] == "two" {
            twos += 1;
        }
    }
    assert!(
        (40..=160).contains(&twos),
        "about half go to v2, got {twos}/200"
    );
}

#[test]
fn triggers_lifecycle() {
    let e = engine();
    create(&e, "trig");
    let u = enc(&urn("trig"));
    let t = call(
        &e,
        Method::POST,
        &format!("/triggers/{u}"),
        Some(
            json!({"trigger_type_code": "TIMER", "trigger_status": "ACTIVE",
                    "event_data": {"name": "Timer-1", "schedule_type": "Rate", "schedule": "3m"}}),
        ),
    );
    assert_eq!(t.status, 201, "{}", t.json);
    let id = t.json["trigger_id"].as_str().unwrap().to_owned();
    assert_eq!(t.json["trigger_status"], "ACTIVE");
    let apig = call(
        &e,
        Method::POST,
        &format!("/triggers/{u}"),
        Some(json!({"trigger_type_code": "APIG",
                    "event_data": {"group_id": "g1", "env_id": "DEFAULT_ENVIRONMENT_RELEASE_ID",
                                   "auth": "NONE", "protocol": "HTTPS", "name": "api1", "path": "/p",
                                   "match_mode": "SWA", "req_method": "ANY", "backend_type": "FUNCTION",
                                   "type": 1, "sl_domain": "g1.apig.example.com"}})),
    );
    assert_eq!(apig.status, 201, "{}", apig.json);
    assert_eq!(
        apig.json["event_data"]["invoke_url"],
        "https://g1.apig.example.com/p"
    );
    assert_eq!(
        apig.json["event_data"]["func_info"]["function_urn"],
        urn("trig")
    );
    let kafka = call(
        &e,
        Method::POST,
        &format!("/triggers/{u}"),
        Some(json!({"trigger_type_code": "kafka",
                    "event_data": {"instance_id": "i", "topic_ids": ["t"], "batch_size": 100}})),
    );
    assert_eq!(
        kafka.json["trigger_status"], "DISABLED",
        "Kafka starts disabled"
    );
    assert_eq!(kafka.json["trigger_type_code"], "KAFKA");

    for (body, code) in [
        (
            json!({"trigger_type_code": "FTP", "event_data": {}}),
            "FSS.1101",
        ),
        (
            json!({"trigger_type_code": "TIMER", "event_data": {"name": "x"}}),
            "FSS.1109",
        ),
        (
            json!({"trigger_type_code": "TIMER", "event_data": {"name": "x", "schedule_type": "Rate", "schedule": "3s"}}),
            "FSS.1109",
        ),
        (
            json!({"trigger_type_code": "OBS", "event_data": {"bucket": "b"}}),
            "FSS.1106",
        ),
        (
            json!({"trigger_type_code": "SMN", "event_data": {}}),
            "FSS.1102",
        ),
        (
            json!({"trigger_type_code": "APIG", "trigger_status": "DISABLED", "event_data": {"group_id": "g", "name": "n", "path": "/", "protocol": "HTTP", "auth": "NONE"}}),
            "FSS.0400",
        ),
        (
            json!({"trigger_type_code": "TIMER", "event_data": "str"}),
            "FSS.0400",
        ),
    ] {
        let r = call(
            &e,
            Method::POST,
            &format!("/triggers/{u}"),
            Some(body.clone()),
        );
        assert_eq!(err_code(&r), code, "{body}: {}", r.json);
    }
    let dup = call(
        &e,
        Method::POST,
        &format!("/triggers/{u}"),
        Some(json!({"trigger_type_code": "TIMER",
                    "event_data": {"name": "Timer-1", "schedule_type": "Cron", "schedule": "0 * * * *"}})),
    );
    assert_eq!((dup.status, err_code(&dup)), (409, "FSS.1148"));

    let list = call(&e, Method::GET, &format!("/triggers/{u}"), None);
    assert_eq!(list.json.as_array().unwrap().len(), 3);
    let show = call(&e, Method::GET, &format!("/triggers/{u}/TIMER/{id}"), None);
    assert_eq!(show.json["trigger_id"], id.as_str());
    let wrong_type = call(&e, Method::GET, &format!("/triggers/{u}/OBS/{id}"), None);
    assert_eq!(
        (wrong_type.status, err_code(&wrong_type)),
        (404, "FSS.1131")
    );
    let off = call(
        &e,
        Method::PUT,
        &format!("/triggers/{u}/TIMER/{id}"),
        Some(json!({"trigger_status": "DISABLED"})),
    );
    assert_eq!(off.status, 200, "{}", off.json);
    assert_eq!(off.json["trigger_status"], "DISABLED");
    let again = call(
        &e,
        Method::PUT,
        &format!("/triggers/{u}/TIMER/{id}"),
        Some(json!({"trigger_status": "DISABLED"})),
    );
    assert_eq!((again.status, err_code(&again)), (412, "FSS.1153"));
    let apig_id = apig.json["trigger_id"].as_str().unwrap();
    let apig_off = call(
        &e,
        Method::PUT,
        &format!("/triggers/{u}/APIG/{apig_id}"),
        Some(json!({"trigger_status": "DISABLED"})),
    );
    assert_eq!(err_code(&apig_off), "FSS.0400");
    let del = call(
        &e,
        Method::DELETE,
        &format!("/triggers/{u}/TIMER/{id}"),
        None,
    );
    assert_eq!(del.status, 204);
    let del = call(
        &e,
        Method::DELETE,
        &format!("/triggers/{u}/TIMER/{id}"),
        None,
    );
    assert_eq!((del.status, err_code(&del)), (404, "FSS.1131"));
    let all = call(&e, Method::DELETE, &format!("/triggers/{u}"), None);
    assert_eq!(all.status, 204);
    assert_eq!(
        call(&e, Method::GET, &format!("/triggers/{u}"), None).json,
        json!([])
    );
    let none = call(
        &e,
        Method::GET,
        &format!("/triggers/{}", enc(&urn("nobody"))),
        None,
    );
    assert_eq!(err_code(&none), "FSS.1051");
}

#[test]
fn async_invoke_config_lifecycle_and_paging() {
    let e = engine();
    create(&e, "asy");
    publish(&e, "asy", "v1", 10);
    let u = enc(&urn("asy"));
    let none = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invoke-config"),
        None,
    );
    assert_eq!((none.status, err_code(&none)), (404, "FSS.0404"));
    let put = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/async-invoke-config"),
        Some(
            json!({"max_async_retry_attempts": 2, "enable_async_status_log": true,
                    "destination_config": {"on_success": {"destination": "FunctionGraph",
                        "param": json!({"func_urn": urn("other")}).to_string()}}}),
        ),
    );
    assert_eq!(put.status, 200, "{}", put.json);
    assert_eq!(put.json["func_urn"], format!("{}:latest", urn("asy")));
    assert_eq!(put.json["max_async_event_age_in_seconds"], 3600);
    assert_eq!(put.json["max_async_retry_attempts"], 2);
    let v1 = enc(&format!("{}:v1", urn("asy")));
    let put = call(
        &e,
        Method::PUT,
        &format!("/functions/{v1}/async-invoke-config"),
        Some(json!({})),
    );
    assert_eq!(put.json["max_async_retry_attempts"], 1);
    for body in [
        json!({"max_async_retry_attempts": 4}),
        json!({"max_async_event_age_in_seconds": 0}),
        json!({"destination_config": {"on_failure": {"destination": "FTP", "param": "{}"}}}),
        json!({"destination_config": {"on_failure": {"destination": "SMN", "param": "{}"}}}),
    ] {
        let r = call(
            &e,
            Method::PUT,
            &format!("/functions/{u}/async-invoke-config"),
            Some(body.clone()),
        );
        assert_eq!((r.status, err_code(&r)), (400, "FSS.0400"), "{body}");
    }
    let got = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invoke-config"),
        None,
    );
    assert_eq!(got.json["enable_async_status_log"], true);
    let p1 = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invoke-configs?limit=1"),
        None,
    );
    assert_eq!(p1.json["count"], 2);
    assert_eq!(p1.json["page_info"]["next_marker"], 1);
    assert_eq!(p1.json["page_info"]["current_count"], 1);
    let p2 = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invoke-configs?limit=1&marker=1"),
        None,
    );
    assert_eq!(p2.json["async_invoke_configs"].as_array().unwrap().len(), 1);
    assert_ne!(
        p1.json["async_invoke_configs"][0]["func_urn"],
        p2.json["async_invoke_configs"][0]["func_urn"]
    );
    let neg = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invoke-configs?limit=-1"),
        None,
    );
    assert_eq!(err_code(&neg), "FSS.1001");
    let del = call(
        &e,
        Method::DELETE,
        &format!("/functions/{u}/async-invoke-config"),
        None,
    );
    assert_eq!(del.status, 204);
    let del = call(
        &e,
        Method::DELETE,
        &format!("/functions/{u}/async-invoke-config"),
        None,
    );
    assert_eq!(del.status, 404);
}

#[test]
fn sync_invocation() {
    let e = engine();
    create(&e, "inv");
    let path = format!("/functions/{}/invocations", enc(&urn("inv")));
    let r = call(&e, Method::POST, &path, Some(json!({"k": "v"})));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json["result"], "{\"k\":\"v\"}",
        "the result is a JSON string"
    );
    assert_eq!(r.json["status"], 0);
    assert_eq!(r.json["log"], "");
    let rid = r.json["request_id"].as_str().unwrap();
    assert_eq!(r.raw.headers["x-cff-request-id"], rid);
    assert_eq!(r.raw.headers["x-request-id"], rid);
    assert!(r.raw.headers.contains_key("x-cff-invoke-summary"));

    // Log tail and the text format.
    let mut req = signed(Method::POST, &format!("/v2/{P}/fgs{path}"), b"{}");
    req.headers
        .insert("X-Cff-Log-Type", HeaderValue::from_static("tail"));
    let mut h = req.headers.clone();
    h.remove("authorization");
    // Re-sign with the extra header, as the SDK does.
    let q = parse_query(&req.query);
    let target = RequestTarget {
        method: "POST",
        path: &req.path,
        query: &q,
        body: b"{}",
        host: None,
    };
    sign_headers(
        &AkSkCredentials::new("test", "test"),
        &target,
        &mut h,
        Utc::now(),
    )
    .unwrap();
    req.headers = h;
    let r = send(&e, &req);
    assert_eq!(r.status, 200, "{}", r.json);
    assert!(
        r.json["log"]
            .as_str()
            .unwrap()
            .contains("Start invoke request")
    );
    let log_header = B64
        .decode(r.raw.headers["x-cff-function-log"].as_bytes())
        .unwrap();
    assert!(String::from_utf8_lossy(&log_header).contains("Finish invoke request"));
    assert_eq!(r.raw.headers["x-func-err-code"], "0");
    assert_eq!(r.raw.headers["x-is-func-err"], "false");

    e.program(
        Cloud::Fg,
        "default",
        "inv",
        None,
        Behaviour::fail(false, "boom")
            .with_log("oops")
            .with_delay(Duration::from_millis(250)),
    );
    let r = call(&e, Method::POST, &path, Some(json!({})));
    assert_eq!(r.status, 200, "a function error is not an HTTP error");
    assert_ne!(r.json["status"], 0);
    assert_eq!(r.raw.headers["x-is-func-err"], "true");
    assert!(r.json["result"].as_str().unwrap().contains("boom"));
    assert_eq!(r.raw.delay, Some(Duration::from_millis(250)));

    e.program(
        Cloud::Fg,
        "default",
        "inv",
        None,
        Behaviour::respond("plain text"),
    );
    let mut req = signed(Method::POST, &format!("/v2/{P}/fgs{path}"), b"{}");
    req.headers.remove("authorization");
    req.headers
        .insert("x-cff-request-version", HeaderValue::from_static("v0"));
    let q = parse_query(&req.query);
    let target = RequestTarget {
        method: "POST",
        path: &req.path,
        query: &q,
        body: b"{}",
        host: None,
    };
    sign_headers(
        &AkSkCredentials::new("test", "test"),
        &target,
        &mut req.headers,
        Utc::now(),
    )
    .unwrap();
    let r = send(&e, &req);
    assert_eq!(&r.raw.body[..], b"plain text");

    let missing = call(
        &e,
        Method::POST,
        &format!("/functions/{}/invocations", enc(&urn("nope"))),
        Some(json!({})),
    );
    assert_eq!((missing.status, err_code(&missing)), (404, "FSS.1051"));
    let bad_alias = call(
        &e,
        Method::POST,
        &format!(
            "/functions/{}/invocations",
            enc(&format!("{}:!nope", urn("inv")))
        ),
        Some(json!({})),
    );
    assert_eq!((bad_alias.status, err_code(&bad_alias)), (404, "FSS.1053"));
    // A raw (non-JSON) body is passed through.
    e.program(Cloud::Fg, "default", "inv", None, Behaviour::echo());
    let r = send(
        &e,
        &signed(Method::POST, &format!("/v2/{P}/fgs{path}"), b"not json"),
    );
    assert_eq!(r.json["result"], "not json");
}

#[test]
fn async_invocations_recorded_listed_cancelled() {
    let e = engine();
    create(&e, "bg");
    let u = enc(&urn("bg"));
    let r = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/invocations-async"),
        Some(json!({"a": 1})),
    );
    assert_eq!(r.status, 202);
    let done = r.json["request_id"].as_str().unwrap().to_owned();
    e.program(
        Cloud::Fg,
        "default",
        "bg",
        None,
        Behaviour::echo().with_delay(Duration::from_secs(600)),
    );
    let r = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/invocations-async"),
        Some(json!({})),
    );
    let running = r.json["request_id"].as_str().unwrap().to_owned();
    assert!(r.raw.delay.is_none(), "async answers at once");

    let list = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invocations"),
        None,
    );
    assert_eq!(list.status, 200);
    let inv = list.json["invocations"].as_array().unwrap();
    assert_eq!(inv.len(), 2);
    assert_eq!(inv[0]["request_id"], running.as_str(), "newest first");
    assert_eq!(inv[0]["status"], "RUNNING");
    assert_eq!(inv[1]["status"], "SUCCESS");
    let only = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invocations?request_id={done}"),
        None,
    );
    assert_eq!(only.json["invocations"].as_array().unwrap().len(), 1);
    let by_status = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invocations?status=RUNNING"),
        None,
    );
    assert_eq!(
        by_status.json["invocations"][0]["request_id"],
        running.as_str()
    );
    let bad = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invocations?status=NOPE"),
        None,
    );
    assert_eq!(err_code(&bad), "FSS.1001");

    let cancel = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/cancel"),
        Some(json!({"request_id": running, "type": "force"})),
    );
    assert_eq!(cancel.status, 200, "{}", cancel.json);
    assert_eq!(&cancel.raw.body[..], b"null");
    let again = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/cancel"),
        Some(json!({"request_id": running})),
    );
    assert_eq!((again.status, err_code(&again)), (400, "FSS.0400"));
    let unknown = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/cancel"),
        Some(json!({"request_id": "x"})),
    );
    assert_eq!(err_code(&unknown), "FSS.0400");
    let list = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invocations?status=DISCARD"),
        None,
    );
    assert_eq!(list.json["invocations"][0]["request_id"], running.as_str());

    e.program(
        Cloud::Fg,
        "default",
        "bg",
        None,
        Behaviour::fail(true, "bad"),
    );
    call(
        &e,
        Method::POST,
        &format!("/functions/{u}/invocations-async"),
        Some(json!({})),
    );
    let failed = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/async-invocations?status=FAIL"),
        None,
    );
    assert_eq!(failed.json["invocations"][0]["error_message"], "bad");
    let reserved = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/reserved-invocations"),
        Some(json!({})),
    );
    assert_eq!(reserved.status, 202);
    assert!(reserved.json["instance_id"].is_string());
}

#[test]
fn quotas_reflect_usage() {
    let e = engine();
    let q = call(&e, Method::GET, "/quotas", None);
    let find = |q: &Value, t: &str| {
        q["quotas"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["type"] == t)
            .cloned()
            .unwrap()
    };
    assert_eq!(find(&q.json, "fgs_func_num")["used"], 0);
    assert_eq!(find(&q.json, "fgs_func_code_size")["unit"], "MB");
    create(&e, "q1");
    create(&e, "q2");
    let q = call(&e, Method::GET, "/quotas", None);
    assert_eq!(find(&q.json, "fgs_func_num")["used"], 2);
    assert_eq!(find(&q.json, "fgs_func_num")["quota"], 400);
    assert_eq!(find(&q.json, "fgs_func_code_size")["used"], 1);
}

#[test]
fn list_functions_paging() {
    let e = engine();
    for i in 0..5 {
        create(&e, &format!("page{i}"));
    }
    let mut body = fn_body("other");
    body["package"] = json!("pkg2");
    assert_eq!(call(&e, Method::POST, "/functions", Some(body)).status, 200);
    let mut seen = Vec::new();
    let mut marker = 0;
    loop {
        let r = call(
            &e,
            Method::GET,
            &format!("/functions?marker={marker}&maxitems=2"),
            None,
        );
        assert_eq!(r.json["count"], 6);
        let page = r.json["functions"].as_array().unwrap();
        seen.extend(
            page.iter()
                .map(|f| f["func_name"].as_str().unwrap().to_owned()),
        );
        marker = r.json["next_marker"].as_i64().unwrap();
        if page.is_empty() || marker >= 6 {
            break;
        }
    }
    assert_eq!(seen.len(), 6);
    seen.dedup();
    assert_eq!(seen.len(), 6);
    let pkg = call(&e, Method::GET, "/functions?package_name=pkg2", None);
    assert_eq!(pkg.json["count"], 1);
    for q in ["maxitems=-1", "maxitems=abc", "marker=-5"] {
        let r = call(&e, Method::GET, &format!("/functions?{q}"), None);
        assert_eq!((r.status, err_code(&r)), (400, "FSS.1001"), "{q}");
    }
    let all = call(&e, Method::GET, "/functions?maxitems=0", None);
    assert_eq!(all.json["functions"].as_array().unwrap().len(), 6);
}

#[test]
fn signature_failures() {
    let e = engine();
    let path = format!("/v2/{P}/fgs/quotas");
    assert_eq!(send(&e, &signed(Method::GET, &path, b"")).status, 200);

    let mut tampered = signed(Method::GET, &path, b"");
    let auth = tampered.headers["authorization"]
        .to_str()
        .unwrap()
        .to_owned();
    let flipped = format!(
        "{}{}",
        &auth[..auth.len() - 1],
        if auth.ends_with('0') { '1' } else { '0' }
    );
    tampered
        .headers
        .insert("authorization", flipped.parse().unwrap());
    let r = send(&e, &tampered);
    assert_eq!((r.status, err_code(&r)), (401, "APIGW.0301"));
    assert!(
        r.json["error_msg"]
            .as_str()
            .unwrap()
            .contains("verify aksk signature fail")
    );

    // A signed header changed after signing, or the body, or the query.
    let mut changed = signed(Method::GET, &path, b"");
    changed
        .headers
        .insert("user-agent", HeaderValue::from_static("proxy"));
    assert_eq!(send(&e, &changed).status, 401);
    let mut changed = signed(Method::POST, &format!("/v2/{P}/fgs/functions"), b"{}");
    changed.body = Bytes::from_static(b"{ }");
    assert_eq!(send(&e, &changed).status, 401);
    let mut changed = signed(
        Method::GET,
        &format!("/v2/{P}/fgs/functions?maxitems=1"),
        b"",
    );
    changed.query = "maxitems=2".to_owned();
    assert_eq!(send(&e, &changed).status, 401);

    let wrong_key = signed_at(Method::GET, &path, b"", "nobody", "test", Utc::now());
    let r = send(&e, &wrong_key);
    assert_eq!((r.status, err_code(&r)), (401, "APIGW.0301"));
    let wrong_secret = signed_at(Method::GET, &path, b"", "test", "wrong", Utc::now());
    assert_eq!(send(&e, &wrong_secret).status, 401);

    let stale = signed_at(
        Method::GET,
        &path,
        b"",
        "test",
        "test",
        Utc::now() - TimeDelta::minutes(20),
    );
    let r = send(&e, &stale);
    assert_eq!((r.status, err_code(&r)), (401, "APIGW.0301"));
    let msg = r.json["error_msg"].as_str().unwrap();
    assert!(
        msg.contains("signature expired") && msg.contains("server time:"),
        "{msg}"
    );
    let date = r.raw.headers["date"].to_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc2822(date).is_ok(), "{date}");
    let future = signed_at(
        Method::GET,
        &path,
        b"",
        "test",
        "test",
        Utc::now() + TimeDelta::minutes(20),
    );
    assert_eq!(send(&e, &future).status, 401);
    let near = signed_at(
        Method::GET,
        &path,
        b"",
        "test",
        "test",
        Utc::now() - TimeDelta::minutes(10),
    );
    assert_eq!(send(&e, &near).status, 200);

    let none = send(&e, &WireRequest::new(Method::GET, path.as_str()));
    assert_eq!((none.status, err_code(&none)), (401, "APIGW.0301"));
    let mut sm3 = signed(Method::GET, &path, b"");
    sm3.headers.insert(
        "authorization",
        HeaderValue::from_static("SDK-HMAC-SM3 Access=test, SignedHeaders=host, Signature=00"),
    );
    assert_eq!(send(&e, &sm3).status, 401);
    let mut garbage = signed(Method::GET, &path, b"");
    garbage.headers.insert(
        "authorization",
        HeaderValue::from_static("SDK-HMAC-SHA256 nonsense"),
    );
    assert_eq!(send(&e, &garbage).status, 401);
    let mut bad_date = signed(Method::GET, &path, b"");
    bad_date
        .headers
        .insert("x-sdk-date", HeaderValue::from_static("yesterday"));
    assert_eq!(send(&e, &bad_date).status, 401);

    // A configurable window, and checking off.
    let config = EmulatorConfig {
        max_clock_skew: Duration::from_secs(3600),
        ..EmulatorConfig::default()
    };
    let lax = engine_with(config);
    let stale = signed_at(
        Method::GET,
        &path,
        b"",
        "test",
        "test",
        Utc::now() - TimeDelta::minutes(20),
    );
    assert_eq!(send(&lax, &stale).status, 200);
    let config = EmulatorConfig {
        check_signatures: false,
        ..EmulatorConfig::default()
    };
    let open = engine_with(config);
    assert_eq!(
        send(&open, &WireRequest::new(Method::GET, path.as_str())).status,
        200
    );
}

#[test]
fn signatures_of_sdk_encodings() {
    let e = engine();
    create(&e, "enc");
    // Python: fully encoded URN and an RFC 3986 query; case-insensitive header names; security token.
    let path = format!("/v2/{P}/fgs/functions/{}/config", enc(&urn("enc")));
    let mut req = WireRequest::new(Method::GET, path.as_str());
    let mut headers = HeaderMap::new();
    headers.insert("Content-Type", HeaderValue::from_static("application/json"));
    let creds = AkSkCredentials::new("test", "test")
        .with_security_token("sts")
        .with_project_id(P);
    let target = RequestTarget {
        method: "GET",
        path: &path,
        query: &[],
        body: b"",
        host: Some("localhost:1"),
    };
    sign_headers(&creds, &target, &mut headers, Utc::now()).unwrap();
    req.headers = headers;
    assert_eq!(send(&e, &req).status, 200);
    // Node: the URN raw in the path.
    let raw = format!("/v2/{P}/fgs/functions/{}/config", urn("enc"));
    assert_eq!(send(&e, &signed(Method::GET, &raw, b"")).status, 200);
    // A query with spaces and reserved characters, sent in the SDK's canonical form.
    let q = cloudfn_huawei::signer::encode_query(&[("package_name", "a b"), ("marker", "0")]);
    let r = send(
        &e,
        &signed(Method::GET, &format!("/v2/{P}/fgs/functions?{q}"), b""),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json["count"], 0);
    // A body on DELETE is read and signed.
    let r = send(
        &e,
        &signed(
            Method::DELETE,
            &format!("/v2/{P}/fgs/functions/{}", enc(&urn("enc"))),
            b"{\"x\": 1}",
        ),
    );
    assert_eq!(r.status, 204);
    // The `{project_id}` placeholder of an SDK built without a project id; another project is refused.
    let r = send(
        &e,
        &signed(Method::GET, "/v2/%7Bproject_id%7D/fgs/quotas", b""),
    );
    assert_eq!(r.status, 200);
    let r = send(
        &e,
        &signed(
            Method::GET,
            "/v2/ffffffffffffffffffffffffffffffff/fgs/quotas",
            b"",
        ),
    );
    assert_eq!((r.status, err_code(&r)), (403, "FSS.0403"));
}

fn token_request(user: &str, password: &str, project: Value) -> WireRequest {
    let mut req = WireRequest::new(Method::POST, "/v3/auth/tokens");
    req.headers
        .insert("content-type", HeaderValue::from_static("application/json"));
    req.body = Bytes::from(
        json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": user, "password": password, "domain": {"name": "test"}}}},
            "scope": {"project": project}}})
        .to_string(),
    );
    req
}

#[test]
fn iam_tokens_issue_verify_expire() {
    let e = engine();
    let r = send(
        &e,
        &token_request("test", "test", json!({"name": "cn-north-4"})),
    );
    assert_eq!(r.status, 201, "{}", r.json);
    let token = r.raw.headers["x-subject-token"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(r.json["token"]["project"]["id"], P);
    let expires =
        chrono::DateTime::parse_from_rfc3339(r.json["token"]["expires_at"].as_str().unwrap())
            .unwrap();
    let hours = (expires.with_timezone(&Utc) - Utc::now()).num_minutes();
    assert!((23 * 60..=24 * 60).contains(&hours), "{hours}");
    let by_id = send(&e, &token_request("test", "test", json!({"id": P})));
    assert_eq!(by_id.status, 201);

    let mut req = WireRequest::new(Method::GET, format!("/v2/{P}/fgs/quotas"));
    req.headers.insert("X-Auth-Token", token.parse().unwrap());
    assert_eq!(send(&e, &req).status, 200);
    req.headers
        .insert("x-auth-token", HeaderValue::from_static("MIIEforged"));
    let r = send(&e, &req);
    assert_eq!((r.status, err_code(&r)), (401, "APIGW.0301"));

    let wrong = send(
        &e,
        &token_request("test", "nope", json!({"name": "cn-north-4"})),
    );
    assert_eq!(wrong.status, 401);
    assert!(wrong.json["error_msg"].is_string());
    let other_project = send(
        &e,
        &token_request("test", "test", json!({"name": "eu-west-0"})),
    );
    assert_eq!(other_project.status, 400);
    let mut no_scope = token_request("test", "test", json!({}));
    no_scope.body = Bytes::from_static(b"{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"test\",\"password\":\"test\",\"domain\":{\"name\":\"test\"}}}}}}");
    assert_eq!(send(&e, &no_scope).status, 400);
    assert_eq!(
        send(&e, &WireRequest::new(Method::POST, "/v3/auth/tokens")).status,
        400
    );

    // Expiry.
    let config = EmulatorConfig {
        token_lifetime: Duration::from_millis(1),
        ..EmulatorConfig::default()
    };
    let short = engine_with(config);
    let r = send(
        &short,
        &token_request("test", "test", json!({"name": "cn-north-4"})),
    );
    let token = r.raw.headers["x-subject-token"]
        .to_str()
        .unwrap()
        .to_owned();
    std::thread::sleep(Duration::from_millis(20));
    let mut req = WireRequest::new(Method::GET, format!("/v2/{P}/fgs/quotas"));
    req.headers.insert("X-Auth-Token", token.parse().unwrap());
    let r = send(&short, &req);
    assert_eq!((r.status, err_code(&r)), (401, "APIGW.0301"));
    assert!(r.json["error_msg"].as_str().unwrap().contains("expired"));
    // Reset forgets tokens.
    let r = send(
        &e,
        &token_request("test", "test", json!({"name": "cn-north-4"})),
    );
    let token = r.raw.headers["x-subject-token"]
        .to_str()
        .unwrap()
        .to_owned();
    e.reset();
    let mut req = WireRequest::new(Method::GET, format!("/v2/{P}/fgs/quotas"));
    req.headers.insert("X-Auth-Token", token.parse().unwrap());
    assert_eq!(send(&e, &req).status, 401);
}

#[test]
fn iam_project_lookup() {
    let e = engine();
    // As the SDK sends it: no Content-Type, signed host;user-agent;x-sdk-date.
    let mut req = WireRequest::new(Method::GET, "/v3/projects?name=cn-north-4");
    let mut headers = HeaderMap::new();
    headers.insert(
        "user-agent",
        HeaderValue::from_static("os/Linux python/3.11.7"),
    );
    let q = parse_query(&req.query);
    let target = RequestTarget {
        method: "GET",
        path: "/v3/projects",
        query: &q,
        body: b"",
        host: Some("127.0.0.1:9000"),
    };
    sign_headers(
        &AkSkCredentials::new("test", "test"),
        &target,
        &mut headers,
        Utc::now(),
    )
    .unwrap();
    req.headers = headers;
    let r = send(&e, &req);
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["projects"].as_array().unwrap().len(), 1);
    assert_eq!(r.json["projects"][0]["id"], P);
    assert_eq!(r.json["projects"][0]["name"], "cn-north-4");
    let other = send(&e, &signed(Method::GET, "/v3/projects?name=eu-west-0", b""));
    assert_eq!(other.json["projects"], json!([]));
    let unsigned = send(
        &e,
        &WireRequest::new(Method::GET, "/v3/projects?name=cn-north-4"),
    );
    assert_eq!(unsigned.status, 401);
    let unknown = send(&e, &signed(Method::GET, "/v3/users", b""));
    assert_eq!(unknown.status, 404);
}

#[test]
fn hostile_urns_and_paths() {
    let e = engine();
    create(&e, "safe");
    let cases = [
        "urn:fss:cn-north-4:p:function:default",
        "a:b:c:d:e",
        "a:b:c:d:e:f",
        "urn:fss:r:p:function:default:safe:v1:extra:more",
        "urn:xyz:r:p:function:default:safe",
        "::",
        "%ZZ",
        "%00",
        "safe:!",
        "safe%2F..%2F..",
        "\u{1F600}",
    ];
    for c in cases {
        for suffix in [
            "/config",
            "/code",
            "/versions",
            "/aliases",
            "/invocations",
            "",
        ] {
            let path = format!("/v2/{P}/fgs/functions/{}{suffix}", enc(c));
            for m in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
                let r = send(&e, &signed(m, &path, b"{}"));
                assert!((400..500).contains(&r.status), "{c}{suffix}: {}", r.status);
            }
        }
    }
    let long = "a".repeat(100_000);
    let r = send(
        &e,
        &signed(
            Method::GET,
            &format!("/v2/{P}/fgs/functions/{long}/config"),
            b"",
        ),
    );
    assert!(r.status >= 400 && r.status < 500);
    // Another project's URN does not reach this project's function.
    let foreign = "urn:fss:cn-north-4:ffffffffffffffffffffffffffffffff:function:default:safe";
    let r = call(
        &e,
        Method::GET,
        &format!("/functions/{}/config", enc(foreign)),
        None,
    );
    assert_eq!((r.status, err_code(&r)), (404, "FSS.1051"));
    // The literal `/functions/statistics` route comes first.
    let r = call(
        &e,
        Method::GET,
        "/functions/statistics?filter=monitor_data",
        None,
    );
    assert_eq!(r.status, 200);
    assert!(r.json["statistics"]["count"].is_array());
    let r = call(&e, Method::GET, "/functions/statistics", None);
    assert_eq!(err_code(&r), "FSS.1001");
    let r = call(&e, Method::GET, "/nothing", None);
    assert_eq!((r.status, err_code(&r)), (404, "APIGW.0101"));
}

#[test]
fn other_resources() {
    let e = engine();
    create(&e, "misc");
    let u = enc(&urn("misc"));
    // Dependencies.
    let dep = call(
        &e,
        Method::POST,
        "/dependencies",
        Some(
            json!({"depend_type": "zip", "depend_file": B64.encode(b"PK\x03\x04dep"),
                    "runtime": "Python3.9", "name": "mydep"}),
        ),
    );
    assert_eq!(dep.status, 200, "{}", dep.json);
    let id = dep.json["id"].as_str().unwrap().to_owned();
    assert_eq!(dep.json["size"], 7);
    let dup = call(
        &e,
        Method::POST,
        "/dependencies",
        Some(
            json!({"depend_type": "zip", "depend_file": "AA==", "runtime": "Python3.9", "name": "mydep"}),
        ),
    );
    assert_eq!((dup.status, err_code(&dup)), (409, "FSS.1065"));
    assert_eq!(
        call(&e, Method::GET, "/dependencies", None).json["count"],
        1
    );
    assert_eq!(
        call(&e, Method::GET, &format!("/dependencies/{id}"), None).json["name"],
        "mydep"
    );
    let upd = call(
        &e,
        Method::PUT,
        &format!("/dependencies/{id}"),
        Some(
            json!({"depend_type": "zip", "depend_file": "AAAA", "runtime": "Python3.9", "name": "mydep",
                    "description": "d"}),
        ),
    );
    assert_eq!(upd.json["version"], 2);
    let code = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/code"),
        Some(
            json!({"code_type": "inline", "func_code": {"file": B64.encode(b"x = 1")}, "depend_list": [id]}),
        ),
    );
    assert_eq!(code.status, 200, "{}", code.json);
    assert_eq!(code.json["dependencies"][0]["name"], "mydep");
    let busy = call(&e, Method::DELETE, &format!("/dependencies/{id}"), None);
    assert_eq!((busy.status, err_code(&busy)), (412, "FSS.1033"));
    let unknown = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/code"),
        Some(
            json!({"code_type": "inline", "func_code": {"file": "eA=="}, "depend_list": ["nope"]}),
        ),
    );
    assert_eq!((unknown.status, err_code(&unknown)), (404, "FSS.1056"));

    // Test events.
    let ev = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/events"),
        Some(json!({"name": "ev-1", "content": "e30="})),
    );
    assert_eq!(ev.status, 200, "{}", ev.json);
    let eid = ev.json["id"].as_str().unwrap().to_owned();
    let dup = call(
        &e,
        Method::POST,
        &format!("/functions/{u}/events"),
        Some(json!({"name": "ev-1", "content": ""})),
    );
    assert_eq!((dup.status, err_code(&dup)), (403, "FSS.1073"));
    let upd = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/events/{eid}"),
        Some(json!({"content": "eyJrIjoxfQ=="})),
    );
    assert_eq!(upd.json["name"], "ev-1");
    let show = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/events/{eid}"),
        None,
    );
    assert_eq!(show.json["content"], "eyJrIjoxfQ==");
    assert_eq!(
        call(&e, Method::GET, &format!("/functions/{u}/events"), None).json["count"],
        1
    );
    assert_eq!(
        call(
            &e,
            Method::DELETE,
            &format!("/functions/{u}/events/{eid}"),
            None
        )
        .status,
        204
    );
    let gone = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/events/{eid}"),
        None,
    );
    assert_eq!((gone.status, err_code(&gone)), (404, "FSS.1070"));

    // Tracing.
    let none = call(&e, Method::GET, &format!("/functions/{u}/tracing"), None);
    assert_eq!((none.status, err_code(&none)), (404, "FSS.0404"));
    let on = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/tracing"),
        Some(json!({"tracing_ak": "a", "tracing_sk": "s"})),
    );
    assert_eq!(on.status, 200);
    assert_eq!(
        call(&e, Method::GET, &format!("/functions/{u}/tracing"), None).json["tracing_ak"],
        "a"
    );
    let nofn = call(
        &e,
        Method::PUT,
        &format!("/functions/{}/tracing", enc(&urn("zz"))),
        Some(json!({})),
    );
    assert_eq!((nofn.status, err_code(&nofn)), (400, "FSS.1128"));

    // Reserved instances and max instances.
    let res = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/reservedinstances"),
        Some(json!({"count": 3})),
    );
    assert_eq!(res.json["count"], 3);
    let q = call(&e, Method::GET, "/quotas", None);
    assert!(q.json.to_string().contains("\"used\":3"));
    let max = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/config-max-instance"),
        Some(json!({"max_instance_num": 7})),
    );
    assert_eq!(max.json["strategy_config"]["concurrency"], 7);
    let bad = call(
        &e,
        Method::PUT,
        &format!("/functions/{u}/config-max-instance"),
        Some(json!({"max_instance_num": 5000})),
    );
    assert_eq!(err_code(&bad), "FSS.0400");

    // Metrics, logs, export, import.
    assert_eq!(
        call(
            &e,
            Method::GET,
            &format!("/functions/{u}/statistics/60"),
            None
        )
        .status,
        200
    );
    assert!(
        call(
            &e,
            Method::GET,
            &format!("/functions/{u}/lts-log-detail"),
            None
        )
        .json["group_id"]
            .is_string()
    );
    assert_eq!(
        call(&e, Method::POST, "/functions/enable-lts-logs", None).status,
        200
    );
    let exp = call(
        &e,
        Method::GET,
        &format!("/functions/{u}/export?type=code"),
        None,
    );
    assert!(exp.json["code"]["func_code"]["file"].is_string());
    assert!(exp.json.get("config").is_none());
    let imp = call(
        &e,
        Method::POST,
        "/functions/import",
        Some(
            json!({"func_name": "imported", "file_name": "f.zip", "file_type": "zip", "file_code": B64.encode(b"PK\x03\x04")}),
        ),
    );
    assert_eq!(imp.status, 200, "{}", imp.json);
    let again = call(
        &e,
        Method::POST,
        "/functions/import",
        Some(
            json!({"func_name": "imported", "file_name": "f.zip", "file_type": "zip", "file_code": "AA=="}),
        ),
    );
    assert_eq!((again.status, err_code(&again)), (409, "FSS.1061"));
}

#[test]
fn concurrent_requests_keep_state_consistent() {
    let e = engine();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let e = e.clone();
            std::thread::spawn(move || {
                for i in 0..10 {
                    let r = call(
                        &e,
                        Method::POST,
                        "/functions",
                        Some(fn_body(&format!("c{t}x{i}"))),
                    );
                    assert_eq!(r.status, 200);
                    let r = call(
                        &e,
                        Method::POST,
                        &format!(
                            "/functions/{}/invocations-async",
                            enc(&urn(&format!("c{t}x{i}")))
                        ),
                        Some(json!({})),
                    );
                    assert_eq!(r.status, 202);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let list = call(&e, Method::GET, "/functions", None);
    assert_eq!(list.json["count"], 80);
}

mod props {
    use proptest::prelude::*;

    use super::*;

    fn method() -> impl Strategy<Value = Method> {
        prop_oneof![
            Just(Method::GET),
            Just(Method::POST),
            Just(Method::PUT),
            Just(Method::DELETE),
            Just(Method::HEAD),
            Just(Method::PATCH),
        ]
    }

    fn segment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("functions".to_owned()),
            Just("triggers".to_owned()),
            Just("config".to_owned()),
            Just("code".to_owned()),
            Just("versions".to_owned()),
            Just("aliases".to_owned()),
            Just("invocations".to_owned()),
            Just("invocations-async".to_owned()),
            Just("async-invoke-config".to_owned()),
            Just("TIMER".to_owned()),
            Just("dependencies".to_owned()),
            Just("events".to_owned()),
            Just("cancel".to_owned()),
            Just("default:p1".to_owned()),
            Just("p1".to_owned()),
            Just(enc(&urn("p1"))),
            Just(enc(&format!("{}:!a", urn("p1")))),
            "[a-z%:!0-9]{0,12}",
            any::<String>(),
        ]
    }

    fn body() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            Just(Vec::new()),
            Just(b"{}".to_vec()),
            Just(fn_body("p1").to_string().into_bytes()),
            Just(b"{\"name\":\"a\",\"version\":\"latest\",\"additional_version_weights\":{\"x\":-5}}".to_vec()),
            Just(b"{\"trigger_type_code\":\"TIMER\",\"event_data\":{\"name\":\"n\",\"schedule_type\":\"Rate\",\"schedule\":\"m\"}}".to_vec()),
            any::<Vec<u8>>(),
            "\\PC{0,40}".prop_map(String::into_bytes),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
            ..ProptestConfig::default()
        })]

        #[test]
        fn random_requests_never_panic(
            m in method(),
            segs in proptest::collection::vec(segment(), 0..6),
            query in "[a-z=&%0-9-]{0,20}",
            b in body(),
            sign in any::<bool>(),
            v3 in any::<bool>(),
        ) {
            let e = engine();
            let _ = call(&e, Method::POST, "/functions", Some(fn_body("p1")));
            let prefix = if v3 { "/v3".to_owned() } else { format!("/v2/{P}/fgs") };
            let path = format!("{prefix}/{}", segs.join("/"));
            let path_q = if query.is_empty() { path.clone() } else { format!("{path}?{query}") };
            let req = if sign && !path.contains(|c: char| c.is_control() || c == ' ' || !c.is_ascii()) {
                signed(m, &path_q, &b)
            } else {
                let mut r = WireRequest::new(m, path_q);
                r.body = Bytes::from(b);
                r
            };
            let resp = e.handle(&req);
            prop_assert!(resp.headers.contains_key("x-request-id"));
            prop_assert!(resp.status.as_u16() < 500, "status {}", resp.status);
        }
    }
}

#[test]
fn body_limits_dump_and_head() {
    let e = engine();
    create(&e, "lim");
    // An AK/SK-signed body above 12 MB is refused; the same body with a token passes the gateway.
    let big = vec![b' '; 12 * 1024 * 1024 + 1];
    let path = format!("/v2/{P}/fgs/functions/{}/invocations", enc(&urn("lim")));
    let r = send(&e, &signed(Method::POST, &path, &big));
    assert_eq!((r.status, err_code(&r)), (413, "FSS.0413"));
    let t = send(
        &e,
        &token_request("test", "test", json!({"name": "cn-north-4"})),
    );
    let token = t.raw.headers["x-subject-token"]
        .to_str()
        .unwrap()
        .to_owned();
    let mut req = WireRequest::new(Method::POST, path.as_str());
    req.headers.insert("x-auth-token", token.parse().unwrap());
    req.body = Bytes::from(big);
    let r = send(&e, &req);
    assert_eq!(
        (r.status, err_code(&r)),
        (413, "FSS.0413"),
        "the 6 MB sync payload limit"
    );
    // A timer schedule with a multi-byte last character is refused, not a panic.
    let r = call(
        &e,
        Method::POST,
        &format!("/triggers/{}", enc(&urn("lim"))),
        Some(json!({"trigger_type_code": "TIMER",
                    "event_data": {"name": "t", "schedule_type": "Rate", "schedule": "3é"}})),
    );
    assert_eq!(err_code(&r), "FSS.1109");
    // HEAD answers like GET without a body.
    let r = send(
        &e,
        &signed(Method::HEAD, &format!("/v2/{P}/fgs/quotas"), b""),
    );
    assert_eq!(r.status, 200);
    assert!(r.raw.body.is_empty());
    // The dump of an empty state.
    let dump = crate::fg::State::default().dump(Utc::now());
    assert_eq!(dump["functions"], json!([]));
    assert_eq!(dump["live_tokens"], 0);
}

#[test]
fn node_sdk_double_encoded_canonical_uri_is_accepted() {
    use cloudfn_huawei::Secret;
    use cloudfn_huawei::signer::{
        EMPTY_PAYLOAD_SHA256, authorization, canonical_headers, format_sdk_date, signature,
        string_to_sign,
    };
    let e = engine();
    // The Node SDK signs the already-escaped path segment by segment, so `a%20b` is signed `a%2520b`.
    let path = format!("/v2/{P}/fgs/functions/a%20b/config");
    let date = format_sdk_date(Utc::now());
    let headers = [
        ("content-type", "application/json"),
        ("host", "127.0.0.1:9000"),
        ("x-sdk-date", date.as_str()),
    ];
    let ch = canonical_headers(&headers);
    let uri = format!("/v2/{P}/fgs/functions/a%2520b/config/");
    let canonical = format!(
        "GET\n{uri}\n\n{}\n{}\n{EMPTY_PAYLOAD_SHA256}",
        ch.canonical, ch.signed
    );
    let sig = signature(&Secret::new("test"), &string_to_sign(&date, &canonical));
    let mut req = WireRequest::new(Method::GET, path.as_str());
    for (k, v) in headers {
        req.headers.insert(k, v.parse().unwrap());
    }
    req.headers.insert(
        "authorization",
        authorization("test", &ch.signed, &sig).parse().unwrap(),
    );
    let r = send(&e, &req);
    assert_eq!(
        (r.status, err_code(&r)),
        (404, "FSS.1051"),
        "authenticated, then no function `a b`: {}",
        r.json
    );
}
