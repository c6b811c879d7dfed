//! Why a signing key could not be loaded or a token could not be signed. Messages are fixed
//! texts and claim names: they never contain key material, secrets or token text.

use jsonwebtoken::Algorithm;

use super::error::KeyProblem;

/// Loading a [`SigningKey`](super::SigningKey), building a [`JwtSigner`](super::JwtSigner) or
/// signing a token failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignerError {
    /// The PEM or JWK is not a private key of the kind the algorithm needs.
    #[error("the {algorithm:?} private key could not be read: {reason}")]
    InvalidKey {
        /// The algorithm the key was loaded for.
        algorithm: Algorithm,
        /// What was wrong (a fixed description, never the key).
        reason: &'static str,
    },
    /// The key is readable but unfit for signing (an RSA key under 2048 bits, say).
    #[error("the {algorithm:?} private key is unsuitable: {problem}")]
    KeyUnsuitable {
        /// The algorithm the key was loaded for.
        algorithm: Algorithm,
        /// Why.
        problem: KeyProblem,
    },
    /// An HMAC secret shorter than RFC 7518 §3.2 requires (the hash output size: 32 bytes for
    /// HS256, 48 for HS384, 64 for HS512).
    #[error("the {algorithm:?} secret is {bytes} bytes; at least {min_bytes} are required")]
    SecretTooShort {
        /// The HMAC algorithm.
        algorithm: Algorithm,
        /// The secret's length in bytes.
        bytes: usize,
        /// The minimum length in bytes.
        min_bytes: usize,
    },
    /// The algorithm cannot be used with this kind of key source (an HMAC algorithm with a PEM).
    #[error("{algorithm:?} cannot be used here: {reason}")]
    UnsupportedAlgorithm {
        /// The algorithm.
        algorithm: Algorithm,
        /// Why.
        reason: &'static str,
    },
    /// The JWK is not a JSON object with the members its `kty` needs.
    #[error("the JWK could not be read: {reason}")]
    InvalidJwk {
        /// What was wrong (a fixed description naming at most a member).
        reason: &'static str,
    },
    /// [`JwtSignerBuilder::build`](super::JwtSignerBuilder::build) was called without an issuer.
    #[error("a signer needs an issuer (`iss`)")]
    MissingIssuer,
    /// [`JwtSignerBuilder::build`](super::JwtSignerBuilder::build) was called without an
    /// audience.
    #[error("a signer needs at least one audience (`aud`)")]
    MissingAudience,
    /// A custom claim uses a name the signer sets itself (`iss`, `aud`, `exp`, `iat`, `jti`,
    /// or `sub`/`nbf`, which have their own setters).
    #[error("the claim `{name}` is set by the signer; use its own setter")]
    ReservedClaim {
        /// The claim name.
        name: String,
    },
    /// Custom claims did not serialize to a JSON object.
    #[error("the custom claims are not a JSON object: {reason}")]
    Claims {
        /// What serde reported.
        reason: String,
    },
    /// The crypto backend failed to sign.
    #[error("signing with {algorithm:?} failed")]
    Signing {
        /// The algorithm.
        algorithm: Algorithm,
    },
}
