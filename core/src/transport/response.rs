//! [`HttpResponse`] and body helpers.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::request::RedactedHeaders;
use crate::{Error, ErrorKind, Result};

/// The longest body excerpt (in characters) that an error message quotes.
pub const SNIPPET_CHARS: usize = 200;

/// A successful (2xx) response, fully read.
///
/// `Debug` redacts credential headers (e.g. the IAM token in `X-Subject-Token`) and shows only the body's
/// length.
#[derive(Clone)]
pub struct HttpResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    request_id: Option<String>,
    attempts: u32,
    provider: Option<&'static str>,
    operation: Option<&'static str>,
}

impl HttpResponse {
    /// A response built by hand (for tests of code that consumes responses). `attempts` is 1 and no
    /// request id, provider or operation is set.
    ///
    /// ```
    /// use cloudfn_core::transport::HttpResponse;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let resp = HttpResponse::new(StatusCode::OK, HeaderMap::new(), r#"{"n": 1}"#);
    /// let v: serde_json::Value = resp.json().unwrap();
    /// assert_eq!(v["n"], 1);
    /// ```
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        HttpResponse {
            status,
            headers,
            body: body.into(),
            request_id: None,
            attempts: 1,
            provider: None,
            operation: None,
        }
    }

    pub(crate) fn with_context(
        mut self,
        provider: &'static str,
        operation: &'static str,
        request_id: Option<String>,
        attempts: u32,
    ) -> Self {
        self.provider = Some(provider);
        self.operation = Some(operation);
        self.request_id = request_id;
        self.attempts = attempts;
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header's value as text, when present and valid visible ASCII.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Takes the body.
    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// The request id the cloud assigned, read from the provider's request-id header(s).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// How many requests were sent, retries and clock-skew re-sends included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Decodes the body as JSON.
    ///
    /// A body that does not parse (malformed, truncated, empty, wrong shape) gives [`ErrorKind::Decode`]
    /// whose message names the serde error and quotes the start of the body (at most [`SNIPPET_CHARS`]
    /// characters), with the provider, operation, status and request id attached.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| {
            let what = self.operation.unwrap_or("the");
            let mut err = Error::new(
                ErrorKind::Decode,
                format!(
                    "could not decode {what} response body: {e}; body: {}",
                    quote_snippet(&self.body)
                ),
            )
            .with_status(self.status.as_u16())
            .with_source(e);
            if let Some(p) = self.provider {
                err = err.with_provider(p);
            }
            if let Some(o) = self.operation {
                err = err.with_operation(o);
            }
            if let Some(r) = &self.request_id {
                err = err.with_request_id(r.clone());
            }
            err
        })
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("provider", &self.provider)
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("attempts", &self.attempts)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// The start of `body` as text for an error message: lossy UTF-8, control characters replaced by spaces,
/// at most `max_chars` characters (the last one `…` when the body was cut). Never panics, whatever the
/// bytes.
///
/// ```
/// use cloudfn_core::transport::body_snippet;
///
/// assert_eq!(body_snippet(b"{\"ok\":\ntrue}", 200), "{\"ok\": true}");
/// assert_eq!(body_snippet("ééééé".as_bytes(), 3), "éé…");
/// assert_eq!(body_snippet(&[0xff, b'a'], 10), "\u{fffd}a");
/// ```
pub fn body_snippet(body: &[u8], max_chars: usize) -> String {
    if max_chars == 0 {
        return String::new();
    }
    // Never decode more than needed: each char takes at most 4 bytes.
    let window = &body[..body
        .len()
        .min(max_chars.saturating_mul(4).saturating_add(4))];
    let text = String::from_utf8_lossy(window);
    let clean = |c: char| if c.is_control() { ' ' } else { c };
    let total = text.chars().count();
    if total <= max_chars && window.len() == body.len() {
        text.chars().map(clean).collect()
    } else {
        let mut s: String = text.chars().take(max_chars - 1).map(clean).collect();
        s.push('…');
        s
    }
}

/// A snippet for a message: `<empty>` for an empty body, else the snippet in backquotes.
pub(crate) fn quote_snippet(body: &[u8]) -> String {
    if body.is_empty() {
        "<empty>".to_owned()
    } else {
        format!("`{}`", body_snippet(body, SNIPPET_CHARS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn snippet_short_body_is_whole() {
        assert_eq!(body_snippet(b"hello", 200), "hello");
        assert_eq!(body_snippet(b"", 200), "");
        assert_eq!(body_snippet(b"hello", 0), "");
    }

    #[test]
    fn snippet_cuts_long_body_on_char_boundary() {
        let body = "€".repeat(500);
        let s = body_snippet(body.as_bytes(), 200);
        assert_eq!(s.chars().count(), 200);
        assert!(s.ends_with('…'));
        assert!(s.starts_with("€€"));
    }

    #[test]
    fn snippet_exactly_max_is_not_cut() {
        let body = "a".repeat(200);
        assert_eq!(body_snippet(body.as_bytes(), 200), body);
        let body = "a".repeat(201);
        let s = body_snippet(body.as_bytes(), 200);
        assert_eq!(s.chars().count(), 200);
        assert!(s.ends_with('…'));
    }

    #[test]
    fn json_error_is_decode_with_snippet_and_context() {
        let resp = HttpResponse::new(
            StatusCode::OK,
            HeaderMap::new(),
            r#"{"functionName": "f", "#,
        )
        .with_context("p", "GetFunction", Some("rid".into()), 2);
        let err = resp.json::<serde_json::Value>().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
        assert!(
            err.message().contains(r#"`{"functionName": "f", `"#),
            "{err}"
        );
        assert!(err.message().contains("EOF"), "{err}");
        assert_eq!(err.request_id(), Some("rid"));
        assert_eq!(err.operation(), Some("GetFunction"));
        assert_eq!(err.status(), Some(200));
    }

    #[test]
    fn json_empty_body_is_decode() {
        let resp = HttpResponse::new(StatusCode::OK, HeaderMap::new(), "");
        let err = resp.json::<serde_json::Value>().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
        assert!(err.message().contains("<empty>"), "{err}");
    }

    #[test]
    fn debug_redacts_subject_token() {
        let mut headers = HeaderMap::new();
        headers.insert("x-subject-token", "MIIsecret-iam-token".parse().unwrap());
        let resp = HttpResponse::new(StatusCode::CREATED, headers, "body-content");
        let shown = format!("{resp:?}");
        assert!(!shown.contains("MIIsecret"), "{shown}");
        assert!(!shown.contains("body-content"), "{shown}");
    }

    proptest! {
        #[test]
        fn snippet_never_panics_and_is_bounded(body in proptest::collection::vec(any::<u8>(), 0..2000), max in 0usize..300) {
            let s = body_snippet(&body, max);
            prop_assert!(s.chars().count() <= max);
            prop_assert!(!s.chars().any(char::is_control));
        }
    }
}
