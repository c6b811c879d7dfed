//! Signing your own JWTs: the counterpart of [`JwtVerifier`](super::JwtVerifier), as
//! `jsonwebtoken` is in Node. For a subject token for Auth0's custom token exchange, or tokens
//! between your own services, verified with the signer's published JWKS.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::claims::{Clock, system_clock};
use super::signer_error::SignerError;
use super::signing_key::SigningKey;
use super::token_claims::{RESERVED, TokenClaims};

/// Default token lifetime.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(300);

/// Signs JWTs with one [`SigningKey`]: sets `iss`, `aud`, `iat`, `exp` (from a lifetime), a
/// random `jti`, the optional `sub`/`nbf`, your custom claims, and `kid` in the header. Cheap to
/// clone. [`jwks`](Self::jwks) is the public key set to publish, for example at
/// `/.well-known/jwks.json`, so a [`JwtVerifier`](super::JwtVerifier) can check the tokens.
///
/// ```
/// use auth0_sdk::jwt::{Algorithm, JwtSigner, SigningKey, TokenClaims};
/// use secrecy::SecretSlice;
/// # fn run() -> Result<(), auth0_sdk::jwt::SignerError> {
/// let key = SigningKey::hmac(Algorithm::HS256, SecretSlice::from(b"a shared secret of 32+ bytes....".to_vec()))?;
/// let signer = JwtSigner::builder(key)
///     .issuer("https://orders.internal/")
///     .audience("https://billing.internal")
///     .build()?;
/// let token = signer.sign(&TokenClaims::new().subject("user-42").claim("scope", "bill"))?;
/// assert_eq!(token.split('.').count(), 3);
/// # Ok(()) }
/// # run().unwrap();
/// ```
#[derive(Clone)]
pub struct JwtSigner {
    inner: Arc<Config>,
}

struct Config {
    key: SigningKey,
    issuer: String,
    audiences: Vec<String>,
    lifetime: Duration,
    typ: String,
    clock: Clock,
}

impl std::fmt::Debug for JwtSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.inner;
        f.debug_struct("JwtSigner")
            .field("key", &c.key)
            .field("issuer", &c.issuer)
            .field("audiences", &c.audiences)
            .field("lifetime", &c.lifetime)
            .field("typ", &c.typ)
            .finish_non_exhaustive()
    }
}

/// Builds a [`JwtSigner`].
pub struct JwtSignerBuilder {
    key: SigningKey,
    issuer: Option<String>,
    audiences: Vec<String>,
    lifetime: Duration,
    typ: String,
    clock: Option<Clock>,
}

impl std::fmt::Debug for JwtSignerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtSignerBuilder")
            .field("key", &self.key)
            .field("issuer", &self.issuer)
            .field("audiences", &self.audiences)
            .finish_non_exhaustive()
    }
}

impl JwtSignerBuilder {
    /// The `iss` of every token (required).
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Adds an `aud` value (at least one is required; several make `aud` an array).
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audiences.push(audience.into());
        self
    }

    /// Default lifetime: `exp` = `iat` + this (default 5 minutes; at least 1 s).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// The header's `typ` (default `JWT`; `at+jwt` for RFC 9068 access tokens).
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = typ.into();
        self
    }

    /// Replaces the system clock with one returning seconds since the Unix epoch (tests).
    pub fn clock(mut self, now: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(now));
        self
    }

    /// Finishes the signer.
    pub fn build(self) -> Result<JwtSigner, SignerError> {
        let issuer = self.issuer.ok_or(SignerError::MissingIssuer)?;
        if self.audiences.is_empty() {
            return Err(SignerError::MissingAudience);
        }
        Ok(JwtSigner {
            inner: Arc::new(Config {
                key: self.key,
                issuer,
                audiences: self.audiences,
                lifetime: self.lifetime,
                typ: self.typ,
                clock: self.clock.unwrap_or_else(system_clock),
            }),
        })
    }
}

impl JwtSigner {
    /// Starts a signer for this key.
    pub fn builder(key: SigningKey) -> JwtSignerBuilder {
        JwtSignerBuilder {
            key,
            issuer: None,
            audiences: Vec::new(),
            lifetime: DEFAULT_TOKEN_LIFETIME,
            typ: "JWT".to_owned(),
            clock: None,
        }
    }

    /// The signing key.
    pub fn key(&self) -> &SigningKey {
        &self.inner.key
    }

    /// Signs a token with the standard claims and `claims`.
    pub fn sign(&self, claims: &TokenClaims) -> Result<String, SignerError> {
        let c = &self.inner;
        if let Some(name) = claims.custom.keys().find(|name| RESERVED.contains(&name.as_str())) {
            return Err(SignerError::ReservedClaim { name: name.clone() });
        }
        let iat = (c.clock)();
        let lifetime = claims.lifetime.unwrap_or(c.lifetime).as_secs().max(1);
        let mut payload = Map::new();
        payload.insert("iss".into(), json!(c.issuer));
        if let Some(sub) = &claims.subject {
            payload.insert("sub".into(), json!(sub));
        }
        payload.insert(
            "aud".into(),
            match c.audiences.as_slice() {
                [one] => json!(one),
                many => json!(many),
            },
        );
        payload.insert("iat".into(), json!(iat));
        if let Some(nbf) = claims.not_before {
            payload.insert("nbf".into(), json!(nbf));
        }
        payload.insert("exp".into(), json!(iat.saturating_add(lifetime)));
        payload.insert("jti".into(), json!(new_jti()));
        payload.extend(claims.custom.clone());
        let payload = serde_json::to_vec(&payload).map_err(|e| SignerError::Claims { reason: e.to_string() })?;
        let mut header = Map::new();
        header.insert("typ".into(), json!(c.typ));
        c.key.sign_parts(header, &payload)
    }

    /// The public key set to publish: `{"keys": [<public JWK>]}`, or an empty set for an HMAC
    /// secret (which is never published).
    pub fn jwks(&self) -> Value {
        json!({ "keys": self.inner.key.public_jwk().into_iter().collect::<Vec<_>>() })
    }

    /// [`jwks`](Self::jwks) as JSON text (for [`JwksCache::from_json`](super::JwksCache::from_json)
    /// or an HTTP response body).
    pub fn jwks_json(&self) -> String {
        self.jwks().to_string()
    }
}

/// 128 random bits as 32 hex digits: unique per token (RFC 7519 §4.1.7).
pub(crate) fn new_jti() -> String {
    format!("{:032x}", rand::random::<u128>())
}
