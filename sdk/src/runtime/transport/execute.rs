//! The attempt loop: authenticate, send, classify, retry or return. Not generic, so it is
//! compiled once for all operations.

use std::time::Instant;

use bytes::Bytes;
use secrecy::SecretString;
use tracing::Instrument;
use tracing::field::Empty;

use super::{Inner, Transport, request};
use crate::runtime::{ApiError, Call, Error, ResponseMeta, RetryEvent, RetryReason};

/// Why an attempt failed, kept until the retry decision is made.
enum Failure {
    Status(Box<ApiError>),
    Timeout,
    Connection(reqwest::Error),
}

impl Failure {
    fn from_reqwest(error: reqwest::Error) -> Failure {
        if error.is_timeout() {
            Failure::Timeout
        } else {
            Failure::Connection(error)
        }
    }

    fn reason(&self) -> RetryReason {
        match self {
            Failure::Status(api) => RetryReason::Status(api.status),
            Failure::Timeout => RetryReason::Timeout,
            Failure::Connection(_) => RetryReason::Connection,
        }
    }

    fn into_error(self, operation: &'static str, timeout: std::time::Duration) -> Error {
        match self {
            Failure::Status(api) => Error::Api(api),
            Failure::Timeout => Error::Timeout { operation, timeout },
            Failure::Connection(source) => Error::Connection { operation, source },
        }
    }
}

impl Transport {
    /// Runs `call` to a final response (2xx/3xx) or error, retrying as its policy allows.
    pub(crate) async fn execute(&self, call: &Call) -> Result<(ResponseMeta, Bytes), Error> {
        let op = call.op;
        let span = tracing::info_span!(
            "auth0.request",
            operation = op.id,
            method = op.method.as_str(),
            path = op.path,
            attempt = Empty,
            status = Empty,
            duration_ms = Empty,
        );
        // Boxed once here: the retry loop's state (reqwest's future, timers, hooks) is a few KB,
        // and unboxed it would be copied into, and moved with, every future that wraps it up
        // to the generated `send()` (5.4 KB measured), costing more than this one allocation.
        Box::pin(self.execute_in_span(call, &span))
            .instrument(span.clone())
            .await
    }

    async fn execute_in_span(&self, call: &Call, span: &tracing::Span) -> Result<(ResponseMeta, Bytes), Error> {
        let inner: &Inner = &self.inner;
        if let Some(message) = &inner.deferred_error {
            return Err(Error::config(message.clone()));
        }
        let shared = inner.config.inner();
        call.check()?;
        let op = call.op;
        let policy = call.options.effective_retry(&shared.retry);
        let timeout = call.options.timeout.unwrap_or(shared.timeout);
        let url = request::url(&inner.base_url, call)?;
        let headers = request::headers(inner, call)?;
        let started = Instant::now();
        let mut attempt = 0u32;
        let mut retries = 0u32;
        let mut reauthenticated = false;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let token = self.token_for(call).await?;
            let mut req = request::build(inner, call, &url, &headers, token.as_ref(), timeout)?;
            if let Some(hooks) = &shared.hooks {
                hooks.pre(op, &mut req).map_err(Error::Hook)?;
            }
            let sent = match &shared.hooks {
                Some(hooks) => hooks.exec(&shared.http, op, req).await,
                None => shared.http.execute(req).await,
            };
            if let Some(hooks) = &shared.hooks {
                hooks.post(op, sent.as_ref());
            }
            let failure = match sent {
                Err(e) => Failure::from_reqwest(e),
                Ok(mut resp) => {
                    let status = resp.status();
                    span.record("status", status.as_u16());
                    let headers = std::mem::take(resp.headers_mut());
                    let url = resp.url().clone();
                    match resp.bytes().await {
                        Err(e) => Failure::from_reqwest(e),
                        Ok(body) if status.as_u16() < 400 => {
                            if let Some(budget) = &shared.budget {
                                budget.deposit();
                            }
                            span.record("duration_ms", started.elapsed().as_millis() as u64);
                            return Ok((
                                ResponseMeta {
                                    status,
                                    headers,
                                    url,
                                    attempts: attempt,
                                },
                                body,
                            ));
                        }
                        Ok(body) => {
                            if status == http::StatusCode::UNAUTHORIZED
                                && !reauthenticated
                                && self.invalidate_token(call, token.as_ref())
                            {
                                // The cached token was revoked or rotated early: one fresh
                                // token, one more attempt, outside the retry count.
                                reauthenticated = true;
                                tracing::debug!("401 with a cached token; fetching a new token");
                                continue;
                            }
                            Failure::Status(Box::new(ApiError::new(op.id, status, headers, url, &body)))
                        }
                    }
                }
            };
            let reason = failure.reason();
            let server_headers = match &failure {
                Failure::Status(api) => Some(&api.headers),
                _ => None,
            };
            let rate_limited = matches!(reason, RetryReason::Status(s) if s == http::StatusCode::TOO_MANY_REQUESTS);
            let (delay, delay_source) = policy.delay(attempt, server_headers, rate_limited);
            // The budget is drawn from last, only when the retry will really happen.
            let may_retry = retries < policy.get_max_retries()
                && policy.allows(op.method, reason)
                && policy.within_elapsed(started.elapsed(), delay)
                && shared.budget.as_ref().is_none_or(|b| b.try_withdraw());
            if !may_retry {
                span.record("duration_ms", started.elapsed().as_millis() as u64);
                return Err(failure.into_error(op.id, timeout));
            }
            let event = RetryEvent {
                operation: op.id,
                attempt,
                reason,
                delay,
                delay_source,
            };
            tracing::debug!(?reason, ?delay, ?delay_source, "retrying");
            if let Some(hooks) = &shared.hooks {
                hooks.on_retry(op, &event);
            }
            retries += 1;
            tokio::time::sleep(delay).await;
        }
    }

    /// The per-request token, else the token source's, else none.
    async fn token_for(&self, call: &Call) -> Result<Option<SecretString>, Error> {
        if let Some(token) = &call.options.bearer_token {
            return Ok(Some(token.clone()));
        }
        match &self.inner.token {
            Some(source) => source.token_for(call.op.scopes).await.map(Some),
            None => Ok(None),
        }
    }

    /// After a 401: whether a fresh token might help (only for the client's own cached
    /// source, never for a caller-supplied token).
    fn invalidate_token(&self, call: &Call, used: Option<&SecretString>) -> bool {
        match (&self.inner.token, used) {
            (Some(source), Some(used)) if call.options.bearer_token.is_none() => source.invalidate(used),
            _ => false,
        }
    }
}
