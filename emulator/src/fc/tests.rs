//! Unit tests of the FC engine, driven through [`Engine::handle`] with signed requests.

#![allow(
    clippy::unwrap_used,
    clippy::needless_pass_by_value,
    clippy::field_reassign_with_default
)]

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use chrono::Utc;
use cloudfn_alibaba::checksum::code_checksum;
use cloudfn_alibaba::signer::{self, FcCredentials};
use http::{HeaderName, HeaderValue, Method, StatusCode};
use proptest::prelude::*;
use serde_json::{Value, json};
use url::Url;

use crate::behaviour::{Behaviour, Cloud};
use crate::config::EmulatorConfig;
use crate::engine::Engine;
use crate::wire::{WireRequest, WireResponse};

const P: &str = "/2016-08-15";

struct H {
    engine: Engine,
    creds: FcCredentials,
}

fn harness() -> H {
    H {
        engine: Engine::new(
            EmulatorConfig::default(),
            Url::parse("http://127.0.0.1:9000").unwrap(),
        ),
        creds: FcCredentials::new("test", "test"),
    }
}

fn build(method: &Method, path: &str, body: &[u8], headers: &[(&str, &str)]) -> WireRequest {
    let mut req = WireRequest::new(method.clone(), path);
    req.headers
        .insert("content-type", HeaderValue::from_static("application/json"));
    for (k, v) in headers {
        req.headers.append(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    req.body = Bytes::copy_from_slice(body);
    req
}

impl H {
    fn send(
        &self,
        method: Method,
        path: &str,
        body: &[u8],
        headers: &[(&str, &str)],
    ) -> WireResponse {
        let mut req = build(&method, path, body, headers);
        let query = req.query.clone();
        signer::sign_request(
            &self.creds,
            method.as_str(),
            &req.path.clone(),
            Some(&query),
            &mut req.headers,
            Utc::now(),
        )
        .unwrap();
        let resp = self.engine.handle(&req);
        assert!(
            resp.headers.contains_key("x-fc-request-id"),
            "no request id on {path}"
        );
        resp
    }

    fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value, WireResponse) {
        self.call_h(method, path, body, &[])
    }

    fn call_h(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, Value, WireResponse) {
        let body = body
            .map(|b| serde_json::to_vec(&b).unwrap())
            .unwrap_or_default();
        let resp = self.send(method, &format!("{P}{path}"), &body, headers);
        let value = serde_json::from_slice(&resp.body).unwrap_or(Value::Null);
        (resp.status, value, resp)
    }

    fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let (status, value, _) = self.call(method.clone(), path, body);
        assert!(status.is_success(), "{method} {path}: {status} {value}");
        value
    }

    fn err(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, String) {
        let (status, value, _) = self.call(method.clone(), path, body);
        assert!(!status.is_success(), "{method} {path} succeeded: {value}");
        (
            status,
            value["ErrorCode"].as_str().unwrap_or_default().to_owned(),
        )
    }

    fn service(&self, name: &str) {
        self.ok(
            Method::POST,
            "/services",
            Some(json!({"serviceName": name})),
        );
    }

    fn function(&self, svc: &str, name: &str, code: &[u8]) -> Value {
        self.ok(
            Method::POST,
            &format!("/services/{svc}/functions"),
            Some(json!({
                "functionName": name, "runtime": "python3", "handler": "index.handler",
                "code": {"zipFile": BASE64.encode(code)},
            })),
        )
    }
}

fn etag(resp: &WireResponse) -> String {
    resp.headers["etag"].to_str().unwrap().to_owned()
}

#[test]
fn service_lifecycle_with_etags() {
    let h = harness();
    let (status, created, resp) = h.call(
        Method::POST,
        "/services",
        Some(json!({"serviceName": "svc", "description": null, "role": "acs:ram::1:role/r"})),
    );
    assert_eq!(status, StatusCode::OK);
    assert_eq!(created["serviceName"], "svc");
    assert_eq!(created["internetAccess"], true);
    assert!(created["serviceId"].as_str().unwrap().len() == 36);
    assert!(created["createdTime"].as_str().unwrap().ends_with('Z'));
    let tag1 = etag(&resp);
    assert_eq!(tag1.len(), 32);
    assert!(resp.headers.contains_key("access-control-expose-headers"));

    assert_eq!(
        h.err(
            Method::POST,
            "/services",
            Some(json!({"serviceName": "svc"}))
        ),
        (StatusCode::CONFLICT, "ServiceAlreadyExists".into())
    );
    let (_, got, resp) = h.call(Method::GET, "/services/svc", None);
    assert_eq!(etag(&resp), tag1);
    assert_eq!(got, created);

    let (status, _, _) = h.call_h(
        Method::PUT,
        "/services/svc",
        Some(json!({"description": "x"})),
        &[("If-Match", "0123")],
    );
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, updated, resp) = h.call_h(
        Method::PUT,
        "/services/svc",
        Some(json!({"description": "new"})),
        &[("if-match", &tag1)],
    );
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["description"], "new");
    assert_eq!(updated["role"], "acs:ram::1:role/r");
    assert_eq!(updated["createdTime"], created["createdTime"]);
    assert_ne!(etag(&resp), tag1);

    let (status, _, _) = h.call_h(
        Method::DELETE,
        "/services/svc",
        None,
        &[("If-Match", &tag1)],
    );
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        h.call(Method::DELETE, "/services/svc", None).0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.err(Method::GET, "/services/svc", None),
        (StatusCode::NOT_FOUND, "ServiceNotFound".into())
    );
    assert_eq!(
        h.err(Method::DELETE, "/services/svc", None),
        (StatusCode::NOT_FOUND, "ServiceNotFound".into())
    );
}

