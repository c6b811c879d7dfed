//! Errors of the Authentication API flows.

use std::fmt;
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use crate::jwt::IdTokenError;
use crate::runtime::{ApiError, Error};

/// Why an authentication flow failed.
///
/// ```
/// # use auth0_sdk::authentication::AuthError;
/// # fn handle(err: AuthError) {
/// if let Some(mfa_token) = err.mfa_token() {
///     // start the MFA flow with `mfa_token`
/// #   let _ = mfa_token;
/// } else if let Some(oauth) = err.oauth_error() {
///     eprintln!("refused: {} ({:?})", oauth.error, oauth.error_description);
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The server refused with an OAuth error body (`invalid_grant`, `mfa_required`,
    /// `access_denied`, `expired_token`…).
    #[error(transparent)]
    OAuth(Box<OAuthError>),
    /// The request failed otherwise: configuration, connection, timeout, an error status
    /// without an OAuth body, or a response that did not decode.
    #[error(transparent)]
    Request(Error),
    /// The tokens were issued but the ID token failed validation; none of them should be used.
    #[error("the ID token was rejected: {0}")]
    IdToken(#[from] IdTokenError),
    /// A nonce, `max_age` or organization was expected but the response had no ID token.
    #[error("an ID token was expected (nonce, max_age or organization given) but none was returned")]
    MissingIdToken,
    /// Polling (device code, CIBA) went on longer than the request's lifetime.
    #[error("gave up polling after {waited:?}: the request expired without being approved")]
    PollingExpired {
        /// How long was spent waiting between polls.
        waited: Duration,
    },
}

impl AuthError {
    /// The OAuth error, if the server answered with one.
    pub fn oauth_error(&self) -> Option<&OAuthError> {
        match self {
            AuthError::OAuth(e) => Some(e),
            _ => None,
        }
    }

    /// The OAuth `error` code, if the server answered with one.
    pub fn error_code(&self) -> Option<&str> {
        self.oauth_error().map(|e| e.error.as_str())
    }

    /// `true` for `mfa_required`.
    pub fn is_mfa_required(&self) -> bool {
        self.error_code() == Some("mfa_required")
    }

    /// The `mfa_token` of an `mfa_required` error, to continue with the MFA endpoints.
    pub fn mfa_token(&self) -> Option<&SecretString> {
        self.oauth_error().and_then(|e| e.mfa_token.as_ref())
    }

    /// The HTTP status, if a response was received.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            AuthError::OAuth(e) => Some(e.status),
            AuthError::Request(e) => e.status(),
            _ => None,
        }
    }

    /// The runtime error underneath, for [`AuthError::Request`].
    pub fn request_error(&self) -> Option<&Error> {
        match self {
            AuthError::Request(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Error> for AuthError {
    /// An API error whose body has an OAuth `error` (or Auth0's `code`) becomes
    /// [`AuthError::OAuth`]; anything else stays [`AuthError::Request`].
    fn from(error: Error) -> AuthError {
        match error {
            Error::Api(api) => match OAuthError::from_api(&api) {
                Some(oauth) => AuthError::OAuth(Box::new(oauth)),
                None => AuthError::Request(Error::Api(api)),
            },
            Error::Decode(mut d) => {
                // The body of a token response that failed to decode may hold tokens.
                d.excerpt = String::from("[withheld]");
                AuthError::Request(Error::Decode(d))
            }
            other => AuthError::Request(other),
        }
    }
}

/// An OAuth 2.0 error response (RFC 6749 §5.2), with Auth0's extensions. `Debug` and
/// `Display` never show the `mfa_token`.
#[derive(Clone)]
#[non_exhaustive]
pub struct OAuthError {
    /// The HTTP status.
    pub status: http::StatusCode,
    /// The error code: `invalid_grant`, `invalid_client`, `mfa_required`,
    /// `authorization_pending`, `slow_down`, `access_denied`, `expired_token`…
    pub error: String,
    /// The human-readable explanation.
    pub error_description: Option<String>,
    /// For `mfa_required`: the token to pass to the MFA endpoints and grants.
    pub mfa_token: Option<SecretString>,
    api: Box<ApiError>,
}

#[derive(Deserialize)]
struct RawOAuthError {
    error: Option<serde_json::Value>,
    error_description: Option<serde_json::Value>,
    code: Option<serde_json::Value>,
    description: Option<serde_json::Value>,
    mfa_token: Option<String>,
}

fn text(value: Option<serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    }
}

impl OAuthError {
    /// Reads an OAuth error body (`error`/`error_description`, or Auth0's `code`/`description`
    /// used by `/dbconnections`).
    pub(crate) fn from_api(api: &ApiError) -> Option<OAuthError> {
        let raw: RawOAuthError = serde_json::from_str(api.raw_body()).ok()?;
        let error = text(raw.error).or(text(raw.code))?;
        Some(OAuthError {
            status: api.status(),
            error,
            error_description: text(raw.error_description).or(text(raw.description)),
            mfa_token: raw.mfa_token.map(SecretString::from),
            api: Box::new(api.clone()),
        })
    }

    /// The full API error: headers, URL, rate limits, raw body (which may contain the
    /// `mfa_token`).
    pub fn api_error(&self) -> &ApiError {
        &self.api
    }
}

impl fmt::Debug for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthError")
            .field("status", &self.status)
            .field("error", &self.error)
            .field("error_description", &self.error_description)
            .field("mfa_token", &self.mfa_token.as_ref().map(|_| "[REDACTED]"))
            .field("operation", &self.api.operation())
            .finish()
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}: {}", self.api.operation(), self.status, self.error)?;
        if let Some(description) = &self.error_description {
            write!(f, ": {description}")?;
        }
        Ok(())
    }
}

impl std::error::Error for OAuthError {}
