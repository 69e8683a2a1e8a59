//! Naming a provider on the command line: a URL (`fc://`, `fc+http(s)://`, `fgs://`, `fgs+http(s)://`,
//! `mem://`) or the name of a profile in the config file. Credentials never come from the command line:
//! each adapter reads its own environment variables and profile files (through [`Env`], so tests can
//! give a map instead of the process environment).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use cloudfn_alibaba::AlibabaFcBuilder;
use cloudfn_core::env::Env;
use cloudfn_core::transport::RetryPolicy;
use cloudfn_core::{Error, ErrorKind, InMemory, Provider, Result};
use cloudfn_huawei::FunctionGraphBuilder;
use serde::Deserialize;

/// The variable naming the config file (`--config` wins).
pub const ENV_CONFIG: &str = "CLOUDFN_CONFIG";

/// The config file: named profiles.
///
/// ```toml
/// [profiles.fc-prod]
/// url = "fc://1234567890123456@cn-hangzhou"
///
/// [profiles.emu-fg]
/// url = "fgs+http://127.0.0.1:9000?project=0123456789abcdef0123456789abcdef&region=cn-north-4"
/// retries = 2
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One profile: a provider URL and transport settings. No credentials: those stay in the adapters'
/// environment variables and credential files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The provider URL.
    pub url: String,
    /// Attempts per call for transient failures (default: `--retries`).
    #[serde(default)]
    pub retries: Option<u32>,
}

/// Where the config file is: `--config`, else `CLOUDFN_CONFIG`, else `~/.config/cloudfn/config.toml`.
pub fn config_path(flag: Option<&PathBuf>, env: &dyn Env) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.clone());
    }
    if let Some(p) = env.non_empty(ENV_CONFIG) {
        return Some(PathBuf::from(p));
    }
    env.home_dir()
        .map(|h| h.join(".config").join("cloudfn").join("config.toml"))
}

/// Reads the config file; a missing default file is an empty config, a missing explicit one an error.
pub fn load_config(flag: Option<&PathBuf>, env: &dyn Env) -> Result<ConfigFile> {
    let Some(path) = config_path(flag, env) else {
        return Ok(ConfigFile::default());
    };
    let explicit = flag.is_some() || env.non_empty(ENV_CONFIG).is_some();
    match env.read_file(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            Error::new(
                ErrorKind::InvalidArgument,
                format!("config file `{}`: {e}", path.display()),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            Ok(ConfigFile::default())
        }
        Err(e) => Err(Error::new(
            ErrorKind::InvalidArgument,
            format!("config file `{}`: {e}", path.display()),
        )),
    }
}

/// Transport settings shared by every provider built in one run.
#[derive(Debug, Clone)]
pub struct Transport {
    /// Attempts per call.
    pub retries: u32,
    /// Per-request timeout.
    pub timeout: Duration,
}

fn retry_policy(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(50))
        .with_max_backoff(Duration::from_secs(2))
        .with_budget(Duration::from_secs(20))
}

/// Builds the provider named by `spec` (`what` names the argument in errors, e.g. `--from`).
pub async fn resolve(
    what: &str,
    spec: &str,
    config: &ConfigFile,
    env: &Arc<dyn Env>,
    transport: &Transport,
) -> Result<Arc<dyn Provider>> {
    let (url, retries) = if spec.contains("://") {
        (spec.to_owned(), transport.retries)
    } else if let Some(p) = config.profiles.get(spec) {
        (p.url.clone(), p.retries.unwrap_or(transport.retries))
    } else {
        let known: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!(
                "{what}: `{spec}` is neither a provider URL (fc://ACCOUNT@REGION, fc+http://HOST:PORT?account=…&region=…, \
                 fgs://PROJECT@REGION, fgs+http://HOST:PORT?project=…&region=…, mem://) nor a profile of the config file \
                 (known profiles: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ),
        ));
    };
    let with_arg = |e: Error| {
        let msg = format!("{what}: {}", e.message());
        e.with_message(msg)
    };
    let scheme = url.split("://").next().unwrap_or_default();
    let policy = retry_policy(retries);
    match scheme {
        "mem" => match url.trim_start_matches("mem://").trim_end_matches('/') {
            "" | "fc" | "alibaba" => Ok(Arc::new(InMemory::alibaba())),
            "fgs" | "huawei" => Ok(Arc::new(InMemory::huawei())),
            other => Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("{what}: mem://{other}: expected mem://, mem://fc or mem://fgs"),
            )),
        },
        "fc" | "fc+http" | "fc+https" => {
            let b = AlibabaFcBuilder::from_url(&url)
                .map_err(with_arg)?
                .with_env(env.clone())
                .with_retry(policy)
                .with_request_timeout(transport.timeout);
            Ok(Arc::new(b.build_provider().map_err(with_arg)?))
        }
        "fgs" | "fgs+http" | "fgs+https" => {
            let mut b = FunctionGraphBuilder::from_url(&url)
                .map_err(with_arg)?
                .with_env(env.clone())
                .with_retry(policy)
                .with_request_timeout(transport.timeout);
            if env.non_empty(cloudfn_huawei::credential::ENV_AK).is_none() {
                let user = env.non_empty(cloudfn_huawei::config::ENV_IAM_USER);
                let password = env.non_empty(cloudfn_huawei::config::ENV_IAM_PASSWORD);
                let domain = env.non_empty(cloudfn_huawei::config::ENV_IAM_DOMAIN);
                if let (Some(u), Some(p), Some(d)) = (user, password, domain) {
                    b = b.with_password_auth(u, p, d);
                }
            }
            Ok(Arc::new(b.build_provider().await.map_err(with_arg)?))
        }
        other => Err(Error::new(
            ErrorKind::InvalidArgument,
            format!(
                "{what}: unknown scheme `{other}://` (expected fc, fc+http, fc+https, fgs, fgs+http, fgs+https or mem)"
            ),
        )),
    }
}
