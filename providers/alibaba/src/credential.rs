//! Where FC credentials come from.
//!
//! A [`CredentialProvider`] hands out [`FcCredentials`] (AccessKey pair, optionally an STS security token)
//! for each request attempt, so a provider whose credentials expire can refresh them between attempts.
//!
//! | provider | reads |
//! |---|---|
//! | [`StaticCredentialProvider`] | nothing: fixed credentials |
//! | [`EnvCredentialProvider`] | `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN` |
//! | [`ProfileCredentialProvider`] | `~/.alibabacloud/credentials` (or `ALIBABA_CLOUD_CREDENTIALS_FILE`), profile `ALIBABA_CLOUD_PROFILE` (default `default`) |
//! | [`ChainCredentialProvider`] | the environment, then the profile file: the first that is configured wins |
//! | [`CachingCredentialProvider`] | wraps a [`CredentialSource`] whose credentials expire; refreshes ahead of expiry |
//!
//! The variable names and the file format are those of the official Alibaba Cloud credential chain
//! (`credentials-go`, `credentials-python`). All environment and file access goes through an [`Env`]
//! ([`ProcessEnv`] by default, [`MapEnv`] in tests), so nothing here needs the process environment to be
//! modified. An empty (or all-blank) variable counts as unset. No `Debug` output and no error message
//! contains a secret.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use cloudfn_core::{Error, ErrorKind, Result};

pub use cloudfn_core::env::{Env, MapEnv, ProcessEnv};

use crate::error::PROVIDER;
use crate::signer::FcCredentials;

/// The AccessKey id variable.
pub const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The AccessKey secret variable.
pub const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// The STS security token variable.
pub const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// The variable choosing the profile of the credentials file.
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// The variable overriding the path of the credentials file.
pub const ENV_CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
/// The profile used when none is chosen.
pub const DEFAULT_PROFILE: &str = "default";
/// The credentials file, relative to the home directory.
pub const DEFAULT_CREDENTIALS_FILE: &str = ".alibabacloud/credentials";

/// A source of FC credentials, asked once per request attempt.
#[async_trait]
pub trait CredentialProvider: Send + Sync + fmt::Debug {
    /// The credentials to sign the next attempt with.
    async fn credentials(&self) -> Result<FcCredentials>;

    /// Told that the server rejected the credentials last handed out. A provider that caches expiring
    /// credentials drops them and returns `true`, so the transport signs once more with fresh ones; the
    /// default keeps nothing and returns `false`.
    async fn credentials_rejected(&self) -> bool {
        false
    }
}

fn config_error(message: impl Into<std::borrow::Cow<'static, str>>) -> Error {
    Error::new(ErrorKind::Config, message).with_provider(PROVIDER)
}

// ------------------------------------------------------------------------------------------------ Env

/// The value of `name` in `env`, trimmed; `None` when unset, empty or blank.
pub fn env_var(env: &dyn Env, name: &str) -> Option<String> {
    env.var(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// What one source of the chain found.
#[derive(Debug)]
enum Probe {
    Found(FcCredentials),
    /// Not configured at all, and why (for the chain's error).
    Absent(String),
}

// --------------------------------------------------------------------------------------------- static

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

// ------------------------------------------------------------------------------------------------ env

/// Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, for STS,
/// `ALIBABA_CLOUD_SECURITY_TOKEN`, read on every call.
///
/// Empty values count as unset. Setting only one of the key pair, or a token without the pair, is a
/// [`ErrorKind::Config`] error naming the missing variable.
///
/// ```
/// use std::sync::Arc;
/// use cloudfn_alibaba::credential::{EnvCredentialProvider, MapEnv};
///
/// let env = MapEnv::new()
///     .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-id")
///     .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret");
/// let creds = EnvCredentialProvider::with_env(Arc::new(env)).load()?.expect("configured");
/// assert_eq!(creds.access_key_id(), "LTAI-id");
/// assert!(creds.security_token().is_none());
/// # Ok::<(), cloudfn_core::Error>(())
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
        EnvCredentialProvider::with_env(Arc::new(ProcessEnv))
    }

    /// Reads `env`.
    pub fn with_env(env: Arc<dyn Env>) -> Self {
        EnvCredentialProvider { env }
    }

    /// The credentials, `Ok(None)` when none of the variables is set.
    pub fn load(&self) -> Result<Option<FcCredentials>> {
        Ok(match self.probe()? {
            Probe::Found(c) => Some(c),
            Probe::Absent(_) => None,
        })
    }

    fn probe(&self) -> Result<Probe> {
        let env = self.env.as_ref();
        let id = env_var(env, ENV_ACCESS_KEY_ID);
        let secret = env_var(env, ENV_ACCESS_KEY_SECRET);
        let token = env_var(env, ENV_SECURITY_TOKEN);
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let creds = FcCredentials::new(id, secret);
                Ok(Probe::Found(match token {
                    Some(t) => creds.with_security_token(t),
                    None => creds,
                }))
            }
            (Some(_), None) => Err(config_error(format!(
                "{ENV_ACCESS_KEY_SECRET} is not set (or empty) but {ENV_ACCESS_KEY_ID} is: set both"
            ))),
            (None, Some(_)) => Err(config_error(format!(
                "{ENV_ACCESS_KEY_ID} is not set (or empty) but {ENV_ACCESS_KEY_SECRET} is: set both"
            ))),
            (None, None) if token.is_some() => Err(config_error(format!(
                "{ENV_SECURITY_TOKEN} is set but {ENV_ACCESS_KEY_ID} and {ENV_ACCESS_KEY_SECRET} are not: \
                 an STS token needs its temporary key pair"
            ))),
            (None, None) => Ok(Probe::Absent(format!(
                "{ENV_ACCESS_KEY_ID} and {ENV_ACCESS_KEY_SECRET} are not set"
            ))),
        }
    }
}

