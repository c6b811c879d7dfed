//! Error types: the public [`StartError`] and the two wire shapes Auth0 uses
//! (Management API `{statusCode, error, message, errorCode}` and OAuth `{error, error_description}`).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Why a [`crate::LocalTenant`] could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Binding the listening socket failed (port in use, permission denied...).
    #[error("could not bind 127.0.0.1:{port}: {source}")]
    Bind {
        /// The requested port (0 = ephemeral).
        port: u16,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// Generating or encoding the RSA signing key failed.
    #[error("could not create the RSA signing key: {0}")]
    SigningKey(String),
    /// A seeded client's public key (for `private_key_jwt`) is not a valid RSA PEM.
    #[error("client {client_id}: invalid public key PEM: {reason}")]
    ClientKey {
        /// The client the key was registered for.
        client_id: String,
        /// What the PEM parser said.
        reason: String,
    },
}

/// A Management API error in Auth0's shape.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub error_code: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>, error_code: Option<&'static str>) -> Self {
        Self {
            status,
            message: message.into(),
            error_code,
        }
    }

    pub fn bad_request(message: impl Into<String>, error_code: &'static str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message, Some(error_code))
    }

    /// A body that failed validation; Auth0 prefixes these with "Payload validation error".
    pub fn invalid_body(detail: impl std::fmt::Display) -> Self {
        Self::bad_request(format!("Payload validation error: '{detail}'."), "invalid_body")
    }

    pub fn invalid_query(detail: impl std::fmt::Display) -> Self {
        Self::bad_request(format!("Query validation error: '{detail}'."), "invalid_query_string")
    }

    pub fn not_found(message: impl Into<String>, error_code: &'static str) -> Self {
        Self::new(StatusCode::NOT_FOUND, message, Some(error_code))
    }

    pub fn conflict(message: impl Into<String>, error_code: &'static str) -> Self {
        Self::new(StatusCode::CONFLICT, message, Some(error_code))
    }

    /// 401s from Auth0 carry no `errorCode`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message, None)
    }

    pub fn insufficient_scope(any_of: &[&str]) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            format!("Insufficient scope, expected any of: {}", any_of.join(",")),
            Some("insufficient_scope"),
        )
    }

    pub fn unknown_user() -> Self {
        Self::not_found("The user does not exist.", "inexistent_user")
    }

    /// The JSON body Auth0 sends for this error.
    pub fn body(&self) -> serde_json::Value {
        let mut body = json!({
            "statusCode": self.status.as_u16(),
            "error": self.status.canonical_reason().unwrap_or("Error"),
            "message": self.message,
        });
        if let Some(code) = self.error_code {
            body["errorCode"] = json!(code);
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

/// An Authentication API error in OAuth's shape.
#[derive(Debug, Clone)]
pub(crate) struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
}

impl OAuthError {
    pub fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
        }
    }

    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "invalid_grant", description)
    }

    /// Auth0 answers every client-authentication failure with this opaque 401.
    pub fn unauthorized_client() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "access_denied", "Unauthorized")
    }

    pub fn access_denied(description: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "access_denied", description)
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({"error": self.error, "error_description": self.description})),
        )
            .into_response()
    }
}
