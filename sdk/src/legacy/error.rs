//! v4's `ManagementApiError`, over the SDK's one [`Error`](crate::Error).

use std::fmt;

/// node-auth0 v4's `ManagementApiError { errorCode, error, statusCode, body, headers, message }`.
///
/// An error status from the API fills every field from Auth0's error body. A failure with no
/// response (timeout, connection, token, bad request) has `status_code` 0, `error` naming
/// the kind as v4's error classes do (`TimeoutError`, `FetchError`, `RequiredError`), and the
/// current [`Error`](crate::Error) behind [`inner`](ManagementApiError::inner).
#[derive(Debug)]
pub struct ManagementApiError {
    /// Auth0's `errorCode` (`inexistent_user`), when the body has one.
    pub error_code: Option<String>,
    /// Auth0's `error` (the status phrase), or the failure's kind.
    pub error: String,
    /// The HTTP status code; 0 when there was no response.
    pub status_code: u16,
    /// The response body as text (empty when there was no response).
    pub body: String,
    /// The response headers (empty when there was no response).
    pub headers: http::HeaderMap,
    /// Auth0's `message`, or the failure's description.
    pub message: String,
    inner: crate::Error,
}

impl ManagementApiError {
    /// The current SDK's error this one describes.
    pub fn inner(&self) -> &crate::Error {
        &self.inner
    }

    /// The current SDK's error.
    pub fn into_inner(self) -> crate::Error {
        self.inner
    }
}

impl fmt::Display for ManagementApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ManagementApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.inner)
    }
}

/// The one conversion from the current error (every legacy management call goes through it).
impl From<crate::Error> for ManagementApiError {
    fn from(inner: crate::Error) -> Self {
        if let Some(api) = inner.api_error() {
            let body = api.body();
            return ManagementApiError {
                error_code: body.and_then(|b| b.error_code.clone()),
                error: body
                    .and_then(|b| b.error.clone())
                    .unwrap_or_else(|| api.status().canonical_reason().unwrap_or_default().to_owned()),
                status_code: api.status().as_u16(),
                body: api.raw_body().to_owned(),
                headers: api.headers().clone(),
                message: api.message().map(str::to_owned).unwrap_or_else(|| inner.to_string()),
                inner,
            };
        }
        let error = match &inner {
            crate::Error::Timeout { .. } => "TimeoutError",
            crate::Error::InvalidRequest(_) | crate::Error::Config(_) => "RequiredError",
            _ => "FetchError",
        };
        ManagementApiError {
            error_code: None,
            error: error.to_owned(),
            status_code: 0,
            body: String::new(),
            headers: http::HeaderMap::new(),
            message: inner.to_string(),
            inner,
        }
    }
}
