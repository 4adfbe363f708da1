//! The sync protocol's messages (docs/protocol.md), written once: the app sends and reads
//! them, the server reads and answers them, the conformance client checks a backend's.
//!
//! A push and a pull answer are generic over how a mutation or a change travels: the app
//! sends its queued [`Mutation`](crate::mutation::Mutation)s and reads [`Change`]s; the
//! server reads a mutation's name and arguments apart (to say which one is wrong) and sends
//! records as the JSON it stored.

use serde::{Deserialize, Serialize};

use crate::records::Change;
use crate::{Rejection, Role, UnitId};

/// The name of every mutation, as pushed; anything else is refused before any is applied.
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
    "create_meeting",
    "publish_notice",
    "sign_in_owner",
    "record_proxy",
    "revoke_proxy",
];

/// Most mutations in one push.
pub const MAX_BATCH: usize = 1_000;

/// What became of a pushed mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Accepted,
    /// The rules refused it: it counts as processed and is never retried.
    Rejected,
}

/// What a backend said of one mutation: accepted, or rejected with a code, a message and,
/// where the rules refused it, the refusal as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MutationResult {
    pub id: u64,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The rules' refusal, for a client to say in its own words and to mark a form's field.
    /// A reason this build does not know reads as none: the `code` and `message` still say it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "Rejection::read_known"
    )]
    pub detail: Option<Rejection>,
}

impl MutationResult {
    pub fn accepted(id: u64) -> MutationResult {
        MutationResult { id, status: Status::Accepted, code: None, message: None, detail: None }
    }

    pub fn rejected(id: u64, rejection: Rejection) -> MutationResult {
        MutationResult {
            id,
            status: Status::Rejected,
            code: Some(rejection.code().to_owned()),
            message: Some(rejection.to_string()),
            detail: Some(rejection),
        }
    }

    pub fn is_rejected(&self) -> bool {
        self.status == Status::Rejected
    }
}

/// `POST …/push`: a client's mutations, `M` each.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest<M> {
    pub client_id: String,
    pub mutations: Vec<M>,
}

/// The answer to a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub last_mutation_id: u64,
    /// What became of each mutation this push processed (skipped repeats are not listed).
    pub results: Vec<MutationResult>,
}

/// `POST …/pull`: everything changed since `cookie`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    pub client_id: String,
    /// The version the client has; 0 when it has nothing.
    pub cookie: u64,
    /// The most changes the client wants in one answer (a page ends on a whole version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The identity of the database the cookie came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// The client's highest mutation id that a backend said it processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<u64>,
}

/// The answer to a pull: one page of the changes since the cookie, `C` each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse<C = Change> {
    pub version: u64,
    /// The database's identity (absent from a backend that has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// What the client holds is not of this database's history: drop everything pulled,
    /// take these pages as the whole, and send again what the backend lacks.
    pub reset: bool,
    pub last_mutation_id: u64,
    pub changes: Vec<C>,
    /// The results of this client's mutations processed after `cookie`, up to `version`.
    pub results: Vec<MutationResult>,
    /// More pages follow `version`: pull again at once with it as the cookie.
    #[serde(default)]
    pub more: bool,
}

/// `POST /session`: a sign-in code, and the community the slip's link names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<i64>,
}

/// An account of one community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub community: i64,
    pub name: String,
    /// `None` for the administrator, who manages accounts and takes no part in the hall.
    pub role: Option<Role>,
    /// An owner's unit (一户一码).
    pub unit: Option<UnitId>,
}

impl Account {
    pub fn is_admin(&self) -> bool {
        self.role.is_none()
    }

    /// How records name the account (`recorded_by_id`, `author`, a seal's `by_id`).
    pub fn person(&self) -> String {
        person(self.id)
    }
}

/// How records name the account of this id: `account-<id>`.
pub fn person(account: i64) -> String {
    format!("account-{account}")
}

/// A community, as sign-in names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityInfo {
    pub id: i64,
    pub name: String,
}

/// The answer to a sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub token: String,
    pub account: Account,
    pub community: CommunityInfo,
}
