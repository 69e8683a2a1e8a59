//! Responses and errors of the FunctionGraph protocol: `{"error_code","error_msg"}` bodies with the
//! status the API reference gives for each code.

use http::StatusCode;
use serde::Serialize;

use crate::wire::WireResponse;

/// The result of an operation.
pub type FgResult = Result<WireResponse, FgError>;

/// A FunctionGraph (or API Gateway / IAM) error: status, code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FgError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The error code (`FSS.1051`, `APIGW.0301`, ...).
    pub code: String,
    /// The message.
    pub message: String,
}

impl FgError {
    /// An error with `code`, answered with the status the error-code table gives for it (400 for a
    /// code the table does not know).
    pub fn new(code: &str, message: impl Into<String>) -> FgError {
        let status = cloudfn_huawei::error::lookup(code)
            .and_then(|c| StatusCode::from_u16(c.status).ok())
            .unwrap_or(StatusCode::BAD_REQUEST);
        FgError {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// An error with an explicit status.
    pub fn with_status(status: StatusCode, code: &str, message: impl Into<String>) -> FgError {
        FgError {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// `400 FSS.0400`: a malformed body or an invalid field.
    pub fn invalid(message: impl Into<String>) -> FgError {
        FgError::new("FSS.0400", message)
    }

    /// `400 FSS.1001`: an invalid query parameter.
    pub fn bad_query(message: impl Into<String>) -> FgError {
        FgError::new("FSS.1001", message)
    }

    /// `404 FSS.1051`: the function does not exist.
    pub fn no_function(package: &str, name: &str) -> FgError {
        FgError::new(
            "FSS.1051",
            format!("Not found the function: {package}/{name}"),
        )
    }

    /// `404 APIGW.0101`: no API at this method and path.
    pub fn no_route(method: &str, path: &str) -> FgError {
        FgError::with_status(
            StatusCode::NOT_FOUND,
            "APIGW.0101",
            format!(
                "The API does not exist or has not been published in the environment: {method} {path}"
            ),
        )
    }

    /// The JSON error response.
    pub fn into_response(self) -> WireResponse {
        WireResponse::json(
            self.status,
            &serde_json::json!({ "error_code": self.code, "error_msg": self.message }),
        )
    }
}

impl std::fmt::Display for FgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for FgError {}

/// `200` with a JSON body.
pub fn ok(value: &impl Serialize) -> FgResult {
    Ok(WireResponse::json(StatusCode::OK, value))
}

/// A JSON body with `status`.
pub fn json(status: StatusCode, value: &impl Serialize) -> FgResult {
    Ok(WireResponse::json(status, value))
}

/// `204 No Content`.
pub fn no_content() -> FgResult {
    Ok(WireResponse::new(StatusCode::NO_CONTENT))
}

/// Decodes a JSON request body into `T`; an empty body is read as `{}`.
pub fn body<T: serde::de::DeserializeOwned>(raw: &[u8]) -> Result<T, FgError> {
    let raw: &[u8] = if raw.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        raw
    };
    serde_json::from_slice(raw).map_err(|e| FgError::invalid(format!("invalid request body: {e}")))
}
