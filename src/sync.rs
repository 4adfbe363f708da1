//! The sync engine (docs/protocol.md): pushes the outbox, then pulls what changed, whenever
//! it can: at start, when the network returns, when the page is shown again, after every
//! change, and on a timer that backs off while the server cannot be reached. A change leaves
//! the outbox only when the server says it processed it.
//!
//! `engine` decides and runs a round (plan, then execute, behind a transport); this module
//! runs it on the device's store and tells the screens; `http` makes one request; `session`
//! signs in and out.

use leptos::prelude::{GetUntracked, Set};
use serde::Deserialize;
use yishiting_domain::{Channel, Role};

use crate::hall::Hall;
use crate::storage::{Link, Store};

pub mod engine;
mod http;
mod session;

pub use engine::{
    BATCH, MAX_BACKOFF_SECS, PERIOD_SECS, PULL_PAGE, Transport, jittered_ms, next_backoff,
};
pub(crate) use http::call;
pub use http::{Browser, Failure, api_url};
pub use session::{AdminSession, CommunityInfo, SignedIn, end_session, join, leave, sign_in};

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

/// One round of the engine on the device's store, then what the screens need to hear of it:
/// the stored data changed, a change was refused, the server was restored.
pub async fn sync_once(hall: &Hall) -> Result<(), Failure> {
    let store = hall.store();
    let link = store.link().await.ok().flatten();
    // Compared whole: after a restore an id may be used again for another change.
    let refused_before = hall.refused.get_untracked();
    let on_page = |received: u64| {
        hall.received.set(received);
        hall.changed();
    };
    let (ran, outcome) = engine::run(&*store, &Browser, crate::device::now, on_page).await;
    hall.refresh_sync().await;
    // A change the server refused is said at once, whatever screen is open.
    if let Some(new) =
        hall.refused.get_untracked().iter().rev().find(|r| !refused_before.contains(r))
    {
        let what = crate::messages::describe(&new.mutation);
        hall.say(format!("{}{what}：{}", crate::messages::t().refused_by_server, new.why()), true);
    }
    // A restored server is said once, plainly, with what became of this phone's changes.
    let first_download = link.is_none_or(|l| l.cookie == 0);
    if let Some(recovery) = ran.recovered.filter(|_| !first_download) {
        let t = crate::messages::t();
        let mut said = t.restored.to_owned();
        if recovery.resent > 0 {
            let resent = recovery.resent;
            said.push_str(&format!(
                "{}{resent}{}",
                t.restored_resent_before, t.restored_resent_after
            ));
        }
        if recovery.lost > 0 {
            let lost = recovery.lost;
            said.push_str(&format!("{}{lost}{}", t.restored_lost_before, t.restored_lost_after));
        }
        hall.say(said, recovery.lost > 0);
    }
    if hall.received.get_untracked() != 0 {
        hall.received.set(0);
    }
    if ran.changed {
        hall.changed();
    }
    hall.round_done();
    outcome
}

#[derive(Debug, Deserialize)]
struct TallyAnswer {
    outcome: yishiting_domain::Outcome,
    #[serde(default)]
    sealed: Option<yishiting_domain::Seal>,
}

/// The server's count of a vote, and its seal as the server holds it.
#[derive(Debug, Clone)]
pub struct ServerCount {
    pub outcome: yishiting_domain::Outcome,
    pub sealed: Option<yishiting_domain::Seal>,
}

/// The server's count of a vote (in connected mode the count shown is the server's).
pub async fn server_tally(
    link: &Link,
    vote: yishiting_domain::EntityId,
) -> Result<ServerCount, Failure> {
    let token = link.token.as_deref().ok_or(Failure::Unauthorized)?;
    let url = api_url(&link.server, &format!("/communities/{}/votes/{vote}/tally", link.community));
    let answer: TallyAnswer = call(&Browser, "GET", &url, Some(token), None).await?;
    Ok(ServerCount { outcome: answer.outcome, sealed: answer.sealed })
}

/// Whether a role may cast an owner's ballot online (for the screens' hints only: the
/// server decides).
pub fn votes_online(role: Role) -> bool {
    role.ballot_channel() == Some(Channel::Online)
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

/// Syncs, then waits for a kick (which ends the wait at once) or the time the
/// [`engine::Pacer`] gives: the period, or after a failure a pause that doubles up to
/// [`MAX_BACKOFF_SECS`], spread at random.
#[cfg(target_arch = "wasm32")]
async fn run_loop(hall: Hall) {
    use leptos::prelude::*;
    let mut pacer = engine::Pacer::default();
    loop {
        let random = crate::device::random_u32();
        let linked = hall.link.get_untracked().is_some();
        let wait = if linked && hall.online.get_untracked() {
            hall.phase.set(Phase::Syncing);
            let outcome = round(hall).await;
            match &outcome {
                Ok(()) => {
                    hall.phase.set(Phase::Idle);
                    // "待同步" said of a change is no longer true once everything is sent.
                    if hall.pending.read_untracked().is_empty()
                        && hall.flash.read_untracked().as_ref().is_some_and(|f| f.waiting)
                    {
                        hall.flash.set(None);
                    }
                }
                Err(Failure::Unauthorized) => hall.phase.set(Phase::SignInNeeded),
                Err(failure) => hall.phase.set(Phase::Failed(failure.message())),
            }
            pacer.after(&outcome, random)
        } else {
            pacer.now(random)
        };
        hall.wait_for_kick(wait).await;
    }
}
