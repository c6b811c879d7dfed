//! Configuring an [`AuthenticationClient`].

use std::fmt;
use std::time::Duration;

use secrecy::SecretString;

use super::client::AuthenticationClient;
use super::core::AuthCore;
use super::poll_settings::PollSettings;
use crate::jwt::{IdTokenValidator, JwksCache};
use crate::runtime::{
    ClientAssertionSigner, ClientAuth, ClientAuthMethod, ClientConfig, Credential, Error, Transport, TransportBuilder,
    normalize_domain,
};

impl AuthenticationClient {
    /// Starts configuring a client.
    pub fn builder() -> AuthenticationClientBuilder {
        AuthenticationClientBuilder::new()
    }
}

/// Configures an [`AuthenticationClient`]: where the tenant is, which application, how it
/// authenticates, and the shared [`ClientConfig`] (HTTP client, retries, timeouts, telemetry,
/// hooks).
///
/// ```
/// use auth0_sdk::authentication::{AuthenticationClient, ClientAuthMethod};
/// let auth = AuthenticationClient::builder()
///     .domain("https://example.eu.auth0.com/")
///     .client_id("abc")
///     .client_secret("s3cret")
///     .client_auth_method(ClientAuthMethod::ClientSecretBasic)
///     .build()
///     .unwrap();
/// assert_eq!(auth.base_url(), "https://example.eu.auth0.com");
/// assert!(!format!("{auth:?}").contains("s3cret"));
/// ```
#[must_use]
pub struct AuthenticationClientBuilder {
    domain: Option<String>,
    base_url: Option<String>,
    mtls_base_url: Option<String>,
    client_id: Option<String>,
    secret: Option<SecretString>,
    signer: Option<ClientAssertionSigner>,
    mtls: bool,
    method: Option<ClientAuthMethod>,
    config: Option<ClientConfig>,
    validator: Option<IdTokenValidator>,
    id_token_hs256: bool,
    id_token_leeway: Option<Duration>,
    poll: PollSettings,
}

impl fmt::Debug for AuthenticationClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthenticationClientBuilder")
            .field("domain", &self.domain)
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.secret.as_ref().map(|_| "[REDACTED]"))
            .field("private_key_jwt", &self.signer)
            .field("mtls", &self.mtls)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

impl AuthenticationClientBuilder {
    pub(crate) fn new() -> Self {
        AuthenticationClientBuilder {
            domain: None,
            base_url: None,
            mtls_base_url: None,
            client_id: None,
            secret: None,
            signer: None,
            mtls: false,
            method: None,
            config: None,
            validator: None,
            id_token_hs256: false,
            id_token_leeway: None,
            poll: PollSettings::default(),
        }
    }

    /// The tenant or custom domain: `example.eu.auth0.com` or `https://example.eu.auth0.com`.
    /// Plain `http://` is refused. ID tokens must be issued by `https://{domain}/`.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// Sends requests to this base URL instead of `https://{domain}` (a local test server,
    /// a proxy). Without a [`domain`](Self::domain), the issuer expected in ID tokens is
    /// `{base_url}/`. ID-token keys are fetched from `{base_url}/.well-known/jwks.json`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The application's client id (required).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Authenticates with a client secret (`client_secret_post` unless
    /// [`client_auth_method`](Self::client_auth_method) says `client_secret_basic`).
    pub fn client_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// Authenticates with a private-key JWT client assertion (`private_key_jwt`).
    pub fn private_key_jwt(mut self, signer: ClientAssertionSigner) -> Self {
        self.signer = Some(signer);
        self
    }

    /// Authenticates with mutual TLS: client-authenticated requests go to
    /// `https://mtls.{domain}` and carry only `client_id`. Give a [`config`](Self::config)
    /// whose HTTP client presents the client certificate (`reqwest::Identity`).
    pub fn mtls(mut self) -> Self {
        self.mtls = true;
        self
    }

