//! The rules of meetings in person: calling one, publishing its notice, and signing owners
//! in at the door.

use super::{Action, Actor, Applied, Envelope, Rejection, Subject};
use crate::records::{Record, Records};
use crate::{EntityId, Meeting, MeetingDraft, SignInRecord, UnitId};

use super::apply::not_found;

type Answer = Result<Applied, Rejection>;

/// The committee calls a meeting; its agenda names votes already opened.
pub(super) async fn create<R: Records>(
    records: &mut R,
    envelope: &Envelope,
    id: EntityId,
    draft: &MeetingDraft,
) -> Result<Answer, R::Error> {
    let actor = &envelope.actor;
    if !actor.role.calls_meetings() {
        return Ok(Err(Rejection::NotAllowed { action: Action::CreateMeeting, role: actor.role }));
    }
    if records.meeting(id).await?.is_some() {
        return Ok(Err(Rejection::DuplicateId { id }));
    }
    for vote in &draft.agenda {
        if records.vote(*vote).await?.is_none() {
            return Ok(Err(not_found(Subject::Vote)));
        }
    }
    Ok(match Meeting::new(id, draft, (&actor.name, &actor.id), envelope.at) {
        Ok(meeting) => {
            records.put(Record::Meeting(meeting)).await?;
            Ok(Applied::Done)
        }
        Err(refused) => Err(refused),
    })
}

/// The committee publishes a meeting's notice (会议通知), at the judge's time.
pub(super) async fn publish_notice<R: Records>(
    records: &mut R,
    envelope: &Envelope,
    meeting: EntityId,
    early_reason: Option<&str>,
) -> Result<Answer, R::Error> {
    let actor = &envelope.actor;
    if !actor.role.calls_meetings() {
        return Ok(Err(Rejection::NotAllowed { action: Action::PublishNotice, role: actor.role }));
    }
    let Some(mut m) = records.meeting(meeting).await? else {
        return Ok(Err(not_found(Subject::Meeting)));
    };
    Ok(match m.publish(envelope.at, &actor.name, early_reason) {
        Ok(()) => {
            records.put(Record::Meeting(m)).await?;
            Ok(Applied::Done)
        }
        Err(refused) => Err(refused),
    })
}

/// An officer or the committee signs in the owner of `unit` at the door: one sign-in per
/// owner (all of their units), the first to arrive at the judge standing.
pub(super) async fn sign_in<R: Records>(
    records: &mut R,
    envelope: &Envelope,
    meeting: EntityId,
    unit: &UnitId,
) -> Result<Answer, R::Error> {
    let actor: &Actor = &envelope.actor;
    if !actor.role.takes_sign_ins() {
        return Ok(Err(Rejection::NotAllowed { action: Action::SignIn, role: actor.role }));
    }
    let Some(m) = records.meeting(meeting).await? else {
        return Ok(Err(not_found(Subject::Meeting)));
    };
    let (at, late) = match m.sign_in_at(envelope.at, envelope.recorded_at) {
        Ok(taken) => taken,
        Err(refused) => return Ok(Err(refused)),
    };
    let Some(u) = records.unit(unit).await? else {
        return Ok(Err(Rejection::UnknownUnit { unit: unit.clone() }));
    };
    let key = SignInRecord::key(meeting, &u.owner);
    if let Some(first) = records.sign_in(&key).await? {
        return Ok(Err(Rejection::AlreadySignedIn { unit: first.unit }));
    }
    let record = SignInRecord {
        id: key,
        meeting,
        owner: u.owner,
        unit: u.id,
        at,
        recorded_by: actor.name.clone(),
        recorded_by_id: actor.id.clone(),
        device: actor.device.clone(),
        received_at: envelope.at,
        late,
    };
    records.put(Record::SignIn(record)).await?;
    Ok(Ok(Applied::Done))
}
