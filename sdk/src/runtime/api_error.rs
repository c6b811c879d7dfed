//! An error status from the API, with Auth0's error body.

use std::fmt;

use serde::Deserialize;

use super::RateLimit;

/// The most of an error response body kept, so a huge HTML error page cannot bloat an error.
const BODY_LIMIT: usize = 8 * 1024;

/// Auth0's JSON error body. Management API errors fill `status_code`, `error`, `message` and
/// `error_code`; Authentication API errors fill `error` and `error_description`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct Auth0ErrorBody {
    /// `statusCode`.
    #[serde(rename = "statusCode")]
    pub status_code: Option<u16>,
    /// `error`: the status phrase (Management) or an OAuth error code (Authentication).
    pub error: Option<String>,
    /// `message`: a human-readable explanation (Management).
    pub message: Option<String>,
    /// `errorCode`: a machine-readable code such as `inexistent_user` (Management).
    #[serde(rename = "errorCode")]
    pub error_code: Option<String>,
    /// `error_description` (Authentication).
    pub error_description: Option<String>,
}

/// An error status (4xx/5xx) returned by the API.
#[derive(Clone)]
pub struct ApiError {
    pub(crate) operation: &'static str,
    pub(crate) status: http::StatusCode,
    pub(crate) headers: http::HeaderMap,
    pub(crate) url: url::Url,
    pub(crate) body: Option<Auth0ErrorBody>,
    pub(crate) raw_body: String,
}

impl ApiError {
    pub(crate) fn new(
        operation: &'static str,
        status: http::StatusCode,
        headers: http::HeaderMap,
        url: url::Url,
        body: &[u8],
    ) -> ApiError {
        let parsed = serde_json::from_slice::<Auth0ErrorBody>(body).ok();
        let end = body.len().min(BODY_LIMIT);
        let raw_body = String::from_utf8_lossy(&body[..end]).into_owned();
        ApiError {
            operation,
            status,
            headers,
            url,
            body: parsed,
            raw_body,
        }
    }

    /// The operation id that failed.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The URL that answered.
    pub fn url(&self) -> &url::Url {
        &self.url
    }

    /// Auth0's error body, when the response carried one.
    pub fn body(&self) -> Option<&Auth0ErrorBody> {
        self.body.as_ref()
    }

    /// The response body as text (first 8 KiB). Not shown by `Debug` or `Display`: an
    /// Authentication API error can carry an `mfa_token`, so log it only deliberately.
    pub fn raw_body(&self) -> &str {
        &self.raw_body
    }

    /// Auth0's rate-limit headers, if present.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// The most useful human-readable explanation available.
    pub fn message(&self) -> Option<&str> {
        let body = self.body.as_ref()?;
        body.message
            .as_deref()
            .or(body.error_description.as_deref())
            .or(body.error.as_deref())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("url", &self.url.as_str())
            .field("body", &self.body)
            .field("raw_body_len", &self.raw_body.len())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        if let Some(code) = self.body.as_ref().and_then(|b| b.error_code.as_deref()) {
            write!(f, " ({code})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
