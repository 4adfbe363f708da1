//! The store in the browser's IndexedDB, through `indexed_db_futures`.
//!
//! The device's state lives in memory ([`State`]); IndexedDB keeps its journal. Each change
//! is one entry, numbered 1, 2, 3, …: a pulled page is one entry however many records it
//! brings, where one IndexedDB put per record made a phone's first pull four times slower
//! (ARCHITECTURE.md, "Pulling into IndexedDB"). Now and then the journal is compacted into a
//! snapshot (the state as of entry `meta.base`, as entries of at most [`CHUNK`] records).
//!
//! Other tabs write the same journal. Before each call a tab catches up on the entries after
//! the last it holds; a change is worked out, after catching up, inside the readwrite
//! transaction that adds its entry, so two tabs never interleave inside one change and no
//! change is worked out against a state that misses another's.

use std::cell::{Cell, RefCell};

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use yishiting_domain::mutation::{Applied, Envelope, Rejection};
use yishiting_domain::records::{BallotRecord, Card, DeliveryRecord};
use yishiting_domain::{
    Comment, EntityId, Meeting, OwnersVote, PaperSheet, Poll, Proposal, Proxy, SignInRecord,
    Timestamp, Unit,
};

pub mod migrate;
mod requests;
mod schema;

use requests::{add, all, all_after, clear, delete_upto, get, put_at};
pub use schema::{DB_NAME, Schema, open_schema};
use schema::{JOURNAL, LOG_STORES, META, SNAPSHOT};

use super::state::{Clear, Entry, Raw, State, or_nothing};
use super::{
    Backup, Community, Link, MutationResult, Profile, Pulled, Queued, Recovery, Refused,
    ServerTally, Settings, Store, StoreError,
};

/// Records per snapshot entry.
pub const CHUNK: usize = 1_000;

/// Journal entries past the snapshot above which a change by the rules or a pulled page
/// compacts the journal (not the first screen: compaction reads every kind of record).
pub const COMPACT_AFTER: u64 = 256;

fn failed(error: impl std::fmt::Display) -> StoreError {
    StoreError(error.to_string())
}

#[derive(Debug)]
pub struct IdbStore {
    db: Database,
    state: RefCell<State>,
    /// The number of the last entry `state` holds.
    last: Cell<u64>,
    /// The entry the snapshot was taken after, as last read.
    base: Cell<u64>,
}

