//! The demo community obeys the rules and shows what it is meant to show.

use std::collections::{BTreeMap, BTreeSet};

use yishiting_demo::{DEVELOPER, Demo, community, envelopes, units};
use yishiting_domain::mutation::{Mutation, Rejection};
use yishiting_domain::records::{BallotRecord, MemoryRecords};
use yishiting_domain::{
    Channel, NonResponse, Outcome, OwnersVote, Register, Role, Stage, Timestamp, tally,
};

/// 2024-05-18 20:00 in Chongqing (UTC+8), as milliseconds since the epoch.
const NOW: Timestamp = Timestamp(1_716_033_600_000);

fn demo() -> Demo {
    community(NOW)
}

fn register(records: &MemoryRecords) -> Register {
    Register::new(records.units.values().cloned().collect()).expect("unit ids are unique")
}

/// The vote still open at `NOW` and the one already closed.
fn votes(records: &MemoryRecords) -> (&OwnersVote, &OwnersVote) {
    votes_at(records, NOW)
}

fn votes_at(records: &MemoryRecords, now: Timestamp) -> (&OwnersVote, &OwnersVote) {
    let open: Vec<&OwnersVote> = records.votes.values().filter(|v| v.closes_at > now).collect();
    let closed: Vec<&OwnersVote> = records.votes.values().filter(|v| v.closes_at <= now).collect();
    assert_eq!((open.len(), closed.len()), (1, 1), "one open vote and one closed");
    (open[0], closed[0])
}

fn count<'a>(records: &'a MemoryRecords, vote: &OwnersVote) -> (Vec<&'a BallotRecord>, Outcome) {
    let ballots = records.ballots_of(vote.id);
    let plain: Vec<_> = ballots.iter().map(|b| b.ballot()).collect();
    let outcome = tally(&register(records), &plain, vote.matter, vote.policy, &[])
        .expect("every ballot names a unit of the register");
    (ballots, outcome)
}

/// Applies the demo's changes to its register, keeping every refusal.
fn replay(now: Timestamp) -> (MemoryRecords, Vec<(String, Rejection)>) {
    let units = units().into_iter().map(|u| (u.id.clone(), u)).collect();
    let mut records = MemoryRecords { units, ..MemoryRecords::default() };
    let mut refused = Vec::new();
    for envelope in envelopes(now) {
        let answer = records.apply_now(&envelope);
        if let Err(rejection) = answer {
            refused.push((format!("{:?}", envelope.mutation), rejection));
        }
    }
    (records, refused)
}

#[test]
fn every_change_is_accepted_but_the_one_duplicate_ballot() {
    let (records, refused) = replay(NOW);
    let codes: Vec<&str> = refused.iter().map(|(_, r)| r.code()).collect();
    assert_eq!(codes, ["already_voted"], "refused: {refused:#?}");
    assert_eq!(records, demo().records, "community() is the same changes applied");
}

#[test]
fn whatever_the_hour_it_is_loaded() {
    let midnight = NOW.0 - 20 * 3_600_000;
    let demo = demo();
    let usual = count(&demo.records, votes(&demo.records).0).1.real;
    for minutes in [0, 1, 20, 7 * 60, 12 * 60 + 30, 22 * 60, 23 * 60 + 59] {
        let now = Timestamp(midnight + minutes * 60_000);
        let (records, refused) = replay(now);
        let codes: Vec<&str> = refused.iter().map(|(_, r)| r.code()).collect();
        assert_eq!(codes, ["already_voted"], "at {minutes} minutes past midnight");
        assert!(envelopes(now).iter().all(|e| e.at < now));
        let (open, closed) = votes_at(&records, now);
        assert!(count(&records, closed).1.passed());
        let outcome = count(&records, open).1;
        assert_eq!(outcome.duplicates.len(), 1);
        assert_eq!(outcome.real, usual, "who voted how does not depend on the hour");
        assert_eq!(
            records.comments.keys().collect::<Vec<_>>(),
            demo.records.comments.keys().collect::<Vec<_>>(),
            "ids do not depend on the hour"
        );
    }
}

#[test]
fn changes_run_forwards_and_end_before_now() {
    let all = envelopes(NOW);
    assert!(all.windows(2).all(|w| w[0].at <= w[1].at), "in time order");
    assert!(all.iter().all(|e| e.at < NOW), "nothing happens after now");
    let ids: BTreeSet<_> = all.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), all.len(), "every change has its own id");
    for e in &all {
        if let Mutation::OpenVote { proposal, .. } = &e.mutation {
            assert_eq!(e.actor.role, Role::Committee, "{proposal}");
        }
    }
}

