//! The HTTP exchange as plain data, so the protocol engines run behind axum, behind a wiremock
//! responder, or in a unit test alike.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

/// One request as it arrived: method, the raw (still percent-encoded) path and query, headers, body.
#[derive(Debug, Clone)]
pub struct WireRequest {
    /// The HTTP method.
    pub method: Method,
    /// The path exactly as sent, percent-encoded, without the query (`/2016-08-15/services/a%20b`).
    pub path: String,
    /// The raw query string without the `?` (empty when there is none).
    pub query: String,
    /// The headers (names are case-insensitive by construction).
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl WireRequest {
    /// A request with no headers, query or body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let path = path.into();
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p.to_owned(), q.to_owned()),
            None => (path, String::new()),
        };
        WireRequest {
            method,
            path,
            query,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// A header value as text, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The decoded query pairs, in the order sent (`+` is a space, as form encoding says).
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// The first value of a query parameter.
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

/// The answer: status, headers, body, and an optional delay before it is sent (a programmed slow
/// function).
#[derive(Debug, Clone)]
pub struct WireResponse {
    /// The status code.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
}

impl WireResponse {
    /// An empty response with this status.
    pub fn new(status: StatusCode) -> Self {
        WireResponse {
            status,
            headers: HeaderMap::new(),
            body: Bytes::new(),
            delay: None,
        }
    }

    /// A JSON response (`Content-Type: application/json`).
    pub fn json(status: StatusCode, value: &impl serde::Serialize) -> Self {
        let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
        WireResponse::new(status)
            .with_header("content-type", "application/json")
            .with_body(body)
    }

    /// Sets the body.
    pub fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Adds a header; a name or value that is not valid HTTP is dropped rather than panicking.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.append(n, v);
        }
        self
    }

    /// Sets the delay before answering.
    pub fn with_delay(mut self, delay: Option<Duration>) -> Self {
        self.delay = delay;
        self
    }
}
