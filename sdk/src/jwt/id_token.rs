//! ID-token validation as OpenID Connect Core §3.1.3.7 and Auth0 specify it.

use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::Algorithm;
use secrecy::{ExposeSecret, SecretString};

use super::claims::{Clock, CommonRules, Registered, check_common, numeric_date, string_claim, system_clock};
use super::error::{JwtConfigError, JwtError};
use super::id_token_claims::{IdTokenClaims, IdTokenExpectations};
use super::id_token_error::IdTokenError;
use super::issuer::auth0_issuer;
use super::jwks::JwksCache;
use super::keys::family_of;
use super::parse::DEFAULT_MAX_TOKEN_BYTES;
use super::signing_key::hmac_min_bytes;
use super::verify::{KeySource, SignatureRules, verify_signature};

/// Default clock-skew allowance for `exp`, `iat`, `nbf` and `auth_time`.
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(60);

/// Validates ID tokens for one Auth0 application. Cheap to clone; clones share the JWKS cache.
///
/// ```no_run
/// use auth0_sdk::jwt::{IdTokenExpectations, IdTokenValidator};
/// # async fn run(id_token: &str) -> Result<(), Box<dyn std::error::Error>> {
/// let validator = IdTokenValidator::builder("example.eu.auth0.com", "my-client-id").build()?;
/// let claims = validator
///     .validate(id_token, &IdTokenExpectations::new().with_nonce("the-nonce-i-sent"))
///     .await?;
/// println!("signed in: {}", claims.sub);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct IdTokenValidator {
    inner: Arc<Config>,
}

struct Config {
    issuer: String,
    client_id: String,
    client_secret: Option<SecretString>,
    algorithms: Vec<Algorithm>,
    jwks: JwksCache,
    leeway: u64,
    max_token_bytes: usize,
    clock: Clock,
}

impl std::fmt::Debug for IdTokenValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.inner;
        f.debug_struct("IdTokenValidator")
            .field("issuer", &c.issuer)
            .field("client_id", &c.client_id)
            .field("client_secret", &c.client_secret.as_ref().map(|_| "[redacted]"))
            .field("algorithms", &c.algorithms)
            .field("jwks", &c.jwks)
            .field("leeway", &c.leeway)
            .finish_non_exhaustive()
    }
}

/// Builds an [`IdTokenValidator`].
pub struct IdTokenValidatorBuilder {
    domain: String,
    client_id: String,
    issuer: Option<String>,
    client_secret: Option<SecretString>,
    algorithms: Option<Vec<Algorithm>>,
    jwks: Option<JwksCache>,
    leeway: Duration,
    max_token_bytes: usize,
    clock: Option<Clock>,
}

impl std::fmt::Debug for IdTokenValidatorBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdTokenValidatorBuilder")
            .field("domain", &self.domain)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

impl IdTokenValidatorBuilder {
    /// Overrides the expected issuer (by default `https://{domain}/`). Compared exactly.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Accepts HS256 ID tokens signed with this client secret, for applications whose
    /// "JSON Web Token Signature Algorithm" is HS256. RS256 stays accepted. The secret must be
    /// at least 32 bytes (48 if HS384 is allowed, 64 for HS512), or `build` fails with
    /// [`JwtConfigError::SecretTooShort`]; Auth0 client secrets are 64 characters.
    pub fn hs256_client_secret(mut self, secret: SecretString) -> Self {
        self.client_secret = Some(secret);
        let algorithms = self.algorithms.get_or_insert_with(|| vec![Algorithm::RS256]);
        if !algorithms.contains(&Algorithm::HS256) {
            algorithms.push(Algorithm::HS256);
        }
        self
    }

    /// Replaces the allowed algorithms (default: RS256 only; HMAC ones need
    /// [`hs256_client_secret`](Self::hs256_client_secret)).
    pub fn algorithms(mut self, algorithms: &[Algorithm]) -> Self {
        self.algorithms = Some(algorithms.to_vec());
        self
    }

    /// Uses this key cache (by default one for `https://{domain}/.well-known/jwks.json`).
    pub fn jwks(mut self, jwks: JwksCache) -> Self {
        self.jwks = Some(jwks);
        self
    }

    /// Clock-skew allowance (default 60 s).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// Longest token accepted, in bytes (default 16 KiB).
    pub fn max_token_bytes(mut self, max: usize) -> Self {
        self.max_token_bytes = max;
        self
    }

