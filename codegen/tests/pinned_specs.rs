//! Tests against the real, pinned Auth0 documents. They need the spec directory
//! (`AUTH0_SPEC_DIR`); without it they say so and pass, because the documents are not part of
//! the repository.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use auth0_codegen::SpecConfig;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

fn spec_dir() -> Option<PathBuf> {
    match std::env::var_os("AUTH0_SPEC_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            Some(if dir.is_relative() { root().join(dir) } else { dir })
        }
        None => {
            eprintln!("skipped: set AUTH0_SPEC_DIR to the directory with the pinned Auth0 specs (CI: ../shared/specs)");
            None
        }
    }
}

fn operation_ids(doc: &serde_json::Value) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            if ["get", "post", "put", "patch", "delete", "head"].contains(&method.as_str()) {
                ids.insert(op["operationId"].as_str().unwrap().to_owned());
            }
        }
    }
    ids
}

/// Every `operationId` in the pinned documents is a string literal in the committed sdk.
#[test]
fn every_operation_id_is_generated() {
    let Some(dir) = spec_dir() else { return };
    let spec = SpecConfig::load(&root().join("spec")).unwrap();
    let mut sources = String::new();
    for (_, config) in &spec.docs {
        collect(&root().join(&config.output), &mut sources);
    }
    for pin in &spec.pins.documents {
        let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join(&pin.file)).unwrap()).unwrap();
        let ids = operation_ids(&doc);
        assert!(!ids.is_empty());
        let missing: Vec<_> = ids
            .iter()
            .filter(|id| !sources.contains(&format!("id: \"{id}\"")))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: operations without a generated method: {missing:?}",
            pin.name
        );
    }
}

/// Generating twice from the pinned documents gives byte-identical files.
#[test]
fn regeneration_is_byte_identical() {
    let Some(dir) = spec_dir() else { return };
    let spec = SpecConfig::load(&root().join("spec")).unwrap();
    let a = auth0_codegen::generate(&spec, &dir).unwrap();
    let b = auth0_codegen::generate(&spec, &dir).unwrap();
    assert_eq!(a.files, b.files);
    assert_eq!(a.feature_lines, b.feature_lines);
}

/// A document whose hash differs from its pin is refused with a message naming the file and
/// the command to run.
#[test]
fn a_document_that_does_not_match_its_pin_is_refused() {
    let spec = SpecConfig::load(&root().join("spec")).unwrap();
    let tmp = std::env::temp_dir().join(format!("auth0-pin-test-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let pin = &spec.pins.documents[0];
    std::fs::write(tmp.join(&pin.file), b"{}").unwrap();
    let err = auth0_codegen::build_api(&spec, &tmp, &pin.name)
        .unwrap_err()
        .to_string();
    assert!(err.contains(&pin.file) && err.contains("update-spec"), "{err}");
    std::fs::remove_dir_all(&tmp).unwrap();
}

fn collect(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The older Management document in the spec directory (`management-api.2026-04-20.json`)
/// generates too, and the change report against the pinned one names what moved. This is
/// what `cargo xtask update-spec` relies on before it re-pins anything.
#[test]
fn an_older_management_document_generates_and_diffs() {
    let Some(dir) = spec_dir() else { return };
    let older = dir.join("management-api.2026-04-20.json");
    if !older.exists() {
        eprintln!("skipped: {} is not in the spec directory", older.display());
        return;
    }
    let spec = SpecConfig::load(&root().join("spec")).unwrap();
    let config = &spec.docs.iter().find(|(p, _)| p.name == "management").unwrap().1;
    let doc = serde_json::from_slice(&std::fs::read(&older).unwrap()).unwrap();
    let (old_api, _) = auth0_codegen::build_api_from_value(&spec, "management", config, doc).unwrap();
    let pin = spec.pins.documents.iter().find(|p| p.name == "management").unwrap();
    assert!(auth0_codegen::emit::emit(&old_api, pin, config).unwrap().files.len() > 10);
    let (new_api, _) = auth0_codegen::build_api(&spec, &dir, "management").unwrap();
    let report = auth0_codegen::diff::diff(&old_api, &new_api);
    assert!(
        !report.operations_added.is_empty(),
        "the newer document adds operations"
    );
    assert!(report.render("management").contains("verdict:"));
}