#[test]
fn names_and_values_are_validated() {
    let h = harness();
    for bad in ["", "1abc", "-a", "a.b", "a b", "ä", &"a".repeat(129)] {
        assert_eq!(
            h.err(Method::POST, "/services", Some(json!({"serviceName": bad}))),
            (StatusCode::BAD_REQUEST, "InvalidArgument".into()),
            "{bad:?}"
        );
    }
    h.ok(
        Method::POST,
        "/services",
        Some(json!({"serviceName": "_a-1"})),
    );
    assert_eq!(
        h.err(
            Method::POST,
            "/services",
            Some(json!({"serviceName": "x", "role": "nope"}))
        )
        .1,
        "InvalidArgument"
    );
    assert_eq!(
        h.err(Method::POST, "/services", Some(json!([1]))).1,
        "InvalidArgument"
    );
    let (status, v, _) = {
        let resp = h.send(Method::POST, &format!("{P}/services"), b"{not json", &[]);
        (
            resp.status,
            serde_json::from_slice::<Value>(&resp.body).unwrap(),
            resp,
        )
    };
    assert_eq!(
        (status, v["ErrorCode"].as_str()),
        (StatusCode::BAD_REQUEST, Some("InvalidArgument"))
    );
    h.service("s");
    let base = json!({"functionName": "f", "runtime": "python3", "handler": "i.h", "code": {"zipFile": "UEs="}});
    for (field, value) in [
        ("memorySize", json!(100)),
        ("memorySize", json!(200)),
        ("timeout", json!(0)),
        ("timeout", json!(86401)),
        ("runtime", json!("cobol")),
        ("initializationTimeout", json!(301)),
        ("environmentVariables", json!({"1x": "y"})),
        ("layers", json!(["abc#nolayer#1"])),
        ("code", json!({"zipFile": "!!!"})),
        (
            "code",
            json!({"zipFile": "UEs=", "ossBucketName": "b", "ossObjectName": "o"}),
        ),
        ("code", json!({})),
        (
            "code",
            json!({"ossBucketName": "b", "ossObjectName": "missing"}),
        ),
    ] {
        let mut body = base.clone();
        body[field] = value.clone();
        assert_eq!(
            h.err(Method::POST, "/services/s/functions", Some(body)),
            (StatusCode::BAD_REQUEST, "InvalidArgument".into()),
            "{field} = {value}"
        );
    }
    // The route does not exist → PathNotSupported.
    assert_eq!(
        h.err(Method::PATCH, "/services/s", None),
        (StatusCode::BAD_REQUEST, "PathNotSupported".into())
    );
    assert_eq!(
        h.err(Method::GET, "/nothing/here", None).1,
        "PathNotSupported"
    );
    // A qualifier where a plain name is required.
    assert_eq!(
        h.err(Method::PUT, "/services/s.1", Some(json!({}))).1,
        "InvalidArgument"
    );
}

#[test]
fn hostile_names_never_panic_and_answer_fc_errors() {
    let h = harness();
    for path in [
        "/services/%2F..%2F",
        "/services/a%00b",
        "/services/%FF%FE",
        "/services/..",
        "/services/a/functions/%E2%80%AE/code",
        "/services/svc.%20/functions",
        "/services/svc./functions",
        "/services/a%2Fb/functions/c/triggers/%25",
        "/layers/%/versions/x",
        "/proxy/a",
    ] {
        for m in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
            let (status, v, _) = h.call(m, path, Some(json!({"serviceName": "a/b"})));
            assert!(status.is_client_error(), "{path}: {status}");
            assert!(v["ErrorCode"].is_string(), "{path}: {v}");
        }
    }
}

#[test]
fn functions_code_and_checksums() {
    let h = harness();
    h.service("s");
    let zip = b"PK\x03\x04 pretend zip".to_vec();
    let f = h.function("s", "f", &zip);
    assert_eq!(f["codeChecksum"], code_checksum(&zip));
    assert_eq!(f["codeSize"], zip.len());
    assert_eq!(f["memorySize"], 128);
    assert_eq!(f["timeout"], 60);
    assert_eq!(
        h.err(Method::POST, "/services/s/functions", Some(json!({"functionName": "f", "runtime": "python3", "handler": "a.b", "code": {"zipFile": "UEs="}}))),
        (StatusCode::CONFLICT, "FunctionAlreadyExists".into())
    );
    let code = h.ok(Method::GET, "/services/s/functions/f/code", None);
    assert_eq!(code["checksum"], code_checksum(&zip));
    let url = code["url"].as_str().unwrap();
    let path = url.strip_prefix("http://127.0.0.1:9000").unwrap();
    let download = h.engine.handle(&WireRequest::new(Method::GET, path));
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(&download.body[..], &zip[..]);

    // Code from the emulated OSS, with a correct and a wrong X-Fc-Code-Checksum.
    h.engine
        .put_object("bucket", "dir/code.zip", Bytes::from_static(b"oss code"));
    let body = json!({"code": {"ossBucketName": "bucket", "ossObjectName": "dir/code.zip"}});
    let (status, _, _) = h.call_h(
        Method::PUT,
        "/services/s/functions/f",
        Some(body.clone()),
        &[("X-Fc-Code-Checksum", "1")],
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let sum = code_checksum(b"oss code");
    let (status, updated, resp) = h.call_h(
        Method::PUT,
        "/services/s/functions/f",
        Some(body),
        &[("X-Fc-Code-Checksum", &sum)],
    );
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["codeChecksum"], sum);
    assert_eq!(updated["codeSize"], 8);
    assert_eq!(updated["handler"], "index.handler");
    let tag = etag(&resp);
    let (status, _, _) = h.call_h(
        Method::PUT,
        "/services/s/functions/f",
        Some(json!({"timeout": 5})),
        &[("If-Match", "bad")],
    );
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, v, _) = h.call_h(
        Method::PUT,
        "/services/s/functions/f",
        Some(json!({"timeout": 5})),
        &[("If-Match", &tag)],
    );
    assert_eq!((status, v["timeout"].as_i64()), (StatusCode::OK, Some(5)));

    // Custom container: no code package.
    h.ok(
        Method::POST,
        "/services/s/functions",
        Some(json!({
        "functionName": "c", "runtime": "custom-container", "handler": "x",
        "customContainerConfig": {"image": "registry/x:1", "accelerationType": "Default"}})),
    );
    let c = h.ok(Method::GET, "/services/s/functions/c", None);
    assert_eq!(
        c["customContainerConfig"]["accelerationInfo"]["status"],
        "Ready"
    );
    assert_eq!(
        h.err(Method::GET, "/services/s/functions/c/code", None).1,
        "InvalidArgument"
    );

    assert_eq!(
        h.err(Method::DELETE, "/services/s", None),
        (StatusCode::CONFLICT, "ServiceNotEmpty".into())
    );
    assert_eq!(
        h.err(Method::GET, "/services/s/functions/nope", None).1,
        "FunctionNotFound"
    );
    assert_eq!(
        h.err(Method::GET, "/services/nope/functions/f", None).1,
        "ServiceNotFound"
    );
    h.ok(Method::DELETE, "/services/s/functions/f", None);
    h.ok(Method::DELETE, "/services/s/functions/c", None);
    h.ok(Method::DELETE, "/services/s", None);
}

