//! Meetings in person (DOMAIN.md, "Meetings in person"): who calls one, the notice's days
//! ahead, sign-in at the door one per owner, first wins, and attendance against the 2/3 lines.

mod common;

use common::{Hall, actor, id, unit};
use yishiting_domain::mutation::{Action, Applied, Field, Mutation, Rejection};
use yishiting_domain::{
    Attendance, EntityId, MeetingDraft, MeetingKind, Register, Role, SignInRecord, Timestamp,
};

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;
/// The meeting starts on day 20 and lasts three hours.
const STARTS: i64 = 20 * DAY;
const ENDS: i64 = STARTS + 3 * HOUR;

fn draft(kind: MeetingKind) -> MeetingDraft {
    MeetingDraft {
        kind,
        title: "第三届业主大会第二次会议".to_owned(),
        place: "小区南门广场".to_owned(),
        starts_at: Timestamp(STARTS),
        ends_at: Timestamp(ENDS),
        agenda: vec![],
        tellers: vec!["孙桂兰".to_owned()],
        scrutineers: vec!["刘建国".to_owned()],
        max_proxies: 2,
    }
}

fn call(hall: &mut Hall, meeting: EntityId, kind: MeetingKind) {
    let committee = actor("周主任", Role::Committee, None);
    let create = Mutation::CreateMeeting { id: meeting, draft: draft(kind) };
    assert_eq!(hall.run(&committee, DAY, create), Ok(Applied::Done));
}

fn publish(meeting: EntityId, reason: Option<&str>) -> Mutation {
    Mutation::PublishNotice { meeting, early_reason: reason.map(str::to_owned) }
}

fn sign_in(meeting: EntityId, unit_id: &str) -> Mutation {
    Mutation::SignInOwner { meeting, unit: unit(unit_id) }
}

#[test]
fn the_committee_calls_a_meeting_and_its_draft_is_checked_whole() {
    let mut hall = Hall::new();
    let owner = actor("王", Role::Owner, Some("1-101"));
    let officer = actor("孙桂兰", Role::Officer, None);
    let create = |d: MeetingDraft| Mutation::CreateMeeting { id: id(30), draft: d };
    for who in [&owner, &officer] {
        assert_eq!(
            hall.refused(who, DAY, create(draft(MeetingKind::Assembly))),
            Rejection::NotAllowed { action: Action::CreateMeeting, role: who.role }
        );
    }
    let committee = actor("周主任", Role::Committee, None);
    let bad = MeetingDraft {
        title: " ".to_owned(),
        place: "广".repeat(61),
        ends_at: Timestamp(STARTS),
        max_proxies: 0,
        ..draft(MeetingKind::Assembly)
    };
    assert_eq!(
        hall.refused(&committee, DAY, create(bad)),
        Rejection::Draft {
            problems: vec![
                Rejection::Empty { field: Field::Title },
                Rejection::TooLong { field: Field::Place, max: 60 },
                Rejection::EndsBeforeStart,
                Rejection::ProxyCap { min: 1, max: 10 },
            ]
        }
    );
    let past = hall.refused(&committee, STARTS + 1, create(draft(MeetingKind::Assembly)));
    assert_eq!(past, Rejection::StartsInPast);
    let agenda = MeetingDraft { agenda: vec![id(99)], ..draft(MeetingKind::Assembly) };
    assert_eq!(
        hall.refused(&committee, DAY, create(agenda)),
        Rejection::NotFound { what: yishiting_domain::mutation::Subject::Vote }
    );
    // With a vote already opened on its agenda, and names trimmed.
    let (_, vote) = hall.deciding_with_vote();
    let named = MeetingDraft {
        agenda: vec![vote],
        tellers: vec![" 孙桂兰 ".to_owned(), String::new()],
        ..draft(MeetingKind::Assembly)
    };
    assert_eq!(hall.run(&committee, DAY, create(named)), Ok(Applied::Done));
    let meeting = &hall.records.meetings[&id(30)];
    assert_eq!(
        (meeting.agenda.as_slice(), meeting.tellers.as_slice()),
        ([vote].as_slice(), ["孙桂兰".to_owned()].as_slice())
    );
    assert_eq!(meeting.notice, None);
    assert_eq!(
        hall.refused(&committee, DAY, create(draft(MeetingKind::Assembly))),
        Rejection::DuplicateId { id: id(30) }
    );
}

