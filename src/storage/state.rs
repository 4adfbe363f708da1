//! Everything a device holds, in memory, and the one way it changes: an [`Entry`].
//!
//! Every store keeps a [`State`]. A change is worked out against it without touching it
//! (`State::applied`, `State::absorbed`, …), as an entry that says what to write; the store
//! keeps the entry (the IndexedDB store in its journal, in one transaction) and only then
//! [`State::replay`]s it. The memory store does the same without the journal, so the native
//! contract tests run the very path the browser runs.

mod entry;
mod overlay;
mod raw;

pub use entry::{Clear, Entry};
pub use raw::Raw;

use std::collections::BTreeMap;

use yishiting_domain::mutation::{Applied, Envelope, Rejection};
use yishiting_domain::records::{
    BallotRecord, Card, DeliveryRecord, MemoryRecords, Record, Records, now_or_never,
};
use yishiting_domain::{
    Comment, EntityId, Meeting, OwnersVote, PaperSheet, Poll, Proposal, Proxy, SignInRecord,
    Timestamp, Unit,
};

use super::{
    BACKUP_FORMAT, BACKUP_VERSION, Backup, Change, Community, Link, MutationResult, Profile,
    Pulled, Queued, Recovery, Refused, ServerTally, Settings, StoreError,
};

#[derive(Debug, Default, Clone)]
pub struct State {
    pub community: Option<Community>,
    pub profile: Option<Profile>,
    pub settings: Settings,
    /// The records read so far: the cards always, the others once [`State::read_all`] ran.
    pub records: MemoryRecords,
    /// Records replayed but not read yet, oldest first, cards apart.
    unread: Vec<Raw>,
    pub link: Option<Link>,
    /// The changes queued for the server and the refusals it sent, kept as the journal has
    /// them: the first screen only counts what waits ([`State::waiting`]), and the code that
    /// reads a change (every kind of change there is) comes with the pages and the sync round.
    pub outbox: Vec<Raw<Queued>>,
    pub refused: Vec<Raw<Refused>>,
    /// The server's counts, read only by the vote's panel.
    pub tallies: BTreeMap<EntityId, Raw<ServerTally>>,
}

impl State {
    /// Makes what `entry` says: whatever it clears first, then what it writes. Queued changes
    /// are kept unread: one this build cannot read (a later build's) stays queued, and the
    /// round that would send it stops with an error ([`State::queued`]): nothing queued is
    /// dropped.
    pub fn replay(&mut self, entry: Entry) -> Result<(), StoreError> {
        match entry.clear {
            Some(Clear::All) => *self = State::default(),
            Some(Clear::Records) => {
                self.records = MemoryRecords::default();
                self.unread.clear();
            }
            Some(Clear::Units) => {
                self.records.units.clear();
                self.unread.retain(|raw| raw.kind().as_deref() != Some("unit"));
            }
            None => {}
        }
        if let Some(community) = entry.community {
            self.community = Some(community);
        }
        if let Some(profile) = entry.profile {
            self.profile = Some(profile);
        }
        if let Some(settings) = entry.settings {
            self.settings = settings;
        }
        for raw in entry.records {
            match raw.card() {
                Some(card) => {
                    self.records.cards.insert(card.id, card);
                }
                None => self.unread.push(raw),
            }
        }
        if let Some(seq) = entry.seq {
            self.records.seq = seq;
        }
        if entry.unlink {
            self.link = None;
        }
        if let Some(link) = entry.link {
            self.link = Some(link);
        }
        if let Some(outbox) = entry.outbox {
            self.outbox = outbox;
        }
        self.outbox.extend(entry.queued);
        if let Some(refused) = entry.refused {
            self.refused = refused;
        }
        self.tallies.extend(entry.tallies);
        Ok(())
    }

    /// Reads the records not read yet. Every read but the hall's cards, and every change by
    /// the rules, needs it first.
    pub fn read_all(&mut self) {
        for raw in std::mem::take(&mut self.unread) {
            put(&mut self.records, raw.change());
        }
    }

