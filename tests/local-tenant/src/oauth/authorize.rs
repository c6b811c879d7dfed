//! `GET /authorize`: a login page-less sign-in. The user named by `login_hint` (email or user id;
//! the first user when absent) is signed in at once and redirected back with a code.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::errors::OAuthError;
use crate::extract::QueryMap;
use crate::ids;
use crate::state::Shared;
use crate::store::AuthCode;
use crate::time::unix_now;

/// Codes expire quickly, as Auth0's do.
const CODE_LIFETIME_SECS: u64 = 600;

pub(crate) async fn authorize(State(state): State<Shared>, QueryMap(q): QueryMap) -> Response {
    let get = |k: &str| q.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let Some(client_id) = get("client_id") else {
        return OAuthError::invalid_request("Missing required parameter: client_id").into_response();
    };
    let Some(redirect_uri) = get("redirect_uri") else {
        return OAuthError::invalid_request("Missing required parameter: redirect_uri").into_response();
    };
    let mut store = state.store();
    let Some(client) = store.client(client_id) else {
        return OAuthError::invalid_request(format!("Unknown client: {client_id}")).into_response();
    };
    let callbacks: Vec<&str> = client["callbacks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if !callbacks.is_empty() && !callbacks.contains(&redirect_uri) {
        return OAuthError::invalid_request(format!(
            "Callback URL mismatch. {redirect_uri} is not in the list of allowed callback URLs"
        ))
        .into_response();
    }
    let state_param = get("state");
    // From here on, errors go back to the client through the redirect, as OAuth requires.
    let fail = |error: &str, description: &str| {
        let mut url = redirect_with(redirect_uri, &[("error", error), ("error_description", description)]);
        if let Some(s) = state_param {
            url = redirect_with(&url, &[("state", s)]);
        }
        redirect(&url)
    };
    if get("response_type") != Some("code") {
        return fail("unsupported_response_type", "Only response_type=code is supported");
    }
    let user = match get("login_hint") {
        Some(hint) => store.users.iter().find(|u| {
            u["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(hint)) || u["user_id"].as_str() == Some(hint)
        }),
        None => store.users.first(),
    };
    let Some(user_id) = user.and_then(|u| u["user_id"].as_str()).map(str::to_owned) else {
        return fail("access_denied", "No user matches login_hint");
    };
    if user.and_then(|u| u["blocked"].as_bool()) == Some(true) {
        return fail("unauthorized", "user is blocked");
    }
    let org_id = match get("organization") {
        None => None,
        Some(org) => {
            let found = store
                .organizations
                .iter()
                .find(|o| o["id"].as_str() == Some(org) || o["name"].as_str() == Some(org))
                .and_then(|o| o["id"].as_str())
                .map(str::to_owned);
            let member = found
                .as_ref()
                .is_some_and(|id| store.org_members.get(id).is_some_and(|m| m.contains(&user_id)));
            if !member {
                return fail("access_denied", "user is not a member of the organization");
            }
            found
        }
    };
    let method = get("code_challenge_method").unwrap_or("plain");
    if get("code_challenge").is_some() && !matches!(method, "S256" | "plain") {
        return fail("invalid_request", "code_challenge_method must be S256 or plain");
    }
    let code = ids::alnum(32);
    store.auth_codes.insert(
        code.clone(),
        AuthCode {
            client_id: client_id.to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            user_id: user_id.clone(),
            scope: get("scope").unwrap_or("openid").to_owned(),
            audience: get("audience").map(str::to_owned),
            nonce: get("nonce").map(str::to_owned),
            code_challenge: get("code_challenge").map(str::to_owned),
            code_challenge_method: get("code_challenge").map(|_| method.to_owned()),
            org_id,
            expires_unix: unix_now() + CODE_LIFETIME_SECS,
        },
    );
    crate::oauth::token::record_login(&mut store, &user_id);
    store.log("s", "Success Login", Some(client_id), Some(&user_id));
    let mut pairs = vec![("code", code.as_str())];
    if let Some(s) = state_param {
        pairs.push(("state", s));
    }
    redirect(&redirect_with(redirect_uri, &pairs))
}

/// Appends query parameters to a URL that may already have some.
fn redirect_with(base: &str, pairs: &[(&str, &str)]) -> String {
    let encoded: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{encoded}")
}

fn redirect(location: &str) -> Response {
    (StatusCode::FOUND, [(LOCATION, location.to_owned())]).into_response()
}