#[test]
fn an_assemblys_notice_goes_out_fifteen_days_ahead_or_says_why_not() {
    let mut hall = Hall::new();
    let committee = actor("周主任", Role::Committee, None);
    let (assembly, discussion) = (id(30), id(31));
    call(&mut hall, assembly, MeetingKind::Assembly);
    call(&mut hall, discussion, MeetingKind::Discussion);
    // Published on day 6, 14 days ahead (the 15th day not yet whole): refused without a reason.
    let day_six = 6 * DAY;
    assert_eq!(
        hall.refused(&committee, day_six, publish(assembly, None)),
        Rejection::NoticeTooShort { days: 14, required: 15 }
    );
    assert_eq!(
        hall.refused(&committee, day_six, publish(assembly, Some("  "))),
        Rejection::NoticeTooShort { days: 14, required: 15 }
    );
    let officer = actor("孙桂兰", Role::Officer, None);
    assert_eq!(
        hall.refused(&officer, day_six, publish(assembly, None)),
        Rejection::NotAllowed { action: Action::PublishNotice, role: Role::Officer }
    );
    // With the reason, published; the minutes print it.
    let urgent = publish(assembly, Some("电梯停运，须尽快表决"));
    assert_eq!(hall.run(&committee, day_six, urgent), Ok(Applied::Done));
    let notice = hall.records.meetings[&assembly].notice.clone().expect("published");
    assert_eq!(
        (notice.published_at, notice.early_reason.as_deref()),
        (Timestamp(day_six), Some("电梯停运，须尽快表决"))
    );
    assert_eq!(
        hall.refused(&committee, day_six, publish(assembly, None)),
        Rejection::NoticePublished
    );
    // A discussion meeting needs no days ahead, but no notice once it started.
    assert_eq!(
        hall.refused(&committee, STARTS, publish(discussion, None)),
        Rejection::MeetingStarted
    );
    assert_eq!(hall.run(&committee, STARTS - 1, publish(discussion, None)), Ok(Applied::Done));
    // Exactly fifteen days ahead needs no reason, and keeps none given.
    let mut hall = Hall::new();
    call(&mut hall, assembly, MeetingKind::Assembly);
    let on_time = publish(assembly, Some("无"));
    assert_eq!(hall.run(&committee, STARTS - 15 * DAY, on_time), Ok(Applied::Done));
    assert_eq!(
        hall.records.meetings[&assembly].notice.as_ref().map(|n| n.early_reason.clone()),
        Some(None)
    );
}

#[test]
fn one_sign_in_per_owner_the_first_stands_and_a_late_phone_is_marked() {
    let mut hall = Hall::new();
    let committee = actor("周主任", Role::Committee, None);
    let meeting = id(30);
    call(&mut hall, meeting, MeetingKind::Assembly);
    let (phone_a, phone_b) =
        (actor("孙桂兰", Role::Officer, None), actor("刘建国", Role::Officer, None));
    assert_eq!(hall.refused(&phone_a, STARTS, sign_in(meeting, "1-101")), Rejection::NoNotice);
    hall.run(&committee, 2 * DAY, publish(meeting, None)).expect("published");
    // Sign-in opens two hours before the start.
    let early = STARTS - 2 * HOUR - 1;
    assert_eq!(hall.refused(&phone_a, early, sign_in(meeting, "1-101")), Rejection::SignInNotOpen);
    let owner = actor("王", Role::Owner, Some("1-101"));
    assert_eq!(
        hall.refused(&owner, STARTS, sign_in(meeting, "1-101")),
        Rejection::NotAllowed { action: Action::SignIn, role: Role::Owner }
    );
    assert_eq!(
        hall.refused(&phone_a, STARTS, sign_in(meeting, "9-999")),
        Rejection::UnknownUnit { unit: unit("9-999") }
    );
    // Phone A signs in 王 by 1-101 (its clock says 10 minutes after the start).
    let first = hall.run_recorded(
        &phone_a,
        STARTS + 15 * 60_000,
        Some(STARTS + 10 * 60_000),
        sign_in(meeting, "1-101"),
    );
    assert_eq!(first, Ok(Applied::Done));
    // Phone B, offline, had signed in the same owner by his other unit: refused when it syncs,
    // naming the unit the first sign-in was taken by.
    let second = hall.run_recorded(
        &phone_b,
        ENDS + HOUR,
        Some(STARTS + 5 * 60_000),
        sign_in(meeting, "1-102"),
    );
    assert_eq!(second, Err(Rejection::AlreadySignedIn { unit: unit("1-101") }));
    // Phone B's sign-in of 李 arrives after the end: taken when its phone says, marked late.
    let late = hall.run_recorded(
        &phone_b,
        ENDS + HOUR,
        Some(STARTS + 20 * 60_000),
        sign_in(meeting, "1-201"),
    );
    assert_eq!(late, Ok(Applied::Done));
    let li = &hall.records.sign_ins
        [&SignInRecord::key(meeting, &hall.records.units[&unit("1-201")].owner)];
    assert_eq!(
        (li.at, li.received_at, li.late, li.recorded_by.as_str()),
        (Timestamp(STARTS + 20 * 60_000), Timestamp(ENDS + HOUR), true, "刘建国")
    );
    // A phone's clock never places a sign-in outside the window: after the end it is the end.
    let ahead = hall.run_recorded(&committee, STARTS, Some(ENDS + DAY), sign_in(meeting, "1-202"));
    assert_eq!(ahead, Ok(Applied::Done));
    let zhang =
        hall.records.sign_ins.values().find(|s| s.unit == unit("1-202")).expect("signed in");
    assert_eq!((zhang.at, zhang.late), (Timestamp(STARTS), false));
    // A day after the end nothing more arrives.
    let mut hall2 = Hall::new();
    call(&mut hall2, meeting, MeetingKind::Discussion);
    hall2.run(&committee, 2 * DAY, publish(meeting, None)).expect("published");
    assert_eq!(
        hall2.refused(&phone_a, ENDS + 24 * HOUR + 1, sign_in(meeting, "1-101")),
        Rejection::SignInOver
    );
}

