//! Serving the built app: files from `dist/`, index.html for the app's own routes (a shared
//! WeChat link may land on any of them), year-long caching for content-hashed assets and none
//! for index.html, gzip or brotli as the browser accepts, and the security headers
//! (`web/security.rs`).

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

mod security;

pub(crate) use security::{API_POLICY, with_headers};

/// The app's router over a Trunk output directory.
pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let app_route = {
        let index = index.clone();
        move |request: Request| app_route(request, index.clone())
    };
    let files = Router::new()
        .fallback_service(
            ServeDir::new(dist)
                .append_index_html_on_directories(true)
                .fallback(axum::handler::HandlerWithoutStateExt::into_service(app_route)),
        )
        .layer(middleware::from_fn(cache_control));
    with_headers(files, &security::app_policy_of(dist))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}

/// A path with no file extension is one of the app's routes: answer with the app itself.
/// A missing file (a stale asset name, a typo) is a plain 404, never HTML in its place.
async fn app_route(request: Request, index: PathBuf) -> Response {
    let last = request.uri().path().rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match tower::ServiceExt::oneshot(ServeFile::new(index), request).await {
        Ok(response) => response.map(Body::new),
        Err(error) => match error {},
    }
}

async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let policy = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Trunk names assets `name-<hash>.ext` (and `_bg.wasm`), the hash a u64 in hex without
/// leading zeros (so up to 16 digits, sometimes fewer): their content never changes.
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_content_hashed("/yishiting-2647ef6ad37ae0d6_bg.wasm"));
        assert!(is_content_hashed("/main-c52d767f9c9c52ae.css"));
        assert!(is_content_hashed("/yishiting-c6a985c1eaeb129.js"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/"));
        assert!(!is_content_hashed("/matters/3-2-1502"));
        assert!(!is_content_hashed("/app-notahexhashxxxx.js"));
    }
}
