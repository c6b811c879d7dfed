//! The middleware every request passes: record it, apply fault rules, add rate-limit headers.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::errors::{ApiError, OAuthError};
use crate::faults::{FaultAction, RateHeaders};
use crate::recording::RecordedRequest;
use crate::server::DropConnection;
use crate::state::Shared;

/// Bodies above this size are refused (Auth0's own limit is far smaller for most endpoints).
const MAX_BODY: usize = 10 * 1024 * 1024;

pub(crate) async fn gateway(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "Request payload too large", None).into_response();
    };
    let path = parts.uri.path().to_owned();
    state.recorder.record(RecordedRequest {
        method: parts.method.to_string(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: bytes.clone(),
        received_at: std::time::SystemTime::now(),
    });

    let decision = state.faults.decide(&parts.method, &path);
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    let is_management = path.starts_with("/api/v2");
    let mut response = match decision.action {
        Some(FaultAction::DropConnection) => {
            let mut r = Response::new(Body::empty());
            r.extensions_mut().insert(DropConnection);
            return r;
        }
        Some(FaultAction::RateLimit { .. }) => {
            if is_management {
                ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Global limit has been reached",
                    Some("too_many_requests"),
                )
                .into_response()
            } else {
                OAuthError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    "Global limit has been reached",
                )
                .into_response()
            }
        }
        Some(FaultAction::Status { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            match body {
                Some(body) => (status, axum::Json(body)).into_response(),
                None if is_management => ApiError::new(status, "Injected fault", None).into_response(),
                None => (
                    status,
                    axum::Json(json!({"error": "server_error", "error_description": "Injected fault"})),
                )
                    .into_response(),
            }
        }
        Some(FaultAction::Latency(_)) | None => next.run(Request::from_parts(parts, Body::from(bytes))).await,
    };
    add_rate_headers(&mut response, decision.rate);
    response
}

fn add_rate_headers(response: &mut Response, rate: RateHeaders) {
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-limit", HeaderValue::from(rate.limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(rate.remaining));
    headers.insert("x-ratelimit-reset", HeaderValue::from(rate.reset_unix));
    if let Some(secs) = rate.retry_after_secs {
        headers.insert("retry-after", HeaderValue::from(secs));
    }
}
