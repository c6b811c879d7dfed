//! A cached token, refreshed shortly before expiry, fetched by one request at a time.

use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use super::TokenProvider;
use crate::runtime::Error;

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

#[derive(Default)]
struct State {
    /// The token and the instant it must be replaced.
    token: Option<(SecretString, Instant)>,
    /// When a 401 last made the cache drop its token.
    dropped_after_401: Option<Instant>,
    /// The token request under way, shared by everyone who needs its answer.
    in_flight: Option<InFlight>,
}

/// Single-flight cache: every caller that finds no fresh token awaits the same shared fetch,
/// so N concurrent first calls make one token request and all see its token or its error.
pub(crate) struct TokenCache {
    state: Arc<Mutex<State>>,
    fetcher: Arc<dyn TokenFetcher>,
    leeway: Duration,
}

impl TokenCache {
    pub(crate) fn new(fetcher: Arc<dyn TokenFetcher>, leeway: Duration) -> TokenCache {
        TokenCache {
            state: Arc::default(),
            fetcher,
            leeway,
        }
    }

    fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
        // The lock is never held across an await or user code, so poisoning cannot leave the
        // state half-updated; carry on with it.
        state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn start_fetch(&self) -> InFlight {
        let fetcher = Arc::clone(&self.fetcher);
        let state: Weak<Mutex<State>> = Arc::downgrade(&self.state);
        let leeway = self.leeway;
        let fetch = async move {
            let started = Instant::now();
            let result = fetcher.fetch().await;
            let state = state.upgrade();
            let mut guard = state.as_deref().map(TokenCache::lock);
            if let Some(st) = guard.as_deref_mut() {
                st.in_flight = None;
            }
            match result {
                Ok(fetched) => {
                    if let Some(st) = guard.as_deref_mut() {
                        let refresh_at = started + fetched.expires_in.saturating_sub(leeway);
                        st.token = Some((fetched.token.clone(), refresh_at));
                    }
                    Ok(fetched.token)
                }
                Err(e) => Err(Arc::new(e) as SharedError),
            }
        };
        fetch.boxed().shared()
    }
}

impl TokenProvider for TokenCache {
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
                    let fetch = self.start_fetch();
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
        st.dropped_after_401 = Some(now);
        true
    }

    fn kind(&self) -> &'static str {
        "client_credentials (cached)"
    }
}
