//! `/users`, `/users/{id}`, `/users-by-email`, `/users/{id}/roles`, `/users/{id}/organizations`.

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
use crate::paging::{ListShape, Paging, USERS_RESULT_CAP, project};
use crate::search;
use crate::state::Shared;
use crate::store::{Store, find_mut, user_connection};
use crate::time::iso_now;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}", get(read).patch(update).delete(delete))
        .route("/users-by-email", get(by_email))
        .route(
            "/users/{id}/roles",
            get(list_roles).post(assign_roles).delete(remove_roles),
        )
        .route("/users/{id}/organizations", get(organizations))
}

const CREATE_FIELDS: &[&str] = &[
    "email",
    "phone_number",
    "user_metadata",
    "blocked",
    "email_verified",
    "phone_verified",
    "app_metadata",
    "given_name",
    "family_name",
    "name",
    "nickname",
    "picture",
    "user_id",
    "connection",
    "password",
    "verify_email",
    "username",
];

const UPDATE_FIELDS: &[&str] = &[
    "blocked",
    "email_verified",
    "email",
    "phone_number",
    "phone_verified",
    "user_metadata",
    "app_metadata",
    "given_name",
    "family_name",
    "name",
    "nickname",
    "picture",
    "verify_email",
    "verify_phone_number",
    "password",
    "connection",
    "client_id",
    "username",
];

/// Fields copied verbatim from a create/update body onto the user.
const PROFILE_FIELDS: &[&str] = &[
    "email",
    "phone_number",
    "blocked",
    "email_verified",
    "phone_verified",
    "given_name",
    "family_name",
    "name",
    "nickname",
    "picture",
    "username",
];

fn check_metadata(body: &Map<String, Value>) -> Result<(), ApiError> {
    for key in ["app_metadata", "user_metadata"] {
        if body.get(key).is_some_and(|v| !v.is_object() && !v.is_null()) {
            return Err(ApiError::invalid_body(format!(
                "Expected type object but found another type' on property {key}"
            )));
        }
    }
    if let Some(email) = body.opt_str("email")? {
        if !email.contains('@') {
            return Err(ApiError::invalid_body(format!(
                "Object didn't pass validation for format email: {email}' on property email"
            )));
        }
    }
    Ok(())
}

/// Creates a user from a `POST /users` body (also used for seeding).
pub(crate) fn create_user(store: &mut Store, body: &Map<String, Value>) -> Result<Value, ApiError> {
    only_fields(body, CREATE_FIELDS)?;
    check_metadata(body)?;
    let connection = body.req_str("connection")?;
    let strategy = store
        .connection_by_name(connection)
        .ok_or_else(|| ApiError::bad_request("The connection does not exist.", "inexistent_connection"))?["strategy"]
        .as_str()
        .unwrap_or("auth0")
        .to_owned();
    let email = body.opt_str("email")?;
    let password = body.opt_str("password")?;
    if strategy == "auth0" {
        if email.is_none() {
            return Err(ApiError::invalid_body("Missing required property: email"));
        }
        if password.is_none() {
            return Err(ApiError::invalid_body("Missing required property: password"));
        }
    }
    if let Some(email) = email {
        if store.user_by_email(email, Some(connection)).is_some() {
            return Err(ApiError::conflict("The user already exists.", "auth0_idp_error"));
        }
    }
    let provider = if strategy == "auth0" {
        "auth0".to_owned()
    } else {
        strategy
    };
    let id_part = body.opt_str("user_id")?.map_or_else(|| ids::hex(24), str::to_owned);
    let user_id = format!("{provider}|{id_part}");
    if store.user(&user_id).is_some() {
        return Err(ApiError::conflict("The user already exists.", "auth0_idp_error"));
    }
    let now = iso_now();
    let mut user = Map::new();
    user.insert("user_id".into(), json!(user_id));
    for f in PROFILE_FIELDS {
        if let Some(v) = body.get(*f).filter(|v| !v.is_null()) {
            user.insert((*f).into(), v.clone());
        }
    }
    if let Some(email) = email {
        user.insert("email".into(), json!(email.to_lowercase()));
        user.entry("email_verified").or_insert(json!(false));
        user.entry("name").or_insert(json!(email));
        let local = email.split('@').next().unwrap_or(email);
        user.entry("nickname").or_insert(json!(local));
    }
    let initials: String = user
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("u")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(2)
        .collect::<String>()
        .to_lowercase();
    user.entry("picture")
        .or_insert(json!(format!("https://cdn.auth0.com/avatars/{initials}.png")));
    for key in ["app_metadata", "user_metadata"] {
        if let Some(Value::Object(m)) = body.get(key) {
            user.insert(key.into(), Value::Object(m.clone()));
        }
    }
    user.insert(
        "identities".into(),
        json!([{"connection": connection, "user_id": id_part, "provider": provider, "isSocial": false}]),
    );
    user.insert("created_at".into(), json!(now));
    user.insert("updated_at".into(), json!(now));
    if let Some(p) = password {
        store.passwords.insert(user_id.clone(), p.to_owned());
    }
    let user = Value::Object(user);
    store.users.push(user.clone());
    Ok(user)
}

