//! The tenant's RSA signing key: generated at start, published as a JWKS, used for RS256.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, rand_core::OsRng};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::errors::StartError;

/// Key size; 2048 bits is what Auth0 uses.
const BITS: usize = 2048;

/// A signing key pair plus its public JWK.
pub(crate) struct SigningKey {
    pub kid: String,
    encoding: EncodingKey,
    pub decoding: DecodingKey,
    pub jwk: Value,
}

impl SigningKey {
    /// Generates a fresh 2048-bit key (≈100 ms with the workspace's optimised `rsa` profile).
    pub fn generate() -> Result<Self, StartError> {
        let private = RsaPrivateKey::new(&mut OsRng, BITS).map_err(|e| StartError::SigningKey(e.to_string()))?;
        Self::from_private(&private)
    }

    /// One key per process, generated on first use: for test suites that start many tenants
    /// and would rather not pay for key generation each time.
    pub fn shared() -> Result<Self, StartError> {
        static SHARED: std::sync::OnceLock<Result<RsaPrivateKey, String>> = std::sync::OnceLock::new();
        let private = SHARED
            .get_or_init(|| RsaPrivateKey::new(&mut OsRng, BITS).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| StartError::SigningKey(e.clone()))?;
        Self::from_private(private)
    }

    fn from_private(private: &RsaPrivateKey) -> Result<Self, StartError> {
        let der = private
            .to_pkcs1_der()
            .map_err(|e| StartError::SigningKey(e.to_string()))?;
        let n = private.n().to_bytes_be();
        let e = private.e().to_bytes_be();
        // The kid is derived from the modulus so it is stable for a given key.
        let kid = URL_SAFE_NO_PAD.encode(&Sha256::digest(&n)[..16]);
        let jwk = json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": kid,
            "n": URL_SAFE_NO_PAD.encode(&n),
            "e": URL_SAFE_NO_PAD.encode(&e),
        });
        Ok(Self {
            kid,
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            decoding: DecodingKey::from_rsa_raw_components(&n, &e),
            jwk,
        })
    }

    /// Signs `claims` as an RS256 JWT with this key's `kid`.
    pub fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        // Encoding a JSON object with a valid RSA key cannot fail; an empty token would be
        // rejected by any verifier, which is the safe outcome if it somehow did.
        jsonwebtoken::encode(&header, claims, &self.encoding).unwrap_or_default()
    }

    /// The JWKS document served at `/.well-known/jwks.json`.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk] })
    }
}
