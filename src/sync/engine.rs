//! The sync engine as plan, then execute (docs/protocol.md, "Client side").
//!
//! [`Round`] is the plan: from the outbox, the link and each answer it decides what to send
//! next and what an answer means, with no I/O, so every path (a lost answer, a gap, a
//! refusal, a restored server, a pull of many pages) is decided by code a native test can
//! drive. [`run`] is the small effectful runner: it reads the store, asks the plan, makes the
//! request through a [`Transport`] and keeps the answer. The browser's transport is HTTP
//! (`http::Browser`); the native tests' is the reference server's router in-process.
//!
//! A round pushes the outbox, pulls what changed, pushes again what the pull showed the server
//! lacks, and after a restored server pulls once more to have back what it sent again.
//! When rounds run is `pace.rs`'s [`Pacer`].

use serde::Serialize;
use yishiting_domain::Timestamp;
use yishiting_domain::mutation::Mutation;
use yishiting_domain::wire::{PullRequest, PushRequest, PushResponse};

use super::http::{Failure, api_url, call};
use crate::json;
use crate::storage::{Link, Pulled, Queued, Recovery, Store, StoreError};

pub use super::pace::{MAX_BACKOFF_SECS, PERIOD_SECS, Pacer, jittered_ms, next_backoff};

/// Most changes in one push (the protocol allows 1,000).
pub const BATCH: usize = 200;

/// Most changes asked for in one pull answer: a phone on a mobile network keeps each page as
/// it comes, so a lost connection costs one page, not the whole download. A page of 2,500
/// (some 60 KB gzip) costs fewer requests and IndexedDB transactions than pages of 1,000
/// (tests/bench/pull.mjs: 11,457 changes in 4 pages, not 11, about 10% faster).
pub const PULL_PAGE: u32 = 2_500;

/// How a round reaches a backend: one request, its status and body. An answer that never
/// came is [`Failure::Network`].
#[allow(async_fn_in_trait)]
pub trait Transport {
    async fn exchange(
        &self,
        method: &str,
        url: &str,
        token: Option<&str>,
        body: Option<String>,
    ) -> Result<(u16, crate::json::Text), Failure>;
}

/// A queued change as pushed: the protocol's `{id, at, name, args}`, `name` and `args` being
/// the domain's mutation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PushedMutation {
    pub id: u64,
    pub at: i64,
    #[serde(flatten)]
    pub mutation: Mutation,
}

/// Where a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leg {
    /// Sending the outbox.
    Push,
    /// Bringing what changed, page by page.
    Pull,
    /// Sending what the pull showed the server lacks (after a restore, or made meanwhile).
    PushAgain,
    /// After a restored server took changes again: bringing them back as it now has them.
    PullAgain,
    Done,
}

/// What to do next.
#[derive(Debug, Clone)]
pub enum Step {
    Push(PushRequest<PushedMutation>),
    Pull(PullRequest),
    Done,
}

/// What a round did, for the screens to say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ran {
    /// Stored data changed (something was pushed, or a pull brought something).
    pub changed: bool,
    /// The server turned out to be restored from a backup: what became of this device's
    /// changes (docs/protocol.md, "Restores").
    pub recovered: Option<Recovery>,
    /// Pages pulled.
    pub pages: usize,
}

/// The plan of one round.
#[derive(Debug, Clone)]
pub struct Round {
    leg: Leg,
    /// The highest id sent in this leg: a push never sends an id twice in one leg, so a
    /// backend that acknowledges less than it was sent cannot hold a round in a loop.
    sent_up_to: u64,
    /// Whether the second push sent anything.
    pushed_again: bool,
    /// The cookie the pull under way asked from.
    asked_from: u64,
    /// Changes received by the pull under way, for the status line.
    pub received: u64,
    ran: Ran,
}

impl Default for Round {
    fn default() -> Round {
        Round::new()
    }
}

impl Round {
    pub fn new() -> Round {
        Round {
            leg: Leg::Push,
            sent_up_to: 0,
            pushed_again: false,
            asked_from: 0,
            received: 0,
            ran: Ran::default(),
        }
    }

