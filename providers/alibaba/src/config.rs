//! [`AlibabaFcBuilder`]: configuration of the Function Compute client, from code, the environment or a
//! URL.
//!
//! ```
//! use cloudfn_alibaba::config::AlibabaFcBuilder;
//! use cloudfn_alibaba::signer::FcCredentials;
//!
//! let builder = AlibabaFcBuilder::new()
//!     .with_account_id("16530750")
//!     .with_region("cn-shanghai")
//!     .with_credentials(FcCredentials::new("LTAI-id", "secret"));
//! assert_eq!(
//!     builder.endpoint()?.as_str(),
//!     "https://16530750.cn-shanghai.fc.aliyuncs.com/"
//! );
//! let client = builder.build()?;
//! # let _ = client;
//! # Ok::<(), cloudfn_core::Error>(())
//! ```
//!
//! # URL grammar
//!
//! One string configures the endpoint, for tools that take one string per provider:
//!
//! ```text
//! fc://{account}@{region}[?internal={true|false}][&unlisted_region={true|false}]
//!     → https://{account}.{region}[-internal].fc.aliyuncs.com
//! fc+https://{host}[:{port}][/][?account={account}&region={region}] → https://{host}:{port} (explicit endpoint)
//! fc+http://{host}[:{port}][/][?account={account}&region={region}]  → http://{host}:{port}  (allows plain HTTP)
//! ```
//!
//! The `{region}` of `fc://` is checked like [`AlibabaFcBuilder::with_region`]. Credentials never go in
//! the URL (a password is refused); unknown query keys, a path, a fragment or a port on `fc://` are
//! refused with an error naming them.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use cloudfn_core::transport::{RetryPolicy, Transport, TransportConfig};
use cloudfn_core::{Error, ErrorKind, Result};
use url::Url;

use crate::api::FcClient;
use crate::auth::FcSigner;
use crate::credential::{
    ChainCredentialProvider, CredentialProvider, Env, ProcessEnv, StaticCredentialProvider, env_var,
};
use crate::error::PROVIDER;
use crate::profile::FcProfile;
use crate::region;
use crate::signer::FcCredentials;

/// The account id variable read by [`AlibabaFcBuilder::from_env`].
pub const ENV_ACCOUNT_ID: &str = "ALIBABA_CLOUD_ACCOUNT_ID";
/// The region variable read by [`AlibabaFcBuilder::from_env`] (the name of the Alibaba Cloud CLI).
pub const ENV_REGION_ID: &str = "ALIBABA_CLOUD_REGION_ID";
/// The region variable read when [`ENV_REGION_ID`] is unset.
pub const ENV_REGION: &str = "ALIBABA_CLOUD_REGION";
/// The explicit endpoint variable read by [`AlibabaFcBuilder::from_env`].
pub const ENV_ENDPOINT: &str = "CLOUDFN_FC_ENDPOINT";
/// Whether an `http://` endpoint is allowed (`true`/`false`), read by [`AlibabaFcBuilder::from_env`].
pub const ENV_ALLOW_HTTP: &str = "CLOUDFN_FC_ALLOW_HTTP";
/// Whether to use the internal endpoint (`true`/`false`), read by [`AlibabaFcBuilder::from_env`].
pub const ENV_INTERNAL: &str = "CLOUDFN_FC_INTERNAL";

fn config_error(field: &str, rule: impl fmt::Display) -> Error {
    Error::new(ErrorKind::Config, format!("{field}: {rule}")).with_provider(PROVIDER)
}

