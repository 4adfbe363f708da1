//! The sync engine (docs/protocol.md): pushes the outbox, then pulls what changed, whenever
//! it can: at start, when the network returns, when the page is shown again, after every
//! change, and on a timer that backs off while the server cannot be reached. A change leaves
//! the outbox only when the server says it processed it.
//!
//! `http` makes one request; `session` signs in and out.

use leptos::prelude::{GetUntracked, Set};
use serde::{Deserialize, Serialize};
use yishiting_domain::mutation::Mutation;
use yishiting_domain::wire::{PullRequest, PushRequest, PushResponse};
use yishiting_domain::{Channel, Role};

use crate::hall::Hall;
use crate::json;
use crate::storage::{Link, Pulled, Store};

mod http;
mod session;

pub(crate) use http::call;
pub use http::{Failure, api_url};
pub use session::{AdminSession, CommunityInfo, SignedIn, end_session, join, leave, sign_in};

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

/// A queued change as pushed: the protocol's `{id, at, name, args}`, `name` and `args` being
/// the domain's mutation (the server reads them apart, as `sync::PushedMutation`).
#[derive(Debug, Serialize)]
struct PushedMutation<'a> {
    id: u64,
    at: i64,
    #[serde(flatten)]
    mutation: &'a Mutation,
}

/// Most changes asked for in one pull answer: a phone on a mobile network keeps each page as
/// it comes, so a lost connection costs one page, not the whole download.
pub const PULL_PAGE: u32 = 1_000;

/// Pushes every queued change, oldest first, in batches. Stops at the first failure; a
/// `mutation_gap` is left to the pull, which tells where the server stands. Says whether
/// there was anything to push.
async fn push_all(hall: &Hall, link: &Link, token: &str) -> Result<bool, Failure> {
    let store = hall.store();
    let url = api_url(&link.server, &format!("/communities/{}/push", link.community));
    let mut pushed = false;
    loop {
        let mut outbox = store.outbox().await.map_err(|e| refused_locally(&e.to_string()))?;
        // Acknowledged changes wait for a pull to include them; they are not sent again.
        outbox.retain(|q| !q.acked);
        if outbox.is_empty() {
            return Ok(pushed);
        }
        pushed = true;
        let batch: Vec<PushedMutation<'_>> = outbox
            .iter()
            .take(BATCH)
            .map(|q| PushedMutation { id: q.id, at: q.at.0, mutation: &q.mutation })
            .collect();
        let sent = batch.len();
        let request = PushRequest { client_id: link.client_id.clone(), mutations: batch };
        let body = json::compact(&request).unwrap_or_default();
        let answer: PushResponse = match call("POST", &url, Some(token), Some(body)).await {
            Ok(answer) => answer,
            Err(Failure::Refused { code, .. }) if code == "mutation_gap" => return Ok(true),
            Err(failure) => return Err(failure),
        };
        store
            .settle(answer.last_mutation_id, &answer.results)
            .await
            .map_err(|e| refused_locally(&e.to_string()))?;
        if outbox.len() <= sent {
            return Ok(true);
        }
    }
}

fn refused_locally(message: &str) -> Failure {
    Failure::Refused { status: 0, code: "store".to_owned(), message: message.to_owned() }
}

/// What a pull brought: whether anything came, and whether the server turned out to be
/// restored from a backup (docs/protocol.md, "Restores").
#[derive(Debug, Default)]
struct Came {
    anything: bool,
    recovered: Option<crate::storage::Recovery>,
}

/// Pulls everything since the link's cookie into the store, a page at a time: each page is
/// kept, its version becoming the cookie, before the next is asked for.
async fn pull(hall: &Hall, link: &Link, token: &str) -> Result<Came, Failure> {
    let url = api_url(&link.server, &format!("/communities/{}/pull", link.community));
    let store = hall.store();
    let mut link = link.clone();
    let mut came = Came::default();
    let mut received = 0u64;
    loop {
        let body = json::compact(&PullRequest {
            client_id: link.client_id.clone(),
            cookie: link.cookie,
            limit: Some(PULL_PAGE),
            identity: link.identity.clone(),
            acknowledged: Some(link.acknowledged),
        })
        .unwrap_or_default();
        let pulled: Pulled = call("POST", &url, Some(token), Some(body)).await?;
        let recovered = store
            .absorb(&pulled, crate::device::now())
            .await
            .map_err(|e| refused_locally(&e.to_string()))?;
        came.recovered = came.recovered.or(recovered);
        came.anything |= pulled.reset || !pulled.changes.is_empty() || !pulled.results.is_empty();
        // A backend that says `more` without moving on would have us ask forever.
        if !pulled.more || pulled.version == link.cookie {
            return Ok(came);
        }
        received += pulled.changes.len() as u64;
        hall.received.set(received);
        hall.changed();
        // The page moved the link's cookie, identity and what is acknowledged.
        link = store.link().await.ok().flatten().unwrap_or(link);
    }
}

