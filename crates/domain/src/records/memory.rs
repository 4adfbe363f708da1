//! [`MemoryRecords`]: every record in memory, for native tests and the demo, and the reference
//! for the other implementations of [`Records`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    BallotRecord, Card, DeliveryRecord, MatterRecords, Record, Records, latest_vote, now_or_never,
    rebuild_card,
};
use crate::{
    Comment, EntityId, Meeting, OwnerKey, OwnersVote, PaperSheet, Poll, Proposal, Proxy,
    SignInRecord, Unit, UnitId,
};

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
    #[serde(default)]
    pub sheets: BTreeMap<String, PaperSheet>,
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

    /// The deliveries recorded for one vote.
    pub fn deliveries_of(&self, vote: EntityId) -> Vec<&DeliveryRecord> {
        self.deliveries.values().filter(|d| d.vote == vote).collect()
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
    async fn sheet(&mut self, key: &str) -> Result<Option<PaperSheet>, Self::Error> {
        Ok(self.sheets.get(key).cloned())
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
            Record::Sheet(s) => {
                self.sheets.insert(s.id.clone(), s);
            }
        }
        Ok(())
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
