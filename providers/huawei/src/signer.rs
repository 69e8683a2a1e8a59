//! The `SDK-HMAC-SHA256` AK/SK request signer, byte for byte as the official `huaweicloudsdkcore`
//! (3.1.219, `signer/signer.py`, class `Signer`) computes it.
//!
//! ```text
//! Authorization: SDK-HMAC-SHA256 Access={ak}, SignedHeaders={h1;h2;...}, Signature={hex}
//! ```
//!
//! **Canonical request** (lines joined with `\n`):
//!
//! 1. the method, upper-cased;
//! 2. the canonical URI: the path **percent-decoded first**, split on `/`, each segment encoded keeping only
//!    `A-Z a-z 0-9 - . _ ~`, joined with `/`, and a `/` appended when it does not already end with one
//!    (`/v2/p/fgs/quotas` is signed as `/v2/p/fgs/quotas/`; a `%2F` inside a path parameter becomes a
//!    real `/`);
//! 3. the canonical query: the **decoded** `(key, value)` pairs sorted on key then value (code-point
//!    order, repeated keys kept), each written `quote(k)=quote(v)` with the same unreserved set, joined with
//!    `&`; an empty value gives `k=`;
//! 4. the canonical headers: every header whose name has no `_`, as `lowercase(name):trimmed(value)`,
//!    sorted on the name, each followed by `\n` (so an empty line follows them);
//! 5. the signed-header list: those names joined with `;`;
//! 6. the payload hash: the SHA-256 of the empty string when the body is empty; otherwise the value of an
//!    `X-Sdk-Content-Sha256` header when present (`UNSIGNED-PAYLOAD`); otherwise the hex SHA-256 of the
//!    body bytes.
//!
//! **String to sign**: `SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex(sha256(canonical request))}`; the signature is
//! the lower-case hex HMAC-SHA256 of it keyed with the secret key.
//!
//! Which headers are signed is the SDK's rule: *all* headers present when signing (except names with `_`),
//! in practice `content-type;host;user-agent;x-project-id;x-sdk-date[;x-security-token]` plus operation
//! headers such as `x-cff-log-type`. Sign after every header that will be sent is set, and do not sign
//! headers a proxy or the HTTP stack will rewrite (`Content-Length` is added by the stack after signing).
//!
//! The SDK puts the canonical query string itself on the wire as the URL query ([`encode_query`]) and
//! encodes path parameters with `quote(v, safe='')` ([`encode_path_segment`]); a transport must do the
//! same, because a server decodes the wire query with `unquote` (not `unquote_plus`): a `+` for a space
//! would not verify.
//!
//! Two levels of API:
//! - [`sign_headers`] does everything a transport needs per attempt on an [`http::HeaderMap`]: writes
//!   `X-Sdk-Date`, `Host` (when absent), `X-Project-Id`, `X-Security-Token`, `X-Sdk-Content-Sha256` when the
//!   SDK would, and `Authorization`.
//! - [`SignableRequest`], [`string_to_sign`], [`signature`], [`authorization`] and [`sign`] expose each
//!   step, for tests, the emulator's verifier and debugging a `APIGW.0301` mismatch.
//!
//! ```
//! use cloudfn_huawei::signer::{AkSkCredentials, SignableRequest, sign};
//!
//! let creds = AkSkCredentials::new("EXAMPLEAK0000000000A", "EXAMPLESK00000000000000000000000000000000");
//! let req = SignableRequest::new("GET", "/v2/0123456789abcdef0123456789abcdef/fgs/quotas", b"")
//!     .with_header("Content-Type", "application/json")
//!     .with_header("Host", "functiongraph.cn-north-4.myhuaweicloud.com")
//!     .with_header("User-Agent", "huaweicloud-usdk-python/3.0; test-agent")
//!     .with_header("X-Project-Id", "0123456789abcdef0123456789abcdef")
//!     .with_header("X-Sdk-Date", "20240501T120000Z");
//! assert_eq!(
//!     sign(&creds, &req).unwrap(),
//!     "SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000A, \
//!      SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, \
//!      Signature=135591e8a62ea33eece541e5c7f447aa55ef33dcfcd5dfecd098200ae22e4954"
//! );
//! ```

