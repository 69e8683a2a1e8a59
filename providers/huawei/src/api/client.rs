//! [`FunctionGraphClient`]: the typed FunctionGraph v2 client, one method per REST operation.
//!
//! The operations live in the sibling modules (`invoke`, `functions`, …), one `impl` block each; this
//! module holds the client and the request plumbing they share.

use std::fmt;
use std::future::Future;

use cloudfn_core::transport::{HttpRequest, Transport};
use cloudfn_core::{Error, ErrorKind, ListRequest, Page, PageToken, Result, paginate};
use futures::stream::BoxStream;
use http::Method;
use http::header::{CONTENT_TYPE, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::signer::{encode_path_segment, encode_query};

/// The `Content-Type` the official SDK declares on every operation, with or without a body.
pub const CONTENT_TYPE_JSON: &str = "application/json";

/// The typed FunctionGraph v2 client: one `async fn` per REST operation of the API (huawei-functiongraph.md
/// §3), named after the official SDK's method, each sending one request on the shared [`Transport`]
/// (which signs every attempt, retries what is safe to retry, and maps errors through
/// [`FgProfile`](crate::profile::FgProfile)).
///
/// - Paths are `/v2/{project_id}/fgs/...` with every path parameter encoded as the SDK does
///   (`quote(v, safe='')`: `:` → `%3A`, `!` → `%21`, space → `%20`); a function is given as a
///   [`FunctionUrn`](crate::urn::FunctionUrn), its version or alias as the URN's qualifier.
/// - Queries are written with [`encode_query`] (sorted, RFC 3986, `%20` for a space), the form the
///   signature is computed over.
/// - Every request declares `Content-Type: application/json`, as the SDK does.
/// - GET, PUT and DELETE are idempotent (retried after transient failures); POSTs (creates, invocations)
///   are not repeated once they may have reached the server.
/// - A body that does not decode is an [`ErrorKind::Decode`] error.
///
/// Cheap to clone (the transport is shared). `Debug` shows the endpoint and project id, never a
/// credential.
#[derive(Clone)]
pub struct FunctionGraphClient {
    pub(crate) transport: Transport,
    pub(crate) endpoint: Url,
    pub(crate) project_id: String,
}

impl FunctionGraphClient {
    /// A client for the FunctionGraph endpoint `endpoint` (e.g.
    /// `https://functiongraph.cn-north-4.myhuaweicloud.com`; a path prefix is kept) and the project
    /// `project_id`, sending on `transport` (built with [`FgProfile`](crate::profile::FgProfile) and a
    /// signer).
    pub fn new(
        transport: Transport,
        endpoint: Url,
        project_id: impl Into<String>,
    ) -> FunctionGraphClient {
        FunctionGraphClient {
            transport,
            endpoint,
            project_id: project_id.into(),
        }
    }

    /// The transport requests go through.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// The FunctionGraph endpoint.
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The project id in every path.
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// The URL of `path` (after `/v2/{project_id}/fgs`, each parameter already encoded) with the query
    /// `query` written by [`encode_query`].
    pub(crate) fn url(&self, path: &str, query: &[(String, String)]) -> Url {
        let mut url = self.endpoint.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!(
            "{prefix}/v2/{}/fgs{path}",
            encode_path_segment(&self.project_id)
        ));
        if query.is_empty() {
            url.set_query(None);
        } else {
            url.set_query(Some(&encode_query(query)));
        }
        url.set_fragment(None);
        url
    }

    /// A request without a body (`Content-Type: application/json` all the same, as the SDK sends it).
    pub(crate) fn request(
        &self,
        method: Method,
        operation: &'static str,
        path: &str,
        query: &[(String, String)],
    ) -> HttpRequest {
        HttpRequest::new(method, self.url(path, query), operation)
            .with_header(CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE_JSON))
    }

    /// A request with `body` serialised as JSON.
    pub(crate) fn json_request<B: Serialize + ?Sized>(
        &self,
        method: Method,
        operation: &'static str,
        path: &str,
        body: &B,
    ) -> Result<HttpRequest> {
        // `with_json` declares `application/json`, the SDK's value.
        self.request(method, operation, path, &[]).with_json(body)
    }

    /// Sends `req` and decodes the JSON response.
    pub(crate) async fn fetch<T: DeserializeOwned>(&self, req: HttpRequest) -> Result<T> {
        self.transport.send_json(req).await
    }

    /// Sends `req`, ignoring any response body.
    pub(crate) async fn fetch_nothing(&self, req: HttpRequest) -> Result<()> {
        self.transport.send(req).await.map(drop)
    }

    /// Sends `req`; an empty body or a literal `null` is `None`, anything else must decode as `T`.
    pub(crate) async fn fetch_optional<T: DeserializeOwned>(
        &self,
        req: HttpRequest,
    ) -> Result<Option<T>> {
        let resp = self.transport.send(req).await?;
        if resp.body().iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        resp.json::<Option<T>>()
    }
}

