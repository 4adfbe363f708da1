//! Paper sheets (纸质表决票, DOMAIN.md "Meetings in person"): numbered, one per owner and vote;
//! a sheet counts when two different people entered it identically; a mismatch waits for a
//! third person to settle it from the paper; a number entered for another owner is refused.

mod common;

use common::{Hall, actor, id, unit};
use yishiting_domain::mutation::{Applied, Mutation, Rejection};
use yishiting_domain::{
    Channel, Choice, EntityId, OwnerKey, SheetState, read_sheet_number, sheet_number,
};

fn owner(key: &str) -> OwnerKey {
    OwnerKey::parse(key).expect("owner key")
}

fn entry(n: u8, vote: EntityId, unit_id: &str, choice: Choice, sheet: &str) -> Mutation {
    Mutation::CastBallot {
        id: id(n),
        vote,
        unit: unit(unit_id),
        choice,
        channel: Channel::Paper,
        sheet: Some(sheet.to_owned()),
        proxy: None,
    }
}

fn sheet_of(hall: &Hall, vote: EntityId, owner_key: &str) -> yishiting_domain::PaperSheet {
    let key = yishiting_domain::PaperSheet::key(vote, &sheet_number(vote, &owner(owner_key)));
    hall.records.sheets.get(&key).cloned().expect("the sheet is recorded")
}

#[test]
fn a_sheet_number_is_eight_digits_fixed_by_its_vote_and_owner() {
    let vote = EntityId::parse("0192c3a0-0000-7000-8000-000000000001").expect("id");
    // The test vector of docs/protocol.md ("Paper sheets").
    assert_eq!(sheet_number(vote, &owner("O-0001")), "8497-8028");
    let wang = sheet_number(vote, &owner("wang"));
    assert_eq!(sheet_number(vote, &owner("wang")), wang, "the same every time");
    assert_ne!(sheet_number(vote, &owner("li")), wang, "another owner's differs");
    assert_ne!(sheet_number(id(9), &owner("wang")), wang, "another vote's differs");
    assert_eq!(read_sheet_number(" 1234 5678 "), Some("1234-5678".to_owned()));
    assert_eq!(read_sheet_number("1234-5678"), Some("1234-5678".to_owned()));
    assert_eq!(read_sheet_number("1234-567"), None);
    assert_eq!(read_sheet_number("P-12345678"), None);
}

#[test]
fn a_sheet_counts_when_a_second_person_enters_it_alike_and_not_before() {
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_vote();
    let number = sheet_number(vote, &owner("li"));
    let (zhou, sun) = (
        actor("周主任", yishiting_domain::Role::Committee, None),
        actor("孙桂兰", yishiting_domain::Role::Officer, None),
    );
    assert_eq!(
        hall.run(&zhou, 20, entry(30, vote, "1-201", Choice::Yes, &number)),
        Ok(Applied::SheetEntered)
    );
    assert!(hall.records.ballots_of(vote).is_empty(), "one entry is no ballot");
    assert_eq!(sheet_of(&hall, vote, "li").state(), SheetState::Once);
    // The same person again is no second entry, whatever they typed.
    assert_eq!(
        hall.refused(&zhou, 21, entry(31, vote, "1-201", Choice::Yes, &number)),
        Rejection::SheetEnteredByYou
    );
    // Typed with spaces instead of the dash: the same sheet.
    let spaced = number.replace('-', " ");
    assert_eq!(
        hall.run(&sun, 22, entry(32, vote, "1-201", Choice::Yes, &spaced)),
        Ok(Applied::BallotCounted { seq: 1 })
    );
    let ballots = hall.records.ballots_of(vote);
    assert_eq!(ballots.len(), 1);
    let b = ballots[0];
    assert_eq!((b.id, b.choice, b.channel), (id(32), Choice::Yes, Channel::Paper));
    assert_eq!((b.sheet.as_deref(), b.recorded_by.as_str()), (Some(number.as_str()), "孙桂兰"));
    let sheet = sheet_of(&hall, vote, "li");
    assert_eq!(
        (sheet.state(), sheet.ballot, sheet.entries.len()),
        (SheetState::Entered, Some(id(32)), 2)
    );
    // Entered: a third entry changes nothing.
    let third = actor("钱会计", yishiting_domain::Role::Committee, None);
    assert_eq!(
        hall.refused(&third, 23, entry(33, vote, "1-201", Choice::No, &number)),
        Rejection::SheetDone
    );
}

