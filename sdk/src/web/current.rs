//! The signed-in login of the current session, if it is still valid.

use tower_sessions::Session;

use super::config::WebAuth;
use super::error::WebAuthError;
use super::session_data::{SESSION_KEY, StoredLogin, unix_now};

/// The session's login, unless it has none, outlived the absolute timeout, or a back-channel
/// logout ended it (then the session is deleted too).
pub(crate) async fn current_login(web: &WebAuth, session: &Session) -> Result<Option<StoredLogin>, WebAuthError> {
    let value = session.get_value(SESSION_KEY).await.map_err(WebAuthError::session)?;
    // A login that no longer parses (written by another version) counts as signed out.
    let Some(login) = value.and_then(|v| serde_json::from_value::<StoredLogin>(v).ok()) else {
        return Ok(None);
    };
    let expired = unix_now() >= login.signed_in_at.saturating_add(web.inner.absolute_timeout.as_secs());
    if expired || web.store().is_logged_out(web.issuer(), &login).await? {
        session.flush().await.map_err(WebAuthError::session)?;
        return Ok(None);
    }
    Ok(Some(login))
}

/// Stores `login` in the session.
pub(crate) async fn save_login(session: &Session, login: &StoredLogin) -> Result<(), WebAuthError> {
    session.insert(SESSION_KEY, login).await.map_err(WebAuthError::session)
}
