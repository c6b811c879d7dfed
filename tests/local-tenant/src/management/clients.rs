//! `/clients`, `/clients/{id}`, `/clients/{id}/rotate-secret`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::auth::Caller;
use super::{ApiResult, empty, merge, ok, with_status};
use crate::errors::ApiError;
use crate::extract::{BodyExt, JsonObject, QueryMap};
use crate::ids;
use crate::paging::{ListShape, Paging, project};
use crate::state::Shared;
use crate::store::find_mut;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/clients", get(list).post(create))
        .route("/clients/{id}", get(read).patch(update).delete(delete))
        .route("/clients/{id}/rotate-secret", post(rotate_secret))
}

const READ: &[&str] = &[
    "read:clients",
    "read:client_keys",
    "read:client_credentials",
    "read:client_summary",
];

fn unknown_client() -> ApiError {
    ApiError::not_found("The client does not exist", "inexistent_client")
}

async fn list(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(READ)?;
    let shape = ListShape::offset("clients").with_checkpoint();
    let paging = Paging::parse(&q, &shape)?;
    let app_types: Option<Vec<&str>> = q.str("app_type").map(|t| t.split(',').collect());
    let first_party = q.bool("is_first_party")?;
    let clients = state
        .store()
        .clients
        .iter()
        .filter(|c| {
            app_types
                .as_ref()
                .is_none_or(|t| c["app_type"].as_str().is_some_and(|a| t.contains(&a)))
        })
        .filter(|c| first_party.is_none_or(|fp| c["is_first_party"].as_bool() == Some(fp)))
        .cloned()
        .map(|c| project(c, &q))
        .collect::<Result<Vec<_>, _>>()?;
    ok(paging.respond(clients, &shape))
}

async fn create(State(state): State<Shared>, caller: Caller, JsonObject(body): JsonObject) -> ApiResult {
    caller.require(&["create:clients"])?;
    body.req_str("name")?;
    let mut client = json!({
        "client_id": ids::alnum(32),
        "client_secret": ids::alnum(64),
        "tenant": "local",
        "app_type": "regular_web",
        "is_first_party": true,
        "oidc_conformant": true,
        "callbacks": [],
        "allowed_origins": [],
        "web_origins": [],
        "grant_types": ["authorization_code", "implicit", "refresh_token", "client_credentials"],
        "token_endpoint_auth_method": "client_secret_post",
        "jwt_configuration": {"alg": "RS256", "lifetime_in_seconds": 36000},
        "sso_disabled": false,
        "cross_origin_authentication": false,
    });
    if let Value::Object(map) = &mut client {
        merge(map, &body);
        map.remove("client_authentication_methods");
        if body.opt_str("token_endpoint_auth_method")? == Some("none") {
            map.remove("client_secret");
        }
    }
    let mut store = state.store();
    store.clients.push(client.clone());
    store.log("sapi", "Create client", caller.claims["azp"].as_str(), None);
    with_status(StatusCode::CREATED, client)
}

async fn read(State(state): State<Shared>, caller: Caller, Path(id): Path<String>, q: QueryMap) -> ApiResult {
    caller.require(READ)?;
    let client = state.store().client(&id).cloned().ok_or_else(unknown_client)?;
    ok(project(client, &q)?)
}

async fn update(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(mut body): JsonObject,
) -> ApiResult {
    caller.require(&["update:clients", "update:client_keys", "update:client_credentials"])?;
    body.remove("client_id");
    let mut store = state.store();
    let client = find_mut(&mut store.clients, "client_id", &id).ok_or_else(unknown_client)?;
    if let Value::Object(map) = client {
        merge(map, &body);
    }
    ok(client.clone())
}

async fn delete(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["delete:clients"])?;
    let mut store = state.store();
    if !crate::store::remove(&mut store.clients, "client_id", &id) {
        return Err(unknown_client());
    }
    store.client_grants.retain(|g| g["client_id"].as_str() != Some(&id));
    store.client_keys.remove(&id);
    empty(StatusCode::NO_CONTENT)
}

async fn rotate_secret(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["update:client_keys"])?;
    let mut store = state.store();
    let client = find_mut(&mut store.clients, "client_id", &id).ok_or_else(unknown_client)?;
    client["client_secret"] = json!(ids::alnum(64));
    ok(client.clone())
}
