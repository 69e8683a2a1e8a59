//! `InvokeFunction` (alibaba-fc.md §5.2, official-sdks.md §1.9).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use cloudfn_core::transport::{HttpRequest, Idempotency};
use cloudfn_core::{FunctionError, Result};
use http::header::{CONTENT_TYPE, HeaderMap};

use super::client::{FcClient, function_path};
use crate::error::function_error_from_http;

/// Request header choosing sync or async.
pub const INVOCATION_TYPE_HEADER: &str = "x-fc-invocation-type";
/// Request header asking for the log tail.
pub const LOG_TYPE_HEADER: &str = "x-fc-log-type";
/// Response header with the base64 log tail.
pub const LOG_RESULT_HEADER: &str = "x-fc-log-result";
/// Request/response header naming a stateful async invocation.
pub const STATEFUL_ASYNC_INVOCATION_ID_HEADER: &str = "x-fc-stateful-async-invocation-id";
/// Response header with the id of the instance that ran the call.
pub const INSTANCE_ID_HEADER: &str = "x-fc-instance-id";
/// Response header with the CRC-64 of the code that ran.
pub const CODE_CHECKSUM_RESPONSE_HEADER: &str = "x-fc-code-checksum";

/// `x-fc-invocation-type`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum InvocationType {
    /// Wait for the result (`Sync`, the default).
    #[default]
    Sync,
    /// Queue the event and return `202` at once (`Async`).
    Async,
}

impl InvocationType {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            InvocationType::Sync => "Sync",
            InvocationType::Async => "Async",
        }
    }
}

/// `x-fc-log-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogType {
    /// Return the last 4 KB of the call's log in `x-fc-log-result` (`Tail`).
    Tail,
    /// No log (`None`, the server's default).
    None,
}

impl LogType {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            LogType::Tail => "Tail",
            LogType::None => "None",
        }
    }
}

/// What to send to `InvokeFunction`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvokeInput {
    /// The event, passed to the function unchanged.
    pub payload: Bytes,
    /// Sync (default) or async. Always sent.
    pub invocation_type: InvocationType,
    /// `x-fc-log-type`; not sent when `None` (server default: no log).
    pub log_type: Option<LogType>,
    /// `x-fc-stateful-async-invocation-id` for an async call (letters, digits, `_`, `-`, starting with a
    /// letter or `_`, at most 128 characters). Makes the async call safe to retry (see
    /// [`FcClient::invoke_function`]).
    pub stateful_async_invocation_id: Option<String>,
    /// The body's content type; `application/octet-stream` when unset.
    pub content_type: Option<String>,
    /// Further headers (e.g. `x-fc-trace-id`); `x-fc-*` ones are signed.
    pub extra_headers: Vec<(String, String)>,
}

impl InvokeInput {
    /// A synchronous call with `payload`.
    pub fn sync(payload: impl Into<Bytes>) -> Self {
        InvokeInput {
            payload: payload.into(),
            ..InvokeInput::default()
        }
    }

    /// An asynchronous call with `payload`.
    pub fn asynchronous(payload: impl Into<Bytes>) -> Self {
        InvokeInput {
            payload: payload.into(),
            invocation_type: InvocationType::Async,
            ..InvokeInput::default()
        }
    }

    /// Asks for the log tail.
    pub fn with_log_tail(mut self) -> Self {
        self.log_type = Some(LogType::Tail);
        self
    }

    /// Names the (stateful) async invocation.
    pub fn with_stateful_async_invocation_id(mut self, id: impl Into<String>) -> Self {
        self.stateful_async_invocation_id = Some(id.into());
        self
    }
}

