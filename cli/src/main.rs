//! The `cloudfn` binary: [`cloudfn_cli::run`] on the process's arguments, streams and environment.

use std::io::IsTerminal;
use std::sync::Arc;

fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cloudfn: cannot start the async runtime: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    let mut stdin = std::io::stdin();
    let tty = err.is_terminal();
    let mut io = cloudfn_cli::Io {
        out: &mut out,
        err: &mut err,
        stdin: &mut stdin,
        env: Arc::new(cloudfn_core::env::ProcessEnv),
        tty,
    };
    let code = runtime.block_on(cloudfn_cli::run(std::env::args_os(), &mut io));
    std::process::ExitCode::from(u8::try_from(code).unwrap_or(1))
}
