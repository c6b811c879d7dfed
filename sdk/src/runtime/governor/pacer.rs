//! How a config's governor is consulted around each attempt.

use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use http::{HeaderMap, StatusCode};

use super::{LocalGovernor, RateGovernor, RateObservation};
use crate::runtime::Hooks;
use crate::runtime::shared_store::{SharedStore, StoreHealth};

/// The governor of a [`ClientConfig`](crate::ClientConfig). The local governor is called
/// directly (no allocation per call); a shared one through [`StoreHealth`], with a local
/// governor that learns alongside it and takes over while it fails.
#[derive(Debug)]
pub(crate) enum Pacer {
    Local(LocalGovernor),
    Shared {
        governor: Arc<dyn RateGovernor>,
        health: StoreHealth,
        fallback: LocalGovernor,
    },
}

impl Default for Pacer {
    fn default() -> Self {
        Pacer::Local(LocalGovernor::new())
    }
}

impl Pacer {
    /// Wraps the governor a config was given.
    pub(crate) fn new<G: RateGovernor>(governor: G, hooks: Option<Arc<dyn Hooks>>) -> Pacer {
        let mut slot = Some(governor);
        let local = (&mut slot as &mut dyn Any)
            .downcast_mut::<Option<LocalGovernor>>()
            .and_then(Option::take);
        match (local, slot) {
            (Some(local), _) => Pacer::Local(local),
            (None, Some(governor)) => Pacer::Shared {
                governor: Arc::new(governor),
                health: StoreHealth::new(SharedStore::RateGovernor, hooks),
                fallback: LocalGovernor::new(),
            },
            (None, None) => Pacer::default(),
        }
    }

    /// Whether a shared governor is in use and currently failing.
    pub(crate) fn is_degraded(&self) -> bool {
        match self {
            Pacer::Local(_) => false,
            Pacer::Shared { health, .. } => health.is_degraded(),
        }
    }

    /// How long the next request to `bucket` must wait (its slot is reserved): answered at
    /// once by the local governor, or by a future for a shared one. Kept out of line so the
    /// attempt loop's own future stays small when no shared governor is configured.
    pub(crate) fn reserve<'a>(&'a self, bucket: &'a str) -> Pending<'a, Duration> {
        match self {
            Pacer::Local(local) => Pending::Ready(local.reserve_now(bucket)),
            Pacer::Shared {
                governor,
                health,
                fallback,
            } => Pending::Later(Box::pin(async move {
                match health.call(governor.reserve(bucket)).await {
                    Some(wait) => wait,
                    None => fallback.reserve_now(bucket),
                }
            })),
        }
    }

    /// Learns from a response's status and headers (a 429's pause capped at `max_pause`):
    /// at once for the local governor, through a future for a shared one.
    pub(crate) fn observe<'a>(
        &'a self,
        bucket: &'a str,
        status: StatusCode,
        headers: &HeaderMap,
        max_pause: Duration,
    ) -> Pending<'a, ()> {
        let Some(observation) = RateObservation::from_response(status, headers, max_pause) else {
            return Pending::Ready(());
        };
        match self {
            Pacer::Local(local) => {
                local.observe_now(bucket, &observation);
                Pending::Ready(())
            }
            Pacer::Shared {
                governor,
                health,
                fallback,
            } => {
                fallback.observe_now(bucket, &observation);
                Pending::Later(Box::pin(async move {
                    health.call(governor.observe(bucket, &observation)).await;
                }))
            }
        }
    }
}

/// A value now, or a future of it.
pub(crate) enum Pending<'a, T> {
    Ready(T),
    Later(BoxFuture<'a, T>),
}

impl<T> Pending<'_, T> {
    /// The value, awaiting the future if there is one.
    pub(crate) async fn get(self) -> T {
        match self {
            Pending::Ready(value) => value,
            Pending::Later(future) => future.await,
        }
    }
}
