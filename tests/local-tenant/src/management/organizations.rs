//! `/organizations` with members, member roles and invitations.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::auth::Caller;
use super::{ApiResult, empty, merge, ok, only_fields, with_status};
use crate::errors::ApiError;
use crate::extract::{BodyExt, JsonObject, QueryMap};
use crate::ids;
use crate::paging::{ListShape, Paging};
use crate::state::Shared;
use crate::store::{Store, find, find_mut};
use crate::time::{iso_from_unix, iso_now, unix_now};

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/organizations", get(list).post(create))
        .route("/organizations/name/{name}", get(by_name))
        .route("/organizations/{id}", get(read).patch(update).delete(delete))
        .route(
            "/organizations/{id}/members",
            get(members).post(add_members).delete(remove_members),
        )
        .route(
            "/organizations/{id}/members/{user_id}/roles",
            get(member_roles).post(add_member_roles).delete(remove_member_roles),
        )
        .route("/organizations/{id}/invitations", get(invitations).post(invite))
        .route(
            "/organizations/{id}/invitations/{invitation_id}",
            get(invitation).delete(delete_invitation),
        )
}

const FIELDS: &[&str] = &[
    "name",
    "display_name",
    "branding",
    "metadata",
    "enabled_connections",
    "token_quota",
];

fn unknown_org() -> ApiError {
    ApiError::not_found("No organization found by that id or name", "inexistent_organization")
}

fn check_org(store: &Store, id: &str) -> Result<(), ApiError> {
    store.organization(id).map(|_| ()).ok_or_else(unknown_org)
}

/// Organization names are lowercase alphanumerics, `-` and `_`, 1–50 chars.
fn check_name(name: &str) -> Result<(), ApiError> {
    let valid = !name.is_empty()
        && name.len() <= 50
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(ApiError::invalid_body(format!(
            "String does not match pattern: {name}' on property name"
        )))
    }
}

async fn list(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(&["read:organizations", "read:organizations_summary"])?;
    let shape = ListShape::offset("organizations").with_checkpoint();
    let paging = Paging::parse(&q, &shape)?;
    ok(paging.respond(state.store().organizations.clone(), &shape))
}

async fn create(State(state): State<Shared>, caller: Caller, JsonObject(body): JsonObject) -> ApiResult {
    caller.require(&["create:organizations"])?;
    only_fields(&body, FIELDS)?;
    let name = body.req_str("name")?;
    check_name(name)?;
    let mut store = state.store();
    if find(&store.organizations, "name", name).is_some() {
        return Err(ApiError::conflict(
            "An organization with this name already exists.",
            "conflict",
        ));
    }
    let mut org = Map::new();
    org.insert("id".into(), json!(ids::prefixed("org")));
    merge(&mut org, &body);
    org.remove("enabled_connections");
    let org = Value::Object(org);
    store.organizations.push(org.clone());
    with_status(StatusCode::CREATED, org)
}

async fn read(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["read:organizations", "read:organizations_summary"])?;
    ok(state.store().organization(&id).cloned().ok_or_else(unknown_org)?)
}

async fn by_name(State(state): State<Shared>, caller: Caller, Path(name): Path<String>) -> ApiResult {
    caller.require(&["read:organizations"])?;
    ok(find(&state.store().organizations, "name", &name)
        .cloned()
        .ok_or_else(unknown_org)?)
}

async fn update(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["update:organizations"])?;
    only_fields(&body, FIELDS)?;
    let mut store = state.store();
    if let Some(name) = body.opt_str("name")? {
        check_name(name)?;
        if store
            .organizations
            .iter()
            .any(|o| o["name"].as_str() == Some(name) && o["id"].as_str() != Some(&id))
        {
            return Err(ApiError::conflict(
                "An organization with this name already exists.",
                "conflict",
            ));
        }
    }
    let org = find_mut(&mut store.organizations, "id", &id).ok_or_else(unknown_org)?;
    if let Value::Object(map) = org {
        merge(map, &body);
    }
    ok(org.clone())
}

