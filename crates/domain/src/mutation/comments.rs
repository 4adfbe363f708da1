//! The rules of the discussion: comments, one level of replies, and edits by their
//! author.

use super::apply::{closed_stage, not_found, own_revision, touch};
use super::{Action, Actor, Applied, Rejection, Subject};
use crate::records::{Record, Records};
use crate::{Comment, EntityId, Stage, Timestamp};

type Answer = Result<Applied, Rejection>;

/// Anyone comments on a matter that is not withdrawn or rejected.
pub(super) async fn add<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    id: &EntityId,
    proposal: &EntityId,
    reply_to: Option<EntityId>,
    body: &str,
) -> Result<Answer, R::Error> {
    if records.comment(*id).await?.is_some() {
        return Ok(Err(Rejection::DuplicateId { id: *id }));
    }
    let Some(p) = records.proposal(*proposal).await? else {
        return Ok(Err(not_found(Subject::Matter)));
    };
    if matches!(p.stage, Stage::Withdrawn | Stage::Rejected) {
        return Ok(Err(Rejection::MatterClosed { stage: p.stage, action: Action::AddComment }));
    }
    let parent = match reply_to {
        Some(parent) => match records.comment(parent).await? {
            Some(parent) => Some(parent),
            None => return Ok(Err(not_found(Subject::RepliedTo))),
        },
        None => None,
    };
    Ok(match Comment::new(*id, *proposal, parent.as_ref(), &actor.name, actor.role, body, at) {
        Ok(mut comment) => {
            comment.author.clone_from(&actor.id);
            records.put(Record::Comment(comment)).await?;
            touch(records, *proposal, at, |card| card.comments += 1).await?;
            Ok(Applied::Done)
        }
        Err(refused) => Err(refused),
    })
}

/// Its author edits a comment, on the revision they read.
pub(super) async fn edit<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    id: &EntityId,
    body: &str,
    base: u32,
) -> Result<Answer, R::Error> {
    let Some(mut comment) = records.comment(*id).await? else {
        return Ok(Err(not_found(Subject::Comment)));
    };
    if let Err(refused) =
        own_revision(&comment.author, comment.revision, actor, base, Subject::Comment)
    {
        return Ok(Err(refused));
    }
    if let Some(closed) = closed_stage(records, comment.proposal).await? {
        return Ok(Err(Rejection::MatterClosed { stage: closed, action: Action::EditComment }));
    }
    Ok(match comment.edit(body, at) {
        Ok(()) => {
            let proposal = comment.proposal;
            records.put(Record::Comment(comment)).await?;
            touch(records, proposal, at, |_| {}).await?;
            Ok(Applied::Done)
        }
        Err(refused) => Err(refused),
    })
}
