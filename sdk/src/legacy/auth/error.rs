//! v4's `AuthApiError`, and the one place errors of the current authentication flows become it.

use std::fmt;

/// node-auth0 v4's `AuthApiError { error, error_description, statusCode, body, headers }`
/// (and its `IdTokenValidatorError` / `UserInfoError`, told apart by `error`).
///
/// A failure with no response (timeout, connection, configuration) has `status_code` 0 and
/// `error` naming the kind (`TimeoutError`, `FetchError`, `RequiredError`); an ID token that
/// failed validation has `error` `IdTokenValidatorError`.
#[derive(Debug)]
pub struct AuthApiError {
    /// The OAuth error code (`invalid_grant`), or the failure's kind.
    pub error: String,
    /// `error_description`, or the failure's description.
    pub error_description: String,
    /// The HTTP status code; 0 when there was no response.
    pub status_code: u16,
    /// The response body as text.
    pub body: String,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// A human-readable message (v4's `message`).
    pub message: String,
    inner: Box<dyn std::error::Error + Send + Sync + 'static>,
}

impl AuthApiError {
    /// The current SDK's error behind this one.
    pub fn inner(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.inner
    }

    fn from_api(api: &crate::runtime::ApiError, inner: Box<dyn std::error::Error + Send + Sync>) -> Self {
        let body = api.body();
        let error = body.and_then(|b| b.error.clone()).unwrap_or_default();
        let description = body
            .and_then(|b| b.error_description.clone().or_else(|| b.message.clone()))
            .unwrap_or_default();
        AuthApiError {
            message: if description.is_empty() {
                error.clone()
            } else {
                description.clone()
            },
            error,
            error_description: description,
            status_code: api.status().as_u16(),
            body: api.raw_body().to_owned(),
            headers: api.headers().clone(),
            inner,
        }
    }

    fn without_response(error: &str, inner: Box<dyn std::error::Error + Send + Sync>) -> Self {
        AuthApiError {
            error: error.to_owned(),
            error_description: inner.to_string(),
            status_code: 0,
            body: String::new(),
            headers: http::HeaderMap::new(),
            message: inner.to_string(),
            inner,
        }
    }
}

impl fmt::Display for AuthApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AuthApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.inner)
    }
}

fn kind(e: &crate::Error) -> &'static str {
    match e {
        crate::Error::Timeout { .. } => "TimeoutError",
        crate::Error::IdToken(_) | crate::Error::MissingIdToken => "IdTokenValidatorError",
        crate::Error::InvalidRequest(_) | crate::Error::Config(_) => "RequiredError",
        _ => "FetchError",
    }
}

/// Errors of the runtime (requests the legacy clients make themselves).
impl From<crate::Error> for AuthApiError {
    fn from(e: crate::Error) -> Self {
        match e.api_error().cloned() {
            Some(api) => AuthApiError::from_api(&api, Box::new(e)),
            None => {
                let k = kind(&e);
                AuthApiError::without_response(k, Box::new(e))
            }
        }
    }
}
