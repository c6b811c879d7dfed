//! `POST /oauth/token`: client credentials, password(-realm), authorization code, refresh token.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::config::DEFAULT_CONNECTION;
use crate::errors::OAuthError;
use crate::oauth::client_auth::{self, Client};
use crate::oauth::issue::{self, UserGrant};
use crate::oauth::params::Params;
use crate::state::{AppState, Shared};
use crate::store::{MAX_FAILED_LOGINS, Store, user_connection};
use crate::time::{iso_now, unix_now};

const PASSWORD_REALM: &str = "http://auth0.com/oauth/grant-type/password-realm";

pub(crate) async fn token(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    match handle(&state, &headers, &body) {
        Ok(v) => (StatusCode::OK, [("cache-control", "no-store")], Json(v)).into_response(),
        Err(e) => e.into_response(),
    }
}

fn handle(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Value, OAuthError> {
    let params = Params::parse(headers, body)?;
    let grant_type = params.require("grant_type")?.to_owned();
    let mut store = state.store();
    let client = client_auth::authenticate(state, &mut store, headers, &params)?;
    let result = match grant_type.as_str() {
        "client_credentials" => client_credentials(state, &mut store, &client, &params),
        "password" | PASSWORD_REALM => password(state, &mut store, &client, &params, &grant_type),
        "authorization_code" => authorization_code(state, &mut store, &client, &params),
        "refresh_token" => refresh_token(state, &mut store, &client, &params),
        other => Err(OAuthError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!("Unsupported grant type: {other}"),
        )),
    };
    if let Err(e) = &result {
        store.log("feccft", &e.description, Some(&client.client_id), None);
    }
    result
}

fn client_credentials(
    state: &AppState,
    store: &mut Store,
    client: &Client,
    params: &Params,
) -> Result<Value, OAuthError> {
    if client.method == client_auth::Method::None {
        return Err(OAuthError::unauthorized_client());
    }
    let audience = params.get("audience").unwrap_or(&state.config.audience).to_owned();
    let canonical = state.canonical_audience(&audience).to_owned();
    if store.resource_server(&canonical).is_none() {
        return Err(OAuthError::access_denied(format!(
            "Service not enabled within domain: {audience}"
        )));
    }
    let grant = store
        .client_grants
        .iter()
        .find(|g| g["client_id"] == json!(client.client_id) && g["audience"].as_str() == Some(&canonical))
        .ok_or_else(|| {
            OAuthError::access_denied(format!(
                "Client is not authorized to access \"{audience}\". You need to create a \"client-grant\" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants"
            ))
        })?;
    let allowed: Vec<&str> = grant["scope"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let scope = match params.get("scope") {
        None => allowed.join(" "),
        Some(requested) => {
            let missing: Vec<&str> = requested.split_whitespace().filter(|s| !allowed.contains(s)).collect();
            if !missing.is_empty() {
                return Err(OAuthError::access_denied(format!(
                    "Client has not been granted scopes: {}",
                    missing.join(", ")
                )));
            }
            requested.split_whitespace().collect::<Vec<_>>().join(" ")
        }
    };
    let org_id = organization(store, params.get("organization"), None)?;
    let token = issue::machine_token(state, store, &client.client_id, &audience, &scope, org_id.as_deref());
    store.log(
        "seccft",
        "Client Credentials for Access Token",
        Some(&client.client_id),
        None,
    );
    Ok(json!({
        "access_token": token,
        "scope": scope,
        "expires_in": state.config.token_lifetime.as_secs(),
        "token_type": "Bearer",
    }))
}

/// Resolves an `organization` parameter (id or name); with `member`, the user must belong to it.
fn organization(store: &Store, org: Option<&str>, member: Option<&str>) -> Result<Option<String>, OAuthError> {
    let Some(org) = org else { return Ok(None) };
    let found = store
        .organizations
        .iter()
        .find(|o| o["id"].as_str() == Some(org) || o["name"].as_str() == Some(org))
        .and_then(|o| o["id"].as_str())
        .ok_or_else(|| OAuthError::invalid_request(format!("Organization \"{org}\" does not exist")))?;
    if let Some(user_id) = member {
        let is_member = store
            .org_members
            .get(found)
            .is_some_and(|m| m.iter().any(|u| u == user_id));
        if !is_member {
            return Err(OAuthError::access_denied(format!(
                "User is not a member of the organization \"{org}\""
            )));
        }
    }
    Ok(Some(found.to_owned()))
}

fn password(
    state: &AppState,
    store: &mut Store,
    client: &Client,
    params: &Params,
    grant_type: &str,
) -> Result<Value, OAuthError> {
    client.require_authenticated()?;
    let username = params.require("username")?;
    let password = params.require("password")?;
    let realm = if grant_type == PASSWORD_REALM {
        params.require("realm")?
    } else {
        DEFAULT_CONNECTION
    };
    if store.connection_by_name(realm).is_none() {
        return Err(OAuthError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!("connection {realm} does not exist"),
        ));
    }
    let wrong = || OAuthError::invalid_grant("Wrong email or password.");
    let user = store
        .users
        .iter()
        .find(|u| {
            user_connection(u) == Some(realm)
                && (u["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(username))
                    || u["username"].as_str() == Some(username))
        })
        .cloned()
        .ok_or_else(wrong)?;
    let user_id = user["user_id"].as_str().unwrap_or_default().to_owned();
    if store.blocks.get(&user_id).is_some_and(|b| !b.is_empty()) {
        return Err(OAuthError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it.",
        ));
    }
    if user["blocked"].as_bool() == Some(true) {
        return Err(OAuthError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "user is blocked",
        ));
    }
    if store.passwords.get(&user_id).map(String::as_str) != Some(password) {
        let failures = store.failed_logins.entry(user_id.clone()).or_default();
        *failures += 1;
        if *failures >= MAX_FAILED_LOGINS {
            store.blocks.entry(user_id.clone()).or_default().push(json!({
                "identifier": username,
                "ip": "127.0.0.1",
                "connection": realm,
            }));
        }
        store.log(
            "fp",
            "Wrong email or password.",
            Some(&client.client_id),
            Some(&user_id),
        );
        return Err(wrong());
    }
    store.failed_logins.remove(&user_id);
    record_login(store, &user_id);
    let org_id = organization(store, params.get("organization"), Some(&user_id))?;
    let response = issue::user_tokens(
        state,
        store,
        UserGrant {
            client_id: &client.client_id,
            user_id: &user_id,
            audience: params.get("audience"),
            scope: params.get("scope").unwrap_or(""),
            nonce: params.get("nonce"),
            org_id: org_id.as_deref(),
            gty: Some("password"),
            issue_refresh: true,
        },
    )?;
    store.log(
        "sepft",
        "Password for Access Token",
        Some(&client.client_id),
        Some(&user_id),
    );
    Ok(response)
}

