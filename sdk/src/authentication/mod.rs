//! The Authentication API: OAuth grants, passwordless, database connections, MFA, user info.

#[rustfmt::skip]
pub mod api;

use crate::runtime::Transport;

/// Direct access to every Authentication API endpoint as generated from Auth0's document.
///
/// Most applications use the higher-level flows on the authentication client instead; this
/// is the escape hatch for parameters those flows do not cover.
#[derive(Clone, Debug)]
pub struct AuthApi {
    transport: Transport,
}

impl AuthApi {
    /// Endpoints sent through `transport` (base URL `https://{domain}`).
    pub fn new(transport: Transport) -> AuthApi {
        AuthApi { transport }
    }

    /// The transport, for generated code.
    #[doc(hidden)]
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}
