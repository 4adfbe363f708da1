//! The rules of owners' votes: opening one, recording deliveries, casting ballots through
//! each channel, and sealing the count.

use super::{Action, Actor, Applied, Envelope, Rejection, Subject};
use crate::records::{BallotRecord, DeliveryMethod, DeliveryRecord, Record, Records, VoteSummary};
use crate::{
    Channel, Choice, EntityId, EntryOutcome, Matter, NonResponse, OwnersVote, PaperSheet,
    SheetEntry, Stage, Timestamp, UnitId,
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
        return Ok(Err(Rejection::NotAllowed { action: Action::OpenVote, role: actor.role }));
    }
    let Some(p) = records.proposal(o.proposal).await? else {
        return Ok(Err(not_found(Subject::Matter)));
    };
    if records.vote(o.id).await?.is_some() {
        return Ok(Err(Rejection::DuplicateId { id: o.id }));
    }
    if p.stage != Stage::Deciding {
        return Ok(Err(Rejection::NotDeciding));
    }
    // One vote at a time on a matter: a second one while the first still takes ballots, or
    // its count is not yet sealed, would split the owners' ballots between two counts.
    let current = match records.card(o.proposal).await?.and_then(|c| c.vote) {
        Some(summary) => records.vote(summary.vote).await?,
        None => None,
    };
    if current.is_some_and(|v| v.sealed.is_none()) {
        return Ok(Err(Rejection::VoteUnsealed));
    }
    match OwnersVote::new(o.id, o.proposal, o.matter, o.window, o.policy, o.counting_hours, at) {
        Ok(vote) => {
            let summary = VoteSummary { vote: vote.id, closes_at: vote.closes_at, ballots: 0 };
            records.put(Record::Vote(vote)).await?;
            touch(records, o.proposal, at, |card| card.vote = Some(summary)).await?;
            Ok(Ok(Applied::Done))
        }
        Err(refused) => Ok(Err(refused)),
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
        return Ok(Err(Rejection::NotAllowed { action: Action::SealVote, role: actor.role }));
    }
    let Some(mut v) = records.vote(vote).await? else { return Ok(Err(not_found(Subject::Vote))) };
    match v.seal(at, &actor.name, &actor.id) {
        Ok(()) => {
            // The card is left as it is: a matter's activity is what `rebuild_card` finds.
            records.put(Record::Vote(v)).await?;
            Ok(Ok(Applied::Done))
        }
        Err(refused) => Ok(Err(refused)),
    }
}

pub(super) async fn record_deliveries<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    vote: EntityId,
    units: &[UnitId],
    method: Option<DeliveryMethod>,
) -> Result<Answer, R::Error> {
    if !actor.role.may_record_deliveries() {
        return Ok(Err(Rejection::NotAllowed {
            action: Action::RecordDeliveries,
            role: actor.role,
        }));
    }
    // Signing in to the hall is recorded by the hall itself (`deliver_on_sign_in`).
    if method == Some(DeliveryMethod::SignedIn) {
        return Ok(Err(Rejection::NotAllowed {
            action: Action::RecordDeliveries,
            role: actor.role,
        }));
    }
    let Some(v) = records.vote(vote).await? else { return Ok(Err(not_found(Subject::Vote))) };
    // Under follow-majority a delivery moves the count: none after the seal or the period.
    if let Err(refused) = v.check_receiving(at) {
        return Ok(Err(refused));
    }
    for unit in units {
        if records.unit(unit).await?.is_none() {
            return Ok(Err(Rejection::UnknownUnit { unit: unit.clone() }));
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
            method,
            recorded_by: actor.name.clone(),
            recorded_by_id: Some(actor.id.clone()),
            at,
        };
        records.put(Record::Delivery(delivery)).await?;
    }
    Ok(Ok(Applied::Done))
}

