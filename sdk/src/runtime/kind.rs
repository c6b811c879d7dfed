//! How an operation's response is read: the [`ResponseKind`] an [`Operation`](super::Operation)
//! names, which decides what `send` and `send_with_raw` return.

use std::future::Future;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::{Call, Error, Page, Response, Transport};

/// How an operation's response is read, and what `send` and `send_with_raw` return.
pub trait ResponseKind {
    /// What `send_with_raw` returns: the data with the response's status, headers and URL.
    type Raw: Send + 'static;
    /// What `send` returns.
    type Data: Send + 'static;
    /// Runs the call.
    fn send(transport: Transport, call: Call) -> impl Future<Output = Result<Self::Raw, Error>> + Send + 'static;
    /// The data of a raw result.
    fn data(raw: Self::Raw) -> Self::Data;
}

/// A JSON response decoded as `T`.
pub struct Json<T>(PhantomData<fn() -> T>);
/// A response whose body is ignored.
pub struct Empty;
/// A UTF-8 text response.
pub struct Text;
/// A response kept as bytes.
pub struct Bytes;
/// A list response of `T` items, read page by page (see [`Page`]).
pub struct Paged<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned + Send + 'static> ResponseKind for Json<T> {
    type Raw = Response<T>;
    type Data = T;
    async fn send(transport: Transport, call: Call) -> Result<Response<T>, Error> {
        transport.send_json(call).await
    }
    fn data(raw: Response<T>) -> T {
        raw.data
    }
}

impl ResponseKind for Empty {
    type Raw = Response<()>;
    type Data = ();
    async fn send(transport: Transport, call: Call) -> Result<Response<()>, Error> {
        transport.send_empty(call).await
    }
    fn data(_: Response<()>) {}
}

impl ResponseKind for Text {
    type Raw = Response<String>;
    type Data = String;
    async fn send(transport: Transport, call: Call) -> Result<Response<String>, Error> {
        transport.send_text(call).await
    }
    fn data(raw: Response<String>) -> String {
        raw.data
    }
}

impl ResponseKind for Bytes {
    type Raw = Response<bytes::Bytes>;
    type Data = bytes::Bytes;
    async fn send(transport: Transport, call: Call) -> Result<Response<bytes::Bytes>, Error> {
        transport.send_bytes(call).await
    }
    fn data(raw: Response<bytes::Bytes>) -> bytes::Bytes {
        raw.data
    }
}

/// A page already carries its response's status and headers ([`Page::meta`]), so both
/// `send` and `send_with_raw` return the first page.
impl<T: DeserializeOwned + Send + 'static> ResponseKind for Paged<T> {
    type Raw = Page<T>;
    type Data = Page<T>;
    async fn send(transport: Transport, call: Call) -> Result<Page<T>, Error> {
        transport.send_paged(call).await
    }
    fn data(raw: Page<T>) -> Page<T> {
        raw
    }
}
