//! The FC request signature (`Authorization: FC {AccessKeyId}:{signature}`).
//!
//! This reproduces what the official Python SDK (`aliyun-fc2`, `fc2/auth.py`) signs and what the FC
//! server verifies:
//!
//! ```text
//! StringToSign = METHOD "\n" Content-MD5 "\n" Content-Type "\n" Date "\n"
//!                CanonicalizedFCHeaders CanonicalizedResource
//! signature    = base64(HMAC-SHA256(AccessKeySecret, StringToSign))
//! ```
//!
//! * `METHOD` is upper-cased. `Content-MD5`, `Content-Type` and `Date` are the header values, or empty when
//!   the header is absent (their names are matched case-insensitively, as HTTP requires; the SDK's
//!   case-sensitive dict lookup only differs from that for its own client bug, official-sdks.md §4 item 17).
//! * `CanonicalizedFCHeaders`: every header whose lower-cased name starts with `x-fc-`, as
//!   `name:value\n` with the name lower-cased, sorted by name (a stable sort: two headers with the same
//!   name keep their order), empty when there are none. `x-fc-security-token` is one of them, so STS
//!   tokens are signed.
//! * `CanonicalizedResource`: the percent-decoded path (`+` stays `+`), never the query, except for
//!   HTTP-trigger requests (decoded path starting with `/2016-08-15/proxy/`), whose resource is
//!   `path + "\n" + sorted("k=v" lines).join("\n")`: query keys and values are decoded with `+` as a
//!   space, a repeated key gives one line per value, the lines are sorted as whole `k=v` strings, and the
//!   resource ends with `"\n"` even when there is no query.
//!
//! **Header values are trimmed** of surrounding spaces and tabs before signing. The SDK signs the values of
//! its header dict verbatim, but HTTP strips that optional whitespace in transit, so the trimmed value is
//! the only one the server (and the reference verifier of official-sdks.md §5.1) can check; for values
//! without surrounding whitespace, which is everything the SDK sends, the two are identical.
//!
//! Two entry points compute the resource:
//! * [`string_to_sign`] / [`sign`] take the path and query **as they go on the wire** (percent-encoded) and
//!   decode them the way the server does. This is what a client or a server-side verifier uses.
//! * [`canonical_resource_decoded`] takes an already decoded path and query pairs, like the SDK's
//!   `sign_request(method, unquote(path), headers, queries)`.
//!
//! ```
//! use cloudfn_alibaba::signer::{FcCredentials, sign, string_to_sign};
//!
//! let creds = FcCredentials::new("testAccessKeyId", "testAccessKeySecret");
//! let headers = [
//!     ("host", "123456789.cn-hangzhou.fc.aliyuncs.com"),
//!     ("date", "Wed, 01 May 2024 12:00:00 GMT"),
//!     ("content-type", "application/json"),
//!     ("content-length", "0"),
//! ];
//! assert_eq!(
//!     string_to_sign("GET", "/2016-08-15/services/my-service", headers, None),
//!     "GET\n\napplication/json\nWed, 01 May 2024 12:00:00 GMT\n/2016-08-15/services/my-service"
//! );
//! assert_eq!(
//!     sign(&creds, "GET", "/2016-08-15/services/my-service", headers, None),
//!     "FC testAccessKeyId:t6QPRVFgU9VdA+/YayHBcoRAVOCBEPmt1wRmAZx9vR8="
//! );
//! ```

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Utc};
use cloudfn_core::{Error, ErrorKind};
use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderName, HeaderValue};
use percent_encoding::percent_decode_str;
use sha2::Sha256;

/// The API version, the first segment of every FC path.
pub const API_VERSION: &str = "2016-08-15";

/// Decoded paths under this prefix are HTTP-trigger requests, whose query is signed.
pub const PROXY_PATH_PREFIX: &str = "/2016-08-15/proxy/";

/// Prefix of the headers that take part in the signature.
pub const FC_HEADER_PREFIX: &str = "x-fc-";

