//! The headers that make the browser hold the line: a strict Content-Security-Policy for the
//! app (scripts and WebAssembly from its own origin only, the inline scripts Trunk writes into
//! index.html allowed by their SHA-256 alone, no framing), no MIME sniffing, no referrer.

use std::path::Path;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy for the app, allowing the inline scripts of `index.html` by their hashes.
pub(crate) fn app_policy(index_html: &str) -> String {
    let hashes: String =
        inline_scripts(index_html).map(|script| format!(" 'sha256-{}'", sha256(script))).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src *; \
         worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The policy for the API's JSON: nothing in it may load or run anything.
pub(crate) const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The app's policy for the built app in `dist` (read once, at start: a rebuilt app needs
/// the server restarted, as its file names change anyway).
pub(crate) fn app_policy_of(dist: &Path) -> String {
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    app_policy(&index)
}

/// Adds the security headers to every answer of `router`.
pub(crate) fn with_headers(router: Router, policy: &str) -> Router {
    let policy = HeaderValue::from_str(policy).unwrap_or(HeaderValue::from_static(API_POLICY));
    router.layer(axum::middleware::map_response(move |mut response: Response| {
        let policy = policy.clone();
        async move {
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
            headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
            // For browsers too old for frame-ancestors (older WeChat kernels among them).
            headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
            // The camera for the app's own pages only: an officer scans owners' slips at a
            // meeting's door (and sheets' numbers); nothing framed or foreign gets it.
            headers.insert(
                HeaderName::from_static("permissions-policy"),
                HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"),
            );
            response
        }
    }))
}

/// The text of each `<script>` without a `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("<script")?;
            let open_end = start + rest[start..].find('>')?;
            let close = open_end + rest[open_end..].find("</script>")?;
            let tag = &rest[start..open_end];
            let body = &rest[open_end + 1..close];
            rest = &rest[close + "</script>".len()..];
            if !tag.contains("src=") {
                return Some(body);
            }
        }
    })
}

fn sha256(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_inline_script_is_allowed_by_its_hash_and_nothing_else() {
        let html = "<head><script type=module>import init from '/a.js';</script>\
                    <script src=/b.js></script></head><body><script>go()</script></body>";
        let scripts: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(scripts, ["import init from '/a.js';", "go()"]);
        let policy = app_policy(html);
        // echo -n 'go()' | openssl dgst -sha256 -binary | base64
        assert!(
            policy.contains("'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='"),
            "{policy}"
        );
        let scripts =
            policy.split(';').find(|d| d.trim().starts_with("script-src")).expect("script-src");
        assert!(
            !scripts.contains("unsafe-inline") && !scripts.contains("'unsafe-eval'"),
            "{scripts}"
        );
        assert!(policy.contains("frame-ancestors 'none'"));
        assert_eq!(policy.matches("'sha256-").count(), 2);
    }
}