#[async_trait]
impl CredentialProvider for EnvCredentialProvider {
    async fn credentials(&self) -> Result<FcCredentials> {
        match self.probe()? {
            Probe::Found(c) => Ok(c),
            Probe::Absent(why) => Err(config_error(format!(
                "no Alibaba Cloud credentials in the environment: {why}"
            ))),
        }
    }
}

// -------------------------------------------------------------------------------------------- profile

/// Credentials from the Alibaba Cloud credentials file, read on every call.
///
/// The file is `ALIBABA_CLOUD_CREDENTIALS_FILE` when set, else `~/.alibabacloud/credentials` (`HOME`, or
/// `USERPROFILE` on Windows). The profile is the one given to [`with_profile`](Self::with_profile), else
/// `ALIBABA_CLOUD_PROFILE`, else `default`. The format is INI:
///
/// ```ini
/// [default]
/// type = access_key                 # or: sts
/// access_key_id = LTAI...
/// access_key_secret = ...
///
/// [temp]
/// type = sts
/// access_key_id = STS....
/// access_key_secret = ...
/// security_token = ...
/// ```
///
/// Comments start with `#` or `;` (at the start of a line, or after whitespace); values may be quoted
/// with `"` or `'`; `key: value` works like `key = value`. A missing `type` means `access_key`. The types
/// that need a network exchange (`ecs_ram_role`, `ram_role_arn`, `oidc_role_arn`, `rsa_key_pair`,
/// `credentials_uri`, `bearer`) are not supported and fail with [`ErrorKind::Unsupported`] naming the
/// type; they are never skipped silently.
///
/// ```
/// use std::sync::Arc;
/// use cloudfn_alibaba::credential::{MapEnv, ProfileCredentialProvider};
///
/// let env = MapEnv::new()
///     .with_var("ALIBABA_CLOUD_CREDENTIALS_FILE", "/virtual/credentials")
///     .with_file(
///         "/virtual/credentials",
///         "[default]\ntype = sts\naccess_key_id = STS.id\naccess_key_secret = s\nsecurity_token = t\n",
///     );
/// let creds = ProfileCredentialProvider::with_env(Arc::new(env)).load()?.expect("configured");
/// assert_eq!(creds.access_key_id(), "STS.id");
/// assert_eq!(creds.security_token().map(|t| t.expose()), Some("t"));
/// # Ok::<(), cloudfn_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ProfileCredentialProvider {
    env: Arc<dyn Env>,
    profile: Option<String>,
    path: Option<PathBuf>,
}

impl Default for ProfileCredentialProvider {
    fn default() -> Self {
        ProfileCredentialProvider::new()
    }
}

impl ProfileCredentialProvider {
    /// Reads the process environment and the real file system.
    pub fn new() -> Self {
        ProfileCredentialProvider::with_env(Arc::new(ProcessEnv))
    }

    /// Reads variables and the file through `env`.
    pub fn with_env(env: Arc<dyn Env>) -> Self {
        ProfileCredentialProvider {
            env,
            profile: None,
            path: None,
        }
    }

    /// Uses this profile, whatever `ALIBABA_CLOUD_PROFILE` says.
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// Reads this file, whatever `ALIBABA_CLOUD_CREDENTIALS_FILE` says.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// The profile that will be read.
    pub fn profile(&self) -> String {
        self.profile
            .clone()
            .or_else(|| env_var(self.env.as_ref(), ENV_PROFILE))
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
    }