/// One round: push, pull, and push again if the pull showed the server missed some.
pub async fn sync_once(hall: &Hall) -> Result<(), Failure> {
    let store = hall.store();
    let Some(link) = store.link().await.map_err(|e| refused_locally(&e.to_string()))? else {
        return Ok(());
    };
    let Some(token) = link.token.clone() else { return Err(Failure::Unauthorized) };
    // Compared whole: after a restore an id may be used again for another change.
    let refused_before = hall.refused.get_untracked();
    // Whether stored data changed: only then are the screens drawn again, so a round that
    // brings nothing (most rounds of the timer) disturbs nothing on screen.
    let mut changed = false;
    let mut recovered = None;
    let outcome = async {
        changed |= push_all(hall, &link, &token).await?;
        let link = store.link().await.ok().flatten().unwrap_or(link.clone());
        let came = pull(hall, &link, &token).await?;
        changed |= came.anything;
        recovered = came.recovered;
        let pushed = push_all(hall, &link, &token).await?;
        changed |= pushed;
        if pushed && recovered.is_some() {
            // What was sent again comes back as the restored server now has it.
            let link = store.link().await.ok().flatten().unwrap_or(link.clone());
            pull(hall, &link, &token).await?;
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
        hall.refused.get_untracked().iter().rev().find(|r| !refused_before.contains(r))
    {
        let what = crate::components::account::describe(&new.mutation);
        hall.say(format!("{}{what}：{}", crate::messages::t().refused_by_server, new.why()), true);
    }
    // A restored server is said once, plainly, with what became of this phone's changes.
    if let Some(recovery) = recovered.filter(|_| link.cookie > 0) {
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
    if changed {
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
    let answer: TallyAnswer = call("GET", &url, Some(token), None).await?;
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

/// The pause after a failed round, in seconds, given the one before (0 after a success):
/// 5, 10, 20, … up to [`MAX_BACKOFF_SECS`].
pub fn next_backoff(previous: u32) -> u32 {
    if previous == 0 { 5 } else { previous.saturating_mul(2).min(MAX_BACKOFF_SECS) }
}

/// A pause of at least `seconds`, in milliseconds, lengthened by up to half by `random`:
/// after an outage the phones of a community do not all come back in the same second.
pub fn jittered_ms(seconds: u32, random: u32) -> u32 {
    let full = seconds.saturating_mul(1000);
    full.saturating_add(random % (full / 2 + 1))
}

/// Syncs, then waits for a kick (which ends the wait at once) or the timer, spread by
/// [`jittered_ms`]; after a failure the wait doubles up to [`MAX_BACKOFF_SECS`].
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
                    backoff = next_backoff(backoff);
                    hall.phase.set(Phase::Failed(failure.message()));
                }
            }
        }
        let wait = if backoff > 0 { backoff } else { PERIOD_SECS };
        hall.wait_for_kick(jittered_ms(wait, crate::device::random_u32())).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_round_backs_off_doubling_to_a_ceiling() {
        let mut waits = vec![];
        let mut backoff = 0;
        for _ in 0..8 {
            backoff = next_backoff(backoff);
            waits.push(backoff);
        }
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300]);
    }

    #[test]
    fn retries_are_spread_over_half_a_pause_more() {
        // Bounds: from the pause to half as long again, whatever the random number.
        for random in [0, 1, 2_499, 2_500, 2_501, u32::MAX / 2, u32::MAX] {
            let wait = jittered_ms(5, random);
            assert!((5_000..=7_500).contains(&wait), "{random}: {wait}");
        }
        assert_eq!((jittered_ms(5, 0), jittered_ms(5, 2_500)), (5_000, 7_500));
        // A thousand phones back from one outage: their retries spread over 2.5 s, none
        // of its 100 ms slices holding more than a few percent of them.
        let mut state = 0x2545_f491_u32;
        let mut slices = [0u32; 25];
        for _ in 0..1_000 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            slices[((jittered_ms(5, state) - 5_000) / 100).min(24) as usize] += 1;
        }
        assert!(slices.iter().all(|&n| n < 80), "{slices:?}");
    }
}
