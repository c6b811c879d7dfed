//! What changed between two versions of an API, and whether it breaks users of the crate.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::ir::{Api, Operation, Ty, TypeKind};

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed, in words.
    pub what: String,
    /// Whether code written against the old crate may stop compiling or behave differently.
    pub breaking: bool,
}

/// All changes between two versions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Operations added.
    pub operations_added: Vec<String>,
    /// Operations removed.
    pub operations_removed: Vec<String>,
    /// Operations changed, with their changes.
    pub operations_changed: BTreeMap<String, Vec<Change>>,
    /// Types added.
    pub types_added: Vec<String>,
    /// Types removed.
    pub types_removed: Vec<String>,
    /// Types changed, with their changes.
    pub types_changed: BTreeMap<String, Vec<Change>>,
}

impl Report {
    /// Whether anything in the report breaks users.
    pub fn is_breaking(&self) -> bool {
        !self.operations_removed.is_empty()
            || !self.types_removed.is_empty()
            || self
                .operations_changed
                .values()
                .chain(self.types_changed.values())
                .flatten()
                .any(|c| c.breaking)
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == Report::default()
    }

    /// A human-readable summary.
    pub fn render(&self, name: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "== {name} ==");
        if self.is_empty() {
            let _ = writeln!(out, "no API changes");
            return out;
        }
        let list = |out: &mut String, title: &str, items: &[String]| {
            if !items.is_empty() {
                let _ = writeln!(out, "{title} ({}):", items.len());
                for i in items {
                    let _ = writeln!(out, "  {i}");
                }
            }
        };
        list(&mut out, "operations added", &self.operations_added);
        list(&mut out, "operations removed [breaking]", &self.operations_removed);
        let changed = |out: &mut String, title: &str, items: &BTreeMap<String, Vec<Change>>| {
            if !items.is_empty() {
                let _ = writeln!(out, "{title} ({}):", items.len());
                for (k, changes) in items {
                    let _ = writeln!(out, "  {k}");
                    for c in changes {
                        let _ = writeln!(out, "    {}{}", c.what, if c.breaking { " [breaking]" } else { "" });
                    }
                }
            }
        };
        changed(&mut out, "operations changed", &self.operations_changed);
        list(&mut out, "types added", &self.types_added);
        list(&mut out, "types removed [breaking]", &self.types_removed);
        changed(&mut out, "types changed", &self.types_changed);
        let _ = writeln!(
            out,
            "verdict: {}",
            if self.is_breaking() {
                "BREAKING for users of the crate (major version bump)"
            } else {
                "additive (minor version bump)"
            }
        );
        out
    }
}

/// Compares two versions of one API.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut report = Report::default();
    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    for (id, op) in &new_ops {
        match old_ops.get(id) {
            None => report
                .operations_added
                .push(format!("{id} ({} {})", op.method, op.path)),
            Some(prev) => {
                let changes = operation_changes(prev, op);
                if !changes.is_empty() {
                    report.operations_changed.insert((*id).to_owned(), changes);
                }
            }
        }
    }
    for (id, op) in &old_ops {
        if !new_ops.contains_key(id) {
            report
                .operations_removed
                .push(format!("{id} ({} {})", op.method, op.path));
        }
    }
    for (name, def) in &new.types {
        match old.types.get(name) {
            None => report.types_added.push(name.clone()),
            Some(prev) => {
                // Deduplication decides which of two identical types is the definition and
                // which the alias (`pub type A = B`), and that can swap when unrelated
                // operations change; an alias is used exactly like its target, so compare what
                // both names resolve to.
                let before = old.resolve(name).map_or(&prev.kind, |d| &d.kind);
                let after = new.resolve(name).map_or(&def.kind, |d| &d.kind);
                let changes = type_changes(before, after, new.request_types.contains(name));
                if !changes.is_empty() {
                    report.types_changed.insert(name.clone(), changes);
                }
            }
        }
    }
    for name in old.types.keys() {
        if !new.types.contains_key(name) {
            report.types_removed.push(name.clone());
        }
    }
    report
}

fn show(t: &Ty) -> String {
    match t {
        Ty::String => "String".into(),
        Ty::Integer => "i64".into(),
        Ty::Number => "f64".into(),
        Ty::Boolean => "bool".into(),
        Ty::Json => "Value".into(),
        Ty::JsonObject => "Map".into(),
        Ty::File => "FileUpload".into(),
        Ty::Runtime(n) => n.clone(),
        Ty::Named(n) => n.clone(),
        Ty::List(i) => format!("Vec<{}>", show(i)),
        Ty::Map(i) => format!("BTreeMap<String, {}>", show(i)),
    }
}

