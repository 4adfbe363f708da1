//! The embedded SQLite database: opening it, its schema and the stepwise migrations run at
//! every start. One file holds every community the server hosts; each row names its community.

pub mod records;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

pub(crate) use records::SqlRecords;

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
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// An in-memory database, for tests.
pub fn open_in_memory() -> rusqlite::Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&mut conn)?;
    Ok(conn)
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
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISMATCH),
            Some(format!(
                "数据库版本 {current} 比本程序认识的 {} 新：请使用更新的 yishiting-server",
                MIGRATIONS.len()
            )),
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

/// A community as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CommunityInfo {
    pub id: i64,
    pub name: String,
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
