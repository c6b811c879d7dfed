//! The default token cache: this process's memory.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::time::Instant;

use super::{LockId, StoredToken, TokenCache, TokenKey};
use crate::runtime::BoxError;

/// Tokens in this process's memory, shared by the clients built from one
/// [`ClientConfig`](crate::ClientConfig). The default; for a fleet of processes use a shared
/// cache (`runtime::redis::RedisTokenCache`, feature `redis`).
#[derive(Debug, Default)]
pub struct MemoryTokenCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    tokens: HashMap<TokenKey, (StoredToken, Instant)>,
    locks: HashMap<TokenKey, (LockId, Instant)>,
}

impl MemoryTokenCache {
    /// An empty cache.
    pub fn new() -> MemoryTokenCache {
        MemoryTokenCache::default()
    }

    fn lock_state(&self) -> MutexGuard<'_, State> {
        // Never held across an await or user code: a poisoned lock holds consistent data.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl TokenCache for MemoryTokenCache {
    fn get<'a>(&'a self, key: &'a TokenKey) -> BoxFuture<'a, Result<Option<StoredToken>, BoxError>> {
        let mut st = self.lock_state();
        let now = Instant::now();
        let found = match st.tokens.get(key) {
            Some((token, forget_at)) if now < *forget_at => Some(token.clone()),
            Some(_) => {
                st.tokens.remove(key);
                None
            }
            None => None,
        };
        Box::pin(std::future::ready(Ok(found)))
    }

    fn put<'a>(
        &'a self,
        key: &'a TokenKey,
        token: &'a StoredToken,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        let forget_at = Instant::now() + ttl;
        self.lock_state().tokens.insert(key.clone(), (token.clone(), forget_at));
        Box::pin(std::future::ready(Ok(())))
    }

    fn try_lock<'a>(&'a self, key: &'a TokenKey, hold: Duration) -> BoxFuture<'a, Result<Option<LockId>, BoxError>> {
        let mut st = self.lock_state();
        let now = Instant::now();
        let taken = st.locks.get(key).is_some_and(|(_, until)| now < *until);
        let result = if taken {
            None
        } else {
            let id = LockId::random();
            st.locks.insert(key.clone(), (id.clone(), now + hold));
            Some(id)
        };
        Box::pin(std::future::ready(Ok(result)))
    }

    fn unlock<'a>(&'a self, key: &'a TokenKey, lock: &'a LockId) -> BoxFuture<'a, Result<(), BoxError>> {
        let mut st = self.lock_state();
        if st.locks.get(key).is_some_and(|(holder, _)| holder == lock) {
            st.locks.remove(key);
        }
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    fn key() -> TokenKey {
        TokenKey::new("https://t", "c", "a")
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_lapse_after_their_ttl_and_locks_after_their_hold() {
        let cache = MemoryTokenCache::new();
        let token = StoredToken {
            access_token: "t".into(),
            expires_at: SystemTime::now(),
        };
        cache.put(&key(), &token, Duration::from_secs(5)).await.unwrap();
        assert!(cache.get(&key()).await.unwrap().is_some());
        tokio::time::advance(Duration::from_secs(6)).await;
        assert!(cache.get(&key()).await.unwrap().is_none());

        let first = cache.try_lock(&key(), Duration::from_secs(2)).await.unwrap().unwrap();
        assert!(cache.try_lock(&key(), Duration::from_secs(2)).await.unwrap().is_none());
        // A stale holder's unlock must not release a lock someone else took after it lapsed.
        tokio::time::advance(Duration::from_secs(3)).await;
        let second = cache.try_lock(&key(), Duration::from_secs(2)).await.unwrap().unwrap();
        cache.unlock(&key(), &first).await.unwrap();
        assert!(cache.try_lock(&key(), Duration::from_secs(2)).await.unwrap().is_none());
        cache.unlock(&key(), &second).await.unwrap();
        assert!(cache.try_lock(&key(), Duration::from_secs(2)).await.unwrap().is_some());
    }
}