/// A builder option by name, for configuring from string maps (a tool's config file, key=value
/// flags), like object_store's typed configuration keys.
///
/// Each key parses from its [name](Self::as_str) or from the environment variable that sets it
/// (ASCII case-insensitive); an unknown name is an [`ErrorKind::Config`] error listing the known ones.
///
/// ```
/// use cloudfn_alibaba::config::{AlibabaFcBuilder, AlibabaFcConfigKey};
///
/// let mut builder = AlibabaFcBuilder::new();
/// for (key, value) in [("account_id", "123"), ("ALIBABA_CLOUD_REGION_ID", "cn-hangzhou"), ("internal", "true")] {
///     builder = builder.with_config(key.parse()?, value)?;
/// }
/// assert_eq!(builder.get_config_value(AlibabaFcConfigKey::Region).as_deref(), Some("cn-hangzhou"));
/// assert_eq!(builder.endpoint()?.as_str(), "https://123.cn-hangzhou-internal.fc.aliyuncs.com/");
/// assert!("regoin".parse::<AlibabaFcConfigKey>().is_err());
/// # Ok::<(), cloudfn_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AlibabaFcConfigKey {
    /// `account_id` / `ALIBABA_CLOUD_ACCOUNT_ID`: [`AlibabaFcBuilder::with_account_id`].
    AccountId,
    /// `region` / `ALIBABA_CLOUD_REGION_ID` / `ALIBABA_CLOUD_REGION`: [`AlibabaFcBuilder::with_region`].
    Region,
    /// `unlisted_region` (`true`/`false`): [`AlibabaFcBuilder::with_unlisted_region`].
    UnlistedRegion,
    /// `internal` / `CLOUDFN_FC_INTERNAL` (`true`/`false`): [`AlibabaFcBuilder::with_internal`].
    Internal,
    /// `endpoint` / `CLOUDFN_FC_ENDPOINT`: [`AlibabaFcBuilder::with_endpoint`].
    Endpoint,
    /// `allow_http` / `CLOUDFN_FC_ALLOW_HTTP` (`true`/`false`): [`AlibabaFcBuilder::with_allow_http`].
    AllowHttp,
    /// `user_agent_suffix`: [`AlibabaFcBuilder::with_user_agent_suffix`].
    UserAgentSuffix,
}

impl AlibabaFcConfigKey {
    /// Every key.
    pub const ALL: [AlibabaFcConfigKey; 7] = [
        AlibabaFcConfigKey::AccountId,
        AlibabaFcConfigKey::Region,
        AlibabaFcConfigKey::UnlistedRegion,
        AlibabaFcConfigKey::Internal,
        AlibabaFcConfigKey::Endpoint,
        AlibabaFcConfigKey::AllowHttp,
        AlibabaFcConfigKey::UserAgentSuffix,
    ];

    /// The key's name.
    pub fn as_str(self) -> &'static str {
        match self {
            AlibabaFcConfigKey::AccountId => "account_id",
            AlibabaFcConfigKey::Region => "region",
            AlibabaFcConfigKey::UnlistedRegion => "unlisted_region",
            AlibabaFcConfigKey::Internal => "internal",
            AlibabaFcConfigKey::Endpoint => "endpoint",
            AlibabaFcConfigKey::AllowHttp => "allow_http",
            AlibabaFcConfigKey::UserAgentSuffix => "user_agent_suffix",
        }
    }

    fn env_names(self) -> &'static [&'static str] {
        match self {
            AlibabaFcConfigKey::AccountId => &[ENV_ACCOUNT_ID],
            AlibabaFcConfigKey::Region => &[ENV_REGION_ID, ENV_REGION],
            AlibabaFcConfigKey::Internal => &[ENV_INTERNAL],
            AlibabaFcConfigKey::Endpoint => &[ENV_ENDPOINT],
            AlibabaFcConfigKey::AllowHttp => &[ENV_ALLOW_HTTP],
            AlibabaFcConfigKey::UnlistedRegion | AlibabaFcConfigKey::UserAgentSuffix => &[],
        }
    }
}

impl fmt::Display for AlibabaFcConfigKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AlibabaFcConfigKey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        AlibabaFcConfigKey::ALL
            .into_iter()
            .find(|k| {
                k.as_str().eq_ignore_ascii_case(s)
                    || k.env_names().iter().any(|n| n.eq_ignore_ascii_case(s))
            })
            .ok_or_else(|| {
                let known: Vec<&str> = AlibabaFcConfigKey::ALL.iter().map(|k| k.as_str()).collect();
                config_error(
                    "config key",
                    format!("unknown key `{s}` (known: {})", known.join(", ")),
                )
            })
    }
}

