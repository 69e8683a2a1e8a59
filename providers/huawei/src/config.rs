//! [`FunctionGraphBuilder`]: configuration of a FunctionGraph client from code, the environment or a
//! URL.
//!
//! # Authentication
//!
//! - **AK/SK** (the default): [`with_aksk`](FunctionGraphBuilder::with_aksk) or
//!   [`with_credential_provider`](FunctionGraphBuilder::with_credential_provider); when neither is given,
//!   the SDK's chain ([`ChainCredentialProvider`]: `HUAWEICLOUD_SDK_AK`/`_SK`/..., then
//!   `~/.huaweicloud/credentials`). Every request is signed with `SDK-HMAC-SHA256`.
//! - **IAM token** ([`with_password_auth`](FunctionGraphBuilder::with_password_auth)): a password
//!   identity; a project-scoped token is fetched from IAM (`POST /v3/auth/tokens`), cached, refreshed ahead
//!   of its expiry and sent as `X-Auth-Token` (see [`crate::iam`]). Needed for bodies over 12 MB.
//!
//! # Project id
//!
//! Every FunctionGraph path carries the project id. It is, in order: [`with_project_id`]
//! (`HUAWEICLOUD_SDK_PROJECT_ID`, the URL), the AK/SK credentials' own project id, and else looked up
//! by region in [`build`](FunctionGraphBuilder::build):
//! - with AK/SK, `GET {iam}/v3/projects?name={region}` signed with the same AK/SK, exactly as the SDK
//!   does (official-sdks.md §2.2), cached for the process;
//! - with a password, the token is scoped to the project named after the region and its id is read from
//!   the token response (`token.project.id`), so no second IAM call is needed.
//!
//! [`with_project_id`]: FunctionGraphBuilder::with_project_id
//!
//! # Endpoints
//!
//! The FunctionGraph endpoint is [`with_endpoint`](FunctionGraphBuilder::with_endpoint), else
//! `https://functiongraph.{region}.myhuaweicloud.com`; the region must then be in the SDK's region list
//! ([`crate::region::REGIONS`]) unless [`with_allow_unknown_region`] is set. The IAM endpoint is
//! [`with_iam_endpoint`](FunctionGraphBuilder::with_iam_endpoint), else
//! [`default_iam_endpoint`]`(region)` (the SDK's table, or the global `https://iam.myhuaweicloud.com`).
//! `http://` endpoints are refused unless [`with_allow_http`](FunctionGraphBuilder::with_allow_http)
//! (an emulator on loopback). Endpoints must not carry a user name, password, query or fragment.
//!
//! [`with_allow_unknown_region`]: FunctionGraphBuilder::with_allow_unknown_region
//!
//! # URL form
//!
//! [`from_url`](FunctionGraphBuilder::from_url) takes one string:
//!
//! ```text
//! fgs://[{project_id}@]{region}[?{key}={value}[&...]]
//! fgs+http://{host}[:{port}][/][?{key}={value}[&...]]
//! fgs+https://{host}[:{port}][/][?{key}={value}[&...]]
//!
//! keys:  project=<project id>      (fgs://: alternatively in the user part; not both)
//!        region=<region id>        (fgs+http(s) only; for fgs:// the host is the region)
//!        iam_endpoint=<URL>        (the IAM endpoint)
//! ```
//!
//! `fgs://` uses the region's public endpoints. `fgs+http://` and `fgs+https://` name the FunctionGraph
//! endpoint explicitly (an emulator, a proxy); `fgs+http` allows plain HTTP, the region is then only
//! checked for its form, and IAM defaults to the same host (the cloudfn emulator serves IAM under
//! `/v3/`). Unknown or repeated keys, a path, a fragment, a password and empty values are errors naming
//! what is wrong. Credentials are never part of the URL: they come from the environment, the profile
//! file or the builder.
//!
//! ```
//! use cloudfn_huawei::FunctionGraphBuilder;
//!
//! let b = FunctionGraphBuilder::from_url("fgs://0123456789abcdef0123456789abcdef@cn-north-4").unwrap();
//! assert_eq!(b.region(), Some("cn-north-4"));
//! assert_eq!(b.project_id(), Some("0123456789abcdef0123456789abcdef"));
//!
//! let b = FunctionGraphBuilder::from_url("fgs+http://127.0.0.1:9000?project=p1&region=cn-north-4").unwrap();
//! assert_eq!(b.endpoint(), Some("http://127.0.0.1:9000/"));
//!
//! let err = FunctionGraphBuilder::from_url("fgs://cn-north-4?projet=p1").unwrap_err();
//! assert!(err.message().contains("projet"));
//! ```
//!
//! # Environment
//!
//! [`from_env`](FunctionGraphBuilder::from_env) reads (empty values count as unset):
//!
//! | variable | meaning | origin |
//! |---|---|---|
//! | `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` | AK/SK (read by the credential chain at build) | official SDK |
//! | `HUAWEICLOUD_SDK_SECURITY_TOKEN` | security token of temporary AK/SK | official SDK |
//! | `HUAWEICLOUD_SDK_PROJECT_ID` | project id | official SDK |
//! | `HUAWEICLOUD_SDK_CREDENTIALS_FILE` | credentials file instead of `~/.huaweicloud/credentials` | official SDK |
//! | `HUAWEICLOUD_SDK_IAM_ENDPOINT` | IAM endpoint | official SDK |
//! | `HUAWEICLOUD_SDK_REGION_FUNCTIONGRAPH_{REGION}` | FunctionGraph endpoint(s) of a region (`CN_NORTH_4`; comma-separated, the first is used; `https://` added when there is no scheme) | official SDK |
//! | `HUAWEICLOUD_SDK_REGION` | region id | cloudfn (the SDK reads no region variable) |
//! | `CLOUDFN_FGS_ENDPOINT` | FunctionGraph endpoint (wins over the SDK's per-region variable) | cloudfn |
//! | `CLOUDFN_IAM_ENDPOINT` | IAM endpoint (wins over `HUAWEICLOUD_SDK_IAM_ENDPOINT`) | cloudfn |
//! | `CLOUDFN_IAM_USER`, `CLOUDFN_IAM_PASSWORD`, `CLOUDFN_IAM_DOMAIN` | password (token) authentication, used when `HUAWEICLOUD_SDK_AK` is unset; all three required | cloudfn (the SDK has no password authentication) |
//! | `CLOUDFN_ALLOW_HTTP` | `true`/`1`: allow `http://` endpoints | cloudfn |

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use cloudfn_core::transport::{RequestSigner, RetryPolicy, Transport, TransportConfig};
use cloudfn_core::{Error, ErrorKind, Result};
use percent_encoding::percent_decode_str;
use url::Url;

