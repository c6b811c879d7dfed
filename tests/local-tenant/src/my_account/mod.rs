//! The My Account API (`/me/v1`): the signed-in user's authentication methods and
//! organizations (the Management API's memberships) are stateful; every other operation
//! answers its spec skeleton. Callers need a user token for
//! `https://{domain}/me/` with the operation's scope (403 without it).

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use crate::errors::ApiError;
use crate::extract::{BodyExt, JsonObject, QueryMap};
use crate::fallback::FallbackTable;
use crate::ids;
use crate::management::{ApiResult, empty, merge, ok, only_fields, with_status};
use crate::my_apis::{MeCaller, checkpoint_page, fallback, skeleton_table};
use crate::state::Shared;
use crate::time::iso_now;

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

/// `/me/v1` routes (paths relative to it), with the skeleton fallback.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/authentication-methods", get(list).post(create))
        .route("/authentication-methods/{id}", get(read).patch(update).delete(delete))
        .route("/organizations", get(organizations))
        .fallback(answer_from_skeleton)
        .method_not_allowed_fallback(answer_from_skeleton)
}

async fn answer_from_skeleton(method: Method, uri: Uri, caller: Result<MeCaller, ApiError>) -> Response {
    // Nested routers see the path with `/me/v1` already stripped; strip it again in case.
    let path = uri.path();
    let path = path.strip_prefix("/me/v1").unwrap_or(path);
    fallback(&table(), &method, path, caller.as_ref().map(|c| &c.claims))
}

fn unknown_method() -> ApiError {
    ApiError::not_found(
        "The authentication method does not exist",
        "authentication_method_not_found",
    )
}

async fn list(State(state): State<Shared>, caller: MeCaller) -> ApiResult {
    caller.claims.require(&["read:me:authentication_methods"])?;
    let methods = state
        .store()
        .me_authentication_methods
        .get(&caller.user_id)
        .cloned()
        .unwrap_or_default();
    ok(json!({ "authentication_methods": methods }))
}

/// Enrolls an email, phone or TOTP factor (unconfirmed until verified), answering 202 with
/// the enrollment session as Auth0 does.
async fn create(State(state): State<Shared>, caller: MeCaller, JsonObject(body): JsonObject) -> ApiResult {
    caller.claims.require(&["create:me:authentication_methods"])?;
    let kind = body.req_str("type")?.to_owned();
    let id = format!("{kind}|dev_{}", ids::alnum(16));
    let mut method = json!({
        "id": id,
        "type": kind,
        "confirmed": false,
        "usage": ["secondary"],
        "created_at": iso_now(),
    });
    let mut answer = json!({ "id": id, "auth_session": ids::alnum(32) });
    match kind.as_str() {
        "email" => {
            only_fields(&body, &["type", "email"])?;
            method["email"] = json!(body.req_str("email")?);
        }
        "phone" => {
            only_fields(&body, &["type", "phone_number", "preferred_authentication_method"])?;
            method["phone_number"] = json!(body.req_str("phone_number")?);
            method["preferred_authentication_method"] =
                json!(body.opt_str("preferred_authentication_method")?.unwrap_or("sms"));
        }
        "totp" => {
            only_fields(&body, &["type"])?;
            let secret = ids::alnum(32).to_ascii_uppercase();
            answer["barcode_uri"] = json!(format!("otpauth://totp/local:{}?secret={secret}", caller.user_id));
            answer["manual_input_code"] = json!(secret);
        }
        other => {
            return Err(ApiError::invalid_body(format!(
                "the local tenant enrolls email, phone and totp, not `{other}`"
            )));
        }
    }
    state
        .store()
        .me_authentication_methods
        .entry(caller.user_id)
        .or_default()
        .push(method);
    with_status(StatusCode::ACCEPTED, answer)
}

async fn read(State(state): State<Shared>, caller: MeCaller, Path(id): Path<String>) -> ApiResult {
    caller.claims.require(&["read:me:authentication_methods"])?;
    let store = state.store();
    let methods = store.me_authentication_methods.get(&caller.user_id);
    let found = methods.and_then(|m| crate::store::find(m, "id", &id)).cloned();
    found.map_or_else(|| Err(unknown_method()), ok)
}

async fn update(
    State(state): State<Shared>,
    caller: MeCaller,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> ApiResult {
    caller.claims.require(&["update:me:authentication_methods"])?;
    only_fields(&body, &["name", "preferred_authentication_method"])?;
    let mut store = state.store();
    let method = store
        .me_authentication_methods
        .get_mut(&caller.user_id)
        .and_then(|m| crate::store::find_mut(m, "id", &id))
        .ok_or_else(unknown_method)?;
    if let Value::Object(target) = method {
        merge(target, &body);
    }
    ok(method.clone())
}

async fn delete(State(state): State<Shared>, caller: MeCaller, Path(id): Path<String>) -> ApiResult {
    caller.claims.require(&["delete:me:authentication_methods"])?;
    let mut store = state.store();
    let removed = store
        .me_authentication_methods
        .get_mut(&caller.user_id)
        .is_some_and(|m| crate::store::remove(m, "id", &id));
    if !removed {
        return Err(unknown_method());
    }
    empty(StatusCode::NO_CONTENT)
}

/// The organizations the user belongs to, checkpoint-paged.
async fn organizations(State(state): State<Shared>, caller: MeCaller, q: QueryMap) -> ApiResult {
    caller.claims.require(&["read:me:organizations"])?;
    let store = state.store();
    let items = store
        .organizations
        .iter()
        .filter(|o| {
            o["id"]
                .as_str()
                .is_some_and(|id| store.org_members.get(id).is_some_and(|m| m.contains(&caller.user_id)))
        })
        .map(|o| {
            let mut out = json!({"id": o["id"], "name": o["name"]});
            if let Some(v) = o.get("display_name").filter(|v| !v.is_null()) {
                out["display_name"] = v.clone();
            }
            out
        })
        .collect();
    ok(checkpoint_page(&q, "organizations", items)?)
}
