//! `pull`: what changed after the client's cookie that its account may read, a page of
//! whole versions at a time, with the results of the client's own mutations.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use serde_json::value::RawValue;
use yishiting_domain::{Role, Unit};

use super::push::client_state;
use super::records::StoreError;
use crate::auth::Account;
use crate::sync::{
    Change, MutationResult, PULL_PAGE, PullRequest, PullResponse, Status, SyncError,
    check_client_id,
};

/// Everything changed since `cookie` that the account may read.
pub fn pull(
    conn: &mut Connection,
    account: &Account,
    request: &PullRequest,
) -> Result<PullResponse, SyncError> {
    check_client_id(&request.client_id)?;
    if request.limit == Some(0) {
        return Err(SyncError::ZeroLimit);
    }
    // One read transaction: the version and the rows agree.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
    let last_mutation_id = client_state(&tx, &request.client_id, account.id)?;
    let current: i64 = tx.query_row(
        "SELECT version FROM communities WHERE id = ?1",
        params![account.community],
        |r| r.get(0),
    )?;
    let identity = crate::db::identity(&tx)?;
    // The client's data is not of this database's history: a cookie from another database,
    // or ahead of this one, or changes of the client's acknowledged that this one lacks.
    let reset = request.identity.as_ref().is_some_and(|i| *i != identity)
        || request.cookie > u64::try_from(current).unwrap_or(0)
        || request.acknowledged.is_some_and(|a| a > last_mutation_id);
    let since = if reset { 0 } else { i64::try_from(request.cookie).unwrap_or(i64::MAX) };
    let (until, more) = page_end(&tx, account.community, since, current, request.limit)?;
    let mut changes = Vec::new();
    let sees_names = account.role.is_some_and(Role::sees_owner_names);
    let sees_all = account.role.is_some_and(Role::sees_every_ballot);
    {
        let mut units = tx.prepare(
            "SELECT body FROM units WHERE community = ?1 AND version > ?2 AND version <= ?3
             ORDER BY version, id",
        )?;
        let rows =
            units.query_map(params![account.community, since, until], |r| r.get::<_, String>(0))?;
        for body in rows {
            let mut unit: Unit = serde_json::from_str(&body?).map_err(StoreError::Json)?;
            // Owners' names are personal data: the committee and officers need them, others not.
            if !sees_names {
                unit.owner_name = None;
            }
            changes.push(change("unit", &unit)?);
        }
        let mut records = tx.prepare(
            "SELECT kind, body FROM records WHERE community = ?1 AND version > ?2
             AND version <= ?3 ORDER BY version, kind, id",
        )?;
        let rows = records.query_map(params![account.community, since, until], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (kind, body) = row?;
            // An authorisation names an agent with their phone or ID tail: personal data, for
            // those who see owners' names (the committee and officers) only.
            if kind == "proxy" && !sees_names {
                continue;
            }
            // A paper sheet's entries are owners' choices: for those who see every ballot.
            if kind == "sheet" && !sees_all {
                continue;
            }
            changes.push(Change {
                kind,
                record: RawValue::from_string(body).map_err(StoreError::Json)?,
            });
        }
        // Ballots: the committee, officers, the Party branch and the community see them all
        // (officers must see who has voted); an owner sees their own; others see counts only.
        let own_owner = match (&account.unit, sees_all) {
            (Some(unit), false) => tx
                .query_row(
                    "SELECT owner FROM units WHERE community = ?1 AND id = ?2",
                    params![account.community, unit.as_str()],
                    |r| r.get::<_, String>(0),
                )
                .optional()?,
            _ => None,
        };
        if sees_all || own_owner.is_some() {
            let mut ballots = tx.prepare(
                "SELECT body FROM ballots WHERE community = ?1 AND version > ?2 AND version <= ?3
                 AND (?4 IS NULL OR owner = ?4) ORDER BY seq",
            )?;
            let rows = ballots
                .query_map(params![account.community, since, until, own_owner], |r| {
                    r.get::<_, String>(0)
                })?;
            for body in rows {
                changes.push(Change {
                    kind: "ballot".to_owned(),
                    record: RawValue::from_string(body?).map_err(StoreError::Json)?,
                });
            }
        }
    }
    let mut results = Vec::new();
    {
        let mut statement = tx.prepare(
            "SELECT id, status, code, message, detail FROM mutations WHERE client = ?1 AND version > ?2
             AND version <= ?3 ORDER BY id",
        )?;
        let rows = statement.query_map(params![request.client_id, since, until], |r| {
            Ok(MutationResult {
                id: u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0),
                status: if r.get::<_, String>(1)? == "accepted" {
                    Status::Accepted
                } else {
                    Status::Rejected
                },
                code: r.get(2)?,
                message: r.get(3)?,
                // Kept by this server as JSON of a `Rejection`; a row it cannot read has none.
                detail: r
                    .get::<_, Option<String>>(4)?
                    .and_then(|json| serde_json::from_str(&json).ok()),
            })
        })?;
        for row in rows {
            results.push(row?);
        }
    }
    // A page that stops short of the present reports what the client had processed by its
    // end, so that outbox and results agree with the records sent.
    let last_mutation_id = if more {
        let last: Option<i64> = tx.query_row(
            "SELECT MAX(id) FROM mutations WHERE client = ?1 AND version <= ?2",
            params![request.client_id, until],
            |r| r.get(0),
        )?;
        last.and_then(|id| u64::try_from(id).ok()).unwrap_or(0)
    } else {
        last_mutation_id
    };
    tx.commit()?;
    let version = u64::try_from(until).unwrap_or(0);
    let identity = Some(identity);
    Ok(PullResponse { version, identity, reset, last_mutation_id, changes, results, more })
}

/// Where a page of changes after `since` ends: the version of its `limit`-th row, so that no
/// version is split between pages, or the present version when fewer rows remain; and whether
/// more remain after it. Every row of the community counts here, also those the account does
/// not receive, so a page may hold fewer than `limit`.
fn page_end(
    conn: &Connection,
    community: i64,
    since: i64,
    current: i64,
    limit: Option<u32>,
) -> Result<(i64, bool), SyncError> {
    let limit = limit.unwrap_or(PULL_PAGE).clamp(1, PULL_PAGE);
    let end: Option<i64> = conn
        .query_row(
            "SELECT version FROM (
                 SELECT version FROM units WHERE community = ?1 AND version > ?2
                 UNION ALL SELECT version FROM records WHERE community = ?1 AND version > ?2
                 UNION ALL SELECT version FROM ballots WHERE community = ?1 AND version > ?2
             ) ORDER BY version LIMIT 1 OFFSET ?3",
            params![community, since, limit - 1],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match end {
        Some(end) if end < current => (end, true),
        _ => (current, false),
    })
}

fn change<T: Serialize>(kind: &str, value: &T) -> Result<Change, SyncError> {
    let text = serde_json::to_string(value).map_err(StoreError::Json)?;
    Ok(Change {
        kind: kind.to_owned(),
        record: RawValue::from_string(text).map_err(StoreError::Json)?,
    })
}
