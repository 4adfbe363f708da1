//! What push and pull carry over the wire (docs/protocol.md), and why a request is refused
//! whole.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::db::records::StoreError;

pub use yishiting_domain::wire::{
    MAX_BATCH, MUTATION_NAMES, MutationResult, PullRequest, PushResponse, Status,
};

/// A push as the server reads it: each mutation's name and arguments apart.
pub type PushRequest = yishiting_domain::wire::PushRequest<PushedMutation>;

/// A pull's answer as the server writes it: records as the JSON it stored.
pub type PullResponse = yishiting_domain::wire::PullResponse<Change>;

/// A mutation as pushed: its per-client id, name and arguments, and when the client made it.
/// Read apart, so that an unknown name and bad arguments are told from each other.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushedMutation {
    pub id: u64,
    pub name: String,
    pub args: Box<RawValue>,
    /// The client's clock when the change was made, in ms since the epoch.
    #[serde(default)]
    pub at: Option<i64>,
}

/// Most changes in one pull answer, unless one version alone holds more.
pub const PULL_PAGE: u32 = 5_000;

/// One record as it now stands, as stored (`yishiting_domain::records::Change` read).
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