    /// The file that will be read, and whether it was chosen explicitly (then it must exist). `None` when
    /// no file is chosen and there is no home directory.
    fn file(&self) -> Option<(PathBuf, bool)> {
        if let Some(p) = &self.path {
            return Some((p.clone(), true));
        }
        if let Some(p) = env_var(self.env.as_ref(), ENV_CREDENTIALS_FILE) {
            return Some((PathBuf::from(p), true));
        }
        self.env
            .as_ref()
            .home_dir()
            .map(|h| (h.join(DEFAULT_CREDENTIALS_FILE), false))
    }

    /// The credentials, `Ok(None)` when the default file does not exist (or there is no home directory).
    /// A file chosen explicitly that does not exist, a missing profile, a bad entry or an unsupported
    /// `type` are errors.
    pub fn load(&self) -> Result<Option<FcCredentials>> {
        Ok(match self.probe()? {
            Probe::Found(c) => Some(c),
            Probe::Absent(_) => None,
        })
    }

    fn probe(&self) -> Result<Probe> {
        let Some((path, explicit)) = self.file() else {
            return Ok(Probe::Absent(format!(
                "no {ENV_CREDENTIALS_FILE} and no home directory (HOME, USERPROFILE) to find \
                 ~/{DEFAULT_CREDENTIALS_FILE}"
            )));
        };
        let shown = path.display().to_string();
        let text = match self.env.read_file(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound && !explicit => {
                return Ok(Probe::Absent(format!("{shown} does not exist")));
            }
            Err(e) => {
                let how = if explicit {
                    format!(" (set by {ENV_CREDENTIALS_FILE} or with_path)")
                } else {
                    String::new()
                };
                return Err(
                    config_error(format!("cannot read the credentials file {shown}{how}"))
                        .with_source(e),
                );
            }
        };
        let ini =
            parse_ini(&text).map_err(|e| config_error(format!("credentials file {shown}: {e}")))?;
        let profile = self.profile();
        let Some(section) = ini.get(&profile) else {
            let known: Vec<&str> = ini.keys().map(String::as_str).collect();
            return Err(config_error(format!(
                "credentials file {shown} has no profile [{profile}] (chosen by {}); profiles: {}",
                if self.profile.is_some() {
                    "with_profile".to_owned()
                } else if env_var(self.env.as_ref(), ENV_PROFILE).is_some() {
                    ENV_PROFILE.to_owned()
                } else {
                    "default".to_owned()
                },
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            )));
        };
        profile_credentials(section, &profile, &shown).map(Probe::Found)
    }
}

fn profile_credentials(
    section: &BTreeMap<String, String>,
    profile: &str,
    file: &str,
) -> Result<FcCredentials> {
    let get = |key: &str| {
        section
            .get(key)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let require = |key: &str, kind: &str| {
        get(key).ok_or_else(|| {
            config_error(format!(
                "credentials file {file}, profile [{profile}]: `{key}` is required for type = {kind}"
            ))
        })
    };
    let kind = get("type").unwrap_or_else(|| "access_key".to_owned());
    match kind.as_str() {
        "access_key" => Ok(FcCredentials::new(
            require("access_key_id", "access_key")?,
            require("access_key_secret", "access_key")?,
        )),
        "sts" => Ok(FcCredentials::new(
            require("access_key_id", "sts")?,
            require("access_key_secret", "sts")?,
        )
        .with_security_token(require("security_token", "sts")?)),
        "ecs_ram_role" | "ram_role_arn" | "oidc_role_arn" | "rsa_key_pair" | "credentials_uri"
        | "bearer" | "chained_role_arn" => Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "credentials file {file}, profile [{profile}]: type = {kind} is not supported by \
                 cloudfn (supported: access_key, sts); obtain the credentials elsewhere and pass them \
                 with with_credentials or a CredentialProvider"
            ),
        )
        .with_provider(PROVIDER)),
        other => Err(config_error(format!(
            "credentials file {file}, profile [{profile}]: unknown type = {other} (supported: \
             access_key, sts)"
        ))),
    }
}

/// Sections of an INI text: section name → key (lowercased) → value. Keys before any section are
/// ignored. Errors name the line, never its content (it may hold a secret).
fn parse_ini(
    text: &str,
) -> std::result::Result<BTreeMap<String, BTreeMap<String, String>>, String> {
    let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let Some(end) = rest.find(']') else {
                return Err(format!(
                    "line {line_no}: a section header needs a closing `]`"
                ));
            };
            let after = strip_inline_comment(&rest[end + 1..]);
            if !after.trim().is_empty() {
                return Err(format!("line {line_no}: text after the section header"));
            }
            let name = rest[..end].trim();
            if name.is_empty() {
                return Err(format!("line {line_no}: empty section name"));
            }
            sections.entry(name.to_owned()).or_default();
            current = Some(name.to_owned());
            continue;
        }
        let Some(sep) = line.find(['=', ':']) else {
            return Err(format!(
                "line {line_no}: expected `[section]`, `key = value` or a comment"
            ));
        };
        let key = line[..sep].trim();
        if key.is_empty() {
            return Err(format!("line {line_no}: empty key"));
        }
        let value = parse_value(&line[sep + 1..])
            .ok_or_else(|| format!("line {line_no}: unterminated quoted value"))?;
        if let Some(section) = &current {
            sections
                .entry(section.clone())
                .or_default()
                .insert(key.to_ascii_lowercase(), value);
        }
    }
    Ok(sections)
}

