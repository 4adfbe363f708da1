//! A vote's window, the late arrivals of its counting period, and the seal (docs/counting.md):
//! whatever time a device claims, nothing it recorded reaches a vote after the seal or the
//! counting period, and nothing recorded after the close counts.

mod common;

use common::{Hall, actor, ballot, id, unit};
use yishiting_domain::mutation::{Applied, Mutation, Rejection};
use yishiting_domain::{
    Channel, Choice, Matter, NonResponse, OwnerKey, Role, Seal, Timestamp, sheet_number,
};

/// `deciding_with_vote` opens at 10 and closes at 100, with the default 24 hours to count.
const CLOSES: i64 = 100;
const COUNTING_ENDS: i64 = CLOSES + 24 * 3_600_000;

fn paper(n: u8, unit_id: &str, sheet: &str) -> Mutation {
    Mutation::CastBallot {
        id: id(n),
        vote: id(2),
        unit: unit(unit_id),
        choice: Choice::No,
        channel: Channel::Paper,
        sheet: Some(sheet.to_owned()),
        proxy: None,
    }
}

#[test]
fn ballots_recorded_in_the_window_arrive_late_until_the_counting_period_ends() {
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_vote();
    let officer = actor("孙桂兰", Role::Officer, None);
    let meeting = |n, unit| ballot(id(n), vote, unit, Choice::Yes, Channel::Meeting);

    // Recorded at the meeting at 50, synced after the close: counted, and marked late.
    let late = hall.run_recorded(&officer, CLOSES + 5_000, Some(50), meeting(40, "1-101"));
    assert!(matches!(late, Ok(Applied::BallotCounted { .. })), "{late:?}");
    let record = &hall.records.ballots[&id(40)];
    assert_eq!(
        (record.at, record.received_at, record.late, record.recorded_by.as_str()),
        (Timestamp(50), Some(Timestamp(CLOSES + 5_000)), true, "孙桂兰")
    );
    // Who recorded it, by account: two officers of one name are told apart.
    assert_eq!(record.recorded_by_id.as_deref(), Some("person-孙桂兰"));
    // The same phone's ballot recorded after the close: refused, whatever arrives when.
    let after = hall.run_recorded(&officer, CLOSES + 6_000, Some(CLOSES), meeting(41, "1-201"));
    assert_eq!(after.map_err(|r| r.code()), Err("vote_not_open"));
    // A paper sheet entered by an officer, then by the committee on the last millisecond of
    // the period: the second entry makes the ballot.
    let committee = actor("周主任", Role::Committee, None);
    let number = sheet_number(vote, &OwnerKey::parse("li").expect("owner"));
    let first =
        hall.run_recorded(&officer, COUNTING_ENDS - 2, Some(60), paper(45, "1-201", &number));
    assert_eq!(first, Ok(Applied::SheetEntered));
    let sheet =
        hall.run_recorded(&committee, COUNTING_ENDS - 1, Some(60), paper(42, "1-201", &number));
    assert!(matches!(sheet, Ok(Applied::BallotCounted { .. })), "{sheet:?}");
    assert!(hall.records.ballots[&id(42)].late);
    // An owner's own phone never arrives late, whatever time it claims.
    let owner = actor("张", Role::Owner, Some("1-202"));
    let online = ballot(id(43), vote, "1-202", Choice::Yes, Channel::Online);
    let refused = hall.run_recorded(&owner, CLOSES + 1, Some(50), online);
    assert_eq!(refused.map_err(|r| r.code()), Err("vote_not_open"));
    // After the counting period nothing arrives: the phone that synced three months later.
    let months =
        hall.run_recorded(&officer, CLOSES + 90 * 86_400_000, Some(50), meeting(44, "1-202"));
    assert_eq!(months, Err(Rejection::CountingOver));
    assert_eq!(
        hall.run(
            &officer,
            COUNTING_ENDS,
            Mutation::RecordDeliveries { vote, units: vec![unit("1-202")], method: None }
        ),
        Err(Rejection::CountingOver)
    );
    // Ballots in the window are not late; a device clock ahead counts as the receipt.
    let mut hall = Hall::new();
    hall.deciding_with_vote();
    let early = hall.run_recorded(&officer, 20, Some(CLOSES + 500), meeting(45, "1-101"));
    assert!(early.is_ok(), "{early:?}");
    let record = &hall.records.ballots[&id(45)];
    assert_eq!((record.at, record.late), (Timestamp(20), false));
}

