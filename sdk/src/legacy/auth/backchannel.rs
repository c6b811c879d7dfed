//! v4's `authentication.backchannel` (CIBA). As in v4, these return the data itself.

use secrecy::{ExposeSecret, SecretString};

use super::{AuthApiError, TokenSet};
use crate::authentication::AuthenticationClient;

/// v4's `AuthorizeOptions`.
#[derive(Clone, Debug, Default)]
pub struct AuthorizeOptions {
    /// `userId`: sent as the `iss_sub` `login_hint`.
    pub user_id: String,
    /// `binding_message`.
    pub binding_message: String,
    /// `scope`.
    pub scope: String,
    /// `audience`.
    pub audience: Option<String>,
    /// `requested_expiry` (v4 also reads the deprecated `request_expiry`), seconds.
    pub requested_expiry: Option<u64>,
    /// `authorization_details` (JSON text).
    pub authorization_details: Option<String>,
}

/// v4's `AuthorizeResponse`. `Debug` hides `auth_req_id`.
#[derive(Clone, Debug)]
pub struct AuthorizeResponse {
    /// `auth_req_id`.
    pub auth_req_id: SecretString,
    /// `expires_in`, seconds.
    pub expires_in: u64,
    /// `interval`, seconds.
    pub interval: u64,
}

/// v4's `TokenOptions`.
#[derive(Clone, Debug)]
pub struct TokenOptions {
    /// `auth_req_id`.
    pub auth_req_id: SecretString,
}

/// v4's `authentication.backchannel`.
#[derive(Clone, Debug)]
pub struct Backchannel {
    pub(crate) client: AuthenticationClient,
}

impl Backchannel {
    /// v4's `backchannel.authorize(options)`.
    pub async fn authorize(&self, options: AuthorizeOptions) -> Result<AuthorizeResponse, AuthApiError> {
        let mut request = self
            .client
            .back_channel_login(&options.user_id, options.binding_message)
            .scope(options.scope);
        if let Some(a) = options.audience {
            request = request.audience(a);
        }
        if let Some(e) = options.requested_expiry {
            request = request.requested_expiry(e);
        }
        if let Some(d) = options.authorization_details {
            let value: serde_json::Value = serde_json::from_str(&d)
                .map_err(|e| crate::Error::invalid_request(format!("authorization_details is not JSON: {e}")))?;
            request = request.authorization_details(&value);
        }
        let login = request.send().await?;
        Ok(AuthorizeResponse {
            auth_req_id: login.auth_req_id,
            expires_in: login.expires_in,
            interval: login.interval.unwrap_or(5),
        })
    }

    /// v4's `backchannel.backchannelGrant({ auth_req_id })`: one token request.
    pub async fn backchannel_grant(&self, options: TokenOptions) -> Result<TokenSet, AuthApiError> {
        let id = SecretString::from(options.auth_req_id.expose_secret().to_owned());
        Ok(self.client.back_channel_token(&id).send().await?.into())
    }
}
