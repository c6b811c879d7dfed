//! The SDK's error type. (Interface stub: the runtime issue fleshes this out.)

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The API answered with an error status.
    #[error("API error: HTTP {status}")]
    Api {
        /// The status.
        status: u16,
        /// The body.
        body: String,
    },
    /// Sending failed.
    #[error("transport error: {0}")]
    Transport(String),
    /// The body was not what was expected.
    #[error("decode error: {0}")]
    Decode(String),
}

impl Error {
    /// An invalid-request error.
    pub fn invalid_request(message: impl Into<String>) -> Error {
        Error::InvalidRequest(message.into())
    }
}
