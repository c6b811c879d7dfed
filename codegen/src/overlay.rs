//! OpenAPI Overlay 1.0: the project's corrections to upstream documents, applied before
//! normalisation.
//!
//! An action's `target` is a JSONPath (RFC 9535); `update` is merged into every node it
//! selects (objects recursively, arrays appended, anything else replaced) and `remove: true`
//! deletes those nodes. A target that selects nothing is reported as a warning, not an error,
//! so that an upstream fix does not break regeneration.

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::error::{Error, Result};

/// An Overlay 1.0 document.
#[derive(Debug, Clone, Deserialize)]
pub struct Overlay {
    /// The overlay version (`1.0.0`).
    pub overlay: String,
    /// The actions, applied in order.
    pub actions: Vec<Action>,
}

/// One overlay action.
#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    /// JSONPath selecting the nodes to change.
    pub target: String,
    /// Why (kept in the file for reviewers).
    #[serde(default)]
    pub description: Option<String>,
    /// Merged into each selected node.
    #[serde(default)]
    pub update: Option<Value>,
    /// Deletes each selected node.
    #[serde(default)]
    pub remove: bool,
}

/// Parses an overlay document.
pub fn parse(text: &str, what: &str) -> Result<Overlay> {
    let overlay: Overlay =
        serde_json::from_str(text).map_err(|e| Error::new(format!("invalid overlay {what}: {e}")))?;
    if !overlay.overlay.starts_with("1.") {
        return Err(Error::new(format!(
            "overlay {what}: unsupported version {}",
            overlay.overlay
        )));
    }
    Ok(overlay)
}

/// Applies an overlay in place; returns a warning for each action that selected nothing.
pub fn apply(doc: &mut Value, overlay: &Overlay, what: &str) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    for (index, action) in overlay.actions.iter().enumerate() {
        let path = JsonPath::parse(&action.target).map_err(|e| {
            Error::new(format!(
                "overlay {what}, action {index}: bad target `{}`: {e}",
                action.target
            ))
        })?;
        let pointers: Vec<String> = path
            .query_located(doc)
            .locations()
            .map(|loc| loc.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            warnings.push(format!(
                "overlay {what}, action {index}: `{}` selects nothing",
                action.target
            ));
            continue;
        }
        // Remove from the last match backwards so earlier array indices stay valid.
        for pointer in pointers.iter().rev() {
            if action.remove {
                remove_at(doc, pointer);
            } else if let Some(update) = &action.update {
                if let Some(node) = doc.pointer_mut(pointer) {
                    merge(node, update.clone());
                }
            }
        }
    }
    Ok(warnings)
}

fn remove_at(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// Overlay merge: objects recursively, arrays appended, other values replaced.
pub fn merge(target: &mut Value, update: Value) {
    match (target, update) {
        (Value::Object(t), Value::Object(u)) => {
            for (k, v) in u {
                match t.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        t.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(u)) => t.extend(u),
        (t, u) => *t = u,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn update_merges_and_remove_deletes() {
        let mut doc = json!({"paths": {"/a": {"get": {"x": 1, "tags": ["t"]}, "post": {}}}});
        let overlay = parse(
            r#"{"overlay":"1.0.0","actions":[
                {"target":"$.paths['/a'].get","update":{"y":2,"tags":["u"]}},
                {"target":"$.paths['/a'].post","remove":true},
                {"target":"$.paths['/missing']","remove":true}]}"#,
            "test",
        )
        .unwrap();
        let warnings = apply(&mut doc, &overlay, "test").unwrap();
        assert_eq!(
            doc,
            json!({"paths": {"/a": {"get": {"x": 1, "y": 2, "tags": ["t", "u"]}}}})
        );
        assert_eq!(warnings.len(), 1);
    }
}
