//! Meetings in person as a backend must keep them (docs/protocol.md, Mutations): the
//! committee calls one, an owners' assembly's notice goes out 15 days ahead or says why, and
//! at the door one sign-in per owner stands, the first of two phones.

use std::io::Write;

use serde_json::Value;
use yishiting_domain::mutation::{Mutation, Rejection};
use yishiting_domain::{EntityId, MeetingDraft, MeetingKind, Timestamp, UnitId};

use super::client::{Client, Who, new_id, now_ms, push, result, sign_in};
use super::shapes::{everything, is, of_kind, single};
use super::{Report, expect};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn draft(kind: MeetingKind, starts_at: i64) -> MeetingDraft {
    MeetingDraft {
        kind,
        title: "业主大会（协议检查）".to_owned(),
        place: "南门广场".to_owned(),
        starts_at: Timestamp(starts_at),
        ends_at: Timestamp(starts_at + 3 * HOUR),
        agenda: vec![],
        tellers: vec!["计票人甲".to_owned()],
        scrutineers: vec!["监票人乙".to_owned()],
        max_proxies: 2,
    }
}

fn meeting_record(changes: &[Value], id: EntityId) -> Option<Value> {
    of_kind(changes, "meeting").find(|m| m["id"] == id.to_string()).cloned()
}

/// The refusal as data of a mutation pushed alone, and its code.
pub(super) fn refusal(
    client: &Client,
    who: &mut Who,
    mutation: Mutation,
) -> Result<Option<Rejection>, String> {
    let id = who.next;
    let answer = push(client, who, &[mutation])?;
    let detail = result(&answer, id).map(|r| r["detail"].clone()).unwrap_or(Value::Null);
    Ok(serde_json::from_value(detail).ok())
}

pub(super) fn check<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    committee_code: &str,
    committee: &mut Who,
    resident: &mut Who,
    owner: &Who,
) -> Result<(), String> {
    // An owners' assembly ten days from now.
    let assembly = new_id();
    let create = |id, kind, starts| Mutation::CreateMeeting { id, draft: draft(kind, starts) };
    let called =
        single(client, committee, create(assembly, MeetingKind::Assembly, now_ms() + 10 * DAY))?;
    let by_resident =
        single(client, resident, create(new_id(), MeetingKind::Assembly, now_ms() + 10 * DAY))?;
    let publish = |reason: Option<&str>| Mutation::PublishNotice {
        meeting: assembly,
        early_reason: reason.map(str::to_owned),
    };
    let short = refusal(client, committee, publish(None))?;
    let published = single(client, committee, publish(Some("电梯停运，须尽快表决")))?;
    let record = meeting_record(&everything(client, resident)?, assembly);
    let notice = record.as_ref().map(|m| m["notice"].clone()).unwrap_or(Value::Null);
    r.check(
        "meetings: the committee calls one (a resident may not); an assembly's notice under 15 days ahead needs a reason, which the record keeps",
        expect(
            is(&called, "accepted", "")
                && is(&by_resident, "rejected", "not_allowed")
                && matches!(short, Some(Rejection::NoticeTooShort { days: 9 | 10, required: 15 }))
                && is(&published, "accepted", "")
                && notice["published_at"].is_i64()
                && notice["early_reason"] == "电梯停运，须尽快表决"
                && record.as_ref().is_some_and(|m| m["created_by_id"] == committee.account_id()),
            || format!("{called:?} {by_resident:?} {short:?} {published:?}; {record:?}"),
        ),
    );

    // A discussion meeting an hour from now: sign-in is open.
    let meeting = new_id();
    let unit = UnitId::parse(owner.unit.as_deref().unwrap_or("")).map_err(|e| e.to_string())?;
    single(client, committee, create(meeting, MeetingKind::Discussion, now_ms() + HOUR))?;
    let sign = |unit: &UnitId| Mutation::SignInOwner { meeting, unit: unit.clone() };
    let before_notice = single(client, committee, sign(&unit))?;
    single(client, committee, Mutation::PublishNotice { meeting, early_reason: None })?;
    // Two phones of the committee at the door.
    let mut second_phone = sign_in(client, committee_code)?;
    let first = single(client, committee, sign(&unit))?;
    let again = refusal(client, &mut second_phone, sign(&unit))?;
    let by_resident = single(client, resident, sign(&unit))?;
    let changes = everything(client, resident)?;
    let sign_ins: Vec<&Value> =
        of_kind(&changes, "sign_in").filter(|s| s["meeting"] == meeting.to_string()).collect();
    r.check(
        "sign-in: refused before the notice; one per owner, the first phone's stands and the second is already_signed_in; a resident may not",
        expect(
            is(&before_notice, "rejected", "invalid")
                && is(&first, "accepted", "")
                && again == Some(Rejection::AlreadySignedIn { unit: unit.clone() })
                && is(&by_resident, "rejected", "not_allowed")
                && sign_ins.len() == 1
                && sign_ins[0]["unit"] == unit.as_str()
                && sign_ins[0]["recorded_by_id"] == committee.account_id()
                && sign_ins[0]["device"] == committee.client_id
                && sign_ins[0]["at"].is_i64()
                && sign_ins[0]["received_at"].is_i64(),
            || format!("{before_notice:?} {first:?} {again:?} {by_resident:?}; {sign_ins:?}"),
        ),
    );
    Ok(())
}
