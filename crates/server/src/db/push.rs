//! Applying a push in SQLite (docs/protocol.md, Push): repeats skipped, gaps refused, the
//! new mutations applied through the rules in one transaction that also moves the community's
//! version and records each result.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use yishiting_domain::mutation::{Actor, Envelope, apply};
use yishiting_domain::{EntityId, Timestamp};

use super::SqlRecords;
use super::records::{StoreError, now_or_never};
use crate::auth::Account;
use crate::sync::{MutationResult, PushRequest, PushResponse, Status, SyncError};

/// The client's last processed mutation id, after checking the client belongs to `account`.
pub(super) fn client_state(
    conn: &Connection,
    client: &str,
    account: i64,
) -> Result<u64, SyncError> {
    let row: Option<(i64, i64)> = conn
        .query_row(
            "SELECT account, last_mutation_id FROM clients WHERE id = ?1",
            params![client],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        Some((owner, _)) if owner != account => Err(SyncError::ForeignClient),
        Some((_, last)) => Ok(u64::try_from(last).unwrap_or(0)),
        None => Ok(0),
    }
}

/// Applies a push (checked whole first, `sync::check`): its new mutations in order in one
/// transaction, each through the domain's rules as the signed-in account, with the version
/// they make.
pub fn push(
    conn: &mut Connection,
    account: &Account,
    request: &PushRequest,
    now: i64,
) -> Result<PushResponse, SyncError> {
    let (role, parsed) = crate::sync::check(account, request)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut last = client_state(&tx, &request.client_id, account.id)?;
    // Repeats are skipped; the first new one must follow the last processed.
    let fresh: Vec<_> = parsed.into_iter().filter(|(m, _)| m.id > last).collect();
    for (m, _) in &fresh {
        if m.id != last + 1 {
            return Err(SyncError::Gap { last, expected: last + 1, got: m.id });
        }
        last = m.id;
    }
    let mut results = Vec::with_capacity(fresh.len());
    if fresh.is_empty() {
        return Ok(PushResponse { last_mutation_id: last, results });
    }
    let version: i64 = tx.query_row(
        "UPDATE communities SET version = version + 1 WHERE id = ?1 RETURNING version",
        params![account.community],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO clients (id, account, last_mutation_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id",
        params![request.client_id, account.id, i64::try_from(last).unwrap_or(i64::MAX)],
    )?;
    let actor = Actor {
        id: account.person(),
        name: account.name.clone(),
        role,
        unit: account.unit.clone(),
        device: request.client_id.clone(),
    };
    for (m, mutation) in fresh {
        // Judged by the server's clock; the device's time rides along for the rules that may
        // use it, within their bounds (a ballot recorded at a meeting or from paper).
        let envelope = Envelope {
            id: EntityId::from_uuid(uuid::Uuid::new_v4()),
            at: Timestamp(now),
            recorded_at: m.at.map(Timestamp),
            actor: actor.clone(),
            mutation,
        };
        let mut records = SqlRecords { tx: &tx, community: account.community, version };
        let answer = now_or_never(apply(&mut records, &envelope))?;
        let result = match answer {
            Ok(_) => MutationResult::accepted(m.id),
            Err(rejection) => MutationResult::rejected(m.id, rejection),
        };
        tx.execute(
            "INSERT INTO mutations (client, id, account, name, args, status, code, message, detail,
                                    version, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                request.client_id,
                i64::try_from(m.id).unwrap_or(i64::MAX),
                account.id,
                m.name,
                m.args.get(),
                match result.status {
                    Status::Accepted => "accepted",
                    Status::Rejected => "rejected",
                },
                result.code,
                result.message,
                result
                    .detail
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()
                    .map_err(StoreError::Json)?,
                version,
                now
            ],
        )?;
        results.push(result);
    }
    tx.commit()?;
    Ok(PushResponse { last_mutation_id: last, results })
}
