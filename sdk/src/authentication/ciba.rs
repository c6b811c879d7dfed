//! Client-initiated backchannel authentication (CIBA): `/bc-authorize`, then polling.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::Value;

use super::api::oauth::StartBackChannelLoginRequest;
use super::client::AuthenticationClient;
use super::error::AuthError;
use super::polling::TokenPoll;
use super::token_request::TokenRequest;
use crate::runtime::{RequestOptions, Response};

const CIBA_GRANT: &str = "urn:openid:params:grant-type:ciba";

/// A `POST /bc-authorize` request. `scope` defaults to `openid`.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct BackChannelLoginRequest {
    client: AuthenticationClient,
    form: Vec<(String, String)>,
}

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
    pub async fn send(self) -> Result<BackChannelLogin, AuthError> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<BackChannelLogin>, AuthError> {
        self.client
            .send_form(
                &StartBackChannelLoginRequest::OPERATION,
                self.form,
                RequestOptions::default(),
            )
            .await
    }
}

impl AuthenticationClient {
    /// Starts a CIBA login for the user `user_id` (`login_hint`
    /// `{"format":"iss_sub","iss":"https://{domain}/","sub":user_id}`), showing
    /// `binding_message` on their device.
    pub fn back_channel_login(&self, user_id: &str, binding_message: impl Into<String>) -> BackChannelLoginRequest {
        let login_hint = serde_json::json!({
            "format": "iss_sub",
            "iss": self.inner.auth.assertion_audience,
            "sub": user_id,
        });
        BackChannelLoginRequest {
            client: self.clone(),
            form: vec![
                ("login_hint".to_owned(), login_hint.to_string()),
                ("scope".to_owned(), "openid".to_owned()),
                ("binding_message".to_owned(), binding_message.into()),
            ],
        }
    }

    /// One token request for a CIBA `auth_req_id`
    /// (`grant_type=urn:openid:params:grant-type:ciba`); `authorization_pending` until approved.
    pub fn back_channel_token(&self, auth_req_id: &SecretString) -> TokenRequest {
        TokenRequest::new(self, CIBA_GRANT).param("auth_req_id", auth_req_id.expose_secret())
    }

    /// Polls the token endpoint until the user approves or denies the CIBA request.
    pub fn poll_back_channel_login(&self, login: &BackChannelLogin) -> TokenPoll {
        TokenPoll::new(
            self,
            self.back_channel_token(&login.auth_req_id),
            login.interval,
            Some(login.expires_in),
        )
    }
}
