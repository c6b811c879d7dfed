//! v4's `authentication.passwordless`: send a code or link, log in with it.

use secrecy::SecretString;
use serde_json::{Map, Value};

use super::oauth::{GrantOptions, grant};
use super::{AuthApiError, TokenSet};
use crate::authentication::{AuthenticationClient, PasswordlessRealm, PasswordlessSend, TokenRequest};
use crate::legacy::ApiResponse;

/// v4's `SendEmailRequest`.
#[derive(Clone, Debug, Default)]
pub struct SendEmailRequest {
    /// `email`.
    pub email: String,
    /// `send`: `"link"` (v4's default) or `"code"`.
    pub send: Option<String>,
    /// `authParams`: the magic link's `/authorize` parameters.
    pub auth_params: Option<Map<String, Value>>,
}

/// v4's `SendSmsRequest`.
#[derive(Clone, Debug, Default)]
pub struct SendSmsRequest {
    /// `phone_number` (E.164).
    pub phone_number: String,
}

/// v4's `LoginWithEmailRequest`.
#[derive(Clone, Debug)]
pub struct LoginWithEmailRequest {
    /// `email`.
    pub email: String,
    /// `code`: the one-time code.
    pub code: SecretString,
    /// `audience`.
    pub audience: Option<String>,
    /// `scope`.
    pub scope: Option<String>,
}

/// v4's `LoginWithSMSRequest`.
#[derive(Clone, Debug)]
pub struct LoginWithSmsRequest {
    /// `phone_number`.
    pub phone_number: String,
    /// `code`: the one-time code.
    pub code: SecretString,
    /// `audience`.
    pub audience: Option<String>,
    /// `scope`.
    pub scope: Option<String>,
}

/// v4's `authentication.passwordless`.
#[derive(Clone, Debug)]
pub struct Passwordless {
    pub(crate) client: AuthenticationClient,
}

fn scoped(mut request: TokenRequest, audience: Option<String>, scope: Option<String>) -> TokenRequest {
    if let Some(a) = audience {
        request = request.audience(a);
    }
    if let Some(s) = scope {
        request = request.scope(s);
    }
    request
}

impl Passwordless {
    /// v4's `passwordless.sendEmail(body)`.
    pub async fn send_email(&self, body: SendEmailRequest) -> Result<ApiResponse<()>, AuthApiError> {
        let send = match body.send.as_deref() {
            Some("code") => PasswordlessSend::Code,
            _ => PasswordlessSend::Link,
        };
        let mut request = self.client.passwordless_email(body.email, send);
        if let Some(params) = body.auth_params {
            request = request.auth_params(params);
        }
        Ok(ApiResponse::from_response(request.send_with_raw().await?).map(|_| ()))
    }

    /// v4's `passwordless.sendSMS(body)`.
    pub async fn send_sms(&self, body: SendSmsRequest) -> Result<ApiResponse<()>, AuthApiError> {
        let request = self.client.passwordless_sms(body.phone_number);
        Ok(ApiResponse::from_response(request.send_with_raw().await?).map(|_| ()))
    }

    /// v4's `passwordless.loginWithEmail(body, options)`.
    pub async fn login_with_email(
        &self,
        body: LoginWithEmailRequest,
        options: GrantOptions,
    ) -> Result<ApiResponse<TokenSet>, AuthApiError> {
        let request = self
            .client
            .passwordless_login(PasswordlessRealm::Email, body.email, &body.code);
        grant(super::oauth::expect(
            scoped(request, body.audience, body.scope),
            options.id_token_validate_options,
        ))
        .await
    }

    /// v4's `passwordless.loginWithSMS(body, options)`.
    pub async fn login_with_sms(
        &self,
        body: LoginWithSmsRequest,
        options: GrantOptions,
    ) -> Result<ApiResponse<TokenSet>, AuthApiError> {
        let request = self
            .client
            .passwordless_login(PasswordlessRealm::Sms, body.phone_number, &body.code);
        grant(super::oauth::expect(
            scoped(request, body.audience, body.scope),
            options.id_token_validate_options,
        ))
        .await
    }
}
