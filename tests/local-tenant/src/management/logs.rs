//! `/logs`, `/logs/{id}` and `/users/{id}/logs`.
//!
//! Offset paging lists newest first. Checkpoint paging (`from` = a log id, `take`) lists the
//! entries after `from` in ascending order, as a bare array (the spec's shape for it).

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use serde_json::Value;

use super::auth::Caller;
use super::{ApiResult, ok};
use crate::errors::ApiError;
use crate::extract::QueryMap;
use crate::paging::{ListShape, Paging, project};
use crate::search;
use crate::state::Shared;
use crate::store::find;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/logs", get(list))
        .route("/logs/{id}", get(read))
        .route("/users/{id}/logs", get(user_logs))
}

const READ: &[&str] = &["read:logs", "read:logs_users"];

async fn list(State(state): State<Shared>, caller: Caller, q: QueryMap) -> ApiResult {
    caller.require(READ)?;
    let query = match q.str("q").or_else(|| q.str("search")) {
        Some(text) => Some(
            search::parse(text)
                .map_err(|why| ApiError::bad_request(format!("Invalid query: {why}"), "invalid_query_string"))?,
        ),
        None => None,
    };
    let logs: Vec<Value> = state
        .store()
        .logs
        .iter()
        .filter(|l| query.as_ref().is_none_or(|qq| qq.matches(l)))
        .cloned()
        .collect();
    if q.str("from").is_some() || q.str("take").is_some() {
        let take = q.u64("take")?.unwrap_or(50).min(100) as usize;
        let start = match q.str("from") {
            Some(from) => logs
                .iter()
                .position(|l| l["log_id"].as_str().is_some_and(|id| id > from))
                .unwrap_or(logs.len()),
            None => 0,
        };
        let page = logs
            .into_iter()
            .skip(start)
            .take(take)
            .map(|l| project(l, &q))
            .collect::<Result<Vec<_>, _>>()?;
        return ok(Value::Array(page));
    }
    let shape = ListShape::offset("logs").with_length();
    let paging = Paging::parse(&q, &shape)?;
    let newest_first = logs
        .into_iter()
        .rev()
        .map(|l| project(l, &q))
        .collect::<Result<Vec<_>, _>>()?;
    ok(paging.respond(newest_first, &shape))
}

async fn read(State(state): State<Shared>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    caller.require(READ)?;
    let store = state.store();
    ok(find(&store.logs, "log_id", &id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("Log not found", "inexistent_log"))?)
}

async fn user_logs(State(state): State<Shared>, caller: Caller, Path(id): Path<String>, q: QueryMap) -> ApiResult {
    caller.require(READ)?;
    let shape = ListShape::offset("logs").with_length();
    let paging = Paging::parse(&q, &shape)?;
    let store = state.store();
    let logs = store
        .logs
        .iter()
        .rev()
        .filter(|l| l["user_id"].as_str() == Some(&id))
        .cloned()
        .collect();
    ok(paging.respond(logs, &shape))
}
