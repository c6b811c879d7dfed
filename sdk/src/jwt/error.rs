//! Why a token was rejected: one variant per failure, shared by ID-token validation and
//! access-token verification.
//!
//! Messages name the failing check and, where useful, the offending claim value (issuer,
//! audience, timestamps); they never contain the token, a signature or key material. Text
//! taken from a token (a `kid`, an issuer, a claim value) is cut to 64 characters with control
//! and bidi-override characters escaped, so it cannot forge log lines or terminal output.

use std::fmt;

/// One of the three dot-separated parts of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// The JOSE header (first part).
    Header,
    /// The claims (second part).
    Payload,
    /// The signature (third part).
    Signature,
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Segment::Header => "header",
            Segment::Payload => "payload",
            Segment::Signature => "signature",
        })
    }
}

/// Why a key from the JWKS cannot verify the token even though its `kid` matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyProblem {
    /// The key's `use` is not `sig` (for example an encryption key, `use: enc`).
    WrongUse,
    /// The key's `key_ops` do not include `verify`.
    WrongOperations,
    /// The key type (`kty`) does not fit the token's algorithm family (for example an EC key
    /// for an RS256 token, or any symmetric `oct` key published in a JWKS).
    WrongKeyType,
    /// The key's own `alg` differs from the token's `alg`.
    AlgorithmMismatch,
    /// The RSA modulus is shorter than 2048 bits.
    TooSmall,
    /// The RSA modulus is longer than 4096 bits, the most the crypto backend verifies.
    TooLarge,
    /// The RSA public exponent is unusable: even, smaller than 3, or larger than 2^33 − 1.
    BadExponent,
    /// The EC or Ed25519 public key is not a point of its curve (or is a small-order point).
    NotOnCurve,
    /// The key parameters could not be turned into a usable public key.
    Invalid,
}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyProblem::WrongUse => "the key's `use` is not `sig`",
            KeyProblem::WrongOperations => "the key's `key_ops` do not allow `verify`",
            KeyProblem::WrongKeyType => "the key type does not fit the token's algorithm",
            KeyProblem::AlgorithmMismatch => "the key's `alg` differs from the token's",
            KeyProblem::TooSmall => "the RSA key is shorter than 2048 bits",
            KeyProblem::TooLarge => "the RSA key is longer than 4096 bits",
            KeyProblem::BadExponent => "the RSA public exponent is unusable",
            KeyProblem::NotOnCurve => "the public key is not a valid point of its curve",
            KeyProblem::Invalid => "the key parameters are not a valid public key",
        })
    }
}

/// Fetching or reading a JSON Web Key Set failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwksError {
    /// The request failed before a response arrived (connection, TLS, timeout).
    #[error("fetching the JWKS from {url} failed: {reason}")]
    Transport {
        /// The JWKS URL.
        url: String,
        /// What the HTTP client reported.
        reason: String,
    },
    /// The server answered with a non-success status.
    #[error("fetching the JWKS from {url} returned HTTP {status}")]
    Status {
        /// The JWKS URL.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The body was not a JSON object with a `keys` array (or was larger than allowed).
    #[error("the JWKS from {url} is not a valid key set: {reason}")]
    InvalidDocument {
        /// The JWKS URL (or `<inline>` for a key set given as text).
        url: String,
        /// What was wrong.
        reason: String,
    },
    /// A fetch failed moments ago; to avoid hammering the server no new one is tried until the
    /// cool-down passes.
    #[error("the JWKS is unavailable (last fetch failed: {last_error}); retrying after the cool-down")]
    CoolingDown {
        /// The error of the last fetch.
        last_error: String,
    },
}

