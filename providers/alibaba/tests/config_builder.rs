//! `AlibabaFcBuilder`: regions, endpoints, URLs, the environment, credentials and `Debug`.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use cloudfn_alibaba::config::{AlibabaFcBuilder, AlibabaFcConfigKey};
use cloudfn_alibaba::credential::{MapEnv, StaticCredentialProvider};
use cloudfn_alibaba::region::REGIONS;
use cloudfn_alibaba::signer::FcCredentials;
use cloudfn_core::ErrorKind;
use cloudfn_core::transport::{RetryPolicy, TransportConfig};

fn creds() -> FcCredentials {
    FcCredentials::new("LTAI-id", "hunter2-secret").with_security_token("sts-token-value")
}

fn base() -> AlibabaFcBuilder {
    AlibabaFcBuilder::new()
        .with_env(Arc::new(MapEnv::new()))
        .with_account_id("16530750")
        .with_credentials(creds())
}

fn config_message(b: &AlibabaFcBuilder) -> String {
    let err = b.endpoint().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config, "{err}");
    err.message().to_owned()
}

#[test]
fn every_listed_region_resolves_public_and_internal() {
    for r in REGIONS {
        let b = base().with_region(r.id);
        assert_eq!(
            b.endpoint().unwrap().as_str(),
            format!("https://16530750.{}.fc.aliyuncs.com/", r.id)
        );
        assert_eq!(
            b.with_internal(true).endpoint().unwrap().as_str(),
            format!("https://16530750.{}-internal.fc.aliyuncs.com/", r.id)
        );
    }
}

#[test]
fn region_rules() {
    let msg = config_message(&base().with_region("me-east-1"));
    assert!(
        msg.starts_with("region: `me-east-1` is not a Function Compute region"),
        "{msg}"
    );
    assert!(msg.contains("cn-hangzhou, cn-shanghai"), "{msg}");
    assert!(msg.contains("with_unlisted_region(true)"), "{msg}");
    // The override accepts a well-formed new region...
    let b = base().with_region("me-east-1").with_unlisted_region(true);
    assert_eq!(
        b.endpoint().unwrap().as_str(),
        "https://16530750.me-east-1.fc.aliyuncs.com/"
    );
    // ...but never a malformed one, which would change the host.
    for bad in ["cn-hangzhou.evil.com", "CN-HANGZHOU", "cn hangzhou"] {
        let msg = config_message(&base().with_region(bad).with_unlisted_region(true));
        assert!(msg.starts_with("region: "), "{msg}");
        assert!(msg.contains("is not a region id"), "{msg}");
    }
    let msg = config_message(&base());
    assert!(msg.starts_with("region: required"), "{msg}");
}

#[test]
fn account_rules() {
    let b = AlibabaFcBuilder::new().with_region("cn-hangzhou");
    let msg = config_message(&b);
    assert!(msg.starts_with("account_id: required"), "{msg}");
    let msg = config_message(&b.with_account_id("evil.com/"));
    assert!(msg.starts_with("account_id: must be the numeric"), "{msg}");
}

#[test]
fn explicit_endpoints() {
    let b = base().with_endpoint("https://fc.example.com:8443");
    assert_eq!(
        b.endpoint().unwrap().as_str(),
        "https://fc.example.com:8443/"
    );
    // An explicit endpoint needs neither region nor a valid account.
    let b = AlibabaFcBuilder::new().with_endpoint("https://fc.example.com/");
    assert_eq!(b.endpoint().unwrap().as_str(), "https://fc.example.com/");

    let plain = base().with_endpoint("http://127.0.0.1:9000");
    let msg = config_message(&plain);
    assert!(
        msg.starts_with("endpoint: `http://127.0.0.1:9000` uses plain http"),
        "{msg}"
    );
    assert!(msg.contains("with_allow_http(true)"), "{msg}");
    assert_eq!(
        plain.with_allow_http(true).endpoint().unwrap().as_str(),
        "http://127.0.0.1:9000/"
    );

    for (bad, want) in [
        ("ftp://host", "endpoint: scheme must be https"),
        ("not a url", "endpoint: `not a url` is not a URL"),
        (
            "https://host/prefix",
            "endpoint: must be scheme://host[:port] without path",
        ),
        (
            "https://host/?a=1",
            "endpoint: must be scheme://host[:port] without path",
        ),
        ("https://user:pw@host", "endpoint: must not carry user info"),
    ] {
        let msg = config_message(&base().with_endpoint(bad));
        assert!(msg.starts_with(want), "{bad}: {msg}");
    }
    let msg = config_message(&base().with_endpoint("https://h").with_internal(true));
    assert!(msg.starts_with("internal: only applies"), "{msg}");
}

