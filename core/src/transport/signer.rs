//! [`RequestSigner`]: how a provider authenticates each attempt.

use std::fmt::Debug;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::HttpRequest;
use crate::Result;

/// Signs one attempt of a request.
///
/// The [`Transport`](super::Transport) calls `sign` once per attempt, on a fresh copy of the described
/// request, with its clock (local time corrected by the offset learnt from a clock-skew error). A signer
/// writes the date header it signs (`Date`, `X-Sdk-Date`) from `now`, never from its own clock, so that
/// retries and skew corrections carry a fresh, corrected timestamp.
///
/// It is `async` because some credentials must be fetched first (a Huawei IAM token, STS credentials).
/// An error from `sign` ends the call without a retry.
///
/// ```
/// use async_trait::async_trait;
/// use chrono::{DateTime, Utc};
/// use cloudfn_core::transport::{HttpRequest, RequestSigner};
/// use http::header::{DATE, HeaderValue};
///
/// /// Writes only a `Date` header (a real signer adds `Authorization` too).
/// #[derive(Debug)]
/// struct DateOnly;
///
/// #[async_trait]
/// impl RequestSigner for DateOnly {
///     async fn sign(&self, req: &mut HttpRequest, now: DateTime<Utc>) -> cloudfn_core::Result<()> {
///         let date = now.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
///         let value = HeaderValue::from_str(&date).map_err(|e| {
///             cloudfn_core::Error::new(cloudfn_core::ErrorKind::Config, "bad date").with_source(e)
///         })?;
///         req.headers_mut().insert(DATE, value);
///         Ok(())
///     }
/// }
/// ```
#[async_trait]
pub trait RequestSigner: Send + Sync + Debug {
    /// Adds the authentication of one attempt to `req`, dated `now`.
    async fn sign(&self, req: &mut HttpRequest, now: DateTime<Utc>) -> Result<()>;

    /// Told that the server rejected the credentials of an attempt (an `Unauthenticated` error).
    ///
    /// A signer that caches credentials (a Huawei IAM token, STS credentials) drops them and returns `true`;
    /// the transport then signs the request again, fetching fresh credentials, and re-sends it **once**
    /// (the re-send is not counted against the retry policy's attempts, and a second rejection is final).
    /// The default keeps nothing and returns `false`.
    async fn credentials_rejected(&self) -> bool {
        false
    }
}

/// A signer that adds nothing: anonymous requests (tests, the emulator's unauthenticated mode, public
/// endpoints).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSigner;

#[async_trait]
impl RequestSigner for NoSigner {
    async fn sign(&self, _req: &mut HttpRequest, _now: DateTime<Utc>) -> Result<()> {
        Ok(())
    }
}
