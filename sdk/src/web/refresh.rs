//! Keeping the session's access token fresh with its refresh token.
//!
//! A page often fires several requests at once, and each would find the access token due for
//! refresh. With refresh-token rotation, Auth0 treats a second use of the same refresh token as
//! theft and revokes the whole family, so refreshes of one token are serialized: the first
//! refreshes, the others find its result in the session store and use that. Within a process
//! a striped lock does it; across the processes of a fleet, the lock of the authentication
//! client's token cache (a `RedisTokenCache` shared by the fleet, for instance).

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use tower_sessions::{Session, SessionStore};

use super::config::WebAuth;
use super::current::save_login;
use super::error::WebAuthError;
use super::session_data::{SESSION_KEY, StoredLogin, unix_now};
use crate::runtime::token_cache::{SharedLock, TokenKey};

/// Whether the access token expires within the leeway.
pub(crate) fn needs_refresh(web: &WebAuth, login: &StoredLogin) -> bool {
    login
        .expires_at
        .is_some_and(|at| unix_now().saturating_add(web.inner.refresh_leeway.as_secs()) >= at)
}

/// Gets new tokens with the refresh token and stores them in the session. A rotated refresh
/// token replaces the old one; a new ID token (same user) replaces the claims.
pub(crate) async fn refresh(web: &WebAuth, session: &Session, login: StoredLogin) -> Result<StoredLogin, WebAuthError> {
    let Some(refresh_token) = login.refresh_token.clone() else {
        return Ok(login);
    };
    let _turn = web.inner.refresh_locks.stripe(&refresh_token).lock().await;
    let fleet_lock = fleet_lock(web, &refresh_token).await;
    let result = refresh_locked(web, session, login, refresh_token).await;
    if let Some(lock) = fleet_lock {
        lock.release().await;
    }
    result
}

/// How long a fleet-wide refresh lock is held at most (a holder that dies frees it then).
const FLEET_LOCK_HOLD: Duration = Duration::from_secs(10);
/// How long a request waits for another process's refresh before refreshing itself.
const FLEET_LOCK_WAIT: Duration = Duration::from_secs(12);

/// The token cache's lock for this refresh token, named by its hash (the store never sees
/// the token).
async fn fleet_lock(web: &WebAuth, refresh_token: &str) -> Option<SharedLock> {
    let auth = web.authentication();
    let config = auth.core.transport().config();
    let digest: String = Sha256::digest(refresh_token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let key = TokenKey::new(
        auth.core.issuer(),
        auth.core.auth().client_id.clone(),
        format!("refresh-token:{digest}"),
    );
    SharedLock::acquire(config, key, FLEET_LOCK_HOLD, FLEET_LOCK_WAIT).await
}

async fn refresh_locked(
    web: &WebAuth,
    session: &Session,
    mut login: StoredLogin,
    refresh_token: String,
) -> Result<StoredLogin, WebAuthError> {
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
