//! The fallback for Management operations without a stateful handler: a pluggable table of
//! `method + path template → status + JSON body`, consulted when no route matches.
//!
//! The table is meant to be generated from the OpenAPI spec (skeleton responses that validate
//! against it); [`FallbackTable::default`] is empty, so unknown operations answer 404.

use axum::http::Method;
use serde_json::Value;

/// A canned answer for one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct FallbackResponse {
    /// HTTP status to answer with.
    pub status: u16,
    /// JSON body (none for e.g. 204).
    pub body: Option<Value>,
    /// The token needs any one of these scopes (none = any valid token).
    pub scopes: Vec<String>,
}

/// Something that can answer Management operations the tenant has no handler for.
///
/// `path` is relative to `/api/v2` (e.g. `/actions/actions/act_123`).
pub trait FallbackResponder: Send + Sync + 'static {
    /// The answer for `method path`, or `None` for a 404.
    fn respond(&self, method: &Method, path: &str) -> Option<FallbackResponse>;

    /// Scopes the responder's operations need; added to the Management API resource server so
    /// the seeded M2M client is granted them.
    fn known_scopes(&self) -> Vec<String> {
        Vec::new()
    }
}

/// One row of a [`FallbackTable`].
#[derive(Debug, Clone, PartialEq)]
pub struct FallbackEntry {
    /// The operation's method.
    pub method: Method,
    /// The spec's path template relative to `/api/v2`, e.g. `/actions/actions/{id}`.
    pub path_template: String,
    /// What to answer.
    pub response: FallbackResponse,
}

/// A table of canned responses keyed by method and path template.
#[derive(Debug, Clone, Default)]
pub struct FallbackTable {
    entries: Vec<FallbackEntry>,
}

impl FallbackTable {
    /// An empty table (every lookup misses).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a row; with overlapping templates the most literal one wins at lookup.
    pub fn insert(&mut self, entry: FallbackEntry) -> &mut Self {
        self.entries.push(entry);
        self
    }

    /// Builder-style [`FallbackTable::insert`].
    pub fn with(
        mut self,
        method: Method,
        path_template: impl Into<String>,
        status: u16,
        body: Option<Value>,
        scopes: &[&str],
    ) -> Self {
        self.entries.push(FallbackEntry {
            method,
            path_template: path_template.into(),
            response: FallbackResponse {
                status,
                body,
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
            },
        });
        self
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// How well `template` matches `path`: `None` if not at all, else the number of literal segments.
fn score(template: &str, path: &str) -> Option<usize> {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut literal = 0;
    for (t, p) in t.iter().zip(&p) {
        if t.starts_with('{') && t.ends_with('}') {
            if p.is_empty() {
                return None;
            }
        } else if t == p {
            literal += 1;
        } else {
            return None;
        }
    }
    Some(literal)
}

impl FallbackResponder for FallbackTable {
    fn respond(&self, method: &Method, path: &str) -> Option<FallbackResponse> {
        self.entries
            .iter()
            .filter(|e| e.method == *method)
            .filter_map(|e| score(&e.path_template, path).map(|s| (s, e)))
            .max_by_key(|(s, _)| *s)
            .map(|(_, e)| e.response.clone())
    }

    fn known_scopes(&self) -> Vec<String> {
        let mut scopes: Vec<String> = self
            .entries
            .iter()
            .flat_map(|e| e.response.scopes.iter().cloned())
            .collect();
        scopes.sort();
        scopes.dedup();
        scopes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn most_literal_template_wins() {
        let table = FallbackTable::new()
            .with(
                Method::GET,
                "/actions/actions/{id}",
                200,
                Some(json!({"id": "x"})),
                &[],
            )
            .with(
                Method::GET,
                "/actions/actions/triggers",
                200,
                Some(json!({"triggers": []})),
                &[],
            );
        let hit = table
            .respond(&Method::GET, "/actions/actions/triggers")
            .unwrap();
        assert_eq!(hit.body, Some(json!({"triggers": []})));
        let hit = table
            .respond(&Method::GET, "/actions/actions/act_1")
            .unwrap();
        assert_eq!(hit.body, Some(json!({"id": "x"})));
        assert!(
            table
                .respond(&Method::POST, "/actions/actions/act_1")
                .is_none()
        );
        assert!(table.respond(&Method::GET, "/actions").is_none());
    }
}
