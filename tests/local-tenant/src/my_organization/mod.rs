//! The My Organization API (`/my-org/v1`) for the organization in the caller's token:
//! members and member invitations are stateful (the same store the Management API's
//! `/organizations/{id}/members` and `/invitations` use); every other operation answers its
//! spec skeleton. Callers need a `https://{domain}/my-org/` token with an `org_id` and the
//! operation's scope (403 without them).

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::errors::ApiError;
use crate::extract::{BodyExt, JsonObject, QueryMap};
use crate::fallback::FallbackTable;
use crate::ids;
use crate::management::{ApiResult, empty, ok, only_fields, with_status};
use crate::my_apis::{OrgCaller, checkpoint_page, fallback, skeleton_table};
use crate::paging::project;
use crate::state::Shared;
use crate::store::Store;
use crate::time::{iso_from_unix, iso_now, unix_now};

#[rustfmt::skip]
mod generated_skeletons;

/// The spec-skeleton table, built once per process.
pub(crate) fn table() -> Arc<FallbackTable> {
    static TABLE: OnceLock<Arc<FallbackTable>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            Arc::new(skeleton_table(
                generated_skeletons::SKELETONS
                    .iter()
                    .map(|s| (s.method, s.path, s.status, s.body, s.scopes)),
            ))
        })
        .clone()
}

/// `/my-org/v1` routes (paths relative to it), with the skeleton fallback.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/members", get(members))
        .route("/members/{user_id}", get(member))
        .route("/delete-memberships", post(delete_memberships))
        .route("/member-invitations", get(invitations).post(invite))
        .route(
            "/member-invitations/{invitation_id}",
            get(invitation).delete(delete_invitation),
        )
        .route("/delete-member-invitations", post(delete_invitations))
        .fallback(answer_from_skeleton)
        .method_not_allowed_fallback(answer_from_skeleton)
}

async fn answer_from_skeleton(method: Method, uri: Uri, caller: Result<OrgCaller, ApiError>) -> Response {
    // Nested routers see the path with `/my-org/v1` already stripped; strip it again in case.
    let path = uri.path();
    let path = path.strip_prefix("/my-org/v1").unwrap_or(path);
    fallback(&table(), &method, path, caller.as_ref().map(|c| &c.claims))
}

/// A member in the API's `OrgMember` shape (which allows no other user fields).
fn member_json(store: &Store, user_id: &str) -> Option<Value> {
    let user = store.user(user_id)?;
    let mut out = json!({ "user_id": user_id });
    for field in [
        "email",
        "name",
        "nickname",
        "given_name",
        "family_name",
        "created_at",
        "updated_at",
        "last_login",
    ] {
        if let Some(v) = user.get(field).filter(|v| !v.is_null()) {
            out[field] = v.clone();
        }
    }
    Some(out)
}

async fn members(State(state): State<Shared>, caller: OrgCaller, q: QueryMap) -> ApiResult {
    caller.claims.require(&["read:my_org:members"])?;
    let store = state.store();
    let ids = store.org_members.get(&caller.org_id).cloned().unwrap_or_default();
    let items = ids
        .iter()
        .filter_map(|id| member_json(&store, id))
        .map(|m| project(m, &q))
        .collect::<Result<Vec<_>, _>>()?;
    ok(checkpoint_page(&q, "members", items)?)
}

fn unknown_member() -> ApiError {
    ApiError::not_found("The user is not a member of this organization", "member_not_found")
}

async fn member(State(state): State<Shared>, caller: OrgCaller, Path(user_id): Path<String>, q: QueryMap) -> ApiResult {
    caller.claims.require(&["read:my_org:members"])?;
    let store = state.store();
    let is_member = store
        .org_members
        .get(&caller.org_id)
        .is_some_and(|m| m.contains(&user_id));
    let found = member_json(&store, &user_id)
        .filter(|_| is_member)
        .ok_or_else(unknown_member)?;
    ok(project(found, &q)?)
}

async fn delete_memberships(State(state): State<Shared>, caller: OrgCaller, JsonObject(body): JsonObject) -> ApiResult {
    caller.claims.require(&["delete:my_org:memberships"])?;
    only_fields(&body, &["members"])?;
    let remove = body.str_list("members")?;
    let mut store = state.store();
    if let Some(members) = store.org_members.get_mut(&caller.org_id) {
        members.retain(|m| !remove.contains(m));
    }
    store
        .org_member_roles
        .retain(|(org, user), _| org != &caller.org_id || !remove.contains(user));
    empty(StatusCode::NO_CONTENT)
}