impl fmt::Debug for FunctionGraphClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FunctionGraphClient")
            .field("endpoint", &self.endpoint.as_str())
            .field("project_id", &self.project_id)
            .field("transport", &self.transport)
            .finish()
    }
}

/// One page of a `marker`-paged list, as the response reports it.
pub(crate) struct MarkerPage<T> {
    /// The items of the page.
    pub(crate) items: Vec<T>,
    /// Where the next page starts (`next_marker`, or `page_info.next_marker`).
    pub(crate) next_marker: Option<i64>,
    /// How many items the whole listing holds, when the response says.
    pub(crate) count: Option<i64>,
}

impl FunctionGraphClient {
    /// The stream behind every `*_stream` method: pages of `query` (whose marker and page size `set_page`
    /// writes) fetched with `fetch` and followed by [`next_page`] on the shared [`paginate`].
    pub(crate) fn marker_stream<Q, T, S, F, Fut>(
        &self,
        start: ListRequest,
        query: Q,
        set_page: S,
        fetch: F,
    ) -> BoxStream<'static, Result<T>>
    where
        Q: Clone + Send + 'static,
        T: Send + 'static,
        S: Fn(&mut Q, Option<String>, Option<u32>) + Send + 'static,
        F: Fn(FunctionGraphClient, Q) -> Fut + Send + 'static,
        Fut: Future<Output = Result<MarkerPage<T>>> + Send + 'static,
    {
        let client = self.clone();
        paginate(start, move |req: ListRequest| {
            let marker = req.token.map(|t| t.as_str().to_owned());
            let mut query = query.clone();
            set_page(&mut query, marker.clone(), req.page_size);
            let page = fetch(client.clone(), query);
            async move {
                let page = page.await?;
                let next = next_page(
                    marker.as_deref(),
                    page.items.len(),
                    page.next_marker,
                    page.count,
                );
                Ok(Page::new(page.items, next))
            }
        })
    }
}

/// The token of the page after one that started at `marker`, returned `returned` items and said
/// `next_marker` / `count`: `None` when the listing is over (no items, no next marker, the next marker at
/// or past the total, or no progress).
pub(crate) fn next_page(
    marker: Option<&str>,
    returned: usize,
    next_marker: Option<i64>,
    count: Option<i64>,
) -> Option<PageToken> {
    let next = next_marker?;
    if returned == 0 || count.is_some_and(|c| next >= c) {
        return None;
    }
    let current = marker
        .and_then(|m| m.trim().parse::<i64>().ok())
        .unwrap_or(0);
    (next > current).then(|| PageToken::new(next.to_string()))
}

/// The first [`ListRequest`] of a stream that starts at `marker` with pages of `size`.
pub(crate) fn start_request(marker: Option<&str>, size: Option<u32>) -> ListRequest {
    let mut req = ListRequest::new();
    if let Some(size) = size {
        req = req.with_page_size(size);
    }
    if let Some(marker) = marker {
        req = req.with_token(PageToken::new(marker));
    }
    req
}

/// An [`ErrorKind::InvalidArgument`] error for a caller mistake caught before sending.
pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidArgument, message.into()).with_provider(crate::PROVIDER)
}

#[cfg(test)]
mod tests {
    use super::next_page;

    #[test]
    fn next_page_stops_at_the_end() {
        assert_eq!(
            next_page(None, 2, Some(2), Some(5)).map(|t| t.as_str().to_owned()),
            Some("2".into())
        );
        assert_eq!(next_page(Some("2"), 3, Some(5), Some(5)), None);
        assert_eq!(next_page(Some("2"), 0, Some(4), None), None);
        assert_eq!(next_page(Some("4"), 1, Some(4), None), None);
        assert_eq!(next_page(None, 1, None, None), None);
    }
}
