//! `GET /userinfo`, on the authentication client or on its own.

use std::fmt;
use std::future::IntoFuture;

use futures_util::future::BoxFuture;
use secrecy::SecretString;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::api::userinfo::GetUserInfoRequest;
use crate::runtime::{
    Call, ClientConfig, Error, RequestOptions, Response, Transport, TransportBuilder, normalize_domain, option_setters,
};

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

/// A `GET /userinfo` request with the user's access token as bearer. `.await` it directly, or
/// set per-request options first and `.send().await`.
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct UserInfoRequest {
    transport: Transport,
    options: RequestOptions,
}

impl fmt::Debug for UserInfoRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserInfoRequest")
            .field("base_url", &self.transport.base_url())
            .field("options", &self.options)
            .finish()
    }
}

impl UserInfoRequest {
    pub(crate) fn new(transport: &Transport, access_token: &SecretString) -> UserInfoRequest {
        UserInfoRequest {
            transport: transport.clone(),
            options: RequestOptions::default().bearer_token(access_token.clone()),
        }
    }

    /// Sends the request and returns the profile.
    pub async fn send(self) -> Result<UserInfo, Error> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<UserInfo>, Error> {
        let mut call = Call::new(&GetUserInfoRequest::OPERATION, &[]);
        call.options(self.options);
        self.transport.send_json(call).await
    }
}

option_setters!(for UserInfoRequest);

impl IntoFuture for UserInfoRequest {
    type Output = Result<UserInfo, Error>;
    type IntoFuture = BoxFuture<'static, Result<UserInfo, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
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
    config: Option<ClientConfig>,
}

impl UserInfoClientBuilder {
    /// Sends requests to this base URL instead of `https://{domain}` (tests).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The shared settings (HTTP client, retries, timeouts, telemetry, hooks).
    pub fn config(mut self, config: &ClientConfig) -> Self {
        self.config = Some(config.clone());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<UserInfoClient, Error> {
        let base = match self.base_url {
            Some(base) => base,
            None => format!("https://{}", normalize_domain(&self.domain)?),
        };
        let config = ClientConfig::given_or_default(self.config.as_ref())?;
        Ok(UserInfoClient {
            transport: TransportBuilder::new(&config, base).build()?,
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
            config: None,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// The profile of the user `access_token` was issued to: `.await` it, or set options and
    /// `.send_with_raw()` for the response's status and headers.
    pub fn get(&self, access_token: &SecretString) -> UserInfoRequest {
        UserInfoRequest::new(&self.transport, access_token)
    }
}