#[test]
fn versions_are_snapshots_read_through_qualifiers() {
    let h = harness();
    h.service("s");
    h.function("s", "f", b"v1");
    assert_eq!(
        h.err(Method::GET, "/services/s.1/functions/f", None).1,
        "VersionNotFound"
    );
    assert_eq!(
        h.err(Method::GET, "/services/s.prod", None).1,
        "AliasNotFound"
    );
    let v1 = h.ok(
        Method::POST,
        "/services/s/versions",
        Some(json!({"description": "first"})),
    );
    assert_eq!(v1["versionId"], "1");
    assert_eq!(
        h.err(Method::POST, "/services/s/versions", None),
        (StatusCode::CONFLICT, "VersionPublishError".into())
    );
    h.ok(
        Method::PUT,
        "/services/s/functions/f",
        Some(json!({"description": "changed", "code": {"zipFile": BASE64.encode("v2")}})),
    );
    h.ok(Method::POST, "/services/s/functions", Some(json!({"functionName": "g", "runtime": "nodejs18", "handler": "i.h", "code": {"zipFile": "UEs="}})));
    let v2 = h.ok(Method::POST, "/services/s/versions", Some(json!({})));
    assert_eq!(v2["versionId"], "2");

    let old = h.ok(Method::GET, "/services/s.1/functions/f", None);
    assert_eq!(old["description"], "");
    assert_eq!(old["codeChecksum"], code_checksum(b"v1"));
    let listed = h.ok(Method::GET, "/services/s.1/functions", None);
    assert_eq!(listed["functions"].as_array().unwrap().len(), 1);
    assert_eq!(
        h.ok(Method::GET, "/services/s.LATEST/functions/f", None)["description"],
        "changed"
    );
    let code = h.ok(Method::GET, "/services/s.1/functions/f/code", None);
    assert_eq!(code["checksum"], code_checksum(b"v1"));

    // Aliases resolve to their version.
    let (status, alias, resp) = h.call(
        Method::POST,
        "/services/s/aliases",
        Some(json!({"aliasName": "prod", "versionId": "1"})),
    );
    assert_eq!(status, StatusCode::OK, "{alias}");
    let alias_tag = etag(&resp);
    assert_eq!(
        h.ok(Method::GET, "/services/s.prod/functions/f", None)["description"],
        ""
    );
    assert_eq!(
        h.err(Method::GET, "/services/s.prod/functions/g", None).1,
        "FunctionNotFound"
    );
    assert_eq!(
        h.err(
            Method::POST,
            "/services/s/aliases",
            Some(json!({"aliasName": "prod", "versionId": "1"}))
        )
        .1,
        "AliasAlreadyExists"
    );
    assert_eq!(
        h.err(
            Method::POST,
            "/services/s/aliases",
            Some(json!({"aliasName": "x", "versionId": "9"}))
        )
        .1,
        "VersionNotFound"
    );
    for weights in [json!({"2": 1.5}), json!({"2": -0.1}), json!({"1": 0.5})] {
        assert_eq!(
            h.err(
                Method::PUT,
                "/services/s/aliases/prod",
                Some(json!({"additionalVersionWeight": weights}))
            )
            .1,
            "InvalidArgument"
        );
    }
    assert_eq!(
        h.err(
            Method::PUT,
            "/services/s/aliases/prod",
            Some(json!({"additionalVersionWeight": {"7": 0.1}}))
        )
        .1,
        "VersionNotFound"
    );
    let (status, _, _) = h.call_h(
        Method::PUT,
        "/services/s/aliases/prod",
        Some(json!({"versionId": "2"})),
        &[("If-Match", "x")],
    );
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, updated, _) = h.call_h(
        Method::PUT,
        "/services/s/aliases/prod",
        Some(json!({"versionId": "2", "additionalVersionWeight": {"1": 0.2}})),
        &[("If-Match", &alias_tag)],
    );
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["additionalVersionWeight"]["1"], 0.2);
    assert_eq!(
        h.ok(Method::GET, "/services/s/aliases/prod", None)["versionId"],
        "2"
    );

    // A version an alias points to cannot be deleted.
    assert_eq!(
        h.err(Method::DELETE, "/services/s/versions/2", None).1,
        "InvalidArgument"
    );
    assert_eq!(
        h.err(Method::DELETE, "/services/s/versions/1", None).1,
        "InvalidArgument"
    );
    h.ok(
        Method::PUT,
        "/services/s/aliases/prod",
        Some(json!({"additionalVersionWeight": {}})),
    );
    assert_eq!(
        h.call(Method::DELETE, "/services/s/versions/1", None).0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.err(Method::DELETE, "/services/s/versions/1", None).1,
        "VersionNotFound"
    );
    assert_eq!(
        h.call(Method::DELETE, "/services/s/aliases/prod", None).0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.err(Method::GET, "/services/s/aliases/prod", None).1,
        "AliasNotFound"
    );
}

