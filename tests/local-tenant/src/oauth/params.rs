//! Reads `/oauth/token` parameters from either a form or a JSON body (Auth0 accepts both).

use std::collections::HashMap;

use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use serde_json::Value;

use crate::errors::OAuthError;

/// Token-endpoint parameters as strings.
#[derive(Debug, Default)]
pub(crate) struct Params(pub HashMap<String, String>);

impl Params {
    /// Parses `body` according to its content type; JSON scalars become strings.
    pub fn parse(headers: &HeaderMap, body: &[u8]) -> Result<Self, OAuthError> {
        let is_json = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json"));
        if !is_json {
            return Ok(Params(url::form_urlencoded::parse(body).into_owned().collect()));
        }
        let value: Value =
            serde_json::from_slice(body).map_err(|_| OAuthError::invalid_request("Invalid JSON body"))?;
        let Value::Object(map) = value else {
            return Err(OAuthError::invalid_request("The request body must be a JSON object"));
        };
        let mut out = HashMap::new();
        for (k, v) in map {
            let s = match v {
                Value::String(s) => s,
                Value::Null => continue,
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                // Nested values have no meaning for the token endpoint.
                _ => {
                    return Err(OAuthError::invalid_request(format!("Parameter {k} must be a string")));
                }
            };
            out.insert(k, s);
        }
        Ok(Params(out))
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// A required parameter; missing is Auth0's `invalid_request`.
    pub fn require(&self, key: &str) -> Result<&str, OAuthError> {
        self.get(key)
            .ok_or_else(|| OAuthError::invalid_request(format!("Missing required parameter: {key}")))
    }
}
