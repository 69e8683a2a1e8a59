//! IAM token authentication and project lookup against wiremock on loopback.

use std::sync::Arc;
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use cloudfn_core::ErrorKind;
use cloudfn_core::transport::{
    GenericProfile, HttpRequest, RequestSigner, RetryPolicy, Transport, TransportConfig,
};
use cloudfn_huawei::auth::{AkSkSigner, TokenSigner};
use cloudfn_huawei::credential::StaticCredentialProvider;
use cloudfn_huawei::iam::{
    IamClient, IamTokenProvider, PasswordIdentity, ProjectScope, lookup_project_id,
};
use cloudfn_huawei::signer::{AkSkCredentials, SignableRequest, sign};
use serde_json::json;
use url::Url;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn config() -> TransportConfig {
    TransportConfig::default()
        .without_env_proxy()
        .with_retry(RetryPolicy::none())
}

fn token_response(token: &str, expires_in: chrono::TimeDelta) -> ResponseTemplate {
    let expires_at = (Utc::now() + expires_in).to_rfc3339_opts(SecondsFormat::Micros, true);
    ResponseTemplate::new(201)
        .insert_header("X-Subject-Token", token)
        .set_body_json(json!({"token": {
            "expires_at": expires_at,
            "methods": ["password"],
            "project": {"id": "proj-from-token", "name": "cn-north-4"},
        }}))
}

fn provider(server: &MockServer, scope: ProjectScope) -> IamTokenProvider {
    let client = IamClient::unauthenticated(Url::parse(&server.uri()).expect("uri"), config())
        .expect("client");
    IamTokenProvider::new(
        client,
        PasswordIdentity::new("alice", "S3cret-Pa55word", "acme"),
        scope,
    )
}

#[tokio::test]
async fn token_request_shape_and_caching() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": "alice", "password": "S3cret-Pa55word", "domain": {"name": "acme"}}}},
            "scope": {"project": {"name": "cn-north-4"}}
        }})))
        .respond_with(token_response("tok-1", chrono::TimeDelta::hours(24)))
        .expect(1)
        .mount(&server)
        .await;
    let p = provider(&server, ProjectScope::Name("cn-north-4".into()));
    let t = p.token().await.unwrap();
    assert_eq!(t.token.expose(), "tok-1");
    assert_eq!(t.project_id.as_deref(), Some("proj-from-token"));
    assert!(t.expires_at > Utc::now() + chrono::TimeDelta::hours(23));
    let again = p.token().await.unwrap();
    assert_eq!(again.token.expose(), "tok-1");
    assert_eq!(p.fetch_count(), 1);
    let shown = format!("{p:?} {t:?}");
    assert!(
        !shown.contains("S3cret-Pa55word") && !shown.contains("tok-1"),
        "{shown}"
    );
}

#[tokio::test]
async fn scope_by_project_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .and(body_json(json!({"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": "alice", "password": "S3cret-Pa55word", "domain": {"name": "acme"}}}},
            "scope": {"project": {"id": "p-42"}}
        }})))
        .respond_with(token_response("tok-id", chrono::TimeDelta::hours(24)))
        .expect(1)
        .mount(&server)
        .await;
    let p = provider(&server, ProjectScope::Id("p-42".into()));
    assert_eq!(p.token().await.unwrap().token.expose(), "tok-id");
}