/// Cuts a `#` or `;` comment that starts the text or follows whitespace.
fn strip_inline_comment(s: &str) -> &str {
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if (*b == b'#' || *b == b';') && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &s[..i];
        }
    }
    s
}

/// A value: quoted (taken verbatim between the quotes, a comment may follow) or bare (inline comment
/// cut, trimmed). `None` for an unterminated quote.
fn parse_value(raw: &str) -> Option<String> {
    let v = raw.trim();
    for quote in ['"', '\''] {
        if let Some(rest) = v.strip_prefix(quote) {
            let end = rest.find(quote)?;
            let after = strip_inline_comment(&rest[end + 1..]);
            return after.trim().is_empty().then(|| rest[..end].to_owned());
        }
    }
    Some(strip_inline_comment(v).trim().to_owned())
}

// ---------------------------------------------------------------------------------------------- chain

/// The default chain: the environment ([`EnvCredentialProvider`]), then the credentials file
/// ([`ProfileCredentialProvider`]).
///
/// A source that is not configured at all (no variables; no file at the default path) is passed over; a
/// source that is configured wrongly (half a key pair, a missing profile, an unsupported `type`) stops
/// the chain with its error, so a mistake is never hidden by a fallback. When no source is configured
/// the [`ErrorKind::Config`] error says what each one tried.
///
/// ```
/// use std::sync::Arc;
/// use cloudfn_alibaba::credential::{ChainCredentialProvider, MapEnv};
///
/// let chain = ChainCredentialProvider::with_env(Arc::new(MapEnv::new()));
/// let err = chain.resolve().unwrap_err();
/// assert!(err.message().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"));
/// assert!(err.message().contains("home directory"));
/// ```
#[derive(Debug, Clone)]
pub struct ChainCredentialProvider {
    env: EnvCredentialProvider,
    profile: ProfileCredentialProvider,
}

impl Default for ChainCredentialProvider {
    fn default() -> Self {
        ChainCredentialProvider::new()
    }
}

impl ChainCredentialProvider {
    /// The chain over the process environment and the real file system.
    pub fn new() -> Self {
        ChainCredentialProvider::with_env(Arc::new(ProcessEnv))
    }

    /// The chain reading through `env`.
    pub fn with_env(env: Arc<dyn Env>) -> Self {
        ChainCredentialProvider {
            env: EnvCredentialProvider::with_env(env.clone()),
            profile: ProfileCredentialProvider::with_env(env),
        }
    }

    /// Replaces the profile source (e.g. to choose a profile).
    pub fn with_profile_provider(mut self, profile: ProfileCredentialProvider) -> Self {
        self.profile = profile;
        self
    }

    /// Asks the sources in order (synchronously: both only read variables and a small file).
    pub fn resolve(&self) -> Result<FcCredentials> {
        let mut tried = Vec::new();
        match self.env.probe()? {
            Probe::Found(c) => return Ok(c),
            Probe::Absent(why) => tried.push(format!("environment: {why}")),
        }
        match self.profile.probe()? {
            Probe::Found(c) => return Ok(c),
            Probe::Absent(why) => tried.push(format!("credentials file: {why}")),
        }
        Err(config_error(format!(
            "no Alibaba Cloud credentials found; tried {}",
            tried.join("; ")
        )))
    }
}

#[async_trait]
impl CredentialProvider for ChainCredentialProvider {
    async fn credentials(&self) -> Result<FcCredentials> {
        self.resolve()
    }
}

// -------------------------------------------------------------------------------------------- caching

/// Credentials with the instant they stop being valid (`None`: never).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringCredentials {
    /// The credentials.
    pub credentials: FcCredentials,
    /// When they expire.
    pub expires_at: Option<DateTime<Utc>>,
}

impl ExpiringCredentials {
    /// Credentials valid until `expires_at`.
    pub fn new(credentials: FcCredentials, expires_at: Option<DateTime<Utc>>) -> Self {
        ExpiringCredentials {
            credentials,
            expires_at,
        }
    }
}

