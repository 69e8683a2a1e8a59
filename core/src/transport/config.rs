//! [`TransportConfig`] and [`RetryPolicy`].

use std::fmt;
use std::time::Duration;

/// When and how often the transport retries, and how long it waits between attempts.
///
/// Waits follow "decorrelated jitter": each wait is drawn uniformly from `[initial_backoff, 3 × previous
/// wait)` and capped at `max_backoff`; a `Retry-After` from the server is a floor on the wait. No retry
/// starts once `budget` (counted from the first attempt) would be exceeded by its wait.
///
/// ```
/// use cloudfn_core::transport::RetryPolicy;
/// use std::time::Duration;
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(6)
///     .with_budget(Duration::from_secs(30))
///     .with_jitter_seed(7);
/// assert_eq!(policy.max_attempts(), 6);
/// assert_eq!(RetryPolicy::none().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    budget: Duration,
    jitter_seed: Option<u64>,
}

impl Default for RetryPolicy {
    /// 4 attempts, backoff from 100 ms up to 10 s, a 60 s budget, jitter seeded from entropy.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(10),
            budget: Duration::from_secs(60),
            jitter_seed: None,
        }
    }
}

impl RetryPolicy {
    /// No retries: every call is sent once (a clock-skew correction still re-sends once).
    pub fn none() -> Self {
        RetryPolicy::default().with_max_attempts(1)
    }

    /// The most attempts one call makes for transient failures (at least 1; 0 is taken as 1). A
    /// clock-skew re-send is not counted against it.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The smallest wait between attempts.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest wait computed by the backoff (a server's `Retry-After` may ask for more, within the
    /// budget).
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The total time after the first attempt within which retries may start.
    pub fn with_budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Seeds the jitter, making the waits reproducible (tests).
    pub fn with_jitter_seed(mut self, seed: u64) -> Self {
        self.jitter_seed = Some(seed);
        self
    }

    /// The most attempts one call makes for transient failures.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The smallest wait between attempts.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest wait the backoff computes.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The total time within which retries may start.
    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// The jitter seed, when set.
    pub fn jitter_seed(&self) -> Option<u64> {
        self.jitter_seed
    }
}

/// How the transport's HTTP client is set up.
///
/// ```
/// use cloudfn_core::transport::{RetryPolicy, TransportConfig};
/// use std::time::Duration;
///
/// let config = TransportConfig::default()
///     .with_request_timeout(Duration::from_secs(30))
///     .with_user_agent_suffix("my-tool/1.2")
///     .with_retry(RetryPolicy::none());
/// assert_eq!(config.connect_timeout(), Duration::from_secs(10));
/// assert!(config.user_agent().starts_with("cloudfn/"));
/// assert!(config.user_agent().ends_with(" my-tool/1.2"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct TransportConfig {
    connect_timeout: Duration,
    request_timeout: Duration,
    retry: RetryPolicy,
    user_agent_suffix: Option<String>,
    max_response_bytes: usize,
    proxy_url: Option<String>,
    env_proxy: bool,
}

impl Default for TransportConfig {
    /// Connect timeout 10 s, per-attempt timeout 60 s, [`RetryPolicy::default`], responses up to
    /// 16 MiB, proxies from the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`).
    fn default() -> Self {
        TransportConfig {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            user_agent_suffix: None,
            max_response_bytes: 16 * 1024 * 1024,
            proxy_url: None,
            env_proxy: true,
        }
    }
}

impl TransportConfig {
    /// How long opening a connection (TCP + TLS) may take.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from sending to the last byte of the response.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Text appended to the `cloudfn/<version>` user agent, e.g. `my-tool/1.2`.
    pub fn with_user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// The largest response body accepted; a larger one fails with
    /// [`ErrorKind::PayloadTooLarge`](crate::ErrorKind::PayloadTooLarge) without reading past the cap.
    pub fn with_max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// Sends every request through this proxy (`http://`, `https://` or `socks5://` URL, credentials
    /// allowed in it), instead of proxies from the environment.
    pub fn with_proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy_url = Some(url.into());
        self
    }

    /// Ignores proxy settings in the environment.
    pub fn without_env_proxy(mut self) -> Self {
        self.env_proxy = false;
        self
    }

    /// How long opening a connection may take.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// How long one attempt may take.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The user agent sent: `cloudfn/<version>`, then the suffix if any.
    pub fn user_agent(&self) -> String {
        let base = concat!("cloudfn/", env!("CARGO_PKG_VERSION"));
        match &self.user_agent_suffix {
            Some(s) if !s.is_empty() => format!("{base} {s}"),
            _ => base.to_owned(),
        }
    }

    /// The largest response body accepted.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// The explicit proxy URL, if set.
    pub fn proxy_url(&self) -> Option<&str> {
        self.proxy_url.as_deref()
    }

    /// Whether proxies from the environment are used (when no explicit proxy is set).
    pub fn env_proxy(&self) -> bool {
        self.env_proxy
    }
}

impl fmt::Debug for TransportConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A proxy URL may carry a password.
        let proxy = self.proxy_url.as_deref().map(|p| match url::Url::parse(p) {
            Ok(u) => super::request::redacted_url(&u),
            Err(_) => "<unparsable>".to_owned(),
        });
        f.debug_struct("TransportConfig")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry", &self.retry)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("proxy_url", &proxy)
            .field("env_proxy", &self.env_proxy)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_design() {
        let c = TransportConfig::default();
        assert_eq!(c.connect_timeout(), Duration::from_secs(10));
        assert_eq!(c.request_timeout(), Duration::from_secs(60));
        assert_eq!(c.max_response_bytes(), 16 * 1024 * 1024);
        assert_eq!(
            c.user_agent(),
            concat!("cloudfn/", env!("CARGO_PKG_VERSION"))
        );
        assert!(c.env_proxy());
        let r = c.retry();
        assert_eq!(r.max_attempts(), 4);
        assert_eq!(r.initial_backoff(), Duration::from_millis(100));
        assert_eq!(r.max_backoff(), Duration::from_secs(10));
        assert_eq!(r.budget(), Duration::from_secs(60));
        assert_eq!(r.jitter_seed(), None);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn debug_hides_proxy_password() {
        let c = TransportConfig::default().with_proxy("http://user:hunter2@proxy.local:3128");
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("proxy.local"), "{shown}");
    }
}