#[tokio::test]
async fn fifty_concurrent_signs_make_one_iam_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(
            token_response("tok-shared", chrono::TimeDelta::hours(24))
                .set_delay(Duration::from_millis(200)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let p = Arc::new(provider(&server, ProjectScope::Name("cn-north-4".into())));
    let signer = Arc::new(TokenSigner::new(p.clone()).with_project_id("p1"));
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let signer = signer.clone();
        tasks.push(tokio::spawn(async move {
            let mut req = HttpRequest::get(
                Url::parse("https://fg.example/v2/p1/fgs/quotas").unwrap(),
                "ListQuotas",
            );
            signer.sign(&mut req, Utc::now()).await.unwrap();
            (
                req.headers()["x-auth-token"].to_str().unwrap().to_owned(),
                req.headers()["x-project-id"].to_str().unwrap().to_owned(),
                req.headers()["x-auth-token"].is_sensitive(),
            )
        }));
    }
    for task in tasks {
        let (token, project, sensitive) = task.await.unwrap();
        assert_eq!(token, "tok-shared");
        assert_eq!(project, "p1");
        assert!(sensitive);
    }
    assert_eq!(p.fetch_count(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn refreshes_ahead_of_expiry() {
    let server = MockServer::start().await;
    // A 4 s token with the default 1 h margin: refreshed halfway (after 2 s), not on every call.
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(token_response("short", chrono::TimeDelta::seconds(4)))
        .mount(&server)
        .await;
    let p = provider(&server, ProjectScope::Name("cn-north-4".into()));
    p.token().await.unwrap();
    p.token().await.unwrap();
    assert_eq!(p.fetch_count(), 1);
    tokio::time::sleep(Duration::from_millis(2300)).await;
    p.token().await.unwrap();
    assert_eq!(p.fetch_count(), 2);

    // A 2 h token with a 30 min margin: cached for 89 minutes, refreshed when less than 30 min are left.
    let p = provider(&server, ProjectScope::Name("cn-north-4".into()))
        .with_refresh_ahead(Duration::from_secs(30 * 60));
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(token_response("long", chrono::TimeDelta::hours(2)))
        .mount(&server)
        .await;
    let now = Utc::now();
    p.token_at(now).await.unwrap();
    p.token_at(now + chrono::TimeDelta::minutes(89))
        .await
        .unwrap();
    assert_eq!(p.fetch_count(), 1);
    p.token_at(now + chrono::TimeDelta::minutes(91))
        .await
        .unwrap();
    assert_eq!(p.fetch_count(), 2);
}

#[tokio::test]
async fn failed_fetch_is_not_cached_and_invalidate_drops() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(token_response("ok", chrono::TimeDelta::hours(24)))
        .mount(&server)
        .await;
    let p = provider(&server, ProjectScope::Name("cn-north-4".into()));
    let err = p.token().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(p.token().await.unwrap().token.expose(), "ok");
    p.token().await.unwrap();
    assert_eq!(p.fetch_count(), 2);
    p.invalidate().await;
    p.token().await.unwrap();
    assert_eq!(p.fetch_count(), 3);
}

#[tokio::test]
async fn wrong_password_is_unauthenticated_without_the_password() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("X-IAM-Trace-Id", "trace-9")
                .set_body_json(json!({"error": {
                    "code": 401,
                    "message": "The username or password is wrong.",
                    "title": "Unauthorized"
                }})),
        )
        .mount(&server)
        .await;
    let p = provider(&server, ProjectScope::Name("cn-north-4".into()));
    let err = p.token().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthenticated);
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.request_id(), Some("trace-9"));
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("alice") && shown.contains("acme"), "{shown}");
    assert!(
        shown.contains("The username or password is wrong."),
        "{shown}"
    );
    assert!(!shown.contains("S3cret-Pa55word"), "{shown}");
}

#[tokio::test]
async fn missing_subject_token_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"token": {}})))
        .mount(&server)
        .await;
    let p = provider(&server, ProjectScope::Name("cn-north-4".into()));
    let err = p.token().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.message().contains("X-Subject-Token"), "{err}");
}

