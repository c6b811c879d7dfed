//! Stage 1 — load: read a pinned document and check it against its pin.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::config::Pin;
use crate::error::{Error, Result};

/// The environment variable naming the directory that holds the upstream documents.
pub const SPEC_DIR_ENV: &str = "AUTH0_SPEC_DIR";

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads `pin.file` from `spec_dir`, refusing it when its hash differs from the pin.
pub fn load_pinned(spec_dir: &Path, pin: &Pin) -> Result<serde_json::Value> {
    let path = spec_dir.join(&pin.file);
    let bytes = std::fs::read(&path).map_err(|e| {
        Error::new(format!(
            "cannot read the {} spec {}: {e}. Point {SPEC_DIR_ENV} (or --spec-dir) at the directory \
             holding {}, or run `cargo xtask fetch-spec`.",
            pin.name,
            path.display(),
            pin.file
        ))
    })?;
    let actual = sha256_hex(&bytes);
    if actual != pin.sha256 {
        return Err(Error::new(format!(
            "{} has SHA-256 {actual}, but spec/pins.toml pins {} for `{}`. Use the pinned document \
             (`cargo xtask fetch-spec`), or adopt this one with `cargo xtask update-spec --from {}`.",
            path.display(),
            pin.sha256,
            pin.name,
            spec_dir.display()
        )));
    }
    parse_json(&bytes, &path.display().to_string())
}

/// Parses a JSON document with a clear error.
pub fn parse_json(bytes: &[u8], what: &str) -> Result<serde_json::Value> {
    serde_json::from_slice(bytes).map_err(|e| Error::new(format!("{what} is not valid JSON: {e}")))
}
