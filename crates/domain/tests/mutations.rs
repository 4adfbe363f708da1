//! The rules of each change, applied to records in memory.

use yishiting_domain::mutation::{
    Action, Applied, Envelope, Field, Mutation, Rejection, StageAction,
};
use yishiting_domain::records::{DeliveryMethod, DeliveryRecord};
use yishiting_domain::{
    Area, Channel, Choice, Matter, NonResponse, OwnerKey, PollKind, ProposalDraft, Register, Role,
    Stage, Timestamp, read_sheet_number, sheet_number, tally,
};

mod common;

use common::{Hall, actor, ballot, id, unit};

#[test]
fn a_matter_is_raised_discussed_and_moved() {
    let mut hall = Hall::new();
    let (p, c) = (id(1), id(2));
    let resident = actor("刘", Role::Resident, None);
    let draft = ProposalDraft {
        title: "垃圾桶异味".to_owned(),
        body: "1 楼阳台正对垃圾桶。".to_owned(),
        category: "环境".to_owned(),
    };
    hall.run(&resident, 1, Mutation::RaiseProposal { id: p, draft }).expect("raised");
    hall.run(
        &resident,
        2,
        Mutation::AddComment { id: c, proposal: p, reply_to: None, body: "同意".to_owned() },
    )
    .expect("comment");
    let property = actor("物业张经理", Role::Property, None);
    hall.run(
        &property,
        3,
        Mutation::AddComment {
            id: id(3),
            proposal: p,
            reply_to: Some(c),
            body: "三天内整改".to_owned(),
        },
    )
    .expect("reply");
    assert_eq!(hall.records.comments[&id(3)].parent, Some(c));
    assert_eq!(hall.records.comments[&id(3)].role, Role::Property);
    let card = &hall.records.cards[&p];
    assert_eq!(
        (card.comments, card.last_activity, card.stage),
        (2, Timestamp(3), Stage::Collecting)
    );

    let rejection = hall.refused(
        &resident,
        4,
        Mutation::MoveStage { proposal: p, action: StageAction::Advance },
    );
    assert_eq!(rejection.code(), "not_allowed");
    let branch = actor("吴书记", Role::PartyBranch, None);
    hall.run(&branch, 5, Mutation::MoveStage { proposal: p, action: StageAction::Advance })
        .expect("advance");
    assert_eq!(hall.records.cards[&p].stage, Stage::Proposed);
    let reject =
        Mutation::MoveStage { proposal: p, action: StageAction::Reject { reason: " ".to_owned() } };
    assert_eq!(hall.refused(&branch, 6, reject).code(), "invalid");
    let reject = Mutation::MoveStage {
        proposal: p,
        action: StageAction::Reject { reason: "已由物业整改".to_owned() },
    };
    hall.run(&branch, 7, reject).expect("rejected");
    assert_eq!(
        hall.records.proposals[&p].history.last().and_then(|h| h.reason.as_deref()),
        Some("已由物业整改")
    );
    let late =
        Mutation::AddComment {
            id: id(9), proposal: p, reply_to: None, body: "还有味".to_owned()
        };
    assert_eq!(hall.refused(&resident, 8, late).code(), "invalid");
}

#[test]
fn bad_drafts_and_missing_things_are_refused() {
    let mut hall = Hall::new();
    let resident = actor("刘", Role::Resident, None);
    let empty = Mutation::RaiseProposal { id: id(1), draft: ProposalDraft::default() };
    assert_eq!(
        hall.refused(&resident, 1, empty),
        Rejection::Draft {
            problems: vec![
                Rejection::Empty { field: Field::Title },
                Rejection::Empty { field: Field::Body },
            ]
        }
    );
    let orphan =
        Mutation::AddComment { id: id(2), proposal: id(42), reply_to: None, body: "x".to_owned() };
    assert_eq!(hall.refused(&resident, 1, orphan).code(), "not_found");
}

