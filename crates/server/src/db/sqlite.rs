//! [`Storage`] on the embedded SQLite database: one connection, its work run on the blocking
//! pool one unit at a time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;
use yishiting_domain::{EntityId, Role, Unit, UnitId};

use super::records::StoreError;
use super::{accounts, community_of, now_ms, pull, push, tally};
use crate::admin::{Created, InitError};
use crate::auth::Account;
use crate::db::CommunityInfo;
use crate::storage::{Session, Storage};
use crate::sync::{PullRequest, PullResponse, PushRequest, PushResponse, SyncError, VoteTally};

#[derive(Debug, Clone)]
pub struct Sqlite {
    conn: Arc<Mutex<Connection>>,
}

impl Sqlite {
    pub fn new(conn: Connection) -> Sqlite {
        Sqlite { conn: Arc::new(Mutex::new(conn)) }
    }

    /// Runs one unit of work on the blocking pool.
    async fn run<T: Send + 'static, E: From<tokio::task::JoinError> + Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E> {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut conn = conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            work(&mut conn)
        })
        .await?
    }
}

/// The account `id` if it is of `community`.
fn account_in(conn: &Connection, community: i64, id: i64) -> Result<Option<Account>, SyncError> {
    Ok(accounts::account(conn, id)?.filter(|a| a.community == community))
}

fn reissued(
    conn: &mut Connection,
    community: i64,
    id: i64,
) -> Result<Option<(Account, String)>, SyncError> {
    let Some(account) = account_in(conn, community, id)? else { return Ok(None) };
    let code = accounts::replace_code(conn, id)?;
    Ok(Some((account, code)))
}

#[async_trait::async_trait]
impl Storage for Sqlite {
    async fn create_community(
        &self,
        name: String,
        units: Vec<Unit>,
        demo: bool,
    ) -> Result<Created, InitError> {
        self.run(move |conn| super::init::create(conn, &name, units, demo, now_ms())).await
    }

    async fn sign_in(
        &self,
        code: String,
        community: Option<i64>,
        lifetime: Duration,
    ) -> Result<Option<Session>, SyncError> {
        self.run(move |conn| {
            let account = accounts::account_by_code(conn, &code)?
                .filter(|a| community.is_none_or(|c| c == a.community));
            let Some(account) = account else { return Ok(None) };
            let now = now_ms();
            let token = accounts::start_session(conn, account.id, now, lifetime)?;
            // An owner signing in while a meeting is announced has the ballots it decides; a
            // failure to record it (the database busy) does not refuse the sign-in.
            if let Err(error) = super::delivery::on_sign_in(conn, &account, now) {
                tracing::warn!(account = account.id, %error, "sign-in delivery not recorded");
            }
            let community = community_of(conn, &account)?;
            Ok(Some(Session { token, account, community }))
        })
        .await
    }

    async fn session(&self, token: String) -> Result<Option<Account>, SyncError> {
        self.run(move |conn| Ok(accounts::session_account(conn, &token, now_ms())?)).await
    }

    async fn end_session(&self, token: String) -> Result<(), SyncError> {
        self.run(move |conn| Ok(accounts::end_session(conn, &token).map(|_| ())?)).await
    }

    async fn community_of(&self, account: Account) -> Result<CommunityInfo, SyncError> {
        self.run(move |conn| community_of(conn, &account)).await
    }

    async fn push(
        &self,
        account: Account,
        request: PushRequest,
    ) -> Result<PushResponse, SyncError> {
        self.run(move |conn| push::push(conn, &account, &request, now_ms())).await
    }

    async fn pull(
        &self,
        account: Account,
        request: PullRequest,
    ) -> Result<PullResponse, SyncError> {
        self.run(move |conn| pull::pull(conn, &account, &request)).await
    }

    async fn tally(&self, community: i64, vote: EntityId) -> Result<Option<VoteTally>, SyncError> {
        self.run(move |conn| tally::vote_tally(conn, community, vote, now_ms())).await
    }

    async fn accounts(&self, community: i64) -> Result<Vec<Account>, SyncError> {
        self.run(move |conn| Ok(accounts::accounts(conn, community)?)).await
    }

    async fn create_account(
        &self,
        community: i64,
        name: String,
        role: Role,
    ) -> Result<(Account, String), SyncError> {
        self.run(move |conn| {
            Ok(accounts::create_account(conn, community, &name, Some(role), None, now_ms())?)
        })
        .await
    }

    async fn revoke(&self, community: i64, id: i64) -> Result<Option<usize>, SyncError> {
        self.run(move |conn| {
            if account_in(conn, community, id)?.is_none() {
                return Ok(None);
            }
            Ok(Some(accounts::revoke_sessions(conn, id)?))
        })
        .await
    }

    async fn reissue(
        &self,
        community: i64,
        id: i64,
    ) -> Result<Option<(Account, String)>, SyncError> {
        self.run(move |conn| reissued(conn, community, id)).await
    }

    async fn reissue_unit(
        &self,
        community: i64,
        unit: UnitId,
    ) -> Result<Option<(Account, String)>, SyncError> {
        self.run(move |conn| match accounts::unit_account(conn, community, &unit)? {
            Some(id) => reissued(conn, community, id),
            None => Ok(None),
        })
        .await
    }
}

impl From<tokio::task::JoinError> for SyncError {
    fn from(e: tokio::task::JoinError) -> SyncError {
        SyncError::Corrupt(format!("数据库任务中断：{e}"))
    }
}

impl From<tokio::task::JoinError> for InitError {
    fn from(e: tokio::task::JoinError) -> InitError {
        InitError::Interrupted(e.to_string())
    }
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> SyncError {
        SyncError::Store(StoreError::Sql(e))
    }
}
