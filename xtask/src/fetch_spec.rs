//! `cargo xtask fetch-spec`: download the pinned documents into `.spec-cache/`.

use std::process::Command;

use auth0_codegen::SpecConfig;
use auth0_codegen::load::{SPEC_DIR_ENV, sha256_hex};

use crate::{expect_only, paths};

/// Downloads each pinned document with `curl` and checks its hash.
pub fn run(args: &[String]) -> anyhow::Result<bool> {
    expect_only(args, &[], &[])?;
    let root = paths::root();
    let spec = SpecConfig::load(&root.join("spec"))?;
    let cache = paths::cache_dir();
    std::fs::create_dir_all(&cache)?;
    for pin in &spec.pins.documents {
        let target = cache.join(&pin.file);
        if std::fs::read(&target).is_ok_and(|b| sha256_hex(&b) == pin.sha256) {
            println!("{}: already cached", pin.file);
            continue;
        }
        let url = pin.source_url();
        println!("{}: downloading {url}", pin.file);
        let status = Command::new("curl")
            .args([
                "--fail",
                "--silent",
                "--show-error",
                "--location",
                "--max-time",
                "60",
                "--output",
            ])
            .arg(&target)
            .arg(&url)
            .status();
        let ok = matches!(status, Ok(s) if s.success());
        if !ok {
            let _ = std::fs::remove_file(&target);
            anyhow::bail!(
                "could not download {url} (no internet, or curl missing). Instead, set {SPEC_DIR_ENV} to a \
                 directory that holds {} (CI uses {SPEC_DIR_ENV}=../shared/specs)",
                pin.file
            );
        }
        let actual = sha256_hex(&std::fs::read(&target)?);
        if actual != pin.sha256 {
            let _ = std::fs::remove_file(&target);
            anyhow::bail!("{url} has SHA-256 {actual}, not the pinned {}", pin.sha256);
        }
    }
    println!("pinned documents are in {}", cache.display());
    Ok(true)
}
