//! Accounts, their sign-in codes and sessions, in SQLite: a code and a token are kept only as
//! keyed hashes (`code_hmac`, see db.rs and secret.rs), never as typed.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};
use yishiting_domain::{Role, UnitId};

use crate::auth::{Account, code_digest, new_code, random_token, token_hash};

fn account_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    let role: Option<String> = row.get(3)?;
    let unit: Option<String> = row.get(4)?;
    Ok(Account {
        id: row.get(0)?,
        community: row.get(1)?,
        name: row.get(2)?,
        role: role.and_then(|r| Role::parse(&r).ok()),
        unit: unit.and_then(|u| UnitId::parse(&u).ok()),
    })
}

const ACCOUNT_COLUMNS: &str = "a.id, a.community, a.name, a.role, a.unit";

/// Creates an account with a new code; the code is returned once and kept only as a hash.
pub fn create_account(
    conn: &Connection,
    community: i64,
    name: &str,
    role: Option<Role>,
    unit: Option<&UnitId>,
    now: i64,
) -> rusqlite::Result<(Account, String)> {
    let code = new_code();
    conn.execute(
        "INSERT INTO accounts (community, name, role, unit, code_hash, code_keyed, created_at)
         VALUES (?1, ?2, ?3, ?4, code_hmac(?5), 1, ?6)",
        params![
            community,
            name,
            role.map(Role::as_str),
            unit.map(UnitId::as_str),
            code_digest(&code),
            now
        ],
    )?;
    let account = Account {
        id: conn.last_insert_rowid(),
        community,
        name: name.to_owned(),
        role,
        unit: unit.cloned(),
    };
    Ok((account, code))
}

/// Gives an account a new code; the old one stops working.
pub(crate) fn reissue_code(conn: &Connection, account: i64) -> rusqlite::Result<String> {
    let code = new_code();
    conn.execute(
        "UPDATE accounts SET code_hash = code_hmac(?1), code_keyed = 1 WHERE id = ?2",
        params![code_digest(&code), account],
    )?;
    Ok(code)
}

pub(crate) fn account_by_code(conn: &Connection, code: &str) -> rusqlite::Result<Option<Account>> {
    conn.query_row(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.code_hash = code_hmac(?1)"),
        params![code_digest(code)],
        account_from_row,
    )
    .optional()
}

/// Gives an account a new code in one transaction: the old code and every session of the
/// account stop working together.
pub(crate) fn replace_code(conn: &mut Connection, account: i64) -> rusqlite::Result<String> {
    let tx = conn.transaction()?;
    let code = reissue_code(&tx, account)?;
    revoke_sessions(&tx, account)?;
    tx.commit()?;
    Ok(code)
}

/// The account of a unit's code (一户一码), if the unit is in the community's register.
pub(crate) fn unit_account(
    conn: &Connection,
    community: i64,
    unit: &UnitId,
) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM accounts WHERE community = ?1 AND unit = ?2",
        params![community, unit.as_str()],
        |r| r.get(0),
    )
    .optional()
}

pub(crate) fn account(conn: &Connection, id: i64) -> rusqlite::Result<Option<Account>> {
    conn.query_row(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ?1"),
        params![id],
        account_from_row,
    )
    .optional()
}

pub(crate) fn accounts(conn: &Connection, community: i64) -> rusqlite::Result<Vec<Account>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.community = ?1 AND a.unit IS NULL ORDER BY a.id"
    ))?;
    let rows = statement.query_map(params![community], account_from_row)?;
    rows.collect()
}

/// Starts a session: a random token for the client, its hash in the database.
pub(crate) fn start_session(
    conn: &Connection,
    account: i64,
    now: i64,
    lifetime: Duration,
) -> rusqlite::Result<String> {
    let token = random_token();
    let expires = now.saturating_add(i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX));
    conn.execute(
        "INSERT INTO sessions (token_hash, account, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash(&token), account, now, expires],
    )?;
    Ok(token)
}

/// The account of a live session: not revoked, not expired.
pub(crate) fn session_account(
    conn: &Connection,
    token: &str,
    now: i64,
) -> rusqlite::Result<Option<Account>> {
    conn.query_row(
        &format!(
            "SELECT {ACCOUNT_COLUMNS} FROM sessions s JOIN accounts a ON a.id = s.account
             WHERE s.token_hash = ?1 AND s.revoked = 0 AND s.expires_at > ?2"
        ),
        params![token_hash(token), now],
        account_from_row,
    )
    .optional()
}

pub(crate) fn end_session(conn: &Connection, token: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE sessions SET revoked = 1 WHERE token_hash = ?1",
        params![token_hash(token)],
    )
}

pub(crate) fn revoke_sessions(conn: &Connection, account: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE sessions SET revoked = 1 WHERE account = ?1 AND revoked = 0",
        params![account],
    )
}
