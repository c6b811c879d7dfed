//! A verified access token: its standard claims, the caller's own claims, and scope and
//! permission helpers.

use serde_json::{Map, Value};

use super::claims::{Registered, string_claim, string_list_claim};
use super::error::JwtError;

/// The default custom-claims type: every claim as JSON.
pub type AnyClaims = Map<String, Value>;

/// The standard claims of a verified access token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StandardClaims {
    /// Issuer.
    pub iss: String,
    /// Subject: the user id, or `{client_id}@clients` for client-credentials tokens.
    pub sub: Option<String>,
    /// Audiences.
    pub aud: Vec<String>,
    /// Expiry, seconds since the epoch.
    pub exp: u64,
    /// Issue time, seconds since the epoch.
    pub iat: Option<u64>,
    /// Not-before time, seconds since the epoch.
    pub nbf: Option<u64>,
    /// Token id.
    pub jti: Option<String>,
    /// Authorized party (the client the token was issued to).
    pub azp: Option<String>,
    /// The client the token was issued to, in RFC 9068 tokens (`client_id`).
    pub client_id: Option<String>,
    /// Granted scopes, from `scope` (space-separated string or array) or else `scp`.
    pub scopes: Vec<String>,
    /// Granted permissions, from Auth0's RBAC `permissions` array.
    pub permissions: Vec<String>,
    /// Organization id, for organization-scoped tokens.
    pub org_id: Option<String>,
}

impl StandardClaims {
    pub(crate) fn read(registered: Registered, payload: &Map<String, Value>) -> Result<Self, JwtError> {
        let scopes = match string_list_claim(payload, "scope")? {
            Some(scopes) => scopes,
            None => string_list_claim(payload, "scp")?.unwrap_or_default(),
        };
        Ok(StandardClaims {
            iss: registered.iss.unwrap_or_default(),
            sub: registered.sub,
            aud: registered.aud,
            exp: registered.exp.unwrap_or_default(),
            iat: registered.iat,
            nbf: registered.nbf,
            jti: registered.jti,
            azp: registered.azp,
            client_id: string_claim(payload, "client_id")?,
            scopes: scopes
                .iter()
                .flat_map(|s| s.split_whitespace())
                .map(str::to_owned)
                .collect(),
            permissions: match payload.get("permissions") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(_)) => string_list_claim(payload, "permissions")?.unwrap_or_default(),
                Some(_) => {
                    return Err(JwtError::InvalidClaim {
                        claim: "permissions".to_owned(),
                        reason: "expected an array of strings".to_owned(),
                    });
                }
            },
            org_id: string_claim(payload, "org_id")?,
        })
    }
}

/// A token that passed [`JwtVerifier::verify`](super::JwtVerifier::verify).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerifiedToken<C = AnyClaims> {
    /// The algorithm it was signed with.
    pub algorithm: jsonwebtoken::Algorithm,
    /// The id of the key it was signed with.
    pub key_id: Option<String>,
    /// The standard claims.
    pub claims: StandardClaims,
    /// The caller's claims type, deserialized from the whole payload.
    pub custom: C,
}

/// A token lacks scopes or permissions an endpoint requires.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the token lacks the required {kind}: {missing:?}")]
#[non_exhaustive]
pub struct InsufficientScope {
    /// Whether scopes or permissions were required.
    pub kind: GrantKind,
    /// Everything the endpoint requires (what RFC 6750's `scope` attribute lists).
    pub required: Vec<String>,
    /// The required ones the token lacks.
    pub missing: Vec<String>,
}

/// Which kind of grant a requirement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantKind {
    /// OAuth scopes (`scope` claim).
    Scope,
    /// Auth0 RBAC permissions (`permissions` claim).
    Permission,
}

impl std::fmt::Display for GrantKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GrantKind::Scope => "scopes",
            GrantKind::Permission => "permissions",
        })
    }
}

impl<C> VerifiedToken<C> {
    /// The subject (`sub`).
    pub fn subject(&self) -> Option<&str> {
        self.claims.sub.as_deref()
    }

    /// The granted scopes.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.claims.scopes.iter().map(String::as_str)
    }

    /// Whether `scope` was granted.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes().any(|s| s == scope)
    }

    /// The granted permissions.
    pub fn permissions(&self) -> impl Iterator<Item = &str> {
        self.claims.permissions.iter().map(String::as_str)
    }

    /// Whether `permission` was granted.
    pub fn has_permission(&self, permission: &str) -> bool {
        self.permissions().any(|p| p == permission)
    }

    /// Succeeds when every one of `scopes` was granted.
    pub fn require_scopes(&self, scopes: &[&str]) -> Result<(), InsufficientScope> {
        require(GrantKind::Scope, scopes, |s| self.has_scope(s))
    }

    /// Succeeds when every one of `permissions` was granted.
    pub fn require_permissions(&self, permissions: &[&str]) -> Result<(), InsufficientScope> {
        require(GrantKind::Permission, permissions, |p| self.has_permission(p))
    }
}

fn require(kind: GrantKind, required: &[&str], granted: impl Fn(&str) -> bool) -> Result<(), InsufficientScope> {
    let missing: Vec<String> = required
        .iter()
        .filter(|r| !granted(r))
        .map(|r| (*r).to_owned())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(InsufficientScope {
            kind,
            required: required.iter().map(|r| (*r).to_owned()).collect(),
            missing,
        })
    }
}
