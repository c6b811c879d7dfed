//! `/v2/logout` and `/oidc/logout` (RP-initiated logout). The tenant keeps no browser session
//! of its own (every `/authorize` signs in afresh), so logging out only sends the browser back:
//! to `returnTo` / `post_logout_redirect_uri` when it is allowed for the client — a URL with the
//! origin of one of its callbacks (or any URL for a client without callbacks) — or to a page
//! saying the user is logged out.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::authorize::{redirect, redirect_with};
use crate::errors::OAuthError;
use crate::extract::QueryMap;
use crate::state::Shared;
use crate::store::Store;

/// `GET /v2/logout?client_id=…&returnTo=…`.
pub(crate) async fn v2_logout(State(state): State<Shared>, q: QueryMap) -> Response {
    let mut store = state.store();
    finish(&mut store, q.str("client_id"), q.str("returnTo"), None)
}

/// `GET /oidc/logout?client_id=…&post_logout_redirect_uri=…&state=…`.
pub(crate) async fn oidc_logout(State(state): State<Shared>, q: QueryMap) -> Response {
    let mut store = state.store();
    finish(
        &mut store,
        q.str("client_id"),
        q.str("post_logout_redirect_uri"),
        q.str("state"),
    )
}

fn finish(store: &mut Store, client_id: Option<&str>, return_to: Option<&str>, state: Option<&str>) -> Response {
    store.log("slo", "Successful Logout", client_id, None);
    let Some(return_to) = return_to else {
        return (
            StatusCode::OK,
            [(CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><title>Logged out</title><p>You are logged out.</p>",
        )
            .into_response();
    };
    let Some(client) = client_id.and_then(|id| store.client(id)) else {
        return OAuthError::invalid_request("a return URL needs a known client_id").into_response();
    };
    if !allowed(client, return_to) {
        return OAuthError::invalid_request(format!(
            "The \"returnTo\" querystring parameter \"{return_to}\" is not defined as a valid URL in \"Allowed Logout URLs\"."
        ))
        .into_response();
    }
    match state {
        Some(s) => redirect(&redirect_with(return_to, &[("state", s)])),
        None => redirect(return_to),
    }
}

fn allowed(client: &Value, return_to: &str) -> bool {
    let origin = |u: &str| url::Url::parse(u).ok().map(|u| u.origin());
    let callbacks: Vec<&str> = client["callbacks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let Some(target) = origin(return_to).filter(|o| o.is_tuple()) else {
        return false;
    };
    callbacks.is_empty() || callbacks.iter().any(|c| origin(c).as_ref() == Some(&target))
}
