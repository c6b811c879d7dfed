//! The contract suite: every generated operation of the Management, Authentication, My Account
//! and My Organization APIs,
//! called with minimal valid arguments against [Stoplight Prism](https://stoplight.io/open-source/prism)
//! mocking a test copy of the pinned spec.
//!
//! For each operation the suite checks that
//! 1. Prism accepted the request (no request-validation error, read from `sl-violations`);
//! 2. the SDK decoded Prism's response into the generated type;
//! 3. Prism's own response was valid for the spec (a response-validating `prism proxy` sits in
//!    front of the mock and reports violations in `sl-violations`).
//!
//! Failures caused by the spec itself are listed with their reason in `known-defects.toml`; any
//! other failure fails the suite. Run it with
//! `cargo test -p auth0-contract-tests --test contract -- --ignored --nocapture`
//! after `npm ci` in `tests/` (see [`suite`]).
//!
//! The per-operation dispatchers (`generated_*.rs`) are written by `cargo xtask regenerate`;
//! this crate root provides what they call: [`Sample`], [`Outcome`] and [`finish`].

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The README's Rust examples, compiled as doc tests so the README documents only what exists.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
mod readme_examples {}

pub mod defects;
pub mod prism;
pub mod suite;

#[rustfmt::skip]
mod generated_authentication;
#[rustfmt::skip]
mod generated_management;
#[rustfmt::skip]
mod generated_my_account;
#[rustfmt::skip]
mod generated_my_organization;

/// Minimal valid arguments for one operation, drawn from the pinned spec by `prepare.mjs`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Sample {
    /// HTTP method, as in the spec.
    #[serde(default)]
    pub method: String,
    /// Path template, as in the spec.
    #[serde(default)]
    pub path: String,
    /// Whether the operation requires a bearer token (the others are public).
    #[serde(default)]
    pub bearer: bool,
    /// Whether the operation only redirects: sent straight to the mock, because Prism's
    /// proxy would follow the redirect.
    #[serde(default)]
    pub direct: bool,
    /// Path parameters by name.
    #[serde(default)]
    pub path_params: BTreeMap<String, Value>,
    /// Required query parameters by name.
    #[serde(default)]
    pub query: BTreeMap<String, Value>,
    /// The JSON (or form/multipart, as JSON) body, when the operation has one.
    #[serde(default)]
    pub body: Option<Value>,
    /// A body that is not JSON (XML, text), when the operation has one.
    #[serde(default)]
    pub raw_body: Option<String>,
}

impl Sample {
    /// The path parameter `name` as text (numbers and booleans are formatted; a missing
    /// parameter becomes `"missing"`, which Prism then reports).
    pub fn path(&self, name: &str) -> String {
        match self.path_params.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => "missing".to_owned(),
        }
    }

    /// The required query parameter `name`, decoded into the generated argument type.
    pub fn query<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        let value = self
            .query
            .get(name)
            .ok_or_else(|| format!("no sample for query parameter `{name}`"))?;
        serde_json::from_value(value.clone())
            .map_err(|e| format!("query parameter `{name}` sample {value} does not fit the generated type: {e}"))
    }

    /// The request body, decoded into the generated body type.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, String> {
        let value = self
            .body
            .as_ref()
            .ok_or("no body sample for an operation that requires one")?;
        decode_body(value)
    }

    /// The optional request body: `None` when the spec gives none to sample.
    pub fn optional_body<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        self.body.as_ref().map(decode_body).transpose()
    }

    /// A non-JSON body (XML, text) as bytes; empty when there is none.
    pub fn raw_body(&self) -> bytes::Bytes {
        bytes::Bytes::from(self.raw_body.clone().unwrap_or_default())
    }
}

fn decode_body<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value.clone()).map_err(|e| {
        format!(
            "body sample does not fit the generated type at `{}`: {} (sample: {})",
            e.path(),
            e.inner(),
            truncate(&value.to_string(), 300)
        )
    })
}

/// What one call came to.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// A 2xx (or 3xx) response, decoded into the generated type.
    Decoded,
    /// The sample did not fit the generated argument types (a generator or sampler problem).
    BadSample(String),
    /// Prism rejected the request: its `sl-violations` header, with the status.
    Rejected {
        /// HTTP status.
        status: u16,
        /// Prism's request violations (JSON array as text).
        violations: String,
    },
    /// A 2xx response the SDK could not decode.
    NotDecoded(String),
    /// An error status without request violations (Prism chose an error example), or a
    /// transport error.
    Failed(String),
}

/// Classifies the result of `send()`.
pub fn finish(result: Result<(), auth0_sdk::Error>) -> Outcome {
    let error = match result {
        Ok(()) => return Outcome::Decoded,
        Err(error) => error,
    };
    if let auth0_sdk::Error::Decode(decode) = &error {
        return Outcome::NotDecoded(format!(
            "status {}: at `{}`: {} (body: {})",
            decode.status(),
            decode.path(),
            decode.message(),
            truncate(decode.body_excerpt(), 200)
        ));
    }
    let status = error.status().map(|s| s.as_u16());
    let violations = error
        .headers()
        .and_then(|h| h.get("sl-violations"))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    match (status, violations) {
        (Some(status), Some(violations)) if prism::has_location(&violations, "request") => Outcome::Rejected {
            status,
            violations: prism::only_location(&violations, "request"),
        },
        (Some(status), _) => {
            let body = error
                .api_error()
                .map(|a| truncate(a.raw_body(), 200))
                .unwrap_or_default();
            Outcome::Failed(format!("HTTP {status}: {error} {body}"))
        }
        (None, _) => Outcome::Failed(error.to_string()),
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