impl IdbStore {
    /// Opens the database `name` at the current schema (upgrading it, and moving an older
    /// layout's records into the journal) and reads its state.
    pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
        let db = open_schema(name, Schema::CURRENT).await?;
        if migrate::needed(&db).await? {
            migrate::from_v4_loaded(&db).await?;
        }
        let store =
            IdbStore { db, state: RefCell::default(), last: Cell::new(0), base: Cell::new(0) };
        store.read(|_| ()).await?;
        Ok(store)
    }

    fn tx(&self, stores: &[&str], mode: TransactionMode) -> Result<Transaction<'_>, StoreError> {
        self.db.transaction(stores.to_vec()).with_mode(mode).build().map_err(failed)
    }

    /// Replays the entries other tabs (or this one's calls in flight) added since the last
    /// this tab holds, from the snapshot if the journal was compacted past it.
    async fn catch_up(&self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        let last = self.last.get();
        let (base, entries) =
            futures::join!(get::<u64>(tx, META, "base"), all_after::<Entry>(tx, JOURNAL, last));
        let (base, mut entries) = (base?.unwrap_or(0), entries?);
        self.base.set(base);
        if base > last {
            let snapshot: Vec<Entry> = all(tx, SNAPSHOT).await?;
            let mut state = State::default();
            for entry in snapshot {
                state.replay(entry)?;
            }
            *self.state.borrow_mut() = state;
            self.last.set(base);
            entries.retain(|entry| entry.n > base);
        }
        entries.into_iter().try_for_each(|entry| self.take(entry))
    }

    /// Replays an entry this tab does not hold yet.
    fn take(&self, entry: Entry) -> Result<(), StoreError> {
        let n = entry.n;
        if n > self.last.get() {
            self.state.borrow_mut().replay(entry)?;
            self.last.set(n);
        }
        Ok(())
    }

    /// Reads the state, caught up, after `prepare` ([`State::read_all`] where the records
    /// are needed; a no-op for the first screen's reads).
    async fn look<T>(
        &self,
        prepare: impl FnOnce(&mut State),
        read: impl FnOnce(&State) -> T,
    ) -> Result<T, StoreError> {
        let tx = self.tx(&LOG_STORES, TransactionMode::Readonly)?;
        self.catch_up(&tx).await?;
        prepare(&mut self.state.borrow_mut());
        Ok(read(&self.state.borrow()))
    }

    async fn read<T>(&self, read: impl FnOnce(&State) -> T) -> Result<T, StoreError> {
        self.look(|_| {}, read).await
    }

    async fn read_records<T>(&self, read: impl FnOnce(&State) -> T) -> Result<T, StoreError> {
        self.look(State::read_all, read).await
    }

    /// Works out a change against the state caught up inside one readwrite transaction (and
    /// `prepare`d), adds its entry to the journal, and replays it once that committed.
    async fn change<T>(
        &self,
        prepare: impl FnOnce(&mut State),
        make: impl FnOnce(&State) -> (Entry, T),
    ) -> Result<T, StoreError> {
        let tx = self.tx(&LOG_STORES, TransactionMode::Readwrite)?;
        self.catch_up(&tx).await?;
        prepare(&mut self.state.borrow_mut());
        let (entry, output) = make(&self.state.borrow());
        let entry = Entry { n: self.last.get() + 1, ..entry };
        add(&tx, JOURNAL, &entry).await?;
        tx.commit().await.map_err(failed)?;
        self.take(entry)?;
        Ok(output)
    }

    async fn write<T>(&self, make: impl FnOnce(&State) -> (Entry, T)) -> Result<T, StoreError> {
        self.change(|_| {}, make).await
    }

    async fn put(&self, entry: Entry) -> Result<(), StoreError> {
        self.write(|_| (entry, ())).await
    }

    /// Replaces the journal by a snapshot: `entries` of the state as it is (compaction), or
    /// of a `new` state. The entries it replaces are deleted, so nothing cleared stays on
    /// the device.
    async fn replace(
        &self,
        new: Option<State>,
        entries: impl FnOnce(&State) -> Vec<Entry>,
    ) -> Result<(), StoreError> {
        let tx = self.tx(&LOG_STORES, TransactionMode::Readwrite)?;
        self.catch_up(&tx).await?;
        let last = self.last.get();
        // A new state is a new base, which sends every other tab to the snapshot.
        let base = if new.is_some() { last + 1 } else { last };
        let entries = entries(new.as_ref().unwrap_or(&self.state.borrow()));
        clear(&tx, &[SNAPSHOT]).await?;
        for (key, entry) in (0u32..).zip(&entries) {
            put_at(&tx, SNAPSHOT, key, entry).await?;
        }
        delete_upto(&tx, JOURNAL, last).await?;
        put_at(&tx, META, "base", &base).await?;
        tx.commit().await.map_err(failed)?;
        if let Some(state) = new {
            *self.state.borrow_mut() = state;
        }
        self.last.set(base);
        self.base.set(base);
        Ok(())
    }

    /// Compacts the journal once it has grown long. Compaction only saves space and time at
    /// the next open: if it fails, the journal stays as it was, and nothing is lost.
    async fn compact_if_long(&self) {
        if self.last.get().saturating_sub(self.base.get()) > COMPACT_AFTER {
            let _ = self.replace(None, |state| state.entries(CHUNK)).await;
        }
    }
}