use crate::PROVIDER;
use crate::Secret;
use crate::api::FunctionGraphClient;
use crate::auth::{AkSkSigner, ProjectIdOverride, TokenSigner};
use crate::credential::{
    ChainCredentialProvider, CredentialProvider, Env, ProcessEnv, StaticCredentialProvider,
};
use crate::iam::{
    DEFAULT_REFRESH_AHEAD, IamClient, IamTokenProvider, PasswordIdentity, ProjectScope,
    default_iam_endpoint, lookup_project_id,
};
use crate::profile::FgProfile;
use crate::region::{check_region, check_region_syntax, functiongraph_endpoint};
use crate::signer::AkSkCredentials;

/// `HUAWEICLOUD_SDK_REGION`: the region id (cloudfn's name; the SDK reads none).
pub const ENV_REGION: &str = "HUAWEICLOUD_SDK_REGION";
/// `HUAWEICLOUD_SDK_IAM_ENDPOINT`: the IAM endpoint (official SDK).
pub const ENV_SDK_IAM_ENDPOINT: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
/// `CLOUDFN_FGS_ENDPOINT`: the FunctionGraph endpoint.
pub const ENV_FGS_ENDPOINT: &str = "CLOUDFN_FGS_ENDPOINT";
/// `CLOUDFN_IAM_ENDPOINT`: the IAM endpoint (wins over [`ENV_SDK_IAM_ENDPOINT`]).
pub const ENV_IAM_ENDPOINT: &str = "CLOUDFN_IAM_ENDPOINT";
/// `CLOUDFN_IAM_USER`: the IAM user name of password authentication.
pub const ENV_IAM_USER: &str = "CLOUDFN_IAM_USER";
/// `CLOUDFN_IAM_PASSWORD`: the IAM user's password.
pub const ENV_IAM_PASSWORD: &str = "CLOUDFN_IAM_PASSWORD";
/// `CLOUDFN_IAM_DOMAIN`: the account (domain) name of the IAM user.
pub const ENV_IAM_DOMAIN: &str = "CLOUDFN_IAM_DOMAIN";
/// `CLOUDFN_ALLOW_HTTP`: `true` or `1` allows `http://` endpoints.
pub const ENV_ALLOW_HTTP: &str = "CLOUDFN_ALLOW_HTTP";

