//! Private-key JWT client authentication (RFC 7523): the signed `client_assertion` sent
//! instead of a client secret. Shared by the Management client's token cache and the
//! Authentication API client.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use secrecy::SecretString;
use serde::Serialize;

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
}

/// Signs client assertions with a private key. `Debug` never shows the key.
///
/// ```
/// use auth0_sdk::runtime::{ClientAssertionSigner, SigningAlgorithm};
/// let err = ClientAssertionSigner::from_pem(b"not a key", SigningAlgorithm::RS256).unwrap_err();
/// assert!(err.to_string().contains("private key"));
/// ```
#[derive(Clone)]
pub struct ClientAssertionSigner {
    key: EncodingKey,
    algorithm: SigningAlgorithm,
    key_id: Option<String>,
    lifetime: Duration,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    jti: String,
}

impl ClientAssertionSigner {
    /// A signer for a PEM private key (PKCS#1 or PKCS#8 RSA for RS256/PS256, PKCS#8 P-256 for
    /// ES256).
    pub fn from_pem(pem: impl AsRef<[u8]>, algorithm: SigningAlgorithm) -> Result<Self, Error> {
        let pem = pem.as_ref();
        let key = match algorithm {
            SigningAlgorithm::RS256 | SigningAlgorithm::PS256 => EncodingKey::from_rsa_pem(pem),
            SigningAlgorithm::ES256 => EncodingKey::from_ec_pem(pem),
        }
        .map_err(|e| Error::config(format!("the {algorithm:?} private key could not be read: {e}")))?;
        Ok(ClientAssertionSigner {
            key,
            algorithm,
            key_id: None,
            lifetime: Duration::from_secs(60),
        })
    }

    /// Sets the `kid` header (the key's id as registered with Auth0).
    pub fn key_id(mut self, kid: impl Into<String>) -> Self {
        self.key_id = Some(kid.into());
        self
    }

    /// Sets how long an assertion is valid (default 60 s; keep it short).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// The algorithm.
    pub fn algorithm(&self) -> SigningAlgorithm {
        self.algorithm
    }

    /// A fresh assertion: `iss` = `sub` = `client_id`, `aud` = `audience` (the tenant's
    /// `https://{domain}/`), `iat` now, `exp` after the lifetime, a random unique `jti`.
    pub fn sign(&self, client_id: &str, audience: &str) -> Result<SecretString, Error> {
        let iat = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let claims = Claims {
            iss: client_id,
            sub: client_id,
            aud: audience,
            iat,
            exp: iat + self.lifetime.as_secs().max(1),
            jti: format!("{:032x}", rand::random::<u128>()),
        };
        let mut header = Header::new(self.algorithm.to_jwt());
        header.kid.clone_from(&self.key_id);
        jsonwebtoken::encode(&header, &claims, &self.key)
            .map(SecretString::from)
            .map_err(|e| Error::config(format!("the client assertion could not be signed: {e}")))
    }
}

impl fmt::Debug for ClientAssertionSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientAssertionSigner")
            .field("algorithm", &self.algorithm)
            .field("key_id", &self.key_id)
            .field("lifetime", &self.lifetime)
            .field("key", &"[REDACTED]")
            .finish()
    }
}
