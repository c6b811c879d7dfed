//! The signature pipeline shared by ID-token validation and access-token verification:
//! structural checks, key selection, then the signature check by `jsonwebtoken`.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

use super::error::{JwtError, KeyProblem, Segment};
use super::jwks::JwksCache;
use super::keys::family_of;
use super::parse::parse;

/// Where verification keys come from.
pub(crate) struct KeySource<'a> {
    /// Public keys for asymmetric algorithms.
    pub(crate) jwks: &'a JwksCache,
    /// The shared secret for HS256/384/512, when those are allowed.
    pub(crate) hmac_secret: Option<&'a SecretString>,
}

/// A token whose signature verified; its claims are not checked yet.
pub(crate) struct SignedToken {
    pub(crate) alg: Algorithm,
    pub(crate) kid: Option<String>,
    pub(crate) payload: Map<String, Value>,
}

/// Parses `token`, picks its key and verifies its signature.
pub(crate) async fn verify_signature(
    token: &str,
    max_bytes: usize,
    allowed: &[Algorithm],
    keys: KeySource<'_>,
) -> Result<SignedToken, JwtError> {
    let parsed = parse(token, max_bytes, allowed)?;
    let key = match family_of(parsed.alg) {
        AlgorithmFamily::Hmac => match keys.hmac_secret {
            Some(secret) => DecodingKey::from_secret(secret.expose_secret().as_bytes()),
            // Builders refuse HMAC algorithms without a secret; never fall back to a JWKS key.
            None => {
                return Err(JwtError::AlgorithmNotAllowed {
                    alg: format!("{:?}", parsed.alg),
                });
            }
        },
        _ => keys.jwks.key(parsed.kid.as_deref(), parsed.alg).await?,
    };
    match jsonwebtoken::crypto::verify(parsed.signature, parsed.signing_input.as_bytes(), &key, parsed.alg) {
        Ok(true) => Ok(SignedToken {
            alg: parsed.alg,
            kid: parsed.kid,
            payload: parsed.payload,
        }),
        Ok(false) => Err(JwtError::InvalidSignature),
        Err(error) => Err(match error.kind() {
            ErrorKind::InvalidKeyFormat
            | ErrorKind::InvalidRsaKey(_)
            | ErrorKind::InvalidEcdsaKey
            | ErrorKind::InvalidEddsaKey => JwtError::KeyUnsuitable {
                kid: parsed.kid.unwrap_or_default(),
                problem: KeyProblem::Invalid,
            },
            ErrorKind::Base64(_) => JwtError::Base64 {
                segment: Segment::Signature,
            },
            _ => JwtError::InvalidSignature,
        }),
    }
}
