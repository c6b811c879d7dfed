//! What tests of a service that uses this crate need (feature `test-util`): test signing
//! keys, and one line to point a client at a local tenant such as `auth0-local-tenant`
//! (add both as dev-dependencies).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! // let tenant = auth0_local_tenant::LocalTenant::start().await?;
//! # let (url, id, secret) = ("http://127.0.0.1:4000", "client", "secret");
//! let management = auth0_sdk::test_util::management_client(url, id, secret)?;
//! let auth = auth0_sdk::test_util::authentication_client(url, id, secret)?;
//! # let _ = (management, auth); Ok(()) }
//! ```

use crate::{AuthenticationClient, Error, ManagementClient};

pub use crate::jwt::LocalKey;

/// A Management API client for a local tenant at `base_url` (`http://127.0.0.1:PORT`, plain
/// http allowed): the API at `{base_url}/api/v2`, client-credentials tokens from
/// `{base_url}/oauth/token` for audience `{base_url}/api/v2/`.
pub fn management_client(
    base_url: impl Into<String>,
    client_id: impl Into<String>,
    client_secret: impl Into<String>,
) -> Result<ManagementClient, Error> {
    let base = base_url.into().trim_end_matches('/').to_owned();
    ManagementClient::builder()
        .base_url(format!("{base}/api/v2"))
        .client_secret(client_id.into(), client_secret.into())
        .build()
}

/// An Authentication API client for the application `client_id` of a local tenant at
/// `base_url`, authenticating with its client secret; ID tokens are checked against the
/// tenant's JWKS and issuer `{base_url}/`.
pub fn authentication_client(
    base_url: impl Into<String>,
    client_id: impl Into<String>,
    client_secret: impl Into<String>,
) -> Result<AuthenticationClient, Error> {
    AuthenticationClient::builder()
        .base_url(base_url.into())
        .client_id(client_id.into())
        .client_secret(client_secret.into())
        .build()
}
