//! Responses: typed data plus what came over the wire. (Interface stub.)

/// Status, headers and final URL of a response.
#[derive(Clone, Debug)]
pub struct ResponseMeta {
    /// HTTP status.
    pub status: http::StatusCode,
    /// Headers.
    pub headers: http::HeaderMap,
    /// Final URL.
    pub url: url::Url,
}

/// Typed data with the raw response it came from.
#[derive(Clone, Debug)]
pub struct Response<T> {
    /// The decoded data.
    pub data: T,
    /// Status, headers, URL.
    pub meta: ResponseMeta,
}

impl<T> Response<T> {
    /// The data, dropping the metadata.
    pub fn into_data(self) -> T {
        self.data
    }
}