    /// What to send next, given the outbox and the link as they are now.
    pub fn plan(&mut self, outbox: &[Queued], link: &Link) -> Step {
        loop {
            match self.leg {
                Leg::Push | Leg::PushAgain => {
                    // Acknowledged changes wait for a pull to include them; they are not sent
                    // again.
                    let batch: Vec<PushedMutation> = outbox
                        .iter()
                        .filter(|q| !q.acked && q.id > self.sent_up_to)
                        .take(BATCH)
                        .map(|q| PushedMutation {
                            id: q.id,
                            at: q.at.0,
                            mutation: q.mutation.clone(),
                        })
                        .collect();
                    let Some(last) = batch.last() else {
                        self.end_push();
                        continue;
                    };
                    self.sent_up_to = last.id;
                    self.ran.changed = true;
                    if self.leg == Leg::PushAgain {
                        self.pushed_again = true;
                    }
                    let client_id = link.client_id.clone();
                    return Step::Push(PushRequest { client_id, mutations: batch });
                }
                Leg::Pull | Leg::PullAgain => {
                    self.asked_from = link.cookie;
                    return Step::Pull(pull_request(link));
                }
                Leg::Done => return Step::Done,
            }
        }
    }

    fn end_push(&mut self) {
        self.sent_up_to = 0;
        self.leg = match self.leg {
            Leg::Push => Leg::Pull,
            // What was sent again comes back as the restored server now has it.
            Leg::PushAgain if self.pushed_again && self.ran.recovered.is_some() => Leg::PullAgain,
            _ => Leg::Done,
        };
    }

    /// What a push's answer means: the answer to keep, `None` when there is nothing to keep
    /// (a `mutation_gap`: the pull tells where the server stands, and the push after it sends
    /// from there), or the failure that ends the round.
    pub fn pushed(
        &mut self,
        answer: Result<PushResponse, Failure>,
    ) -> Result<Option<PushResponse>, Failure> {
        match answer {
            Ok(answer) => Ok(Some(answer)),
            Err(Failure::Refused { code, .. }) if code == "mutation_gap" => {
                self.end_push();
                Ok(None)
            }
            Err(failure) => Err(failure),
        }
    }

    /// What a kept pull page means: another page to ask for, or the pull done.
    pub fn pulled(&mut self, pulled: &Pulled, recovered: Option<Recovery>) {
        self.ran.pages += 1;
        self.ran.recovered = self.ran.recovered.take().or(recovered);
        self.ran.changed |=
            pulled.reset || !pulled.changes.is_empty() || !pulled.results.is_empty();
        // A backend that says `more` without moving on would have us ask forever.
        if pulled.more && pulled.version != self.asked_from {
            self.received += pulled.changes.len() as u64;
        } else {
            self.received = 0;
            self.leg = if self.leg == Leg::Pull { Leg::PushAgain } else { Leg::Done };
        }
    }

    /// The next page's request, while `pulled` (asked for with `link`) is being kept: what
    /// [`Round::plan`] will ask once it is, so that it can be on its way meanwhile. `None` when
    /// this page ends the pull.
    pub fn next_pull(&self, link: &Link, pulled: &Pulled) -> Option<PullRequest> {
        if !pulled.more || pulled.version == self.asked_from {
            return None;
        }
        // The link as keeping the page leaves it (the same pure bookkeeping the store runs).
        let mut kept = link.clone();
        crate::storage::absorb_page(
            (Vec::new(), Vec::new()),
            Some(&mut kept),
            pulled,
            Timestamp(0),
        );
        Some(pull_request(&kept))
    }

    /// Whether the next step may be a push, which [`Round::plan`] decides from the outbox.
    pub fn pushing(&self) -> bool {
        matches!(self.leg, Leg::Push | Leg::PushAgain)
    }

    pub fn ran(&self) -> &Ran {
        &self.ran
    }
}

/// A page's request from the link as it stands.
fn pull_request(link: &Link) -> PullRequest {
    PullRequest {
        client_id: link.client_id.clone(),
        cookie: link.cookie,
        limit: Some(PULL_PAGE),
        identity: link.identity.clone(),
        acknowledged: Some(link.acknowledged),
    }
}

