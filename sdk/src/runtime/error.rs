//! The SDK's one error type.

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use super::{ApiError, DecodeError, HttpMethod, OAuthError, RateLimit};
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
    #[error("{operation}: timed out after {timeout:?}{attempts}")]
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The per-attempt timeout that was exceeded (or what was left of the call's deadline).
        timeout: Duration,
        /// How the call went.
        attempts: Attempts,
        /// Whether the request had been sent when time ran out (`false`: still connecting).
        sent: bool,
    },
    /// The connection failed or dropped before a response arrived (after any retries).
    #[error("{operation}: connection failed{}: {source}{attempts}", if *sent { " after the request was sent" } else { " before the request was sent" })]
    Connection {
        /// The operation id.
        operation: &'static str,
        /// What reqwest reported.
        #[source]
        source: reqwest::Error,
        /// How the call went.
        attempts: Attempts,
        /// Whether the request may have reached the server: `false` for a refused connection,
        /// DNS and TLS failures (nothing was written); `true` once the connection was made.
        sent: bool,
    },
    /// The response began (status and headers arrived) but its body was cut off: the request
    /// was executed, its answer was lost.
    #[error("{operation}: the HTTP {status} response body was cut off: {source}{attempts}")]
    BodyInterrupted {
        /// The operation id.
        operation: &'static str,
        /// The status of the interrupted response.
        status: http::StatusCode,
        /// What reqwest reported.
        #[source]
        source: reqwest::Error,
        /// How the call went.
        attempts: Attempts,
    },
    /// A response body was larger than the client's limit
    /// ([`ClientConfigBuilder::max_response_size`](super::ClientConfigBuilder::max_response_size)).
    #[error("{operation}: the HTTP {status} response is larger than the {limit}-byte limit{attempts}")]
    ResponseTooLarge {
        /// The operation id.
        operation: &'static str,
        /// The status of the response.
        status: http::StatusCode,
        /// The limit in bytes.
        limit: u64,
        /// How the call went.
        attempts: Attempts,
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

    /// How many attempts the failed call made, with what method, and whether the retry budget
    /// refused another one. `None` when no request was sent (configuration, token, hook).
    pub fn attempts(&self) -> Option<Attempts> {
        match self.root() {
            Error::Api(api) => Some(api.attempts),
            Error::Timeout { attempts, .. }
            | Error::Connection { attempts, .. }
            | Error::BodyInterrupted { attempts, .. }
            | Error::ResponseTooLarge { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }

    /// `true` when the retry policy allowed another attempt but the client's
    /// [`RetryBudget`](super::RetryBudget) refused it (Auth0 looked unhealthy to this client).
    pub fn retry_budget_exhausted(&self) -> bool {
        self.attempts().is_some_and(|a| a.budget_exhausted)
    }

    /// Whether the server may have carried the request out although the call failed.
    ///
    /// - `false`: it certainly was not — the connection was never made (refused, DNS, TLS),
    ///   the request was refused (4xx, 429, 503), or no request was sent at all
    ///   (configuration, token, hook errors). Safe to send again.
    /// - `true`: it may have been — the connection dropped or timed out after the request went
    ///   out, the response was cut off or too large, a 2xx did not decode, or a 500/502/504
    ///   came back (a gateway may have forwarded it). From the client's side a reset before
    ///   and after the server acted look the same. Repeating a non-idempotent request (a
    ///   POST that creates) may do it twice: look the result up first (e.g. find the user by
    ///   email), or make the write idempotent.
    pub fn may_have_executed(&self) -> bool {
        match self.root() {
            Error::Api(api) => matches!(api.status.as_u16(), 500 | 502 | 504),
            Error::Timeout { sent, .. } | Error::Connection { sent, .. } => *sent,
            Error::BodyInterrupted { .. } | Error::ResponseTooLarge { .. } | Error::Decode(_) => true,
            _ => false,
        }
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

    /// Whether sending the same request again later is both likely to help and safe: the
    /// failure is transient (429, 408, 5xx but 501, timeouts, dropped connections, cut-off
    /// bodies) and either the request [cannot have been executed](Self::may_have_executed)
    /// or its method is idempotent (GET, PUT, DELETE, HEAD). A POST that may have created
    /// something is not retryable: check first.
    pub fn is_retryable(&self) -> bool {
        let transient = match self.root() {
            Error::Api(api) => super::retry::is_retryable_status(api.status),
            Error::Timeout { .. } | Error::Connection { .. } | Error::BodyInterrupted { .. } => true,
            _ => false,
        };
        transient && (!self.may_have_executed() || self.attempts().is_some_and(|a| a.method.is_idempotent()))
    }
}

/// How a failed call went: how many attempts were sent, with which method, and whether the
/// retry budget refused one more. A 409 on attempt 2 of a create may be the SDK's own retry
/// of a request that had in fact succeeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempts {
    /// Attempts made; 1 when the call was not retried.
    pub count: u32,
    /// The call's HTTP method.
    pub method: HttpMethod,
    /// The retry policy allowed another attempt but the client's retry budget refused it.
    pub budget_exhausted: bool,
}

/// Says nothing for one plain attempt; otherwise ` (after 3 attempts; retry budget
/// exhausted)`, ready to follow an error message.
impl std::fmt::Display for Attempts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.count, self.budget_exhausted) {
            (0 | 1, false) => Ok(()),
            (n, false) => write!(f, " (after {n} attempts)"),
            (0 | 1, true) => f.write_str(" (retry budget exhausted)"),
            (n, true) => write!(f, " (after {n} attempts; retry budget exhausted)"),
        }
    }
}
