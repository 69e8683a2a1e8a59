//! Property tests of the FC signer against an independent reference of the rule: a transcription of the
//! server-side verifier in official-sdks.md §5.1 (`fc_verify`), written here from scratch (own
//! percent-decoder, own sort, own HMAC call), not calling the crate's canonicalisation.
#![allow(clippy::unwrap_used)]

use base64::Engine as _;
use cloudfn_alibaba::signer::{
    FcCredentials, canonical_resource, canonical_resource_decoded, sign,
};
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use sha2::Sha256;

const SECRET: &str = "SECRET";

// ---------------------------------------------------------------- reference (verify.py) ----

/// `urllib.parse.unquote` / `unquote_plus`: `%XX` (two hex digits) → byte, anything else literal, then
/// UTF-8 with replacement.
fn ref_unquote(s: &str, plus_is_space: bool) -> String {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(if plus_is_space && b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `fc_verify`'s string to sign. `headers` are (lower-cased name, stripped value), as `parse_log` builds
/// its dict.
fn ref_string_to_sign(method: &str, target: &str, headers: &[(String, String)]) -> String {
    let (path, q) = target.split_once('?').unwrap_or((target, ""));
    let upath = ref_unquote(path, false);
    let get = |name: &str| {
        headers
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut fc: Vec<(String, String)> = headers
        .iter()
        .filter(|(k, _)| k.starts_with("x-fc-"))
        .cloned()
        .collect();
    fc.sort();
    let canon = fc
        .iter()
        .map(|(k, v)| format!("{k}:{v}\n"))
        .collect::<Vec<_>>()
        .concat();
    let mut resource = upath.clone();
    if upath.starts_with("/2016-08-15/proxy/") {
        let mut lines: Vec<String> = q
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                format!("{}={}", ref_unquote(k, true), ref_unquote(v, true))
            })
            .collect();
        lines.sort();
        resource = format!("{upath}\n{}", lines.join("\n"));
    }
    [
        method.to_owned(),
        get("content-md5"),
        get("content-type"),
        get("date"),
        canon + &resource,
    ]
    .join("\n")
}

fn ref_authorization(id: &str, method: &str, target: &str, headers: &[(String, String)]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(ref_string_to_sign(method, target, headers).as_bytes());
    let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    format!("FC {id}:{sig}")
}

// ---------------------------------------------------------------- encoders for the wire ----

/// Percent-encodes every byte outside the RFC 3986 unreserved set.
fn encode_all(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Like Python's `quote_plus` (what requests' urlencode does): space → `+`, the rest percent-encoded.
fn encode_plus(s: &str) -> String {
    s.split(' ').map(encode_all).collect::<Vec<_>>().join("+")
}

// ---------------------------------------------------------------- strategies ----

/// Names with the characters that break naive signers.
fn hostile_name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "Z", "0", "-", "_", ".", " ", "+", "%", "%20", ":", "~", "ü", "é", "函数", "/",
            ";", "=", "&", "#", "?", "*", "'", "(", "@", "!", ",",
        ]),
        1..8,
    )
    .prop_map(|parts| parts.concat())
}

fn query_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    let key = prop::sample::select(vec!["a", "a-b", "ab", "q", "x y", "é", "k+", "Z"])
        .prop_map(str::to_owned);
    prop::collection::vec((key, hostile_name()), 0..6)
}

fn method() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"])
}

/// A header set with distinct names (ignoring case): the signed ones plus some that are not signed.
fn header_set() -> impl Strategy<Value = Vec<(String, String)>> {
    let value = "[ -~]{0,12}".prop_map(|v| v.trim_matches([' ', '\t']).to_owned());
    (
        prop::option::of(value.clone()),
        prop::option::of(value.clone()),
        value.clone(),
        prop::collection::btree_map("[a-z][a-z0-9-]{0,8}", value.clone(), 0..5),
        prop::collection::btree_map(
            "(host|user-agent|accept|content-length|x-other)",
            value,
            0..3,
        ),
    )
        .prop_map(|(md5, ctype, date, fc, other)| {
            let mut h = vec![("date".to_owned(), date)];
            if let Some(m) = md5 {
                h.push(("content-md5".to_owned(), m));
            }
            if let Some(t) = ctype {
                h.push(("content-type".to_owned(), t));
            }
            h.extend(fc.into_iter().map(|(k, v)| (format!("x-fc-{k}"), v)));
            h.extend(other);
            h
        })
}

