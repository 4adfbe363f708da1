//! Proxies as a backend must keep them (docs/protocol.md, Mutations): the committee records a
//! written authorisation for a meeting on whose agenda a vote stands, an agent holds at most
//! the meeting's cap, a ballot through it names it and counts for the owner, the owner's own
//! ballot after it is a duplicate, an authorisation used can no longer be revoked, and only
//! those who see owners' names pull authorisations. And an owner who signs in while the
//! meeting is announced has the ballot of its agenda delivered (docs/protocol.md, sign in).

use std::io::Write;

use serde_json::Value;
use yishiting_domain::mutation::{Mutation, Rejection, StageAction};
use yishiting_domain::{
    Channel, Choice, Matter, MeetingDraft, MeetingKind, NonResponse, ProposalDraft, ProxyDraft,
    Timestamp, UnitId,
};

use super::client::{Client, Who, new_id, now_ms, push, sign_in};
use super::meetings::refusal;
use super::shapes::{everything, is, of_kind, single};
use super::{Report, expect};

const HOUR: i64 = 3_600_000;

pub(super) fn check<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    committee: &mut Who,
    resident: &mut Who,
    (owner_a, owner_b): (&mut Who, &mut Who),
    owner_b_code: &str,
) -> Result<(), String> {
    let (Some(unit_a), Some(unit_b)) = (owner_a.unit.clone(), owner_b.unit.clone()) else {
        return Err("the --owner codes must be unit (owner) codes".to_owned());
    };
    let unit = |u: &str| UnitId::parse(u).map_err(|e| e.to_string());
    // A matter decided at a meeting: its vote open for an hour, the meeting in half an hour.
    let (proposal, vote, meeting) = (new_id(), new_id(), new_id());
    let draft = ProposalDraft {
        title: "协议一致性检查：委托投票".to_owned(),
        body: "由 conformance 命令创建。".to_owned(),
        category: "其他".to_owned(),
    };
    let now = now_ms();
    let mut setup = vec![Mutation::RaiseProposal { id: proposal, draft }];
    setup.extend((0..3).map(|_| Mutation::MoveStage { proposal, action: StageAction::Advance }));
    setup.push(Mutation::OpenVote {
        id: vote,
        proposal,
        matter: Matter::new(5).map_err(|e| e.to_string())?,
        opens_at: Timestamp(now),
        closes_at: Timestamp(now + HOUR),
        policy: NonResponse::None,
        counting_hours: 24,
    });
    setup.push(Mutation::CreateMeeting {
        id: meeting,
        draft: MeetingDraft {
            kind: MeetingKind::Discussion,
            title: "委托检查会议".to_owned(),
            place: "党群驿站".to_owned(),
            starts_at: Timestamp(now + HOUR / 2),
            ends_at: Timestamp(now + HOUR),
            agenda: vec![vote],
            tellers: vec![],
            scrutineers: vec![],
            max_proxies: 1,
        },
    });
    let first = committee.next;
    let answer = push(client, committee, &setup)?;
    let all_accepted = answer.body["results"]
        .as_array()
        .is_some_and(|rs| rs.iter().all(|r| r["status"] == "accepted"));
    if !all_accepted {
        return Err(format!("setting up the proxy checks from {first}: {}", answer.body));
    }
    // The notice out, the meeting not started: owner B signs in again.
    let notice =
        single(client, committee, Mutation::PublishNotice { meeting, early_reason: None })?;
    let again = sign_in(client, owner_b_code)?;
    let pulled = everything(client, committee)?;
    let delivered = of_kind(&pulled, "delivery")
        .find(|d| d["vote"] == vote.to_string() && d["unit"] == unit_b.as_str())
        .cloned();
    r.check(
        "an owner who signs in while a meeting is announced has its agenda's ballot delivered, method signed_in",
        expect(
            is(&notice, "accepted", "")
                && delivered.as_ref().is_some_and(|d| {
                    d["method"] == "signed_in" && d["recorded_by_id"] == again.account_id()
                }),
            || format!("{delivered:?}"),
        ),
    );

    let record = |id, unit_id: &UnitId, contact: &str| Mutation::RecordProxy {
        id,
        meeting,
        draft: ProxyDraft {
            unit: unit_id.clone(),
            agent: "受托人甲".to_owned(),
            agent_contact: contact.to_owned(),
            votes: vec![],
        },
    };
    let proxy = new_id();
    let by_resident = single(client, resident, record(new_id(), &unit(&unit_b)?, "1234"))?;
    let recorded = single(client, committee, record(proxy, &unit(&unit_b)?, "1234"))?;
    let full = refusal(client, committee, record(new_id(), &unit(&unit_a)?, "12-34"))?;
    let committee_sees = everything(client, committee)?;
    let kept = of_kind(&committee_sees, "proxy").find(|p| p["id"] == proxy.to_string()).cloned();
    let resident_sees = everything(client, resident)?;
    r.check(
        "proxies: the committee records one (a resident may not); the agent's cap counts the same agent however the contact is written; only those who see owners' names pull it",
        expect(
            is(&by_resident, "rejected", "not_allowed")
                && is(&recorded, "accepted", "")
                && full == Some(Rejection::AgentFull { max: 1 })
                && kept.as_ref().is_some_and(|p| {
                    p["meeting"] == meeting.to_string()
                        && p["unit"] == unit_b
                        && p["agent_contact"] == "1234"
                        && p["recorded_by_id"] == committee.account_id()
                        && p["recorded_at"].is_i64()
                        && p.get("revoked").is_none_or(Value::is_null)
                })
                && of_kind(&resident_sees, "proxy").next().is_none(),
            || format!("{by_resident:?} {recorded:?} {full:?}; {kept:?}"),
        ),
    );

    let through = |proxy| Mutation::CastBallot {
        id: new_id(),
        vote,
        unit: UnitId::parse(&unit_b).expect("checked above"),
        choice: Choice::Yes,
        channel: Channel::Proxy,
        sheet: None,
        proxy,
    };
    let unnamed = refusal(client, committee, through(None))?;
    let cast = single(client, committee, through(Some(proxy)))?;
    let revoke = refusal(client, committee, Mutation::RevokeProxy { proxy })?;
    let own = refusal(client, owner_b, super::client::ballot(vote, &unit_b, Choice::No)?)?;
    let changes = everything(client, committee)?;
    let ballots: Vec<&Value> = of_kind(&changes, "ballot")
        .filter(|b| b["vote"] == vote.to_string() && b["duplicate_of"].is_null())
        .collect();
    r.check(
        "a proxy ballot names its authorisation and counts for the owner; then the authorisation cannot be revoked, and the owner's own ballot is already_voted",
        expect(
            unnamed == Some(Rejection::ProxyNotOpen)
                && is(&cast, "accepted", "")
                && revoke == Some(Rejection::ProxyUsed)
                && matches!(own, Some(Rejection::AlreadyVoted { .. }))
                && ballots.len() == 1
                && ballots[0]["channel"] == "proxy"
                && ballots[0]["proxy"] == proxy.to_string(),
            || format!("{unnamed:?} {cast:?} {revoke:?} {own:?}; {ballots:?}"),
        ),
    );
    Ok(())
}
