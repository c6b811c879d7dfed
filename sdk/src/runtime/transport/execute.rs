//! The attempt loop: authenticate, send, read within limits, classify, retry or return. Not
//! generic, so it is compiled once for all operations.

use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use secrecy::SecretString;
use tracing::Instrument;
use tracing::field::Empty;

use super::{Inner, Transport, request};
use crate::runtime::{ApiError, Attempts, Call, Error, ResponseMeta, RetryEvent, RetryReason};

/// The most of an error response's body that is read (and kept in an [`ApiError`]); the rest
/// is never downloaded, so a huge error page costs nothing.
pub(crate) const ERROR_BODY_LIMIT: usize = 8 * 1024;

/// Why an attempt failed, kept until the retry decision is made.
enum Failure {
    Status(Box<ApiError>),
    /// `sent`: the request had gone out (`false` while still connecting).
    Timeout {
        sent: bool,
    },
    Connection {
        source: reqwest::Error,
        sent: bool,
    },
    BodyInterrupted {
        status: http::StatusCode,
        source: reqwest::Error,
    },
    TooLarge {
        status: http::StatusCode,
        limit: u64,
    },
}

impl Failure {
    /// A failure before any response arrived. reqwest reports connect-phase failures
    /// (refused, DNS, TLS, connect timeout) as `is_connect`: nothing was written then.
    fn sending(error: reqwest::Error) -> Failure {
        let sent = !error.is_connect();
        if error.is_timeout() {
            Failure::Timeout { sent }
        } else {
            Failure::Connection { source: error, sent }
        }
    }

    fn reason(&self) -> RetryReason {
        match self {
            Failure::Status(api) => RetryReason::Status(api.status),
            Failure::Timeout { .. } => RetryReason::Timeout,
            Failure::Connection { sent: false, .. } => RetryReason::ConnectFailed,
            Failure::Connection { sent: true, .. } => RetryReason::Connection,
            Failure::BodyInterrupted { .. } => RetryReason::BodyInterrupted,
            Failure::TooLarge { .. } => RetryReason::TooLarge,
        }
    }

    fn into_error(self, operation: &'static str, timeout: Duration, attempts: Attempts) -> Error {
        match self {
            Failure::Status(mut api) => {
                api.attempts = attempts;
                Error::Api(api)
            }
            Failure::Timeout { sent } => Error::Timeout {
                operation,
                timeout,
                attempts,
                sent,
            },
            Failure::Connection { source, sent } => Error::Connection {
                operation,
                source,
                attempts,
                sent,
            },
            Failure::BodyInterrupted { status, source } => Error::BodyInterrupted {
                operation,
                status,
                source,
                attempts,
            },
            Failure::TooLarge { status, limit } => Error::ResponseTooLarge {
                operation,
                status,
                limit,
                attempts,
            },
        }
    }
}

/// How reading a body ended badly.
enum ReadFailure {
    Interrupted(reqwest::Error),
    TooLarge,
}

