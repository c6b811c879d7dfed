//! The Management API client.

use super::{Transport, TransportBuilder, config};

mod builder;

pub use builder::ManagementClientBuilder;

/// A Management API v2 client. `Clone + Send + Sync`; cloning is one `Arc` increment, so
/// share one per tenant.
///
/// ```no_run
/// # fn demo() -> Result<(), auth0_sdk::Error> {
/// use auth0_sdk::ManagementClient;
/// let client = ManagementClient::builder()
///     .domain("tenant.auth0.com")
///     .client_secret("CLIENT_ID", "CLIENT_SECRET")
///     .custom_domain_header("login.example.com")
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct ManagementClient {
    transport: Transport,
}

impl ManagementClient {
    /// Starts configuring a client.
    pub fn builder() -> ManagementClientBuilder {
        ManagementClientBuilder::default()
    }

    /// A client for `base_url` (e.g. `https://tenant.auth0.com/api/v2`, or a local test
    /// server) with a static token and default settings. A bad `base_url` is reported by
    /// every call; use [`builder`](ManagementClient::builder) to get it at construction.
    pub fn with_static_token(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        let transport = TransportBuilder::new(&config::fallback(), base_url)
            .token_source(super::TokenSource::static_token(token.into()))
            .build_or_deferred();
        ManagementClient { transport }
    }

    /// The transport, for generated code.
    #[doc(hidden)]
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}
