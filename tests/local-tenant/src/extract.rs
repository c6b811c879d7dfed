//! Request extractors that never fail with axum's plain-text rejections: bad input becomes an
//! Auth0-shaped 400 instead.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde_json::{Map, Value};

use crate::errors::ApiError;

/// The decoded query string (last value wins for repeated keys).
#[derive(Debug, Default, Clone)]
pub(crate) struct QueryMap(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(QueryMap(parse_query(parts.uri.query().unwrap_or(""))))
    }
}

/// Decodes `a=1&b=x%20y` into a map.
pub(crate) fn parse_query(query: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

impl QueryMap {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// An optional non-negative integer; a malformed one is a 400 like Auth0's query validation.
    pub fn u64(&self, key: &str) -> Result<Option<u64>, ApiError> {
        match self.str(key) {
            None => Ok(None),
            Some(raw) => raw.parse::<u64>().map(Some).map_err(|_| {
                ApiError::invalid_query(format!(
                    "Expected type integer but found type string' on property {key}"
                ))
            }),
        }
    }

    /// An optional boolean (`true`/`false`); anything else is a 400.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.str(key) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(_) => Err(ApiError::invalid_query(format!(
                "Expected type boolean but found type string' on property {key}"
            ))),
        }
    }
}

/// A JSON object body. Missing/empty bodies read as `{}`; non-JSON or non-object bodies are 400s.
#[derive(Debug, Default, Clone)]
pub(crate) struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::bad_request("Could not read the request body.", "invalid_body"))?;
        parse_object(&bytes).map(JsonObject)
    }
}

/// Parses a body that must be a JSON object.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::invalid_body("Expected type object but found another type")),
        Err(_) => Err(ApiError::bad_request(
            "Invalid request payload JSON format",
            "invalid_body",
        )),
    }
}

/// Typed accessors for a JSON object body with Auth0-style validation errors.
pub(crate) trait BodyExt {
    fn opt_str(&self, key: &str) -> Result<Option<&str>, ApiError>;
    fn req_str(&self, key: &str) -> Result<&str, ApiError>;
    fn str_list(&self, key: &str) -> Result<Vec<String>, ApiError>;
}

impl BodyExt for Map<String, Value> {
    fn opt_str(&self, key: &str) -> Result<Option<&str>, ApiError> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::invalid_body(format!(
                "Expected type string but found another type' on property {key}"
            ))),
        }
    }

    fn req_str(&self, key: &str) -> Result<&str, ApiError> {
        self.opt_str(key)?
            .ok_or_else(|| ApiError::invalid_body(format!("Missing required property: {key}")))
    }

    /// A required array of strings (e.g. `{"roles": ["rol_1"]}`).
    fn str_list(&self, key: &str) -> Result<Vec<String>, ApiError> {
        let items = match self.get(key) {
            Some(Value::Array(items)) => items,
            None => {
                return Err(ApiError::invalid_body(format!("Missing required property: {key}")));
            }
            Some(_) => {
                return Err(ApiError::invalid_body(format!(
                    "Expected type array but found another type' on property {key}"
                )));
            }
        };
        items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| ApiError::invalid_body(format!("Expected type string' on property {key}")))
            })
            .collect()
    }
}
