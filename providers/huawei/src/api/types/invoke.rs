//! Function invocation (§3.1): synchronous, asynchronous, and asynchronous on a reserved instance.
//!
//! The request body of all three is the event itself, any JSON value (send `{}` for none); there is no
//! wrapper struct.

use serde::{Deserialize, Deserializer, Serialize};

use super::Extra;

/// Request header: `tail` returns the last 4 KB of the function's log in `log`.
pub const HEADER_LOG_TYPE: &str = "X-Cff-Log-Type";
/// Request header: response format, `v0` (text: the body is the function's result) or `v1` (JSON:
/// [`InvokeFunctionResponse`]). The SDK does not set it; cloudfn's client sends `v1`.
pub const HEADER_REQUEST_VERSION: &str = "X-CFF-Request-Version";
/// Request header sent by the official SDK on `invocations` and `invocations-async`: the instance memory
/// (MB) to run with.
pub const HEADER_INSTANCE_MEMORY: &str = "X-Cff-Instance-Memory";
/// Response header: a summary of the invocation.
pub const HEADER_INVOKE_SUMMARY: &str = "X-Cff-Invoke-Summary";
/// Response header: the request id (same value as `request_id`).
pub const HEADER_CFF_REQUEST_ID: &str = "X-Cff-Request-Id";
/// Response header (not in the API reference, read when present): the function's run time in ms.
pub const HEADER_FUNCTION_DURATION: &str = "X-Cff-Function-Duration";
/// Response header (not in the API reference, read when present): the billed duration in ms.
pub const HEADER_BILLING_DURATION: &str = "X-Cff-Billing-Duration";
/// [`HEADER_LOG_TYPE`] value asking for the log tail.
pub const LOG_TYPE_TAIL: &str = "tail";
/// [`HEADER_REQUEST_VERSION`] value asking for the JSON response.
pub const REQUEST_VERSION_V1: &str = "v1";

/// The `v1` response of InvokeFunction (`POST .../invocations`, 200).
///
/// `result` is the handler's return value **as a string** (the SDK types it `str`; a JSON result is
/// JSON text). A server that sends a non-string `result` is tolerated: it is kept as its JSON text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InvokeFunctionResponse {
    /// The request id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The function's result, as text.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "string_or_json_text"
    )]
    pub result: Option<String>,
    /// The log tail (with `X-Cff-Log-Type: tail`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
    /// The execution status. The spec gives `0` for success; the cloud has been seen answering `200`
    /// (the OpenTelekomCloud reference shows it), so both read as success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<i32>,
    /// Members this version of cloudfn does not model, kept and written back verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl InvokeFunctionResponse {
    /// `result` parsed as JSON (a result that is not JSON text is returned as a JSON string).
    pub fn result_json(&self) -> Option<serde_json::Value> {
        self.result.as_deref().map(|r| {
            serde_json::from_str(r).unwrap_or_else(|_| serde_json::Value::String(r.to_owned()))
        })
    }

    /// Whether the function itself failed: a `status` other than `0` or `200`, or a non-empty
    /// `error_code` / `err_code` member.
    ///
    /// ```
    /// use cloudfn_huawei::api::types::InvokeFunctionResponse;
    ///
    /// let ok: InvokeFunctionResponse = serde_json::from_str(r#"{"result":"1","status":200}"#).unwrap();
    /// assert!(!ok.is_function_error());
    /// let ok: InvokeFunctionResponse = serde_json::from_str(r#"{"result":"1","status":0}"#).unwrap();
    /// assert!(!ok.is_function_error());
    /// let failed: InvokeFunctionResponse = serde_json::from_str(r#"{"status":1}"#).unwrap();
    /// assert!(failed.is_function_error());
    /// let failed: InvokeFunctionResponse =
    ///     serde_json::from_str(r#"{"status":200,"error_code":"FSS.1999"}"#).unwrap();
    /// assert!(failed.is_function_error());
    /// ```
    pub fn is_function_error(&self) -> bool {
        let code = ["error_code", "err_code"].iter().any(|k| {
            self.extra
                .get(*k)
                .is_some_and(|v| !(v.is_null() || v.as_str() == Some("") || v == 0))
        });
        code || self.status.is_some_and(|s| s != 0 && s != 200)
    }
}

fn string_or_json_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

wire_struct! {
    /// The response of AsyncInvokeFunction (`POST .../invocations-async`, 202).
    pub struct AsyncInvokeFunctionResponse {
        /// The request id, usable with ListAsyncInvocations and StopAsyncInvocation.
        request_id: String,
    }
}

wire_struct! {
    /// The response of AsyncInvokeReservedFunction (`POST .../reserved-invocations`, 202).
    pub struct AsyncInvokeReservedFunctionResponse {
        /// The id of the reserved instance that runs the call.
        instance_id: String,
    }
}
