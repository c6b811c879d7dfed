//! `cargo xtask bench-build`: how long a clean build of the sdk takes and how much memory
//! rustc needs, with all features and with one group, beside the progenitor baseline
//! generated from the same normalised spec.
//!
//! Dependencies are built first (not measured); then only the measured package is cleaned and
//! rebuilt. Peak memory is the largest resident set of any process the build spawned
//! (`getrusage(RUSAGE_CHILDREN)` in a fresh measuring process per build).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{expect_only, flag_value, paths};

/// Budgets from issue 2.
const ALL_FEATURES_SECS: f64 = 60.0;
const ALL_FEATURES_RSS_MB: f64 = 1536.0;
const ONE_GROUP_SECS: f64 = 20.0;

struct Measured {
    secs: f64,
    peak_rss_mb: f64,
}

/// Runs the benchmark.
pub fn run(args: &[String]) -> anyhow::Result<bool> {
    if args.first().map(String::as_str) == Some("__measure") {
        return measure_child(&args[1..]);
    }
    expect_only(args, &["--skip-baseline"], &["--spec-dir", "--group"])?;
    let root = paths::root();
    let target = root.join("target/bench-build");
    let group = flag_value(args, "--group")?.unwrap_or_else(|| "users".into());

    println!("bench-build: warming dependencies (not measured)…");
    cargo(&root, &target, &["build", "-p", "auth0-sdk", "--all-features"])?;
    cargo(
        &root,
        &target,
        &[
            "build",
            "-p",
            "auth0-sdk",
            "--no-default-features",
            "--features",
            &group,
        ],
    )?;

    let all = measure_clean(
        &root,
        &target,
        &["-p", "auth0-sdk"],
        &["build", "-p", "auth0-sdk", "--all-features"],
    )?;
    let one = measure_clean(
        &root,
        &target,
        &["-p", "auth0-sdk"],
        &[
            "build",
            "-p",
            "auth0-sdk",
            "--no-default-features",
            "--features",
            &group,
        ],
    )?;
    let lines = |dir: &Path| count_lines(dir);
    let sdk_lines = lines(&root.join("sdk/src"));

    let baseline = if args.iter().any(|a| a == "--skip-baseline") {
        None
    } else {
        match progenitor_baseline(&root, &target, flag_value(args, "--spec-dir")?) {
            Ok(m) => Some(m),
            Err(e) => {
                println!("progenitor baseline unavailable: {e:#}");
                None
            }
        }
    };

    println!();
    println!(
        "{:<44} {:>9} {:>12} {:>10}",
        "clean debug build (deps prebuilt)", "seconds", "peak RSS MB", "budget"
    );
    let ok_all = all.secs <= ALL_FEATURES_SECS && all.peak_rss_mb <= ALL_FEATURES_RSS_MB;
    let ok_one = one.secs <= ONE_GROUP_SECS;
    println!(
        "{:<44} {:>9.1} {:>12.0} {:>10}",
        format!("auth0-sdk, all features ({sdk_lines} lines)"),
        all.secs,
        all.peak_rss_mb,
        if ok_all { "met" } else { "MISSED" }
    );
    println!(
        "{:<44} {:>9.1} {:>12.0} {:>10}",
        format!("auth0-sdk, only `{group}`"),
        one.secs,
        one.peak_rss_mb,
        if ok_one { "met" } else { "MISSED" }
    );
    if let Some((b, b_lines)) = &baseline {
        println!(
            "{:<44} {:>9.1} {:>12.0}",
            format!("progenitor 0.15.1 baseline ({b_lines} lines)"),
            b.secs,
            b.peak_rss_mb
        );
        println!(
            "ratio progenitor / auth0-sdk (all features): time {:.2}x, memory {:.2}x",
            b.secs / all.secs,
            b.peak_rss_mb / all.peak_rss_mb
        );
    }
    println!(
        "budgets: all features ≤ {ALL_FEATURES_SECS} s and ≤ {ALL_FEATURES_RSS_MB} MB; one group ≤ {ONE_GROUP_SECS} s"
    );
    Ok(ok_all && ok_one)
}