/// Why a JWT was rejected by [`JwtVerifier`](super::JwtVerifier) or the shared part of
/// [`IdTokenValidator`](super::IdTokenValidator).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwtError {
    /// The token is longer than the configured maximum (16 KiB by default).
    #[error("the token is {size} bytes, more than the {max} allowed")]
    TooLarge {
        /// The token's length in bytes.
        size: usize,
        /// The configured maximum.
        max: usize,
    },
    /// The token does not have exactly three dot-separated parts (a JWE has five).
    #[error("a signed JWT has 3 dot-separated parts; this token has {found}")]
    SegmentCount {
        /// How many parts the token has.
        found: usize,
    },
    /// A part is not canonical unpadded base64url.
    #[error("the token's {segment} is not valid base64url")]
    Base64 {
        /// Which part.
        segment: Segment,
    },
    /// The header or payload is not a JSON object.
    #[error("the token's {segment} is not a JSON object")]
    NotJson {
        /// Which part.
        segment: Segment,
    },
    /// The header or payload names the same member twice (`{"alg":"none","alg":"RS256"}`,
    /// two `exp`s), at any depth: parsers disagree on which one counts, so neither does.
    #[error("the token's {segment} has the member `{name}` more than once")]
    DuplicateMember {
        /// Which part.
        segment: Segment,
        /// The repeated name (control characters escaped, truncated).
        name: String,
    },
    /// A header parameter has the wrong JSON type (for example a numeric `kid`).
    #[error("the token header's `{param}` parameter is malformed")]
    InvalidHeader {
        /// The header parameter.
        param: &'static str,
    },
    /// The header says `alg: none` (an unsigned token).
    #[error("unsigned tokens (`alg: none`) are never accepted")]
    AlgNone,
    /// The header names an algorithm this library does not know.
    #[error("the token's algorithm `{alg}` is not supported")]
    UnsupportedAlgorithm {
        /// The `alg` header value.
        alg: String,
    },
    /// The header names an algorithm that is not in the allowed list.
    #[error("the token's algorithm `{alg}` is not allowed")]
    AlgorithmNotAllowed {
        /// The `alg` header value.
        alg: String,
    },
    /// The header has a `crit` parameter: it demands extensions this library does not process.
    #[error("the token has critical header extensions ({names:?}) that are not understood")]
    CriticalHeader {
        /// The extension names listed in `crit` (empty if `crit` was not a list of strings).
        names: Vec<String>,
    },
    /// The header has no `kid` and the key set has more than one candidate key.
    #[error("the token has no `kid` and the key set has several candidate keys")]
    MissingKeyId,
    /// No key in the key set has the token's `kid`, even after a refetch.
    #[error("no key with id `{kid}` in the key set")]
    UnknownKeyId {
        /// The token's `kid`.
        kid: String,
    },
    /// The key with the token's `kid` cannot verify this token.
    #[error("key `{kid}` cannot verify this token: {problem}")]
    KeyUnsuitable {
        /// The key's id (empty if the key has none).
        kid: String,
        /// Why.
        problem: KeyProblem,
    },
    /// The signature does not verify with the selected key.
    #[error("the token's signature is invalid")]
    InvalidSignature,
    /// An ECDSA signature has a high `S` value (`S > n/2`): it verifies, but it is the
    /// malleated twin of the canonical low-`S` signature. Only reported when
    /// [`ecdsa_low_s_only`](super::JwtVerifierBuilder::ecdsa_low_s_only) is on.
    #[error("the token's ECDSA signature is not in canonical low-S form")]
    NonCanonicalSignature,
    /// The header's `typ` is not the one required (RFC 9068 access tokens are `at+jwt`).
    #[error("the token's type {found:?} is not the required `{expected}`")]
    WrongType {
        /// The header's `typ` (control characters escaped, truncated), if any.
        found: Option<String>,
        /// The required type.
        expected: &'static str,
    },
    /// The key set could not be fetched.
    #[error(transparent)]
    Jwks(#[from] JwksError),
    /// A required claim is absent.
    #[error("the token has no `{claim}` claim")]
    MissingClaim {
        /// The claim name.
        claim: &'static str,
    },
    /// A claim is present but has the wrong type or shape, or the caller's claims type could
    /// not be deserialized from the payload.
    #[error("the token's `{claim}` claim is malformed: {reason}")]
    InvalidClaim {
        /// The claim name (`*` for the caller's claims type as a whole).
        claim: String,
        /// What was wrong.
        reason: String,
    },
    /// `exp` is in the past (beyond the leeway).
    #[error("the token expired at {exp} (now {now})")]
    Expired {
        /// The `exp` claim.
        exp: u64,
        /// The verifier's clock.
        now: u64,
    },
    /// `nbf` is in the future (beyond the leeway).
    #[error("the token is not valid before {nbf} (now {now})")]
    NotYetValid {
        /// The `nbf` claim.
        nbf: u64,
        /// The verifier's clock.
        now: u64,
    },
    /// `iat` is in the future (beyond the leeway).
    #[error("the token claims to be issued at {iat}, in the future (now {now})")]
    IssuedInFuture {
        /// The `iat` claim.
        iat: u64,
        /// The verifier's clock.
        now: u64,
    },
    /// `iss` is not the expected issuer (compared exactly, trailing slash included).
    #[error("the token's issuer `{found}` is not the expected one")]
    WrongIssuer {
        /// The token's `iss`.
        found: String,
    },
    /// `aud` contains none of the expected audiences.
    #[error("the token's audience {found:?} contains none of the expected ones")]
    WrongAudience {
        /// The token's `aud` values.
        found: Vec<String>,
    },
}

