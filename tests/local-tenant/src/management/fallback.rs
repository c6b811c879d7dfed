//! Answers `/api/v2` requests no stateful handler took: from the configured fallback table,
//! else Auth0's 404.

use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::auth::Caller;
use crate::errors::ApiError;
use crate::state::Shared;

pub(crate) async fn handle(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    caller: Result<Caller, ApiError>,
) -> Response {
    // Nested routers see the path with `/api/v2` already stripped; strip it again in case.
    let path = uri.path();
    let path = path.strip_prefix("/api/v2").unwrap_or(path);
    let Some(hit) = state.config.fallback.respond(&method, path) else {
        return not_found();
    };
    let caller = match caller {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    if !hit.scopes.is_empty() {
        let scopes: Vec<&str> = hit.scopes.iter().map(String::as_str).collect();
        if let Err(e) = caller.require(&scopes) {
            return e.into_response();
        }
    }
    let status = StatusCode::from_u16(hit.status).unwrap_or(StatusCode::OK);
    match hit.body {
        Some(body) => (status, Json(body)).into_response(),
        None => status.into_response(),
    }
}

/// Auth0's 404 for a path it does not serve.
pub(crate) fn not_found() -> Response {
    ApiError::new(StatusCode::NOT_FOUND, "Not Found", None).into_response()
}
