//! Shared fixtures for the runtime tests: hand-written operation specs (as the generator
//! would emit them), a fast client, and a hook that records retries.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth0_sdk::ManagementClient;
use auth0_sdk::runtime::{ClientConfig, ClientConfigBuilder};
use auth0_sdk::runtime::{Hooks, HttpMethod, OperationSpec, Pagination, PaginationKind, RetryEvent, RetryPolicy};
use wiremock::MockServer;

pub static GET_USER: OperationSpec =
    OperationSpec::new("get_user", HttpMethod::Get, "/users/{id}").with_custom_domain(true);

pub static CREATE_USER: OperationSpec =
    OperationSpec::new("create_user", HttpMethod::Post, "/users").with_custom_domain(true);

pub static UPDATE_USER: OperationSpec =
    OperationSpec::new("update_user", HttpMethod::Patch, "/users/{id}").with_custom_domain(true);

pub static DELETE_CLIENT: OperationSpec = OperationSpec::new("delete_client", HttpMethod::Delete, "/clients/{id}");

pub static GET_CLIENT: OperationSpec = OperationSpec::new("get_client", HttpMethod::Get, "/clients/{id}");

pub static CREATE_TICKET: OperationSpec =
    OperationSpec::new("post_password_change", HttpMethod::Post, "/tickets/password-change").with_custom_domain(true);

pub static LIST_USERS: OperationSpec = OperationSpec::new("get_users", HttpMethod::Get, "/users")
    .with_custom_domain(true)
    .with_pagination(Pagination::new(PaginationKind::Offset, "users").with_result_cap(1000));

pub static LIST_CLIENTS: OperationSpec = OperationSpec::new("get_clients", HttpMethod::Get, "/clients")
    .with_pagination(Pagination::new(PaginationKind::Offset, "clients"));

pub static LIST_ORGS: OperationSpec = OperationSpec::new("get_organizations", HttpMethod::Get, "/organizations")
    .with_pagination(Pagination::new(PaginationKind::OffsetOrCheckpoint, "organizations"));

pub static LIST_MEMBERS: OperationSpec = OperationSpec::new(
    "get_organization_members",
    HttpMethod::Get,
    "/organizations/{id}/members",
)
.with_pagination(Pagination::new(PaginationKind::Checkpoint, "members"));

/// Retries fast enough for tests; server delays capped at 30 ms.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
        .max_server_delay(Duration::from_millis(30))
}

/// Shared settings for tests: fast retries, then `configure`.
pub fn config(configure: impl FnOnce(ClientConfigBuilder) -> ClientConfigBuilder) -> ClientConfig {
    configure(ClientConfig::builder().retry_policy(fast_retry()))
        .build()
        .expect("config builds")
}

/// Records every retry the runtime announces.
#[derive(Clone, Debug, Default)]
pub struct RecordRetries(pub Arc<Mutex<Vec<RetryEvent>>>);

impl RecordRetries {
    pub fn events(&self) -> Vec<RetryEvent> {
        self.0.lock().unwrap().clone()
    }
}

impl Hooks for RecordRetries {
    fn on_retry(&self, _op: &'static OperationSpec, event: &RetryEvent) {
        self.0.lock().unwrap().push(*event);
    }
}

/// A client for `server` with a static token and fast retries.
pub fn client(server: &MockServer) -> ManagementClient {
    client_with(server, |b| b)
}

/// Like [`client`], with extra configuration.
pub fn client_with(
    server: &MockServer,
    configure: impl FnOnce(auth0_sdk::runtime::ManagementClientBuilder) -> auth0_sdk::runtime::ManagementClientBuilder,
) -> ManagementClient {
    let builder = ManagementClient::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .token("static-token")
        .config(&config(|c| c));
    configure(builder).build().expect("client builds")
}

/// How many requests `server` received for `path`.
pub async fn hits(server: &MockServer, path: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == path)
        .count()
}