#[test]
fn only_the_committee_seals_only_after_the_close_and_then_nothing_moves() {
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_vote();
    let committee = actor("周主任", Role::Committee, None);
    let officer = actor("孙桂兰", Role::Officer, None);
    let seal = Mutation::SealVote { vote };
    assert_eq!(hall.refused(&officer, CLOSES, seal.clone()).code(), "not_allowed");
    assert_eq!(hall.refused(&committee, CLOSES - 1, seal.clone()).code(), "invalid");
    let owner = actor("王", Role::Owner, Some("1-101"));
    hall.run(&owner, 30, ballot(id(40), vote, "1-101", Choice::Yes, Channel::Online))
        .expect("in the window");
    let cards = hall.records.cards.clone();
    hall.run(&committee, CLOSES + 7, seal.clone()).expect("sealed");
    assert_eq!(
        hall.records.votes[&vote].sealed,
        Some(Seal {
            at: Timestamp(CLOSES + 7),
            by: "周主任".to_owned(),
            by_id: "person-周主任".to_owned()
        })
    );
    assert_eq!(hall.records.cards, cards, "a seal leaves the cards as rebuild_card finds them");
    assert_eq!(hall.refused(&committee, CLOSES + 8, seal).code(), "vote_sealed");

    // Every channel, recorded in the window or not, and deliveries: refused with one code.
    let tries = [
        (&officer, ballot(id(41), vote, "1-201", Choice::No, Channel::Meeting)),
        (&committee, paper(42, "1-202", "018")),
        (&owner, ballot(id(43), vote, "1-102", Choice::No, Channel::Online)),
        (&officer, Mutation::RecordDeliveries { vote, units: vec![unit("1-201")], method: None }),
    ];
    for (who, mutation) in tries {
        let before = hall.records.clone();
        let refused = hall.run_recorded(who, CLOSES + 9, Some(50), mutation);
        assert_eq!(refused, Err(Rejection::Sealed));
        assert_eq!(hall.records, before, "a refusal after the seal wrote something");
    }
}

#[test]
fn a_vote_cannot_open_in_the_past_nor_count_forever() {
    let mut hall = Hall::new();
    let (proposal, vote) = hall.deciding_with_vote();
    let committee = actor("周主任", Role::Committee, None);
    let now = 1_000 * 60_000;
    // The matter's first vote is over and sealed: a new one may open, by these rules.
    assert!(hall.run(&committee, now - 1, Mutation::SealVote { vote }).is_ok());
    let open = |n, opens_at: i64, counting_hours| Mutation::OpenVote {
        id: id(n),
        proposal,
        matter: Matter::new(5).expect("matter"),
        opens_at: Timestamp(opens_at),
        closes_at: Timestamp(now + 3_600_000),
        policy: NonResponse::None,
        counting_hours,
    };
    let past = hall.refused(&committee, now, open(60, now - 11 * 60_000, 24));
    assert_eq!(past, Rejection::OpensInPast);
    assert_eq!(hall.refused(&committee, now, open(61, now, 0)).code(), "invalid");
    assert_eq!(hall.refused(&committee, now, open(62, now, 721)).code(), "invalid");
    // A clock a few minutes behind, or a form filled a little while ago, is fine.
    assert_eq!(hall.run(&committee, now, open(63, now - 9 * 60_000, 720)), Ok(Applied::Done));
}

#[test]
fn a_matter_has_one_vote_at_a_time_until_its_count_is_sealed() {
    let mut hall = Hall::new();
    let (proposal, vote) = hall.deciding_with_vote();
    let committee = actor("周主任", Role::Committee, None);
    let again = |n| Mutation::OpenVote {
        id: id(n),
        proposal,
        matter: Matter::new(5).expect("matter"),
        opens_at: Timestamp(CLOSES + 1_000),
        closes_at: Timestamp(CLOSES + 10_000),
        policy: NonResponse::None,
        counting_hours: 24,
    };
    // Open, then closed but unsealed: refused, nothing written.
    assert_eq!(hall.refused(&committee, 50, again(60)).code(), "invalid");
    assert_eq!(hall.refused(&committee, CLOSES + 500, again(61)).code(), "invalid");
    // Sealed: a new vote on the matter may open (a re-vote), and the card follows it.
    assert!(hall.run(&committee, CLOSES + 600, Mutation::SealVote { vote }).is_ok());
    assert!(hall.run(&committee, CLOSES + 700, again(62)).is_ok());
    assert_eq!(hall.records.cards[&proposal].vote.as_ref().map(|v| v.vote), Some(id(62)));
}
