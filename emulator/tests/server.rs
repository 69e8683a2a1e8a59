//! The HTTP server and the admin API, over real loopback HTTP.
#![allow(clippy::unwrap_used)]

use cloudfn_emulator::{Behaviour, Cloud, Emulator, EmulatorConfig, ProgramRequest};

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

#[tokio::test]
async fn serves_health_objects_and_behaviours_then_stops_on_drop() {
    let emulator = Emulator::start().await.unwrap();
    let base = emulator.url().as_str().trim_end_matches('/').to_owned();
    let http = client();

    let health = http
        .get(format!("{base}/_emulator/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    let put = http
        .put(format!("{base}/_emulator/objects/bucket/dir/code.zip"))
        .body("PK-bytes")
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 204);
    assert_eq!(
        emulator
            .engine()
            .shared()
            .object("bucket", "dir/code.zip")
            .unwrap(),
        "PK-bytes"
    );
    let got = http
        .get(format!("{base}/_emulator/objects/bucket/dir/code.zip"))
        .send()
        .await
        .unwrap();
    assert_eq!(got.text().await.unwrap(), "PK-bytes");

    let program = ProgramRequest {
        cloud: Cloud::Fc,
        namespace: "svc".into(),
        function: "fn".into(),
        qualifier: Some("prod".into()),
        behaviour: Behaviour::respond("hello").with_log("said hello"),
    };
    let put = http
        .put(format!("{base}/_emulator/behaviours"))
        .body(serde_json::to_vec(&program).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 204);
    let b = emulator
        .engine()
        .shared()
        .behaviours
        .lookup(Cloud::Fc, "svc", "fn", &["prod"]);
    assert_eq!(b, Behaviour::respond("hello").with_log("said hello"));
    // Another qualifier falls back to the default echo.
    let other = emulator
        .engine()
        .shared()
        .behaviours
        .lookup(Cloud::Fc, "svc", "fn", &["1"]);
    assert_eq!(other, Behaviour::echo());

    let bad = http
        .put(format!("{base}/_emulator/behaviours"))
        .body("{\"cloud\":\"aws\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let body: serde_json::Value = serde_json::from_slice(&bad.bytes().await.unwrap()).unwrap();
    assert!(body["ErrorMessage"].as_str().unwrap().contains("behaviour"));

    let unknown = http.get(format!("{base}/nowhere")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);

    let state: serde_json::Value = serde_json::from_slice(
        &http
            .get(format!("{base}/_emulator/state"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(
        state["fc"].is_object() && state["fg"].is_object(),
        "{state}"
    );
    assert!(!state.to_string().contains("\"secret\""), "{state}");

    let reset = http
        .post(format!("{base}/_emulator/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 204);
    assert!(
        emulator
            .engine()
            .shared()
            .object("bucket", "dir/code.zip")
            .is_none()
    );

    drop(emulator);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert!(
        http.get(format!("{base}/_emulator/health"))
            .send()
            .await
            .is_err()
    );
}

#[tokio::test]
async fn oversized_bodies_get_each_clouds_error() {
    let mut config = EmulatorConfig::default();
    config.max_body_bytes = 1024;
    let emulator = Emulator::builder().config(config).start().await.unwrap();
    let base = emulator.url().as_str().trim_end_matches('/').to_owned();
    let http = client();
    let big = vec![b'x'; 4096];

    let fc = http
        .post(format!("{base}/2016-08-15/services"))
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(fc.status(), 400);
    assert!(fc.headers().contains_key("x-fc-request-id"));
    let body: serde_json::Value = serde_json::from_slice(&fc.bytes().await.unwrap()).unwrap();
    assert_eq!(body["ErrorCode"], "EntityTooLarge");

    let fg = http
        .post(format!("{base}/v2/p/fgs/functions"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(fg.status(), 413);
    assert!(fg.headers().contains_key("x-request-id"));
    let body: serde_json::Value = serde_json::from_slice(&fg.bytes().await.unwrap()).unwrap();
    assert_eq!(body["error_code"], "FSS.0413");

    // The server is still up after rejecting them.
    let health = http
        .get(format!("{base}/_emulator/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn injected_faults_fail_the_next_matching_requests_then_disarm() {
    let emulator = Emulator::start().await.unwrap();
    let base = emulator.url().as_str().trim_end_matches('/').to_owned();
    let http = client();

    let arm = http
        .post(format!("{base}/_emulator/faults"))
        .body(r#"{"method":"GET","path_prefix":"/2016-08-15/services","count":2,"status":503,"retry_after_secs":1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(arm.status(), 204);
    let armed: serde_json::Value = serde_json::from_slice(
        &http
            .get(format!("{base}/_emulator/faults"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(armed[0]["count"], 2);

    // A POST does not match the GET rule.
    let post = http
        .post(format!("{base}/2016-08-15/services"))
        .send()
        .await
        .unwrap();
    assert_ne!(post.status(), 503);

    for _ in 0..2 {
        let r = http
            .get(format!("{base}/2016-08-15/services"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 503);
        assert_eq!(r.headers()["retry-after"], "1");
        assert!(r.headers().contains_key("x-fc-request-id"));
        let body: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(body["ErrorCode"], "InternalServerError");
    }
    let third = http
        .get(format!("{base}/2016-08-15/services"))
        .send()
        .await
        .unwrap();
    assert_ne!(
        third.status(),
        503,
        "the rule is used up after two requests"
    );

    // FunctionGraph paths get FunctionGraph's error body; a delay-only rule serves after waiting.
    emulator
        .engine()
        .inject_fault(cloudfn_emulator::FaultRule::fail("/v2/", 1, 429));
    let fg = http
        .get(format!("{base}/v2/p/fgs/functions"))
        .send()
        .await
        .unwrap();
    assert_eq!(fg.status(), 429);
    let body: serde_json::Value = serde_json::from_slice(&fg.bytes().await.unwrap()).unwrap();
    assert_eq!(body["error_code"], "FSS.0429");

    let bad = http
        .post(format!("{base}/_emulator/faults"))
        .body(r#"{"count":0,"status":503}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let body: serde_json::Value = serde_json::from_slice(&bad.bytes().await.unwrap()).unwrap();
    assert!(body["ErrorMessage"].as_str().unwrap().contains("count"));
    let neither = http
        .post(format!("{base}/_emulator/faults"))
        .body(r#"{"path_prefix":"/v2/"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(neither.status(), 400);

    // A delay-only rule serves the request normally, after waiting.
    let arm = http
        .post(format!("{base}/_emulator/faults"))
        .body(r#"{"path_prefix":"/v3/","delay_ms":300}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(arm.status(), 204);
    let started = std::time::Instant::now();
    let slow = http
        .get(format!("{base}/v3/projects?name=cn-north-4"))
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    assert_ne!(slow.status(), 503);
    let list: serde_json::Value = serde_json::from_slice(
        &http
            .get(format!("{base}/_emulator/faults"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(list, serde_json::json!([]), "every rule is used up");
}
