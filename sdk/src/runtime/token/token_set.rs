//! The tokens returned by `/oauth/token`.

use std::fmt;

use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::jwt::IdTokenClaims;

/// What the token endpoint returned. Tokens are [`SecretString`]s; `Debug` never shows them.
///
/// When the response had an `id_token`, it was validated before this value was returned and
/// its claims are in [`id_token_claims`](Self::id_token_claims).
#[derive(Clone)]
#[non_exhaustive]
pub struct TokenSet {
    /// The access token.
    pub access_token: SecretString,
    /// The token type, normally `Bearer` (or `DPoP`).
    pub token_type: Option<String>,
    /// Seconds until the access token expires.
    pub expires_in: Option<u64>,
    /// The granted scopes, space-separated.
    pub scope: Option<String>,
    /// The ID token (already validated), when `openid` was requested.
    pub id_token: Option<SecretString>,
    /// The refresh token, when `offline_access` was requested (or a rotated one).
    pub refresh_token: Option<SecretString>,
    /// For token exchange: the type of the issued token (RFC 8693).
    pub issued_token_type: Option<String>,
    /// The validated ID token's claims.
    pub id_token_claims: Option<IdTokenClaims>,
    /// Any other fields of the response (e.g. a new `recovery_code` after the recovery-code
    /// MFA grant). `Debug` shows only their names.
    pub extra: Map<String, Value>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redact = |present: bool| present.then_some("[REDACTED]");
        f.debug_struct("TokenSet")
            .field("access_token", &"[REDACTED]")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("id_token", &redact(self.id_token.is_some()))
            .field("refresh_token", &redact(self.refresh_token.is_some()))
            .field("issued_token_type", &self.issued_token_type)
            .field("id_token_claims", &self.id_token_claims.as_ref().map(|c| &c.sub))
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl TokenSet {
    /// The granted scopes as a list.
    pub fn scopes(&self) -> Vec<&str> {
        self.scope
            .as_deref()
            .map(|s| s.split_whitespace().collect())
            .unwrap_or_default()
    }
}

#[derive(Deserialize)]
struct Raw {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<u64>,
    scope: Option<String>,
    id_token: Option<String>,
    refresh_token: Option<String>,
    issued_token_type: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl<'de> Deserialize<'de> for TokenSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Raw::deserialize(deserializer)?;
        Ok(TokenSet {
            access_token: raw.access_token.into(),
            token_type: raw.token_type,
            expires_in: raw.expires_in,
            scope: raw.scope,
            id_token: raw.id_token.map(SecretString::from),
            refresh_token: raw.refresh_token.map(SecretString::from),
            issued_token_type: raw.issued_token_type,
            id_token_claims: None,
            extra: raw.extra,
        })
    }
}
