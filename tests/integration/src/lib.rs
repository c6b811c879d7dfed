//! The SDK against the local Auth0 tenant, end to end: see `tests/*.rs`.
//!
//! Run with `cargo test -p auth0-integration-tests`; everything stays on `127.0.0.1`.