#[test]
fn only_the_committee_opens_a_vote_and_only_when_deciding() {
    let mut hall = Hall::new();
    let (proposal, _) = hall.deciding_with_vote();
    let open = |id| Mutation::OpenVote {
        id,
        proposal,
        matter: Matter::new(6).expect("matter"),
        opens_at: Timestamp(10),
        closes_at: Timestamp(20),
        policy: NonResponse::None,
        counting_hours: 24,
    };
    assert_eq!(
        hall.refused(&actor("王", Role::Owner, Some("1-101")), 6, open(id(50))).code(),
        "not_allowed"
    );
    assert_eq!(
        hall.refused(&actor("吴书记", Role::PartyBranch, None), 6, open(id(50))).code(),
        "not_allowed"
    );
    let committee = actor("周主任", Role::Committee, None);
    hall.run(&committee, 150, Mutation::SealVote { vote: id(2) }).expect("sealed");
    hall.run(&committee, 150, Mutation::MoveStage { proposal, action: StageAction::Advance })
        .expect("to follow-up");
    assert_eq!(hall.refused(&committee, 151, open(id(50))).code(), "invalid");
}

#[test]
fn one_ballot_per_owner_first_accepted_wins() {
    let mut hall = Hall::new();
    let (proposal, vote) = hall.deciding_with_vote();
    let wang = actor("王", Role::Owner, Some("1-101"));
    assert_eq!(
        hall.run(&wang, 20, ballot(id(60), vote, "1-101", Choice::Yes, Channel::Online)),
        Ok(Applied::BallotCounted { seq: 1 })
    );
    // The same owner again through his other unit: refused, recorded as a duplicate.
    let again = hall.run(&wang, 21, ballot(id(61), vote, "1-102", Choice::No, Channel::Online));
    assert_eq!(
        again,
        Err(Rejection::AlreadyVoted { counted_unit: unit("1-101"), duplicate: id(61) })
    );
    assert_eq!(hall.records.ballots[&id(61)].duplicate_of, Some(id(60)));
    // An officer at the meeting records 李 and, late, 王 once more.
    let officer = actor("计票人甲", Role::Officer, None);
    assert!(
        hall.run(&officer, 22, ballot(id(62), vote, "1-201", Choice::No, Channel::Meeting)).is_ok()
    );
    assert_eq!(
        hall.run(&officer, 23, ballot(id(63), vote, "1-102", Choice::Yes, Channel::Meeting))
            .map_err(|r| r.code()),
        Err("already_voted")
    );
    assert_eq!(hall.records.ballots[&id(62)].recorded_by, "计票人甲");
    assert_eq!(
        hall.records.cards[&proposal].vote.as_ref().map(|v| v.ballots),
        Some(2),
        "duplicates are not counted"
    );

    let register = Register::new(hall.records.units.values().cloned().collect()).expect("register");
    let ballots: Vec<_> = hall.records.ballots_of(vote).iter().map(|b| b.ballot()).collect();
    let outcome = tally(&register, &ballots, Matter::new(5).expect("m"), NonResponse::None, &[])
        .expect("count");
    assert_eq!(outcome.participating().owners, 2);
    assert_eq!(outcome.counted().yes.area, Area::from_hundredths(15_000));
    let duplicates: Vec<&str> = outcome.duplicates.iter().map(|d| d.unit.as_str()).collect();
    assert_eq!(duplicates, ["1-102", "1-102"]);
}