/// Reads at most `limit` bytes of `response`'s body. `truncate`: stop quietly at the limit
/// (error bodies: only the start is kept); otherwise a larger body is [`ReadFailure::TooLarge`].
/// Either way nothing past the limit is downloaded: dropping the response closes the stream.
async fn read_body(response: &mut reqwest::Response, limit: usize, truncate: bool) -> Result<Bytes, ReadFailure> {
    if !truncate && response.content_length().is_some_and(|len| len > limit as u64) {
        return Err(ReadFailure::TooLarge);
    }
    let capacity = response
        .content_length()
        .map_or(0, |len| len.min(limit as u64) as usize);
    let mut body = BytesMut::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(ReadFailure::Interrupted)? {
        if body.len() + chunk.len() > limit {
            if truncate {
                body.extend_from_slice(&chunk[..limit - body.len()]);
                break;
            }
            return Err(ReadFailure::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Records a field of the call's span, when there is one.
fn record(span: Option<&tracing::Span>, field: &str, value: impl tracing::Value) {
    if let Some(span) = span {
        span.record(field, value);
    }
}

impl Transport {
    /// Runs `call` to a final response (2xx/3xx) or error, retrying as its policy allows.
    ///
    /// Also returns the token the successful attempt carried, so a body that then fails to
    /// decode can be scrubbed of it.
    pub(crate) async fn execute(&self, call: &Call) -> Result<(ResponseMeta, Bytes, Option<SecretString>), Error> {
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
        // With no subscriber listening the span is disabled: skip entering it on every poll
        // and recording into it (with tracing's `log` feature on, each of those costs).
        if span.is_disabled() {
            return Box::pin(self.execute_in_span(call, None)).await;
        }
        Box::pin(self.execute_in_span(call, Some(&span)))
            .instrument(span.clone())
            .await
    }

    async fn execute_in_span(
        &self,
        call: &Call,
        span: Option<&tracing::Span>,
    ) -> Result<(ResponseMeta, Bytes, Option<SecretString>), Error> {
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
        let started = Instant::now();
        let deadline = policy.get_max_elapsed().map(|limit| started + limit);
        let mut attempt = 0u32;
        let mut retries = 0u32;
        let mut reauthenticated = false;
        loop {
            attempt += 1;
            record(span, "attempt", attempt);
            let token = self.token_for(call).await?;
            if let Some(bucket) = &inner.rate_bucket {
                let wait = shared.pacer.reserve(bucket).get().await;
                // The governor's wait counts against the call's deadline, and takes at most
                // half of what is left, so the attempt still has time to be sent and answered
                // (the server may then refuse it with a 429, which is retried as usual).
                let wait = match deadline {
                    Some(deadline) => wait.min(deadline.saturating_duration_since(Instant::now()) / 2),
                    None => wait,
                };
                if !wait.is_zero() {
                    tracing::trace!(?wait, "waiting for the rate governor");
                    tokio::time::sleep(wait).await;
                }
            }
            // No attempt runs past the call's deadline.
            let attempt_timeout = match deadline {
                Some(deadline) => timeout.min(deadline.saturating_duration_since(Instant::now())),
                None => timeout,
            };
            // Built per attempt and moved into the request: cheaper than one map cloned into
            // every attempt, as most calls have one.
            let headers = request::headers(inner, call)?;
            let (mut req, secrets) = request::build(inner, call, &url, headers, token.as_ref(), attempt_timeout)?;
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
                Err(e) => Failure::sending(e),
                Ok(mut resp) => {
                    let status = resp.status();
                    record(span, "status", status.as_u16());
                    let is_error = status.as_u16() >= 400;
                    let (limit, truncate) = if is_error {
                        (ERROR_BODY_LIMIT, true)
                    } else {
                        (shared.max_response_size, false)
                    };
                    let read = read_body(&mut resp, limit, truncate).await;
                    let headers = std::mem::take(resp.headers_mut());
                    let url = resp.url().clone();
                    drop(resp);
                    if let Some(bucket) = &inner.rate_bucket {
                        shared
                            .pacer
                            .observe(bucket, status, &headers, policy.get_max_server_delay())
                            .get()
                            .await;
                    }
                    match read {
                        Err(ReadFailure::Interrupted(source)) if source.is_timeout() => Failure::Timeout { sent: true },
                        Err(ReadFailure::Interrupted(source)) => Failure::BodyInterrupted { status, source },
                        Err(ReadFailure::TooLarge) => Failure::TooLarge {
                            status,
                            limit: limit as u64,
                        },
                        Ok(body) if !is_error => {
                            if let Some(budget) = &shared.budget {
                                budget.deposit();
                            }
                            record(span, "duration_ms", started.elapsed().as_millis() as u64);
                            return Ok((
                                ResponseMeta {
                                    status,
                                    headers,
                                    url,
                                    attempts: attempt,
                                },
                                body,
                                token,
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
                            let secrets = request::attempt_secrets(inner, call, token.as_ref(), secrets);
                            Failure::Status(Box::new(ApiError::new(op.id, status, headers, url, &body, &secrets)))
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
            let mut attempts = Attempts {
                count: attempt,
                method: op.method,
                budget_exhausted: false,
            };
            let policy_allows = retries < policy.get_max_retries()
                && policy.allows(op.method, reason)
                && policy.within_elapsed(started.elapsed(), delay);
            // The budget guards against storms of failures; a 429 that says when to come back
            // is the server pacing us, and is bounded by the policy alone. It is drawn from
            // last, only when the retry will really happen.
            let paced_by_server = rate_limited && delay_source != crate::runtime::DelaySource::Backoff;
            let budget_allows = || paced_by_server || shared.budget.as_ref().is_none_or(|b| b.try_withdraw());
            if !policy_allows || !budget_allows() {
                attempts.budget_exhausted = policy_allows;
                record(span, "duration_ms", started.elapsed().as_millis() as u64);
                return Err(failure.into_error(op.id, attempt_timeout, attempts));
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