/// The header that carries an STS security token (signed like every `x-fc-*` header).
pub const SECURITY_TOKEN_HEADER: &str = "x-fc-security-token";

/// The scheme word at the start of the `Authorization` value (followed by one space).
pub const AUTHORIZATION_SCHEME: &str = "FC";

/// A secret string (AccessKey secret or STS token) that never shows in `Debug`: the one
/// [`cloudfn_core::Secret`] every provider crate shares.
pub use cloudfn_core::Secret;

/// An Alibaba Cloud AccessKey pair, optionally with an STS security token.
///
/// Like the SDK (`Auth.__init__`), the id, secret and token are trimmed; an empty token counts as none.
/// `Debug` shows the AccessKey id only.
///
/// ```
/// use cloudfn_alibaba::signer::FcCredentials;
///
/// let creds = FcCredentials::new(" STS.id ", "secret").with_security_token("token");
/// assert_eq!(creds.access_key_id(), "STS.id");
/// let shown = format!("{creds:?}");
/// assert!(!shown.contains("secret\"") && !shown.contains("token\""));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FcCredentials {
    access_key_id: String,
    access_key_secret: Secret,
    security_token: Option<Secret>,
}

impl FcCredentials {
    /// Long-term credentials (no security token).
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        FcCredentials {
            access_key_id: access_key_id.into().trim().to_owned(),
            access_key_secret: Secret::new(access_key_secret.into().trim()),
            security_token: None,
        }
    }

    /// Adds an STS security token, sent (and signed) as `x-fc-security-token`. An empty or all-blank token
    /// removes it.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into().trim().to_owned();
        self.security_token = if token.is_empty() {
            None
        } else {
            Some(Secret::new(token))
        };
        self
    }

    /// The AccessKey id (goes in the `Authorization` header in clear).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The AccessKey secret (the HMAC key).
    pub fn access_key_secret(&self) -> &Secret {
        &self.access_key_secret
    }

    /// The STS security token, if any.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }
}

impl fmt::Debug for FcCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FcCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &self.access_key_secret)
            .field("security_token", &self.security_token)
            .finish()
    }
}

