//! `/client-grants` and `/client-grants/{id}`; these also decide what client credentials get.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::{Value, json};

use super::auth::Caller;
use super::{ApiResult, empty, ok, only_fields, with_status};
use crate::errors::ApiError;
use crate::extract::{BodyExt, JsonObject, QueryMap};
use crate::ids;
use crate::paging::{ListShape, Paging};
use crate::state::Shared;
use crate::store::{find, find_mut};

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/client-grants", get(list).post(create))
        .route("/client-grants/{id}", get(read).patch(update).delete(delete))
}

fn unknown_grant() -> ApiError {
    ApiError::not_found("The client grant does not exist.", "inexistent_client_grant")
}

fn scope_list(body: &serde_json::Map<String, Value>) -> Result<Option<Vec<String>>, ApiError> {
    match body.get("scope") {
        None => Ok(None),
        Some(_) => body.str_list("scope").map(Some),
    }
}

async fn list(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(&["read:client_grants"])?;
    let shape = ListShape::offset("client_grants").with_checkpoint();
    let paging = Paging::parse(&q, &shape)?;
    let audience = q.str("audience").map(|a| state.canonical_audience(a).to_owned());
    let grants = state
        .store()
        .client_grants
        .iter()
        .filter(|g| audience.as_deref().is_none_or(|a| g["audience"].as_str() == Some(a)))
        .filter(|g| q.str("client_id").is_none_or(|c| g["client_id"].as_str() == Some(c)))
        .cloned()
        .collect();
    ok(paging.respond(grants, &shape))
}

async fn create(State(state): State<Shared>, caller: Caller, JsonObject(body): JsonObject) -> ApiResult {
    caller.require(&["create:client_grants"])?;
    only_fields(
        &body,
        &[
            "client_id",
            "audience",
            "scope",
            "organization_usage",
            "allow_any_organization",
            "subject_type",
            "authorization_details_types",
        ],
    )?;
    let client_id = body.req_str("client_id")?;
    let audience = state.canonical_audience(body.req_str("audience")?).to_owned();
    let scope = scope_list(&body)?.ok_or_else(|| ApiError::invalid_body("Missing required property: scope"))?;
    let mut store = state.store();
    if store.client(client_id).is_none() {
        return Err(ApiError::not_found("The client does not exist", "inexistent_client"));
    }
    if store.resource_server(&audience).is_none() {
        return Err(ApiError::not_found(
            format!("No resource server found for audience {audience}"),
            "inexistent_resource_server",
        ));
    }
    if store
        .client_grants
        .iter()
        .any(|g| g["client_id"].as_str() == Some(client_id) && g["audience"].as_str() == Some(&audience))
    {
        return Err(ApiError::conflict(
            "A client grant for this client and audience already exists.",
            "conflict",
        ));
    }
    let mut grant = json!({
        "id": ids::prefixed("cgr"),
        "client_id": client_id,
        "audience": audience,
        "scope": scope,
    });
    for f in ["organization_usage", "allow_any_organization"] {
        if let Some(v) = body.get(f) {
            grant[f] = v.clone();
        }
    }
    store.client_grants.push(grant.clone());
    with_status(StatusCode::CREATED, grant)
}

async fn read(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["read:client_grants"])?;
    ok(find(&state.store().client_grants, "id", &id)
        .cloned()
        .ok_or_else(unknown_grant)?)
}

async fn update(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["update:client_grants"])?;
    only_fields(
        &body,
        &[
            "scope",
            "organization_usage",
            "allow_any_organization",
            "authorization_details_types",
        ],
    )?;
    let scope = scope_list(&body)?;
    let mut store = state.store();
    let grant = find_mut(&mut store.client_grants, "id", &id).ok_or_else(unknown_grant)?;
    if let Some(scope) = scope {
        grant["scope"] = json!(scope);
    }
    for f in ["organization_usage", "allow_any_organization"] {
        if let Some(v) = body.get(f) {
            grant[f] = v.clone();
        }
    }
    ok(grant.clone())
}

async fn delete(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["delete:client_grants"])?;
    if !crate::store::remove(&mut state.store().client_grants, "id", &id) {
        return Err(unknown_grant());
    }
    empty(StatusCode::NO_CONTENT)
}