    /// Replaces the system clock with one returning seconds since the Unix epoch (tests).
    pub fn clock(mut self, now: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(now));
        self
    }

    /// Finishes the validator.
    pub fn build(self) -> Result<IdTokenValidator, JwtConfigError> {
        let algorithms = self.algorithms.unwrap_or_else(|| vec![Algorithm::RS256]);
        check_algorithms(&algorithms, self.client_secret.as_ref())?;
        Ok(IdTokenValidator {
            inner: Arc::new(Config {
                issuer: self.issuer.unwrap_or_else(|| auth0_issuer(&self.domain)),
                jwks: self.jwks.unwrap_or_else(|| JwksCache::for_auth0_domain(&self.domain)),
                client_id: self.client_id,
                client_secret: self.client_secret,
                algorithms,
                leeway: self.leeway.as_secs(),
                max_token_bytes: self.max_token_bytes,
                clock: self.clock.unwrap_or_else(system_clock),
            }),
        })
    }
}

/// Algorithms must be non-empty, and HMAC ones need a secret at least as long as their hash
/// output (RFC 7518 §3.2: a shorter key can be brute-forced from one token).
pub(crate) fn check_algorithms(algorithms: &[Algorithm], secret: Option<&SecretString>) -> Result<(), JwtConfigError> {
    if algorithms.is_empty() {
        return Err(JwtConfigError::NoAlgorithms);
    }
    let hmac = algorithms
        .iter()
        .filter(|a| family_of(**a) == jsonwebtoken::AlgorithmFamily::Hmac);
    let bytes = match secret {
        Some(s) if s.expose_secret().is_empty() => return Err(JwtConfigError::EmptySecret),
        Some(s) => s.expose_secret().len(),
        None if hmac.clone().next().is_some() => return Err(JwtConfigError::HmacWithoutSecret),
        None => return Ok(()),
    };
    match hmac.map(|a| (*a, hmac_min_bytes(*a))).max_by_key(|(_, min)| *min) {
        Some((algorithm, min_bytes)) if bytes < min_bytes => Err(JwtConfigError::SecretTooShort {
            algorithm,
            bytes,
            min_bytes,
        }),
        _ => Ok(()),
    }
}

impl IdTokenValidator {
    /// Starts a validator for the application `client_id` of the tenant at `domain`
    /// (`example.eu.auth0.com`, a custom domain, or a full `https://` base URL).
    pub fn builder(domain: impl Into<String>, client_id: impl Into<String>) -> IdTokenValidatorBuilder {
        IdTokenValidatorBuilder {
            domain: domain.into(),
            client_id: client_id.into(),
            issuer: None,
            client_secret: None,
            algorithms: None,
            jwks: None,
            leeway: DEFAULT_LEEWAY,
            max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
            clock: None,
        }
    }

    /// The expected issuer.
    pub fn issuer(&self) -> &str {
        &self.inner.issuer
    }

    /// The client id tokens must be issued to.
    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    /// The key cache in use.
    pub fn jwks(&self) -> &JwksCache {
        &self.inner.jwks
    }

    /// The allowed signature algorithms.
    pub(crate) fn algorithms(&self) -> &[Algorithm] {
        &self.inner.algorithms
    }

    /// The longest token accepted, in bytes.
    pub(crate) fn max_token_bytes(&self) -> usize {
        self.inner.max_token_bytes
    }

    /// The clock-skew allowance in seconds.
    pub(crate) fn leeway_secs(&self) -> u64 {
        self.inner.leeway
    }

    /// Now, by the validator's clock (seconds since the Unix epoch).
    pub(crate) fn now(&self) -> u64 {
        (self.inner.clock)()
    }

    /// Validates `token` and returns its claims. Checks, in order: format and header,
    /// signature, `iss`, `aud`, `exp`, `nbf`, `iat`, `sub`, `azp`, `nonce`, `auth_time` not in
    /// the future (beyond the leeway) and against `max_age`, organization.
    pub async fn validate(&self, token: &str, expect: &IdTokenExpectations) -> Result<IdTokenClaims, IdTokenError> {
        let c = &self.inner;
        let signed = verify_signature(
            token,
            SignatureRules {
                max_bytes: c.max_token_bytes,
                allowed: &c.algorithms,
                low_s_only: false,
            },
            KeySource {
                jwks: &c.jwks,
                hmac_secret: c.client_secret.as_ref(),
            },
        )
        .await?;
        let payload = signed.payload;
        let registered = Registered::read(&payload)?;
        let now = (c.clock)();
        let issuers = std::slice::from_ref(&c.issuer);
        let audiences = std::slice::from_ref(&c.client_id);
        check_common(
            &registered,
            &CommonRules {
                issuers,
                audiences,
                leeway: c.leeway,
                require_iat: true,
                now,
            },
        )?;
        let sub = registered.sub.clone().ok_or(JwtError::MissingClaim { claim: "sub" })?;
        self.check_azp(&registered)?;
        let nonce = string_claim(&payload, "nonce")?;
        check_nonce(nonce.as_deref(), expect.nonce.as_deref())?;
        let auth_time = numeric_date(&payload, "auth_time")?;
        match auth_time {
            Some(auth_time) if auth_time > now.saturating_add(c.leeway) => {
                return Err(IdTokenError::AuthTimeInFuture { auth_time, now });
            }
            _ => {}
        }
        if let Some(max_age) = expect.max_age {
            check_max_age(auth_time, max_age.as_secs(), c.leeway, now)?;
        }
        let org_id = string_claim(&payload, "org_id")?;
        let org_name = string_claim(&payload, "org_name")?;
        if let Some(organization) = expect.organization.as_deref() {
            check_organization(organization, org_id.as_deref(), org_name.as_deref())?;
        }
        Ok(IdTokenClaims {
            iss: registered.iss.unwrap_or_default(),
            sub,
            aud: registered.aud,
            exp: registered.exp.unwrap_or_default(),
            iat: registered.iat.unwrap_or_default(),
            azp: registered.azp,
            nonce,
            auth_time,
            org_id,
            org_name,
            sid: string_claim(&payload, "sid")?,
            all: payload,
        })
    }

