//! A Lucene-lite query language for `GET /users?q=...`: the subset tests use.
//!
//! Supported: `field:value`, `field:"quoted value"`, wildcards (`name:jo*`, `email:*@example.com`),
//! nested fields (`app_metadata.plan:pro`, `identities.connection:x`), `_exists_:field`,
//! ranges (`logins_count:[1 TO 5]`, `*` for open ends), `AND`/`OR`/`NOT`/`-`, parentheses, and bare
//! words (searched in the name/email fields). Juxtaposed terms are ANDed. Matching is
//! case-insensitive.

use serde_json::Value;

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Query {
    And(Box<Query>, Box<Query>),
    Or(Box<Query>, Box<Query>),
    Not(Box<Query>),
    Term {
        field: Option<String>,
        pattern: String,
    },
    Exists(String),
    Range {
        field: String,
        low: Option<String>,
        high: Option<String>,
    },
}

/// Fields a bare word is matched against.
const DEFAULT_FIELDS: &[&str] = &[
    "name",
    "email",
    "nickname",
    "username",
    "given_name",
    "family_name",
    "user_id",
];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Not,
    Atom(Query),
}

/// Parses `q`; the error says what was wrong, for a 400.
pub(crate) fn parse(q: &str) -> Result<Query, String> {
    let toks = lex(q)?;
    let mut p = Parser { toks, pos: 0 };
    let query = p.or()?;
    if p.pos != p.toks.len() {
        return Err(format!("unexpected token at position {}", p.pos));
    }
    Ok(query)
}

fn lex(q: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = q.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            toks.push(Tok::Open);
            i += 1;
        } else if c == ')' {
            toks.push(Tok::Close);
            i += 1;
        } else if c == '-' || c == '!' {
            toks.push(Tok::Not);
            i += 1;
        } else {
            let (word, next) = read_word(&chars, i)?;
            i = next;
            toks.push(match word.as_str() {
                "AND" | "&&" => Tok::And,
                "OR" | "||" => Tok::Or,
                "NOT" => Tok::Not,
                _ => Tok::Atom(term(&word)?),
            });
        }
    }
    Ok(toks)
}

