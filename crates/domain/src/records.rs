//! What a community's store holds, record by record, and the trait through which the rules
//! read and write them. The app implements it over IndexedDB, the server over SQLite, and
//! [`MemoryRecords`] in memory; the rules in [`crate::mutation`] are written once against it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    Channel, Choice, Comment, EntityId, Meeting, OwnerKey, OwnersVote, Poll, Proposal, Proxy,
    SignInRecord, Stage, Timestamp, Unit, UnitId,
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
    pub recorded_by: String,
    /// As for a ballot: the recording account's stable id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by_id: Option<String>,
    pub at: Timestamp,
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
    /// A kind this version does not know: skipped.
    #[serde(other)]
    Unknown,
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

/// All records in memory: for native tests, and the reference for the other implementations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryRecords {
    pub units: BTreeMap<UnitId, Unit>,
    pub proposals: BTreeMap<EntityId, Proposal>,
    pub cards: BTreeMap<EntityId, Card>,
    pub comments: BTreeMap<EntityId, Comment>,
    pub polls: BTreeMap<EntityId, Poll>,
    pub votes: BTreeMap<EntityId, OwnersVote>,
    pub ballots: BTreeMap<EntityId, BallotRecord>,
    #[serde(default)]
    pub deliveries: BTreeMap<String, DeliveryRecord>,
    #[serde(default)]
    pub meetings: BTreeMap<EntityId, Meeting>,
    #[serde(default)]
    pub sign_ins: BTreeMap<String, SignInRecord>,
    #[serde(default)]
    pub proxies: BTreeMap<EntityId, Proxy>,
    pub seq: u64,
}

impl MemoryRecords {
    /// Ballots of one vote in acceptance order.
    pub fn ballots_of(&self, vote: EntityId) -> Vec<&BallotRecord> {
        let mut ballots: Vec<&BallotRecord> =
            self.ballots.values().filter(|b| b.vote == vote).collect();
        ballots.sort_unstable_by_key(|b| (b.seq, b.id));
        ballots
    }

    /// Units with a recorded delivery for one vote.
    pub fn delivered_to(&self, vote: EntityId) -> Vec<UnitId> {
        self.deliveries.values().filter(|d| d.vote == vote).map(|d| d.unit.clone()).collect()
    }
}

impl MemoryRecords {
    /// Applies one change by the rules. Memory records answer at once, so the domain's
    /// asynchronous `apply` finishes in a single poll: no executor is needed.
    pub fn apply_now(
        &mut self,
        envelope: &crate::mutation::Envelope,
    ) -> Result<crate::mutation::Applied, crate::mutation::Rejection> {
        match now_or_never(crate::mutation::apply(self, envelope)) {
            Ok(result) => result,
        }
    }
}

impl Records for MemoryRecords {
    type Error = std::convert::Infallible;

    async fn unit(&mut self, id: &UnitId) -> Result<Option<Unit>, Self::Error> {
        Ok(self.units.get(id).cloned())
    }
    async fn proposal(&mut self, id: EntityId) -> Result<Option<Proposal>, Self::Error> {
        Ok(self.proposals.get(&id).cloned())
    }
    async fn card(&mut self, id: EntityId) -> Result<Option<Card>, Self::Error> {
        Ok(self.cards.get(&id).cloned())
    }
    async fn comment(&mut self, id: EntityId) -> Result<Option<Comment>, Self::Error> {
        Ok(self.comments.get(&id).cloned())
    }
    async fn poll(&mut self, id: EntityId) -> Result<Option<Poll>, Self::Error> {
        Ok(self.polls.get(&id).cloned())
    }
    async fn vote(&mut self, id: EntityId) -> Result<Option<OwnersVote>, Self::Error> {
        Ok(self.votes.get(&id).cloned())
    }
    async fn ballot(&mut self, id: EntityId) -> Result<Option<BallotRecord>, Self::Error> {
        Ok(self.ballots.get(&id).cloned())
    }
    async fn delivery(&mut self, key: &str) -> Result<Option<DeliveryRecord>, Self::Error> {
        Ok(self.deliveries.get(key).cloned())
    }
    async fn meeting(&mut self, id: EntityId) -> Result<Option<Meeting>, Self::Error> {
        Ok(self.meetings.get(&id).cloned())
    }
    async fn sign_in(&mut self, key: &str) -> Result<Option<SignInRecord>, Self::Error> {
        Ok(self.sign_ins.get(key).cloned())
    }
    async fn proxy(&mut self, id: EntityId) -> Result<Option<Proxy>, Self::Error> {
        Ok(self.proxies.get(&id).cloned())
    }
    async fn proxies(&mut self, meeting: EntityId) -> Result<Vec<Proxy>, Self::Error> {
        Ok(self.proxies.values().filter(|p| p.meeting == meeting).cloned().collect())
    }
    async fn owner_ballot(
        &mut self,
        vote: EntityId,
        owner: &OwnerKey,
    ) -> Result<Option<BallotRecord>, Self::Error> {
        Ok(self
            .ballots_of(vote)
            .into_iter()
            .find(|b| &b.owner == owner && b.duplicate_of.is_none())
            .cloned())
    }
    async fn next_seq(&mut self) -> Result<u64, Self::Error> {
        self.seq += 1;
        Ok(self.seq)
    }
    async fn put(&mut self, record: Record) -> Result<(), Self::Error> {
        match record {
            Record::Proposal(p) => {
                self.proposals.insert(p.id, p);
            }
            Record::Card(c) => {
                self.cards.insert(c.id, c);
            }
            Record::Comment(c) => {
                self.comments.insert(c.id, c);
            }
            Record::Poll(p) => {
                self.polls.insert(p.id, p);
            }
            Record::Vote(v) => {
                self.votes.insert(v.id, v);
            }
            Record::Ballot(b) => {
                self.ballots.insert(b.id, b);
            }
            Record::Delivery(d) => {
                self.deliveries.insert(d.id.clone(), d);
            }
            Record::Meeting(m) => {
                self.meetings.insert(m.id, m);
            }
            Record::SignIn(s) => {
                self.sign_ins.insert(s.id.clone(), s);
            }
            Record::Proxy(p) => {
                self.proxies.insert(p.id, p);
            }
        }
        Ok(())
    }
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

impl MemoryRecords {
    /// Rebuilds every card from the records.
    pub fn rebuild_cards(&mut self) {
        self.cards = self.rebuilt_cards();
    }

    /// Every card computed from the records, by id, leaving the records as they are.
    pub fn rebuilt_cards(&self) -> BTreeMap<EntityId, Card> {
        let rebuilt = self.proposals.values().map(|proposal| {
            let vote = latest_vote(self.votes.values().filter(|v| v.proposal == proposal.id));
            rebuild_card(&MatterRecords {
                proposal,
                comments: self.comments.values().filter(|c| c.proposal == proposal.id).collect(),
                polls: self.polls.values().filter(|p| p.proposal == proposal.id).collect(),
                vote,
                ballots: vote.map_or_else(Vec::new, |v| {
                    self.ballots.values().filter(|b| b.vote == v.id).collect()
                }),
            })
        });
        // Inserted one by one rather than collected: `collect` into a map brings a stable
        // sort into the WebAssembly for this one type.
        let mut cards = BTreeMap::new();
        for card in rebuilt {
            cards.insert(card.id, card);
        }
        cards
    }
}