#[test]
fn who_may_cast_which_ballot() {
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_vote();
    let cases = [
        (
            actor("王", Role::Owner, Some("1-101")),
            "1-201",
            Channel::Online,
            "业主只能为自己的房屋投票",
        ),
        (
            actor("王", Role::Owner, Some("1-101")),
            "1-101",
            Channel::Meeting,
            "业主请在自己的手机上投票",
        ),
        (actor("李", Role::Owner, None), "1-201", Channel::Online, "业主只能为自己的房屋投票"),
        (
            actor("物业", Role::Property, None),
            "1-201",
            Channel::Online,
            "物业服务企业不参加业主表决",
        ),
        (
            actor("租户", Role::Resident, None),
            "1-201",
            Channel::Online,
            "只有业主可以参加业主表决；居民可以发言和参加意见征询",
        ),
        (
            actor("计票人", Role::Officer, None),
            "1-201",
            Channel::Online,
            "计票人只能以现场、纸质或委托渠道录入选票",
        ),
        (actor("周主任", Role::Committee, None), "1-201", Channel::Paper, "纸质表决票须填写票号"),
        (
            actor("吴书记", Role::PartyBranch, None),
            "1-201",
            Channel::Meeting,
            "党支部和社区指导、监督表决，不代为投票",
        ),
    ];
    for (who, unit_id, channel, why) in cases {
        let rejection = hall.refused(&who, 20, ballot(id(70), vote, unit_id, Choice::Yes, channel));
        assert_eq!(rejection.code(), "not_allowed", "{:?} via {channel:?}", who.role);
        assert_eq!(rejection.to_string(), why, "{:?} via {channel:?}", who.role);
    }
    let paper = Mutation::CastBallot {
        id: id(71),
        vote,
        unit: unit("1-202"),
        choice: Choice::Abstain,
        channel: Channel::Paper,
        sheet: Some(sheet_number(vote, &OwnerKey::parse("zhang").expect("owner"))),
        proxy: None,
    };
    // A sheet counts once a second person entered it alike (tests/paper.rs).
    let first = hall.run(&actor("孙桂兰", Role::Officer, None), 20, paper.clone());
    assert_eq!(first, Ok(Applied::SheetEntered));
    let second = match paper {
        Mutation::CastBallot { id: _, vote, unit, choice, channel, sheet, proxy } => {
            Mutation::CastBallot { id: id(72), vote, unit, choice, channel, sheet, proxy }
        }
        other => other,
    };
    assert!(hall.run(&actor("周主任", Role::Committee, None), 21, second).is_ok());
    let number = hall.records.ballots[&id(72)].sheet.clone().expect("its sheet");
    assert_eq!(read_sheet_number(&number), Some(number.clone()), "kept as printed");
}

#[test]
fn ballots_only_while_the_vote_is_open_and_for_known_units() {
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_vote();
    let officer = actor("计票人", Role::Officer, None);
    assert_eq!(
        hall.refused(&officer, 9, ballot(id(80), vote, "1-201", Choice::Yes, Channel::Meeting))
            .code(),
        "vote_not_open"
    );
    assert_eq!(
        hall.refused(&officer, 100, ballot(id(80), vote, "1-201", Choice::Yes, Channel::Meeting))
            .code(),
        "vote_not_open"
    );
    assert_eq!(
        hall.refused(&officer, 50, ballot(id(80), vote, "9-999", Choice::Yes, Channel::Meeting))
            .code(),
        "unknown_unit"
    );
    assert_eq!(
        hall.refused(&officer, 50, ballot(id(80), id(99), "1-201", Choice::Yes, Channel::Meeting))
            .code(),
        "not_found"
    );
}

#[test]
fn polls_take_one_answer_a_person() {
    let mut hall = Hall::new();
    let (proposal, _) = hall.deciding_with_vote();
    let poll = id(90);
    let create = Mutation::CreatePoll {
        id: poll,
        proposal,
        question: "电动车棚建在哪里？".to_owned(),
        kind: PollKind::Single(vec!["3 号楼北侧".to_owned(), "东门".to_owned()]),
    };
    assert_eq!(
        hall.refused(&actor("刘", Role::Resident, None), 1, create.clone()).code(),
        "not_allowed"
    );
    hall.run(&actor("周主任", Role::Committee, None), 1, create).expect("created");
    let tenant = actor("租户小陈", Role::Resident, None);
    hall.run(&tenant, 2, Mutation::AnswerPoll { poll, picks: vec![1] }).expect("answered");
    assert_eq!(
        hall.refused(&tenant, 3, Mutation::AnswerPoll { poll, picks: vec![0] }).code(),
        "invalid"
    );
    hall.run(
        &actor("王", Role::Owner, Some("1-101")),
        3,
        Mutation::AnswerPoll { poll, picks: vec![1] },
    )
    .expect("answered");
    assert_eq!(hall.records.polls[&poll].results().counts, [0, 2]);
}

#[test]
fn changes_travel_as_json() {
    let envelope = Envelope {
        id: id(1),
        at: Timestamp(1_700_000_000_000),
        recorded_at: None,
        actor: actor("王", Role::Owner, Some("1-101")),
        mutation: ballot(id(2), id(3), "1-101", Choice::Yes, Channel::Online),
    };
    let json = serde_json::to_value(&envelope).expect("serialise");
    assert_eq!(json["mutation"]["name"], "cast_ballot");
    assert_eq!(json["mutation"]["args"]["choice"], "yes");
    assert_eq!(json["actor"]["role"], "owner");
    let back: Envelope = serde_json::from_value(json).expect("deserialise");
    assert_eq!(back, envelope);
    let refused = Rejection::NotAllowed { action: Action::OpenVote, role: Role::Owner };
    let rejection = serde_json::to_value(&refused).expect("serialise");
    assert_eq!(
        rejection,
        serde_json::json!({"reason": "not_allowed", "action": "open_vote", "role": "owner"})
    );
    let too_long = Rejection::TooLong { field: Field::Title, max: 60 };
    let json = serde_json::to_value(&too_long).expect("serialise");
    assert_eq!(json, serde_json::json!({"reason": "too_long", "field": "title", "max": 60}));
    assert_eq!(serde_json::from_value::<Rejection>(json).expect("deserialise"), too_long);
}

