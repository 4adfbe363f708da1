//! What push and pull carry over the wire (docs/protocol.md), and why a request is refused
//! whole.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::db::records::StoreError;

/// The names a mutation may have; anything else is refused before any is applied.
pub const MUTATION_NAMES: &[&str] = &[
    "raise_proposal",
    "move_stage",
    "add_comment",
    "edit_comment",
    "edit_proposal",
    "create_poll",
    "answer_poll",
    "open_vote",
    "seal_vote",
    "cast_ballot",
    "record_deliveries",
];

/// Most mutations in one push.
pub const MAX_BATCH: usize = 1_000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub client_id: String,
    pub mutations: Vec<PushedMutation>,
}

/// A mutation as pushed: its per-client id, name and arguments, and when the client made it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushedMutation {
    pub id: u64,
    pub name: String,
    pub args: Box<RawValue>,
    /// The client's clock when the change was made, in ms since the epoch (see `effective_at`).
    #[serde(default)]
    pub at: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PushResponse {
    pub last_mutation_id: u64,
    /// What became of each mutation this push applied (skipped repeats are not listed).
    pub results: Vec<MutationResult>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MutationResult {
    pub id: u64,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Accepted,
    Rejected,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    pub client_id: String,
    /// The version the client has; 0 when it has nothing.
    pub cookie: u64,
    /// The most changes the client wants in one answer (a page ends on a whole version, so
    /// it may hold more); the server's own [`PULL_PAGE`] when absent or larger.
    #[serde(default)]
    pub limit: Option<u32>,
    /// The identity of the database the client's cookie came from (a pull's `identity`).
    #[serde(default)]
    pub identity: Option<String>,
    /// The client's highest mutation id that a backend has said it processed.
    #[serde(default)]
    pub acknowledged: Option<u64>,
}

/// Most changes in one pull answer, unless one version alone holds more.
pub const PULL_PAGE: u32 = 5_000;

#[derive(Debug, Serialize, Deserialize)]
pub struct PullResponse {
    pub version: u64,
    /// The identity of this database (docs/protocol.md, "Restores").
    pub identity: String,
    /// What the client holds is not of this database's history (it was replaced or restored
    /// from a backup): drop everything pulled before, take these changes as the whole, and
    /// send again the client's changes after `last_mutation_id`.
    pub reset: bool,
    pub last_mutation_id: u64,
    pub changes: Vec<Change>,
    /// The results of this client's mutations applied after `cookie`, up to `version`.
    pub results: Vec<MutationResult>,
    /// More changes remain after `version`: pull again at once with it as the cookie.
    #[serde(default)]
    pub more: bool,
}

/// One record as it now stands.
#[derive(Debug, Serialize, Deserialize)]
pub struct Change {
    pub kind: String,
    pub record: Box<RawValue>,
}

/// Why a request was refused as a whole; nothing of it was applied.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("mutation 编号不连续：服务器已处理到 {last}，下一条应为 {expected}，收到 {got}")]
    Gap { last: u64, expected: u64, got: u64 },
    #[error("未知的 mutation：{name}（第 {index} 条）")]
    UnknownMutation { index: usize, name: String },
    #[error("第 {index} 条 mutation（{name}）的参数有误：{detail}")]
    BadArgs { index: usize, name: String, detail: String },
    #[error("一次最多推送 {MAX_BATCH} 条 mutation")]
    TooMany,
    #[error("client_id 须为 1–64 个字母、数字、- 或 _")]
    BadClientId,
    #[error("mutation 编号从 1 开始（第 {index} 条为 0）")]
    ZeroMutationId { index: usize },
    #[error("limit 至少为 1")]
    ZeroLimit,
    #[error("这个 client_id 属于另一个账号：换账号登录后请使用新的 client_id")]
    ForeignClient,
    #[error("管理员账号只用于管理账号，不能在议事厅里发言或投票")]
    AdminCannotAct,
    #[error("数据库中的名册或选票不一致：{0}")]
    Corrupt(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> SyncError {
        SyncError::Store(StoreError::Sql(e))
    }
}
