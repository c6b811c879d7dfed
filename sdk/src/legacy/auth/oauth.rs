//! v4's `authentication.oauth`: the token grants, PAR and refresh-token revocation.

use std::collections::BTreeMap;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::{AuthApiError, TokenSet};
use crate::authentication::{AuthenticationClient, TokenRequest};
use crate::legacy::ApiResponse;

/// v4's `IDTokenValidateOptions`: what the returned ID token must carry.
#[derive(Clone, Debug, Default)]
pub struct IdTokenValidateOptions {
    /// `nonce`.
    pub nonce: Option<String>,
    /// `maxAge`, in seconds.
    pub max_age: Option<u64>,
    /// `organization` (id or name).
    pub organization: Option<String>,
}

/// v4's `GrantOptions` / `AuthorizationCodeGrantOptions`.
#[derive(Clone, Debug, Default)]
pub struct GrantOptions {
    /// `idTokenValidateOptions`.
    pub id_token_validate_options: IdTokenValidateOptions,
}

/// v4's `AuthorizationCodeGrantRequest`.
#[derive(Clone, Debug, Default)]
pub struct AuthorizationCodeGrantRequest {
    /// `code` (a credential: hidden from `Debug`).
    pub code: SecretString,
    /// `redirect_uri` (v4 marks it optional; Auth0 requires it when `/authorize` had one).
    pub redirect_uri: String,
    /// Any other form parameters (v4's `[key: string]: any`).
    pub extra: BTreeMap<String, String>,
}

/// v4's `AuthorizationCodeGrantWithPKCERequest`.
#[derive(Clone, Debug, Default)]
pub struct AuthorizationCodeGrantWithPkceRequest {
    /// `code` (a credential: hidden from `Debug`).
    pub code: SecretString,
    /// `code_verifier` (hidden from `Debug`).
    pub code_verifier: SecretString,
    /// `redirect_uri`.
    pub redirect_uri: String,
    /// Any other form parameters.
    pub extra: BTreeMap<String, String>,
}

/// v4's `ClientCredentialsGrantRequest`.
#[derive(Clone, Debug, Default)]
pub struct ClientCredentialsGrantRequest {
    /// `audience`.
    pub audience: String,
    /// `organization`.
    pub organization: Option<String>,
}

/// v4's `PasswordGrantRequest`; with `realm` it is the password-realm grant.
#[derive(Clone, Debug, Default)]
pub struct PasswordGrantRequest {
    /// `username`.
    pub username: String,
    /// `password`.
    pub password: SecretString,
    /// `audience`.
    pub audience: Option<String>,
    /// `scope`.
    pub scope: Option<String>,
    /// `realm`: the connection.
    pub realm: Option<String>,
}

/// v4's `RefreshTokenGrantRequest`.
#[derive(Clone, Debug, Default)]
pub struct RefreshTokenGrantRequest {
    /// `refresh_token`.
    pub refresh_token: SecretString,
    /// `scope`.
    pub scope: Option<String>,
    /// Any other form parameters.
    pub extra: BTreeMap<String, String>,
}

/// v4's `RevokeRefreshTokenRequest`.
#[derive(Clone, Debug, Default)]
pub struct RevokeRefreshTokenRequest {
    /// `token`: the refresh token.
    pub token: SecretString,
}

/// v4's `PushedAuthorizationRequest`.
#[derive(Clone, Debug, Default)]
pub struct PushedAuthorizationRequest {
    /// `redirect_uri`.
    pub redirect_uri: String,
    /// `response_type`.
    pub response_type: String,
    /// `response_mode`.
    pub response_mode: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `state`.
    pub state: Option<String>,
    /// `connection`.
    pub connection: Option<String>,
    /// `scope`.
    pub scope: Option<String>,
    /// `audience`.
    pub audience: Option<String>,
    /// `organization`.
    pub organization: Option<String>,
    /// `invitation`.
    pub invitation: Option<String>,
    /// `code_challenge`.
    pub code_challenge: Option<String>,
    /// `request`: a signed request object.
    pub request: Option<String>,
    /// `authorization_details` (JSON text).
    pub authorization_details: Option<String>,
    /// Any other parameters.
    pub extra: BTreeMap<String, String>,
}

/// v4's `PushedAuthorizationResponse`.
#[derive(Clone, Debug)]
pub struct PushedAuthorizationResponse {
    /// `request_uri`.
    pub request_uri: String,
    /// `expires_in`, seconds.
    pub expires_in: u64,
}

/// v4's `TokenForConnectionRequest` (Token Vault).
#[derive(Clone, Debug, Default)]
pub struct TokenForConnectionRequest {
    /// `subject_token`: the user's Auth0 refresh (default) or access token.
    pub subject_token: SecretString,
    /// `connection`.
    pub connection: String,
    /// `subject_token_type` (default the refresh-token type).
    pub subject_token_type: Option<String>,
    /// `login_hint`.
    pub login_hint: Option<String>,
}

/// v4's `authentication.oauth`.
#[derive(Clone, Debug)]
pub struct OAuth {
    pub(crate) client: AuthenticationClient,
}

fn with_extra(mut request: TokenRequest, extra: BTreeMap<String, String>) -> TokenRequest {
    for (k, v) in extra {
        request = request.param(k, v);
    }
    request
}

pub(crate) fn expect(mut request: TokenRequest, o: IdTokenValidateOptions) -> TokenRequest {
    if let Some(nonce) = o.nonce {
        request = request.nonce(nonce);
    }
    if let Some(max_age) = o.max_age {
        request = request.max_age(Duration::from_secs(max_age));
    }
    if let Some(org) = o.organization {
        request = request.expect_organization(org);
    }
    request
}

