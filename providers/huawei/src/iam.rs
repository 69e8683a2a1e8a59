//! Huawei Cloud IAM, as far as FunctionGraph needs it: password tokens and the project id of a region.
//!
//! - [`IamClient`] speaks IAM v3 over its own [`Transport`] (with an [`IamProfile`] that reads IAM error
//!   bodies): [`create_token`](IamClient::create_token) is `POST {iam}/v3/auth/tokens`
//!   (huawei-functiongraph.md §1.5), [`list_projects`](IamClient::list_projects) is
//!   `GET {iam}/v3/projects?name={region}` (§1.2, official-sdks.md §2.2).
//! - [`IamTokenProvider`] holds a password identity (user name, password, account/domain name), fetches a
//!   project-scoped token, caches it and refreshes it ahead of its expiry, one fetch at a time.
//!   [`TokenSigner`](crate::auth::TokenSigner) puts it on every FunctionGraph request.
//! - [`lookup_project_id`] finds the project id of a region the way the SDK's
//!   `BasicCredentials.process_auth_params` does, and caches it for the process.
//!
//! # Endpoints
//!
//! [`default_iam_endpoint`] follows the SDK's table (official-sdks.md §2.2): `https://iam.{region}.
//! myhuaweicloud.com` for the regions it lists, else the global `https://iam.myhuaweicloud.com`. Only
//! the scheme and authority of an IAM endpoint are used (like the SDK); its path is replaced.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as StdMutex, OnceLock, PoisonError};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use cloudfn_core::transport::{
    HttpRequest, NoSigner, RequestSigner, ServiceProfile, Transport, TransportConfig,
};
use cloudfn_core::{Error, ErrorKind, Result};
use http::{HeaderMap, StatusCode};
use url::Url;

use crate::PROVIDER;
use crate::Secret;
use crate::api::types::{IamProjectsResponse, NameOrId, TokenRequest, TokenResponse};

/// The global IAM endpoint, used for regions without a regional one in the SDK's table.
pub const IAM_GLOBAL_ENDPOINT: &str = "https://iam.myhuaweicloud.com";

/// The response header carrying the token issued by `POST /v3/auth/tokens`.
pub const HEADER_SUBJECT_TOKEN: &str = "X-Subject-Token";

/// The header carrying a token on authenticated calls.
pub const HEADER_AUTH_TOKEN: &str = "X-Auth-Token";

/// How long an IAM token is valid when the response does not say (huawei-functiongraph.md §1.5).
pub const TOKEN_VALIDITY: Duration = Duration::from_secs(24 * 3600);

/// The default refresh margin: a cached token is replaced when less than this is left of its validity.
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(3600);

/// Regions with a regional IAM endpoint in the SDK's built-in table (official-sdks.md §2.2: the
/// FunctionGraph regions except `ap-southeast-5`, `cn-north-11`, `cn-south-4`, `cn-southwest-3`,
/// `eu-west-101`).
const REGIONAL_IAM: &[&str] = &[
    "cn-north-4",
    "cn-north-1",
    "cn-east-2",
    "cn-east-3",
    "cn-south-1",
    "ap-southeast-2",
    "ap-southeast-1",
    "ap-southeast-3",
    "af-south-1",
    "cn-southwest-2",
    "sa-brazil-1",
    "la-south-2",
    "na-mexico-1",
    "la-north-2",
    "ap-southeast-4",
    "tr-west-1",
    "cn-north-9",
    "me-east-1",
    "my-kualalumpur-1",
    "ru-moscow-1",
    "cn-east-4",
    "ae-ad-1",
];

