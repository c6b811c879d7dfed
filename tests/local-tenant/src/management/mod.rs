//! The Management API (`/api/v2`): stateful handlers for the commonly tested resources and a
//! pluggable fallback for everything else.

pub(crate) mod auth;
pub(crate) mod client_grants;
pub(crate) mod clients;
pub(crate) mod connections;
pub(crate) mod fallback;
pub(crate) mod jobs;
pub(crate) mod logs;
pub(crate) mod organizations;
pub(crate) mod resource_servers;
pub(crate) mod roles;
pub(crate) mod scopes;
pub(crate) mod tickets;
pub(crate) mod user_blocks;
pub(crate) mod users;

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::errors::ApiError;
use crate::state::Shared;

/// What every Management handler returns.
pub(crate) type ApiResult = Result<Response, ApiError>;

pub(crate) fn ok(v: Value) -> ApiResult {
    Ok(Json(v).into_response())
}

pub(crate) fn with_status(status: StatusCode, v: Value) -> ApiResult {
    Ok((status, Json(v)).into_response())
}

/// A success status with no body.
pub(crate) fn empty(status: StatusCode) -> ApiResult {
    Ok(status.into_response())
}

/// Rejects body properties outside `allowed`, as the spec's `additionalProperties: false` does.
pub(crate) fn only_fields(body: &Map<String, Value>, allowed: &[&str]) -> Result<(), ApiError> {
    match body.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(extra) => Err(ApiError::invalid_body(format!(
            "Additional properties not allowed: {extra}"
        ))),
        None => Ok(()),
    }
}

/// Shallow-merges `patch` into `target`; `null` removes a key (Auth0's metadata semantics).
pub(crate) fn merge(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (k, v) in patch {
        if v.is_null() {
            target.remove(k);
        } else {
            target.insert(k.clone(), v.clone());
        }
    }
}

/// All `/api/v2` routes (paths relative to `/api/v2`).
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .merge(users::routes())
        .merge(user_blocks::routes())
        .merge(roles::routes())
        .merge(clients::routes())
        .merge(client_grants::routes())
        .merge(connections::routes())
        .merge(organizations::routes())
        .merge(resource_servers::routes())
        .merge(tickets::routes())
        .merge(jobs::routes())
        .merge(logs::routes())
}
