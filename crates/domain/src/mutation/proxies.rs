//! The rules of proxies (委托): the committee records an owner's written authorisation for an
//! agent at a meeting, and revokes it until a ballot is cast through it. The proxy ballot
//! itself is a ballot of channel `proxy` ([`super::votes::cast`]), which names it.

use super::{Action, Applied, Envelope, Rejection, Subject};
use crate::proxy::{Proxy, ProxyDraft, Revocation};
use crate::records::{Record, Records};
use crate::{Channel, EntityId, Meeting, OwnerKey};

use super::apply::not_found;

type Answer = Result<Applied, Rejection>;

/// The committee records a written authorisation. Refused after the meeting ended, for a
/// vote not on its agenda, for an owner who already has one in force at the meeting (revoke
/// it first), and for an agent who already holds the meeting's most.
pub(super) async fn record<R: Records>(
    records: &mut R,
    envelope: &Envelope,
    id: EntityId,
    meeting: EntityId,
    draft: &ProxyDraft,
) -> Result<Answer, R::Error> {
    let actor = &envelope.actor;
    if !actor.role.records_proxies() {
        return Ok(Err(Rejection::NotAllowed { action: Action::RecordProxy, role: actor.role }));
    }
    if records.proxy(id).await?.is_some() {
        return Ok(Err(Rejection::DuplicateId { id }));
    }
    let Some(m) = records.meeting(meeting).await? else {
        return Ok(Err(not_found(Subject::Meeting)));
    };
    if envelope.at > m.ends_at {
        return Ok(Err(Rejection::MeetingEnded));
    }
    if let Some(refused) = Rejection::of_problems(draft.problems(&m)) {
        return Ok(Err(refused));
    }
    let Some(unit) = records.unit(&draft.unit).await? else {
        return Ok(Err(Rejection::UnknownUnit { unit: draft.unit.clone() }));
    };
    let in_force: Vec<Proxy> =
        records.proxies(meeting).await?.into_iter().filter(Proxy::in_force).collect();
    if let Some(given) = in_force.iter().find(|p| p.owner == unit.owner) {
        return Ok(Err(Rejection::ProxyInForce { agent: given.agent.clone() }));
    }
    let agent = crate::proxy::agent_key(&draft.agent, &draft.agent_contact);
    let held = in_force.iter().filter(|p| p.agent_key() == agent).count();
    if held >= usize::from(m.max_proxies) {
        return Ok(Err(Rejection::AgentFull { max: m.max_proxies }));
    }
    let proxy = Proxy {
        id,
        meeting,
        owner: unit.owner,
        unit: unit.id,
        agent: draft.agent.trim().to_owned(),
        agent_contact: draft.agent_contact.trim().to_owned(),
        votes: draft.votes.clone(),
        recorded_at: envelope.at,
        recorded_by: actor.name.clone(),
        recorded_by_id: actor.id.clone(),
        revoked: None,
    };
    records.put(Record::Proxy(proxy)).await?;
    Ok(Ok(Applied::Done))
}

/// The committee revokes an authorisation (the owner withdrew it, or will vote in person):
/// only while no ballot was cast through it.
pub(super) async fn revoke<R: Records>(
    records: &mut R,
    envelope: &Envelope,
    id: EntityId,
) -> Result<Answer, R::Error> {
    let actor = &envelope.actor;
    if !actor.role.records_proxies() {
        return Ok(Err(Rejection::NotAllowed { action: Action::RevokeProxy, role: actor.role }));
    }
    let Some(mut proxy) = records.proxy(id).await? else {
        return Ok(Err(not_found(Subject::Proxy)));
    };
    if !proxy.in_force() {
        return Ok(Err(Rejection::ProxyRevoked));
    }
    let Some(m) = records.meeting(proxy.meeting).await? else {
        return Ok(Err(not_found(Subject::Meeting)));
    };
    if used(records, &m, &proxy).await? {
        return Ok(Err(Rejection::ProxyUsed));
    }
    proxy.revoked = Some(Revocation { at: envelope.at, by: actor.name.clone() });
    records.put(Record::Proxy(proxy)).await?;
    Ok(Ok(Applied::Done))
}

/// Whether a counted ballot of the owner was cast through this authorisation.
async fn used<R: Records>(records: &mut R, m: &Meeting, proxy: &Proxy) -> Result<bool, R::Error> {
    for vote in m.agenda.iter().filter(|v| proxy.covers(m, **v)) {
        let ballot = records.owner_ballot(*vote, &proxy.owner).await?;
        if ballot.is_some_and(|b| b.channel == Channel::Proxy && b.proxy == Some(proxy.id)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether `proxy` lets its agent cast the ballot of `owner` in `vote`: it exists, is in
/// force, is that owner's, and covers the vote.
pub(super) async fn allows<R: Records>(
    records: &mut R,
    proxy: Option<EntityId>,
    owner: &OwnerKey,
    vote: EntityId,
) -> Result<Result<(), Rejection>, R::Error> {
    let Some(id) = proxy else { return Ok(Err(Rejection::ProxyNotOpen)) };
    let Some(proxy) = records.proxy(id).await? else {
        return Ok(Err(not_found(Subject::Proxy)));
    };
    if !proxy.in_force() {
        return Ok(Err(Rejection::ProxyRevoked));
    }
    if &proxy.owner != owner {
        return Ok(Err(Rejection::OthersUnit));
    }
    let covered = match records.meeting(proxy.meeting).await? {
        Some(m) => proxy.covers(&m, vote),
        None => false,
    };
    Ok(if covered { Ok(()) } else { Err(Rejection::OutsideProxy) })
}
