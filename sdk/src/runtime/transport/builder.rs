//! Configuring a [`Transport`].

use std::sync::Arc;
use std::time::Duration;

use super::{Inner, Transport};
use crate::runtime::retry::BudgetState;
use crate::runtime::telemetry;
use crate::runtime::{Error, Hooks, RetryBudget, RetryPolicy, TokenSource};

/// Default per-attempt timeout.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Configures a [`Transport`]; used by the Management and Authentication clients.
///
/// ```
/// use auth0_sdk::runtime::{RetryPolicy, Transport};
/// let auth = Transport::builder("https://tenant.auth0.com")
///     .retry_policy(RetryPolicy::default().max_retries(3))
///     .build()
///     .unwrap();
/// assert_eq!(auth.base_url(), "https://tenant.auth0.com");
/// ```
#[derive(Debug)]
#[must_use]
pub struct TransportBuilder {
    base_url: String,
    token: Option<TokenSource>,
    retry: RetryPolicy,
    budget: RetryBudget,
    timeout: Duration,
    telemetry: bool,
    http: Option<reqwest::Client>,
    hooks: Option<Arc<dyn Hooks>>,
    custom_domain: Option<String>,
}

impl TransportBuilder {
    pub(crate) fn new_for(base_url: impl Into<String>) -> TransportBuilder {
        TransportBuilder {
            base_url: base_url.into(),
            token: None,
            retry: RetryPolicy::default(),
            budget: RetryBudget::default(),
            timeout: DEFAULT_TIMEOUT,
            telemetry: true,
            http: None,
            hooks: None,
            custom_domain: None,
        }
    }

    /// Authenticates every request with tokens from `source` (none by default).
    pub fn token_source(mut self, source: TokenSource) -> Self {
        self.token = Some(source);
        self
    }

    /// Sets the default retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the client-wide retry budget.
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.budget = budget;
        self
    }

    /// Sets the default per-attempt timeout (60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends the `Auth0-Client` telemetry header (default `true`).
    pub fn telemetry(mut self, enabled: bool) -> Self {
        self.telemetry = enabled;
        self
    }

    /// Uses your own reqwest client (proxies, TLS roots, pools). Build it with
    /// `redirect(reqwest::redirect::Policy::none())` to keep redirects visible.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Installs hooks run around every attempt.
    pub fn hooks(mut self, hooks: impl Hooks) -> Self {
        self.hooks = Some(Arc::new(hooks));
        self
    }

    /// Installs shared hooks.
    pub fn shared_hooks(mut self, hooks: Arc<dyn Hooks>) -> Self {
        self.hooks = Some(hooks);
        self
    }

    /// Sends `Auth0-Custom-Domain: domain` on the operations that accept it.
    pub fn custom_domain_header(mut self, domain: impl Into<String>) -> Self {
        self.custom_domain = Some(domain.into());
        self
    }

    /// Builds the transport.
    pub fn build(self) -> Result<Transport, Error> {
        let base_url = validate_base_url(&self.base_url)?;
        let http = match self.http {
            Some(http) => http,
            None => default_client()?,
        };
        let custom_domain = match self.custom_domain {
            Some(domain) => Some(
                http::HeaderValue::from_str(&domain)
                    .map_err(|_| Error::config("the custom domain is not a valid header value"))?,
            ),
            None => None,
        };
        let mut default_headers = http::HeaderMap::new();
        default_headers.insert(http::header::USER_AGENT, telemetry::user_agent());
        if self.telemetry {
            default_headers.insert("auth0-client", telemetry::auth0_client_header());
        }
        Ok(Transport {
            inner: Arc::new(Inner {
                http,
                base_url,
                token: self.token,
                retry: self.retry,
                budget: BudgetState::new(self.budget),
                timeout: self.timeout,
                default_headers,
                custom_domain,
                hooks: self.hooks,
                deferred_error: None,
            }),
        })
    }

    /// Builds, or on a configuration error returns a transport whose every call fails with
    /// that error (for infallible convenience constructors).
    pub(crate) fn build_or_deferred(self) -> Transport {
        let base_url = self.base_url.clone();
        let token = self.token.clone();
        self.build().unwrap_or_else(|e| Transport {
            inner: Arc::new(Inner {
                http: reqwest::Client::new(),
                base_url,
                token,
                retry: RetryPolicy::none(),
                budget: None,
                timeout: DEFAULT_TIMEOUT,
                default_headers: http::HeaderMap::new(),
                custom_domain: None,
                hooks: None,
                deferred_error: Some(e.to_string()),
            }),
        })
    }
}

/// The redirect policy matters: Auth0's logout and authorize endpoints answer 302, and the
/// caller needs that response (and its `Location`), not the page it points to.
pub(crate) fn default_client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::config(format!("the HTTP client could not be created: {e}")))
}

fn validate_base_url(raw: &str) -> Result<String, Error> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = url::Url::parse(trimmed).map_err(|e| Error::config(format!("invalid base URL `{trimmed}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::config(format!(
            "the base URL `{trimmed}` must be an http(s) URL with a host"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "the base URL `{trimmed}` must not have a query or fragment"
        )));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            validate_base_url("https://t.auth0.com/api/v2/").unwrap(),
            "https://t.auth0.com/api/v2"
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(validate_base_url("t.auth0.com").is_err());
        assert!(validate_base_url("ftp://t.auth0.com").is_err());
        assert!(validate_base_url("https://t.auth0.com/?x=1").is_err());
    }
}
