//! The requests the store is made of, each inside a transaction the caller holds.

use std::collections::BTreeMap;

use indexed_db_futures::KeyRange;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::failed;
use crate::storage::StoreError;

pub(super) async fn get<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    store.get(key.to_owned()).serde().map_err(failed)?.await.map_err(failed)
}

/// Puts `value` under `key` in a store with keys apart from its values.
pub(super) async fn put_at<T: Serialize, K: Serialize>(
    tx: &Transaction<'_>,
    store: &str,
    key: K,
    value: &T,
) -> Result<(), StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    store
        .put(value)
        .with_key(key)
        .without_key_type()
        .serde()
        .map_err(failed)?
        .await
        .map_err(failed)?;
    Ok(())
}

/// Adds `value` under its own key, failing if one is there already.
pub(super) async fn add<T: Serialize>(
    tx: &Transaction<'_>,
    store: &str,
    value: &T,
) -> Result<(), StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    store.add(value).serde().map_err(failed)?.await.map_err(failed)
}

/// Every value of a store, in the order of their keys.
pub(super) async fn all<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
) -> Result<Vec<T>, StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    let rows = store.get_all().serde().map_err(failed)?.await.map_err(failed)?;
    rows.collect::<Result<Vec<T>, _>>().map_err(failed)
}

/// The values of a store whose numeric keys are above `after`, in order.
pub(super) async fn all_after<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
    after: u64,
) -> Result<Vec<T>, StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    let rows = store
        .get_all()
        .with_query::<f64, _>(KeyRange::LowerBound(after as f64, true))
        .serde()
        .map_err(failed)?
        .await
        .map_err(failed)?;
    rows.collect::<Result<Vec<T>, _>>().map_err(failed)
}

/// The keys and values of a store whose string keys begin with `prefix`.
pub(super) async fn all_prefixed<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    store: &str,
    prefix: &str,
) -> Result<Vec<(String, T)>, StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    let range = || KeyRange::Bound(prefix.to_owned(), false, format!("{prefix}\u{ffff}"), false);
    let keys = store.get_all_keys().with_query::<String, _>(range()).serde().map_err(failed)?;
    let values = store.get_all().with_query::<String, _>(range()).serde().map_err(failed)?;
    let (keys, values) = futures::join!(keys, values);
    let keys = keys.map_err(failed)?.collect::<Result<Vec<String>, _>>().map_err(failed)?;
    let values = values.map_err(failed)?.collect::<Result<Vec<T>, _>>().map_err(failed)?;
    Ok(keys.into_iter().zip(values).collect())
}

/// Deletes the entries of a store whose numeric keys are at most `upto`.
pub(super) async fn delete_upto(
    tx: &Transaction<'_>,
    store: &str,
    upto: u64,
) -> Result<(), StoreError> {
    let store = tx.object_store(store).map_err(failed)?;
    store.delete::<f64, _>(KeyRange::UpperBound(upto as f64, false)).await.map_err(failed)
}

pub(super) async fn clear(tx: &Transaction<'_>, stores: &[&str]) -> Result<(), StoreError> {
    for name in stores {
        tx.object_store(name).map_err(failed)?.clear().map_err(failed)?.await.map_err(failed)?;
    }
    Ok(())
}

pub(super) async fn count(tx: &Transaction<'_>, store: &str) -> Result<u32, StoreError> {
    tx.object_store(store).map_err(failed)?.count().await.map_err(failed)
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
