//! Turning response bodies into typed data, and describing precisely why that failed.

use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed};

use super::{Error, ResponseMeta};

/// The most of a body kept in a [`DecodeError`].
const EXCERPT_LIMIT: usize = 512;

/// A 2xx response whose body was not the JSON the operation promises.
#[derive(Clone)]
pub struct DecodeError {
    pub(crate) operation: &'static str,
    pub(crate) status: http::StatusCode,
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) excerpt: String,
}

impl DecodeError {
    /// The operation id.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }

    /// Where in the document decoding failed, e.g. `users[3].identities[0].provider`
    /// (`.` when it failed at the top level).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What serde reported.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The start of the body (512 bytes at most). Kept out of `Debug` and `Display` because
    /// a response can hold secrets (client secrets, tokens): log it only deliberately.
    pub fn body_excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("path", &self.path)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: HTTP {} response could not be decoded at `{}`: {}",
            self.operation, self.status, self.path, self.message
        )
    }
}

impl std::error::Error for DecodeError {}

/// An empty body decodes as JSON `null`, so `()` and `Option<T>` work on 204-style replies.
fn non_empty(body: &[u8]) -> &[u8] {
    if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    }
}

/// Decodes `body` as `T`; on failure, decodes again tracking the path (the slow path is paid
/// only by failures).
pub(crate) fn decode_json<T: DeserializeOwned>(
    operation: &'static str,
    meta: &ResponseMeta,
    body: &[u8],
) -> Result<T, Error> {
    let input = non_empty(body);
    match serde_json::from_slice(input) {
        Ok(value) => Ok(value),
        Err(error) => Err(decode_failure(operation, meta, input, error, |de| {
            serde_path_to_error::deserialize::<_, T>(de).map(drop)
        })),
    }
}

/// Like [`decode_json`] with a seed (used by the page decoder).
pub(crate) fn decode_seed<'de, S>(
    operation: &'static str,
    meta: &ResponseMeta,
    body: &'de [u8],
    seed: S,
) -> Result<S::Value, Error>
where
    S: DeserializeSeed<'de> + Clone,
{
    let input = non_empty(body);
    let mut de = serde_json::Deserializer::from_slice(input);
    let result = seed
        .clone()
        .deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value));
    match result {
        Ok(value) => Ok(value),
        Err(error) => Err(decode_failure(operation, meta, input, error, |de| {
            let mut track = serde_path_to_error::Track::new();
            let tracked = serde_path_to_error::Deserializer::new(de, &mut track);
            let result = seed.deserialize(tracked);
            match result {
                Ok(_) => Ok(()),
                Err(inner) => Err(serde_path_to_error::Error::new(track.path(), inner)),
            }
        })),
    }
}

#[cold]
fn decode_failure<'de>(
    operation: &'static str,
    meta: &ResponseMeta,
    input: &'de [u8],
    error: serde_json::Error,
    with_path: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>,
    ) -> Result<(), serde_path_to_error::Error<serde_json::Error>>,
) -> Error {
    let mut de = serde_json::Deserializer::from_slice(input);
    let (path, message) = match with_path(&mut de) {
        Err(tracked) => (tracked.path().to_string(), tracked.into_inner().to_string()),
        Ok(()) => (".".to_owned(), error.to_string()),
    };
    let end = input.len().min(EXCERPT_LIMIT);
    let excerpt = String::from_utf8_lossy(&input[..end]).into_owned();
    Error::Decode(Box::new(DecodeError {
        operation,
        status: meta.status,
        path,
        message,
        excerpt,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> ResponseMeta {
        ResponseMeta {
            status: http::StatusCode::OK,
            headers: http::HeaderMap::new(),
            url: "http://localhost/".parse().unwrap(),
            attempts: 1,
        }
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct User {
        identities: Vec<Identity>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Identity {
        provider: String,
    }

    #[test]
    fn failure_names_the_path_and_hides_the_body() {
        let body = br#"{"identities":[{"provider":"auth0"},{"provider":7}],"secret":"s3cr3t"}"#;
        let err = decode_json::<User>("get_user", &meta(), body).unwrap_err();
        let Error::Decode(d) = &err else {
            panic!("decode error expected: {err:?}")
        };
        assert_eq!(d.path(), "identities[1].provider");
        assert!(d.body_excerpt().contains("s3cr3t"));
        assert!(!format!("{err} {err:?}").contains("s3cr3t"));
    }

    #[test]
    fn html_is_never_data_and_empty_is_null() {
        assert!(decode_json::<serde_json::Value>("op", &meta(), b"<html>hi</html>").is_err());
        decode_json::<()>("op", &meta(), b"").unwrap();
        assert_eq!(decode_json::<Option<u8>>("op", &meta(), b" ").unwrap(), None);
    }
}
