//! Every published FC signing vector, byte for byte: alibaba-fc.md §3.10 (A–E and the Go SDK vector) and
//! official-sdks.md §3.1 (FC-1, FC-2, FC-3 and the Node vector).
#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use cloudfn_alibaba::signer::{
    FcCredentials, Secret, canonical_resource, canonical_resource_decoded, format_date,
    header_pairs, parse_date, sign, sign_request, signature, string_to_sign,
    string_to_sign_with_resource, verify,
};
use http::HeaderMap;

const DOC_DATE: &str = "Mon, 09 Nov 2020 09:46:33 GMT";

fn doc_creds() -> FcCredentials {
    FcCredentials::new("ExampleAccessKeyID", "ExampleAccessKeySecret")
}

/// Splits a request target into path and query.
fn split(target: &str) -> (&str, Option<&str>) {
    match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    }
}

fn check(
    creds: &FcCredentials,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    expected_sts: &str,
    expected_sig: &str,
) {
    let (path, query) = split(target);
    let sts = string_to_sign(method, path, headers.iter().copied(), query);
    assert_eq!(sts, expected_sts, "string to sign of {method} {target}");
    let auth = sign(creds, method, path, headers.iter().copied(), query);
    assert_eq!(auth, format!("FC {}:{expected_sig}", creds.access_key_id()));
    assert_eq!(
        signature(creds.access_key_secret(), expected_sts),
        expected_sig
    );
    assert!(verify(
        creds.access_key_secret(),
        method,
        path,
        headers.iter().copied(),
        query,
        &auth
    ));
}

#[test]
fn vector_a_normal_get_drops_the_query() {
    check(
        &doc_creds(),
        "GET",
        "/2016-08-15/services?limit=20&prefix=svc",
        &[("Content-Type", "application/json"), ("Date", DOC_DATE)],
        "GET\n\napplication/json\nMon, 09 Nov 2020 09:46:33 GMT\n/2016-08-15/services",
        "7Df2prNJhdGBYCyTLgsTOgqKu2e8XLJL2VX7rzz5AXI=",
    );
    assert_eq!(
        sign(
            &doc_creds(),
            "GET",
            "/2016-08-15/services",
            [("Content-Type", "application/json"), ("Date", DOC_DATE)],
            Some("limit=20&prefix=svc"),
        ),
        "FC ExampleAccessKeyID:7Df2prNJhdGBYCyTLgsTOgqKu2e8XLJL2VX7rzz5AXI="
    );
}

#[test]
fn vector_b_invoke_with_md5_and_sts_token() {
    let creds = doc_creds().with_security_token("ExampleSTSToken");
    let headers = [
        ("Content-Type", "application/octet-stream"),
        ("Content-MD5", "jT96eZsQ7fmirAZWrC87Lw=="),
        ("Date", DOC_DATE),
        ("X-Fc-Invocation-Type", "Async"),
        ("X-Fc-Log-Type", "None"),
        ("X-Fc-Security-Token", "ExampleSTSToken"),
    ];
    check(
        &creds,
        "POST",
        "/2016-08-15/services/service_name.LATEST/functions/function_name/invocations",
        &headers,
        "POST\njT96eZsQ7fmirAZWrC87Lw==\napplication/octet-stream\nMon, 09 Nov 2020 09:46:33 GMT\n\
         x-fc-invocation-type:Async\nx-fc-log-type:None\nx-fc-security-token:ExampleSTSToken\n\
         /2016-08-15/services/service_name.LATEST/functions/function_name/invocations",
        "MnR3ZIFKD7rV9h7ID3StsDwTZ9yjXehBG4+gLaFFRs8=",
    );

    // The same request through `sign_request`, which adds Date and the token itself.
    let mut map = HeaderMap::new();
    map.insert("content-type", "application/octet-stream".parse().unwrap());
    map.insert("content-md5", "jT96eZsQ7fmirAZWrC87Lw==".parse().unwrap());
    map.insert("x-fc-invocation-type", "Async".parse().unwrap());
    map.insert("x-fc-log-type", "None".parse().unwrap());
    let now = parse_date(DOC_DATE).unwrap();
    sign_request(
        &creds,
        "POST",
        "/2016-08-15/services/service_name.LATEST/functions/function_name/invocations",
        None,
        &mut map,
        now,
    )
    .unwrap();
    assert_eq!(map["date"], DOC_DATE);
    assert_eq!(map["x-fc-security-token"], "ExampleSTSToken");
    assert_eq!(
        map["authorization"],
        "FC ExampleAccessKeyID:MnR3ZIFKD7rV9h7ID3StsDwTZ9yjXehBG4+gLaFFRs8="
    );
    assert_eq!(header_pairs(&map).count(), 7);
}

