//! The rules of each change, written once against [`Records`].

use super::{
    Applied, Envelope, Mutation, Rejection, Subject, comments, meetings, polls, proposals, proxies,
    votes,
};
use crate::records::{Card, Record, Records};
use crate::{EntityId, Stage, Timestamp};

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
            proposals::raise(records, actor, at, id, draft).await?
        }
        Mutation::EditProposal { id, draft, base } => {
            proposals::edit(records, actor, at, id, draft, *base).await?
        }
        Mutation::MoveStage { proposal, action } => {
            proposals::move_stage(records, actor, at, proposal, action).await?
        }

        Mutation::AddComment { id, proposal, reply_to, body } => {
            comments::add(records, actor, at, id, proposal, *reply_to, body).await?
        }
        Mutation::EditComment { id, body, base } => {
            comments::edit(records, actor, at, id, body, *base).await?
        }

        Mutation::CreatePoll { id, proposal, question, kind } => {
            polls::create(records, actor, at, id, proposal, question, kind).await?
        }
        Mutation::AnswerPoll { poll, picks } => {
            polls::answer(records, actor, at, poll, picks).await?
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

        Mutation::RecordDeliveries { vote, units, method } => {
            votes::record_deliveries(records, actor, at, *vote, units, *method).await?
        }

        Mutation::CastBallot { id, vote, unit, choice, channel, sheet, proxy } => {
            let cast = votes::Cast {
                id: *id,
                vote: *vote,
                unit,
                choice: *choice,
                channel: *channel,
                sheet: sheet.as_deref(),
                proxy: *proxy,
            };
            votes::cast(records, envelope, cast).await?
        }

        Mutation::CreateMeeting { id, draft } => {
            meetings::create(records, envelope, *id, draft).await?
        }
        Mutation::PublishNotice { meeting, early_reason } => {
            meetings::publish_notice(records, envelope, *meeting, early_reason.as_deref()).await?
        }
        Mutation::SignInOwner { meeting, unit } => {
            meetings::sign_in(records, envelope, *meeting, unit).await?
        }

        Mutation::RecordProxy { id, meeting, draft } => {
            proxies::record(records, envelope, *id, *meeting, draft).await?
        }
        Mutation::RevokeProxy { proxy } => proxies::revoke(records, envelope, *proxy).await?,
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

/// An edit's two conditions: the record is the actor's own (records made before authors
/// were kept have none, and nobody may edit them), and it is still at the revision the edit
/// began from.
pub(super) fn own_revision(
    author: &str,
    revision: u32,
    actor: &super::Actor,
    base: u32,
    what: Subject,
) -> Result<(), Rejection> {
    if author.is_empty() || author != actor.id {
        return Err(Rejection::NotYours { what });
    }
    if revision != base {
        return Err(Rejection::Stale { current: revision });
    }
    Ok(())
}

pub(super) fn not_found(what: Subject) -> Rejection {
    Rejection::NotFound { what }
}
