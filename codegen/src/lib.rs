//! The generator behind `auth0-sdk`: Auth0's OpenAPI documents → typed Rust.
//!
//! The stages are separate and visible:
//! 1. [`load`] — read a document from the spec directory and check it against its pin;
//! 2. [`overlay`] + [`normalise`] — apply the project's corrections, then rewrite OpenAPI 3.1
//!    into the 3.0 dialect `openapiv3` reads (nullability kept) and parse it;
//! 3. [`model`] — build the IR: groups, names, parameters, bodies, responses, pagination;
//! 4. [`emit`] — tokens (`quote`) → formatted source (`prettyplease`).
//!
//! [`generate`] runs them all for every pinned document; [`diff`] compares two IRs for
//! `cargo xtask update-spec`.

pub mod config;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod load;
pub mod model;
pub mod names;
pub mod normalise;
pub mod overlay;
pub mod sample;

use std::collections::BTreeMap;
use std::path::Path;

pub use config::SpecConfig;
pub use emit::GeneratedFile;
pub use error::{Error, Result};
use model::ir::Api;

/// Marks the generated region of the sdk manifest's `[features]` table.
pub const FEATURES_BEGIN: &str = "# @generated-features-begin";
/// Ends the generated region.
pub const FEATURES_END: &str = "# @generated-features-end";

/// The result of generating every pinned document.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The IR of each document, by name.
    pub apis: BTreeMap<String, Api>,
    /// All files to write (relative to the workspace root).
    pub files: Vec<GeneratedFile>,
    /// The lines for the generated region of `sdk/Cargo.toml`'s `[features]`.
    pub feature_lines: String,
    /// Overlay targets that matched nothing (upstream may have fixed the issue), and legacy
    /// table entries whose operation is gone.
    pub warnings: Vec<String>,
    /// Informational lines (operations the legacy table does not name).
    pub notes: Vec<String>,
    /// Output directories of generated modules not tied to one document (the legacy module).
    pub extra_outputs: Vec<String>,
}

/// Loads, overlays and normalises one document (checked against its pin), and builds its IR.
pub fn build_api(spec: &SpecConfig, spec_dir: &Path, name: &str) -> Result<(Api, Vec<String>)> {
    build_api_with_doc(spec, spec_dir, name).map(|(api, _, warnings)| (api, warnings))
}

/// Like [`build_api`], also returning the normalised, parsed document (for emitters that need
/// raw schemas, such as the local tenant's skeleton responses).
pub fn build_api_with_doc(
    spec: &SpecConfig,
    spec_dir: &Path,
    name: &str,
) -> Result<(Api, openapiv3::OpenAPI, Vec<String>)> {
    let (pin, config) = spec
        .docs
        .iter()
        .find(|(p, _)| p.name == name)
        .ok_or_else(|| Error::new(format!("no document named `{name}` in spec/pins.toml")))?;
    let doc = load::load_pinned(spec_dir, pin)?;
    let (openapi, warnings) = normalised_document(spec, config, doc)?;
    let api = model::build(name, &openapi, config)?;
    Ok((api, openapi, warnings))
}

/// Builds the IR from an already loaded document (used for unpinned candidates).
pub fn build_api_from_value(
    spec: &SpecConfig,
    name: &str,
    config: &config::DocConfig,
    doc: serde_json::Value,
) -> Result<(Api, Vec<String>)> {
    let (openapi, warnings) = normalised_document(spec, config, doc)?;
    let api = model::build(name, &openapi, config)?;
    Ok((api, warnings))
}

/// Applies the document's overlays, normalises it to 3.0 and parses it; returns the overlay
/// warnings too.
pub fn normalised_document(
    spec: &SpecConfig,
    config: &config::DocConfig,
    mut doc: serde_json::Value,
) -> Result<(openapiv3::OpenAPI, Vec<String>)> {
    let mut warnings = Vec::new();
    for file in &config.overlays {
        let path = spec.dir.join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::new(format!("cannot read overlay {}: {e}", path.display())))?;
        let parsed = overlay::parse(&text, file)?;
        warnings.extend(overlay::apply(&mut doc, &parsed, file)?);
    }
    normalise::normalise(&mut doc);
    let openapi = normalise::parse(&doc)?;
    Ok((openapi, warnings))
}

/// Runs the whole pipeline for every pinned document in `spec_dir`.
pub fn generate(spec: &SpecConfig, spec_dir: &Path) -> Result<Generation> {
    let mut apis = BTreeMap::new();
    let mut files = Vec::new();
    let mut features = BTreeMap::new();
    let mut defaults = Vec::new();
    let mut warnings = Vec::new();
    for (pin, config) in &spec.docs {
        let (api, doc, w) = build_api_with_doc(spec, spec_dir, &pin.name)?;
        warnings.extend(w);
        let emitted = emit::emit(&api, pin, config)?;
        files.extend(emitted.files);
        files.extend(emit::emit_skeletons(&doc, &api, pin, config)?);
        for (k, v) in emitted.features {
            if features.insert(k.clone(), v).is_some() {
                return Err(Error::new(format!("two documents define the Cargo feature `{k}`")));
            }
        }
        defaults.extend(emitted.default_features);
        apis.insert(pin.name.clone(), api);
    }
    let mut notes = Vec::new();
    let mut extra_outputs = Vec::new();
    if let Some(table) = &spec.legacy {
        let api = apis
            .get(&table.document)
            .ok_or_else(|| Error::new(format!("spec/legacy.toml: no pinned document `{}`", table.document)))?;
        let (pin, _) = spec
            .docs
            .iter()
            .find(|(p, _)| p.name == table.document)
            .expect("every built api is pinned");
        let legacy = emit::legacy::emit(table, api, pin, &emit::header(pin))?;
        files.extend(legacy.files);
        warnings.extend(legacy.warnings);
        notes.push(format!("legacy: {} v4 methods emitted", legacy.methods));
        notes.extend(legacy.notes);
        extra_outputs.push(table.output.clone());
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generation {
        apis,
        files,
        feature_lines: emit::feature_lines(&features, &defaults),
        warnings,
        notes,
        extra_outputs,
    })
}

/// Replaces the generated region of a Cargo manifest's `[features]` table.
pub fn splice_features(manifest: &str, lines: &str) -> Result<String> {
    let begin = manifest
        .find(FEATURES_BEGIN)
        .ok_or_else(|| Error::new(format!("sdk/Cargo.toml lacks the `{FEATURES_BEGIN}` marker")))?;
    let after_begin = manifest[begin..]
        .find('\n')
        .map(|i| begin + i + 1)
        .unwrap_or(manifest.len());
    let end = manifest
        .find(FEATURES_END)
        .ok_or_else(|| Error::new(format!("sdk/Cargo.toml lacks the `{FEATURES_END}` marker")))?;
    if end < after_begin {
        return Err(Error::new("the generated-features markers are out of order"));
    }
    Ok(format!("{}{}{}", &manifest[..after_begin], lines, &manifest[end..]))
}
