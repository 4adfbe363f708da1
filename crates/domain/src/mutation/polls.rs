//! The rules of opinion polls (意见征询): asked by those who guide the discussion, one
//! answer a person.

use super::apply::{closed_stage, not_found, touch};
use super::{Action, Actor, Applied, Rejection, Subject};
use crate::records::{Record, Records};
use crate::{EntityId, Poll, PollKind, Timestamp};

type Answer = Result<Applied, Rejection>;

/// The committee, the Party branch or the community asks a poll on a matter.
pub(super) async fn create<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    id: &EntityId,
    proposal: &EntityId,
    question: &str,
    kind: &PollKind,
) -> Result<Answer, R::Error> {
    if !actor.role.may_create_polls() {
        return Ok(Err(Rejection::NotAllowed { action: Action::CreatePoll, role: actor.role }));
    }
    if records.proposal(*proposal).await?.is_none() {
        return Ok(Err(not_found(Subject::Matter)));
    }
    if records.poll(*id).await?.is_some() {
        return Ok(Err(Rejection::DuplicateId { id: *id }));
    }
    Ok(match Poll::new(*id, *proposal, question, kind.clone(), at) {
        Ok(poll) => {
            records.put(Record::Poll(poll)).await?;
            touch(records, *proposal, at, |_| {}).await?;
            Ok(Applied::Done)
        }
        Err(refused) => Err(refused),
    })
}

/// Anyone answers a poll once, while its matter is open.
pub(super) async fn answer<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    poll: &EntityId,
    picks: &[usize],
) -> Result<Answer, R::Error> {
    let Some(mut p) = records.poll(*poll).await? else {
        return Ok(Err(not_found(Subject::Poll)));
    };
    if let Some(closed) = closed_stage(records, p.proposal).await? {
        return Ok(Err(Rejection::MatterClosed { stage: closed, action: Action::AnswerPoll }));
    }
    Ok(match p.answer(&actor.id, picks, at) {
        Ok(()) => {
            let proposal = p.proposal;
            records.put(Record::Poll(p)).await?;
            touch(records, proposal, at, |_| {}).await?;
            Ok(Applied::Done)
        }
        Err(refused) => Err(refused),
    })
}
