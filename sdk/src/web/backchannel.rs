//! OpenID Connect Back-Channel Logout 1.0: Auth0 posts a logout token when a user's session
//! ends elsewhere (logout from another application, a session revoked in the dashboard); the
//! sessions it names end here too.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};

use super::config::WebAuth;
use super::error::WebAuthError;
use super::session_data::unix_now;
use super::store::MarkerKind;

/// `POST {backchannel_logout}` with a form field `logout_token`. `200` once the sessions are
/// marked ended, `400` for a missing or invalid token.
pub(crate) async fn backchannel_logout(
    Extension(web): Extension<WebAuth>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebAuthError> {
    let token = form.get("logout_token").ok_or(WebAuthError::MissingLogoutToken)?;
    let claims = web
        .authentication()
        .id_token_validator()
        .validate_logout_token(token)
        .await?;
    let keep = web.inner.absolute_timeout.as_secs();
    // A `sid` names one session; only `sub` means every session of the user (§2.4).
    let (kind, value) = match (&claims.sid, &claims.sub) {
        (Some(sid), _) => (MarkerKind::Session, sid),
        (None, Some(sub)) => (MarkerKind::User, sub),
        (None, None) => return Err(crate::jwt::LogoutTokenError::NoSubjectOrSession.into()),
    };
    // Sessions that began before the token was issued end; a sign-in after it (the token
    // delayed, or replayed within its short lifetime) keeps its session.
    let logged_out_at = claims.iat.min(unix_now());
    web.store()
        .mark_logged_out(kind, web.issuer(), value, logged_out_at, keep)
        .await?;
    tracing::info!(kind = ?kind, "back-channel logout");
    Ok((StatusCode::OK, [(CACHE_CONTROL, "no-store")]).into_response())
}