async fn list(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(&["read:users", "read:user_idp_tokens"])?;
    let shape = ListShape::offset("users").with_length();
    let paging = Paging::parse(&q, &shape)?;
    paging.check_cap(USERS_RESULT_CAP)?;
    let query = match q.str("q") {
        Some(text) => Some(
            search::parse(text)
                .map_err(|why| ApiError::bad_request(format!("Invalid query: {why}"), "invalid_query_string"))?,
        ),
        None => None,
    };
    let mut items: Vec<Value> = {
        let store = state.store();
        store
            .users
            .iter()
            .filter(|u| query.as_ref().is_none_or(|qq| qq.matches(u)))
            .filter(|u| q.str("connection").is_none_or(|c| user_connection(u) == Some(c)))
            .cloned()
            .collect()
    };
    if let Some(sort) = q.str("sort") {
        sort_by(&mut items, sort)?;
    }
    let items = items
        .into_iter()
        .map(|u| project(u, &q))
        .collect::<Result<Vec<_>, _>>()?;
    ok(paging.respond(items, &shape))
}

/// `sort=field:1` (ascending) or `field:-1` (descending).
fn sort_by(items: &mut [Value], sort: &str) -> Result<(), ApiError> {
    let (field, dir) = sort.split_once(':').unwrap_or((sort, "1"));
    let descending = match dir {
        "1" => false,
        "-1" => true,
        _ => {
            return Err(ApiError::invalid_query(
                "sort must be field:1 or field:-1' on property sort",
            ));
        }
    };
    let key = |v: &Value| match v.get(field) {
        Some(Value::String(s)) => (0, 0.0, s.to_lowercase()),
        Some(Value::Number(n)) => (0, n.as_f64().unwrap_or(0.0), String::new()),
        Some(Value::Bool(b)) => (0, f64::from(u8::from(*b)), String::new()),
        _ => (1, 0.0, String::new()),
    };
    items.sort_by(|a, b| {
        let o = key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal);
        if descending { o.reverse() } else { o }
    });
    Ok(())
}

async fn create(State(state): State<Shared>, caller: Caller, JsonObject(body): JsonObject) -> ApiResult {
    caller.require(&["create:users"])?;
    let mut store = state.store();
    let user = create_user(&mut store, &body)?;
    store.log(
        "sapi",
        "Create a User",
        caller.claims["azp"].as_str(),
        user["user_id"].as_str(),
    );
    with_status(StatusCode::CREATED, user)
}

async fn read(State(state): State<Shared>, caller: Caller, Path(id): Path<String>, q: QueryMap) -> ApiResult {
    caller.require(&["read:users", "read:current_user", "read:user_idp_tokens"])?;
    let user = state.store().user(&id).cloned().ok_or_else(ApiError::unknown_user)?;
    ok(project(user, &q)?)
}

