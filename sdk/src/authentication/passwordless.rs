//! Passwordless: sending a code or link by email or SMS.

use serde_json::{Map, Value};

use super::api::passwordless::StartPasswordlessRequest;
use super::api::types::StartPasswordlessResponse;
use super::core::AuthCore;
use super::params::json_body;
use crate::runtime::{Error, RequestOptions, Response, option_setters};

/// Where the one-time code went, as the `realm` of the passwordless OTP grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PasswordlessRealm {
    /// The `email` connection.
    Email,
    /// The `sms` connection.
    Sms,
}

impl PasswordlessRealm {
    /// `email` or `sms`.
    pub fn as_str(self) -> &'static str {
        match self {
            PasswordlessRealm::Email => "email",
            PasswordlessRealm::Sms => "sms",
        }
    }
}

/// What an email carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PasswordlessSend {
    /// A magic link.
    Link,
    /// A one-time code.
    Code,
}

/// A `POST /passwordless/start` request (JSON, with client authentication).
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct PasswordlessStartRequest {
    pub(crate) core: AuthCore,
    pub(crate) body: Map<String, Value>,
    pub(crate) options: RequestOptions,
}

option_setters!(for PasswordlessStartRequest);

impl PasswordlessStartRequest {
    /// `authParams`: parameters of the magic link's `/authorize` request (`scope`,
    /// `state`, `redirect_uri`, `response_type`…).
    pub fn auth_params(mut self, params: Map<String, Value>) -> Self {
        self.body.insert("authParams".to_owned(), Value::Object(params));
        self
    }

    /// Sends the code or link.
    pub async fn send(self) -> Result<StartPasswordlessResponse, Error> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<StartPasswordlessResponse>, Error> {
        self.core
            .send(&StartPasswordlessRequest::OPERATION, json_body(self.body), self.options)
            .await
    }
}