#[test]
fn rebuilt_cards_equal_the_cards_kept_by_the_rules() {
    let mut hall = Hall::new();
    let (proposal, vote) = hall.deciding_with_vote();
    let resident = actor("刘", Role::Resident, None);
    hall.run(
        &resident,
        30,
        Mutation::AddComment { id: id(40), proposal, reply_to: None, body: "支持".to_owned() },
    )
    .expect("comment");
    let _ = hall.run(
        &actor("王", Role::Owner, Some("1-101")),
        31,
        ballot(id(41), vote, "1-101", Choice::Yes, Channel::Online),
    );
    let kept = hall.records.cards.clone();
    hall.records.cards.clear();
    hall.records.rebuild_cards();
    assert_eq!(hall.records.cards, kept);
}

#[test]
fn a_vote_under_way_holds_the_matter_in_deciding() {
    let mut hall = Hall::new();
    let (proposal, vote) = hall.deciding_with_vote();
    let committee = actor("周主任", Role::Committee, None);
    let advance = Mutation::MoveStage { proposal, action: StageAction::Advance };
    assert_eq!(hall.refused(&committee, 50, advance.clone()).code(), "invalid");
    let unsealed = hall.refused(&committee, 100, advance.clone());
    assert_eq!(unsealed, Rejection::SealFirst);
    hall.run(&committee, 100, Mutation::SealVote { vote }).expect("sealed after the close");
    hall.run(&committee, 100, advance).expect("sealed, it moves on");

    let mut hall = Hall::new();
    let (proposal, vote) = (hall.deciding_with_vote().0, vote);
    let withdraw = Mutation::MoveStage {
        proposal,
        action: StageAction::Withdraw { reason: "改期重新表决".to_owned() },
    };
    hall.run(&committee, 50, withdraw).expect("a matter can be withdrawn during its vote");
    let officer = actor("计票人", Role::Officer, None);
    let late =
        hall.refused(&officer, 51, ballot(id(90), vote, "1-201", Choice::Yes, Channel::Meeting));
    assert_eq!(late.code(), "vote_not_open");
}

#[test]
fn polls_of_closed_matters_take_no_answers() {
    let mut hall = Hall::new();
    let (proposal, _) = hall.deciding_with_vote();
    let committee = actor("周主任", Role::Committee, None);
    let create = Mutation::CreatePoll {
        id: id(91),
        proposal,
        question: "同意吗？".to_owned(),
        kind: PollKind::YesNoAbstain,
    };
    hall.run(&committee, 6, create).expect("created");
    let reject = Mutation::MoveStage {
        proposal,
        action: StageAction::Reject { reason: "与规约冲突".to_owned() },
    };
    hall.run(&committee, 7, reject).expect("rejected");
    let answer = Mutation::AnswerPoll { poll: id(91), picks: vec![0] };
    assert_eq!(hall.refused(&actor("刘", Role::Resident, None), 8, answer).code(), "invalid");
}

