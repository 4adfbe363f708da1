//! The database's shape: its object stores and indexes, and the stepwise upgrade from any
//! older schema version to the current one.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;

use super::failed;
use crate::storage::StoreError;

/// The database the app uses.
pub const DB_NAME: &str = "yishiting";

pub(super) const META: &str = "meta";
pub(super) const UNITS: &str = "units";
pub(super) const PROPOSALS: &str = "proposals";
pub(super) const COMMENTS: &str = "comments";
pub(super) const POLLS: &str = "polls";
pub(super) const VOTES: &str = "votes";
pub(super) const BALLOTS: &str = "ballots";
pub(super) const CARDS: &str = "cards";
pub(super) const DELIVERIES: &str = "deliveries";
pub(super) const OUTBOX: &str = "outbox";
/// V5: every change, one entry each, keyed by its number `n` (`state::Entry`).
pub(super) const JOURNAL: &str = "journal";
/// V5: the state as of the entry `meta.base`, as entries keyed 0, 1, 2, … (compaction).
pub(super) const SNAPSHOT: &str = "snapshot";
pub(super) const BY_PROPOSAL: &str = "by_proposal";
pub(super) const BY_VOTE: &str = "by_vote";

/// The stores up to V4, one per kind of record; since V5 they are read once, on the first
/// open, into the journal, and then left empty.
pub(super) const V4_STORES: [&str; 10] =
    [META, UNITS, PROPOSALS, COMMENTS, POLLS, VOTES, BALLOTS, CARDS, DELIVERIES, OUTBOX];
/// What the store reads and writes since V5.
pub(super) const LOG_STORES: [&str; 3] = [META, JOURNAL, SNAPSHOT];

/// Schema versions. Each step adds what its version brings; a database at any older version
/// is brought up step by step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Schema {
    /// The records: register, matters, comments, polls, votes, ballots, and `meta`.
    V1 = 1,
    /// The hall's card index, built from the records on the first open at this version.
    V2 = 2,
    /// Deliveries (送达) of each vote's ballots, for the follow-majority rule.
    V3 = 3,
    /// The outbox: changes waiting for the server, written with the change they carry.
    V4 = 4,
    /// The journal: the state lives in memory, each change is one entry (a pulled page one
    /// entry, not a write per record), compacted now and then into a snapshot.
    V5 = 5,
}

impl Schema {
    pub const CURRENT: Schema = Schema::V5;
}

/// Opens (creating or upgrading) a database at `schema`. Tests open older versions with it.
pub async fn open_schema(name: &str, schema: Schema) -> Result<Database, StoreError> {
    let target = schema as u8;
    Database::open(name)
        .with_version(target)
        .with_on_upgrade_needed(move |event, db| {
            let old = event.old_version();
            if old < 1.0 {
                create_v1(&db)?;
            }
            if old < 2.0 && target >= 2 {
                db.create_object_store(CARDS).with_key_path("id".into()).build()?;
            }
            if old < 3.0 && target >= 3 {
                let deliveries =
                    db.create_object_store(DELIVERIES).with_key_path("id".into()).build()?;
                deliveries.create_index(BY_VOTE, "vote".into()).build()?;
            }
            if old < 4.0 && target >= 4 {
                db.create_object_store(OUTBOX).with_key_path("id".into()).build()?;
            }
            if old < 5.0 && target >= 5 {
                db.create_object_store(JOURNAL).with_key_path("n".into()).build()?;
                db.create_object_store(SNAPSHOT).build()?;
            }
            Ok(())
        })
        .await
        .map_err(failed)
}

fn create_v1(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(META).build()?;
    db.create_object_store(UNITS).with_key_path("id".into()).build()?;
    db.create_object_store(PROPOSALS).with_key_path("id".into()).build()?;
    for name in [COMMENTS, POLLS, VOTES] {
        let store = db.create_object_store(name).with_key_path("id".into()).build()?;
        store.create_index(BY_PROPOSAL, "proposal".into()).build()?;
    }
    let ballots = db.create_object_store(BALLOTS).with_key_path("id".into()).build()?;
    ballots.create_index(BY_VOTE, "vote".into()).build()?;
    Ok(())
}
