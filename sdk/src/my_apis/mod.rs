//! The clients of Auth0's user-facing APIs: [`MyAccountClient`] (My Account API,
//! `https://{domain}/me/v1`) and [`MyOrganizationClient`] (My Organization API,
//! `https://{domain}/my-org/v1`).
//!
//! Their operations are generated into [`crate::my_account`] and [`crate::my_organization`];
//! these files hold only the client types and their builders. Both run over the same
//! [`Transport`](crate::runtime::Transport) as the Management client (retries, per-request
//! options, pagination, raw responses, [`Error`](crate::Error)).
//!
//! Each operation's required scopes come from the spec and sit in its
//! [`OperationSpec::scopes`](crate::runtime::OperationSpec::scopes); a token function set with
//! `.token_fn(|scopes| …)` is given them, so it can fetch or pick a token that carries them.

mod common;
#[cfg(feature = "my-account")]
mod my_account;
#[cfg(feature = "my-organization")]
mod my_organization;

#[cfg(feature = "my-account")]
pub use my_account::{MyAccountClient, MyAccountClientBuilder};
#[cfg(feature = "my-organization")]
pub use my_organization::{MyOrganizationClient, MyOrganizationClientBuilder};
