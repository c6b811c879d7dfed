//! Client-initiated backchannel authentication (CIBA): `/bc-authorize`, then polling.

use std::fmt;

use secrecy::SecretString;
use serde::Deserialize;
use serde_json::Value;

use super::api::oauth::StartBackChannelLoginRequest;
use super::core::AuthCore;
use crate::runtime::{Body, Error, RequestOptions, Response, option_setters};

/// A `POST /bc-authorize` request. `scope` defaults to `openid`.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct BackChannelLoginRequest {
    pub(crate) core: AuthCore,
    pub(crate) form: Vec<(String, String)>,
    pub(crate) options: RequestOptions,
}

option_setters!(for BackChannelLoginRequest);

/// The answer of `/bc-authorize`: the request to poll for. `Debug` hides `auth_req_id`.
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct BackChannelLogin {
    /// The authentication request id, to poll the token endpoint with.
    #[serde(deserialize_with = "super::params::deserialize_secret")]
    pub auth_req_id: SecretString,
    /// Seconds until the request expires.
    pub expires_in: u64,
    /// Seconds to wait between polls.
    pub interval: Option<u64>,
}

impl fmt::Debug for BackChannelLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackChannelLogin")
            .field("auth_req_id", &"[REDACTED]")
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish()
    }
}

impl BackChannelLoginRequest {
    fn param(mut self, name: &str, value: impl Into<String>) -> Self {
        super::params::set_param(&mut self.form, name, value);
        self
    }

    /// `scope` (must include `openid`).
    pub fn scope(self, scope: impl Into<String>) -> Self {
        self.param("scope", scope)
    }

    /// `audience`: the API the access token is for.
    pub fn audience(self, audience: impl Into<String>) -> Self {
        self.param("audience", audience)
    }

    /// `requested_expiry` in seconds.
    pub fn requested_expiry(self, seconds: u64) -> Self {
        self.param("requested_expiry", seconds.to_string())
    }

    /// `authorization_details` (Rich Authorization Requests), sent as JSON text.
    pub fn authorization_details(self, details: &Value) -> Self {
        self.param("authorization_details", details.to_string())
    }

    /// Replaces `login_hint` with your own JSON text.
    pub fn login_hint(self, login_hint: impl Into<String>) -> Self {
        self.param("login_hint", login_hint)
    }

    /// Sends the request; the user is asked on their device.
    pub async fn send(self) -> Result<BackChannelLogin, Error> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<BackChannelLogin>, Error> {
        self.core
            .send(
                &StartBackChannelLoginRequest::OPERATION,
                Body::Form(self.form),
                self.options,
            )
            .await
    }
}
