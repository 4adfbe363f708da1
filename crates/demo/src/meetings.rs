//! The demo's meetings in person: the owners' assembly that passed the parking covenant,
//! with its notice, the owners signed in at the door and the paper sheets collected there
//! (each entered twice, one settled by a third person), and two meetings announced for the
//! coming weeks (a discussion meeting looking back at the covenant, and the assembly that
//! will decide the fire-water network).

use std::collections::BTreeSet;

use yishiting_domain::{Channel, Choice, EntityId, MeetingDraft, MeetingKind, Timestamp};

use crate::cast::{chair, parking_officer, treasurer};
use crate::crowd::{Cast, Meeting, owners};
use crate::script::{MINUTE, Script};

/// An owners' vote decided at an assembly: when it was called, the meeting's hours, and the
/// ballots cast (those at the meeting among them).
#[derive(Debug)]
pub(crate) struct Assembly {
    pub(crate) vote: EntityId,
    pub(crate) called: Timestamp,
    pub(crate) meeting: Meeting,
    pub(crate) casts: Vec<Cast>,
}

/// Owners who had voted online and came to the meeting all the same, signed in first.
const CAME_ANYWAY: usize = 15;
/// Owners who voted on a paper sheet at the meeting: how each sheet reads, and, for one, the
/// second entry that read it wrong (the chair settled it from the paper).
const ON_PAPER: [(Choice, Option<Choice>); 6] = [
    (Choice::Yes, None),
    (Choice::Yes, None),
    (Choice::No, Some(Choice::Abstain)),
    (Choice::Yes, None),
    (Choice::Abstain, None),
    (Choice::Yes, None),
];

pub(crate) fn play(s: &mut Script<'_>, parking: &Assembly) {
    held(s, parking);
    s.call_meeting(
        s.at(-5, 11),
        MeetingDraft {
            kind: MeetingKind::Discussion,
            title: "停车公约回头看座谈会".to_owned(),
            place: "党群驿站".to_owned(),
            starts_at: s.at(2, 19),
            ends_at: Timestamp(s.at(2, 20).0 + 30 * MINUTE),
            agenda: vec![],
            tellers: vec![],
            scrutineers: vec![],
            max_proxies: 1,
        },
    );
    s.call_meeting(
        s.at(-2, 10),
        MeetingDraft {
            kind: MeetingKind::Assembly,
            title: "业主大会：消防管网改造及使用专项维修资金".to_owned(),
            place: "小区中心广场".to_owned(),
            starts_at: s.at(18, 9),
            ends_at: Timestamp(s.at(18, 11).0 + 30 * MINUTE),
            agenda: vec![],
            tellers: vec!["邓海燕".to_owned(), "孙桂兰".to_owned()],
            scrutineers: vec!["吴永明".to_owned()],
            max_proxies: 3,
        },
    );
}

/// The parking covenant's assembly: called with its vote, its notice 15 days ahead, and the
/// owners signed in at the door, each before the ballot they cast there.
fn held(s: &mut Script<'_>, parking: &Assembly) {
    let Assembly { vote, called, meeting, casts } = parking;
    let id = s.call_meeting(
        Timestamp(called.0 + 30 * MINUTE),
        MeetingDraft {
            kind: MeetingKind::Assembly,
            title: "业主大会现场会：“两停三不停”停车公约".to_owned(),
            place: "小区中心广场".to_owned(),
            starts_at: meeting.from,
            ends_at: meeting.until,
            agenda: vec![*vote],
            tellers: vec![meeting.officer.name.clone()],
            scrutineers: vec!["吴永明".to_owned(), "李淑珍".to_owned()],
            max_proxies: 3,
        },
    );
    let groups = owners(s.units);
    let unit = |cast: &Cast| groups[cast.owner][0].id.clone();
    let came = casts.iter().filter(|c| c.channel == Channel::Online).take(CAME_ANYWAY);
    for (n, cast) in (0..).zip(came) {
        let at = Timestamp(meeting.from.0 - 20 * MINUTE + n * MINUTE);
        s.sign_in(at, &chair(), id, &unit(cast));
    }
    for cast in casts.iter().filter(|c| c.channel == Channel::Meeting) {
        s.sign_in(Timestamp(cast.at.0 - 2 * MINUTE), &parking_officer(), id, &unit(cast));
    }
    // Owners who had not voted signed in and filled a paper sheet; after the meeting the
    // 计票人 and a committee member each entered every sheet.
    let voted: BTreeSet<usize> = casts.iter().map(|c| c.owner).collect();
    let on_paper = (0..groups.len()).rev().filter(|o| !voted.contains(o)).zip(ON_PAPER);
    for (n, (owner, (choice, misread))) in (0..).zip(on_paper) {
        let unit = groups[owner][0].id.clone();
        s.sign_in(Timestamp(meeting.from.0 + 5 * MINUTE + n * MINUTE), &chair(), id, &unit);
        let entered = Timestamp(meeting.until.0 + 2 * 60 * MINUTE + n * 2 * MINUTE);
        s.paper(entered, &parking_officer(), *vote, &unit, choice);
        let second = Timestamp(entered.0 + 30 * MINUTE);
        s.paper(second, &treasurer(), *vote, &unit, misread.unwrap_or(choice));
        if misread.is_some() {
            s.paper(Timestamp(second.0 + 30 * MINUTE), &chair(), *vote, &unit, choice);
        }
    }
}
