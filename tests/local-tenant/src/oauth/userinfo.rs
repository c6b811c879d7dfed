//! `GET /userinfo`: the signed-in user's profile for a user access token.

use axum::Json;
use axum::extract::State;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::state::Shared;

pub(crate) async fn userinfo(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let unauthorized = || (StatusCode::UNAUTHORIZED, "Unauthorized").into_response();
    let Some(token) = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return unauthorized();
    };
    let Ok(claims) = crate::tokens::verify(&state, token.trim(), None) else {
        return unauthorized();
    };
    let scopes = crate::tokens::scopes(&claims);
    let Some(sub) = claims["sub"].as_str() else {
        return unauthorized();
    };
    let store = state.store();
    let Some(user) = store.user(sub) else {
        return unauthorized();
    };
    let mut out = Map::new();
    out.insert("sub".into(), json!(sub));
    if scopes.contains(&"profile") {
        for f in ["name", "nickname", "picture", "updated_at", "given_name", "family_name"] {
            if let Some(v) = user.get(f) {
                out.insert(f.into(), v.clone());
            }
        }
    }
    if scopes.contains(&"email") {
        for f in ["email", "email_verified"] {
            if let Some(v) = user.get(f) {
                out.insert(f.into(), v.clone());
            }
        }
    }
    Json(Value::Object(out)).into_response()
}