/// Reads one term, keeping quoted and bracketed sections (which may hold spaces) whole.
fn read_word(chars: &[char], mut i: usize) -> Result<(String, usize), String> {
    let mut out = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == '(' || c == ')' {
            break;
        }
        if c == '"' || c == '[' || c == '{' {
            let close = match c {
                '"' => '"',
                '[' => ']',
                _ => '}',
            };
            out.push(c);
            i += 1;
            loop {
                let Some(&d) = chars.get(i) else {
                    return Err(format!("unterminated {c}"));
                };
                out.push(d);
                i += 1;
                if d == close {
                    break;
                }
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    Ok((out, i))
}

fn term(word: &str) -> Result<Query, String> {
    let Some((field, value)) = split_field(word) else {
        return Ok(Query::Term {
            field: None,
            pattern: unquote(word),
        });
    };
    if value.is_empty() {
        return Err(format!("missing value for field {field}"));
    }
    if field == "_exists_" {
        return Ok(Query::Exists(value.to_owned()));
    }
    if (value.starts_with('[') || value.starts_with('{')) && value.len() >= 2 {
        let inner = &value[1..value.len() - 1];
        let (low, high) = inner.split_once(" TO ").ok_or("range needs 'TO'")?;
        let bound = |s: &str| {
            let s = s.trim();
            (s != "*").then(|| unquote(s))
        };
        return Ok(Query::Range {
            field: field.to_owned(),
            low: bound(low),
            high: bound(high),
        });
    }
    Ok(Query::Term {
        field: Some(field.to_owned()),
        pattern: unquote(value),
    })
}

/// Splits `field:value` at the first colon outside quotes (values like `auth0|123` may hold colons).
fn split_field(word: &str) -> Option<(&str, &str)> {
    if word.starts_with('"') {
        return None;
    }
    let idx = word.find(':')?;
    Some((&word[..idx], &word[idx + 1..]))
}

fn unquote(s: &str) -> String {
    let s = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s);
    s.replace("\\\"", "\"")
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn or(&mut self) -> Result<Query, String> {
        let mut left = self.and()?;
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            let right = self.and()?;
            left = Query::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Query, String> {
        let mut left = self.unary()?;
        loop {
            match self.peek() {
                Some(Tok::And) => self.pos += 1,
                Some(Tok::Atom(_) | Tok::Not | Tok::Open) => {}
                _ => break,
            }
            let right = self.unary()?;
            left = Query::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Query, String> {
        let tok = self.toks.get(self.pos).cloned().ok_or("unexpected end of query")?;
        self.pos += 1;
        match tok {
            Tok::Not => Ok(Query::Not(Box::new(self.unary()?))),
            Tok::Open => {
                let inner = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err("missing ')'".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Tok::Atom(q) => Ok(q),
            Tok::Close | Tok::And | Tok::Or => Err("unexpected operator".into()),
        }
    }
}

impl Query {
    /// Whether the JSON document `doc` matches.
    pub fn matches(&self, doc: &Value) -> bool {
        match self {
            Query::And(a, b) => a.matches(doc) && b.matches(doc),
            Query::Or(a, b) => a.matches(doc) || b.matches(doc),
            Query::Not(a) => !a.matches(doc),
            Query::Exists(field) => !values_at(doc, field).is_empty(),
            Query::Term {
                field: Some(field),
                pattern,
            } => values_at(doc, field).iter().any(|v| text_match(pattern, v)),
            Query::Term { field: None, pattern } => DEFAULT_FIELDS
                .iter()
                .any(|f| values_at(doc, f).iter().any(|v| text_match(pattern, v))),
            Query::Range { field, low, high } => values_at(doc, field)
                .iter()
                .any(|v| in_range(v, low.as_deref(), high.as_deref())),
        }
    }
}

/// Scalar values at a dotted path; arrays along the way fan out.
fn values_at(doc: &Value, path: &str) -> Vec<String> {
    let mut current = vec![doc];
    for seg in path.split('.') {
        let mut next = Vec::new();
        for v in current {
            let v = match v {
                Value::Object(m) => m.get(seg),
                _ => None,
            };
            match v {
                Some(Value::Array(items)) => next.extend(items.iter()),
                Some(v) => next.push(v),
                None => {}
            }
        }
        current = next;
    }
    current
        .into_iter()
        .flat_map(|v| match v {
            Value::Array(items) => items.iter().filter_map(scalar).collect::<Vec<_>>(),
            other => scalar(other).into_iter().collect(),
        })
        .collect()
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.to_lowercase()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whole-value match, or (like a tokenised text field) a match on any whitespace-separated word.
fn text_match(pattern: &str, value: &str) -> bool {
    glob(pattern, value) || (value.contains(' ') && value.split_whitespace().any(|w| glob(pattern, w)))
}

/// Case-insensitive match with `*` (any run) and `?` (one char).
fn glob(pattern: &str, value: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let v: Vec<char> = value.chars().collect();
    let (mut pi, mut vi, mut star, mut mark) = (0, 0, None, 0);
    while vi < v.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == v[vi]) {
            pi += 1;
            vi += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = vi;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            vi = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

fn in_range(v: &str, low: Option<&str>, high: Option<&str>) -> bool {
    let cmp = |a: &str, b: &str| match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y),
        _ => Some(a.cmp(&b.to_lowercase())),
    };
    low.is_none_or(|l| cmp(v, l).is_some_and(|o| o.is_ge()))
        && high.is_none_or(|h| cmp(v, h).is_some_and(|o| o.is_le()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> Value {
        json!({"user_id": "auth0|abc", "email": "Alice@Example.com", "name": "Alice Liddell",
               "logins_count": 3, "app_metadata": {"plan": "pro"},
               "identities": [{"connection": "Username-Password-Authentication"}]})
    }

    fn m(q: &str) -> bool {
        parse(q).unwrap().matches(&user())
    }

    #[test]
    fn fields_wildcards_and_quotes() {
        assert!(m(r#"email:"alice@example.com""#));
        assert!(m("name:ali*"));
        assert!(m("email:*@example.com"));
        assert!(m(r#"name:"Alice Liddell""#));
        assert!(!m("name:bob*"));
        assert!(m("user_id:auth0|abc"));
        assert!(m("app_metadata.plan:pro"));
        assert!(m(r#"identities.connection:"Username-Password-Authentication""#));
    }

    #[test]
    fn boolean_operators_ranges_and_exists() {
        assert!(m("name:ali* AND email:*example.com"));
        assert!(!m("name:ali* AND NOT email:*example.com"));
        assert!(m("name:bob OR (logins_count:[1 TO 5])"));
        assert!(!m("logins_count:[4 TO *]"));
        assert!(m("_exists_:app_metadata.plan"));
        assert!(!m("-_exists_:email"));
        assert!(m("alice"));
    }

    #[test]
    fn malformed_queries_are_errors() {
        assert!(parse(r#"email:"unterminated"#).is_err());
        assert!(parse("(name:x").is_err());
        assert!(parse("AND").is_err());
        assert!(parse("name:").is_err());
    }
}
