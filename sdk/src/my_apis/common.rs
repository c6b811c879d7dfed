//! What both My API builders share: where the API is, how a token is supplied, and the
//! shared [`ClientConfig`]. Kept in one place so both builders stay small.

use std::future::Future;

use secrecy::SecretString;

use crate::runtime::{BoxError, ClientConfig, Error, TokenSource, normalize_domain};

/// The builder state common to [`MyAccountClientBuilder`](super::MyAccountClientBuilder) and
/// [`MyOrganizationClientBuilder`](super::MyOrganizationClientBuilder). `Debug` never shows
/// secrets (token sources print only their kind).
#[derive(Debug, Default)]
pub(crate) struct Common {
    pub domain: Option<String>,
    pub base_url: Option<String>,
    pub source: Option<TokenSource>,
    pub config: Option<ClientConfig>,
}

/// Where a My API lives once the domain or base URL is resolved. (`host` and `auth` serve My
/// Organization's client-credentials token, so a build with My Account alone leaves them unread.)
#[cfg_attr(not(feature = "my-organization"), allow(dead_code))]
pub(crate) struct Endpoints {
    /// The tenant host, when a domain was given.
    pub host: Option<String>,
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

    /// The configured [`ClientConfig`], else a default one of the client's own.
    pub fn config(&self) -> Result<ClientConfig, Error> {
        match &self.config {
            Some(config) => Ok(config.clone()),
            None => ClientConfig::new(),
        }
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
            host,
            api,
            auth: auth.trim_end_matches('/').to_owned(),
        })
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

        /// The shared settings (HTTP client, retries and their budget, timeouts, telemetry,
        /// hooks); clients given the same config share connections and the retry budget.
        /// Without one, the client gets a default config of its own.
        pub fn config(mut self, config: &crate::runtime::ClientConfig) -> Self {
            self.common.config = Some(config.clone());
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
    };
}
pub(crate) use common_setters;
