//! The Authentication API: `/oauth/token`, `/authorize` (with a login page), logout, discovery, JWKS and `/userinfo`.

pub(crate) mod authorize;
pub(crate) mod client_auth;
pub(crate) mod discovery;
pub(crate) mod issue;
pub(crate) mod login_page;
pub(crate) mod logout;
pub(crate) mod params;
pub(crate) mod token;
pub(crate) mod userinfo;

use axum::Router;
use axum::routing::{get, post};

use crate::state::Shared;

/// Routes of the Authentication API.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/oauth/token", post(token::token))
        .route(
            "/authorize",
            get(authorize::authorize).post(authorize::authorize_submit),
        )
        .route("/v2/logout", get(logout::v2_logout))
        .route("/oidc/logout", get(logout::oidc_logout))
        .route("/.well-known/jwks.json", get(discovery::jwks))
        .route(
            "/.well-known/openid-configuration",
            get(discovery::openid_configuration),
        )
        .route("/userinfo", get(userinfo::userinfo).post(userinfo::userinfo))
}
