//! Minting tokens with a local key, for tests: a generated RSA key, its public JWKS, and
//! signing of arbitrary claims (or arbitrary header and payload bytes, to build malformed
//! tokens). Only with the `test-util` feature: no production build needs random test keys.
//!
//! ```
//! use auth0_sdk::jwt::{JwtVerifier, LocalKey};
//! use serde_json::json;
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let key = LocalKey::generate_rsa("test-key")?;
//! let verifier = JwtVerifier::builder()
//!     .issuer("https://issuer.test/")
//!     .audience("https://api.test")
//!     .jwks(key.jwks_cache())
//!     .build()?;
//! let token = key.sign(&json!({
//!     "iss": "https://issuer.test/", "aud": "https://api.test", "sub": "user-1",
//!     "exp": 4_102_444_800u64, "scope": "read:things",
//! }))?;
//! assert!(verifier.verify_any(&token).await?.has_scope("read:things"));
//! # Ok(()) }
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde::Serialize;
use serde_json::{Value, json};

use super::hs256::{MintError, sign_input};
use super::jwks::JwksCache;

/// An RSA key pair held in memory that signs RS256 tokens and publishes its public half as a
/// JWKS. For tests only: the private key lives in process memory.
pub struct LocalKey {
    kid: String,
    encoding: EncodingKey,
    public: RsaPublicKey,
}

impl std::fmt::Debug for LocalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl LocalKey {
    /// Generates a 2048-bit RSA key with this key id. Slow in unoptimised builds (about a
    /// second); generate once per test binary and share.
    pub fn generate_rsa(kid: impl Into<String>) -> Result<Self, MintError> {
        Self::generate_rsa_bits(kid, 2048)
    }

    /// Generates an RSA key of `bits` bits (keys under 2048 bits are rejected by verifiers:
    /// useful to test exactly that).
    pub fn generate_rsa_bits(kid: impl Into<String>, bits: usize) -> Result<Self, MintError> {
        let private = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, bits)
            .map_err(|e| MintError::KeyGeneration(e.to_string()))?;
        Self::from_private(kid.into(), private)
    }

    fn from_private(kid: String, private: RsaPrivateKey) -> Result<Self, MintError> {
        let der = private
            .to_pkcs1_der()
            .map_err(|e| MintError::KeyGeneration(e.to_string()))?;
        Ok(LocalKey {
            kid,
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            public: private.to_public_key(),
        })
    }

    /// The same key pair under another key id (to simulate a JWKS listing a key under a
    /// different `kid`).
    pub fn with_kid(&self, kid: impl Into<String>) -> Self {
        LocalKey {
            kid: kid.into(),
            encoding: self.encoding.clone(),
            public: self.public.clone(),
        }
    }

    /// The key id written into tokens and the JWK.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as a JWK: `kty: RSA`, `use: sig`, `alg: RS256`, `kid`, `n`, `e`.
    pub fn public_jwk(&self) -> Value {
        json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(self.public.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(self.public.e().to_bytes_be()),
        })
    }

    /// A JWKS document holding this key's public half.
    pub fn jwks_json(&self) -> String {
        Self::jwks_json_of(&[self])
    }

    /// A JWKS document holding the public halves of `keys`.
    pub fn jwks_json_of(keys: &[&LocalKey]) -> String {
        json!({ "keys": keys.iter().map(|k| k.public_jwk()).collect::<Vec<_>>() }).to_string()
    }

    /// A fixed [`JwksCache`] holding this key, for building verifiers in tests.
    pub fn jwks_cache(&self) -> JwksCache {
        JwksCache::from_json(&self.jwks_json()).unwrap_or_else(|_| JwksCache::empty())
    }

    /// The public key as a SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn public_key_pem(&self) -> Result<String, MintError> {
        self.public
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| MintError::KeyGeneration(e.to_string()))
    }

    /// Signs `claims` as an RS256 JWT with header `{"alg":"RS256","typ":"JWT","kid":…}`.
    pub fn sign(&self, claims: &impl Serialize) -> Result<String, MintError> {
        let header = json!({ "alg": "RS256", "typ": "JWT", "kid": self.kid });
        let payload = serde_json::to_vec(claims).map_err(|e| MintError::Claims(e.to_string()))?;
        self.sign_raw(&header, &payload)
    }

    /// Signs exactly this header JSON and these payload bytes with RS256, whatever the header
    /// says: for building hostile tokens (`crit`, `jku`, a non-JSON payload…).
    pub fn sign_raw(&self, header: &Value, payload: &[u8]) -> Result<String, MintError> {
        sign_input(header, payload, &self.encoding, Algorithm::RS256)
    }
}
