//! The bridge between FC signing and the shared transport: [`FcSigner`] signs every attempt.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use cloudfn_core::Result;
use cloudfn_core::transport::{HttpRequest, RequestSigner};

use crate::credential::CredentialProvider;
use crate::signer::sign_request;

/// Signs each request attempt with the FC scheme, using fresh credentials from a [`CredentialProvider`]
/// and the transport's (skew-corrected) clock.
///
/// The canonical resource is the request's decoded path (plus the query for `/proxy/` HTTP-trigger
/// paths), exactly as the server verifies it.
#[derive(Debug, Clone)]
pub struct FcSigner {
    credentials: Arc<dyn CredentialProvider>,
}

impl FcSigner {
    /// A signer drawing credentials from `credentials`.
    pub fn new(credentials: Arc<dyn CredentialProvider>) -> Self {
        FcSigner { credentials }
    }
}

#[async_trait]
impl RequestSigner for FcSigner {
    async fn sign(&self, req: &mut HttpRequest, now: DateTime<Utc>) -> Result<()> {
        let creds = self.credentials.credentials().await?;
        let method = req.method().as_str().to_owned();
        let path = req.url().path().to_owned();
        let query = req.url().query().map(str::to_owned);
        sign_request(
            &creds,
            &method,
            &path,
            query.as_deref(),
            req.headers_mut(),
            now,
        )
    }

    async fn credentials_rejected(&self) -> bool {
        self.credentials.credentials_rejected().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::StaticCredentialProvider;
    use crate::signer::{FcCredentials, Secret, header_pairs, verify};
    use chrono::TimeZone;

    #[tokio::test]
    async fn static_credentials_ask_for_no_resend_when_rejected() {
        let signer = FcSigner::new(Arc::new(StaticCredentialProvider::new(FcCredentials::new(
            "id", "secret",
        ))));
        assert!(!signer.credentials_rejected().await);
    }

    #[tokio::test]
    async fn signs_with_a_fresh_date_and_the_token() {
        let creds = FcCredentials::new("id", "secret").with_security_token("sts");
        let signer = FcSigner::new(Arc::new(StaticCredentialProvider::new(creds)));
        let url = url::Url::parse("http://127.0.0.1:9000/2016-08-15/services/a%20b").unwrap();
        let mut req = HttpRequest::get(url, "GetService");
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        signer.sign(&mut req, now).await.unwrap();
        assert_eq!(req.headers()["date"], "Fri, 02 Jan 2026 03:04:05 GMT");
        assert_eq!(req.headers()["x-fc-security-token"], "sts");
        let auth = req.headers()["authorization"].to_str().unwrap().to_owned();
        assert!(verify(
            &Secret::new("secret"),
            "GET",
            "/2016-08-15/services/a%20b",
            header_pairs(req.headers()),
            None,
            &auth,
        ));
        // A second attempt later gets a new date and signature.
        signer
            .sign(&mut req, now + chrono::TimeDelta::seconds(1))
            .await
            .unwrap();
        assert_ne!(req.headers()["authorization"].to_str().unwrap(), auth);
    }
}
