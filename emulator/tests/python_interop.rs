//! Official-SDK interop: the unchanged Python SDKs `aliyun-fc2` and `huaweicloudsdkfunctiongraph` drive a whole
//! lifecycle through an in-process emulator (`emulator/interop/fc_lifecycle.py`, `fg_lifecycle.py`).
//!
//! The SDKs live in a virtualenv made by `emulator/interop/setup.sh` (default `target/interop-venv`; another
//! python with both SDKs can be named by `CLOUDFN_INTEROP_PYTHON`). Without it these tests print a skip line
//! and pass, unless `CLOUDFN_REQUIRE_INTEROP=1` (set by CI), which makes a missing venv a failure.
#![allow(clippy::unwrap_used)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cloudfn_emulator::Emulator;

/// Steps of `fc_lifecycle.py` that the FC engine does not support yet: their failure is reported, not fatal.
/// Keep empty unless the engine owner has agreed; each entry names a step of the script.
const FC_PENDING: &[&str] = &[];

/// Steps of `fg_lifecycle.py` that the FunctionGraph engine does not support yet (see [`FC_PENDING`]).
const FG_PENDING: &[&str] = &[];

/// A script that has not finished by then is killed and the test fails.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(90);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn interop_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("interop")
}

/// The python with both SDKs, or why there is none.
fn find_python() -> Result<PathBuf, String> {
    let python = std::env::var_os("CLOUDFN_INTEROP_PYTHON").map_or_else(
        || workspace_root().join("target/interop-venv/bin/python"),
        PathBuf::from,
    );
    let probe = Command::new(&python)
        .args(["-c", "import fc2, huaweicloudsdkfunctiongraph"])
        .stdin(Stdio::null())
        .output();
    match probe {
        Ok(out) if out.status.success() => Ok(python),
        Ok(out) => Err(format!(
            "{} cannot import the SDKs: {}",
            python.display(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or_default()
        )),
        Err(e) => Err(format!("no python at {}: {e}", python.display())),
    }
}

fn required() -> bool {
    std::env::var("CLOUDFN_REQUIRE_INTEROP").is_ok_and(|v| v == "1")
}

/// What a finished script did.
struct Run {
    success: bool,
    status: String,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

fn read_all(mut from: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = from.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Runs `python script url --pending …` with loopback-only networking, killing it after [`SCRIPT_TIMEOUT`].
fn run_script(python: &Path, script: &Path, url: &str, pending: &[&str]) -> Run {
    let started = Instant::now();
    let mut command = Command::new(python);
    command
        .arg(script)
        .arg(url)
        .arg(format!("--pending={}", pending.join(",")))
        .env("CLOUDFN_EMULATOR_URL", url)
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for proxy in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        command.env_remove(proxy);
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()));
    let stdout = read_all(child.stdout.take().unwrap());
    let stderr = read_all(child.stderr.take().unwrap());
    let (success, status) = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break (status.success(), status.to_string());
        }
        if started.elapsed() > SCRIPT_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break (false, format!("killed after {SCRIPT_TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        success,
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        elapsed: started.elapsed(),
    }
}

async fn interop(script_name: &str, pending: &'static [&'static str]) {
    let python = match find_python() {
        Ok(python) => python,
        Err(why) if required() => panic!(
            "CLOUDFN_REQUIRE_INTEROP=1 but the official-SDK venv is missing ({why}).\n\
             Create it with `emulator/interop/setup.sh` (makes target/interop-venv), or point \
             CLOUDFN_INTEROP_PYTHON at a python that has aliyun-fc2 and huaweicloudsdkfunctiongraph."
        ),
        Err(why) => {
            eprintln!(
                "skipping {script_name}: {why}; run emulator/interop/setup.sh to enable the official-SDK interop tests"
            );
            return;
        }
    };
    let emulator = Emulator::builder().start().await.unwrap();
    let url = emulator.url().as_str().trim_end_matches('/').to_owned();
    let script = interop_dir().join(script_name);
    // The script blocks; the emulator keeps serving on this runtime meanwhile.
    let run = tokio::task::spawn_blocking(move || run_script(&python, &script, &url, pending))
        .await
        .unwrap();
    let transcript = format!(
        "--- {script_name}: {} in {:.1} s ---\n{}{}",
        run.status,
        run.elapsed.as_secs_f64(),
        run.stdout,
        if run.stderr.trim().is_empty() {
            String::new()
        } else {
            format!("--- stderr ---\n{}", run.stderr)
        }
    );
    assert!(run.success, "{transcript}");
    println!("{transcript}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn official_fc2_sdk_drives_a_whole_fc_lifecycle() {
    interop("fc_lifecycle.py", FC_PENDING).await;
}

#[tokio::test]
async fn official_functiongraph_sdk_drives_a_whole_fg_lifecycle() {
    interop("fg_lifecycle.py", FG_PENDING).await;
}