impl JwtError {
    /// A short, fixed description suitable for an RFC 6750 `error_description` (no
    /// token-controlled text).
    pub fn short_description(&self) -> &'static str {
        match self {
            JwtError::TooLarge { .. } => "The token is too large",
            JwtError::SegmentCount { .. }
            | JwtError::Base64 { .. }
            | JwtError::NotJson { .. }
            | JwtError::DuplicateMember { .. }
            | JwtError::InvalidHeader { .. } => "The token is malformed",
            JwtError::AlgNone | JwtError::UnsupportedAlgorithm { .. } | JwtError::AlgorithmNotAllowed { .. } => {
                "The token's algorithm is not accepted"
            }
            JwtError::CriticalHeader { .. } => "The token has unsupported critical headers",
            JwtError::MissingKeyId | JwtError::UnknownKeyId { .. } | JwtError::KeyUnsuitable { .. } => {
                "The token's signing key is not trusted"
            }
            JwtError::InvalidSignature | JwtError::NonCanonicalSignature => "The token's signature is invalid",
            JwtError::WrongType { .. } => "The token is not an access token",
            JwtError::Jwks(_) => "The signing keys are unavailable",
            JwtError::MissingClaim { .. } | JwtError::InvalidClaim { .. } => "The token's claims are malformed",
            JwtError::Expired { .. } => "The token expired",
            JwtError::NotYetValid { .. } | JwtError::IssuedInFuture { .. } => "The token is not valid yet",
            JwtError::WrongIssuer { .. } => "The token's issuer is not trusted",
            JwtError::WrongAudience { .. } => "The token is not meant for this audience",
        }
    }
}

/// A verifier or validator was configured in a way that would be unsafe or cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwtConfigError {
    /// No expected issuer was given.
    #[error("an expected issuer is required")]
    NoIssuer,
    /// No expected audience was given (accepting any audience lets tokens meant for another
    /// API through).
    #[error("at least one expected audience is required")]
    NoAudience,
    /// The allowed-algorithm list is empty.
    #[error("at least one algorithm must be allowed")]
    NoAlgorithms,
    /// An HMAC algorithm (HS256/384/512) is allowed but no shared secret was given.
    #[error("HMAC algorithms need a shared secret")]
    HmacWithoutSecret,
    /// The shared secret is empty.
    #[error("the shared secret is empty")]
    EmptySecret,
    /// The shared secret is shorter than RFC 7518 §3.2 requires for an allowed HMAC algorithm
    /// (at least as many bytes as the hash output: 32 for HS256, 48 for HS384, 64 for HS512).
    #[error("the shared secret is {bytes} bytes; {algorithm:?} needs at least {min_bytes}")]
    SecretTooShort {
        /// The HMAC algorithm whose minimum is not met.
        algorithm: jsonwebtoken::Algorithm,
        /// The secret's length in bytes.
        bytes: usize,
        /// The minimum length in bytes.
        min_bytes: usize,
    },
}