use std::fmt;

use chrono::{DateTime, NaiveDateTime, Utc};
use cloudfn_core::{Error, ErrorKind, Result};
use hmac::{Hmac, Mac};
use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest, Sha256};

use crate::Secret;
use crate::pct::{quote, unquote};

/// The algorithm name that starts the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The header carrying the signing time.
pub const HEADER_SDK_DATE: &str = "X-Sdk-Date";
/// The header carrying the project id (added by the SDK when the credentials know it).
pub const HEADER_PROJECT_ID: &str = "X-Project-Id";
/// The header carrying the STS security token of temporary credentials.
pub const HEADER_SECURITY_TOKEN: &str = "X-Security-Token";
/// The header that replaces the payload hash (value [`UNSIGNED_PAYLOAD`]).
pub const HEADER_CONTENT_SHA256: &str = "X-Sdk-Content-Sha256";
/// The payload hash used for non-JSON bodies (see [`sign_headers`]).
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// The hex SHA-256 of the empty string: the payload hash of a request without body.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// The `strftime` format of `X-Sdk-Date` (`20240501T120000Z`, UTC).
pub const SDK_DATE_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// AK/SK credentials of a Huawei Cloud account or IAM user, optionally temporary (with a security token)
/// and bound to a project.
///
/// `Debug` shows the access key and the project id but never the secret key or the token.
///
/// ```
/// use cloudfn_huawei::signer::AkSkCredentials;
///
/// let creds = AkSkCredentials::new("AK", "SK-VALUE")
///     .with_security_token("TOKEN-VALUE")
///     .with_project_id("0123456789abcdef0123456789abcdef");
/// let shown = format!("{creds:?}");
/// assert!(shown.contains("AK") && !shown.contains("SK-VALUE") && !shown.contains("TOKEN-VALUE"));
/// ```
#[derive(Clone, Debug)]
pub struct AkSkCredentials {
    /// The access key id (sent in clear in `Authorization`).
    pub ak: String,
    /// The secret access key.
    pub sk: Secret,
    /// The STS security token of temporary credentials, sent as `X-Security-Token`. Like the SDK, an
    /// empty token still sends an empty header; use `None` for permanent credentials.
    pub security_token: Option<Secret>,
    /// The project id, sent as `X-Project-Id` and used in `/v2/{project_id}/...` paths.
    pub project_id: Option<String>,
}

impl AkSkCredentials {
    /// Permanent credentials without a project id.
    pub fn new(ak: impl Into<String>, sk: impl Into<Secret>) -> Self {
        AkSkCredentials {
            ak: ak.into(),
            sk: sk.into(),
            security_token: None,
            project_id: None,
        }
    }

    /// Sets the security token of temporary (STS) credentials.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Sets the project id.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }
}

/// A request as the signer sees it: method, path as sent, decoded query pairs, headers and body.
///
/// Build it with [`new`](SignableRequest::new) and the `with_*` methods. `Debug` hides the values of
/// `Authorization` and `X-Security-Token`.
#[derive(Clone)]
pub struct SignableRequest<'a> {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: &'a [u8],
}

