//! The Authentication API client.

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::auth_method::{ClientAuth, ClientAuthMethod};
use super::builder::AuthenticationClientBuilder;
use super::error::AuthError;
use super::polling::PollSettings;
use super::{AuthApi, TokenSet};
use crate::jwt::{IdTokenExpectations, IdTokenValidator};
use crate::runtime::{Body, Call, OperationSpec, RequestOptions, Response, Transport};

/// A client for one Auth0 application on the Authentication API. Cheap to clone.
///
/// Build it with [`AuthenticationClient::builder`]. `Debug` never shows the client secret or
/// private key.
///
/// ```no_run
/// use auth0_sdk::authentication::AuthenticationClient;
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let auth = AuthenticationClient::builder()
///     .domain("example.eu.auth0.com")
///     .client_id("my-m2m-client")
///     .client_secret("my-secret")
///     .build()?;
/// let tokens = auth
///     .client_credentials()
///     .audience("https://api.example.com")
///     .send()
///     .await?;
/// # let _ = tokens;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AuthenticationClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) auth: ClientAuth,
    /// `https://{domain}`: user info, sign-up, and the base of browser URLs.
    pub(crate) transport: Transport,
    /// Where client-authenticated requests go: `https://mtls.{domain}` with mutual TLS,
    /// otherwise the same as `transport`.
    pub(crate) backchannel: Transport,
    pub(crate) validator: IdTokenValidator,
    pub(crate) poll: PollSettings,
}

impl fmt::Debug for AuthenticationClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("AuthenticationClient")
            .field("base_url", &inner.transport.base_url())
            .field("backchannel_url", &inner.backchannel.base_url())
            .field("client_id", &inner.auth.client_id)
            .field("credential", &inner.auth.credential)
            .field("auth_method", &inner.auth.method)
            .field("id_token_validator", &inner.validator)
            .finish_non_exhaustive()
    }
}

impl AuthenticationClient {
    /// Starts configuring a client.
    pub fn builder() -> AuthenticationClientBuilder {
        AuthenticationClientBuilder::new()
    }

    /// The application's client id.
    pub fn client_id(&self) -> &str {
        &self.inner.auth.client_id
    }

    /// The base URL of browser-facing endpoints, `https://{domain}` (no trailing slash).
    pub fn base_url(&self) -> &str {
        self.inner.transport.base_url()
    }

    /// The base URL client-authenticated requests are sent to (`https://mtls.{domain}` with
    /// mutual TLS).
    pub fn backchannel_url(&self) -> &str {
        self.inner.backchannel.base_url()
    }

    /// The client authentication method in use.
    pub fn auth_method(&self) -> ClientAuthMethod {
        self.inner.auth.method
    }

    /// The validator applied to every `id_token` the flows receive.
    pub fn id_token_validator(&self) -> &IdTokenValidator {
        &self.inner.validator
    }

    /// Every endpoint as generated, on the same transport (for parameters the flows lack).
    pub fn api(&self) -> AuthApi {
        AuthApi::new(self.inner.transport.clone())
    }

    /// Sends a form body with client authentication to the back channel.
    pub(crate) async fn send_form<T: DeserializeOwned>(
        &self,
        op: &'static OperationSpec,
        mut form: Vec<(String, String)>,
        mut options: RequestOptions,
    ) -> Result<Response<T>, AuthError> {
        self.inner.auth.apply_form(&mut form, &mut options)?;
        let mut call = Call::new(op, &[]);
        call.body = Body::Form(form);
        call.options(options);
        Ok(self.inner.backchannel.send_json::<T>(call).await?)
    }

    /// Sends a JSON body with client authentication to the back channel.
    pub(crate) async fn send_json_body<T: DeserializeOwned>(
        &self,
        op: &'static OperationSpec,
        mut body: Map<String, Value>,
        mut options: RequestOptions,
    ) -> Result<Response<T>, AuthError> {
        let header_taken = options.bearer_token.is_some();
        self.inner.auth.apply_json(&mut body, &mut options, header_taken)?;
        let mut call = Call::new(op, &[]);
        call.json(&body);
        call.options(options);
        Ok(self.inner.backchannel.send_json::<T>(call).await?)
    }

    /// Validates the `id_token` of `tokens`, if any, and stores its claims. An expected
    /// nonce, `max_age` or organization with no ID token is an error.
    pub(crate) async fn validate_tokens(
        &self,
        mut tokens: TokenSet,
        expect: &IdTokenExpectations,
    ) -> Result<TokenSet, AuthError> {
        use secrecy::ExposeSecret;
        match &tokens.id_token {
            Some(id_token) => {
                let claims = self.inner.validator.validate(id_token.expose_secret(), expect).await?;
                tokens.id_token_claims = Some(claims);
                Ok(tokens)
            }
            None if expect.nonce.is_some() || expect.max_age.is_some() || expect.organization.is_some() => {
                Err(AuthError::MissingIdToken)
            }
            None => Ok(tokens),
        }
    }
}