/// Sends a grant; the ID token, when returned, is validated by the flow (signature, issuer,
/// audience, expiry, and the nonce / max_age / organization asked for).
pub(crate) async fn grant(request: TokenRequest) -> Result<ApiResponse<TokenSet>, AuthApiError> {
    Ok(ApiResponse::from_response(request.send_with_raw().await?).map(TokenSet::from))
}

impl OAuth {
    /// v4's `oauth.authorizationCodeGrant(body, options)`.
    pub async fn authorization_code_grant(
        &self,
        body: AuthorizationCodeGrantRequest,
        options: GrantOptions,
    ) -> Result<ApiResponse<TokenSet>, AuthApiError> {
        let request = self
            .client
            .authorization_code(body.code.expose_secret(), body.redirect_uri);
        grant(expect(
            with_extra(request, body.extra),
            options.id_token_validate_options,
        ))
        .await
    }

    /// v4's `oauth.authorizationCodeGrantWithPKCE(body, options)`.
    pub async fn authorization_code_grant_with_pkce(
        &self,
        body: AuthorizationCodeGrantWithPkceRequest,
        options: GrantOptions,
    ) -> Result<ApiResponse<TokenSet>, AuthApiError> {
        let request = self.client.authorization_code_pkce(
            body.code.expose_secret(),
            body.code_verifier.expose_secret(),
            body.redirect_uri,
        );
        grant(expect(
            with_extra(request, body.extra),
            options.id_token_validate_options,
        ))
        .await
    }

    /// v4's `oauth.clientCredentialsGrant(body)`.
    pub async fn client_credentials_grant(
        &self,
        body: ClientCredentialsGrantRequest,
    ) -> Result<ApiResponse<TokenSet>, AuthApiError> {
        let mut request = self.client.client_credentials().audience(body.audience);
        if let Some(org) = body.organization {
            request = request.organization(org);
        }
        grant(request).await
    }

    /// v4's `oauth.passwordGrant(body, options)`: the password-realm grant when `realm` is set.
    pub async fn password_grant(
        &self,
        body: PasswordGrantRequest,
        options: GrantOptions,
    ) -> Result<ApiResponse<TokenSet>, AuthApiError> {
        let mut request = match body.realm {
            Some(realm) => self.client.password_realm(body.username, &body.password, realm),
            None => self.client.password(body.username, &body.password),
        };
        if let Some(a) = body.audience {
            request = request.audience(a);
        }
        if let Some(s) = body.scope {
            request = request.scope(s);
        }
        grant(expect(request, options.id_token_validate_options)).await
    }

    /// v4's `oauth.refreshTokenGrant(body, options)`.
    pub async fn refresh_token_grant(
        &self,
        body: RefreshTokenGrantRequest,
        options: GrantOptions,
    ) -> Result<ApiResponse<TokenSet>, AuthApiError> {
        let mut request = self.client.refresh_token(&body.refresh_token);
        if let Some(s) = body.scope {
            request = request.scope(s);
        }
        grant(expect(
            with_extra(request, body.extra),
            options.id_token_validate_options,
        ))
        .await
    }

    /// v4's `oauth.revokeRefreshToken(body)`.
    pub async fn revoke_refresh_token(&self, body: RevokeRefreshTokenRequest) -> Result<ApiResponse<()>, AuthApiError> {
        Ok(ApiResponse::from_response(
            self.client.revoke_refresh_token(&body.token).await?,
        ))
    }

    /// v4's `oauth.pushedAuthorization(body)`. The flow keeps no response headers, so
    /// `headers` is empty and `status` is Auth0's success status for PAR (201).
    pub async fn pushed_authorization(
        &self,
        body: PushedAuthorizationRequest,
    ) -> Result<ApiResponse<PushedAuthorizationResponse>, AuthApiError> {
        let mut request = self.client.par(body.redirect_uri).response_type(body.response_type);
        let optional = [
            ("response_mode", body.response_mode),
            ("nonce", body.nonce),
            ("state", body.state),
            ("connection", body.connection),
            ("scope", body.scope),
            ("audience", body.audience),
            ("organization", body.organization),
            ("invitation", body.invitation),
            ("code_challenge", body.code_challenge),
            ("request", body.request),
            ("authorization_details", body.authorization_details),
        ];
        for (k, v) in optional {
            if let Some(v) = v {
                request = request.param(k, v);
            }
        }
        for (k, v) in body.extra {
            request = request.param(k, v);
        }
        let pushed = request.push().await?;
        Ok(ApiResponse {
            data: PushedAuthorizationResponse {
                request_uri: pushed.request_uri,
                expires_in: pushed.expires_in,
            },
            headers: http::HeaderMap::new(),
            status: 201,
            status_text: "Created".into(),
        })
    }

    /// v4's `oauth.tokenForConnection(body)` (Token Vault).
    pub async fn token_for_connection(
        &self,
        body: TokenForConnectionRequest,
    ) -> Result<ApiResponse<TokenSet>, AuthApiError> {
        let kind = body
            .subject_token_type
            .unwrap_or_else(|| crate::authentication::TOKEN_TYPE_REFRESH_TOKEN.to_owned());
        let mut request = self
            .client
            .federated_connection_token(&body.subject_token, kind, body.connection);
        if let Some(hint) = body.login_hint {
            request = request.param("login_hint", hint);
        }
        grant(request).await
    }
}
