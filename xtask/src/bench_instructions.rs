//! `cargo xtask bench-instructions`: instructions per call of a generated call against raw
//! reqwest + serde_json decoding into the same type, at 1 and at 32 in flight. Instruction
//! counts do not depend on what else the machine is doing, unlike wall-clock time.
//!
//! The runtime bench binary is run under `valgrind --tool=callgrind --separate-threads=yes`
//! with `AUTH0_BENCH_INSTRUCTIONS=side:in_flight:calls`: the client runs on the main thread
//! (a current-thread runtime), the loopback server on its own threads, so only the client's
//! thread is counted. Each side runs twice, with a short and a long workload; the difference
//! divided by the difference in calls is the cost of one call, free of start-up costs.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::paths;

const SHORT: u64 = 200;
const LONG: u64 = 1_200;

/// Runs the benchmark; `true` when it ran.
pub fn run(args: &[String]) -> anyhow::Result<bool> {
    if !args.is_empty() {
        bail!("bench-instructions takes no arguments");
    }
    if Command::new("valgrind").arg("--version").output().is_err() {
        bail!("valgrind is not installed (apt-get install valgrind)");
    }
    let root = paths::root();
    let binary = bench_binary(&root)?;
    let out = root.join("target/bench-instructions");
    std::fs::create_dir_all(&out)?;
    println!(
        "bench-instructions: {} (client thread only; per call = (I({LONG}) - I({SHORT})) / {})",
        binary.display(),
        LONG - SHORT
    );
    for in_flight in [1u64, 32] {
        let sdk = per_call(&binary, &out, "sdk", in_flight)?;
        let raw = per_call(&binary, &out, "raw", in_flight)?;
        println!(
            "{in_flight:>2} in flight: sdk {sdk:.0} instructions/call, raw reqwest+serde_json {raw:.0}, ratio {:.3}x",
            sdk / raw
        );
    }
    Ok(true)
}

/// Builds the runtime bench (release) and returns its path.
fn bench_binary(root: &Path) -> anyhow::Result<PathBuf> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args([
            "bench",
            "-p",
            "auth0-sdk",
            "--bench",
            "runtime",
            "--no-run",
            "--message-format=json",
        ])
        .output()
        .context("cargo bench --no-run")?;
    if !output.status.success() {
        bail!(
            "building the runtime bench failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["target"]["name"] == "runtime")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .context("no runtime bench executable in cargo's output")
}

fn per_call(binary: &Path, out: &Path, side: &str, in_flight: u64) -> anyhow::Result<f64> {
    let short = client_instructions(binary, out, side, in_flight, SHORT)?;
    let long = client_instructions(binary, out, side, in_flight, LONG)?;
    Ok((long.saturating_sub(short)) as f64 / (LONG - SHORT) as f64)
}

/// Instructions the main (client) thread executed for `calls` calls.
fn client_instructions(binary: &Path, out: &Path, side: &str, in_flight: u64, calls: u64) -> anyhow::Result<u64> {
    let stem = out.join(format!("{side}-{in_flight}-{calls}"));
    for entry in std::fs::read_dir(out)? {
        let path = entry?.path();
        if path.file_name().is_some_and(|n| {
            n.to_string_lossy()
                .starts_with(&*stem.file_name().unwrap().to_string_lossy())
        }) {
            std::fs::remove_file(path)?;
        }
    }
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", "--separate-threads=yes", "--dump-instr=no", "-q"])
        .arg(format!("--callgrind-out-file={}", stem.display()))
        .arg(binary)
        .arg("--bench")
        .env("AUTH0_BENCH_INSTRUCTIONS", format!("{side}:{in_flight}:{calls}"))
        .status()
        .context("valgrind")?;
    if !status.success() {
        bail!("valgrind failed for {side}:{in_flight}:{calls}");
    }
    // Thread 1 is the main thread, where the client runs.
    let file = PathBuf::from(format!("{}-01", stem.display()));
    let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    text.lines()
        .find_map(|l| l.strip_prefix("summary:").or_else(|| l.strip_prefix("totals:")))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .with_context(|| format!("no totals in {}", file.display()))
}