/// Updates `logins_count`, `last_login` and `last_ip` after a successful sign-in.
pub(crate) fn record_login(store: &mut Store, user_id: &str) {
    if let Some(u) = crate::store::find_mut(&mut store.users, "user_id", user_id) {
        let count = u["logins_count"].as_u64().unwrap_or(0) + 1;
        u["logins_count"] = json!(count);
        u["last_login"] = json!(iso_now());
        u["last_ip"] = json!("127.0.0.1");
    }
}

fn authorization_code(
    state: &AppState,
    store: &mut Store,
    client: &Client,
    params: &Params,
) -> Result<Value, OAuthError> {
    let code = params.require("code")?;
    let invalid = || OAuthError::invalid_grant("Invalid authorization code");
    // Codes are single-use: removed whether or not the exchange succeeds.
    let entry = store.auth_codes.remove(code).ok_or_else(invalid)?;
    if entry.client_id != client.client_id || entry.expires_unix < unix_now() {
        return Err(invalid());
    }
    if params.get("redirect_uri").is_some_and(|r| r != entry.redirect_uri) {
        return Err(OAuthError::invalid_grant(
            "The redirect_uri MUST match the registered callback URL for this application.",
        ));
    }
    match &entry.code_challenge {
        Some(challenge) => {
            let verifier = params
                .get("code_verifier")
                .ok_or_else(|| OAuthError::invalid_grant("Failed to verify code verifier"))?;
            let computed = match entry.code_challenge_method.as_deref() {
                Some("plain") => verifier.to_owned(),
                _ => URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
            };
            if &computed != challenge {
                return Err(OAuthError::invalid_grant("Failed to verify code verifier"));
            }
        }
        None => client.require_authenticated()?,
    }
    let response = issue::user_tokens(
        state,
        store,
        UserGrant {
            client_id: &client.client_id,
            user_id: &entry.user_id,
            audience: entry.audience.as_deref(),
            scope: &entry.scope,
            nonce: entry.nonce.as_deref(),
            org_id: entry.org_id.as_deref(),
            gty: None,
            issue_refresh: true,
        },
    )?;
    store.log(
        "seacft",
        "Authorization Code for Access Token",
        Some(&client.client_id),
        Some(&entry.user_id),
    );
    Ok(response)
}

fn refresh_token(state: &AppState, store: &mut Store, client: &Client, params: &Params) -> Result<Value, OAuthError> {
    client.require_authenticated()?;
    let token = params.require("refresh_token")?;
    let invalid = || OAuthError::invalid_grant("Unknown or invalid refresh token.");
    let grant = store.refresh_tokens.get(token).cloned().ok_or_else(invalid)?;
    if grant.client_id != client.client_id {
        return Err(invalid());
    }
    // A narrower scope may be requested; never a wider one.
    let scope = match params.get("scope") {
        Some(s) => s
            .split_whitespace()
            .filter(|x| grant.scope.split_whitespace().any(|g| g == *x))
            .collect::<Vec<_>>()
            .join(" "),
        None => grant.scope.clone(),
    };
    let response = issue::user_tokens(
        state,
        store,
        UserGrant {
            client_id: &client.client_id,
            user_id: &grant.user_id,
            audience: grant.audience.as_deref(),
            scope: &scope,
            nonce: None,
            org_id: grant.org_id.as_deref(),
            gty: Some("refresh_token"),
            issue_refresh: false,
        },
    )?;
    store.log(
        "sertft",
        "Refresh Token for Access Token",
        Some(&client.client_id),
        Some(&grant.user_id),
    );
    Ok(response)
}
