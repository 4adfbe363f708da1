//! The rules of each change, written once against [`Records`].

use super::{Actor, Applied, Envelope, Mutation, Rejection, StageAction};
use crate::records::{BallotRecord, Card, DeliveryRecord, Record, Records, VoteSummary};
use crate::{Channel, Comment, EntityId, OwnersVote, Poll, Proposal, Role, Stage, Timestamp};

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
                let open_vote = records
                    .card(*proposal)
                    .await?
                    .and_then(|c| c.vote)
                    .filter(|v| at < v.closes_at);
                if open_vote.is_some() {
                    return Ok(Err(Rejection::Invalid(
                        "业主表决尚未截止，截止后才能进入督办".to_owned(),
                    )));
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
            if !matches!(actor.role, Role::Committee | Role::PartyBranch | Role::Community) {
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

        Mutation::OpenVote { id, proposal, matter, opens_at, closes_at, policy } => {
            if actor.role != Role::Committee {
                return Ok(Err(Rejection::NotAllowed("只有业委会可以发起业主表决".to_owned())));
            }
            let Some(p) = records.proposal(*proposal).await? else {
                return Ok(Err(not_found("议题")));
            };
            if records.vote(*id).await?.is_some() {
                return Ok(Err(Rejection::DuplicateId(*id)));
            }
            if p.stage != Stage::Deciding {
                return Ok(Err(Rejection::Invalid(
                    "请先把议题推进到“决议”阶段，再发起表决".to_owned(),
                )));
            }
            match OwnersVote::new(*id, *proposal, *matter, *opens_at, *closes_at, *policy, at) {
                Ok(vote) => {
                    let summary =
                        VoteSummary { vote: vote.id, closes_at: vote.closes_at, ballots: 0 };
                    records.put(Record::Vote(vote)).await?;
                    touch(records, *proposal, at, |card| card.vote = Some(summary)).await?;
                    Ok(Applied::Done)
                }
                Err(e) => Err(Rejection::Invalid(e.to_string())),
            }
        }

        Mutation::RecordDeliveries { vote, units } => {
            if !matches!(actor.role, Role::Committee | Role::Officer) {
                return Ok(Err(Rejection::NotAllowed("只有业委会或计票人可以登记送达".to_owned())));
            }
            if records.vote(*vote).await?.is_none() {
                return Ok(Err(not_found("表决")));
            }
            for unit in units {
                if records.unit(unit).await?.is_none() {
                    return Ok(Err(Rejection::UnknownUnit(unit.clone())));
                }
            }
            for unit in units {
                let delivery = DeliveryRecord {
                    id: DeliveryRecord::key(*vote, unit),
                    vote: *vote,
                    unit: unit.clone(),
                    recorded_by: actor.name.clone(),
                    at,
                };
                records.put(Record::Delivery(delivery)).await?;
            }
            Ok(Applied::Done)
        }

        Mutation::CastBallot { id, vote, unit, choice, channel, sheet } => {
            let Some(v) = records.vote(*vote).await? else { return Ok(Err(not_found("表决"))) };
            if records.ballot(*id).await?.is_some() {
                return Ok(Err(Rejection::DuplicateId(*id)));
            }
            if let Err(e) = v.check_open(at) {
                return Ok(Err(Rejection::VoteNotOpen(e.to_string())));
            }
            if let Some(closed) = closed_stage(records, v.proposal).await? {
                return Ok(Err(Rejection::VoteNotOpen(format!(
                    "议题已{}，表决终止",
                    closed.chinese()
                ))));
            }
            let Some(ballot_unit) = records.unit(unit).await? else {
                return Ok(Err(Rejection::UnknownUnit(unit.clone())));
            };
            if let Err(why) =
                may_cast(records, actor, &ballot_unit, *channel, sheet.as_deref()).await?
            {
                return Ok(Err(Rejection::NotAllowed(why)));
            }
            let counted = records.owner_ballot(*vote, &ballot_unit.owner).await?;
            let seq = records.next_seq().await?;
            let record = BallotRecord {
                id: *id,
                vote: *vote,
                seq,
                unit: unit.clone(),
                owner: ballot_unit.owner.clone(),
                choice: *choice,
                channel: *channel,
                recorded_by: actor.name.clone(),
                device: actor.device.clone(),
                at,
                sheet: sheet.clone().filter(|s| !s.trim().is_empty()),
                duplicate_of: counted.as_ref().map(|c| c.id),
            };
            records.put(Record::Ballot(record)).await?;
            let counts = counted.is_none();
            touch(records, v.proposal, at, |card| {
                if let Some(summary) = card.vote.as_mut().filter(|s| counts && s.vote == v.id) {
                    summary.ballots += 1;
                }
            })
            .await?;
            match counted {
                None => Ok(Applied::BallotCounted { seq }),
                Some(first) => {
                    Err(Rejection::AlreadyVoted { counted_unit: first.unit, duplicate: *id })
                }
            }
        }
    })
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
    Ok(match (actor.role, channel) {
        (Role::Owner, Channel::Online) => {
            let own = match &actor.unit {
                Some(own) => records.unit(own).await?,
                None => None,
            };
            match own {
                Some(own) if own.owner == unit.owner => Ok(()),
                _ => Err("业主只能为自己的房屋投票".to_owned()),
            }
        }
        (Role::Officer, Channel::Meeting) => Ok(()),
        (Role::Officer | Role::Committee, Channel::Paper) => match sheet.map(str::trim) {
            Some(sheet) if !sheet.is_empty() => Ok(()),
            _ => Err("纸质表决票须填写票号".to_owned()),
        },
        (Role::Owner, _) => Err("业主请在自己的手机上投票".to_owned()),
        (Role::Officer, _) => Err("计票人只能以现场或纸质渠道录入选票".to_owned()),
        (Role::Committee, _) => Err("业委会只能录入有票号的纸质表决票".to_owned()),
        (Role::Property, _) => Err("物业服务企业不参加业主表决".to_owned()),
        (Role::Resident, _) => {
            Err("只有业主可以参加业主表决；居民可以发言和参加意见征询".to_owned())
        }
        (Role::PartyBranch | Role::Community, _) => {
            Err("党支部和社区指导、监督表决，不代为投票".to_owned())
        }
    })
}

/// Updates a matter's card and its last activity.
async fn touch<R: Records>(
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
async fn closed_stage<R: Records>(
    records: &mut R,
    proposal: EntityId,
) -> Result<Option<Stage>, R::Error> {
    let stage = records.proposal(proposal).await?.map(|p| p.stage);
    Ok(stage.filter(|s| matches!(s, Stage::Withdrawn | Stage::Rejected)))
}

fn not_found(what: &str) -> Rejection {
    Rejection::NotFound(what.to_owned())
}

fn join(problems: &[crate::StageError]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("；")
}
