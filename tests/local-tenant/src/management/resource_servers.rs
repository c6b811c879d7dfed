//! `/resource-servers` and `/resource-servers/{id}` (the id or the identifier).

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
use crate::paging::{ListShape, Paging};
use crate::state::Shared;
use crate::store::find;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/resource-servers", get(list).post(create))
        .route("/resource-servers/{id}", get(read).patch(update).delete(delete))
}

fn unknown() -> ApiError {
    ApiError::not_found("The resource server does not exist", "inexistent_resource_server")
}

async fn list(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(&["read:resource_servers"])?;
    let shape = ListShape::offset("resource_servers");
    let paging = Paging::parse(&q, &shape)?;
    let ids: Vec<String> =
        q.0.iter()
            .filter(|(k, _)| k.as_str() == "identifiers")
            .map(|(_, v)| v.clone())
            .collect();
    let items = state
        .store()
        .resource_servers
        .iter()
        .filter(|rs| ids.is_empty() || rs["identifier"].as_str().is_some_and(|i| ids.iter().any(|x| x == i)))
        .cloned()
        .collect();
    ok(paging.respond(items, &shape))
}

async fn create(State(state): State<Shared>, caller: Caller, JsonObject(body): JsonObject) -> ApiResult {
    caller.require(&["create:resource_servers"])?;
    let identifier = body.req_str("identifier")?;
    let mut store = state.store();
    if find(&store.resource_servers, "identifier", identifier).is_some() {
        return Err(ApiError::conflict(
            "A resource server with the same identifier already exists",
            "conflict",
        ));
    }
    let mut rs = json!({
        "id": ids::hex(24),
        "name": body.opt_str("name")?.unwrap_or(identifier),
        "identifier": identifier,
        "is_system": false,
        "scopes": [],
        "signing_alg": "RS256",
        "allow_offline_access": false,
        "skip_consent_for_verifiable_first_party_clients": true,
        "token_lifetime": 86_400,
        "token_lifetime_for_web": 7_200,
        "enforce_policies": false,
        "token_dialect": "access_token",
    });
    if let Value::Object(map) = &mut rs {
        merge(map, &body);
    }
    store.resource_servers.push(rs.clone());
    with_status(StatusCode::CREATED, rs)
}

async fn read(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["read:resource_servers"])?;
    ok(state.store().resource_server(&id).cloned().ok_or_else(unknown)?)
}

async fn update(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(mut body): JsonObject,
) -> ApiResult {
    caller.require(&["update:resource_servers"])?;
    body.remove("identifier");
    body.remove("id");
    let mut store = state.store();
    let rs = store
        .resource_servers
        .iter_mut()
        .find(|rs| rs["id"].as_str() == Some(&id) || rs["identifier"].as_str() == Some(&id))
        .ok_or_else(unknown)?;
    if let Value::Object(map) = rs {
        merge(map, &body);
    }
    // The spec documents 201 for this PATCH.
    with_status(StatusCode::CREATED, rs.clone())
}

async fn delete(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["delete:resource_servers"])?;
    let mut store = state.store();
    let rs = store.resource_server(&id).cloned().ok_or_else(unknown)?;
    if rs["is_system"].as_bool() == Some(true) {
        return Err(ApiError::bad_request(
            "Cannot delete a system resource server",
            "operation_not_supported",
        ));
    }
    let rid = rs["id"].as_str().unwrap_or_default();
    crate::store::remove(&mut store.resource_servers, "id", rid);
    empty(StatusCode::NO_CONTENT)
}
