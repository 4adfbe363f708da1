//! The rules of proxies (委托): the committee records an owner's written authorisation for an
//! agent at a meeting, and revokes it until a ballot is cast through it. The proxy ballot
//! itself is a ballot of channel `proxy` ([`super::votes::cast`]), which names it.

use super::{Action, Applied, Envelope, Rejection, Subject};
use crate::proxy::{Proxy, ProxyDraft, Revocation};
use crate::records::{Record, Records};
use crate::{Channel, EntityId, Meeting, OwnerKey, SIGN_IN_LATE_HOURS, Timestamp};

/// How long after a meeting's end an authorisation recorded during it may still arrive.
const LATE_MS: i64 = SIGN_IN_LATE_HOURS * 3_600_000;

use super::apply::not_found;

type Answer = Result<Applied, Rejection>;

/// The committee records a written authorisation. Refused once the meeting ended (one
/// recorded during it on a phone that was offline may arrive within a day of the end), for a
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
    let recorded = envelope.recorded_at.unwrap_or(envelope.at).min(envelope.at);
    if recorded > m.ends_at || envelope.at.0 > m.ends_at.0 + LATE_MS {
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
    proxy.revoked =
        Some(Revocation { at: envelope.at, by: actor.name.clone(), by_id: actor.id.clone() });
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

/// Whether `proxy` lets its agent cast the ballot of `owner` in `vote`, cast at `at` (its
/// time as the vote counts it): it exists, was not revoked before the ballot was cast (a
/// ballot cast on an offline phone before a revocation stands), is that owner's, covers the
/// vote, and the ballot was cast at the meeting (from when its sign-in opens to its end).
pub(super) async fn allows<R: Records>(
    records: &mut R,
    proxy: Option<EntityId>,
    owner: &OwnerKey,
    vote: EntityId,
    at: Timestamp,
) -> Result<Result<(), Rejection>, R::Error> {
    let Some(id) = proxy else { return Ok(Err(Rejection::ProxyNotOpen)) };
    let Some(proxy) = records.proxy(id).await? else {
        return Ok(Err(not_found(Subject::Proxy)));
    };
    if proxy.revoked.as_ref().is_some_and(|r| r.at <= at) {
        return Ok(Err(Rejection::ProxyRevoked));
    }
    if &proxy.owner != owner {
        return Ok(Err(Rejection::OthersUnit));
    }
    let at_meeting = match records.meeting(proxy.meeting).await? {
        Some(m) => {
            let (opens, ends) = m.sign_in_window();
            proxy.covers(&m, vote) && (opens..=ends).contains(&at)
        }
        None => false,
    };
    Ok(if at_meeting { Ok(()) } else { Err(Rejection::OutsideProxy) })
}
