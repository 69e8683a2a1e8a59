//! Property tests of the signer against an independent reference: the server-side verifier of
//! official-sdks.md §5.1 (`verify.py`, `hw_verify`), rewritten here from that Python with its own
//! `quote`/`unquote`, working from the raw wire target the way a server does. It shares no code with the
//! crate's signer.
#![allow(
    clippy::unwrap_used,
    clippy::format_push_string,
    clippy::format_collect
)]

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use cloudfn_huawei::signer::{
    AkSkCredentials, RequestTarget, SignableRequest, encode_query, sign, sign_headers,
};
use cloudfn_huawei::urn::{FunctionUrn, UrnQualifier};
use hmac::{Hmac, Mac};
use http::HeaderMap;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

// ---------------------------------------------------------------- the reference (verify.py) ----

/// `urllib.parse.quote(s, safe='~')`.
fn ref_quote(s: &str) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `urllib.parse.unquote(s)`: `%XX` (either case) decoded, anything else literal, UTF-8 with replacement.
fn ref_unquote(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16);
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(&h), Some(&l)) = (bytes.get(i + 1), bytes.get(i + 2)) {
                if let (Some(h), Some(l)) = (hex(h), hex(l)) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ref_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `hw_verify(method, target, h, body, secret)`: `h` has lower-case names. Returns (ok, canonical request).
fn hw_verify(
    method: &str,
    target: &str,
    h: &BTreeMap<String, String>,
    body: &[u8],
    secret: &str,
) -> (bool, String) {
    let auth = &h["authorization"];
    let rest = auth.strip_prefix("SDK-HMAC-SHA256 Access=").unwrap();
    let (_ak, rest) = rest.split_once(", SignedHeaders=").unwrap();
    let (signed, sig) = rest.split_once(", Signature=").unwrap();
    let (path, q) = target.split_once('?').unwrap_or((target, ""));
    let segs: Vec<String> = ref_unquote(path).split('/').map(ref_quote).collect();
    let mut curi = segs.join("/");
    if !curi.ends_with('/') {
        curi.push('/');
    }
    let mut pairs: Vec<(String, String)> = q
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (ref_unquote(k), ref_unquote(v))
        })
        .collect();
    pairs.sort();
    let cq = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", ref_quote(k), ref_quote(v)))
        .collect::<Vec<_>>()
        .join("&");
    let ch: String = signed
        .split(';')
        .map(|k| format!("{k}:{}\n", h.get(k).map_or("", |v| v.trim())))
        .collect();
    let ph = if body.is_empty() {
        ref_hex(&Sha256::digest(b""))
    } else if let Some(v) = h.get("x-sdk-content-sha256") {
        v.clone()
    } else {
        ref_hex(&Sha256::digest(body))
    };
    let creq = [method, &curi, &cq, &ch, signed, &ph].join("\n");
    let sts = format!(
        "SDK-HMAC-SHA256\n{}\n{}",
        h["x-sdk-date"],
        ref_hex(&Sha256::digest(creq.as_bytes()))
    );
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(sts.as_bytes());
    (ref_hex(&mac.finalize().into_bytes()) == sig, creq)
}

// ---------------------------------------------------------------- generators ----

/// Hostile URN field characters (no `:`, the separator).
const FIELD_CHARS: &[&str] = &[
    "a", "Z", "0", "-", "_", ".", "~", " ", "!", "%", "+", "/", "?", "#", "&", "=", "*", ";", ",",
    "@", "'", "\"", "ü", "函", "数", "😀", "%2F", "%20",
];
/// Hostile query characters (`:` included).
const QUERY_CHARS: &[&str] = &[
    "a", "b", "1", ":", " ", "+", "%", "~", "*", "/", "&", "=", "?", "#", "é", "函", "😀", "%3A",
    "",
];

fn field() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(FIELD_CHARS), 1..8).prop_map(|v| v.concat())
}

fn query_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(QUERY_CHARS), 0..6).prop_map(|v| v.concat())
}

fn qualifier() -> impl Strategy<Value = UrnQualifier> {
    prop_oneof![
        Just(UrnQualifier::None),
        Just(UrnQualifier::Latest),
        field()
            .prop_filter("versions do not start with !", |v| !v.starts_with('!'))
            .prop_map(UrnQualifier::Version),
        field().prop_map(UrnQualifier::Alias),
    ]
}

