//! The client-credentials grant against `POST /oauth/token`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::cache::{FetchedToken, TokenFetcher};
use super::client_assertion::{CLIENT_ASSERTION_TYPE, ClientAssertionSigner};
use crate::runtime::{Call, Error, HttpMethod, OperationSpec, RequestOptions, Transport};

/// The token endpoint, as an operation so it is traced, retried and hooked like any other.
static TOKEN_OP: OperationSpec = OperationSpec {
    id: "oauth_token",
    method: HttpMethod::Post,
    path: "/oauth/token",
    custom_domain: false,
    pagination: None,
    scopes: &[],
};

/// Lifetime assumed when the server omits `expires_in` (Auth0 always sends it).
const DEFAULT_EXPIRES_IN: Duration = Duration::from_secs(3600);

/// How the application proves its identity to the token endpoint.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ClientAuthentication {
    /// `client_secret` in the request body.
    Secret(SecretString),
    /// A signed `client_assertion` (private-key JWT).
    PrivateKeyJwt(ClientAssertionSigner),
}

/// What the client-credentials grant needs.
#[derive(Clone, Debug)]
pub struct ClientCredentials {
    client_id: String,
    authentication: ClientAuthentication,
    audience: String,
    organization: Option<String>,
}

impl ClientCredentials {
    /// Credentials of `client_id` for `audience` (for the Management API,
    /// `https://{domain}/api/v2/`).
    pub fn new(
        client_id: impl Into<String>,
        authentication: ClientAuthentication,
        audience: impl Into<String>,
    ) -> ClientCredentials {
        ClientCredentials {
            client_id: client_id.into(),
            authentication,
            audience: audience.into(),
            organization: None,
        }
    }

    /// Requests a token for an organization.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }
}

/// The token endpoint's answer. `Debug` never shows the token.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct TokenResponse {
    /// The access token.
    pub access_token: SecretString,
    /// Its type, normally `Bearer`.
    pub token_type: Option<String>,
    /// Seconds until it expires.
    pub expires_in: Option<u64>,
    /// Granted scopes, space-separated.
    pub scope: Option<String>,
}

#[derive(Deserialize)]
struct RawTokenResponse {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<u64>,
    scope: Option<String>,
}

impl<'de> Deserialize<'de> for TokenResponse {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawTokenResponse::deserialize(deserializer)?;
        Ok(TokenResponse {
            access_token: raw.access_token.into(),
            token_type: raw.token_type,
            expires_in: raw.expires_in,
            scope: raw.scope,
        })
    }
}

pub(super) struct Fetcher {
    credentials: ClientCredentials,
    transport: Transport,
    /// `https://{domain}/`: the `aud` of a client assertion.
    assertion_audience: String,
}

impl Fetcher {
    pub(super) fn new(credentials: ClientCredentials, transport: Transport) -> Fetcher {
        let assertion_audience = format!("{}/", transport.base_url());
        Fetcher {
            credentials,
            transport,
            assertion_audience,
        }
    }

    fn call(&self) -> Result<Call, Error> {
        let creds = &self.credentials;
        let mut form: Vec<(&str, String)> = vec![
            ("grant_type", "client_credentials".to_owned()),
            ("client_id", creds.client_id.clone()),
            ("audience", creds.audience.clone()),
        ];
        match &creds.authentication {
            ClientAuthentication::Secret(secret) => {
                form.push(("client_secret", secret.expose_secret().to_owned()));
            }
            ClientAuthentication::PrivateKeyJwt(signer) => {
                let assertion = signer.sign(&creds.client_id, &self.assertion_audience)?;
                form.push(("client_assertion_type", CLIENT_ASSERTION_TYPE.to_owned()));
                form.push(("client_assertion", assertion.expose_secret().to_owned()));
            }
        }
        if let Some(org) = &creds.organization {
            form.push(("organization", org.clone()));
        }
        let mut call = Call::new(&TOKEN_OP, &[]);
        call.body = crate::runtime::Body::Form(form.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
        // Asking for a client-credentials token twice has no effect beyond a second token, so
        // the token request is retried after 5xx and dropped connections like a GET.
        call.options(RequestOptions::default().retry_non_idempotent(true));
        Ok(call)
    }
}

impl TokenFetcher for Fetcher {
    fn fetch(self: Arc<Self>) -> BoxFuture<'static, Result<FetchedToken, Error>> {
        Box::pin(async move {
            let call = self.call()?;
            let response = self
                .transport
                .send_json::<TokenResponse>(call)
                .await
                .map_err(strip_excerpt)?;
            let expires_in = response.data.expires_in.map_or(DEFAULT_EXPIRES_IN, Duration::from_secs);
            Ok(FetchedToken {
                token: response.data.access_token,
                expires_in,
            })
        })
    }
}

/// A token response that failed to decode may still hold the token: drop the excerpt.
fn strip_excerpt(error: Error) -> Error {
    match error {
        Error::Decode(mut d) => {
            d.excerpt = String::from("[withheld: token response]");
            Error::Decode(d)
        }
        other => other,
    }
}

impl fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetcher")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}
