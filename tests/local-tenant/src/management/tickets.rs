//! `/tickets/password-change` and `/tickets/email-verification`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::json;

use super::auth::Caller;
use super::{ApiResult, with_status};
use crate::errors::ApiError;
use crate::extract::{BodyExt, JsonObject};
use crate::ids;
use crate::state::Shared;
use crate::store::find;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/tickets/password-change", post(password_change))
        .route("/tickets/email-verification", post(email_verification))
}

async fn password_change(State(state): State<Shared>, caller: Caller, JsonObject(body): JsonObject) -> ApiResult {
    caller.require(&["create:user_tickets"])?;
    let store = state.store();
    match (body.opt_str("user_id")?, body.opt_str("email")?) {
        (Some(user_id), _) => {
            store.user(user_id).ok_or_else(ApiError::unknown_user)?;
        }
        (None, Some(email)) => {
            let connection_id = body.req_str("connection_id")?;
            let name = find(&store.connections, "id", connection_id)
                .and_then(|c| c["name"].as_str())
                .ok_or_else(|| ApiError::not_found("The connection does not exist", "inexistent_connection"))?;
            store
                .user_by_email(email, Some(name))
                .ok_or_else(ApiError::unknown_user)?;
        }
        (None, None) => {
            return Err(ApiError::invalid_body("Missing required property: user_id or email"));
        }
    }
    let ticket = format!("{}/lo/reset?ticket={}#", state.base_url, ids::alnum(32));
    with_status(StatusCode::CREATED, json!({"ticket": ticket}))
}

async fn email_verification(State(state): State<Shared>, caller: Caller, JsonObject(body): JsonObject) -> ApiResult {
    caller.require(&["create:user_tickets"])?;
    let user_id = body.req_str("user_id")?;
    state.store().user(user_id).ok_or_else(ApiError::unknown_user)?;
    let ticket = format!("{}/u/email-verification?ticket={}#", state.base_url, ids::alnum(32));
    with_status(StatusCode::CREATED, json!({"ticket": ticket}))
}
