//! What a cached token is for.

use std::fmt;

use sha2::{Digest, Sha256};

/// Identifies one client-credentials token: the tenant it comes from, the client it was
/// issued to, and what it was asked for. Two clients with equal keys can share a token.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TokenKey {
    tenant: String,
    client_id: String,
    audience: String,
    scope: Option<String>,
    organization: Option<String>,
}

impl TokenKey {
    /// The key of a token from `tenant` (the token endpoint's base URL, e.g.
    /// `https://tenant.eu.auth0.com`) for `client_id` and `audience`.
    pub fn new(tenant: impl Into<String>, client_id: impl Into<String>, audience: impl Into<String>) -> TokenKey {
        TokenKey {
            tenant: tenant.into(),
            client_id: client_id.into(),
            audience: audience.into(),
            scope: None,
            organization: None,
        }
    }

    /// With the `scope` the token was requested with.
    pub fn with_scope(mut self, scope: Option<String>) -> TokenKey {
        self.scope = scope;
        self
    }

    /// With the organization the token was requested for.
    pub fn with_organization(mut self, organization: Option<String>) -> TokenKey {
        self.organization = organization;
        self
    }

    /// The tenant (token endpoint base URL).
    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    /// The client the token is issued to.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The API the token is for.
    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// The requested scope, if one was.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// The requested organization, if one was.
    pub fn organization(&self) -> Option<&str> {
        self.organization.as_deref()
    }

    /// A fixed-length, printable digest of the whole key (SHA-256, hex): what a shared store
    /// names the token by, so keys need no escaping and say nothing about the tenant to
    /// someone listing the store. Fields are length-prefixed, so no two keys collide by
    /// moving text from one field to the next.
    pub fn digest(&self) -> String {
        let mut hash = Sha256::new();
        for part in [
            Some(self.tenant.as_str()),
            Some(self.client_id.as_str()),
            Some(self.audience.as_str()),
            self.scope.as_deref(),
            self.organization.as_deref(),
        ] {
            match part {
                Some(text) => {
                    hash.update([1]);
                    hash.update((text.len() as u64).to_be_bytes());
                    hash.update(text.as_bytes());
                }
                None => hash.update([0]),
            }
        }
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenKey")
            .field("tenant", &self.tenant)
            .field("client_id", &self.client_id)
            .field("audience", &self.audience)
            .field("scope", &self.scope)
            .field("organization", &self.organization)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_changes_the_digest_and_fields_do_not_run_together() {
        let base = TokenKey::new("https://t.auth0.com", "client", "https://t.auth0.com/api/v2/");
        let variants = [
            base.clone(),
            TokenKey::new("https://u.auth0.com", "client", "https://t.auth0.com/api/v2/"),
            TokenKey::new("https://t.auth0.com", "client2", "https://t.auth0.com/api/v2/"),
            TokenKey::new("https://t.auth0.com", "client", "https://other/"),
            base.clone().with_scope(Some("read:users".into())),
            base.clone().with_scope(Some(String::new())),
            base.clone().with_organization(Some("org_1".into())),
            TokenKey::new("https://t.auth0.com/", "", "client"),
        ];
        let digests: std::collections::HashSet<String> = variants.iter().map(TokenKey::digest).collect();
        assert_eq!(digests.len(), variants.len());
        assert_eq!(base.digest(), base.clone().digest());
        assert_eq!(base.digest().len(), 64);
    }
}
