//! [`HttpRequest`]: a described, not yet signed, HTTP request.

use std::fmt;

use bytes::Bytes;
use http::Method;
use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::{Error, ErrorKind, Result};

/// Headers whose values are credentials. Their values never appear in `Debug` output, logs or errors.
///
/// Matching is case-insensitive (header names are lowercase in an [`HeaderMap`]).
pub const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-auth-token",
    "x-subject-token",
    "x-security-token",
    "x-fc-security-token",
    "x-acs-security-token",
    "cookie",
    "set-cookie",
];

/// Query parameter names (lowercase substrings) whose values are redacted when a URL is shown.
const SENSITIVE_QUERY_PARTS: &[&str] = &["signature", "token", "secret", "password", "credential"];

/// Whether the value of header `name` is a credential that must never be shown.
///
/// ```
/// use cloudfn_core::transport::is_sensitive_header;
/// use http::header::{AUTHORIZATION, CONTENT_TYPE};
///
/// assert!(is_sensitive_header(&AUTHORIZATION));
/// assert!(!is_sensitive_header(&CONTENT_TYPE));
/// ```
pub fn is_sensitive_header(name: &HeaderName) -> bool {
    SENSITIVE_HEADERS.contains(&name.as_str())
}

/// A `Debug` view of a [`HeaderMap`] that shows every header but replaces credential values
/// ([`SENSITIVE_HEADERS`]) with `<redacted>`.
///
/// ```
/// use cloudfn_core::transport::RedactedHeaders;
/// use http::header::{AUTHORIZATION, HeaderMap, HeaderValue};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(AUTHORIZATION, HeaderValue::from_static("FC key:very-secret"));
/// let shown = format!("{:?}", RedactedHeaders(&headers));
/// assert!(shown.contains("authorization"));
/// assert!(!shown.contains("very-secret"));
/// ```
pub struct RedactedHeaders<'a>(pub &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_sensitive_header(name) {
                map.entry(&name.as_str(), &"<redacted>");
            } else {
                match value.to_str() {
                    Ok(v) => map.entry(&name.as_str(), &v),
                    Err(_) => map.entry(&name.as_str(), &"<binary>"),
                };
            }
        }
        map.finish()
    }
}

/// A URL as it may be shown: no password, and the values of credential-like query parameters redacted.
pub(crate) fn redacted_url(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        // Only fails for URLs that cannot have a password, which then have none.
        let _ = shown.set_password(Some("redacted"));
    }
    if shown.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let lower = k.to_ascii_lowercase();
                if SENSITIVE_QUERY_PARTS.iter().any(|p| lower.contains(p)) {
                    (k.into_owned(), "redacted".to_owned())
                } else {
                    (k.into_owned(), v.into_owned())
                }
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown.to_string()
}

/// `scheme://host[:port]/path` of a URL: what an error message names, without credentials or query.
pub(crate) fn url_target(url: &Url) -> String {
    let mut s = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""));
    if let Some(port) = url.port() {
        s.push(':');
        s.push_str(&port.to_string());
    }
    s.push_str(url.path());
    s
}

/// Whether repeating a request can cause a second side effect.
///
/// The transport retries an [`Idempotent`](Idempotency::Idempotent) request after any transient failure. A
/// [`NonIdempotent`](Idempotency::NonIdempotent) one (a create, a synchronous invoke) is repeated only when
/// the server certainly did not process it: the connection could not be opened, or the server answered 429
/// (throttled). A timeout, a reset mid-request or a 5xx may mean the server acted, so it is not repeated,
/// unless the request opted in with [`HttpRequest::allow_retry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Idempotency {
    /// Sending the request twice has the same effect as sending it once (GET, HEAD, PUT, DELETE).
    Idempotent,
    /// Sending the request twice may do the work twice (POST, PATCH).
    NonIdempotent,
}

