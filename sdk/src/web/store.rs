//! The session store behind web sign-in, and back-channel logout markers kept in it.
//!
//! tower-sessions stores take one session id at a time, with no index by user, so ending
//! "every session of user X" directly is not possible. Instead a logout leaves a *marker*
//! record in the same store, under an id derived from the `sid` or `sub` it names, and every
//! request of a signed-in session checks for markers before trusting the session. Because the
//! markers live in the session store, they reach every server of a fleet sharing a Redis store.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use super::error::WebAuthError;
use super::session_data::StoredLogin;

/// Any [`SessionStore`], shareable: the session layer and the logout markers use the same one.
#[derive(Clone, Debug)]
pub struct SharedStore(Arc<dyn SessionStore>);

impl SharedStore {
    /// Wraps a store.
    pub fn new(store: impl SessionStore) -> Self {
        SharedStore(Arc::new(store))
    }
}

#[async_trait]
impl SessionStore for SharedStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.0.create(record).await
    }
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.0.save(record).await
    }
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.0.load(id).await
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.0.delete(id).await
    }
}

/// The marker record's one field: when the logout happened.
const MARKER_FIELD: &str = "auth0.logged_out_at";

/// What a logout marker names.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MarkerKind {
    /// One Auth0 session (`sid`).
    Session,
    /// Every session of a user (`sub`).
    User,
}

/// The record id of the marker for (`kind`, `issuer`, `value`): a hash, so it cannot be
/// chosen to overwrite a live session and reveals nothing of the value.
fn marker_id(kind: MarkerKind, issuer: &str, value: &str) -> Id {
    let tag = match kind {
        MarkerKind::Session => "sid",
        MarkerKind::User => "sub",
    };
    let digest = Sha256::new()
        .chain_update(b"auth0-sdk web back-channel logout\0")
        .chain_update(tag)
        .chain_update(b"\0")
        .chain_update(issuer)
        .chain_update(b"\0")
        .chain_update(value)
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(bytes))
}

impl SharedStore {
    /// Records that (`kind`, `value`) logged out at `at`; kept for `keep_secs` (the longest a
    /// session can live, after which no session it could end remains).
    pub(crate) async fn mark_logged_out(
        &self,
        kind: MarkerKind,
        issuer: &str,
        value: &str,
        at: u64,
        keep_secs: u64,
    ) -> Result<(), WebAuthError> {
        let id = marker_id(kind, issuer, value);
        let expiry =
            time::OffsetDateTime::now_utc() + time::Duration::seconds(i64::try_from(keep_secs).unwrap_or(i64::MAX / 2));
        let mut record = Record {
            id,
            data: HashMap::from([(MARKER_FIELD.to_owned(), serde_json::json!(at))]),
            expiry_date: expiry,
        };
        // `save` updates an existing record (Redis: SET XX) and `create` makes a new one
        // (Redis: SET NX, choosing another id on a clash), so pick by what exists.
        match self.load(&id).await.map_err(WebAuthError::session)? {
            Some(existing) => {
                // A later logout already recorded stays: an older token arriving late (or
                // replayed) must not move the mark back.
                let recorded = existing.data.get(MARKER_FIELD).and_then(serde_json::Value::as_u64);
                if recorded.is_some_and(|recorded| recorded >= at) {
                    return Ok(());
                }
                self.save(&record).await.map_err(WebAuthError::session)?
            }
            None => {
                self.create(&mut record).await.map_err(WebAuthError::session)?;
                if record.id != id {
                    // Another server created the marker between our load and create.
                    self.delete(&record.id).await.map_err(WebAuthError::session)?;
                    record.id = id;
                    self.save(&record).await.map_err(WebAuthError::session)?;
                }
            }
        }
        Ok(())
    }

    async fn logged_out_at(&self, kind: MarkerKind, issuer: &str, value: &str) -> Result<Option<u64>, WebAuthError> {
        let record = self
            .load(&marker_id(kind, issuer, value))
            .await
            .map_err(WebAuthError::session)?;
        Ok(record.and_then(|r| r.data.get(MARKER_FIELD).and_then(serde_json::Value::as_u64)))
    }

    /// Whether a back-channel logout ended this login: a marker for its `sid`, or one for its
    /// user written at or after it signed in.
    pub(crate) async fn is_logged_out(&self, issuer: &str, login: &StoredLogin) -> Result<bool, WebAuthError> {
        if let Some(sid) = &login.sid {
            if self.logged_out_at(MarkerKind::Session, issuer, sid).await?.is_some() {
                return Ok(true);
            }
        }
        Ok(self
            .logged_out_at(MarkerKind::User, issuer, &login.sub)
            .await?
            .is_some_and(|at| at >= login.signed_in_at))
    }
}
