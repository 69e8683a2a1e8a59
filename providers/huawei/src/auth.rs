//! The bridge between FunctionGraph signing and the shared transport: [`AkSkSigner`] signs every attempt.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use cloudfn_core::Result;
use cloudfn_core::transport::{HttpRequest, RequestSigner};

use crate::credential::CredentialProvider;
use crate::signer::{RequestTarget, parse_query, sign_headers};

/// Signs each request attempt with `SDK-HMAC-SHA256`, using fresh credentials from a
/// [`CredentialProvider`] and the transport's (skew-corrected) clock.
///
/// The query is signed as the decoded pairs of the URL's query, so the client must put the query on the
/// URL the way [`encode_query`](crate::signer::encode_query) writes it.
#[derive(Debug, Clone)]
pub struct AkSkSigner {
    credentials: Arc<dyn CredentialProvider>,
}

impl AkSkSigner {
    /// A signer drawing credentials from `credentials`.
    pub fn new(credentials: Arc<dyn CredentialProvider>) -> Self {
        AkSkSigner { credentials }
    }
}

#[async_trait]
impl RequestSigner for AkSkSigner {
    async fn sign(&self, req: &mut HttpRequest, now: DateTime<Utc>) -> Result<()> {
        let creds = self.credentials.credentials().await?;
        let method = req.method().as_str().to_owned();
        let path = req.url().path().to_owned();
        let query = req.url().query().map(parse_query).unwrap_or_default();
        let host = req.authority();
        let body = req.body().clone();
        let target = RequestTarget {
            method: &method,
            path: &path,
            query: &query,
            body: &body,
            host: Some(&host),
        };
        sign_headers(&creds, &target, req.headers_mut(), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::StaticCredentialProvider;
    use crate::signer::{AkSkCredentials, SignableRequest, sign};
    use chrono::TimeZone;

    #[tokio::test]
    async fn signs_each_attempt_afresh_and_verifies() {
        let creds = AkSkCredentials::new("AK", "SK").with_project_id("p1");
        let signer = AkSkSigner::new(Arc::new(StaticCredentialProvider::new(creds.clone())));
        let url = url::Url::parse(
            "http://127.0.0.1:9000/v2/p1/fgs/functions/urn%3Afss%3Ar%3Ap1%3Afunction%3Adefault%3Af/config?marker=2&maxitems=5",
        )
        .unwrap();
        let mut req = HttpRequest::get(url, "ShowFunctionConfig");
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        signer.sign(&mut req, now).await.unwrap();
        assert_eq!(req.headers()["x-sdk-date"], "20260102T030405Z");
        assert_eq!(req.headers()["host"], "127.0.0.1:9000");
        let first = req.headers()["authorization"].to_str().unwrap().to_owned();
        // Recompute from the same parts independently of the bridge.
        let mut headers = req.headers().clone();
        headers.remove("authorization");
        let expected = sign(
            &creds,
            &SignableRequest::new("GET", req.url().path(), b"")
                .with_raw_query(req.url().query().unwrap())
                .with_header_map(&headers)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(first, expected);
        signer
            .sign(&mut req, now + chrono::TimeDelta::seconds(1))
            .await
            .unwrap();
        assert_ne!(req.headers()["authorization"].to_str().unwrap(), first);
    }
}
