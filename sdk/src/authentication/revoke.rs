//! Revoking a refresh token.

use secrecy::{ExposeSecret, SecretString};

use super::api::oauth::RevokeTokenRequest;
use super::core::AuthCore;
use crate::runtime::{Body, Call, RequestOptions, Response};
