//! Where FunctionGraph AK/SK credentials come from.
//!
//! A [`CredentialProvider`] hands out [`AkSkCredentials`] for each request attempt, so a provider whose
//! temporary credentials expire can refresh them between attempts. (Token authentication through IAM is
//! the other way in, see [`crate::iam`]; it signs nothing and sends `X-Auth-Token` instead.)
//!
//! The providers follow the official SDK's chain (`huaweicloudsdkcore/auth/provider.py`,
//! official-sdks.md §2.1, anchors §2e):
//!
//! | provider | reads |
//! |---|---|
//! | [`StaticCredentialProvider`] | what it was given |
//! | [`EnvCredentialProvider`] | `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` (both required), `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_SECURITY_TOKEN` (optional) |
//! | [`ProfileCredentialProvider`] | the INI file `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`, section `[basic]` |
//! | [`ChainCredentialProvider`] | environment, then the profile file; the first that has credentials wins |
//!
//! An empty variable counts as unset. Every environment and file access goes through an [`Env`]
//! ([`ProcessEnv`] by default, [`MapEnv`] in tests), so credential loading is testable without touching
//! the process environment. The metadata-service and federated (IdP) sources of the SDK are not
//! implemented.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use cloudfn_core::{Error, ErrorKind, Result};
use tokio::sync::OnceCell;

use crate::PROVIDER;
use crate::signer::AkSkCredentials;

pub use cloudfn_core::env::{Env, MapEnv, ProcessEnv};

/// `HUAWEICLOUD_SDK_AK`: the access key id.
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// `HUAWEICLOUD_SDK_SK`: the secret access key.
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// `HUAWEICLOUD_SDK_PROJECT_ID`: the project id.
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// `HUAWEICLOUD_SDK_SECURITY_TOKEN`: the security token of temporary credentials.
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// `HUAWEICLOUD_SDK_CREDENTIALS_FILE`: the path of the credentials file.
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

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

fn config_error(message: String) -> Error {
    Error::new(ErrorKind::Config, message).with_provider(PROVIDER)
}

/// Credentials from the SDK's environment variables, read on every call.
///
/// `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` are required; `HUAWEICLOUD_SDK_PROJECT_ID` and
/// `HUAWEICLOUD_SDK_SECURITY_TOKEN` are optional. Empty values count as unset. A missing variable is an
/// [`ErrorKind::Config`] error naming it.
///
/// ```
/// use cloudfn_huawei::credential::{CredentialProvider, EnvCredentialProvider, MapEnv};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let env = MapEnv::new().with_var("HUAWEICLOUD_SDK_AK", "AK").with_var("HUAWEICLOUD_SDK_SK", "SK");
/// let creds = EnvCredentialProvider::with_env(env).credentials().await.unwrap();
/// assert_eq!(creds.ak, "AK");
/// assert_eq!(creds.project_id, None);
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct EnvCredentialProvider {
    env: Arc<dyn Env>,
}

impl Default for EnvCredentialProvider {
    fn default() -> Self {
        EnvCredentialProvider::new()
    }
}

impl EnvCredentialProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        EnvCredentialProvider {
            env: Arc::new(ProcessEnv),
        }
    }

    /// Reads `env`.
    pub fn with_env(env: impl Env + 'static) -> Self {
        EnvCredentialProvider { env: Arc::new(env) }
    }

    /// Reads a shared `env`.
    pub fn with_shared_env(env: Arc<dyn Env>) -> Self {
        EnvCredentialProvider { env }
    }

    /// Loads the credentials now.
    pub fn load(&self) -> Result<AkSkCredentials> {
        let ak = self.env.non_empty(ENV_AK);
        let sk = self.env.non_empty(ENV_SK);
        let (ak, sk) = match (ak, sk) {
            (Some(ak), Some(sk)) => (ak, sk),
            (ak, sk) => {
                let missing: Vec<&str> = [(ENV_AK, ak.is_none()), (ENV_SK, sk.is_none())]
                    .iter()
                    .filter(|(_, m)| *m)
                    .map(|(n, _)| *n)
                    .collect();
                return Err(config_error(format!(
                    "no AK/SK credentials in the environment: {} not set (or empty)",
                    missing.join(" and ")
                )));
            }
        };
        let mut creds = AkSkCredentials::new(ak, sk);
        if let Some(project_id) = self.env.non_empty(ENV_PROJECT_ID) {
            creds = creds.with_project_id(project_id);
        }
        if let Some(token) = self.env.non_empty(ENV_SECURITY_TOKEN) {
            creds = creds.with_security_token(token);
        }
        Ok(creds)
    }
}

