//! What both My API builders share: where the API is, how a token is supplied, and the
//! transport settings. Kept in one place so the switch to a shared client configuration
//! touches one file.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use crate::runtime::{
    BoxError, Error, Hooks, RetryBudget, RetryPolicy, TokenSource, Transport, TransportBuilder, normalize_domain,
};

/// The builder state common to [`MyAccountClientBuilder`](super::MyAccountClientBuilder) and
/// [`MyOrganizationClientBuilder`](super::MyOrganizationClientBuilder). `Debug` never shows
/// secrets (token sources print only their kind).
#[derive(Debug, Default)]
pub(crate) struct Common {
    pub domain: Option<String>,
    pub base_url: Option<String>,
    pub source: Option<TokenSource>,
    pub http: Option<reqwest::Client>,
    pub retry: Option<RetryPolicy>,
    pub budget: Option<RetryBudget>,
    pub timeout: Option<Duration>,
    pub telemetry: Option<bool>,
    pub hooks: Option<Arc<dyn Hooks>>,
}

/// Where a My API lives once the domain or base URL is resolved.
pub(crate) struct Endpoints {
    /// `https://{domain}/me/v1` or an explicit base URL.
    pub api: String,
    /// `https://{domain}`: the token endpoint's base.
    pub auth: String,
}

impl Common {
    pub fn token(&mut self, token: SecretString) {
        self.source = Some(TokenSource::static_token(token));
    }

    pub fn token_fn<F>(&mut self, f: F)
    where
        F: Fn(&'static [&'static str]) -> Result<SecretString, BoxError> + Send + Sync + 'static,
    {
        self.source = Some(TokenSource::from_scoped_fn(f));
    }

    pub fn async_token_fn<F, Fut>(&mut self, f: F)
    where
        F: Fn(&'static [&'static str]) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<SecretString, BoxError>> + Send + 'static,
    {
        self.source = Some(TokenSource::from_async_scoped_fn(f));
    }

    /// Resolves the API and token-endpoint bases: `https://{host}{api_path}` from the domain,
    /// or the explicit base URL (whose token endpoint is the domain's, else the base URL minus
    /// `api_path`).
    pub fn endpoints(&self, api_path: &str, auth_base: Option<&str>) -> Result<Endpoints, Error> {
        let host = self.domain.as_deref().map(normalize_domain).transpose()?;
        let (api, auth) = match (&host, &self.base_url) {
            (_, Some(base)) => {
                let base = base.trim().trim_end_matches('/').to_owned();
                let auth = match (auth_base, &host) {
                    (Some(auth), _) => auth.to_owned(),
                    (None, Some(host)) => format!("https://{host}"),
                    (None, None) => base.strip_suffix(api_path).unwrap_or(&base).to_owned(),
                };
                (base, auth)
            }
            (Some(host), None) => (
                format!("https://{host}{api_path}"),
                auth_base.map_or_else(|| format!("https://{host}"), str::to_owned),
            ),
            (None, None) => return Err(Error::config("set the tenant `domain` (or a `base_url`)")),
        };
        Ok(Endpoints {
            api,
            auth: auth.trim_end_matches('/').to_owned(),
        })
    }

    /// A transport builder for `base` with the configured settings (unset ones keep the
    /// transport's defaults).
    pub fn configure(&self, base: String, http: Option<&reqwest::Client>) -> TransportBuilder {
        let mut builder = Transport::builder(base);
        if let Some(http) = http.or(self.http.as_ref()) {
            builder = builder.http_client(http.clone());
        }
        if let Some(retry) = &self.retry {
            builder = builder.retry_policy(retry.clone());
        }
        if let Some(budget) = self.budget {
            builder = builder.retry_budget(budget);
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(telemetry) = self.telemetry {
            builder = builder.telemetry(telemetry);
        }
        if let Some(hooks) = &self.hooks {
            builder = builder.shared_hooks(Arc::clone(hooks));
        }
        builder
    }
}

/// The builder methods both My API builders have, delegating to their `common` field.
macro_rules! common_setters {
    () => {
        /// The tenant domain (`tenant.auth0.com`, with or without `https://`; https only).
        pub fn domain(mut self, domain: impl Into<String>) -> Self {
            self.common.domain = Some(domain.into());
            self
        }

        /// An explicit API base URL (e.g. a local test server; the only way to use plain
        /// http).
        pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
            self.common.base_url = Some(base_url.into());
            self
        }

        /// Authenticates every request with this access token.
        pub fn token(mut self, token: impl Into<secrecy::SecretString>) -> Self {
            self.common.token(token.into());
            self
        }

        /// Authenticates with the token `f(scopes)` returns, called before every request with
        /// the scopes the operation needs (from the spec; see each method's docs). Never
        /// cached: cache inside `f` (for example one token per scope set) if you need to.
        pub fn token_fn<F>(mut self, f: F) -> Self
        where
            F: Fn(&'static [&'static str]) -> Result<secrecy::SecretString, crate::runtime::BoxError>
                + Send
                + Sync
                + 'static,
        {
            self.common.token_fn(f);
            self
        }

        /// Like [`token_fn`](Self::token_fn), awaiting `f(scopes)`.
        pub fn async_token_fn<F, Fut>(mut self, f: F) -> Self
        where
            F: Fn(&'static [&'static str]) -> Fut + Send + Sync + 'static,
            Fut: std::future::Future<Output = Result<secrecy::SecretString, crate::runtime::BoxError>> + Send + 'static,
        {
            self.common.async_token_fn(f);
            self
        }

        /// Authenticates with any [`TokenSource`](crate::runtime::TokenSource).
        pub fn token_source(mut self, source: crate::runtime::TokenSource) -> Self {
            self.common.source = Some(source);
            self
        }

        /// Uses your own reqwest client. Build it with
        /// `redirect(reqwest::redirect::Policy::none())` to keep redirects visible.
        pub fn http_client(mut self, client: reqwest::Client) -> Self {
            self.common.http = Some(client);
            self
        }

        /// Sets the default retry policy.
        pub fn retry_policy(mut self, policy: crate::runtime::RetryPolicy) -> Self {
            self.common.retry = Some(policy);
            self
        }

        /// Sets the client-wide retry budget.
        pub fn retry_budget(mut self, budget: crate::runtime::RetryBudget) -> Self {
            self.common.budget = Some(budget);
            self
        }

        /// Sets the default per-attempt timeout (60 s).
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.common.timeout = Some(timeout);
            self
        }

        /// Sends the `Auth0-Client` telemetry header (default `true`).
        pub fn telemetry(mut self, enabled: bool) -> Self {
            self.common.telemetry = Some(enabled);
            self
        }

        /// Installs hooks run around every attempt.
        pub fn hooks(mut self, hooks: impl crate::runtime::Hooks) -> Self {
            self.common.hooks = Some(std::sync::Arc::new(hooks));
            self
        }
    };
}
pub(crate) use common_setters;