async fn update(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&[
        "update:users",
        "update:users_app_metadata",
        "update:current_user_metadata",
    ])?;
    only_fields(&body, UPDATE_FIELDS)?;
    check_metadata(&body)?;
    let mut store = state.store();
    let connection = store.user(&id).ok_or_else(ApiError::unknown_user)?;
    let connection = user_connection(connection).unwrap_or_default().to_owned();
    if let Some(email) = body.opt_str("email")? {
        if store
            .user_by_email(email, Some(&connection))
            .is_some_and(|u| u["user_id"] != json!(id))
        {
            return Err(ApiError::conflict(
                "The specified new email already exists",
                "email_conflict",
            ));
        }
    }
    if let Some(p) = body.opt_str("password")? {
        store.passwords.insert(id.clone(), p.to_owned());
    }
    let user = find_mut(&mut store.users, "user_id", &id).ok_or_else(ApiError::unknown_user)?;
    let Value::Object(map) = user else {
        return Err(ApiError::unknown_user());
    };
    for f in PROFILE_FIELDS {
        match body.get(*f) {
            Some(Value::Null) => {
                map.remove(*f);
            }
            Some(v) => {
                let v = if *f == "email" {
                    json!(v.as_str().unwrap_or_default().to_lowercase())
                } else {
                    v.clone()
                };
                map.insert((*f).into(), v);
            }
            None => {}
        }
    }
    for key in ["app_metadata", "user_metadata"] {
        if let Some(Value::Object(patch)) = body.get(key) {
            let target = map.entry(key).or_insert_with(|| json!({}));
            if let Value::Object(t) = target {
                merge(t, patch);
            }
        }
    }
    map.insert("updated_at".into(), json!(iso_now()));
    let updated = Value::Object(map.clone());
    store.log("sapi", "Update a User", caller.claims["azp"].as_str(), Some(&id));
    ok(updated)
}

async fn delete(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["delete:users", "delete:current_user"])?;
    let mut store = state.store();
    // Auth0 answers 204 whether or not the user existed.
    crate::store::remove(&mut store.users, "user_id", &id);
    store.passwords.remove(&id);
    store.user_roles.remove(&id);
    store.blocks.remove(&id);
    for members in store.org_members.values_mut() {
        members.retain(|m| m != &id);
    }
    store.log("sapi", "Delete a User", caller.claims["azp"].as_str(), Some(&id));
    empty(StatusCode::NO_CONTENT)
}

async fn by_email(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(&["read:users"])?;
    let email = q
        .str("email")
        .ok_or_else(|| ApiError::invalid_query("Missing required property: email' on property email"))?;
    let store = state.store();
    let users = store
        .users
        .iter()
        .filter(|u| u["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(email)))
        .cloned()
        .map(|u| project(u, &q))
        .collect::<Result<Vec<_>, _>>()?;
    ok(Value::Array(users))
}

async fn list_roles(State(state): State<Shared>, caller: Caller, Path(id): Path<String>, q: QueryMap) -> ApiResult {
    caller.require(&["read:users", "read:roles", "read:role_members"])?;
    let shape = ListShape::offset("roles");
    let paging = Paging::parse(&q, &shape)?;
    let store = state.store();
    store.user(&id).ok_or_else(ApiError::unknown_user)?;
    let roles = store
        .user_roles
        .get(&id)
        .into_iter()
        .flatten()
        .filter_map(|r| store.role(r).cloned())
        .collect();
    ok(paging.respond(roles, &shape))
}

async fn assign_roles(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["update:users", "create:role_members"])?;
    let roles = body.str_list("roles")?;
    let mut store = state.store();
    store.user(&id).ok_or_else(ApiError::unknown_user)?;
    if let Some(missing) = roles.iter().find(|r| store.role(r).is_none()) {
        return Err(ApiError::not_found(
            format!("Role {missing} not found"),
            "inexistent_role",
        ));
    }
    let assigned = store.user_roles.entry(id).or_default();
    for r in roles {
        if !assigned.contains(&r) {
            assigned.push(r);
        }
    }
    empty(StatusCode::NO_CONTENT)
}

async fn remove_roles(
    State(state): State<Shared>,
    caller: Caller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.require(&["update:users", "delete:role_members"])?;
    let roles = body.str_list("roles")?;
    let mut store = state.store();
    store.user(&id).ok_or_else(ApiError::unknown_user)?;
    if let Some(assigned) = store.user_roles.get_mut(&id) {
        assigned.retain(|r| !roles.contains(r));
    }
    empty(StatusCode::NO_CONTENT)
}

async fn organizations(State(state): State<Shared>, caller: Caller, Path(id): Path<String>, q: QueryMap) -> ApiResult {
    caller.require(&["read:organizations"])?;
    let shape = ListShape::offset("organizations");
    let paging = Paging::parse(&q, &shape)?;
    let store = state.store();
    store.user(&id).ok_or_else(ApiError::unknown_user)?;
    let orgs = store
        .organizations
        .iter()
        .filter(|o| {
            o["id"]
                .as_str()
                .and_then(|oid| store.org_members.get(oid))
                .is_some_and(|m| m.contains(&id))
        })
        .cloned()
        .collect();
    ok(paging.respond(orgs, &shape))
}
