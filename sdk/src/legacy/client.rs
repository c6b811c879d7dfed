//! Building the legacy `ManagementClient` from v4's options.

use super::ManagementClientOptions;
use super::management::ManagementClient;

impl ManagementClient {
    /// v4's `new ManagementClient(options)`.
    pub fn new(options: ManagementClientOptions) -> Result<ManagementClient, crate::Error> {
        Ok(ManagementClient::from_client(options.into_builder()?.build()?))
    }

    /// The current client underneath, for operations v4 did not have.
    pub fn current(&self) -> &crate::runtime::ManagementClient {
        &self.client
    }
}