#[derive(Clone)]
enum Auth {
    /// The SDK's chain over the builder's environment.
    Default,
    AkSk(Arc<dyn CredentialProvider>),
    Password(PasswordIdentity),
    /// A configuration error found while reading the environment, reported by `build`.
    Invalid(String),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Default => f.write_str("Default(env, then credentials file)"),
            Auth::AkSk(p) => f.debug_tuple("AkSk").field(p).finish(),
            Auth::Password(identity) => f.debug_tuple("Password").field(identity).finish(),
            Auth::Invalid(why) => f.debug_tuple("Invalid").field(why).finish(),
        }
    }
}

/// Configures and builds a FunctionGraph client. See the [module docs](self) for authentication, the
/// project id, endpoints, the URL form and the environment variables.
///
/// `Debug` never shows a secret key, token or password.
///
/// ```
/// use cloudfn_huawei::FunctionGraphBuilder;
/// use cloudfn_huawei::signer::AkSkCredentials;
///
/// let builder = FunctionGraphBuilder::new()
///     .with_region("cn-north-4")
///     .with_project_id("0123456789abcdef0123456789abcdef")
///     .with_aksk(AkSkCredentials::new("AK", "very-secret-sk"));
/// assert!(!format!("{builder:?}").contains("very-secret-sk"));
/// // let client = builder.build().await?;
/// ```
#[derive(Clone)]
pub struct FunctionGraphBuilder {
    region: Option<String>,
    allow_unknown_region: bool,
    endpoint: Option<String>,
    iam_endpoint: Option<String>,
    allow_http: bool,
    project_id: Option<String>,
    auth: Auth,
    transport: TransportConfig,
    token_refresh_ahead: Duration,
    env: Arc<dyn Env>,
}

impl fmt::Debug for FunctionGraphBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FunctionGraphBuilder")
            .field("region", &self.region)
            .field("allow_unknown_region", &self.allow_unknown_region)
            .field("endpoint", &self.endpoint)
            .field("iam_endpoint", &self.iam_endpoint)
            .field("allow_http", &self.allow_http)
            .field("project_id", &self.project_id)
            .field("auth", &self.auth)
            .field("transport", &self.transport)
            .field("token_refresh_ahead", &self.token_refresh_ahead)
            .field("env", &self.env)
            .finish()
    }
}

impl Default for FunctionGraphBuilder {
    fn default() -> Self {
        FunctionGraphBuilder::new()
    }
}

fn config_error(message: impl Into<std::borrow::Cow<'static, str>>) -> Error {
    Error::new(ErrorKind::Config, message).with_provider(PROVIDER)
}

/// `url` as it may appear in an error: a password replaced by `***`; text that does not parse as a URL
/// but has a user part is not shown at all.
fn redact_url_text(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                // Only fails for URLs that cannot have a password, which then have none.
                let _ = parsed.set_password(Some("***"));
            }
            parsed.to_string()
        }
        Err(_) if url.contains('@') => "<not shown>".to_owned(),
        Err(_) => url.to_owned(),
    }
}

/// What [`FunctionGraphBuilder::resolve`] works out: everything a client needs.
#[derive(Debug, Clone)]
pub struct ResolvedConfig {
    /// The FunctionGraph endpoint.
    pub endpoint: Url,
    /// The project id.
    pub project_id: String,
    /// The region, when configured.
    pub region: Option<String>,
    /// The signer of FunctionGraph requests (AK/SK or IAM token).
    pub signer: Arc<dyn RequestSigner>,
    /// The transport configuration.
    pub transport: TransportConfig,
}

