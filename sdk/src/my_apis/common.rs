//! What both My API builders share: where the API is, how a token is supplied, and the
//! shared [`ClientConfig`]. Kept in one place so both builders stay small.

use std::future::Future;

use secrecy::SecretString;

use crate::runtime::{BoxError, ClientConfig, Endpoints, Error, TokenSource, endpoints};

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
        ClientConfig::given_or_default(self.config.as_ref())
    }

    /// Resolves the API and token-endpoint bases (the runtime's `endpoints`).
    pub fn endpoints(&self, api_path: &str, auth_base: Option<&str>) -> Result<Endpoints, Error> {
        endpoints(self.domain.as_deref(), self.base_url.as_deref(), auth_base, api_path)
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