/// Formats a time as the `Date` header wants it: RFC 1123 in GMT, e.g. `Mon, 09 Nov 2020 09:46:33 GMT`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// let t = Utc.with_ymd_and_hms(2006, 1, 2, 15, 4, 5).unwrap();
/// assert_eq!(cloudfn_alibaba::signer::format_date(t), "Mon, 02 Jan 2006 15:04:05 GMT");
/// ```
pub fn format_date(time: DateTime<Utc>) -> String {
    time.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Parses a `Date` header value (RFC 1123 / RFC 2822, e.g. a server's `Date` for clock-skew correction).
/// Returns `None` for anything else.
///
/// ```
/// let t = cloudfn_alibaba::signer::parse_date("Mon, 09 Nov 2020 09:46:33 GMT").unwrap();
/// assert_eq!(t.to_rfc3339(), "2020-11-09T09:46:33+00:00");
/// assert!(cloudfn_alibaba::signer::parse_date("yesterday").is_none());
/// ```
pub fn parse_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(value.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Trims HTTP optional whitespace (space and horizontal tab) from both ends.
fn trim_ows(value: &str) -> &str {
    value.trim_matches([' ', '\t'])
}

/// The headers the signature reads, collected in one pass.
#[derive(Default)]
struct SignedHeaders {
    content_md5: Option<String>,
    content_type: Option<String>,
    date: Option<String>,
    fc: Vec<(String, String)>,
}

impl SignedHeaders {
    fn collect<I, K, V>(headers: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut out = SignedHeaders::default();
        for (name, value) in headers {
            let name = name.as_ref().trim().to_ascii_lowercase();
            let value = trim_ows(value.as_ref());
            match name.as_str() {
                "content-md5" => {
                    out.content_md5.get_or_insert_with(|| value.to_owned());
                }
                "content-type" => {
                    out.content_type.get_or_insert_with(|| value.to_owned());
                }
                "date" => {
                    out.date.get_or_insert_with(|| value.to_owned());
                }
                _ if name.starts_with(FC_HEADER_PREFIX) => out.fc.push((name, value.to_owned())),
                _ => {}
            }
        }
        // Stable: equal names keep their relative order, as in the SDK's `list.sort(key=...)`.
        out.fc.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    fn canonical_fc_headers(&self) -> String {
        let mut s = String::new();
        for (name, value) in &self.fc {
            s.push_str(name);
            s.push(':');
            s.push_str(value);
            s.push('\n');
        }
        s
    }
}

/// `CanonicalizedFCHeaders`: the `x-fc-*` headers as `name:value\n` lines, names lower-cased, sorted by name,
/// values trimmed; an empty string when there are none.
///
/// ```
/// let h = [("X-Fc-Trace-Id", "t1"), ("Content-Type", "text/plain"), ("x-fc-account-id", " 42 ")];
/// assert_eq!(
///     cloudfn_alibaba::signer::canonical_headers(h),
///     "x-fc-account-id:42\nx-fc-trace-id:t1\n"
/// );
/// ```
pub fn canonical_headers<I, K, V>(headers: I) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    SignedHeaders::collect(headers).canonical_fc_headers()
}

/// Whether a **decoded** path is an HTTP-trigger (`/2016-08-15/proxy/...`) path, the only kind whose query
/// is signed.
pub fn is_proxy_path(decoded_path: &str) -> bool {
    decoded_path.starts_with(PROXY_PATH_PREFIX)
}

/// Percent-decodes a path the way the server does (`unquote`: `%XX` escapes only, `+` stays `+`, invalid
/// UTF-8 replaced by U+FFFD).
pub fn decode_path(path: &str) -> Cow<'_, str> {
    percent_decode_str(path).decode_utf8_lossy()
}

/// Decodes one query key or value like `unquote_plus`: `+` is a space, then `%XX` escapes.
fn decode_query_component(component: &str) -> String {
    if component.contains('+') {
        let spaced = component.replace('+', " ");
        percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
    } else {
        percent_decode_str(component)
            .decode_utf8_lossy()
            .into_owned()
    }
}

/// Splits a raw query string into decoded `(key, value)` pairs, in wire order. A parameter without `=`
/// has an empty value; empty parameters (`a=1&&b=2`) are skipped.
pub fn decode_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode_query_component(k), decode_query_component(v))
        })
        .collect()
}

fn resource_with_query_lines(decoded_path: &str, mut lines: Vec<String>) -> String {
    lines.sort();
    let mut s = String::with_capacity(
        decoded_path.len() + 1 + lines.iter().map(|l| l.len() + 1).sum::<usize>(),
    );
    s.push_str(decoded_path);
    s.push('\n');
    s.push_str(&lines.join("\n"));
    s
}

/// `CanonicalizedResource` from the path and raw query **as sent on the wire** (percent-encoded, without
/// the leading `?`).
///
/// The path is percent-decoded; the query is ignored unless the decoded path is an HTTP-trigger path
/// ([`is_proxy_path`]), in which case it is decoded (`+` as space), one `k=v` line per parameter, sorted.
///
/// ```
/// use cloudfn_alibaba::signer::canonical_resource;
/// assert_eq!(
///     canonical_resource("/2016-08-15/services/a%20b", Some("limit=20")),
///     "/2016-08-15/services/a b"
/// );
/// assert_eq!(
///     canonical_resource("/2016-08-15/proxy/s/f/", Some("x=1&a=2&x=0")),
///     "/2016-08-15/proxy/s/f/\na=2\nx=0\nx=1"
/// );
/// assert_eq!(canonical_resource("/2016-08-15/proxy/s/f/", None), "/2016-08-15/proxy/s/f/\n");
/// ```
pub fn canonical_resource(path: &str, query: Option<&str>) -> String {
    let decoded = decode_path(path);
    if !is_proxy_path(&decoded) {
        return decoded.into_owned();
    }
    let lines = query
        .map(decode_query)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    resource_with_query_lines(&decoded, lines)
}

