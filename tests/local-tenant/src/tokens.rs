//! Verifying the tenant's own access tokens (Management API calls, `/userinfo`).

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::Value;

use crate::state::AppState;

/// Why a bearer token was refused; the message is Auth0's 401 message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TokenError {
    #[error("Expired token received for JSON Web Token validation")]
    Expired,
    #[error("Bad audience: {0}")]
    BadAudience(String),
    #[error("Invalid token")]
    Invalid,
}

/// Verifies signature, issuer and expiry; the audience too when `audiences` is given.
pub(crate) fn verify(state: &AppState, token: &str, audiences: Option<&[String]>) -> Result<Value, TokenError> {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[state.issuer()]);
    validation.leeway = 0;
    // The audience is checked below so the error can name the token's audience, as Auth0 does.
    validation.validate_aud = false;
    let data = jsonwebtoken::decode::<Value>(token, &state.key.decoding, &validation).map_err(|e| {
        match e.kind() {
            ErrorKind::ExpiredSignature => TokenError::Expired,
            _ => TokenError::Invalid,
        }
    })?;
    let claims = data.claims;
    if let Some(accepted) = audiences {
        let auds: Vec<&str> = match &claims["aud"] {
            Value::String(s) => vec![s.as_str()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !auds.iter().any(|a| accepted.iter().any(|b| b == a)) {
            return Err(TokenError::BadAudience(auds.join(" ")));
        }
    }
    Ok(claims)
}

/// The space-separated `scope` claim as a list.
pub(crate) fn scopes(claims: &Value) -> Vec<&str> {
    claims["scope"].as_str().map(|s| s.split_whitespace().collect()).unwrap_or_default()
}
