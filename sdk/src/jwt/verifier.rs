//! Access-token verification for APIs that accept Auth0-issued (or any OIDC provider's) JWTs.

use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::Algorithm;
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::claims::{Clock, CommonRules, Registered, check_common, system_clock};
use super::error::{JwtConfigError, JwtError};
use super::id_token::{DEFAULT_LEEWAY, check_algorithms};
use super::issuer::auth0_issuer;
use super::jwks::JwksCache;
use super::parse::DEFAULT_MAX_TOKEN_BYTES;
use super::text::sanitize;
use super::verified::{AnyClaims, StandardClaims, VerifiedToken};
use super::verify::{KeySource, SignatureRules, verify_signature};

/// Verifies bearer access tokens: signature (via a shared [`JwksCache`]), algorithm, issuer,
/// audience, `exp`, `nbf` and `iat`. Cheap to clone.
///
/// ```no_run
/// use auth0_sdk::jwt::JwtVerifier;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct MyClaims {
///     #[serde(rename = "https://example.com/tenant")]
///     tenant: Option<String>,
/// }
///
/// # async fn run(token: &str) -> Result<(), Box<dyn std::error::Error>> {
/// let verifier = JwtVerifier::builder()
///     .auth0_domain("example.eu.auth0.com")
///     .audience("https://api.example.com")
///     .build()?;
/// let token = verifier.verify::<MyClaims>(token).await?;
/// if token.has_scope("read:messages") {
///     println!("{:?} from tenant {:?}", token.subject(), token.custom.tenant);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct JwtVerifier {
    inner: Arc<Config>,
}

struct Config {
    issuers: Vec<String>,
    audiences: Vec<String>,
    algorithms: Vec<Algorithm>,
    jwks: JwksCache,
    hmac_secret: Option<SecretString>,
    leeway: u64,
    max_token_bytes: usize,
    clock: Clock,
    realm: String,
    low_s_only: bool,
    rfc9068: bool,
}

impl std::fmt::Debug for JwtVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.inner;
        f.debug_struct("JwtVerifier")
            .field("issuers", &c.issuers)
            .field("audiences", &c.audiences)
            .field("algorithms", &c.algorithms)
            .field("jwks", &c.jwks)
            .field("hmac_secret", &c.hmac_secret.as_ref().map(|_| "[redacted]"))
            .field("leeway", &c.leeway)
            .field("ecdsa_low_s_only", &c.low_s_only)
            .field("rfc9068", &c.rfc9068)
            .finish_non_exhaustive()
    }
}

/// Builds a [`JwtVerifier`].
#[derive(Default)]
pub struct JwtVerifierBuilder {
    issuers: Vec<String>,
    audiences: Vec<String>,
    algorithms: Option<Vec<Algorithm>>,
    jwks: Option<JwksCache>,
    hmac_secret: Option<SecretString>,
    leeway: Option<Duration>,
    max_token_bytes: Option<usize>,
    clock: Option<Clock>,
    realm: Option<String>,
    low_s_only: bool,
    rfc9068: bool,
}