    /// One change by the domain's rules, worked out against this state (its records read:
    /// [`State::read_all`]): its result, and the
    /// entry that writes it (nothing, for a refusal that writes nothing). Connected, what was
    /// written is queued for the server by the same entry.
    pub fn applied(&self, envelope: &Envelope) -> (Entry, Result<Applied, Rejection>) {
        let mut overlay = overlay::Overlay::new(&self.records);
        let Ok(result) = now_or_never(yishiting_domain::mutation::apply(&mut overlay, envelope));
        let (records, seq) = overlay.written();
        let records = records.iter().map(Raw::of).collect();
        let mut entry = Entry { records, seq, ..Entry::default() };
        if let Some(link) = self.link.as_ref().filter(|_| super::wrote(&result)) {
            entry.queued = Some(Raw::of(&Queued {
                id: link.next_mutation,
                at: envelope.at,
                mutation: envelope.mutation.clone(),
                acked: false,
            }));
            entry.link = Some(Link { next_mutation: link.next_mutation + 1, ..link.clone() });
        }
        (entry, result)
    }

    /// The queued changes, read: an error if one cannot be (a later build's), so that none is
    /// sent, settled or dropped half-read.
    pub fn queued(&self) -> Result<Vec<Queued>, StoreError> {
        read_all(&self.outbox)
    }

    /// The refusals this build can read (a later build's are not said).
    pub fn refusals(&self) -> Vec<Refused> {
        self.refused.iter().filter_map(Raw::read).collect()
    }

    /// The refusals as kept after `refused` (the ones this build read, as they now stand):
    /// those it cannot read (a later build's) stay first, as they were.
    fn kept_refusals(&self, refused: &[Refused]) -> Vec<Raw<Refused>> {
        let unread = self.refused.iter().filter(|r| r.read().is_none()).cloned();
        unread.chain(raws(refused)).collect()
    }

    /// How many changes wait for the server (queued, not acknowledged), counted without
    /// reading them.
    pub fn waiting(&self) -> usize {
        self.outbox.iter().filter(|q| !q.acked()).count()
    }

    /// After a push: the entry that settles the outbox ([`super::settle`]).
    pub fn settled(
        &self,
        last_mutation_id: u64,
        results: &[MutationResult],
    ) -> Result<Entry, StoreError> {
        let (outbox, refused) = super::settle(
            self.queued()?,
            self.refusals(),
            last_mutation_id,
            results,
            super::Said::Pushed,
        );
        let link = self.link.as_ref().map(|link| Link {
            acknowledged: link.acknowledged.max(last_mutation_id),
            ..link.clone()
        });
        Ok(Entry {
            outbox: Some(raws(&outbox)),
            refused: Some(self.kept_refusals(&refused)),
            link,
            ..Entry::default()
        })
    }

    /// A pulled page: its records as the server has them (all records cleared first when it
    /// begins with `reset`), and what it does to the outbox and the link
    /// ([`super::absorb_page`]).
    pub fn absorbed(
        &self,
        pulled: &Pulled,
        now: Timestamp,
    ) -> Result<(Entry, Option<Recovery>), StoreError> {
        let mut link = self.link.clone();
        let taken = (self.queued()?, self.refusals());
        let unchanged = taken.clone();
        let (outbox, refused, recovery) = super::absorb_page(taken, link.as_mut(), pulled, now);
        // Local ballots number on from the server's.
        let before = if pulled.reset { 0 } else { self.records.seq };
        let seq = pulled.changes.iter().filter_map(Raw::ballot_seq).fold(before, u64::max);
        let entry = Entry {
            clear: pulled.reset.then_some(Clear::Records),
            // Kept as they came, a kind this build does not know too: it reads as
            // `Change::Unknown` (skipped) until an update that knows it.
            records: pulled.changes.clone(),
            seq: Some(seq),
            // Most pages leave the outbox as it was: nothing to write then.
            outbox: (outbox != unchanged.0).then(|| raws(&outbox)),
            refused: (refused != unchanged.1).then(|| self.kept_refusals(&refused)),
            link,
            ..Entry::default()
        };
        Ok((entry, recovery))
    }

