//! The client-credentials grant against `POST /oauth/token`, for a client's own token source.
//!
//! The request goes through the same operation spec and the same runtime client-authentication
//! step as `AuthenticationClient::client_credentials()` and the generated
//! `auth.api().oauth().token(..)`, so all three send the same bytes.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

use super::TokenSet;
use super::cache::{FetchedToken, TokenFetcher};
use crate::runtime::token_cache::TokenKey;
use crate::runtime::{Body, Call, Error, HttpMethod, OperationSpec, RequestOptions, Transport};

/// The token endpoint as the generated `exchangeToken` operation describes it.
static TOKEN_OP: OperationSpec = OperationSpec {
    id: "exchangeToken",
    method: HttpMethod::Post,
    path: "/oauth/token",
    custom_domain: false,
    client_auth: true,
    pagination: None,
    scopes: &[],
};

/// Lifetime assumed when the server omits `expires_in` (Auth0 always sends it).
const DEFAULT_EXPIRES_IN: Duration = Duration::from_secs(3600);

/// What a client-credentials token is for. The client's identity and credentials are the
/// transport's client authentication.
#[derive(Clone, Debug)]
pub(crate) struct ClientCredentials {
    pub(crate) audience: String,
    pub(crate) organization: Option<String>,
    pub(crate) scope: Option<String>,
}

impl ClientCredentials {
    /// The token cache key of these credentials' token: the tenant (token endpoint base URL),
    /// the client, and what is asked for.
    pub(crate) fn cache_key(&self, tenant: &str, client_id: &str) -> TokenKey {
        TokenKey::new(tenant, client_id, self.audience.clone())
            .with_scope(self.scope.clone())
            .with_organization(self.organization.clone())
    }
}

pub(super) struct Fetcher {
    credentials: ClientCredentials,
    transport: Transport,
}

impl Fetcher {
    pub(super) fn new(credentials: ClientCredentials, transport: Transport) -> Fetcher {
        Fetcher { credentials, transport }
    }

    fn call(&self) -> Call {
        let creds = &self.credentials;
        let mut form = vec![
            ("grant_type".to_owned(), "client_credentials".to_owned()),
            ("audience".to_owned(), creds.audience.clone()),
        ];
        if let Some(org) = &creds.organization {
            form.push(("organization".to_owned(), org.clone()));
        }
        if let Some(scope) = &creds.scope {
            form.push(("scope".to_owned(), scope.clone()));
        }
        let mut call = Call::new(&TOKEN_OP, &[]);
        call.body = Body::Form(form);
        // Asking for a client-credentials token twice has no effect beyond a second token, so
        // the token request is retried after 5xx and dropped connections like a GET.
        call.options(RequestOptions::default().retry_non_idempotent(true));
        call
    }
}

impl TokenFetcher for Fetcher {
    fn fetch(self: Arc<Self>) -> BoxFuture<'static, Result<FetchedToken, Error>> {
        Box::pin(async move {
            let response = self.transport.send_json::<TokenSet>(self.call()).await?;
            let expires_in = response.data.expires_in.map_or(DEFAULT_EXPIRES_IN, Duration::from_secs);
            Ok(FetchedToken {
                token: response.data.access_token,
                expires_in,
            })
        })
    }
}

impl fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetcher")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}
