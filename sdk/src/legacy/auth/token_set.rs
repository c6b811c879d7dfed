//! v4's token responses.

use std::fmt;

use secrecy::SecretString;

/// v4's `TokenSet { access_token, refresh_token?, id_token?, token_type, expires_in }` (also
/// its backchannel and token-exchange `TokenResponse`, which add `scope`). `Debug` never shows
/// a token.
#[derive(Clone)]
pub struct TokenSet {
    /// `access_token`.
    pub access_token: SecretString,
    /// `refresh_token`.
    pub refresh_token: Option<SecretString>,
    /// `id_token` (validated as v4 validates it, when present).
    pub id_token: Option<SecretString>,
    /// `token_type` (`Bearer`).
    pub token_type: String,
    /// `expires_in`, seconds.
    pub expires_in: u64,
    /// `scope`.
    pub scope: Option<String>,
    /// Every other member of the response.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &"[REDACTED]")
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "[REDACTED]"))
            .field("id_token", &self.id_token.as_ref().map(|_| "[REDACTED]"))
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl From<crate::authentication::TokenSet> for TokenSet {
    fn from(t: crate::authentication::TokenSet) -> Self {
        TokenSet {
            access_token: t.access_token,
            refresh_token: t.refresh_token,
            id_token: t.id_token,
            token_type: t.token_type.unwrap_or_else(|| "Bearer".into()),
            expires_in: t.expires_in.unwrap_or_default(),
            scope: t.scope,
            extra: t.extra,
        }
    }
}
