//! Sign-in: codes (一户一码 for owners, one per role account), session tokens, and the brake
//! on guessing codes. A code is stored only as the HMAC of its digest under the server's
//! secret, which is kept outside the database (`code_hmac`, see db.rs and secret.rs); a token
//! as its SHA-256 digest (256 random bits need no key). A copy of the database signs no one in.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use yishiting_domain::{Role, UnitId};

/// Code characters: digits and capitals without I, L and O, which a code read off paper is
/// typed as 1 and 0 anyway (see [`normalize_code`]). 33 symbols, 8 of them: 1.4 × 10¹² codes.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LEN: usize = 8;

/// A fresh sign-in code, shown as `ABCD-EFGH`.
pub(crate) fn new_code() -> String {
    let mut code = String::with_capacity(CODE_LEN + 1);
    let mut bytes = [0u8; 64];
    // Rejection sampling keeps every symbol equally likely.
    let mut filled = 0;
    while filled < CODE_LEN {
        random(&mut bytes);
        for b in bytes {
            let limit = u8::try_from(256 - 256 % ALPHABET.len()).unwrap_or(u8::MAX);
            if b < limit && filled < CODE_LEN {
                if filled == CODE_LEN / 2 {
                    code.push('-');
                }
                code.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
                filled += 1;
            }
        }
    }
    code
}

/// A code as typed: any case, spaces and dashes ignored, the look-alikes read as meant.
pub(crate) fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// A code's digest, which the database keys with the secret (`code_hmac`) before it stores
/// or compares it.
pub(crate) fn code_digest(code: &str) -> Vec<u8> {
    Sha256::digest(format!("yishiting-code:{}", normalize_code(code))).to_vec()
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(format!("yishiting-token:{token}")).to_vec()
}

fn random(bytes: &mut [u8]) {
    // The operating system's generator; without it no code or token can be made safely.
    #[allow(clippy::expect_used)]
    getrandom::fill(bytes).expect("the system's random source");
}

/// Who is signed in: an account of one community (the protocol's own type).
pub use yishiting_domain::wire::Account;

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
    let mut bytes = [0u8; 32];
    random(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_readable_and_typed_loosely() {
        let code = new_code();
        assert_eq!(code.len(), CODE_LEN + 1);
        assert_eq!(code.as_bytes()[4], b'-');
        assert!(code.bytes().filter(|b| *b != b'-').all(|b| ALPHABET.contains(&b)));
        assert_ne!(new_code(), new_code());
        let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
        assert_eq!(code_digest(&typed), code_digest(&code));
        assert_eq!(normalize_code("ab-o1 l"), "AB011");
    }
}
