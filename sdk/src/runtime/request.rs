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

use futures_util::FutureExt;

use super::kind::ResponseKind;
use super::{Call, Error, OperationSpec, RequestOptions, Transport};

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

    super::option_setters!();
}

impl<P> super::HasOptions for Request<P> {
    fn options_mut(&mut self) -> &mut RequestOptions {
        &mut self.options
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