#[async_trait]
impl CredentialProvider for EnvCredentialProvider {
    async fn credentials(&self) -> Result<AkSkCredentials> {
        self.load()
    }
}

/// Credentials from the SDK's credentials file, read on every call.
///
/// The file is `HUAWEICLOUD_SDK_CREDENTIALS_FILE` when set (and not empty), else
/// `{home}/.huaweicloud/credentials`. It is INI, read the way the SDK's Python `configparser` reads it:
///
/// ```ini
/// # comment (also ';')
/// [basic]
/// ak = MY_AK
/// sk = MY_SK
/// project_id = 0123456789abcdef0123456789abcdef
/// security_token = ...
/// ```
///
/// - only the section `[basic]` (name case-sensitive, as in the SDK) is used; other sections (`[global]`)
///   are skipped;
/// - keys are case-insensitive, `key = value` or `key: value`, whitespace around both trimmed; the last
///   of repeated keys wins; empty values count as unset;
/// - `ak` and `sk` are required, `project_id` and `security_token` optional; the SDK's `iam_endpoint`,
///   `idp_id` and `id_token_file` keys are ignored (federated credentials are not supported);
/// - a missing file, a missing `[basic]` section or a missing key is an [`ErrorKind::Config`] error
///   naming the file and what is missing, never showing a value.
///
/// ```
/// use cloudfn_huawei::credential::{CredentialProvider, MapEnv, ProfileCredentialProvider};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let env = MapEnv::new()
///     .with_home("/home/me")
///     .with_file("/home/me/.huaweicloud/credentials", "[basic]\nak = AK\nsk = SK\n");
/// let creds = ProfileCredentialProvider::with_env(env).credentials().await.unwrap();
/// assert_eq!(creds.ak, "AK");
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct ProfileCredentialProvider {
    env: Arc<dyn Env>,
}

impl Default for ProfileCredentialProvider {
    fn default() -> Self {
        ProfileCredentialProvider::new()
    }
}

/// The section of the credentials file holding project-scoped ("basic") credentials.
const PROFILE_SECTION: &str = "basic";

impl ProfileCredentialProvider {
    /// Reads the process environment and file system.
    pub fn new() -> Self {
        ProfileCredentialProvider {
            env: Arc::new(ProcessEnv),
        }
    }

    /// Reads through `env`.
    pub fn with_env(env: impl Env + 'static) -> Self {
        ProfileCredentialProvider { env: Arc::new(env) }
    }

    /// Reads through a shared `env`.
    pub fn with_shared_env(env: Arc<dyn Env>) -> Self {
        ProfileCredentialProvider { env }
    }

    /// The path of the credentials file, `None` when neither the variable nor a home directory is set.
    pub fn path(&self) -> Option<PathBuf> {
        if let Some(path) = self.env.non_empty(ENV_CREDENTIALS_FILE) {
            return Some(PathBuf::from(path));
        }
        self.env
            .home_dir()
            .map(|home| home.join(".huaweicloud").join("credentials"))
    }

    /// Loads the credentials now.
    pub fn load(&self) -> Result<AkSkCredentials> {
        let path = self.path().ok_or_else(|| {
            config_error(format!(
                "no credentials file: {ENV_CREDENTIALS_FILE} is not set and there is no home directory"
            ))
        })?;
        let shown = path.display();
        let text = self.env.read_file(&path).map_err(|e| {
            config_error(format!("cannot read the credentials file `{shown}`")).with_source(e)
        })?;
        let section = parse_ini_section(&text, PROFILE_SECTION).ok_or_else(|| {
            config_error(format!(
                "the credentials file `{shown}` has no [{PROFILE_SECTION}] section"
            ))
        })?;
        let get = |key: &str| section.get(key).filter(|v| !v.is_empty()).cloned();
        let (ak, sk) = match (get("ak"), get("sk")) {
            (Some(ak), Some(sk)) => (ak, sk),
            (ak, sk) => {
                let missing: Vec<&str> = [("ak", ak.is_none()), ("sk", sk.is_none())]
                    .iter()
                    .filter(|(_, m)| *m)
                    .map(|(n, _)| *n)
                    .collect();
                return Err(config_error(format!(
                    "the [{PROFILE_SECTION}] section of the credentials file `{shown}` has no {}",
                    missing.join(" and ")
                )));
            }
        };
        let mut creds = AkSkCredentials::new(ak, sk);
        if let Some(project_id) = get("project_id") {
            creds = creds.with_project_id(project_id);
        }
        if let Some(token) = get("security_token") {
            creds = creds.with_security_token(token);
        }
        Ok(creds)
    }
}

