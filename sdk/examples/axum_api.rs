//! An API protected by Auth0 access tokens.
//!
//! ```text
//! AUTH0_DOMAIN=example.eu.auth0.com AUTH0_AUDIENCE=https://api.example.com \
//!     cargo run -p auth0-sdk --features axum --example axum_api
//! curl localhost:3010/api/public
//! curl -H "Authorization: Bearer $TOKEN" localhost:3010/api/private
//! curl -H "Authorization: Bearer $TOKEN" localhost:3010/api/messages   # needs read:messages
//! ```

use auth0_sdk::jwt::JwtVerifier;
use auth0_sdk::jwt::axum::{Authorized, BearerToken, Requirement};
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Deserialize;

/// The claims this API reads besides the standard ones.
#[derive(Debug, Deserialize)]
struct ApiClaims {
    /// A custom claim added by an Auth0 Action (namespaced, as Auth0 requires).
    #[serde(rename = "https://example.com/plan", default)]
    plan: Option<String>,
}

/// `GET /api/messages` needs the `read:messages` scope.
struct ReadMessages;
impl Requirement for ReadMessages {
    const SCOPES: &'static [&'static str] = &["read:messages"];
}

/// `DELETE /api/messages` needs the `delete:messages` RBAC permission.
struct DeleteMessages;
impl Requirement for DeleteMessages {
    const PERMISSIONS: &'static [&'static str] = &["delete:messages"];
}

async fn public() -> &'static str {
    "anyone can read this\n"
}

async fn private(token: BearerToken<ApiClaims>) -> String {
    format!(
        "hello {} (plan {:?}, scopes: {})\n",
        token.subject().unwrap_or("?"),
        token.custom.plan,
        token.scopes().collect::<Vec<_>>().join(" ")
    )
}

async fn messages(_auth: Authorized<ReadMessages>) -> &'static str {
    "[\"hi\"]\n"
}

async fn delete_messages(_auth: Authorized<DeleteMessages>) -> impl IntoResponse {
    StatusCode::NO_CONTENT
}

/// A scope checked inside the handler instead of with a type.
async fn admin(token: BearerToken) -> Result<&'static str, auth0_sdk::jwt::InsufficientScope> {
    token.require_scopes(&["admin"])?;
    Ok("admin area\n")
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let domain = std::env::var("AUTH0_DOMAIN").unwrap_or_else(|_| "example.eu.auth0.com".into());
    let audience = std::env::var("AUTH0_AUDIENCE").unwrap_or_else(|_| "https://api.example.com".into());
    let verifier = JwtVerifier::builder()
        .auth0_domain(&domain)
        .audience(audience)
        .build()?;
    let app = Router::new()
        .route("/api/public", get(public))
        .route("/api/private", get(private))
        .route("/api/messages", get(messages).delete(delete_messages))
        .route("/api/admin", get(admin))
        .with_state(verifier);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3010").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
