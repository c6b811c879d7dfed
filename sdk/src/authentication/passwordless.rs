//! Passwordless: sending a code or link by email or SMS.

use serde_json::{Map, Value};

use super::api::passwordless::StartPasswordlessRequest;
use super::api::types::StartPasswordlessResponse;
use super::client::AuthenticationClient;
use super::error::AuthError;
use crate::runtime::{RequestOptions, Response};

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
    client: AuthenticationClient,
    body: Map<String, Value>,
    options: RequestOptions,
}

impl PasswordlessStartRequest {
    /// `authParams`: parameters of the magic link's `/authorize` request (`scope`,
    /// `state`, `redirect_uri`, `response_type`…).
    pub fn auth_params(mut self, params: Map<String, Value>) -> Self {
        self.body.insert("authParams".to_owned(), Value::Object(params));
        self
    }

    /// Adds a header (e.g. `x-request-language`, or `auth0-forwarded-for`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.header(name, value);
        self
    }

    /// Sends the code or link.
    pub async fn send(self) -> Result<StartPasswordlessResponse, AuthError> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<StartPasswordlessResponse>, AuthError> {
        self.client
            .send_json_body(&StartPasswordlessRequest::OPERATION, self.body, self.options)
            .await
    }
}

impl AuthenticationClient {
    /// Sends a passwordless email with a link or a code (`connection=email`).
    pub fn passwordless_email(&self, email: impl Into<String>, send: PasswordlessSend) -> PasswordlessStartRequest {
        let mut body = Map::new();
        body.insert("connection".into(), "email".into());
        body.insert("email".into(), Value::String(email.into()));
        let send = match send {
            PasswordlessSend::Link => "link",
            PasswordlessSend::Code => "code",
        };
        body.insert("send".into(), send.into());
        PasswordlessStartRequest {
            client: self.clone(),
            body,
            options: RequestOptions::default(),
        }
    }

    /// Sends a passwordless SMS code (`connection=sms`); `phone_number` in E.164 form.
    pub fn passwordless_sms(&self, phone_number: impl Into<String>) -> PasswordlessStartRequest {
        let mut body = Map::new();
        body.insert("connection".into(), "sms".into());
        body.insert("phone_number".into(), Value::String(phone_number.into()));
        body.insert("send".into(), "code".into());
        PasswordlessStartRequest {
            client: self.clone(),
            body,
            options: RequestOptions::default(),
        }
    }
}