impl Idempotency {
    /// The HTTP semantics of `method`: GET, HEAD, OPTIONS, TRACE, PUT and DELETE are idempotent; the rest
    /// are not.
    ///
    /// ```
    /// use cloudfn_core::transport::Idempotency;
    /// use http::Method;
    ///
    /// assert_eq!(Idempotency::for_method(&Method::PUT), Idempotency::Idempotent);
    /// assert_eq!(Idempotency::for_method(&Method::POST), Idempotency::NonIdempotent);
    /// ```
    pub fn for_method(method: &Method) -> Self {
        if method.is_idempotent() {
            Idempotency::Idempotent
        } else {
            Idempotency::NonIdempotent
        }
    }
}

/// An HTTP request as a provider describes it, before signing.
///
/// The [`Transport`](super::Transport) clones it for every attempt and hands the clone to the
/// [`RequestSigner`](super::RequestSigner) with a fresh timestamp, so a retry never carries a stale
/// signature or date.
///
/// `Debug` redacts credential headers ([`SENSITIVE_HEADERS`]), the URL's password and credential-like
/// query values, and shows only the body's length.
///
/// ```
/// use cloudfn_core::transport::{HttpRequest, Idempotency};
/// use http::header::{AUTHORIZATION, HeaderValue};
/// use url::Url;
///
/// let url = Url::parse("https://fc.example.com/2016-08-15/services").unwrap();
/// let req = HttpRequest::post(url, "CreateService")
///     .with_json(&serde_json::json!({ "serviceName": "demo" }))
///     .unwrap()
///     .with_header(AUTHORIZATION, HeaderValue::from_static("FC id:secret-signature"));
/// assert_eq!(req.idempotency(), Idempotency::NonIdempotent);
/// assert!(!req.retry_allowed());
/// assert!(!format!("{req:?}").contains("secret-signature"));
/// ```
#[derive(Clone)]
pub struct HttpRequest {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
    operation: &'static str,
    idempotency: Idempotency,
    allow_retry: bool,
    unsigned: bool,
}

impl HttpRequest {
    /// A request with no headers and an empty body; its idempotency follows the method
    /// ([`Idempotency::for_method`]). `operation` is the cloud's operation name (`GetFunction`), used in
    /// errors and tracing.
    pub fn new(method: Method, url: Url, operation: &'static str) -> Self {
        let idempotency = Idempotency::for_method(&method);
        HttpRequest {
            method,
            url,
            headers: HeaderMap::new(),
            body: Bytes::new(),
            operation,
            idempotency,
            allow_retry: false,
            unsigned: false,
        }
    }

    /// A `GET` request (idempotent).
    pub fn get(url: Url, operation: &'static str) -> Self {
        HttpRequest::new(Method::GET, url, operation)
    }

    /// A `HEAD` request (idempotent).
    pub fn head(url: Url, operation: &'static str) -> Self {
        HttpRequest::new(Method::HEAD, url, operation)
    }

    /// A `POST` request (non-idempotent unless marked otherwise).
    pub fn post(url: Url, operation: &'static str) -> Self {
        HttpRequest::new(Method::POST, url, operation)
    }

    /// A `PUT` request (idempotent).
    pub fn put(url: Url, operation: &'static str) -> Self {
        HttpRequest::new(Method::PUT, url, operation)
    }

    /// A `PATCH` request (non-idempotent unless marked otherwise).
    pub fn patch(url: Url, operation: &'static str) -> Self {
        HttpRequest::new(Method::PATCH, url, operation)
    }

    /// A `DELETE` request (idempotent).
    pub fn delete(url: Url, operation: &'static str) -> Self {
        HttpRequest::new(Method::DELETE, url, operation)
    }

