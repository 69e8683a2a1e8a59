//! The bridge between FunctionGraph authentication and the shared transport: [`AkSkSigner`] signs every
//! attempt with AK/SK, [`TokenSigner`] puts an IAM token on it.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use cloudfn_core::transport::{HttpRequest, RequestSigner};
use cloudfn_core::{Error, ErrorKind, Result};
use http::header::{HeaderName, HeaderValue};

use crate::credential::CredentialProvider;
use crate::iam::IamTokenProvider;
use crate::signer::{AkSkCredentials, RequestTarget, parse_query, sign_headers};

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

/// Hands out the credentials of another provider with the project id replaced: set to the project id
/// the client resolved (so `X-Project-Id` matches the path, as the SDK does after its lookup), or
/// cleared (the IAM project lookup sends no `X-Project-Id`).
#[derive(Debug, Clone)]
pub struct ProjectIdOverride {
    inner: Arc<dyn CredentialProvider>,
    project_id: Option<String>,
}

impl ProjectIdOverride {
    /// `inner`'s credentials with the project id set to `project_id` (`None` removes it).
    pub fn new(inner: Arc<dyn CredentialProvider>, project_id: Option<String>) -> Self {
        ProjectIdOverride { inner, project_id }
    }
}

#[async_trait]
impl CredentialProvider for ProjectIdOverride {
    async fn credentials(&self) -> Result<AkSkCredentials> {
        let mut creds = self.inner.credentials().await?;
        creds.project_id.clone_from(&self.project_id);
        Ok(creds)
    }
}

/// Authenticates each attempt with an IAM token (huawei-functiongraph.md §1.4, §1.5): sets
/// `X-Auth-Token` (marked sensitive, never logged) and `X-Project-Id` when a project id is known.
///
/// The token comes from an [`IamTokenProvider`] (cached, refreshed ahead of expiry, one fetch at a time).
/// When the server rejects an attempt as unauthenticated (401), the transport calls
/// [`credentials_rejected`](RequestSigner::credentials_rejected): the cached token is dropped, and the
/// request is signed with a new token and re-sent once; a second rejection is returned to the caller.
///
/// Several requests rejected at the same moment each drop the token, so a burst of 401s may cause a few
/// (serialised) token fetches rather than exactly one; requests that are merely concurrent share one.
#[derive(Debug, Clone)]
pub struct TokenSigner {
    provider: Arc<IamTokenProvider>,
    project_id: Option<String>,
}

impl TokenSigner {
    /// A signer drawing tokens from `provider`.
    pub fn new(provider: Arc<IamTokenProvider>) -> Self {
        TokenSigner {
            provider,
            project_id: None,
        }
    }

    /// Also sends `X-Project-Id: {project_id}`.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The token provider.
    pub fn provider(&self) -> &Arc<IamTokenProvider> {
        &self.provider
    }
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value).map_err(|e| {
        Error::new(
            ErrorKind::Config,
            format!("header `{name}`: the value is not a valid HTTP header value"),
        )
        .with_provider(crate::PROVIDER)
        .with_source(e)
    })
}

#[async_trait]
impl RequestSigner for TokenSigner {
    async fn sign(&self, req: &mut HttpRequest, now: DateTime<Utc>) -> Result<()> {
        let token = self.provider.token_at(now).await?;
        let mut value = header_value(crate::iam::HEADER_AUTH_TOKEN, token.token.expose())?;
        value.set_sensitive(true);
        req.headers_mut()
            .insert(HeaderName::from_static("x-auth-token"), value);
        if let Some(project_id) = &self.project_id {
            req.headers_mut().insert(
                HeaderName::from_static("x-project-id"),
                header_value(crate::signer::HEADER_PROJECT_ID, project_id)?,
            );
        }
        Ok(())
    }

    async fn credentials_rejected(&self) -> bool {
        self.provider.invalidate().await;
        true
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
