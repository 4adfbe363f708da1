//! An owner's sign-in to the hall during a meeting's notice period counts as delivery of the
//! ballots decided at it (DOMAIN.md, "Meetings in person"; the rule is the domain's
//! `deliver_on_sign_in`): written with the session, in a version of its own, so every phone
//! pulls it like any delivery.

use rusqlite::{Connection, TransactionBehavior, params};
use yishiting_domain::mutation::{Actor, deliver_on_sign_in};
use yishiting_domain::{Meeting, Role, Timestamp};

use super::SqlRecords;
use super::records::{StoreError, now_or_never};
use crate::auth::Account;
use crate::sync::SyncError;

/// The deliveries an owner's sign-in at `now` makes: how many were recorded.
pub(crate) fn on_sign_in(
    conn: &mut Connection,
    account: &Account,
    now: i64,
) -> Result<usize, SyncError> {
    let (Some(unit), Some(Role::Owner)) = (&account.unit, account.role) else { return Ok(0) };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let meetings: Vec<Meeting> = {
        let mut statement = tx
            .prepare_cached("SELECT body FROM records WHERE community = ?1 AND kind = 'meeting'")?;
        let bodies =
            statement.query_map(params![account.community], |row| row.get::<_, String>(0))?;
        let mut meetings = Vec::new();
        for body in bodies {
            meetings.push(serde_json::from_str(&body?).map_err(StoreError::Json)?);
        }
        meetings
    };
    if !meetings.iter().any(|m| m.in_notice_period(Timestamp(now))) {
        return Ok(0);
    }
    let version: i64 = tx.query_row(
        "UPDATE communities SET version = version + 1 WHERE id = ?1 RETURNING version",
        params![account.community],
        |r| r.get(0),
    )?;
    let actor = Actor {
        id: account.person(),
        name: account.name.clone(),
        role: Role::Owner,
        unit: Some(unit.clone()),
        device: String::new(),
    };
    let mut records = SqlRecords { tx: &tx, community: account.community, version };
    let recorded =
        now_or_never(deliver_on_sign_in(&mut records, &meetings, unit, &actor, Timestamp(now)))?;
    // Nothing recorded: the version is not used (the transaction is dropped, rolled back).
    if recorded > 0 {
        tx.commit()?;
    }
    Ok(recorded)
}