impl ResolvedConfig {
    /// The typed client: a [`Transport`] with [`FgProfile`] and the signer, on the endpoint and
    /// project.
    pub fn into_client(self) -> Result<FunctionGraphClient> {
        let transport = Transport::new(self.transport, Arc::new(FgProfile::new()), self.signer)?;
        Ok(FunctionGraphClient::new(
            transport,
            self.endpoint,
            self.project_id,
        ))
    }
}

impl FunctionGraphBuilder {
    /// Checks the configuration, resolves credentials and the project id (calling IAM when needed:
    /// the project lookup by region, the first token in password mode) and returns the typed client.
    ///
    /// Errors are [`ErrorKind::Config`] for an invalid or incomplete configuration (naming the setting
    /// or variable), and the IAM call's error (e.g. `Unauthenticated` for a wrong password) otherwise.
    pub async fn build(self) -> Result<FunctionGraphClient> {
        self.resolve().await?.into_client()
    }

    /// Like [`build`](FunctionGraphBuilder::build), but returns the neutral adapter
    /// [`FunctionGraph`](crate::FunctionGraph) (every `cloudfn-core` trait) instead of the typed client.
    ///
    /// The region is required (function URNs name it): a configuration without one is
    /// [`ErrorKind::Config`] before anything is sent.
    pub async fn build_provider(self) -> Result<crate::FunctionGraph> {
        let Some(region) = self.region.clone() else {
            return Err(config_error(format!(
                "the neutral adapter needs a region, which every function URN names: set it with \
                 with_region, {ENV_REGION}, or `region=` in an fgs+http(s) URL"
            )));
        };
        let client = self.build().await?;
        Ok(crate::FunctionGraph::new(client, region))
    }

    /// An empty configuration: no region, no endpoint, AK/SK from the SDK's chain over the process
    /// environment (resolved in [`build`](FunctionGraphBuilder::build)), default transport settings.
    pub fn new() -> Self {
        FunctionGraphBuilder {
            region: None,
            allow_unknown_region: false,
            endpoint: None,
            iam_endpoint: None,
            allow_http: false,
            project_id: None,
            auth: Auth::Default,
            transport: TransportConfig::default(),
            token_refresh_ahead: DEFAULT_REFRESH_AHEAD,
            env: Arc::new(ProcessEnv),
        }
    }

    /// A configuration from the process environment (see the table in the [module docs](self)).
    pub fn from_env() -> Self {
        FunctionGraphBuilder::from_env_with(Arc::new(ProcessEnv))
    }

    /// A configuration from `env` (e.g. a [`MapEnv`](crate::credential::MapEnv) in tests); the default
    /// credential chain also reads `env`.
    pub fn from_env_with(env: Arc<dyn Env>) -> Self {
        let mut b = FunctionGraphBuilder::new();
        b.region = env.non_empty(ENV_REGION);
        b.project_id = env.non_empty(crate::credential::ENV_PROJECT_ID);
        b.endpoint = env.non_empty(ENV_FGS_ENDPOINT).or_else(|| {
            let region = b.region.as_deref()?;
            let name = format!(
                "HUAWEICLOUD_SDK_REGION_FUNCTIONGRAPH_{}",
                region.to_ascii_uppercase().replace('-', "_")
            );
            let list = env.non_empty(&name)?;
            let first = list.split(',').map(str::trim).find(|e| !e.is_empty())?;
            Some(if first.contains("://") {
                first.to_owned()
            } else {
                format!("https://{first}")
            })
        });
        b.iam_endpoint = env
            .non_empty(ENV_IAM_ENDPOINT)
            .or_else(|| env.non_empty(ENV_SDK_IAM_ENDPOINT));
        b.allow_http = env
            .non_empty(ENV_ALLOW_HTTP)
            .is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
        if env.non_empty(crate::credential::ENV_AK).is_none() {
            let user = env.non_empty(ENV_IAM_USER);
            let password = env.non_empty(ENV_IAM_PASSWORD);
            let domain = env.non_empty(ENV_IAM_DOMAIN);
            match (user, password, domain) {
                (None, None, None) => {}
                (Some(user), Some(password), Some(domain)) => {
                    b.auth = Auth::Password(PasswordIdentity::new(user, password, domain));
                }
                (user, password, domain) => {
                    let missing: Vec<&str> = [
                        (ENV_IAM_USER, user.is_none()),
                        (ENV_IAM_PASSWORD, password.is_none()),
                        (ENV_IAM_DOMAIN, domain.is_none()),
                    ]
                    .iter()
                    .filter(|(_, m)| *m)
                    .map(|(n, _)| *n)
                    .collect();
                    b.auth = Auth::Invalid(format!(
                        "password authentication is partly configured in the environment: {} not set",
                        missing.join(", ")
                    ));
                }
            }
        }
        b.env = env;
        b
    }

