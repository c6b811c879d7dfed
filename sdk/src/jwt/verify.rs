//! The signature pipeline shared by ID-token validation and access-token verification:
//! structural checks, key selection, then the signature check by `jsonwebtoken`.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

use super::error::{JwtError, KeyProblem, Segment};
use super::jwks::JwksCache;
use super::keys::family_of;
use super::low_s::is_high_s;
use super::parse::parse;
use super::text::sanitize;

/// Where verification keys come from.
pub(crate) struct KeySource<'a> {
    /// Public keys for asymmetric algorithms.
    pub(crate) jwks: &'a JwksCache,
    /// The shared secret for HS256/384/512, when those are allowed.
    pub(crate) hmac_secret: Option<&'a SecretString>,
}

/// How a token's form and signature are checked.
pub(crate) struct SignatureRules<'a> {
    /// The longest token accepted, in bytes.
    pub(crate) max_bytes: usize,
    /// The allowed algorithms.
    pub(crate) allowed: &'a [Algorithm],
    /// Refuse high-S ECDSA signatures (see `low_s`).
    pub(crate) low_s_only: bool,
}

/// A token whose signature verified; its claims are not checked yet.
pub(crate) struct SignedToken {
    pub(crate) alg: Algorithm,
    pub(crate) kid: Option<String>,
    pub(crate) typ: Option<String>,
    pub(crate) payload: Map<String, Value>,
}

/// Parses `token`, picks its key and verifies its signature.
pub(crate) async fn verify_signature(
    token: &str,
    rules: SignatureRules<'_>,
    keys: KeySource<'_>,
) -> Result<SignedToken, JwtError> {
    let parsed = parse(token, rules.max_bytes, rules.allowed)?;
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
        Ok(true) if rules.low_s_only && is_high_s(parsed.alg, parsed.signature) => Err(JwtError::NonCanonicalSignature),
        Ok(true) => Ok(SignedToken {
            alg: parsed.alg,
            kid: parsed.kid,
            typ: parsed.typ,
            payload: parsed.payload,
        }),
        Ok(false) => Err(JwtError::InvalidSignature),
        Err(error) => Err(match error.kind() {
            ErrorKind::InvalidKeyFormat
            | ErrorKind::InvalidRsaKey(_)
            | ErrorKind::InvalidEcdsaKey
            | ErrorKind::InvalidEddsaKey => JwtError::KeyUnsuitable {
                kid: sanitize(parsed.kid.as_deref().unwrap_or_default()),
                problem: KeyProblem::Invalid,
            },
            ErrorKind::Base64(_) => JwtError::Base64 {
                segment: Segment::Signature,
            },
            _ => JwtError::InvalidSignature,
        }),
    }
}