/// `CanonicalizedResource` from an **already decoded** path and, when the query is signed, already decoded
/// query pairs (a repeated key appears once per value), exactly as the SDK's `sign_request` builds it.
///
/// With `query: None` the resource is the path itself; with `Some` (even an empty slice) it is
/// `path + "\n" + sorted(k=v).join("\n")`. Unlike [`canonical_resource`] this does not look at the path to
/// decide: the SDK signs the query whenever it is given one, which it does only for `do_http_request`.
///
/// ```
/// use cloudfn_alibaba::signer::canonical_resource_decoded;
/// assert_eq!(
///     canonical_resource_decoded("/2016-08-15/proxy/s/f/a b", Some(&[("q", "2"), ("q", "1"), ("a-b", "x&y")])),
///     "/2016-08-15/proxy/s/f/a b\na-b=x&y\nq=1\nq=2"
/// );
/// ```
pub fn canonical_resource_decoded(decoded_path: &str, query: Option<&[(&str, &str)]>) -> String {
    match query {
        None => decoded_path.to_owned(),
        Some(pairs) => resource_with_query_lines(
            decoded_path,
            pairs.iter().map(|(k, v)| format!("{k}={v}")).collect(),
        ),
    }
}

/// The string to sign, from the method, the already computed canonical resource and the headers.
pub fn string_to_sign_with_resource<I, K, V>(
    method: &str,
    canonical_resource: &str,
    headers: I,
) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let h = SignedHeaders::collect(headers);
    let mut s = String::new();
    s.push_str(&method.to_ascii_uppercase());
    s.push('\n');
    s.push_str(h.content_md5.as_deref().unwrap_or(""));
    s.push('\n');
    s.push_str(h.content_type.as_deref().unwrap_or(""));
    s.push('\n');
    s.push_str(h.date.as_deref().unwrap_or(""));
    s.push('\n');
    s.push_str(&h.canonical_fc_headers());
    s.push_str(canonical_resource);
    s
}

/// The string to sign for a request, from its method, its path and raw query as sent on the wire (see
/// [`canonical_resource`]) and its headers (any casing, any order).
pub fn string_to_sign<I, K, V>(method: &str, path: &str, headers: I, query: Option<&str>) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    string_to_sign_with_resource(method, &canonical_resource(path, query), headers)
}

/// `base64(HMAC-SHA256(secret, string_to_sign))`, the signature part of the `Authorization` value.
pub fn signature(secret: &Secret, string_to_sign: &str) -> String {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.expose().as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC-SHA256 takes keys of any length"));
    mac.update(string_to_sign.as_bytes());
    BASE64.encode(mac.finalize().into_bytes())
}

/// The `Authorization` header value for a string to sign: `FC {AccessKeyId}:{signature}`.
pub fn authorization(creds: &FcCredentials, string_to_sign: &str) -> String {
    format!(
        "{AUTHORIZATION_SCHEME} {}:{}",
        creds.access_key_id(),
        signature(creds.access_key_secret(), string_to_sign)
    )
}

/// Signs a request and returns the `Authorization` header value.
///
/// `path` and `query` are as sent on the wire ([`canonical_resource`]); `headers` must already hold
/// everything that will be sent, including `Date` and, with STS credentials, `x-fc-security-token` (use
/// [`sign_request`] to have those set for you).
pub fn sign<I, K, V>(
    creds: &FcCredentials,
    method: &str,
    path: &str,
    headers: I,
    query: Option<&str>,
) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    authorization(creds, &string_to_sign(method, path, headers, query))
}

/// Iterates an [`http::HeaderMap`] as `(name, value)` string pairs for the signing functions. Values that
/// are not UTF-8 are decoded lossily (the server reads header bytes as UTF-8 too).
pub fn header_pairs(headers: &HeaderMap) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str(), String::from_utf8_lossy(value.as_bytes())))
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|e| {
        Error::new(
            ErrorKind::Config,
            format!(
                "the {name} header cannot carry this value (control characters in the credentials?)"
            ),
        )
        .with_provider(crate::error::PROVIDER)
        .with_source(e)
    })
}

