//! The app's static serving, through the router: deep links, caching, compression, 404s.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

const WASM: &str = "yishiting-0123456789abcdef_bg.wasm";

fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>百姓议事厅</title>".repeat(20),
    )
    .expect("write");
    std::fs::write(dir.path().join(WASM), vec![0u8; 4096]).expect("write");
    dir
}

async fn get(
    dir: &tempfile::TempDir,
    path: &str,
    encoding: Option<&str>,
) -> axum::response::Response {
    let mut request = Request::get(path);
    if let Some(encoding) = encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    yishiting_server::web::router(dir.path())
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("infallible")
}

fn header_of(response: &axum::response::Response, name: header::HeaderName) -> Option<&str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn deep_links_get_the_app_uncached() {
    let dir = dist();
    for path in ["/", "/index.html", "/matters/0b7c", "/settings"] {
        let response = get(&dir, path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&response, header::CONTENT_TYPE), Some("text/html"), "{path}");
        assert_eq!(header_of(&response, header::CACHE_CONTROL), Some("no-cache"), "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_compressed() {
    let dir = dist();
    let response = get(&dir, &format!("/{WASM}"), Some("br, gzip")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_of(&response, header::CONTENT_TYPE), Some("application/wasm"));
    assert_eq!(
        header_of(&response, header::CACHE_CONTROL),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(header_of(&response, header::CONTENT_ENCODING), Some("br"));
    let gzip = get(&dir, &format!("/{WASM}"), Some("gzip")).await;
    assert_eq!(header_of(&gzip, header::CONTENT_ENCODING), Some("gzip"));
}

#[tokio::test]
async fn missing_files_are_404_not_the_app() {
    let dir = dist();
    for path in ["/yishiting-ffffffffffffffff_bg.wasm", "/style.css", "/../secret.txt"] {
        let response = get(&dir, path, None).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(header_of(&response, header::CACHE_CONTROL), None, "{path}");
    }
}

#[tokio::test]
async fn nothing_outside_dist_is_served() {
    let outer = tempfile::tempdir().expect("temp dir");
    let dir = outer.path().join("dist");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(dir.join("index.html"), "the app").expect("write");
    std::fs::write(outer.path().join("secret"), "committee passwords").expect("write");
    for path in ["/../secret", "/%2e%2e/secret", "/..%2fsecret"] {
        let response = yishiting_server::web::router(&dir)
            .oneshot(Request::get(path).body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body");
        assert!(
            !String::from_utf8_lossy(&body).contains("committee passwords"),
            "{path} leaked a file"
        );
    }
}

#[tokio::test]
async fn the_app_and_the_api_carry_the_security_headers() {
    let dir = dist();
    std::fs::write(
        dir.path().join("index.html"),
        "<title>百姓议事厅</title><script type=module>import init from '/a.js';</script>",
    )
    .expect("write");
    for path in ["/", "/m/0b7c", &format!("/{WASM}"), "/missing.js"] {
        let response = get(&dir, path, None).await;
        let policy = header_of(&response, header::CONTENT_SECURITY_POLICY).expect("a policy");
        // The inline loader Trunk writes is allowed by its hash, and nothing else inline is.
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{path}: {policy}"
        );
        assert!(policy.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(header_of(&response, header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"), "{path}");
        assert_eq!(header_of(&response, header::REFERRER_POLICY), Some("no-referrer"), "{path}");
    }
    let conn = yishiting_server::db::open_in_memory().expect("db");
    let api = yishiting_server::api::router(yishiting_server::api::Api::new(conn));
    let response = api
        .oneshot(Request::get("/api/v1").body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    assert_eq!(
        header_of(&response, header::CONTENT_SECURITY_POLICY),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
    assert_eq!(header_of(&response, header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"));
}
