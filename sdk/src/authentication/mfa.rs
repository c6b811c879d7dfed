//! Multi-factor authentication: challenge, associate, list and delete authenticators.
//! (The MFA grants are on [`AuthenticationClient`]: `mfa_otp`, `mfa_oob`,
//! `mfa_recovery_code`.)

use serde_json::{Map, Value};

use super::api::mfa::{AssociateMfaAuthenticatorRequest, RequestMfaChallengeRequest};
use super::core::AuthCore;
use super::params::json_body;
use crate::runtime::{Error, RequestOptions, Response, option_setters};

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
    pub(crate) core: AuthCore,
    pub(crate) body: Map<String, Value>,
    pub(crate) options: RequestOptions,
}

option_setters!(for MfaChallengeRequest);

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
    pub async fn send(self) -> Result<MfaChallenge, Error> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<MfaChallenge>, Error> {
        self.core
            .send(
                &RequestMfaChallengeRequest::OPERATION,
                json_body(self.body),
                self.options,
            )
            .await
    }
}

/// A `POST /mfa/associate` request (the MFA token as bearer, client authentication in the
/// JSON body).
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct MfaAssociateRequest {
    pub(crate) core: AuthCore,
    pub(crate) body: Map<String, Value>,
    /// Carries the MFA token as the bearer token.
    pub(crate) options: RequestOptions,
}

option_setters!(for MfaAssociateRequest);

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
    pub async fn send(self) -> Result<MfaAssociation, Error> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<MfaAssociation>, Error> {
        self.core
            .send(
                &AssociateMfaAuthenticatorRequest::OPERATION,
                json_body(self.body),
                self.options,
            )
            .await
    }
}
