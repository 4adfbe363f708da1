//! The sync protocol's two operations over the database (docs/protocol.md): `push` applies a
//! client's mutations once each, in order, in one transaction; `pull` answers with everything
//! changed since the version the client has. Both are plain blocking functions: the HTTP layer
//! runs them off the async threads.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use yishiting_domain::mutation::{Actor, Applied, Envelope, Mutation, apply};
use yishiting_domain::records::BallotRecord;
use yishiting_domain::{EntityId, Register, Timestamp, Unit, tally};

use crate::auth::Account;
use crate::db::records::{StoreError, now_or_never};
use crate::db::{self, SqlRecords};
use crate::recount::TallyJson;

mod pull;
mod wire;

pub use pull::pull;
pub use wire::{
    Change, MAX_BATCH, MUTATION_NAMES, MutationResult, PULL_PAGE, PullRequest, PullResponse,
    PushRequest, PushResponse, PushedMutation, Status, SyncError,
};

fn check_client_id(id: &str) -> Result<(), SyncError> {
    let ok = (1..=64).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok { Ok(()) } else { Err(SyncError::BadClientId) }
}

/// The client's last processed mutation id, after checking the client belongs to `account`.
fn client_state(conn: &Connection, client: &str, account: i64) -> Result<u64, SyncError> {
    let row: Option<(i64, i64)> = conn
        .query_row(
            "SELECT account, last_mutation_id FROM clients WHERE id = ?1",
            params![client],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        Some((owner, _)) if owner != account => Err(SyncError::ForeignClient),
        Some((_, last)) => Ok(u64::try_from(last).unwrap_or(0)),
        None => Ok(0),
    }
}

/// Applies a push: checks it whole, then applies its new mutations in order in one
/// transaction, each through the domain's rules as the signed-in account.
pub fn push(
    conn: &mut Connection,
    account: &Account,
    request: &PushRequest,
    now: i64,
) -> Result<PushResponse, SyncError> {
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

    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut last = client_state(&tx, &request.client_id, account.id)?;
    // Repeats are skipped; the first new one must follow the last processed.
    let fresh: Vec<_> = parsed.into_iter().filter(|(m, _)| m.id > last).collect();
    for (m, _) in &fresh {
        if m.id != last + 1 {
            return Err(SyncError::Gap { last, expected: last + 1, got: m.id });
        }
        last = m.id;
    }
    let mut results = Vec::with_capacity(fresh.len());
    if fresh.is_empty() {
        return Ok(PushResponse { last_mutation_id: last, results });
    }
    let version: i64 = tx.query_row(
        "UPDATE communities SET version = version + 1 WHERE id = ?1 RETURNING version",
        params![account.community],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO clients (id, account, last_mutation_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id",
        params![request.client_id, account.id, i64::try_from(last).unwrap_or(i64::MAX)],
    )?;
    let actor = Actor {
        id: account.person(),
        name: account.name.clone(),
        role,
        unit: account.unit.clone(),
        device: request.client_id.clone(),
    };
    for (m, mutation) in fresh {
        // Judged by the server's clock; the device's time rides along for the rules that may
        // use it, within their bounds (a ballot recorded at a meeting or from paper).
        let envelope = Envelope {
            id: EntityId::from_uuid(uuid::Uuid::new_v4()),
            at: Timestamp(now),
            recorded_at: m.at.map(Timestamp),
            actor: actor.clone(),
            mutation,
        };
        let mut records = SqlRecords { tx: &tx, community: account.community, version };
        let answer = now_or_never(apply(&mut records, &envelope))?;
        let result = match answer {
            Ok(Applied::Done | Applied::BallotCounted { .. }) => MutationResult::accepted(m.id),
            Err(rejection) => MutationResult::rejected(m.id, rejection),
        };
        tx.execute(
            "INSERT INTO mutations (client, id, account, name, args, status, code, message, detail,
                                    version, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                request.client_id,
                i64::try_from(m.id).unwrap_or(i64::MAX),
                account.id,
                m.name,
                m.args.get(),
                match result.status {
                    Status::Accepted => "accepted",
                    Status::Rejected => "rejected",
                },
                result.code,
                result.message,
                result
                    .detail
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()
                    .map_err(StoreError::Json)?,
                version,
                now
            ],
        )?;
        results.push(result);
    }
    tx.commit()?;
    Ok(PushResponse { last_mutation_id: last, results })
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

/// Counts a vote with the domain's `tally` over the community's register, its ballots in
/// acceptance order and its deliveries. `None` when there is no such vote.
pub fn vote_tally(
    conn: &Connection,
    community: i64,
    vote: EntityId,
    now: i64,
) -> Result<Option<VoteTally>, SyncError> {
    let body: Option<String> = conn
        .query_row(
            "SELECT body FROM records WHERE community = ?1 AND kind = 'vote' AND id = ?2",
            params![community, vote.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let Some(body) = body else { return Ok(None) };
    let v: yishiting_domain::OwnersVote = serde_json::from_str(&body).map_err(StoreError::Json)?;
    let mut units = Vec::new();
    let mut statement = conn.prepare("SELECT body FROM units WHERE community = ?1")?;
    for body in statement.query_map(params![community], |r| r.get::<_, String>(0))? {
        units.push(serde_json::from_str::<Unit>(&body?).map_err(StoreError::Json)?);
    }
    let register = Register::new(units).map_err(|e| SyncError::Corrupt(e.to_string()))?;
    let mut ballots = Vec::new();
    let (mut counted, mut late) = (0, 0);
    let mut statement =
        conn.prepare("SELECT body FROM ballots WHERE community = ?1 AND vote = ?2 ORDER BY seq")?;
    for body in
        statement.query_map(params![community, vote.to_string()], |r| r.get::<_, String>(0))?
    {
        let record: BallotRecord = serde_json::from_str(&body?).map_err(StoreError::Json)?;
        counted += u64::from(record.duplicate_of.is_none());
        late += u64::from(record.duplicate_of.is_none() && record.late);
        ballots.push(record.ballot());
    }
    let mut delivered = Vec::new();
    let mut statement = conn.prepare(
        "SELECT body FROM records WHERE community = ?1 AND kind = 'delivery' AND id LIKE ?2",
    )?;
    for body in
        statement.query_map(params![community, format!("{vote}:%")], |r| r.get::<_, String>(0))?
    {
        let d: yishiting_domain::records::DeliveryRecord =
            serde_json::from_str(&body?).map_err(StoreError::Json)?;
        delivered.push(d.unit);
    }
    let outcome = tally(&register, &ballots, v.matter, v.policy, &delivered)
        .map_err(|e| SyncError::Corrupt(e.to_string()))?;
    Ok(Some(VoteTally {
        vote,
        matter: v.matter.number(),
        opens_at: v.opens_at,
        closes_at: v.closes_at,
        closed: now >= v.closes_at.0,
        counting_ends_at: v.counting_ends_at(),
        sealed: v.sealed.clone(),
        late,
        ballots: counted,
        figures: TallyJson::from(&outcome),
        outcome,
    }))
}

/// The community of an account, for answers that name it.
pub fn community_of(conn: &Connection, account: &Account) -> Result<db::CommunityInfo, SyncError> {
    db::community(conn, account.community)?
        .ok_or_else(|| SyncError::Corrupt(format!("小区 {} 不存在", account.community)))
}
