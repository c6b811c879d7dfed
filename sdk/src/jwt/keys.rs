//! A parsed JSON Web Key Set and the rules for picking a key for one token: matching `kid`,
//! `use: sig`, `key_ops` with `verify`, a key type that fits the algorithm, and the key's own
//! `alg` when it has one.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyOperations, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey};
use serde_json::Value;

use super::error::{JwksError, JwtError, KeyProblem};

/// The shortest RSA modulus accepted, in bytes (2048 bits).
const MIN_RSA_MODULUS_BYTES: usize = 256;

/// One key of a set, kept even if it could not be parsed so that a token naming it gets
/// "unsuitable key" rather than "unknown key".
#[derive(Clone)]
struct Entry {
    kid: Option<String>,
    jwk: Option<Jwk>,
}

/// The keys of one JWKS document.
#[derive(Clone, Default)]
pub(crate) struct KeySet {
    entries: Vec<Entry>,
}

impl KeySet {
    /// Parses `{"keys": [...]}`; keys that do not parse are kept as unusable entries.
    pub(crate) fn from_json(bytes: &[u8], url: &str) -> Result<KeySet, JwksError> {
        let invalid = |reason: &str| JwksError::InvalidDocument {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let doc: Value = serde_json::from_slice(bytes).map_err(|_| invalid("not JSON"))?;
        let Some(Value::Array(keys)) = doc.get("keys") else {
            return Err(invalid("no `keys` array"));
        };
        let entries = keys
            .iter()
            .map(|key| Entry {
                kid: key.get("kid").and_then(Value::as_str).map(str::to_owned),
                jwk: serde_json::from_value(key.clone()).ok(),
            })
            .collect();
        Ok(KeySet { entries })
    }

    /// The key for a token with this `kid` (or, without one, the only key that fits `alg`).
    ///
    /// `Ok(None)` means no key has the `kid`: the caller may refetch the set.
    pub(crate) fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<Option<DecodingKey>, JwtError> {
        match kid {
            Some(kid) => {
                let Some(entry) = self.entries.iter().find(|e| e.kid.as_deref() == Some(kid)) else {
                    return Ok(None);
                };
                decoding_key(entry, alg)
                    .map(Some)
                    .map_err(|problem| JwtError::KeyUnsuitable {
                        kid: kid.to_owned(),
                        problem,
                    })
            }
            None => {
                let mut fitting = self.entries.iter().filter_map(|e| decoding_key(e, alg).ok());
                match (fitting.next(), fitting.next()) {
                    (Some(key), None) => Ok(Some(key)),
                    _ => Err(JwtError::MissingKeyId),
                }
            }
        }
    }
}

/// Checks one entry against the token's algorithm and builds its verification key.
fn decoding_key(entry: &Entry, alg: Algorithm) -> Result<DecodingKey, KeyProblem> {
    let jwk = entry.jwk.as_ref().ok_or(KeyProblem::Invalid)?;
    match &jwk.common.public_key_use {
        None | Some(PublicKeyUse::Signature) => {}
        Some(_) => return Err(KeyProblem::WrongUse),
    }
    let ops = jwk.common.key_operations.as_ref();
    if ops.is_some_and(|ops| !ops.contains(&KeyOperations::Verify)) {
        return Err(KeyProblem::WrongOperations);
    }
    let key_alg = jwk.common.key_algorithm;
    if key_alg.is_some_and(|key_alg| key_alg.to_string() != format!("{alg:?}")) {
        return Err(KeyProblem::AlgorithmMismatch);
    }
    check_type(&jwk.algorithm, alg)?;
    DecodingKey::from_jwk(jwk).map_err(|_| KeyProblem::Invalid)
}

/// The key type must belong to the algorithm's family; symmetric keys from a JWKS never do.
fn check_type(params: &AlgorithmParameters, alg: Algorithm) -> Result<(), KeyProblem> {
    let family = family_of(alg);
    match params {
        AlgorithmParameters::RSA(rsa) if family == AlgorithmFamily::Rsa => {
            let modulus = URL_SAFE_NO_PAD
                .decode(rsa.n.trim_end_matches('='))
                .map_err(|_| KeyProblem::Invalid)?;
            let significant = modulus.iter().skip_while(|b| **b == 0).count();
            if significant < MIN_RSA_MODULUS_BYTES {
                return Err(KeyProblem::TooSmall);
            }
            Ok(())
        }
        AlgorithmParameters::EllipticCurve(ec) if family == AlgorithmFamily::Ec => match (alg, &ec.curve) {
            (Algorithm::ES256, EllipticCurve::P256) | (Algorithm::ES384, EllipticCurve::P384) => Ok(()),
            _ => Err(KeyProblem::WrongKeyType),
        },
        AlgorithmParameters::OctetKeyPair(okp)
            if family == AlgorithmFamily::Ed && okp.curve == EllipticCurve::Ed25519 =>
        {
            Ok(())
        }
        _ => Err(KeyProblem::WrongKeyType),
    }
}

/// The family an algorithm belongs to.
pub(crate) fn family_of(alg: Algorithm) -> AlgorithmFamily {
    match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => AlgorithmFamily::Hmac,
        Algorithm::ES256 | Algorithm::ES384 => AlgorithmFamily::Ec,
        Algorithm::EdDSA => AlgorithmFamily::Ed,
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => AlgorithmFamily::Rsa,
    }
}