    /// Sets header `name` to `value`, replacing any earlier value.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Sets a header from strings, failing with [`ErrorKind::InvalidArgument`] when either is not a valid
    /// header name or value (for example a value containing a newline).
    pub fn try_with_header(self, name: &str, value: &str) -> Result<Self> {
        let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| {
            Error::new(
                ErrorKind::InvalidArgument,
                format!("`{name}` is not a valid HTTP header name"),
            )
            .with_source(e)
        })?;
        let header_value = HeaderValue::from_str(value).map_err(|e| {
            let shown = if is_sensitive_header(&header_name) {
                "the value"
            } else {
                value
            };
            Error::new(
                ErrorKind::InvalidArgument,
                format!("`{shown}` is not a valid value for HTTP header `{name}`"),
            )
            .with_source(e)
        })?;
        Ok(self.with_header(header_name, header_value))
    }

    /// Sets the body.
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Serialises `value` as the JSON body and sets `Content-Type: application/json`.
    pub fn with_json<T: serde::Serialize + ?Sized>(mut self, value: &T) -> Result<Self> {
        let body = serde_json::to_vec(value).map_err(|e| {
            Error::new(
                ErrorKind::InvalidArgument,
                format!("could not serialise the {} request body", self.operation),
            )
            .with_source(e)
        })?;
        self.body = Bytes::from(body);
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Ok(self)
    }

    /// Overrides the idempotency derived from the method (e.g. a `POST` that only reads).
    pub fn with_idempotency(mut self, idempotency: Idempotency) -> Self {
        self.idempotency = idempotency;
        self
    }

    /// Opts a non-idempotent request in to the same retries as an idempotent one (after timeouts, resets
    /// and 5xx). Use it only when a duplicate is harmless, e.g. the request carries an idempotency token.
    pub fn allow_retry(mut self) -> Self {
        self.allow_retry = true;
        self
    }

    /// Sends this request without calling the transport's signer: for URLs that carry their own
    /// signature (a pre-signed object-storage URL), where the provider's credentials must not be sent.
    ///
    /// ```
    /// # let url = url::Url::parse("https://bucket.oss.example/code.zip?Signature=x").unwrap();
    /// let req = cloudfn_core::transport::HttpRequest::get(url, "DownloadCode").unsigned();
    /// assert!(req.is_unsigned());
    /// ```
    pub fn unsigned(mut self) -> Self {
        self.unsigned = true;
        self
    }

    /// Whether the transport's signer is skipped for this request.
    pub fn is_unsigned(&self) -> bool {
        self.unsigned
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The full URL, query included.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The URL, for a signer that must add query parameters.
    pub fn url_mut(&mut self) -> &mut Url {
        &mut self.url
    }

    /// The headers set so far.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers, for a signer to add `Date`, `Authorization` and the like.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Replaces the body.
    pub fn set_body(&mut self, body: impl Into<Bytes>) {
        self.body = body.into();
    }

    /// The cloud's operation name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Whether repeating the request can cause a second side effect.
    pub fn idempotency(&self) -> Idempotency {
        self.idempotency
    }

    /// Whether the request may be repeated after a failure that may have reached the server: it is
    /// idempotent, or it opted in with [`allow_retry`](HttpRequest::allow_retry).
    pub fn retry_allowed(&self) -> bool {
        self.allow_retry || self.idempotency == Idempotency::Idempotent
    }

    /// The `Host` header value this request is sent with: the host, plus the port when it is not the
    /// scheme's default. Signers that sign `host` use this.
    ///
    /// ```
    /// use cloudfn_core::transport::HttpRequest;
    /// use url::Url;
    ///
    /// let req = HttpRequest::get(Url::parse("http://127.0.0.1:9000/v2").unwrap(), "ListFunctions");
    /// assert_eq!(req.authority(), "127.0.0.1:9000");
    /// let req = HttpRequest::get(Url::parse("https://fc.example.com:443/").unwrap(), "ListServices");
    /// assert_eq!(req.authority(), "fc.example.com");
    /// ```
    pub fn authority(&self) -> String {
        let host = self.url.host_str().unwrap_or("");
        match self.url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("url", &redacted_url(&self.url))
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("idempotency", &self.idempotency)
            .field("allow_retry", &self.allow_retry)
            .field("unsigned", &self.unsigned)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::AUTHORIZATION;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("bad test url {s}: {e}"))
    }

    #[test]
    fn debug_redacts_every_sensitive_header() {
        let mut req = HttpRequest::get(url("https://h.example/x"), "Op").with_header(
            AUTHORIZATION,
            HeaderValue::from_static("SDK-HMAC-SHA256 Signature=s3cr3t-1"),
        );
        for (i, name) in SENSITIVE_HEADERS.iter().enumerate() {
            let value = HeaderValue::from_str(&format!("s3cr3t-{i}-value"))
                .unwrap_or_else(|_| HeaderValue::from_static("s3cr3t"));
            req.headers_mut()
                .insert(HeaderName::from_static(name), value);
        }
        let shown = format!("{req:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("x-fc-security-token"));
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn debug_shows_body_length_not_content() {
        let req = HttpRequest::post(url("https://h.example/x"), "Op").with_body("password=hunter2");
        let shown = format!("{req:?}");
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("<16 bytes>"));
    }

    #[test]
    fn debug_redacts_url_password_and_credential_query() {
        let req = HttpRequest::get(
            url(
                "https://user:pw-secret@h.example/x?x-fc-signature=sig-secret&Expires=10&security_token=tok-secret",
            ),
            "Op",
        );
        let shown = format!("{req:?}");
        assert!(!shown.contains("pw-secret"), "{shown}");
        assert!(!shown.contains("sig-secret"), "{shown}");
        assert!(!shown.contains("tok-secret"), "{shown}");
        assert!(shown.contains("Expires=10"), "{shown}");
    }

    #[test]
    fn url_target_drops_query_and_userinfo() {
        let u = url("http://u:p@127.0.0.1:9000/a/b?token=x");
        assert_eq!(url_target(&u), "http://127.0.0.1:9000/a/b");
    }

    #[test]
    fn idempotency_follows_method_and_can_be_overridden() {
        let u = url("https://h.example/");
        assert!(HttpRequest::get(u.clone(), "Op").retry_allowed());
        assert!(HttpRequest::put(u.clone(), "Op").retry_allowed());
        assert!(HttpRequest::delete(u.clone(), "Op").retry_allowed());
        assert!(!HttpRequest::post(u.clone(), "Op").retry_allowed());
        assert!(!HttpRequest::patch(u.clone(), "Op").retry_allowed());
        assert!(
            HttpRequest::post(u.clone(), "Op")
                .allow_retry()
                .retry_allowed()
        );
        assert!(
            HttpRequest::post(u.clone(), "Op")
                .with_idempotency(Idempotency::Idempotent)
                .retry_allowed()
        );
        assert!(
            !HttpRequest::put(u, "Op")
                .with_idempotency(Idempotency::NonIdempotent)
                .retry_allowed()
        );
    }

    #[test]
    fn try_with_header_rejects_bad_values_without_echoing_secrets() {
        let u = url("https://h.example/");
        let err = HttpRequest::get(u.clone(), "Op")
            .try_with_header("authorization", "secret\nvalue")
            .err();
        let err = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("invalid_argument"), "{err}");
        assert!(!err.contains("secret"), "{err}");
        assert!(
            HttpRequest::get(u.clone(), "Op")
                .try_with_header("bad name", "v")
                .is_err()
        );
        let ok = HttpRequest::get(u, "Op").try_with_header("X-Custom", "v");
        assert!(ok.is_ok_and(|r| r.headers().get("x-custom").is_some()));
    }

    #[test]
    fn with_json_sets_content_type() {
        let req = HttpRequest::post(url("https://h.example/"), "Op")
            .with_json(&serde_json::json!({"a": 1}));
        let req = req.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(req.body().as_ref(), br#"{"a":1}"#);
        assert_eq!(
            req.headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
    }
}
