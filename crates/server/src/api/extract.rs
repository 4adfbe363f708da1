//! What a request brings: a JSON body parsed with our own errors, and the signed-in session.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::Api;
use super::error::{ApiError, body_too_large};
use crate::auth::{self, Account};
use crate::db;

/// A JSON body, parsed by us so that a malformed or oversize one gets our own clear error.
pub(super) struct Body<T>(pub(super) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                body_too_large()
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, "bad_request", rejection.body_text())
            }
        })?;
        serde_json::from_slice(&bytes).map(Body).map_err(|e| {
            let code = if e.is_data() { "invalid_request" } else { "malformed_json" };
            ApiError::new(StatusCode::BAD_REQUEST, code, format!("请求内容不是有效的 JSON：{e}"))
        })
    }
}

/// The signed-in account, from `Authorization: Bearer <token>`.
pub(super) struct Session {
    pub(super) account: Account,
    pub(super) token: String,
}

impl FromRequestParts<Api> for Session {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, api: &Api) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::unauthorized)?
            .to_owned();
        let lookup = token.clone();
        let account = api
            .with_db(move |conn| Ok(auth::session_account(conn, &lookup, db::now_ms())?))
            .await?
            .ok_or_else(ApiError::unauthorized)?;
        Ok(Session { account, token })
    }
}

impl Session {
    /// The account, if it belongs to the community the path names.
    pub(super) fn of(self, community: i64) -> Result<Session, ApiError> {
        if self.account.community == community {
            Ok(self)
        } else {
            Err(ApiError::forbidden("这个登录属于另一个小区").with_code("wrong_community"))
        }
    }

    pub(super) fn admin_of(self, community: i64) -> Result<Session, ApiError> {
        let session = self.of(community)?;
        if session.account.is_admin() {
            Ok(session)
        } else {
            Err(ApiError::forbidden("只有管理员可以管理账号"))
        }
    }
}
