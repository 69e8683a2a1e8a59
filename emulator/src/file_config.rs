//! The emulator's TOML configuration file and how it overlays [`EmulatorConfig`].
//!
//! ```toml
//! listen = "127.0.0.1:9000"
//! check_signatures = true
//! max_clock_skew_secs = 900
//!
//! [fc]
//! account_id = "1234567890123456"
//! region = "cn-hangzhou"
//!
//! [fg]
//! region = "cn-north-4"
//! project_id = "0123456789abcdef0123456789abcdef"
//!
//! [[access_keys]]
//! id = "test"
//! secret = "test"
//!
//! [[iam_users]]
//! name = "test"
//! password = "test"
//! domain = "test"
//! ```

use std::net::SocketAddr;
use std::time::Duration;

use serde::Deserialize;

use crate::config::{AccessKey, EmulatorConfig, IamUser};

/// The file's contents; every key is optional and overrides the default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Where to listen.
    pub listen: Option<SocketAddr>,
    /// Verify signatures and tokens.
    pub check_signatures: Option<bool>,
    /// Allowed clock skew in seconds.
    pub max_clock_skew_secs: Option<u64>,
    /// Largest request body in bytes.
    pub max_body_bytes: Option<usize>,
    /// IAM token lifetime in seconds.
    pub token_lifetime_secs: Option<u64>,
    /// FC identity.
    pub fc: Option<FcSection>,
    /// FunctionGraph identity.
    pub fg: Option<FgSection>,
    /// Access keys (replace the default `test`/`test` when given).
    pub access_keys: Option<Vec<KeyEntry>>,
    /// IAM users (replace the default when given).
    pub iam_users: Option<Vec<UserEntry>>,
}

/// `[fc]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FcSection {
    /// Account id.
    pub account_id: Option<String>,
    /// Region.
    pub region: Option<String>,
}

/// `[fg]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FgSection {
    /// Region.
    pub region: Option<String>,
    /// Project id.
    pub project_id: Option<String>,
}

/// `[[access_keys]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyEntry {
    /// Access key id.
    pub id: String,
    /// Secret.
    pub secret: String,
}

/// `[[iam_users]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserEntry {
    /// User name.
    pub name: String,
    /// Password.
    pub password: String,
    /// Domain name.
    pub domain: String,
}

impl FileConfig {
    /// Parses the TOML text; the error names the line and the key.
    pub fn parse(text: &str) -> Result<FileConfig, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Applies the file on top of `config`.
    pub fn apply(self, config: &mut EmulatorConfig) {
        if let Some(v) = self.check_signatures {
            config.check_signatures = v;
        }
        if let Some(v) = self.max_clock_skew_secs {
            config.max_clock_skew = Duration::from_secs(v);
        }
        if let Some(v) = self.max_body_bytes {
            config.max_body_bytes = v;
        }
        if let Some(v) = self.token_lifetime_secs {
            config.token_lifetime = Duration::from_secs(v);
        }
        if let Some(fc) = self.fc {
            if let Some(v) = fc.account_id {
                config.fc_account_id = v;
            }
            if let Some(v) = fc.region {
                config.fc_region = v;
            }
        }
        if let Some(fg) = self.fg {
            if let Some(v) = fg.region {
                config.fg_region = v;
            }
            if let Some(v) = fg.project_id {
                config.fg_project_id = v;
            }
        }
        if let Some(keys) = self.access_keys {
            config.access_keys = keys
                .into_iter()
                .map(|k| AccessKey {
                    id: k.id,
                    secret: k.secret,
                })
                .collect();
        }
        if let Some(users) = self.iam_users {
            config.iam_users = users
                .into_iter()
                .map(|u| IamUser {
                    name: u.name,
                    password: u.password,
                    domain: u.domain,
                })
                .collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_overrides_defaults_and_rejects_unknown_keys() {
        let file = FileConfig::parse(
            "listen = \"127.0.0.1:9100\"\ncheck_signatures = false\n[fc]\nregion = \"cn-shanghai\"\n[[access_keys]]\nid = \"a\"\nsecret = \"b\"\n",
        )
        .unwrap();
        assert_eq!(file.listen, Some("127.0.0.1:9100".parse().unwrap()));
        let mut config = EmulatorConfig::default();
        file.apply(&mut config);
        assert!(!config.check_signatures);
        assert_eq!(config.fc_region, "cn-shanghai");
        assert_eq!(config.fc_account_id, "1234567890123456");
        assert_eq!(config.secret_for("a"), Some("b"));
        assert_eq!(config.secret_for("test"), None);

        let err = FileConfig::parse("[fc]\nacount_id = \"1\"\n").unwrap_err();
        assert!(err.contains("acount_id"), "{err}");
    }
}
