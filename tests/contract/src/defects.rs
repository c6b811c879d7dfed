//! `known-defects.toml`: operations that fail because of the spec, each with its reason.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The committed list of known spec defects.
pub const KNOWN_DEFECTS: &str = include_str!("../known-defects.toml");

/// Known spec defects of every API: operation id → reason.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct KnownDefects {
    /// Management API operations.
    #[serde(default)]
    pub management: BTreeMap<String, String>,
    /// Authentication API operations.
    #[serde(default)]
    pub authentication: BTreeMap<String, String>,
    /// My Account API operations.
    #[serde(default)]
    pub my_account: BTreeMap<String, String>,
    /// My Organization API operations.
    #[serde(default)]
    pub my_organization: BTreeMap<String, String>,
}

impl KnownDefects {
    /// Parses the committed `known-defects.toml`.
    pub fn load() -> Result<KnownDefects, String> {
        toml::from_str(KNOWN_DEFECTS).map_err(|e| format!("tests/contract/known-defects.toml: {e}"))
    }
}
