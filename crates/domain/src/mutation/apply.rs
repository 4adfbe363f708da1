//! The rules of each change, written once against [`Records`].

use super::{Applied, Envelope, Mutation, Rejection, StageAction, votes};
use crate::records::{Card, Record, Records};
use crate::{Comment, EntityId, Poll, Proposal, Stage, Timestamp};

/// Applies one change: every write or, when the rules refuse it, none (a refused ballot of an
/// owner who already voted is still recorded, as a duplicate, and reported as refused).
///
/// The outer `Result` is the store's own failure; the inner one is the rules' answer.
pub async fn apply<R: Records>(
    records: &mut R,
    envelope: &Envelope,
) -> Result<Result<Applied, Rejection>, R::Error> {
    let (actor, at) = (&envelope.actor, envelope.at);
    Ok(match &envelope.mutation {
        Mutation::RaiseProposal { id, draft } => {
            if records.proposal(*id).await?.is_some() {
                return Ok(Err(Rejection::DuplicateId(*id)));
            }
            match Proposal::raise(*id, draft, &actor.name, actor.role, at) {
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
                Err(problems) => Err(Rejection::Invalid(join(&problems))),
            }
        }

        Mutation::MoveStage { proposal, action } => {
            let Some(mut p) = records.proposal(*proposal).await? else {
                return Ok(Err(not_found("议题")));
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
                    let why = if at < vote.closes_at {
                        "业主表决尚未截止，截止并封存计票后才能进入督办"
                    } else {
                        "请先封存计票，再进入督办"
                    };
                    return Ok(Err(Rejection::Invalid(why.to_owned())));
                }
            }
            let moved = match action {
                StageAction::Advance => p.advance(&actor.name, actor.role, at).map(|_| ()),
                StageAction::Withdraw { reason } => p.withdraw(&actor.name, actor.role, at, reason),
                StageAction::Reject { reason } => p.reject(&actor.name, actor.role, at, reason),
            };
            match moved {
                Ok(()) => {
                    let stage = p.stage;
                    records.put(Record::Proposal(p)).await?;
                    touch(records, *proposal, at, |card| card.stage = stage).await?;
                    Ok(Applied::Done)
                }
                Err(crate::StageError::NotAllowed) => {
                    Err(Rejection::NotAllowed(crate::StageError::NotAllowed.to_string()))
                }
                Err(e) => Err(Rejection::Invalid(e.to_string())),
            }
        }

        Mutation::AddComment { id, proposal, reply_to, body } => {
            if records.comment(*id).await?.is_some() {
                return Ok(Err(Rejection::DuplicateId(*id)));
            }
            let Some(p) = records.proposal(*proposal).await? else {
                return Ok(Err(not_found("议题")));
            };
            if matches!(p.stage, Stage::Withdrawn | Stage::Rejected) {
                return Ok(Err(Rejection::Invalid(format!(
                    "议题已{}，不能再发言",
                    p.stage.chinese()
                ))));
            }
            let parent = match reply_to {
                Some(parent) => match records.comment(*parent).await? {
                    Some(parent) => Some(parent),
                    None => return Ok(Err(not_found("要回复的发言"))),
                },
                None => None,
            };
            match Comment::new(*id, *proposal, parent.as_ref(), &actor.name, actor.role, body, at) {
                Ok(mut comment) => {
                    comment.author.clone_from(&actor.id);
                    records.put(Record::Comment(comment)).await?;
                    touch(records, *proposal, at, |card| card.comments += 1).await?;
                    Ok(Applied::Done)
                }
                Err(e) => Err(Rejection::Invalid(e.to_string())),
            }
        }

        Mutation::EditComment { id, body, base } => {
            let Some(mut comment) = records.comment(*id).await? else {
                return Ok(Err(not_found("发言")));
            };
            if comment.author.is_empty() || comment.author != actor.id {
                return Ok(Err(Rejection::NotAllowed("只能修改自己的发言".to_owned())));
            }
            if comment.revision != *base {
                return Ok(Err(Rejection::Stale { current: comment.revision }));
            }
            if let Some(closed) = closed_stage(records, comment.proposal).await? {
                return Ok(Err(Rejection::Invalid(format!(
                    "议题已{}，不能再修改发言",
                    closed.chinese()
                ))));
            }
            match comment.edit(body, at) {
                Ok(()) => {
                    let proposal = comment.proposal;
                    records.put(Record::Comment(comment)).await?;
                    touch(records, proposal, at, |_| {}).await?;
                    Ok(Applied::Done)
                }
                Err(e) => Err(Rejection::Invalid(e.to_string())),
            }
        }

        Mutation::EditProposal { id, draft, base } => {
            let Some(mut p) = records.proposal(*id).await? else {
                return Ok(Err(not_found("议题")));
            };
            if p.author.is_empty() || p.author != actor.id {
                return Ok(Err(Rejection::NotAllowed("只能修改自己提出的议题".to_owned())));
            }
            if p.revision != *base {
                return Ok(Err(Rejection::Stale { current: p.revision }));
            }
            match p.edit(draft, at) {
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
                Err(problems) => Err(Rejection::Invalid(join(&problems))),
            }
        }

        Mutation::CreatePoll { id, proposal, question, kind } => {
            if !actor.role.may_create_polls() {
                return Ok(Err(Rejection::NotAllowed(
                    "只有业委会、党支部或社区可以发起意见征询".to_owned(),
                )));
            }
            if records.proposal(*proposal).await?.is_none() {
                return Ok(Err(not_found("议题")));
            }
            if records.poll(*id).await?.is_some() {
                return Ok(Err(Rejection::DuplicateId(*id)));
            }
            match Poll::new(*id, *proposal, question, kind.clone(), at) {
                Ok(poll) => {
                    records.put(Record::Poll(poll)).await?;
                    touch(records, *proposal, at, |_| {}).await?;
                    Ok(Applied::Done)
                }
                Err(e) => Err(Rejection::Invalid(e.to_string())),
            }
        }

        Mutation::AnswerPoll { poll, picks } => {
            let Some(mut p) = records.poll(*poll).await? else {
                return Ok(Err(not_found("意见征询")));
            };
            if let Some(closed) = closed_stage(records, p.proposal).await? {
                return Ok(Err(Rejection::Invalid(format!(
                    "议题已{}，征询已结束",
                    closed.chinese()
                ))));
            }
            match p.answer(&actor.id, picks, at) {
                Ok(()) => {
                    let proposal = p.proposal;
                    records.put(Record::Poll(p)).await?;
                    touch(records, proposal, at, |_| {}).await?;
                    Ok(Applied::Done)
                }
                Err(e) => Err(Rejection::Invalid(e.to_string())),
            }
        }

        Mutation::OpenVote {
            id,
            proposal,
            matter,
            opens_at,
            closes_at,
            policy,
            counting_hours,
        } => {
            let opening = votes::Opening {
                id: *id,
                proposal: *proposal,
                matter: *matter,
                window: (*opens_at, *closes_at),
                policy: *policy,
                counting_hours: *counting_hours,
            };
            votes::open(records, actor, at, opening).await?
        }

        Mutation::SealVote { vote } => votes::seal(records, actor, at, *vote).await?,

        Mutation::RecordDeliveries { vote, units } => {
            votes::record_deliveries(records, actor, at, *vote, units).await?
        }

        Mutation::CastBallot { id, vote, unit, choice, channel, sheet } => {
            let cast = votes::Cast {
                id: *id,
                vote: *vote,
                unit,
                choice: *choice,
                channel: *channel,
                sheet: sheet.as_deref(),
            };
            votes::cast(records, envelope, cast).await?
        }
    })
}

/// Updates a matter's card and its last activity.
pub(super) async fn touch<R: Records>(
    records: &mut R,
    proposal: EntityId,
    at: Timestamp,
    change: impl FnOnce(&mut Card),
) -> Result<(), R::Error> {
    if let Some(mut card) = records.card(proposal).await? {
        change(&mut card);
        card.last_activity = card.last_activity.max(at);
        records.put(Record::Card(card)).await?;
    }
    Ok(())
}

/// The stage of a withdrawn or rejected matter, which takes no more answers or ballots.
pub(super) async fn closed_stage<R: Records>(
    records: &mut R,
    proposal: EntityId,
) -> Result<Option<Stage>, R::Error> {
    let stage = records.proposal(proposal).await?.map(|p| p.stage);
    Ok(stage.filter(|s| matches!(s, Stage::Withdrawn | Stage::Rejected)))
}

pub(super) fn not_found(what: &str) -> Rejection {
    Rejection::NotFound(what.to_owned())
}

fn join(problems: &[crate::StageError]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("；")
}