async fn delete(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["delete:organizations"])?;
    let mut store = state.store();
    if !crate::store::remove(&mut store.organizations, "id", &id) {
        return Err(unknown_org());
    }
    store.org_members.remove(&id);
    store.org_member_roles.retain(|(org, _), _| org != &id);
    store.invitations.retain(|i| i["organization_id"].as_str() != Some(&id));
    empty(StatusCode::NO_CONTENT)
}

fn role_summary(store: &Store, org: &str, user: &str) -> Vec<Value> {
    store
        .org_member_roles
        .get(&(org.to_owned(), user.to_owned()))
        .into_iter()
        .flatten()
        .filter_map(|r| store.role(r))
        .map(|r| json!({"id": r["id"], "name": r["name"]}))
        .collect()
}

async fn members(State(state): State<Shared>, caller: Caller, Path(id): Path<String>, q: QueryMap) -> ApiResult {
    caller.require(&["read:organization_members"])?;
    let shape = ListShape::offset("members").with_checkpoint();
    let paging = Paging::parse(&q, &shape)?;
    let with_roles = q
        .str("fields")
        .is_some_and(|f| f.split(',').any(|x| x.trim() == "roles"));
    let store = state.store();
    check_org(&store, &id)?;
    let items = store
        .org_members
        .get(&id)
        .into_iter()
        .flatten()
        .filter_map(|uid| store.user(uid))
        .map(|u| {
            let mut m = Map::new();
            for f in ["user_id", "picture", "name", "email"] {
                if let Some(v) = u.get(f) {
                    m.insert(f.into(), v.clone());
                }
            }
            if with_roles {
                let uid = u["user_id"].as_str().unwrap_or_default();
                m.insert("roles".into(), Value::Array(role_summary(&store, &id, uid)));
            }
            Value::Object(m)
        })
        .collect();
    ok(paging.respond(items, &shape))
}

async fn add_members(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["create:organization_members"])?;
    let users = body.str_list("members")?;
    let mut store = state.store();
    check_org(&store, &id)?;
    if users.iter().any(|u| store.user(u).is_none()) {
        return Err(ApiError::unknown_user());
    }
    let members = store.org_members.entry(id).or_default();
    for u in users {
        if !members.contains(&u) {
            members.push(u);
        }
    }
    empty(StatusCode::NO_CONTENT)
}

async fn remove_members(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["delete:organization_members"])?;
    let users = body.str_list("members")?;
    let mut store = state.store();
    check_org(&store, &id)?;
    if let Some(members) = store.org_members.get_mut(&id) {
        members.retain(|m| !users.contains(m));
    }
    for u in &users {
        store.org_member_roles.remove(&(id.clone(), u.clone()));
    }
    empty(StatusCode::NO_CONTENT)
}

fn check_member(store: &Store, org: &str, user: &str) -> Result<(), ApiError> {
    check_org(store, org)?;
    if store.org_members.get(org).is_some_and(|m| m.iter().any(|u| u == user)) {
        Ok(())
    } else {
        Err(ApiError::not_found(
            "The user is not a member of the organization",
            "inexistent_organization_member",
        ))
    }
}

async fn member_roles(
    State(state): State<Shared>,
    caller: Caller,
    Path((id, user)): Path<(String, String)>,
    q: QueryMap,
) -> ApiResult {
    caller.require(&["read:organization_member_roles"])?;
    let shape = ListShape::offset("roles");
    let paging = Paging::parse(&q, &shape)?;
    let store = state.store();
    check_member(&store, &id, &user)?;
    let roles = store
        .org_member_roles
        .get(&(id, user))
        .into_iter()
        .flatten()
        .filter_map(|r| store.role(r).cloned())
        .collect();
    ok(paging.respond(roles, &shape))
}

async fn add_member_roles(
    State(state): State<Shared>,
    caller: Caller,
    Path((id, user)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["create:organization_member_roles"])?;
    let roles = body.str_list("roles")?;
    let mut store = state.store();
    check_member(&store, &id, &user)?;
    if let Some(missing) = roles.iter().find(|r| store.role(r).is_none()) {
        return Err(ApiError::not_found(
            format!("Role {missing} not found"),
            "inexistent_role",
        ));
    }
    let assigned = store.org_member_roles.entry((id, user)).or_default();
    for r in roles {
        if !assigned.contains(&r) {
            assigned.push(r);
        }
    }
    empty(StatusCode::NO_CONTENT)
}