impl Store for IdbStore {
    async fn community(&self) -> Result<Option<Community>, StoreError> {
        self.read(|s| s.community.clone()).await
    }
    async fn set_community(&self, community: &Community) -> Result<(), StoreError> {
        self.put(Entry { community: Some(community.clone()), ..Entry::default() }).await
    }
    async fn profile(&self) -> Result<Option<Profile>, StoreError> {
        self.read(|s| s.profile.clone()).await
    }
    async fn set_profile(&self, profile: &Profile) -> Result<(), StoreError> {
        self.put(Entry { profile: Some(profile.clone()), ..Entry::default() }).await
    }
    async fn settings(&self) -> Result<Settings, StoreError> {
        self.read(|s| s.settings.clone()).await
    }
    async fn set_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        self.put(Entry { settings: Some(settings.clone()), ..Entry::default() }).await
    }
    async fn replace_units(&self, units: &[Unit]) -> Result<(), StoreError> {
        self.put(Entry::units(units)).await
    }
    async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        self.read_records(State::units).await
    }
    async fn apply(&self, envelope: &Envelope) -> Result<Result<Applied, Rejection>, StoreError> {
        let result = self.change(State::read_all, |s| s.applied(envelope)).await;
        self.compact_if_long().await;
        result
    }
    async fn cards(&self) -> Result<Vec<Card>, StoreError> {
        self.read(State::cards).await
    }
    async fn proposal(&self, id: EntityId) -> Result<Option<Proposal>, StoreError> {
        self.read_records(|s| s.proposal(id)).await
    }
    async fn comments(&self, proposal: EntityId) -> Result<Vec<Comment>, StoreError> {
        self.read_records(|s| s.comments(proposal)).await
    }
    async fn polls(&self, proposal: EntityId) -> Result<Vec<Poll>, StoreError> {
        self.read_records(|s| s.polls(proposal)).await
    }
    async fn votes(&self, proposal: EntityId) -> Result<Vec<OwnersVote>, StoreError> {
        self.read_records(|s| s.votes(proposal)).await
    }
    async fn vote(&self, id: EntityId) -> Result<Option<OwnersVote>, StoreError> {
        self.read_records(|s| s.vote(id)).await
    }
    async fn all_votes(&self) -> Result<Vec<OwnersVote>, StoreError> {
        self.read_records(|s| s.all_votes()).await
    }
    async fn ballots(&self, vote: EntityId) -> Result<Vec<BallotRecord>, StoreError> {
        self.read_records(|s| s.ballots(vote)).await
    }
    async fn deliveries(&self, vote: EntityId) -> Result<Vec<DeliveryRecord>, StoreError> {
        self.read_records(|s| s.deliveries(vote)).await
    }
    async fn meetings(&self) -> Result<Vec<Meeting>, StoreError> {
        self.read_records(|s| s.meetings()).await
    }
    async fn meeting(&self, id: EntityId) -> Result<Option<Meeting>, StoreError> {
        self.read_records(|s| s.meeting(id)).await
    }
    async fn sign_ins(&self, meeting: EntityId) -> Result<Vec<SignInRecord>, StoreError> {
        self.read_records(|s| s.sign_ins(meeting)).await
    }
    async fn proxies(&self, meeting: EntityId) -> Result<Vec<Proxy>, StoreError> {
        self.read_records(|s| s.proxies(meeting)).await
    }
    async fn proxies_for_vote(&self, vote: EntityId) -> Result<Vec<Proxy>, StoreError> {
        self.read_records(|s| s.proxies_for_vote(vote)).await
    }
    async fn sheets(&self, vote: EntityId) -> Result<Vec<PaperSheet>, StoreError> {
        self.read_records(|s| s.sheets(vote)).await
    }
    async fn export(&self) -> Result<Backup, StoreError> {
        self.read_records(State::export).await
    }
    async fn restore(&self, backup: &Backup) -> Result<(), StoreError> {
        self.replace(Some(State::of_backup(backup)), |state| state.entries(CHUNK)).await
    }
    async fn clear(&self) -> Result<(), StoreError> {
        let nothing = || vec![Entry { clear: Some(Clear::All), ..Entry::default() }];
        self.replace(Some(State::default()), |_| nothing()).await
    }
    async fn link(&self) -> Result<Option<Link>, StoreError> {
        self.read(|s| s.link.clone()).await
    }
    async fn set_link(&self, link: Option<&Link>) -> Result<(), StoreError> {
        self.put(Entry::link(link)).await
    }
    async fn outbox(&self) -> Result<Vec<Queued>, StoreError> {
        self.read(State::queued).await?
    }
    async fn waiting(&self) -> Result<usize, StoreError> {
        self.read(State::waiting).await
    }
    async fn refused(&self) -> Result<Vec<Refused>, StoreError> {
        self.read(State::refusals).await
    }
    async fn server_tally(&self, vote: EntityId) -> Result<Option<ServerTally>, StoreError> {
        self.read(|s| s.tallies.get(&vote).and_then(Raw::read)).await
    }
    async fn set_server_tally(
        &self,
        vote: EntityId,
        tally: &ServerTally,
    ) -> Result<(), StoreError> {
        self.put(Entry { tallies: vec![(vote, Raw::of(tally))], ..Entry::default() }).await
    }
    async fn settle(
        &self,
        last_mutation_id: u64,
        results: &[MutationResult],
    ) -> Result<(), StoreError> {
        self.write(|s| or_nothing(s.settled(last_mutation_id, results).map(|e| (e, ())))).await?
    }
    async fn absorb(
        &self,
        pulled: &Pulled,
        now: Timestamp,
    ) -> Result<Option<Recovery>, StoreError> {
        let recovery = self.write(|s| or_nothing(s.absorbed(pulled, now))).await;
        self.compact_if_long().await;
        recovery?
    }
}
