//! Per-request options, layered over the client's defaults.

use std::fmt;
use std::time::Duration;

use secrecy::SecretString;

use super::RetryPolicy;

/// Options for one request, layered over the client's defaults.
///
/// Every generated request builder has setters for these (`.header(..)`, `.timeout(..)`…);
/// [`RequestOptions`] is the same set as a value, e.g. to reuse across calls.
///
/// ```
/// use std::time::Duration;
/// use auth0_sdk::RequestOptions;
/// let options = RequestOptions::default()
///     .header("x-request-id", "abc")
///     .query_param("fields", "user_id")
///     .timeout(Duration::from_secs(5))
///     .max_retries(0);
/// assert!(format!("{options:?}").contains("x-request-id"));
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Extra headers; a name given here replaces the runtime's header of that name.
    pub headers: Vec<(String, String)>,
    /// Extra query parameters; a name given here replaces the typed parameter of that name.
    pub query: Vec<(String, String)>,
    /// Timeout for each attempt (client default: 30 s; the call deadline still applies).
    pub timeout: Option<Duration>,
    /// The whole retry policy for this request, replacing the client's.
    pub retry: Option<RetryPolicy>,
    /// Maximum number of retries (applied over `retry` or the client's policy).
    pub max_retries: Option<u32>,
    /// Retry non-idempotent methods on 5xx/timeouts/connection errors too.
    pub retry_non_idempotent: Option<bool>,
    /// `Auth0-Custom-Domain` for this request, on any endpoint.
    pub custom_domain: Option<String>,
    /// A bearer token for this request, replacing the client's token source.
    pub bearer_token: Option<SecretString>,
}

impl fmt::Debug for RequestOptions {
    /// Header values are left out: callers put credentials there.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("headers", &header_names)
            .field("query", &self.query)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_retries", &self.max_retries)
            .field("retry_non_idempotent", &self.retry_non_idempotent)
            .field("custom_domain", &self.custom_domain)
            .field("bearer_token", &self.bearer_token.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

impl RequestOptions {
    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// Adds or overrides a query parameter.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }
    /// Sets the per-attempt timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    /// Replaces the retry policy for this request.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
    /// Sets the maximum number of retries.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }
    /// Allows retrying a non-idempotent request after a 5xx, timeout or dropped connection.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.retry_non_idempotent = Some(allow);
        self
    }
    /// Sends `Auth0-Custom-Domain` with this request.
    pub fn custom_domain(mut self, domain: impl Into<String>) -> Self {
        self.custom_domain = Some(domain.into());
        self
    }
    /// Authenticates this request with `token` instead of the client's token source.
    pub fn bearer_token(mut self, token: impl Into<SecretString>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// The retry policy in force: this request's, else the client's, with overrides applied.
    pub(crate) fn effective_retry(&self, client: &RetryPolicy) -> RetryPolicy {
        let mut policy = self.retry.clone().unwrap_or_else(|| client.clone());
        if let Some(retries) = self.max_retries {
            policy = policy.max_retries(retries);
        }
        if let Some(allow) = self.retry_non_idempotent {
            policy = policy.retry_non_idempotent(allow);
        }
        policy
    }
}
