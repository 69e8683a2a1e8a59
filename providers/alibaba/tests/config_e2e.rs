//! `AlibabaFcBuilder::build()` end to end: a signed `GetService` against a mock FC server.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use cloudfn_alibaba::config::AlibabaFcBuilder;
use cloudfn_alibaba::credential::MapEnv;
use cloudfn_alibaba::signer::{Secret, header_pairs, verify};
use cloudfn_core::transport::RetryPolicy;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn build_signs_get_service_with_credentials_from_the_environment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2016-08-15/services/demo"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-fc-request-id", "req-1")
                .insert_header("etag", "e1")
                .set_body_json(serde_json::json!({"serviceName": "demo", "description": "d"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let env = MapEnv::new()
        .with_var("CLOUDFN_FC_ENDPOINT", server.uri())
        .with_var("CLOUDFN_FC_ALLOW_HTTP", "true")
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.key")
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "the-secret")
        .with_var("ALIBABA_CLOUD_SECURITY_TOKEN", "the-token");
    let client = AlibabaFcBuilder::from_env_with(Arc::new(env))
        .unwrap()
        .with_retry(RetryPolicy::none())
        .build()
        .unwrap();

    let resp = client.get_service("demo", None).await.unwrap();
    assert_eq!(resp.value.service_name.as_deref(), Some("demo"));
    assert_eq!(resp.request_id.as_deref(), Some("req-1"));

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.headers["x-fc-security-token"], "the-token");
    let auth = req.headers["authorization"].to_str().unwrap();
    assert!(auth.starts_with("FC STS.key:"), "{auth}");
    assert!(verify(
        &Secret::new("the-secret"),
        "GET",
        req.url.path(),
        header_pairs(&req.headers),
        None,
        auth,
    ));
    // The signature is bound to the secret.
    assert!(!verify(
        &Secret::new("another-secret"),
        "GET",
        req.url.path(),
        header_pairs(&req.headers),
        None,
        auth,
    ));
}