/// A source of credentials that expire (an STS `AssumeRole` call, an instance metadata endpoint...),
/// wrapped by [`CachingCredentialProvider`].
#[async_trait]
pub trait CredentialSource: Send + Sync + fmt::Debug {
    /// Fetches fresh credentials.
    async fn fetch(&self) -> Result<ExpiringCredentials>;
}

/// The clock of a [`CachingCredentialProvider`].
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Caches the credentials of a [`CredentialSource`] until shortly before they expire.
///
/// - credentials are reused while more than `refresh_ahead` (default 5 minutes) of their validity is
///   left, so no request is signed with credentials about to expire;
/// - one refresh at a time: concurrent callers wait for the refresh in progress and share its result;
/// - a failed refresh is not cached: the next call tries again. While the cached credentials have not
///   actually expired yet, they are still handed out when a refresh fails.
///
/// ```
/// use std::sync::Arc;
/// use async_trait::async_trait;
/// use cloudfn_alibaba::credential::{
///     CachingCredentialProvider, CredentialProvider, CredentialSource, ExpiringCredentials,
/// };
/// use cloudfn_alibaba::signer::FcCredentials;
///
/// #[derive(Debug)]
/// struct Sts;
///
/// #[async_trait]
/// impl CredentialSource for Sts {
///     async fn fetch(&self) -> cloudfn_core::Result<ExpiringCredentials> {
///         let expires = chrono::Utc::now() + chrono::TimeDelta::hours(1);
///         let creds = FcCredentials::new("STS.id", "secret").with_security_token("token");
///         Ok(ExpiringCredentials::new(creds, Some(expires)))
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let provider = CachingCredentialProvider::new(Arc::new(Sts));
/// assert_eq!(provider.credentials().await?.access_key_id(), "STS.id");
/// # Ok::<(), cloudfn_core::Error>(())
/// # }).unwrap();
/// ```
pub struct CachingCredentialProvider {
    source: Arc<dyn CredentialSource>,
    refresh_ahead: Duration,
    clock: Clock,
    cached: tokio::sync::Mutex<Option<ExpiringCredentials>>,
}

impl fmt::Debug for CachingCredentialProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingCredentialProvider")
            .field("source", &self.source)
            .field("refresh_ahead", &self.refresh_ahead)
            .finish_non_exhaustive()
    }
}

impl CachingCredentialProvider {
    /// Caches `source`, refreshing 5 minutes before expiry, with the system clock.
    pub fn new(source: Arc<dyn CredentialSource>) -> Self {
        CachingCredentialProvider {
            source,
            refresh_ahead: Duration::from_secs(300),
            clock: Arc::new(Utc::now),
            cached: tokio::sync::Mutex::new(None),
        }
    }

    /// Refreshes when less than this much validity is left.
    pub fn with_refresh_ahead(mut self, refresh_ahead: Duration) -> Self {
        self.refresh_ahead = refresh_ahead;
        self
    }

    /// Uses this clock (tests).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Drops the cached credentials, so that the next call fetches (e.g. after the server rejected them).
    pub async fn invalidate(&self) {
        *self.cached.lock().await = None;
    }

    fn fresh_enough(&self, c: &ExpiringCredentials, now: DateTime<Utc>) -> bool {
        let ahead = TimeDelta::from_std(self.refresh_ahead).unwrap_or(TimeDelta::MAX);
        match c.expires_at {
            None => true,
            Some(at) => now
                .checked_add_signed(ahead)
                .is_some_and(|deadline| deadline < at),
        }
    }
}

#[async_trait]
impl CredentialProvider for CachingCredentialProvider {
    async fn credentials(&self) -> Result<FcCredentials> {
        // Holding the lock across the fetch makes concurrent callers wait for one refresh.
        let mut cached = self.cached.lock().await;
        let now = (self.clock)();
        if let Some(c) = cached.as_ref() {
            if self.fresh_enough(c, now) {
                return Ok(c.credentials.clone());
            }
        }
        match self.source.fetch().await {
            Ok(fresh) => {
                let creds = fresh.credentials.clone();
                *cached = Some(fresh);
                Ok(creds)
            }
            Err(e) => match cached.as_ref() {
                Some(c) if c.expires_at.is_some_and(|at| now < at) => {
                    tracing::warn!(error = %e, "credential refresh failed; using the cached credentials until they expire");
                    Ok(c.credentials.clone())
                }
                _ => Err(e),
            },
        }
    }

    async fn credentials_rejected(&self) -> bool {
        self.invalidate().await;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};

    fn temp_file(name: &str, contents: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "cloudfn-alibaba-cred-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("credentials");
        std::fs::write(&path, contents).unwrap();
        path
    }

