//! [`FcClient`]: the typed FC 2016-08-15 client, one `async fn` per REST operation.
//!
//! The operations themselves live in the sibling modules (`operations.rs`, `invoke.rs`); this module has
//! the client, the [`Response`] wrapper and the request plumbing (paths, queries, headers, decoding).

use bytes::Bytes;
use cloudfn_core::transport::{HttpRequest, HttpResponse, Transport};
use cloudfn_core::{Error, ErrorKind, Result};
use http::Method;
use http::header::{CONTENT_TYPE, ETAG, HeaderValue, IF_MATCH};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::signer::API_VERSION;

/// Bytes percent-encoded in a path segment: everything but the unreserved characters and the
/// sub-delimiters `requests` keeps as they are (`!$&'()*+,;=:@`). A space becomes `%20`, non-ASCII its
/// UTF-8 `%XX`, and `%`, `/`, `?`, `#` are escaped too, so the path the server decodes (and verifies the
/// signature against) is exactly the name given.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Percent-encodes one path segment the way [`FcClient`] puts names on the wire.
///
/// ```
/// use cloudfn_alibaba::api::encode_path_segment;
/// assert_eq!(encode_path_segment("my svc+1"), "my%20svc+1");
/// assert_eq!(encode_path_segment("ü%/?"), "%C3%BC%25%2F%3F");
/// ```
pub fn encode_path_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// A decoded response with the headers FC puts beside the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The decoded body (`()` for operations without one).
    pub value: T,
    /// The `ETag` header: pass it as `if_match` to update or delete exactly this state.
    pub etag: Option<String>,
    /// The `x-fc-request-id` header.
    pub request_id: Option<String>,
}

impl<T> Response<T> {
    /// The decoded body, dropping the headers.
    pub fn into_value(self) -> T {
        self.value
    }

    /// Maps the value, keeping the headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            etag: self.etag,
            request_id: self.request_id,
        }
    }
}

/// The typed Function Compute client: one method per REST operation of API 2016-08-15, plus the routes
/// the official `fc2` SDK adds (account settings, on-demand configs, reserved capacities).
///
/// Every call goes through the shared [`Transport`] (signing each attempt, retries, clock-skew
/// correction, error mapping through [`FcProfile`](crate::profile::FcProfile)). Paths are built under `/2016-08-15` with each name
/// percent-encoded by [`encode_path_segment`]; a qualifier is appended to the service segment as
/// `service.qualifier`. A name that cannot be a path segment (empty, `.` or `..`, which URL parsers and
/// servers resolve as dot segments, addressing another resource) fails with
/// [`ErrorKind::InvalidArgument`] before anything is sent. Every management request carries `Content-Type: application/json`, as the SDK
/// sends it (the header is signed).
///
/// Idempotency: GET, PUT and DELETE are retried after transient failures; POST creates and publishes
/// (and synchronous invokes) are not repeated once they may have reached the server.
///
/// Cheap to clone (the transport is shared). `Debug` shows the endpoint and the transport, never
/// credentials.
#[derive(Clone, Debug)]
pub struct FcClient {
    transport: Transport,
    endpoint: Url,
}

impl FcClient {
    /// A client sending through `transport` (built with [`FcProfile`](crate::profile::FcProfile) and an
    /// [`FcSigner`](crate::auth::FcSigner)) to `endpoint` (`https://{account}.{region}.fc.aliyuncs.com`,
    /// or the emulator's URL). A path in the endpoint is kept as a prefix.
    pub fn new(transport: Transport, endpoint: Url) -> FcClient {
        FcClient {
            transport,
            endpoint,
        }
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The transport.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// The URL of `/2016-08-15/{path}` (`path` already encoded) with `query` (form-encoded like the
    /// SDK: a space is `+`, `/` is `%2F`).
    pub(crate) fn url(&self, path: &str, query: &Query) -> Url {
        let mut url = self.endpoint.clone();
        let base = self.endpoint.path().trim_end_matches('/');
        url.set_path(&format!("{base}/{API_VERSION}/{path}"));
        url.set_query(None);
        url.set_fragment(None);
        if !query.0.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &query.0 {
                pairs.append_pair(k, v);
            }
        }
        url
    }

