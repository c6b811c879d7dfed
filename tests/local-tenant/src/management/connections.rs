//! `/connections` and `/connections/{id}`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::{Value, json};

use super::auth::Caller;
use super::{ApiResult, empty, merge, ok, with_status};
use crate::errors::ApiError;
use crate::extract::{BodyExt, JsonObject, QueryMap};
use crate::ids;
use crate::paging::{ListShape, Paging, project};
use crate::state::Shared;
use crate::store::{find, find_mut, user_connection};

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/connections", get(list).post(create))
        .route("/connections/{id}", get(read).patch(update).delete(delete))
}

fn unknown_connection() -> ApiError {
    ApiError::not_found("The connection does not exist", "inexistent_connection")
}

async fn list(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(&["read:connections"])?;
    let shape = ListShape::offset("connections").with_checkpoint();
    let paging = Paging::parse(&q, &shape)?;
    let strategies: Option<Vec<&str>> = q.str("strategy").map(|s| s.split(',').collect());
    let items = state
        .store()
        .connections
        .iter()
        .filter(|c| {
            strategies
                .as_ref()
                .is_none_or(|s| c["strategy"].as_str().is_some_and(|x| s.contains(&x)))
        })
        .filter(|c| q.str("name").is_none_or(|n| c["name"].as_str() == Some(n)))
        .cloned()
        .map(|c| project(c, &q))
        .collect::<Result<Vec<_>, _>>()?;
    ok(paging.respond(items, &shape))
}

async fn create(State(state): State<Shared>, caller: Caller, JsonObject(body): JsonObject) -> ApiResult {
    caller.require(&["create:connections"])?;
    let name = body.req_str("name")?;
    let strategy = body.req_str("strategy")?;
    let mut store = state.store();
    if store.connection_by_name(name).is_some() {
        return Err(ApiError::conflict(
            "A connection with the same name already exists",
            "connection_conflict",
        ));
    }
    let mut conn = json!({
        "id": ids::prefixed("con"),
        "name": name,
        "display_name": name,
        "strategy": strategy,
        "options": {},
        "is_domain_connection": false,
        "realms": [name],
    });
    if let Value::Object(map) = &mut conn {
        merge(map, &body);
    }
    store.connections.push(conn.clone());
    with_status(StatusCode::CREATED, conn)
}

async fn read(State(state): State<Shared>, caller: Caller, Path(id): Path<String>, q: QueryMap) -> ApiResult {
    caller.require(&["read:connections"])?;
    let conn = find(&state.store().connections, "id", &id)
        .cloned()
        .ok_or_else(unknown_connection)?;
    ok(project(conn, &q)?)
}

async fn update(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(mut body): JsonObject,
) -> ApiResult {
    caller.require(&["update:connections"])?;
    for immutable in ["name", "strategy"] {
        if body.contains_key(immutable) {
            return Err(ApiError::invalid_body(format!(
                "Additional properties not allowed: {immutable}"
            )));
        }
    }
    body.remove("id");
    let mut store = state.store();
    let conn = find_mut(&mut store.connections, "id", &id).ok_or_else(unknown_connection)?;
    if let Value::Object(map) = conn {
        merge(map, &body);
    }
    ok(conn.clone())
}

async fn delete(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["delete:connections"])?;
    let mut store = state.store();
    let name = find(&store.connections, "id", &id)
        .and_then(|c| c["name"].as_str())
        .map(str::to_owned)
        .ok_or_else(unknown_connection)?;
    crate::store::remove(&mut store.connections, "id", &id);
    store.users.retain(|u| user_connection(u) != Some(&name));
    // The spec documents 202: deletion is asynchronous at Auth0.
    empty(StatusCode::ACCEPTED)
}
