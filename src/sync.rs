//! The sync engine (docs/protocol.md): pushes the outbox, then pulls what changed, whenever
//! it can: at start, when the network returns, when the page is shown again, after every
//! change, and on a timer that backs off while the server cannot be reached. A change leaves
//! the outbox only when the server says it processed it.
//!
//! Also signing in and out: a code for a session token, the device's data replaced by the
//! community's.

use leptos::prelude::GetUntracked;
use serde::{Deserialize, Serialize};
use yishiting_domain::Role;
use yishiting_domain::mutation::Mutation;

use crate::hall::Hall;
use crate::json;
use crate::storage::{Account, Community, Link, MutationResult, Profile, Pulled, Store};

/// Most changes in one push (the protocol allows 1,000).
pub const BATCH: usize = 200;
/// Seconds between syncs while all is well.
pub const PERIOD_SECS: u32 = 30;
/// The longest wait between attempts while the server cannot be reached.
pub const MAX_BACKOFF_SECS: u32 = 300;

/// What the engine is doing, for the status line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    Idle,
    Syncing,
    /// The token was refused: the person must sign in again (queued changes wait).
    SignInNeeded,
    /// The last attempt failed; it is retried after a pause.
    Failed(String),
}

#[derive(Debug, Serialize)]
struct PushBody<'a> {
    client_id: &'a str,
    mutations: Vec<PushedMutation<'a>>,
}

#[derive(Debug, Serialize)]
struct PushedMutation<'a> {
    id: u64,
    at: i64,
    #[serde(flatten)]
    mutation: &'a Mutation,
}

#[derive(Debug, Deserialize)]
struct PushAnswer {
    last_mutation_id: u64,
    results: Vec<MutationResult>,
}

#[derive(Debug, Serialize)]
struct PullBody<'a> {
    client_id: &'a str,
    cookie: u64,
}

#[derive(Debug, Deserialize)]
struct ErrorAnswer {
    code: String,
    message: String,
}

