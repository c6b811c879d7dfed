//! The `grant_type`s and token types of the `/oauth/token` grants.

/// `subject_token_type` of an access token (RFC 8693).
pub const TOKEN_TYPE_ACCESS_TOKEN: &str = "urn:ietf:params:oauth:token-type:access_token";
/// `subject_token_type` of a refresh token (RFC 8693).
pub const TOKEN_TYPE_REFRESH_TOKEN: &str = "urn:ietf:params:oauth:token-type:refresh_token";
/// `requested_token_type` of a Token Vault federated-connection access token.
pub const FEDERATED_CONNECTION_ACCESS_TOKEN: &str =
    "http://auth0.com/oauth/token-type/federated-connection-access-token";

/// The Token Vault grant.
pub(crate) const FEDERATED_GRANT: &str =
    "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token";
/// Client-initiated backchannel authentication (CIBA).
pub(crate) const CIBA_GRANT: &str = "urn:openid:params:grant-type:ciba";
/// Device authorization (RFC 8628).
pub(crate) const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
