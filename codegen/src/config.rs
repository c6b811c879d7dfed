//! The project's decisions about the upstream specs, read from `spec/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// `spec/pins.toml`: which upstream documents, at which commit and hash.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
pub struct Pins {
    /// One entry per document.
    #[serde(rename = "document")]
    pub documents: Vec<Pin>,
}

/// One pinned upstream document.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
pub struct Pin {
    /// Short name; also the name of its generator config, `spec/{name}.toml`.
    pub name: String,
    /// File name inside the spec directory.
    pub file: String,
    /// Path inside the upstream repository `auth0/docs-v2`.
    pub upstream_path: String,
    /// Upstream commit.
    pub commit: String,
    /// Date of the upstream commit (informational).
    #[serde(default)]
    pub date: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
}

impl Pin {
    /// The public URL the document can be downloaded from.
    pub fn source_url(&self) -> String {
        format!(
            "https://raw.githubusercontent.com/auth0/docs-v2/{}/{}",
            self.commit, self.upstream_path
        )
    }
}

/// `spec/{name}.toml`: how one document becomes Rust.
#[derive(Debug, Clone, Deserialize)]
pub struct DocConfig {
    /// Output directory relative to the workspace root.
    pub output: String,
    /// Module path of the output inside the sdk crate (`management`).
    pub module: String,
    /// Path of the client type group accessors are added to.
    pub client: String,
    /// Overlay files, relative to `spec/`.
    #[serde(default)]
    pub overlays: Vec<String>,
    /// Prefix of per-group Cargo features.
    #[serde(default)]
    pub feature_prefix: String,
    /// Umbrella feature enabling every group of this document.
    #[serde(default)]
    pub all_features: Option<String>,
    /// When set, the whole document is behind this one feature instead of one per group.
    #[serde(default)]
    pub single_feature: Option<String>,
    /// The document is always compiled: no Cargo feature names it (the Authentication API,
    /// which every client's token requests are built on).
    #[serde(default)]
    pub always_compiled: bool,
    /// Header parameters handled by the runtime (no setters generated).
    #[serde(default)]
    pub runtime_headers: Vec<String>,
    /// A leading `x-operation-group` segment to drop, when the document nests every group
    /// under one name (My Organization's `organization`), so accessors read
    /// `client.members()` rather than `client.organization().members()`.
    #[serde(default)]
    pub strip_group_prefix: Option<String>,
    /// Custom-domain endpoints.
    #[serde(default)]
    pub custom_domain: CustomDomain,
    /// Pagination detection and overrides.
    #[serde(default)]
    pub pagination: PaginationConfig,
    /// Where to emit the contract-suite dispatcher, if anywhere.
    #[serde(default)]
    pub contract: Option<ContractConfig>,
    /// Component schemas replaced by hand-written runtime types (schema name → type name in
    /// `crate::runtime`).
    #[serde(default)]
    pub runtime_types: BTreeMap<String, String>,
    /// Where to emit the local tenant's spec-derived skeleton responses, if anywhere.
    #[serde(default)]
    pub skeletons: Option<SkeletonsConfig>,
}

/// The local tenant's skeleton-response table for one document.
#[derive(Debug, Clone, Deserialize)]
pub struct SkeletonsConfig {
    /// Output file relative to the workspace root.
    pub output: String,
}

/// The contract-suite dispatcher for one document.
#[derive(Debug, Clone, Deserialize)]
pub struct ContractConfig {
    /// Output file relative to the workspace root.
    pub output: String,
    /// The client type operations hang off, as the test crate names it.
    pub client: String,
    /// The generated types module, as the test crate names it.
    pub types: String,
}

/// The endpoints that accept `Auth0-Custom-Domain`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CustomDomain {
    /// Path templates; `{…}` matches one segment.
    #[serde(default)]
    pub paths: Vec<String>,
}

impl CustomDomain {
    /// Whether an operation path template is on the list.
    pub fn matches(&self, path: &str) -> bool {
        self.paths.iter().any(|pattern| template_matches(pattern, path))
    }
}

fn template_matches(pattern: &str, path: &str) -> bool {
    let a: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    let b: Vec<&str> = path.trim_matches('/').split('/').collect();
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            let param = |s: &str| s.starts_with('{') && s.ends_with('}');
            (param(x) && param(y)) || x == y
        })
}