/// The server's answer to signing in.
#[derive(Debug, Clone, Deserialize)]
pub struct SignedIn {
    pub token: String,
    pub account: Account,
    pub community: CommunityInfo,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CommunityInfo {
    pub id: i64,
    pub name: String,
}

/// The administrator's session (the administrator manages accounts and codes and takes no
/// part in the hall, so the device's data is left as it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminSession {
    pub server: String,
    pub token: String,
    pub community: CommunityInfo,
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

/// One HTTP exchange with the backend: status and body text.
#[cfg(target_arch = "wasm32")]
async fn exchange(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<(u16, String), Failure> {
    use gloo_net::http::{Method, RequestBuilder};
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
    let text = response.text().await.map_err(|_| Failure::Network)?;
    Ok((status, text))
}

#[cfg(not(target_arch = "wasm32"))]
async fn exchange(
    _method: &str,
    _url: &str,
    _token: Option<&str>,
    _body: Option<String>,
) -> Result<(u16, String), Failure> {
    // Natively (tests, lints) there is no browser to talk through.
    Err(Failure::Network)
}

/// Sends a JSON request and reads a JSON answer, mapping refusals to [`Failure`].
pub(crate) async fn call<T: for<'de> Deserialize<'de>>(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<T, Failure> {
    let (status, text) = exchange(method, url, token, body).await?;
    match status {
        200..=299 => json::parse(&text).map_err(|e| Failure::Refused {
            status,
            code: "bad_answer".to_owned(),
            message: format!("服务器的回答无法读取：{e}"),
        }),
        401 if token.is_some() => Err(Failure::Unauthorized),
        // Gateways and proxies answer 5xx without our JSON: the server is not reachable.
        500..=599 | 0 => Err(Failure::Network),
        _ => {
            let error: ErrorAnswer = json::parse(&text).unwrap_or(ErrorAnswer {
                code: "unknown".to_owned(),
                message: format!("服务器拒绝了请求（{status}）"),
            });
            Err(Failure::Refused { status, code: error.code, message: error.message })
        }
    }
}

/// Exchanges a sign-in code for a session.
pub async fn sign_in(server: &str, code: &str) -> Result<SignedIn, Failure> {
    #[derive(Serialize)]
    struct Code<'a> {
        code: &'a str,
    }
    let body = json::compact(&Code { code }).unwrap_or_default();
    call("POST", &api_url(server, "/session"), None, Some(body)).await
}

/// Ends the session on the server (best effort: offline, the token simply stays unused).
pub async fn sign_out_remote(link: &Link) {
    if let Some(token) = &link.token {
        end_session(&link.server, token).await;
    }
}

/// Ends a session on the server, best effort.
pub async fn end_session(server: &str, token: &str) {
    let _ = exchange("DELETE", &api_url(server, "/session"), Some(token), None).await;
}

/// Pushes every queued change, oldest first, in batches. Stops at the first failure; a
/// `mutation_gap` is left to the pull, which tells where the server stands.
async fn push_all(hall: &Hall, link: &Link, token: &str) -> Result<(), Failure> {
    let store = hall.store();
    let url = api_url(&link.server, &format!("/communities/{}/push", link.community));
    loop {
        let outbox = store.outbox().await.map_err(|e| refused_locally(&e.to_string()))?;
        if outbox.is_empty() {
            return Ok(());
        }
        let batch: Vec<PushedMutation<'_>> = outbox
            .iter()
            .take(BATCH)
            .map(|q| PushedMutation { id: q.id, at: q.at.0, mutation: &q.mutation })
            .collect();
        let sent = batch.len();
        let body = json::compact(&PushBody { client_id: &link.client_id, mutations: batch })
            .unwrap_or_default();
        let answer: PushAnswer = match call("POST", &url, Some(token), Some(body)).await {
            Ok(answer) => answer,
            Err(Failure::Refused { code, .. }) if code == "mutation_gap" => return Ok(()),
            Err(failure) => return Err(failure),
        };
        store
            .settle(answer.last_mutation_id, &answer.results)
            .await
            .map_err(|e| refused_locally(&e.to_string()))?;
        hall.changed();
        if outbox.len() <= sent {
            return Ok(());
        }
    }
}

fn refused_locally(message: &str) -> Failure {
    Failure::Refused { status: 0, code: "store".to_owned(), message: message.to_owned() }
}

/// Pulls everything since the link's cookie into the store.
async fn pull(hall: &Hall, link: &Link, token: &str) -> Result<Pulled, Failure> {
    let url = api_url(&link.server, &format!("/communities/{}/pull", link.community));
    let body = json::compact(&PullBody { client_id: &link.client_id, cookie: link.cookie })
        .unwrap_or_default();
    let pulled: Pulled = call("POST", &url, Some(token), Some(body)).await?;
    hall.store()
        .absorb(&pulled, crate::device::now())
        .await
        .map_err(|e| refused_locally(&e.to_string()))?;
    Ok(pulled)
}

/// One round: push, pull, and push again if the pull showed the server missed some.
pub async fn sync_once(hall: &Hall) -> Result<(), Failure> {
    let store = hall.store();
    let Some(link) = store.link().await.map_err(|e| refused_locally(&e.to_string()))? else {
        return Ok(());
    };
    let Some(token) = link.token.clone() else { return Err(Failure::Unauthorized) };
    let refused_before: Vec<u64> = hall.refused.get_untracked().iter().map(|r| r.id).collect();
    let outcome = async {
        push_all(hall, &link, &token).await?;
        let link = store.link().await.ok().flatten().unwrap_or(link.clone());
        pull(hall, &link, &token).await?;
        if !store.outbox().await.map_err(|e| refused_locally(&e.to_string()))?.is_empty() {
            push_all(hall, &link, &token).await?;
        }
        Ok(())
    }
    .await;
    if outcome == Err(Failure::Unauthorized) {
        // Keep everything queued; only the token goes.
        if let Ok(Some(mut link)) = store.link().await {
            link.token = None;
            let _ = store.set_link(Some(&link)).await;
        }
    }
    hall.refresh_sync().await;
    // A change the server refused is said at once, whatever screen is open.
    if let Some(new) =
        hall.refused.get_untracked().iter().rev().find(|r| !refused_before.contains(&r.id))
    {
        let what = crate::components::account::describe(&new.mutation);
        hall.say(
            format!("{}{what}：{}", crate::messages::t().refused_by_server, new.message),
            true,
        );
    }
    hall.changed();
    outcome
}

/// Makes the device a member of the community it signed in to. A new account replaces the
/// device's data (the caller has asked the person); the same account again (after its
/// session expired) keeps everything, the outbox included.
pub async fn join(hall: &Hall, server: &str, signed_in: SignedIn) -> Result<(), String> {
    let store = hall.store();
    let Some(role) = signed_in.account.role else {
        return Err(crate::messages::t().admin_not_in_app.to_owned());
    };
    let existing = store.link().await.map_err(|e| e.to_string())?;
    let same = existing.as_ref().is_some_and(|l| {
        l.server == server
            && l.community == signed_in.community.id
            && l.account.id == signed_in.account.id
    });
    let link = if let (true, Some(mut link)) = (same, existing) {
        link.token = Some(signed_in.token);
        link
    } else {
        let waiting = store.outbox().await.map_err(|e| e.to_string())?.len();
        if waiting > 0 {
            return Err(format!(
                "{}{waiting}{}",
                crate::messages::t().waiting_before,
                crate::messages::t().waiting_blocks_sign_in
            ));
        }
        // The device's own settings (large type) are the person's, not the community's.
        let settings = store.settings().await.map_err(|e| e.to_string())?;
        store.clear().await.map_err(|e| e.to_string())?;
        store.set_settings(&settings).await.map_err(|e| e.to_string())?;
        let client_id = crate::device::new_id().to_string();
        let profile = Profile {
            id: format!("account-{}", signed_in.account.id),
            name: signed_in.account.name.clone(),
            role,
            unit: signed_in.account.unit.clone(),
            device: client_id.clone(),
        };
        store.set_profile(&profile).await.map_err(|e| e.to_string())?;
        let community = Community {
            name: signed_in.community.name.clone(),
            policy: yishiting_domain::NonResponse::None,
            created_at: crate::device::now(),
        };
        store.set_community(&community).await.map_err(|e| e.to_string())?;
        Link {
            server: server.to_owned(),
            community: signed_in.community.id,
            account: signed_in.account,
            token: Some(signed_in.token),
            client_id,
            cookie: 0,
            last_sync: None,
            next_mutation: 1,
        }
    };
    store.set_link(Some(&link)).await.map_err(|e| e.to_string())?;
    hall.reload().await.map_err(|e| e.to_string())?;
    Ok(())
}

/// Signs out: the device forgets the community (the caller has asked about waiting changes).
pub async fn leave(hall: &Hall) -> Result<(), String> {
    let store = hall.store();
    if let Some(link) = store.link().await.map_err(|e| e.to_string())? {
        sign_out_remote(&link).await;
    }
    let settings = store.settings().await.map_err(|e| e.to_string())?;
    store.clear().await.map_err(|e| e.to_string())?;
    store.set_settings(&settings).await.map_err(|e| e.to_string())?;
    hall.reload().await.map_err(|e| e.to_string())
}

#[derive(Debug, Deserialize)]
struct TallyAnswer {
    outcome: yishiting_domain::Outcome,
}

/// The server's count of a vote (in connected mode the count shown is the server's).
pub async fn server_tally(
    link: &Link,
    vote: yishiting_domain::EntityId,
) -> Result<yishiting_domain::Outcome, Failure> {
    let token = link.token.as_deref().ok_or(Failure::Unauthorized)?;
    let url = api_url(&link.server, &format!("/communities/{}/votes/{vote}/tally", link.community));
    let answer: TallyAnswer = call("GET", &url, Some(token), None).await?;
    Ok(answer.outcome)
}

/// Whether a role may cast an owner's ballot online (for the screens' hints only: the
/// server decides).
pub fn votes_online(role: Role) -> bool {
    role == Role::Owner
}

/// Runs the engine for the life of the page.
#[cfg(target_arch = "wasm32")]
pub fn start(hall: Hall) {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::wasm_bindgen::closure::Closure;

    let kick = move || hall.sync_soon();
    for event in ["online", "offline"] {
        let listener = Closure::<dyn Fn()>::new(move || {
            hall.online.set(navigator_online());
            kick();
        });
        if let Some(window) = web_sys::window() {
            let _ =
                window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        listener.forget();
    }
    let visible = Closure::<dyn Fn()>::new(move || {
        let shown = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        if shown {
            kick();
        }
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ = document
            .add_event_listener_with_callback("visibilitychange", visible.as_ref().unchecked_ref());
    }
    visible.forget();
    hall.online.set(navigator_online());
    leptos::task::spawn_local(run_loop(hall));
}

#[cfg(target_arch = "wasm32")]
fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// One round as the engine runs it. In the release build its code is a chunk of its own
/// (`crate::lazy::sync_round`): a chunk that cannot be fetched fails as the network does, and
/// is tried again as it would be.
#[cfg(all(target_arch = "wasm32", feature = "split"))]
async fn round(hall: Hall) -> Result<(), Failure> {
    match crate::lazy::sync_round(hall).await {
        Ok(round) => round.await,
        Err(_) => Err(Failure::Network),
    }
}

#[cfg(all(target_arch = "wasm32", not(feature = "split")))]
async fn round(hall: Hall) -> Result<(), Failure> {
    sync_once(&hall).await
}

/// Syncs, then waits for a kick or the timer; after a failure the wait doubles up to
/// [`MAX_BACKOFF_SECS`].
#[cfg(target_arch = "wasm32")]
async fn run_loop(hall: Hall) {
    use leptos::prelude::*;
    let mut backoff = 0u32;
    loop {
        let linked = hall.link.get_untracked().is_some();
        if linked && hall.online.get_untracked() {
            hall.phase.set(Phase::Syncing);
            match round(hall).await {
                Ok(()) => {
                    backoff = 0;
                    hall.phase.set(Phase::Idle);
                    // "待同步" said of a change is no longer true once everything is sent.
                    if hall.pending.read_untracked().is_empty()
                        && hall.flash.read_untracked().as_ref().is_some_and(|f| f.waiting)
                    {
                        hall.flash.set(None);
                    }
                }
                Err(Failure::Unauthorized) => hall.phase.set(Phase::SignInNeeded),
                Err(failure) => {
                    backoff = if backoff == 0 { 5 } else { (backoff * 2).min(MAX_BACKOFF_SECS) };
                    hall.phase.set(Phase::Failed(failure.message()));
                }
            }
        }
        let wait = if backoff > 0 { backoff } else { PERIOD_SECS };
        hall.wait_for_kick(wait).await;
    }
}