impl std::fmt::Debug for JwtVerifierBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtVerifierBuilder")
            .field("issuers", &self.issuers)
            .field("audiences", &self.audiences)
            .field("hmac_secret", &self.hmac_secret.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

impl JwtVerifierBuilder {
    /// Trusts the Auth0 tenant at `domain`: issuer `https://{domain}/` and its JWKS (unless
    /// [`jwks`](Self::jwks) sets another cache).
    pub fn auth0_domain(mut self, domain: &str) -> Self {
        self.issuers.push(auth0_issuer(domain));
        if self.jwks.is_none() {
            self.jwks = Some(JwksCache::for_auth0_domain(domain));
        }
        self
    }

    /// Adds an accepted issuer, compared exactly (a trailing slash matters).
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuers.push(issuer.into());
        self
    }

    /// Adds an accepted audience (the API identifier); the token's `aud` must contain one.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audiences.push(audience.into());
        self
    }

    /// Replaces the allowed algorithms (default: RS256 only).
    pub fn algorithms(mut self, algorithms: &[Algorithm]) -> Self {
        self.algorithms = Some(algorithms.to_vec());
        self
    }

    /// Uses this key cache, which may be shared with other verifiers.
    pub fn jwks(mut self, jwks: JwksCache) -> Self {
        self.jwks = Some(jwks);
        self
    }

    /// Fetches keys from this URL (a new cache with default settings).
    pub fn jwks_url(self, url: impl Into<String>) -> Self {
        self.jwks(JwksCache::new(url))
    }

    /// The shared secret for HS256 tokens; also adds HS256 to the allowed algorithms. It must
    /// be at least 32 bytes (48 if HS384 is allowed, 64 for HS512, RFC 7518 §3.2), or `build`
    /// fails with [`JwtConfigError::SecretTooShort`].
    pub fn hmac_secret(mut self, secret: SecretString) -> Self {
        self.hmac_secret = Some(secret);
        let algorithms = self.algorithms.get_or_insert_with(|| vec![Algorithm::RS256]);
        if !algorithms.contains(&Algorithm::HS256) {
            algorithms.push(Algorithm::HS256);
        }
        self
    }

    /// Clock-skew allowance for `exp`, `nbf` and `iat` (default 60 s).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = Some(leeway);
        self
    }

    /// Longest token accepted, in bytes (default 16 KiB).
    pub fn max_token_bytes(mut self, max: usize) -> Self {
        self.max_token_bytes = Some(max);
        self
    }

    /// Replaces the system clock with one returning seconds since the Unix epoch (tests).
    pub fn clock(mut self, now: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(now));
        self
    }

    /// The `realm` named in `WWW-Authenticate` challenges (default: the first audience).
    pub fn realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = Some(realm.into());
        self
    }

    /// Refuses ES256/ES384 signatures whose `S` is above `n/2` with
    /// [`JwtError::NonCanonicalSignature`] (default: off).
    ///
    /// Every ECDSA signature `(r, s)` has a twin `(r, n − s)` that verifies as well, so anyone
    /// holding a token can make a second, byte-different token with the same claims. That
    /// matters only if you identify tokens by their bytes (a replay or revocation list keyed on
    /// the token or its signature); key them on `jti` instead. It is off by default because
    /// RFC 7518 does not require low-S and most ECDSA signers (OpenSSL, Node, WebCrypto, Go,
    /// Java, jsonwebtoken) produce high-S half the time, so turning it on rejects about half of
    /// their legitimate tokens. Turn it on when every issuer normalises signatures, as
    /// [`JwtSigner`](super::JwtSigner) does.
    pub fn ecdsa_low_s_only(mut self, on: bool) -> Self {
        self.low_s_only = on;
        self
    }

    /// Applies the JWT access-token profile of RFC 9068 (default: off, since Auth0 issues
    /// RFC 9068 tokens only when the API's token profile is set to "RFC 9068"): the header's
    /// `typ` must be `at+jwt` (or `application/at+jwt`, any case), else
    /// [`JwtError::WrongType`]; and `sub`, `client_id`, `iat` and `jti` are required as well as
    /// `iss`, `aud` and `exp`, else [`JwtError::MissingClaim`]. This keeps ID tokens and other
    /// JWTs signed by the same keys from being accepted as access tokens.
    pub fn rfc9068(mut self, on: bool) -> Self {
        self.rfc9068 = on;
        self
    }

    /// Finishes the verifier. An issuer, an audience and a key source are required.
    pub fn build(self) -> Result<JwtVerifier, JwtConfigError> {
        if self.issuers.is_empty() {
            return Err(JwtConfigError::NoIssuer);
        }
        let Some(first_audience) = self.audiences.first().cloned() else {
            return Err(JwtConfigError::NoAudience);
        };
        let algorithms = self.algorithms.unwrap_or_else(|| vec![Algorithm::RS256]);
        check_algorithms(&algorithms, self.hmac_secret.as_ref())?;
        let jwks = match self.jwks {
            Some(jwks) => jwks,
            // With only HMAC algorithms no key set is needed: an empty fixed one never fetches.
            None => JwksCache::empty(),
        };
        Ok(JwtVerifier {
            inner: Arc::new(Config {
                issuers: self.issuers,
                audiences: self.audiences,
                algorithms,
                jwks,
                hmac_secret: self.hmac_secret,
                leeway: self.leeway.unwrap_or(DEFAULT_LEEWAY).as_secs(),
                max_token_bytes: self.max_token_bytes.unwrap_or(DEFAULT_MAX_TOKEN_BYTES),
                clock: self.clock.unwrap_or_else(system_clock),
                realm: self.realm.unwrap_or(first_audience),
                low_s_only: self.low_s_only,
                rfc9068: self.rfc9068,
            }),
        })
    }
}