    /// The whole state as entries that rebuild it from nothing (whether its records were
    /// read or not): what it holds apart from the
    /// records first, then the records `chunk` at a time.
    pub fn entries(&self, chunk: usize) -> Vec<Entry> {
        let head = Entry {
            clear: Some(Clear::All),
            community: self.community.clone(),
            profile: self.profile.clone(),
            settings: Some(self.settings.clone()),
            seq: Some(self.records.seq),
            link: self.link.clone(),
            outbox: Some(self.outbox.clone()),
            refused: Some(self.refused.clone()),
            tallies: self.tallies.clone().into_iter().collect(),
            ..Entry::default()
        };
        let r = &self.records;
        let read = (r.units.values().map(|u| Change::Unit(u.clone())))
            .chain(r.proposals.values().map(|p| Change::Proposal(p.clone())))
            .chain(r.cards.values().map(|c| Change::Card(c.clone())))
            .chain(r.comments.values().map(|c| Change::Comment(c.clone())))
            .chain(r.polls.values().map(|p| Change::Poll(p.clone())))
            .chain(r.votes.values().map(|v| Change::Vote(v.clone())))
            .chain(r.ballots.values().map(|b| Change::Ballot(b.clone())))
            .chain(r.deliveries.values().map(|d| Change::Delivery(d.clone())))
            .chain(r.meetings.values().map(|m| Change::Meeting(m.clone())))
            .chain(r.sign_ins.values().map(|s| Change::SignIn(s.clone())))
            .chain(r.proxies.values().map(|p| Change::Proxy(p.clone())))
            .chain(r.sheets.values().map(|s| Change::Sheet(s.clone())));
        // The records not read yet are written as they came, after those read (which are
        // older: reading takes every unread record).
        let raws: Vec<Raw> = read.map(|c| Raw::of(&c)).chain(self.unread.iter().cloned()).collect();
        let chunks = raws.chunks(chunk.max(1));
        let tail = chunks.map(|records| Entry { records: records.to_vec(), ..Entry::default() });
        std::iter::once(head).chain(tail).collect()
    }

    /// The state a backup file holds (its cards rebuilt from its records).
    pub fn of_backup(backup: &Backup) -> State {
        let mut records = backup.records.clone();
        records.rebuild_cards();
        State {
            community: backup.community.clone(),
            profile: backup.profile.clone(),
            settings: backup.settings.clone(),
            records,
            ..State::default()
        }
    }

    pub fn export(&self) -> Backup {
        Backup {
            format: BACKUP_FORMAT.to_owned(),
            version: BACKUP_VERSION,
            community: self.community.clone(),
            profile: self.profile.clone(),
            settings: self.settings.clone(),
            records: self.records.clone(),
        }
    }

    pub fn units(&self) -> Vec<Unit> {
        self.records.units.values().cloned().collect()
    }

    pub fn cards(&self) -> Vec<Card> {
        let mut cards: Vec<Card> = self.records.cards.values().cloned().collect();
        super::sort_cards(&mut cards);
        cards
    }

    pub fn proposal(&self, id: EntityId) -> Option<Proposal> {
        self.records.proposals.get(&id).cloned()
    }

    pub fn comments(&self, proposal: EntityId) -> Vec<Comment> {
        let comments = self.records.comments.values().filter(|c| c.proposal == proposal);
        let mut comments: Vec<Comment> = comments.cloned().collect();
        super::sort_comments(&mut comments);
        comments
    }

    pub fn polls(&self, proposal: EntityId) -> Vec<Poll> {
        self.records.polls.values().filter(|p| p.proposal == proposal).cloned().collect()
    }

    pub fn votes(&self, proposal: EntityId) -> Vec<OwnersVote> {
        self.records.votes.values().filter(|v| v.proposal == proposal).cloned().collect()
    }

    pub fn vote(&self, id: EntityId) -> Option<OwnersVote> {
        self.records.votes.get(&id).cloned()
    }

    pub fn all_votes(&self) -> Vec<OwnersVote> {
        let mut votes: Vec<OwnersVote> = self.records.votes.values().cloned().collect();
        votes.sort_unstable_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        votes
    }