/// Prepares and signs one attempt of a request in place: sets `Date` to `now`, sets
/// `x-fc-security-token` from the credentials (or removes a stale one when the credentials have none),
/// then sets `Authorization`.
///
/// Call it again for every attempt so each carries a fresh `Date`. `Content-Type` and `Content-MD5`, when
/// used, must be in `headers` before the call.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use cloudfn_alibaba::signer::{FcCredentials, sign_request};
///
/// let creds = FcCredentials::new("testAccessKeyId", "testAccessKeySecret");
/// let mut headers = http::HeaderMap::new();
/// headers.insert("content-type", "application/json".parse().unwrap());
/// let now = Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap();
/// sign_request(&creds, "GET", "/2016-08-15/services/my-service", None, &mut headers, now).unwrap();
/// assert_eq!(headers["date"], "Wed, 01 May 2024 12:00:00 GMT");
/// assert_eq!(headers["authorization"], "FC testAccessKeyId:t6QPRVFgU9VdA+/YayHBcoRAVOCBEPmt1wRmAZx9vR8=");
/// ```
pub fn sign_request(
    creds: &FcCredentials,
    method: &str,
    path: &str,
    query: Option<&str>,
    headers: &mut HeaderMap,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    headers.insert(http::header::DATE, header_value("Date", &format_date(now))?);
    let token_header = HeaderName::from_static(SECURITY_TOKEN_HEADER);
    match creds.security_token() {
        Some(token) => {
            let mut value = header_value(SECURITY_TOKEN_HEADER, token.expose())?;
            value.set_sensitive(true);
            headers.insert(token_header, value);
        }
        None => {
            headers.remove(token_header);
        }
    }
    let auth = sign(creds, method, path, header_pairs(headers), query);
    let mut value = header_value("Authorization", &auth)?;
    value.set_sensitive(true);
    headers.insert(http::header::AUTHORIZATION, value);
    Ok(())
}

/// Splits an `Authorization` value `FC {id}:{signature}` into the AccessKey id and the signature.
///
/// Exactly one space must follow `FC` (what both official SDKs send); the id is everything up to the first
/// `:`. Returns `None` for any other shape.
///
/// ```
/// use cloudfn_alibaba::signer::parse_authorization;
/// assert_eq!(parse_authorization("FC id:c2ln"), Some(("id", "c2ln")));
/// assert_eq!(parse_authorization("FCid:c2ln"), None);
/// ```
pub fn parse_authorization(value: &str) -> Option<(&str, &str)> {
    let rest = value
        .strip_prefix(AUTHORIZATION_SCHEME)?
        .strip_prefix(' ')?;
    let (id, sig) = rest.split_once(':')?;
    (!id.is_empty() && !sig.is_empty()).then_some((id, sig))
}