/// Runs cargo quietly; its output (thousands of warnings for the progenitor baseline) is
/// shown only when it fails.
fn cargo(root: &Path, target: &Path, args: &[&str]) -> anyhow::Result<()> {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .arg("--quiet")
        .env("CARGO_TARGET_DIR", target)
        .current_dir(root)
        .output()?;
    anyhow::ensure!(
        output.status.success(),
        "cargo {} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(())
}

/// Cleans one package's artifacts (`clean`: the arguments after `cargo clean` that select
/// it), then times its rebuild in a fresh measuring process.
fn measure_clean(root: &Path, target: &Path, clean: &[&str], args: &[&str]) -> anyhow::Result<Measured> {
    let clean: Vec<&str> = std::iter::once("clean").chain(clean.iter().copied()).collect();
    cargo(root, target, &clean)?;
    let exe = std::env::current_exe()?;
    let output = Command::new(exe)
        .args(["bench-build", "__measure", env!("CARGO")])
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .current_dir(root)
        .output()?;
    anyhow::ensure!(
        output.status.success(),
        "measured build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace();
    let secs: f64 = fields.next().unwrap_or("0").parse()?;
    let kb: f64 = fields.next().unwrap_or("0").parse()?;
    Ok(Measured {
        secs,
        peak_rss_mb: kb / 1024.0,
    })
}

/// In the measuring process: run the command, print `seconds peak_rss_kb`.
fn measure_child(args: &[String]) -> anyhow::Result<bool> {
    let (program, rest) = args
        .split_first()
        .ok_or_else(|| anyhow::anyhow!("nothing to measure"))?;
    let started = Instant::now();
    let status = Command::new(program).args(rest).arg("--quiet").status()?;
    let secs = started.elapsed().as_secs_f64();
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    anyhow::ensure!(rc == 0, "getrusage failed");
    println!("{secs:.3} {}", usage.ru_maxrss);
    Ok(status.success())
}

fn count_lines(dir: &Path) -> usize {
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                total += count_lines(&path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += std::fs::read_to_string(&path).map(|t| t.lines().count()).unwrap_or(0);
            }
        }
    }
    total
}

/// Generates the progenitor crate from our normalised Management spec and measures its build.
fn progenitor_baseline(root: &Path, target: &Path, spec_dir: Option<String>) -> anyhow::Result<(Measured, usize)> {
    let spec_dir = paths::spec_dir(spec_dir)?;
    let spec = auth0_codegen::SpecConfig::load(&root.join("spec"))?;
    let (pin, _) = spec
        .docs
        .iter()
        .find(|(p, _)| p.name == "management")
        .ok_or_else(|| anyhow::anyhow!("no management pin"))?;
    let mut doc = auth0_codegen::load::load_pinned(&spec_dir, pin)?;
    auth0_codegen::normalise::normalise(&mut doc);
    let work = target.join("progenitor");
    std::fs::create_dir_all(&work)?;
    let normalised = work.join("management-3.0.json");
    std::fs::write(&normalised, serde_json::to_vec(&doc)?)?;
    let crate_dir: PathBuf = work.join("baseline");
    println!("bench-build: generating the progenitor baseline (builds progenitor; not measured)…");
    let status = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--release", "--manifest-path"])
        .arg(root.join("xtask/progenitor-baseline/Cargo.toml"))
        .arg("--")
        .arg(&normalised)
        .arg(&crate_dir)
        .env("CARGO_TARGET_DIR", work.join("generator-target"))
        .status()?;
    anyhow::ensure!(
        status.success(),
        "progenitor could not generate from the normalised spec"
    );
    let baseline_target = work.join("target");
    let manifest = crate_dir.join("Cargo.toml");
    let manifest = manifest.to_str().ok_or_else(|| anyhow::anyhow!("non-UTF-8 path"))?;
    cargo(root, &baseline_target, &["build", "--manifest-path", manifest])?;
    let measured = measure_clean(
        root,
        &baseline_target,
        &["--manifest-path", manifest, "-p", "progenitor-baseline-client"],
        &["build", "--manifest-path", manifest],
    )?;
    Ok((measured, count_lines(&crate_dir.join("src"))))
}