    /// A configuration from a URL (grammar in the [module docs](self)); credentials come from the
    /// default chain or a later `with_*` call.
    pub fn from_url(url: &str) -> Result<Self> {
        let shown = redact_url_text(url);
        let bad = |why: String| config_error(format!("invalid FunctionGraph URL `{shown}`: {why}"));
        let parsed = Url::parse(url).map_err(|e| bad(e.to_string()))?;
        let scheme = parsed.scheme().to_owned();
        if !matches!(scheme.as_str(), "fgs" | "fgs+http" | "fgs+https") {
            return Err(bad(format!(
                "unknown scheme `{scheme}` (expected fgs, fgs+http or fgs+https)"
            )));
        }
        if parsed.password().is_some() {
            return Err(bad(
                "a password in the URL is not accepted (credentials come from the environment or the builder)"
                    .to_owned(),
            ));
        }
        if parsed.fragment().is_some() {
            return Err(bad("a fragment is not accepted".to_owned()));
        }
        if !matches!(parsed.path(), "" | "/") {
            return Err(bad(format!("unexpected path `{}`", parsed.path())));
        }
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("no host (fgs://: the region)".to_owned()))?
            .to_owned();

        let mut project: Option<String> = None;
        let mut region: Option<String> = None;
        let mut iam: Option<String> = None;
        for (key, value) in parsed.query_pairs() {
            let slot = match key.as_ref() {
                "project" => &mut project,
                "region" if scheme != "fgs" => &mut region,
                "region" => {
                    return Err(bad(
                        "key `region` is not accepted in fgs:// URLs: the host is the region"
                            .to_owned(),
                    ));
                }
                "iam_endpoint" => &mut iam,
                other => {
                    return Err(bad(format!(
                        "unknown key `{other}` (known keys: project, region, iam_endpoint)"
                    )));
                }
            };
            if value.is_empty() {
                return Err(bad(format!("key `{key}` has an empty value")));
            }
            if slot.is_some() {
                return Err(bad(format!("key `{key}` is repeated")));
            }
            *slot = Some(value.into_owned());
        }

