//! The domain's `Records` over one IndexedDB readwrite transaction.

use indexed_db_futures::transaction::Transaction;
use yishiting_domain::records::{BallotRecord, Card, DeliveryRecord, Record, Records};
use yishiting_domain::{Comment, EntityId, OwnerKey, OwnersVote, Poll, Proposal, Unit, UnitId};

use super::requests::{all_by_index, get, put, put_meta};
use super::schema::{
    BALLOTS, BY_VOTE, CARDS, COMMENTS, DELIVERIES, META, POLLS, PROPOSALS, UNITS, VOTES,
};
use crate::storage::StoreError;

/// The domain's view of one readwrite transaction.
pub(super) struct TxRecords<'t, 'db> {
    pub(super) tx: &'t Transaction<'db>,
}

impl Records for TxRecords<'_, '_> {
    type Error = StoreError;

    async fn unit(&mut self, id: &UnitId) -> Result<Option<Unit>, StoreError> {
        get(self.tx, UNITS, id.as_str()).await
    }
    async fn proposal(&mut self, id: EntityId) -> Result<Option<Proposal>, StoreError> {
        get(self.tx, PROPOSALS, &id.to_string()).await
    }
    async fn card(&mut self, id: EntityId) -> Result<Option<Card>, StoreError> {
        get(self.tx, CARDS, &id.to_string()).await
    }
    async fn comment(&mut self, id: EntityId) -> Result<Option<Comment>, StoreError> {
        get(self.tx, COMMENTS, &id.to_string()).await
    }
    async fn poll(&mut self, id: EntityId) -> Result<Option<Poll>, StoreError> {
        get(self.tx, POLLS, &id.to_string()).await
    }
    async fn vote(&mut self, id: EntityId) -> Result<Option<OwnersVote>, StoreError> {
        get(self.tx, VOTES, &id.to_string()).await
    }
    async fn ballot(&mut self, id: EntityId) -> Result<Option<BallotRecord>, StoreError> {
        get(self.tx, BALLOTS, &id.to_string()).await
    }
    async fn delivery(&mut self, key: &str) -> Result<Option<DeliveryRecord>, StoreError> {
        get(self.tx, DELIVERIES, key).await
    }
    async fn owner_ballot(
        &mut self,
        vote: EntityId,
        owner: &OwnerKey,
    ) -> Result<Option<BallotRecord>, StoreError> {
        let mut ballots: Vec<BallotRecord> =
            all_by_index(self.tx, BALLOTS, BY_VOTE, vote.to_string()).await?;
        ballots.retain(|b| &b.owner == owner && b.duplicate_of.is_none());
        Ok(ballots.into_iter().min_by_key(|b| b.seq))
    }
    async fn next_seq(&mut self) -> Result<u64, StoreError> {
        let seq = get::<u64>(self.tx, META, "seq").await?.unwrap_or(0) + 1;
        put_meta(self.tx, "seq", &seq).await?;
        Ok(seq)
    }
    async fn put(&mut self, record: Record) -> Result<(), StoreError> {
        match &record {
            Record::Proposal(p) => put(self.tx, PROPOSALS, p).await,
            Record::Card(c) => put(self.tx, CARDS, c).await,
            Record::Comment(c) => put(self.tx, COMMENTS, c).await,
            Record::Poll(p) => put(self.tx, POLLS, p).await,
            Record::Vote(v) => put(self.tx, VOTES, v).await,
            Record::Ballot(b) => put(self.tx, BALLOTS, b).await,
            Record::Delivery(d) => put(self.tx, DELIVERIES, d).await,
        }
    }
}
