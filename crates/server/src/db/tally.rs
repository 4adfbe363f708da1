//! A vote's count from SQLite: the register, the ballots in acceptance order and the
//! deliveries, counted by the domain's `tally`.

use rusqlite::{Connection, OptionalExtension, params};
use yishiting_domain::records::BallotRecord;
use yishiting_domain::{EntityId, Register, Unit, tally};

use super::records::StoreError;
use crate::recount::TallyJson;
use crate::sync::{SyncError, VoteTally};

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
