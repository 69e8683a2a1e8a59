//! `FunctionGraphBuilder`: validation, endpoints, environment, URL grammar, resolution against wiremock.

use std::sync::Arc;

use chrono::Utc;
use cloudfn_core::ErrorKind;
use cloudfn_core::transport::{HttpRequest, RetryPolicy};
use cloudfn_huawei::FunctionGraphBuilder;
use cloudfn_huawei::credential::MapEnv;
use cloudfn_huawei::signer::AkSkCredentials;
use serde_json::json;
use url::Url;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PID: &str = "0123456789abcdef0123456789abcdef";

fn aksk() -> AkSkCredentials {
    AkSkCredentials::new("CFGAK", "cfg-very-secret-sk")
}

async fn config_error(b: FunctionGraphBuilder) -> String {
    let err = b.resolve().await.expect_err("a config error");
    assert_eq!(err.kind(), ErrorKind::Config, "{err}");
    err.message().to_owned()
}

#[tokio::test]
async fn region_resolves_to_public_endpoints() {
    let r = FunctionGraphBuilder::new()
        .with_region("ap-southeast-2")
        .with_project_id(PID)
        .with_aksk(aksk())
        .resolve()
        .await
        .unwrap();
    assert_eq!(
        r.endpoint.as_str(),
        "https://functiongraph.ap-southeast-2.myhuaweicloud.com/"
    );
    assert_eq!(r.project_id, PID);
    assert_eq!(r.region.as_deref(), Some("ap-southeast-2"));
}

#[tokio::test]
async fn region_is_validated_with_an_override() {
    let msg = config_error(
        FunctionGraphBuilder::new()
            .with_region("cn-north-99")
            .with_project_id(PID)
            .with_aksk(aksk()),
    )
    .await;
    assert!(
        msg.contains("unknown FunctionGraph region `cn-north-99`"),
        "{msg}"
    );
    assert!(msg.contains("cn-north-4"), "{msg}");

    let r = FunctionGraphBuilder::new()
        .with_region("cn-north-99")
        .with_allow_unknown_region(true)
        .with_project_id(PID)
        .with_aksk(aksk())
        .resolve()
        .await
        .unwrap();
    assert_eq!(
        r.endpoint.as_str(),
        "https://functiongraph.cn-north-99.myhuaweicloud.com/"
    );

    let msg = config_error(
        FunctionGraphBuilder::new()
            .with_region("evil.com/x")
            .with_allow_unknown_region(true)
            .with_project_id(PID)
            .with_aksk(aksk()),
    )
    .await;
    assert!(msg.contains("not a region id"), "{msg}");
}

#[tokio::test]
async fn endpoints_and_http() {
    let msg = config_error(
        FunctionGraphBuilder::new()
            .with_endpoint("http://127.0.0.1:9000")
            .with_project_id(PID)
            .with_aksk(aksk()),
    )
    .await;
    assert!(msg.contains("with_allow_http"), "{msg}");

    let r = FunctionGraphBuilder::new()
        .with_endpoint("http://127.0.0.1:9000")
        .with_allow_http(true)
        .with_project_id(PID)
        .with_aksk(aksk())
        .resolve()
        .await
        .unwrap();
    assert_eq!(r.endpoint.as_str(), "http://127.0.0.1:9000/");

    // No scheme: https, as the SDK does.
    let r = FunctionGraphBuilder::new()
        .with_endpoint("fg.internal:8443")
        .with_project_id(PID)
        .with_aksk(aksk())
        .resolve()
        .await
        .unwrap();
    assert_eq!(r.endpoint.as_str(), "https://fg.internal:8443/");

    for bad in [
        "ftp://x",
        "https://u:pw-secret@x",
        "https://x?a=1",
        "https://",
    ] {
        let msg = config_error(
            FunctionGraphBuilder::new()
                .with_endpoint(bad)
                .with_project_id(PID)
                .with_aksk(aksk()),
        )
        .await;
        assert!(msg.contains("FunctionGraph endpoint"), "{bad}: {msg}");
        assert!(!msg.contains("pw-secret"), "{bad}: {msg}");
    }

    let msg = config_error(FunctionGraphBuilder::new().with_aksk(aksk())).await;
    assert!(msg.contains("no region and no endpoint"), "{msg}");

    let msg = config_error(
        FunctionGraphBuilder::new()
            .with_endpoint("https://fg.internal")
            .with_aksk(aksk()),
    )
    .await;
    assert!(msg.contains("no project id"), "{msg}");

    // The IAM endpoint is checked the same way.
    let msg = config_error(
        FunctionGraphBuilder::new()
            .with_region("cn-north-4")
            .with_iam_endpoint("http://127.0.0.1:1")
            .with_aksk(aksk()),
    )
    .await;
    assert!(msg.contains("IAM endpoint"), "{msg}");
}

