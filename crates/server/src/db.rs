//! The embedded SQLite database, and the only place the server writes SQL: opening it, its
//! schema and the stepwise migrations run at every start, and `Sqlite`, the server's
//! `crate::storage::Storage` on it. One file holds every community the server hosts; each row
//! names its community.

pub mod accounts;
mod delivery;
pub(crate) mod init;
mod pull;
mod push;
pub mod records;
mod sqlite;
mod tally;

pub use sqlite::Sqlite;

use std::path::Path;

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, params};

pub(crate) use records::SqlRecords;

use crate::secret::Secret;

/// Each entry moves the schema from version `index` to `index + 1`; `PRAGMA user_version`
/// remembers where a database stands. Entries are never edited once released, only appended.
const MIGRATIONS: &[&str] = &[
    // 1: communities, their register, accounts and sessions, the records of the hall, ballots
    // with the one-ballot-per-owner rule as a unique index, and the sync bookkeeping.
    "
    CREATE TABLE communities (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        version    INTEGER NOT NULL DEFAULT 0,  -- the pull version: one step per push batch
        seq        INTEGER NOT NULL DEFAULT 0   -- ballot acceptance order
    );
    CREATE TABLE units (
        community INTEGER NOT NULL REFERENCES communities(id),
        id        TEXT NOT NULL,
        owner     TEXT NOT NULL,
        body      TEXT NOT NULL,                 -- the unit as JSON
        version   INTEGER NOT NULL,
        PRIMARY KEY (community, id)
    );
    CREATE INDEX units_version ON units (community, version);
    CREATE TABLE accounts (
        id         INTEGER PRIMARY KEY,
        community  INTEGER NOT NULL REFERENCES communities(id),
        name       TEXT NOT NULL,
        role       TEXT,                         -- NULL for the administrator
        unit       TEXT,                         -- an owner's unit (一户一码)
        code_hash  BLOB NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        UNIQUE (community, unit)
    );
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        account    INTEGER NOT NULL REFERENCES accounts(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked    INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE records (
        community INTEGER NOT NULL REFERENCES communities(id),
        kind      TEXT NOT NULL,
        id        TEXT NOT NULL,
        body      TEXT NOT NULL,
        version   INTEGER NOT NULL,
        PRIMARY KEY (community, kind, id)
    );
    CREATE INDEX records_version ON records (community, version);
    CREATE TABLE ballots (
        community    INTEGER NOT NULL REFERENCES communities(id),
        id           TEXT NOT NULL,
        vote         TEXT NOT NULL,
        owner        TEXT NOT NULL,
        seq          INTEGER NOT NULL,
        duplicate_of TEXT,
        body         TEXT NOT NULL,
        version      INTEGER NOT NULL,
        PRIMARY KEY (community, id)
    );
    -- One counted ballot per owner and vote, whatever the rules above it do.
    CREATE UNIQUE INDEX one_ballot_per_owner ON ballots (community, vote, owner)
        WHERE duplicate_of IS NULL;
    CREATE INDEX ballots_version ON ballots (community, version);
    CREATE TABLE clients (
        id               TEXT PRIMARY KEY,
        account          INTEGER NOT NULL REFERENCES accounts(id),
        last_mutation_id INTEGER NOT NULL
    );
    CREATE TABLE mutations (
        client      TEXT NOT NULL REFERENCES clients(id),
        id          INTEGER NOT NULL,
        account     INTEGER NOT NULL REFERENCES accounts(id),
        name        TEXT NOT NULL,
        args        TEXT NOT NULL,
        status      TEXT NOT NULL,               -- accepted | rejected
        code        TEXT,
        message     TEXT,
        version     INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (client, id)
    );
    CREATE INDEX mutations_version ON mutations (client, version);
    ",
    // 2: sign-in codes keyed with the server's secret (secret.rs). `code_keyed` is 0 for the
    // plain SHA-256 digests of version 1, which `key_codes` wraps in the HMAC at the next
    // start; `meta` holds what the database must remember about itself.
    "
    ALTER TABLE accounts ADD COLUMN code_keyed INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    ",
    // 3: a rejected mutation keeps its refusal as data (JSON of the domain's `Rejection`),
    // which pulls report beside the code and message; NULL for those refused before.
    "
    ALTER TABLE mutations ADD COLUMN detail TEXT;
    ",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Opens (creating if needed) the database file and brings its schema up to date.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                Some(format!("{}: {e}", dir.display())),
            )
        })?;
    }
    let secret = Secret::of_database(path).map_err(|m| failure(rusqlite::ffi::SQLITE_AUTH, m))?;
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&mut conn)?;
    key_codes(&mut conn, secret)?;
    ensure_identity(&conn)?;
    Ok(conn)
}

/// An in-memory database with a key of its own, for tests.
pub fn open_in_memory() -> rusqlite::Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&mut conn)?;
    key_codes(&mut conn, Secret::random())?;
    ensure_identity(&conn)?;
    Ok(conn)
}

/// Gives a database without one an identity: a new database, or one restored from a backup
/// (`backup` removes the identity from its copy). Clients remember the identity their data
/// came from, so a database restored from a backup, whose history differs from what they
/// hold, is noticed (docs/protocol.md, "Restores").
fn ensure_identity(conn: &Connection) -> rusqlite::Result<()> {
    let made = conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('identity', ?1)",
        params![uuid::Uuid::new_v4().to_string()],
    )?;
    if made > 0 {
        tracing::info!("the database has a new identity");
    }
    Ok(())
}

/// The database's identity.
pub fn identity(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("SELECT CAST(value AS TEXT) FROM meta WHERE key = 'identity'", [], |r| r.get(0))
}

