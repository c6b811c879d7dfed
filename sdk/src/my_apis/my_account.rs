//! The My Account API client: the signed-in user's own authentication methods, factors,
//! connected accounts, consents and organizations.

use super::common::{Common, common_setters};
use crate::runtime::{Error, Transport, TransportBuilder};

/// The API's path on the tenant domain.
const API_PATH: &str = "/me/v1";

/// A My Account API client (`https://{domain}/me/v1`), called with the signed-in user's
/// access token for audience `https://{domain}/me/`. `Clone + Send + Sync`; cloning is one
/// `Arc` increment.
///
/// Operations hang off group accessors, as on the Management client
/// (`client.authentication_methods().list()`); each method's docs list the scopes it needs.
///
/// ```no_run
/// # async fn demo(user_access_token: String) -> Result<(), auth0_sdk::Error> {
/// use auth0_sdk::MyAccountClient;
/// let me = MyAccountClient::builder()
///     .domain("tenant.auth0.com")
///     .token(user_access_token) // audience https://tenant.auth0.com/me/
///     .build()?;
/// let methods = me.authentication_methods().list().send().await?;
/// # let _ = methods; Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct MyAccountClient {
    transport: Transport,
}

impl MyAccountClient {
    /// Starts configuring a client.
    pub fn builder() -> MyAccountClientBuilder {
        MyAccountClientBuilder::default()
    }

    /// The transport, for generated code.
    #[doc(hidden)]
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}

/// Configures a [`MyAccountClient`]: where (domain or base URL), whose token (a static user
/// token, or a function given each operation's scopes), and the shared
/// [`ClientConfig`](crate::ClientConfig). `Debug` never shows secrets.
#[derive(Debug, Default)]
#[must_use]
pub struct MyAccountClientBuilder {
    common: Common,
}

impl MyAccountClientBuilder {
    common_setters!();

    /// Builds the client. Fails on a bad domain or URL, or when no token was given.
    pub fn build(self) -> Result<MyAccountClient, Error> {
        let endpoints = self.common.endpoints(API_PATH, None)?;
        let source = self.common.source.clone().ok_or_else(|| {
            Error::config("no credentials: set `token`, `token_fn`, `async_token_fn` or `token_source`")
        })?;
        let transport = TransportBuilder::new(&self.common.config()?, endpoints.api)
            .token_source(source)
            .build()?;
        Ok(MyAccountClient { transport })
    }
}
