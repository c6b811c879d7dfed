//! The hand-written runtime under the generated API.
//!
//! # The interface with generated code
//! Generated modules use only these items: [`OperationSpec`] (with [`HttpMethod`],
//! [`Pagination`], [`PaginationKind`]) to describe an operation; [`Operation`] (with a
//! [`kind`] of response) implemented by each operation's parameters struct, and
//! [`Request`] as its builder, which runs it; [`Call`] (with [`Body`], [`MultipartPart`],
//! [`FileUpload`]) to describe one request; [`Response`] and [`Page`] as results;
//! [`Nullable`], [`QueryValue`] and `open_enum!` in type definitions; [`wire`] for the
//! serde impls of generated structs and unions; `ManagementClient::transport()`.
//! Everything else (auth, retries, telemetry, tracing) is the runtime's business alone.
//!
//! The Authentication API client builds its own [`Transport`] with [`TransportBuilder`]
//! (base `https://{domain}`, usually no [`TokenSource`]; a per-request bearer token through
//! [`RequestOptions::bearer_token`]) and reuses [`token::client_assertion`] for
//! private-key JWT client authentication.
//!
//! # What the runtime does for every call
//! - **Auth**: a [`TokenSource`] (static, function, or cached client credentials with a
//!   secret or a [`ClientAssertionSigner`]), or a per-request bearer token.
//! - **Retries** per [`RetryPolicy`] and a client-wide [`RetryBudget`] (see [`retry`]).
//! - **Wire**: percent-encoded paths, `Auth0-Client` telemetry, `User-Agent`,
//!   `Auth0-Custom-Domain` where accepted, redirects returned rather than followed.
//! - **Results**: [`Response`] with [`ResponseMeta`] (status, headers, URL, [`RateLimit`]);
//!   one [`Error`] type; [`Page`]s that stream.
//! - **Observability**: an `auth0.request` tracing span per call (operation, method, path
//!   template, attempt, status, duration), [`Hooks`] around each attempt; no secrets or
//!   bodies logged.

mod api_error;
mod call;
mod client;
mod decode;
mod domain;
mod error;
mod hooks;
pub mod kind;
mod nullable;
#[doc(hidden)]
pub mod open_enum;
mod operation;
mod options;
mod pagination;
mod query;
mod rate_limit;
mod request;
mod response;
pub mod retry;
mod telemetry;
pub mod token;
mod transport;
#[doc(hidden)]
pub mod wire;

pub use api_error::{ApiError, Auth0ErrorBody};
pub use call::{Body, Call, FileUpload, MultipartPart};
pub use client::{ManagementClient, ManagementClientBuilder};
pub use decode::DecodeError;
pub use domain::normalize_domain;
pub use error::{BoxError, Error};
pub use hooks::Hooks;
pub use nullable::Nullable;
pub use operation::{HttpMethod, OperationSpec, Pagination, PaginationKind};
pub use options::RequestOptions;
pub use pagination::Page;
pub use query::{QueryPairs, QueryValue};
pub use rate_limit::RateLimit;
pub use request::{Operation, Request};
pub use response::{Response, ResponseMeta};
pub use retry::{DelaySource, RetryBudget, RetryEvent, RetryPolicy, RetryReason};
pub use secrecy::{ExposeSecret, SecretString};
pub use token::{
    ClientAssertionSigner, ClientAuthentication, ClientCredentials, SigningAlgorithm, TokenResponse, TokenSource,
};
pub use transport::{Transport, TransportBuilder};