impl fmt::Debug for SignableRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let hidden = k.eq_ignore_ascii_case("authorization")
                    || k.eq_ignore_ascii_case(HEADER_SECURITY_TOKEN)
                    || k.eq_ignore_ascii_case("x-auth-token");
                (k.as_str(), if hidden { "***" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("SignableRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl<'a> SignableRequest<'a> {
    /// A request with `method`, the URL `path` exactly as it goes on the wire (percent-escapes included,
    /// no query) and `body`.
    pub fn new(method: &str, path: &str, body: &'a [u8]) -> Self {
        SignableRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body,
        }
    }

    /// Adds query pairs, **decoded** (`("name", "a b")`, not `a%20b`). Order does not matter; repeated
    /// keys are kept.
    pub fn with_query<K, V>(mut self, pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.query
            .extend(pairs.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Adds the pairs of a query string as it appears on the wire (`a=1&b=x%20y`), decoded the way a
    /// server does (see [`parse_query`]).
    pub fn with_raw_query(mut self, raw: &str) -> Self {
        self.query.extend(parse_query(raw));
        self
    }

    /// Adds a header. Names are case-insensitive; a name given twice is signed once with the values
    /// joined by `,` in the order given.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Adds every header of `map`.
    ///
    /// Fails when a value is not UTF-8 (the SDK signs header values as UTF-8 text).
    pub fn with_header_map(mut self, map: &HeaderMap) -> Result<Self> {
        for (name, value) in map {
            let text = std::str::from_utf8(value.as_bytes()).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    format!("header `{name}`: value is not UTF-8, it cannot be signed"),
                )
                .with_source(e)
            })?;
            self.headers
                .push((name.as_str().to_owned(), text.to_owned()));
        }
        Ok(self)
    }

    /// The value of header `name` (case-insensitive; the first one when repeated).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The canonical request and the signed-header list.
    pub fn canonical_request(&self) -> CanonicalRequest {
        let headers = canonical_headers(&self.headers);
        let payload_hash = payload_hash(self.body, self.header(HEADER_CONTENT_SHA256));
        let text = format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            self.method.to_uppercase(),
            canonical_uri(&self.path),
            canonical_query_string(&self.query),
            headers.canonical,
            headers.signed,
            payload_hash
        );
        CanonicalRequest {
            text,
            signed_headers: headers.signed,
        }
    }
}

/// The canonical request of a [`SignableRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    /// The full canonical request text (what is hashed into the string to sign).
    pub text: String,
    /// The signed-header list, `a;b;c`.
    pub signed_headers: String,
}

/// The canonical headers block and the signed-header list of a set of headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalHeaders {
    /// `name:value\n` for every signed header, sorted (ends with `\n` unless empty).
    pub canonical: String,
    /// The signed header names joined with `;`.
    pub signed: String,
}

/// The canonical URI of a wire `path`: decoded, split on `/`, each segment re-encoded (unreserved
/// characters kept), joined, with a trailing `/`.
///
/// ```
/// use cloudfn_huawei::signer::canonical_uri;
///
/// assert_eq!(canonical_uri("/v2/p/fgs/quotas"), "/v2/p/fgs/quotas/");
/// assert_eq!(canonical_uri("/v2/p/fgs/functions/a%3Ab%20c%2Fd/config"), "/v2/p/fgs/functions/a%3Ab%20c/d/config/");
/// ```
pub fn canonical_uri(path: &str) -> String {
    let decoded = unquote(path);
    let mut uri = decoded.split('/').map(quote).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The canonical query string of decoded `(key, value)` pairs: sorted on key then value, each pair
/// `quote(k)=quote(v)`, joined with `&`.
///
/// This is also what the SDK sends as the URL query; see [`encode_query`].
///
/// ```
/// use cloudfn_huawei::signer::canonical_query_string;
///
/// let q = canonical_query_string(&[("tag", "b"), ("tag", "a"), ("a:b", "1"), ("a1", "x y")]);
/// assert_eq!(q, "a1=x%20y&a%3Ab=1&tag=a&tag=b");
/// ```
pub fn canonical_query_string<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut sorted: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    // `str` orders by UTF-8 bytes, which is code-point order: the order of Python's tuple sort.
    sorted.sort_unstable();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", quote(k), quote(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The URL query string the SDK sends for decoded `pairs` (identical to [`canonical_query_string`]):
/// sorted, RFC 3986 encoded, `%20` for a space. Use it as the URL's query so the server's canonical form
/// matches the signed one.
pub fn encode_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    canonical_query_string(pairs)
}

