//! Auth0 for Rust: the Management API v2 and the Authentication API, typed and generated from
//! Auth0's own OpenAPI documents, on a hand-written runtime (tokens, retries, pagination, errors).
//!
//! ```no_run
//! use auth0_sdk::ManagementClient;
//! use futures_util::TryStreamExt;
//!
//! # async fn run() -> Result<(), auth0_sdk::Error> {
//! let client = ManagementClient::builder()
//!     .domain("tenant.eu.auth0.com")
//!     .client_secret("client-id", "client-secret")
//!     .build()?;
//!
//! // One page, with totals and the raw response…
//! let page = client.users().list().per_page(50).send().await?;
//! println!("{} users in all", page.total.unwrap_or_default());
//!
//! // …or every item, fetched page by page as the stream is read.
//! let emails: Vec<Option<String>> =
//!     client.users().list().send().await?.into_stream().map_ok(|user| user.email).try_collect().await?;
//! # let _ = emails;
//! # Ok(())
//! # }
//! ```
//!
//! - [`management`]: every Management API operation, grouped as Auth0 groups them
//!   (`client.users().roles().list(id)`), one Cargo feature per top-level group;
//! - [`authentication`]: OAuth grants, passwordless, MFA, user info, URL builders;
//! - [`jwt`]: ID-token validation, access-token verification for your own APIs, and signing
//!   your own tokens ([`jwt::JwtSigner`]);
//! - [`my_account`] ([`MyAccountClient`]) and [`my_organization`] ([`MyOrganizationClient`]):
//!   the user-facing My Account and My Organization APIs, features `my-account` and
//!   `my-organization`;
//! - `web` (feature `axum`): signing users in to an axum web app — login, callback, logout,
//!   sessions, back-channel logout;
//! - [`runtime`]: the machinery under both — token sources, retries, pagination, errors.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

pub mod runtime;
#[rustfmt::skip]
pub mod management;
pub mod authentication;
pub mod jwt;
#[cfg(feature = "legacy")]
pub mod legacy;
#[cfg(feature = "test-util")]
pub mod test_util;
#[cfg(feature = "my-account")]
#[rustfmt::skip]
pub mod my_account;
#[cfg(any(feature = "my-account", feature = "my-organization"))]
mod my_apis;
#[cfg(feature = "my-organization")]
#[rustfmt::skip]
pub mod my_organization;
#[cfg(feature = "axum")]
pub mod web;

pub use runtime::{
    ClientAssertionSigner, ClientConfig, Error, ManagementClient, ManagementClientBuilder, Nullable, Page,
    RequestOptions, Response, RetryPolicy, TokenSet, TokenSource,
};

pub use authentication::{AuthenticationClient, UserInfoClient};
pub use jwt::{IdTokenValidator, JwtVerifier};
#[cfg(feature = "my-account")]
pub use my_apis::{MyAccountClient, MyAccountClientBuilder};
#[cfg(feature = "my-organization")]
pub use my_apis::{MyOrganizationClient, MyOrganizationClientBuilder};
