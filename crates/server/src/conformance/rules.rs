//! The rules a backend must apply as the app expects them: polls (one answer a person),
//! deliveries (the first recording stands) and opening a vote (docs/protocol.md, Mutations).

use std::io::Write;

use serde_json::{Value, json};
use yishiting_domain::mutation::Mutation;
use yishiting_domain::records::DeliveryMethod;
use yishiting_domain::{Matter, NonResponse, PollKind, ProposalDraft, Timestamp, UnitId};

use super::client::{Client, new_id, now_ms, push, result, result_of};
use super::shapes::{Hall, everything, is, of_kind, single};
use super::{Report, expect};

pub(super) fn check_polls<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    hall: &mut Hall<'_>,
) -> Result<(), String> {
    let poll = new_id();
    let options = vec!["东门".to_owned(), "西门".to_owned()];
    let created = single(
        client,
        hall.committee,
        Mutation::CreatePoll {
            id: poll,
            proposal: hall.proposal,
            question: "车棚放哪里？".to_owned(),
            kind: PollKind::Single(options),
        },
    )?;
    let by_resident = single(
        client,
        hall.resident,
        Mutation::CreatePoll {
            id: new_id(),
            proposal: hall.proposal,
            question: "？".to_owned(),
            kind: PollKind::YesNoAbstain,
        },
    )?;
    r.check(
        "the committee creates a poll; a resident may not",
        expect(is(&created, "accepted", "") && is(&by_resident, "rejected", "not_allowed"), || {
            format!("{created:?} / {by_resident:?}")
        }),
    );
    let answer = |picks: Vec<usize>| Mutation::AnswerPoll { poll, picks };
    let first = single(client, hall.resident, answer(vec![1]))?;
    let again = single(client, hall.resident, answer(vec![0]))?;
    let two = single(client, hall.committee, answer(vec![0, 1]))?;
    let out_of_range = single(client, hall.committee, answer(vec![2]))?;
    let changes = everything(client, hall.resident)?;
    let record = of_kind(&changes, "poll").find(|p| p["id"] == poll.to_string()).cloned();
    let answers = record.as_ref().map(|p| p["answers"].clone()).unwrap_or(Value::Null);
    r.check(
        "one answer a person: a second answer, two picks of a single choice and a pick out of range are rejected invalid",
        expect(
            is(&first, "accepted", "")
                && [&again, &two, &out_of_range].iter().all(|x| is(x, "rejected", "invalid"))
                && answers.as_array().is_some_and(|a| {
                    a.len() == 1 && a[0]["picks"] == json!([1]) && a[0]["person"] == hall.resident.account_id()
                }),
            || format!("{first:?} {again:?} {two:?} {out_of_range:?}; answers {answers}"),
        ),
    );
    Ok(())
}

pub(super) fn check_deliveries<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    hall: &mut Hall<'_>,
) -> Result<(), String> {
    let unit =
        UnitId::parse(hall.owner.unit.as_deref().unwrap_or("")).map_err(|e| e.to_string())?;
    let deliver = |units: Vec<UnitId>| Mutation::RecordDeliveries {
        vote: hall.vote,
        units,
        method: Some(DeliveryMethod::Slip),
    };
    let first = single(client, hall.committee, deliver(vec![unit.clone()]))?;
    let id = format!("{}:{unit}", hall.vote);
    let recorded = |changes: &[Value]| {
        of_kind(changes, "delivery").find(|d| d["id"] == id).map(|d| d["at"].clone())
    };
    let first_at = recorded(&everything(client, hall.committee)?);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let by_wechat = Mutation::RecordDeliveries {
        vote: hall.vote,
        units: vec![unit.clone()],
        method: Some(DeliveryMethod::Wechat),
    };
    let again = single(client, hall.committee, by_wechat)?;
    let unknown = UnitId::parse("conformance-no-such-unit").map_err(|e| e.to_string())?;
    let missing = single(client, hall.committee, deliver(vec![unknown]))?;
    let by_resident = single(client, hall.resident, deliver(vec![unit.clone()]))?;
    let changes = everything(client, hall.committee)?;
    let records: Vec<&Value> =
        of_kind(&changes, "delivery").filter(|d| d["vote"] == hall.vote.to_string()).collect();
    r.check(
        "deliveries: one per unit with how it was delivered, recorded again the first recording stands, an unknown unit and a resident are refused",
        expect(
            is(&first, "accepted", "")
                && is(&again, "accepted", "")
                && is(&missing, "rejected", "unknown_unit")
                && is(&by_resident, "rejected", "not_allowed")
                && records.len() == 1
                && records[0]["id"] == id
                && records[0]["unit"] == unit.as_str()
                && records[0]["method"] == "slip"
                && records[0]["recorded_by_id"] == hall.committee.account_id()
                && records[0]["at"].is_i64()
                && first_at.as_ref() == Some(&records[0]["at"]),
            || format!("{first:?} {again:?} {missing:?} {by_resident:?}; {first_at:?} {records:?}"),
        ),
    );
    Ok(())
}