#[async_trait]
impl CredentialProvider for ProfileCredentialProvider {
    async fn credentials(&self) -> Result<AkSkCredentials> {
        self.load()
    }
}

/// The `key → value` pairs of section `[wanted]` of an INI text (keys lower-cased), `None` when the
/// section is absent.
fn parse_ini_section(text: &str, wanted: &str) -> Option<BTreeMap<String, String>> {
    let mut found: Option<BTreeMap<String, String>> = None;
    let mut in_wanted = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            if let Some(name) = rest.strip_suffix(']') {
                in_wanted = name.trim() == wanted;
                if in_wanted && found.is_none() {
                    found = Some(BTreeMap::new());
                }
                continue;
            }
        }
        if !in_wanted {
            continue;
        }
        let Some(split) = line.find(['=', ':']) else {
            continue;
        };
        let key = line[..split].trim().to_ascii_lowercase();
        let value = line[split + 1..].trim().to_owned();
        if let Some(section) = found.as_mut() {
            section.insert(key, value);
        }
    }
    found
}

/// The SDK's chain: [`EnvCredentialProvider`], then [`ProfileCredentialProvider`].
///
/// The first provider that has credentials wins; the result is resolved once, on first use, and then
/// reused (the sources are static). When none has any, the error is [`ErrorKind::Config`] and lists why
/// each failed (which variable, which file).
#[derive(Debug, Clone)]
pub struct ChainCredentialProvider {
    env: EnvCredentialProvider,
    profile: ProfileCredentialProvider,
    resolved: Arc<OnceCell<AkSkCredentials>>,
}

impl Default for ChainCredentialProvider {
    fn default() -> Self {
        ChainCredentialProvider::new()
    }
}

impl ChainCredentialProvider {
    /// The chain over the process environment and file system.
    pub fn new() -> Self {
        ChainCredentialProvider::with_shared_env(Arc::new(ProcessEnv))
    }

    /// The chain over `env`.
    pub fn with_env(env: impl Env + 'static) -> Self {
        ChainCredentialProvider::with_shared_env(Arc::new(env))
    }

    /// The chain over a shared `env`.
    pub fn with_shared_env(env: Arc<dyn Env>) -> Self {
        ChainCredentialProvider {
            env: EnvCredentialProvider::with_shared_env(env.clone()),
            profile: ProfileCredentialProvider::with_shared_env(env),
            resolved: Arc::new(OnceCell::new()),
        }
    }

    /// Loads the credentials now (without caching).
    pub fn load(&self) -> Result<AkSkCredentials> {
        let env_error = match self.env.load() {
            Ok(creds) => return Ok(creds),
            Err(e) => e,
        };
        let profile_error = match self.profile.load() {
            Ok(creds) => return Ok(creds),
            Err(e) => e,
        };
        Err(config_error(format!(
            "no Huawei Cloud AK/SK credentials found: environment: {}; credentials file: {}",
            env_error.message(),
            profile_error.message()
        )))
    }
}

#[async_trait]
impl CredentialProvider for ChainCredentialProvider {
    async fn credentials(&self) -> Result<AkSkCredentials> {
        self.resolved
            .get_or_try_init(|| async { self.load() })
            .await
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ini_sections_and_keys() {
        let text = "# top\n[global]\nak = G\n[basic]\n AK = one \n; note\nsk: two\nproject_id=\n[other]\nsk=x\n";
        let s = parse_ini_section(text, "basic").unwrap();
        assert_eq!(s.get("ak").map(String::as_str), Some("one"));
        assert_eq!(s.get("sk").map(String::as_str), Some("two"));
        assert_eq!(s.get("project_id").map(String::as_str), Some(""));
        assert!(parse_ini_section(text, "BASIC").is_none());
        assert!(parse_ini_section("", "basic").is_none());
    }

    #[test]
    fn map_env_debug_hides_values() {
        let env = MapEnv::new().with_var(ENV_SK, "very-secret");
        let shown = format!("{env:?}");
        assert!(
            shown.contains(ENV_SK) && !shown.contains("very-secret"),
            "{shown}"
        );
    }
}