#[test]
fn attendance_counts_owners_and_their_whole_area_against_two_thirds() {
    let hall = Hall::new();
    let register = Register::new(hall.records.units.values().cloned().collect()).expect("register");
    let record = |unit_id: &str| {
        let u = &hall.records.units[&unit(unit_id)];
        SignInRecord {
            id: SignInRecord::key(id(30), &u.owner),
            meeting: id(30),
            owner: u.owner.clone(),
            unit: u.id.clone(),
            at: Timestamp(STARTS),
            recorded_by: "孙桂兰".to_owned(),
            recorded_by_id: "account-3".to_owned(),
            device: "d".to_owned(),
            received_at: Timestamp(STARTS),
            late: false,
        }
    };
    // 王 (150.00 m² over two units) and 李 (90.00): 2 of 3 owners, 240.00 of 330.00 m².
    let attendance = Attendance::of(&register, &[record("1-102"), record("1-201")]);
    assert_eq!((attendance.owners, attendance.total_owners), (2, 3));
    assert_eq!(
        (attendance.area.to_string(), attendance.total_area.to_string()),
        ("240.00".to_owned(), "330.00".to_owned())
    );
    assert_eq!(attendance.two_thirds(), (true, true));
    // 李 and 张: 2 of 3 owners (exactly two thirds), 180.00 of 330.00 m² (short of 220.00).
    let attendance = Attendance::of(&register, &[record("1-201"), record("1-202")]);
    assert_eq!(attendance.two_thirds(), (true, false));
    assert_eq!(Attendance::of(&register, &[record("1-201")]).two_thirds(), (false, false));
}

#[test]
fn an_owner_signing_in_to_the_hall_in_the_notice_period_counts_as_delivered() {
    use yishiting_domain::mutation::deliver_on_sign_in;
    use yishiting_domain::records::{DeliveryMethod, DeliveryRecord, now_or_never};
    let mut hall = Hall::new();
    let (_, vote) = hall.deciding_with_window(DAY / 2, 30 * DAY);
    let committee = actor("周主任", Role::Committee, None);
    let meeting = id(40);
    let agenda = MeetingDraft { agenda: vec![vote], ..draft(MeetingKind::Assembly) };
    let create = Mutation::CreateMeeting { id: meeting, draft: agenda };
    assert_eq!(hall.run(&committee, DAY, create), Ok(Applied::Done));
    let li = actor("李", Role::Owner, Some("1-201"));
    let signed_in = |hall: &mut Hall, unit_id: &str, at: i64| {
        let meetings: Vec<_> = hall.records.meetings.values().cloned().collect();
        let unit = unit(unit_id);
        now_or_never(deliver_on_sign_in(&mut hall.records, &meetings, &unit, &li, Timestamp(at)))
            .expect("memory")
    };
    assert_eq!(signed_in(&mut hall, "1-201", DAY + 1), 0, "no notice yet: no notice period");
    assert_eq!(hall.run(&committee, 2 * DAY, publish(meeting, None)), Ok(Applied::Done));
    assert_eq!(signed_in(&mut hall, "1-201", 3 * DAY), 1);
    let delivered = &hall.records.deliveries[&DeliveryRecord::key(vote, &unit("1-201"))];
    assert_eq!(
        (delivered.method, delivered.recorded_by.as_str(), delivered.at),
        (Some(DeliveryMethod::SignedIn), "李", Timestamp(3 * DAY))
    );
    assert_eq!(signed_in(&mut hall, "1-201", 4 * DAY), 0, "the first delivery stands");
    assert_eq!(signed_in(&mut hall, "9-999", 4 * DAY), 0, "a unit not in the register");
    assert_eq!(signed_in(&mut hall, "1-202", STARTS), 0, "the meeting started: the period is over");
    // A person never records a delivery as a sign-in.
    let officer = actor("孙桂兰", Role::Officer, None);
    let claimed = Mutation::RecordDeliveries {
        vote,
        units: vec![unit("1-202")],
        method: Some(DeliveryMethod::SignedIn),
    };
    assert_eq!(
        hall.refused(&officer, 4 * DAY, claimed),
        Rejection::NotAllowed { action: Action::RecordDeliveries, role: Role::Officer }
    );
}
