//! Proxies (委托, DOMAIN.md "Meetings in person"): the committee records a written
//! authorisation scoped to a meeting or to named votes of it, an agent holds at most the
//! meeting's cap, an authorisation is revocable until a ballot is cast through it, and the
//! owner's own ballot, accepted first, wins over the proxy's (and the other way round).

mod common;

use common::{Hall, actor, ballot, id, unit};
use yishiting_domain::mutation::{Action, Applied, Field, Mutation, Rejection, Subject};
use yishiting_domain::{
    Channel, Choice, EntityId, MeetingDraft, MeetingKind, ProxyDraft, Role, Timestamp,
};

/// The vote of `Hall::deciding_with_vote` runs from 10 to 100; the meeting is held from 50
/// to 90 with it on its agenda, and lets an agent hold two authorisations.
const MEETING: u8 = 40;

fn held(hall: &mut Hall) -> (EntityId, EntityId) {
    let (_, vote) = hall.deciding_with_vote();
    let draft = MeetingDraft {
        kind: MeetingKind::Assembly,
        title: "业主大会".to_owned(),
        place: "小区广场".to_owned(),
        starts_at: Timestamp(50),
        ends_at: Timestamp(90),
        agenda: vec![vote],
        tellers: vec![],
        scrutineers: vec![],
        max_proxies: 2,
    };
    let committee = actor("周主任", Role::Committee, None);
    let create = Mutation::CreateMeeting { id: id(MEETING), draft };
    assert_eq!(hall.run(&committee, 6, create), Ok(Applied::Done));
    (id(MEETING), vote)
}

fn draft(unit_id: &str, agent: &str, contact: &str) -> ProxyDraft {
    ProxyDraft {
        unit: unit(unit_id),
        agent: agent.to_owned(),
        agent_contact: contact.to_owned(),
        votes: vec![],
    }
}

fn record(proxy: u8, meeting: EntityId, d: ProxyDraft) -> Mutation {
    Mutation::RecordProxy { id: id(proxy), meeting, draft: d }
}

fn through(n: u8, vote: EntityId, unit_id: &str, proxy: Option<EntityId>) -> Mutation {
    match ballot(id(n), vote, unit_id, Choice::Yes, Channel::Proxy) {
        Mutation::CastBallot { id, vote, unit, choice, channel, sheet, .. } => {
            Mutation::CastBallot { id, vote, unit, choice, channel, sheet, proxy }
        }
        other => other,
    }
}

#[test]
fn the_committee_records_a_checked_authorisation_and_an_agent_holds_at_most_the_cap() {
    let mut hall = Hall::new();
    let (meeting, _) = held(&mut hall);
    let committee = actor("周主任", Role::Committee, None);
    let officer = actor("孙桂兰", Role::Officer, None);
    assert_eq!(
        hall.refused(&officer, 7, record(50, meeting, draft("1-101", "王强", "1234"))),
        Rejection::NotAllowed { action: Action::RecordProxy, role: Role::Officer }
    );
    let bad = ProxyDraft {
        agent: " ".to_owned(),
        agent_contact: "1".repeat(21),
        votes: vec![id(99)],
        ..draft("1-101", "", "")
    };
    assert_eq!(
        hall.refused(&committee, 7, record(50, meeting, bad)),
        Rejection::Draft {
            problems: vec![
                Rejection::Empty { field: Field::Agent },
                Rejection::TooLong { field: Field::AgentContact, max: 20 },
                Rejection::NotOnAgenda,
            ]
        }
    );
    assert_eq!(
        hall.refused(&committee, 7, record(50, meeting, draft("9-999", "王强", "1234"))),
        Rejection::UnknownUnit { unit: unit("9-999") }
    );
    assert_eq!(
        hall.refused(&committee, 7, record(50, id(98), draft("1-101", "王强", "1234"))),
        Rejection::NotFound { what: Subject::Meeting }
    );

    // 王 (1-101, 1-102) and 李 authorise one agent, written two ways: the cap of two is full.
    let ok = |hall: &mut Hall, n, d| hall.run(&committee, 7, record(n, meeting, d));
    assert_eq!(ok(&mut hall, 50, draft("1-102", "王强", "138-0000-1234")), Ok(Applied::Done));
    assert_eq!(ok(&mut hall, 51, draft("1-201", "王 强", "13800001234")), Ok(Applied::Done));
    assert_eq!(
        hall.refused(&committee, 7, record(52, meeting, draft("1-202", "王强", "13800001234"))),
        Rejection::AgentFull { max: 2 }
    );
    // The owner has one in force already, whichever unit names them.
    assert_eq!(
        hall.refused(&committee, 7, record(52, meeting, draft("1-101", "赵敏", "5678"))),
        Rejection::ProxyInForce { agent: "王强".to_owned() }
    );
    let kept = &hall.records.proxies[&id(50)];
    assert_eq!((kept.unit.as_str(), kept.owner.as_str()), ("1-102", "wang"));
    assert_eq!((kept.recorded_by.as_str(), kept.recorded_at), ("周主任", Timestamp(7)));

    // Revoked, it no longer counts against the cap, and the owner may authorise another.
    let revoke = |proxy| Mutation::RevokeProxy { proxy };
    assert_eq!(hall.run(&committee, 8, revoke(id(50))), Ok(Applied::Done));
    assert_eq!(hall.refused(&committee, 8, revoke(id(50))), Rejection::ProxyRevoked);
    assert_eq!(ok(&mut hall, 52, draft("1-202", "王强", "13800001234")), Ok(Applied::Done));
    assert_eq!(ok(&mut hall, 53, draft("1-101", "赵敏", "5678")), Ok(Applied::Done));
    // None after the meeting ended.
    assert_eq!(
        hall.refused(&committee, 91, record(54, meeting, draft("1-101", "钱", "1"))),
        Rejection::MeetingEnded
    );
}

