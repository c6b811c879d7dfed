//! Shared fixtures for the runtime tests: hand-written operation specs (as the generator
//! would emit them), a fast client, and a hook that records retries.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use auth0_sdk::ManagementClient;
use auth0_sdk::runtime::{Hooks, HttpMethod, OperationSpec, Pagination, PaginationKind, RetryEvent, RetryPolicy};
use wiremock::MockServer;

pub static GET_USER: OperationSpec = OperationSpec {
    id: "get_user",
    method: HttpMethod::Get,
    path: "/users/{id}",
    custom_domain: true,
    pagination: None,
    scopes: &[],
};

pub static CREATE_USER: OperationSpec = OperationSpec {
    id: "create_user",
    method: HttpMethod::Post,
    path: "/users",
    custom_domain: true,
    pagination: None,
    scopes: &[],
};

pub static UPDATE_USER: OperationSpec = OperationSpec {
    id: "update_user",
    method: HttpMethod::Patch,
    path: "/users/{id}",
    custom_domain: true,
    pagination: None,
    scopes: &[],
};

pub static DELETE_CLIENT: OperationSpec = OperationSpec {
    id: "delete_client",
    method: HttpMethod::Delete,
    path: "/clients/{id}",
    custom_domain: false,
    pagination: None,
    scopes: &[],
};

pub static GET_CLIENT: OperationSpec = OperationSpec {
    id: "get_client",
    method: HttpMethod::Get,
    path: "/clients/{id}",
    custom_domain: false,
    pagination: None,
    scopes: &[],
};

pub static CREATE_TICKET: OperationSpec = OperationSpec {
    id: "post_password_change",
    method: HttpMethod::Post,
    path: "/tickets/password-change",
    custom_domain: true,
    pagination: None,
    scopes: &[],
};

pub static LIST_USERS: OperationSpec = OperationSpec {
    id: "get_users",
    method: HttpMethod::Get,
    path: "/users",
    custom_domain: true,
    pagination: Some(Pagination {
        kind: PaginationKind::Offset,
        items_field: "users",
        result_cap: Some(1000),
        next_from_item: None,
    }),
    scopes: &[],
};

pub static LIST_CLIENTS: OperationSpec = OperationSpec {
    id: "get_clients",
    method: HttpMethod::Get,
    path: "/clients",
    custom_domain: false,
    pagination: Some(Pagination {
        kind: PaginationKind::Offset,
        items_field: "clients",
        result_cap: None,
        next_from_item: None,
    }),
    scopes: &[],
};

pub static LIST_ORGS: OperationSpec = OperationSpec {
    id: "get_organizations",
    method: HttpMethod::Get,
    path: "/organizations",
    custom_domain: false,
    pagination: Some(Pagination {
        kind: PaginationKind::OffsetOrCheckpoint,
        items_field: "organizations",
        result_cap: None,
        next_from_item: None,
    }),
    scopes: &[],
};

pub static LIST_MEMBERS: OperationSpec = OperationSpec {
    id: "get_organization_members",
    method: HttpMethod::Get,
    path: "/organizations/{id}/members",
    custom_domain: false,
    pagination: Some(Pagination {
        kind: PaginationKind::Checkpoint,
        items_field: "members",
        result_cap: None,
        next_from_item: None,
    }),
    scopes: &[],
};

/// Retries fast enough for tests; server delays capped at 30 ms.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
        .max_server_delay(Duration::from_millis(30))
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
        .retry_policy(fast_retry());
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
