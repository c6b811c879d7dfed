//! Rust naming: identifiers from arbitrary spec strings, keywords, and collision-free names.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Replaces characters that cannot start words so heck sees word boundaries.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A `snake_case` identifier (raw when it is a keyword).
pub fn snake(raw: &str) -> String {
    let mut s = words(raw).to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    escape(s)
}

/// An `UpperCamelCase` type or variant name.
pub fn pascal(raw: &str) -> String {
    let mut s = words(raw).to_upper_camel_case();
    if s.is_empty() {
        s = "Value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("V{s}");
    }
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}Value")
    } else {
        s
    }
}

fn escape(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// The identifier without a raw prefix (for building other names from it).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Hands out names that are unique within one namespace, deterministically.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace with some names already taken.
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// `wanted` if free, else `wanted2`, `wanted3`, …
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let base = unraw(wanted).to_owned();
        (2..)
            .map(|n| format!("{base}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// Whether a name is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("per_page"), "per_page");
        assert_eq!(snake("triggerId"), "trigger_id");
        assert_eq!(snake("client-id"), "client_id");
        assert_eq!(snake("$ref"), "r#ref");
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(pascal("post-login"), "PostLogin");
        assert_eq!(
            pascal("urn:ietf:params:oauth:grant-type:device_code"),
            "UrnIetfParamsOauthGrantTypeDeviceCode"
        );
        assert_eq!(pascal("*"), "Value");
        assert_eq!(pascal("1.0"), "V10");
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("A"), "A");
        assert_eq!(ns.claim("A"), "A2");
    }
}
