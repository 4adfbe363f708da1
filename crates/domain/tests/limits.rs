//! The length limits of docs/protocol.md ("Mutations"): each text a change carries has a
//! bound, counted in Unicode scalar values (a Chinese character is one), and a change over it
//! is refused `invalid` (or `not_allowed` for a sheet number) with nothing written.

mod common;

use common::{Hall, actor, id, unit};
use yishiting_domain::mutation::{Mutation, Rejection, StageAction};
use yishiting_domain::{Channel, Choice, PollKind, ProposalDraft, Role};

fn draft(title: &str, body: &str, category: &str) -> ProposalDraft {
    ProposalDraft { title: title.to_owned(), body: body.to_owned(), category: category.to_owned() }
}

#[test]
fn every_text_of_a_change_has_its_bound_in_characters() {
    let mut hall = Hall::new();
    let (proposal, vote) = hall.deciding_with_vote();
    let resident = actor("刘", Role::Resident, None);
    let committee = actor("周主任", Role::Committee, None);
    let raise = |n, d| Mutation::RaiseProposal { id: id(n), draft: d };

    // At the bound, in Chinese characters (three bytes each in UTF-8): taken.
    assert!(
        hall.run(
            &resident,
            20,
            raise(30, draft(&"停".repeat(60), &"车".repeat(5_000), &"类".repeat(20)))
        )
        .is_ok()
    );
    // One over: refused, nothing written.
    for over in [
        draft(&"停".repeat(61), "x", ""),
        draft("t", &"车".repeat(5_001), ""),
        draft("t", "x", &"类".repeat(21)),
    ] {
        assert_eq!(hall.refused(&resident, 21, raise(31, over)).code(), "invalid");
    }

    let poll =
        |n, question: String, kind| Mutation::CreatePoll { id: id(n), proposal, question, kind };
    assert!(hall.run(&committee, 22, poll(32, "问".repeat(200), PollKind::YesNoAbstain)).is_ok());
    assert_eq!(
        hall.refused(&committee, 23, poll(33, "问".repeat(201), PollKind::YesNoAbstain)).code(),
        "invalid"
    );
    let options = |n: u8, chars: usize| {
        (0..n).map(|i| format!("{}{}", char::from(b'a' + i), "项".repeat(chars - 1))).collect()
    };
    assert!(
        hall.run(&committee, 24, poll(34, "q".into(), PollKind::Single(options(20, 100)))).is_ok()
    );
    for kind in [PollKind::Single(options(21, 10)), PollKind::Multiple(options(2, 101))] {
        assert_eq!(hall.refused(&committee, 25, poll(35, "q".into(), kind)).code(), "invalid");
    }

    let sheet = |n, text: String| Mutation::CastBallot {
        id: id(n),
        vote,
        unit: unit("1-101"),
        choice: Choice::Yes,
        channel: Channel::Paper,
        sheet: Some(text),
        proxy: None,
    };
    assert_eq!(hall.refused(&committee, 50, sheet(36, "9".repeat(33))).code(), "not_allowed");
    // Within the bound, a number that is not this owner's sheet's is refused as such.
    assert_eq!(
        hall.refused(&committee, 51, sheet(37, "9".repeat(32))),
        Rejection::WrongSheet { unit: unit("1-101") }
    );

    let reason = |text: String| Mutation::MoveStage {
        proposal: id(30),
        action: StageAction::Withdraw { reason: text },
    };
    assert_eq!(hall.refused(&committee, 60, reason("由".repeat(501))).code(), "invalid");
    assert!(hall.run(&committee, 61, reason("由".repeat(500))).is_ok());
}
