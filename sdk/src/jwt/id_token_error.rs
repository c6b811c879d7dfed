//! Why an ID token was rejected.

use super::error::JwtError;

/// An ID token failed validation. Every check has its own variant; the checks shared with
/// access tokens (format, algorithm, key, signature, `iss`, `aud`, `sub`, `exp`, `iat`, `nbf`)
/// are in [`IdTokenError::Token`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdTokenError {
    /// A check shared with access tokens failed.
    #[error(transparent)]
    Token(#[from] JwtError),
    /// The token has several audiences but no `azp` claim.
    #[error("the ID token has several audiences but no `azp` claim")]
    MissingAuthorizedParty,
    /// `azp` is not the client id.
    #[error("the ID token's `azp` `{found}` is not the client id")]
    WrongAuthorizedParty {
        /// The token's `azp`.
        found: String,
    },
    /// A nonce was sent but the token has none.
    #[error("the ID token has no `nonce` claim but one was expected")]
    MissingNonce,
    /// The token's nonce is not the one sent.
    #[error("the ID token's `nonce` does not match the one sent")]
    WrongNonce,
    /// `max_age` was sent but the token has no `auth_time`.
    #[error("the ID token has no `auth_time` claim but `max_age` was requested")]
    MissingAuthTime,
    /// The user authenticated longer ago than `max_age` allows.
    #[error("the user authenticated at {auth_time}, longer than max_age {max_age} s ago (now {now})")]
    AuthTimeTooOld {
        /// The token's `auth_time`.
        auth_time: u64,
        /// The requested `max_age` in seconds.
        max_age: u64,
        /// The validator's clock.
        now: u64,
    },
    /// `auth_time` is later than now (beyond the leeway): no user authenticates in the future.
    #[error("the ID token's `auth_time` {auth_time} is in the future (now {now})")]
    AuthTimeInFuture {
        /// The token's `auth_time`.
        auth_time: u64,
        /// The validator's clock.
        now: u64,
    },
    /// An organization id (`org_…`) was requested but the token has no `org_id`.
    #[error("the ID token has no `org_id` claim but an organization was requested")]
    MissingOrgId,
    /// The token's `org_id` is not the requested organization id.
    #[error("the ID token's `org_id` `{found}` is not the requested organization")]
    WrongOrgId {
        /// The token's `org_id`.
        found: String,
    },
    /// An organization name was requested but the token has no `org_name`.
    #[error("the ID token has no `org_name` claim but an organization was requested")]
    MissingOrgName,
    /// The token's `org_name` is not the requested organization name (compared ignoring
    /// ASCII case).
    #[error("the ID token's `org_name` `{found}` is not the requested organization")]
    WrongOrgName {
        /// The token's `org_name`.
        found: String,
    },
}
