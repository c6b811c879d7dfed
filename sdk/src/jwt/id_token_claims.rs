//! What an ID token is checked against (per login) and what a valid one yields.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The per-login expectations for one ID token: what the authorization request asked for.
///
/// ```
/// use std::time::Duration;
/// use auth0_sdk::jwt::IdTokenExpectations;
/// let expect = IdTokenExpectations::new()
///     .with_nonce("n-0S6_WzA2Mj")
///     .with_max_age(Duration::from_secs(3600))
///     .with_organization("org_W30s4p3oCd2vFy1M");
/// assert_eq!(expect.nonce.as_deref(), Some("n-0S6_WzA2Mj"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct IdTokenExpectations {
    /// The `nonce` sent to `/authorize`; the token must carry the same value.
    pub nonce: Option<String>,
    /// The `max_age` sent to `/authorize`; the token must have an `auth_time` no older than this.
    pub max_age: Option<Duration>,
    /// The `organization` sent to `/authorize`: an id starting with `org_` must equal the
    /// token's `org_id`; anything else is a name compared with `org_name` ignoring ASCII case.
    pub organization: Option<String>,
}

impl IdTokenExpectations {
    /// No nonce, no `max_age`, no organization.
    pub fn new() -> Self {
        Self::default()
    }

    /// Expects this nonce.
    pub fn with_nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }

    /// Expects an authentication no older than `max_age`.
    pub fn with_max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Expects this organization (id `org_…` or name).
    pub fn with_organization(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }
}

/// The claims of a validated ID token.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct IdTokenClaims {
    /// Issuer: `https://{domain}/`.
    pub iss: String,
    /// The user's id.
    pub sub: String,
    /// Audiences; contains the client id.
    pub aud: Vec<String>,
    /// Expiry, seconds since the epoch.
    pub exp: u64,
    /// Issue time, seconds since the epoch.
    pub iat: u64,
    /// Authorized party, when present.
    pub azp: Option<String>,
    /// The nonce, when present.
    pub nonce: Option<String>,
    /// When the user authenticated, when present.
    pub auth_time: Option<u64>,
    /// The organization id, when the login was for an organization.
    pub org_id: Option<String>,
    /// The organization name, when present.
    pub org_name: Option<String>,
    /// The session id, when present.
    pub sid: Option<String>,
    /// Every claim of the token, including the ones above and profile claims such as
    /// `email` or `name` and custom namespaced claims.
    pub all: Map<String, Value>,
}

impl IdTokenClaims {
    /// One claim converted to `T`; `None` if absent or of another type.
    ///
    /// ```
    /// # fn f(claims: &auth0_sdk::jwt::IdTokenClaims) {
    /// let email: Option<String> = claims.claim("email");
    /// let roles: Option<Vec<String>> = claims.claim("https://example.com/roles");
    /// # }
    /// ```
    pub fn claim<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        self.all.get(name).and_then(|v| serde_json::from_value(v.clone()).ok())
    }

    /// The `email` claim.
    pub fn email(&self) -> Option<&str> {
        self.all.get("email").and_then(Value::as_str)
    }

    /// The `name` claim.
    pub fn name(&self) -> Option<&str> {
        self.all.get("name").and_then(Value::as_str)
    }
}