async fn remove_member_roles(
    State(state): State<Shared>,
    caller: Caller,
    Path((id, user)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["delete:organization_member_roles"])?;
    let roles = body.str_list("roles")?;
    let mut store = state.store();
    check_member(&store, &id, &user)?;
    if let Some(assigned) = store.org_member_roles.get_mut(&(id, user)) {
        assigned.retain(|r| !roles.contains(r));
    }
    empty(StatusCode::NO_CONTENT)
}

async fn invitations(State(state): State<Shared>, caller: Caller, Path(id): Path<String>, q: QueryMap) -> ApiResult {
    caller.require(&["read:organization_invitations"])?;
    // This endpoint's totals object has no `total` in the spec.
    let shape = ListShape::offset("invitations").without_total();
    let paging = Paging::parse(&q, &shape)?;
    let store = state.store();
    check_org(&store, &id)?;
    let items = store
        .invitations
        .iter()
        .filter(|i| i["organization_id"].as_str() == Some(&id))
        .cloned()
        .collect();
    ok(paging.respond(items, &shape))
}

async fn invite(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["create:organization_invitations"])?;
    let inviter = body
        .get("inviter")
        .and_then(|v| v["name"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| ApiError::invalid_body("Missing required property: inviter"))?;
    let invitee = body
        .get("invitee")
        .and_then(|v| v["email"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| ApiError::invalid_body("Missing required property: invitee"))?;
    let client_id = body.req_str("client_id")?;
    let ttl = body
        .get("ttl_sec")
        .and_then(Value::as_u64)
        .filter(|t| *t > 0)
        .unwrap_or(604_800);
    let mut store = state.store();
    let org_name = store.organization(&id).ok_or_else(unknown_org)?["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    if store.client(client_id).is_none() {
        return Err(ApiError::not_found("The client does not exist", "inexistent_client"));
    }
    let ticket = ids::alnum(32);
    let inv_id = format!("uinv_{}", ids::alnum(16));
    let mut inv = json!({
        "id": inv_id,
        "organization_id": id,
        "inviter": {"name": inviter},
        "invitee": {"email": invitee},
        "invitation_url": format!("{}/login?invitation={ticket}&organization={id}&organization_name={org_name}", state.base_url),
        "created_at": iso_now(),
        "expires_at": iso_from_unix(unix_now() + ttl, 0),
        "client_id": client_id,
        "ticket_id": ticket,
    });
    for f in ["connection_id", "app_metadata", "user_metadata", "roles"] {
        if let Some(v) = body.get(f) {
            inv[f] = v.clone();
        }
    }
    store.invitations.push(inv.clone());
    // The spec documents 200 for invitation creation.
    ok(inv)
}

fn unknown_invitation() -> ApiError {
    ApiError::not_found("The invitation does not exist", "inexistent_invitation")
}

async fn invitation(State(state): State<Shared>, caller: Caller, Path((id, inv)): Path<(String, String)>) -> ApiResult {
    caller.require(&["read:organization_invitations"])?;
    let store = state.store();
    check_org(&store, &id)?;
    store
        .invitations
        .iter()
        .find(|i| i["id"].as_str() == Some(&inv) && i["organization_id"].as_str() == Some(&id))
        .cloned()
        .map_or_else(|| Err(unknown_invitation()), ok)
}

async fn delete_invitation(
    State(state): State<Shared>,
    caller: Caller,
    Path((id, inv)): Path<(String, String)>,
) -> ApiResult {
    caller.require(&["delete:organization_invitations"])?;
    let mut store = state.store();
    check_org(&store, &id)?;
    if !crate::store::remove(&mut store.invitations, "id", &inv) {
        return Err(unknown_invitation());
    }
    empty(StatusCode::NO_CONTENT)
}
