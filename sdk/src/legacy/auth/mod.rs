//! v4's `AuthenticationClient` (`oauth`, `database`, `passwordless`, `backchannel`,
//! `tokenExchange`) and `UserInfoClient`: 18 methods, thin wrappers over the current
//! [`authentication`](crate::authentication) flows, which also validate ID tokens as v4 does
//! (signature, issuer, audience, expiry with `clock_tolerance`, and nonce / max_age /
//! organization when asked).

mod backchannel;
mod database;
mod error;
mod oauth;
mod options;
mod passwordless;
mod token_exchange;
mod token_set;
mod userinfo;

pub use backchannel::{AuthorizeOptions, AuthorizeResponse, Backchannel, TokenOptions};
pub use database::{ChangePasswordRequest, Database, SignUpRequest, SignUpResponse};
pub use error::AuthApiError;
pub use oauth::{
    AuthorizationCodeGrantRequest, AuthorizationCodeGrantWithPkceRequest, ClientCredentialsGrantRequest, GrantOptions,
    IdTokenValidateOptions, OAuth, PasswordGrantRequest, PushedAuthorizationRequest, PushedAuthorizationResponse,
    RefreshTokenGrantRequest, RevokeRefreshTokenRequest, TokenForConnectionRequest,
};
pub use options::{AuthenticationClientOptions, DEFAULT_CLOCK_TOLERANCE};
pub use passwordless::{LoginWithEmailRequest, LoginWithSmsRequest, Passwordless, SendEmailRequest, SendSmsRequest};
pub use token_exchange::{CustomTokenExchange, CustomTokenExchangeOptions};
pub use token_set::TokenSet;
pub use userinfo::{UserInfoClient, UserInfoClientOptions, UserInfoResponse};

/// The v4 authentication and user-info methods this module has, as `class.method` in v4's
/// spelling (18).
pub const METHODS: &[&str] = &[
    "oauth.authorizationCodeGrant",
    "oauth.authorizationCodeGrantWithPKCE",
    "oauth.clientCredentialsGrant",
    "oauth.passwordGrant",
    "oauth.refreshTokenGrant",
    "oauth.revokeRefreshToken",
    "oauth.pushedAuthorization",
    "oauth.tokenForConnection",
    "database.signUp",
    "database.changePassword",
    "passwordless.sendEmail",
    "passwordless.sendSMS",
    "passwordless.loginWithEmail",
    "passwordless.loginWithSMS",
    "backchannel.authorize",
    "backchannel.backchannelGrant",
    "tokenExchange.exchangeToken",
    "userInfo.getUserInfo",
];

/// v4's `AuthenticationClient`.
#[derive(Clone, Debug)]
pub struct AuthenticationClient {
    /// v4's `oauth`.
    pub oauth: OAuth,
    /// v4's `database`.
    pub database: Database,
    /// v4's `passwordless`.
    pub passwordless: Passwordless,
    /// v4's `backchannel`.
    pub backchannel: Backchannel,
    /// v4's `tokenExchange`.
    pub token_exchange: CustomTokenExchange,
}

impl AuthenticationClient {
    /// v4's `new AuthenticationClient(options)`.
    pub fn new(options: AuthenticationClientOptions) -> Result<AuthenticationClient, crate::Error> {
        Ok(AuthenticationClient::from_client(options.build()?))
    }

    /// The legacy classes over a current authentication client.
    pub fn from_client(client: crate::authentication::AuthenticationClient) -> AuthenticationClient {
        AuthenticationClient {
            oauth: OAuth { client: client.clone() },
            database: Database { client: client.clone() },
            passwordless: Passwordless { client: client.clone() },
            backchannel: Backchannel { client: client.clone() },
            token_exchange: CustomTokenExchange { client },
        }
    }
}
