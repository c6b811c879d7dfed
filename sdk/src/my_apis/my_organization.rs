//! The My Organization API client: an organization's details, members, invitations, roles,
//! domains and identity providers, managed by the organization's own admins or apps.

use std::time::Duration;

use secrecy::SecretString;

use super::common::{Common, common_setters};
use crate::runtime::token::ClientCredentials;
use crate::runtime::{ClientAssertionSigner, ClientAuth, Credential, Error, TokenSource, Transport, TransportBuilder};

/// The API's path on the tenant domain.
const API_PATH: &str = "/my-org/v1";
/// Default: a cached token is replaced this long before it expires.
const DEFAULT_REFRESH_LEEWAY: Duration = Duration::from_secs(10);

/// A My Organization API client (`https://{domain}/my-org/v1`), called with an
/// organization-scoped access token: a member's token from the authorization-code flow, or
/// the client-credentials grant with an `organization` (cached like the Management client's).
/// `Clone + Send + Sync`; cloning is one `Arc` increment.
///
/// Operations hang off group accessors (`client.members().list()`); each method's docs list
/// the scopes it needs.
///
/// ```no_run
/// # async fn demo() -> Result<(), auth0_sdk::Error> {
/// use auth0_sdk::MyOrganizationClient;
/// let my_org = MyOrganizationClient::builder()
///     .domain("tenant.auth0.com")
///     .client_secret("CLIENT_ID", "CLIENT_SECRET")
///     .organization("org_abc123") // the token request carries `organization`
///     .build()?;
/// let members = my_org.members().list().take(50).send().await?;
/// # let _ = members; Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct MyOrganizationClient {
    transport: Transport,
}

impl MyOrganizationClient {
    /// Starts configuring a client.
    pub fn builder() -> MyOrganizationClientBuilder {
        MyOrganizationClientBuilder::default()
    }

    /// The transport, for generated code.
    #[doc(hidden)]
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}

/// How the client-credentials grant authenticates, when it is used.
#[derive(Debug)]
struct Credentials {
    client_id: String,
    credential: Credential,
}

/// Configures a [`MyOrganizationClient`]: where (domain or base URL), whose token (a static
/// token, a function given each operation's scopes, or client credentials with an
/// `organization`), and the shared [`ClientConfig`](crate::ClientConfig). `Debug` never shows
/// secrets.
#[derive(Debug)]
#[must_use]
pub struct MyOrganizationClientBuilder {
    common: Common,
    credentials: Option<Credentials>,
    organization: Option<String>,
    audience: Option<String>,
    auth_base_url: Option<String>,
    refresh_leeway: Duration,
    custom_domain: Option<String>,
}

impl Default for MyOrganizationClientBuilder {
    fn default() -> Self {
        MyOrganizationClientBuilder {
            common: Common::default(),
            credentials: None,
            organization: None,
            audience: None,
            auth_base_url: None,
            refresh_leeway: DEFAULT_REFRESH_LEEWAY,
            custom_domain: None,
        }
    }
}

impl MyOrganizationClientBuilder {
    common_setters!();

    /// Client-credentials grant with a client secret, for the [`organization`](Self::organization)
    /// set; the token is cached and refreshed shortly before it expires.
    pub fn client_secret(mut self, client_id: impl Into<String>, client_secret: impl Into<SecretString>) -> Self {
        self.credentials = Some(Credentials {
            client_id: client_id.into(),
            credential: Credential::Secret(client_secret.into()),
        });
        self
    }

    /// Client-credentials grant with a private-key JWT client assertion, for the
    /// [`organization`](Self::organization) set; the token is cached.
    pub fn private_key_jwt(mut self, client_id: impl Into<String>, signer: ClientAssertionSigner) -> Self {
        self.credentials = Some(Credentials {
            client_id: client_id.into(),
            credential: Credential::PrivateKey(signer),
        });
        self
    }

    /// The organization (id or name) a client-credentials token is requested for; required
    /// with [`client_secret`](Self::client_secret) and [`private_key_jwt`](Self::private_key_jwt).
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }

    /// The audience the client-credentials grant asks for (default
    /// `https://{domain}/my-org/`).
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// An explicit base URL for the token endpoint (default: derived from the domain).
    pub fn auth_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.auth_base_url = Some(base_url.into());
        self
    }

    /// How long before expiry a cached client-credentials token is replaced (default 10 s).
    pub fn token_refresh_leeway(mut self, leeway: Duration) -> Self {
        self.refresh_leeway = leeway;
        self
    }

    /// Sends `Auth0-Custom-Domain: domain` on the endpoints that accept it (creating
    /// invitations, so their links use your custom domain) and on no other.
    pub fn custom_domain_header(mut self, domain: impl Into<String>) -> Self {
        self.custom_domain = Some(domain.into());
        self
    }

    /// Builds the client. Fails on a bad domain or URL, when no token source was given, or
    /// when client credentials lack an `organization`.
    pub fn build(self) -> Result<MyOrganizationClient, Error> {
        let endpoints = self.common.endpoints(API_PATH, self.auth_base_url.as_deref())?;
        let config = self.common.config()?;
        let source = match (self.credentials, self.common.source.clone()) {
            (Some(Credentials { client_id, credential }), _) => {
                let organization = self.organization.ok_or_else(|| {
                    Error::config("client credentials for the My Organization API need an `organization`")
                })?;
                // The API's identifier is `https://{domain}/my-org/`, also when tokens come
                // from another base URL.
                let audience = match (self.audience, &endpoints.host) {
                    (Some(audience), _) => audience,
                    (None, Some(host)) => format!("https://{host}/my-org/"),
                    (None, None) => format!("{}/my-org/", endpoints.auth),
                };
                let key_client_id = client_id.clone();
                let method = credential.default_method();
                let client_auth = ClientAuth {
                    client_id,
                    credential,
                    method,
                    assertion_audience: format!("{}/", endpoints.auth),
                };
                let credentials = ClientCredentials {
                    audience,
                    organization: Some(organization),
                    scope: None,
                };
                let key = credentials.cache_key(&endpoints.auth, &key_client_id);
                let token_transport = TransportBuilder::new(&config, endpoints.auth)
                    .client_auth(client_auth)
                    .build()?;
                TokenSource::client_credentials(credentials, token_transport, key, self.refresh_leeway)
            }
            (None, Some(source)) => source,
            (None, None) => {
                return Err(Error::config(
                    "no credentials: set `token`, `token_fn`, `async_token_fn`, `client_secret` or `private_key_jwt`",
                ));
            }
        };
        let transport = TransportBuilder::new(&config, endpoints.api)
            .token_source(source)
            .custom_domain_header(self.custom_domain)
            .build()?;
        Ok(MyOrganizationClient { transport })
    }
}