/// Splits a wire query string into decoded pairs the way a server verifying the signature does: split on
/// `&`, then at the first `=`, each side `unquote`d (`%XX` decoded, `+` kept as `+`). Empty items are
/// skipped; an item without `=` has an empty value.
///
/// ```
/// use cloudfn_huawei::signer::parse_query;
///
/// assert_eq!(
///     parse_query("a=x%20y&b&&c=1+2=3"),
///     vec![("a".into(), "x y".into()), ("b".into(), String::new()), ("c".into(), "1+2=3".into())]
/// );
/// ```
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (k, v) = item.split_once('=').unwrap_or((item, ""));
            (unquote(k), unquote(v))
        })
        .collect()
}

/// Encodes one path parameter the way the SDK's client does (`quote(str(v), safe='')`): everything but
/// `A-Z a-z 0-9 - . _ ~` is percent-encoded, so `:` becomes `%3A` and `/` becomes `%2F`.
///
/// ```
/// use cloudfn_huawei::signer::encode_path_segment;
///
/// assert_eq!(encode_path_segment("urn:fss:r:p:function:default:my fn"), "urn%3Afss%3Ar%3Ap%3Afunction%3Adefault%3Amy%20fn");
/// ```
pub fn encode_path_segment(value: &str) -> String {
    quote(value)
}

/// Python's `str.strip()` whitespace, which includes the information separators U+001C..U+001F that
/// Rust's `char::is_whitespace` does not.
fn is_python_whitespace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The canonical headers of `headers`: names lower-cased, names containing `_` and `authorization` left
/// out, values trimmed, a repeated name's values joined with `,`, sorted on the name.
pub fn canonical_headers<K: AsRef<str>, V: AsRef<str>>(headers: &[(K, V)]) -> CanonicalHeaders {
    let mut merged: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let name = name.as_ref().to_lowercase();
        if name.contains('_') || name == "authorization" {
            continue;
        }
        let value = value.as_ref().trim_matches(is_python_whitespace);
        if let Some((_, existing)) = merged.iter_mut().find(|(n, _)| *n == name) {
            existing.push(',');
            existing.push_str(value);
        } else {
            merged.push((name, value.to_owned()));
        }
    }
    merged.sort_by(|a, b| a.0.cmp(&b.0));
    let mut canonical = String::new();
    for (n, v) in &merged {
        canonical.push_str(n);
        canonical.push(':');
        canonical.push_str(v);
        canonical.push('\n');
    }
    let signed = merged
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(";");
    CanonicalHeaders { canonical, signed }
}

/// The payload hash: [`EMPTY_PAYLOAD_SHA256`] for an empty body (checked first), else the
/// `X-Sdk-Content-Sha256` header value when given, else the hex SHA-256 of `body`.
pub fn payload_hash(body: &[u8], content_sha256_header: Option<&str>) -> String {
    if body.is_empty() {
        return EMPTY_PAYLOAD_SHA256.to_owned();
    }
    if let Some(value) = content_sha256_header {
        return value.trim_matches(is_python_whitespace).to_owned();
    }
    hex(&Sha256::digest(body))
}

/// `SDK-HMAC-SHA256\n{sdk_date}\n{hex(sha256(canonical_request))}`.
pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    )
}

