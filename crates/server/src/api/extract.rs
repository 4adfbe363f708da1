//! What a request brings: a JSON body parsed with our own errors, and the signed-in session.

use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::Api;
use super::error::{ApiError, body_too_large};
use crate::auth::Account;

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
        let account =
            api.storage.session(token.clone()).await?.ok_or_else(ApiError::unauthorized)?;
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

/// The client's address: the peer's, or, when the peer is the trusted proxy, the last
/// address of `X-Forwarded-For` (the one that proxy added).
pub(super) fn client_address(
    trust_proxy: Option<IpAddr>,
    peer: IpAddr,
    headers: &axum::http::HeaderMap,
) -> IpAddr {
    // A server listening on [::] sees an IPv4 proxy as ::ffff:a.b.c.d.
    let peer = peer.to_canonical();
    if trust_proxy.map(|p| p.to_canonical()) != Some(peer) {
        return peer;
    }
    let forwarded = headers.get_all("x-forwarded-for").iter().next_back();
    let last = forwarded.and_then(|v| v.to_str().ok()).and_then(|v| v.rsplit(',').next());
    let parsed = last.map(str::trim).and_then(|a| {
        // An entry may carry a port: "203.0.113.9:5120" or "[2001:db8::1]:5120".
        a.parse::<IpAddr>().ok().or_else(|| a.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
    });
    parsed.map_or(peer, |a| a.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trusted_proxy_is_known_in_either_form_and_names_the_client() {
        let proxy = Some("127.0.0.1".parse().expect("ip"));
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            axum::http::HeaderValue::from_static("198.51.100.1, 203.0.113.9:5120"),
        );
        let client: IpAddr = "203.0.113.9".parse().expect("ip");
        // A server on [::] sees the IPv4 proxy as ::ffff:127.0.0.1; the entry carries a port.
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().expect("ip");
        assert_eq!(client_address(proxy, mapped, &headers), client);
        assert_eq!(client_address(proxy, "127.0.0.1".parse().expect("ip"), &headers), client);
        let stranger: IpAddr = "192.0.2.5".parse().expect("ip");
        assert_eq!(client_address(proxy, stranger, &headers), stranger, "not the proxy: ignored");
    }
}
