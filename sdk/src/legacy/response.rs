//! v4's `ApiResponse<T>`: what every legacy call returns.

use crate::runtime::ResponseMeta;

/// node-auth0 v4's `ApiResponse<T>`: the decoded body with the response's status and headers.
///
/// Lists are returned as Auth0 sent them (no auto-pagination): with `include_totals: true` the
/// totals wrapper, otherwise the array, as the operation's response type (a union of both).
#[derive(Clone, Debug)]
pub struct ApiResponse<T> {
    /// The decoded body (`()` for an empty response).
    pub data: T,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The HTTP status code.
    pub status: u16,
    /// The status's reason phrase (`"OK"`), as fetch's `statusText`.
    pub status_text: String,
}

impl<T> ApiResponse<T> {
    /// From the current API's data and response metadata.
    pub fn from_parts(data: T, meta: ResponseMeta) -> Self {
        ApiResponse {
            data,
            status: meta.status.as_u16(),
            status_text: meta.status.canonical_reason().unwrap_or_default().to_owned(),
            headers: meta.headers,
        }
    }

    /// From a current [`Response`](crate::Response).
    pub fn from_response(response: crate::Response<T>) -> Self {
        let (data, meta) = response.into_parts();
        ApiResponse::from_parts(data, meta)
    }

    /// Converts the data, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            data: f(self.data),
            headers: self.headers,
            status: self.status,
            status_text: self.status_text,
        }
    }
}
