//! v4's `authentication.database`: sign-up and change-password.

use secrecy::SecretString;
use serde_json::{Map, Value};

use super::AuthApiError;
use crate::authentication::AuthenticationClient;
use crate::legacy::ApiResponse;

/// v4's `SignUpRequest`.
#[derive(Clone, Debug)]
pub struct SignUpRequest {
    /// `email`.
    pub email: String,
    /// `password`.
    pub password: SecretString,
    /// `connection`.
    pub connection: String,
    /// `username`.
    pub username: Option<String>,
    /// `given_name`.
    pub given_name: Option<String>,
    /// `family_name`.
    pub family_name: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `nickname`.
    pub nickname: Option<String>,
    /// `picture`.
    pub picture: Option<String>,
    /// `user_metadata`.
    pub user_metadata: Option<Map<String, Value>>,
}

/// v4's `SignUpResponse`.
#[derive(Clone, Debug)]
pub struct SignUpResponse {
    /// `id` (Auth0 answers `_id`).
    pub id: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `email_verified`.
    pub email_verified: Option<bool>,
    /// `username`.
    pub username: Option<String>,
    /// Every other member (`given_name`, `user_metadata`…).
    pub other: Map<String, Value>,
}

/// v4's `ChangePasswordRequest`.
#[derive(Clone, Debug, Default)]
pub struct ChangePasswordRequest {
    /// `email`.
    pub email: String,
    /// `connection`.
    pub connection: String,
    /// `organization`.
    pub organization: Option<String>,
}

/// v4's `authentication.database`.
#[derive(Clone, Debug)]
pub struct Database {
    pub(crate) client: AuthenticationClient,
}

impl Database {
    /// v4's `database.signUp(body)`.
    pub async fn sign_up(&self, body: SignUpRequest) -> Result<ApiResponse<SignUpResponse>, AuthApiError> {
        let mut request = self.client.signup(body.email, &body.password, body.connection);
        let fields = [
            (
                body.username,
                crate::authentication::SignUpRequest::username as fn(_, String) -> _,
            ),
            (body.given_name, crate::authentication::SignUpRequest::given_name),
            (body.family_name, crate::authentication::SignUpRequest::family_name),
            (body.name, crate::authentication::SignUpRequest::name),
            (body.nickname, crate::authentication::SignUpRequest::nickname),
            (body.picture, crate::authentication::SignUpRequest::picture),
        ];
        for (value, set) in fields {
            if let Some(v) = value {
                request = set(request, v);
            }
        }
        if let Some(meta) = body.user_metadata {
            request = request.user_metadata(meta);
        }
        let raw = request.send_with_raw().await?;
        Ok(ApiResponse::from_response(raw).map(|u| SignUpResponse {
            id: u.id,
            email: u.email,
            email_verified: u.email_verified,
            username: u.username,
            other: u.other,
        }))
    }

    /// v4's `database.changePassword(body)`: Auth0's text answer. The flow keeps no response
    /// headers, so `headers` is empty and `status` 200.
    pub async fn change_password(&self, body: ChangePasswordRequest) -> Result<ApiResponse<String>, AuthApiError> {
        let mut request = self.client.change_password(body.email, body.connection);
        if let Some(org) = body.organization {
            request = request.organization(org);
        }
        let text = request.send().await?;
        Ok(ApiResponse {
            data: text,
            headers: http::HeaderMap::new(),
            status: 200,
            status_text: "OK".into(),
        })
    }
}
