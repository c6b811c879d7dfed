//! Private JWKs (RFC 7518 §6) turned into [`SigningKey`]s. The key's public members are checked
//! against the private ones, so a JWK whose `x`/`y`/`n` do not belong to its `d` is refused
//! instead of publishing a public key that verifies nothing.

use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, AlgorithmFamily};
use secrecy::SecretSlice;
use serde_json::Value;

use super::keys::family_of;
use super::signer_error::SignerError;
use super::signing_key::SigningKey;

fn invalid(reason: &'static str) -> SignerError {
    SignerError::InvalidJwk { reason }
}

/// A base64url member, decoded.
fn member(jwk: &Value, name: &'static str, missing: &'static str) -> Result<Vec<u8>, SignerError> {
    let text = jwk.get(name).and_then(Value::as_str).ok_or(invalid(missing))?;
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| invalid("a member is not base64url"))
}

// Here rather than beside the other constructors so the JWK parsing depends on `SigningKey`
// and not the reverse.
impl SigningKey {
    /// A private JWK (RFC 7517/7518) as JSON text: `kty` `RSA` with `n`, `e`, `d` (and
    /// ideally `p`, `q`), `EC` with `crv` `P-256`/`P-384`, `x`, `y`, `d`, `OKP` with `crv`
    /// `Ed25519`, `x`, `d`, or `oct` with `k`. The algorithm is the JWK's `alg`, or else
    /// RS256, ES256, ES384, EdDSA or HS256 by key type; the key id is its `kid`.
    pub fn from_jwk(jwk_json: &str) -> Result<Self, SignerError> {
        let jwk: Value = serde_json::from_str(jwk_json).map_err(|_| SignerError::InvalidJwk {
            reason: "not a JSON object",
        })?;
        from_jwk(&jwk)
    }
}

pub(crate) fn from_jwk(jwk: &Value) -> Result<SigningKey, SignerError> {
    if !jwk.is_object() {
        return Err(invalid("not a JSON object"));
    }
    let kty = jwk.get("kty").and_then(Value::as_str).ok_or(invalid("no `kty`"))?;
    let crv = jwk.get("crv").and_then(Value::as_str);
    let default = match (kty, crv) {
        ("RSA", _) => Algorithm::RS256,
        ("EC", Some("P-256")) => Algorithm::ES256,
        ("EC", Some("P-384")) => Algorithm::ES384,
        ("OKP", Some("Ed25519")) => Algorithm::EdDSA,
        ("oct", _) => Algorithm::HS256,
        _ => {
            return Err(invalid(
                "unsupported `kty`/`crv` (RSA, EC P-256/P-384, OKP Ed25519, oct)",
            ));
        }
    };
    let algorithm = match jwk.get("alg") {
        None => default,
        Some(Value::String(alg)) => Algorithm::from_str(alg).map_err(|_| invalid("unknown `alg`"))?,
        Some(_) => return Err(invalid("`alg` is not a string")),
    };
    let fits = match family_of(algorithm) {
        AlgorithmFamily::Ec => algorithm == default,
        family => family == family_of(default),
    };
    if !fits {
        return Err(invalid("the `alg` does not fit the key type"));
    }
    let key = match kty {
        "RSA" => rsa_key(jwk, algorithm)?,
        "EC" => ec_key(jwk, algorithm)?,
        "OKP" => ed_key(jwk)?,
        _ => SigningKey::hmac(algorithm, SecretSlice::from(member(jwk, "k", "no `k`")?))?,
    };
    Ok(match jwk.get("kid").and_then(Value::as_str) {
        Some(kid) => key.with_kid(kid),
        None => key,
    })
}

fn rsa_key(jwk: &Value, algorithm: Algorithm) -> Result<SigningKey, SignerError> {
    use rsa::BigUint;
    let int = |name, missing| member(jwk, name, missing).map(|b| BigUint::from_bytes_be(&b));
    let n = int("n", "no `n`")?;
    let e = int("e", "no `e`")?;
    let d = int("d", "no `d`: a public key cannot sign")?;
    // Without `p` and `q` the rsa crate recovers them from n, e and d.
    let primes = match (jwk.get("p"), jwk.get("q")) {
        (Some(_), Some(_)) => vec![int("p", "no `p`")?, int("q", "no `q`")?],
        _ => Vec::new(),
    };
    let private = rsa::RsaPrivateKey::from_components(n, e, d, primes).map_err(|_| SignerError::InvalidKey {
        algorithm,
        reason: "the RSA parameters do not form a valid key",
    })?;
    SigningKey::rsa_from_private(algorithm, &private)
}

fn ec_key(jwk: &Value, algorithm: Algorithm) -> Result<SigningKey, SignerError> {
    use p256::pkcs8::EncodePrivateKey as _;
    let d = member(jwk, "d", "no `d`: a public key cannot sign")?;
    let mismatch = SignerError::InvalidKey {
        algorithm,
        reason: "`d` is not a valid scalar or does not match `x`/`y`",
    };
    let der = match algorithm {
        Algorithm::ES256 => p256::SecretKey::from_slice(&d).ok().and_then(|k| k.to_pkcs8_der().ok()),
        _ => p384::SecretKey::from_slice(&d).ok().and_then(|k| k.to_pkcs8_der().ok()),
    }
    .ok_or_else(|| mismatch.clone())?;
    let key = SigningKey::ec_pkcs8(algorithm, der.as_bytes())?;
    let public = key.public_jwk().unwrap_or_default();
    if public.get("x") != jwk.get("x") || public.get("y") != jwk.get("y") {
        return Err(mismatch);
    }
    Ok(key)
}

fn ed_key(jwk: &Value) -> Result<SigningKey, SignerError> {
    use ed25519_dalek::pkcs8::EncodePrivateKey as _;
    let mismatch = SignerError::InvalidKey {
        algorithm: Algorithm::EdDSA,
        reason: "`d` is not 32 bytes or does not match `x`",
    };
    let d: [u8; 32] = member(jwk, "d", "no `d`: a public key cannot sign")?
        .try_into()
        .map_err(|_| mismatch.clone())?;
    let der = ed25519_dalek::SigningKey::from_bytes(&d)
        .to_pkcs8_der()
        .map_err(|_| mismatch.clone())?;
    let key = SigningKey::ed_pkcs8(der.as_bytes())?;
    if key.public_jwk().unwrap_or_default().get("x") != jwk.get("x") {
        return Err(mismatch);
    }
    Ok(key)
}
