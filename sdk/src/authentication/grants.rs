//! The `/oauth/token` grants, as [`TokenRequest`]s.

use secrecy::{ExposeSecret, SecretString};

use super::client::AuthenticationClient;
use super::passwordless::PasswordlessRealm;
use super::token_request::TokenRequest;

/// `subject_token_type` of an access token (RFC 8693).
pub const TOKEN_TYPE_ACCESS_TOKEN: &str = "urn:ietf:params:oauth:token-type:access_token";
/// `subject_token_type` of a refresh token (RFC 8693).
pub const TOKEN_TYPE_REFRESH_TOKEN: &str = "urn:ietf:params:oauth:token-type:refresh_token";
/// `requested_token_type` of a Token Vault federated-connection access token.
pub const FEDERATED_CONNECTION_ACCESS_TOKEN: &str =
    "http://auth0.com/oauth/token-type/federated-connection-access-token";

const FEDERATED_GRANT: &str = "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token";

impl AuthenticationClient {
    /// Exchanges an authorization code (`grant_type=authorization_code`). Add
    /// [`code_verifier`](TokenRequest::code_verifier) (or
    /// [`login_transaction`](TokenRequest::login_transaction)) for PKCE; public clients
    /// send only `client_id`.
    pub fn authorization_code(&self, code: impl Into<String>, redirect_uri: impl Into<String>) -> TokenRequest {
        TokenRequest::new(self, "authorization_code")
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
        TokenRequest::new(self, "client_credentials").confidential_only()
    }

    /// Resource-owner password grant (`grant_type=password`), using the tenant's default
    /// directory.
    pub fn password(&self, username: impl Into<String>, password: &SecretString) -> TokenRequest {
        TokenRequest::new(self, "password")
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
        TokenRequest::new(self, "http://auth0.com/oauth/grant-type/password-realm")
            .param("username", username)
            .param("password", password.expose_secret())
            .param("realm", realm)
    }

    /// Uses a refresh token (`grant_type=refresh_token`). The response may carry a rotated
    /// refresh token.
    pub fn refresh_token(&self, refresh_token: &SecretString) -> TokenRequest {
        TokenRequest::new(self, "refresh_token").param("refresh_token", refresh_token.expose_secret())
    }

    /// Custom token exchange (RFC 8693, `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`):
    /// trades an external `subject_token` whose type is the profile's `subject_token_type`
    /// for Auth0 tokens. Add [`audience`](TokenRequest::audience), `scope`, `organization`.
    pub fn token_exchange(&self, subject_token: &SecretString, subject_token_type: impl Into<String>) -> TokenRequest {
        TokenRequest::new(self, "urn:ietf:params:oauth:grant-type:token-exchange")
            .param("subject_token", subject_token.expose_secret())
            .param("subject_token_type", subject_token_type)
    }

    /// Token Vault: trades the user's Auth0 refresh or access token (`subject_token_type`
    /// [`TOKEN_TYPE_REFRESH_TOKEN`] or [`TOKEN_TYPE_ACCESS_TOKEN`]) for an access token of
    /// the federated `connection` (e.g. `google-oauth2`). Add `login_hint` with
    /// [`param`](TokenRequest::param) when the user has several accounts there.
    pub fn federated_connection_token(
        &self,
        subject_token: &SecretString,
        subject_token_type: impl Into<String>,
        connection: impl Into<String>,
    ) -> TokenRequest {
        TokenRequest::new(self, FEDERATED_GRANT)
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
        TokenRequest::new(self, "http://auth0.com/oauth/grant-type/passwordless/otp")
            .param("realm", realm.as_str())
            .param("username", username)
            .param("otp", otp.expose_secret())
    }

    /// Completes MFA with a one-time password from an authenticator app
    /// (`grant_type=http://auth0.com/oauth/grant-type/mfa-otp`).
    pub fn mfa_otp(&self, mfa_token: &SecretString, otp: &SecretString) -> TokenRequest {
        TokenRequest::new(self, "http://auth0.com/oauth/grant-type/mfa-otp")
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
        let request = TokenRequest::new(self, "http://auth0.com/oauth/grant-type/mfa-oob")
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
        TokenRequest::new(self, "http://auth0.com/oauth/grant-type/mfa-recovery-code")
            .param("mfa_token", mfa_token.expose_secret())
            .param("recovery_code", recovery_code.expose_secret())
    }
}
