//! The hand-written runtime under the generated API.
//!
//! # The interface with generated code
//! Generated modules use only these items: [`OperationSpec`] (with [`HttpMethod`],
//! [`Pagination`], [`PaginationKind`]) to describe an operation; [`Call`] (with [`Body`],
//! [`MultipartPart`], [`FileUpload`]) to describe one request; [`Transport`]'s `send_json`,
//! `send_empty`, `send_text`, `send_bytes` and `send_paged` to run it; [`Response`] and
//! [`Page`] as results; [`Nullable`], [`QueryValue`], `open_enum!` and
//! `impl_request_options!` in type and builder definitions; `ManagementClient::transport()`.
//! Everything else (auth, retries, telemetry, tracing) is the runtime's business alone.

mod call;
mod client;
mod error;
mod nullable;
#[doc(hidden)]
pub mod open_enum;
mod operation;
mod options;
mod page;
mod query;
mod response;
mod transport;

pub use call::{Body, Call, FileUpload, MultipartPart};
pub use client::ManagementClient;
pub use error::Error;
pub use nullable::Nullable;
pub use operation::{HttpMethod, OperationSpec, Pagination, PaginationKind};
pub use options::RequestOptions;
pub use page::Page;
pub use query::{QueryPairs, QueryValue};
pub use response::{Response, ResponseMeta};
pub use transport::Transport;