#[test]
fn paging_over_several_pages() {
    let h = harness();
    for i in 0..25 {
        h.service(&format!("svc-{i:02}"));
    }
    h.service("other");
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let q = token
            .as_ref()
            .map(|t| format!("&nextToken={t}"))
            .unwrap_or_default();
        let page = h.ok(
            Method::GET,
            &format!("/services?limit=10&prefix=svc-{q}"),
            None,
        );
        pages += 1;
        for s in page["services"].as_array().unwrap() {
            names.push(s["serviceName"].as_str().unwrap().to_owned());
        }
        match page["nextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(
        names,
        (0..25).map(|i| format!("svc-{i:02}")).collect::<Vec<_>>()
    );
    let page = h.ok(Method::GET, "/services?startKey=svc-20", None);
    assert_eq!(page["services"].as_array().unwrap().len(), 5);
    assert!(page.get("nextToken").is_none());
    assert_eq!(
        h.ok(Method::GET, "/services", None)["services"]
            .as_array()
            .unwrap()
            .len(),
        20
    );
    for bad in ["limit=0", "limit=101", "limit=x"] {
        assert_eq!(
            h.err(Method::GET, &format!("/services?{bad}"), None).1,
            "InvalidArgument"
        );
    }

    // Versions: BACKWARD by default, FORWARD on request, startKey inclusive.
    h.function("other", "f", b"0");
    for i in 1..=5 {
        h.ok(
            Method::PUT,
            "/services/other/functions/f",
            Some(json!({"description": format!("d{i}")})),
        );
        h.ok(Method::POST, "/services/other/versions", None);
    }
    let back = h.ok(Method::GET, "/services/other/versions?limit=2", None);
    assert_eq!(back["direction"], "BACKWARD");
    let ids: Vec<_> = back["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["versionId"].clone())
        .collect();
    assert_eq!(ids, vec![json!("5"), json!("4")]);
    assert_eq!(back["nextToken"], "3");
    let next = h.ok(
        Method::GET,
        "/services/other/versions?limit=2&nextToken=3",
        None,
    );
    assert_eq!(next["versions"][0]["versionId"], "3");
    let fwd = h.ok(
        Method::GET,
        "/services/other/versions?direction=FORWARD&startKey=2&limit=10",
        None,
    );
    let ids: Vec<_> = fwd["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["versionId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["2", "3", "4", "5"]);
    assert_eq!(
        h.err(Method::GET, "/services/other/versions?direction=UP", None)
            .1,
        "InvalidArgument"
    );
}

#[test]
fn triggers_and_the_http_proxy() {
    let h = harness();
    h.service("s");
    h.function("s", "f", b"c");
    let http = json!({"triggerName": "web", "triggerType": "http", "triggerConfig": {"authType": "anonymous", "methods": ["GET", "POST"]},
        "sourceArn": null, "invocationRole": null, "qualifier": null, "description": ""});
    let (status, t, resp) = h.call(
        Method::POST,
        "/services/s/functions/f/triggers",
        Some(http.clone()),
    );
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(t["triggerConfig"]["authType"], "anonymous");
    let tag = etag(&resp);
    assert_eq!(
        h.err(Method::POST, "/services/s/functions/f/triggers", Some(http))
            .1,
        "TriggerAlreadyExists"
    );
    let oss = json!({"triggerName": "o", "triggerType": "oss", "triggerConfig": "{\"events\":[\"oss:ObjectCreated:*\"]}"});
    assert_eq!(
        h.err(
            Method::POST,
            "/services/s/functions/f/triggers",
            Some(oss.clone())
        )
        .1,
        "InvalidArgument"
    );
    let mut oss = oss;
    oss["sourceArn"] = json!("acs:oss:cn-hangzhou:1:bucket");
    oss["invocationRole"] = json!("acs:ram::1:role/r");
    let created = h.ok(Method::POST, "/services/s/functions/f/triggers", Some(oss));
    assert!(created["triggerConfig"].is_object());
    assert_eq!(
        h.err(
            Method::POST,
            "/services/s/functions/f/triggers",
            Some(json!({"triggerName": "t", "triggerType": "ftp", "triggerConfig": {}}))
        )
        .1,
        "InvalidArgument"
    );
    assert_eq!(h.err(Method::POST, "/services/s/functions/f/triggers", Some(json!({"triggerName": "t", "triggerType": "timer", "triggerConfig": {"cronExpression": "@every 1m"}, "qualifier": "nope"}))).1, "AliasNotFound");
    let list = h.ok(
        Method::GET,
        "/services/s/functions/f/triggers?limit=1",
        None,
    );
    assert_eq!(list["triggers"][0]["triggerName"], "o");
    assert_eq!(list["nextToken"], "web");
    let (status, _, _) = h.call_h(
        Method::PUT,
        "/services/s/functions/f/triggers/web",
        Some(json!({"description": "d"})),
        &[("If-Match", "x")],
    );
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, _, _) = h.call_h(
        Method::PUT,
        "/services/s/functions/f/triggers/web",
        Some(json!({"description": "d"})),
        &[("If-Match", &tag)],
    );
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        h.err(Method::GET, "/services/s/functions/f/triggers/none", None)
            .1,
        "TriggerNotFound"
    );
    assert_eq!(
        h.err(Method::DELETE, "/services/s/functions/f", None),
        (StatusCode::CONFLICT, "FunctionNotEmpty".into())
    );

    // Anonymous HTTP trigger: no signature needed.
    let mut req = WireRequest::new(Method::POST, format!("{P}/proxy/s/f/some/path?x=1"));
    req.body = Bytes::from_static(b"hello");
    let resp = h.engine.handle(&req);
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(&resp.body[..], b"hello");
    let resp = h
        .engine
        .handle(&WireRequest::new(Method::DELETE, format!("{P}/proxy/s/f/")));
    assert_eq!(resp.status, StatusCode::BAD_REQUEST);

    // authType function: the query is signed.
    h.ok(
        Method::PUT,
        "/services/s/functions/f/triggers/web",
        Some(json!({"triggerConfig": {"authType": "function", "methods": ["GET"]}})),
    );
    let resp = h.engine.handle(&WireRequest::new(
        Method::GET,
        format!("{P}/proxy/s/f/a?x=1"),
    ));
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    let resp = h.send(
        Method::GET,
        &format!("{P}/proxy/s/f/a%20b?x=1&a=2"),
        b"",
        &[],
    );
    assert_eq!(resp.status, StatusCode::OK);

    h.ok(Method::DELETE, "/services/s/functions/f/triggers/web", None);
    h.ok(Method::DELETE, "/services/s/functions/f/triggers/o", None);
    assert_eq!(
        h.call(Method::DELETE, "/services/s/functions/f", None).0,
        StatusCode::NO_CONTENT
    );
}

fn raw(method: Method, path: &str) -> WireRequest {
    build(&method, path, b"", &[])
}

