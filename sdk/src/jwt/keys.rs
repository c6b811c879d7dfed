//! A parsed JSON Web Key Set and the rules for picking a key for one token: matching `kid`,
//! `use: sig`, `key_ops` with `verify`, a key type that fits the algorithm, and the key's own
//! `alg` when it has one. Key parameters are validated when the set is loaded, so a broken key
//! (RSA `e = 1`, an even `e`, a short modulus, an EC point off its curve) is reported as
//! [`KeyProblem`]s rather than as a bad signature.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyOperations, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey};
use serde_json::Value;

use super::error::{JwksError, JwtError, KeyProblem};
use super::text::sanitize;

/// The shortest RSA modulus accepted (NIST SP 800-57: 2048 bits until 2030).
const MIN_RSA_MODULUS_BITS: usize = 2048;
/// The longest RSA modulus the `rsa` crate (jsonwebtoken's backend) verifies with (4096 bits).
const MAX_RSA_MODULUS_BITS: usize = rsa::RsaPublicKey::MAX_SIZE;
/// The largest public exponent the `rsa` crate accepts (2^33 − 1).
const MAX_RSA_EXPONENT: u64 = rsa::RsaPublicKey::MAX_PUB_EXPONENT;

/// One key of a set, kept even if it could not be parsed so that a token naming it gets
/// "unsuitable key" rather than "unknown key".
#[derive(Clone)]
struct Entry {
    kid: Option<String>,
    jwk: Option<Jwk>,
    /// What is wrong with the key's parameters, found when the set was loaded.
    broken: Option<KeyProblem>,
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
            .map(|key| {
                let jwk: Option<Jwk> = serde_json::from_value(key.clone()).ok();
                Entry {
                    kid: key.get("kid").and_then(Value::as_str).map(str::to_owned),
                    broken: match &jwk {
                        Some(jwk) => check_parameters(&jwk.algorithm).err(),
                        None => Some(KeyProblem::Invalid),
                    },
                    jwk,
                }
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
                        kid: sanitize(kid),
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
    if let Some(problem) = entry.broken {
        return Err(problem);
    }
    DecodingKey::from_jwk(jwk).map_err(|_| KeyProblem::Invalid)
}

/// The key type must belong to the algorithm's family; symmetric keys from a JWKS never do.
fn check_type(params: &AlgorithmParameters, alg: Algorithm) -> Result<(), KeyProblem> {
    let family = family_of(alg);
    match params {
        AlgorithmParameters::RSA(_) if family == AlgorithmFamily::Rsa => Ok(()),
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

/// Whether the key's parameters make a usable public key, whatever the token: RSA modulus
/// size and parity and exponent, EC and Ed25519 points on their curves.
fn check_parameters(params: &AlgorithmParameters) -> Result<(), KeyProblem> {
    match params {
        AlgorithmParameters::RSA(rsa) => check_rsa(&decode(&rsa.n)?, &decode(&rsa.e)?),
        AlgorithmParameters::EllipticCurve(ec) => {
            let (x, y) = (decode(&ec.x)?, decode(&ec.y)?);
            match ec.curve {
                EllipticCurve::P256 => check_point(&x, &y, 32, |p| p256::PublicKey::from_sec1_bytes(p).is_ok()),
                EllipticCurve::P384 => check_point(&x, &y, 48, |p| p384::PublicKey::from_sec1_bytes(p).is_ok()),
                // Other curves are never used (check_type refuses them for every algorithm).
                _ => Ok(()),
            }
        }
        AlgorithmParameters::OctetKeyPair(okp) if okp.curve == EllipticCurve::Ed25519 => {
            let x: [u8; 32] = decode(&okp.x)?.try_into().map_err(|_| KeyProblem::Invalid)?;
            match ed25519_dalek::VerifyingKey::from_bytes(&x) {
                Ok(key) if !key.is_weak() => Ok(()),
                _ => Err(KeyProblem::NotOnCurve),
            }
        }
        _ => Ok(()),
    }
}

fn decode(text: &str) -> Result<Vec<u8>, KeyProblem> {
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| KeyProblem::Invalid)
}

/// Big-endian modulus and exponent: 2048–4096 bits (counted in bits, not bytes), an odd
/// modulus, and an odd exponent from 3 to 2^33 − 1.
pub(crate) fn check_rsa(n: &[u8], e: &[u8]) -> Result<(), KeyProblem> {
    let n = strip_zeros(n);
    let bits = match n.first() {
        Some(first) => n.len() * 8 - first.leading_zeros() as usize,
        None => 0,
    };
    if bits < MIN_RSA_MODULUS_BITS {
        return Err(KeyProblem::TooSmall);
    }
    if bits > MAX_RSA_MODULUS_BITS {
        return Err(KeyProblem::TooLarge);
    }
    if n.last().is_some_and(|b| b % 2 == 0) {
        return Err(KeyProblem::Invalid);
    }
    let e = strip_zeros(e);
    if e.len() > 8 {
        return Err(KeyProblem::BadExponent);
    }
    let e = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    if e < 3 || e % 2 == 0 || e > MAX_RSA_EXPONENT {
        return Err(KeyProblem::BadExponent);
    }
    Ok(())
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// Affine coordinates of exactly the field size (RFC 7518 §6.2.1.2) naming a point of the
/// curve other than the identity.
fn check_point(x: &[u8], y: &[u8], size: usize, on_curve: impl Fn(&[u8]) -> bool) -> Result<(), KeyProblem> {
    if x.len() != size || y.len() != size {
        return Err(KeyProblem::Invalid);
    }
    let mut sec1 = Vec::with_capacity(1 + 2 * size);
    sec1.push(0x04);
    sec1.extend_from_slice(x);
    sec1.extend_from_slice(y);
    if on_curve(&sec1) {
        Ok(())
    } else {
        Err(KeyProblem::NotOnCurve)
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
