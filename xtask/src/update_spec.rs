//! `cargo xtask update-spec --from DIR|FILE`: re-pin, regenerate, report what changed.

use std::path::{Path, PathBuf};

use auth0_codegen::config::{Pin, Pins};
use auth0_codegen::load::{parse_json, sha256_hex};
use auth0_codegen::{SpecConfig, diff};

use crate::{expect_only, flag_value, paths, regenerate};

const PINS_HEADER: &str = "\
# The upstream OpenAPI documents this project generates from, pinned by SHA-256.
#
# The documents themselves are never committed: `cargo xtask` reads them from `--spec-dir DIR`
# or `AUTH0_SPEC_DIR`, or from the cache `cargo xtask fetch-spec` fills. `cargo xtask
# update-spec --from DIR` rewrites this file.
";

/// Runs the command.
pub fn run(args: &[String]) -> anyhow::Result<bool> {
    expect_only(args, &[], &["--from", "--doc", "--commit", "--spec-dir"])?;
    let from =
        PathBuf::from(flag_value(args, "--from")?.ok_or_else(|| anyhow::anyhow!("--from DIR|FILE is required"))?);
    let root = paths::root();
    let spec = SpecConfig::load(&root.join("spec"))?;
    let candidates = candidates(&spec, &from, flag_value(args, "--doc")?)?;
    anyhow::ensure!(
        !candidates.is_empty(),
        "{} holds none of the pinned documents ({})",
        from.display(),
        spec.pins
            .documents
            .iter()
            .map(|p| p.file.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let old_dir = paths::spec_dir(flag_value(args, "--spec-dir")?).ok();
    let commit = flag_value(args, "--commit")?;

    let cache = paths::cache_dir();
    std::fs::create_dir_all(&cache)?;
    let mut pins = spec.pins.clone();
    let mut reports = Vec::new();
    for (name, path) in &candidates {
        let bytes = std::fs::read(path)?;
        let sha = sha256_hex(&bytes);
        let pin = pins
            .documents
            .iter_mut()
            .find(|p| &p.name == name)
            .expect("candidate names come from pins");
        if pin.sha256 == sha {
            println!("{name}: {} is already pinned", path.display());
            continue;
        }
        // The candidate must generate before anything is re-pinned.
        let config = &spec.docs.iter().find(|(p, _)| &p.name == name).expect("pinned").1;
        let doc = parse_json(&bytes, &path.display().to_string())?;
        let (new_api, warnings) = auth0_codegen::build_api_from_value(&spec, name, config, doc)?;
        for w in warnings {
            eprintln!("warning: {w}");
        }
        let old_api = old_dir
            .as_deref()
            .and_then(|dir| auth0_codegen::build_api(&spec, dir, name).ok())
            .map(|(api, _)| api);
        match &old_api {
            Some(old) => reports.push(diff::diff(old, &new_api).render(name)),
            None => reports.push(format!(
                "== {name} ==\n(the previously pinned document is not available, so only file changes are listed)\n"
            )),
        }
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or(&pin.file)
            .to_owned();
        std::fs::copy(path, cache.join(&file))?;
        *pin = Pin {
            file,
            sha256: sha,
            commit: commit.clone().unwrap_or_else(|| "unknown".into()),
            date: String::new(),
            ..pin.clone()
        };
    }
    if reports.is_empty() {
        println!("nothing to update");
        return Ok(true);
    }
    // The cache must hold every pinned document for the regeneration below.
    for pin in &pins.documents {
        let cached = cache.join(&pin.file);
        if !cached.exists() {
            let source = old_dir
                .as_ref()
                .map(|d| d.join(&pin.file))
                .filter(|p| p.exists())
                .ok_or_else(|| {
                    anyhow::anyhow!("{} is needed to regenerate; pass --spec-dir DIR holding it", pin.file)
                })?;
            std::fs::copy(source, cached)?;
        }
    }
    write_pins(&root.join("spec/pins.toml"), &pins)?;
    let spec = SpecConfig::load(&root.join("spec"))?;
    let generation = auth0_codegen::generate(&spec, &cache)?;
    let changed = regenerate::apply(&root, &spec, &generation, false)?;
    for report in &reports {
        print!("{report}");
    }
    println!(
        "re-pinned spec/pins.toml; {} generated files changed (documents cached in {})",
        changed.len(),
        cache.display()
    );
    println!(
        "next: `cargo build -p auth0-sdk --all-features`, then commit spec/ and the generated code; CI runs `cargo xtask regenerate --check` against the pinned documents"
    );
    Ok(true)
}

/// Which pinned document each candidate file replaces.
fn candidates(spec: &SpecConfig, from: &Path, doc: Option<String>) -> anyhow::Result<Vec<(String, PathBuf)>> {
    if from.is_file() {
        let file_name = from.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_owned();
        let name = match doc {
            Some(d) => d,
            None => spec
                .pins
                .documents
                .iter()
                .find(|p| file_name.starts_with(p.file.trim_end_matches(".json")) || file_name.contains(&p.name))
                .map(|p| p.name.clone())
                .ok_or_else(|| anyhow::anyhow!("cannot tell which document {file_name} is; pass --doc NAME"))?,
        };
        anyhow::ensure!(
            spec.pins.documents.iter().any(|p| p.name == name),
            "no pinned document named `{name}`"
        );
        return Ok(vec![(name, from.to_owned())]);
    }
    anyhow::ensure!(from.is_dir(), "{} is neither a file nor a directory", from.display());
    Ok(spec
        .pins
        .documents
        .iter()
        .filter(|p| doc.as_ref().is_none_or(|d| d == &p.name))
        .map(|p| (p.name.clone(), from.join(&p.file)))
        .filter(|(_, path)| path.is_file())
        .collect())
}

fn write_pins(path: &Path, pins: &Pins) -> anyhow::Result<()> {
    let body = toml::to_string(pins)?;
    std::fs::write(path, format!("{PINS_HEADER}\n{body}"))?;
    Ok(())
}