    fn check_azp(&self, registered: &Registered) -> Result<(), IdTokenError> {
        match registered.azp.as_deref() {
            None if registered.aud.len() > 1 => Err(IdTokenError::MissingAuthorizedParty),
            Some(azp) if azp != self.inner.client_id => Err(IdTokenError::WrongAuthorizedParty {
                found: super::text::sanitize(azp),
            }),
            _ => Ok(()),
        }
    }
}

fn check_nonce(found: Option<&str>, expected: Option<&str>) -> Result<(), IdTokenError> {
    match (expected, found) {
        (None, _) => Ok(()),
        (Some(_), None) => Err(IdTokenError::MissingNonce),
        (Some(e), Some(f)) if e == f => Ok(()),
        (Some(_), Some(_)) => Err(IdTokenError::WrongNonce),
    }
}

fn check_max_age(auth_time: Option<u64>, max_age: u64, leeway: u64, now: u64) -> Result<(), IdTokenError> {
    let auth_time = auth_time.ok_or(IdTokenError::MissingAuthTime)?;
    if now > auth_time.saturating_add(max_age).saturating_add(leeway) {
        return Err(IdTokenError::AuthTimeTooOld {
            auth_time,
            max_age,
            now,
        });
    }
    Ok(())
}

/// `org_…` values are ids compared exactly with `org_id`; anything else is a name compared
/// with `org_name` ignoring ASCII case only, as Auth0 does (organization names are lowercase
/// ASCII letters, digits, `-` and `_`). Full Unicode lowercasing would let `\u{212a}` (KELVIN
/// SIGN) match `k`.
fn check_organization(expected: &str, org_id: Option<&str>, org_name: Option<&str>) -> Result<(), IdTokenError> {
    if expected.starts_with("org_") {
        match org_id {
            None => Err(IdTokenError::MissingOrgId),
            Some(id) if id == expected => Ok(()),
            Some(id) => Err(IdTokenError::WrongOrgId {
                found: super::text::sanitize(id),
            }),
        }
    } else {
        match org_name {
            None => Err(IdTokenError::MissingOrgName),
            Some(name) if name.eq_ignore_ascii_case(expected) => Ok(()),
            Some(name) => Err(IdTokenError::WrongOrgName {
                found: super::text::sanitize(name),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organization_rules() {
        assert!(check_organization("org_abc", Some("org_abc"), None).is_ok());
        assert_eq!(
            check_organization("org_abc", Some("org_ABC"), None),
            Err(IdTokenError::WrongOrgId {
                found: "org_ABC".into()
            })
        );
        assert!(check_organization("Acme", None, Some("acme")).is_ok());
        assert_eq!(
            check_organization("kelvin", None, Some("\u{212a}elvin")),
            Err(IdTokenError::WrongOrgName {
                found: "\u{212a}elvin".into()
            })
        );
        assert_eq!(
            check_organization("Acme", Some("org_x"), None),
            Err(IdTokenError::MissingOrgName)
        );
    }

    #[test]
    fn max_age_rules() {
        assert!(check_max_age(Some(1000), 100, 60, 1160).is_ok());
        assert!(matches!(
            check_max_age(Some(1000), 100, 60, 1161),
            Err(IdTokenError::AuthTimeTooOld { .. })
        ));
        assert_eq!(check_max_age(None, 100, 60, 0), Err(IdTokenError::MissingAuthTime));
    }

    #[test]
    fn hmac_needs_a_secret() {
        assert_eq!(
            IdTokenValidator::builder("t.auth0.com", "c")
                .algorithms(&[Algorithm::HS256])
                .build()
                .unwrap_err(),
            JwtConfigError::HmacWithoutSecret
        );
        assert_eq!(
            IdTokenValidator::builder("t.auth0.com", "c")
                .hs256_client_secret(SecretString::from(""))
                .build()
                .unwrap_err(),
            JwtConfigError::EmptySecret
        );
    }
}
