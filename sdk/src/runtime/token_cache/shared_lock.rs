//! The token cache's lock: what one process of a fleet does at a time (fetching a
//! client-credentials token, web sign-in's refresh-token rotation).

use std::time::Duration;

use tokio::time::Instant;

use super::{LockId, TokenKey};
use crate::runtime::ClientConfig;

/// How often a waiter tries the lock again.
const POLL: Duration = Duration::from_millis(25);

/// A held lock of a config's token cache; give it back with [`release`](SharedLock::release).
pub(crate) struct SharedLock {
    config: ClientConfig,
    key: TokenKey,
    id: LockId,
}

impl SharedLock {
    /// Takes `key`'s lock in `config`'s token cache, waiting while another holder has it, for
    /// at most `max_wait`. `None` when the wait ran out or the cache failed: the caller goes on
    /// unlocked (a failing shared store never stops the work).
    pub(crate) async fn acquire(
        config: &ClientConfig,
        key: TokenKey,
        hold: Duration,
        max_wait: Duration,
    ) -> Option<SharedLock> {
        let inner = config.inner();
        let give_up_at = Instant::now() + max_wait;
        loop {
            match inner
                .token_cache_health
                .call(inner.token_cache.try_lock(&key, hold))
                .await?
            {
                Some(id) => {
                    return Some(SharedLock {
                        config: config.clone(),
                        key,
                        id,
                    });
                }
                None if Instant::now() >= give_up_at => return None,
                None => tokio::time::sleep(POLL).await,
            }
        }
    }

    /// Releases the lock (if it has not lapsed and been taken by another).
    pub(crate) async fn release(self) {
        let inner = self.config.inner();
        inner
            .token_cache_health
            .call(inner.token_cache.unlock(&self.key, &self.id))
            .await;
    }
}
