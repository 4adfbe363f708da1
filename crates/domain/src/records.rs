//! What a community's store holds, record by record, and the trait through which the rules
//! read and write them. The app implements it over IndexedDB, the server over SQLite, and
//! [`MemoryRecords`] in memory; the rules in [`crate::mutation`] are written once against it.

use serde::{Deserialize, Serialize};

mod memory;

pub use memory::MemoryRecords;

use crate::{
    Channel, Choice, Comment, EntityId, Meeting, OwnerKey, OwnersVote, PaperSheet, Poll, Proposal,
    Proxy, SignInRecord, Stage, Timestamp, Unit, UnitId,
};

/// A matter as the hall lists it: kept beside the proposal, updated in the same write, so a
/// list of a thousand matters reads small records only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub id: EntityId,
    pub title: String,
    pub category: String,
    pub stage: Stage,
    pub comments: u32,
    /// The last time anything happened to the matter; the hall sorts by it, newest first.
    pub last_activity: Timestamp,
    /// The owners' vote, if one was opened (the latest, if more than one): when it closes and how
    /// many ballots it counts.
    pub vote: Option<VoteSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteSummary {
    pub vote: EntityId,
    pub closes_at: Timestamp,
    /// Ballots that count: refused duplicates are recorded but not counted here.
    pub ballots: u32,
}

/// A ballot as recorded, in the order it was accepted (`seq`), with who recorded it where.
/// A later ballot of an owner who had already voted is recorded too, with `duplicate_of` set:
/// kept for the audit and shown to the committee, never counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotRecord {
    pub id: EntityId,
    pub vote: EntityId,
    pub seq: u64,
    pub unit: UnitId,
    pub owner: OwnerKey,
    pub choice: Choice,
    pub channel: Channel,
    /// The name of the account that recorded it (the owner, or the officer or committee
    /// member who entered it).
    pub recorded_by: String,
    /// That account's stable id (`account-<n>` on a server), so two officers of one name are
    /// told apart; absent in records made before this was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by_id: Option<String>,
    pub device: String,
    /// When it was cast: see `OwnersVote::arrival`.
    pub at: Timestamp,
    /// The number of a paper ballot sheet.
    pub sheet: Option<String>,
    /// The authorisation a proxy ballot was cast through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<EntityId>,
    pub duplicate_of: Option<EntityId>,
    /// When the judge (the server, or the device alone) received it; absent in records made
    /// before this was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<Timestamp>,
    /// Received after the vote closed, in its counting period: listed for the committee.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
}

impl BallotRecord {
    /// The ballot as the count takes it.
    pub fn ballot(&self) -> crate::Ballot {
        crate::Ballot {
            unit: self.unit.clone(),
            choice: self.choice,
            channel: Some(self.channel),
            recorded_by: Some(self.recorded_by.clone()),
            device: Some(self.device.clone()),
            recorded_at: None,
        }
    }
}

/// A recorded delivery (送达) of a vote's ballot to a unit's owner: under follow-majority,
/// only owners with one are deemed to participate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    /// `"{vote}:{unit}"`: one delivery per unit and vote, recording it again changes nothing.
    pub id: String,
    pub vote: EntityId,
    pub unit: UnitId,
    /// How it reached the owner, as the first recording said; `None` when it did not say
    /// (recordings of older versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<DeliveryMethod>,
    pub recorded_by: String,
    /// As for a ballot: the recording account's stable id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by_id: Option<String>,
    pub at: Timestamp,
}

/// How a ballot reached its owner (送达方式), as the committee or an officer records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    /// A slip posted to the door or the letterbox (张贴或投递送达单).
    Slip,
    /// Handed to the owner, who signed for it (当面送达).
    InPerson,
    /// Sent to the owner by WeChat message (微信送达).
    Wechat,
    /// Registered mail (挂号信).
    RegisteredMail,
    /// The owner signed in to the hall while a meeting deciding the vote was announced
    /// (Zhuhai's rule): recorded by the hall itself, never chosen by a person.
    SignedIn,
    /// A way a later version records: shown as another way, never a reason to refuse a page.
    #[serde(other)]
    Other,
}

impl DeliveryMethod {
    /// The ways a person records (`record_deliveries`).
    pub const ALL: [DeliveryMethod; 4] = [
        DeliveryMethod::Slip,
        DeliveryMethod::InPerson,
        DeliveryMethod::Wechat,
        DeliveryMethod::RegisteredMail,
    ];
}

impl DeliveryRecord {
    pub fn key(vote: EntityId, unit: &UnitId) -> String {
        format!("{vote}:{unit}")
    }
}

/// One record to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum Record {
    Proposal(Proposal),
    Card(Card),
    Comment(Comment),
    Poll(Poll),
    Vote(OwnersVote),
    Ballot(BallotRecord),
    Delivery(DeliveryRecord),
    Meeting(Meeting),
    SignIn(SignInRecord),
    Proxy(Proxy),
    Sheet(PaperSheet),
}

/// One record of a pull as it now stands on the server, by its `kind` (docs/protocol.md,
/// "Records"): what the app stores, and what the conformance suite reads a backend's pulls as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum Change {
    Unit(Unit),
    Proposal(Proposal),
    Card(Card),
    Comment(Comment),
    Poll(Poll),
    Vote(OwnersVote),
    Ballot(BallotRecord),
    Delivery(DeliveryRecord),
    Meeting(Meeting),
    SignIn(SignInRecord),
    Proxy(Proxy),
    Sheet(PaperSheet),
    /// A kind this version does not know: skipped.
    #[serde(other)]
    Unknown,
}

