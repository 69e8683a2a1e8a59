//! The golden `SDK-HMAC-SHA256` vectors of official-sdks.md §3.2 (computed by `huaweicloudsdkcore`
//! 3.1.219's own signer and seen byte-identical on the wire), reproduced byte for byte: canonical request,
//! string to sign and `Authorization`.
#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use cloudfn_huawei::signer::{
    AkSkCredentials, RequestTarget, SignableRequest, encode_path_segment, encode_query, sign,
    sign_headers, signature, string_to_sign,
};
use http::HeaderMap;

const AK: &str = "EXAMPLEAK0000000000A";
const SK: &str = "EXAMPLESK00000000000000000000000000000000";
const DATE: &str = "20240501T120000Z";
const HOST: &str = "functiongraph.cn-north-4.myhuaweicloud.com";
const PID: &str = "0123456789abcdef0123456789abcdef";
const UA: &str = "huaweicloud-usdk-python/3.0; test-agent";

fn creds() -> AkSkCredentials {
    AkSkCredentials::new(AK, SK)
}

/// The headers `hw_req` of the vector script sets, in its (dict) order.
fn base(req: SignableRequest<'_>) -> SignableRequest<'_> {
    req.with_header("User-Agent", UA)
        .with_header("Content-Type", "application/json")
        .with_header("X-Project-Id", PID)
        .with_header("X-Sdk-Date", DATE)
        .with_header("Host", HOST)
}

struct Vector {
    canonical: &'static str,
    string_to_sign: &'static str,
    authorization: &'static str,
}

fn check(req: &SignableRequest<'_>, v: &Vector) {
    let canonical = req.canonical_request();
    assert_eq!(canonical.text, v.canonical, "canonical request");
    let sts = string_to_sign(DATE, &canonical.text);
    assert_eq!(sts, v.string_to_sign, "string to sign");
    assert_eq!(
        sign(&creds(), req).unwrap(),
        v.authorization,
        "Authorization"
    );
    let sig = signature(&creds().sk, &sts);
    assert!(v.authorization.ends_with(&format!("Signature={sig}")));
}

const HW1: Vector = Vector {
    canonical: "GET
/v2/0123456789abcdef0123456789abcdef/fgs/quotas/

content-type:application/json
host:functiongraph.cn-north-4.myhuaweicloud.com
user-agent:huaweicloud-usdk-python/3.0; test-agent
x-project-id:0123456789abcdef0123456789abcdef
x-sdk-date:20240501T120000Z

content-type;host;user-agent;x-project-id;x-sdk-date
e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    string_to_sign: "SDK-HMAC-SHA256
20240501T120000Z
f6ec1aeca54684fcfa7df819cf9216159e6fbb26fe81881fd5b7b8d32e40ea40",
    authorization: "SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000A, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature=135591e8a62ea33eece541e5c7f447aa55ef33dcfcd5dfecd098200ae22e4954",
};

const HW2: Vector = Vector {
    canonical: "POST
/v2/0123456789abcdef0123456789abcdef/fgs/functions/urn%3Afss%3Acn-north-4%3A0123456789abcdef0123456789abcdef%3Afunction%3Adefault%3Ahello%3Alatest/invocations/

content-type:application/json
host:functiongraph.cn-north-4.myhuaweicloud.com
user-agent:huaweicloud-usdk-python/3.0; test-agent
x-cff-log-type:tail
x-project-id:0123456789abcdef0123456789abcdef
x-sdk-date:20240501T120000Z
x-security-token:sts-token-123

content-type;host;user-agent;x-cff-log-type;x-project-id;x-sdk-date;x-security-token
d7f797dc76b3e79dc6f39b0d6744f05e000d90f357a8a81a7b90bf344b0f177e",
    string_to_sign: "SDK-HMAC-SHA256
20240501T120000Z
82fc5e1bc5f6f6dc1f34ee3a9d9ab02916159225153c95db5b62eb639a4d674b",
    authorization: "SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000A, SignedHeaders=content-type;host;user-agent;x-cff-log-type;x-project-id;x-sdk-date;x-security-token, Signature=30fd8939a38a04255aa811842e01d2bedf667371a831dc6d03fe81d7bb0a5eb4",
};

const HW3: Vector = Vector {
    canonical: "GET
/v2/0123456789abcdef0123456789abcdef/fgs/functions/urn%3Afss%3Acn-north-4%3A0123456789abcdef0123456789abcdef%3Afunction%3Adefault%3Amy%20fn/%C3%BC%3Alatest/config/
a1=x%20y&a%3Ab=1&empty=&flag=true&name=%E5%87%BD%E6%95%B0&tag=a&tag=b&t~=v%2A~
content-type:application/json
host:functiongraph.cn-north-4.myhuaweicloud.com
user-agent:huaweicloud-usdk-python/3.0; test-agent
x-project-id:0123456789abcdef0123456789abcdef
x-sdk-date:20240501T120000Z

content-type;host;user-agent;x-project-id;x-sdk-date
e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    string_to_sign: "SDK-HMAC-SHA256
20240501T120000Z
204186c248529ac44e8f86cad2372575ad3f2cd6aa1c02b5a910e001ac906254",
    authorization: "SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000A, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature=c3a7cd450de8d42c077b2c82bec8069c0907e7a544335fa44feab10c58783011",
};

const HW2_URN: &str =
    "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:hello:latest";
const HW2_BODY: &[u8] = br#"{"key": "value", "n": 1}"#;
const HW3_URN: &str =
    "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:my fn/ü:latest";

fn hw3_query() -> Vec<(String, String)> {
    [
        ("tag", "b"),
        ("tag", "a"),
        ("a:b", "1"),
        ("a1", "x y"),
        ("name", "函数"),
        ("flag", "true"),
        ("t~", "v*~"),
        ("empty", ""),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

#[test]
fn hw1_simple_get_without_query() {
    let req = base(SignableRequest::new(
        "GET",
        "/v2/0123456789abcdef0123456789abcdef/fgs/quotas",
        b"",
    ));
    check(&req, &HW1);
}

#[test]
fn hw2_post_json_body_with_log_type_and_security_token() {
    let path = format!(
        "/v2/{PID}/fgs/functions/{}/invocations",
        encode_path_segment(HW2_URN)
    );
    // The wire URI printed in the spec.
    assert_eq!(
        path,
        "/v2/0123456789abcdef0123456789abcdef/fgs/functions/urn%3Afss%3Acn-north-4%3A0123456789abcdef0123456789abcdef%3Afunction%3Adefault%3Ahello%3Alatest/invocations"
    );
    let req = base(SignableRequest::new("POST", &path, HW2_BODY))
        .with_header("X-Cff-Log-Type", "tail")
        .with_header("X-Security-Token", "sts-token-123");
    check(&req, &HW2);
}

#[test]
fn hw3_hostile_path_and_query() {
    let path = format!(
        "/v2/{PID}/fgs/functions/{}/config",
        encode_path_segment(HW3_URN)
    );
    let query = hw3_query();
    // The wire URI printed in the spec (the query is the canonical query string itself).
    assert_eq!(
        format!("{path}?{}", encode_query(&query)),
        "/v2/0123456789abcdef0123456789abcdef/fgs/functions/urn%3Afss%3Acn-north-4%3A0123456789abcdef0123456789abcdef%3Afunction%3Adefault%3Amy%20fn%2F%C3%BC%3Alatest/config?a1=x%20y&a%3Ab=1&empty=&flag=true&name=%E5%87%BD%E6%95%B0&tag=a&tag=b&t~=v%2A~"
    );
    let req = base(SignableRequest::new("GET", &path, b"")).with_query(query.clone());
    check(&req, &HW3);

    // The same request rebuilt from the wire query, as a verifying server sees it.
    let from_wire =
        base(SignableRequest::new("GET", &path, b"")).with_raw_query(&encode_query(&query));
    check(&from_wire, &HW3);
}

#[test]
fn golden_vectors_through_sign_headers() {
    let now = Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap();
    let mut headers = HeaderMap::new();
    headers.insert("user-agent", UA.parse().unwrap());
    headers.insert("content-type", "application/json".parse().unwrap());
    let creds = creds().with_project_id(PID);
    let target = RequestTarget {
        method: "GET",
        path: "/v2/0123456789abcdef0123456789abcdef/fgs/quotas",
        query: &[],
        body: b"",
        host: Some(HOST),
    };
    sign_headers(&creds, &target, &mut headers, now).unwrap();
    assert_eq!(headers["authorization"], HW1.authorization);
    assert!(headers["authorization"].is_sensitive());

    // HW-2: the security token comes from the credentials; a stale Authorization is replaced.
    let path = format!(
        "/v2/{PID}/fgs/functions/{}/invocations",
        encode_path_segment(HW2_URN)
    );
    let mut headers = HeaderMap::new();
    headers.insert("user-agent", UA.parse().unwrap());
    headers.insert("content-type", "application/json".parse().unwrap());
    headers.insert("x-cff-log-type", "tail".parse().unwrap());
    headers.insert("authorization", "stale".parse().unwrap());
    let creds = creds.with_security_token("sts-token-123");
    let target = RequestTarget {
        method: "POST",
        path: &path,
        query: &[],
        body: HW2_BODY,
        host: Some(HOST),
    };
    sign_headers(&creds, &target, &mut headers, now).unwrap();
    assert_eq!(headers["authorization"], HW2.authorization);
    assert_eq!(headers["x-security-token"], "sts-token-123");

    // HW-3 (no project id header in the vector's credentials path: it is set by the caller here).
    let path = format!(
        "/v2/{PID}/fgs/functions/{}/config",
        encode_path_segment(HW3_URN)
    );
    let mut headers = HeaderMap::new();
    headers.insert("user-agent", UA.parse().unwrap());
    headers.insert("content-type", "application/json".parse().unwrap());
    headers.insert("host", HOST.parse().unwrap());
    let query = hw3_query();
    let target = RequestTarget {
        method: "GET",
        path: &path,
        query: &query,
        body: b"",
        host: Some("ignored.example:1"),
    };
    sign_headers(
        &self::creds().with_project_id(PID),
        &target,
        &mut headers,
        now,
    )
    .unwrap();
    assert_eq!(headers["host"], HOST);
    assert_eq!(headers["authorization"], HW3.authorization);
}

#[test]
fn non_json_content_type_uses_unsigned_payload() {
    let now = Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap();
    let mut headers = HeaderMap::new();
    headers.insert("content-type", "application/zip".parse().unwrap());
    let target = RequestTarget {
        method: "PUT",
        path: "/x",
        query: &[],
        body: b"PK\x03\x04",
        host: Some(HOST),
    };
    sign_headers(&creds(), &target, &mut headers, now).unwrap();
    assert_eq!(headers["x-sdk-content-sha256"], "UNSIGNED-PAYLOAD");
    let auth = headers["authorization"].to_str().unwrap();
    assert!(auth.contains("SignedHeaders=content-type;host;x-sdk-content-sha256;x-sdk-date,"));
    let req = SignableRequest::new("PUT", "/x", b"PK\x03\x04")
        .with_header_map(&headers)
        .unwrap();
    assert!(req.canonical_request().text.ends_with("\nUNSIGNED-PAYLOAD"));

    // A JSON content type never does.
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-type",
        "application/json;charset=UTF-8".parse().unwrap(),
    );
    sign_headers(&creds(), &target, &mut headers, now).unwrap();
    assert!(!headers.contains_key("x-sdk-content-sha256"));
}
