//! Database connections: sign up and change password.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::api::dbconnections::{ChangePasswordRequest as ChangePasswordOp, SignupRequest};
use super::client::AuthenticationClient;
use super::error::AuthError;
use crate::runtime::{Call, Response};

/// A `POST /dbconnections/signup` request. `Debug` shows only field names.
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct SignUpRequest {
    client: AuthenticationClient,
    body: Map<String, Value>,
}

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
    pub async fn send(self) -> Result<SignedUpUser, AuthError> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<SignedUpUser>, AuthError> {
        let mut call = Call::new(&SignupRequest::OPERATION, &[]);
        call.json(&self.body);
        Ok(self.client.inner.transport.send_json(call).await?)
    }
}

/// A `POST /dbconnections/change_password` request: emails the user a reset link.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct ChangePasswordRequest {
    client: AuthenticationClient,
    body: Map<String, Value>,
}

impl ChangePasswordRequest {
    /// `organization`: the organization the reset link logs into.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.body
            .insert("organization".into(), Value::String(organization.into()));
        self
    }

    /// Sends the email; returns Auth0's message ("We've just sent you an email…").
    pub async fn send(self) -> Result<String, AuthError> {
        let mut call = Call::new(&ChangePasswordOp::OPERATION, &[]);
        call.json(&self.body);
        Ok(self.client.inner.transport.send_text(call).await?.data)
    }
}

impl AuthenticationClient {
    /// Creates a user in a database connection (`client_id` only; no client secret).
    pub fn signup(
        &self,
        email: impl Into<String>,
        password: &SecretString,
        connection: impl Into<String>,
    ) -> SignUpRequest {
        let mut body = Map::new();
        body.insert("client_id".into(), self.client_id().into());
        body.insert("email".into(), Value::String(email.into()));
        body.insert("password".into(), password.expose_secret().into());
        body.insert("connection".into(), Value::String(connection.into()));
        SignUpRequest {
            client: self.clone(),
            body,
        }
    }

    /// Asks for a password-reset email for `email` in a database connection.
    pub fn change_password(&self, email: impl Into<String>, connection: impl Into<String>) -> ChangePasswordRequest {
        let mut body = Map::new();
        body.insert("client_id".into(), self.client_id().into());
        body.insert("email".into(), Value::String(email.into()));
        body.insert("connection".into(), Value::String(connection.into()));
        ChangePasswordRequest {
            client: self.clone(),
            body,
        }
    }
}