#[test]
fn deliveries_are_recorded_by_the_committee_for_known_units() {
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_vote();
    let deliver = |units: &[&str], method| Mutation::RecordDeliveries {
        vote,
        units: units.iter().map(|u| unit(u)).collect(),
        method,
    };
    let slip = Some(DeliveryMethod::Slip);
    let resident = actor("刘", Role::Resident, None);
    assert_eq!(hall.refused(&resident, 20, deliver(&["1-101"], slip)).code(), "not_allowed");
    let committee = actor("周主任", Role::Committee, None);
    let unknown = deliver(&["1-101", "9-999"], slip);
    assert_eq!(hall.refused(&committee, 20, unknown).code(), "unknown_unit");
    hall.run(&committee, 20, deliver(&["1-101", "1-202"], slip)).expect("recorded");
    let by_wechat = deliver(&["1-202"], Some(DeliveryMethod::Wechat));
    hall.run(&actor("计票人", Role::Officer, None), 21, by_wechat).expect("again: no change");
    // An older version's recording says no method.
    hall.run(&committee, 22, deliver(&["1-201"], None)).expect("recorded");
    let mut delivered: Vec<_> =
        hall.records.deliveries_of(vote).into_iter().map(|d| d.unit.clone()).collect();
    delivered.sort();
    assert_eq!(delivered, [unit("1-101"), unit("1-201"), unit("1-202")]);
    // The first recording stands: how, when and by whom the owner was first reached.
    let how = |u: &str| {
        let key = DeliveryRecord::key(vote, &unit(u));
        hall.records.deliveries.get(&key).map(|d| (d.method, d.recorded_by.clone()))
    };
    assert_eq!(how("1-202"), Some((slip, "周主任".to_owned())));
    assert_eq!(how("1-201"), Some((None, "周主任".to_owned())));
}

#[test]
fn a_create_with_a_used_id_is_refused_and_overwrites_nothing() {
    let mut hall = Hall::new();
    let (proposal, vote) = hall.deciding_with_vote();
    let committee = actor("周主任", Role::Committee, None);
    let draft = ProposalDraft {
        title: "另一件事".to_owned(),
        body: "内容".to_owned(),
        category: "其他".to_owned(),
    };
    assert_eq!(
        hall.refused(&committee, 6, Mutation::RaiseProposal { id: proposal, draft }).code(),
        "duplicate_id"
    );
    let comment =
        |id| Mutation::AddComment { id, proposal, reply_to: None, body: "好".to_owned() };
    assert!(hall.run(&committee, 7, comment(id(70))).is_ok());
    assert_eq!(hall.refused(&committee, 8, comment(id(70))), Rejection::DuplicateId { id: id(70) });
    let poll = Mutation::CreatePoll {
        id: vote,
        proposal,
        question: "问".to_owned(),
        kind: PollKind::YesNoAbstain,
    };
    assert!(hall.run(&committee, 9, poll.clone()).is_ok(), "ids are per kind");
    assert_eq!(hall.refused(&committee, 10, poll).code(), "duplicate_id");
    let reopen = Mutation::OpenVote {
        id: vote,
        proposal,
        matter: Matter::new(1).expect("matter"),
        opens_at: Timestamp(10),
        closes_at: Timestamp(200),
        policy: NonResponse::None,
        counting_hours: 24,
    };
    assert_eq!(hall.refused(&committee, 11, reopen).code(), "duplicate_id");
    let wang = actor("王", Role::Owner, Some("1-101"));
    assert!(
        hall.run(&wang, 20, ballot(id(60), vote, "1-101", Choice::Yes, Channel::Online)).is_ok()
    );
    let li = actor("李", Role::Owner, Some("1-201"));
    assert_eq!(
        hall.refused(&li, 21, ballot(id(60), vote, "1-201", Choice::No, Channel::Online)).code(),
        "duplicate_id"
    );
}