/// Server-side check: recomputes the signature of a received request with `secret` and compares it, in
/// constant time, with the one in `authorization` (the full header value).
///
/// `path` and `query` are the request target as received; `headers` are the received headers. The caller
/// looks the AccessKey id up (see [`parse_authorization`]) and checks the `Date` skew separately.
pub fn verify<I, K, V>(
    secret: &Secret,
    method: &str,
    path: &str,
    headers: I,
    query: Option<&str>,
    authorization: &str,
) -> bool
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let Some((_, given)) = parse_authorization(authorization) else {
        return false;
    };
    let expected = signature(secret, &string_to_sign(method, path, headers, query));
    constant_time_eq(expected.as_bytes(), given.as_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fc_headers_add_nothing() {
        assert_eq!(canonical_headers([("host", "h"), ("date", "d")]), "");
        let sts = string_to_sign("get", "/2016-08-15/services", [("date", "d")], None);
        assert_eq!(sts, "GET\n\n\nd\n/2016-08-15/services");
    }

    #[test]
    fn first_of_duplicate_standard_headers_wins_and_fc_duplicates_keep_order() {
        let h = [
            ("Content-Type", "a"),
            ("content-type", "b"),
            ("x-fc-b", "2"),
            ("X-Fc-A", "z"),
            ("x-fc-a", "y"),
        ];
        let sts = string_to_sign("POST", "/p", h, None);
        assert_eq!(sts, "POST\n\na\n\nx-fc-a:z\nx-fc-a:y\nx-fc-b:2\n/p");
    }

    #[test]
    fn query_decoding_matches_unquote_plus() {
        assert_eq!(
            decode_query("ab=c+d%2B%2F&a-b=x%26y&flag&&q=%C3%A9"),
            vec![
                ("ab".to_owned(), "c d+/".to_owned()),
                ("a-b".to_owned(), "x&y".to_owned()),
                ("flag".to_owned(), String::new()),
                ("q".to_owned(), "é".to_owned()),
            ]
        );
    }

    #[test]
    fn path_plus_is_not_a_space() {
        assert_eq!(
            canonical_resource("/2016-08-15/services/a+b%2B", None),
            "/2016-08-15/services/a+b+"
        );
    }

    #[test]
    fn invalid_escapes_and_utf8_do_not_panic() {
        assert_eq!(canonical_resource("/x/%zz%", None), "/x/%zz%");
        assert_eq!(canonical_resource("/x/%FF", None), "/x/\u{FFFD}");
        let _ = canonical_resource("/2016-08-15/proxy/%", Some("%=%&=&%FF=+"));
    }

    #[test]
    fn security_token_is_replaced_or_removed() {
        let now = DateTime::<Utc>::from_timestamp(0, 0).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(SECURITY_TOKEN_HEADER, HeaderValue::from_static("stale"));
        let with = FcCredentials::new("id", "s").with_security_token("fresh");
        sign_request(&with, "GET", "/p", None, &mut headers, now).unwrap();
        assert_eq!(headers[SECURITY_TOKEN_HEADER], "fresh");
        assert!(headers[SECURITY_TOKEN_HEADER].is_sensitive());
        let without = FcCredentials::new("id", "s").with_security_token("  ");
        sign_request(&without, "GET", "/p", None, &mut headers, now).unwrap();
        assert!(!headers.contains_key(SECURITY_TOKEN_HEADER));
        assert_eq!(headers["date"], "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn control_characters_in_credentials_are_a_config_error() {
        let now = DateTime::<Utc>::from_timestamp(0, 0).unwrap();
        let creds = FcCredentials::new("id\nx", "s");
        let err = sign_request(&creds, "GET", "/p", None, &mut HeaderMap::new(), now).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        let creds = FcCredentials::new("id", "s").with_security_token("a\u{7f}b");
        let err = sign_request(&creds, "GET", "/p", None, &mut HeaderMap::new(), now).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(!format!("{err:?}").contains("a\u{7f}b"));
    }

    #[test]
    fn verify_accepts_own_signature_and_rejects_others() {
        let creds = FcCredentials::new("id", "secret");
        let h = [("date", "d"), ("x-fc-trace-id", "t")];
        let auth = sign(&creds, "GET", "/2016-08-15/services", h, None);
        assert!(verify(
            creds.access_key_secret(),
            "GET",
            "/2016-08-15/services",
            h,
            None,
            &auth
        ));
        assert!(!verify(
            &Secret::new("other"),
            "GET",
            "/2016-08-15/services",
            h,
            None,
            &auth
        ));
        assert!(!verify(
            creds.access_key_secret(),
            "PUT",
            "/2016-08-15/services",
            h,
            None,
            &auth
        ));
        assert!(!verify(
            creds.access_key_secret(),
            "GET",
            "/2016-08-15/services",
            h,
            None,
            "FC id"
        ));
        assert!(!verify(
            creds.access_key_secret(),
            "GET",
            "/2016-08-15/services",
            h,
            None,
            "Bearer x"
        ));
    }

    #[test]
    fn debug_never_shows_secrets() {
        let creds =
            FcCredentials::new("AKID", "very-secret-value").with_security_token("sts-token-value");
        let shown = format!("{creds:?} {:?}", creds.clone());
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("very-secret-value"));
        assert!(!shown.contains("sts-token-value"));
    }
}
