//! HS256 signing with a shared secret (an Auth0 client secret), and the raw signing step
//! shared with the `test-util` `LocalKey`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::{Value, json};

/// Minting a token failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MintError {
    /// The RSA key could not be generated or encoded.
    #[error("RSA key generation failed: {0}")]
    KeyGeneration(String),
    /// The claims could not be serialized to JSON.
    #[error("the claims could not be serialized: {0}")]
    Claims(String),
    /// The HS256 secret is shorter than 32 bytes.
    #[error("the HS256 secret is {bytes} bytes; at least 32 are required")]
    SecretTooShort {
        /// The secret's length in bytes.
        bytes: usize,
    },
    /// Signing failed.
    #[error("signing failed: {0}")]
    Signing(String),
}

/// Signs `claims` as an HS256 JWT with a shared secret (an Auth0 client secret in tests of
/// HS256 ID tokens).
///
/// The secret must be at least 32 bytes (RFC 7518 §3.2), as verifiers require.
pub fn sign_hs256(secret: &SecretString, claims: &impl Serialize) -> Result<String, MintError> {
    let bytes = secret.expose_secret().len();
    if bytes < 32 {
        return Err(MintError::SecretTooShort { bytes });
    }
    let header = json!({ "alg": "HS256", "typ": "JWT" });
    let payload = serde_json::to_vec(claims).map_err(|e| MintError::Claims(e.to_string()))?;
    let key = EncodingKey::from_secret(secret.expose_secret().as_bytes());
    sign_input(&header, &payload, &key, Algorithm::HS256)
}

pub(crate) fn sign_input(
    header: &Value,
    payload: &[u8],
    key: &EncodingKey,
    alg: Algorithm,
) -> Result<String, MintError> {
    let header = serde_json::to_vec(header).map_err(|e| MintError::Claims(e.to_string()))?;
    let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(payload));
    let signature =
        jsonwebtoken::crypto::sign(input.as_bytes(), key, alg).map_err(|e| MintError::Signing(e.to_string()))?;
    Ok(format!("{input}.{signature}"))
}
