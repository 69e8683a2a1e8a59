//! [`FgProfile`]: how the shared transport reads FunctionGraph responses.

use cloudfn_core::Error;
use cloudfn_core::transport::ServiceProfile;
use http::{HeaderMap, StatusCode};

use crate::PROVIDER;

/// The [`ServiceProfile`] of FunctionGraph v2 (and the API Gateway in front of it).
///
/// - provider name `huawei-functiongraph`;
/// - request ids from `X-Request-Id`, else `X-Cff-Request-Id`;
/// - error bodies (`error_code`/`error_msg`, `code`/`message`, API Gateway forms) read by
///   [`crate::error::error_from_response`], with the crate's code table giving the kind;
/// - "signature expired" (`APIGW.0301`) recognised as clock skew ([`crate::error::is_clock_skew`]).
///
/// ```
/// use cloudfn_core::transport::ServiceProfile;
/// use cloudfn_huawei::profile::FgProfile;
///
/// let profile = FgProfile::new();
/// assert_eq!(profile.provider(), "huawei-functiongraph");
/// assert_eq!(profile.request_id_headers(), &["X-Request-Id", "X-Cff-Request-Id"]);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FgProfile;

impl FgProfile {
    /// The profile.
    pub fn new() -> Self {
        FgProfile
    }
}

impl ServiceProfile for FgProfile {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn request_id_headers(&self) -> &[&'static str] {
        &["X-Request-Id", "X-Cff-Request-Id"]
    }

    fn parse_error(
        &self,
        operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Error {
        crate::error::error_from_response(status.as_u16(), headers, body).with_operation(operation)
    }

    fn is_clock_skew(&self, err: &Error) -> bool {
        crate::error::is_clock_skew(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudfn_core::ErrorKind;

    #[test]
    fn reads_functiongraph_errors() {
        let mut headers = HeaderMap::new();
        headers.insert("x-cff-request-id", http::HeaderValue::from_static("rid-1"));
        let err = FgProfile::new().parse_error(
            "ShowFunctionConfig",
            StatusCode::NOT_FOUND,
            &headers,
            br#"{"error_code":"FSS.1051","error_msg":"function not found"}"#,
        );
        assert_eq!(err.code(), Some("FSS.1051"));
        assert_eq!(err.message(), "function not found");
        assert_eq!(err.request_id(), Some("rid-1"));
        assert_eq!(err.operation(), Some("ShowFunctionConfig"));
        assert_eq!(err.provider(), Some(PROVIDER));
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }
}