#[test]
fn a_proxy_ballot_names_an_authorisation_in_force_for_that_owner_and_vote() {
    let mut hall = Hall::new();
    let (meeting, vote) = held(&mut hall);
    let committee = actor("周主任", Role::Committee, None);
    let officer = actor("孙桂兰", Role::Officer, None);
    let owner = actor("王", Role::Owner, Some("1-101"));
    hall.run(&committee, 7, record(50, meeting, draft("1-101", "王强", "1234"))).expect("record");

    assert_eq!(
        hall.refused(&officer, 60, through(60, vote, "1-101", None)),
        Rejection::ProxyNotOpen
    );
    assert_eq!(
        hall.refused(&officer, 60, through(60, vote, "1-101", Some(id(97)))),
        Rejection::NotFound { what: Subject::Proxy }
    );
    assert_eq!(
        hall.refused(&officer, 60, through(60, vote, "1-201", Some(id(50)))),
        Rejection::OthersUnit
    );
    assert_eq!(
        hall.refused(&owner, 60, through(60, vote, "1-101", Some(id(50)))),
        Rejection::NotAllowed { action: Action::CastBallot, role: Role::Owner }
    );
    // Through the other unit of the same owner: the authorisation is the owner's.
    assert_eq!(
        hall.run(&officer, 60, through(60, vote, "1-102", Some(id(50)))),
        Ok(Applied::BallotCounted { seq: 1 })
    );
    let cast = &hall.records.ballots[&id(60)];
    assert_eq!((cast.channel, cast.proxy), (Channel::Proxy, Some(id(50))));
    // Once used it stands.
    let revoke = Mutation::RevokeProxy { proxy: id(50) };
    assert_eq!(hall.refused(&committee, 61, revoke), Rejection::ProxyUsed);
}

#[test]
fn an_authorisation_for_named_votes_covers_only_those_and_a_revoked_one_none() {
    let mut hall = Hall::new();
    let (meeting, vote) = held(&mut hall);
    let committee = actor("周主任", Role::Committee, None);
    let officer = actor("孙桂兰", Role::Officer, None);
    // A second vote, not on the agenda: no authorisation names it.
    let elsewhere = ProxyDraft { votes: vec![id(2), id(3)], ..draft("1-201", "赵敏", "5678") };
    assert_eq!(hall.refused(&committee, 7, record(50, meeting, elsewhere)), Rejection::NotOnAgenda);
    let named = ProxyDraft { votes: vec![vote], ..draft("1-201", "赵敏", "5678") };
    hall.run(&committee, 7, record(50, meeting, named)).expect("record");
    hall.run(&committee, 7, record(51, meeting, draft("1-202", "钱", "1"))).expect("record");
    hall.run(&committee, 8, Mutation::RevokeProxy { proxy: id(51) }).expect("revoke");
    assert_eq!(
        hall.refused(&officer, 60, through(60, vote, "1-202", Some(id(51)))),
        Rejection::ProxyRevoked
    );
    assert!(hall.run(&officer, 60, through(60, vote, "1-201", Some(id(50)))).is_ok());
}

