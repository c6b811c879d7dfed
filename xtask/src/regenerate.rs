//! `cargo xtask regenerate [--check]`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use auth0_codegen::{Generation, SpecConfig, splice_features};

use crate::{expect_only, flag_value, paths};

const MANIFEST: &str = "sdk/Cargo.toml";

/// Runs the command; `Ok(false)` means drift was found with `--check`.
pub fn run(args: &[String]) -> anyhow::Result<bool> {
    expect_only(args, &["--check"], &["--spec-dir"])?;
    let check = args.iter().any(|a| a == "--check");
    let spec_dir = paths::spec_dir(flag_value(args, "--spec-dir")?)?;
    let root = paths::root();
    let started = Instant::now();
    let spec = SpecConfig::load(&root.join("spec"))?;
    let generation = auth0_codegen::generate(&spec, &spec_dir)?;
    for w in &generation.warnings {
        eprintln!("warning: {w}");
    }
    for n in &generation.notes {
        println!("note: {n}");
    }
    let outcome = apply(&root, &spec, &generation, check)?;
    let ops: usize = generation.apis.values().map(|a| a.operations.len()).sum();
    let types: usize = generation.apis.values().map(|a| a.types.len()).sum();
    if check {
        if outcome.is_empty() {
            println!(
                "generated code is up to date ({ops} operations, {types} types, {:.2?})",
                started.elapsed()
            );
            return Ok(true);
        }
        eprintln!("generated code drifted from the generator; run `cargo xtask regenerate`:");
        for file in &outcome {
            eprintln!("  {}", file.display());
        }
        return Ok(false);
    }
    println!(
        "regenerated {} files ({} changed): {ops} operations, {types} types in {:.2?}",
        generation.files.len() + 1,
        outcome.len(),
        started.elapsed()
    );
    Ok(true)
}

/// Writes (or with `check`, compares) every generated file; returns the paths that differ,
/// including stale generated files that would be deleted.
pub fn apply(root: &Path, spec: &SpecConfig, generation: &Generation, check: bool) -> anyhow::Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    let mut wanted = BTreeSet::new();
    for file in &generation.files {
        wanted.insert(file.path.clone());
        let path = root.join(&file.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() != Some(file.contents.as_str()) {
            changed.push(file.path.clone());
            if !check {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, &file.contents)?;
            }
        }
    }
    // Generated files the generator no longer produces (a group or type file that went away).
    let outputs = spec
        .docs
        .iter()
        .map(|(_, c)| &c.output)
        .chain(&generation.extra_outputs);
    for output in outputs {
        for stale in generated_files_under(&root.join(output))? {
            let rel = stale.strip_prefix(root).unwrap_or(&stale).to_owned();
            if !wanted.contains(&rel) {
                changed.push(rel);
                if !check {
                    std::fs::remove_file(&stale)?;
                }
            }
        }
    }
    let manifest_path = root.join(MANIFEST);
    let manifest = std::fs::read_to_string(&manifest_path)?;
    let spliced = splice_features(&manifest, &generation.feature_lines)?;
    if spliced != manifest {
        changed.push(PathBuf::from(MANIFEST));
        if !check {
            std::fs::write(&manifest_path, spliced)?;
        }
    }
    Ok(changed)
}

fn generated_files_under(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(generated_files_under(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs")
            && std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with("// @generated"))
        {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
