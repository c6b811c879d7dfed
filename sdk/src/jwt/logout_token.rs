//! OpenID Connect Back-Channel Logout 1.0 §2.6: validating the logout token Auth0 posts to an
//! application's back-channel logout URL when a user's session ends.

use jsonwebtoken::Algorithm;
use serde_json::{Map, Value};

use super::claims::{CommonRules, Registered, check_common, string_claim};
use super::error::JwtError;
use super::id_token::IdTokenValidator;
use super::verify::{KeySource, SignatureRules, verify_signature};

/// The `events` member every logout token carries.
pub const BACKCHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// Why a logout token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LogoutTokenError {
    /// A check shared with other tokens failed (signature, `iss`, `aud`, `exp`, `iat`…).
    #[error(transparent)]
    Token(#[from] JwtError),
    /// `events` is missing or has no back-channel logout member (an object).
    #[error("the logout token's `events` has no `{BACKCHANNEL_LOGOUT_EVENT}` member")]
    MissingLogoutEvent,
    /// The token names neither a user (`sub`) nor a session (`sid`).
    #[error("the logout token has neither `sub` nor `sid`")]
    NoSubjectOrSession,
    /// The token carries a `nonce`, which would let an ID token pass as a logout token.
    #[error("a logout token must not carry a `nonce`")]
    NonceNotAllowed,
}

/// The claims of a valid logout token: which user or session ended.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LogoutTokenClaims {
    /// Issuer.
    pub iss: String,
    /// The user whose sessions ended, when given.
    pub sub: Option<String>,
    /// The session that ended, when given.
    pub sid: Option<String>,
    /// Issue time, seconds since the epoch.
    pub iat: u64,
    /// The token id, when given.
    pub jti: Option<String>,
    /// Every claim.
    pub all: Map<String, Value>,
}

impl IdTokenValidator {
    /// Validates a back-channel logout token for this application: signature from the same
    /// keys and algorithms as ID tokens (never HMAC), `iss`, `aud` (the client id), `exp`,
    /// `iat` with the leeway, an `events` object with the back-channel logout member, `sub` or
    /// `sid`, and no `nonce`.
    pub async fn validate_logout_token(&self, token: &str) -> Result<LogoutTokenClaims, LogoutTokenError> {
        // Only asymmetric algorithms: a logout token arrives unauthenticated, from the network.
        let allowed: Vec<Algorithm> = self
            .algorithms()
            .iter()
            .copied()
            .filter(|a| !matches!(a, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512))
            .collect();
        let signed = verify_signature(
            token,
            SignatureRules {
                max_bytes: self.max_token_bytes(),
                allowed: &allowed,
                low_s_only: false,
            },
            KeySource {
                jwks: self.jwks(),
                hmac_secret: None,
            },
        )
        .await?;
        let payload = signed.payload;
        let registered = Registered::read(&payload)?;
        check_common(
            &registered,
            &CommonRules {
                issuers: std::slice::from_ref(&self.issuer().to_owned()),
                audiences: std::slice::from_ref(&self.client_id().to_owned()),
                leeway: self.leeway_secs(),
                require_iat: true,
                now: self.now(),
            },
        )?;
        let is_logout = payload
            .get("events")
            .and_then(Value::as_object)
            .and_then(|events| events.get(BACKCHANNEL_LOGOUT_EVENT))
            .is_some_and(Value::is_object);
        if !is_logout {
            return Err(LogoutTokenError::MissingLogoutEvent);
        }
        if payload.contains_key("nonce") {
            return Err(LogoutTokenError::NonceNotAllowed);
        }
        let sid = string_claim(&payload, "sid")?;
        if registered.sub.is_none() && sid.is_none() {
            return Err(LogoutTokenError::NoSubjectOrSession);
        }
        Ok(LogoutTokenClaims {
            iss: registered.iss.unwrap_or_default(),
            sub: registered.sub,
            sid,
            iat: registered.iat.unwrap_or_default(),
            jti: registered.jti,
            all: payload,
        })
    }
}
