//! `POST /jobs/verification-email` and `GET /jobs/{id}`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde_json::json;

use super::auth::Caller;
use super::{ApiResult, ok, with_status};
use crate::errors::ApiError;
use crate::extract::{BodyExt, JsonObject};
use crate::ids;
use crate::state::Shared;
use crate::store::find_mut;
use crate::time::iso_now;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/jobs/verification-email", post(verification_email))
        .route("/jobs/{id}", get(read))
}

async fn verification_email(State(state): State<Shared>, caller: Caller, JsonObject(body): JsonObject) -> ApiResult {
    caller.require(&["update:users"])?;
    let user_id = body.req_str("user_id")?;
    let mut store = state.store();
    store.user(user_id).ok_or_else(ApiError::unknown_user)?;
    let job = json!({
        "status": "pending",
        "type": "verification_email",
        "created_at": iso_now(),
        "id": format!("job_{}", ids::alnum(16)),
    });
    store.jobs.push(job.clone());
    with_status(StatusCode::CREATED, job)
}

async fn read(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(&["create:users", "read:users"])?;
    let mut store = state.store();
    let job = find_mut(&mut store.jobs, "id", &id)
        .ok_or_else(|| ApiError::not_found("The job does not exist", "inexistent_job"))?;
    // Jobs finish instantly here; a first read already sees them completed.
    job["status"] = json!("completed");
    ok(job.clone())
}
