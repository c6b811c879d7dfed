//! v4's `AuthenticationClientOptions`.

use std::collections::BTreeMap;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::legacy::headers::ExtraHeaders;
use crate::legacy::{ClientInfo, DEFAULT_TIMEOUT, RetryConfiguration};
use crate::runtime::ClientAssertionSigner;

/// v4's default `clockTolerance` for ID tokens: 60 s.
pub const DEFAULT_CLOCK_TOLERANCE: Duration = Duration::from_secs(60);

/// v4's `AuthenticationClientOptions`: `domain`, `client_id`, and for confidential clients
/// `client_secret` or `client_assertion_signing_key`.
#[derive(Clone, Debug)]
pub struct AuthenticationClientOptions {
    /// `domain`.
    pub domain: String,
    /// `clientId`.
    pub client_id: String,
    /// `clientSecret`.
    pub client_secret: Option<SecretString>,
    /// `clientAssertionSigningKey`: a PEM private key for private-key JWT.
    pub client_assertion_signing_key: Option<SecretString>,
    /// `clientAssertionSigningAlg` (default `RS256`).
    pub client_assertion_signing_alg: Option<String>,
    /// `idTokenSigningAlg` (default `RS256`; `HS256` validates with the client secret).
    pub id_token_signing_alg: Option<String>,
    /// `clockTolerance` for ID-token time claims (default 60 s).
    pub clock_tolerance: Duration,
    /// `telemetry` (default `true`).
    pub telemetry: bool,
    /// `clientInfo`: replaces the telemetry value.
    pub client_info: Option<ClientInfo>,
    /// `headers`: added to every request.
    pub headers: BTreeMap<String, String>,
    /// `timeoutDuration` (default 10 s).
    pub timeout_duration: Duration,
    /// `retry` (default enabled, 3 retries, on 429).
    pub retry: RetryConfiguration,
    /// Not a v4 option: the base URL instead of `https://{domain}` (tests).
    pub base_url: Option<String>,
}

impl Default for AuthenticationClientOptions {
    fn default() -> Self {
        AuthenticationClientOptions {
            domain: String::new(),
            client_id: String::new(),
            client_secret: None,
            client_assertion_signing_key: None,
            client_assertion_signing_alg: None,
            id_token_signing_alg: None,
            clock_tolerance: DEFAULT_CLOCK_TOLERANCE,
            telemetry: true,
            client_info: None,
            headers: BTreeMap::new(),
            timeout_duration: DEFAULT_TIMEOUT,
            retry: RetryConfiguration::default(),
            base_url: None,
        }
    }
}

impl AuthenticationClientOptions {
    /// The current authentication client for these options.
    pub(crate) fn build(self) -> Result<crate::authentication::AuthenticationClient, crate::Error> {
        let mut config = crate::ClientConfig::builder()
            .timeout(self.timeout_duration)
            .retry_policy(self.retry.policy())
            .telemetry(self.telemetry && self.client_info.is_none());
        let extra = ExtraHeaders::new(&self.headers, self.telemetry.then_some(self.client_info).flatten())?;
        if !extra.is_empty() {
            config = config.hooks(extra);
        }
        let mut b = crate::authentication::AuthenticationClient::builder()
            .config(&config.build()?)
            .domain(&self.domain)
            .client_id(&self.client_id)
            .id_token_leeway(self.clock_tolerance);
        if let Some(secret) = self.client_secret {
            b = b.client_secret(secret);
        } else if let Some(key) = self.client_assertion_signing_key {
            let alg = crate::legacy::options::signing_algorithm(self.client_assertion_signing_alg.as_deref())?;
            b = b.private_key_jwt(ClientAssertionSigner::from_pem(key.expose_secret().as_bytes(), alg)?);
        }
        match self.id_token_signing_alg.as_deref() {
            None | Some("RS256") => {}
            Some("HS256") => b = b.id_token_hs256(),
            Some(other) => {
                return Err(crate::Error::config(format!(
                    "idTokenSigningAlg `{other}` is not supported (RS256, HS256)"
                )));
            }
        }
        if let Some(url) = self.base_url {
            b = b.base_url(url);
        }
        b.build()
    }
}
