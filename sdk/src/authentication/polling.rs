//! Polling the token endpoint until a device-code or CIBA request is approved.

use std::time::Duration;

use super::poll_settings::PollSettings;
use super::token_request::TokenRequest;
use crate::runtime::{Error, TokenSet};

/// Seconds added to the interval after `slow_down`.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// Interval when the server gives none.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);

/// Polls `request` until it yields tokens or a final error.
pub(crate) async fn poll(
    request: TokenRequest,
    settings: &PollSettings,
    server_interval: Option<u64>,
    expires_in: Option<u64>,
) -> Result<TokenSet, Error> {
    let mut interval = settings.interval.unwrap_or_else(|| {
        server_interval
            .filter(|s| *s > 0)
            .map_or(DEFAULT_INTERVAL, Duration::from_secs)
    });
    let limit = expires_in.map(Duration::from_secs);
    let mut waited = Duration::ZERO;
    loop {
        if limit.is_some_and(|limit| waited >= limit) {
            return Err(Error::PollingExpired { waited });
        }
        (settings.sleep)(interval).await;
        waited += interval;
        match request.clone().send().await {
            Ok(tokens) => return Ok(tokens),
            Err(e) => match e.oauth_error().map(|o| o.error) {
                Some("authorization_pending") => {}
                Some("slow_down") => interval += SLOW_DOWN_STEP,
                _ => return Err(e),
            },
        }
    }
}

/// Polls the token endpoint for a device-code or CIBA request until the user approves it.
/// Made by [`AuthenticationClient::poll_device_code`](super::AuthenticationClient::poll_device_code) and
/// [`AuthenticationClient::poll_back_channel_login`](super::AuthenticationClient::poll_back_channel_login).
#[derive(Clone, Debug)]
#[must_use = "polling does nothing until `.send().await`"]
pub struct TokenPoll {
    request: TokenRequest,
    settings: PollSettings,
    interval: Option<u64>,
    expires_in: Option<u64>,
}

impl TokenPoll {
    pub(crate) fn new(request: TokenRequest, interval: Option<u64>, expires_in: Option<u64>) -> TokenPoll {
        TokenPoll {
            settings: request.core().poll().clone(),
            request,
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
    pub async fn send(self) -> Result<TokenSet, Error> {
        poll(self.request, &self.settings, self.interval, self.expires_in).await
    }
}