#[test]
fn signature_failures_and_clock_skew() {
    let h = harness();
    let path = format!("{P}/services");
    let code = |resp: &WireResponse| -> String {
        serde_json::from_slice::<Value>(&resp.body).unwrap()["ErrorCode"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // No Authorization.
    let resp = h.engine.handle(&raw(Method::GET, &path));
    assert_eq!(
        (resp.status, code(&resp).as_str()),
        (StatusCode::FORBIDDEN, "AccessDenied")
    );
    assert!(resp.headers.contains_key("x-fc-request-id"));

    let signed = |creds: &FcCredentials, when: chrono::DateTime<Utc>| {
        let mut req = raw(Method::GET, &path);
        signer::sign_request(creds, "GET", &path, None, &mut req.headers, when).unwrap();
        req
    };
    // Unknown key.
    let resp = h
        .engine
        .handle(&signed(&FcCredentials::new("nobody", "test"), Utc::now()));
    assert_eq!(
        (resp.status, code(&resp).as_str()),
        (StatusCode::FORBIDDEN, "InvalidAccessKeyID")
    );
    // Wrong secret.
    let resp = h
        .engine
        .handle(&signed(&FcCredentials::new("test", "wrong"), Utc::now()));
    assert_eq!(
        (resp.status, code(&resp).as_str()),
        (StatusCode::FORBIDDEN, "SignatureNotMatch")
    );
    // Tampered after signing.
    let mut req = signed(&h.creds, Utc::now());
    req.method = Method::DELETE;
    let resp = h.engine.handle(&req);
    assert_eq!(code(&resp), "SignatureNotMatch");
    let mut req = signed(&h.creds, Utc::now());
    req.headers
        .insert("x-fc-trace-id", HeaderValue::from_static("added"));
    assert_eq!(code(&h.engine.handle(&req)), "SignatureNotMatch");
    // Stale date.
    let resp = h.engine.handle(&signed(
        &h.creds,
        Utc::now() - chrono::Duration::minutes(16),
    ));
    assert_eq!(
        (resp.status, code(&resp).as_str()),
        (StatusCode::FORBIDDEN, "RequestTimeTooSkewed")
    );
    assert!(resp.headers.contains_key("date"));
    let resp = h.engine.handle(&signed(
        &h.creds,
        Utc::now() + chrono::Duration::minutes(14),
    ));
    assert_eq!(resp.status, StatusCode::OK);
    // Missing / bad Date.
    let mut req = signed(&h.creds, Utc::now());
    req.headers.remove("date");
    assert_eq!(code(&h.engine.handle(&req)), "MissingRequiredHeader");
    // Malformed Authorization.
    let mut req = raw(Method::GET, &path);
    req.headers
        .insert("authorization", HeaderValue::from_static("Bearer abc"));
    assert_eq!(code(&h.engine.handle(&req)), "AccessDenied");
    // STS token and a leading double slash are accepted; the query is not signed.
    let sts = FcCredentials::new("test", "test").with_security_token("token");
    let mut req = raw(Method::GET, &format!("{path}?limit=5"));
    signer::sign_request(&sts, "GET", &path, None, &mut req.headers, Utc::now()).unwrap();
    req.path = format!("/{path}");
    let resp = h.engine.handle(&req);
    assert_eq!(resp.status, StatusCode::OK, "{:?}", resp.body);
    // Signatures off: anything goes.
    let mut config = EmulatorConfig::default();
    config.check_signatures = false;
    let open = Engine::new(config, Url::parse("http://127.0.0.1:1").unwrap());
    assert_eq!(open.handle(&raw(Method::GET, &path)).status, StatusCode::OK);
}

#[test]
fn invoke_sync_errors_logs_and_delays() {
    let h = harness();
    h.service("s");
    let f = h.function("s", "f", b"code");
    let resp = h.send(
        Method::POST,
        &format!("{P}/services/s/functions/f/invocations"),
        b"ping",
        &[],
    );
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(&resp.body[..], b"ping");
    assert_eq!(
        resp.headers["x-fc-code-checksum"],
        f["codeChecksum"].as_str().unwrap()
    );
    assert!(resp.headers.contains_key("x-fc-instance-id"));
    assert!(!resp.headers.contains_key("x-fc-error-type"));

    h.engine.program(
        Cloud::Fc,
        "s",
        "f",
        None,
        Behaviour::respond("{\"ok\":true}").with_log("line 1\nline 2"),
    );
    let resp = h.send(
        Method::POST,
        &format!("{P}/services/s.LATEST/functions/f/invocations"),
        b"x",
        &[("x-fc-log-type", "Tail")],
    );
    assert_eq!(&resp.body[..], b"{\"ok\":true}");
    let log = BASE64
        .decode(resp.headers["x-fc-log-result"].as_bytes())
        .unwrap();
    assert_eq!(log, b"line 1\nline 2");
    assert_eq!(resp.headers["content-type"], "application/json");

    h.engine.program(
        Cloud::Fc,
        "s",
        "f",
        None,
        Behaviour::fail(false, "boom").with_delay(Duration::from_millis(30)),
    );
    let resp = h.send(
        Method::POST,
        &format!("{P}/services/s/functions/f/invocations"),
        b"x",
        &[],
    );
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(resp.headers["x-fc-error-type"], "UnhandledInvocationError");
    assert_eq!(
        serde_json::from_slice::<Value>(&resp.body).unwrap()["errorMessage"],
        "boom"
    );
    assert_eq!(resp.delay, Some(Duration::from_millis(30)));
    h.engine
        .program(Cloud::Fc, "s", "f", None, Behaviour::fail(true, "handled"));
    let resp = h.send(
        Method::POST,
        &format!("{P}/services/s/functions/f/invocations"),
        b"x",
        &[],
    );
    assert_eq!(resp.headers["x-fc-error-type"], "HandledInvocationError");

    // Qualifier-specific behaviour through an alias.
    h.ok(Method::POST, "/services/s/versions", None);
    h.ok(
        Method::POST,
        "/services/s/aliases",
        Some(json!({"aliasName": "prod", "versionId": "1"})),
    );
    h.engine
        .program(Cloud::Fc, "s", "f", Some("1"), Behaviour::respond("v1"));
    let resp = h.send(
        Method::POST,
        &format!("{P}/services/s.prod/functions/f/invocations"),
        b"x",
        &[],
    );
    assert_eq!(&resp.body[..], b"v1");
    assert_eq!(resp.headers["x-fc-invocation-code-version"], "1");

    for (name, value) in [
        ("x-fc-invocation-type", "Later"),
        ("x-fc-log-type", "Everything"),
    ] {
        let resp = h.send(
            Method::POST,
            &format!("{P}/services/s/functions/f/invocations"),
            b"x",
            &[(name, value)],
        );
        assert_eq!(resp.status, StatusCode::BAD_REQUEST);
    }
    let resp = h.send(
        Method::POST,
        &format!("{P}/services/s/functions/nope/invocations"),
        b"x",
        &[],
    );
    assert_eq!(resp.status, StatusCode::NOT_FOUND);
    let big = vec![b'x'; 200 * 1024];
    let resp = h.send(
        Method::POST,
        &format!("{P}/services/s/functions/f/invocations"),
        &big,
        &[("x-fc-invocation-type", "Async")],
    );
    assert_eq!(resp.status, StatusCode::BAD_REQUEST);
}

#[test]
fn async_configs_and_stateful_invocations() {
    let h = harness();
    h.service("s");
    h.function("s", "f", b"code");
    assert_eq!(
        h.err(
            Method::GET,
            "/services/s/functions/f/async-invoke-config",
            None
        )
        .1,
        "AsyncConfigNotFound"
    );
    let cfg = h.ok(
        Method::PUT,
        "/services/s/functions/f/async-invoke-config",
        Some(json!({"maxAsyncRetryAttempts": 2})),
    );
    assert_eq!(cfg["qualifier"], "LATEST");
    let cfg = h.ok(
        Method::PUT,
        "/services/s/functions/f/async-invoke-config",
        Some(json!({"statefulInvocation": true})),
    );
    assert_eq!(
        (
            cfg["maxAsyncRetryAttempts"].as_i64(),
            cfg["statefulInvocation"].as_bool()
        ),
        (Some(2), Some(true))
    );
    assert_eq!(
        h.err(
            Method::PUT,
            "/services/s/functions/f/async-invoke-config",
            Some(json!({"maxAsyncRetryAttempts": 9}))
        )
        .1,
        "InvalidArgument"
    );
    assert_eq!(
        h.ok(
            Method::GET,
            "/services/s/functions/f/async-invoke-configs",
            None
        )["configs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let inv = |id: Option<&str>| {
        let mut headers = vec![("x-fc-invocation-type", "Async")];
        if let Some(id) = id {
            headers.push(("x-fc-stateful-async-invocation-id", id));
        }
        h.send(
            Method::POST,
            &format!("{P}/services/s/functions/f/invocations"),
            b"{\"n\":1}",
            &headers,
        )
    };
    let resp = inv(Some("job-1"));
    assert_eq!(resp.status, StatusCode::ACCEPTED);
    assert_eq!(resp.headers["x-fc-stateful-async-invocation-id"], "job-1");
    assert_eq!(inv(Some("job-1")).status, StatusCode::CONFLICT);
    assert_eq!(inv(Some("1bad")).status, StatusCode::BAD_REQUEST);
    let generated = inv(None);
    assert!(
        generated
            .headers
            .contains_key("x-fc-stateful-async-invocation-id")
    );

    let got = h.ok(
        Method::GET,
        "/services/s/functions/f/stateful-async-invocations/job-1",
        None,
    );
    assert_eq!(got["status"], "Succeeded");
    assert_eq!(got["invocationPayload"], "{\"n\":1}");
    assert!(got["startedTime"].is_i64());
    assert_eq!(
        h.err(
            Method::PUT,
            "/services/s/functions/f/stateful-async-invocations/job-1",
            None
        )
        .1,
        "InvalidArgument"
    );

    h.engine.program(
        Cloud::Fc,
        "s",
        "f",
        None,
        Behaviour::echo().with_delay(Duration::from_secs(3600)),
    );
    inv(Some("job-2"));
    let running = h.ok(
        Method::GET,
        "/services/s/functions/f/stateful-async-invocations/job-2",
        None,
    );
    assert_eq!(running["status"], "Running");
    h.ok(
        Method::PUT,
        "/services/s/functions/f/stateful-async-invocations/job-2",
        None,
    );
    assert_eq!(
        h.ok(
            Method::GET,
            "/services/s/functions/f/stateful-async-invocations/job-2",
            None
        )["status"],
        "Stopped"
    );

    let list = h.ok(Method::GET, "/services/s/functions/f/stateful-async-invocations?invocationIdPrefix=job&sortOrderByTime=asc&limit=1", None);
    assert_eq!(list["invocations"].as_array().unwrap().len(), 1);
    assert_eq!(list["invocations"][0]["invocationId"], "job-1");
    assert!(list["invocations"][0].get("invocationPayload").is_none());
    let next = list["nextToken"].as_str().unwrap();
    let rest = h.ok(Method::GET, &format!("/services/s/functions/f/stateful-async-invocations?invocationIdPrefix=job&sortOrderByTime=asc&nextToken={next}"), None);
    assert_eq!(rest["invocations"][0]["invocationId"], "job-2");
    let stopped = h.ok(
        Method::GET,
        "/services/s/functions/f/stateful-async-invocations?status=Stopped",
        None,
    );
    assert_eq!(stopped["invocations"].as_array().unwrap().len(), 1);
    assert_eq!(
        h.err(
            Method::GET,
            "/services/s/functions/f/stateful-async-invocations/none",
            None
        )
        .1,
        "StatefulAsyncInvocationNotFound"
    );

    // Without stateful invocation, async calls are accepted but not listed.
    h.ok(
        Method::PUT,
        "/services/s/functions/f/async-invoke-config",
        Some(json!({"statefulInvocation": false})),
    );
    let resp = inv(Some("job-3"));
    assert_eq!(resp.status, StatusCode::ACCEPTED);
    assert!(
        !resp
            .headers
            .contains_key("x-fc-stateful-async-invocation-id")
    );
    assert_eq!(
        h.err(
            Method::GET,
            "/services/s/functions/f/stateful-async-invocations/job-3",
            None
        )
        .1,
        "StatefulAsyncInvocationNotFound"
    );
    assert_eq!(
        h.call(
            Method::DELETE,
            "/services/s/functions/f/async-invoke-config",
            None
        )
        .0,
        StatusCode::NO_CONTENT
    );
}

#[test]
fn domains_tags_layers_provision_and_the_rest() {
    let h = harness();
    h.service("s");
    h.function("s", "f", b"c");
    // Custom domains.
    let d = h.ok(
        Method::POST,
        "/custom-domains",
        Some(json!({"domainName": "example.com", "protocol": "HTTP",
        "routeConfig": {"routes": [{"path": "/a", "serviceName": "s", "functionName": "f"}]}})),
    );
    assert_eq!(d["accountId"], "1234567890123456");
    assert_eq!(
        h.err(
            Method::POST,
            "/custom-domains",
            Some(json!({"domainName": "example.com"}))
        )
        .1,
        "DomainNameAlreadyExists"
    );
    assert_eq!(
        h.err(
            Method::POST,
            "/custom-domains",
            Some(json!({"domainName": "bad domain"}))
        )
        .1,
        "InvalidArgument"
    );
    assert_eq!(
        h.ok(
            Method::PUT,
            "/custom-domains/example.com",
            Some(json!({"protocol": "HTTP,HTTPS"}))
        )["protocol"],
        "HTTP,HTTPS"
    );
    assert_eq!(
        h.ok(Method::GET, "/custom-domains", None)["customDomains"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        h.call(Method::DELETE, "/custom-domains/example.com", None)
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.err(Method::GET, "/custom-domains/example.com", None).1,
        "DomainNameNotFound"
    );

    // Tags (UntagResource has a body on DELETE) and the ListServices tag filter.
    let arn = "acs:fc:cn-hangzhou:1234567890123456:services/s";
    assert!(
        h.ok(
            Method::POST,
            "/tag",
            Some(json!({"resourceArn": arn, "tags": {"k": "v", "k2": "v2"}}))
        )["requestId"]
            .is_string()
    );
    let tags = h.ok(
        Method::GET,
        &format!(
            "/tag?resourceArn={}",
            arn.replace(':', "%3A").replace('/', "%2F")
        ),
        None,
    );
    assert_eq!(tags["tags"], json!({"k": "v", "k2": "v2"}));
    assert_eq!(
        h.ok(Method::GET, "/services?tag_k=v", None)["services"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        h.ok(Method::GET, "/services?tag_k=w", None)["services"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    h.ok(
        Method::DELETE,
        "/tag",
        Some(json!({"resourceArn": "services/s", "tagKeys": ["k"], "all": false})),
    );
    assert_eq!(
        h.ok(Method::GET, "/tag?resourceArn=services/s", None)["tags"],
        json!({"k2": "v2"})
    );
    assert_eq!(
        h.err(
            Method::POST,
            "/tag",
            Some(json!({"resourceArn": "services/none", "tags": {"a": "b"}}))
        )
        .1,
        "ServiceNotFound"
    );

    // Layers.
    let l1 = h.ok(
        Method::POST,
        "/layers/lib/versions",
        Some(
            json!({"code": {"zipFile": BASE64.encode("layer")}, "compatibleRuntime": ["python3"]}),
        ),
    );
    assert_eq!(l1["version"], 1);
    let arn = l1["arn"].as_str().unwrap().to_owned();
    assert!(arn.ends_with("#lib#1"));
    h.ok(
        Method::POST,
        "/layers/lib/versions/",
        Some(json!({"code": {"zipFile": BASE64.encode("layer2")}})),
    );
    let versions = h.ok(Method::GET, "/layers/lib/versions?limit=1", None);
    assert_eq!(versions["nextVersion"], 2);
    assert_eq!(
        h.ok(Method::GET, "/layers", None)["layers"][0]["version"],
        2
    );
    h.ok(
        Method::PUT,
        "/services/s/functions/f",
        Some(json!({"layers": [arn]})),
    );
    assert_eq!(
        h.ok(Method::GET, "/layers/lib/versions/1", None)["codeChecksum"],
        code_checksum(b"layer")
    );
    h.ok(Method::DELETE, "/layers/lib/versions/1", None);
    assert_eq!(
        h.err(Method::GET, "/layers/lib/versions/1", None).1,
        "LayerNotFound"
    );

    // Provision and on-demand configs need an alias.
    h.ok(Method::POST, "/services/s/versions", None);
    h.ok(
        Method::POST,
        "/services/s/aliases",
        Some(json!({"aliasName": "prod", "versionId": "1"})),
    );
    assert_eq!(
        h.err(
            Method::PUT,
            "/services/s/functions/f/provision-config",
            Some(json!({"target": 1}))
        )
        .1,
        "InvalidArgument"
    );
    let p = h.ok(
        Method::PUT,
        "/services/s.prod/functions/f/provision-config",
        Some(json!({"target": 3})),
    );
    assert_eq!(p["resource"], "1234567890123456#s#prod#f");
    assert_eq!(
        h.ok(
            Method::GET,
            "/services/s.prod/functions/f/provision-config",
            None
        )["current"],
        3
    );
    assert_eq!(
        h.ok(Method::GET, "/provision-configs?serviceName=s", None)["provisionConfigs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    h.ok(
        Method::PUT,
        "/services/s.prod/functions/f/on-demand-config",
        Some(json!({"maximumInstanceCount": 5})),
    );
    assert_eq!(
        h.ok(Method::GET, "/on-demand-configs?limit=100", None)["configs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    h.ok(
        Method::DELETE,
        "/services/s.prod/functions/f/on-demand-config",
        None,
    );
    assert_eq!(
        h.err(
            Method::GET,
            "/services/s.prod/functions/f/on-demand-config",
            None
        )
        .1,
        "OnDemandConfigNotFound"
    );

    // Instances appear once a function ran; account settings; reserved capacities.
    h.send(
        Method::POST,
        &format!("{P}/services/s/functions/f/invocations"),
        b"x",
        &[],
    );
    let instances = h.ok(
        Method::GET,
        "/services/s/functions/f/instances?limit=5",
        None,
    );
    assert_eq!(instances.as_array().unwrap().len(), 1);
    assert_eq!(instances[0]["versionId"], 0);
    assert!(h.ok(Method::GET, "/account-settings", None)["availableAZs"].is_array());
    assert!(h.ok(Method::GET, "/reservedCapacities", None)["reservedCapacities"].is_array());

    // Reset forgets everything.
    h.engine.reset();
    assert_eq!(h.err(Method::GET, "/services/s", None).1, "ServiceNotFound");
}

#[test]
fn concurrent_requests_keep_state_consistent() {
    let h = std::sync::Arc::new(harness());
    h.service("s");
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let h = std::sync::Arc::clone(&h);
            std::thread::spawn(move || {
                for i in 0..10 {
                    h.function("s", &format!("f{t}_{i}"), b"x");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let page = h.ok(Method::GET, "/services/s/functions?limit=100", None);
    assert_eq!(page["functions"].as_array().unwrap().len(), 80);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn random_requests_never_panic(
        method in prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH"]),
        segments in prop::collection::vec(
            prop::sample::select(vec![
                "services", "functions", "s", "s.1", "s.prod", "s.LATEST", "f", "code", "invocations",
                "triggers", "versions", "aliases", "1", "%2F", "%FF", "..", "", "provision-config",
                "async-invoke-config", "stateful-async-invocations", "layers", "tag", "proxy", "x.y.z",
                "custom-domains", "instances", "on-demand-config",
            ]),
            0..7,
        ),
        query in "[a-zA-Z=&%0-9+]{0,20}",
        body in prop::sample::select(vec![
            "", "{}", "null", "[]", "{\"serviceName\":\"s\"}", "{\"functionName\":\"f\",\"runtime\":\"python3\",\"handler\":\"a\",\"code\":{\"zipFile\":\"UEs=\"}}",
            "{\"aliasName\":\"prod\",\"versionId\":\"1\"}", "{\"target\":-1}", "\u{0}\u{1}", "{\"limit\":1e309}",
        ]),
        headers in prop::collection::vec(
            (prop::sample::select(vec!["x-fc-invocation-type", "x-fc-log-type", "if-match", "x-fc-stateful-async-invocation-id", "x-fc-code-checksum"]),
             "[ -~]{0,12}"),
            0..3,
        ),
    ) {
        let h = harness();
        h.service("s");
        h.function("s", "f", b"c");
        let path = format!("{P}/{}?{query}", segments.join("/"));
        let hdrs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let resp = h.send(method.clone(), &path, body.as_bytes(), &hdrs);
        prop_assert!(resp.status.as_u16() < 500, "{} {path}: {}", method, resp.status);
        if resp.status.is_client_error() {
            let v: Value = serde_json::from_slice(&resp.body).unwrap();
            prop_assert!(v["ErrorCode"].is_string());
        }
        // Unsigned too.
        let resp = h.engine.handle(&build(&method, &path, body.as_bytes(), &hdrs));
        prop_assert!(resp.headers.contains_key("x-fc-request-id"));
    }
}

#[test]
fn alias_weights_route_invocations_and_service_snapshots() {
    let h = harness();
    h.ok(
        Method::POST,
        "/services",
        Some(json!({"serviceName": "s", "description": "one"})),
    );
    h.function("s", "f", b"c");
    h.ok(Method::POST, "/services/s/versions", None);
    h.ok(
        Method::PUT,
        "/services/s",
        Some(json!({"description": "two"})),
    );
    h.ok(Method::POST, "/services/s/versions", None);
    assert_eq!(
        h.ok(Method::GET, "/services/s.1", None)["description"],
        "one"
    );
    assert_eq!(
        h.ok(Method::GET, "/services/s.2", None)["description"],
        "two"
    );
    h.ok(
        Method::POST,
        "/services/s/aliases",
        Some(
            json!({"aliasName": "canary", "versionId": "1", "additionalVersionWeight": {"2": 0.5}}),
        ),
    );
    h.engine
        .program(Cloud::Fc, "s", "f", Some("1"), Behaviour::respond("one"));
    h.engine
        .program(Cloud::Fc, "s", "f", Some("2"), Behaviour::respond("two"));
    let (mut ones, mut twos) = (0, 0);
    for _ in 0..200 {
        let resp = h.send(
            Method::POST,
            &format!("{P}/services/s.canary/functions/f/invocations"),
            b"",
            &[],
        );
        match &resp.body[..] {
            b"one" => ones += 1,
            b"two" => twos += 1,
            other => panic!("unexpected body {other:?}"),
        }
    }
    assert!(ones > 40 && twos > 40, "one {ones}, two {twos}");
    // A behaviour programmed for the alias itself wins over the version's.
    h.engine.program(
        Cloud::Fc,
        "s",
        "f",
        Some("canary"),
        Behaviour::respond("alias"),
    );
    let resp = h.send(
        Method::POST,
        &format!("{P}/services/s.canary/functions/f/invocations"),
        b"",
        &[],
    );
    assert_eq!(&resp.body[..], b"alias");
}

#[test]
fn http_trigger_through_a_qualifier_and_errors() {
    let h = harness();
    h.service("s");
    h.function("s", "f", b"c");
    assert_eq!(
        h.engine
            .handle(&WireRequest::new(Method::GET, format!("{P}/proxy/s/f/")))
            .status,
        StatusCode::FORBIDDEN,
        "no trigger: the request is not anonymous"
    );
    let resp = h.send(Method::GET, &format!("{P}/proxy/s/f/"), b"", &[]);
    assert_eq!(resp.status, StatusCode::NOT_FOUND);
    h.ok(
        Method::POST,
        "/services/s/functions/f/triggers",
        Some(json!({"triggerName": "web", "triggerType": "http",
            "triggerConfig": {"authType": "anonymous", "methods": ["GET"]}})),
    );
    h.ok(Method::POST, "/services/s/versions", None);
    h.ok(
        Method::POST,
        "/services/s/aliases",
        Some(json!({"aliasName": "prod", "versionId": "1"})),
    );
    h.engine.program(
        Cloud::Fc,
        "s",
        "f",
        Some("prod"),
        Behaviour::fail(false, "down"),
    );
    let resp = h.engine.handle(&WireRequest::new(
        Method::GET,
        format!("{P}/proxy/s.prod/f/x"),
    ));
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(resp.headers["x-fc-error-type"], "UnhandledInvocationError");
    let resp = h.engine.handle(&WireRequest::new(
        Method::GET,
        format!("{P}/proxy/s.nope/f/x"),
    ));
    assert_eq!(resp.status, StatusCode::NOT_FOUND);
    // A second HTTP trigger on the same function is refused.
    assert_eq!(
        h.err(
            Method::POST,
            "/services/s/functions/f/triggers",
            Some(json!({"triggerName": "web2", "triggerType": "http",
                "triggerConfig": {"authType": "function", "methods": ["POST"]}})),
        )
        .1,
        "InvalidArgument"
    );
}