/// The lower-case hex HMAC-SHA256 of `string_to_sign` keyed with the UTF-8 bytes of `sk`.
pub fn signature(sk: &Secret, string_to_sign: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(sk.expose().as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(string_to_sign.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// The `Authorization` header value: `SDK-HMAC-SHA256 Access={ak}, SignedHeaders={signed}, Signature={sig}`.
pub fn authorization(ak: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Access={ak}, SignedHeaders={signed_headers}, Signature={signature}")
}

/// Formats `time` as an `X-Sdk-Date` value (`20240501T120000Z`).
pub fn format_sdk_date(time: DateTime<Utc>) -> String {
    time.format(SDK_DATE_FORMAT).to_string()
}

/// Parses an `X-Sdk-Date` value (`20240501T120000Z`), as the SDK does before signing.
pub fn parse_sdk_date(value: &str) -> Result<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(value.trim(), SDK_DATE_FORMAT)
        .map(|t| t.and_utc())
        .map_err(|e| {
            Error::new(
                ErrorKind::InvalidArgument,
                format!("{HEADER_SDK_DATE}: expected YYYYMMDDTHHMMSSZ, got `{value}`"),
            )
            .with_source(e)
        })
}

/// Signs `request` and returns the `Authorization` header value.
///
/// The request must carry `X-Sdk-Date` (the signing time; see [`format_sdk_date`]) and every other header
/// that will be sent; an `Authorization` header already present is ignored. Fails only when `X-Sdk-Date` is
/// missing or malformed.
pub fn sign(credentials: &AkSkCredentials, request: &SignableRequest<'_>) -> Result<String> {
    let date = request.header(HEADER_SDK_DATE).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidArgument,
            format!("{HEADER_SDK_DATE} header missing: it is the signing time and must be signed"),
        )
    })?;
    parse_sdk_date(date)?;
    let canonical = request.canonical_request();
    let sts = string_to_sign(date.trim_matches(is_python_whitespace), &canonical.text);
    let sig = signature(&credentials.sk, &sts);
    Ok(authorization(
        &credentials.ak,
        &canonical.signed_headers,
        &sig,
    ))
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value).map_err(|e| {
        Error::new(
            ErrorKind::Config,
            format!("header `{name}`: the value is not a valid HTTP header value"),
        )
        .with_source(e)
    })
}

/// What [`sign_headers`] needs to know about a request besides its headers.
#[derive(Debug, Clone, Copy)]
pub struct RequestTarget<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The URL path exactly as sent (percent-escapes included, no query).
    pub path: &'a str,
    /// The decoded query pairs; send them as [`encode_query`] gives them.
    pub query: &'a [(String, String)],
    /// The body bytes exactly as sent.
    pub body: &'a [u8],
    /// The endpoint's `host[:port]` as the server will see it, written as `Host` when `headers` has none.
    pub host: Option<&'a str>,
}