#[test]
fn the_register_has_about_six_hundred_units_and_the_expected_owners() {
    let units = units();
    assert!((550..=650).contains(&units.len()), "{} units", units.len());
    let mut by_owner: BTreeMap<&str, usize> = BTreeMap::new();
    for unit in &units {
        *by_owner.entry(unit.owner.as_str()).or_default() += 1;
        let m2 = unit.area.hundredths();
        assert!((6_000..=18_000).contains(&m2), "{} has {}", unit.id, unit.area);
        assert!(unit.building.is_some() && unit.room.is_some() && unit.owner_name.is_some());
        let parts: Vec<&str> = unit.id.as_str().split('-').collect();
        assert_eq!(parts.len(), 3, "{}", unit.id);
    }
    let developer = by_owner.get(DEVELOPER).copied().unwrap_or(0);
    assert!((10..=20).contains(&developer), "the developer holds {developer} units");
    let several = by_owner.iter().filter(|(k, n)| **k != DEVELOPER && **n >= 2).count();
    let three = by_owner.values().filter(|n| **n == 3).count();
    assert!(several >= 10 && three >= 1, "{several} owners of several units, {three} of three");
    let single = by_owner.values().filter(|n| **n == 1).count();
    assert!(single * 10 >= by_owner.len() * 8, "most owners have one unit");
}

#[test]
fn matters_stand_at_every_step_and_one_was_rejected_or_withdrawn() {
    let demo = demo();
    let stages: Vec<Stage> = demo.records.proposals.values().map(|p| p.stage).collect();
    assert!(stages.len() >= 7, "{} matters", stages.len());
    for step in Stage::STEPS {
        assert!(stages.contains(&step), "no matter at {step:?}");
    }
    let closed: Vec<_> = demo
        .records
        .proposals
        .values()
        .filter(|p| matches!(p.stage, Stage::Withdrawn | Stage::Rejected))
        .collect();
    assert!(!closed.is_empty(), "no matter withdrawn or rejected");
    for p in closed {
        let reason = p.history.last().and_then(|h| h.reason.as_deref()).unwrap_or("");
        assert!(!reason.is_empty(), "{} has no reason", p.title);
    }
}

#[test]
fn every_role_speaks_and_some_replies() {
    let demo = demo();
    let roles: BTreeSet<&str> = demo.records.comments.values().map(|c| c.role.as_str()).collect();
    for role in [
        Role::Resident,
        Role::Owner,
        Role::Committee,
        Role::Property,
        Role::PartyBranch,
        Role::Community,
    ] {
        assert!(roles.contains(role.as_str()), "{} never speaks", role.badge());
    }
    let replies = demo.records.comments.values().filter(|c| c.parent.is_some()).count();
    assert!(replies >= 5, "{replies} replies");
    for proposal in demo.records.proposals.keys() {
        let n = demo.records.comments.values().filter(|c| c.proposal == *proposal).count();
        assert!(n >= 3, "a matter with {n} comments");
    }
}

#[test]
fn the_open_vote_has_half_the_owners_and_one_duplicate() {
    let demo = demo();
    let (open, _) = votes(&demo.records);
    assert_eq!(open.matter.number(), 5, "using the maintenance fund");
    assert!(open.opens_at < NOW && open.closes_at > NOW);
    let proposal = &demo.records.proposals[&open.proposal];
    assert_eq!(proposal.stage, Stage::Deciding);
    let (ballots, outcome) = count(&demo.records, open);
    let voted = outcome.real.participating().owners;
    let share = voted * 100 / outcome.total.owners;
    assert!((40..=60).contains(&share), "{voted} of {} owners voted", outcome.total.owners);
    assert_eq!(outcome.duplicates.len(), 1, "{:?}", outcome.duplicates);
    assert!(outcome.real.yes.owners > outcome.real.no.owners + outcome.real.abstain.owners);
    assert!(outcome.real.no.owners > 0 && outcome.real.abstain.owners > 0);
    let duplicate = ballots.iter().filter(|b| b.duplicate_of.is_some()).count();
    assert_eq!(duplicate, 1);
    for b in &ballots {
        assert!(open.opens_at <= b.at && b.at < open.closes_at && b.at < NOW);
        match b.channel {
            Channel::Online => assert_ne!(b.device, "党群驿站平板"),
            Channel::Meeting => assert_eq!(b.recorded_by, "孙桂兰"),
            other => panic!("unexpected channel {other:?}"),
        }
    }
    let channels: BTreeSet<_> = ballots.iter().map(|b| b.channel.to_string()).collect();
    assert_eq!(channels.len(), 2, "online and at the meeting");
}

