//! The server's storage boundary: every operation the HTTP layer needs, as one trait, so that
//! nothing above it knows which database holds the community. SQLite (`db::Sqlite`, the
//! embedded default) is its first implementation and `db/` the only place SQL is written;
//! PostgreSQL, for a city's many communities, is to be the second.
//!
//! Each method is one unit of work, atomic where it writes: a push's mutations with the
//! version they make, a code replaced with the sessions it ends. Times are the server's clock.

use std::time::Duration;

use yishiting_domain::{EntityId, Role, Unit, UnitId};

use crate::admin::{Created, InitError};
use crate::auth::Account;
use crate::db::CommunityInfo;
use crate::sync::{PullRequest, PullResponse, PushRequest, PushResponse, SyncError, VoteTally};

/// A session begun by a sign-in code.
#[derive(Debug)]
pub struct Session {
    pub token: String,
    pub account: Account,
    pub community: CommunityInfo,
}

#[async_trait::async_trait]
pub trait Storage: Send + Sync + std::fmt::Debug {
    /// A new community: its register, an owner's account and code per unit, the
    /// administrator's account and code, and with `demo` the demo's role accounts and changes
    /// played through the rules; all or nothing.
    async fn create_community(
        &self,
        name: String,
        units: Vec<Unit>,
        demo: bool,
    ) -> Result<Created, InitError>;

    /// Begins a session for the account of a sign-in code (of `community`, when one is named),
    /// lasting `lifetime`; `None` for a code no account has.
    async fn sign_in(
        &self,
        code: String,
        community: Option<i64>,
        lifetime: Duration,
    ) -> Result<Option<Session>, SyncError>;
    /// The account of a live session token: not ended, revoked or expired.
    async fn session(&self, token: String) -> Result<Option<Account>, SyncError>;
    async fn end_session(&self, token: String) -> Result<(), SyncError>;
    /// The community an account belongs to.
    async fn community_of(&self, account: Account) -> Result<CommunityInfo, SyncError>;

    /// Applies a push as `account` (docs/protocol.md, Push).
    async fn push(&self, account: Account, request: PushRequest)
    -> Result<PushResponse, SyncError>;
    /// Answers a pull as `account` (docs/protocol.md, Pull).
    async fn pull(&self, account: Account, request: PullRequest)
    -> Result<PullResponse, SyncError>;
    /// A vote's count; `None` when the community has no such vote.
    async fn tally(&self, community: i64, vote: EntityId) -> Result<Option<VoteTally>, SyncError>;

    /// The community's role accounts (owners' accounts are the register's).
    async fn accounts(&self, community: i64) -> Result<Vec<Account>, SyncError>;
    /// A new role account and its code, shown once.
    async fn create_account(
        &self,
        community: i64,
        name: String,
        role: Role,
    ) -> Result<(Account, String), SyncError>;
    /// Ends every session of account `id` of `community`: how many; `None` for no such account.
    async fn revoke(&self, community: i64, id: i64) -> Result<Option<usize>, SyncError>;
    /// Gives account `id` of `community` a new code, ending its old code and sessions together.
    async fn reissue(
        &self,
        community: i64,
        id: i64,
    ) -> Result<Option<(Account, String)>, SyncError>;
    /// As [`Storage::reissue`], for the owner's account of a unit of the register.
    async fn reissue_unit(
        &self,
        community: i64,
        unit: UnitId,
    ) -> Result<Option<(Account, String)>, SyncError>;
}
