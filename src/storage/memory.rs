//! The store in memory: for native tests, and the model the IndexedDB store must match. It
//! changes its [`State`] only by replaying entries, as the IndexedDB store does (reading
//! every record before each call: natively there is nothing to load on demand).

use std::cell::RefCell;

use yishiting_domain::mutation::{Applied, Envelope, Rejection};
use yishiting_domain::records::{BallotRecord, Card, DeliveryRecord};
use yishiting_domain::{
    Comment, EntityId, Meeting, OwnersVote, PaperSheet, Poll, Proposal, Proxy, SignInRecord,
    Timestamp, Unit,
};

use super::state::{Clear, Entry, Raw, State, or_nothing};
use super::{
    Backup, Community, Link, MutationResult, Profile, Pulled, Queued, Recovery, Refused,
    ServerTally, Settings, Store, StoreError,
};

#[derive(Debug, Default)]
pub struct MemoryStore {
    state: RefCell<State>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn read<T>(&self, read: impl FnOnce(&State) -> T) -> Result<T, StoreError> {
        self.state.borrow_mut().read_all();
        Ok(read(&self.state.borrow()))
    }

    fn write<T>(&self, make: impl FnOnce(&State) -> (Entry, T)) -> Result<T, StoreError> {
        self.state.borrow_mut().read_all();
        let (entry, output) = make(&self.state.borrow());
        self.state.borrow_mut().replay(entry)?;
        Ok(output)
    }

    fn put(&self, entry: Entry) -> Result<(), StoreError> {
        self.write(|_| (entry, ()))
    }
}

impl Store for MemoryStore {
    async fn community(&self) -> Result<Option<Community>, StoreError> {
        self.read(|s| s.community.clone())
    }
    async fn set_community(&self, community: &Community) -> Result<(), StoreError> {
        self.put(Entry { community: Some(community.clone()), ..Entry::default() })
    }
    async fn profile(&self) -> Result<Option<Profile>, StoreError> {
        self.read(|s| s.profile.clone())
    }
    async fn set_profile(&self, profile: &Profile) -> Result<(), StoreError> {
        self.put(Entry { profile: Some(profile.clone()), ..Entry::default() })
    }
    async fn settings(&self) -> Result<Settings, StoreError> {
        self.read(|s| s.settings.clone())
    }
    async fn set_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        self.put(Entry { settings: Some(settings.clone()), ..Entry::default() })
    }
    async fn replace_units(&self, units: &[Unit]) -> Result<(), StoreError> {
        self.put(Entry::units(units))
    }
    async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        self.read(State::units)
    }
    async fn apply(&self, envelope: &Envelope) -> Result<Result<Applied, Rejection>, StoreError> {
        self.write(|s| s.applied(envelope))
    }
    async fn cards(&self) -> Result<Vec<Card>, StoreError> {
        self.read(State::cards)
    }
    async fn proposal(&self, id: EntityId) -> Result<Option<Proposal>, StoreError> {
        self.read(|s| s.proposal(id))
    }
    async fn comments(&self, proposal: EntityId) -> Result<Vec<Comment>, StoreError> {
        self.read(|s| s.comments(proposal))
    }
    async fn polls(&self, proposal: EntityId) -> Result<Vec<Poll>, StoreError> {
        self.read(|s| s.polls(proposal))
    }
    async fn votes(&self, proposal: EntityId) -> Result<Vec<OwnersVote>, StoreError> {
        self.read(|s| s.votes(proposal))
    }
    async fn vote(&self, id: EntityId) -> Result<Option<OwnersVote>, StoreError> {
        self.read(|s| s.vote(id))
    }
    async fn all_votes(&self) -> Result<Vec<OwnersVote>, StoreError> {
        self.read(|s| s.all_votes())
    }
    async fn ballots(&self, vote: EntityId) -> Result<Vec<BallotRecord>, StoreError> {
        self.read(|s| s.ballots(vote))
    }
    async fn deliveries(&self, vote: EntityId) -> Result<Vec<DeliveryRecord>, StoreError> {
        self.read(|s| s.deliveries(vote))
    }
    async fn meetings(&self) -> Result<Vec<Meeting>, StoreError> {
        self.read(|s| s.meetings())
    }
    async fn meeting(&self, id: EntityId) -> Result<Option<Meeting>, StoreError> {
        self.read(|s| s.meeting(id))
    }
    async fn sign_ins(&self, meeting: EntityId) -> Result<Vec<SignInRecord>, StoreError> {
        self.read(|s| s.sign_ins(meeting))
    }
    async fn proxies(&self, meeting: EntityId) -> Result<Vec<Proxy>, StoreError> {
        self.read(|s| s.proxies(meeting))
    }
    async fn proxies_for_vote(&self, vote: EntityId) -> Result<Vec<Proxy>, StoreError> {
        self.read(|s| s.proxies_for_vote(vote))
    }
    async fn sheets(&self, vote: EntityId) -> Result<Vec<PaperSheet>, StoreError> {
        self.read(|s| s.sheets(vote))
    }
    async fn export(&self) -> Result<Backup, StoreError> {
        self.read(State::export)
    }
    async fn restore(&self, backup: &Backup) -> Result<(), StoreError> {
        let entries = State::of_backup(backup).entries(usize::MAX);
        entries.into_iter().try_for_each(|entry| self.put(entry))
    }
    async fn clear(&self) -> Result<(), StoreError> {
        self.put(Entry { clear: Some(Clear::All), ..Entry::default() })
    }
    async fn link(&self) -> Result<Option<Link>, StoreError> {
        self.read(|s| s.link.clone())
    }
    async fn set_link(&self, link: Option<&Link>) -> Result<(), StoreError> {
        self.put(Entry::link(link))
    }
    async fn outbox(&self) -> Result<Vec<Queued>, StoreError> {
        self.read(State::queued)?
    }
    async fn waiting(&self) -> Result<usize, StoreError> {
        self.read(State::waiting)
    }
    async fn refused(&self) -> Result<Vec<Refused>, StoreError> {
        self.read(State::refusals)
    }
    async fn server_tally(&self, vote: EntityId) -> Result<Option<ServerTally>, StoreError> {
        self.read(|s| s.tallies.get(&vote).and_then(Raw::read))
    }
    async fn set_server_tally(
        &self,
        vote: EntityId,
        tally: &ServerTally,
    ) -> Result<(), StoreError> {
        self.put(Entry { tallies: vec![(vote, Raw::of(tally))], ..Entry::default() })
    }
    async fn settle(
        &self,
        last_mutation_id: u64,
        results: &[MutationResult],
    ) -> Result<(), StoreError> {
        self.write(|s| or_nothing(s.settled(last_mutation_id, results).map(|e| (e, ()))))?
    }
    async fn absorb(
        &self,
        pulled: &Pulled,
        now: Timestamp,
    ) -> Result<Option<Recovery>, StoreError> {
        self.write(|s| or_nothing(s.absorbed(pulled, now)))?
    }
}