/// The stored invitation without the Management API's extra fields.
fn invitation_json(inv: &Value) -> Value {
    let mut out = json!({});
    for field in [
        "id",
        "organization_id",
        "inviter",
        "invitee",
        "identity_provider_id",
        "created_at",
        "expires_at",
        "roles",
        "invitation_url",
        "ticket_id",
    ] {
        if let Some(v) = inv.get(field).filter(|v| !v.is_null()) {
            out[field] = v.clone();
        }
    }
    out
}

fn org_invitations<'a>(store: &'a Store, org: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    store
        .invitations
        .iter()
        .filter(move |i| i["organization_id"].as_str() == Some(org))
}

async fn invitations(State(state): State<Shared>, caller: OrgCaller, q: QueryMap) -> ApiResult {
    caller.claims.require(&["read:my_org:member_invitations"])?;
    let store = state.store();
    let items = org_invitations(&store, &caller.org_id)
        .map(|i| project(invitation_json(i), &q))
        .collect::<Result<Vec<_>, _>>()?;
    ok(checkpoint_page(&q, "invitations", items)?)
}

/// Invites every `invitees[].email`; 201 with the created invitations.
async fn invite(State(state): State<Shared>, caller: OrgCaller, JsonObject(body): JsonObject) -> ApiResult {
    caller.claims.require(&["create:my_org:member_invitations"])?;
    only_fields(&body, &["invitees", "inviter", "identity_provider_id", "ttl_sec"])?;
    let invitees = body
        .get("invitees")
        .and_then(Value::as_array)
        .filter(|list| !list.is_empty())
        .ok_or_else(|| ApiError::invalid_body("Missing required property: invitees"))?;
    let ttl = body
        .get("ttl_sec")
        .and_then(Value::as_u64)
        .filter(|t| *t > 0)
        .unwrap_or(604_800);
    let mut store = state.store();
    let org_name = store
        .organization(&caller.org_id)
        .and_then(|o| o["name"].as_str())
        .unwrap_or_default()
        .to_owned();
    let mut created = Vec::new();
    for invitee in invitees {
        let email = invitee["email"]
            .as_str()
            .ok_or_else(|| ApiError::invalid_body("Missing required property: email' on property invitees"))?;
        let ticket = ids::alnum(32);
        let mut inv = json!({
            "id": format!("uinv_{}", ids::alnum(16)),
            "organization_id": caller.org_id,
            "invitee": {"email": email},
            "invitation_url": format!(
                "{}/login?invitation={ticket}&organization={}&organization_name={org_name}",
                state.base_url, caller.org_id
            ),
            "created_at": iso_now(),
            "expires_at": iso_from_unix(unix_now() + ttl, 0),
            "ticket_id": ticket,
            "roles": invitee.get("roles").cloned().unwrap_or_else(|| json!([])),
        });
        for field in ["inviter", "identity_provider_id"] {
            if let Some(v) = body.get(field) {
                inv[field] = v.clone();
            }
        }
        created.push(invitation_json(&inv));
        store.invitations.push(inv);
    }
    with_status(StatusCode::CREATED, Value::Array(created))
}

fn unknown_invitation() -> ApiError {
    ApiError::not_found("The invitation does not exist", "inexistent_invitation")
}

async fn invitation(State(state): State<Shared>, caller: OrgCaller, Path(id): Path<String>, q: QueryMap) -> ApiResult {
    caller.claims.require(&["read:my_org:member_invitations"])?;
    let store = state.store();
    let found = org_invitations(&store, &caller.org_id)
        .find(|i| i["id"].as_str() == Some(&id))
        .map(invitation_json)
        .ok_or_else(unknown_invitation)?;
    ok(project(found, &q)?)
}

async fn delete_invitation(State(state): State<Shared>, caller: OrgCaller, Path(id): Path<String>) -> ApiResult {
    caller.claims.require(&["delete:my_org:member_invitations"])?;
    let mut store = state.store();
    let before = store.invitations.len();
    store
        .invitations
        .retain(|i| !(i["id"].as_str() == Some(&id) && i["organization_id"].as_str() == Some(&caller.org_id)));
    if store.invitations.len() == before {
        return Err(unknown_invitation());
    }
    empty(StatusCode::NO_CONTENT)
}

async fn delete_invitations(State(state): State<Shared>, caller: OrgCaller, JsonObject(body): JsonObject) -> ApiResult {
    caller.claims.require(&["delete:my_org:member_invitations"])?;
    only_fields(&body, &["invitations"])?;
    let remove = body.str_list("invitations")?;
    let mut store = state.store();
    store.invitations.retain(|i| {
        i["organization_id"].as_str() != Some(&caller.org_id)
            || !i["id"].as_str().is_some_and(|id| remove.iter().any(|r| r == id))
    });
    empty(StatusCode::NO_CONTENT)
}
