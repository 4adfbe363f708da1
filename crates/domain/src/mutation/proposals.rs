//! The rules of matters: raising one, editing it while it is collected, and moving it
//! through the six steps.

use super::apply::{not_found, own_revision, touch};
use super::{Actor, Applied, Rejection, StageAction, Subject};
use crate::records::{Card, Record, Records};
use crate::{EntityId, Proposal, ProposalDraft, Stage, Timestamp};

type Answer = Result<Applied, Rejection>;

/// Anyone raises a matter; it starts at 收集民意.
pub(super) async fn raise<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    id: &EntityId,
    draft: &ProposalDraft,
) -> Result<Answer, R::Error> {
    if records.proposal(*id).await?.is_some() {
        return Ok(Err(Rejection::DuplicateId { id: *id }));
    }
    Ok(match Proposal::raise(*id, draft, &actor.name, actor.role, at) {
        Ok(mut proposal) => {
            proposal.author.clone_from(&actor.id);
            let card = Card {
                id: proposal.id,
                title: proposal.title.clone(),
                category: proposal.category.clone(),
                stage: proposal.stage,
                comments: 0,
                last_activity: at,
                vote: None,
            };
            records.put(Record::Proposal(proposal)).await?;
            records.put(Record::Card(card)).await?;
            Ok(Applied::Done)
        }
        Err(refused) => Err(refused),
    })
}

/// Its author edits a matter while it is collected, on the revision they read.
pub(super) async fn edit<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    id: &EntityId,
    draft: &ProposalDraft,
    base: u32,
) -> Result<Answer, R::Error> {
    let Some(mut p) = records.proposal(*id).await? else {
        return Ok(Err(not_found(Subject::Matter)));
    };
    if let Err(refused) = own_revision(&p.author, p.revision, actor, base, Subject::Matter) {
        return Ok(Err(refused));
    }
    Ok(match p.edit(draft, at) {
        Ok(()) => {
            let (title, category) = (p.title.clone(), p.category.clone());
            records.put(Record::Proposal(p)).await?;
            touch(records, *id, at, |card| {
                card.title = title;
                card.category = category;
            })
            .await?;
            Ok(Applied::Done)
        }
        Err(refused) => Err(refused),
    })
}

/// The committee or the Party branch moves a matter on, withdraws or rejects it; out of
/// 决议 only once its vote is sealed.
pub(super) async fn move_stage<R: Records>(
    records: &mut R,
    actor: &Actor,
    at: Timestamp,
    proposal: &EntityId,
    action: &StageAction,
) -> Result<Answer, R::Error> {
    let Some(mut p) = records.proposal(*proposal).await? else {
        return Ok(Err(not_found(Subject::Matter)));
    };
    if matches!(action, StageAction::Advance)
        && p.stage == Stage::Deciding
        && actor.role.may_move_stages()
    {
        // The count a matter follows up is the sealed one.
        let vote = match records.card(*proposal).await?.and_then(|c| c.vote) {
            Some(summary) => records.vote(summary.vote).await?,
            None => None,
        };
        if let Some(vote) = vote.filter(|v| v.sealed.is_none()) {
            let why =
                if at < vote.closes_at { Rejection::VoteRunning } else { Rejection::SealFirst };
            return Ok(Err(why));
        }
    }
    let moved = match action {
        StageAction::Advance => p.advance(&actor.name, actor.role, at).map(|_| ()),
        StageAction::Withdraw { reason } => p.withdraw(&actor.name, actor.role, at, reason),
        StageAction::Reject { reason } => p.reject(&actor.name, actor.role, at, reason),
    };
    Ok(match moved {
        Ok(()) => {
            let stage = p.stage;
            records.put(Record::Proposal(p)).await?;
            touch(records, *proposal, at, |card| card.stage = stage).await?;
            Ok(Applied::Done)
        }
        Err(refused) => Err(refused),
    })
}