/// The IAM endpoint the SDK uses for `region`: `https://iam.{region}.myhuaweicloud.com` when its table
/// has the region, else [`IAM_GLOBAL_ENDPOINT`].
///
/// ```
/// use cloudfn_huawei::iam::default_iam_endpoint;
///
/// assert_eq!(default_iam_endpoint("cn-north-4"), "https://iam.cn-north-4.myhuaweicloud.com");
/// assert_eq!(default_iam_endpoint("cn-south-4"), "https://iam.myhuaweicloud.com");
/// ```
pub fn default_iam_endpoint(region: &str) -> String {
    if REGIONAL_IAM.contains(&region) {
        format!("https://iam.{region}.myhuaweicloud.com")
    } else {
        IAM_GLOBAL_ENDPOINT.to_owned()
    }
}

/// How IAM answers read: request ids in `X-IAM-Trace-Id` / `X-Request-Id`, error bodies
/// `{"error": {"code": 401, "message": "...", "title": "Unauthorized"}}` or `{"error_code", "error_msg"}`,
/// mapped by [`crate::error::error_from_response`] (the code's meaning, else the status).
#[derive(Debug, Clone, Copy, Default)]
pub struct IamProfile;

impl ServiceProfile for IamProfile {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn request_id_headers(&self) -> &[&'static str] {
        &["x-iam-trace-id", "x-request-id"]
    }

    fn parse_error(
        &self,
        _operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Error {
        crate::error::error_from_response(status.as_u16(), headers, body)
    }
}

/// A token issued by IAM.
///
/// `Debug` hides the token.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The token (the `X-Subject-Token` header), sent as `X-Auth-Token`.
    pub token: Secret,
    /// When it expires (`token.expires_at`; 24 h after issue when the body does not say).
    pub expires_at: DateTime<Utc>,
    /// The id of the project it is scoped to (`token.project.id`), when the body says.
    pub project_id: Option<String>,
}

/// A client of IAM v3 with its own [`Transport`].
#[derive(Debug, Clone)]
pub struct IamClient {
    transport: Transport,
    endpoint: Url,
}

impl IamClient {
    /// A client of the IAM at `endpoint` (only its scheme and authority are used) whose requests are
    /// signed by `signer`: [`NoSigner`] for token requests, an
    /// [`AkSkSigner`](crate::auth::AkSkSigner) for the project lookup.
    pub fn new(
        endpoint: Url,
        config: TransportConfig,
        signer: Arc<dyn RequestSigner>,
    ) -> Result<Self> {
        if endpoint.cannot_be_a_base() || endpoint.host_str().is_none() {
            return Err(Error::new(
                ErrorKind::Config,
                format!("the IAM endpoint `{endpoint}` has no host"),
            )
            .with_provider(PROVIDER));
        }
        let transport = Transport::new(config, Arc::new(IamProfile), signer)?;
        Ok(IamClient {
            transport,
            endpoint,
        })
    }

    /// An unauthenticated client (token requests need no authentication).
    pub fn unauthenticated(endpoint: Url, config: TransportConfig) -> Result<Self> {
        IamClient::new(endpoint, config, Arc::new(NoSigner))
    }

