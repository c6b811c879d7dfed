//! The sdk's tests, one binary (one link instead of thirty). Each file is one area:
//! `runtime_*` the transport, retries, pagination and wire format; `auth_*` the Authentication
//! flows; `jwt_*` verification and signing; `legacy_*` node-auth0 v4's interface;
//! `oidc_*` interop with real OpenID Providers (Node peers); `web_*` web sign-in (the
//! `web_login` example's site, over HTTP and in headless Chromium); `fault_soak` the fault soak.
//! Shared fixtures live in the `*_support` modules and `fault_proxy`.

mod auth_support;
mod fault_proxy;
#[cfg(feature = "redis")]
mod fleet_support;
mod jwt_support;
mod runtime_support;
#[cfg(feature = "axum")]
#[allow(dead_code)]
#[path = "../../examples/web_login/app.rs"]
mod web_login_app;
mod web_support;

mod auth_core;
mod auth_flows;
mod auth_grants;
mod auth_id_token;
mod auth_urls;
mod decode_props;
mod fault_soak;
#[cfg(feature = "redis")]
mod fleet;
mod generated_types;
mod jwt_attacks;
mod jwt_axum;
mod jwt_hardening;
mod jwt_id_token;
mod jwt_props;
mod jwt_signer;
mod jwt_verifier;
mod legacy_surface;
mod legacy_wire;
mod module_graph;
mod oidc_peers;
mod oidc_provider;
mod runtime_client_assertion;
mod runtime_faults;
mod runtime_governor;
mod runtime_pagination;
mod runtime_retry;
mod runtime_token;
mod runtime_wire;
mod test_util;
mod web_browser;
mod web_fleet;
mod web_signin;