/// Pagination detection settings.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaginationConfig {
    /// Query parameters that together mark offset paging.
    #[serde(default)]
    pub offset_params: Vec<String>,
    /// Query parameters that together mark checkpoint paging.
    #[serde(default)]
    pub checkpoint_params: Vec<String>,
    /// Per-operation overrides, by `operationId`.
    #[serde(default)]
    pub operations: BTreeMap<String, PaginationOverride>,
}

/// Facts about one list operation the spec does not state.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaginationOverride {
    /// Maximum results reachable by paging.
    #[serde(default)]
    pub result_cap: Option<u64>,
    /// The items property, when it cannot be detected.
    #[serde(default)]
    pub items_field: Option<String>,
    /// `false` to treat the operation as not paginated.
    #[serde(default)]
    pub paginated: Option<bool>,
    /// For a checkpoint list whose response carries no `next` (a bare array): the item field
    /// whose value in the last item is the next `from` (`log_id` for `/logs`).
    #[serde(default)]
    pub next_from_item: Option<String>,
}

/// `spec/legacy.toml`: node-auth0 v4's Management interface mapped onto operations.
#[derive(Debug, Clone, Deserialize)]
pub struct LegacyTable {
    /// The pinned document whose operations the methods call.
    pub document: String,
    /// Output directory of the generated legacy module, relative to the workspace root.
    pub output: String,
    /// v4 manager property name (`usersByEmail`) → v4 method name (`getByEmail`) → mapping.
    pub managers: BTreeMap<String, BTreeMap<String, LegacyMethod>>,
}

/// One v4 manager method.
#[derive(Debug, Clone, Deserialize)]
pub struct LegacyMethod {
    /// The operationId it calls; `None` when the endpoint is gone upstream.
    #[serde(default)]
    pub op: Option<String>,
    /// Why there is no operation.
    #[serde(default)]
    pub removed: Option<String>,
    /// v4's HTTP method and path template (informational).
    pub http: String,
    /// v4's request-parameters type name, when the method takes request parameters.
    #[serde(default)]
    pub request: Option<String>,
    /// v4's path parameters, in template order.
    #[serde(default)]
    pub path: Vec<String>,
    /// v4's query parameters (wire names).
    #[serde(default)]
    pub query: Vec<String>,
    /// v4 takes `bodyParameters`.
    #[serde(default)]
    pub body: bool,
    /// v4's request parameters default to `{}`.
    #[serde(default)]
    pub optional: bool,
}

/// Everything the generator reads from `spec/`.
#[derive(Debug, Clone)]
pub struct SpecConfig {
    /// The `spec/` directory.
    pub dir: PathBuf,
    /// Pins.
    pub pins: Pins,
    /// Per-document configs, in pin order.
    pub docs: Vec<(Pin, DocConfig)>,
    /// The node-auth0 v4 interface table (`spec/legacy.toml`), when present.
    pub legacy: Option<LegacyTable>,
}

impl SpecConfig {
    /// Reads `spec/pins.toml` and each document's config.
    pub fn load(spec_dir: &Path) -> Result<SpecConfig> {
        let pins: Pins = read_toml(&spec_dir.join("pins.toml"))?;
        let mut docs = Vec::new();
        for pin in &pins.documents {
            let config: DocConfig = read_toml(&spec_dir.join(format!("{}.toml", pin.name)))?;
            docs.push((pin.clone(), config));
        }
        let legacy_path = spec_dir.join("legacy.toml");
        let legacy = if legacy_path.is_file() {
            Some(read_toml(&legacy_path)?)
        } else {
            None
        };
        Ok(SpecConfig {
            dir: spec_dir.to_owned(),
            pins,
            docs,
            legacy,
        })
    }
}

/// Reads and parses a TOML file with a clear error.
pub fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
    toml::from_str(&text).map_err(|e| Error::new(format!("invalid {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_domain_templates_match_one_segment_per_parameter() {
        let cd = CustomDomain {
            paths: vec!["/users/{id}".into(), "/users".into()],
        };
        assert!(cd.matches("/users/{id}"));
        assert!(cd.matches("/users/{user_id}"));
        assert!(cd.matches("/users"));
        assert!(!cd.matches("/users/{id}/roles"));
        assert!(!cd.matches("/users-by-email"));
    }
}