/// The store failed: said as a refusal, so the round stops and is tried again later.
fn kept<T>(result: Result<T, StoreError>) -> Result<T, Failure> {
    result.map_err(|e| Failure::Refused {
        status: 0,
        code: "store".to_owned(),
        message: e.to_string(),
    })
}

/// Runs one round against `store` through `transport`, as the link's account. `now` is the
/// device's clock (for the recovery of a restore); `on_page` hears how many changes a pull of
/// several pages has brought so far. Says what the round did, also when it failed part way
/// (pages kept before a failure stay kept). On `401` the token is dropped and everything
/// queued stays.
pub async fn run<S: Store, T: Transport>(
    store: &S,
    transport: &T,
    now: impl Fn() -> Timestamp,
    mut on_page: impl FnMut(u64),
) -> (Ran, Result<(), Failure>) {
    let link = match kept(store.link().await) {
        Ok(Some(link)) => link,
        Ok(None) => return (Ran::default(), Ok(())),
        Err(failure) => return (Ran::default(), Err(failure)),
    };
    let Some(token) = link.token.clone() else {
        return (Ran::default(), Err(Failure::Unauthorized));
    };
    let mut round = Round::new();
    // The next page, asked for while the one before was being kept.
    let mut prefetched: Option<(PullRequest, Result<Pulled, Failure>)> = None;
    let outcome = async {
        loop {
            let link = kept(store.link().await)?.unwrap_or_else(|| link.clone());
            // Only a push reads the outbox: a download of many pages does not read it again
            // before each page.
            let outbox = if round.pushing() { kept(store.outbox().await)? } else { Vec::new() };
            let url = |what: &str| {
                api_url(&link.server, &format!("/communities/{}/{what}", link.community))
            };
            match round.plan(&outbox, &link) {
                Step::Push(request) => {
                    let body = json::compact(&request).unwrap_or_default();
                    let answer =
                        call(transport, "POST", &url("push"), Some(&token), Some(body)).await;
                    if let Some(answer) = round.pushed(answer)? {
                        kept(store.settle(answer.last_mutation_id, &answer.results).await)?;
                    }
                }
                Step::Pull(request) => {
                    let pulled: Pulled = match prefetched.take() {
                        Some((asked, answer)) if asked == request => answer?,
                        _ => pull(transport, &url("pull"), &token, &request).await?,
                    };
                    // The next page is on its way while this one is kept: on a phone's
                    // network the wait for an answer and IndexedDB's writing overlap.
                    let next = round.next_pull(&link, &pulled);
                    let fetch_next =
                        async { Some(pull(transport, &url("pull"), &token, next.as_ref()?).await) };
                    let (recovered, next_answer) =
                        futures::future::join(store.absorb(&pulled, now()), fetch_next).await;
                    let recovered = kept(recovered)?;
                    round.pulled(&pulled, recovered);
                    prefetched = next.zip(next_answer);
                    if round.received > 0 {
                        on_page(round.received);
                    }
                }
                Step::Done => return Ok(()),
            }
        }
    }
    .await;
    if outcome == Err(Failure::Unauthorized) {
        // Keep everything queued; only the token goes.
        if let Ok(Some(mut link)) = store.link().await {
            link.token = None;
            let _ = store.set_link(Some(&link)).await;
        }
    }
    (round.ran().clone(), outcome)
}

/// One pull page, each change checked readable before anything of the page is kept: a
/// backend that sends a record this build cannot read (a stage it does not know) is told
/// plainly, and the device stays where it was. The check only reads; the page is kept as it
/// came ([`Pulled`]). A kind this build does not know at all is kept (`Change::Unknown`).
async fn pull<T: Transport>(
    transport: &T,
    url: &str,
    token: &str,
    request: &PullRequest,
) -> Result<Pulled, Failure> {
    let body = json::compact(request).unwrap_or_default();
    let pulled: Pulled = call(transport, "POST", url, Some(token), Some(body)).await?;
    match pulled.changes.iter().find_map(|change| change.unreadable()) {
        Some(why) => Err(Failure::bad_answer(200, &why)),
        None => Ok(pulled),
    }
}
