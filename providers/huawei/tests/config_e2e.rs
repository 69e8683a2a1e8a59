//! End to end: `build()` against wiremock (explicit endpoints), the project id looked up through IAM, and
//! one client call signed with AK/SK, its signature recomputed from the request the server received.

use cloudfn_core::transport::RetryPolicy;
use cloudfn_huawei::FunctionGraphBuilder;
use cloudfn_huawei::api::InvokeOptions;
use cloudfn_huawei::signer::{AkSkCredentials, SignableRequest, sign};
use cloudfn_huawei::urn::FunctionUrn;
use serde_json::json;
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PID: &str = "e2e0123456789abcdef0123456789abc";

#[tokio::test]
async fn build_then_invoke_signed_with_aksk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", "cn-north-4"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"projects": [{"id": PID, "name": "cn-north-4"}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(format!(
            "^/v2/{PID}/fgs/functions/[^/]+/invocations$"
        )))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Cff-Request-Id", "req-e2e")
                .set_body_json(json!({"request_id": "req-e2e", "result": "\"hi\"", "status": 200})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let creds = AkSkCredentials::new("E2EAK", "e2e-secret-key");
    let client = FunctionGraphBuilder::new()
        .with_region("cn-north-4")
        .with_endpoint(server.uri())
        .with_iam_endpoint(server.uri())
        .with_allow_http(true)
        .with_retry(RetryPolicy::none())
        .with_aksk(creds.clone())
        .build()
        .await
        .unwrap();
    assert_eq!(client.project_id(), PID);
    assert!(!format!("{client:?}").contains("e2e-secret-key"));

    let urn = FunctionUrn::new("cn-north-4", PID, "default", "hello").unwrap();
    let result = client
        .invoke_function(&urn, &json!({"name": "world"}), &InvokeOptions::default())
        .await
        .unwrap();
    assert_eq!(result.result(), Some("\"hi\""));

    let received = server.received_requests().await.unwrap();
    let call = received
        .iter()
        .find(|r| r.url.path().ends_with("/invocations"))
        .unwrap();
    assert_eq!(
        call.url.path(),
        format!(
            "/v2/{PID}/fgs/functions/urn%3Afss%3Acn-north-4%3A{PID}%3Afunction%3Adefault%3Ahello/invocations"
        )
    );
    assert_eq!(call.headers["x-project-id"], PID);
    assert_eq!(call.body, br#"{"name":"world"}"#);
    let auth = call.headers["authorization"].to_str().unwrap().to_owned();
    assert!(
        auth.starts_with("SDK-HMAC-SHA256 Access=E2EAK, SignedHeaders="),
        "{auth}"
    );
    let signed: Vec<&str> = auth
        .split("SignedHeaders=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .split(';')
        .collect();
    for required in ["content-type", "host", "x-project-id", "x-sdk-date"] {
        assert!(signed.contains(&required), "{required} not signed: {auth}");
    }
    let mut req = SignableRequest::new("POST", call.url.path(), &call.body);
    for name in &signed {
        req = req.with_header(name, call.headers[*name].to_str().unwrap());
    }
    assert_eq!(sign(&creds, &req).unwrap(), auth);
    // A different secret would not verify: the check can fail.
    let wrong = AkSkCredentials::new("E2EAK", "another-secret");
    assert_ne!(sign(&wrong, &req).unwrap(), auth);
}
