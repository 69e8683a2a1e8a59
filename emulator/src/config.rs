//! What the emulator accepts and who it is: keys, IAM users, account and project ids, regions, and the
//! security switches.

use std::time::Duration;

/// An access key pair the emulator accepts, for both clouds.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessKey {
    /// The access key id (FC `AccessKeyId`, FunctionGraph `Access`).
    pub id: String,
    /// The secret.
    pub secret: String,
}

impl std::fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessKey")
            .field("id", &self.id)
            .field("secret", &"***")
            .finish()
    }
}

/// An IAM user that can obtain a token with `POST /v3/auth/tokens`.
#[derive(Clone, PartialEq, Eq)]
pub struct IamUser {
    /// The user name.
    pub name: String,
    /// The password.
    pub password: String,
    /// The domain (account) name.
    pub domain: String,
}

impl std::fmt::Debug for IamUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IamUser")
            .field("name", &self.name)
            .field("password", &"***")
            .field("domain", &self.domain)
            .finish()
    }
}

/// The emulator's configuration. `Default` is what a newcomer and every SDK work with unchanged.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EmulatorConfig {
    /// Accepted access keys (default: `test` / `test`).
    pub access_keys: Vec<AccessKey>,
    /// IAM users (default: `test` / `test` in domain `test`).
    pub iam_users: Vec<IamUser>,
    /// The FC account id (default `1234567890123456`).
    pub fc_account_id: String,
    /// The FC region (default `cn-hangzhou`).
    pub fc_region: String,
    /// The FunctionGraph region (default `cn-north-4`).
    pub fg_region: String,
    /// The FunctionGraph project id (default `0123456789abcdef0123456789abcdef`).
    pub fg_project_id: String,
    /// Verify signatures and tokens (default true).
    pub check_signatures: bool,
    /// The allowed difference between a request's date and the emulator's clock (default 15 minutes,
    /// both clouds' window).
    pub max_clock_skew: Duration,
    /// The largest request body accepted (default 100 MiB; FC inline code and payload limits are checked
    /// separately by each protocol).
    pub max_body_bytes: usize,
    /// How long an issued IAM token lives (default 24 h).
    pub token_lifetime: Duration,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            access_keys: vec![AccessKey {
                id: "test".into(),
                secret: "test".into(),
            }],
            iam_users: vec![IamUser {
                name: "test".into(),
                password: "test".into(),
                domain: "test".into(),
            }],
            fc_account_id: "1234567890123456".into(),
            fc_region: "cn-hangzhou".into(),
            fg_region: "cn-north-4".into(),
            fg_project_id: "0123456789abcdef0123456789abcdef".into(),
            check_signatures: true,
            max_clock_skew: Duration::from_secs(15 * 60),
            max_body_bytes: 100 * 1024 * 1024,
            token_lifetime: Duration::from_secs(24 * 3600),
        }
    }
}

impl EmulatorConfig {
    /// The secret of an accepted access key id.
    pub fn secret_for(&self, access_key_id: &str) -> Option<&str> {
        self.access_keys
            .iter()
            .find(|k| k.id == access_key_id)
            .map(|k| k.secret.as_str())
    }
}
