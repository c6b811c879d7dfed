//! The futures generated `send` and `send_with_raw` methods return.
//!
//! Each owns its [`Transport`] and [`Call`], so it is `Send + 'static` and can be spawned.
//! They are written once here, generically, instead of as two `async` blocks in each of the
//! ~480 generated operations: every `async` block is a separate coroutine that rustc
//! type-checks and borrow-checks, which showed up in the sdk's compile time and memory.

use serde::de::DeserializeOwned;

use super::Transport;
use crate::runtime::{Call, Error, Page, Response};

impl Transport {
    /// [`Transport::send_json`], owning the transport.
    pub async fn send_json_owned<T: DeserializeOwned>(self, call: Call) -> Result<Response<T>, Error> {
        self.send_json(call).await
    }

    /// [`Transport::send_empty`], owning the transport.
    pub async fn send_empty_owned(self, call: Call) -> Result<Response<()>, Error> {
        self.send_empty(call).await
    }

    /// [`Transport::send_text`], owning the transport.
    pub async fn send_text_owned(self, call: Call) -> Result<Response<String>, Error> {
        self.send_text(call).await
    }

    /// [`Transport::send_bytes`], owning the transport.
    pub async fn send_bytes_owned(self, call: Call) -> Result<Response<bytes::Bytes>, Error> {
        self.send_bytes(call).await
    }

    /// [`Transport::send_paged`], owning the transport.
    pub async fn send_paged_owned<T: DeserializeOwned + Send + 'static>(self, call: Call) -> Result<Page<T>, Error> {
        self.send_paged(call).await
    }
}

/// The data of a response, without its status and headers: what generated `send` returns.
pub async fn data_only<T>(raw: impl Future<Output = Result<Response<T>, Error>>) -> Result<T, Error> {
    Ok(raw.await?.data)
}