fn urn() -> impl Strategy<Value = FunctionUrn> {
    (field(), field(), field(), field(), qualifier()).prop_map(|(r, p, pkg, n, q)| {
        FunctionUrn::new(r, p, pkg, n)
            .unwrap()
            .with_qualifier(q)
            .unwrap()
    })
}

#[derive(Debug, Clone)]
struct Case {
    method: &'static str,
    urn: FunctionUrn,
    suffix: &'static str,
    query: Vec<(String, String)>,
    extra_headers: Vec<(String, String)>,
    body: Vec<u8>,
    token: Option<String>,
    content_type: &'static str,
}

fn case() -> impl Strategy<Value = Case> {
    (
        proptest::sample::select(&["GET", "POST", "PUT", "DELETE"][..]),
        urn(),
        proptest::sample::select(&["/config", "/invocations", "", "/aliases/a b"][..]),
        // Keys from a small set so that repeats are common.
        proptest::collection::vec(
            (
                prop_oneof![Just("tag".to_owned()), Just("a:b".to_owned()), query_text()],
                query_text(),
            ),
            0..6,
        ),
        proptest::collection::vec(
            (
                proptest::sample::select(
                    &[
                        "X-Cff-Log-Type",
                        "x-cff-request-version",
                        "X-Custom",
                        "X_Under",
                    ][..],
                ),
                "[ -~]{0,12}",
            ),
            0..3,
        ),
        proptest::collection::vec(any::<u8>(), 0..40),
        proptest::option::of("[A-Za-z0-9+/=]{0,16}"),
        proptest::sample::select(&["application/json", "application/zip", "text/plain"][..]),
    )
        .prop_map(
            |(method, urn, suffix, query, headers, body, token, content_type)| Case {
                method,
                urn,
                suffix,
                query,
                extra_headers: headers
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect(),
                body,
                token,
                content_type,
            },
        )
}

const SK: &str = "prop-secret-key";

fn path_of(c: &Case) -> String {
    // The suffix's own segments are encoded as a client would.
    let suffix: String = c
        .suffix
        .split('/')
        .map(|s| s.replace(' ', "%20"))
        .collect::<Vec<_>>()
        .join("/");
    format!("/v2/p1/fgs/functions/{}{suffix}", c.urn.to_path_segment())
}

