//! `/.well-known/jwks.json` and `/.well-known/openid-configuration`.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::state::Shared;

pub(crate) async fn jwks(State(state): State<Shared>) -> Json<Value> {
    Json(state.key.jwks())
}

pub(crate) async fn openid_configuration(State(state): State<Shared>) -> Json<Value> {
    let issuer = state.issuer();
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}authorize"),
        "token_endpoint": format!("{issuer}oauth/token"),
        "userinfo_endpoint": format!("{issuer}userinfo"),
        "jwks_uri": format!("{issuer}.well-known/jwks.json"),
        "scopes_supported": ["openid", "profile", "email", "offline_access", "address", "phone"],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "PS256"],
        "grant_types_supported": [
            "authorization_code", "client_credentials", "password", "refresh_token",
            "http://auth0.com/oauth/grant-type/password-realm"
        ],
        "claims_supported": [
            "aud", "auth_time", "created_at", "email", "email_verified", "exp", "family_name",
            "given_name", "iat", "identities", "iss", "name", "nickname", "phone_number",
            "picture", "sub"
        ],
        "request_uri_parameter_supported": false,
    }))
}
