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

use serde::de::DeserializeOwned;

use super::client_auth::ClientAuth;
use super::config::ClientConfig;
use super::decode::decode_json;
use super::{Call, DecodeError, Error, Page, Response, SecretString, TokenSource};
pub(crate) use builder::TransportBuilder;

/// The shared HTTP machinery behind every client: one base URL, how requests are
/// authenticated, and the [`ClientConfig`] it was built from. Cheap to clone (one `Arc`).
/// Only generated code and the runtime use it.
#[doc(hidden)]
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientConfig,
    /// Without a trailing slash; paths start with one.
    base_url: String,
    token: Option<TokenSource>,
    /// Client authentication for operations that take it (`OperationSpec::client_auth`).
    client_auth: Option<ClientAuth>,
    /// `Auth0-Custom-Domain`, sent only on operations that accept it.
    custom_domain: Option<http::HeaderValue>,
    /// The tenant-wide rate limit these calls count against, paced by the config's governor.
    rate_bucket: Option<String>,
    /// A configuration error found by an infallible constructor, reported by every call.
    deferred_error: Option<String>,
}

impl Transport {
    /// The base URL requests are sent to (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The config this transport was built from.
    pub(crate) fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// Sends and decodes a JSON response (an empty body decodes as `null`).
    pub async fn send_json<T: DeserializeOwned>(&self, call: Call) -> Result<Response<T>, Error> {
        let (meta, body, token) = self.execute(&call).await?;
        let data = decode_json(call.op.id, &meta, &body).map_err(|e| self.scrub_decode(e, &call, token.as_ref()))?;
        Ok(Response { data, meta })
    }

    /// Sends and ignores the body.
    pub async fn send_empty(&self, call: Call) -> Result<Response<()>, Error> {
        let (meta, _, _) = self.execute(&call).await?;
        Ok(Response { data: (), meta })
    }

    /// Sends and returns the body as UTF-8 text.
    pub async fn send_text(&self, call: Call) -> Result<Response<String>, Error> {
        let (meta, body, _) = self.execute(&call).await?;
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
        let (meta, data, _) = self.execute(&call).await?;
        Ok(Response { data, meta })
    }

    /// A decode error fit to keep: serde quotes the values it rejects and the excerpt is the
    /// body itself, so every secret the call carried is replaced; of a token response (which
    /// may hold fresh tokens) only where it failed is kept.
    pub(crate) fn scrub_decode(&self, error: Error, call: &Call, token: Option<&SecretString>) -> Error {
        let Error::Decode(mut d) = error else { return error };
        if call.op.client_auth {
            d.excerpt = String::from("[withheld: token response]");
            d.message = String::from("[withheld: token response]");
        } else {
            let secrets = request::attempt_secrets(&self.inner, call, token, Default::default());
            d.excerpt = secrets.scrub(&d.excerpt).into_owned();
            d.message = secrets.scrub(&d.message).into_owned();
        }
        Error::Decode(d)
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
            .field("client_auth", &inner.client_auth)
            .field("custom_domain", &inner.custom_domain)
            .field("config", &inner.config)
            .finish_non_exhaustive()
    }
}
