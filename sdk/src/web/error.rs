//! What can go wrong in web sign-in, and the response each failure gets.
//!
//! Responses say what failed in a short fixed phrase; details that could carry secrets or
//! attacker-chosen text (token responses, store errors) go only to the `tracing` log, and even
//! there without tokens.

use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};

/// A web sign-in request that failed. As a response: `400` for a bad or stale request, `500`
/// for a server problem; the body is plain text without secrets.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebAuthError {
    /// The callback came without a valid login-transaction cookie: no login was started in this
    /// browser, it was already completed (a replayed callback), or the cookie was tampered with.
    #[error("no sign-in is in progress in this browser (or it was already completed)")]
    NoLoginTransaction,
    /// The login transaction is older than its lifetime.
    #[error("the sign-in took too long; please start again")]
    LoginExpired,
    /// The callback's `state` is not the one sent to `/authorize`.
    #[error("the callback's state does not match the sign-in in progress")]
    StateMismatch,
    /// The callback has neither `code` nor `error`.
    #[error("the callback has no authorization code")]
    MissingCode,
    /// Auth0 redirected back with an error (the user cancelled, is blocked, not a member…).
    #[error("the sign-in was refused: {error}")]
    Authorization {
        /// The OAuth `error` code, reduced to `[a-z_]`.
        error: String,
    },
    /// `return_to` is not a path on this site.
    #[error("return_to must be a path on this site")]
    InvalidReturnTo,
    /// `organization` differs from the one this application is configured for.
    #[error("this application signs users in to another organization")]
    OrganizationMismatch,
    /// Exchanging the code (or validating the ID token) failed.
    #[error("the sign-in could not be completed: {0}")]
    Exchange(#[source] crate::Error),
    /// Refreshing the access token failed.
    #[error("the access token could not be refreshed: {0}")]
    Refresh(#[source] crate::Error),
    /// The token response had no ID token (the scope lacks `openid`).
    #[error("the token response has no ID token; the scope must include openid")]
    MissingIdToken,
    /// A back-channel logout request has no `logout_token`.
    #[error("the request has no logout_token")]
    MissingLogoutToken,
    /// A back-channel logout token was refused.
    #[error("invalid logout token: {0}")]
    LogoutToken(#[from] crate::jwt::LogoutTokenError),
    /// The session store failed.
    #[error("the session store failed: {0}")]
    Session(String),
    /// The handler runs without [`WebAuth::mount`](super::WebAuth::mount)'s layers.
    #[error("web sign-in is not mounted on this router (WebAuth::mount)")]
    NotMounted,
    /// A URL could not be built.
    #[error("could not build a URL: {0}")]
    Url(#[source] crate::Error),
}

impl WebAuthError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            WebAuthError::Session(_) | WebAuthError::NotMounted | WebAuthError::Url(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            WebAuthError::Refresh(_) => StatusCode::BAD_GATEWAY,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    pub(crate) fn session(error: impl std::fmt::Display) -> Self {
        WebAuthError::Session(error.to_string())
    }
}

impl IntoResponse for WebAuthError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "web sign-in failed");
        } else {
            tracing::warn!(error = %self, "web sign-in request refused");
        }
        // The body names the failure only; the source (which may quote a server's answer) stays
        // in the log.
        let body = match &self {
            WebAuthError::Exchange(_) => "the sign-in could not be completed".to_owned(),
            WebAuthError::Refresh(_) => "the access token could not be refreshed".to_owned(),
            WebAuthError::LogoutToken(_) => "invalid logout token".to_owned(),
            WebAuthError::Session(_) | WebAuthError::Url(_) => "internal error".to_owned(),
            other => other.to_string(),
        };
        (status, [(CACHE_CONTROL, "no-store")], body).into_response()
    }
}

/// The builder refused the configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebConfigError {
    /// The application URL is not an `http(s)` origin (`https://app.example.com`).
    #[error("the application URL must be an http(s) origin without path, query or fragment: {0}")]
    AppUrl(String),
    /// `http://` or insecure cookies off loopback: cookies would travel in clear text.
    #[error("plain http and cookies without Secure are allowed only for loopback hosts (localhost, 127.0.0.1, ::1)")]
    InsecureOffLoopback,
    /// The cookie key is shorter than 64 bytes.
    #[error("the cookie key must be at least 64 bytes, got {0}")]
    CookieKeyTooShort(usize),
    /// A custom `/authorize` parameter would replace one the sign-in itself sets (`state`,
    /// `nonce`, `redirect_uri`…).
    #[error("`{0}` is set by web sign-in itself and cannot be a custom authorize parameter")]
    ReservedParam(String),
    /// A route path does not start with `/` or contains `?` or `#`.
    #[error("a route path must start with `/` and have no query or fragment: {0}")]
    Path(String),
}
