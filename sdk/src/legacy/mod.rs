//! node-auth0 v4's interface (`auth0/legacy`) on this SDK's runtime, for porting v4 code.
//!
//! Behind the `legacy` Cargo feature (off by default). The same names, shapes and defaults as
//! v4, in snake case:
//!
//! | v4 | here |
//! |----|------|
//! | `new ManagementClient({ domain, clientId, clientSecret })` | [`ManagementClient::new`]`(`[`ManagementClientOptions`]` { domain, client_id, client_secret, .. })` |
//! | `management.users.getAll({ per_page: 50 })` | `management.users.get_all(GetUsersRequest { per_page: Some(50), ..Default::default() })` |
//! | `management.users.update({ id }, { name })` | `management.users.update(PatchUsersByIdRequest { id }, body)` |
//! | `ApiResponse<T> { data, headers, status, statusText }` | [`ApiResponse`]`<T> { data, headers, status, status_text }` |
//! | `ManagementApiError { errorCode, error, statusCode, body, headers, message }` | [`ManagementApiError`] |
//! | `new AuthenticationClient({ domain, clientId, clientSecret })` | [`auth::AuthenticationClient::new`] |
//! | `new UserInfoClient({ domain }).getUserInfo(token)` | [`auth::UserInfoClient::get_user_info`] |
//!
//! Calls take `(request parameters, body)` as v4 does; bodies are the current API's generated
//! types. Lists are returned as Auth0 sends them (no auto-pagination). The managers are
//! generated from `spec/legacy.toml` (see [`management::METHODS`]); the two `blacklists`
//! token methods are gone from the Management API ([`management::REMOVED_METHODS`]).
//! [`ManagementClient::current`] gives the current client for everything v4 lacked.

pub mod auth;
mod client;
mod error;
mod headers;
mod options;
mod response;
pub(crate) mod send;

#[rustfmt::skip]
pub mod management;

pub use auth::{AuthenticationClient, AuthenticationClientOptions, UserInfoClient};
pub use error::ManagementApiError;
pub use headers::ClientInfo;
pub use management::ManagementClient;
pub use options::{DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, ManagementClientOptions, RetryConfiguration};
pub use response::ApiResponse;
