//! Where FunctionGraph AK/SK credentials come from.
//!
//! A [`CredentialProvider`] hands out [`AkSkCredentials`] for each request attempt, so a provider whose
//! temporary credentials expire can refresh them between attempts. (Token authentication through IAM is
//! the other way in; it signs nothing and sends `X-Auth-Token` instead.)

use std::fmt;

use async_trait::async_trait;
use cloudfn_core::Result;

use crate::signer::AkSkCredentials;

/// A source of AK/SK credentials, asked once per request attempt.
#[async_trait]
pub trait CredentialProvider: Send + Sync + fmt::Debug {
    /// The credentials to sign the next attempt with.
    async fn credentials(&self) -> Result<AkSkCredentials>;
}

/// Credentials that never change.
///
/// ```
/// use cloudfn_huawei::credential::StaticCredentialProvider;
/// use cloudfn_huawei::signer::AkSkCredentials;
///
/// let p = StaticCredentialProvider::new(AkSkCredentials::new("AK", "hunter2-secret-value"));
/// assert!(!format!("{p:?}").contains("hunter2"));
/// ```
#[derive(Debug, Clone)]
pub struct StaticCredentialProvider {
    credentials: AkSkCredentials,
}

impl StaticCredentialProvider {
    /// Always hands out `credentials`.
    pub fn new(credentials: AkSkCredentials) -> Self {
        StaticCredentialProvider { credentials }
    }
}

#[async_trait]
impl CredentialProvider for StaticCredentialProvider {
    async fn credentials(&self) -> Result<AkSkCredentials> {
        Ok(self.credentials.clone())
    }
}