    /// Overrides the mutual-TLS host (by default `https://mtls.{domain}`; with only a
    /// [`base_url`](Self::base_url), that URL).
    pub fn mtls_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.mtls = true;
        self.mtls_base_url = Some(base_url.into());
        self
    }

    /// Chooses where client authentication goes; it must fit the credential given.
    pub fn client_auth_method(mut self, method: ClientAuthMethod) -> Self {
        self.method = Some(method);
        self
    }

    /// The shared settings (HTTP client — with a client certificate for mutual TLS —,
    /// retries and their budget, timeouts, telemetry, hooks). Clients given the same config
    /// share connections and the retry budget. Without one, the client gets its own default.
    pub fn config(mut self, config: &ClientConfig) -> Self {
        self.config = Some(config.clone());
        self
    }

    /// Replaces the ID-token validator (a custom JWKS cache, clock, algorithms).
    pub fn id_token_validator(mut self, validator: IdTokenValidator) -> Self {
        self.validator = Some(validator);
        self
    }

    /// Also accepts HS256 ID tokens signed with the client secret (for applications whose
    /// signature algorithm is HS256). Needs a client secret.
    pub fn id_token_hs256(mut self) -> Self {
        self.id_token_hs256 = true;
        self
    }

    /// Clock-skew allowance for ID tokens (default 60 s).
    pub fn id_token_leeway(mut self, leeway: Duration) -> Self {
        self.id_token_leeway = Some(leeway);
        self
    }

    /// Default polling behaviour of the device and CIBA flows (sleep function, interval).
    pub fn poll_settings(mut self, settings: PollSettings) -> Self {
        self.poll = settings;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<AuthenticationClient, Error> {
        let config = ClientConfig::given_or_default(self.config.as_ref())?;
        let client_id = self
            .client_id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| Error::config("a client id is required"))?;
        let domain = self.domain.as_deref().map(normalize_domain).transpose()?;
        let base_url = match (&self.base_url, &domain) {
            (Some(base), _) => base.trim().trim_end_matches('/').to_owned(),
            (None, Some(domain)) => format!("https://{domain}"),
            (None, None) => return Err(Error::config("a domain (or base URL) is required")),
        };
        let issuer = match &domain {
            Some(domain) => format!("https://{domain}/"),
            None => format!("{base_url}/"),
        };
        let credential = self.credential()?;
        let method = self.method.unwrap_or_else(|| credential.default_method());
        if !credential.supports(method) {
            return Err(Error::config(format!(
                "the client auth method {method:?} does not fit the credential given ({credential:?})"
            )));
        }
        let auth = ClientAuth {
            client_id: client_id.clone(),
            credential,
            method,
            assertion_audience: issuer.clone(),
        };
        let transport = Self::transport(&config, &base_url, &auth)?;
        let backchannel = if self.mtls {
            let mtls = match (&self.mtls_base_url, &domain, &self.base_url) {
                (Some(url), _, _) => url.clone(),
                (None, _, Some(base)) => base.clone(),
                (None, Some(domain), None) => format!("https://mtls.{domain}"),
                (None, None, None) => base_url.clone(),
            };
            Self::transport(&config, &mtls, &auth)?
        } else {
            transport.clone()
        };
        let validator = match self.validator.clone() {
            Some(v) => v,
            None => self.default_validator(&config, &base_url, &issuer, &client_id)?,
        };
        Ok(AuthenticationClient {
            core: AuthCore::new(auth, transport, backchannel, validator, self.poll),
        })
    }

    fn credential(&self) -> Result<Credential, Error> {
        let given = usize::from(self.secret.is_some()) + usize::from(self.signer.is_some()) + usize::from(self.mtls);
        if given > 1 {
            return Err(Error::config(
                "give only one of client secret, private-key JWT, or mTLS",
            ));
        }
        Ok(if let Some(secret) = &self.secret {
            Credential::Secret(secret.clone())
        } else if let Some(signer) = &self.signer {
            Credential::PrivateKey(signer.clone())
        } else if self.mtls {
            Credential::Mtls
        } else {
            Credential::None
        })
    }

    fn transport(config: &ClientConfig, base_url: &str, auth: &ClientAuth) -> Result<Transport, Error> {
        TransportBuilder::new(config, base_url)
            .client_auth(auth.clone())
            .build()
    }

    fn default_validator(
        &self,
        config: &ClientConfig,
        base_url: &str,
        issuer: &str,
        client_id: &str,
    ) -> Result<IdTokenValidator, Error> {
        let jwks =
            JwksCache::builder(format!("{base_url}/.well-known/jwks.json")).http_client(config.http_client().clone());
        let mut builder = IdTokenValidator::builder(base_url, client_id)
            .issuer(issuer)
            .jwks(jwks.build());
        if self.id_token_hs256 {
            let secret = self
                .secret
                .clone()
                .ok_or_else(|| Error::config("HS256 ID tokens need the client secret; none was given"))?;
            builder = builder.hs256_client_secret(secret);
        }
        if let Some(leeway) = self.id_token_leeway {
            builder = builder.leeway(leeway);
        }
        builder
            .build()
            .map_err(|e| Error::config(format!("the ID-token validator: {e}")))
    }
}
