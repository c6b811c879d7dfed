//! Keeping the session's access token fresh with its refresh token.

use secrecy::{ExposeSecret, SecretString};
use tower_sessions::Session;

use super::config::WebAuth;
use super::current::save_login;
use super::error::WebAuthError;
use super::session_data::{StoredLogin, unix_now};

/// Whether the access token expires within the leeway.
pub(crate) fn needs_refresh(web: &WebAuth, login: &StoredLogin) -> bool {
    login
        .expires_at
        .is_some_and(|at| unix_now().saturating_add(web.inner.refresh_leeway.as_secs()) >= at)
}

/// Gets new tokens with the refresh token and stores them in the session. A rotated refresh
/// token replaces the old one; a new ID token (same user) replaces the claims.
pub(crate) async fn refresh(
    web: &WebAuth,
    session: &Session,
    mut login: StoredLogin,
) -> Result<StoredLogin, WebAuthError> {
    let Some(refresh_token) = login.refresh_token.clone() else {
        return Ok(login);
    };
    let mut request = web.authentication().refresh_token(&SecretString::from(refresh_token));
    if let Some(org) = &login.organization {
        request = request.expect_organization(org);
    }
    let tokens = request.send().await.map_err(WebAuthError::Refresh)?;
    let now = unix_now();
    login.access_token = tokens.access_token.expose_secret().to_owned();
    login.expires_at = tokens.expires_in.map(|s| now.saturating_add(s));
    if tokens.scope.is_some() {
        login.scope = tokens.scope;
    }
    if let Some(rotated) = tokens.refresh_token {
        login.refresh_token = Some(rotated.expose_secret().to_owned());
    }
    if let (Some(id_token), Some(claims)) = (tokens.id_token, tokens.id_token_claims) {
        if claims.sub == login.sub {
            login.id_token = id_token.expose_secret().to_owned();
            // The session keeps the `sid` it signed in with: back-channel logout names that one.
            login.claims = claims.all;
        }
    }
    save_login(session, &login).await?;
    Ok(login)
}
