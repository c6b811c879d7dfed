//! Private-key JWT client authentication (RFC 7523): the signed `client_assertion` sent
//! instead of a client secret. Shared by the Management client's token cache and the
//! Authentication API client. The key is a [`jwt::SigningKey`](crate::jwt::SigningKey), the
//! same type [`jwt::JwtSigner`](crate::jwt::JwtSigner) signs your own tokens with.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::Algorithm;
use secrecy::SecretString;
use serde_json::{Map, json};

use crate::jwt::SigningKey;
use crate::runtime::Error;

/// The `client_assertion_type` that goes with a signed assertion.
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The algorithms Auth0 accepts for client assertions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RSA key). The default.
    #[default]
    RS256,
    /// RSASSA-PSS with SHA-256 (RSA key).
    PS256,
    /// ECDSA P-256 with SHA-256 (EC key).
    ES256,
}

impl SigningAlgorithm {
    fn to_jwt(self) -> Algorithm {
        match self {
            SigningAlgorithm::RS256 => Algorithm::RS256,
            SigningAlgorithm::PS256 => Algorithm::PS256,
            SigningAlgorithm::ES256 => Algorithm::ES256,
        }
    }

    fn from_jwt(algorithm: Algorithm) -> Option<Self> {
        match algorithm {
            Algorithm::RS256 => Some(SigningAlgorithm::RS256),
            Algorithm::PS256 => Some(SigningAlgorithm::PS256),
            Algorithm::ES256 => Some(SigningAlgorithm::ES256),
            _ => None,
        }
    }
}

/// Signs client assertions with a private key. `Debug` never shows the key.
///
/// ```
/// use auth0_sdk::runtime::{ClientAssertionSigner, SigningAlgorithm};
/// let err = ClientAssertionSigner::from_pem(b"not a key", SigningAlgorithm::RS256).unwrap_err();
/// assert!(err.to_string().contains("private key"));
/// ```
///
/// A key loaded once as a [`SigningKey`] (PEM or JWK) serves both this and a
/// [`JwtSigner`](crate::jwt::JwtSigner):
///
/// ```no_run
/// use auth0_sdk::jwt::SigningKey;
/// use auth0_sdk::runtime::ClientAssertionSigner;
/// # fn run(jwk_json: &str) -> Result<(), Box<dyn std::error::Error>> {
/// let key = SigningKey::from_jwk(jwk_json)?; // its `kid` becomes the assertion's `kid`
/// let signer = ClientAssertionSigner::new(key)?;
/// # let _ = signer; Ok(()) }
/// ```
#[derive(Clone)]
pub struct ClientAssertionSigner {
    key: SigningKey,
    lifetime: Duration,
}

impl ClientAssertionSigner {
    /// A signer for a PEM private key (PKCS#1 or PKCS#8 RSA for RS256/PS256, PKCS#8 or SEC1
    /// P-256 for ES256). RSA keys must be at least 2048 bits.
    pub fn from_pem(pem: impl AsRef<[u8]>, algorithm: SigningAlgorithm) -> Result<Self, Error> {
        let key = SigningKey::from_pem(pem, algorithm.to_jwt()).map_err(|e| Error::config(e.to_string()))?;
        Self::new(key)
    }

    /// A signer for a [`SigningKey`] whose algorithm Auth0 accepts for client assertions
    /// (RS256, PS256 or ES256); its `kid`, if any, goes in the header.
    pub fn new(key: SigningKey) -> Result<Self, Error> {
        if SigningAlgorithm::from_jwt(key.algorithm()).is_none() {
            return Err(Error::config(format!(
                "Auth0 does not accept {:?} client assertions (use RS256, PS256 or ES256)",
                key.algorithm()
            )));
        }
        Ok(ClientAssertionSigner {
            key,
            lifetime: Duration::from_secs(60),
        })
    }

    /// Sets the `kid` header (the key's id as registered with Auth0).
    pub fn key_id(mut self, kid: impl Into<String>) -> Self {
        self.key = self.key.with_kid(kid);
        self
    }

    /// Sets how long an assertion is valid (default 60 s; keep it short).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// The algorithm.
    pub fn algorithm(&self) -> SigningAlgorithm {
        SigningAlgorithm::from_jwt(self.key.algorithm()).unwrap_or_default()
    }

    /// The signing key.
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// A fresh assertion: `iss` = `sub` = `client_id`, `aud` = `audience` (the tenant's
    /// `https://{domain}/`), `iat` now, `exp` after the lifetime, a random unique `jti`.
    pub fn sign(&self, client_id: &str, audience: &str) -> Result<SecretString, Error> {
        let iat = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let claims = json!({
            "iss": client_id,
            "sub": client_id,
            "aud": audience,
            "iat": iat,
            "exp": iat + self.lifetime.as_secs().max(1),
            "jti": format!("{:032x}", rand::random::<u128>()),
        });
        let mut header = Map::new();
        header.insert("typ".into(), json!("JWT"));
        self.key
            .sign_parts(header, claims.to_string().as_bytes())
            .map(SecretString::from)
            .map_err(|e| Error::config(format!("the client assertion could not be signed: {e}")))
    }
}

impl TryFrom<SigningKey> for ClientAssertionSigner {
    type Error = Error;

    fn try_from(key: SigningKey) -> Result<Self, Error> {
        Self::new(key)
    }
}

impl fmt::Debug for ClientAssertionSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientAssertionSigner")
            .field("algorithm", &self.key.algorithm())
            .field("key_id", &self.key.kid())
            .field("lifetime", &self.lifetime)
            .field("key", &"[REDACTED]")
            .finish()
    }
}
