//! [`RedisTokenCache`]: one token per tenant, client, audience and scope for the whole fleet.

use std::time::Duration;

use fred::prelude::{Expiration, KeysInterface, SetOptions};
use fred::types::scripts::Script;
use futures_util::future::BoxFuture;

use super::RedisConnection;
use super::seal::{self, TokenEncryptionKey, Unusable};
use crate::runtime::BoxError;
use crate::runtime::token_cache::{LockId, StoredToken, TokenCache, TokenKey};

/// Deletes the lock only if it still holds this holder's value.
const UNLOCK_LUA: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/// Client-credentials tokens in Redis, shared by every process that uses the same Redis and
/// key prefix, with a lock so that one process fetches while the others wait for its token.
///
/// Tokens live under `{prefix}token:{digest}` with a TTL of their lifetime minus the refresh
/// leeway; the digest is [`TokenKey::digest`]. With [`encryption_key`](Self::encryption_key)
/// they are sealed with AES-256-GCM; without it they are stored as they are, so restrict who
/// can read the Redis.
#[derive(Debug, Clone)]
pub struct RedisTokenCache {
    redis: RedisConnection,
    key: Option<TokenEncryptionKey>,
    unlock: Script,
}

impl RedisTokenCache {
    /// A cache on `redis`.
    pub fn new(redis: &RedisConnection) -> RedisTokenCache {
        RedisTokenCache {
            redis: redis.clone(),
            key: None,
            unlock: Script::from_lua(UNLOCK_LUA),
        }
    }

    /// Seals tokens at rest with `key`. Every process sharing the cache needs the same key;
    /// a token sealed with another key (or not sealed) is treated as missing and replaced.
    pub fn encryption_key(mut self, key: TokenEncryptionKey) -> RedisTokenCache {
        self.key = Some(key);
        self
    }

    fn token_key(&self, key: &TokenKey) -> (String, String) {
        let digest = key.digest();
        (self.redis.key(&format!("token:{digest}")), digest)
    }

    fn lock_key(&self, key: &TokenKey) -> String {
        self.redis.key(&format!("token-lock:{}", key.digest()))
    }
}

impl TokenCache for RedisTokenCache {
    fn get<'a>(&'a self, key: &'a TokenKey) -> BoxFuture<'a, Result<Option<StoredToken>, BoxError>> {
        Box::pin(async move {
            let client = self.redis.client()?;
            let (name, digest) = self.token_key(key);
            let value: Option<Vec<u8>> = client.get(&name).await?;
            let Some(value) = value else { return Ok(None) };
            match seal::decode(&value, self.key.as_ref(), digest.as_bytes()) {
                Ok(token) => Ok(Some(token)),
                Err(why) => {
                    if why != Unusable::Malformed {
                        tracing::warn!(
                            ?why,
                            "a token in the shared cache could not be used: do all processes share one encryption key?"
                        );
                    }
                    Ok(None)
                }
            }
        })
    }

    fn put<'a>(
        &'a self,
        key: &'a TokenKey,
        token: &'a StoredToken,
        ttl: Duration,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let client = self.redis.client()?;
            let (name, digest) = self.token_key(key);
            let value = seal::encode(token, self.key.as_ref(), digest.as_bytes());
            let ttl_ms = ttl.as_millis().clamp(1, i64::MAX as u128) as i64;
            let _: Option<String> = client
                .set(&name, value, Some(Expiration::PX(ttl_ms)), None, false)
                .await?;
            Ok(())
        })
    }

    fn try_lock<'a>(&'a self, key: &'a TokenKey, hold: Duration) -> BoxFuture<'a, Result<Option<LockId>, BoxError>> {
        Box::pin(async move {
            let client = self.redis.client()?;
            let id = LockId::random();
            let hold_ms = hold.as_millis().clamp(1, i64::MAX as u128) as i64;
            let set: Option<String> = client
                .set(
                    self.lock_key(key),
                    id.as_str(),
                    Some(Expiration::PX(hold_ms)),
                    Some(SetOptions::NX),
                    false,
                )
                .await?;
            Ok(set.map(|_| id))
        })
    }

    fn unlock<'a>(&'a self, key: &'a TokenKey, lock: &'a LockId) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let client = self.redis.client()?;
            let _: i64 = self
                .unlock
                .evalsha_with_reload(client, vec![self.lock_key(key)], vec![lock.as_str().to_owned()])
                .await?;
            Ok(())
        })
    }
}