#[derive(Clone)]
enum Credentials {
    Static(FcCredentials),
    Provider(Arc<dyn CredentialProvider>),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Static(c) => f.debug_tuple("Static").field(c).finish(),
            Credentials::Provider(p) => f.debug_tuple("Provider").field(p).finish(),
        }
    }
}

/// Builds an [`FcClient`]: where to send (account + region, or an explicit endpoint), how to
/// authenticate, and how the HTTP transport behaves.
///
/// Setters never fail; every rule is checked by [`endpoint`](Self::endpoint),
/// [`build_transport`](Self::build_transport) and [`build`](Self::build), whose
/// [`ErrorKind::Config`] errors read `"{field}: {rule}"`.
///
/// Without [`with_credentials`](Self::with_credentials) or
/// [`with_credential_provider`](Self::with_credential_provider), the build resolves the default
/// [`ChainCredentialProvider`] once (environment, then `~/.alibabacloud/credentials`) and fails early if
/// it finds nothing. To re-read the chain on every request instead, pass
/// `Arc::new(ChainCredentialProvider::new())` as the provider.
///
/// `Debug` never shows a secret.
#[derive(Clone)]
pub struct AlibabaFcBuilder {
    account_id: Option<String>,
    region: Option<String>,
    unlisted_region: bool,
    internal: bool,
    endpoint: Option<String>,
    allow_http: bool,
    credentials: Option<Credentials>,
    transport: TransportConfig,
    env: Arc<dyn Env>,
}

impl Default for AlibabaFcBuilder {
    fn default() -> Self {
        AlibabaFcBuilder::new()
    }
}

impl fmt::Debug for AlibabaFcBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlibabaFcBuilder")
            .field("account_id", &self.account_id)
            .field("region", &self.region)
            .field("unlisted_region", &self.unlisted_region)
            .field("internal", &self.internal)
            .field("endpoint", &self.endpoint)
            .field("allow_http", &self.allow_http)
            .field("credentials", &self.credentials)
            .field("transport", &self.transport)
            .field("env", &self.env)
            .finish()
    }
}

fn parse_bool(field: &str, value: &str) -> Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(config_error(
            field,
            format!("must be true or false, got `{value}`"),
        )),
    }
}

impl AlibabaFcBuilder {
    /// Nothing set: the default [`TransportConfig`], credentials from the default chain over the process
    /// environment.
    pub fn new() -> Self {
        AlibabaFcBuilder {
            account_id: None,
            region: None,
            unlisted_region: false,
            internal: false,
            endpoint: None,
            allow_http: false,
            credentials: None,
            transport: TransportConfig::default(),
            env: Arc::new(ProcessEnv),
        }
    }

    /// A builder configured from the process environment; see [`from_env_with`](Self::from_env_with).
    pub fn from_env() -> Result<Self> {
        AlibabaFcBuilder::from_env_with(Arc::new(ProcessEnv))
    }

