//! JSON Web Tokens: ID-token validation, access-token verification for APIs, JWKS caching,
//! and minting tokens with a local key for tests.
//!
//! - [`IdTokenValidator`] checks ID tokens from the Authentication API (the OAuth flows run it
//!   on every `id_token` they receive); each failed check is its own [`IdTokenError`] variant.
//! - [`JwtVerifier`] checks bearer access tokens sent to your API and returns
//!   [`VerifiedToken`]s with the standard claims, your own claims type, and scope/permission
//!   helpers. With the `axum` feature, the `jwt::axum` module provides extractors.
//! - [`JwksCache`] fetches and caches signing keys; clone it to share it.
//! - [`LocalKey`] mints tokens signed by an in-memory key, for tests.
//!
//! Signatures are checked by the `jsonwebtoken` crate. Before that, every token goes through
//! structural checks: at most 16 KiB, three segments, strict base64url, JSON-object header and
//! payload, no `alg: none`, no `crit`, an algorithm from the allowed list whose family matches
//! the key's type. Header parameters that point at keys (`jku`, `x5u`, `jwk`, `x5c`) are never
//! used: keys come only from the configured key set or secret.

#[cfg(feature = "axum")]
pub mod axum;
mod claims;
mod error;
mod id_token;
mod id_token_claims;
mod id_token_error;
mod issuer;
mod jwks;
mod keys;
mod mint;
mod parse;
mod verified;
mod verifier;
mod verify;

pub use error::{JwksError, JwtConfigError, JwtError, KeyProblem, Segment};
pub use id_token::{DEFAULT_LEEWAY, IdTokenValidator, IdTokenValidatorBuilder};
pub use id_token_claims::{IdTokenClaims, IdTokenExpectations};
pub use id_token_error::IdTokenError;
pub use jsonwebtoken::Algorithm;
pub use jwks::{DEFAULT_JWKS_TTL, DEFAULT_REFETCH_COOLDOWN, JwksCache, JwksCacheBuilder};
pub use mint::{LocalKey, MintError, sign_hs256};
pub use verified::{AnyClaims, GrantKind, InsufficientScope, StandardClaims, VerifiedToken};
pub use verifier::{JwtVerifier, JwtVerifierBuilder};
