//! The SDK's one error type.

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use super::{ApiError, DecodeError, OAuthError, RateLimit};
use crate::jwt::IdTokenError;

/// A boxed error from user code (token functions, hooks).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong with a call.
///
/// Match on the variant, or use the helpers, which look through a [`Error::Token`] failure
/// to the token request's own error:
///
/// ```
/// # async fn demo(result: Result<(), auth0_sdk::Error>) {
/// match result {
///     Err(e) if e.is_not_found() => println!("no such user"),
///     Err(e) if e.is_rate_limited() => println!("slow down; reset at {:?}", e.rate_limit()),
///     Err(e) => println!("failed: {e}"),
///     Ok(()) => {}
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built (bad header, body that failed to serialise…).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client was configured wrongly (bad domain, unreadable private key…).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The API answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// An attempt took longer than its timeout (after any retries).
    #[error("{operation}: timed out after {timeout:?}")]
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The per-attempt timeout that was exceeded.
        timeout: Duration,
    },
    /// The connection failed or dropped (after any retries).
    #[error("{operation}: connection failed: {source}")]
    Connection {
        /// The operation id.
        operation: &'static str,
        /// What reqwest reported.
        #[source]
        source: reqwest::Error,
    },
    /// A 2xx response whose body was not the expected JSON.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// No access token could be obtained; `source` is the token request's error (often an
    /// [`Error::Api`] with Auth0's error body) or the token function's error.
    #[error("could not obtain an access token: {source}")]
    Token {
        /// Why. Shared by every call that waited for the same token request.
        #[source]
        source: Arc<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// Paging went past the most results the endpoint will ever return.
    #[error(
        "{operation}: Auth0 returns at most {cap} results for this search; \
         to read every user, create a user-export job (POST /api/v2/jobs/users-exports)"
    )]
    ResultCapReached {
        /// The operation id.
        operation: &'static str,
        /// The cap.
        cap: u64,
    },
    /// A [`Hooks`](super::Hooks) implementation rejected the request.
    #[error("request hook failed: {0}")]
    Hook(#[source] BoxError),
    /// Tokens were issued but their ID token failed validation; none of them should be used.
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

impl Error {
    /// An invalid-request error.
    pub fn invalid_request(message: impl Into<String>) -> Error {
        Error::InvalidRequest(message.into())
    }

    /// A configuration error.
    pub fn config(message: impl Into<String>) -> Error {
        Error::Config(message.into())
    }

    /// The error of the request that actually failed: this one, or the token request's.
    fn root(&self) -> &Error {
        match self {
            Error::Token { source } => match source.downcast_ref::<Error>() {
                Some(inner) => inner.root(),
                None => self,
            },
            other => other,
        }
    }

    /// The API error, if the API answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self.root() {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The HTTP status, if a response was received.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self.root() {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
            _ => None,
        }
    }

    /// Response headers of an API error.
    pub fn headers(&self) -> Option<&http::HeaderMap> {
        self.api_error().map(ApiError::headers)
    }

    /// Auth0's rate-limit headers of an API error.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.api_error().and_then(ApiError::rate_limit)
    }

    /// The OAuth error (`invalid_grant`, `mfa_required`, `authorization_pending`…), when the
    /// server answered with one (also through a failed token request).
    ///
    /// ```
    /// # fn handle(err: auth0_sdk::Error) {
    /// if let Some(mfa_token) = err.mfa_token() {
    ///     // continue with the MFA endpoints
    /// #   let _ = mfa_token;
    /// } else if let Some(oauth) = err.oauth_error() {
    ///     eprintln!("refused: {} ({:?})", oauth.error, oauth.error_description);
    /// }
    /// # }
    /// ```
    pub fn oauth_error(&self) -> Option<OAuthError<'_>> {
        self.api_error().and_then(ApiError::oauth_error)
    }

    /// `true` when the server answered with the OAuth error `code`.
    pub fn is_oauth_error(&self, code: &str) -> bool {
        self.oauth_error().is_some_and(|e| e.error == code)
    }

    /// `true` for `mfa_required`.
    pub fn is_mfa_required(&self) -> bool {
        self.is_oauth_error("mfa_required")
    }

    /// The `mfa_token` of an `mfa_required` error.
    pub fn mfa_token(&self) -> Option<&SecretString> {
        self.api_error().and_then(ApiError::mfa_token)
    }

    /// `true` for HTTP 429.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(http::StatusCode::TOO_MANY_REQUESTS)
    }

    /// `true` for HTTP 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(http::StatusCode::NOT_FOUND)
    }

    /// `true` for a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self.root(), Error::Timeout { .. })
    }

    /// `true` when no access token could be obtained.
    pub fn is_token_error(&self) -> bool {
        matches!(self, Error::Token { .. })
    }

    /// Whether trying again later may succeed: 429, 408, 5xx (but 501), timeouts and
    /// connection failures. Whether it is *safe* to repeat also depends on the method.
    pub fn is_retryable(&self) -> bool {
        match self.root() {
            Error::Api(api) => super::retry::is_retryable_status(api.status),
            Error::Timeout { .. } | Error::Connection { .. } => true,
            _ => false,
        }
    }
}
