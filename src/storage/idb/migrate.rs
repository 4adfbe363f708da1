//! From the V4 layout (one object store per kind of record) to the journal: on the first
//! open at V5, everything the old stores hold becomes the journal's first entry, and they are
//! emptied, in one transaction.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use yishiting_domain::records::{BallotRecord, Card, DeliveryRecord, MemoryRecords};
use yishiting_domain::{Comment, EntityId, OwnersVote, Poll, Proposal, Unit};

use super::failed;
use super::requests::{add, all, all_prefixed, clear, count, get, keyed};
use super::schema::{
    BALLOTS, CARDS, COMMENTS, DELIVERIES, JOURNAL, META, OUTBOX, POLLS, PROPOSALS, UNITS,
    V4_STORES, VOTES,
};
use crate::storage::StoreError;
use crate::storage::state::{Entry, Raw, State};

/// Whether the V4 stores hold anything (and the journal nothing yet). Counting is all the
/// first load needs; moving is [`from_v4`], a chunk of its own.
pub(super) async fn needed(db: &Database) -> Result<bool, StoreError> {
    let stores: Vec<&str> = V4_STORES.iter().copied().chain([JOURNAL]).collect();
    let tx = db.transaction(stores).build().map_err(failed)?;
    let mut held = 0;
    for name in V4_STORES {
        held += count(&tx, name).await?;
    }
    // Since V5 the old stores hold nothing, and `meta` only the journal's base.
    let base: Option<u64> = get(&tx, META, "base").await?;
    Ok(held > 0 && base.is_none() && count(&tx, JOURNAL).await? == 0)
}

/// Moves what the V4 stores hold into the journal, and empties them, in one transaction.
/// It reads every kind of record, once in a device's life: the release build loads it as a
/// chunk of its own (`crate::lazy::move_v4`) rather than with the first screen.
pub async fn from_v4(db: &Database) -> Result<(), StoreError> {
    let stores: Vec<&str> = V4_STORES.iter().copied().chain([JOURNAL]).collect();
    let tx =
        db.transaction(stores).with_mode(TransactionMode::Readwrite).build().map_err(failed)?;
    let state = read_v4(&tx).await?;
    clear(&tx, &V4_STORES).await?;
    for (n, entry) in (1..).zip(state.entries(usize::MAX)) {
        add(&tx, JOURNAL, &Entry { n, ..entry }).await?;
    }
    tx.commit().await.map_err(failed)
}

/// [`from_v4`], from its chunk in the release build.
#[cfg(feature = "split")]
pub(super) async fn from_v4_loaded(db: &Database) -> Result<(), StoreError> {
    let chunk = crate::lazy::move_v4(db.clone()).await;
    chunk.map_err(|_| failed("the code that moves older data did not load"))?.await
}

#[cfg(not(feature = "split"))]
pub(super) async fn from_v4_loaded(db: &Database) -> Result<(), StoreError> {
    from_v4(db).await
}

async fn read_v4(tx: &Transaction<'_>) -> Result<State, StoreError> {
    let mut records = MemoryRecords {
        units: keyed(all::<Unit>(tx, UNITS).await?, |u| u.id.clone()),
        proposals: keyed(all::<Proposal>(tx, PROPOSALS).await?, |p| p.id),
        comments: keyed(all::<Comment>(tx, COMMENTS).await?, |c| c.id),
        polls: keyed(all::<Poll>(tx, POLLS).await?, |p| p.id),
        votes: keyed(all::<OwnersVote>(tx, VOTES).await?, |v| v.id),
        ballots: keyed(all::<BallotRecord>(tx, BALLOTS).await?, |b| b.id),
        cards: keyed(all::<Card>(tx, CARDS).await?, |c| c.id),
        deliveries: keyed(all::<DeliveryRecord>(tx, DELIVERIES).await?, |d| d.id.clone()),
        seq: get(tx, META, "seq").await?.unwrap_or(0),
        // V4 knew no meetings.
        ..MemoryRecords::default()
    };
    // A V1 database had no cards.
    if records.cards.len() < records.proposals.len() {
        records.rebuild_cards();
    }
    let mut tallies = std::collections::BTreeMap::new();
    for (key, tally) in all_prefixed::<crate::storage::ServerTally>(tx, META, "tally:").await? {
        if let Ok(vote) = EntityId::parse(&key["tally:".len()..]) {
            tallies.insert(vote, Raw::of(&tally));
        }
    }
    let mut state = State::default();
    state.community = get(tx, META, "community").await?;
    state.profile = get(tx, META, "profile").await?;
    state.settings = get(tx, META, "settings").await?.unwrap_or_default();
    state.records = records;
    state.link = get(tx, META, "link").await?;
    state.outbox = all(tx, OUTBOX).await?;
    state.refused = get(tx, META, "refused").await?.unwrap_or_default();
    state.tallies = tallies;
    Ok(state)
}
