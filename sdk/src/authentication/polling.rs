//! Polling the token endpoint until a device-code or CIBA request is approved.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

use super::client::AuthenticationClient;
use super::error::AuthError;
use super::token_request::TokenRequest;
use super::token_set::TokenSet;

/// A function that waits for the given duration (the default uses `tokio::time::sleep`).
pub type SleepFn = Arc<dyn Fn(Duration) -> BoxFuture<'static, ()> + Send + Sync>;

/// How the device-code and CIBA flows poll the token endpoint.
///
/// The server's `interval` is honoured (default 5 s when it sends none); after
/// `authorization_pending` the same interval is waited again, after `slow_down` the interval
/// grows by 5 s (RFC 8628 §3.5). Polling stops with [`AuthError::PollingExpired`] once the
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

/// Seconds added to the interval after `slow_down`.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// Interval when the server gives none.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// Polls `request` until it yields tokens or a final error.
pub(crate) async fn poll(
    client: &AuthenticationClient,
    request: TokenRequest,
    settings: &PollSettings,
    server_interval: Option<u64>,
    expires_in: Option<u64>,
) -> Result<TokenSet, AuthError> {
    let mut interval = settings.interval.unwrap_or_else(|| {
        server_interval
            .filter(|s| *s > 0)
            .map_or(DEFAULT_INTERVAL, Duration::from_secs)
    });
    let limit = expires_in.map(Duration::from_secs);
    let mut waited = Duration::ZERO;
    loop {
        if limit.is_some_and(|limit| waited >= limit) {
            return Err(AuthError::PollingExpired { waited });
        }
        (settings.sleep)(interval).await;
        waited += interval;
        match client.run_token_request(request.clone()).await {
            Ok(response) => return Ok(response.data),
            Err(e) => match e.error_code() {
                Some("authorization_pending") => {}
                Some("slow_down") => interval += SLOW_DOWN_STEP,
                _ => return Err(e),
            },
        }
    }
}

/// Polls the token endpoint for a device-code or CIBA request until the user approves it.
/// Made by [`AuthenticationClient::poll_device_code`] and
/// [`AuthenticationClient::poll_back_channel_login`].
#[derive(Clone, Debug)]
#[must_use = "polling does nothing until `.send().await`"]
pub struct TokenPoll {
    request: TokenRequest,
    settings: PollSettings,
    interval: Option<u64>,
    expires_in: Option<u64>,
}

impl TokenPoll {
    pub(crate) fn new(
        client: &AuthenticationClient,
        request: TokenRequest,
        interval: Option<u64>,
        expires_in: Option<u64>,
    ) -> TokenPoll {
        TokenPoll {
            request,
            settings: client.inner.poll.clone(),
            interval,
            expires_in,
        }
    }

    /// Replaces the polling settings (sleep function, interval) for this poll.
    pub fn settings(mut self, settings: PollSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Adjusts the token request sent on each poll (ID-token expectations, headers).
    pub fn map_request(mut self, f: impl FnOnce(TokenRequest) -> TokenRequest) -> Self {
        self.request = f(self.request);
        self
    }

    /// Polls until tokens are issued (the ID token, if any, validated), a final error
    /// (`access_denied`, `expired_token`…) is returned, or the request expires.
    pub async fn send(self) -> Result<TokenSet, AuthError> {
        let client = self.request.client().clone();
        poll(&client, self.request, &self.settings, self.interval, self.expires_in).await
    }
}
