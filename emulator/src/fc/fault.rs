//! FC error responses: `{"ErrorCode","ErrorMessage"}` with the cloud's status codes (alibaba-fc.md §4).

use http::StatusCode;

use crate::wire::WireResponse;

/// One FC platform error: status, `ErrorCode`, `ErrorMessage`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FcError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `ErrorCode` value.
    pub code: &'static str,
    /// The `ErrorMessage` value.
    pub message: String,
}

/// The result of an FC operation.
pub(crate) type FcResult<T> = Result<T, FcError>;

impl FcError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        FcError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 `InvalidArgument`.
    pub fn invalid(message: impl Into<String>) -> Self {
        FcError::new(StatusCode::BAD_REQUEST, "InvalidArgument", message)
    }

    /// 400 `PathNotSupported`.
    pub fn path_not_supported(method: &str, path: &str) -> Self {
        FcError::new(
            StatusCode::BAD_REQUEST,
            "PathNotSupported",
            format!("'{method}' against '{path}' is not supported"),
        )
    }

    /// 400 `MissingRequiredHeader`.
    pub fn missing_header(name: &str) -> Self {
        FcError::new(
            StatusCode::BAD_REQUEST,
            "MissingRequiredHeader",
            format!("required HTTP header {name} was not specified"),
        )
    }

    /// 404 `ServiceNotFound`.
    pub fn service_not_found(service: &str) -> Self {
        FcError::new(
            StatusCode::NOT_FOUND,
            "ServiceNotFound",
            format!("service '{service}' does not exist"),
        )
    }

    /// 404 `FunctionNotFound`.
    pub fn function_not_found(service: &str, function: &str) -> Self {
        FcError::new(
            StatusCode::NOT_FOUND,
            "FunctionNotFound",
            format!("function '{function}' does not exist in service '{service}'"),
        )
    }

    /// 404 `TriggerNotFound`.
    pub fn trigger_not_found(service: &str, function: &str, trigger: &str) -> Self {
        FcError::new(
            StatusCode::NOT_FOUND,
            "TriggerNotFound",
            format!(
                "trigger '{trigger}' does not exist in service '{service}' and function '{function}'"
            ),
        )
    }

    /// 404 `VersionNotFound`.
    pub fn version_not_found(service: &str, version: &str) -> Self {
        FcError::new(
            StatusCode::NOT_FOUND,
            "VersionNotFound",
            format!("version '{version}' of service '{service}' does not exist"),
        )
    }

    /// 404 `AliasNotFound`.
    pub fn alias_not_found(service: &str, alias: &str) -> Self {
        FcError::new(
            StatusCode::NOT_FOUND,
            "AliasNotFound",
            format!("alias '{alias}' of service '{service}' does not exist"),
        )
    }

    /// 409 with a `...AlreadyExists` code.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        FcError::new(StatusCode::CONFLICT, code, message)
    }

    /// 404 with an emulator-convention `...NotFound` code.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        FcError::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 412 `PreconditionFailed` (If-Match mismatch).
    pub fn precondition_failed(expected: &str, actual: &str) -> Self {
        FcError::new(
            StatusCode::PRECONDITION_FAILED,
            "PreconditionFailed",
            format!("the resource's ETag '{actual}' does not match If-Match '{expected}'"),
        )
    }

    /// 500 `InternalServerError`.
    pub fn internal() -> Self {
        FcError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            "an internal error has occurred. Please retry",
        )
    }

    /// The wire response (headers common to every response are added by the engine).
    pub fn into_response(self) -> WireResponse {
        WireResponse::json(
            self.status,
            &serde_json::json!({ "ErrorCode": self.code, "ErrorMessage": self.message }),
        )
    }
}