        let mut b = FunctionGraphBuilder::new();
        if scheme == "fgs" {
            if parsed.port().is_some() {
                return Err(bad("fgs:// takes a region, not host:port".to_owned()));
            }
            check_region_syntax(&host).map_err(|e| bad(e.message().to_owned()))?;
            let user = percent_decode_str(parsed.username())
                .decode_utf8()
                .map_err(|e| bad(format!("the project id is not UTF-8: {e}")))?
                .into_owned();
            if !user.is_empty() {
                if project.is_some() {
                    return Err(bad(
                        "the project id is given twice (user part and `project` key)".to_owned(),
                    ));
                }
                project = Some(user);
            }
            b.region = Some(host);
        } else {
            if !parsed.username().is_empty() {
                return Err(bad(format!(
                    "{scheme}:// takes no user part; use `?project=`"
                )));
            }
            let http_scheme = &scheme["fgs+".len()..];
            let mut origin = format!("{http_scheme}://{host}");
            if let Some(port) = parsed.port() {
                origin = format!("{origin}:{port}");
            }
            let endpoint = Url::parse(&origin).map_err(|e| bad(e.to_string()))?;
            if let Some(r) = &region {
                check_region_syntax(r).map_err(|e| bad(e.message().to_owned()))?;
            }
            b.region = region;
            b.allow_http = http_scheme == "http";
            b.allow_unknown_region = true;
            if iam.is_none() {
                iam = Some(endpoint.to_string());
            }
            b.endpoint = Some(endpoint.to_string());
        }
        b.project_id = project;
        b.iam_endpoint = iam;
        Ok(b)
    }

    /// The region id, e.g. `cn-north-4`.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Accepts a region missing from [`REGIONS`](crate::region::REGIONS) (a newer one) when the endpoint
    /// is derived from the region; only its form is then checked.
    pub fn with_allow_unknown_region(mut self, allow: bool) -> Self {
        self.allow_unknown_region = allow;
        self
    }

    /// The FunctionGraph endpoint (`https://host[:port]`), instead of the region's.
    pub fn with_endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The IAM endpoint, instead of the region's.
    pub fn with_iam_endpoint(mut self, url: impl Into<String>) -> Self {
        self.iam_endpoint = Some(url.into());
        self
    }

    /// Allows `http://` endpoints (an emulator on loopback). Off by default.
    pub fn with_allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// The project id (no lookup is then made).
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Signs with these AK/SK credentials (their project id, if any, is used when none is set here).
    pub fn with_aksk(self, credentials: AkSkCredentials) -> Self {
        self.with_credential_provider(Arc::new(StaticCredentialProvider::new(credentials)))
    }

    /// Signs with AK/SK credentials from `provider`, asked for every attempt.
    pub fn with_credential_provider(mut self, provider: Arc<dyn CredentialProvider>) -> Self {
        self.auth = Auth::AkSk(provider);
        self
    }

    /// Authenticates with IAM tokens for `user` of account `domain` (token mode).
    pub fn with_password_auth(
        mut self,
        user: impl Into<String>,
        password: impl Into<Secret>,
        domain: impl Into<String>,
    ) -> Self {
        self.auth = Auth::Password(PasswordIdentity::new(user, password, domain));
        self
    }

    /// Token mode: replace a cached token when less than `margin` of its validity is left (default 1 h).
    pub fn with_token_refresh_ahead(mut self, margin: Duration) -> Self {
        self.token_refresh_ahead = margin;
        self
    }

    /// The environment the default credential chain reads (default: the process's).
    pub fn with_env(mut self, env: Arc<dyn Env>) -> Self {
        self.env = env;
        self
    }

    /// How long opening a connection may take.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.transport = self.transport.with_connect_timeout(timeout);
        self
    }

    /// How long one attempt may take.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.transport = self.transport.with_request_timeout(timeout);
        self
    }

    /// The retry policy (FunctionGraph and IAM calls).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.transport = self.transport.with_retry(retry);
        self
    }

    /// The whole transport configuration (replaces timeouts and retry set before).
    pub fn with_transport_config(mut self, config: TransportConfig) -> Self {
        self.transport = config;
        self
    }

    /// The configured region.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The configured FunctionGraph endpoint.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The configured IAM endpoint.
    pub fn iam_endpoint(&self) -> Option<&str> {
        self.iam_endpoint.as_deref()
    }

    /// The configured project id.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The transport configuration.
    pub fn transport_config(&self) -> &TransportConfig {
        &self.transport
    }

    fn parse_endpoint(&self, what: &str, text: &str) -> Result<Url> {
        let shown = redact_url_text(text);
        let bad = |why: String| config_error(format!("invalid {what} `{shown}`: {why}"));
        let with_scheme = if text.contains("://") {
            text.to_owned()
        } else {
            format!("https://{text}")
        };
        let url = Url::parse(&with_scheme).map_err(|e| bad(e.to_string()))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => {
                return Err(bad(
                    "plain http is refused; allow it with with_allow_http(true) (CLOUDFN_ALLOW_HTTP=true)"
                        .to_owned(),
                ));
            }
            other => return Err(bad(format!("unsupported scheme `{other}`"))),
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(bad("no host".to_owned()));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("credentials in the URL are not accepted".to_owned()));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(bad("a query or fragment is not accepted".to_owned()));
        }
        Ok(url)
    }

    /// Checks the configuration, resolves the endpoint, credentials and project id (calling IAM when
    /// needed: project lookup, first token) and returns what a client is made of.
    pub async fn resolve(self) -> Result<ResolvedConfig> {
        if let Auth::Invalid(why) = &self.auth {
            return Err(config_error(why.clone()));
        }
        if let Some(region) = &self.region {
            if self.endpoint.is_some() {
                check_region_syntax(region)?;
            } else {
                check_region(region, self.allow_unknown_region)?;
            }
        }
        let endpoint = match (&self.endpoint, &self.region) {
            (Some(e), _) => self.parse_endpoint("FunctionGraph endpoint", e)?,
            (None, Some(region)) => {
                self.parse_endpoint("FunctionGraph endpoint", &functiongraph_endpoint(region))?
            }
            (None, None) => {
                return Err(config_error(format!(
                    "no region and no endpoint: set a region (with_region, {ENV_REGION}) or an endpoint \
                     (with_endpoint, {ENV_FGS_ENDPOINT})"
                )));
            }
        };
        let iam_endpoint = match (&self.iam_endpoint, &self.region) {
            (Some(e), _) => Some(self.parse_endpoint("IAM endpoint", e)?),
            (None, Some(region)) => {
                Some(self.parse_endpoint("IAM endpoint", &default_iam_endpoint(region))?)
            }
            (None, None) => None,
        };
        let no_iam = |why: &str| {
            config_error(format!(
                "{why} needs an IAM endpoint: set a region (with_region, {ENV_REGION}) or the IAM endpoint \
                 (with_iam_endpoint, {ENV_IAM_ENDPOINT})"
            ))
        };

        let (signer, project_id): (Arc<dyn RequestSigner>, String) = match self.auth.clone() {
            Auth::Invalid(why) => return Err(config_error(why)),
            Auth::Password(identity) => {
                let iam = iam_endpoint.ok_or_else(|| no_iam("password authentication"))?;
                let scope = match (&self.project_id, &self.region) {
                    (Some(id), _) => ProjectScope::Id(id.clone()),
                    (None, Some(region)) => ProjectScope::Name(region.clone()),
                    (None, None) => {
                        return Err(config_error(
                            "password authentication needs a project: set the project id or a region",
                        ));
                    }
                };
                let client = IamClient::unauthenticated(iam, self.transport.clone())?;
                let provider = Arc::new(
                    IamTokenProvider::new(client, identity, scope)
                        .with_refresh_ahead(self.token_refresh_ahead),
                );
                let project_id = match &self.project_id {
                    Some(id) => id.clone(),
                    None => provider.token().await?.project_id.ok_or_else(|| {
                        config_error(
                            "the IAM token response names no project id (token.project.id): set the project id",
                        )
                    })?,
                };
                let signer = TokenSigner::new(provider).with_project_id(project_id.clone());
                (Arc::new(signer), project_id)
            }
            auth @ (Auth::Default | Auth::AkSk(_)) => {
                let provider: Arc<dyn CredentialProvider> = match auth {
                    Auth::AkSk(p) => p,
                    _ => Arc::new(ChainCredentialProvider::with_shared_env(self.env.clone())),
                };
                let creds = provider.credentials().await?;
                let project_id = match (&self.project_id, &creds.project_id, &self.region) {
                    (Some(id), _, _) | (None, Some(id), _) => id.clone(),
                    (None, None, Some(region)) => {
                        let iam = iam_endpoint.ok_or_else(|| no_iam("the project id lookup"))?;
                        let lookup_signer = AkSkSigner::new(Arc::new(ProjectIdOverride::new(
                            provider.clone(),
                            None,
                        )));
                        let client =
                            IamClient::new(iam, self.transport.clone(), Arc::new(lookup_signer))?;
                        lookup_project_id(&client, &creds.ak, region).await?
                    }
                    (None, None, None) => {
                        return Err(config_error(format!(
                            "no project id: set it (with_project_id, {}) or a region to look it up",
                            crate::credential::ENV_PROJECT_ID
                        )));
                    }
                };
                let signer = AkSkSigner::new(Arc::new(ProjectIdOverride::new(
                    provider,
                    Some(project_id.clone()),
                )));
                (Arc::new(signer), project_id)
            }
        };
        Ok(ResolvedConfig {
            endpoint,
            project_id,
            region: self.region,
            signer,
            transport: self.transport,
        })
    }
}