    /// The IAM endpoint.
    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.endpoint.clone();
        url.set_path(path);
        url.set_query(None);
        url.set_fragment(None);
        url
    }

    /// `POST {iam}/v3/auth/tokens` with `request` (no authentication): the token is the
    /// `X-Subject-Token` response header, its expiry `token.expires_at`, its project `token.project.id`.
    ///
    /// The request may be repeated after a transient failure (issuing a token twice does no harm).
    pub async fn create_token(&self, request: &TokenRequest) -> Result<IssuedToken> {
        let req = HttpRequest::post(
            self.url("/v3/auth/tokens"),
            "KeystoneCreateUserTokenByPassword",
        )
        .with_json(request)?
        .allow_retry();
        let resp = self.transport.send(req).await?;
        let decode_error = |message: String| {
            Error::new(ErrorKind::Decode, message)
                .with_provider(PROVIDER)
                .with_operation("KeystoneCreateUserTokenByPassword")
                .with_status(resp.status().as_u16())
        };
        let token = resp
            .header_str(HEADER_SUBJECT_TOKEN)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                decode_error(format!(
                    "IAM answered {} without an {HEADER_SUBJECT_TOKEN} header",
                    resp.status().as_u16()
                ))
            })?
            .to_owned();
        let body: TokenResponse = if resp.body().iter().all(u8::is_ascii_whitespace) {
            TokenResponse::default()
        } else {
            resp.json()?
        };
        let token_body = body.token.unwrap_or_default();
        let expires_at = match token_body.expires_at.as_deref() {
            None => Utc::now() + TimeDelta::from_std(TOKEN_VALIDITY).unwrap_or(TimeDelta::zero()),
            Some(text) => DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| {
                    decode_error(format!(
                        "token.expires_at is not an RFC 3339 time: `{text}`"
                    ))
                    .with_source(e)
                })?,
        };
        let project_id = token_body
            .project
            .as_ref()
            .and_then(|p| p.get("id"))
            .and_then(serde_json::Value::as_str)
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        Ok(IssuedToken {
            token: Secret::new(token),
            expires_at,
            project_id,
        })
    }

    /// `GET {iam}/v3/projects[?name={name}]`, authenticated by the client's signer. Sent with no
    /// `Content-Type` and no body, like the SDK.
    pub async fn list_projects(&self, name: Option<&str>) -> Result<IamProjectsResponse> {
        let mut url = self.url("/v3/projects");
        if let Some(name) = name {
            url.set_query(Some(&crate::signer::encode_query(&[("name", name)])));
        }
        self.transport
            .send_json(HttpRequest::get(url, "KeystoneListProjects"))
            .await
    }
}

/// The project a token is scoped to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectScope {
    /// By project id.
    Id(String),
    /// By project name: the region id (`cn-north-4`) for a region's default project.
    Name(String),
}

/// A password identity: an IAM user of an account (domain). `Debug` hides the password.
#[derive(Debug, Clone)]
pub struct PasswordIdentity {
    /// The IAM user name.
    pub user: String,
    /// The password.
    pub password: Secret,
    /// The account (domain) name.
    pub domain: String,
}

impl PasswordIdentity {
    /// `user` of account `domain` with `password`.
    pub fn new(
        user: impl Into<String>,
        password: impl Into<Secret>,
        domain: impl Into<String>,
    ) -> Self {
        PasswordIdentity {
            user: user.into(),
            password: password.into(),
            domain: domain.into(),
        }
    }

    /// The body of `POST /v3/auth/tokens` for this identity scoped to `scope`
    /// (huawei-functiongraph.md §1.5).
    pub fn token_request(&self, scope: &ProjectScope) -> TokenRequest {
        let project_name = match scope {
            ProjectScope::Name(name) => name.as_str(),
            ProjectScope::Id(_) => "",
        };
        let mut request = TokenRequest::password(
            &self.user,
            self.password.clone(),
            &self.domain,
            project_name,
        );
        if let ProjectScope::Id(id) = scope {
            if let Some(scope) = request.auth.scope.as_mut() {
                scope.project = Some(NameOrId {
                    id: Some(id.clone()),
                    ..NameOrId::default()
                });
            }
        }
        request
    }
}

struct CachedToken {
    token: IssuedToken,
    refresh_at: DateTime<Utc>,
}

/// A cached, self-refreshing IAM token for a password identity.
///
/// - The first [`token`](IamTokenProvider::token) fetches one (`POST /v3/auth/tokens`); later calls
///   reuse it until less than the refresh margin ([`DEFAULT_REFRESH_AHEAD`], 1 h of the 24 h, see
///   [`with_refresh_ahead`](IamTokenProvider::with_refresh_ahead)) is left. When the server issues
///   tokens shorter-lived than twice the margin, the token is refreshed halfway through its life
///   instead, so a short-lived token is not fetched on every call.
/// - Fetches are serialised: callers wait on one lock while a fetch is in flight and then share its
///   token, so many concurrent first calls make exactly one IAM request.
/// - A failed fetch is not cached: the next call tries again.
/// - [`invalidate`](IamTokenProvider::invalidate) drops the token (the server rejected it).
///
/// The times compared are the caller's clock (the transport's skew-corrected clock when used through
/// [`TokenSigner`](crate::auth::TokenSigner)).
pub struct IamTokenProvider {
    client: IamClient,
    identity: PasswordIdentity,
    scope: ProjectScope,
    refresh_ahead: Duration,
    state: tokio::sync::Mutex<Option<CachedToken>>,
    fetches: AtomicU64,
}

