//! Shared set-up: a local tenant and an SDK client authenticated against it.
#![allow(dead_code)]

use std::time::Duration;

use auth0_local_tenant::{LocalTenant, LocalTenantBuilder, RecordedRequest};
use auth0_sdk::ManagementClient;
use auth0_sdk::management::types::CreateUserRequestContent;
use auth0_sdk::runtime::RetryPolicy;

/// The seeded database connection.
pub const CONNECTION: &str = "Username-Password-Authentication";
/// The custom domain the clients are configured with.
pub const CUSTOM_DOMAIN: &str = "login.example.com";

/// A tenant with the defaults, sharing the process-wide signing key (fast start).
pub async fn tenant() -> LocalTenant {
    start(LocalTenant::builder()).await
}

/// Starts `builder` with the shared signing key.
pub async fn start(builder: LocalTenantBuilder) -> LocalTenant {
    builder
        .shared_signing_key(true)
        .start()
        .await
        .expect("local tenant starts")
}

/// Quick retries so the tests stay fast; a server-sent `Retry-After` is still honoured.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(3)
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(50))
        .jitter(false)
}

/// A client using the client-credentials grant against `tenant`, with the custom domain set.
pub fn client(tenant: &LocalTenant) -> ManagementClient {
    ManagementClient::builder()
        .base_url(tenant.management_url())
        .client_secret(tenant.client_id(), tenant.client_secret().to_owned())
        .custom_domain_header(CUSTOM_DOMAIN)
        .config(
            &auth0_sdk::ClientConfig::builder()
                .retry_policy(fast_retries())
                .build()
                .expect("config builds"),
        )
        .build()
        .expect("client builds")
}

/// A database user body.
pub fn new_user(email: &str) -> CreateUserRequestContent {
    CreateUserRequestContent {
        connection: CONNECTION.to_owned(),
        email: Some(email.to_owned()),
        password: Some("Integration-Passw0rd!".to_owned()),
        ..Default::default()
    }
}

/// Recorded requests for `method path` (path exact, under `/api/v2` unless it is `/oauth/…`).
pub fn requests(tenant: &LocalTenant, method: &str, path: &str) -> Vec<RecordedRequest> {
    tenant
        .recorded_requests()
        .into_iter()
        .filter(|r| r.method == method && r.path == path)
        .collect()
}