#[test]
fn urls() {
    let b = AlibabaFcBuilder::from_url("fc://123456@cn-hangzhou").unwrap();
    assert_eq!(b.account_id(), Some("123456"));
    assert_eq!(b.region(), Some("cn-hangzhou"));
    assert_eq!(
        b.endpoint().unwrap().as_str(),
        "https://123456.cn-hangzhou.fc.aliyuncs.com/"
    );
    let b = AlibabaFcBuilder::from_url("fc://123456@cn-hangzhou/?internal=true").unwrap();
    assert_eq!(
        b.endpoint().unwrap().as_str(),
        "https://123456.cn-hangzhou-internal.fc.aliyuncs.com/"
    );
    let b = AlibabaFcBuilder::from_url("fc://1@me-east-1?unlisted_region=true").unwrap();
    assert_eq!(
        b.endpoint().unwrap().as_str(),
        "https://1.me-east-1.fc.aliyuncs.com/"
    );
    let b = AlibabaFcBuilder::from_url("fc+http://localhost:9000?account=42").unwrap();
    assert_eq!(b.endpoint().unwrap().as_str(), "http://localhost:9000/");
    assert_eq!(b.account_id(), Some("42"));
    let b = AlibabaFcBuilder::from_url("fc+http://[::1]:9000").unwrap();
    assert_eq!(b.endpoint().unwrap().as_str(), "http://[::1]:9000/");
    let b = AlibabaFcBuilder::from_url("fc+https://fc.example.com").unwrap();
    assert_eq!(b.endpoint().unwrap().as_str(), "https://fc.example.com/");
    // A later URL replaces the endpoint choice of an earlier one.
    let b = b.with_url("fc://7@cn-beijing").unwrap();
    assert_eq!(
        b.endpoint().unwrap().as_str(),
        "https://7.cn-beijing.fc.aliyuncs.com/"
    );

    for (bad, want) in [
        (
            "fc://123456@cn-hangzhou?intern=true",
            "url: unknown query key `intern` for fc://",
        ),
        (
            "fc+http://h:1?acount=1",
            "url: unknown query key `acount` for fc+http://",
        ),
        (
            "fc://123456@cn-hangzhou?internal=maybe",
            "url query `internal`: must be true or false",
        ),
        (
            "fc://cn-hangzhou",
            "url: fc://{account}@{region} needs the account id",
        ),
        (
            "fc://1@cn-hangzhou:80",
            "url: fc://{account}@{region} takes no port",
        ),
        (
            "fc://1:secret@cn-hangzhou",
            "url: must not carry a password",
        ),
        ("fc://1@cn-hangzhou/path", "url: must not have a path"),
        ("fc://1@cn-hangzhou#frag", "url: must not have a fragment"),
        (
            "fc+https://1@host",
            "url: fc+https:// takes the account as `?account=`",
        ),
        ("s3://bucket", "url: unknown scheme `s3`"),
        ("nonsense", "url: not a valid URL"),
    ] {
        let err = AlibabaFcBuilder::from_url(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.message().starts_with(want), "{bad}: {}", err.message());
        assert!(!err.to_string().contains("secret"), "{err}");
    }
    // A region outside the list is caught when the endpoint is resolved.
    let b = AlibabaFcBuilder::from_url("fc://1@mars-north-1").unwrap();
    assert!(
        b.endpoint()
            .unwrap_err()
            .message()
            .starts_with("region: `mars-north-1`")
    );
}

#[test]
fn from_env_reads_the_documented_variables() {
    let env = MapEnv::new()
        .with_var("ALIBABA_CLOUD_ACCOUNT_ID", "99")
        .with_var("ALIBABA_CLOUD_REGION", "cn-qingdao");
    let b = AlibabaFcBuilder::from_env_with(Arc::new(env)).unwrap();
    assert_eq!(
        b.endpoint().unwrap().as_str(),
        "https://99.cn-qingdao.fc.aliyuncs.com/"
    );

    // ALIBABA_CLOUD_REGION_ID wins over ALIBABA_CLOUD_REGION; empty values are unset.
    let env = MapEnv::new()
        .with_var("ALIBABA_CLOUD_ACCOUNT_ID", "99")
        .with_var("ALIBABA_CLOUD_REGION_ID", "eu-west-1")
        .with_var("ALIBABA_CLOUD_REGION", "cn-qingdao")
        .with_var("CLOUDFN_FC_ENDPOINT", "")
        .with_var("CLOUDFN_FC_INTERNAL", "true");
    let b = AlibabaFcBuilder::from_env_with(Arc::new(env)).unwrap();
    assert_eq!(
        b.endpoint().unwrap().as_str(),
        "https://99.eu-west-1-internal.fc.aliyuncs.com/"
    );

    let env = MapEnv::new().with_var("CLOUDFN_FC_ENDPOINT", "http://127.0.0.1:9000");
    let b = AlibabaFcBuilder::from_env_with(Arc::new(env.clone())).unwrap();
    assert!(b.endpoint().unwrap_err().message().contains("plain http"));
    let env = env.with_var("CLOUDFN_FC_ALLOW_HTTP", "true");
    let b = AlibabaFcBuilder::from_env_with(Arc::new(env)).unwrap();
    assert_eq!(b.endpoint().unwrap().as_str(), "http://127.0.0.1:9000/");

    let env = MapEnv::new().with_var("CLOUDFN_FC_ALLOW_HTTP", "sure");
    let err = AlibabaFcBuilder::from_env_with(Arc::new(env)).unwrap_err();
    assert_eq!(
        err.message(),
        "CLOUDFN_FC_ALLOW_HTTP: must be true or false, got `sure`"
    );
}

