//! v4's `ManagementClientOptions` and `RetryConfiguration`, with v4's defaults.

use std::collections::BTreeMap;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::headers::{ClientInfo, ExtraHeaders};
use crate::runtime::{ClientAssertionSigner, ManagementClientBuilder, RetryPolicy, SigningAlgorithm, TokenSource};

/// v4's default `timeoutDuration`: 10 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// v4's default `retry.maxRetries`.
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// v4 caps `retry.maxRetries` at 10.
const MAX_RETRIES_CAP: u32 = 10;

/// v4's `retry` option: `{ enabled, maxRetries, retryWhen }`, default `{ true, 3, [429] }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfiguration {
    /// Retry at all (default `true`).
    pub enabled: bool,
    /// Retries after the first attempt (default 3, capped at 10 as v4 does).
    pub max_retries: u32,
    /// Statuses that are retried (default `[429]`). The runtime retries 429 for every method
    /// and, as it does for every client, 408/5xx for idempotent methods; a list without 429
    /// turns status retries off.
    pub retry_when: Vec<u16>,
}

impl Default for RetryConfiguration {
    fn default() -> Self {
        RetryConfiguration {
            enabled: true,
            max_retries: DEFAULT_MAX_RETRIES,
            retry_when: vec![429],
        }
    }
}

impl RetryConfiguration {
    /// The runtime policy: v4's count and backoff (500 ms doubling, at most 10 s).
    pub(crate) fn policy(&self) -> RetryPolicy {
        if !self.enabled || !self.retry_when.contains(&429) {
            return RetryPolicy::none();
        }
        RetryPolicy::default()
            .max_retries(self.max_retries.min(MAX_RETRIES_CAP))
            .initial_backoff(Duration::from_millis(500))
            .max_backoff(Duration::from_secs(10))
    }
}

/// v4's `ManagementClientOptions`: `domain` plus either `token` or client credentials
/// (`client_id` with `client_secret` or `client_assertion_signing_key`).
///
/// ```
/// use auth0_sdk::legacy::{ManagementClient, ManagementClientOptions};
/// let management = ManagementClient::new(ManagementClientOptions {
///     domain: "example.eu.auth0.com".into(),
///     client_id: Some("CLIENT_ID".into()),
///     client_secret: Some("CLIENT_SECRET".into()),
///     scope: Some("read:users update:users".into()),
///     ..Default::default()
/// })?;
/// # let _ = management;
/// # Ok::<(), auth0_sdk::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ManagementClientOptions {
    /// `domain`: the tenant's domain (`{TENANT}.auth0.com`).
    pub domain: String,
    /// `token`: a static token or a function (build with [`TokenSource::static_token`],
    /// [`TokenSource::from_fn`] or [`TokenSource::from_async_fn`]).
    pub token: Option<TokenSource>,
    /// `clientId`, for the client-credentials grant.
    pub client_id: Option<String>,
    /// `clientSecret`.
    pub client_secret: Option<SecretString>,
    /// `clientAssertionSigningKey`: a PEM private key for private-key JWT.
    pub client_assertion_signing_key: Option<SecretString>,
    /// `clientAssertionSigningAlg` (default `RS256`; `PS256`, `ES256`).
    pub client_assertion_signing_alg: Option<String>,
    /// `audience` (default `https://{domain}/api/v2/`).
    pub audience: Option<String>,
    /// `scope`: accepted as v2/v3 code passes it; v4 does not send it with the
    /// client-credentials grant (the token carries the scopes granted to the client), and
    /// neither does this client.
    pub scope: Option<String>,
    /// `telemetry` (default `true`): send `Auth0-Client`.
    pub telemetry: bool,
    /// `clientInfo`: replaces the telemetry value.
    pub client_info: Option<ClientInfo>,
    /// `headers`: added to every request.
    pub headers: BTreeMap<String, String>,
    /// `timeoutDuration` (default 10 s).
    pub timeout_duration: Duration,
    /// `retry` (default enabled, 3 retries, on 429).
    pub retry: RetryConfiguration,
    /// Not a v4 option: the API's base URL instead of `https://{domain}/api/v2` (tests).
    pub base_url: Option<String>,
    /// Not a v4 option: the token endpoint's base URL instead of `https://{domain}` (tests).
    pub auth_base_url: Option<String>,
}

impl Default for ManagementClientOptions {
    fn default() -> Self {
        ManagementClientOptions {
            domain: String::new(),
            token: None,
            client_id: None,
            client_secret: None,
            client_assertion_signing_key: None,
            client_assertion_signing_alg: None,
            audience: None,
            scope: None,
            telemetry: true,
            client_info: None,
            headers: BTreeMap::new(),
            timeout_duration: DEFAULT_TIMEOUT,
            retry: RetryConfiguration::default(),
            base_url: None,
            auth_base_url: None,
        }
    }
}

/// `clientAssertionSigningAlg` → the runtime's algorithm.
pub(crate) fn signing_algorithm(alg: Option<&str>) -> Result<SigningAlgorithm, crate::Error> {
    match alg.unwrap_or("RS256") {
        "RS256" => Ok(SigningAlgorithm::RS256),
        "PS256" => Ok(SigningAlgorithm::PS256),
        "ES256" => Ok(SigningAlgorithm::ES256),
        other => Err(crate::Error::config(format!(
            "clientAssertionSigningAlg `{other}` is not supported (RS256, PS256, ES256)"
        ))),
    }
}

impl ManagementClientOptions {
    /// The current client's builder for these options.
    pub fn into_builder(self) -> Result<ManagementClientBuilder, crate::Error> {
        // v4's default audience comes from the domain, whatever `base_url` says.
        let audience = match &self.audience {
            Some(a) => a.clone(),
            None => format!("https://{}/api/v2/", crate::runtime::normalize_domain(&self.domain)?),
        };
        let mut b = crate::runtime::ManagementClient::builder()
            .domain(&self.domain)
            .audience(audience);
        b = match (
            self.token,
            self.client_id,
            self.client_secret,
            self.client_assertion_signing_key,
        ) {
            (Some(token), ..) => b.token_source(token),
            (None, Some(id), Some(secret), _) => b.client_secret(id, secret),
            (None, Some(id), None, Some(key)) => {
                let alg = signing_algorithm(self.client_assertion_signing_alg.as_deref())?;
                b.private_key_jwt(
                    id,
                    ClientAssertionSigner::from_pem(key.expose_secret().as_bytes(), alg)?,
                )
            }
            _ => {
                return Err(crate::Error::config(
                    "ManagementClientOptions needs `token`, or `client_id` with `client_secret` or `client_assertion_signing_key`",
                ));
            }
        };
        let mut config = crate::ClientConfig::builder()
            .timeout(self.timeout_duration)
            .retry_policy(self.retry.policy())
            .telemetry(self.telemetry && self.client_info.is_none());
        let extra = ExtraHeaders::new(&self.headers, self.telemetry.then_some(self.client_info).flatten())?;
        if !extra.is_empty() {
            config = config.hooks(extra);
        }
        b = b.config(&config.build()?);
        if let Some(url) = self.base_url {
            b = b.base_url(url);
        }
        if let Some(url) = self.auth_base_url {
            b = b.auth_base_url(url);
        }
        Ok(b)
    }
}
