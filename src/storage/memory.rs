//! The store in memory: for native tests, and the model the IndexedDB store must match.

use std::cell::RefCell;
use std::collections::BTreeMap;

use yishiting_domain::mutation::{Applied, Envelope, Rejection};
use yishiting_domain::records::{BallotRecord, Card, MemoryRecords};
use yishiting_domain::{Comment, EntityId, OwnersVote, Poll, Proposal, Unit, UnitId};

use yishiting_domain::records::Record;

use super::{
    BACKUP_FORMAT, BACKUP_VERSION, Backup, Change, Community, Link, MutationResult, Profile,
    Pulled, Queued, Refused, ServerTally, Settings, Store, StoreError,
};

#[derive(Debug, Default)]
pub struct MemoryStore {
    state: RefCell<State>,
}

#[derive(Debug, Default, Clone)]
struct State {
    community: Option<Community>,
    profile: Option<Profile>,
    settings: Settings,
    records: MemoryRecords,
    link: Option<Link>,
    outbox: Vec<Queued>,
    refused: Vec<Refused>,
    tallies: BTreeMap<EntityId, ServerTally>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

impl Store for MemoryStore {
    async fn community(&self) -> Result<Option<Community>, StoreError> {
        Ok(self.state.borrow().community.clone())
    }
    async fn set_community(&self, community: &Community) -> Result<(), StoreError> {
        self.state.borrow_mut().community = Some(community.clone());
        Ok(())
    }
    async fn profile(&self) -> Result<Option<Profile>, StoreError> {
        Ok(self.state.borrow().profile.clone())
    }
    async fn set_profile(&self, profile: &Profile) -> Result<(), StoreError> {
        self.state.borrow_mut().profile = Some(profile.clone());
        Ok(())
    }
    async fn settings(&self) -> Result<Settings, StoreError> {
        Ok(self.state.borrow().settings.clone())
    }
    async fn set_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        self.state.borrow_mut().settings = settings.clone();
        Ok(())
    }
    async fn replace_units(&self, units: &[Unit]) -> Result<(), StoreError> {
        self.state.borrow_mut().records.units =
            units.iter().map(|u| (u.id.clone(), u.clone())).collect();
        Ok(())
    }
    async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        Ok(self.state.borrow().records.units.values().cloned().collect())
    }
    async fn apply(&self, envelope: &Envelope) -> Result<Result<Applied, Rejection>, StoreError> {
        let mut state = self.state.borrow_mut();
        let result = state.records.apply_now(envelope);
        let State { link, outbox, .. } = &mut *state;
        if let Some(link) = link.as_mut().filter(|_| super::wrote(&result)) {
            outbox.push(Queued {
                id: link.next_mutation,
                at: envelope.at,
                mutation: envelope.mutation.clone(),
                acked: false,
            });
            link.next_mutation += 1;
        }
        Ok(result)
    }
    async fn cards(&self) -> Result<Vec<Card>, StoreError> {
        let mut cards: Vec<Card> = self.state.borrow().records.cards.values().cloned().collect();
        super::sort_cards(&mut cards);
        Ok(cards)
    }
    async fn proposal(&self, id: EntityId) -> Result<Option<Proposal>, StoreError> {
        Ok(self.state.borrow().records.proposals.get(&id).cloned())
    }
    async fn comments(&self, proposal: EntityId) -> Result<Vec<Comment>, StoreError> {
        let state = self.state.borrow();
        let mut comments: Vec<Comment> =
            state.records.comments.values().filter(|c| c.proposal == proposal).cloned().collect();
        super::sort_comments(&mut comments);
        Ok(comments)
    }
    async fn polls(&self, proposal: EntityId) -> Result<Vec<Poll>, StoreError> {
        let state = self.state.borrow();
        Ok(state.records.polls.values().filter(|p| p.proposal == proposal).cloned().collect())
    }
    async fn votes(&self, proposal: EntityId) -> Result<Vec<OwnersVote>, StoreError> {
        let state = self.state.borrow();
        Ok(state.records.votes.values().filter(|v| v.proposal == proposal).cloned().collect())
    }
    async fn ballots(&self, vote: EntityId) -> Result<Vec<BallotRecord>, StoreError> {
        Ok(self.state.borrow().records.ballots_of(vote).into_iter().cloned().collect())
    }
    async fn deliveries(&self, vote: EntityId) -> Result<Vec<UnitId>, StoreError> {
        Ok(self.state.borrow().records.delivered_to(vote))
    }
    async fn export(&self) -> Result<Backup, StoreError> {
        let state = self.state.borrow();
        Ok(Backup {
            format: BACKUP_FORMAT.to_owned(),
            version: BACKUP_VERSION,
            community: state.community.clone(),
            profile: state.profile.clone(),
            settings: state.settings.clone(),
            records: state.records.clone(),
        })
    }
    async fn restore(&self, backup: &Backup) -> Result<(), StoreError> {
        let mut records = backup.records.clone();
        records.rebuild_cards();
        *self.state.borrow_mut() = State {
            community: backup.community.clone(),
            profile: backup.profile.clone(),
            settings: backup.settings.clone(),
            records,
            ..State::default()
        };
        Ok(())
    }
    async fn clear(&self) -> Result<(), StoreError> {
        *self.state.borrow_mut() = State::default();
        Ok(())
    }
    async fn link(&self) -> Result<Option<Link>, StoreError> {
        Ok(self.state.borrow().link.clone())
    }
    async fn set_link(&self, link: Option<&Link>) -> Result<(), StoreError> {
        self.state.borrow_mut().link = link.cloned();
        Ok(())
    }
    async fn outbox(&self) -> Result<Vec<Queued>, StoreError> {
        Ok(self.state.borrow().outbox.clone())
    }
    async fn refused(&self) -> Result<Vec<Refused>, StoreError> {
        Ok(self.state.borrow().refused.clone())
    }
    async fn server_tally(&self, vote: EntityId) -> Result<Option<ServerTally>, StoreError> {
        Ok(self.state.borrow().tallies.get(&vote).cloned())
    }
    async fn set_server_tally(
        &self,
        vote: EntityId,
        tally: &ServerTally,
    ) -> Result<(), StoreError> {
        self.state.borrow_mut().tallies.insert(vote, tally.clone());
        Ok(())
    }
    async fn settle(
        &self,
        last_mutation_id: u64,
        results: &[MutationResult],
    ) -> Result<(), StoreError> {
        let mut state = self.state.borrow_mut();
        let (outbox, refused) =
            (std::mem::take(&mut state.outbox), std::mem::take(&mut state.refused));
        (state.outbox, state.refused) =
            super::settle(outbox, refused, last_mutation_id, results, super::Said::Pushed);
        if let Some(link) = state.link.as_mut() {
            link.acknowledged = link.acknowledged.max(last_mutation_id);
        }
        Ok(())
    }
    async fn absorb(
        &self,
        pulled: &Pulled,
        now: yishiting_domain::Timestamp,
    ) -> Result<Option<super::Recovery>, StoreError> {
        let mut state = self.state.borrow_mut();
        if pulled.reset {
            // The server's data is the whole: it sends everything again, the register too.
            state.records = MemoryRecords::default();
        }
        let records = &mut state.records;
        for change in &pulled.changes {
            let record = match change.clone() {
                Change::Unit(u) => {
                    records.units.insert(u.id.clone(), u);
                    continue;
                }
                Change::Proposal(p) => Record::Proposal(p),
                Change::Card(c) => Record::Card(c),
                Change::Comment(c) => Record::Comment(c),
                Change::Poll(p) => Record::Poll(p),
                Change::Vote(v) => Record::Vote(v),
                Change::Ballot(b) => {
                    // Local ballots number on from the server's.
                    records.seq = records.seq.max(b.seq);
                    Record::Ballot(b)
                }
                Change::Delivery(d) => Record::Delivery(d),
                Change::Unknown => continue,
            };
            put_record(records, record);
        }
        let taken = (std::mem::take(&mut state.outbox), std::mem::take(&mut state.refused));
        let recovery;
        (state.outbox, state.refused, recovery) =
            super::absorb_page(taken, state.link.as_mut(), pulled, now);
        Ok(recovery)
    }
}

/// Writes one record into memory records (their `put` never waits).
fn put_record(records: &mut MemoryRecords, record: Record) {
    use yishiting_domain::records::{Records, now_or_never};
    let Ok(()) = now_or_never(records.put(record));
}
