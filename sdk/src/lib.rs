//! Auth0 for Rust: the Management API v2 and the Authentication API, typed and generated from
//! Auth0's own OpenAPI documents, on a hand-written runtime (tokens, retries, pagination, errors).
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

pub mod runtime;
#[rustfmt::skip]
pub mod management;
pub mod authentication;
pub mod jwt;

pub use runtime::{Error, ManagementClient, Page, RequestOptions, Response};
