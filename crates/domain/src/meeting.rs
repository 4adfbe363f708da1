//! A meeting in person (议事会, or the owners' assembly 业主大会): its notice, its agenda, who
//! runs it, and who came (签到). The rules of DOMAIN.md, "Meetings in person": an assembly's
//! notice goes out at least [`ASSEMBLY_NOTICE_DAYS`] days ahead (or the committee records why
//! not, and the minutes print it); one sign-in per owner, whichever phone took it first;
//! attendance counts owners and area against the 2/3 lines, as participation does.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::rejection::Field;
use crate::{Area, EntityId, OwnerKey, Register, Rejection, Timestamp, UnitId};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The days an owners' assembly's notice must go out before it.
pub const ASSEMBLY_NOTICE_DAYS: u64 = 15;
/// Sign-in at the door opens this long before the meeting starts.
pub const SIGN_IN_OPENS_BEFORE_MS: i64 = 2 * HOUR_MS;
/// How long after its end an officer's phone that was offline may still deliver the sign-ins
/// it took: they are marked late.
pub const SIGN_IN_LATE_HOURS: i64 = 24;
pub const MAX_PLACE_CHARS: usize = 60;
pub const MAX_OFFICER_NAMES: usize = 10;
/// The proxies one agent may hold, at most, whatever the meeting sets (assembly rules say 1–3).
pub const MAX_PROXIES_CAP: u8 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// 业主大会: decides the matters of Art. 278; its notice goes out 15 days ahead.
    Assembly,
    /// 议事会: a discussion meeting.
    Discussion,
}

/// What the committee fills in to call a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDraft {
    pub kind: MeetingKind,
    pub title: String,
    pub place: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    /// The votes decided at it.
    #[serde(default)]
    pub agenda: Vec<EntityId>,
    /// 计票人, by name.
    #[serde(default)]
    pub tellers: Vec<String>,
    /// 监票人, by name.
    #[serde(default)]
    pub scrutineers: Vec<String>,
    /// The most proxies one agent may hold at it.
    pub max_proxies: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: EntityId,
    pub kind: MeetingKind,
    pub title: String,
    pub place: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub agenda: Vec<EntityId>,
    pub tellers: Vec<String>,
    pub scrutineers: Vec<String>,
    pub max_proxies: u8,
    /// The notice (会议通知), once published.
    pub notice: Option<Notice>,
    pub created_by: String,
    pub created_by_id: String,
    pub created_at: Timestamp,
}

/// A published notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// When it was published, by the judge's clock.
    pub published_at: Timestamp,
    pub published_by: String,
    /// Why an assembly's notice went out fewer than 15 days ahead (the minutes print it).
    pub early_reason: Option<String>,
}

impl MeetingDraft {
    /// Everything wrong with the draft, at `now`.
    pub fn problems(&self, now: Timestamp) -> Vec<Rejection> {
        let mut problems = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            problems.push(Rejection::Empty { field: Field::Title });
        } else if title.chars().count() > crate::MAX_TITLE_CHARS {
            problems.push(Rejection::TooLong { field: Field::Title, max: crate::MAX_TITLE_CHARS });
        }
        let place = self.place.trim();
        if place.is_empty() {
            problems.push(Rejection::Empty { field: Field::Place });
        } else if place.chars().count() > MAX_PLACE_CHARS {
            problems.push(Rejection::TooLong { field: Field::Place, max: MAX_PLACE_CHARS });
        }
        let names = self.tellers.iter().chain(&self.scrutineers);
        if names.clone().any(|n| n.trim().chars().count() > crate::MAX_TITLE_CHARS) {
            problems
                .push(Rejection::TooLong { field: Field::Officers, max: crate::MAX_TITLE_CHARS });
        } else if self.tellers.len().max(self.scrutineers.len()) > MAX_OFFICER_NAMES {
            problems.push(Rejection::TooMany { field: Field::Officers, max: MAX_OFFICER_NAMES });
        }
        if self.ends_at <= self.starts_at {
            problems.push(Rejection::EndsBeforeStart);
        }
        if self.starts_at < now {
            problems.push(Rejection::StartsInPast);
        }
        if !(1..=MAX_PROXIES_CAP).contains(&self.max_proxies) {
            problems.push(Rejection::ProxyCap { min: 1, max: MAX_PROXIES_CAP });
        }
        problems
    }
}

