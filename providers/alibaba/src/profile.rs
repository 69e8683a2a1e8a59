//! [`FcProfile`]: how the shared transport reads Function Compute responses.

use cloudfn_core::Error;
use cloudfn_core::transport::ServiceProfile;
use http::{HeaderMap, StatusCode};

use crate::error::{PROVIDER, REQUEST_ID_HEADER, error_from_http, is_clock_skew};

/// The FC [`ServiceProfile`]: provider `alibaba-fc`, request id in `x-fc-request-id`, error bodies read by
/// [`error_from_http`] (both key casings, the documented code table), and `RequestTimeTooSkewed` as the
/// clock-skew code (the transport then corrects its clock by the response's `Date` and re-signs once).
///
/// ```
/// use cloudfn_alibaba::profile::FcProfile;
/// use cloudfn_core::transport::ServiceProfile;
/// use cloudfn_core::ErrorKind;
///
/// let profile = FcProfile::new();
/// let err = profile.parse_error(
///     "GetService",
///     http::StatusCode::FORBIDDEN,
///     &http::HeaderMap::new(),
///     br#"{"ErrorCode":"RequestTimeTooSkewed","ErrorMessage":"skewed"}"#,
/// );
/// assert_eq!(err.kind(), ErrorKind::Unauthenticated);
/// assert!(profile.is_clock_skew(&err));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct FcProfile;

impl FcProfile {
    /// The profile.
    pub fn new() -> Self {
        FcProfile
    }
}

impl ServiceProfile for FcProfile {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn request_id_headers(&self) -> &[&'static str] {
        &[REQUEST_ID_HEADER]
    }

    fn parse_error(
        &self,
        _operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Error {
        error_from_http(status.as_u16(), headers, body)
    }

    fn is_clock_skew(&self, err: &Error) -> bool {
        err.code().is_some_and(is_clock_skew)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudfn_core::ErrorKind;

    #[test]
    fn reads_fc_errors() {
        let mut headers = HeaderMap::new();
        headers.insert(REQUEST_ID_HEADER, http::HeaderValue::from_static("rid-9"));
        let p = FcProfile::new();
        let err = p.parse_error(
            "GetFunction",
            StatusCode::NOT_FOUND,
            &headers,
            br#"{"ErrorCode":"FunctionNotFound","ErrorMessage":"nope"}"#,
        );
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(err.code(), Some("FunctionNotFound"));
        assert_eq!(err.request_id(), Some("rid-9"));
        assert!(!p.is_clock_skew(&err));
        assert_eq!(p.provider(), "alibaba-fc");
        assert_eq!(p.request_id_headers(), &["x-fc-request-id"]);
    }
}
