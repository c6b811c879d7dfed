//! The per-token part of what a [`JwtSigner`](super::JwtSigner) signs: subject, not-before,
//! lifetime and custom claims. Issuer, audience, `iat`, `exp` and `jti` come from the signer.

use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};

use super::signer_error::SignerError;

/// Claims the signer sets itself; custom claims may not use these names.
pub(crate) const RESERVED: [&str; 7] = ["iss", "aud", "exp", "iat", "jti", "sub", "nbf"];

/// What one token says beyond the signer's standard claims.
///
/// ```
/// use auth0_sdk::jwt::TokenClaims;
/// use serde_json::json;
/// let claims = TokenClaims::new()
///     .subject("user-42")
///     .claim("scope", "read:orders")
///     .claim("https://example.com/tenant", json!({"id": 7}));
/// assert_eq!(claims.get("scope"), Some(&json!("read:orders")));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenClaims {
    pub(crate) subject: Option<String>,
    pub(crate) not_before: Option<u64>,
    pub(crate) lifetime: Option<Duration>,
    pub(crate) custom: Map<String, Value>,
}

impl TokenClaims {
    /// No subject, no custom claims.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `sub`.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Sets `nbf`, in seconds since the Unix epoch.
    pub fn not_before(mut self, seconds: u64) -> Self {
        self.not_before = Some(seconds);
        self
    }

    /// This token's lifetime instead of the signer's.
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = Some(lifetime);
        self
    }

    /// Adds (or replaces) one custom claim. Registered names the signer sets (`iss`, `aud`,
    /// `exp`, `iat`, `jti`, `sub`, `nbf`) are refused when signing.
    pub fn claim(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.custom.insert(name.into(), value.into());
        self
    }

    /// Adds every field of `claims`, which must serialize to a JSON object (a struct or map).
    pub fn claims(mut self, claims: &impl Serialize) -> Result<Self, SignerError> {
        match serde_json::to_value(claims) {
            Ok(Value::Object(map)) => {
                self.custom.extend(map);
                Ok(self)
            }
            Ok(_) => Err(SignerError::Claims {
                reason: "not an object".to_owned(),
            }),
            Err(e) => Err(SignerError::Claims { reason: e.to_string() }),
        }
    }

    /// A custom claim set so far.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.custom.get(name)
    }
}