#[test]
fn the_closed_vote_passed_and_its_matter_moved_on() {
    let demo = demo();
    let (_, closed) = votes(&demo.records);
    assert_eq!(closed.matter.number(), 2, "amending the management covenant");
    let (ballots, outcome) = count(&demo.records, closed);
    assert!(outcome.quorum_met(), "{:?}", outcome.quorum());
    assert!(outcome.passed(), "{outcome:?}");
    assert!(outcome.duplicates.is_empty());
    assert!(ballots.iter().all(|b| closed.opens_at <= b.at && b.at < closed.closes_at));
    let proposal = &demo.records.proposals[&closed.proposal];
    assert!(matches!(proposal.stage, Stage::FollowingUp | Stage::Published));
    let moved_on = proposal.history.iter().find(|h| h.from == Stage::Deciding).expect("moved on");
    assert!(moved_on.at >= closed.closes_at, "moved on only after the vote closed");
    let opened =
        proposal.history.iter().find(|h| h.to == Stage::Deciding).expect("reached 决议").at;
    assert!(opened <= closed.created_at);
}

#[test]
fn the_opinion_polls_have_answers() {
    let demo = demo();
    assert!(demo.records.polls.len() >= 2);
    for poll in demo.records.polls.values() {
        let results = poll.results();
        assert!(results.people >= 20, "{}: {} answers", poll.question, results.people);
        let chosen = results.counts.iter().filter(|&&n| n > 0).count();
        assert!(chosen >= 2, "{}: {:?}", poll.question, results);
    }
}

#[test]
fn the_same_demo_every_call() {
    assert_eq!(demo(), demo());
    let later = community(Timestamp(NOW.0 + 86_400_000));
    assert_eq!(
        later.records.proposals.keys().collect::<Vec<_>>(),
        demo().records.proposals.keys().collect::<Vec<_>>(),
        "ids do not depend on the time"
    );
    assert_eq!(demo().policy, NonResponse::None);
}

#[test]
fn cards_are_what_rebuilding_them_gives() {
    let demo = demo();
    let mut rebuilt = demo.records.clone();
    rebuilt.cards.clear();
    rebuilt.rebuild_cards();
    assert_eq!(rebuilt.cards, demo.records.cards);
    assert_eq!(demo.records.cards.len(), demo.records.proposals.len());
}

/// The parking covenant was decided at an assembly whose notice went out 15 days ahead, every
/// owner who voted there signed in first, once; two meetings are announced, the assembly
/// with at least 15 days' notice.
#[test]
fn the_covenant_assembly_was_held_and_two_meetings_are_announced() {
    use yishiting_domain::{ASSEMBLY_NOTICE_DAYS, MeetingKind};
    let records = demo().records;
    let (_, closed) = votes(&records);
    let (held, coming): (Vec<_>, Vec<_>) = records.meetings.values().partition(|m| m.ends_at < NOW);
    assert_eq!((held.len(), coming.len()), (1, 2));
    let held = held[0];
    assert_eq!((held.kind, &held.agenda), (MeetingKind::Assembly, &vec![closed.id]));
    let notice = held.notice.as_ref().expect("a notice");
    assert_eq!(held.days_ahead(notice.published_at), ASSEMBLY_NOTICE_DAYS);
    assert_eq!(notice.early_reason, None);

    let signed: Vec<_> = records.sign_ins.values().filter(|s| s.meeting == held.id).collect();
    let owners: BTreeSet<_> = signed.iter().map(|s| &s.owner).collect();
    assert_eq!(owners.len(), signed.len(), "one sign-in per owner");
    let at_meeting: Vec<_> = records
        .ballots_of(closed.id)
        .into_iter()
        .filter(|b| b.channel == Channel::Meeting)
        .collect();
    assert!(at_meeting.len() >= 20, "{} ballots at the meeting", at_meeting.len());
    for ballot in &at_meeting {
        let sign_in = signed.iter().find(|s| s.owner == ballot.owner).expect("signed in");
        assert!(sign_in.at < ballot.at && !sign_in.late, "{} signed in before voting", ballot.unit);
    }
    assert!(signed.len() > at_meeting.len(), "some came who had voted online");

    for meeting in coming {
        let notice = meeting.notice.as_ref().expect("announced");
        assert!(notice.published_at < NOW && meeting.starts_at > NOW);
        if meeting.kind == MeetingKind::Assembly {
            assert!(meeting.days_ahead(notice.published_at) >= ASSEMBLY_NOTICE_DAYS);
        }
    }
}
