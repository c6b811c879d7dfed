//! How a legacy management call is sent: the generated wrappers build the current operation's
//! call and hand it here, which runs it on the client's transport and returns v4's shapes.

use serde::de::DeserializeOwned;

use super::{ApiResponse, ManagementApiError};
use crate::runtime::{Call, ManagementClient};

/// A JSON response, decoded as the operation's response type (a list as Auth0 sent it).
pub(crate) async fn json<T: DeserializeOwned>(
    client: &ManagementClient,
    call: Call,
) -> Result<ApiResponse<T>, ManagementApiError> {
    Ok(ApiResponse::from_response(client.transport().send_json(call).await?))
}

/// A response whose body is ignored (v4's `VoidApiResponse`).
pub(crate) async fn empty(client: &ManagementClient, call: Call) -> Result<ApiResponse<()>, ManagementApiError> {
    Ok(ApiResponse::from_response(client.transport().send_empty(call).await?))
}

/// A text response (v4's `TextApiResponse`).
#[allow(dead_code)] // Kept for a spec update that makes a mapped operation answer text.
pub(crate) async fn text(client: &ManagementClient, call: Call) -> Result<ApiResponse<String>, ManagementApiError> {
    Ok(ApiResponse::from_response(client.transport().send_text(call).await?))
}

/// A binary response.
#[allow(dead_code)] // No v4 method maps to a binary operation today; a spec update may add one.
pub(crate) async fn bytes(
    client: &ManagementClient,
    call: Call,
) -> Result<ApiResponse<bytes::Bytes>, ManagementApiError> {
    Ok(ApiResponse::from_response(client.transport().send_bytes(call).await?))
}