/// Takes a consistent copy of a live database into `out` (which must not exist yet), without
/// its identity: started from the copy, the server has a new one.
pub fn backup(db: &Path, out: &Path) -> Result<(), String> {
    if !db.exists() {
        return Err(format!("{}：没有这个数据库文件", db.display()));
    }
    if out.exists() {
        return Err(format!("{}：文件已存在，不会覆盖", out.display()));
    }
    // Opened as the server opens it (a write-ahead log needs its shared memory), changed not.
    let source = Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| format!("{}：{e}", db.display()))?;
    source.busy_timeout(std::time::Duration::from_secs(30)).map_err(|e| e.to_string())?;
    let target = out.to_str().ok_or_else(|| format!("{}：路径不是 UTF-8", out.display()))?;
    // One read transaction of the source: a snapshot, whatever the server writes meanwhile.
    source.execute("VACUUM INTO ?1", params![target]).map_err(|e| format!("备份失败：{e}"))?;
    drop(source);
    #[cfg(unix)]
    std::fs::set_permissions(out, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .map_err(|e| format!("{}：{e}", out.display()))?;
    let copy = Connection::open(out).map_err(|e| format!("{}：{e}", out.display()))?;
    let has_meta: bool = copy
        .query_row("SELECT count(*) > 0 FROM sqlite_master WHERE name = 'meta'", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if has_meta {
        copy.execute("DELETE FROM meta WHERE key = 'identity'", []).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn failure(code: std::ffi::c_int, message: String) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(message))
}

/// Gives the connection `code_hmac(digest)`, the HMAC of a code's digest under the secret
/// (auth.rs stores and looks up codes through it); refuses a secret that is not the one the
/// database was keyed with; and keys the digests a version-1 database stored plainly.
fn key_codes(conn: &mut Connection, secret: Secret) -> rusqlite::Result<()> {
    let check = secret.mac(b"yishiting-secret-check");
    conn.create_scalar_function(
        "code_hmac",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |ctx| Ok(secret.mac(&ctx.get::<Vec<u8>>(0)?)),
    )?;
    let tx = conn.transaction()?;
    let known: Option<Vec<u8>> = tx
        .query_row("SELECT value FROM meta WHERE key = 'secret_check'", [], |r| r.get(0))
        .optional()?;
    match known {
        Some(known) if known != check => {
            return Err(failure(
                rusqlite::ffi::SQLITE_AUTH,
                format!(
                    "登录码密钥与数据库不符：请使用创建这个数据库时的密钥（数据库旁的 .secret 文件，\
                     或环境变量 {}）",
                    crate::secret::ENV
                ),
            ));
        }
        Some(_) => {}
        None => {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('secret_check', ?1)",
                params![check],
            )?;
        }
    }
    let keyed = tx.execute(
        "UPDATE accounts SET code_hash = code_hmac(code_hash), code_keyed = 1 WHERE code_keyed = 0",
        [],
    )?;
    tx.commit()?;
    if keyed > 0 {
        tracing::info!(keyed, "sign-in codes keyed with the server's secret");
    }
    Ok(())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // WAL lets readers work beside the writer; FULL makes a committed ballot survive a power
    // cut, not only a crash of the process.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let current = usize::try_from(current).unwrap_or(usize::MAX);
    if current > MIGRATIONS.len() {
        return Err(failure(
            rusqlite::ffi::SQLITE_MISMATCH,
            format!(
                "数据库版本 {current} 比本程序认识的 {} 新：请使用更新的 yishiting-server",
                MIGRATIONS.len()
            ),
        ));
    }
    for (from, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i64::try_from(from + 1).unwrap_or(i64::MAX))?;
        tx.commit()?;
        tracing::info!(version = from + 1, "database migrated");
    }
    Ok(())
}

/// A community as sign-in names it (the protocol's own type).
pub use yishiting_domain::wire::CommunityInfo;

/// The community of an account, for answers that name it.
pub(crate) fn community_of(
    conn: &Connection,
    account: &crate::auth::Account,
) -> Result<CommunityInfo, crate::sync::SyncError> {
    community(conn, account.community)?.ok_or_else(|| {
        crate::sync::SyncError::Corrupt(format!("小区 {} 不存在", account.community))
    })
}

pub(crate) fn community(conn: &Connection, id: i64) -> rusqlite::Result<Option<CommunityInfo>> {
    conn.query_row("SELECT id, name FROM communities WHERE id = ?1", params![id], |row| {
        Ok(CommunityInfo { id: row.get(0)?, name: row.get(1)? })
    })
    .optional()
}

/// Milliseconds since the Unix epoch, the domain's time.
pub fn now_ms() -> i64 {
    let since =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_a_new_file_and_reopens_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("data/hall.sqlite3");
        let conn = open(&path).expect("open");
        let version: i64 =
            conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("version");
        assert_eq!(usize::try_from(version), Ok(SCHEMA_VERSION));
        conn.execute("INSERT INTO communities (name, created_at) VALUES ('甲', 0)", [])
            .expect("insert");
        drop(conn);
        let conn = open(&path).expect("reopen");
        assert_eq!(community(&conn, 1).expect("read").map(|c| c.name), Some("甲".to_owned()));
    }

    #[test]
    fn refuses_a_database_from_a_newer_release() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("hall.sqlite3");
        let conn = open(&path).expect("open");
        conn.pragma_update(None, "user_version", 99).expect("bump");
        drop(conn);
        let error = open(&path).expect_err("newer schema");
        assert!(error.to_string().contains("更新的 yishiting-server"), "{error}");
    }
}