#[test]
fn vector_c_proxy_signs_sorted_decoded_query() {
    check(
        &doc_creds(),
        "GET",
        "/2016-08-15/proxy/service-name/func-name/path-with-%20-space/action?x=1&a=2&x=3&with%20space=foo%20bar",
        &[("Date", DOC_DATE)],
        "GET\n\n\nMon, 09 Nov 2020 09:46:33 GMT\n\
         /2016-08-15/proxy/service-name/func-name/path-with- -space/action\na=2\nwith space=foo bar\nx=1\nx=3",
        "l2I7/r3ZkxKHPdSuvfPEJqcX1X4PT7GwCgwDV1BnJPw=",
    );
}

#[test]
fn vector_d_proxy_without_query_ends_with_newline() {
    check(
        &doc_creds(),
        "POST",
        "/2016-08-15/proxy/service-name/func-name/",
        &[
            ("Content-Type", "text/plain"),
            ("Date", DOC_DATE),
            ("X-Fc-Trace-Id", "trace-1"),
        ],
        "POST\n\ntext/plain\nMon, 09 Nov 2020 09:46:33 GMT\nx-fc-trace-id:trace-1\n\
         /2016-08-15/proxy/service-name/func-name/\n",
        "FiSgiaWe20zlfBmgR/bvclf2juz0fSmB0JnMyZj+a6k=",
    );
}

#[test]
fn vector_e_normal_request_decodes_path_and_drops_query() {
    check(
        &doc_creds(),
        "GET",
        "/2016-08-15/service-name/func-name/path-with-%20-space/action?x=1&a=2&x=3&with%20space=foo%20bar",
        &[("Date", DOC_DATE)],
        "GET\n\n\nMon, 09 Nov 2020 09:46:33 GMT\n/2016-08-15/service-name/func-name/path-with- -space/action",
        "nmaeim/EKGMUJUrTknIDipEyd+4RmfsDgOXIStaRmII=",
    );
}

#[test]
fn go_sdk_presign_vector_hmac() {
    let sts = "GET\nef5b43a0fe1d5b401b62c3ba33a7a3d6\ntext/json\n1583221068\nx-fc-trace-id:trace-id\n\
               /2016-08-15/proxy/service.LATEST/func/abc 123\na=123 45\nx-fc-access-key-id=akID\n\
               x-fc-expires=1583221068\nx-fc-security-token=stsToken\nx=456\nx=xyz";
    assert_eq!(
        signature(&Secret::new("S9MWOBG0AOWHSO9HPASP216QOPHT5YR4NLH3A"), sts),
        "QFdNhz0Dl+onUM/MvpX940WFH3H8OHayZHbby1c01aI="
    );
    // And the resource part of it from decoded query pairs.
    let resource = canonical_resource_decoded(
        "/2016-08-15/proxy/service.LATEST/func/abc 123",
        Some(&[
            ("x", "xyz"),
            ("x-fc-security-token", "stsToken"),
            ("a", "123 45"),
            ("x-fc-expires", "1583221068"),
            ("x", "456"),
            ("x-fc-access-key-id", "akID"),
        ]),
    );
    let rebuilt = string_to_sign_with_resource(
        "GET",
        &resource,
        [
            ("content-md5", "ef5b43a0fe1d5b401b62c3ba33a7a3d6"),
            ("content-type", "text/json"),
            ("date", "1583221068"),
            ("x-fc-trace-id", "trace-id"),
        ],
    );
    assert_eq!(rebuilt, sts);
}

const SDK_DATE: &str = "Wed, 01 May 2024 12:00:00 GMT";

fn sdk_creds() -> FcCredentials {
    FcCredentials::new("testAccessKeyId", "testAccessKeySecret")
}

/// The exact header dict `fc2.Client._build_common_headers` produces (official-sdks.md §3.1).
fn sdk_headers<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut h = vec![
        ("host", "123456789.cn-hangzhou.fc.aliyuncs.com"),
        ("date", SDK_DATE),
        ("content-type", "application/json"),
        ("content-length", "0"),
        (
            "user-agent",
            "aliyun-fc-sdk-v2.5.2.python-3.11.7.Linux-6.1.0-x86_64",
        ),
    ];
    h.extend_from_slice(extra);
    h
}

#[test]
fn fc1_get_service() {
    check(
        &sdk_creds(),
        "GET",
        "/2016-08-15/services/my-service",
        &sdk_headers(&[]),
        "GET\n\napplication/json\nWed, 01 May 2024 12:00:00 GMT\n/2016-08-15/services/my-service",
        "t6QPRVFgU9VdA+/YayHBcoRAVOCBEPmt1wRmAZx9vR8=",
    );
}