    /// A builder configured from `env`. Empty variables count as unset. It reads:
    ///
    /// | variable | sets |
    /// |---|---|
    /// | `ALIBABA_CLOUD_ACCOUNT_ID` | [`with_account_id`](Self::with_account_id) |
    /// | `ALIBABA_CLOUD_REGION_ID`, else `ALIBABA_CLOUD_REGION` | [`with_region`](Self::with_region) |
    /// | `CLOUDFN_FC_ENDPOINT` | [`with_endpoint`](Self::with_endpoint) (e.g. `http://127.0.0.1:9000` for the emulator) |
    /// | `CLOUDFN_FC_ALLOW_HTTP` (`true`/`false`) | [`with_allow_http`](Self::with_allow_http) |
    /// | `CLOUDFN_FC_INTERNAL` (`true`/`false`) | [`with_internal`](Self::with_internal) |
    ///
    /// and, at build time through the default credential chain (unless credentials are set):
    /// `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN`,
    /// then `ALIBABA_CLOUD_CREDENTIALS_FILE` (default `~/.alibabacloud/credentials`, with `HOME` /
    /// `USERPROFILE`) and `ALIBABA_CLOUD_PROFILE` (default `default`). The transport also honours the
    /// usual proxy variables (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`).
    ///
    /// Fails only when a boolean variable is not `true`/`false`.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use cloudfn_alibaba::config::AlibabaFcBuilder;
    /// use cloudfn_alibaba::credential::MapEnv;
    ///
    /// let env = MapEnv::new()
    ///     .with_var("ALIBABA_CLOUD_ACCOUNT_ID", "123456")
    ///     .with_var("ALIBABA_CLOUD_REGION_ID", "cn-hangzhou")
    ///     .with_var("CLOUDFN_FC_INTERNAL", "true");
    /// let builder = AlibabaFcBuilder::from_env_with(Arc::new(env))?;
    /// assert_eq!(
    ///     builder.endpoint()?.as_str(),
    ///     "https://123456.cn-hangzhou-internal.fc.aliyuncs.com/"
    /// );
    /// # Ok::<(), cloudfn_core::Error>(())
    /// ```
    pub fn from_env_with(env: Arc<dyn Env>) -> Result<Self> {
        let e = env.as_ref();
        let mut b = AlibabaFcBuilder::new();
        b.account_id = env_var(e, ENV_ACCOUNT_ID);
        b.region = env_var(e, ENV_REGION_ID).or_else(|| env_var(e, ENV_REGION));
        b.endpoint = env_var(e, ENV_ENDPOINT);
        if let Some(v) = env_var(e, ENV_ALLOW_HTTP) {
            b.allow_http = parse_bool(ENV_ALLOW_HTTP, &v)?;
        }
        if let Some(v) = env_var(e, ENV_INTERNAL) {
            b.internal = parse_bool(ENV_INTERNAL, &v)?;
        }
        b.env = env;
        Ok(b)
    }

    /// A builder configured from a URL; see the [module docs](self) for the grammar.
    ///
    /// ```
    /// use cloudfn_alibaba::config::AlibabaFcBuilder;
    ///
    /// let b = AlibabaFcBuilder::from_url("fc://123456@cn-beijing?internal=true")?;
    /// assert_eq!(b.endpoint()?.as_str(), "https://123456.cn-beijing-internal.fc.aliyuncs.com/");
    /// let b = AlibabaFcBuilder::from_url("fc+http://127.0.0.1:9000?account=123456&region=cn-hangzhou")?;
    /// assert_eq!(b.region(), Some("cn-hangzhou"));
    /// assert_eq!(b.endpoint()?.as_str(), "http://127.0.0.1:9000/");
    /// assert_eq!(b.account_id(), Some("123456"));
    /// assert!(AlibabaFcBuilder::from_url("fc://123456@cn-beijing?intern=true").is_err());
    /// # Ok::<(), cloudfn_core::Error>(())
    /// ```
    pub fn from_url(url: &str) -> Result<Self> {
        AlibabaFcBuilder::new().with_url(url)
    }

