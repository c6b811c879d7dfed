//! Auth0's two paging styles.
//!
//! Offset: `page`, `per_page`, `include_totals` → a bare array, or
//! `{start, limit, [length], [total], <items>}` with totals. Checkpoint: `from`, `take` →
//! `{<items>, next}` where `next` is absent on the last page.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use crate::errors::ApiError;
use crate::extract::QueryMap;

/// How one list endpoint shapes its paged response (field names differ per endpoint in the spec).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ListShape {
    /// The items field in the totals/checkpoint object (`users`, `roles`...).
    pub key: &'static str,
    /// Whether the totals object carries `length` (only some schemas have it).
    pub length: bool,
    /// Whether the totals object carries `total`.
    pub total: bool,
    /// Whether the endpoint accepts `from`/`take`.
    pub checkpoint: bool,
}

impl ListShape {
    pub const fn offset(key: &'static str) -> Self {
        Self {
            key,
            length: false,
            total: true,
            checkpoint: false,
        }
    }

    pub const fn with_length(mut self) -> Self {
        self.length = true;
        self
    }

    pub const fn without_total(mut self) -> Self {
        self.total = false;
        self
    }

    pub const fn with_checkpoint(mut self) -> Self {
        self.checkpoint = true;
        self
    }
}

/// Auth0 returns at most this many results through offset paging of `/users`.
pub(crate) const USERS_RESULT_CAP: u64 = 1000;
const DEFAULT_PER_PAGE: u64 = 50;
const MAX_PER_PAGE: u64 = 100;

/// A parsed paging request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paging {
    Offset {
        page: u64,
        per_page: u64,
        include_totals: bool,
    },
    Checkpoint {
        from: u64,
        take: u64,
    },
}

impl Paging {
    /// Reads the paging parameters of `shape`'s endpoint from the query.
    pub fn parse(q: &QueryMap, shape: &ListShape) -> Result<Self, ApiError> {
        if shape.checkpoint && (q.str("from").is_some() || q.str("take").is_some()) {
            let take = q.u64("take")?.unwrap_or(DEFAULT_PER_PAGE);
            if !(1..=MAX_PER_PAGE).contains(&take) {
                return Err(ApiError::invalid_query(format!(
                    "Too big: must be at most {MAX_PER_PAGE}' on property take"
                )));
            }
            let from = match q.str("from") {
                None => 0,
                Some(token) => decode_from(token)
                    .ok_or_else(|| ApiError::bad_request("The 'from' parameter is invalid.", "invalid_paging"))?,
            };
            return Ok(Paging::Checkpoint { from, take });
        }
        let per_page = q.u64("per_page")?.unwrap_or(DEFAULT_PER_PAGE);
        if per_page > MAX_PER_PAGE {
            return Err(ApiError::invalid_query(format!(
                "Too big: must be at most {MAX_PER_PAGE}' on property per_page"
            )));
        }
        Ok(Paging::Offset {
            page: q.u64("page")?.unwrap_or(0),
            per_page,
            include_totals: q.bool("include_totals")?.unwrap_or(false),
        })
    }

    /// Enforces Auth0's cap on how deep offset paging may go (`/users` only).
    pub fn check_cap(&self, cap: u64) -> Result<(), ApiError> {
        if let Paging::Offset { page, per_page, .. } = *self {
            if page.saturating_mul(per_page).saturating_add(per_page) > cap {
                return Err(ApiError::bad_request(
                    format!(
                        "You can only page through the first {cap} records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation"
                    ),
                    "invalid_paging",
                ));
            }
        }
        Ok(())
    }

    /// Cuts `items` to the requested page and wraps it in the endpoint's response shape.
    pub fn respond(&self, items: Vec<Value>, shape: &ListShape) -> Value {
        let total = items.len() as u64;
        match *self {
            Paging::Offset {
                page,
                per_page,
                include_totals,
            } => {
                let start = page.saturating_mul(per_page);
                let slice = window(items, start, per_page);
                if !include_totals {
                    return Value::Array(slice);
                }
                let mut out = Map::new();
                out.insert("start".into(), json!(start));
                out.insert("limit".into(), json!(per_page));
                if shape.length {
                    out.insert("length".into(), json!(slice.len()));
                }
                if shape.total {
                    out.insert("total".into(), json!(total));
                }
                out.insert(shape.key.into(), Value::Array(slice));
                Value::Object(out)
            }
            Paging::Checkpoint { from, take } => {
                let slice = window(items, from, take);
                let mut out = Map::new();
                out.insert(shape.key.into(), Value::Array(slice));
                let next = from.saturating_add(take);
                if next < total {
                    out.insert("next".into(), json!(encode_from(next)));
                }
                Value::Object(out)
            }
        }
    }
}

fn window(items: Vec<Value>, start: u64, len: u64) -> Vec<Value> {
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    items.into_iter().skip(start).take(len).collect()
}

/// Checkpoint tokens are opaque to clients; inside they are a position.
fn encode_from(position: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("cp:{position}"))
}

fn decode_from(token: &str) -> Option<u64> {
    let raw = URL_SAFE_NO_PAD.decode(token).ok()?;
    std::str::from_utf8(&raw).ok()?.strip_prefix("cp:")?.parse().ok()
}

/// Applies `fields`/`include_fields` to one object, as Auth0 does on most GETs.
pub(crate) fn project(value: Value, q: &QueryMap) -> Result<Value, ApiError> {
    let Some(fields) = q.str("fields") else {
        return Ok(value);
    };
    let include = q.bool("include_fields")?.unwrap_or(true);
    let wanted: Vec<&str> = fields.split(',').map(str::trim).filter(|f| !f.is_empty()).collect();
    Ok(match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| wanted.contains(&k.as_str()) == include)
                .collect(),
        ),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> QueryMap {
        QueryMap(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn checkpoint_tokens_round_trip_and_reject_garbage() {
        assert_eq!(decode_from(&encode_from(42)), Some(42));
        assert_eq!(decode_from("not-a-token!"), None);
    }

    #[test]
    fn offset_totals_and_bare_arrays() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let shape = ListShape::offset("things").with_length();
        let p = Paging::parse(
            &q(&[("page", "1"), ("per_page", "2"), ("include_totals", "true")]),
            &shape,
        )
        .unwrap();
        assert_eq!(
            p.respond(items.clone(), &shape),
            json!({"start": 2, "limit": 2, "length": 2, "total": 5, "things": [2, 3]})
        );
        let p = Paging::parse(&q(&[("page", "2"), ("per_page", "2")]), &shape).unwrap();
        assert_eq!(p.respond(items, &shape), json!([4]));
    }

    #[test]
    fn cap_is_enforced_at_the_boundary() {
        let shape = ListShape::offset("users");
        let ok = Paging::parse(&q(&[("page", "9"), ("per_page", "100")]), &shape).unwrap();
        assert!(ok.check_cap(USERS_RESULT_CAP).is_ok());
        let over = Paging::parse(&q(&[("page", "10"), ("per_page", "100")]), &shape).unwrap();
        assert!(over.check_cap(USERS_RESULT_CAP).is_err());
    }
}
