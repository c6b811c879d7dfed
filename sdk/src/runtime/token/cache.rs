//! A cached token, refreshed shortly before expiry, fetched by one request at a time — in
//! this client, and through the config's [`TokenCache`] across clients and processes.

use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, SystemTime};

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use super::TokenProvider;
use crate::runtime::Error;
use crate::runtime::config::ClientConfig;
use crate::runtime::token_cache::{SharedLock, StoredToken, TokenCache, TokenKey};

/// A token fresh from the authorization server.
pub(crate) struct FetchedToken {
    pub(crate) token: SecretString,
    pub(crate) expires_in: Duration,
}

/// Fetches a new token (the client-credentials grant).
pub(crate) trait TokenFetcher: Send + Sync + 'static {
    fn fetch(self: Arc<Self>) -> BoxFuture<'static, Result<FetchedToken, Error>>;
}

type SharedError = Arc<dyn std::error::Error + Send + Sync + 'static>;
type InFlight = Shared<BoxFuture<'static, Result<SecretString, SharedError>>>;

/// After a 401 made the cache drop its token, a 401 on the replacement within this long is
/// not worth another token: the credentials or grants are wrong, and every refetch would spend
/// the tenant's monthly machine-to-machine token quota.
const REFETCH_COOL_DOWN: Duration = Duration::from_secs(60);

/// How long a process may hold the shared fetch lock. A holder that dies releases it by
/// lapse after this long; a fetch slower than this may be repeated by another process.
const LOCK_HOLD: Duration = Duration::from_secs(5);

/// The longest a process waits for another's fetch before fetching itself.
const MAX_LOCK_WAIT: Duration = Duration::from_secs(7);

#[derive(Default)]
struct State {
    /// The token and the instant it must be replaced.
    token: Option<(SecretString, Instant)>,
    /// When a 401 last made the cache drop its token.
    dropped_after_401: Option<Instant>,
    /// The token a 401 rejected: not to be taken from the shared cache again.
    rejected: Option<SecretString>,
    /// The token request under way, shared by everyone who needs its answer.
    in_flight: Option<InFlight>,
}

/// Single-flight cache: every caller that finds no fresh token awaits the same shared fetch,
/// so N concurrent first calls make one token request and all see its token or its error.
/// The fetch first asks the config's [`TokenCache`], and takes its lock ([`SharedLock`]) so
/// that one process of a fleet fetches while the others wait for its result.
pub(crate) struct CachedTokenSource {
    state: Arc<Mutex<State>>,
    origin: Arc<Origin>,
}

/// Where a token comes from when this client has none.
struct Origin {
    fetcher: Arc<dyn TokenFetcher>,
    key: TokenKey,
    config: ClientConfig,
    leeway: Duration,
}

impl CachedTokenSource {
    /// `config`: whose token cache holds the token (the token transport's).
    pub(crate) fn new(
        fetcher: Arc<dyn TokenFetcher>,
        key: TokenKey,
        config: ClientConfig,
        leeway: Duration,
    ) -> CachedTokenSource {
        CachedTokenSource {
            state: Arc::default(),
            origin: Arc::new(Origin {
                fetcher,
                key,
                config,
                leeway,
            }),
        }
    }

    fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
        // The lock is never held across an await or user code, so poisoning cannot leave the
        // state half-updated; carry on with it.
        state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn start_fetch(&self, rejected: Option<SecretString>) -> InFlight {
        let origin = Arc::clone(&self.origin);
        let state: Weak<Mutex<State>> = Arc::downgrade(&self.state);
        let fetch = async move {
            let result = origin.obtain(rejected.as_ref()).await;
            let state = state.upgrade();
            let mut guard = state.as_deref().map(CachedTokenSource::lock);
            if let Some(st) = guard.as_deref_mut() {
                st.in_flight = None;
            }
            match result {
                Ok((token, refresh_at)) => {
                    if let Some(st) = guard.as_deref_mut() {
                        st.token = Some((token.clone(), refresh_at));
                    }
                    Ok(token)
                }
                Err(e) => Err(Arc::new(e) as SharedError),
            }
        };
        fetch.boxed().shared()
    }
}

impl Origin {
    fn cache(&self) -> &dyn TokenCache {
        &*self.config.inner().token_cache
    }

