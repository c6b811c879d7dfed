//! Where client-credentials tokens are kept between calls, and who fetches the next one.
//!
//! Every process of a fleet that caches its own Management token mints its own tokens, and
//! machine-to-machine tokens are a monthly quota per tenant. A [`TokenCache`] shared by the
//! fleet (e.g. `runtime::redis::RedisTokenCache`, feature `redis`) stores one token per
//! tenant, client, audience, scope and organization, and a lock that lets exactly one process
//! fetch a new one while the others wait for its result.
//!
//! The cache is part of the [`ClientConfig`](super::ClientConfig); the default,
//! [`MemoryTokenCache`], shares tokens between the clients of one process built from one
//! config. Within a client, concurrent calls always share one fetch whatever the cache.
//!
//! A cache that fails (Redis down, a timeout) never fails a call: the runtime fetches the
//! token itself, says so once in the logs and through [`Hooks::on_shared_store`](super::Hooks::on_shared_store),
//! and uses the cache again once it answers.

mod key;
mod memory;
mod shared_lock;

use std::fmt;
use std::time::{Duration, SystemTime};

use futures_util::future::BoxFuture;
use secrecy::SecretString;

use super::BoxError;
pub use key::TokenKey;
pub use memory::MemoryTokenCache;
pub(crate) use shared_lock::SharedLock;

/// A token as a cache stores it: the token and when it expires (absolute, so every process
/// reading it computes its own refresh time).
#[derive(Clone)]
pub struct StoredToken {
    /// The bearer token.
    pub access_token: SecretString,
    /// When the authorization server said it expires.
    pub expires_at: SystemTime,
}

impl fmt::Debug for StoredToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredToken")
            .field("access_token", &"[redacted]")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Proof of holding a cache's fetch lock, given back to [`TokenCache::unlock`]. Opaque: a
/// random value, so a process can release only a lock it holds.
#[derive(Clone, PartialEq, Eq)]
pub struct LockId(pub(crate) String);

impl LockId {
    /// A fresh random lock value (for implementations of [`TokenCache`]).
    pub fn random() -> LockId {
        use rand::Rng;
        let bytes: [u8; 16] = rand::rng().random();
        LockId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The value to store as the lock's owner.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for LockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LockId(..)")
    }
}

/// A store of client-credentials tokens with a fetch lock, possibly shared by many processes.
///
/// Implement it to keep tokens somewhere other than memory or Redis (a database, a secrets
/// manager). Errors are reported, not propagated: the runtime then fetches the token itself.
/// Every method should answer quickly; the runtime gives each call a short time limit.
///
/// ```
/// use std::time::Duration;
/// use futures_util::future::BoxFuture;
/// use auth0_sdk::runtime::BoxError;
/// use auth0_sdk::runtime::token_cache::{LockId, StoredToken, TokenCache, TokenKey};
///
/// /// A cache that keeps nothing: every process fetches its own tokens.
/// #[derive(Debug)]
/// struct NoCache;
///
/// impl TokenCache for NoCache {
///     fn get<'a>(&'a self, _: &'a TokenKey) -> BoxFuture<'a, Result<Option<StoredToken>, BoxError>> {
///         Box::pin(async { Ok(None) })
///     }
///     fn put<'a>(&'a self, _: &'a TokenKey, _: &'a StoredToken, _: Duration) -> BoxFuture<'a, Result<(), BoxError>> {
///         Box::pin(async { Ok(()) })
///     }
///     fn try_lock<'a>(&'a self, _: &'a TokenKey, _: Duration) -> BoxFuture<'a, Result<Option<LockId>, BoxError>> {
///         Box::pin(async { Ok(Some(LockId::random())) })
///     }
///     fn unlock<'a>(&'a self, _: &'a TokenKey, _: &'a LockId) -> BoxFuture<'a, Result<(), BoxError>> {
///         Box::pin(async { Ok(()) })
///     }
/// }
/// let config = auth0_sdk::ClientConfig::builder().token_cache(NoCache).build();
/// # let _ = config;
/// ```
pub trait TokenCache: Send + Sync + fmt::Debug + 'static {
    /// The stored token for `key`, if any (it may be close to expiry; the runtime decides).
    fn get<'a>(&'a self, key: &'a TokenKey) -> BoxFuture<'a, Result<Option<StoredToken>, BoxError>>;

    /// Stores `token` for `key`, to be forgotten after `ttl` (its lifetime minus the refresh
    /// leeway). Replaces what was there.
    fn put<'a>(
        &'a self,
        key: &'a TokenKey,
        token: &'a StoredToken,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), BoxError>>;

    /// Takes the fetch lock for `key` unless another holder has it; it lapses after `hold`
    /// so a holder that dies does not block the others for longer. `None`: someone else
    /// holds it.
    fn try_lock<'a>(&'a self, key: &'a TokenKey, hold: Duration) -> BoxFuture<'a, Result<Option<LockId>, BoxError>>;

    /// Releases the lock if `lock` still holds it (it may have lapsed and been taken by
    /// another process, whose lock must survive).
    fn unlock<'a>(&'a self, key: &'a TokenKey, lock: &'a LockId) -> BoxFuture<'a, Result<(), BoxError>>;
}
