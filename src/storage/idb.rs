//! The store in the browser's IndexedDB, through `indexed_db_futures`.
//!
//! One object store per kind of record, keyed by the record's `id`; `meta` holds the
//! community, the profile, the settings and the ballot sequence under fixed keys. Every
//! change is one readwrite transaction in which only IndexedDB requests are awaited, so it
//! commits whole or not at all, and two tabs never interleave inside one change.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use yishiting_domain::mutation::{Applied, Envelope, Rejection, apply};
use yishiting_domain::records::{BallotRecord, Card, DeliveryRecord};
use yishiting_domain::{Comment, EntityId, OwnersVote, Poll, Proposal, Timestamp, Unit, UnitId};

mod records;
mod requests;
mod schema;

use records::TxRecords;
use requests::{
    absorb_in, all, all_by_index, clear_all, get, put, put_meta, queue_put, read_records, settle_in,
};
use schema::{
    ALL_STORES, BALLOTS, BY_PROPOSAL, BY_VOTE, CARDS, COMMENTS, DELIVERIES, META, OUTBOX, POLLS,
    PROPOSALS, RECORD_STORES, UNITS, VOTES,
};
pub use schema::{DB_NAME, Schema, open_schema};

use super::{
    BACKUP_FORMAT, BACKUP_VERSION, Backup, Change, Community, Link, MutationResult, Profile,
    Pulled, Queued, Refused, ServerTally, Settings, Store, StoreError,
};

fn failed(error: impl std::fmt::Display) -> StoreError {
    StoreError(error.to_string())
}

#[derive(Debug)]
pub struct IdbStore {
    db: Database,
}

impl IdbStore {
    /// Opens the database `name` at the current schema, upgrading and rebuilding derived
    /// records as needed.
    pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
        let store = IdbStore { db: open_schema(name, Schema::CURRENT).await? };
        store.build_cards_if_missing().await?;
        Ok(store)
    }

    /// After the upgrade to V2, or whenever cards are missing, rebuilds them from the records.
    async fn build_cards_if_missing(&self) -> Result<(), StoreError> {
        let tx = self.tx(&[PROPOSALS, CARDS], TransactionMode::Readonly)?;
        let proposals =
            tx.object_store(PROPOSALS).map_err(failed)?.count().await.map_err(failed)?;
        let cards = tx.object_store(CARDS).map_err(failed)?.count().await.map_err(failed)?;
        drop(tx);
        if cards >= proposals {
            return Ok(());
        }
        let tx = self.tx(&ALL_STORES, TransactionMode::Readwrite)?;
        let mut records = read_records(&tx).await?;
        records.rebuild_cards();
        for card in records.cards.values() {
            queue_put(&tx, CARDS, card)?;
        }
        tx.commit().await.map_err(failed)
    }

    fn tx(&self, stores: &[&str], mode: TransactionMode) -> Result<Transaction<'_>, StoreError> {
        self.db.transaction(stores.to_vec()).with_mode(mode).build().map_err(failed)
    }

    async fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        get(&tx, META, key).await
    }

    async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readwrite)?;
        put_meta(&tx, key, value).await?;
        tx.commit().await.map_err(failed)
    }

    async fn by_index<T: DeserializeOwned>(
        &self,
        store: &str,
        index: &str,
        key: String,
    ) -> Result<Vec<T>, StoreError> {
        let tx = self.tx(&[store], TransactionMode::Readonly)?;
        all_by_index(&tx, store, index, key).await
    }
}

