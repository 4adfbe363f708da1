//! The sync protocol's rules that do not depend on the storage (docs/protocol.md): what a
//! push and a pull carry, a push checked whole before anything is applied, and a vote's count
//! as answered. Applying a push and answering a pull are the storage's (`db/push.rs`,
//! `db/pull.rs`), behind `crate::storage::Storage`.

use serde::{Deserialize, Serialize};
use yishiting_domain::mutation::Mutation;
use yishiting_domain::{EntityId, Role, Timestamp};

use crate::auth::Account;
use crate::recount::TallyJson;

mod wire;

pub use wire::{
    Change, MAX_BATCH, MUTATION_NAMES, MutationResult, PULL_PAGE, PullRequest, PullResponse,
    PushRequest, PushResponse, PushedMutation, Status, SyncError,
};

pub(crate) fn check_client_id(id: &str) -> Result<(), SyncError> {
    let ok = (1..=64).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok { Ok(()) } else { Err(SyncError::BadClientId) }
}

/// A push's mutations, each as pushed and as the domain reads it.
pub type Checked<'r> = Vec<(&'r PushedMutation, Mutation)>;

/// Checks a push whole before anything is applied, whatever the storage: the client id, the
/// account (the administrator does not act), the batch's size, and every mutation's id, name
/// and arguments. Answers the account's role and each mutation read as the domain's.
pub fn check<'r>(
    account: &Account,
    request: &'r PushRequest,
) -> Result<(Role, Checked<'r>), SyncError> {
    check_client_id(&request.client_id)?;
    let Some(role) = account.role else { return Err(SyncError::AdminCannotAct) };
    if request.mutations.len() > MAX_BATCH {
        return Err(SyncError::TooMany);
    }
    // Parse every mutation before touching anything.
    let mut parsed = Vec::with_capacity(request.mutations.len());
    for (index, m) in request.mutations.iter().enumerate() {
        if m.id == 0 {
            return Err(SyncError::ZeroMutationId { index });
        }
        if !MUTATION_NAMES.contains(&m.name.as_str()) {
            return Err(SyncError::UnknownMutation { index, name: m.name.clone() });
        }
        let tagged = format!(
            r#"{{"name":{},"args":{}}}"#,
            serde_json::Value::from(m.name.as_str()),
            m.args.get()
        );
        let mutation: Mutation = serde_json::from_str(&tagged).map_err(|e| SyncError::BadArgs {
            index,
            name: m.name.clone(),
            detail: e.to_string(),
        })?;
        parsed.push((m, mutation));
    }
    Ok((role, parsed))
}

/// The count of one vote as the server holds it, with the vote's own facts.
#[derive(Debug, Serialize, Deserialize)]
pub struct VoteTally {
    pub vote: EntityId,
    pub matter: u8,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
    /// True once `closes_at` has passed.
    pub closed: bool,
    /// When the counting period ends: late meeting and paper ballots arrive until then.
    pub counting_ends_at: Timestamp,
    /// The committee's seal: once present, the figures are the result and never change.
    pub sealed: Option<yishiting_domain::Seal>,
    /// Counted ballots that arrived after the close, in the counting period.
    pub late: u64,
    /// Ballots that count (refused duplicates are listed in `duplicates`).
    pub ballots: u64,
    #[serde(flatten)]
    pub figures: TallyJson,
    /// The whole count as the domain crate gives it, for clients that draw it.
    pub outcome: yishiting_domain::Outcome,
}
