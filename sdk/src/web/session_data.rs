//! What a signed-in session holds, server-side in the session store (the browser's cookie
//! carries only the session id).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The session key the login is stored under.
pub(crate) const SESSION_KEY: &str = "auth0.login";

/// One signed-in user's session.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct StoredLogin {
    /// The ID token's claims.
    pub(crate) claims: Map<String, Value>,
    /// The user id (`sub`).
    pub(crate) sub: String,
    /// Auth0's session id (`sid`), which back-channel logout names.
    pub(crate) sid: Option<String>,
    /// The organization the user signed in to, checked again on refresh.
    pub(crate) organization: Option<String>,
    /// The raw ID token (the `id_token_hint` of logout).
    pub(crate) id_token: String,
    /// The access token.
    pub(crate) access_token: String,
    /// The refresh token, when `offline_access` was granted.
    pub(crate) refresh_token: Option<String>,
    /// When the access token expires (seconds since the epoch).
    pub(crate) expires_at: Option<u64>,
    /// The granted scopes.
    pub(crate) scope: Option<String>,
    /// When the user signed in (seconds since the epoch).
    pub(crate) signed_in_at: u64,
}

impl fmt::Debug for StoredLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredLogin")
            .field("sub", &self.sub)
            .field("organization", &self.organization)
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .field("signed_in_at", &self.signed_in_at)
            .finish_non_exhaustive()
    }
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
