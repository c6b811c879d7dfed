//! JSON Web Tokens: ID-token validation, access-token verification for APIs, JWKS caching,
//! and signing your own tokens.
//!
//! - [`IdTokenValidator`] checks ID tokens from the Authentication API (the OAuth flows run it
//!   on every `id_token` they receive); each failed check is its own [`IdTokenError`] variant.
//! - [`JwtVerifier`] checks bearer access tokens sent to your API and returns
//!   [`VerifiedToken`]s with the standard claims, your own claims type, and scope/permission
//!   helpers. With the `axum` feature, the `jwt::axum` module provides extractors.
//! - [`IdTokenValidator::validate_logout_token`] checks OpenID back-channel logout tokens.
//! - [`JwksCache`] fetches and caches signing keys; clone it to share it.
//! - [`JwtSigner`] signs your own tokens (RS256/384/512, PS256/384/512, ES256, ES384, EdDSA,
//!   HS256/384/512) with a [`SigningKey`] from PEM, JWK or secret, and publishes its JWKS. The
//!   same key type backs `private_key_jwt` client authentication.
//! - `LocalKey` (feature `test-util`) mints tokens signed by a random in-memory RSA key, for
//!   tests, including malformed ones.
//!
//! Signatures are checked by the `jsonwebtoken` crate. Before that, every token goes through
//! structural checks: at most 16 KiB, three segments, strict base64url, JSON-object header and
//! payload with no member name repeated at any depth, no `alg: none`, no `crit`, an algorithm from the allowed list whose family matches
//! the key's type. Header parameters that point at keys (`jku`, `x5u`, `jwk`, `x5c`) are never
//! used: keys come only from the configured key set or secret.

#[cfg(feature = "axum")]
pub mod axum;
mod claims;
mod error;
mod hs256;
mod id_token;
mod id_token_claims;
mod id_token_error;
mod issuer;
mod jwks;
mod keys;
#[cfg(feature = "test-util")]
mod local_key;
mod logout_token;
mod low_s;
mod parse;
mod signer;
mod signer_error;
mod signing_jwk;
mod signing_key;
mod strict_json;
mod text;
mod token_claims;
mod verified;
mod verifier;
mod verify;

pub use error::{JwksError, JwtConfigError, JwtError, KeyProblem, Segment};
pub use hs256::{MintError, sign_hs256};
pub use id_token::{DEFAULT_LEEWAY, IdTokenValidator, IdTokenValidatorBuilder};
pub use id_token_claims::{IdTokenClaims, IdTokenExpectations};
pub use id_token_error::IdTokenError;
pub use jsonwebtoken::Algorithm;
pub use jwks::{DEFAULT_JWKS_TTL, DEFAULT_REFETCH_COOLDOWN, JwksCache, JwksCacheBuilder};
#[cfg(feature = "test-util")]
pub use local_key::LocalKey;
pub use logout_token::{BACKCHANNEL_LOGOUT_EVENT, LogoutTokenClaims, LogoutTokenError};
pub use signer::{DEFAULT_TOKEN_LIFETIME, JwtSigner, JwtSignerBuilder};
pub use signer_error::SignerError;
pub use signing_key::SigningKey;
pub use token_claims::TokenClaims;
pub use verified::{AnyClaims, GrantKind, InsufficientScope, StandardClaims, VerifiedToken};
pub use verifier::{JwtVerifier, JwtVerifierBuilder};
