//! Types of identical shape become aliases of one definition.
//!
//! Auth0's document defines the same object many times under per-operation names
//! (`GetClientResponseContent`, `CreateClientResponseContent`, …). Emitting each as its own
//! struct with its own serde impls multiplies compile time and memory for no gain; an alias
//! keeps every name users see while compiling the shape once.

use std::collections::BTreeMap;

use super::ir::{Ty, TypeDef, TypeKind};

/// Replaces every type whose shape equals another's with an alias of the first (by name),
/// repeating until nothing changes (merging two types can make their users equal too).
pub fn alias_identical_types(types: &mut BTreeMap<String, TypeDef>) {
    loop {
        let canonical = canonical_names(types);
        let mut by_shape: BTreeMap<String, String> = BTreeMap::new();
        let mut merges: Vec<(String, String)> = Vec::new();
        for (name, def) in types.iter() {
            if matches!(def.kind, TypeKind::Alias(_)) {
                continue;
            }
            let key = shape_key(&def.kind, &canonical);
            match by_shape.get(&key) {
                Some(first) => merges.push((name.clone(), first.clone())),
                None => {
                    by_shape.insert(key, name.clone());
                }
            }
        }
        if merges.is_empty() {
            return;
        }
        for (name, target) in merges {
            if let Some(def) = types.get_mut(&name) {
                def.kind = TypeKind::Alias(target);
            }
        }
    }
}

/// Where each name finally points, following aliases.
fn canonical_names(types: &BTreeMap<String, TypeDef>) -> BTreeMap<String, String> {
    types
        .keys()
        .map(|name| {
            let mut current = name.clone();
            for _ in 0..types.len() {
                match types.get(&current).map(|d| &d.kind) {
                    Some(TypeKind::Alias(next)) => current = next.clone(),
                    _ => break,
                }
            }
            (name.clone(), current)
        })
        .collect()
}

fn ty_key(ty: &Ty, canonical: &BTreeMap<String, String>) -> String {
    match ty {
        Ty::Named(n) => format!("@{}", canonical.get(n).unwrap_or(n)),
        Ty::List(inner) => format!("[{}]", ty_key(inner, canonical)),
        Ty::Map(inner) => format!("{{{}}}", ty_key(inner, canonical)),
        other => format!("{other:?}"),
    }
}

/// A string equal for two kinds exactly when they would generate the same code (names of
/// referenced types resolved through aliases; documentation ignored).
fn shape_key(kind: &TypeKind, canonical: &BTreeMap<String, String>) -> String {
    match kind {
        TypeKind::Struct(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}:{}:{}",
                        f.wire,
                        f.rust,
                        ty_key(&f.ty, canonical),
                        f.required,
                        f.nullable
                    )
                })
                .collect();
            format!("struct({})", parts.join(","))
        }
        TypeKind::Enum(values) => {
            let parts: Vec<String> = values.iter().map(|v| format!("{}={}", v.variant, v.wire)).collect();
            format!("enum({})", parts.join(","))
        }
        TypeKind::Union(variants) => {
            let parts: Vec<String> = variants
                .iter()
                .map(|v| format!("{}={}", v.name, ty_key(&v.ty, canonical)))
                .collect();
            format!("union({})", parts.join(","))
        }
        TypeKind::Alias(target) => format!("alias({target})"),
    }
}