/// Signs one attempt of a request in place, as the SDK's `sign_request` does, dated `now`.
///
/// On `headers` it:
/// 1. removes any `Authorization`;
/// 2. sets `X-Sdk-Date` from `now`;
/// 3. sets `Host` to `target.host` when no `Host` header is present and a host is given;
/// 4. sets `X-Project-Id` when the credentials have a project id;
/// 5. sets `X-Security-Token` when they have a security token (marked sensitive);
/// 6. sets `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` when a `Content-Type` is present and does not start
///    with `application/json` or `application/bson`;
/// 7. signs all headers then present and sets `Authorization` (marked sensitive).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use cloudfn_huawei::signer::{AkSkCredentials, RequestTarget, sign_headers};
/// use http::HeaderMap;
///
/// let creds = AkSkCredentials::new("AK", "SK").with_project_id("p1");
/// let mut headers = HeaderMap::new();
/// headers.insert("content-type", "application/json".parse().unwrap());
/// let target = RequestTarget { method: "GET", path: "/v2/p1/fgs/quotas", query: &[], body: b"", host: Some("127.0.0.1:9000") };
/// sign_headers(&creds, &target, &mut headers, Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap()).unwrap();
/// assert_eq!(headers["x-sdk-date"], "20240501T120000Z");
/// assert_eq!(headers["host"], "127.0.0.1:9000");
/// assert_eq!(headers["x-project-id"], "p1");
/// assert!(headers["authorization"].to_str().unwrap().starts_with(
///     "SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature="
/// ));
/// ```
pub fn sign_headers(
    credentials: &AkSkCredentials,
    target: &RequestTarget<'_>,
    headers: &mut HeaderMap,
    now: DateTime<Utc>,
) -> Result<()> {
    headers.remove(AUTHORIZATION);
    headers.insert(
        HeaderName::from_static("x-sdk-date"),
        header_value(HEADER_SDK_DATE, &format_sdk_date(now))?,
    );
    if let Some(host) = target.host {
        if !headers.contains_key(HOST) {
            headers.insert(HOST, header_value("Host", host)?);
        }
    }
    if let Some(project_id) = &credentials.project_id {
        headers.insert(
            HeaderName::from_static("x-project-id"),
            header_value(HEADER_PROJECT_ID, project_id)?,
        );
    }
    if let Some(token) = &credentials.security_token {
        let mut value = header_value(HEADER_SECURITY_TOKEN, token.expose())?;
        value.set_sensitive(true);
        headers.insert(HeaderName::from_static("x-security-token"), value);
    }
    let unsigned = headers.get(CONTENT_TYPE).is_some_and(|ct| {
        let ct = ct.as_bytes();
        !ct.starts_with(b"application/json") && !ct.starts_with(b"application/bson")
    });
    if unsigned {
        headers.insert(
            HeaderName::from_static("x-sdk-content-sha256"),
            HeaderValue::from_static(UNSIGNED_PAYLOAD),
        );
    }
    let request = SignableRequest::new(target.method, target.path, target.body)
        .with_query(target.query.iter().cloned())
        .with_header_map(headers)?;
    let mut value = header_value("Authorization", &sign(credentials, &request)?)?;
    value.set_sensitive(true);
    headers.insert(AUTHORIZATION, value);
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_encodes_lower_case() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&Sha256::digest(b"")), EMPTY_PAYLOAD_SHA256);
    }

    #[test]
    fn underscore_and_authorization_headers_are_not_signed() {
        let h = canonical_headers(&[
            ("X_Custom", "1"),
            ("Authorization", "x"),
            ("B", " 2 "),
            ("a", "1"),
            ("A", "3"),
        ]);
        assert_eq!(h.canonical, "a:1,3\nb:2\n");
        assert_eq!(h.signed, "a;b");
    }

    #[test]
    fn payload_hash_rules() {
        assert_eq!(
            payload_hash(b"", Some(UNSIGNED_PAYLOAD)),
            EMPTY_PAYLOAD_SHA256
        );
        assert_eq!(payload_hash(b"x", Some(UNSIGNED_PAYLOAD)), UNSIGNED_PAYLOAD);
        assert_eq!(
            payload_hash(br#"{"key": "value", "n": 1}"#, None),
            "d7f797dc76b3e79dc6f39b0d6744f05e000d90f357a8a81a7b90bf344b0f177e"
        );
    }

    #[test]
    fn sign_requires_a_well_formed_date() {
        let creds = AkSkCredentials::new("ak", "sk");
        let err = sign(&creds, &SignableRequest::new("GET", "/", b"")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        assert!(err.message().contains("X-Sdk-Date"));
        let req = SignableRequest::new("GET", "/", b"").with_header("x-sdk-date", "2024-05-01");
        assert!(sign(&creds, &req).is_err());
    }

    #[test]
    fn debug_hides_tokens() {
        let req = SignableRequest::new("GET", "/", b"")
            .with_header("X-Security-Token", "tok-secret")
            .with_header("Authorization", "SDK-HMAC-SHA256 sig-secret");
        let shown = format!("{req:?}");
        assert!(!shown.contains("tok-secret") && !shown.contains("sig-secret"));
    }

    #[test]
    fn sdk_date_round_trips() {
        let t = parse_sdk_date("20240501T120000Z").unwrap();
        assert_eq!(format_sdk_date(t), "20240501T120000Z");
    }
}
