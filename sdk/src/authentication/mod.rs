//! The Authentication API: OAuth grants, passwordless, database connections, MFA, user info.
//!
//! [`AuthenticationClient`] is the entry point for applications: it knows the tenant, the
//! application's client id and how the application authenticates (client secret in the body
//! or a Basic header, a private-key JWT, or mutual TLS), and it runs every flow on the shared
//! runtime (retries, timeouts, telemetry, raw responses, one error type). Every grant that
//! returns an `id_token` has it validated with [`IdTokenValidator`](crate::jwt::IdTokenValidator)
//! before the tokens are handed back.
//!
//! ```no_run
//! use auth0_sdk::authentication::{AuthenticationClient, Pkce};
//! # async fn run(code_from_callback: &str) -> Result<(), Box<dyn std::error::Error>> {
//! let auth = AuthenticationClient::builder()
//!     .domain("example.eu.auth0.com")
//!     .client_id("my-client-id")
//!     .client_secret("my-client-secret")
//!     .build()?;
//!
//! // 1. Send the browser to /authorize.
//! let login = auth.authorize_url("https://app.example.com/callback")
//!     .scope("openid profile email offline_access")
//!     .with_pkce()
//!     .with_state()
//!     .with_nonce()
//!     .build()?;
//! println!("redirect to {}", login.url);
//!
//! // 2. On the callback, after checking `state`, exchange the code.
//! let tokens = auth
//!     .authorization_code(code_from_callback, "https://app.example.com/callback")
//!     .login_transaction(&login)
//!     .send()
//!     .await?;
//! println!("signed in: {:?}", tokens.id_token_claims.map(|c| c.sub));
//! # Ok(()) }
//! ```
//!
//! [`AuthApi`] exposes every endpoint exactly as generated from Auth0's document, for the
//! parameters the flows do not cover.

#[rustfmt::skip]
pub mod api;

mod authorize_url;
mod builder;
mod ciba;
mod client;
mod core;
mod database;
mod device;
mod grants;
mod logout_url;
mod mfa;
mod par;
mod params;
mod passwordless;
mod pkce;
mod poll_settings;
mod polling;
mod token_request;
mod userinfo;

pub use authorize_url::{AuthorizeUrl, AuthorizeUrlBuilder};
pub use builder::AuthenticationClientBuilder;
pub use ciba::{BackChannelLogin, BackChannelLoginRequest};
pub use client::AuthenticationClient;
pub use database::{ChangePasswordRequest, SignUpRequest, SignedUpUser};
pub use device::{DeviceAuthorization, DeviceCodeRequest};
pub use grants::{FEDERATED_CONNECTION_ACCESS_TOKEN, TOKEN_TYPE_ACCESS_TOKEN, TOKEN_TYPE_REFRESH_TOKEN};
pub use logout_url::{LogoutUrlBuilder, OidcLogoutUrlBuilder};
pub use mfa::{MfaAssociateRequest, MfaAssociation, MfaAuthenticator, MfaChallenge, MfaChallengeRequest};
pub use par::PushedAuthorization;
pub use passwordless::{PasswordlessRealm, PasswordlessSend, PasswordlessStartRequest};
pub use pkce::{Pkce, random_nonce, random_state};
pub use poll_settings::{PollSettings, SleepFn};
pub use polling::TokenPoll;
pub use token_request::TokenRequest;
pub use userinfo::{UserInfo, UserInfoClient, UserInfoClientBuilder, UserInfoRequest};

pub use crate::runtime::{ClientAuthMethod, TokenSet};

use crate::runtime::{ClientConfig, Error, TokenSource, Transport, TransportBuilder};

/// Direct access to every Authentication API endpoint as generated from Auth0's document.
///
/// Most applications use the higher-level flows on [`AuthenticationClient`] instead; this
/// is the escape hatch for parameters those flows do not cover.
#[derive(Clone, Debug)]
pub struct AuthApi {
    transport: Transport,
}

impl AuthApi {
    /// Endpoints sent through `transport` (base URL `https://{domain}`).
    pub(crate) fn new(transport: Transport) -> AuthApi {
        AuthApi { transport }
    }

    /// The generated endpoints at `base_url` (`https://{domain}`, or a test server) with no
    /// application: no client authentication, and every request authenticated by `token`
    /// when given (the endpoints that take a user's bearer token: `/userinfo`, `/mfa/…`).
    /// An application's calls go through [`AuthenticationClient::api`] instead.
    pub fn without_client(
        config: &ClientConfig,
        base_url: impl Into<String>,
        token: Option<TokenSource>,
    ) -> Result<AuthApi, Error> {
        let mut builder = TransportBuilder::new(config, base_url);
        if let Some(token) = token {
            builder = builder.token_source(token);
        }
        Ok(AuthApi::new(builder.build()?))
    }

    /// The transport, for generated code.
    #[doc(hidden)]
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}
