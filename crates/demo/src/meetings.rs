//! The demo's meetings in person: the owners' assembly that passed the parking covenant,
//! with its notice and the owners signed in at the door, and two meetings announced for the
//! coming weeks (a discussion meeting looking back at the covenant, and the assembly that
//! will decide the fire-water network).

use yishiting_domain::{Channel, EntityId, MeetingDraft, MeetingKind, Timestamp};

use crate::cast::{chair, parking_officer};
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
}