#[test]
fn edits_name_the_revision_they_were_made_on() {
    let mut hall = Hall::new();
    let author = actor("刘", Role::Resident, None);
    let other = actor("王", Role::Owner, Some("1-101"));
    let draft = |title: &str| ProposalDraft {
        title: title.to_owned(),
        body: "楼道灯坏了".to_owned(),
        category: "设施".to_owned(),
    };
    let proposal = id(1);
    hall.run(&author, 1, Mutation::RaiseProposal { id: proposal, draft: draft("楼道灯") })
        .expect("raised");
    let edit =
        |title: &str, base| Mutation::EditProposal { id: proposal, draft: draft(title), base };
    assert_eq!(hall.refused(&other, 2, edit("别人的改动", 0)).code(), "not_allowed");
    assert_eq!(hall.run(&author, 3, edit("3 号楼楼道灯", 0)), Ok(Applied::Done));
    assert_eq!(hall.records.cards[&proposal].title, "3 号楼楼道灯", "the card follows");
    // A second phone edited from the first text: someone changed it since.
    assert_eq!(hall.refused(&author, 4, edit("楼道灯坏了", 0)), Rejection::Stale { current: 1 });
    assert_eq!(hall.run(&author, 5, edit("3 号楼 2 单元楼道灯", 1)), Ok(Applied::Done));
    assert_eq!(hall.records.proposals[&proposal].revision, 2);

    let comment = id(2);
    let add =
        Mutation::AddComment { id: comment, proposal, reply_to: None, body: "同意".to_owned() };
    hall.run(&other, 6, add).expect("comment");
    let fix = |body: &str, base| Mutation::EditComment { id: comment, body: body.to_owned(), base };
    assert_eq!(hall.refused(&author, 7, fix("改别人的", 0)).code(), "not_allowed");
    assert_eq!(hall.refused(&other, 8, fix("  ", 0)).code(), "invalid");
    assert_eq!(hall.run(&other, 9, fix("同意，尽快修", 0)), Ok(Applied::Done));
    assert_eq!(hall.refused(&other, 10, fix("同意", 0)).code(), "stale");
    let edited = &hall.records.comments[&comment];
    assert_eq!(
        (edited.body.as_str(), edited.revision, edited.edited_at),
        ("同意，尽快修", 1, Some(Timestamp(9)))
    );

    // Once the committee takes the matter up, its text stays as discussed.
    let committee = actor("周主任", Role::Committee, None);
    hall.run(&committee, 11, Mutation::MoveStage { proposal, action: StageAction::Advance })
        .expect("advance");
    assert_eq!(hall.refused(&author, 12, edit("再改", 2)).code(), "invalid");
}

#[test]
fn a_delivery_recorded_again_keeps_its_first_recording() {
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_vote();
    let deliver = |units: &[&str]| Mutation::RecordDeliveries {
        vote,
        units: units.iter().map(|u| unit(u)).collect(),
        method: None,
    };
    let committee = actor("周主任", Role::Committee, None);
    let officer = actor("孙桂兰", Role::Officer, None);
    assert_eq!(hall.run(&committee, 20, deliver(&["1-101", "1-101"])), Ok(Applied::Done));
    assert_eq!(hall.run(&officer, 30, deliver(&["1-101", "1-201"])), Ok(Applied::Done));
    let first = &hall.records.deliveries[&format!("{vote}:1-101")];
    assert_eq!((first.at, first.recorded_by.as_str()), (Timestamp(20), "周主任"));
    assert_eq!(hall.records.deliveries[&format!("{vote}:1-201")].at, Timestamp(30));
    assert_eq!(hall.records.deliveries.len(), 2);
}

#[test]
fn poll_options_may_not_repeat_and_only_paper_keeps_a_sheet_number() {
    let mut hall = Hall::new();
    let (proposal, vote) = hall.deciding_with_vote();
    let committee = actor("周主任", Role::Committee, None);
    let options = |o: &[&str]| PollKind::Single(o.iter().map(|s| (*s).to_owned()).collect());
    let poll = |n, kind| Mutation::CreatePoll { id: id(n), proposal, question: "q".into(), kind };
    let repeated = hall.refused(&committee, 20, poll(30, options(&["东门", "东门 ", "西门"])));
    assert_eq!(repeated, Rejection::RepeatedOption);
    let same = hall.refused(&committee, 21, poll(31, options(&["东门", "东门"])));
    assert_eq!(same.code(), "invalid");

    let owner = actor("李", Role::Owner, Some("1-201"));
    let online = Mutation::CastBallot {
        id: id(32),
        vote,
        unit: unit("1-201"),
        choice: Choice::Yes,
        channel: Channel::Online,
        sheet: Some("17".to_owned()),
        proxy: None,
    };
    assert!(hall.run(&owner, 50, online).is_ok());
    assert_eq!(hall.records.ballots[&id(32)].sheet, None);
}

#[test]
fn the_wire_names_every_mutation_exactly() {
    // serde lists every variant in its error for an unknown one: the names pushed.
    let error = serde_json::from_str::<Mutation>(r#"{"name": "no_such", "args": {}}"#)
        .expect_err("unknown");
    let listed = error.to_string();
    let mut names: Vec<&str> =
        listed.split('`').skip(3).step_by(2).filter(|n| !n.is_empty()).collect();
    let mut wire = yishiting_domain::wire::MUTATION_NAMES.to_vec();
    names.sort_unstable();
    wire.sort_unstable();
    assert_eq!(names, wire, "{listed}");
}
