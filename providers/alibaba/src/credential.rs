//! Where FC credentials come from.
//!
//! A [`CredentialProvider`] hands out [`FcCredentials`] (AccessKey pair, optionally an STS security token)
//! for each request attempt, so a provider whose credentials expire can refresh them between attempts.

use std::fmt;

use async_trait::async_trait;
use cloudfn_core::Result;

use crate::signer::FcCredentials;

/// A source of FC credentials, asked once per request attempt.
#[async_trait]
pub trait CredentialProvider: Send + Sync + fmt::Debug {
    /// The credentials to sign the next attempt with.
    async fn credentials(&self) -> Result<FcCredentials>;
}

/// Credentials that never change: a key pair, optionally with an STS token.
///
/// ```
/// use cloudfn_alibaba::credential::StaticCredentialProvider;
/// use cloudfn_alibaba::signer::FcCredentials;
///
/// let p = StaticCredentialProvider::new(FcCredentials::new("id", "hunter2-secret-value"));
/// assert!(!format!("{p:?}").contains("hunter2"));
/// ```
#[derive(Debug, Clone)]
pub struct StaticCredentialProvider {
    credentials: FcCredentials,
}

impl StaticCredentialProvider {
    /// Always hands out `credentials`.
    pub fn new(credentials: FcCredentials) -> Self {
        StaticCredentialProvider { credentials }
    }
}

#[async_trait]
impl CredentialProvider for StaticCredentialProvider {
    async fn credentials(&self) -> Result<FcCredentials> {
        Ok(self.credentials.clone())
    }
}
