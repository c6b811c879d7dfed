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
    let claims = match state.verified_tokens.get(token) {
        Some(claims) => {
            // Cached tokens had their signature and issuer checked; expiry still moves.
            if claims["exp"].as_u64().is_none_or(|exp| exp <= crate::time::unix_now()) {
                return Err(TokenError::Expired);
            }
            claims
        }
        None => {
            let claims = verify_signature(state, token)?;
            state.verified_tokens.put(token, &claims);
            claims
        }
    };
    check_audience(claims, audiences)
}

/// Full cryptographic verification (RS256 signature, issuer, expiry).
fn verify_signature(state: &AppState, token: &str) -> Result<Value, TokenError> {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[state.issuer()]);
    validation.leeway = 0;
    // The audience is checked below so the error can name the token's audience, as Auth0 does.
    validation.validate_aud = false;
    let data = jsonwebtoken::decode::<Value>(token, &state.key.decoding, &validation).map_err(|e| match e.kind() {
        ErrorKind::ExpiredSignature => TokenError::Expired,
        _ => TokenError::Invalid,
    })?;
    Ok(data.claims)
}

fn check_audience(claims: Value, audiences: Option<&[String]>) -> Result<Value, TokenError> {
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

/// Recently verified tokens → claims. RS256 verification dominates the cost of a Management
/// call, and clients reuse one token for many calls. Bounded: cleared when full.
#[derive(Default)]
pub(crate) struct VerifiedTokens {
    inner: std::sync::Mutex<std::collections::HashMap<String, Value>>,
}

const CACHE_LIMIT: usize = 1024;

impl VerifiedTokens {
    fn get(&self, token: &str) -> Option<Value> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).get(token).cloned()
    }

    fn put(&self, token: &str, claims: &Value) {
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(token.to_owned(), claims.clone());
    }
}

/// The space-separated `scope` claim as a list.
pub(crate) fn scopes(claims: &Value) -> Vec<&str> {
    claims["scope"]
        .as_str()
        .map(|s| s.split_whitespace().collect())
        .unwrap_or_default()
}
