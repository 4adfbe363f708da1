//! How the API refuses: a status, a stable code and a message for people, always as JSON.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::MAX_BODY;
use crate::sync::SyncError;

/// Every refusal in the API's JSON form: the refusals made below our handlers (the body
/// limit's 413 for a declared Content-Length, a path segment that is not a number, a body
/// that is not JSON at all) come as plain text and leave as `{code, message}`.
pub(super) async fn as_json(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return body_too_large().into_response();
    }
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let text = axum::body::to_bytes(response.into_body(), 16 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text).trim().to_owned();
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    };
    let message =
        if text.is_empty() { status.to_string() } else { format!("请求有误：{text}") };
    let mut refusal = ApiError::new(status, code, message).into_response();
    if let Some(value) = retry_after {
        refusal.headers_mut().insert(header::RETRY_AFTER, value);
    }
    refusal
}

pub(super) fn body_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("请求过大：最多 {MAX_BODY} 字节，请分批推送"),
    )
}

/// A refusal: HTTP status, a stable code and a message for people.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<Duration>,
}

impl ApiError {
    pub(super) fn new(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError { status, code, message: message.into(), retry_after: None }
    }

    pub(super) fn internal(error: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(%error, "request failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "服务器出错，请稍后再试；改动仍在手机上排队",
        )
    }

    pub(super) fn unauthorized() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "请先登录（登录已过期或已退出）")
    }

    pub(super) fn forbidden(message: &str) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response =
            (self.status, Json(json!({ "code": self.code, "message": self.message })))
                .into_response();
        if let Some(wait) = self.retry_after {
            let seconds = wait.as_millis().div_ceil(1000).max(1).to_string();
            if let Ok(value) = HeaderValue::from_str(&seconds) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

impl From<SyncError> for ApiError {
    fn from(e: SyncError) -> ApiError {
        let (status, code) = match &e {
            SyncError::Gap { .. } => (StatusCode::CONFLICT, "mutation_gap"),
            SyncError::UnknownMutation { .. } => (StatusCode::BAD_REQUEST, "unknown_mutation"),
            SyncError::BadArgs { .. } => (StatusCode::BAD_REQUEST, "invalid_args"),
            SyncError::TooMany => (StatusCode::PAYLOAD_TOO_LARGE, "too_many_mutations"),
            SyncError::BadClientId => (StatusCode::BAD_REQUEST, "bad_client_id"),
            SyncError::ZeroMutationId { .. } | SyncError::ZeroLimit => {
                (StatusCode::BAD_REQUEST, "invalid_request")
            }
            SyncError::ForeignClient => (StatusCode::FORBIDDEN, "foreign_client"),
            SyncError::AdminCannotAct => (StatusCode::FORBIDDEN, "admin_cannot_act"),
            SyncError::Corrupt(_) | SyncError::Store(_) => return ApiError::internal(&e),
        };
        ApiError::new(status, code, e.to_string())
    }
}

impl ApiError {
    pub(super) fn with_code(mut self, code: &'static str) -> ApiError {
        self.code = code;
        self
    }

    /// Says in `Retry-After` when to try again.
    pub(super) fn with_retry_after(mut self, wait: Duration) -> ApiError {
        self.retry_after = Some(wait);
        self
    }
}
