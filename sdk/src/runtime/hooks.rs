//! Extension points around each attempt (progenitor's pre/exec/post hooks), which see the
//! operation being run.

use futures_util::future::BoxFuture;

use super::{BoxError, OperationSpec, RetryEvent, SharedStoreEvent};

/// Code run around every attempt of every call. All methods have defaults; implement only
/// what you need.
///
/// ```
/// use auth0_sdk::runtime::{BoxError, Hooks, OperationSpec};
///
/// #[derive(Debug)]
/// struct RequestId;
///
/// impl Hooks for RequestId {
///     fn pre(&self, op: &'static OperationSpec, request: &mut reqwest::Request) -> Result<(), BoxError> {
///         request.headers_mut().insert("x-request-id", format!("{}-1", op.id).parse()?);
///         Ok(())
///     }
/// }
/// ```
pub trait Hooks: Send + Sync + std::fmt::Debug + 'static {
    /// Called before each attempt, after the runtime has set every header; may change the
    /// request. An error fails the call with [`Error::Hook`](super::Error::Hook), unretried.
    fn pre(&self, _op: &'static OperationSpec, _request: &mut reqwest::Request) -> Result<(), BoxError> {
        Ok(())
    }

    /// Sends the request. The default is `client.execute(request)`; override to route
    /// through something else (a test double, a proxy-aware client, a recorder).
    fn exec<'a>(
        &'a self,
        client: &'a reqwest::Client,
        _op: &'static OperationSpec,
        request: reqwest::Request,
    ) -> BoxFuture<'a, Result<reqwest::Response, reqwest::Error>> {
        Box::pin(client.execute(request))
    }

    /// Called after each attempt with the response head (the body is still unread) or the
    /// error.
    fn post(&self, _op: &'static OperationSpec, _result: Result<&reqwest::Response, &reqwest::Error>) {}

    /// Called before the runtime waits to retry.
    fn on_retry(&self, _op: &'static OperationSpec, _event: &RetryEvent) {}

    /// Called when a shared token cache or rate governor stops answering (calls go on with
    /// local behaviour) and when it answers again: once per change, not per call. A place
    /// to count or alert on outages of the fleet's Redis.
    fn on_shared_store(&self, _event: &SharedStoreEvent) {}
}
