//! An in-process, in-memory local Auth0 tenant for tests and the quickstart.
//!
//! It serves the Authentication API (`/oauth/token`, `/authorize` with a login page, logout,
//! `/userinfo`, discovery and JWKS; real RS256 tokens with Auth0's claims) and the Management API under `/api/v2`
//! (stateful users, roles, permissions, clients, client grants, connections, organizations,
//! resource servers, tickets, jobs and logs, with Auth0's paging, scopes and error bodies), the
//! My Account API under `/me/v1` and the My Organization API under `/my-org/v1` (stateful
//! authentication methods, members and invitations; spec skeletons elsewhere), plus
//! fault/rate-limit injection and request recording for tests.
//!
//! ```no_run
//! use auth0_local_tenant::{FaultRule, LocalTenant};
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let tenant = LocalTenant::start().await?;
//! // Credentials of the seeded machine-to-machine client (all Management API scopes):
//! let (id, secret) = (tenant.client_id(), tenant.client_secret());
//! // The next two requests to /api/v2/users get a 429:
//! tenant.faults().add(FaultRule::rate_limit(std::time::Duration::from_secs(1)).next(2).path("/api/v2/users*"));
//! // ... exercise the code under test against tenant.base_url() ...
//! let sent = tenant.recorded_requests();
//! # Ok(()) }
//! ```

mod config;
mod errors;
mod extract;
mod fallback;
mod faults;
mod gateway;
#[rustfmt::skip]
mod generated_skeletons;
mod ids;
mod keys;
mod management;
mod my_account;
mod my_apis;
mod my_organization;
mod oauth;
mod paging;
mod recording;
mod router;
mod search;
mod seed;
mod server;
mod state;
mod store;
mod tenant;
mod time;
mod tokens;

pub use config::{
    DEFAULT_API_AUDIENCE, DEFAULT_CONNECTION, LocalTenantBuilder, MANAGEMENT_AUDIENCE, SeedClient, SeedRole, SeedUser,
};
pub use errors::StartError;
pub use fallback::{FallbackEntry, FallbackResponder, FallbackResponse, FallbackTable};
pub use faults::{FaultAction, FaultRule, Faults, RateLimitPolicy, RuleId, Trigger};
pub use recording::RecordedRequest;
pub use tenant::{LocalTenant, TenantUser};
