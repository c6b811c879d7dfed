//! An error status from the API, with Auth0's error body.

use std::fmt;

use secrecy::SecretString;
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
    /// `error_description` (Authentication; Auth0's `description` on `/dbconnections`).
    pub error_description: Option<String>,
}

/// The wire form, read once: Auth0's fields, the OAuth spellings (`code`/`description` on
/// `/dbconnections`) and the `mfa_token` of an `mfa_required` error.
#[derive(Deserialize)]
struct RawErrorBody {
    #[serde(rename = "statusCode")]
    status_code: Option<u16>,
    error: Option<serde_json::Value>,
    message: Option<serde_json::Value>,
    #[serde(rename = "errorCode")]
    error_code: Option<serde_json::Value>,
    error_description: Option<serde_json::Value>,
    code: Option<serde_json::Value>,
    description: Option<serde_json::Value>,
    mfa_token: Option<serde_json::Value>,
}

/// A JSON string member; anything else (numbers, objects) is not text to show.
fn text(value: Option<serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    }
}

/// Auth0's error body and the `mfa_token`, if the body is JSON.
fn parse_body(body: &[u8]) -> (Option<Auth0ErrorBody>, Option<SecretString>) {
    let Ok(raw) = serde_json::from_slice::<RawErrorBody>(body) else {
        return (None, None);
    };
    // `/dbconnections` spells the OAuth error and its description `code`/`description`.
    let parsed = Auth0ErrorBody {
        status_code: raw.status_code,
        error: text(raw.error).or_else(|| text(raw.code)),
        message: text(raw.message),
        error_code: text(raw.error_code),
        error_description: text(raw.error_description).or_else(|| text(raw.description)),
    };
    (Some(parsed), text(raw.mfa_token).map(SecretString::from))
}

/// An OAuth 2.0 error response (RFC 6749 §5.2) read from an [`ApiError`]: see
/// [`Error::oauth_error`](super::Error::oauth_error).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct OAuthError<'a> {
    /// The HTTP status.
    pub status: http::StatusCode,
    /// The error code: `invalid_grant`, `invalid_client`, `mfa_required`,
    /// `authorization_pending`, `slow_down`, `access_denied`, `expired_token`…
    pub error: &'a str,
    /// The human-readable explanation.
    pub error_description: Option<&'a str>,
}

/// An error status (4xx/5xx) returned by the API.
#[derive(Clone)]
pub struct ApiError {
    pub(crate) operation: &'static str,
    pub(crate) status: http::StatusCode,
    pub(crate) headers: http::HeaderMap,
    pub(crate) url: url::Url,
    pub(crate) body: Option<Auth0ErrorBody>,
    pub(crate) mfa_token: Option<SecretString>,
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
        let (parsed, mfa_token) = parse_body(body);
        let end = body.len().min(BODY_LIMIT);
        let raw_body = String::from_utf8_lossy(&body[..end]).into_owned();
        ApiError {
            operation,
            status,
            headers,
            url,
            body: parsed,
            mfa_token,
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

    /// The OAuth error (`error`, `error_description`), when the body carries one.
    pub fn oauth_error(&self) -> Option<OAuthError<'_>> {
        let body = self.body.as_ref()?;
        Some(OAuthError {
            status: self.status,
            error: body.error.as_deref()?,
            error_description: body.error_description.as_deref(),
        })
    }

    /// The `mfa_token` of an `mfa_required` error, to continue with the MFA endpoints.
    /// Never shown by `Debug` or `Display`.
    pub fn mfa_token(&self) -> Option<&SecretString> {
        self.mfa_token.as_ref()
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
        // Auth0's `errorCode`, else an OAuth `error` code (`mfa_required`), which the
        // description shown above does not repeat. Neither is ever a secret.
        let body = self.body.as_ref();
        let code = body.and_then(|b| b.error_code.as_deref()).or_else(|| {
            body.and_then(|b| b.error.as_deref())
                .filter(|e| !e.contains(' ') && Some(*e) != self.message())
        });
        if let Some(code) = code {
            write!(f, " ({code})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
