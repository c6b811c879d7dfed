//! Stage 4 — emit: the IR → Rust source files (formatted), plus the Cargo feature lines.

mod contract;
pub mod legacy;
mod operations;
pub mod skeletons;
mod tokens;
mod types;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::quote;

use crate::config::{DocConfig, Pin};
use crate::error::{Error, Result};
use crate::model::ir::Api;
use crate::names::snake;
use tokens::{cfg_any, ident};

/// One file the generator writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root.
    pub path: PathBuf,
    /// Full contents.
    pub contents: String,
}

/// What emitting one document produces.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// Source files.
    pub files: Vec<GeneratedFile>,
    /// Cargo features: name → features it enables.
    pub features: BTreeMap<String, Vec<String>>,
    /// The umbrella feature(s) the `default` feature should enable.
    pub default_features: Vec<String>,
}

/// Feature names that belong to the hand-written crate and must not be taken by a group.
const RESERVED_FEATURES: &[&str] = &[
    "default",
    "axum",
    "management",
    "authentication",
    "my-account",
    "my-organization",
    "full",
    "legacy",
    "test-util",
];

/// Emits one document.
pub fn emit(api: &Api, pin: &Pin, config: &DocConfig) -> Result<Emitted> {
    let header = header(pin);
    let groups: Vec<String> = api.top_groups().into_iter().collect();
    let feature_of = |group: &str| -> String {
        if let Some(single) = &config.single_feature {
            return single.clone();
        }
        let f = format!("{}{}", config.feature_prefix, group.to_kebab_case());
        if RESERVED_FEATURES.contains(&f.as_str()) {
            format!("{f}-api")
        } else {
            f
        }
    };
    let multi = config.single_feature.is_none() && !config.always_compiled;
    let out_dir = PathBuf::from(&config.output);
    let mut files = Vec::new();

    // Types, one file per group for types only that group reaches, `shared.rs` for the rest.
    let defaults = types::defaultable(api);
    let mut homes: BTreeMap<String, Vec<TokenStream>> = BTreeMap::new();
    for (name, def) in &api.types {
        let reached: Vec<String> = api
            .type_groups
            .get(name)
            .map(|g| g.iter().cloned().collect())
            .unwrap_or_default();
        let (home, cfg) = match reached.as_slice() {
            [one] => (snake(one), TokenStream::new()),
            many => {
                let mut features: Vec<String> = many
                    .iter()
                    .map(|g| feature_of(g))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                if !multi {
                    features.clear();
                }
                ("shared".to_owned(), cfg_any(&features))
            }
        };
        homes
            .entry(home)
            .or_default()
            .push(types::type_def(def, api, &defaults, &cfg));
    }
    let mut type_mods = Vec::new();
    for (home, items) in &homes {
        let file = out_dir.join("types").join(format!("{}.rs", crate::names::unraw(home)));
        let doc = if home == "shared" {
            " Types used by more than one resource group.".to_owned()
        } else {
            format!(" Types used by the `{home}` operations.")
        };
        files.push(GeneratedFile {
            path: file,
            contents: format(&header, quote! { #![doc = #doc] #(#items)* }, "types")?,
        });
        let m = ident(home);
        let cfg = if home != "shared" && multi {
            let group = groups.iter().find(|g| snake(g) == *home).cloned().unwrap_or_default();
            cfg_any(&[feature_of(&group)])
        } else {
            TokenStream::new()
        };
        // With no group feature on, every shared type is compiled out and the glob is unused.
        let allow = (home == "shared" && multi).then(|| quote!(#[allow(unused_imports)]));
        type_mods.push(quote! { #cfg #[rustfmt::skip] mod #m; #cfg #allow pub use #m::*; });
    }
    files.push(GeneratedFile {
        path: out_dir.join("types").join("mod.rs"),
        contents: format(
            &header,
            quote! { #![doc = " Request and response types."] #(#type_mods)* },
            "types",
        )?,
    });

    // Operations, one file per top-level group.
    let types_path = quote!(super::types::);
    let mut group_mods = Vec::new();
    let mut accessors = Vec::new();
    let mut op_list = Vec::new();
    let client: syn::Path =
        syn::parse_str(&config.client).map_err(|e| Error::new(format!("bad client path `{}`: {e}", config.client)))?;
    for group in &groups {
        let m = ident(&snake(group));
        let cfg = if multi {
            cfg_any(&[feature_of(group)])
        } else {
            TokenStream::new()
        };
        let body = operations::group_file(api, group, &types_path);
        let doc = format!(" The `{group}` operations.");
        files.push(GeneratedFile {
            path: out_dir.join(format!("{}.rs", crate::names::unraw(&snake(group)))),
            contents: format(&header, quote! { #![doc = #doc] #body }, group)?,
        });
        group_mods.push(quote! { #cfg #[rustfmt::skip] pub mod #m; });
        let strukt = ident(&operations::group_struct(std::slice::from_ref(group)));
        let d = format!(" The `{group}` operations.");
        accessors.push(quote! {
            #cfg
            #[doc = #d]
            pub fn #m(&self) -> #m::#strukt { #m::#strukt::new(self.transport().clone()) }
        });
        for op in api.operations.iter().filter(|o| &o.group[0] == group) {
            let b = ident(&op.builder);
            op_list.push(quote! { #cfg &#m::#b::OPERATION });
        }
    }
    let module_doc = format!(" Generated from `{}` (upstream commit `{}`).", pin.file, pin.commit);
    let mod_rs = quote! {
        #![doc = #module_doc]
        #![allow(clippy::large_enum_variant, clippy::too_many_arguments, clippy::new_without_default, clippy::module_inception, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, rustdoc::invalid_rust_codeblocks)]
        #[rustfmt::skip]
        pub mod types;
        #(#group_mods)*
        impl #client {
            #(#accessors)*
        }
        /// Every operation of this API compiled into the crate, in a stable order.
        pub const OPERATIONS: &[&crate::runtime::OperationSpec] = &[#(#op_list),*];
    };
    files.push(GeneratedFile {
        path: out_dir.join("mod.rs"),
        contents: format(&header, mod_rs, "mod")?,
    });

    let mut features = BTreeMap::new();
    let default_features;
    if config.always_compiled {
        default_features = Vec::new();
    } else if let Some(single) = &config.single_feature {
        features.insert(single.clone(), Vec::new());
        default_features = vec![single.clone()];
    } else {
        let all: Vec<String> = groups.iter().map(|g| feature_of(g)).collect();
        for f in &all {
            features.insert(f.clone(), Vec::new());
        }
        match &config.all_features {
            Some(umbrella) => {
                features.insert(umbrella.clone(), all);
                default_features = vec![umbrella.clone()];
            }
            None => default_features = all,
        }
    }
    if let Some(contract) = &config.contract {
        let client: syn::Path = syn::parse_str(&contract.client)
            .map_err(|e| Error::new(format!("bad contract client `{}`: {e}", contract.client)))?;
        let types: syn::Path = syn::parse_str(&contract.types)
            .map_err(|e| Error::new(format!("bad contract types `{}`: {e}", contract.types)))?;
        let body = contract::dispatcher(api, &client, &types);
        let doc = format!(" Calls every `{}` operation for the contract suite.", api.name);
        files.push(GeneratedFile {
            path: PathBuf::from(&contract.output),
            contents: format(
                &header,
                quote! { #![doc = #doc] #![allow(clippy::all, unused_variables)] #body },
                "contract",
            )?,
        });
    }
    Ok(Emitted {
        files,
        features,
        default_features,
    })
}

/// The `@generated` first line of every emitted file.
pub(crate) fn header(pin: &Pin) -> String {
    format!(
        "// @generated by `cargo xtask regenerate` from {} (sha256 {}). Do not edit by hand.\n",
        pin.file,
        pin.sha256.get(..16).unwrap_or(&pin.sha256)
    )
}

/// Emits the local tenant's skeleton-response table when the document's config asks for one
/// (it needs the raw schemas, which the IR does not keep).
pub fn emit_skeletons(
    doc: &openapiv3::OpenAPI,
    api: &Api,
    pin: &Pin,
    config: &DocConfig,
) -> Result<Option<GeneratedFile>> {
    let Some(skeletons) = &config.skeletons else {
        return Ok(None);
    };
    Ok(Some(GeneratedFile {
        path: PathBuf::from(&skeletons.output),
        contents: skeletons::file(&header(pin), doc, api)?,
    }))
}

/// Formats tokens as a source file with the `@generated` header.
fn format(header: &str, tokens: TokenStream, what: &str) -> Result<String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| Error::new(format!("generated `{what}` does not parse: {e}")))?;
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}

/// The `[features]` lines between the markers in `sdk/Cargo.toml`.
pub fn feature_lines(features: &BTreeMap<String, Vec<String>>, defaults: &[String]) -> String {
    let list = |items: &[String]| items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
    let mut out = format!("default = [{}]\n", list(defaults));
    for (name, enables) in features {
        out.push_str(&format!("{name} = [{}]\n", list(enables)));
    }
    out
}
