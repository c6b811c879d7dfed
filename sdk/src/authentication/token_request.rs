//! One request to `POST /oauth/token`, whatever the grant.

use std::fmt;
use std::time::Duration;

use super::api::oauth::ExchangeTokenRequest;
use super::authorize_url::AuthorizeUrl;
use super::core::AuthCore;
use crate::jwt::IdTokenExpectations;
use crate::runtime::{Body, Error, RequestOptions, Response, TokenSet, option_setters};

/// A token request ready to send: the grant's parameters (form-encoded), the client's
/// authentication, and what the ID token, if any, must satisfy.
///
/// Made by the grant methods of [`AuthenticationClient`](super::AuthenticationClient)
/// (`authorization_code`, `client_credentials`, `refresh_token`…). It sends the generated
/// `exchangeToken` operation (form-encoded, client authentication added by the runtime) and
/// validates any ID token. `Debug` shows only parameter names.
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct TokenRequest {
    core: AuthCore,
    form: Vec<(String, String)>,
    expect: IdTokenExpectations,
    options: RequestOptions,
    needs_client_auth: bool,
}

impl fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("grant_type", &self.grant_type())
            .field("params", &self.form.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>())
            .field("expect", &self.expect)
            .field("options", &self.options)
            .finish()
    }
}

impl TokenRequest {
    pub(crate) fn new(core: &AuthCore, grant_type: &str) -> TokenRequest {
        TokenRequest {
            core: core.clone(),
            form: vec![("grant_type".to_owned(), grant_type.to_owned())],
            expect: IdTokenExpectations::default(),
            options: RequestOptions::default(),
            needs_client_auth: false,
        }
    }

    pub(crate) fn core(&self) -> &AuthCore {
        &self.core
    }

    /// Fails before sending when the client has no credential (client credentials grant).
    pub(crate) fn confidential_only(mut self) -> Self {
        self.needs_client_auth = true;
        self
    }

    /// The `grant_type`.
    pub fn grant_type(&self) -> &str {
        self.form
            .iter()
            .find(|(k, _)| k == "grant_type")
            .map_or("", |(_, v)| v.as_str())
    }

    /// Sets a form parameter, replacing one of the same name (for parameters without a
    /// dedicated setter, e.g. `login_hint` or `requested_token_type`).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        super::params::set_param(&mut self.form, name, value);
        self
    }

    /// `scope`: space-separated scopes.
    pub fn scope(self, scope: impl Into<String>) -> Self {
        self.param("scope", scope)
    }

    /// `audience`: the API the access token is for.
    pub fn audience(self, audience: impl Into<String>) -> Self {
        self.param("audience", audience)
    }

    /// `organization` sent to the token endpoint (client credentials for an organization,
    /// token exchange). To check an ID token's organization use
    /// [`expect_organization`](Self::expect_organization).
    pub fn organization(self, organization: impl Into<String>) -> Self {
        self.param("organization", organization)
    }

    /// `code_verifier` of PKCE (authorization code).
    pub fn code_verifier(self, verifier: impl Into<String>) -> Self {
        self.param("code_verifier", verifier)
    }

    /// The ID token must carry this `nonce` (the one sent to `/authorize`).
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.expect.nonce = Some(nonce.into());
        self
    }

    /// The ID token's `auth_time` must be within this `max_age` (the one sent to `/authorize`).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.expect.max_age = Some(max_age);
        self
    }

    /// The ID token must be for this organization: an `org_…` id equal to `org_id`, or a
    /// name equal to `org_name` (case-insensitively).
    pub fn expect_organization(mut self, organization: impl Into<String>) -> Self {
        self.expect.organization = Some(organization.into());
        self
    }

    /// Replaces all ID-token expectations.
    pub fn expectations(mut self, expect: IdTokenExpectations) -> Self {
        self.expect = expect;
        self
    }

    /// Takes the PKCE verifier, nonce, `max_age` and organization of the `/authorize` URL
    /// this code answers.
    pub fn login_transaction(mut self, login: &AuthorizeUrl) -> Self {
        if let Some(pkce) = &login.pkce {
            self = self.code_verifier(pkce.verifier());
        }
        self.expect = login.expectations();
        self
    }

    /// Sends the request, validates any ID token, and returns the tokens.
    pub async fn send(self) -> Result<TokenSet, Error> {
        Ok(self.send_with_raw().await?.data)
    }

    /// Like [`send`](Self::send), with the response's status and headers.
    pub async fn send_with_raw(self) -> Result<Response<TokenSet>, Error> {
        if self.needs_client_auth && !self.core.auth().is_confidential() {
            return Err(Error::config(format!(
                "the `{}` grant needs a client secret, private key or mTLS",
                self.grant_type()
            )));
        }
        let response = self
            .core
            .send::<TokenSet>(&ExchangeTokenRequest::OPERATION, Body::Form(self.form), self.options)
            .await?;
        let (data, meta) = response.into_parts();
        let data = self.core.validate_tokens(data, &self.expect).await?;
        Ok(Response { data, meta })
    }
}

option_setters!(for TokenRequest);
