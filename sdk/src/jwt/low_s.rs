//! ECDSA signature malleability: for every valid signature `(r, s)`, `(r, n − s)` verifies
//! too. Signatures this crate makes are always normalised to the low-`S` form (`s ≤ n/2`);
//! the verifier can be told to refuse the high-`S` twin.
//!
//! Refusing high-`S` is opt-in because RFC 7518 §3.4 does not require low-`S`, and most
//! ECDSA signers (OpenSSL and so Node's `crypto`, WebCrypto, Go's `crypto/ecdsa`, Java, and
//! jsonwebtoken's own rust_crypto backend) emit high-`S` for about half of their signatures:
//! a default refusal would reject every other legitimate ES256 token. The twin carries the
//! same header and claims, so malleability only matters to code that identifies a token by
//! its bytes (a replay or revocation list keyed on the token or signature rather than `jti`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Algorithm;

/// The signature (base64url) in low-`S` form; other algorithms' signatures unchanged.
/// `None` if an ECDSA signature cannot be decoded.
pub(crate) fn normalize(algorithm: Algorithm, signature_b64: &str) -> Option<String> {
    let normalized = match algorithm {
        Algorithm::ES256 => {
            let signature = p256::ecdsa::Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature_b64).ok()?).ok()?;
            signature.normalize_s().map(|s| s.to_vec())
        }
        Algorithm::ES384 => {
            let signature = p384::ecdsa::Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature_b64).ok()?).ok()?;
            signature.normalize_s().map(|s| s.to_vec())
        }
        _ => None,
    };
    Some(normalized.map_or_else(|| signature_b64.to_owned(), |bytes| URL_SAFE_NO_PAD.encode(bytes)))
}

/// Whether an ES256/ES384 signature (base64url) has a high `S`; `false` for other algorithms
/// and for signatures that do not decode (the signature check reports those).
pub(crate) fn is_high_s(algorithm: Algorithm, signature_b64: &str) -> bool {
    let Ok(bytes) = URL_SAFE_NO_PAD.decode(signature_b64) else {
        return false;
    };
    match algorithm {
        Algorithm::ES256 => p256::ecdsa::Signature::from_slice(&bytes).is_ok_and(|s| s.normalize_s().is_some()),
        Algorithm::ES384 => p384::ecdsa::Signature::from_slice(&bytes).is_ok_and(|s| s.normalize_s().is_some()),
        _ => false,
    }
}
