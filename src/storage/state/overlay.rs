//! The domain's [`Records`] over a state it must not touch: reads see the state and the
//! writes made so far; the writes are kept apart, to become an entry.

use std::convert::Infallible;

use yishiting_domain::records::{
    BallotRecord, Card, DeliveryRecord, MemoryRecords, Record, Records,
};
use yishiting_domain::{
    Comment, EntityId, Meeting, OwnerKey, OwnersVote, PaperSheet, Poll, Proposal, Proxy,
    SignInRecord, Unit, UnitId,
};

use crate::storage::Change;

pub(super) struct Overlay<'a> {
    base: &'a MemoryRecords,
    /// What the change wrote, with the sequence it reached.
    written: MemoryRecords,
}

impl<'a> Overlay<'a> {
    pub(super) fn new(base: &'a MemoryRecords) -> Overlay<'a> {
        Overlay { base, written: MemoryRecords { seq: base.seq, ..MemoryRecords::default() } }
    }

    /// The records written, and the ballot sequence if it moved.
    pub(super) fn written(self) -> (Vec<Change>, Option<u64>) {
        let w = self.written;
        let seq = (w.seq != self.base.seq).then_some(w.seq);
        let changes = (w.proposals.into_values().map(Change::Proposal))
            .chain(w.cards.into_values().map(Change::Card))
            .chain(w.comments.into_values().map(Change::Comment))
            .chain(w.polls.into_values().map(Change::Poll))
            .chain(w.votes.into_values().map(Change::Vote))
            .chain(w.ballots.into_values().map(Change::Ballot))
            .chain(w.deliveries.into_values().map(Change::Delivery))
            .chain(w.meetings.into_values().map(Change::Meeting))
            .chain(w.sign_ins.into_values().map(Change::SignIn))
            .chain(w.proxies.into_values().map(Change::Proxy))
            .chain(w.sheets.into_values().map(Change::Sheet));
        (changes.collect(), seq)
    }
}

impl Records for Overlay<'_> {
    type Error = Infallible;

    async fn unit(&mut self, id: &UnitId) -> Result<Option<Unit>, Infallible> {
        // A change never writes the register.
        Ok(self.base.units.get(id).cloned())
    }
    async fn proposal(&mut self, id: EntityId) -> Result<Option<Proposal>, Infallible> {
        Ok(self.written.proposals.get(&id).or_else(|| self.base.proposals.get(&id)).cloned())
    }
    async fn card(&mut self, id: EntityId) -> Result<Option<Card>, Infallible> {
        Ok(self.written.cards.get(&id).or_else(|| self.base.cards.get(&id)).cloned())
    }
    async fn comment(&mut self, id: EntityId) -> Result<Option<Comment>, Infallible> {
        Ok(self.written.comments.get(&id).or_else(|| self.base.comments.get(&id)).cloned())
    }
    async fn poll(&mut self, id: EntityId) -> Result<Option<Poll>, Infallible> {
        Ok(self.written.polls.get(&id).or_else(|| self.base.polls.get(&id)).cloned())
    }
    async fn vote(&mut self, id: EntityId) -> Result<Option<OwnersVote>, Infallible> {
        Ok(self.written.votes.get(&id).or_else(|| self.base.votes.get(&id)).cloned())
    }
    async fn ballot(&mut self, id: EntityId) -> Result<Option<BallotRecord>, Infallible> {
        Ok(self.written.ballots.get(&id).or_else(|| self.base.ballots.get(&id)).cloned())
    }
    async fn delivery(&mut self, key: &str) -> Result<Option<DeliveryRecord>, Infallible> {
        Ok(self.written.deliveries.get(key).or_else(|| self.base.deliveries.get(key)).cloned())
    }
    async fn meeting(&mut self, id: EntityId) -> Result<Option<Meeting>, Infallible> {
        Ok(self.written.meetings.get(&id).or_else(|| self.base.meetings.get(&id)).cloned())
    }
    async fn sign_in(&mut self, key: &str) -> Result<Option<SignInRecord>, Infallible> {
        Ok(self.written.sign_ins.get(key).or_else(|| self.base.sign_ins.get(key)).cloned())
    }
    async fn proxy(&mut self, id: EntityId) -> Result<Option<Proxy>, Infallible> {
        Ok(self.written.proxies.get(&id).or_else(|| self.base.proxies.get(&id)).cloned())
    }
    async fn sheet(&mut self, key: &str) -> Result<Option<PaperSheet>, Infallible> {
        Ok(self.written.sheets.get(key).or_else(|| self.base.sheets.get(key)).cloned())
    }
    async fn proxies(&mut self, meeting: EntityId) -> Result<Vec<Proxy>, Infallible> {
        // A proxy written by this change stands for the one it replaces.
        let base = self.base.proxies.values().filter(|p| !self.written.proxies.contains_key(&p.id));
        let all = base.chain(self.written.proxies.values());
        Ok(all.filter(|p| p.meeting == meeting).cloned().collect())
    }
    async fn owner_ballot(
        &mut self,
        vote: EntityId,
        owner: &OwnerKey,
    ) -> Result<Option<BallotRecord>, Infallible> {
        // A ballot written by this change stands for the one it replaces.
        let base = self.base.ballots.values().filter(|b| !self.written.ballots.contains_key(&b.id));
        let counted = base
            .chain(self.written.ballots.values())
            .filter(|b| b.vote == vote && &b.owner == owner && b.duplicate_of.is_none());
        Ok(counted.min_by_key(|b| (b.seq, b.id)).cloned())
    }
    async fn next_seq(&mut self) -> Result<u64, Infallible> {
        self.written.seq += 1;
        Ok(self.written.seq)
    }
    async fn put(&mut self, record: Record) -> Result<(), Infallible> {
        self.written.put(record).await
    }
}
