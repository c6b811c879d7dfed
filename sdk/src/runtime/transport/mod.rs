//! Sends [`Call`]s: authentication, telemetry, retries, timeouts, tracing, decoding.
//!
//! Shared by the Management client (base `https://{domain}/api/v2`, with a token source) and
//! the Authentication client (base `https://{domain}`, no token source or a per-request
//! bearer token). Everything non-generic lives in [`execute`]; the `send_*` methods only
//! decode, so each generated operation adds almost no code.

mod builder;
mod execute;
mod request;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::decode::decode_json;
use super::retry::BudgetState;
use super::{Call, DecodeError, Error, Hooks, Page, Response, RetryPolicy, TokenSource};
pub use builder::TransportBuilder;
pub(crate) use builder::{DEFAULT_TIMEOUT, default_client};

/// The shared HTTP machinery behind every client. Cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Without a trailing slash; paths start with one.
    base_url: String,
    token: Option<TokenSource>,
    retry: RetryPolicy,
    budget: Option<BudgetState>,
    timeout: Duration,
    /// `User-Agent` and (unless opted out) `Auth0-Client`.
    default_headers: http::HeaderMap,
    /// `Auth0-Custom-Domain`, sent only on operations that accept it.
    custom_domain: Option<http::HeaderValue>,
    hooks: Option<Arc<dyn Hooks>>,
    /// A configuration error found by an infallible constructor, reported by every call.
    deferred_error: Option<String>,
}

impl Transport {
    /// Starts configuring a transport for `base_url` (no trailing slash needed).
    pub fn builder(base_url: impl Into<String>) -> TransportBuilder {
        TransportBuilder::new_for(base_url)
    }

    /// The base URL requests are sent to (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The token source, if requests are authenticated.
    pub fn token_source(&self) -> Option<&TokenSource> {
        self.inner.token.as_ref()
    }

    /// The underlying reqwest client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Sends and decodes a JSON response (an empty body decodes as `null`).
    pub async fn send_json<T: DeserializeOwned>(&self, call: Call) -> Result<Response<T>, Error> {
        let (meta, body) = self.execute(&call).await?;
        let data = decode_json(call.op.id, &meta, &body)?;
        Ok(Response { data, meta })
    }

    /// Sends and ignores the body.
    pub async fn send_empty(&self, call: Call) -> Result<Response<()>, Error> {
        let (meta, _) = self.execute(&call).await?;
        Ok(Response { data: (), meta })
    }

    /// Sends and returns the body as UTF-8 text.
    pub async fn send_text(&self, call: Call) -> Result<Response<String>, Error> {
        let (meta, body) = self.execute(&call).await?;
        match String::from_utf8(body.into()) {
            Ok(data) => Ok(Response { data, meta }),
            Err(e) => Err(Error::Decode(Box::new(DecodeError {
                operation: call.op.id,
                status: meta.status,
                path: ".".to_owned(),
                message: e.utf8_error().to_string(),
                excerpt: String::new(),
            }))),
        }
    }

    /// Sends and returns the body bytes.
    pub async fn send_bytes(&self, call: Call) -> Result<Response<bytes::Bytes>, Error> {
        let (meta, data) = self.execute(&call).await?;
        Ok(Response { data, meta })
    }

    /// Sends a list call and returns its first page (see [`Page`]).
    pub async fn send_paged<T: DeserializeOwned + Send + 'static>(&self, call: Call) -> Result<Page<T>, Error> {
        super::pagination::first_page(self.clone(), call).await
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Transport")
            .field("base_url", &inner.base_url)
            .field("token", &inner.token)
            .field("retry", &inner.retry)
            .field("retry_budget", &inner.budget.is_some())
            .field("timeout", &inner.timeout)
            .field("telemetry", &inner.default_headers.contains_key("auth0-client"))
            .field("custom_domain", &inner.custom_domain)
            .field("hooks", &inner.hooks)
            .finish_non_exhaustive()
    }
}
