//! [`Request`]: the builder every generated operation returns.
//!
//! A generated operation is a parameters struct implementing [`Operation`] (its spec, how
//! its response is read, and how it becomes a [`Call`]) plus setters for its optional
//! parameters on `Request<ItsParams>`. Everything common (per-request options, `send`,
//! `send_with_raw`) is written once here. Why: the same nine option setters and two send
//! methods generated into each of ~480 builders were a measurable share of the sdk's compile
//! time and rustc memory, and one definition is one place to read and document.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use futures_util::FutureExt;

use super::kind::ResponseKind;
use super::{Call, Error, OperationSpec, RequestOptions, RetryPolicy, SecretString, Transport};

/// The parameters of one API operation, as generated from the spec.
pub trait Operation: Sized {
    /// The operation's id, method, path template, custom-domain and pagination facts.
    const OPERATION: OperationSpec;
    /// How the response is read: one of the [`kind`](super::kind) types.
    type Response: ResponseKind;
    /// The call for these parameters: path arguments, query, headers and body.
    fn into_call(self) -> Call;
}

/// A request for one operation, built with setters and run with `.send().await`.
///
/// `P` is the operation's generated parameters struct; each operation also has a named alias
/// (for example `GetUsersRequest`) whose documentation describes the endpoint.
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct Request<P> {
    transport: Transport,
    pub(crate) params: P,
    options: RequestOptions,
}

impl<P: fmt::Debug> fmt::Debug for Request<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("params", &self.params)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<P> Request<P> {
    /// A request with these parameters on this transport; used by generated group methods.
    #[doc(hidden)]
    pub fn new(transport: Transport, params: P) -> Self {
        Request {
            transport,
            params,
            options: RequestOptions::default(),
        }
    }

    /// Replaces all per-request options.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Adds a header to this request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.header(name, value);
        self
    }

    /// Adds a query parameter, replacing a typed one of the same name.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.query_param(name, value);
        self
    }

    /// Sets the timeout of each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options = self.options.timeout(timeout);
        self
    }

    /// Sets how many times this request may be retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options = self.options.max_retries(retries);
        self
    }

    /// Allows retrying this request after a 5xx, timeout or dropped connection even if its
    /// method is not idempotent.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.options = self.options.retry_non_idempotent(allow);
        self
    }

    /// Sends `Auth0-Custom-Domain: domain` with this request.
    pub fn custom_domain(mut self, domain: impl Into<String>) -> Self {
        self.options = self.options.custom_domain(domain);
        self
    }

    /// Replaces the retry policy for this request.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options = self.options.retry_policy(policy);
        self
    }

    /// Authenticates this request with `token` instead of the client's token source.
    pub fn bearer_token(mut self, token: impl Into<SecretString>) -> Self {
        self.options = self.options.bearer_token(token);
        self
    }
}

impl<P: Operation> Request<P> {
    /// What the runtime knows about this operation.
    pub const OPERATION: OperationSpec = P::OPERATION;

    fn into_parts(self) -> (Transport, Call) {
        let mut call = self.params.into_call();
        call.options(self.options);
        (self.transport, call)
    }

    /// Sends the request and returns the response data (for a list: the first page; continue
    /// with [`Page::next_page`](super::Page::next_page) or stream every item).
    pub fn send(self) -> impl Future<Output = Result<<P::Response as ResponseKind>::Data, Error>> + Send + 'static {
        // `map`, not an `async` block: a block would hold the raw future twice (as captured
        // value and as awaited future), doubling what every caller moves around.
        self.send_with_raw().map(|raw| raw.map(P::Response::data))
    }

    /// Sends the request and returns the data with the response's status, headers and URL.
    pub fn send_with_raw(
        self,
    ) -> impl Future<Output = Result<<P::Response as ResponseKind>::Raw, Error>> + Send + 'static {
        let (transport, call) = self.into_parts();
        P::Response::send(transport, call)
    }
}
