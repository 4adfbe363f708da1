//! The rules of owners' votes: opening one, recording deliveries, casting ballots through
//! each channel, and sealing the count.

use super::{Actor, Applied, Envelope, Rejection};
use crate::records::{BallotRecord, DeliveryRecord, Record, Records, VoteSummary};
use crate::{
    Channel, Choice, EntityId, Matter, NonResponse, OwnersVote, Role, Stage, Timestamp, UnitId,
    VoteError,
};

use super::apply::{closed_stage, not_found, touch};

type Answer = Result<Applied, Rejection>;

/// What the committee asks for when it opens a vote.
pub(super) struct Opening {
    pub(super) id: EntityId,
    pub(super) proposal: EntityId,
    pub(super) matter: Matter,
    pub(super) window: (Timestamp, Timestamp),
    pub(super) policy: NonResponse,
    pub(super) counting_hours: u16,
}

pub(super) async fn open<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    o: Opening,
) -> Result<Answer, R::Error> {
    if !actor.role.runs_votes() {
        return Ok(Err(Rejection::NotAllowed("只有业委会可以发起业主表决".to_owned())));
    }
    let Some(p) = records.proposal(o.proposal).await? else {
        return Ok(Err(not_found("议题")));
    };
    if records.vote(o.id).await?.is_some() {
        return Ok(Err(Rejection::DuplicateId(o.id)));
    }
    if p.stage != Stage::Deciding {
        return Ok(Err(Rejection::Invalid("请先把议题推进到“决议”阶段，再发起表决".to_owned())));
    }
    // One vote at a time on a matter: a second one while the first still takes ballots, or
    // its count is not yet sealed, would split the owners' ballots between two counts.
    let current = match records.card(o.proposal).await?.and_then(|c| c.vote) {
        Some(summary) => records.vote(summary.vote).await?,
        None => None,
    };
    if current.is_some_and(|v| v.sealed.is_none()) {
        return Ok(Err(Rejection::Invalid(
            "这个议题的表决尚未封存计票，封存后才能再次发起表决".to_owned(),
        )));
    }
    match OwnersVote::new(o.id, o.proposal, o.matter, o.window, o.policy, o.counting_hours, at) {
        Ok(vote) => {
            let summary = VoteSummary { vote: vote.id, closes_at: vote.closes_at, ballots: 0 };
            records.put(Record::Vote(vote)).await?;
            touch(records, o.proposal, at, |card| card.vote = Some(summary)).await?;
            Ok(Ok(Applied::Done))
        }
        Err(e) => Ok(Err(Rejection::Invalid(e.to_string()))),
    }
}

/// The committee seals the count of a closed vote; the seal is final.
pub(super) async fn seal<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    vote: EntityId,
) -> Result<Answer, R::Error> {
    if !actor.role.runs_votes() {
        return Ok(Err(Rejection::NotAllowed("只有业委会可以封存计票".to_owned())));
    }
    let Some(mut v) = records.vote(vote).await? else { return Ok(Err(not_found("表决"))) };
    match v.seal(at, &actor.name, &actor.id) {
        Ok(()) => {
            // The card is left as it is: a matter's activity is what `rebuild_card` finds.
            records.put(Record::Vote(v)).await?;
            Ok(Ok(Applied::Done))
        }
        Err(e) => Ok(Err(refusal(e))),
    }
}

pub(super) async fn record_deliveries<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    vote: EntityId,
    units: &[UnitId],
) -> Result<Answer, R::Error> {
    if !actor.role.may_record_deliveries() {
        return Ok(Err(Rejection::NotAllowed("只有业委会或计票人可以登记送达".to_owned())));
    }
    let Some(v) = records.vote(vote).await? else { return Ok(Err(not_found("表决"))) };
    // Under follow-majority a delivery moves the count: none after the seal or the period.
    if let Err(e) = v.check_receiving(at) {
        return Ok(Err(refusal(e)));
    }
    for unit in units {
        if records.unit(unit).await?.is_none() {
            return Ok(Err(Rejection::UnknownUnit(unit.clone())));
        }
    }
    for unit in units {
        // The first recording stands: when and by whom the owner was first reached.
        if records.delivery(&DeliveryRecord::key(vote, unit)).await?.is_some() {
            continue;
        }
        let delivery = DeliveryRecord {
            id: DeliveryRecord::key(vote, unit),
            vote,
            unit: unit.clone(),
            recorded_by: actor.name.clone(),
            recorded_by_id: Some(actor.id.clone()),
            at,
        };
        records.put(Record::Delivery(delivery)).await?;
    }
    Ok(Ok(Applied::Done))
}

/// The longest paper sheet number taken.
pub const MAX_SHEET_CHARS: usize = 32;

/// A ballot as the device sent it.
pub(super) struct Cast<'a> {
    pub(super) id: EntityId,
    pub(super) vote: EntityId,
    pub(super) unit: &'a UnitId,
    pub(super) choice: Choice,
    pub(super) channel: Channel,
    pub(super) sheet: Option<&'a str>,
}