fn operation_changes(old: &Operation, new: &Operation) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |what: String, breaking: bool| out.push(Change { what, breaking });
    if old.method != new.method || old.path != new.path {
        push(
            format!("endpoint {} {} → {} {}", old.method, old.path, new.method, new.path),
            false,
        );
    }
    if old.name != new.name || old.group != new.group {
        push(
            format!(
                "method {}.{} → {}.{}",
                old.group.join("."),
                old.name,
                new.group.join("."),
                new.name
            ),
            true,
        );
    }
    let params = |op: &Operation| -> BTreeMap<String, (Ty, bool)> {
        op.path_params
            .iter()
            .chain(&op.query_params)
            .chain(&op.header_params)
            .map(|p| (p.wire.clone(), (p.ty.clone(), p.required)))
            .collect()
    };
    let (before, after) = (params(old), params(new));
    for (name, (ty, required)) in &after {
        match before.get(name) {
            None => push(
                format!("parameter `{name}` added{}", if *required { " (required)" } else { "" }),
                *required,
            ),
            Some((old_ty, old_required)) => {
                if old_ty != ty {
                    push(format!("parameter `{name}`: {} → {}", show(old_ty), show(ty)), true);
                }
                if old_required != required {
                    push(
                        format!(
                            "parameter `{name}` is now {}",
                            if *required { "required" } else { "optional" }
                        ),
                        true,
                    );
                }
            }
        }
    }
    for name in before.keys().filter(|n| !after.contains_key(*n)) {
        push(format!("parameter `{name}` removed"), true);
    }
    let body = |op: &Operation| op.body.as_ref().map(|b| (show(&b.ty), b.required));
    if body(old) != body(new) {
        push(format!("request body {:?} → {:?}", body(old), body(new)), true);
    }
    if old.response != new.response {
        push(format!("response {:?} → {:?}", old.response, new.response), true);
    }
    if old.pagination.as_ref().map(|p| p.kind) != new.pagination.as_ref().map(|p| p.kind) {
        push("pagination changed".into(), true);
    }
    out
}

fn type_changes(old: &TypeKind, new: &TypeKind, request: bool) -> Vec<Change> {
    let mut out = Vec::new();
    match (old, new) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            let before: BTreeMap<&str, _> = a.iter().map(|f| (f.wire.as_str(), f)).collect();
            let after: BTreeMap<&str, _> = b.iter().map(|f| (f.wire.as_str(), f)).collect();
            for (name, f) in &after {
                match before.get(name) {
                    // Adding a field breaks only struct literals without `..Default::default()`;
                    // a new required field in a request type breaks every construction.
                    None => out.push(Change {
                        what: format!(
                            "field `{name}: {}` added{}",
                            show(&f.ty),
                            if f.required { " (required)" } else { "" }
                        ),
                        breaking: f.required && request,
                    }),
                    Some(prev) => {
                        if prev.ty != f.ty {
                            out.push(Change {
                                what: format!("field `{name}`: {} → {}", show(&prev.ty), show(&f.ty)),
                                breaking: true,
                            });
                        }
                        if prev.required != f.required || prev.nullable != f.nullable {
                            out.push(Change {
                                what: format!(
                                    "field `{name}` optionality: required={} nullable={} → required={} nullable={}",
                                    prev.required, prev.nullable, f.required, f.nullable
                                ),
                                breaking: true,
                            });
                        }
                    }
                }
            }
            for name in before.keys().filter(|n| !after.contains_key(*n)) {
                out.push(Change {
                    what: format!("field `{name}` removed"),
                    breaking: true,
                });
            }
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            for v in b.iter().filter(|v| !a.iter().any(|x| x.wire == v.wire)) {
                // Enums are `#[non_exhaustive]` with an `Unknown` fallback: adding is safe.
                out.push(Change {
                    what: format!("value `{}` added", v.wire),
                    breaking: false,
                });
            }
            for v in a.iter().filter(|v| !b.iter().any(|x| x.wire == v.wire)) {
                out.push(Change {
                    what: format!("value `{}` removed", v.wire),
                    breaking: true,
                });
            }
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            for v in b.iter().filter(|v| !a.iter().any(|x| x.name == v.name)) {
                out.push(Change {
                    what: format!("variant `{}` added", v.name),
                    breaking: false,
                });
            }
            for v in a.iter().filter(|v| !b.iter().any(|x| x.name == v.name)) {
                out.push(Change {
                    what: format!("variant `{}` removed", v.name),
                    breaking: true,
                });
            }
        }
        _ => out.push(Change {
            what: "kind changed (struct/enum/union)".into(),
            breaking: true,
        }),
    }
    out
}
