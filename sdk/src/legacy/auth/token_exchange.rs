//! v4's `authentication.tokenExchange` (custom token exchange). As in v4, it returns the data.

use std::collections::BTreeMap;

use secrecy::SecretString;

use super::{AuthApiError, TokenSet};
use crate::authentication::AuthenticationClient;

/// v4's `CustomTokenExchangeOptions`.
#[derive(Clone, Debug)]
pub struct CustomTokenExchangeOptions {
    /// `subject_token_type`: the profile's token type.
    pub subject_token_type: String,
    /// `subject_token`.
    pub subject_token: SecretString,
    /// `audience`.
    pub audience: String,
    /// `scope`.
    pub scope: Option<String>,
    /// Any other form parameters (`organization`…).
    pub extra: BTreeMap<String, String>,
}

/// v4's `authentication.tokenExchange`.
#[derive(Clone, Debug)]
pub struct CustomTokenExchange {
    pub(crate) client: AuthenticationClient,
}

impl CustomTokenExchange {
    /// v4's `tokenExchange.exchangeToken(options)`.
    pub async fn exchange_token(&self, options: CustomTokenExchangeOptions) -> Result<TokenSet, AuthApiError> {
        let mut request = self
            .client
            .token_exchange(&options.subject_token, options.subject_token_type)
            .audience(options.audience);
        if let Some(s) = options.scope {
            request = request.scope(s);
        }
        for (k, v) in options.extra {
            request = request.param(k, v);
        }
        Ok(request.send().await?.into())
    }
}
