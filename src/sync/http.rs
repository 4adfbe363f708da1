//! One request to the backend and its answer: JSON in, JSON out, refusals as [`Failure`].

use serde::Deserialize;

use super::engine::Transport;
use crate::json;

#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    code: String,
    message: String,
}

/// Why a request did not get through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No answer: offline, or the server is down. Everything stays queued.
    Network,
    /// The server refused the token.
    Unauthorized,
    /// A refusal with the server's code and message.
    Refused { status: u16, code: String, message: String },
}

impl Failure {
    /// An answer that is not what the protocol says it is.
    pub fn bad_answer(status: u16, why: &str) -> Failure {
        Failure::Refused {
            status,
            code: "bad_answer".to_owned(),
            message: format!("{}{why}", crate::messages::t().bad_answer),
        }
    }

    pub fn message(&self) -> String {
        match self {
            Failure::Network => crate::messages::t().sync_unreachable.to_owned(),
            Failure::Unauthorized => crate::messages::t().sign_in_again.to_owned(),
            Failure::Refused { message, .. } => message.clone(),
        }
    }
}

/// The URL of an API path on the link's server (the app's own origin when empty).
pub fn api_url(server: &str, path: &str) -> String {
    format!("{}/api/v1{path}", server.trim_end_matches('/'))
}

/// The browser's HTTP: the app's transport.
#[derive(Debug, Clone, Copy)]
pub struct Browser;

impl Transport for Browser {
    async fn exchange(
        &self,
        method: &str,
        url: &str,
        token: Option<&str>,
        body: Option<String>,
    ) -> Result<(u16, json::Text), Failure> {
        exchange(method, url, token, body).await
    }
}

/// One HTTP exchange with the backend: status and body text.
#[cfg(target_arch = "wasm32")]
async fn exchange(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<(u16, json::Text), Failure> {
    use gloo_net::http::{Method, RequestBuilder};
    use wasm_bindgen::JsCast;
    let method = match method {
        "POST" => Method::POST,
        "DELETE" => Method::DELETE,
        _ => Method::GET,
    };
    let mut request =
        RequestBuilder::new(url).method(method).header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => request.body(body),
        None => request.build(),
    }
    .map_err(|_| Failure::Network)?;
    let response = request.send().await.map_err(|_| Failure::Network)?;
    let status = response.status();
    // Read as the browser's string and parsed from it (json::parse_text): a pull page is
    // never copied into the app's memory as text.
    let text = web_sys::Response::from(response).text().map_err(|_| Failure::Network)?;
    let text = wasm_bindgen_futures::JsFuture::from(text).await.map_err(|_| Failure::Network)?;
    Ok((status, text.unchecked_into()))
}

#[cfg(not(target_arch = "wasm32"))]
async fn exchange(
    _method: &str,
    _url: &str,
    _token: Option<&str>,
    _body: Option<String>,
) -> Result<(u16, json::Text), Failure> {
    // Natively there is no browser to talk through: the native tests give the engine a
    // transport of their own (tests/sync_engine.rs).
    Err(Failure::Network)
}

/// Sends a JSON request through `transport` and reads a JSON answer, mapping refusals to
/// [`Failure`].
pub(crate) async fn call<R: for<'de> Deserialize<'de>, T: Transport>(
    transport: &T,
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<R, Failure> {
    let (status, text) = transport.exchange(method, url, token, body).await?;
    match status {
        200..=299 => json::parse_text(&text).map_err(|e| Failure::bad_answer(status, &e)),
        401 if token.is_some() => Err(Failure::Unauthorized),
        // Gateways and proxies answer 5xx without our JSON: the server is not reachable.
        500..=599 | 0 => Err(Failure::Network),
        _ => {
            let error: ErrorAnswer = json::parse_text(&text).unwrap_or(ErrorAnswer {
                code: "unknown".to_owned(),
                message: format!(
                    "{}{status}{}",
                    crate::messages::t().server_refused,
                    crate::messages::t().server_refused_after
                ),
            });
            Err(Failure::Refused { status, code: error.code, message: error.message })
        }
    }
}