impl JwtVerifier {
    /// Starts a builder.
    pub fn builder() -> JwtVerifierBuilder {
        JwtVerifierBuilder::default()
    }

    /// A verifier for access tokens that the Auth0 tenant at `domain` issues for the API
    /// `audience`, with RS256 and the tenant's JWKS.
    pub fn for_auth0(domain: &str, audience: impl Into<String>) -> JwtVerifier {
        let issuer = auth0_issuer(domain);
        let audience = audience.into();
        JwtVerifier {
            inner: Arc::new(Config {
                issuers: vec![issuer],
                realm: audience.clone(),
                audiences: vec![audience],
                algorithms: vec![Algorithm::RS256],
                jwks: JwksCache::for_auth0_domain(domain),
                hmac_secret: None,
                leeway: DEFAULT_LEEWAY.as_secs(),
                max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
                clock: system_clock(),
                low_s_only: false,
                rfc9068: false,
            }),
        }
    }

    /// The key cache in use.
    pub fn jwks(&self) -> &JwksCache {
        &self.inner.jwks
    }

    /// The realm for `WWW-Authenticate` challenges.
    pub fn realm(&self) -> &str {
        &self.inner.realm
    }

    /// Verifies `token` and deserializes its payload into `C` as well as the standard claims.
    /// Use [`AnyClaims`] (the default of [`VerifiedToken`]) to keep every claim as JSON.
    pub async fn verify<C: DeserializeOwned>(&self, token: &str) -> Result<VerifiedToken<C>, JwtError> {
        let c = &self.inner;
        let signed = verify_signature(
            token,
            SignatureRules {
                max_bytes: c.max_token_bytes,
                allowed: &c.algorithms,
                low_s_only: c.low_s_only,
            },
            KeySource {
                jwks: &c.jwks,
                hmac_secret: c.hmac_secret.as_ref(),
            },
        )
        .await?;
        let registered = Registered::read(&signed.payload)?;
        check_common(
            &registered,
            &CommonRules {
                issuers: &c.issuers,
                audiences: &c.audiences,
                leeway: c.leeway,
                require_iat: c.rfc9068,
                now: (c.clock)(),
            },
        )?;
        let claims = StandardClaims::read(registered, &signed.payload)?;
        if c.rfc9068 {
            check_rfc9068(signed.typ.as_deref(), &claims)?;
        }
        let payload = Value::Object(signed.payload);
        let custom = C::deserialize(&payload).map_err(|e| JwtError::InvalidClaim {
            claim: "*".to_owned(),
            // serde echoes token text (`unknown variant ...`) unescaped.
            reason: sanitize(&e.to_string()),
        })?;
        Ok(VerifiedToken {
            algorithm: signed.alg,
            key_id: signed.kid,
            claims,
            custom,
        })
    }

    /// [`verify`](Self::verify) keeping every claim as JSON.
    pub async fn verify_any(&self, token: &str) -> Result<VerifiedToken<AnyClaims>, JwtError> {
        self.verify::<AnyClaims>(token).await
    }
}

/// RFC 9068 §2.1 (`typ`) and §2.2 (required claims; `iss`, `aud`, `exp` and `iat` are
/// already required by the common checks).
fn check_rfc9068(typ: Option<&str>, claims: &StandardClaims) -> Result<(), JwtError> {
    let is_at_jwt = |t: &str| t.eq_ignore_ascii_case("at+jwt") || t.eq_ignore_ascii_case("application/at+jwt");
    if !typ.is_some_and(is_at_jwt) {
        return Err(JwtError::WrongType {
            found: typ.map(sanitize),
            expected: "at+jwt",
        });
    }
    if claims.sub.is_none() {
        return Err(JwtError::MissingClaim { claim: "sub" });
    }
    if claims.client_id.is_none() {
        return Err(JwtError::MissingClaim { claim: "client_id" });
    }
    if claims.jti.is_none() {
        return Err(JwtError::MissingClaim { claim: "jti" });
    }
    Ok(())
}
