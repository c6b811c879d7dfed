//! The Management API client. (Interface stub.)

use super::Transport;

/// A Management API v2 client. Cheap to clone; share one per tenant.
#[derive(Clone, Debug)]
pub struct ManagementClient {
    transport: Transport,
}

impl ManagementClient {
    /// A client for `base_url` (e.g. `https://tenant.auth0.com/api/v2`) with a static token.
    pub fn with_static_token(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        ManagementClient { transport: Transport::new(base_url, Some(token.into())) }
    }

    /// The transport, for generated code.
    #[doc(hidden)]
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}