impl Change {
    /// The kinds this version reads (`Change::Unknown` aside). A record of another kind is a
    /// later version's: a client keeps or skips it, never refuses the page that holds it.
    /// (serde reads such a kind as `Unknown` only when its record is absent.)
    pub const KINDS: [&'static str; 12] = [
        "unit", "proposal", "card", "comment", "poll", "vote", "ballot", "delivery", "meeting",
        "sign_in", "proxy", "sheet",
    ];

    /// Whether this version reads records of `kind`.
    pub fn is_known_kind(kind: &str) -> bool {
        Change::KINDS.contains(&kind)
    }
}

/// Reads and writes of one atomic change. Reads see the writes made before them in the same
/// change. An implementation must make all of a change's writes or none.
#[allow(async_fn_in_trait)]
pub trait Records {
    type Error;
    async fn unit(&mut self, id: &UnitId) -> Result<Option<Unit>, Self::Error>;
    async fn proposal(&mut self, id: EntityId) -> Result<Option<Proposal>, Self::Error>;
    async fn card(&mut self, id: EntityId) -> Result<Option<Card>, Self::Error>;
    async fn comment(&mut self, id: EntityId) -> Result<Option<Comment>, Self::Error>;
    async fn poll(&mut self, id: EntityId) -> Result<Option<Poll>, Self::Error>;
    async fn vote(&mut self, id: EntityId) -> Result<Option<OwnersVote>, Self::Error>;
    async fn ballot(&mut self, id: EntityId) -> Result<Option<BallotRecord>, Self::Error>;
    /// The delivery with this key (`DeliveryRecord::key`), if one was recorded.
    async fn delivery(&mut self, key: &str) -> Result<Option<DeliveryRecord>, Self::Error>;
    async fn meeting(&mut self, id: EntityId) -> Result<Option<Meeting>, Self::Error>;
    /// The sign-in with this key (`SignInRecord::key`), if the owner signed in.
    async fn sign_in(&mut self, key: &str) -> Result<Option<SignInRecord>, Self::Error>;
    async fn proxy(&mut self, id: EntityId) -> Result<Option<Proxy>, Self::Error>;
    /// The paper sheet with this key (`PaperSheet::key`), if it was entered.
    async fn sheet(&mut self, key: &str) -> Result<Option<PaperSheet>, Self::Error>;
    /// Every authorisation recorded for a meeting, revoked ones too.
    async fn proxies(&mut self, meeting: EntityId) -> Result<Vec<Proxy>, Self::Error>;
    /// The counted ballot of `owner` in `vote`, if the owner has voted.
    async fn owner_ballot(
        &mut self,
        vote: EntityId,
        owner: &OwnerKey,
    ) -> Result<Option<BallotRecord>, Self::Error>;
    /// The next ballot sequence number (acceptance order) for this store.
    async fn next_seq(&mut self) -> Result<u64, Self::Error>;
    async fn put(&mut self, record: Record) -> Result<(), Self::Error>;
}

/// Runs to its end a future that never waits: the rules over records that answer at once
/// (in memory, or SQLite's synchronous calls) need no executor.
///
/// # Panics
/// If the future waits: only stores that answer synchronously may be driven this way.
pub fn now_or_never<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("a store that answers at once never waits"),
    }
}

/// The vote a matter shows when it has had more than one (a re-vote): the latest opened.
pub fn latest_vote<'a>(votes: impl IntoIterator<Item = &'a OwnersVote>) -> Option<&'a OwnersVote> {
    votes.into_iter().max_by_key(|v| (v.created_at, v.id))
}

/// Everything recorded about one matter, for rebuilding its card.
#[derive(Debug)]
pub struct MatterRecords<'a> {
    pub proposal: &'a Proposal,
    pub comments: Vec<&'a Comment>,
    pub polls: Vec<&'a Poll>,
    pub vote: Option<&'a OwnersVote>,
    pub ballots: Vec<&'a BallotRecord>,
}

/// A matter's card computed from its records: what the card index holds, rebuilt when the
/// index is created over existing data (a schema upgrade, a restored backup). Equal to the
/// card the rules keep up to date change by change.
pub fn rebuild_card(m: &MatterRecords<'_>) -> Card {
    let p = m.proposal;
    let polls = m
        .polls
        .iter()
        .flat_map(|poll| std::iter::once(poll.created_at).chain(poll.answers.iter().map(|a| a.at)));
    let activity = std::iter::once(p.created_at)
        .chain(p.history.iter().map(|h| h.at))
        .chain(m.comments.iter().map(|c| c.at))
        .chain(polls)
        .chain(m.vote.iter().map(|v| v.created_at))
        .chain(m.ballots.iter().map(|b| b.at));
    Card {
        id: p.id,
        title: p.title.clone(),
        category: p.category.clone(),
        stage: p.stage,
        comments: u32::try_from(m.comments.len()).unwrap_or(u32::MAX),
        last_activity: activity.max().unwrap_or(p.created_at),
        vote: m.vote.map(|v| VoteSummary {
            vote: v.id,
            closes_at: v.closes_at,
            ballots: u32::try_from(m.ballots.iter().filter(|b| b.duplicate_of.is_none()).count())
                .unwrap_or(u32::MAX),
        }),
    }
}
