//! How the device-code and CIBA flows wait between polls.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

/// A function that waits for the given duration (the default uses `tokio::time::sleep`).
pub type SleepFn = Arc<dyn Fn(Duration) -> BoxFuture<'static, ()> + Send + Sync>;

/// How the device-code and CIBA flows poll the token endpoint.
///
/// The server's `interval` is honoured (default 5 s when it sends none); after
/// `authorization_pending` the same interval is waited again, after `slow_down` the interval
/// grows by 5 s (RFC 8628 §3.5). Polling stops with [`Error::PollingExpired`](crate::Error::PollingExpired) once the
/// request's `expires_in` has been spent waiting.
///
/// ```
/// use std::time::Duration;
/// use auth0_sdk::authentication::PollSettings;
/// // Tests: never actually wait.
/// let fast = PollSettings::default().sleep_fn(|_| Box::pin(async {}));
/// // Poll at least every 2 s whatever the server says.
/// let eager = PollSettings::default().interval(Duration::from_secs(2));
/// # let _ = (fast, eager);
/// ```
#[derive(Clone)]
pub struct PollSettings {
    pub(crate) sleep: SleepFn,
    pub(crate) interval: Option<Duration>,
}

impl Default for PollSettings {
    fn default() -> Self {
        PollSettings {
            sleep: Arc::new(|d| Box::pin(tokio::time::sleep(d))),
            interval: None,
        }
    }
}

impl fmt::Debug for PollSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollSettings")
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

impl PollSettings {
    /// Replaces the sleep function (for tests, or another async runtime's timer).
    pub fn sleep_fn(mut self, sleep: impl Fn(Duration) -> BoxFuture<'static, ()> + Send + Sync + 'static) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// Uses this interval instead of the server's.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = Some(interval);
        self
    }
}
