//! The Authentication API client: every flow starts here.

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

use super::api::mfa::{DeleteMfaAuthenticatorRequest, ListMfaAuthenticatorsRequest};
use super::api::oauth::RevokeTokenRequest;
use super::authorize_url::{AuthorizeUrlBuilder, par_url};
use super::ciba::{BackChannelLogin, BackChannelLoginRequest};
use super::core::AuthCore;
use super::database::{ChangePasswordRequest, SignUpRequest};
use super::device::{DeviceAuthorization, DeviceCodeRequest};
use super::grants::{CIBA_GRANT, DEVICE_GRANT, FEDERATED_CONNECTION_ACCESS_TOKEN, FEDERATED_GRANT};
use super::logout_url::{LogoutUrlBuilder, OidcLogoutUrlBuilder};
use super::mfa::{MfaAssociateRequest, MfaAuthenticator, MfaChallengeRequest};
use super::passwordless::{PasswordlessRealm, PasswordlessSend, PasswordlessStartRequest};
use super::polling::TokenPoll;
use super::token_request::TokenRequest;
use super::userinfo::UserInfoRequest;
use super::{AuthApi, ClientAuthMethod};
use crate::jwt::IdTokenValidator;
use crate::runtime::{Body, Call, Error, RequestOptions, Response};

/// A client for one Auth0 application on the Authentication API. Cheap to clone.
///
/// Build it with [`AuthenticationClient::builder`]. `Debug` never shows the client secret or
/// private key. Every flow starts with a method here and returns a request builder with the
/// same per-request options as every generated request (`.timeout(..)`, `.header(..)`…).
///
/// ```no_run
/// use auth0_sdk::authentication::AuthenticationClient;
/// # async fn run() -> Result<(), auth0_sdk::Error> {
/// let auth = AuthenticationClient::builder()
///     .domain("example.eu.auth0.com")
///     .client_id("my-m2m-client")
///     .client_secret("my-secret")
///     .build()?;
/// let tokens = auth
///     .client_credentials()
///     .audience("https://api.example.com")
///     .timeout(std::time::Duration::from_secs(5))
///     .send()
///     .await?;
/// # let _ = tokens;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct AuthenticationClient {
    pub(crate) core: AuthCore,
}

impl AuthenticationClient {
    /// The application's client id.
    pub fn client_id(&self) -> &str {
        &self.core.auth().client_id
    }

    /// The base URL of browser-facing endpoints, `https://{domain}` (no trailing slash).
    pub fn base_url(&self) -> &str {
        self.core.transport().base_url()
    }

    /// The base URL client-authenticated requests are sent to (`https://mtls.{domain}` with
    /// mutual TLS).
    pub fn backchannel_url(&self) -> &str {
        self.core.backchannel().base_url()
    }

    /// The client authentication method in use.
    pub fn auth_method(&self) -> ClientAuthMethod {
        self.core.auth().method
    }

    /// The validator applied to every `id_token` the flows receive.
    pub fn id_token_validator(&self) -> &IdTokenValidator {
        self.core.validator()
    }

    /// Every endpoint as generated, on the back channel with this client's authentication:
    /// `auth.api().oauth().token(..)` sends what the flows send (for parameters they lack).
    pub fn api(&self) -> AuthApi {
        AuthApi::new(self.core.backchannel().clone())
    }

    /// Exchanges an authorization code (`grant_type=authorization_code`). Add
    /// [`code_verifier`](TokenRequest::code_verifier) (or
    /// [`login_transaction`](TokenRequest::login_transaction)) for PKCE; public clients
    /// send only `client_id`.
    pub fn authorization_code(&self, code: impl Into<String>, redirect_uri: impl Into<String>) -> TokenRequest {
        TokenRequest::new(&self.core, "authorization_code")
            .param("code", code)
            .param("redirect_uri", redirect_uri)
    }

