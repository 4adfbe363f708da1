//! The requests the store is made of, each inside a transaction the caller holds.

use std::collections::BTreeMap;

use indexed_db_futures::KeyRange;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use serde::Serialize;
use serde::de::DeserializeOwned;
use yishiting_domain::records::{BallotRecord, Card, DeliveryRecord, MemoryRecords};
use yishiting_domain::{Comment, OwnersVote, Poll, Proposal, Unit};

use super::failed;
use super::schema::{
    BALLOTS, CARDS, COMMENTS, DELIVERIES, META, OUTBOX, POLLS, PROPOSALS, RECORD_STORES, UNITS,
    VOTES,
};
use crate::storage::{Link, MutationResult, Pulled, Queued, Recovery, Refused, Said, StoreError};

pub(super) async fn get<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    store.get(key.to_owned()).serde().map_err(failed)?.await.map_err(failed)
}

pub(super) async fn put<T: Serialize>(
    tx: &Transaction<'_>,
    store: &str,
    value: &T,
) -> Result<(), StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    store.put(value).serde().map_err(failed)?.await.map_err(failed)
}

/// Queues a put in `tx` without waiting for its answer. The requests of one transaction run in
/// order, and one that fails aborts the transaction, which its `commit` then reports: a bulk
/// write (a pull, a restore) waits once instead of once a record.
pub(super) fn queue_put<T: Serialize>(
    tx: &Transaction<'_>,
    store: &str,
    value: &T,
) -> Result<(), StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    // Dropping the request's future only stops listening; the put itself is already queued.
    drop(store.put(value).serde().map_err(failed)?);
    Ok(())
}

pub(super) async fn put_meta<T: Serialize>(
    tx: &Transaction<'_>,
    key: &str,
    value: &T,
) -> Result<(), StoreError> {
    let store = tx.object_store(META).map_err(failed)?;
    store.put(value).with_key(key.to_owned()).serde().map_err(failed)?.await.map_err(failed)?;
    Ok(())
}

pub(super) async fn all<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
) -> Result<Vec<T>, StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    let rows = store.get_all().serde().map_err(failed)?.await.map_err(failed)?;
    rows.collect::<Result<Vec<T>, _>>().map_err(failed)
}

pub(super) async fn all_by_index<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
    index: &str,
    key: String,
) -> Result<Vec<T>, StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    let index = store.index(index).map_err(failed)?;
    let rows = index
        .get_all()
        .with_query::<String, _>(KeyRange::Only(key))
        .serde()
        .map_err(failed)?
        .await
        .map_err(failed)?;
    rows.collect::<Result<Vec<T>, _>>().map_err(failed)
}

/// Every record, read in one transaction.
pub(super) async fn read_records(tx: &Transaction<'_>) -> Result<MemoryRecords, StoreError> {
    Ok(MemoryRecords {
        units: keyed(all::<Unit>(tx, UNITS).await?, |u| u.id.clone()),
        proposals: keyed(all::<Proposal>(tx, PROPOSALS).await?, |p| p.id),
        comments: keyed(all::<Comment>(tx, COMMENTS).await?, |c| c.id),
        polls: keyed(all::<Poll>(tx, POLLS).await?, |p| p.id),
        votes: keyed(all::<OwnersVote>(tx, VOTES).await?, |v| v.id),
        ballots: keyed(all::<BallotRecord>(tx, BALLOTS).await?, |b| b.id),
        cards: keyed(all::<Card>(tx, CARDS).await?, |c| c.id),
        deliveries: keyed(all::<DeliveryRecord>(tx, DELIVERIES).await?, |d| d.id.clone()),
        seq: get(tx, META, "seq").await?.unwrap_or(0),
    })
}

/// Rows by key, the last row winning as with `collect`. Inserting one by one spares the
/// WebAssembly a copy of the stable sort that `collect` into a `BTreeMap` brings per type.
pub(super) fn keyed<K: Ord, V>(rows: Vec<V>, key: impl Fn(&V) -> K) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for row in rows {
        map.insert(key(&row), row);
    }
    map
}

/// Drops the processed changes from the outbox and remembers the refusals, inside `tx`.
/// After a push: the outbox settled as acknowledged, and the link's `acknowledged` moved.
pub(super) async fn settle_in(
    tx: &Transaction<'_>,
    last_mutation_id: u64,
    results: &[MutationResult],
) -> Result<(), StoreError> {
    let before = read_outbox(tx).await?;
    let (outbox, refused) = crate::storage::settle(
        before.0.clone(),
        before.1.clone(),
        last_mutation_id,
        results,
        Said::Pushed,
    );
    write_outbox(tx, &before, (&outbox, &refused)).await?;
    let link: Option<Link> = get(tx, META, "link").await?;
    if let Some(mut link) = link {
        link.acknowledged = link.acknowledged.max(last_mutation_id);
        put_meta(tx, "link", &link).await?;
    }
    Ok(())
}

/// After a pulled page: the outbox, the refusals and the link as `absorb_page` leaves them.
pub(super) async fn absorb_in(
    tx: &Transaction<'_>,
    pulled: &Pulled,
    now: yishiting_domain::Timestamp,
) -> Result<Option<Recovery>, StoreError> {
    let before = read_outbox(tx).await?;
    let mut link: Option<Link> = get(tx, META, "link").await?;
    let (outbox, refused, recovery) =
        crate::storage::absorb_page(before.clone(), link.as_mut(), pulled, now);
    write_outbox(tx, &before, (&outbox, &refused)).await?;
    if let Some(link) = &link {
        put_meta(tx, "link", link).await?;
    }
    Ok(recovery)
}

async fn read_outbox(tx: &Transaction<'_>) -> Result<(Vec<Queued>, Vec<Refused>), StoreError> {
    let outbox: Vec<Queued> = all(tx, OUTBOX).await?;
    let refused: Vec<Refused> = get(tx, META, "refused").await?.unwrap_or_default();
    Ok((outbox, refused))
}

/// Writes the outbox (ids may have been renumbered) and the refusals, each only if changed:
/// most pulled pages leave both as they were.
async fn write_outbox(
    tx: &Transaction<'_>,
    (outbox_before, refused_before): &(Vec<Queued>, Vec<Refused>),
    (outbox, refused): (&[Queued], &[Refused]),
) -> Result<(), StoreError> {
    if outbox_before.as_slice() != outbox {
        tx.object_store(OUTBOX).map_err(failed)?.clear().map_err(failed)?.await.map_err(failed)?;
        for queued in outbox {
            queue_put(tx, OUTBOX, queued)?;
        }
    }
    if refused_before.as_slice() != refused {
        put_meta(tx, "refused", &refused).await?;
    }
    Ok(())
}

pub(super) async fn clear_all(tx: &Transaction<'_>) -> Result<(), StoreError> {
    for name in std::iter::once(META).chain(RECORD_STORES).chain([OUTBOX]) {
        tx.object_store(name).map_err(failed)?.clear().map_err(failed)?.await.map_err(failed)?;
    }
    Ok(())
}
