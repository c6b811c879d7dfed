//! Bearer-token authentication and scope checks for the Management API.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde_json::Value;

use crate::errors::ApiError;
use crate::state::Shared;
use crate::tokens;

/// A caller holding a valid Management API token. Extracting it answers 401 otherwise.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub claims: Value,
}

impl FromRequestParts<Shared> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| ApiError::unauthorized("Missing authentication"))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ApiError::unauthorized("Bad HTTP authentication header format"))?;
        let claims = tokens::verify(state, token, Some(&state.management_audiences))
            .map_err(|e| ApiError::unauthorized(e.to_string()))?;
        Ok(Caller { claims })
    }
}

impl Caller {
    /// 403 unless the token has at least one of `any_of`.
    pub fn require(&self, any_of: &[&str]) -> Result<(), ApiError> {
        let have = tokens::scopes(&self.claims);
        if any_of.iter().any(|s| have.contains(s)) {
            Ok(())
        } else {
            Err(ApiError::insufficient_scope(any_of))
        }
    }
}