/// What `InvokeFunction` returned.
#[derive(Debug, Clone, PartialEq)]
pub struct InvokeOutput {
    /// The HTTP status (`200` sync, `202` async).
    pub status: u16,
    /// The function's result (a sync call) or the error body (with `function_error`); empty for async.
    pub payload: Bytes,
    /// Set when the function itself failed (`x-fc-error-type`): not an `Err`, the call reached it.
    pub function_error: Option<FunctionError>,
    /// The log tail (`x-fc-log-result`, base64-decoded; kept as sent when it is not base64).
    pub log_result: Option<String>,
    /// `x-fc-request-id`.
    pub request_id: Option<String>,
    /// `x-fc-stateful-async-invocation-id`, echoed or assigned by the server.
    pub stateful_async_invocation_id: Option<String>,
    /// `x-fc-instance-id`.
    pub instance_id: Option<String>,
    /// `x-fc-code-checksum`: the CRC-64 of the code that ran.
    pub code_checksum: Option<String>,
    /// Every response header (`x-fc-invocation-duration`, `x-fc-max-memory-usage`, ...).
    pub headers: HeaderMap,
}

/// Decodes an `x-fc-log-result` value: base64 → UTF-8 text (lossy); not base64 → the value as sent.
pub fn decode_log_result(value: &str) -> String {
    match STANDARD.decode(value.trim()) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => value.to_owned(),
    }
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

impl FcClient {
    /// `InvokeFunction`: `POST /services/{serviceName[.qualifier]}/functions/{functionName}/invocations`.
    ///
    /// The payload is sent as raw bytes (`application/octet-stream` unless
    /// [`InvokeInput::content_type`] says otherwise) with `x-fc-invocation-type` and, when set,
    /// `x-fc-log-type` and `x-fc-stateful-async-invocation-id`. A function failure (`x-fc-error-type`
    /// on a 2xx) is returned in [`InvokeOutput::function_error`], not as an `Err`.
    ///
    /// Retries: a synchronous call, and an async call without an invocation id, are not idempotent (a
    /// repeat may run the function or queue the event twice) and are not re-sent once they may have
    /// reached the server. An async call **with** a stateful invocation id is treated as idempotent:
    /// the id names the invocation, so a repeat cannot start a second one.
    pub async fn invoke_function(
        &self,
        service: &str,
        qualifier: Option<&str>,
        function: &str,
        input: InvokeInput,
    ) -> Result<InvokeOutput> {
        let path = format!(
            "{}/invocations",
            function_path(service, qualifier, function)?
        );
        let url = self.url(&path, &super::client::Query::new());
        let content_type = input
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream");
        let mut req = HttpRequest::post(url, "InvokeFunction")
            .try_with_header(CONTENT_TYPE.as_str(), content_type)?
            .try_with_header(INVOCATION_TYPE_HEADER, input.invocation_type.as_str())?;
        if let Some(log) = input.log_type {
            req = req.try_with_header(LOG_TYPE_HEADER, log.as_str())?;
        }
        let idempotency = match (&input.invocation_type, &input.stateful_async_invocation_id) {
            (InvocationType::Async, Some(_)) => Idempotency::Idempotent,
            _ => Idempotency::NonIdempotent,
        };
        if let Some(id) = &input.stateful_async_invocation_id {
            req = req.try_with_header(STATEFUL_ASYNC_INVOCATION_ID_HEADER, id)?;
        }
        for (k, v) in &input.extra_headers {
            req = req.try_with_header(k, v)?;
        }
        let req = req.with_body(input.payload).with_idempotency(idempotency);
        let resp = self.send(req).await?;
        let headers = resp.headers().clone();
        let function_error = function_error_from_http(&headers, resp.body());
        Ok(InvokeOutput {
            status: resp.status().as_u16(),
            function_error,
            log_result: header(&headers, LOG_RESULT_HEADER).map(|v| decode_log_result(&v)),
            request_id: resp.request_id().map(str::to_owned),
            stateful_async_invocation_id: header(&headers, STATEFUL_ASYNC_INVOCATION_ID_HEADER),
            instance_id: header(&headers, INSTANCE_ID_HEADER),
            code_checksum: header(&headers, CODE_CHECKSUM_RESPONSE_HEADER),
            headers,
            payload: resp.into_body(),
        })
    }
}