impl Store for IdbStore {
    async fn community(&self) -> Result<Option<Community>, StoreError> {
        self.meta("community").await
    }
    async fn set_community(&self, community: &Community) -> Result<(), StoreError> {
        self.set_meta("community", community).await
    }
    async fn profile(&self) -> Result<Option<Profile>, StoreError> {
        self.meta("profile").await
    }
    async fn set_profile(&self, profile: &Profile) -> Result<(), StoreError> {
        self.set_meta("profile", profile).await
    }
    async fn settings(&self) -> Result<Settings, StoreError> {
        Ok(self.meta("settings").await?.unwrap_or_default())
    }
    async fn set_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        self.set_meta("settings", settings).await
    }
    async fn replace_units(&self, units: &[Unit]) -> Result<(), StoreError> {
        let tx = self.tx(&[UNITS], TransactionMode::Readwrite)?;
        let store = tx.object_store(UNITS).map_err(failed)?;
        store.clear().map_err(failed)?.await.map_err(failed)?;
        for unit in units {
            store.put(unit).serde().map_err(failed)?.await.map_err(failed)?;
        }
        tx.commit().await.map_err(failed)
    }
    async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        let tx = self.tx(&[UNITS], TransactionMode::Readonly)?;
        all(&tx, UNITS).await
    }
    async fn apply(&self, envelope: &Envelope) -> Result<Result<Applied, Rejection>, StoreError> {
        let tx = self.tx(&ALL_STORES, TransactionMode::Readwrite)?;
        let result = apply(&mut TxRecords { tx: &tx }, envelope).await?;
        // Connected: what was written is queued for the server in this same transaction.
        let link: Option<Link> = get(&tx, META, "link").await?;
        if let Some(mut link) = link.filter(|_| super::wrote(&result)) {
            let queued = Queued {
                id: link.next_mutation,
                at: envelope.at,
                mutation: envelope.mutation.clone(),
                acked: false,
            };
            put(&tx, OUTBOX, &queued).await?;
            link.next_mutation += 1;
            put_meta(&tx, "link", &link).await?;
        }
        // A refusal wrote nothing, except the record of a duplicate ballot: commit either way.
        tx.commit().await.map_err(failed)?;
        Ok(result)
    }
    async fn cards(&self) -> Result<Vec<Card>, StoreError> {
        let tx = self.tx(&[CARDS], TransactionMode::Readonly)?;
        let mut cards = all(&tx, CARDS).await?;
        super::sort_cards(&mut cards);
        Ok(cards)
    }
    async fn proposal(&self, id: EntityId) -> Result<Option<Proposal>, StoreError> {
        let tx = self.tx(&[PROPOSALS], TransactionMode::Readonly)?;
        get(&tx, PROPOSALS, &id.to_string()).await
    }
    async fn comments(&self, proposal: EntityId) -> Result<Vec<Comment>, StoreError> {
        let mut comments = self.by_index(COMMENTS, BY_PROPOSAL, proposal.to_string()).await?;
        super::sort_comments(&mut comments);
        Ok(comments)
    }
    async fn polls(&self, proposal: EntityId) -> Result<Vec<Poll>, StoreError> {
        self.by_index(POLLS, BY_PROPOSAL, proposal.to_string()).await
    }
    async fn votes(&self, proposal: EntityId) -> Result<Vec<OwnersVote>, StoreError> {
        self.by_index(VOTES, BY_PROPOSAL, proposal.to_string()).await
    }
    async fn ballots(&self, vote: EntityId) -> Result<Vec<BallotRecord>, StoreError> {
        let mut ballots: Vec<BallotRecord> =
            self.by_index(BALLOTS, BY_VOTE, vote.to_string()).await?;
        ballots.sort_unstable_by_key(|b| (b.seq, b.id));
        Ok(ballots)
    }
    async fn deliveries(&self, vote: EntityId) -> Result<Vec<UnitId>, StoreError> {
        let records: Vec<DeliveryRecord> =
            self.by_index(DELIVERIES, BY_VOTE, vote.to_string()).await?;
        Ok(records.into_iter().map(|d| d.unit).collect())
    }
    async fn export(&self) -> Result<Backup, StoreError> {
        let tx = self.tx(&ALL_STORES, TransactionMode::Readonly)?;
        Ok(Backup {
            format: BACKUP_FORMAT.to_owned(),
            version: BACKUP_VERSION,
            community: get(&tx, META, "community").await?,
            profile: get(&tx, META, "profile").await?,
            settings: get(&tx, META, "settings").await?.unwrap_or_default(),
            records: read_records(&tx).await?,
        })
    }
    async fn restore(&self, backup: &Backup) -> Result<(), StoreError> {
        // The cards are rebuilt beside the backup's records, which are written as they are:
        // no copy of every record map (whose code would be one more thing to download).
        let (records, cards) = (&backup.records, backup.records.rebuilt_cards());
        let tx = self.tx(&ALL_STORES, TransactionMode::Readwrite)?;
        clear_all(&tx).await?;
        if let Some(community) = &backup.community {
            put_meta(&tx, "community", community).await?;
        }
        if let Some(profile) = &backup.profile {
            put_meta(&tx, "profile", profile).await?;
        }
        put_meta(&tx, "settings", &backup.settings).await?;
        put_meta(&tx, "seq", &records.seq).await?;
        for unit in records.units.values() {
            queue_put(&tx, UNITS, unit)?;
        }
        for p in records.proposals.values() {
            queue_put(&tx, PROPOSALS, p)?;
        }
        for c in records.comments.values() {
            queue_put(&tx, COMMENTS, c)?;
        }
        for p in records.polls.values() {
            queue_put(&tx, POLLS, p)?;
        }
        for v in records.votes.values() {
            queue_put(&tx, VOTES, v)?;
        }
        for b in records.ballots.values() {
            queue_put(&tx, BALLOTS, b)?;
        }
        for c in cards.values() {
            queue_put(&tx, CARDS, c)?;
        }
        for d in records.deliveries.values() {
            queue_put(&tx, DELIVERIES, d)?;
        }
        tx.commit().await.map_err(failed)
    }
    async fn clear(&self) -> Result<(), StoreError> {
        let tx = self.tx(&ALL_STORES, TransactionMode::Readwrite)?;
        clear_all(&tx).await?;
        tx.commit().await.map_err(failed)
    }
    async fn link(&self) -> Result<Option<Link>, StoreError> {
        self.meta("link").await
    }
    async fn set_link(&self, link: Option<&Link>) -> Result<(), StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readwrite)?;
        match link {
            Some(link) => put_meta(&tx, "link", link).await?,
            None => {
                let store = tx.object_store(META).map_err(failed)?;
                store.delete("link".to_owned()).await.map_err(failed)?;
            }
        }
        tx.commit().await.map_err(failed)
    }
    async fn outbox(&self) -> Result<Vec<Queued>, StoreError> {
        let tx = self.tx(&[OUTBOX], TransactionMode::Readonly)?;
        all(&tx, OUTBOX).await
    }
    async fn refused(&self) -> Result<Vec<Refused>, StoreError> {
        Ok(self.meta("refused").await?.unwrap_or_default())
    }
    async fn server_tally(&self, vote: EntityId) -> Result<Option<ServerTally>, StoreError> {
        self.meta(&format!("tally:{vote}")).await
    }
    async fn set_server_tally(
        &self,
        vote: EntityId,
        tally: &ServerTally,
    ) -> Result<(), StoreError> {
        self.set_meta(&format!("tally:{vote}"), tally).await
    }
    async fn settle(
        &self,
        last_mutation_id: u64,
        results: &[MutationResult],
    ) -> Result<(), StoreError> {
        let tx = self.tx(&[META, OUTBOX], TransactionMode::Readwrite)?;
        settle_in(&tx, last_mutation_id, results).await?;
        tx.commit().await.map_err(failed)
    }
    async fn absorb(
        &self,
        pulled: &Pulled,
        now: Timestamp,
    ) -> Result<Option<crate::storage::Recovery>, StoreError> {
        let tx = self.tx(&ALL_STORES, TransactionMode::Readwrite)?;
        if pulled.reset {
            // The server's data is the whole: it sends everything again, the register too.
            for name in RECORD_STORES {
                tx.object_store(name)
                    .map_err(failed)?
                    .clear()
                    .map_err(failed)?
                    .await
                    .map_err(failed)?;
            }
        }
        let mut seq: u64 = get(&tx, META, "seq").await?.unwrap_or(0);
        for change in &pulled.changes {
            match change {
                Change::Unit(u) => queue_put(&tx, UNITS, u)?,
                Change::Proposal(p) => queue_put(&tx, PROPOSALS, p)?,
                Change::Card(c) => queue_put(&tx, CARDS, c)?,
                Change::Comment(c) => queue_put(&tx, COMMENTS, c)?,
                Change::Poll(p) => queue_put(&tx, POLLS, p)?,
                Change::Vote(v) => queue_put(&tx, VOTES, v)?,
                Change::Ballot(b) => {
                    // Local ballots number on from the server's.
                    seq = seq.max(b.seq);
                    queue_put(&tx, BALLOTS, b)?;
                }
                Change::Delivery(d) => queue_put(&tx, DELIVERIES, d)?,
                Change::Unknown => {}
            }
        }
        put_meta(&tx, "seq", &seq).await?;
        let recovery = absorb_in(&tx, pulled, now).await?;
        tx.commit().await.map_err(failed)?;
        Ok(recovery)
    }
}
