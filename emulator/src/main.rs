//! `cloudfn-emulator`: serve the FC, FunctionGraph and IAM wire protocols on one local port.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cloudfn_emulator::file_config::FileConfig;
use cloudfn_emulator::{AccessKey, Emulator, EmulatorConfig, IamUser};

/// A local emulator of Alibaba Function Compute (2016-08-15) and Huawei FunctionGraph (v2) with IAM.
#[derive(Debug, Parser)]
#[command(name = "cloudfn-emulator", version)]
struct Args {
    /// Address to listen on [default: 127.0.0.1:9000].
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// A TOML configuration file (command-line options override it).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// An accepted access key pair `ID:SECRET` (repeatable; replaces the default `test:test`).
    #[arg(long = "access-key", value_name = "ID:SECRET")]
    access_keys: Vec<String>,
    /// An IAM user `NAME:PASSWORD@DOMAIN` (repeatable; replaces the default `test:test@test`).
    #[arg(long = "iam-user", value_name = "NAME:PASSWORD@DOMAIN")]
    iam_users: Vec<String>,
    /// The FC account id.
    #[arg(long)]
    fc_account_id: Option<String>,
    /// The FC region.
    #[arg(long)]
    fc_region: Option<String>,
    /// The FunctionGraph region.
    #[arg(long)]
    fg_region: Option<String>,
    /// The FunctionGraph project id.
    #[arg(long)]
    fg_project_id: Option<String>,
    /// Accept any signature and token.
    #[arg(long)]
    no_signature_check: bool,
    /// Allowed clock skew in seconds [default: 900].
    #[arg(long, value_name = "SECONDS")]
    max_clock_skew: Option<u64>,
}

fn config_from(args: &Args) -> Result<(EmulatorConfig, SocketAddr), String> {
    let mut config = EmulatorConfig::default();
    let mut listen: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 9000));
    if let Some(path) = &args.config {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("--config {}: {e}", path.display()))?;
        let file =
            FileConfig::parse(&text).map_err(|e| format!("--config {}: {e}", path.display()))?;
        if let Some(l) = file.listen {
            listen = l;
        }
        file.apply(&mut config);
    }
    if let Some(l) = args.listen {
        listen = l;
    }
    if !args.access_keys.is_empty() {
        config.access_keys = args
            .access_keys
            .iter()
            .map(|s| {
                let (id, secret) = s
                    .split_once(':')
                    .filter(|(id, secret)| !id.is_empty() && !secret.is_empty())
                    .ok_or_else(|| format!("--access-key `{s}`: expected ID:SECRET"))?;
                Ok(AccessKey {
                    id: id.to_owned(),
                    secret: secret.to_owned(),
                })
            })
            .collect::<Result<_, String>>()?;
    }
    if !args.iam_users.is_empty() {
        config.iam_users = args
            .iam_users
            .iter()
            .map(|s| {
                let parsed = s.rsplit_once('@').and_then(|(user, domain)| {
                    let (name, password) = user.split_once(':')?;
                    (!name.is_empty() && !password.is_empty() && !domain.is_empty())
                        .then_some((name, password, domain))
                });
                let (name, password, domain) = parsed
                    .ok_or_else(|| format!("--iam-user `{s}`: expected NAME:PASSWORD@DOMAIN"))?;
                Ok(IamUser {
                    name: name.to_owned(),
                    password: password.to_owned(),
                    domain: domain.to_owned(),
                })
            })
            .collect::<Result<_, String>>()?;
    }
    if let Some(v) = &args.fc_account_id {
        config.fc_account_id.clone_from(v);
    }
    if let Some(v) = &args.fc_region {
        config.fc_region.clone_from(v);
    }
    if let Some(v) = &args.fg_region {
        config.fg_region.clone_from(v);
    }
    if let Some(v) = &args.fg_project_id {
        config.fg_project_id.clone_from(v);
    }
    if args.no_signature_check {
        config.check_signatures = false;
    }
    if let Some(secs) = args.max_clock_skew {
        config.max_clock_skew = Duration::from_secs(secs);
    }
    Ok((config, listen))
}