fn fg_transport(server: &MockServer) -> (Transport, Arc<IamTokenProvider>) {
    let p = Arc::new(provider(server, ProjectScope::Name("cn-north-4".into())));
    let signer = TokenSigner::new(p.clone()).with_project_id("p1");
    let transport = Transport::new(
        config(),
        Arc::new(GenericProfile::new("huawei-functiongraph")),
        Arc::new(signer),
    )
    .expect("transport");
    (transport, p)
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_resends() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(token_response("tok-old", chrono::TimeDelta::hours(24)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(token_response("tok-new", chrono::TimeDelta::hours(24)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/p1/fgs/quotas"))
        .and(header("x-auth-token", "tok-old"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error_code": "APIGW.0307", "error_msg": "The token must be updated."}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/p1/fgs/quotas"))
        .and(header("x-auth-token", "tok-new"))
        .and(header("x-project-id", "p1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"quotas": {}})))
        .expect(1)
        .mount(&server)
        .await;
    let (transport, p) = fg_transport(&server);
    let url = Url::parse(&format!("{}/v2/p1/fgs/quotas", server.uri())).unwrap();
    let resp = transport
        .send(HttpRequest::get(url, "ListQuotas"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.attempts(), 2);
    assert_eq!(p.fetch_count(), 2);
}

#[tokio::test]
async fn a_second_401_is_unauthenticated() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(token_response("tok", chrono::TimeDelta::hours(24)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/p1/fgs/quotas"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let (transport, p) = fg_transport(&server);
    let url = Url::parse(&format!("{}/v2/p1/fgs/quotas", server.uri())).unwrap();
    let err = transport
        .send(HttpRequest::get(url, "ListQuotas"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthenticated);
    assert_eq!(err.attempts(), Some(2));
    assert_eq!(p.fetch_count(), 2);
}

fn lookup_client(server: &MockServer, creds: &AkSkCredentials) -> IamClient {
    let signer = AkSkSigner::new(Arc::new(StaticCredentialProvider::new(creds.clone())));
    IamClient::new(
        Url::parse(&server.uri()).expect("uri"),
        config(),
        Arc::new(signer),
    )
    .expect("client")
}

#[tokio::test]
async fn project_lookup_one_match_is_signed_and_cached() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", "cn-north-4"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "projects": [{"id": "0123456789abcdef0123456789abcdef", "name": "cn-north-4"}],
            "links": {"self": "https://iam/v3/projects"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let creds = AkSkCredentials::new("LOOKUPAK1", "lookup-sk");
    let client = lookup_client(&server, &creds);
    let id = lookup_project_id(&client, "LOOKUPAK1", "cn-north-4")
        .await
        .unwrap();
    assert_eq!(id, "0123456789abcdef0123456789abcdef");
    // Cached: no second request (the mock expects exactly one).
    let again = lookup_project_id(&client, "LOOKUPAK1", "cn-north-4")
        .await
        .unwrap();
    assert_eq!(again, id);

    // The request was signed like the SDK's: no Content-Type, no X-Project-Id, a verifiable signature.
    let received = &server.received_requests().await.unwrap()[0];
    assert!(received.headers.get("content-type").is_none());
    assert!(received.headers.get("x-project-id").is_none());
    let mut headers = received.headers.clone();
    let auth = headers
        .remove("authorization")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let signed_names: Vec<String> = auth
        .split("SignedHeaders=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .split(';')
        .map(str::to_owned)
        .collect();
    let mut req = SignableRequest::new("GET", received.url.path(), b"")
        .with_raw_query(received.url.query().unwrap());
    for name in &signed_names {
        req = req.with_header(name, headers[name.as_str()].to_str().unwrap());
    }
    assert_eq!(sign(&creds, &req).unwrap(), auth);
}

#[tokio::test]
async fn project_lookup_zero_or_several_is_a_config_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", "cn-east-3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"projects": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", "cn-south-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"projects": [
                {"id": "aaa111", "name": "cn-south-1"}, {"id": "bbb222", "name": "cn-south-1"}
            ]})),
        )
        .mount(&server)
        .await;
    let creds = AkSkCredentials::new("LOOKUPAK2", "sk");
    let client = lookup_client(&server, &creds);
    let err = lookup_project_id(&client, "LOOKUPAK2", "cn-east-3")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(
        err.message().contains("no project named `cn-east-3`"),
        "{err}"
    );
    let err = lookup_project_id(&client, "LOOKUPAK2", "cn-south-1")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(
        err.message().contains("aaa111") && err.message().contains("bbb222"),
        "{err}"
    );

    // An IAM error keeps its kind.
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", "cn-east-2"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {
            "code": 403, "message": "You are not authorized", "title": "Forbidden"}})))
        .mount(&server)
        .await;
    let err = lookup_project_id(&client, "LOOKUPAK2", "cn-east-2")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert!(err.message().contains("cn-east-2"), "{err}");
}