#[test]
fn the_first_accepted_ballot_of_an_owner_stands_whether_their_own_or_their_agents() {
    let mut hall = Hall::new();
    let (meeting, vote) = held(&mut hall);
    let committee = actor("周主任", Role::Committee, None);
    let officer = actor("孙桂兰", Role::Officer, None);
    hall.run(&committee, 7, record(50, meeting, draft("1-101", "王强", "1234"))).expect("王");
    hall.run(&committee, 7, record(51, meeting, draft("1-201", "赵敏", "5678"))).expect("李");

    // 王 voted at home first: the agent's ballot is kept as a duplicate, not counted.
    let own = actor("王", Role::Owner, Some("1-101"));
    let home = ballot(id(60), vote, "1-101", Choice::No, Channel::Online);
    assert_eq!(hall.run(&own, 20, home), Ok(Applied::BallotCounted { seq: 1 }));
    assert_eq!(
        hall.run(&officer, 60, through(61, vote, "1-101", Some(id(50)))),
        Err(Rejection::AlreadyVoted { counted_unit: unit("1-101"), duplicate: id(61) })
    );
    // 李's agent came first: 李's own ballot afterwards is the duplicate.
    assert!(hall.run(&officer, 60, through(62, vote, "1-201", Some(id(51)))).is_ok());
    let li = actor("李", Role::Owner, Some("1-201"));
    let late = ballot(id(63), vote, "1-201", Choice::No, Channel::Online);
    assert!(matches!(hall.run(&li, 70, late), Err(Rejection::AlreadyVoted { .. })));
    let counted: Vec<_> = hall
        .records
        .ballots_of(vote)
        .into_iter()
        .filter(|b| b.duplicate_of.is_none())
        .map(|b| b.id)
        .collect();
    assert_eq!(counted, [id(60), id(62)]);
    // The agent's ballot that was not counted used nothing: 王's authorisation is revocable.
    assert_eq!(
        hall.run(&committee, 71, Mutation::RevokeProxy { proxy: id(50) }),
        Ok(Applied::Done)
    );
}

#[test]
fn times_are_the_meetings_a_ballot_cast_before_a_revocation_stands_and_an_offline_record_arrives_late()
 {
    let mut hall = Hall::new();
    let (meeting, vote) = held(&mut hall);
    let committee = actor("周主任", Role::Committee, None);
    let officer = actor("孙桂兰", Role::Officer, None);
    // Recorded on the committee's phone during the meeting (85), received after it (95).
    let late = record(50, meeting, draft("1-101", "王强", "1234"));
    assert_eq!(hall.run_recorded(&committee, 95, Some(85), late), Ok(Applied::Done));
    let after = record(51, meeting, draft("1-201", "赵敏", "5678"));
    assert_eq!(
        hall.run_recorded(&committee, 95, Some(91), after.clone()),
        Err(Rejection::MeetingEnded)
    );
    let day = 24 * 3_600_000;
    assert_eq!(
        hall.run_recorded(&committee, 91 + day, Some(85), after),
        Err(Rejection::MeetingEnded)
    );
    // The same agent, the contact typed in full-width digits: one agent against the cap of 2.
    let full_width = draft("1-201", "王强", "１２３４");
    assert_eq!(
        hall.run_recorded(&committee, 89, None, record(52, meeting, full_width)),
        Ok(Applied::Done)
    );
    let third = draft("1-202", "王 强", "12-34");
    assert_eq!(
        hall.refused(&committee, 89, record(53, meeting, third)),
        Rejection::AgentFull { max: 2 }
    );
    let nobody = draft("1-202", "钱", "——");
    assert_eq!(
        hall.refused(&committee, 89, record(53, meeting, nobody)),
        Rejection::Empty { field: Field::AgentContact }
    );

    // Not before the meeting's door opens nor after it ends, though the vote is open.
    assert_eq!(
        hall.refused(&officer, 95, through(60, vote, "1-101", Some(id(50)))),
        Rejection::OutsideProxy
    );
    // Cast at 88 on an offline phone; revoked online at 89; received at 92: it stands.
    hall.run(&committee, 89, Mutation::RevokeProxy { proxy: id(52) }).expect("revoke");
    let offline = through(61, vote, "1-201", Some(id(52)));
    assert_eq!(
        hall.run_recorded(&officer, 92, Some(88), offline),
        Ok(Applied::BallotCounted { seq: 1 })
    );
    // Cast after the revocation: refused.
    hall.run(&committee, 89, Mutation::RevokeProxy { proxy: id(50) }).expect("revoke");
    let too_late = through(62, vote, "1-101", Some(id(50)));
    assert_eq!(hall.run_recorded(&officer, 92, Some(90), too_late), Err(Rejection::ProxyRevoked));
    assert_eq!(
        hall.records.proxies[&id(50)].revoked.as_ref().map(|r| r.by_id.as_str()),
        Some(committee.id.as_str())
    );
}