#[test]
fn default_credentials_come_from_the_chain() {
    // Credentials in the builder's environment are found at build time.
    let env = MapEnv::new()
        .with_var("ALIBABA_CLOUD_ACCOUNT_ID", "99")
        .with_var("ALIBABA_CLOUD_REGION_ID", "cn-hangzhou")
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "id")
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret");
    let client = AlibabaFcBuilder::from_env_with(Arc::new(env))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint().as_str(),
        "https://99.cn-hangzhou.fc.aliyuncs.com/"
    );
    // None anywhere: the build fails early, saying what was tried.
    let env = MapEnv::new().with_var("HOME", "/nonexistent/cloudfn-home");
    let err = AlibabaFcBuilder::new()
        .with_env(Arc::new(env))
        .with_endpoint("https://fc.example.com")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(
        err.message()
            .starts_with("no Alibaba Cloud credentials found; tried environment"),
        "{err}"
    );
    // An explicit provider is used as given, without consulting the chain.
    let b = AlibabaFcBuilder::new()
        .with_env(Arc::new(MapEnv::new()))
        .with_endpoint("https://fc.example.com")
        .with_credential_provider(Arc::new(StaticCredentialProvider::new(creds())));
    assert!(b.build_transport().is_ok());
}

#[test]
fn transport_settings() {
    let b = base()
        .with_transport_config(TransportConfig::default().with_max_response_bytes(1024))
        .with_connect_timeout(Duration::from_secs(3))
        .with_request_timeout(Duration::from_secs(7))
        .with_retry(RetryPolicy::none())
        .with_user_agent_suffix("tool/1.0");
    let c = b.transport_config();
    assert_eq!(c.max_response_bytes(), 1024);
    assert_eq!(c.connect_timeout(), Duration::from_secs(3));
    assert_eq!(c.request_timeout(), Duration::from_secs(7));
    assert_eq!(c.retry().max_attempts(), 1);
    assert!(c.user_agent().ends_with(" tool/1.0"));
    let t = b.with_endpoint("https://h").build_transport().unwrap();
    assert_eq!(t.config().request_timeout(), Duration::from_secs(7));
    // A user agent suffix that is not a header value is a Config error at build.
    let err = base()
        .with_region("cn-hangzhou")
        .with_user_agent_suffix("bad\nagent")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
}

#[test]
fn debug_hides_secrets() {
    let env = MapEnv::new().with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret-value");
    let b = base().with_region("cn-hangzhou").with_env(Arc::new(env));
    let shown = format!("{b:?} {:?}", b.clone().build().unwrap());
    for secret in ["hunter2", "sts-token-value", "env-secret-value"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("LTAI-id"), "{shown}");
    let b = base().with_credential_provider(Arc::new(StaticCredentialProvider::new(creds())));
    assert!(!format!("{b:?}").contains("hunter2"));
}

#[test]
fn typed_config_keys() {
    for key in AlibabaFcConfigKey::ALL {
        assert_eq!(key.as_str().parse::<AlibabaFcConfigKey>().unwrap(), key);
        assert_eq!(
            key.to_string()
                .to_uppercase()
                .parse::<AlibabaFcConfigKey>()
                .unwrap(),
            key
        );
    }
    assert_eq!(
        "alibaba_cloud_region"
            .parse::<AlibabaFcConfigKey>()
            .unwrap(),
        AlibabaFcConfigKey::Region
    );
    assert_eq!(
        "CLOUDFN_FC_ENDPOINT".parse::<AlibabaFcConfigKey>().unwrap(),
        AlibabaFcConfigKey::Endpoint
    );
    let err = "regoin".parse::<AlibabaFcConfigKey>().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(
        err.message()
            .starts_with("config key: unknown key `regoin` (known: account_id, region,"),
        "{err}"
    );

    let b = AlibabaFcBuilder::new()
        .with_config(AlibabaFcConfigKey::Endpoint, "http://127.0.0.1:9000")
        .unwrap()
        .with_config(AlibabaFcConfigKey::AllowHttp, "TRUE")
        .unwrap()
        .with_config(AlibabaFcConfigKey::UserAgentSuffix, "tool/2")
        .unwrap();
    assert_eq!(b.endpoint().unwrap().as_str(), "http://127.0.0.1:9000/");
    assert_eq!(
        b.get_config_value(AlibabaFcConfigKey::AllowHttp).as_deref(),
        Some("true")
    );
    assert_eq!(
        b.get_config_value(AlibabaFcConfigKey::UserAgentSuffix)
            .as_deref(),
        Some("tool/2")
    );
    assert_eq!(b.get_config_value(AlibabaFcConfigKey::AccountId), None);
    let err = b
        .with_config(AlibabaFcConfigKey::Internal, "perhaps")
        .unwrap_err();
    assert_eq!(
        err.message(),
        "internal: must be true or false, got `perhaps`"
    );
}