/// DOMAIN.md, "Meetings in person": an owner who signs in to the hall during a meeting's
/// notice period counts as delivered (Zhuhai's rule). For each vote on the agenda of the
/// `meetings` in their notice period at `at`, records the delivery of its ballot to `unit`
/// (how: signed in, by the owner's own account `actor`), unless one is recorded already or
/// the vote takes nothing more (sealed, or its counting period over). Returns how many were
/// recorded; the caller keeps them only if there are any.
pub async fn deliver_on_sign_in<R: Records>(
    records: &mut R,
    meetings: &[crate::Meeting],
    unit: &UnitId,
    actor: &Actor,
    at: Timestamp,
) -> Result<usize, R::Error> {
    if records.unit(unit).await?.is_none() {
        return Ok(0);
    }
    let agenda = meetings.iter().filter(|m| m.in_notice_period(at)).flat_map(|m| &m.agenda);
    let mut recorded = 0;
    for vote in agenda {
        let Some(v) = records.vote(*vote).await? else { continue };
        let key = DeliveryRecord::key(v.id, unit);
        if v.check_receiving(at).is_err() || records.delivery(&key).await?.is_some() {
            continue;
        }
        let delivery = DeliveryRecord {
            id: key,
            vote: v.id,
            unit: unit.clone(),
            method: Some(DeliveryMethod::SignedIn),
            recorded_by: actor.name.clone(),
            recorded_by_id: Some(actor.id.clone()),
            at,
        };
        records.put(Record::Delivery(delivery)).await?;
        recorded += 1;
    }
    Ok(recorded)
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
    pub(super) proxy: Option<EntityId>,
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
    let Some(v) = records.vote(c.vote).await? else { return Ok(Err(not_found(Subject::Vote))) };
    if records.ballot(c.id).await?.is_some() {
        return Ok(Err(Rejection::DuplicateId { id: c.id }));
    }
    let arrival = match v.arrival(actor.role, c.channel, envelope.recorded_at, envelope.at) {
        Ok(arrival) => arrival,
        Err(refused) => return Ok(Err(refused)),
    };
    if let Some(closed) = closed_stage(records, v.proposal).await? {
        return Ok(Err(Rejection::MatterClosed { stage: closed, action: Action::CastBallot }));
    }
    let Some(ballot_unit) = records.unit(c.unit).await? else {
        return Ok(Err(Rejection::UnknownUnit { unit: c.unit.clone() }));
    };
    let cast_at = arrival.recorded_at;
    if let Err(refused) = may_cast(records, actor, &ballot_unit, &c, cast_at).await? {
        return Ok(Err(refused));
    }
    // A paper sheet becomes a ballot only when a second person's entry agrees with the
    // first, or a third person settles a mismatch.
    let mut sheet = None;
    if c.channel == Channel::Paper {
        match enter_sheet(records, envelope, &ballot_unit, &c).await? {
            Err(refused) => return Ok(Err(refused)),
            Ok(Entry::Waits(applied)) => return Ok(Ok(applied)),
            Ok(Entry::Ballot(number)) => sheet = Some(number),
        }
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
        sheet,
        proxy: c.proxy.filter(|_| c.channel == Channel::Proxy),
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

/// What one entry of a paper sheet did.
enum Entry {
    /// The sheet waits for another person's entry: said so.
    Waits(Applied),
    /// The sheet, by its number, becomes this ballot.
    Ballot(String),
}

/// Records one entry of a paper sheet (DOMAIN.md, "Paper sheets"): the number must be the one
/// printed for the unit's owner; each entry is another person's; the second agreeing with the
/// first, or a third after a mismatch, makes the ballot.
async fn enter_sheet<R: Records>(
    records: &mut R,
    envelope: &Envelope,
    unit: &crate::Unit,
    c: &Cast<'_>,
) -> Result<Result<Entry, Rejection>, R::Error> {
    let actor = &envelope.actor;
    let number = crate::sheet_number(c.vote, &unit.owner);
    if c.sheet.and_then(crate::read_sheet_number).as_ref() != Some(&number) {
        return Ok(Err(Rejection::WrongSheet { unit: unit.id.clone() }));
    }
    let key = PaperSheet::key(c.vote, &number);
    let mut sheet = match records.sheet(&key).await? {
        Some(sheet) => sheet,
        None => PaperSheet::new(c.vote, number.clone(), unit.owner.clone()),
    };
    if sheet.entries.iter().any(|e| e.id == c.id) {
        return Ok(Err(Rejection::DuplicateId { id: c.id }));
    }
    if sheet.ballot.is_some() {
        return Ok(Err(Rejection::SheetDone));
    }
    if sheet.entered_by(&actor.id) {
        return Ok(Err(Rejection::SheetEnteredByYou));
    }
    let entry = SheetEntry {
        id: c.id,
        unit: unit.id.clone(),
        choice: c.choice,
        recorded_by: actor.name.clone(),
        recorded_by_id: actor.id.clone(),
        device: actor.device.clone(),
        at: envelope.at,
    };
    let outcome = sheet.outcome(&entry);
    sheet.entries.push(entry);
    if outcome == EntryOutcome::Ballot {
        sheet.ballot = Some(c.id);
    }
    records.put(Record::Sheet(sheet)).await?;
    Ok(Ok(match outcome {
        EntryOutcome::First => Entry::Waits(Applied::SheetEntered),
        EntryOutcome::Mismatch => Entry::Waits(Applied::SheetMismatch),
        EntryOutcome::Ballot => Entry::Ballot(number),
    }))
}

/// Who may record a ballot through which channel: an owner online through any of their own
/// units; a meeting officer at a meeting; an officer or the committee from a numbered paper
/// sheet, or for an agent through the owner's authorisation in force for this vote. The
/// property company, residents and everyone else never vote.
async fn may_cast<R: Records>(
    records: &mut R,
    actor: &Actor,
    unit: &crate::Unit,
    c: &Cast<'_>,
    cast_at: crate::Timestamp,
) -> Result<Result<(), Rejection>, R::Error> {
    let (channel, sheet) = (c.channel, c.sheet);
    if !actor.role.may_cast_through(channel) {
        return Ok(Err(Rejection::NotAllowed { action: Action::CastBallot, role: actor.role }));
    }
    Ok(match channel {
        Channel::Online => {
            let own = match &actor.unit {
                Some(own) => records.unit(own).await?,
                None => None,
            };
            match own {
                Some(own) if own.owner == unit.owner => Ok(()),
                _ => Err(Rejection::OthersUnit),
            }
        }
        Channel::Paper => match sheet.map(str::trim) {
            Some(sheet) if sheet.chars().count() > MAX_SHEET_CHARS => {
                Err(Rejection::SheetTooLong { max: MAX_SHEET_CHARS })
            }
            Some(sheet) if !sheet.is_empty() => Ok(()),
            _ => Err(Rejection::NoSheet),
        },
        Channel::Meeting => Ok(()),
        Channel::Proxy => {
            super::proxies::allows(records, c.proxy, &unit.owner, c.vote, cast_at).await?
        }
    })
}
