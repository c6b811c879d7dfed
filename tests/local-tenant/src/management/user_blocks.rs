//! `/user-blocks` and `/user-blocks/{id}`: brute-force blocks (10 failed logins in a row).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::{Value, json};

use super::auth::Caller;
use super::{ApiResult, empty, ok};
use crate::errors::ApiError;
use crate::extract::QueryMap;
use crate::state::Shared;
use crate::store::Store;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/user-blocks", get(by_identifier).delete(unblock_identifier))
        .route("/user-blocks/{id}", get(read).delete(unblock))
}

/// Users whose email, username or phone number is `identifier`.
fn ids_for(store: &Store, identifier: &str) -> Vec<String> {
    store
        .users
        .iter()
        .filter(|u| {
            ["email", "username", "phone_number"]
                .iter()
                .any(|f| u[*f].as_str().is_some_and(|v| v.eq_ignore_ascii_case(identifier)))
        })
        .filter_map(|u| u["user_id"].as_str().map(str::to_owned))
        .collect()
}

fn identifier(q: &QueryMap) -> Result<&str, ApiError> {
    q.str("identifier")
        .ok_or_else(|| ApiError::invalid_query("Missing required property: identifier' on property identifier"))
}

async fn read(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["read:users"])?;
    let store = state.store();
    store.user(&id).ok_or_else(ApiError::unknown_user)?;
    ok(json!({"blocked_for": store.blocks.get(&id).cloned().unwrap_or_default()}))
}

async fn unblock(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["update:users"])?;
    let mut store = state.store();
    store.user(&id).ok_or_else(ApiError::unknown_user)?;
    store.blocks.remove(&id);
    store.failed_logins.remove(&id);
    empty(StatusCode::NO_CONTENT)
}

async fn by_identifier(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(&["read:users"])?;
    let identifier = identifier(&q)?;
    let store = state.store();
    let blocked: Vec<Value> = ids_for(&store, identifier)
        .iter()
        .flat_map(|id| store.blocks.get(id).cloned().unwrap_or_default())
        .collect();
    ok(json!({"blocked_for": blocked}))
}

async fn unblock_identifier(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(&["update:users"])?;
    let identifier = identifier(&q)?;
    let mut store = state.store();
    for id in ids_for(&store, identifier) {
        store.blocks.remove(&id);
        store.failed_logins.remove(&id);
    }
    empty(StatusCode::NO_CONTENT)
}