    fn env_pair() -> MapEnv {
        MapEnv::new()
            .with_var(ENV_ACCESS_KEY_ID, "env-id")
            .with_var(ENV_ACCESS_KEY_SECRET, "env-secret")
    }

    #[tokio::test]
    async fn env_reads_the_pair_and_token() {
        let p = EnvCredentialProvider::with_env(Arc::new(
            env_pair().with_var(ENV_SECURITY_TOKEN, "tok"),
        ));
        let c = p.credentials().await.unwrap();
        assert_eq!(c.access_key_id(), "env-id");
        assert_eq!(c.access_key_secret().expose(), "env-secret");
        assert_eq!(c.security_token().unwrap().expose(), "tok");
        // An empty token is no token.
        let p =
            EnvCredentialProvider::with_env(Arc::new(env_pair().with_var(ENV_SECURITY_TOKEN, " ")));
        assert!(p.load().unwrap().unwrap().security_token().is_none());
    }

    #[tokio::test]
    async fn env_errors_name_the_missing_variable() {
        let only_id = MapEnv::new()
            .with_var(ENV_ACCESS_KEY_ID, "id")
            .with_var(ENV_ACCESS_KEY_SECRET, "");
        let err = EnvCredentialProvider::with_env(Arc::new(only_id))
            .load()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.message().starts_with(ENV_ACCESS_KEY_SECRET), "{err}");

        let only_secret = MapEnv::new().with_var(ENV_ACCESS_KEY_SECRET, "s3cr3t");
        let err = EnvCredentialProvider::with_env(Arc::new(only_secret))
            .load()
            .unwrap_err();
        assert!(err.message().starts_with(ENV_ACCESS_KEY_ID), "{err}");
        assert!(!err.to_string().contains("s3cr3t"));

        let only_token = MapEnv::new().with_var(ENV_SECURITY_TOKEN, "t");
        let err = EnvCredentialProvider::with_env(Arc::new(only_token))
            .load()
            .unwrap_err();
        assert!(err.message().starts_with(ENV_SECURITY_TOKEN), "{err}");