#[test]
fn fc2_create_service_with_sts_token_and_mixed_case_header() {
    let creds = sdk_creds().with_security_token("sts-token-123");
    check(
        &creds,
        "POST",
        "/2016-08-15/services",
        &sdk_headers(&[
            ("x-fc-security-token", "sts-token-123"),
            ("X-Fc-Trace-Id", "trace-0001"),
        ]),
        "POST\n\napplication/json\nWed, 01 May 2024 12:00:00 GMT\nx-fc-security-token:sts-token-123\n\
         x-fc-trace-id:trace-0001\n/2016-08-15/services",
        "hbraOonEf+MgkbiuCqc4TE/7nFB3bFlZJFwm1uc7S3Y=",
    );

    let mut map = HeaderMap::new();
    map.insert("content-type", "application/json".parse().unwrap());
    map.insert("X-Fc-Trace-Id", "trace-0001".parse().unwrap());
    sign_request(
        &creds,
        "POST",
        "/2016-08-15/services",
        None,
        &mut map,
        Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap(),
    )
    .unwrap();
    assert_eq!(
        map["authorization"],
        "FC testAccessKeyId:hbraOonEf+MgkbiuCqc4TE/7nFB3bFlZJFwm1uc7S3Y="
    );
}

const FC3_STS: &str = "GET\n\napplication/json\nWed, 01 May 2024 12:00:00 GMT\nx-fc-invocation-type:Sync\n\
                       /2016-08-15/proxy/my service/fn/a b/ü;x=1\na-b=x&y\na=é=ü\nab=c d+/\nq=1\nq=2";
const FC3_SIG: &str = "AbEDUISxbrmMcI/RnddVJdiipUV5xtnn8NZUUE8wZTA=";

#[test]
fn fc3_proxy_from_the_wire() {
    check(
        &sdk_creds(),
        "GET",
        "/2016-08-15/proxy/my%20service/fn/a%20b/%C3%BC;x=1?q=2&q=1&ab=c+d%2B%2F&a-b=x%26y&a=%C3%A9%3D%C3%BC",
        &sdk_headers(&[("X-Fc-Invocation-Type", "Sync")]),
        FC3_STS,
        FC3_SIG,
    );
}

#[test]
fn fc3_proxy_from_decoded_params_like_the_sdk() {
    let resource = canonical_resource_decoded(
        "/2016-08-15/proxy/my service/fn/a b/ü;x=1",
        Some(&[
            ("q", "2"),
            ("q", "1"),
            ("ab", "c d+/"),
            ("a-b", "x&y"),
            ("a", "é=ü"),
        ]),
    );
    let sts = string_to_sign_with_resource(
        "GET",
        &resource,
        sdk_headers(&[("X-Fc-Invocation-Type", "Sync")]),
    );
    assert_eq!(sts, FC3_STS);
    assert_eq!(signature(sdk_creds().access_key_secret(), &sts), FC3_SIG);
    // Sorting is by whole `k=v` strings: `a-b=` < `a=` < `ab=`.
    assert_eq!(
        canonical_resource("/2016-08-15/proxy/s/f", Some("ab=1&a=2&a-b=3")),
        "/2016-08-15/proxy/s/f\na-b=3\na=2\nab=1"
    );
}

#[test]
fn node_sdk_vector_with_hex_base64_md5_and_account_id() {
    check(
        &sdk_creds(),
        "POST",
        "/2016-08-15/services",
        &[
            (
                "content-md5",
                "NmRjYmU5OTE4MmNhNmJjNTliY2UwOGZlOWY0ZjE0YTY=",
            ),
            ("content-type", "application/json"),
            ("date", SDK_DATE),
            ("x-fc-account-id", "123456789"),
            ("accept", "application/json"),
        ],
        "POST\nNmRjYmU5OTE4MmNhNmJjNTliY2UwOGZlOWY0ZjE0YTY=\napplication/json\nWed, 01 May 2024 12:00:00 GMT\n\
         x-fc-account-id:123456789\n/2016-08-15/services",
        "3M1Sfx3T2JitMLlgIGuHccGh+cHgvD1T6Gd3X1JeOrk=",
    );
}

#[test]
fn date_format_round_trips() {
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 7, 20, 36).unwrap();
    assert_eq!(format_date(t), "Mon, 23 Nov 2026 07:20:36 GMT");
    assert_eq!(parse_date(&format_date(t)), Some(t));
    let early = Utc.with_ymd_and_hms(2024, 5, 1, 2, 3, 4).unwrap();
    assert_eq!(format_date(early), "Wed, 01 May 2024 02:03:04 GMT");
}
