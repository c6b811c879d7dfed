//! The hand-written runtime under the generated API.
//!
//! # The interface with generated code
//! Generated modules use [`OperationSpec`] (with [`HttpMethod`], [`Pagination`],
//! [`PaginationKind`]) to describe an operation, [`Operation`] implemented by each
//! operation's parameters struct, and [`Request`] as its builder; these are public and
//! descriptive (`#[non_exhaustive]`). What only generated code needs to reach the runtime —
//! `Call`, `Body`, `MultipartPart`, `QueryPairs`, `QueryValue`, `kind`, `wire`, `Transport`,
//! `Request::new` — is `#[doc(hidden)]`: not part of the public API, free to change.
//!
//! Every client is built from one [`ClientConfig`] (HTTP client, retry policy and shared
//! [`RetryBudget`], timeouts, telemetry, hooks), so a config handed to several clients shares
//! their connections and their retry budget, token requests included. Client authentication
//! (`client_secret_post`, `client_secret_basic`, `private_key_jwt`, mutual TLS) is a step of
//! the runtime applied to every operation whose spec says it takes it, so a flow, a generated
//! `auth.api()` call and a client-credentials token source send the same request.

//! # What the runtime does for every call
//! - **Auth**: a [`TokenSource`] (static, function, or cached client credentials with a
//!   secret or a [`ClientAssertionSigner`]), or a per-request bearer token.
//! - **Retries** per [`RetryPolicy`] and a client-wide [`RetryBudget`] (see [`retry`]).
//! - **Wire**: percent-encoded paths, `Auth0-Client` telemetry, `User-Agent`,
//!   `Auth0-Custom-Domain` where accepted, redirects returned rather than followed.
//! - **Results**: [`Response`] with [`ResponseMeta`] (status, headers, URL, [`RateLimit`]);
//!   one [`Error`] type; [`Page`]s that stream.
//! - **Fleets**: a [`token_cache`] and a rate-limit [`governor`] in the config, in memory by
//!   default, shared by every process on Redis with the `redis` feature.
//! - **Observability**: an `auth0.request` tracing span per call (operation, method, path
//!   template, attempt, status, duration), [`Hooks`] around each attempt; no secrets or
//!   bodies logged.

mod api_error;
mod call;
mod client;
mod client_auth;
mod config;
mod decode;
mod domain;
mod error;
pub mod governor;
mod hooks;
#[doc(hidden)]
pub mod kind;
mod nullable;
#[doc(hidden)]
pub mod open_enum;
mod operation;
mod option_setters;
mod options;
mod pagination;
mod query;
mod rate_limit;
#[cfg(feature = "redis")]
pub mod redis;
mod request;
mod response;
pub mod retry;
mod scrub;
mod shared_store;
mod telemetry;
pub mod token;
pub mod token_cache;
mod transport;
#[doc(hidden)]
pub mod wire;

pub use api_error::{ApiError, Auth0ErrorBody, OAuthError};
pub use call::FileUpload;
#[doc(hidden)]
pub use call::{Body, Call, MultipartPart};
pub use client::{ManagementClient, ManagementClientBuilder};
pub use client_auth::ClientAuthMethod;
pub(crate) use client_auth::{ClientAuth, Credential};
pub use config::{ClientConfig, ClientConfigBuilder};
pub use decode::DecodeError;
pub use domain::normalize_domain;
pub(crate) use domain::{Endpoints, endpoints};
pub use error::{Attempts, BoxError, Error};
pub use hooks::Hooks;
pub use nullable::Nullable;
pub use operation::{HttpMethod, OperationSpec, Pagination, PaginationKind};
pub(crate) use option_setters::{HasOptions, option_setters};
pub use options::RequestOptions;
pub use pagination::Page;
#[doc(hidden)]
pub use query::{QueryPairs, QueryValue};
pub use rate_limit::RateLimit;
pub use request::{Operation, Request};
pub use response::{Response, ResponseMeta};
pub use retry::{DelaySource, RetryBudget, RetryEvent, RetryPolicy, RetryReason};
pub use secrecy::{ExposeSecret, SecretString};
pub use shared_store::{SharedStore, SharedStoreEvent};
pub use token::{ClientAssertionSigner, SigningAlgorithm, TokenSet, TokenSource};
#[doc(hidden)]
pub use transport::Transport;
pub(crate) use transport::TransportBuilder;
