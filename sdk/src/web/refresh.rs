//! Keeping the session's access token fresh with its refresh token.
//!
//! A page often fires several requests at once, and each would find the access token due for
//! refresh. With refresh-token rotation, Auth0 treats a second use of the same refresh token as
//! theft and revokes the whole family, so refreshes of one token are serialized: the first
//! refreshes, the others find its result in the session store and use that.

use std::hash::BuildHasher;
use std::sync::LazyLock;

use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;
use tower_sessions::{Session, SessionStore};

use super::config::WebAuth;
use super::current::save_login;
use super::error::WebAuthError;
use super::session_data::{SESSION_KEY, StoredLogin, unix_now};

/// Striped locks: bounded memory whatever the number of sessions; two tokens sharing a stripe
/// only wait for each other.
const STRIPES: usize = 64;

static LOCKS: LazyLock<Vec<Mutex<()>>> = LazyLock::new(|| (0..STRIPES).map(|_| Mutex::new(())).collect());
static HASHER: LazyLock<std::collections::hash_map::RandomState> = LazyLock::new(Default::default);

fn stripe(token: &str) -> &'static Mutex<()> {
    &LOCKS[(HASHER.hash_one(token) as usize) % STRIPES]
}

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
    let _turn = stripe(&refresh_token).lock().await;
    // Another request may have refreshed while this one waited: take its tokens.
    if let Some(id) = session.id() {
        let stored = web.store().load(&id).await.map_err(WebAuthError::session)?;
        let latest = stored
            .and_then(|record| record.data.get(SESSION_KEY).cloned())
            .and_then(|value| serde_json::from_value::<StoredLogin>(value).ok());
        if let Some(latest) = latest.filter(|l| l.sub == login.sub && l.access_token != login.access_token) {
            save_login(session, &latest).await?;
            return Ok(latest);
        }
    }
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
    // Written now, not when the response is sent, so requests waiting for the lock see it.
    session.save().await.map_err(WebAuthError::session)?;
    Ok(login)
}