pub(super) fn check_opening<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    hall: &mut Hall<'_>,
) -> Result<(), String> {
    let now = now_ms();
    let matter = Matter::new(5).map_err(|e| e.to_string())?;
    let open = |proposal, opens: i64, closes: i64, hours: u16| Mutation::OpenVote {
        id: new_id(),
        proposal,
        matter,
        opens_at: Timestamp(opens),
        closes_at: Timestamp(closes),
        policy: NonResponse::None,
        counting_hours: hours,
    };
    let hour = 3_600_000;
    // A matter of its own in 决议, with no vote yet.
    let fresh = new_id();
    let draft = |title: &str| ProposalDraft {
        title: title.to_owned(),
        body: "由 conformance 命令创建。".to_owned(),
        category: "其他".to_owned(),
    };
    let mut setup = vec![Mutation::RaiseProposal { id: fresh, draft: draft("开表规则检查") }];
    setup.extend((0..3).map(|_| Mutation::MoveStage {
        proposal: fresh,
        action: yishiting_domain::mutation::StageAction::Advance,
    }));
    let first = hall.committee.next;
    let made = push(client, hall.committee, &setup)?;
    let deciding = (first..hall.committee.next)
        .all(|id| result_of(&made, id).is_some_and(|(s, _)| s == "accepted"));
    let backwards = single(client, hall.committee, open(fresh, now + 2 * hour, now + hour, 24))?;
    let no_period = single(client, hall.committee, open(fresh, now, now + hour, 0))?;
    let long_period = single(client, hall.committee, open(fresh, now, now + hour, 721))?;
    let by_resident = single(client, hall.resident, open(fresh, now, now + hour, 24))?;
    let collecting = new_id();
    let raised = single(
        client,
        hall.committee,
        Mutation::RaiseProposal { id: collecting, draft: draft("还在收集的议题") },
    )?;
    let early = single(client, hall.committee, open(collecting, now, now + hour, 24))?;
    // The main matter's vote is open: a second one on it waits for its seal.
    let second = single(client, hall.committee, open(hall.proposal, now, now + hour, 24))?;
    let mut bad_matter =
        serde_json::to_value(open(fresh, now, now + hour, 24)).unwrap_or(Value::Null);
    bad_matter["args"]["matter"] = json!(10);
    let matter_ten = client.post(
        &hall.committee.path("push"),
        Some(&hall.committee.token),
        &json!({ "client_id": hall.committee.client_id, "mutations": [{ "id": hall.committee.next, "name": "open_vote", "args": bad_matter["args"] }] }),
    )?;
    let valid = single(client, hall.committee, open(fresh, now, now + hour, 24))?;
    r.check(
        "opening a vote: closes before it opens, a counting period of 0 or 721 hours, a matter not in 决议, or a second vote before the first is sealed is invalid; a resident is not_allowed; matter 10 is 400; then a valid one is accepted",
        expect(
            deciding
                && [&backwards, &no_period, &long_period, &early, &second]
                    .iter()
                    .all(|x| is(x, "rejected", "invalid"))
                && is(&by_resident, "rejected", "not_allowed")
                && is(&raised, "accepted", "")
                && matter_ten.status == 400
                && matter_ten.code() == "invalid_args"
                && is(&valid, "accepted", ""),
            || {
                format!(
                    "{deciding} {backwards:?} {no_period:?} {long_period:?} {by_resident:?} {early:?} {second:?} {} {} {valid:?}",
                    matter_ten.status, matter_ten.body
                )
            },
        ),
    );
    Ok(())
}

/// A refusal of the rules comes as data as well as words: the result's `detail` names the
/// reason and what it is about (a draft's every problem with its field and limit, the action
/// and role refused), so that a client says it in its own language and marks the field.
pub(super) fn check_refusals<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    hall: &mut Hall<'_>,
) -> Result<(), String> {
    let draft = ProposalDraft {
        title: " ".to_owned(),
        body: "长".repeat(yishiting_domain::MAX_BODY_CHARS + 1),
        category: String::new(),
    };
    let first = hall.resident.next;
    let answer = push(
        client,
        hall.resident,
        &[
            Mutation::RaiseProposal { id: new_id(), draft },
            Mutation::MoveStage {
                proposal: hall.proposal,
                action: yishiting_domain::mutation::StageAction::Advance,
            },
        ],
    )?;
    let detail = |id: u64| result(&answer, id).map(|x| x["detail"].clone());
    let problems = json!({"reason": "draft", "problems": [
        {"reason": "empty", "field": "title"},
        {"reason": "too_long", "field": "body", "max": yishiting_domain::MAX_BODY_CHARS},
    ]});
    let refused = json!({"reason": "not_allowed", "action": "move_stage", "role": "resident"});
    r.check(
        "a refusal's detail names its reason as data: a draft's every problem with its field \
         and limit; the action and role refused",
        expect(detail(first) == Some(problems) && detail(first + 1) == Some(refused), || {
            format!("{} {}", answer.status, answer.body)
        }),
    );
    Ok(())
}