    pub fn proxies(&self, meeting: EntityId) -> Vec<Proxy> {
        let proxies = self.records.proxies.values().filter(|p| p.meeting == meeting);
        let mut proxies: Vec<Proxy> = proxies.cloned().collect();
        proxies.sort_unstable_by(|a, b| a.recorded_at.cmp(&b.recorded_at).then(a.id.cmp(&b.id)));
        proxies
    }

    /// A vote's paper sheets, by number.
    pub fn sheets(&self, vote: EntityId) -> Vec<PaperSheet> {
        self.records.sheets.values().filter(|s| s.vote == vote).cloned().collect()
    }

    pub fn proxies_for_vote(&self, vote: EntityId) -> Vec<Proxy> {
        let meetings = &self.records.meetings;
        let covers = |p: &&Proxy| {
            p.in_force() && meetings.get(&p.meeting).is_some_and(|m| p.covers(m, vote))
        };
        self.records.proxies.values().filter(covers).cloned().collect()
    }

    pub fn ballots(&self, vote: EntityId) -> Vec<BallotRecord> {
        self.records.ballots_of(vote).into_iter().cloned().collect()
    }

    pub fn deliveries(&self, vote: EntityId) -> Vec<DeliveryRecord> {
        self.records.deliveries_of(vote).into_iter().cloned().collect()
    }

    /// Every meeting, the next to start first.
    pub fn meetings(&self) -> Vec<Meeting> {
        let mut meetings: Vec<Meeting> = self.records.meetings.values().cloned().collect();
        meetings.sort_unstable_by(|a, b| b.starts_at.cmp(&a.starts_at).then(a.id.cmp(&b.id)));
        meetings
    }

    pub fn meeting(&self, id: EntityId) -> Option<Meeting> {
        self.records.meetings.get(&id).cloned()
    }

    /// A meeting's sign-ins, in the order they were taken.
    pub fn sign_ins(&self, meeting: EntityId) -> Vec<SignInRecord> {
        let sign_ins = self.records.sign_ins.values().filter(|s| s.meeting == meeting);
        let mut sign_ins: Vec<SignInRecord> = sign_ins.cloned().collect();
        sign_ins.sort_unstable_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
        sign_ins
    }
}

/// For a store's `write`: an entry that could not be worked out writes nothing, and the
/// error is the write's answer.
pub fn or_nothing<T>(made: Result<(Entry, T), StoreError>) -> (Entry, Result<T, StoreError>) {
    match made {
        Ok((entry, output)) => (entry, Ok(output)),
        Err(error) => (Entry::default(), Err(error)),
    }
}

/// Values the journal kept, read into their types, or an error if one cannot be.
fn read_all<T: serde::Serialize + serde::de::DeserializeOwned + Clone>(
    raws: &[Raw<T>],
) -> Result<Vec<T>, StoreError> {
    raws.iter().map(|raw| raw.read().ok_or_else(unreadable)).collect()
}

fn unreadable() -> StoreError {
    StoreError("the journal holds a change this version of the app cannot read".to_owned())
}

/// Values as the journal keeps them.
fn raws<T: serde::Serialize + serde::de::DeserializeOwned + Clone>(values: &[T]) -> Vec<Raw<T>> {
    values.iter().map(Raw::of).collect()
}

/// Writes one record as it now stands.
fn put(records: &mut MemoryRecords, change: Change) {
    let record = match change {
        Change::Unit(u) => {
            records.units.insert(u.id.clone(), u);
            return;
        }
        Change::Proposal(p) => Record::Proposal(p),
        Change::Card(c) => Record::Card(c),
        Change::Comment(c) => Record::Comment(c),
        Change::Poll(p) => Record::Poll(p),
        Change::Vote(v) => Record::Vote(v),
        Change::Ballot(b) => Record::Ballot(b),
        Change::Delivery(d) => Record::Delivery(d),
        Change::Meeting(m) => Record::Meeting(m),
        Change::SignIn(s) => Record::SignIn(s),
        Change::Proxy(p) => Record::Proxy(p),
        Change::Sheet(s) => Record::Sheet(s),
        Change::Unknown => return,
    };
    // Memory records' `put` never waits.
    let Ok(()) = now_or_never(records.put(record));
}
