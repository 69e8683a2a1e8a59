//! # cloudfn-cli
//!
//! The `cloudfn` command line over the provider-neutral API: inspect, deploy, invoke and migrate
//! functions between Alibaba Function Compute and Huawei FunctionGraph. [`run`] is the whole program;
//! `main.rs` only wires it to the process. See `docs/cli.md`.
//!
//! Exit codes: 0 success, 1 other failure (including an incomplete migration), 2 usage error, 3 not
//! found, 4 authentication or permission failure, 5 endpoint unreachable or timed out.

pub mod commands;
pub mod migrate;
pub mod output;
pub mod providers;
pub mod zip;

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use cloudfn_core::env::Env;
use cloudfn_core::{Error, ErrorKind};

pub use output::Format;

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: any other failure.
pub const EXIT_FAILURE: i32 = 1;
/// Exit code: bad arguments or configuration.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: the named resource does not exist.
pub const EXIT_NOT_FOUND: i32 = 3;
/// Exit code: credentials missing, rejected, or not allowed.
pub const EXIT_AUTH: i32 = 4;
/// Exit code: the endpoint could not be reached or timed out.
pub const EXIT_UNREACHABLE: i32 = 5;

/// The exit code for an error kind.
pub fn exit_code(kind: ErrorKind) -> i32 {
    match kind {
        ErrorKind::InvalidArgument | ErrorKind::Config => EXIT_USAGE,
        ErrorKind::NotFound => EXIT_NOT_FOUND,
        ErrorKind::Unauthenticated | ErrorKind::PermissionDenied => EXIT_AUTH,
        ErrorKind::Transport | ErrorKind::Timeout => EXIT_UNREACHABLE,
        _ => EXIT_FAILURE,
    }
}

/// `cloudfn`: one command line for Alibaba Function Compute and Huawei FunctionGraph.
#[derive(Debug, Parser)]
#[command(name = "cloudfn", version, about)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: Global,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The provider: a URL (fc://ACCOUNT@REGION, fc+http://HOST:PORT?account=…&region=…,
    /// fgs://PROJECT@REGION, fgs+http://HOST:PORT?project=…&region=…, mem://) or a profile name.
    #[arg(short, long, global = true, env = "CLOUDFN_PROVIDER")]
    pub provider: Option<String>,
    /// The config file [default: ~/.config/cloudfn/config.toml; env CLOUDFN_CONFIG].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, global = true, value_enum, default_value_t = Format::Table)]
    pub output: Format,
    /// Attempts per call for transient failures.
    #[arg(long, global = true, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub retries: u32,
    /// Per-request timeout in seconds.
    #[arg(long, global = true, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List namespaces; the functions of `NS`; or the versions, aliases, triggers and async configs of `NS/FN`.
    Ls(commands::LsArgs),
    /// Show a function.
    Get(commands::GetArgs),
    /// Create or update a function from a directory (zipped deterministically) or a ZIP file.
    Deploy(commands::DeployArgs),
    /// Publish a version.
    Publish(commands::PublishArgs),
    /// Create, update or delete an alias.
    #[command(subcommand)]
    Alias(commands::AliasCmd),
    /// Create or delete a trigger.
    #[command(subcommand)]
    Trigger(commands::TriggerCmd),
    /// Put, show or delete an async-invocation config.
    #[command(subcommand, name = "async-config")]
    AsyncConfig(commands::AsyncCmd),
    /// Invoke a function.
    Invoke(commands::InvokeArgs),
    /// Show account quotas.
    Quotas,
    /// Delete a function (`NS/FN`), a version (`NS/FN --version ID`) or an empty namespace (`NS`).
    Rm(commands::RmArgs),
    /// Start the embedded emulator and print its endpoints.
    Emulator(commands::EmulatorArgs),
    /// Copy namespaces with functions, code, versions, aliases, triggers and async configs to another provider.
    Migrate(commands::MigrateArgs),
}

/// Where a run reads and writes.
pub struct Io<'a> {
    /// Standard output.
    pub out: &'a mut dyn Write,
    /// Standard error.
    pub err: &'a mut dyn Write,
    /// Standard input (for `invoke --payload-file -` and payload from stdin).
    pub stdin: &'a mut dyn Read,
    /// Environment variables and files (credentials, config).
    pub env: Arc<dyn Env>,
    /// Whether stderr is a terminal (progress bars).
    pub tty: bool,
}

impl std::fmt::Debug for Io<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Io")
            .field("env", &self.env)
            .field("tty", &self.tty)
            .finish_non_exhaustive()
    }
}

/// Runs the command line `args` (the first is the program name) and returns the exit code.
pub async fn run<I, T>(args: I, io: &mut Io<'_>) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let text = e.render().to_string();
            if e.use_stderr() {
                let _ = write!(io.err, "{text}");
            } else {
                let _ = write!(io.out, "{text}");
            }
            return code;
        }
    };
    match commands::dispatch(&cli, io).await {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(io.err, "cloudfn: {e}");
            exit_code(e.kind())
        }
    }
}

/// Transport settings from the global options.
pub fn transport(g: &Global) -> providers::Transport {
    providers::Transport {
        retries: g.retries,
        timeout: Duration::from_secs(g.timeout),
    }
}

/// An `InvalidArgument` error naming the argument and the rule.
pub fn usage(arg: &str, rule: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::InvalidArgument, format!("{arg}: {rule}"))
}