#[test]
fn debug_hides_secrets() {
    let b = FunctionGraphBuilder::new()
        .with_region("cn-north-4")
        .with_aksk(aksk().with_security_token("sts-secret-token"));
    let shown = format!("{b:?}");
    assert!(shown.contains("CFGAK"), "{shown}");
    assert!(
        !shown.contains("cfg-very-secret-sk") && !shown.contains("sts-secret-token"),
        "{shown}"
    );
    let b = FunctionGraphBuilder::new().with_password_auth("bob", "bobs-Pa55word", "acme");
    let shown = format!("{:?}", b.clone());
    assert!(
        shown.contains("bob") && !shown.contains("bobs-Pa55word"),
        "{shown}"
    );
}

#[test]
fn url_grammar() {
    let b = FunctionGraphBuilder::from_url("fgs://cn-north-4").unwrap();
    assert_eq!(b.region(), Some("cn-north-4"));
    assert_eq!(b.project_id(), None);
    assert_eq!(b.endpoint(), None);

    let b = FunctionGraphBuilder::from_url(&format!("fgs://{PID}@cn-north-4")).unwrap();
    assert_eq!(b.project_id(), Some(PID));

    let b = FunctionGraphBuilder::from_url(
        "fgs://cn-north-4?project=p2&iam_endpoint=https%3A%2F%2Fiam.example",
    )
    .unwrap();
    assert_eq!(b.project_id(), Some("p2"));
    assert_eq!(b.iam_endpoint(), Some("https://iam.example"));

    let b =
        FunctionGraphBuilder::from_url("fgs+http://127.0.0.1:9000/?project=p1&region=cn-north-4")
            .unwrap();
    assert_eq!(b.endpoint(), Some("http://127.0.0.1:9000/"));
    assert_eq!(b.iam_endpoint(), Some("http://127.0.0.1:9000/"));
    assert_eq!(b.region(), Some("cn-north-4"));
    assert_eq!(b.project_id(), Some("p1"));

    let b = FunctionGraphBuilder::from_url("fgs+https://proxy.example").unwrap();
    assert_eq!(b.endpoint(), Some("https://proxy.example/"));

    let bad: &[(&str, &str)] = &[
        ("s3://cn-north-4", "unknown scheme `s3`"),
        ("fgs://cn-north-4?projet=p1", "unknown key `projet`"),
        ("fgs://cn-north-4?project=a&project=b", "repeated"),
        ("fgs://cn-north-4?project=", "empty value"),
        ("fgs://p1@cn-north-4?project=p2", "given twice"),
        (
            "fgs://cn-north-4?region=cn-north-1",
            "the host is the region",
        ),
        ("fgs://p1:secret@cn-north-4", "password"),
        ("fgs://cn-north-4/functions", "unexpected path"),
        ("fgs://cn-north-4#frag", "fragment"),
        ("fgs://cn-north-4:443", "not host:port"),
        ("fgs://CN_NORTH", "not a region id"),
        ("fgs+http://p1@127.0.0.1:9000", "no user part"),
        (
            "fgs+http://127.0.0.1:9000?region=Bad Region",
            "not a region id",
        ),
        ("fgs+http://127.0.0.1:9000?foo=1", "unknown key `foo`"),
        ("fgs://", "no host"),
        ("not a url", "invalid FunctionGraph URL"),
    ];
    for (url, expected) in bad {
        let err = FunctionGraphBuilder::from_url(url).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.message().contains(expected), "{url}: {err}");
        assert!(!err.message().contains("secret"), "{url}: {err}");
    }
}