#[test]
fn a_mismatch_waits_for_a_third_person_who_settles_it_from_the_paper() {
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_vote();
    let number = sheet_number(vote, &owner("wang"));
    let role = yishiting_domain::Role::Committee;
    let (a, b, c) = (actor("甲", role, None), actor("乙", role, None), actor("丙", role, None));
    assert_eq!(
        hall.run(&a, 20, entry(30, vote, "1-101", Choice::Yes, &number)),
        Ok(Applied::SheetEntered)
    );
    // The second reads 反对: neither counts.
    assert_eq!(
        hall.run(&b, 21, entry(31, vote, "1-101", Choice::No, &number)),
        Ok(Applied::SheetMismatch)
    );
    assert!(hall.records.ballots_of(vote).is_empty(), "a mismatch is no ballot");
    assert_eq!(sheet_of(&hall, vote, "wang").state(), SheetState::Mismatch);
    // Neither of the two settles it.
    assert_eq!(
        hall.refused(&a, 22, entry(32, vote, "1-101", Choice::Yes, &number)),
        Rejection::SheetEnteredByYou
    );
    // The third person reads the paper: 反对, through the owner's other unit as the sheet says.
    assert_eq!(
        hall.run(&c, 23, entry(33, vote, "1-102", Choice::No, &number)),
        Ok(Applied::BallotCounted { seq: 1 })
    );
    let ballots = hall.records.ballots_of(vote);
    assert_eq!(ballots.len(), 1);
    assert_eq!((ballots[0].id, ballots[0].choice), (id(33), Choice::No));
    assert_eq!(ballots[0].unit, unit("1-102"));
    assert_eq!(sheet_of(&hall, vote, "wang").entries.len(), 3, "every entry kept");
}

#[test]
fn a_number_entered_for_another_owner_is_refused_and_nothing_kept() {
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_vote();
    let officer = actor("孙桂兰", yishiting_domain::Role::Officer, None);
    let lis = sheet_number(vote, &owner("li"));
    // 李's sheet typed against 张's unit: the number or the unit is mistyped.
    assert_eq!(
        hall.refused(&officer, 20, entry(30, vote, "1-202", Choice::Yes, &lis)),
        Rejection::WrongSheet { unit: unit("1-202") }
    );
    // A number of another vote, a number with a digit wrong, free text: refused alike.
    let other_vote = sheet_number(id(9), &owner("li"));
    let mut slipped = lis.clone();
    slipped.replace_range(0..1, if lis.starts_with('1') { "2" } else { "1" });
    for typed in [other_vote.as_str(), slipped.as_str(), "第12号"] {
        assert_eq!(
            hall.refused(&officer, 20, entry(30, vote, "1-201", Choice::Yes, typed)),
            Rejection::WrongSheet { unit: unit("1-201") },
            "{typed}"
        );
    }
}

#[test]
fn a_sheet_entered_alike_after_the_owner_voted_is_kept_as_a_duplicate_not_counted() {
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_vote();
    let li = actor("李", yishiting_domain::Role::Owner, Some("1-201"));
    let online = common::ballot(id(29), vote, "1-201", Choice::No, Channel::Online);
    assert_eq!(hall.run(&li, 15, online), Ok(Applied::BallotCounted { seq: 1 }));
    let number = sheet_number(vote, &owner("li"));
    let role = yishiting_domain::Role::Committee;
    let (a, b) = (actor("甲", role, None), actor("乙", role, None));
    assert_eq!(
        hall.run(&a, 20, entry(30, vote, "1-201", Choice::Yes, &number)),
        Ok(Applied::SheetEntered)
    );
    assert_eq!(
        hall.run(&b, 21, entry(31, vote, "1-201", Choice::Yes, &number)),
        Err(Rejection::AlreadyVoted { counted_unit: unit("1-201"), duplicate: id(31) })
    );
    let ballots = hall.records.ballots_of(vote);
    assert_eq!(ballots.len(), 2);
    assert_eq!((ballots[1].duplicate_of, ballots[1].channel), (Some(id(29)), Channel::Paper));
    assert_eq!(sheet_of(&hall, vote, "li").state(), SheetState::Entered);
}
