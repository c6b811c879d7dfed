//! Where things are: the workspace root and the spec directory.

use std::path::{Path, PathBuf};

use auth0_codegen::load::SPEC_DIR_ENV;

/// The workspace root (the xtask crate's parent).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// The download cache `fetch-spec` fills.
pub fn cache_dir() -> PathBuf {
    root().join(".spec-cache")
}

/// The spec directory: `--spec-dir`, else `$AUTH0_SPEC_DIR`, else the cache when it exists.
pub fn spec_dir(flag: Option<String>) -> anyhow::Result<PathBuf> {
    let chosen = flag
        .map(PathBuf::from)
        .or_else(|| std::env::var_os(SPEC_DIR_ENV).map(PathBuf::from));
    let dir = match chosen {
        Some(dir) => dir,
        None if cache_dir().is_dir() => cache_dir(),
        None => anyhow::bail!(
            "no spec directory: pass --spec-dir DIR or set {SPEC_DIR_ENV} (CI uses {SPEC_DIR_ENV}=../shared/specs), \
             or run `cargo xtask fetch-spec` to download the pinned documents"
        ),
    };
    // Relative paths are taken from where the command was started, like any CLI argument.
    let dir = if dir.is_relative() {
        std::env::current_dir()?.join(dir)
    } else {
        dir
    };
    anyhow::ensure!(
        dir.is_dir(),
        "spec directory {} does not exist ({SPEC_DIR_ENV} / --spec-dir)",
        dir.display()
    );
    Ok(dir)
}