#[tokio::test]
async fn from_env_reads_the_documented_variables() {
    let env = MapEnv::new()
        .with_var("HUAWEICLOUD_SDK_REGION", "cn-north-4")
        .with_var("HUAWEICLOUD_SDK_AK", "ENVAK")
        .with_var("HUAWEICLOUD_SDK_SK", "env-secret")
        .with_var("HUAWEICLOUD_SDK_PROJECT_ID", PID)
        .with_var("HUAWEICLOUD_SDK_IAM_ENDPOINT", "https://iam.sdk.example")
        .with_var(
            "HUAWEICLOUD_SDK_REGION_FUNCTIONGRAPH_CN_NORTH_4",
            "127.0.0.1:18080,other:1",
        );
    let b = FunctionGraphBuilder::from_env_with(Arc::new(env.clone()));
    assert_eq!(b.region(), Some("cn-north-4"));
    assert_eq!(b.project_id(), Some(PID));
    assert_eq!(b.endpoint(), Some("https://127.0.0.1:18080"));
    assert_eq!(b.iam_endpoint(), Some("https://iam.sdk.example"));
    let r = b.resolve().await.unwrap();
    assert_eq!(r.project_id, PID);
    assert!(!format!("{r:?}").contains("env-secret"));

    let env = env
        .with_var("CLOUDFN_FGS_ENDPOINT", "http://127.0.0.1:9000")
        .with_var("CLOUDFN_IAM_ENDPOINT", "http://127.0.0.1:9001")
        .with_var("CLOUDFN_ALLOW_HTTP", "true");
    let b = FunctionGraphBuilder::from_env_with(Arc::new(env));
    assert_eq!(b.endpoint(), Some("http://127.0.0.1:9000"));
    assert_eq!(b.iam_endpoint(), Some("http://127.0.0.1:9001"));
    assert!(b.resolve().await.is_ok());

    // Partial password configuration is reported at resolve time, naming what is missing.
    let env = MapEnv::new()
        .with_var("HUAWEICLOUD_SDK_REGION", "cn-north-4")
        .with_var("CLOUDFN_IAM_USER", "bob")
        .with_var("CLOUDFN_IAM_PASSWORD", "pw-secret");
    let msg = config_error(FunctionGraphBuilder::from_env_with(Arc::new(env))).await;
    assert!(msg.contains("CLOUDFN_IAM_DOMAIN"), "{msg}");
    assert!(!msg.contains("pw-secret"), "{msg}");

    // Nothing at all: the chain's error names the variables and the file.
    let env = MapEnv::new().with_var("HUAWEICLOUD_SDK_REGION", "cn-north-4");
    let msg = config_error(FunctionGraphBuilder::from_env_with(Arc::new(env))).await;
    assert!(msg.contains("HUAWEICLOUD_SDK_AK"), "{msg}");
}

#[tokio::test]
async fn aksk_project_lookup_through_iam() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", "cn-north-4"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "projects": [{"id": "looked-up-project", "name": "cn-north-4"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let r = FunctionGraphBuilder::new()
        .with_region("cn-north-4")
        .with_endpoint(server.uri())
        .with_iam_endpoint(server.uri())
        .with_allow_http(true)
        .with_retry(RetryPolicy::none())
        .with_aksk(AkSkCredentials::new("CFGLOOKUPAK", "sk"))
        .resolve()
        .await
        .unwrap();
    assert_eq!(r.project_id, "looked-up-project");
    let received = &server.received_requests().await.unwrap()[0];
    assert!(
        received.headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("SDK-HMAC-SHA256 Access=CFGLOOKUPAK, ")
    );

    // The signer then sends X-Project-Id with the looked-up id.
    let mut req = HttpRequest::get(
        Url::parse(&format!("{}/v2/looked-up-project/fgs/quotas", server.uri())).unwrap(),
        "ListQuotas",
    );
    r.signer.sign(&mut req, Utc::now()).await.unwrap();
    assert_eq!(req.headers()["x-project-id"], "looked-up-project");
}

#[tokio::test]
async fn password_mode_takes_the_project_id_from_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("X-Subject-Token", "tok-build")
                .set_body_json(json!({"token": {
                    "expires_at": "2999-01-01T00:00:00.000000Z",
                    "project": {"id": "token-project", "name": "cn-north-4"}
                }})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let r = FunctionGraphBuilder::from_url(&format!(
        "fgs+http://{}?region=cn-north-4",
        server.address()
    ))
    .unwrap()
    .with_password_auth("bob", "bobs-Pa55word", "acme")
    .with_retry(RetryPolicy::none())
    .resolve()
    .await
    .unwrap();
    assert_eq!(r.project_id, "token-project");
    // The token fetched while building is reused for the first request.
    let mut req = HttpRequest::get(
        Url::parse(&format!("{}/v2/token-project/fgs/quotas", server.uri())).unwrap(),
        "ListQuotas",
    );
    r.signer.sign(&mut req, Utc::now()).await.unwrap();
    assert_eq!(req.headers()["x-auth-token"], "tok-build");
    assert_eq!(req.headers()["x-project-id"], "token-project");

    let msg = config_error(
        FunctionGraphBuilder::new()
            .with_endpoint("https://fg.internal")
            .with_password_auth("bob", "pw", "acme"),
    )
    .await;
    assert!(msg.contains("needs an IAM endpoint"), "{msg}");
}