    /// Exchanges an authorization code with its PKCE verifier.
    pub fn authorization_code_pkce(
        &self,
        code: impl Into<String>,
        code_verifier: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> TokenRequest {
        self.authorization_code(code, redirect_uri).code_verifier(code_verifier)
    }

    /// Gets a token for the application itself (`grant_type=client_credentials`). Add
    /// [`audience`](TokenRequest::audience) and, for an organization,
    /// [`organization`](TokenRequest::organization). Needs a confidential client.
    pub fn client_credentials(&self) -> TokenRequest {
        TokenRequest::new(&self.core, "client_credentials").confidential_only()
    }

    /// Resource-owner password grant (`grant_type=password`), using the tenant's default
    /// directory.
    pub fn password(&self, username: impl Into<String>, password: &SecretString) -> TokenRequest {
        TokenRequest::new(&self.core, "password")
            .param("username", username)
            .param("password", password.expose_secret())
    }

    /// Password grant against one connection (`grant_type=http://auth0.com/oauth/grant-type/password-realm`).
    pub fn password_realm(
        &self,
        username: impl Into<String>,
        password: &SecretString,
        realm: impl Into<String>,
    ) -> TokenRequest {
        TokenRequest::new(&self.core, "http://auth0.com/oauth/grant-type/password-realm")
            .param("username", username)
            .param("password", password.expose_secret())
            .param("realm", realm)
    }

    /// Uses a refresh token (`grant_type=refresh_token`). The response may carry a rotated
    /// refresh token.
    pub fn refresh_token(&self, refresh_token: &SecretString) -> TokenRequest {
        TokenRequest::new(&self.core, "refresh_token").param("refresh_token", refresh_token.expose_secret())
    }

    /// Custom token exchange (RFC 8693, `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`):
    /// trades an external `subject_token` whose type is the profile's `subject_token_type`
    /// for Auth0 tokens. Add [`audience`](TokenRequest::audience), `scope`, `organization`.
    pub fn token_exchange(&self, subject_token: &SecretString, subject_token_type: impl Into<String>) -> TokenRequest {
        TokenRequest::new(&self.core, "urn:ietf:params:oauth:grant-type:token-exchange")
            .param("subject_token", subject_token.expose_secret())
            .param("subject_token_type", subject_token_type)
    }

    /// Token Vault: trades the user's Auth0 refresh or access token (`subject_token_type`
    /// [`TOKEN_TYPE_REFRESH_TOKEN`](super::TOKEN_TYPE_REFRESH_TOKEN) or [`TOKEN_TYPE_ACCESS_TOKEN`](super::TOKEN_TYPE_ACCESS_TOKEN)) for an access token of
    /// the federated `connection` (e.g. `google-oauth2`). Add `login_hint` with
    /// [`param`](TokenRequest::param) when the user has several accounts there.
    pub fn federated_connection_token(
        &self,
        subject_token: &SecretString,
        subject_token_type: impl Into<String>,
        connection: impl Into<String>,
    ) -> TokenRequest {
        TokenRequest::new(&self.core, FEDERATED_GRANT)
            .param("subject_token", subject_token.expose_secret())
            .param("subject_token_type", subject_token_type)
            .param("requested_token_type", FEDERATED_CONNECTION_ACCESS_TOKEN)
            .param("connection", connection)
    }

    /// Logs in with a passwordless one-time code
    /// (`grant_type=http://auth0.com/oauth/grant-type/passwordless/otp`); `username` is the
    /// email address or phone number the code was sent to.
    pub fn passwordless_login(
        &self,
        realm: PasswordlessRealm,
        username: impl Into<String>,
        otp: &SecretString,
    ) -> TokenRequest {
        TokenRequest::new(&self.core, "http://auth0.com/oauth/grant-type/passwordless/otp")
            .param("realm", realm.as_str())
            .param("username", username)
            .param("otp", otp.expose_secret())
    }

    /// Completes MFA with a one-time password from an authenticator app
    /// (`grant_type=http://auth0.com/oauth/grant-type/mfa-otp`).
    pub fn mfa_otp(&self, mfa_token: &SecretString, otp: &SecretString) -> TokenRequest {
        TokenRequest::new(&self.core, "http://auth0.com/oauth/grant-type/mfa-otp")
            .param("mfa_token", mfa_token.expose_secret())
            .param("otp", otp.expose_secret())
    }

    /// Completes MFA with an out-of-band challenge (SMS, push, email)
    /// (`grant_type=http://auth0.com/oauth/grant-type/mfa-oob`). `binding_code` is the code
    /// the user received, for SMS/voice/email. Returns `authorization_pending` until a push
    /// is approved.
    pub fn mfa_oob(
        &self,
        mfa_token: &SecretString,
        oob_code: impl Into<String>,
        binding_code: Option<&SecretString>,
    ) -> TokenRequest {
        let request = TokenRequest::new(&self.core, "http://auth0.com/oauth/grant-type/mfa-oob")
            .param("mfa_token", mfa_token.expose_secret())
            .param("oob_code", oob_code);
        match binding_code {
            Some(code) => request.param("binding_code", code.expose_secret()),
            None => request,
        }
    }

    /// Completes MFA with a recovery code
    /// (`grant_type=http://auth0.com/oauth/grant-type/mfa-recovery-code`). The response's
    /// `extra["recovery_code"]` is the user's new recovery code.
    pub fn mfa_recovery_code(&self, mfa_token: &SecretString, recovery_code: &SecretString) -> TokenRequest {
        TokenRequest::new(&self.core, "http://auth0.com/oauth/grant-type/mfa-recovery-code")
            .param("mfa_token", mfa_token.expose_secret())
            .param("recovery_code", recovery_code.expose_secret())
    }

    /// Starts a CIBA login for the user `user_id` (`login_hint`
    /// `{"format":"iss_sub","iss":"https://{domain}/","sub":user_id}`), showing
    /// `binding_message` on their device.
    pub fn back_channel_login(&self, user_id: &str, binding_message: impl Into<String>) -> BackChannelLoginRequest {
        let login_hint = serde_json::json!({
            "format": "iss_sub",
            "iss": self.core.issuer(),
            "sub": user_id,
        });
        BackChannelLoginRequest {
            core: self.core.clone(),
            form: vec![
                ("login_hint".to_owned(), login_hint.to_string()),
                ("scope".to_owned(), "openid".to_owned()),
                ("binding_message".to_owned(), binding_message.into()),
            ],
            options: RequestOptions::default(),
        }
    }

    /// One token request for a CIBA `auth_req_id`
    /// (`grant_type=urn:openid:params:grant-type:ciba`); `authorization_pending` until approved.
    pub fn back_channel_token(&self, auth_req_id: &SecretString) -> TokenRequest {
        TokenRequest::new(&self.core, CIBA_GRANT).param("auth_req_id", auth_req_id.expose_secret())
    }

    /// Polls the token endpoint until the user approves or denies the CIBA request.
    pub fn poll_back_channel_login(&self, login: &BackChannelLogin) -> TokenPoll {
        TokenPoll::new(
            self.back_channel_token(&login.auth_req_id),
            login.interval,
            Some(login.expires_in),
        )
    }

    /// Starts the device flow (`POST /oauth/device/code`).
    pub fn device_code(&self) -> DeviceCodeRequest {
        DeviceCodeRequest {
            core: self.core.clone(),
            form: Vec::new(),
            options: RequestOptions::default(),
        }
    }

    /// One token request for a device code
    /// (`grant_type=urn:ietf:params:oauth:grant-type:device_code`).
    pub fn device_code_token(&self, device_code: &SecretString) -> TokenRequest {
        TokenRequest::new(&self.core, DEVICE_GRANT).param("device_code", device_code.expose_secret())
    }

    /// Polls the token endpoint until the user approves or denies the device.
    pub fn poll_device_code(&self, device: &DeviceAuthorization) -> TokenPoll {
        TokenPoll::new(
            self.device_code_token(&device.device_code),
            device.interval,
            Some(device.expires_in),
        )
    }

    /// Revokes a refresh token (`POST /oauth/revoke`, form-encoded, with client
    /// authentication). Access tokens cannot be revoked; they run until they expire.
    pub async fn revoke_refresh_token(&self, refresh_token: &SecretString) -> Result<Response<()>, Error> {
        let form = vec![("token".to_owned(), refresh_token.expose_secret().to_owned())];
        let (transport, call) = self.core.call(
            &RevokeTokenRequest::OPERATION,
            Body::Form(form),
            RequestOptions::default(),
        );
        transport.send_empty(call).await
    }

    /// Starts a pushed authorization request: set parameters as for
    /// [`authorize_url`](Self::authorize_url), then call
    /// [`AuthorizeUrlBuilder::push`].
    pub fn par(&self, redirect_uri: impl Into<String>) -> AuthorizeUrlBuilder {
        self.authorize_url(redirect_uri)
    }

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
            core: self.core.clone(),
            body,
            options: RequestOptions::default(),
        }
    }

    /// Asks for a password-reset email for `email` in a database connection.
    pub fn change_password(&self, email: impl Into<String>, connection: impl Into<String>) -> ChangePasswordRequest {
        let mut body = Map::new();
        body.insert("client_id".into(), self.client_id().into());
        body.insert("email".into(), Value::String(email.into()));
        body.insert("connection".into(), Value::String(connection.into()));
        ChangePasswordRequest {
            core: self.core.clone(),
            body,
            options: RequestOptions::default(),
        }
    }

    /// Challenges the user with an enrolled authenticator, using the `mfa_token` of an
    /// `mfa_required` error.
    pub fn mfa_challenge(&self, mfa_token: &SecretString) -> MfaChallengeRequest {
        let mut body = Map::new();
        body.insert("mfa_token".into(), mfa_token.expose_secret().into());
        MfaChallengeRequest {
            core: self.core.clone(),
            body,
            options: RequestOptions::default(),
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
            core: self.core.clone(),
            body,
            options: RequestOptions::default().bearer_token(mfa_token.clone()),
        }
    }

    /// Lists the user's authenticators; `token` is an MFA token or an access token for
    /// `https://{domain}/mfa/` with `read:authenticators`.
    pub async fn mfa_authenticators(&self, token: &SecretString) -> Result<Vec<MfaAuthenticator>, Error> {
        let mut call = Call::new(&ListMfaAuthenticatorsRequest::OPERATION, &[]);
        call.options(RequestOptions::default().bearer_token(token.clone()));
        Ok(self.core.transport().send_json(call).await?.data)
    }

    /// Deletes an authenticator; `access_token` is for `https://{domain}/mfa/` with
    /// `remove:authenticators`.
    pub async fn mfa_delete_authenticator(
        &self,
        access_token: &SecretString,
        authenticator_id: &str,
    ) -> Result<(), Error> {
        let mut call = Call::new(&DeleteMfaAuthenticatorRequest::OPERATION, &[authenticator_id]);
        call.options(RequestOptions::default().bearer_token(access_token.clone()));
        self.core.transport().send_empty(call).await?;
        Ok(())
    }

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
            core: self.core.clone(),
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
            core: self.core.clone(),
            body,
            options: RequestOptions::default(),
        }
    }

    /// The profile of the user an access token was issued to (`GET /userinfo` with the token
    /// as bearer).
    pub fn userinfo(&self, access_token: &SecretString) -> UserInfoRequest {
        UserInfoRequest::new(self.core.transport(), access_token)
    }

    /// Starts a `/v2/logout` URL with this client id.
    pub fn logout_url(&self) -> LogoutUrlBuilder {
        LogoutUrlBuilder {
            base_url: self.base_url().to_owned(),
            client_id: Some(self.client_id().to_owned()),
            return_to: None,
            federated: false,
        }
    }

    /// Starts an `/oidc/logout` URL with this client id.
    pub fn oidc_logout_url(&self) -> OidcLogoutUrlBuilder {
        OidcLogoutUrlBuilder {
            base_url: self.base_url().to_owned(),
            params: vec![("client_id".to_owned(), self.client_id().to_owned())],
            federated: false,
        }
    }

    /// Starts an `/authorize` URL with `response_type=code`, this client id and
    /// `redirect_uri`.
    pub fn authorize_url(&self, redirect_uri: impl Into<String>) -> AuthorizeUrlBuilder {
        let redirect_uri = redirect_uri.into();
        AuthorizeUrlBuilder {
            core: self.core.clone(),
            params: vec![
                ("response_type".into(), "code".into()),
                ("client_id".into(), self.client_id().to_owned()),
                ("redirect_uri".into(), redirect_uri.clone()),
            ],
            redirect_uri,
            state: None,
            nonce: None,
            pkce: None,
            max_age: None,
            organization: None,
            options: RequestOptions::default(),
        }
    }

    /// The `/authorize` URL for a pushed authorization request: only `client_id` and the
    /// `request_uri` returned by [`par`](Self::par).
    pub fn authorize_url_from_par(&self, request_uri: &str) -> Result<url::Url, Error> {
        par_url(&self.core, request_uri)
    }
}