    /// Applies a URL (see the [module docs](self)) on top of this builder's settings.
    pub fn with_url(mut self, url: &str) -> Result<Self> {
        let parsed = Url::parse(url.trim())
            .map_err(|e| config_error("url", format!("not a valid URL ({e})")))?;
        if parsed.password().is_some() {
            return Err(config_error(
                "url",
                "must not carry a password: pass credentials with with_credentials or the environment",
            ));
        }
        if parsed.fragment().is_some() {
            return Err(config_error("url", "must not have a fragment (`#...`)"));
        }
        if !matches!(parsed.path(), "" | "/") {
            return Err(config_error(
                "url",
                format!("must not have a path, got `{}`", parsed.path()),
            ));
        }
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| config_error("url", "needs a host"))?
            .to_owned();
        match parsed.scheme() {
            "fc" => {
                if parsed.port().is_some() {
                    return Err(config_error(
                        "url",
                        "fc://{account}@{region} takes no port (use fc+https://host:port for an explicit endpoint)",
                    ));
                }
                if parsed.username().is_empty() {
                    return Err(config_error(
                        "url",
                        "fc://{account}@{region} needs the account id before `@`",
                    ));
                }
                self.account_id = Some(parsed.username().to_owned());
                self.region = Some(host);
                self.endpoint = None;
                for (key, value) in parsed.query_pairs() {
                    match key.as_ref() {
                        "internal" => self.internal = parse_bool("url query `internal`", &value)?,
                        "unlisted_region" => {
                            self.unlisted_region =
                                parse_bool("url query `unlisted_region`", &value)?;
                        }
                        other => {
                            return Err(config_error(
                                "url",
                                format!(
                                    "unknown query key `{other}` for fc:// (known: internal, unlisted_region)"
                                ),
                            ));
                        }
                    }
                }
            }
            scheme @ ("fc+http" | "fc+https") => {
                if !parsed.username().is_empty() {
                    return Err(config_error(
                        "url",
                        format!("{scheme}:// takes the account as `?account=`, not before `@`"),
                    ));
                }
                let http = &scheme[3..];
                let endpoint = match parsed.port() {
                    Some(port) => format!("{http}://{host}:{port}"),
                    None => format!("{http}://{host}"),
                };
                for (key, value) in parsed.query_pairs() {
                    match key.as_ref() {
                        "account" => self.account_id = Some(value.into_owned()),
                        // The region an explicit endpoint serves (ARNs and the adapter need it).
                        "region" => self.region = Some(value.into_owned()),
                        other => {
                            return Err(config_error(
                                "url",
                                format!(
                                    "unknown query key `{other}` for {scheme}:// (known: account, region)"
                                ),
                            ));
                        }
                    }
                }
                if http == "http" {
                    self.allow_http = true;
                }
                self.endpoint = Some(endpoint);
                self.internal = false;
            }
            other => {
                return Err(config_error(
                    "url",
                    format!("unknown scheme `{other}` (expected fc, fc+https or fc+http)"),
                ));
            }
        }
        Ok(self)
    }

    /// Reads environment variables and files through `env` (tests), also for the default credential
    /// chain.
    pub fn with_env(mut self, env: Arc<dyn Env>) -> Self {
        self.env = env;
        self
    }

    /// The numeric Alibaba Cloud account id (console → Security Settings); part of the endpoint host.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into().trim().to_owned());
        self
    }

    /// The region id, e.g. `cn-hangzhou`: one of [`region::REGIONS`] unless
    /// [`with_unlisted_region`](Self::with_unlisted_region) is set.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into().trim().to_owned());
        self
    }

    /// Accepts a region id that is not in [`region::REGIONS`] (a region opened after the API
    /// reference), as long as it is well formed ([`region::is_well_formed`]).
    pub fn with_unlisted_region(mut self, allow: bool) -> Self {
        self.unlisted_region = allow;
        self
    }

    /// Uses the internal endpoint `{account}.{region}-internal.fc.aliyuncs.com` (from inside Alibaba
    /// Cloud, same region). Not combinable with an explicit endpoint.
    pub fn with_internal(mut self, internal: bool) -> Self {
        self.internal = internal;
        self
    }

    /// Sends to this endpoint instead of the one derived from account and region: `https://host[:port]`,
    /// or `http://...` with [`with_allow_http`](Self::with_allow_http) (e.g. the emulator). No path.
    /// Account and region are then not part of the host and are not checked.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into().trim().to_owned());
        self
    }

    /// Allows an `http://` endpoint (requests, including signatures and STS tokens, then travel in clear).
    pub fn with_allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Signs with these fixed credentials.
    pub fn with_credentials(mut self, credentials: FcCredentials) -> Self {
        self.credentials = Some(Credentials::Static(credentials));
        self
    }

    /// Signs with credentials from this provider, asked on every attempt.
    pub fn with_credential_provider(mut self, provider: Arc<dyn CredentialProvider>) -> Self {
        self.credentials = Some(Credentials::Provider(provider));
        self
    }

    /// How long opening a connection may take (default 10 s).
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.transport = self.transport.with_connect_timeout(timeout);
        self
    }

    /// How long one attempt may take (default 60 s).
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.transport = self.transport.with_request_timeout(timeout);
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.transport = self.transport.with_retry(retry);
        self
    }

    /// Text appended to the `cloudfn/<version>` user agent.
    pub fn with_user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.transport = self.transport.with_user_agent_suffix(suffix);
        self
    }

    /// Replaces the whole transport configuration, including timeouts, retry policy and user agent
    /// suffix set before; later `with_*` calls adjust it.
    pub fn with_transport_config(mut self, config: TransportConfig) -> Self {
        self.transport = config;
        self
    }

    /// Sets one option by key; booleans take `true`/`false`.
    pub fn with_config(
        mut self,
        key: AlibabaFcConfigKey,
        value: impl Into<String>,
    ) -> Result<Self> {
        let value = value.into();
        let flag = |v: &str| parse_bool(key.as_str(), v);
        match key {
            AlibabaFcConfigKey::AccountId => self = self.with_account_id(value),
            AlibabaFcConfigKey::Region => self = self.with_region(value),
            AlibabaFcConfigKey::UnlistedRegion => self.unlisted_region = flag(&value)?,
            AlibabaFcConfigKey::Internal => self.internal = flag(&value)?,
            AlibabaFcConfigKey::Endpoint => self = self.with_endpoint(value),
            AlibabaFcConfigKey::AllowHttp => self.allow_http = flag(&value)?,
            AlibabaFcConfigKey::UserAgentSuffix => self = self.with_user_agent_suffix(value),
        }
        Ok(self)
    }

    /// The value of one option as a string, `None` when unset (booleans are always set).
    pub fn get_config_value(&self, key: AlibabaFcConfigKey) -> Option<String> {
        match key {
            AlibabaFcConfigKey::AccountId => self.account_id.clone(),
            AlibabaFcConfigKey::Region => self.region.clone(),
            AlibabaFcConfigKey::UnlistedRegion => Some(self.unlisted_region.to_string()),
            AlibabaFcConfigKey::Internal => Some(self.internal.to_string()),
            AlibabaFcConfigKey::Endpoint => self.endpoint.clone(),
            AlibabaFcConfigKey::AllowHttp => Some(self.allow_http.to_string()),
            AlibabaFcConfigKey::UserAgentSuffix => {
                let ua = self.transport.user_agent();
                ua.split_once(' ').map(|(_, suffix)| suffix.to_owned())
            }
        }
    }

    /// The account id, if set.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    /// The region id, if set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The transport configuration.
    pub fn transport_config(&self) -> &TransportConfig {
        &self.transport
    }

    /// The checked region id.
    fn checked_region(&self) -> Result<&str> {
        let region = self
            .region
            .as_deref()
            .filter(|r| !r.is_empty())
            .ok_or_else(|| {
                config_error(
                    "region",
                    "required to derive the endpoint https://{account}.{region}.fc.aliyuncs.com \
                 (with_region, ALIBABA_CLOUD_REGION_ID, or set an explicit endpoint)",
                )
            })?;
        if region::find(region).is_some() {
            return Ok(region);
        }
        if !region::is_well_formed(region) {
            return Err(config_error(
                "region",
                format!(
                    "`{region}` is not a region id (lowercase letters, digits and hyphens, e.g. cn-hangzhou)"
                ),
            ));
        }
        if self.unlisted_region {
            return Ok(region);
        }
        Err(config_error(
            "region",
            format!(
                "`{region}` is not a Function Compute region; known regions: {} (use \
                 with_unlisted_region(true) for a region opened since)",
                region::list_ids()
            ),
        ))
    }

    /// The URL requests go to: the explicit endpoint, or `https://{account}.{region}[-internal].fc.aliyuncs.com/`.
    pub fn endpoint(&self) -> Result<Url> {
        if let Some(raw) = &self.endpoint {
            if self.internal {
                return Err(config_error(
                    "internal",
                    "only applies to the endpoint derived from account and region, but an explicit \
                     endpoint is set",
                ));
            }
            return self.explicit_endpoint(raw);
        }
        let account = self
            .account_id
            .as_deref()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| {
                config_error(
                    "account_id",
                    "required to derive the endpoint https://{account}.{region}.fc.aliyuncs.com \
                     (with_account_id, ALIBABA_CLOUD_ACCOUNT_ID, or set an explicit endpoint)",
                )
            })?;
        if !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(config_error(
                "account_id",
                format!("must be the numeric Alibaba Cloud account id, got `{account}`"),
            ));
        }
        let region = self.checked_region()?;
        let host = region::endpoint_host(account, region, self.internal);
        Url::parse(&format!("https://{host}/"))
            .map_err(|e| config_error("endpoint", format!("`{host}` is not a valid host ({e})")))
    }

    fn explicit_endpoint(&self, raw: &str) -> Result<Url> {
        let url = Url::parse(raw).map_err(|e| {
            config_error(
                "endpoint",
                format!("`{raw}` is not a URL ({e}); expected https://host[:port]"),
            )
        })?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => {
                return Err(config_error(
                    "endpoint",
                    format!(
                        "`{raw}` uses plain http, which sends signatures and tokens in clear; call \
                         with_allow_http(true) (or CLOUDFN_FC_ALLOW_HTTP=true, or a fc+http:// URL) to allow it"
                    ),
                ));
            }
            other => {
                return Err(config_error(
                    "endpoint",
                    format!("scheme must be https (or http when allowed), got `{other}`"),
                ));
            }
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(config_error("endpoint", format!("`{raw}` has no host")));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(config_error(
                "endpoint",
                "must not carry user info; pass credentials with with_credentials",
            ));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(config_error(
                "endpoint",
                format!(
                    "must be scheme://host[:port] without path, query or fragment, got `{raw}`"
                ),
            ));
        }
        Ok(url)
    }

    fn credential_provider(&self) -> Result<Arc<dyn CredentialProvider>> {
        Ok(match &self.credentials {
            Some(Credentials::Static(c)) => Arc::new(StaticCredentialProvider::new(c.clone())),
            Some(Credentials::Provider(p)) => p.clone(),
            None => {
                let creds = ChainCredentialProvider::with_env(self.env.clone()).resolve()?;
                Arc::new(StaticCredentialProvider::new(creds))
            }
        })
    }

    /// The signed transport alone (FC profile + [`FcSigner`]), for callers that send their own requests.
    pub fn build_transport(&self) -> Result<Transport> {
        let credentials = self.credential_provider()?;
        Transport::new(
            self.transport.clone(),
            Arc::new(FcProfile::new()),
            Arc::new(FcSigner::new(credentials)),
        )
    }

    /// The typed client.
    pub fn build(&self) -> Result<FcClient> {
        let endpoint = self.endpoint()?;
        let transport = self.build_transport()?;
        Ok(FcClient::new(transport, endpoint))
    }

    /// The neutral provider ([`AlibabaFc`](crate::AlibabaFc)) over [`build`](Self::build)'s client.
    ///
    /// Needs the account id and the region even with an explicit endpoint (an emulator's): the adapter
    /// builds and reads the ARNs of OSS trigger sources and async destinations with them. A missing one
    /// is an [`ErrorKind::Config`] error naming it.
    pub fn build_provider(&self) -> Result<crate::AlibabaFc> {
        let account = self
            .account_id
            .as_deref()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| {
                config_error(
                    "account_id",
                    "required by the neutral adapter to build ARNs (acs:fc:{region}:{account}:...); \
                     set with_account_id or ALIBABA_CLOUD_ACCOUNT_ID",
                )
            })?
            .to_owned();
        let region = self
            .region
            .as_deref()
            .filter(|r| !r.is_empty())
            .ok_or_else(|| {
                config_error(
                    "region",
                    "required by the neutral adapter to build ARNs (acs:fc:{region}:{account}:...); \
                     set with_region or ALIBABA_CLOUD_REGION_ID",
                )
            })?
            .to_owned();
        Ok(crate::AlibabaFc::new(self.build()?, account, region))
    }
}
