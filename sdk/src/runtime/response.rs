//! Responses: typed data plus what came over the wire.

use super::RateLimit;

/// Status, headers and final URL of a response (the "raw" side of every call).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// HTTP status. A redirect (3xx) is returned as is, never followed.
    pub status: http::StatusCode,
    /// Response headers.
    pub headers: http::HeaderMap,
    /// The URL that answered.
    pub url: url::Url,
    /// How many attempts the call took (1 when it was not retried).
    pub attempts: u32,
}

impl ResponseMeta {
    /// Auth0's rate-limit headers, if present.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// A header's value as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The `Location` header, e.g. of a 302 from an authorize or logout endpoint.
    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }
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

    /// The data and the metadata.
    pub fn into_parts(self) -> (T, ResponseMeta) {
        (self.data, self.meta)
    }

    /// The HTTP status.
    pub fn status(&self) -> http::StatusCode {
        self.meta.status
    }

    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.meta.headers
    }

    /// Converts the data, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            data: f(self.data),
            meta: self.meta,
        }
    }
}
