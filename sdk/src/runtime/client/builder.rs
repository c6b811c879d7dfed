//! Configuring a [`ManagementClient`].

use std::future::Future;
use std::time::Duration;

use secrecy::SecretString;

use super::ManagementClient;
use crate::runtime::token::ClientCredentials;
use crate::runtime::{
    BoxError, ClientAssertionSigner, ClientAuth, ClientConfig, Credential, Endpoints, Error, TokenSource,
    TransportBuilder, endpoints,
};

/// Default: a cached token is replaced this long before it expires.
const DEFAULT_REFRESH_LEEWAY: Duration = Duration::from_secs(10);

enum Auth {
    Source(TokenSource),
    Credentials { client_id: String, credential: Credential },
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::Source(source) => source.fmt(f),
            Auth::Credentials { client_id, credential } => f
                .debug_struct("Credentials")
                .field("client_id", client_id)
                .field("credential", credential)
                .finish(),
        }
    }
}

/// Configures a [`ManagementClient`]: where (domain), who (token source), and the shared
/// [`ClientConfig`] (HTTP client, retries, timeouts, telemetry, hooks). `Debug` never shows
/// secrets.
#[derive(Debug)]
#[must_use]
pub struct ManagementClientBuilder {
    domain: Option<String>,
    base_url: Option<String>,
    auth_base_url: Option<String>,
    audience: Option<String>,
    auth: Option<Auth>,
    scope: Option<String>,
    refresh_leeway: Duration,
    config: Option<ClientConfig>,
    custom_domain: Option<String>,
}

impl Default for ManagementClientBuilder {
    fn default() -> Self {
        ManagementClientBuilder {
            domain: None,
            base_url: None,
            auth_base_url: None,
            audience: None,
            auth: None,
            scope: None,
            refresh_leeway: DEFAULT_REFRESH_LEEWAY,
            config: None,
            custom_domain: None,
        }
    }
}

impl ManagementClientBuilder {
    /// The tenant domain: `tenant.auth0.com`, with or without `https://` and a trailing
    /// slash. The API is `https://{domain}/api/v2`, tokens come from
    /// `https://{domain}/oauth/token` for audience `https://{domain}/api/v2/`.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// An explicit API base URL (e.g. `http://127.0.0.1:8080/api/v2` for a test server; the
    /// only way to use plain http). Without a domain, the token endpoint is this URL minus
    /// `/api/v2`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// An explicit base URL for the token endpoint (default: derived from the domain).
    pub fn auth_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.auth_base_url = Some(base_url.into());
        self
    }

    /// The audience requested by the client-credentials grant.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// The `scope` requested by the client-credentials grant (default: none, so Auth0 grants
    /// every scope of the application's client grant).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// The shared settings (HTTP client, retries and their budget, timeouts, telemetry,
    /// hooks); clients given the same config share connections and the retry budget. Without
    /// one, the client gets a default config of its own.
    pub fn config(mut self, config: &ClientConfig) -> Self {
        self.config = Some(config.clone());
        self
    }

    /// Authenticates with a fixed access token.
    pub fn token(mut self, token: impl Into<SecretString>) -> Self {
        self.auth = Some(Auth::Source(TokenSource::static_token(token)));
        self
    }

    /// Authenticates with the token `f` returns, called before every request.
    pub fn token_fn<F>(mut self, f: F) -> Self
    where
        F: Fn() -> Result<SecretString, BoxError> + Send + Sync + 'static,
    {
        self.auth = Some(Auth::Source(TokenSource::from_fn(f)));
        self
    }

    /// Authenticates with the token `f()` resolves to, awaited before every request.
    pub fn async_token_fn<F, Fut>(mut self, f: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<SecretString, BoxError>> + Send + 'static,
    {
        self.auth = Some(Auth::Source(TokenSource::from_async_fn(f)));
        self
    }

    /// Authenticates with any [`TokenSource`].
    pub fn token_source(mut self, source: TokenSource) -> Self {
        self.auth = Some(Auth::Source(source));
        self
    }

    /// Client-credentials grant with a client secret; the token is cached.
    pub fn client_secret(mut self, client_id: impl Into<String>, client_secret: impl Into<SecretString>) -> Self {
        self.auth = Some(Auth::Credentials {
            client_id: client_id.into(),
            credential: Credential::Secret(client_secret.into()),
        });
        self
    }

    /// Client-credentials grant with a private-key JWT client assertion; the token is
    /// cached.
    pub fn private_key_jwt(mut self, client_id: impl Into<String>, signer: ClientAssertionSigner) -> Self {
        self.auth = Some(Auth::Credentials {
            client_id: client_id.into(),
            credential: Credential::PrivateKey(signer),
        });
        self
    }

    /// How long before expiry a cached token is replaced (default 10 s).
    pub fn token_refresh_leeway(mut self, leeway: Duration) -> Self {
        self.refresh_leeway = leeway;
        self
    }

    /// Sends `Auth0-Custom-Domain: domain` on the endpoints that accept it (user
    /// management, tickets, verification emails, invitations, enrollment and SSO tickets)
    /// and on no other.
    pub fn custom_domain_header(mut self, domain: impl Into<String>) -> Self {
        self.custom_domain = Some(domain.into());
        self
    }

    /// Builds the client. Fails on a bad domain or URL, or when no token source was given.
    pub fn build(self) -> Result<ManagementClient, Error> {
        let Endpoints {
            host,
            api: api_base,
            auth: auth_base,
        } = endpoints(
            self.domain.as_deref(),
            self.base_url.as_deref(),
            self.auth_base_url.as_deref(),
            "/api/v2",
        )?;
        let config = ClientConfig::given_or_default(self.config.as_ref())?;
        let source = match self.auth {
            None => {
                return Err(Error::config(
                    "no credentials: set `token`, `token_fn`, `client_secret` or `private_key_jwt`",
                ));
            }
            Some(Auth::Source(source)) => source,
            Some(Auth::Credentials { client_id, credential }) => {
                // The Management API's identifier is always `https://{domain}/api/v2/`, even
                // when tokens come from another base URL (a proxy, a custom domain).
                let audience = match (&self.audience, &host) {
                    (Some(audience), _) => audience.clone(),
                    (None, Some(host)) => format!("https://{host}/api/v2/"),
                    (None, None) => format!("{auth_base}/api/v2/"),
                };
                let key_client_id = client_id.clone();
                let method = credential.default_method();
                let client_auth = ClientAuth {
                    client_id,
                    credential,
                    method,
                    assertion_audience: format!("{auth_base}/"),
                };
                let credentials = ClientCredentials {
                    audience,
                    organization: None,
                    scope: self.scope,
                };
                let key = credentials.cache_key(&auth_base, &key_client_id);
                let token_transport = TransportBuilder::new(&config, auth_base)
                    .client_auth(client_auth)
                    .build()?;
                TokenSource::client_credentials(credentials, token_transport, key, self.refresh_leeway)
            }
        };
        let transport = TransportBuilder::new(&config, api_base.clone())
            .rate_limited(api_base)
            .token_source(source)
            .custom_domain_header(self.custom_domain)
            .build()?;
        Ok(ManagementClient { transport })
    }
}