/// Takes a ballot. The refusals come in this order (docs/protocol.md): no such vote, a taken
/// id, the seal, the counting period, outside the window, a withdrawn or rejected matter, a
/// unit not in the register, a channel the role may not use, an owner who already voted.
pub(super) async fn cast<R: Records>(
    records: &mut R,
    envelope: &Envelope,
    c: Cast<'_>,
) -> Result<Answer, R::Error> {
    let actor = &envelope.actor;
    let Some(v) = records.vote(c.vote).await? else { return Ok(Err(not_found("表决"))) };
    if records.ballot(c.id).await?.is_some() {
        return Ok(Err(Rejection::DuplicateId(c.id)));
    }
    let arrival = match v.arrival(actor.role, c.channel, envelope.recorded_at, envelope.at) {
        Ok(arrival) => arrival,
        Err(e) => return Ok(Err(refusal(e))),
    };
    if let Some(closed) = closed_stage(records, v.proposal).await? {
        return Ok(Err(Rejection::VoteNotOpen(format!("议题已{}，表决终止", closed.chinese()))));
    }
    let Some(ballot_unit) = records.unit(c.unit).await? else {
        return Ok(Err(Rejection::UnknownUnit(c.unit.clone())));
    };
    if let Err(why) = may_cast(records, actor, &ballot_unit, c.channel, c.sheet).await? {
        return Ok(Err(Rejection::NotAllowed(why)));
    }
    let counted = records.owner_ballot(c.vote, &ballot_unit.owner).await?;
    let seq = records.next_seq().await?;
    let record = BallotRecord {
        id: c.id,
        vote: c.vote,
        seq,
        unit: c.unit.clone(),
        owner: ballot_unit.owner.clone(),
        choice: c.choice,
        channel: c.channel,
        recorded_by: actor.name.clone(),
        recorded_by_id: Some(actor.id.clone()),
        device: actor.device.clone(),
        at: arrival.recorded_at,
        // A sheet number belongs to a paper ballot only.
        sheet: c
            .sheet
            .filter(|_| c.channel == Channel::Paper)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        duplicate_of: counted.as_ref().map(|c| c.id),
        received_at: Some(arrival.received_at),
        late: arrival.late,
    };
    records.put(Record::Ballot(record)).await?;
    let counts = counted.is_none();
    touch(records, v.proposal, arrival.recorded_at, |card| {
        if let Some(summary) = card.vote.as_mut().filter(|s| counts && s.vote == v.id) {
            summary.ballots += 1;
        }
    })
    .await?;
    Ok(match counted {
        None => Ok(Applied::BallotCounted { seq }),
        Some(first) => Err(Rejection::AlreadyVoted { counted_unit: first.unit, duplicate: c.id }),
    })
}

/// The refusal of a vote's timing rule.
fn refusal(e: VoteError) -> Rejection {
    match e {
        VoteError::Sealed => Rejection::VoteSealed,
        VoteError::CountingOver => Rejection::CountingOver,
        VoteError::NotYetOpen | VoteError::Closed => Rejection::VoteNotOpen(e.to_string()),
        VoteError::ClosesBeforeOpening
        | VoteError::OpensInPast
        | VoteError::CountingPeriod
        | VoteError::NotClosed => Rejection::Invalid(e.to_string()),
    }
}

/// Who may record a ballot through which channel: an owner online through any of their own
/// units; a meeting officer at a meeting; an officer or the committee from a numbered paper
/// sheet. The property company, residents and everyone else never vote.
async fn may_cast<R: Records>(
    records: &mut R,
    actor: &Actor,
    unit: &crate::Unit,
    channel: Channel,
    sheet: Option<&str>,
) -> Result<Result<(), String>, R::Error> {
    if !actor.role.may_cast_through(channel) {
        return Ok(Err(match actor.role {
            Role::Owner => "业主请在自己的手机上投票",
            Role::Officer => "计票人只能以现场或纸质渠道录入选票",
            Role::Committee => "业委会只能录入有票号的纸质表决票",
            Role::Property => "物业服务企业不参加业主表决",
            Role::Resident => "只有业主可以参加业主表决；居民可以发言和参加意见征询",
            Role::PartyBranch | Role::Community => "党支部和社区指导、监督表决，不代为投票",
        }
        .to_owned()));
    }
    Ok(match channel {
        Channel::Online => {
            let own = match &actor.unit {
                Some(own) => records.unit(own).await?,
                None => None,
            };
            match own {
                Some(own) if own.owner == unit.owner => Ok(()),
                _ => Err("业主只能为自己的房屋投票".to_owned()),
            }
        }
        Channel::Paper => match sheet.map(str::trim) {
            Some(sheet) if sheet.chars().count() > MAX_SHEET_CHARS => {
                Err(format!("票号最多 {MAX_SHEET_CHARS} 个字符"))
            }
            Some(sheet) if !sheet.is_empty() => Ok(()),
            _ => Err("纸质表决票须填写票号".to_owned()),
        },
        Channel::Meeting => Ok(()),
        // No authorisation is recorded yet (docs/protocol.md): no proxy ballot is taken.
        Channel::Proxy => Err("委托投票尚未开放：须先登记书面委托".to_owned()),
    })
}