impl fmt::Debug for IamTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IamTokenProvider")
            .field("iam_endpoint", &self.client.endpoint().as_str())
            .field("identity", &self.identity)
            .field("scope", &self.scope)
            .field("refresh_ahead", &self.refresh_ahead)
            .field("fetches", &self.fetch_count())
            .finish_non_exhaustive()
    }
}

impl IamTokenProvider {
    /// Tokens for `identity` scoped to `scope`, fetched through `client`.
    pub fn new(client: IamClient, identity: PasswordIdentity, scope: ProjectScope) -> Self {
        IamTokenProvider {
            client,
            identity,
            scope,
            refresh_ahead: DEFAULT_REFRESH_AHEAD,
            state: tokio::sync::Mutex::new(None),
            fetches: AtomicU64::new(0),
        }
    }

    /// Replaces a cached token when less than `margin` is left of its validity (default 1 h).
    pub fn with_refresh_ahead(mut self, margin: Duration) -> Self {
        self.refresh_ahead = margin;
        self
    }

    /// The refresh margin.
    pub fn refresh_ahead(&self) -> Duration {
        self.refresh_ahead
    }

    /// The project the tokens are scoped to.
    pub fn scope(&self) -> &ProjectScope {
        &self.scope
    }

    /// How many token requests were sent to IAM so far (successful or not).
    pub fn fetch_count(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// A valid token, as of the local clock.
    pub async fn token(&self) -> Result<IssuedToken> {
        self.token_at(Utc::now()).await
    }

    /// A valid token as of `now`: the cached one, or a new one when there is none or it is due for
    /// refresh.
    pub async fn token_at(&self, now: DateTime<Utc>) -> Result<IssuedToken> {
        let mut state = self.state.lock().await;
        if let Some(cached) = state.as_ref() {
            if now < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let request = self.identity.token_request(&self.scope);
        let token = self
            .client
            .create_token(&request)
            .await
            .map_err(|e| self.describe(e))?;
        let margin = TimeDelta::from_std(self.refresh_ahead).unwrap_or(TimeDelta::MAX);
        let halfway = now
            .checked_add_signed((token.expires_at - now) / 2)
            .unwrap_or(now);
        let ahead = token
            .expires_at
            .checked_sub_signed(margin)
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        let refresh_at = ahead.max(halfway);
        tracing::debug!(
            user = %self.identity.user,
            expires_at = %token.expires_at,
            refresh_at = %refresh_at,
            "fetched an IAM token"
        );
        *state = Some(CachedToken {
            token: token.clone(),
            refresh_at,
        });
        Ok(token)
    }

    /// Drops the cached token; the next call fetches a new one.
    pub async fn invalidate(&self) {
        *self.state.lock().await = None;
    }

    fn describe(&self, e: Error) -> Error {
        let PasswordIdentity { user, domain, .. } = &self.identity;
        let scope = match &self.scope {
            ProjectScope::Id(id) => format!("project id `{id}`"),
            ProjectScope::Name(name) => format!("project `{name}`"),
        };
        let message = if e.kind() == ErrorKind::Unauthenticated {
            format!(
                "IAM rejected the password of user `{user}` in account `{domain}` ({scope}): {}",
                e.message()
            )
        } else {
            format!(
                "cannot get an IAM token for user `{user}` in account `{domain}` ({scope}): {}",
                e.message()
            )
        };
        e.with_message(message)
    }
}

type ProjectKey = (String, String, String);

fn project_cache() -> &'static StdMutex<HashMap<ProjectKey, String>> {
    static CACHE: OnceLock<StdMutex<HashMap<ProjectKey, String>>> = OnceLock::new();
    CACHE.get_or_init(|| StdMutex::new(HashMap::new()))
}

/// The project id of `region`: `GET {iam}/v3/projects?name={region}` through `client` (which must
/// authenticate, e.g. with an [`AkSkSigner`](crate::auth::AkSkSigner) over credentials **without** a
/// project id), as the SDK does (official-sdks.md §2.2).
///
/// Exactly one project must match; none, or several (their ids are listed), is an
/// [`ErrorKind::Config`] error telling to set the project id explicitly. A successful answer is cached
/// for the process under (IAM endpoint, `cache_key`, region); pass the access key as `cache_key`, as
/// the SDK does (`ak + region_id`).
pub async fn lookup_project_id(
    client: &IamClient,
    cache_key: &str,
    region: &str,
) -> Result<String> {
    let key = (
        client.endpoint().as_str().to_owned(),
        cache_key.to_owned(),
        region.to_owned(),
    );
    if let Some(id) = project_cache()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return Ok(id.clone());
    }
    let answer = client.list_projects(Some(region)).await.map_err(|e| {
        let message = format!(
            "cannot look up the project id of region `{region}` at {}: {}",
            client.endpoint(),
            e.message()
        );
        e.with_message(message)
    })?;
    let ids: Vec<String> = answer
        .projects
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.id)
        .filter(|id| !id.is_empty())
        .collect();
    let id = match ids.as_slice() {
        [id] => id.clone(),
        [] => {
            return Err(Error::new(
                ErrorKind::Config,
                format!(
                    "IAM at {} has no project named `{region}`: set the project id explicitly",
                    client.endpoint()
                ),
            )
            .with_provider(PROVIDER)
            .with_operation("KeystoneListProjects"));
        }
        many => {
            return Err(Error::new(
                ErrorKind::Config,
                format!(
                    "IAM at {} has {} projects named `{region}` ({}): set the project id explicitly",
                    client.endpoint(),
                    many.len(),
                    many.join(", ")
                ),
            )
            .with_provider(PROVIDER)
            .with_operation("KeystoneListProjects"));
        }
    };
    project_cache()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, id.clone());
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_request_by_name_and_by_id() {
        let identity = PasswordIdentity::new("alice", "pa55", "acme");
        let by_name =
            serde_json::to_value(identity.token_request(&ProjectScope::Name("cn-north-4".into())))
                .unwrap();
        assert_eq!(
            by_name,
            serde_json::json!({"auth": {
                "identity": {"methods": ["password"], "password": {"user": {
                    "name": "alice", "password": "pa55", "domain": {"name": "acme"}}}},
                "scope": {"project": {"name": "cn-north-4"}}
            }})
        );
        let by_id =
            serde_json::to_value(identity.token_request(&ProjectScope::Id("p1".into()))).unwrap();
        assert_eq!(
            by_id["auth"]["scope"],
            serde_json::json!({"project": {"id": "p1"}})
        );
        assert!(!format!("{identity:?}").contains("pa55"));
    }

    #[test]
    fn iam_endpoints() {
        assert_eq!(
            default_iam_endpoint("ap-southeast-2"),
            "https://iam.ap-southeast-2.myhuaweicloud.com"
        );
        for region in [
            "ap-southeast-5",
            "cn-north-11",
            "cn-south-4",
            "cn-southwest-3",
            "eu-west-101",
        ] {
            assert_eq!(default_iam_endpoint(region), IAM_GLOBAL_ENDPOINT);
        }
        assert_eq!(REGIONAL_IAM.len(), 22);
    }
}