    /// A stored token this client may use: not the rejected one, and not due for refresh.
    fn usable(&self, stored: &StoredToken, rejected: Option<&SecretString>) -> Option<(SecretString, Instant)> {
        if rejected.is_some_and(|r| r.expose_secret() == stored.access_token.expose_secret()) {
            return None;
        }
        let left = stored.expires_at.duration_since(SystemTime::now()).ok()?;
        let fresh_for = left.checked_sub(self.leeway).filter(|d| !d.is_zero())?;
        Some((stored.access_token.clone(), Instant::now() + fresh_for))
    }

    /// The shared cache's usable token: `Some(None)` when it has none, `None` when it failed.
    async fn look(&self, rejected: Option<&SecretString>) -> Option<Option<(SecretString, Instant)>> {
        let health = &self.config.inner().token_cache_health;
        let stored = health.call(self.cache().get(&self.key)).await?;
        Some(stored.and_then(|t| self.usable(&t, rejected)))
    }

    /// A token and when to replace it: from the shared cache, from another process's fetch,
    /// or fetched here. A failing cache only means fetching here.
    async fn obtain(&self, rejected: Option<&SecretString>) -> Result<(SecretString, Instant), Error> {
        match self.look(rejected).await {
            Some(Some(found)) => return Ok(found),
            Some(None) => {}
            None => return self.fetch_and_store().await,
        }
        // Another process may be fetching: wait for its lock (it stores the token, then
        // releases), then look again before fetching. A lapsed or unobtainable lock, or a
        // failing cache, means fetching here.
        let lock = SharedLock::acquire(&self.config, self.key.clone(), LOCK_HOLD, MAX_LOCK_WAIT).await;
        if lock.is_none() {
            tracing::debug!("no fetch lock within {MAX_LOCK_WAIT:?}; fetching a token here");
        }
        let result = match self.look(rejected).await {
            Some(Some(found)) => Ok(found),
            _ => self.fetch_and_store().await,
        };
        if let Some(lock) = lock {
            lock.release().await;
        }
        result
    }

    /// Fetches a token and offers it to the shared cache.
    async fn fetch_and_store(&self) -> Result<(SecretString, Instant), Error> {
        let requested_at = (Instant::now(), SystemTime::now());
        let fetched = Arc::clone(&self.fetcher).fetch().await?;
        // Lifetimes count from when the token was asked for: never later than the server's.
        let fresh_for = fetched.expires_in.saturating_sub(self.leeway);
        if !fresh_for.is_zero() {
            let stored = StoredToken {
                access_token: fetched.token.clone(),
                expires_at: requested_at.1 + fetched.expires_in,
            };
            let health = &self.config.inner().token_cache_health;
            health.call(self.cache().put(&self.key, &stored, fresh_for)).await;
        }
        Ok((fetched.token, requested_at.0 + fresh_for))
    }
}

impl TokenProvider for CachedTokenSource {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, Error>> {
        let in_flight = {
            let mut st = Self::lock(&self.state);
            if let Some((token, refresh_at)) = &st.token {
                if Instant::now() < *refresh_at {
                    return Box::pin(std::future::ready(Ok(token.clone())));
                }
            }
            match &st.in_flight {
                Some(fetch) => fetch.clone(),
                None => {
                    let fetch = self.start_fetch(st.rejected.clone());
                    st.in_flight = Some(fetch.clone());
                    fetch
                }
            }
        };
        Box::pin(async move { in_flight.await.map_err(|source| Error::Token { source }) })
    }

    fn invalidate(&self, rejected: &SecretString) -> bool {
        let mut st = Self::lock(&self.state);
        let current = st
            .token
            .as_ref()
            .is_some_and(|(t, _)| t.expose_secret() == rejected.expose_secret());
        if !current {
            // A newer token was fetched meanwhile: worth one attempt with it.
            return true;
        }
        let now = Instant::now();
        if st.dropped_after_401.is_some_and(|at| now < at + REFETCH_COOL_DOWN) {
            // The token that replaced a rejected one is rejected too: keep it and give up.
            return false;
        }
        st.token = None;
        st.rejected = Some(rejected.clone());
        st.dropped_after_401 = Some(now);
        true
    }

    fn kind(&self) -> &'static str {
        "client_credentials (cached)"
    }
}
