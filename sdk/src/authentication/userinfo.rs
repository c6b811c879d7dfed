//! `GET /userinfo`, on the authentication client or on its own.

use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::api::userinfo::GetUserInfoRequest;
use super::client::AuthenticationClient;
use super::error::AuthError;
use crate::runtime::{Call, Error, RequestOptions, Response, RetryPolicy, Transport, normalize_domain};

/// The user's profile from `/userinfo`: the standard OpenID Connect claims present for the
/// scopes granted, plus every other claim (custom, namespaced) in [`other`](Self::other).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct UserInfo {
    /// The user id.
    pub sub: String,
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// Given name.
    #[serde(default)]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default)]
    pub family_name: Option<String>,
    /// Nickname.
    #[serde(default)]
    pub nickname: Option<String>,
    /// Picture URL.
    #[serde(default)]
    pub picture: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Whether the email address is verified.
    #[serde(default)]
    pub email_verified: Option<bool>,
    /// Phone number.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Locale.
    #[serde(default)]
    pub locale: Option<String>,
    /// Last profile update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Every other claim.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl UserInfo {
    /// Another claim converted to `T`; `None` if absent or of another type.
    pub fn claim<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        self.other
            .get(name)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
    }
}

async fn get(transport: &Transport, access_token: &SecretString) -> Result<Response<UserInfo>, AuthError> {
    let mut call = Call::new(&GetUserInfoRequest::OPERATION, &[]);
    call.options(RequestOptions::default().bearer_token(access_token.clone()));
    Ok(transport.send_json(call).await?)
}

impl AuthenticationClient {
    /// The profile of the user an access token was issued to (`GET /userinfo` with the token
    /// as bearer).
    pub async fn userinfo(&self, access_token: &SecretString) -> Result<UserInfo, AuthError> {
        Ok(get(&self.inner.transport, access_token).await?.data)
    }
}

/// `GET /userinfo` for a tenant, needing only its domain (no client id or secret).
///
/// ```no_run
/// use auth0_sdk::authentication::UserInfoClient;
/// # async fn run(token: secrecy::SecretString) -> Result<(), Box<dyn std::error::Error>> {
/// let users = UserInfoClient::new("example.eu.auth0.com")?;
/// let me = users.get(&token).await?;
/// println!("{} <{:?}>", me.sub, me.email);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct UserInfoClient {
    transport: Transport,
}

/// Configures a [`UserInfoClient`].
#[derive(Debug)]
#[must_use]
pub struct UserInfoClientBuilder {
    domain: String,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    telemetry: bool,
}

impl UserInfoClientBuilder {
    /// Sends requests to this base URL instead of `https://{domain}` (tests).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Uses your own reqwest client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The per-attempt timeout (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends the `Auth0-Client` telemetry header (default `true`).
    pub fn telemetry(mut self, enabled: bool) -> Self {
        self.telemetry = enabled;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<UserInfoClient, Error> {
        let base = match self.base_url {
            Some(base) => base,
            None => format!("https://{}", normalize_domain(&self.domain)?),
        };
        let mut builder = Transport::builder(base).telemetry(self.telemetry);
        if let Some(http) = self.http {
            builder = builder.http_client(http);
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(retry) = self.retry {
            builder = builder.retry_policy(retry);
        }
        Ok(UserInfoClient {
            transport: builder.build()?,
        })
    }
}

impl UserInfoClient {
    /// A client for the tenant at `domain` (`example.eu.auth0.com` or `https://…`).
    pub fn new(domain: impl Into<String>) -> Result<UserInfoClient, Error> {
        Self::builder(domain).build()
    }

    /// Starts configuring a client for the tenant at `domain`.
    pub fn builder(domain: impl Into<String>) -> UserInfoClientBuilder {
        UserInfoClientBuilder {
            domain: domain.into(),
            base_url: None,
            http: None,
            timeout: None,
            retry: None,
            telemetry: true,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// The profile of the user `access_token` was issued to.
    pub async fn get(&self, access_token: &SecretString) -> Result<UserInfo, AuthError> {
        Ok(get(&self.transport, access_token).await?.data)
    }

    /// Like [`get`](Self::get), with the response's status and headers.
    pub async fn get_with_raw(&self, access_token: &SecretString) -> Result<Response<UserInfo>, AuthError> {
        get(&self.transport, access_token).await
    }
}
