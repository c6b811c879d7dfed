//! `/roles`, `/roles/{id}`, `/roles/{id}/permissions`, `/roles/{id}/users`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::{Value, json};

use super::auth::Caller;
use super::{ApiResult, empty, ok, only_fields};
use crate::errors::ApiError;
use crate::extract::{BodyExt, JsonObject, QueryMap};
use crate::ids;
use crate::paging::{ListShape, Paging};
use crate::state::Shared;
use crate::store::{Store, find, find_mut};

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/roles", get(list).post(create))
        .route("/roles/{id}", get(read).patch(update).delete(delete))
        .route(
            "/roles/{id}/permissions",
            get(list_permissions).post(add_permissions).delete(remove_permissions),
        )
        .route("/roles/{id}/users", get(list_users).post(assign_users))
}

fn unknown_role() -> ApiError {
    ApiError::not_found("The role does not exist.", "inexistent_role")
}

fn check_role(store: &Store, id: &str) -> Result<(), ApiError> {
    store.role(id).map(|_| ()).ok_or_else(unknown_role)
}

async fn list(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(&["read:roles"])?;
    let shape = ListShape::offset("roles");
    let paging = Paging::parse(&q, &shape)?;
    let filter = q.str("name_filter").map(str::to_lowercase);
    let roles = state
        .store()
        .roles
        .iter()
        .filter(|r| {
            filter
                .as_deref()
                .is_none_or(|f| r["name"].as_str().is_some_and(|n| n.to_lowercase().contains(f)))
        })
        .cloned()
        .collect();
    ok(paging.respond(roles, &shape))
}

async fn create(State(state): State<Shared>, caller: Caller, JsonObject(body): JsonObject) -> ApiResult {
    caller.require(&["create:roles"])?;
    only_fields(&body, &["name", "description"])?;
    let name = body.req_str("name")?;
    let mut store = state.store();
    if find(&store.roles, "name", name).is_some() {
        return Err(ApiError::conflict("Role already exists", "role_conflict"));
    }
    let role = json!({
        "id": ids::prefixed("rol"),
        "name": name,
        "description": body.opt_str("description")?.unwrap_or(name),
    });
    store.roles.push(role.clone());
    // The spec documents 200 (not 201) for role creation.
    ok(role)
}

async fn read(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["read:roles"])?;
    ok(state.store().role(&id).cloned().ok_or_else(unknown_role)?)
}

async fn update(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["update:roles"])?;
    only_fields(&body, &["name", "description"])?;
    let name = body.opt_str("name")?.map(str::to_owned);
    let description = body.opt_str("description")?.map(str::to_owned);
    let mut store = state.store();
    if let Some(n) = &name {
        if store
            .roles
            .iter()
            .any(|r| r["name"].as_str() == Some(n) && r["id"].as_str() != Some(&id))
        {
            return Err(ApiError::conflict("Role already exists", "role_conflict"));
        }
    }
    let role = find_mut(&mut store.roles, "id", &id).ok_or_else(unknown_role)?;
    if let Some(n) = name {
        role["name"] = json!(n);
    }
    if let Some(d) = description {
        role["description"] = json!(d);
    }
    ok(role.clone())
}

async fn delete(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["delete:roles"])?;
    let mut store = state.store();
    if !crate::store::remove(&mut store.roles, "id", &id) {
        return Err(unknown_role());
    }
    store.role_permissions.remove(&id);
    for roles in store.user_roles.values_mut() {
        roles.retain(|r| r != &id);
    }
    for roles in store.org_member_roles.values_mut() {
        roles.retain(|r| r != &id);
    }
    empty(StatusCode::OK)
}

async fn list_permissions(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    q: QueryMap,
) -> ApiResult {
    caller.require(&["read:roles"])?;
    let shape = ListShape::offset("permissions");
    let paging = Paging::parse(&q, &shape)?;
    let store = state.store();
    check_role(&store, &id)?;
    ok(paging.respond(store.role_permissions.get(&id).cloned().unwrap_or_default(), &shape))
}

/// Reads `{permissions: [{resource_server_identifier, permission_name}]}`.
fn permission_refs(body: &serde_json::Map<String, Value>) -> Result<Vec<(String, String)>, ApiError> {
    let Some(Value::Array(items)) = body.get("permissions") else {
        return Err(ApiError::invalid_body("Missing required property: permissions"));
    };
    items
        .iter()
        .map(|p| {
            let rs = p["resource_server_identifier"].as_str();
            let name = p["permission_name"].as_str();
            match (rs, name) {
                (Some(rs), Some(name)) => Ok((rs.to_owned(), name.to_owned())),
                _ => Err(ApiError::invalid_body(
                    "Missing required property: resource_server_identifier or permission_name",
                )),
            }
        })
        .collect()
}

async fn add_permissions(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["update:roles"])?;
    let refs = permission_refs(&body)?;
    let mut store = state.store();
    check_role(&store, &id)?;
    for (rs, _) in &refs {
        if store.resource_server(rs).is_none() {
            return Err(ApiError::not_found(
                format!("Resource server {rs} does not exist"),
                "inexistent_resource_server",
            ));
        }
    }
    let new: Vec<Value> = refs
        .iter()
        .map(|(rs, name)| crate::seed::permission_json(&store, rs, name))
        .collect();
    let perms = store.role_permissions.entry(id).or_default();
    for p in new {
        if !perms.iter().any(|e| {
            e["resource_server_identifier"] == p["resource_server_identifier"]
                && e["permission_name"] == p["permission_name"]
        }) {
            perms.push(p);
        }
    }
    empty(StatusCode::CREATED)
}

async fn remove_permissions(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["update:roles"])?;
    let refs = permission_refs(&body)?;
    let mut store = state.store();
    check_role(&store, &id)?;
    if let Some(perms) = store.role_permissions.get_mut(&id) {
        perms.retain(|p| {
            !refs.iter().any(|(rs, name)| {
                p["resource_server_identifier"].as_str() == Some(rs) && p["permission_name"].as_str() == Some(name)
            })
        });
    }
    empty(StatusCode::OK)
}

async fn list_users(State(state): State<Shared>, caller: Caller, Path(id): Path<String>, q: QueryMap) -> ApiResult {
    caller.require(&["read:users", "read:roles", "read:role_members"])?;
    let shape = ListShape::offset("users").with_checkpoint();
    let paging = Paging::parse(&q, &shape)?;
    let store = state.store();
    check_role(&store, &id)?;
    let users = store
        .users
        .iter()
        .filter(|u| {
            u["user_id"]
                .as_str()
                .and_then(|uid| store.user_roles.get(uid))
                .is_some_and(|r| r.contains(&id))
        })
        .map(|u| {
            let mut out = serde_json::Map::new();
            for f in ["user_id", "picture", "name", "email"] {
                if let Some(v) = u.get(f) {
                    out.insert(f.into(), v.clone());
                }
            }
            Value::Object(out)
        })
        .collect();
    ok(paging.respond(users, &shape))
}

async fn assign_users(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["update:roles", "create:role_members"])?;
    let users = body.str_list("users")?;
    let mut store = state.store();
    check_role(&store, &id)?;
    if users.iter().any(|u| store.user(u).is_none()) {
        return Err(ApiError::unknown_user());
    }
    for u in users {
        let roles = store.user_roles.entry(u).or_default();
        if !roles.contains(&id) {
            roles.push(id.clone());
        }
    }
    empty(StatusCode::OK)
}
