//! Multi-factor authentication: challenge, associate, list and delete authenticators.
//! (The MFA grants are on [`AuthenticationClient`]: `mfa_otp`, `mfa_oob`,
//! `mfa_recovery_code`.)

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

use super::api::mfa::{
    AssociateMfaAuthenticatorRequest, DeleteMfaAuthenticatorRequest, ListMfaAuthenticatorsRequest,
    RequestMfaChallengeRequest,
};
use super::client::AuthenticationClient;
use super::error::AuthError;
use crate::runtime::{Call, RequestOptions, Response};

/// The answer to `/mfa/challenge`: `challenge_type` (`otp` or `oob`), and for `oob` the
/// `oob_code` to pass to the `mfa_oob` grant and the `binding_method`.
pub type MfaChallenge = super::api::types::RequestMfaChallengeResponse;
/// The answer to `/mfa/associate`: the OTP `secret`/`barcode_uri` or `oob_code`, and
/// `recovery_codes` (its `Debug` hides the secret).
pub type MfaAssociation = super::api::types::AssociateMfaAuthenticatorResponse;
/// One enrolled authenticator.
pub type MfaAuthenticator = super::api::types::ListMfaAuthenticatorsResponseItem;

/// A `POST /mfa/challenge` request (JSON, with client authentication).
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct MfaChallengeRequest {
    client: AuthenticationClient,
    body: Map<String, Value>,
}

impl std::fmt::Debug for MfaChallengeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MfaChallengeRequest")
            .field("fields", &self.body.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl MfaChallengeRequest {
    /// `challenge_type`: `otp`, `oob`, or both space-separated.
    pub fn challenge_type(mut self, challenge_type: impl Into<String>) -> Self {
        self.body
            .insert("challenge_type".into(), Value::String(challenge_type.into()));
        self
    }

    /// `authenticator_id`: which enrolled authenticator to challenge.
    pub fn authenticator_id(mut self, id: impl Into<String>) -> Self {
        self.body.insert("authenticator_id".into(), Value::String(id.into()));
        self
    }

    /// Sends the challenge.
    pub async fn send(self) -> Result<MfaChallenge, AuthError> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<MfaChallenge>, AuthError> {
        self.client
            .send_json_body(
                &RequestMfaChallengeRequest::OPERATION,
                self.body,
                RequestOptions::default(),
            )
            .await
    }
}

/// A `POST /mfa/associate` request (the MFA token as bearer, client authentication in the
/// JSON body).
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct MfaAssociateRequest {
    client: AuthenticationClient,
    mfa_token: SecretString,
    body: Map<String, Value>,
}

impl std::fmt::Debug for MfaAssociateRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MfaAssociateRequest")
            .field("fields", &self.body.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl MfaAssociateRequest {
    /// `oob_channels`: `sms`, `voice`, `auth0`, `email`.
    pub fn oob_channels(mut self, channels: &[&str]) -> Self {
        self.body.insert(
            "oob_channels".into(),
            Value::Array(channels.iter().map(|c| Value::from(*c)).collect()),
        );
        self
    }

    /// `phone_number` for SMS or voice.
    pub fn phone_number(mut self, phone: impl Into<String>) -> Self {
        self.body.insert("phone_number".into(), Value::String(phone.into()));
        self
    }

    /// `email` for the email channel.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.body.insert("email".into(), Value::String(email.into()));
        self
    }

    /// Enrolls the authenticator.
    pub async fn send(self) -> Result<MfaAssociation, AuthError> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<MfaAssociation>, AuthError> {
        let options = RequestOptions::default().bearer_token(self.mfa_token);
        self.client
            .send_json_body(&AssociateMfaAuthenticatorRequest::OPERATION, self.body, options)
            .await
    }
}

impl AuthenticationClient {
    /// Challenges the user with an enrolled authenticator, using the `mfa_token` of an
    /// `mfa_required` error.
    pub fn mfa_challenge(&self, mfa_token: &SecretString) -> MfaChallengeRequest {
        let mut body = Map::new();
        body.insert("mfa_token".into(), mfa_token.expose_secret().into());
        MfaChallengeRequest {
            client: self.clone(),
            body,
        }
    }

    /// Enrolls a new authenticator of these types (`otp`, `oob`).
    pub fn mfa_associate(&self, mfa_token: &SecretString, authenticator_types: &[&str]) -> MfaAssociateRequest {
        let mut body = Map::new();
        body.insert(
            "authenticator_types".into(),
            Value::Array(authenticator_types.iter().map(|t| Value::from(*t)).collect()),
        );
        MfaAssociateRequest {
            client: self.clone(),
            mfa_token: mfa_token.clone(),
            body,
        }
    }

    /// Lists the user's authenticators; `token` is an MFA token or an access token for
    /// `https://{domain}/mfa/` with `read:authenticators`.
    pub async fn mfa_authenticators(&self, token: &SecretString) -> Result<Vec<MfaAuthenticator>, AuthError> {
        let mut call = Call::new(&ListMfaAuthenticatorsRequest::OPERATION, &[]);
        call.options(RequestOptions::default().bearer_token(token.clone()));
        Ok(self.inner.transport.send_json(call).await?.data)
    }

    /// Deletes an authenticator; `access_token` is for `https://{domain}/mfa/` with
    /// `remove:authenticators`.
    pub async fn mfa_delete_authenticator(
        &self,
        access_token: &SecretString,
        authenticator_id: &str,
    ) -> Result<(), AuthError> {
        let mut call = Call::new(&DeleteMfaAuthenticatorRequest::OPERATION, &[authenticator_id]);
        call.options(RequestOptions::default().bearer_token(access_token.clone()));
        self.inner.transport.send_empty(call).await?;
        Ok(())
    }
}