    /// A management request: `Content-Type: application/json` and, when given, `If-Match`.
    pub(crate) fn request(
        &self,
        method: Method,
        path: &str,
        query: &Query,
        operation: &'static str,
        if_match: Option<&str>,
    ) -> Result<HttpRequest> {
        let mut req = HttpRequest::new(method, self.url(path, query), operation)
            .with_header(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(etag) = if_match {
            let value = HeaderValue::from_str(etag).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    "the If-Match value is not a valid header value",
                )
                .with_operation(operation)
                .with_source(e)
            })?;
            req = req.with_header(IF_MATCH, value);
        }
        Ok(req)
    }

    /// Sends `req` and returns the raw response.
    pub(crate) async fn send(&self, req: HttpRequest) -> Result<HttpResponse> {
        self.transport.send(req).await
    }

    /// Sends `req` and decodes the JSON body.
    pub(crate) async fn call<T: DeserializeOwned>(&self, req: HttpRequest) -> Result<Response<T>> {
        let resp = self.send(req).await?;
        let value = resp.json()?;
        Ok(wrap(&resp, value))
    }

    /// Sends `req` and decodes the JSON body, an empty body giving `T::default()` (the cloud sends no
    /// body, or `{"requestId": ...}`, on some operations).
    pub(crate) async fn call_or_default<T: DeserializeOwned + Default>(
        &self,
        req: HttpRequest,
    ) -> Result<Response<T>> {
        let resp = self.send(req).await?;
        let value = if resp.body().iter().all(u8::is_ascii_whitespace) {
            T::default()
        } else {
            resp.json()?
        };
        Ok(wrap(&resp, value))
    }

    /// Sends `req` and ignores the body.
    pub(crate) async fn call_empty(&self, req: HttpRequest) -> Result<Response<()>> {
        let resp = self.send(req).await?;
        Ok(wrap(&resp, ()))
    }

    /// Downloads a function's code package from the pre-signed OSS URL that
    /// [`get_function_code`](FcClient::get_function_code) returns.
    ///
    /// The request goes through the client's transport (timeouts, retries, proxy, the response size cap of
    /// [`TransportConfig::max_response_bytes`](cloudfn_core::transport::TransportConfig::max_response_bytes))
    /// but **unsigned** ([`HttpRequest::unsigned`]): the URL carries its own signature, and FC credentials
    /// must not be sent to OSS.
    /// A body over the cap fails with [`ErrorKind::PayloadTooLarge`].
    pub async fn download_code(&self, url: &str) -> Result<Bytes> {
        let url = Url::parse(url).map_err(|e| {
            Error::new(
                ErrorKind::InvalidArgument,
                "the code URL is not a valid URL",
            )
            .with_source(e)
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("the code URL has an unsupported scheme `{}`", url.scheme()),
            ));
        }
        let resp = self
            .transport
            .send(HttpRequest::get(url, "DownloadFunctionCode").unsigned())
            .await?;
        Ok(resp.into_body())
    }
}

fn wrap<T>(resp: &HttpResponse, value: T) -> Response<T> {
    Response {
        value,
        etag: resp.header_str(ETAG.as_str()).map(str::to_owned),
        request_id: resp.request_id().map(str::to_owned),
    }
}

/// One name as an encoded path segment, refusing the names that cannot be one: empty, `.` and `..`
/// (URL parsers and servers resolve dot segments, so `delete_function("s", "..")` would otherwise
/// address `DELETE /services/s`).
pub(crate) fn seg(name: &str) -> Result<String> {
    if name.is_empty() || name == "." || name == ".." {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!("`{name}` cannot be used as a name in a request path (empty, `.` or `..`)"),
        )
        .with_provider(crate::error::PROVIDER));
    }
    Ok(encode_path_segment(name))
}