        let none = EnvCredentialProvider::with_env(Arc::new(MapEnv::new()));
        assert!(none.load().unwrap().is_none());
        let err = none.credentials().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.message().contains(ENV_ACCESS_KEY_ID), "{err}");
    }

    const FILE: &str = "\u{feff}# top comment\n\
        stray = ignored\n\
        [default]\n\
        type = access_key ; the default\n\
        access_key_id = def-id\n\
        access_key_secret = \"def secret # not a comment\"\n\
        \n\
        [ temp ]  # sts\n\
        type: sts\n\
        access_key_id = STS.temp\n\
        access_key_secret='temp-secret'\n\
        security_token = a+b/c==\n\
        [role]\n\
        type = ram_role_arn\n\
        access_key_id = x\n\
        [weird]\n\
        type = magic\n\
        [half]\n\
        type = sts\n\
        access_key_id = i\n\
        access_key_secret = s\n";

    #[test]
    fn profile_file_with_comments_quotes_and_types() {
        let path = temp_file("profiles", FILE);
        let env =
            Arc::new(MapEnv::new().with_var(ENV_CREDENTIALS_FILE, path.display().to_string()));
        let def = ProfileCredentialProvider::with_env(env.clone())
            .load()
            .unwrap()
            .unwrap();
        assert_eq!(def.access_key_id(), "def-id");
        assert_eq!(
            def.access_key_secret().expose(),
            "def secret # not a comment"
        );
        assert!(def.security_token().is_none());

        let temp = ProfileCredentialProvider::with_env(env.clone())
            .with_profile("temp")
            .load()
            .unwrap()
            .unwrap();
        assert_eq!(temp.access_key_id(), "STS.temp");
        assert_eq!(temp.access_key_secret().expose(), "temp-secret");
        assert_eq!(temp.security_token().unwrap().expose(), "a+b/c==");

        let err = ProfileCredentialProvider::with_env(env.clone())
            .with_profile("role")
            .load()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(err.message().contains("type = ram_role_arn"), "{err}");

        let err = ProfileCredentialProvider::with_env(env.clone())
            .with_profile("weird")
            .load()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.message().contains("unknown type = magic"), "{err}");

        let err = ProfileCredentialProvider::with_env(env.clone())
            .with_profile("half")
            .load()
            .unwrap_err();
        assert!(
            err.message()
                .contains("`security_token` is required for type = sts"),
            "{err}"
        );

        let err = ProfileCredentialProvider::with_env(env)
            .with_profile("nope")
            .load()
            .unwrap_err();
        assert!(err.message().contains("no profile [nope]"), "{err}");
        assert!(
            err.message()
                .contains("profiles: default, half, role, temp, weird"),
            "{err}"
        );
    }

    #[test]
    fn profile_chosen_by_env_and_default_path_under_home() {
        let home =
            std::env::temp_dir().join(format!("cloudfn-alibaba-home-{}", std::process::id()));
        std::fs::create_dir_all(home.join(".alibabacloud")).unwrap();
        std::fs::write(home.join(DEFAULT_CREDENTIALS_FILE), FILE).unwrap();
        let env = MapEnv::new()
            .with_var("HOME", home.display().to_string())
            .with_var(ENV_PROFILE, "temp");
        let c = ProfileCredentialProvider::with_env(Arc::new(env))
            .load()
            .unwrap()
            .unwrap();
        assert_eq!(c.access_key_id(), "STS.temp");
        // USERPROFILE is the fallback for HOME.
        let env = MapEnv::new().with_var("USERPROFILE", home.display().to_string());
        let c = ProfileCredentialProvider::with_env(Arc::new(env))
            .load()
            .unwrap()
            .unwrap();
        assert_eq!(c.access_key_id(), "def-id");
        std::fs::remove_dir_all(home).ok();
    }

    #[test]
    fn missing_files() {
        // The default path missing: not configured.
        let env = MapEnv::new().with_var("HOME", "/nonexistent/cloudfn-test-home");
        assert!(
            ProfileCredentialProvider::with_env(Arc::new(env))
                .load()
                .unwrap()
                .is_none()
        );
        // An explicit path missing: an error naming it.
        let env = MapEnv::new().with_var(ENV_CREDENTIALS_FILE, "/nonexistent/cloudfn-creds");
        let err = ProfileCredentialProvider::with_env(Arc::new(env))
            .load()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(
            err.message().contains("/nonexistent/cloudfn-creds"),
            "{err}"
        );
    }

    #[test]
    fn ini_errors_name_the_line_not_the_content() {
        for (text, want) in [
            (
                "[default\nx=1",
                "line 1: a section header needs a closing `]`",
            ),
            ("[default]\nsecret-without-separator", "line 2: expected"),
            (
                "[default]\nk = \"unterminated",
                "line 2: unterminated quoted value",
            ),
            ("[]", "line 1: empty section name"),
            ("[a]\n = v", "line 2: empty key"),
        ] {
            let err = parse_ini(text).unwrap_err();
            assert!(err.starts_with(want), "{text:?}: {err}");
            assert!(!err.contains("secret-without"), "{err}");
        }
        let ini = parse_ini("[a]\nK = 1\nk = 2\n[a]\nother = 'x' # c\n").unwrap();
        assert_eq!(ini["a"]["k"], "2");
        assert_eq!(ini["a"]["other"], "x");
    }

    #[test]
    fn chain_order_and_error_text() {
        let path = temp_file("chain", FILE);
        let file = path.display().to_string();
        // The environment wins over the file.
        let env = env_pair().with_var(ENV_CREDENTIALS_FILE, file.clone());
        let c = ChainCredentialProvider::with_env(Arc::new(env))
            .resolve()
            .unwrap();
        assert_eq!(c.access_key_id(), "env-id");
        // Without variables, the file.
        let env = MapEnv::new().with_var(ENV_CREDENTIALS_FILE, file.clone());
        let c = ChainCredentialProvider::with_env(Arc::new(env))
            .resolve()
            .unwrap();
        assert_eq!(c.access_key_id(), "def-id");
        // A misconfigured environment is not hidden by the file.
        let env = MapEnv::new()
            .with_var(ENV_ACCESS_KEY_ID, "id")
            .with_var(ENV_CREDENTIALS_FILE, file.clone());
        let err = ChainCredentialProvider::with_env(Arc::new(env))
            .resolve()
            .unwrap_err();
        assert!(err.message().starts_with(ENV_ACCESS_KEY_SECRET), "{err}");
        // An unsupported profile type stops the chain.
        let env = MapEnv::new()
            .with_var(ENV_CREDENTIALS_FILE, file)
            .with_var(ENV_PROFILE, "role");
        let err = ChainCredentialProvider::with_env(Arc::new(env))
            .resolve()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        // Nothing configured: both attempts are listed.
        let env = MapEnv::new().with_var("HOME", "/nonexistent/cloudfn-home");
        let err = ChainCredentialProvider::with_env(Arc::new(env))
            .resolve()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert_eq!(
            err.message(),
            "no Alibaba Cloud credentials found; tried environment: ALIBABA_CLOUD_ACCESS_KEY_ID and \
             ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set; credentials file: \
             /nonexistent/cloudfn-home/.alibabacloud/credentials does not exist"
        );
    }

    #[test]
    fn debug_never_shows_secrets() {
        let env = env_pair().with_var(ENV_SECURITY_TOKEN, "tok-value");
        let env: Arc<dyn Env> = Arc::new(env);
        let shown = format!(
            "{:?} {:?} {:?} {:?}",
            env,
            EnvCredentialProvider::with_env(env.clone()),
            ChainCredentialProvider::with_env(env.clone()),
            ChainCredentialProvider::with_env(env.clone())
                .resolve()
                .unwrap()
        );
        assert!(
            !shown.contains("env-secret") && !shown.contains("tok-value"),
            "{shown}"
        );
    }

    /// Counts fetches; fails while `fail` is set; credentials valid for `ttl_secs` from the test clock.
    #[derive(Debug)]
    struct Counting {
        fetches: AtomicU32,
        fail: std::sync::atomic::AtomicBool,
        now: Arc<AtomicI64>,
        ttl_secs: i64,
    }

    #[async_trait]
    impl CredentialSource for Counting {
        async fn fetch(&self) -> Result<ExpiringCredentials> {
            let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
            if self.fail.load(Ordering::SeqCst) {
                return Err(Error::new(ErrorKind::Transport, "sts down"));
            }
            let now = DateTime::from_timestamp(self.now.load(Ordering::SeqCst), 0).unwrap();
            Ok(ExpiringCredentials::new(
                FcCredentials::new(format!("id-{n}"), "s"),
                Some(now + TimeDelta::seconds(self.ttl_secs)),
            ))
        }
    }

    fn caching(
        ttl_secs: i64,
    ) -> (
        Arc<Counting>,
        Arc<AtomicI64>,
        Arc<CachingCredentialProvider>,
    ) {
        let now = Arc::new(AtomicI64::new(1_700_000_000));
        let source = Arc::new(Counting {
            fetches: AtomicU32::new(0),
            fail: std::sync::atomic::AtomicBool::new(false),
            now: now.clone(),
            ttl_secs,
        });
        let clock_now = now.clone();
        let provider = CachingCredentialProvider::new(source.clone())
            .with_refresh_ahead(Duration::from_secs(60))
            .with_clock(Arc::new(move || {
                DateTime::from_timestamp(clock_now.load(Ordering::SeqCst), 0).unwrap()
            }));
        (source, now, Arc::new(provider))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_refresh_under_concurrency() {
        let (source, _now, provider) = caching(3600);
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let p = provider.clone();
                tokio::spawn(async move { p.credentials().await })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap().access_key_id(), "id-1");
        }
        assert_eq!(source.fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn rejected_credentials_are_dropped_and_fetched_again() {
        let (source, _now, provider) = caching(3600);
        assert_eq!(
            provider.credentials().await.unwrap().access_key_id(),
            "id-1"
        );
        assert!(provider.credentials_rejected().await);
        assert_eq!(
            provider.credentials().await.unwrap().access_key_id(),
            "id-2"
        );
        assert_eq!(source.fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn refreshes_ahead_of_expiry() {
        let (source, now, provider) = caching(600);
        assert_eq!(
            provider.credentials().await.unwrap().access_key_id(),
            "id-1"
        );
        now.fetch_add(539, Ordering::SeqCst); // 61 s left: still fresh enough
        assert_eq!(
            provider.credentials().await.unwrap().access_key_id(),
            "id-1"
        );
        now.fetch_add(1, Ordering::SeqCst); // 60 s left: refresh
        assert_eq!(
            provider.credentials().await.unwrap().access_key_id(),
            "id-2"
        );
        assert_eq!(source.fetches.load(Ordering::SeqCst), 2);
        provider.invalidate().await;
        assert_eq!(
            provider.credentials().await.unwrap().access_key_id(),
            "id-3"
        );
    }

    #[tokio::test]
    async fn failed_refresh_is_not_cached() {
        let (source, now, provider) = caching(600);
        source.fail.store(true, Ordering::SeqCst);
        assert_eq!(
            provider.credentials().await.unwrap_err().kind(),
            ErrorKind::Transport
        );
        source.fail.store(false, Ordering::SeqCst);
        assert_eq!(
            provider.credentials().await.unwrap().access_key_id(),
            "id-2"
        );
        // Within the refresh window a failing refresh falls back to the still-valid credentials...
        now.fetch_add(570, Ordering::SeqCst);
        source.fail.store(true, Ordering::SeqCst);
        assert_eq!(
            provider.credentials().await.unwrap().access_key_id(),
            "id-2"
        );
        // ...but not once they expired.
        now.fetch_add(30, Ordering::SeqCst);
        assert!(provider.credentials().await.is_err());
        source.fail.store(false, Ordering::SeqCst);
        assert_eq!(
            provider.credentials().await.unwrap().access_key_id(),
            "id-5"
        );
        assert_eq!(source.fetches.load(Ordering::SeqCst), 5);
    }
}
