//! Database connections: sign up and change password.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::api::dbconnections::{ChangePasswordRequest as ChangePasswordOp, SignupRequest};
use super::core::AuthCore;
use super::params::json_body;
use crate::runtime::{Error, RequestOptions, Response, option_setters};

/// A `POST /dbconnections/signup` request. `Debug` shows only field names.
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct SignUpRequest {
    pub(crate) core: AuthCore,
    pub(crate) body: Map<String, Value>,
    pub(crate) options: RequestOptions,
}

option_setters!(for SignUpRequest);

impl std::fmt::Debug for SignUpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignUpRequest")
            .field("fields", &self.body.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The user created by a sign-up.
#[derive(Clone, Debug, Deserialize)]
#[non_exhaustive]
pub struct SignedUpUser {
    /// The user id within the connection (without the `auth0|` prefix).
    #[serde(rename = "_id", default)]
    pub id: Option<String>,
    /// The email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Whether the email address is verified.
    #[serde(default)]
    pub email_verified: Option<bool>,
    /// The username, when the connection uses them.
    #[serde(default)]
    pub username: Option<String>,
    /// Every other field returned.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl SignUpRequest {
    fn field(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.body.insert(name.to_owned(), value.into());
        self
    }

    /// `username`, for connections that require one.
    pub fn username(self, username: impl Into<String>) -> Self {
        self.field("username", username.into())
    }

    /// `given_name`.
    pub fn given_name(self, name: impl Into<String>) -> Self {
        self.field("given_name", name.into())
    }

    /// `family_name`.
    pub fn family_name(self, name: impl Into<String>) -> Self {
        self.field("family_name", name.into())
    }

    /// `name`.
    pub fn name(self, name: impl Into<String>) -> Self {
        self.field("name", name.into())
    }

    /// `nickname`.
    pub fn nickname(self, nickname: impl Into<String>) -> Self {
        self.field("nickname", nickname.into())
    }

    /// `picture` URL.
    pub fn picture(self, url: impl Into<String>) -> Self {
        self.field("picture", url.into())
    }

    /// `user_metadata` (string values only, at most 10 keys).
    pub fn user_metadata(self, metadata: Map<String, Value>) -> Self {
        self.field("user_metadata", Value::Object(metadata))
    }

    /// Creates the user.
    pub async fn send(self) -> Result<SignedUpUser, Error> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<SignedUpUser>, Error> {
        self.core
            .send(&SignupRequest::OPERATION, json_body(self.body), self.options)
            .await
    }
}

/// A `POST /dbconnections/change_password` request: emails the user a reset link.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct ChangePasswordRequest {
    pub(crate) core: AuthCore,
    pub(crate) body: Map<String, Value>,
    pub(crate) options: RequestOptions,
}

option_setters!(for ChangePasswordRequest);

impl ChangePasswordRequest {
    /// `organization`: the organization the reset link logs into.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.body
            .insert("organization".into(), Value::String(organization.into()));
        self
    }

    /// Sends the email; returns Auth0's message ("We've just sent you an email…").
    pub async fn send(self) -> Result<String, Error> {
        let (transport, call) = self
            .core
            .call(&ChangePasswordOp::OPERATION, json_body(self.body), self.options);
        Ok(transport.send_text(call).await?.data)
    }
}