fn banner(emulator: &Emulator) -> String {
    let c = emulator.config();
    let url = emulator.url().as_str().trim_end_matches('/');
    let keys: Vec<String> = c
        .access_keys
        .iter()
        .map(|k| format!("{} / {}", k.id, k.secret))
        .collect();
    let users: Vec<String> = c
        .iam_users
        .iter()
        .map(|u| format!("{} / {} (domain {})", u.name, u.password, u.domain))
        .collect();
    format!(
        "cloudfn emulator listening on {url}\n\
         \n\
         Alibaba FC 2016-08-15   endpoint {url}  account {acct}  region {fc_region}\n\
         \x20                       cloudfn URL: fc+http://{host}?account={acct}&region={fc_region}\n\
         Huawei FunctionGraph v2 endpoint {url}  project {proj}  region {fg_region}\n\
         \x20                       cloudfn URL: fgs+http://{host}?project={proj}&region={fg_region}\n\
         IAM                     endpoint {url}/v3\n\
         \n\
         access keys (both clouds): {keys}\n\
         IAM users: {users}\n\
         signature checks: {checks}\n",
        acct = c.fc_account_id,
        fc_region = c.fc_region,
        host = emulator.addr(),
        proj = c.fg_project_id,
        fg_region = c.fg_region,
        keys = keys.join(", "),
        users = users.join(", "),
        checks = if c.check_signatures { "on" } else { "off" },
    )
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let (config, listen) = match config_from(&args) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("cloudfn-emulator: {e}");
            return ExitCode::from(2);
        }
    };
    let emulator = match Emulator::builder()
        .config(config)
        .listen(listen)
        .start()
        .await
    {
        Ok(e) => e,
        Err(e) => {
            eprintln!("cloudfn-emulator: cannot listen on {listen}: {e}");
            return ExitCode::from(1);
        }
    };
    print!("{}", banner(&emulator));
    tokio::select! {
        () = emulator.wait() => ExitCode::SUCCESS,
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Args {
        Args::try_parse_from(std::iter::once("cloudfn-emulator").chain(args.iter().copied()))
            .unwrap()
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let (config, listen) = config_from(&parse(&[])).unwrap();
        assert_eq!(listen, SocketAddr::from(([127, 0, 0, 1], 9000)));
        assert_eq!(config.secret_for("test"), Some("test"));
        assert_eq!(config.fc_account_id, "1234567890123456");
        assert_eq!(config.fg_project_id, "0123456789abcdef0123456789abcdef");
        assert!(config.check_signatures);
    }

    #[test]
    fn flags_override_and_bad_values_name_the_flag() {
        let (config, listen) = config_from(&parse(&[
            "--listen",
            "127.0.0.1:9100",
            "--access-key",
            "AK1:SK1",
            "--iam-user",
            "alice:pa:ss@corp",
            "--fc-region",
            "cn-shanghai",
            "--no-signature-check",
            "--max-clock-skew",
            "60",
        ]))
        .unwrap();
        assert_eq!(listen.port(), 9100);
        assert_eq!(config.secret_for("AK1"), Some("SK1"));
        assert_eq!(config.secret_for("test"), None);
        assert_eq!(config.iam_users[0].name, "alice");
        assert_eq!(config.iam_users[0].password, "pa:ss");
        assert_eq!(config.iam_users[0].domain, "corp");
        assert_eq!(config.fc_region, "cn-shanghai");
        assert!(!config.check_signatures);
        assert_eq!(config.max_clock_skew, Duration::from_secs(60));

        let err = config_from(&parse(&["--access-key", "nocolon"])).unwrap_err();
        assert!(err.contains("--access-key"), "{err}");
        let err = config_from(&parse(&["--iam-user", "bob@corp"])).unwrap_err();
        assert!(err.contains("--iam-user"), "{err}");
        let err = config_from(&parse(&["--config", "/nonexistent/cloudfn.toml"])).unwrap_err();
        assert!(err.contains("--config"), "{err}");
    }
}