fn flip_case(name: &str, mask: u64) -> String {
    name.chars()
        .enumerate()
        .map(|(i, c)| {
            if mask >> (i % 64) & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

fn creds() -> FcCredentials {
    FcCredentials::new("AKID", SECRET)
}

fn crate_sign(method: &str, target: &str, headers: &[(String, String)]) -> String {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    sign(
        &creds(),
        method,
        path,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        query,
    )
}

fn target(
    proxy: bool,
    service: &str,
    function: &str,
    query: &[(String, String)],
    plus: bool,
) -> String {
    let base = if proxy {
        format!(
            "/2016-08-15/proxy/{}/{}/p",
            encode_all(service),
            encode_all(function)
        )
    } else {
        format!(
            "/2016-08-15/services/{}/functions/{}",
            encode_all(service),
            encode_all(function)
        )
    };
    if query.is_empty() {
        return base;
    }
    let enc = if plus { encode_plus } else { encode_all };
    let q: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    format!("{base}?{}", q.join("&"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Hostile names in the path and repeated query keys sign exactly like the reference rule, for normal
    /// and HTTP-trigger requests, whichever way the query encodes spaces.
    #[test]
    fn matches_reference_rule(
        method in method(),
        proxy in any::<bool>(),
        plus in any::<bool>(),
        service in hostile_name(),
        function in hostile_name(),
        query in query_pairs(),
        headers in header_set(),
    ) {
        let t = target(proxy, &service, &function, &query, plus);
        prop_assert_eq!(crate_sign(method, &t, &headers), ref_authorization("AKID", method, &t, &headers));
    }

    /// The decoded-pairs entry point agrees with the wire entry point on HTTP-trigger paths.
    #[test]
    fn decoded_and_wire_resources_agree(
        service in hostile_name(),
        function in hostile_name(),
        query in query_pairs(),
        plus in any::<bool>(),
    ) {
        let t = target(true, &service, &function, &query, plus);
        let (path, q) = t.split_once('?').map_or((t.as_str(), None), |(p, q)| (p, Some(q)));
        let decoded_path = format!("/2016-08-15/proxy/{service}/{function}/p");
        let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        prop_assert_eq!(canonical_resource(path, q), canonical_resource_decoded(&decoded_path, Some(&pairs)));
    }

    /// Header order and header-name case do not change the signature.
    #[test]
    fn order_and_name_case_do_not_matter(
        (headers, reordered) in header_set().prop_flat_map(|h| (Just(h.clone()), Just(h).prop_shuffle())),
        masks in prop::collection::vec(any::<u64>(), 16),
        method in method(),
        service in hostile_name(),
    ) {
        let t = target(false, &service, "f", &[], false);
        let base = crate_sign(method, &t, &headers);
        let recased: Vec<(String, String)> = reordered
            .iter()
            .enumerate()
            .map(|(i, (k, v))| (flip_case(k, masks[i % masks.len()]), v.clone()))
            .collect();
        prop_assert_eq!(&base, &crate_sign(method, &t, &recased));
        prop_assert_eq!(&base, &crate_sign(&method.to_lowercase(), &t, &headers));
    }

    /// Changing a signed header value, the method or the path changes the signature; changing an unsigned
    /// header, or the query of a normal request, does not.
    #[test]
    fn signed_inputs_change_the_signature(
        headers in header_set(),
        pick in any::<prop::sample::Index>(),
        method in method(),
        other_method in method(),
        service in hostile_name(),
        extra in "[a-zA-Z0-9%~:+ ]{1,4}",
        query in query_pairs(),
    ) {
        let t = target(false, &service, "f", &[], false);
        let base = crate_sign(method, &t, &headers);

        let i = pick.index(headers.len());
        let (name, _) = &headers[i];
        let mut changed = headers.clone();
        changed[i].1.push('x');
        let signed = name == "date" || name == "content-md5" || name == "content-type" || name.starts_with("x-fc-");
        if signed {
            prop_assert_ne!(&base, &crate_sign(method, &t, &changed));
        } else {
            prop_assert_eq!(&base, &crate_sign(method, &t, &changed));
        }

        if other_method != method {
            prop_assert_ne!(&base, &crate_sign(other_method, &t, &headers));
        }

        let other_path = target(false, &format!("{service}{extra}"), "f", &[], false);
        prop_assert_ne!(&base, &crate_sign(method, &other_path, &headers));

        let with_query = target(false, &service, "f", &query, false);
        prop_assert_eq!(&base, &crate_sign(method, &with_query, &headers));
    }

    /// On HTTP-trigger paths the query is signed: adding a parameter changes the signature, reordering the
    /// parameters does not.
    #[test]
    fn proxy_query_is_signed_but_order_free(
        headers in header_set(),
        query in query_pairs(),
        value in hostile_name(),
    ) {
        let t = target(true, "s", "f", &query, false);
        let base = crate_sign("GET", &t, &headers);
        let mut reversed = query.clone();
        reversed.reverse();
        prop_assert_eq!(&base, &crate_sign("GET", &target(true, "s", "f", &reversed, true), &headers));
        let mut more = query.clone();
        more.push(("q".to_owned(), value));
        prop_assert_ne!(&base, &crate_sign("GET", &target(true, "s", "f", &more, false), &headers));
    }

    /// Surrounding spaces and tabs in header values are not signed (HTTP strips them in transit).
    #[test]
    fn value_padding_is_ignored(headers in header_set(), pad in "[ \t]{1,3}") {
        let t = "/2016-08-15/services";
        let padded: Vec<(String, String)> =
            headers.iter().map(|(k, v)| (k.clone(), format!("{pad}{v}{pad}"))).collect();
        prop_assert_eq!(crate_sign("GET", t, &headers), crate_sign("GET", t, &padded));
    }
}

#[test]
fn reference_decoder_sanity() {
    assert_eq!(ref_unquote("a%20b+c%2B%zz%", false), "a b+c+%zz%");
    assert_eq!(ref_unquote("a%20b+c", true), "a b c");
    assert_eq!(ref_unquote("%C3%BC%", false), "ü%");
}