/// Signs `c` with `sign_headers` and returns (wire target, lower-cased headers).
fn sign_case(c: &Case) -> (String, BTreeMap<String, String>) {
    let mut creds = AkSkCredentials::new("AK1", SK).with_project_id("p1");
    if let Some(t) = &c.token {
        creds = creds.with_security_token(t.as_str());
    }
    let mut headers = HeaderMap::new();
    headers.insert("content-type", c.content_type.parse().unwrap());
    headers.insert(
        "user-agent",
        "cloudfn-test/1.0; os/linux#x".parse().unwrap(),
    );
    for (k, v) in &c.extra_headers {
        headers.insert(
            http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            v.parse().unwrap(),
        );
    }
    let path = path_of(c);
    let target = RequestTarget {
        method: c.method,
        path: &path,
        query: &c.query,
        body: &c.body,
        host: Some("127.0.0.1:9000"),
    };
    let now = Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap();
    sign_headers(&creds, &target, &mut headers, now).unwrap();
    // What the server receives: one value per (lower-cased) name.
    let lower: BTreeMap<String, String> = headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    let query = encode_query(&c.query);
    let wire = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    (wire, lower)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the URN, query, headers and body, the independent verifier accepts the signature, and
    /// both compute the same canonical request.
    #[test]
    fn reference_verifier_accepts(c in case()) {
        let (target, headers) = sign_case(&c);
        let (ok, ref_creq) = hw_verify(c.method, &target, &headers, &c.body, SK);
        prop_assert!(ok, "signature rejected for {target}\n{ref_creq}");
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let mut req = SignableRequest::new(c.method, path, &c.body).with_raw_query(query);
        for (k, v) in &headers {
            req = req.with_header(k, v);
        }
        prop_assert_eq!(req.canonical_request().text, ref_creq);
    }

    /// Header order and name case, and query pair order, do not change the signature.
    #[test]
    fn order_and_case_invariance(
        c in case(),
        seed in any::<u64>(),
    ) {
        let (target, headers) = sign_case(&c);
        let (path, _) = target.split_once('?').unwrap_or((&target, ""));
        let creds = AkSkCredentials::new("AK1", SK);
        let expected = headers["authorization"].clone();

        let mut hs: Vec<(String, String)> = headers.into_iter().filter(|(k, _)| k != "authorization").collect();
        let mut qs = c.query.clone();
        // Deterministic shuffles from the seed.
        let mut state = seed | 1;
        let mut next = || { state ^= state << 13; state ^= state >> 7; state ^= state << 17; state };
        for i in (1..hs.len()).rev() { let j = (next() % (i as u64 + 1)) as usize; hs.swap(i, j); }
        for i in (1..qs.len()).rev() { let j = (next() % (i as u64 + 1)) as usize; qs.swap(i, j); }
        let mut req = SignableRequest::new(c.method, path, &c.body).with_query(qs);
        for (k, v) in &hs {
            let k: String = k.chars().map(|ch| if next() % 2 == 0 { ch.to_ascii_uppercase() } else { ch }).collect();
            req = req.with_header(&k, v);
        }
        prop_assert_eq!(sign(&creds, &req).unwrap(), expected);
    }

    /// Changing any signed part changes the signature.
    #[test]
    fn any_change_changes_the_signature(c in case(), which in 0usize..8) {
        let (target, headers) = sign_case(&c);
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let creds = AkSkCredentials::new("AK1", SK);
        let build = |method: &str, path: &str, query: &str, headers: &BTreeMap<String, String>, body: &[u8]| {
            let mut req = SignableRequest::new(method, path, body).with_raw_query(query);
            for (k, v) in headers {
                req = req.with_header(k, v);
            }
            sign(&creds, &req).unwrap()
        };
        let original = build(c.method, path, query, &headers, &c.body);
        prop_assert_eq!(&original, &headers["authorization"]);
        let mut h = headers.clone();
        let mut body = c.body.clone();
        let mut method = c.method.to_owned();
        let mut path = path.to_owned();
        let mut query = query.to_owned();
        let mut other_sk = false;
        let mut unsigned_body_change = false;
        match which {
            0 => method = if method == "GET" { "POST".into() } else { "GET".into() },
            1 => path.push('x'),
            2 => query = if query.is_empty() { "k=v".into() } else { format!("{query}&zz=1") },
            3 => { h.insert("x-sdk-date".into(), "20240501T120001Z".into()); }
            4 => { let v = h["user-agent"].clone(); h.insert("user-agent".into(), format!("{v}x")); }
            5 => { h.insert("x-added".into(), "1".into()); }
            6 => {
                // With `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (non-JSON content) the bytes of a
                // non-empty body are not signed, as in the SDK; otherwise they are.
                unsigned_body_change = h.contains_key("x-sdk-content-sha256") && !body.is_empty();
                if body.is_empty() { body.push(b'x'); } else { body[0] ^= 0x01; }
            }
            _ => other_sk = true,
        }
        let changed = if other_sk {
            let mut req = SignableRequest::new(&method, &path, &body).with_raw_query(&query);
            for (k, v) in &h { req = req.with_header(k, v); }
            sign(&AkSkCredentials::new("AK1", "another-secret"), &req).unwrap()
        } else {
            build(&method, &path, &query, &h, &body)
        };
        if unsigned_body_change {
            prop_assert_eq!(changed, original);
        } else {
            prop_assert_ne!(changed, original);
        }
    }
}

#[test]
fn reference_unquote_matches_python() {
    // Values from Python 3.11's urllib.parse.unquote.
    assert_eq!(ref_unquote("%C3"), "\u{FFFD}");
    assert_eq!(ref_unquote("%zz%4"), "%zz%4");
    assert_eq!(ref_unquote("%C3%28"), "\u{FFFD}(");
    assert_eq!(ref_unquote("a%20b+%2f"), "a b+/");
    assert_eq!(ref_quote("v*~ /ü"), "v%2A~%20%2F%C3%BC");
}
