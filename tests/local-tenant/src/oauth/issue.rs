//! Minting access tokens, id tokens and refresh tokens with Auth0's claims.

use serde_json::{Map, Value, json};

use crate::errors::OAuthError;
use crate::ids;
use crate::state::AppState;
use crate::store::{RefreshGrant, Store};
use crate::time::unix_now;

/// OIDC scopes: never checked against an API's scopes.
const OIDC_SCOPES: &[&str] = &["openid", "profile", "email", "offline_access", "address", "phone"];

/// Whether the API's tokens carry a `permissions` claim (RBAC with "add permissions").
fn rbac_dialect(store: &Store, audience: &str) -> bool {
    store
        .resource_server(audience)
        .is_some_and(|rs| rs["token_dialect"].as_str() == Some("access_token_authz"))
}

fn base_claims(state: &AppState, sub: &str, aud: Value, client_id: &str, scope: &str) -> Map<String, Value> {
    let now = unix_now();
    let mut claims = Map::new();
    claims.insert("iss".into(), json!(state.issuer()));
    claims.insert("sub".into(), json!(sub));
    claims.insert("aud".into(), aud);
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + state.config.token_lifetime.as_secs()));
    claims.insert("jti".into(), json!(ids::alnum(22)));
    claims.insert("scope".into(), json!(scope));
    claims.insert("azp".into(), json!(client_id));
    claims
}

/// A client-credentials access token (`sub` = `{client_id}@clients`).
pub(crate) fn machine_token(
    state: &AppState,
    store: &Store,
    client_id: &str,
    audience: &str,
    scope: &str,
    org_id: Option<&str>,
) -> String {
    let mut claims = base_claims(
        state,
        &format!("{client_id}@clients"),
        json!(audience),
        client_id,
        scope,
    );
    claims.insert("gty".into(), json!("client-credentials"));
    if let Some(org) = org_id {
        claims.insert("org_id".into(), json!(org));
    }
    if rbac_dialect(store, state.canonical_audience(audience)) {
        claims.insert(
            "permissions".into(),
            json!(scope.split_whitespace().collect::<Vec<_>>()),
        );
    }
    state.key.sign(&Value::Object(claims))
}

/// A user's access token for `audience` with exactly `scope` (no grant checks), for tests.
pub(crate) fn user_access_token(
    state: &AppState,
    client_id: &str,
    user_id: &str,
    audience: &str,
    scope: &str,
) -> String {
    let claims = base_claims(state, user_id, json!(audience), client_id, scope);
    state.key.sign(&Value::Object(claims))
}

/// What a user grant asks for.
pub(crate) struct UserGrant<'a> {
    pub client_id: &'a str,
    pub user_id: &'a str,
    pub audience: Option<&'a str>,
    pub scope: &'a str,
    pub nonce: Option<&'a str>,
    pub org_id: Option<&'a str>,
    /// Auth0's `gty` claim for this grant, if it sets one.
    pub gty: Option<&'static str>,
    /// Whether to issue a refresh token when `offline_access` is granted.
    pub issue_refresh: bool,
}

/// Issues the token response for a signed-in user (password, code or refresh grants).
pub(crate) fn user_tokens(state: &AppState, store: &mut Store, grant: UserGrant<'_>) -> Result<Value, OAuthError> {
    let user = store
        .user(grant.user_id)
        .cloned()
        .ok_or_else(|| OAuthError::invalid_grant("Unknown user"))?;
    let audience = grant.audience.unwrap_or(&state.config.audience).to_owned();
    let rs = store
        .resource_server(state.canonical_audience(&audience))
        .cloned()
        .ok_or_else(|| OAuthError::access_denied(format!("Service not enabled within domain: {audience}")))?;
    let api_scopes: Vec<&str> = rs["scopes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["value"].as_str())
        .collect();
    let enforce = rs["enforce_policies"].as_bool().unwrap_or(false);
    let permissions = store.user_permissions(grant.user_id, rs["identifier"].as_str().unwrap_or(&audience));
    let requested: Vec<&str> = grant.scope.split_whitespace().collect();
    let granted: Vec<&str> = requested
        .iter()
        .copied()
        .filter(|s| {
            OIDC_SCOPES.contains(s) || (api_scopes.contains(s) && (!enforce || permissions.iter().any(|p| p == s)))
        })
        .collect();
    let scope = granted.join(" ");
    let openid = granted.contains(&"openid");
    let userinfo = format!("{}userinfo", state.issuer());
    let aud = if openid {
        json!([audience, userinfo])
    } else {
        json!(audience)
    };
    let mut claims = base_claims(state, grant.user_id, aud, grant.client_id, &scope);
    if let Some(gty) = grant.gty {
        claims.insert("gty".into(), json!(gty));
    }
    if let Some(org) = grant.org_id {
        claims.insert("org_id".into(), json!(org));
    }
    if rs["token_dialect"].as_str() == Some("access_token_authz") {
        claims.insert("permissions".into(), json!(permissions));
    }
    let access_token = state.key.sign(&Value::Object(claims));
    let mut response = json!({
        "access_token": access_token,
        "scope": scope,
        "expires_in": state.config.token_lifetime.as_secs(),
        "token_type": "Bearer",
    });
    if openid {
        response["id_token"] = json!(id_token(state, &user, &granted, &grant));
    }
    if grant.issue_refresh && granted.contains(&"offline_access") {
        let token = ids::alnum(48);
        store.refresh_tokens.insert(
            token.clone(),
            RefreshGrant {
                client_id: grant.client_id.to_owned(),
                user_id: grant.user_id.to_owned(),
                scope: grant.scope.to_owned(),
                audience: grant.audience.map(str::to_owned),
                org_id: grant.org_id.map(str::to_owned),
            },
        );
        response["refresh_token"] = json!(token);
    }
    Ok(response)
}

fn id_token(state: &AppState, user: &Value, granted: &[&str], grant: &UserGrant<'_>) -> String {
    let now = unix_now();
    let mut claims = json!({
        "iss": state.issuer(),
        "sub": grant.user_id,
        "aud": grant.client_id,
        "iat": now,
        "exp": now + state.config.token_lifetime.as_secs(),
        "sid": ids::alnum(32),
    });
    if granted.contains(&"profile") {
        for field in ["name", "nickname", "picture", "updated_at", "given_name", "family_name"] {
            if let Some(v) = user.get(field) {
                claims[field] = v.clone();
            }
        }
    }
    if granted.contains(&"email") {
        for field in ["email", "email_verified"] {
            if let Some(v) = user.get(field) {
                claims[field] = v.clone();
            }
        }
    }
    if let Some(nonce) = grant.nonce {
        claims["nonce"] = json!(nonce);
    }
    if let Some(org) = grant.org_id {
        claims["org_id"] = json!(org);
    }
    state.key.sign(&claims)
}