impl Meeting {
    /// A meeting called by `by` (name, id) at `at`, its agenda already checked.
    pub fn new(
        id: EntityId,
        draft: &MeetingDraft,
        (by, by_id): (&str, &str),
        at: Timestamp,
    ) -> Result<Meeting, Rejection> {
        if let Some(refused) = Rejection::of_problems(draft.problems(at)) {
            return Err(refused);
        }
        let names = |names: &[String]| -> Vec<String> {
            names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).map(str::to_owned).collect()
        };
        Ok(Meeting {
            id,
            kind: draft.kind,
            title: draft.title.trim().to_owned(),
            place: draft.place.trim().to_owned(),
            starts_at: draft.starts_at,
            ends_at: draft.ends_at,
            agenda: draft.agenda.clone(),
            tellers: names(&draft.tellers),
            scrutineers: names(&draft.scrutineers),
            max_proxies: draft.max_proxies,
            notice: None,
            created_by: by.to_owned(),
            created_by_id: by_id.to_owned(),
            created_at: at,
        })
    }

    /// Whether `at` lies in the meeting's notice period: its notice published, the meeting
    /// not yet started.
    pub fn in_notice_period(&self, at: Timestamp) -> bool {
        self.notice.as_ref().is_some_and(|n| n.published_at <= at) && at < self.starts_at
    }

    /// Whole days from `published` to the start (a notice published on the 1st for a meeting
    /// at the same hour on the 16th is 15 days ahead).
    pub fn days_ahead(&self, published: Timestamp) -> u64 {
        u64::try_from((self.starts_at.0 - published.0).div_euclid(DAY_MS)).unwrap_or(0)
    }

    /// Publishes the notice at `at`. An assembly's notice less than 15 days ahead needs a
    /// reason; no notice is published once the meeting started, nor twice.
    pub fn publish(
        &mut self,
        at: Timestamp,
        by: &str,
        early_reason: Option<&str>,
    ) -> Result<(), Rejection> {
        if self.notice.is_some() {
            return Err(Rejection::NoticePublished);
        }
        if at >= self.starts_at {
            return Err(Rejection::MeetingStarted);
        }
        let reason = early_reason.map(str::trim).filter(|r| !r.is_empty());
        if reason.is_some_and(|r| r.chars().count() > crate::proposal::MAX_REASON_CHARS) {
            return Err(Rejection::TooLong {
                field: Field::Reason,
                max: crate::proposal::MAX_REASON_CHARS,
            });
        }
        let days = self.days_ahead(at);
        let short = self.kind == MeetingKind::Assembly && days < ASSEMBLY_NOTICE_DAYS;
        if short && reason.is_none() {
            return Err(Rejection::NoticeTooShort { days, required: ASSEMBLY_NOTICE_DAYS });
        }
        self.notice = Some(Notice {
            published_at: at,
            published_by: by.to_owned(),
            // Kept only where it explains something.
            early_reason: reason.filter(|_| short).map(str::to_owned),
        });
        Ok(())
    }

    /// When sign-in at the door opens and ends (from 2 hours before the start to the end).
    pub fn sign_in_window(&self) -> (Timestamp, Timestamp) {
        (Timestamp(self.starts_at.0 - SIGN_IN_OPENS_BEFORE_MS), self.ends_at)
    }

    /// When a sign-in received at `received` and recorded (by an officer's phone) at
    /// `recorded` counts as taken, and whether it arrived late; or why it is refused. A
    /// phone's clock never places a sign-in outside the window or after its receipt.
    pub fn sign_in_at(
        &self,
        received: Timestamp,
        recorded: Option<Timestamp>,
    ) -> Result<(Timestamp, bool), Rejection> {
        if self.notice.is_none() {
            return Err(Rejection::NoNotice);
        }
        let (opens, ends) = self.sign_in_window();
        if received < opens {
            return Err(Rejection::SignInNotOpen);
        }
        if received.0 > ends.0 + SIGN_IN_LATE_HOURS * HOUR_MS {
            return Err(Rejection::SignInOver);
        }
        let latest = received.min(ends);
        let taken = recorded.unwrap_or(received).max(opens).min(latest);
        Ok((taken, received > ends))
    }
}

/// One owner signed in at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRecord {
    /// `"{meeting}:{owner}"`: one sign-in per owner and meeting.
    pub id: String,
    pub meeting: EntityId,
    pub owner: OwnerKey,
    /// The unit the officer found the owner by.
    pub unit: UnitId,
    /// When it was taken (`Meeting::sign_in_at`).
    pub at: Timestamp,
    pub recorded_by: String,
    pub recorded_by_id: String,
    pub device: String,
    /// When the judge received it.
    pub received_at: Timestamp,
    /// Received after the meeting ended, from a phone that was offline.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
}

impl SignInRecord {
    pub fn key(meeting: EntityId, owner: &OwnerKey) -> String {
        format!("{meeting}:{owner}")
    }
}

/// Who came, against the register: owners (headcount) and their area, each against the
/// register's totals, as participation is counted (an owner's area is all of their units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendance {
    pub owners: u32,
    pub area: Area,
    pub total_owners: u32,
    pub total_area: Area,
}

impl Attendance {
    /// Attendance of the owners who signed in (sign-ins of owners not in the register, or
    /// twice for one owner, count once or not at all).
    pub fn of(register: &Register, signed_in: &[SignInRecord]) -> Attendance {
        let mut present = BTreeSet::new();
        for record in signed_in {
            present.insert(&record.owner);
        }
        let (mut owners, mut counted) = (BTreeSet::new(), BTreeSet::new());
        let (mut area, mut total_area) = (Area::ZERO, Area::ZERO);
        for unit in register.units() {
            owners.insert(&unit.owner);
            total_area += unit.area;
            if present.contains(&unit.owner) {
                area += unit.area;
                counted.insert(&unit.owner);
            }
        }
        Attendance {
            owners: u32::try_from(counted.len()).unwrap_or(u32::MAX),
            area,
            total_owners: u32::try_from(owners.len()).unwrap_or(u32::MAX),
            total_area,
        }
    }

    /// Whether attendance reaches two thirds of the owners, and of the area (exact).
    pub fn two_thirds(&self) -> (bool, bool) {
        let owners = u64::from(self.owners) * 3 >= u64::from(self.total_owners) * 2;
        let area =
            u128::from(self.area.hundredths()) * 3 >= u128::from(self.total_area.hundredths()) * 2;
        (owners, area)
    }
}
