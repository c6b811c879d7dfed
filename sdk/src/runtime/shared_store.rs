//! Degrading to local behaviour when a shared store (token cache, rate governor) fails.
//!
//! A Redis outage must never fail an Auth0 call that would otherwise succeed. Every call to a
//! shared store goes through [`StoreHealth::call`], which bounds it in time, and on failure
//! reports the store degraded once (a `tracing` warning and [`Hooks::on_shared_store`]),
//! answers `None` so the caller falls back to local behaviour, and stops asking the store
//! for a second so an outage does not cost every call a timeout. The first call that works
//! again reports the store recovered.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use super::{BoxError, Hooks};

/// The longest a shared store is waited for. Redis answers in well under a millisecond on
/// a healthy network; past this the store is treated as down for this call.
const STORE_CALL_TIMEOUT: Duration = Duration::from_millis(500);

/// While a store is degraded, it is asked again at most this often.
const PROBE_INTERVAL: Duration = Duration::from_secs(1);

/// Which shared store an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SharedStore {
    /// The [`TokenCache`](super::token_cache::TokenCache).
    TokenCache,
    /// The [`RateGovernor`](super::governor::RateGovernor).
    RateGovernor,
}

impl fmt::Display for SharedStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SharedStore::TokenCache => "token cache",
            SharedStore::RateGovernor => "rate governor",
        })
    }
}

/// A shared store stopped or started answering (see [`Hooks::on_shared_store`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SharedStoreEvent {
    /// The store failed; calls go on with local behaviour (each process fetches its own
    /// tokens, paces only its own calls).
    Degraded {
        /// Which store.
        store: SharedStore,
        /// What failed, e.g. "connection refused" or "timed out".
        error: String,
    },
    /// The store answers again; sharing has resumed.
    Recovered {
        /// Which store.
        store: SharedStore,
        /// How long it was degraded.
        after: Duration,
    },
}

/// One store's health, shared by every client of a config.
pub(crate) struct StoreHealth {
    store: SharedStore,
    hooks: Option<Arc<dyn Hooks>>,
    state: Mutex<HealthState>,
}

#[derive(Default)]
struct HealthState {
    degraded_since: Option<Instant>,
    next_probe: Option<Instant>,
}

impl StoreHealth {
    pub(crate) fn new(store: SharedStore, hooks: Option<Arc<dyn Hooks>>) -> StoreHealth {
        StoreHealth {
            store,
            hooks,
            state: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HealthState> {
        // Never held across an await or user code.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether the store is currently treated as down.
    pub(crate) fn is_degraded(&self) -> bool {
        self.lock().degraded_since.is_some()
    }

    /// Runs one store operation: its value, or `None` when the store failed, timed out, or
    /// is degraded and not due for another try.
    pub(crate) async fn call<T>(&self, operation: impl Future<Output = Result<T, BoxError>>) -> Option<T> {
        if self.lock().next_probe.is_some_and(|at| Instant::now() < at) {
            return None;
        }
        match tokio::time::timeout(STORE_CALL_TIMEOUT, operation).await {
            Ok(Ok(value)) => {
                self.succeeded();
                Some(value)
            }
            Ok(Err(error)) => {
                self.failed(error.to_string());
                None
            }
            Err(_) => {
                self.failed(format!("no answer within {STORE_CALL_TIMEOUT:?}"));
                None
            }
        }
    }

    fn succeeded(&self) {
        let since = {
            let mut st = self.lock();
            st.next_probe = None;
            st.degraded_since.take()
        };
        if let Some(since) = since {
            let after = since.elapsed();
            tracing::info!(store = %self.store, ?after, "shared {} answers again; sharing resumed", self.store);
            self.emit(&SharedStoreEvent::Recovered {
                store: self.store,
                after,
            });
        }
    }

    fn failed(&self, error: String) {
        let first = {
            let mut st = self.lock();
            let now = Instant::now();
            st.next_probe = Some(now + PROBE_INTERVAL);
            let first = st.degraded_since.is_none();
            st.degraded_since.get_or_insert(now);
            first
        };
        if first {
            tracing::warn!(store = %self.store, %error, "shared {} failed; using local behaviour until it answers", self.store);
            self.emit(&SharedStoreEvent::Degraded {
                store: self.store,
                error,
            });
        }
    }

    fn emit(&self, event: &SharedStoreEvent) {
        if let Some(hooks) = &self.hooks {
            hooks.on_shared_store(event);
        }
    }
}

impl fmt::Debug for StoreHealth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreHealth")
            .field("store", &self.store)
            .field("degraded", &self.is_degraded())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex as StdMutex;

    use super::*;

    #[derive(Debug, Default)]
    struct Recorder(StdMutex<Vec<SharedStoreEvent>>);

    impl Hooks for Recorder {
        fn on_shared_store(&self, event: &SharedStoreEvent) {
            self.0.lock().unwrap().push(event.clone());
        }
    }

    #[tokio::test(start_paused = true)]
    async fn reports_once_skips_while_degraded_and_recovers() {
        let recorder = Arc::new(Recorder::default());
        let health = StoreHealth::new(SharedStore::TokenCache, Some(recorder.clone() as Arc<dyn Hooks>));
        assert_eq!(health.call(async { Ok::<_, BoxError>(1) }).await, Some(1));
        assert_eq!(health.call(async { Err::<u8, BoxError>("refused".into()) }).await, None);
        assert!(health.is_degraded());
        // Within the probe interval the store is not asked at all.
        let asked = std::sync::atomic::AtomicBool::new(false);
        let probe = async {
            asked.store(true, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, BoxError>(2)
        };
        assert_eq!(health.call(probe).await, None);
        assert!(!asked.load(std::sync::atomic::Ordering::SeqCst));
        tokio::time::advance(PROBE_INTERVAL).await;
        // A hung store counts as failed, and is reported only once.
        assert_eq!(health.call(std::future::pending::<Result<u8, BoxError>>()).await, None);
        tokio::time::advance(PROBE_INTERVAL).await;
        assert_eq!(health.call(async { Ok::<_, BoxError>(3) }).await, Some(3));
        assert!(!health.is_degraded());
        let events = recorder.0.lock().unwrap().clone();
        assert_eq!(events.len(), 2, "{events:?}");
        assert!(matches!(&events[0], SharedStoreEvent::Degraded { error, .. } if error == "refused"));
        assert!(matches!(events[1], SharedStoreEvent::Recovered { .. }));
    }
}
