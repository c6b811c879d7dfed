//! Shared fixtures for the JWT tests: keys generated once per test binary, a wiremock tenant
//! serving a JWKS, and baseline claims.
#![allow(dead_code)]

use std::sync::OnceLock;

use auth0_sdk::jwt::{IdTokenValidator, JwksCache, LocalKey};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The fixed "now" of every validator built here (2023-11-14T22:13:20Z).
pub const NOW: u64 = 1_700_000_000;
pub const CLIENT_ID: &str = "client-abc";
pub const JWKS_PATH: &str = "/.well-known/jwks.json";

/// The tenant's signing key (`kid` "k1").
pub fn key() -> &'static LocalKey {
    static KEY: OnceLock<LocalKey> = OnceLock::new();
    KEY.get_or_init(|| LocalKey::generate_rsa("k1").expect("keygen"))
}

/// A second tenant key, for rotation (`kid` "k2").
pub fn rotated_key() -> &'static LocalKey {
    static KEY: OnceLock<LocalKey> = OnceLock::new();
    KEY.get_or_init(|| LocalKey::generate_rsa("k2").expect("keygen"))
}

/// A key the tenant never published (`kid` "attacker").
pub fn attacker_key() -> &'static LocalKey {
    static KEY: OnceLock<LocalKey> = OnceLock::new();
    KEY.get_or_init(|| LocalKey::generate_rsa("attacker").expect("keygen"))
}

/// A local Auth0-like tenant: a wiremock server whose JWKS lists the given JWKs.
pub struct Tenant {
    pub server: MockServer,
}

impl Tenant {
    /// Serves `{"keys": jwks}` at the tenant's JWKS path.
    pub async fn with_jwks(jwks: Vec<Value>) -> Tenant {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(JWKS_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "keys": jwks })))
            .mount(&server)
            .await;
        Tenant { server }
    }

    /// Serves the standard key only.
    pub async fn start() -> Tenant {
        Self::with_jwks(vec![key().public_jwk()]).await
    }

    /// The "domain" to give builders: the base URL of the mock server.
    pub fn domain(&self) -> String {
        self.server.uri()
    }

    /// The issuer the validator expects.
    pub fn issuer(&self) -> String {
        format!("{}/", self.server.uri())
    }

    pub fn jwks_url(&self) -> String {
        format!("{}{JWKS_PATH}", self.server.uri())
    }

    /// A validator for this tenant with the fixed clock.
    pub fn validator(&self) -> IdTokenValidator {
        IdTokenValidator::builder(self.domain(), CLIENT_ID)
            .clock(|| NOW)
            .build()
            .expect("validator")
    }

    /// A fresh cache for this tenant's JWKS.
    pub fn jwks(&self) -> JwksCache {
        JwksCache::new(self.jwks_url())
    }

    /// How many JWKS requests the server received.
    pub async fn jwks_requests(&self) -> usize {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .filter(|r| r.url.path() == JWKS_PATH)
            .count()
    }

    /// Valid ID-token claims for this tenant.
    pub fn id_claims(&self) -> Value {
        json!({
            "iss": self.issuer(),
            "sub": "auth0|user-1",
            "aud": CLIENT_ID,
            "iat": NOW - 10,
            "exp": NOW + 3600,
            "nonce": "nonce-1",
            "auth_time": NOW - 100,
        })
    }
}

/// `claims` with `key` removed or replaced.
pub fn with(mut claims: Value, name: &str, value: Option<Value>) -> Value {
    let map = claims.as_object_mut().expect("object");
    match value {
        Some(v) => {
            map.insert(name.to_owned(), v);
        }
        None => {
            map.remove(name);
        }
    }
    claims
}

/// Unpadded base64url.
pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
pub mod keys;
