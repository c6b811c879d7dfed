//! Shared server state: configuration, the signing key, the store, faults and the recorder.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::config::TenantConfig;
use crate::faults::Faults;
use crate::keys::SigningKey;
use crate::recording::Recorder;
use crate::store::Store;

/// Everything a handler can reach; one per tenant.
pub(crate) struct AppState {
    pub config: TenantConfig,
    pub key: SigningKey,
    pub store: Mutex<Store>,
    pub faults: Faults,
    pub recorder: Recorder,
    pub verified_tokens: crate::tokens::VerifiedTokens,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    /// `127.0.0.1:PORT`
    pub domain: String,
    /// Spellings of the Management API audience accepted in token requests; the first is the
    /// canonical one stored in client grants.
    pub management_audiences: Vec<String>,
    /// Spellings of the My Account API audience (`https://{domain}/me/` first, then
    /// `{base_url}/me/`); the first is the resource server's identifier.
    pub my_account_audiences: Vec<String>,
    /// Spellings of the My Organization API audience (`https://{domain}/my-org/` first).
    pub my_organization_audiences: Vec<String>,
}

pub(crate) type Shared = Arc<AppState>;

impl AppState {
    /// Locks the store. Handlers never hold it across an `.await`.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        // Every mutation is completed before a handler can fail, so a poisoned lock's data is
        // still consistent.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `{base_url}/` — Auth0 issuers end with a slash.
    pub fn issuer(&self) -> String {
        format!("{}/", self.base_url)
    }

    /// Maps Management, My Account and My Organization API spellings to the canonical one;
    /// other audiences are unchanged.
    pub fn canonical_audience<'a>(&'a self, audience: &'a str) -> &'a str {
        [
            &self.management_audiences,
            &self.my_account_audiences,
            &self.my_organization_audiences,
        ]
        .into_iter()
        .find(|spellings| spellings.iter().any(|a| a == audience))
        .map_or(audience, |spellings| spellings[0].as_str())
    }
}