/// The encoded `{serviceName[.qualifier]}` segment.
pub(crate) fn service_segment(service: &str, qualifier: Option<&str>) -> Result<String> {
    Ok(match qualifier {
        Some(q) => format!("{}.{}", seg(service)?, seg(q)?),
        None => seg(service)?,
    })
}

/// `services/{serviceName[.qualifier]}/functions/{functionName}` (encoded).
pub(crate) fn function_path(
    service: &str,
    qualifier: Option<&str>,
    function: &str,
) -> Result<String> {
    Ok(format!(
        "services/{}/functions/{}",
        service_segment(service, qualifier)?,
        seg(function)?
    ))
}

/// Builds a query list, keeping only "truthy" values as the SDK does (no empty strings, no zero limit).
#[derive(Debug, Default)]
pub(crate) struct Query(pub(crate) Vec<(String, String)>);

impl Query {
    pub(crate) fn new() -> Self {
        Query(Vec::new())
    }

    pub(crate) fn str(&mut self, key: &'static str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.0.push((key.to_owned(), v.to_owned()));
        }
        self
    }

    pub(crate) fn num<N: Into<i64>>(&mut self, key: &'static str, value: Option<N>) -> &mut Self {
        if let Some(v) = value.map(Into::into).filter(|v| *v != 0) {
            self.0.push((key.to_owned(), v.to_string()));
        }
        self
    }

    /// Adds a pair whatever its value (repeated keys allowed).
    pub(crate) fn raw(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.0.push((key.into(), value.into()));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signer::decode_path;
    use cloudfn_core::transport::{GenericProfile, NoSigner, TransportConfig};
    use proptest::prelude::*;
    use std::sync::Arc;

    fn test_client(endpoint: &str) -> FcClient {
        let transport = Transport::new(
            TransportConfig::default().without_env_proxy(),
            Arc::new(GenericProfile::new("alibaba-fc")),
            Arc::new(NoSigner),
        )
        .expect("transport");
        FcClient::new(transport, Url::parse(endpoint).expect("endpoint"))
    }

    #[test]
    fn paths_keep_the_endpoint_prefix_and_drop_its_query() {
        let c = test_client("http://127.0.0.1:9000/");
        let url = c.url("services/a%20b.prod", &Query::new());
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9000/2016-08-15/services/a%20b.prod"
        );
        let c = test_client("https://fc.example.com/gw/?x=1#f");
        let mut q = Query::new();
        q.str("prefix", Some("a b/+")).num("limit", Some(0_u32));
        let url = c.url("services", &q);
        assert_eq!(
            url.as_str(),
            "https://fc.example.com/gw/2016-08-15/services?prefix=a+b%2F%2B"
        );
    }

    #[test]
    fn qualified_segments() {
        assert_eq!(service_segment("s v", Some("ä")).unwrap(), "s%20v.%C3%A4");
        assert_eq!(
            function_path("s", None, "f/x?y#z").unwrap(),
            "services/s/functions/f%2Fx%3Fy%23z"
        );
        assert_eq!(
            service_segment(".", Some("x")).unwrap_err().kind(),
            ErrorKind::InvalidArgument
        );
        for bad in ["", ".", ".."] {
            assert!(seg(bad).is_err());
            assert!(function_path("s", None, bad).is_err());
            assert!(function_path(bad, None, "f").is_err());
            assert!(service_segment("s", Some(bad)).is_err());
        }
        assert_eq!(seg("...").unwrap(), "...");
    }

    proptest! {
        #[test]
        fn any_name_survives_the_url_and_decodes_back(name in "\\PC{0,24}") {
            prop_assume!(seg(&name).is_ok());
            let c = test_client("http://127.0.0.1:9000");
            let path = format!("services/{}", seg(&name).unwrap());
            let url = c.url(&path, &Query::new());
            prop_assert_eq!(url.path(), format!("/2016-08-15/{path}"));
            let decoded = decode_path(url.path());
            prop_assert_eq!(decoded.as_ref(), format!("/2016-08-15/services/{name}"));
        }
    }
}
