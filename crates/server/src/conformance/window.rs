//! Checks of a vote's window, its late arrivals and its seal (docs/counting.md): the backend
//! judges by its own clock, takes a paper sheet recorded inside the window after the close
//! and marks it late, holds 督办 until the seal, and takes nothing after the seal. The paper
//! sheet is entered twice, by two people, as DOMAIN.md asks: the first entry alone is no
//! ballot, and a number printed for another owner is refused.

use std::io::Write;

use serde_json::json;
use yishiting_domain::mutation::{Mutation, StageAction};
use yishiting_domain::{
    Channel, Choice, Matter, NonResponse, OwnerKey, ProposalDraft, Timestamp, UnitId, sheet_number,
};

use super::client::{Client, Who, new_id, now_ms, pull, push, push_at, records_of, result_of};
use super::{Report, expect};

/// How long the checked vote stays open.
const OPEN_MS: i64 = 1_500;

fn sheet(vote: yishiting_domain::EntityId, unit: &str, number: &str) -> Result<Mutation, String> {
    Ok(Mutation::CastBallot {
        id: new_id(),
        vote,
        unit: UnitId::parse(unit).map_err(|e| e.to_string())?,
        choice: Choice::No,
        channel: Channel::Paper,
        sheet: Some(number.to_owned()),
        proxy: None,
    })
}

fn rejected_with(answer: &super::client::Answer, id: u64, code: &str) -> Result<(), String> {
    expect(result_of(answer, id).is_some_and(|(s, c)| s == "rejected" && c == code), || {
        format!("{} {}", answer.status, answer.body)
    })
}

/// The owner key of `unit`, as the committee pulls the register.
fn owner_of(client: &Client, committee: &Who, unit: &str) -> Result<OwnerKey, String> {
    let pulled = pull(client, committee, 0)?;
    let owner = records_of(&pulled, "unit").find(|u| u["id"] == unit).map(|u| &u["owner"]);
    let owner = owner.and_then(|o| o.as_str()).ok_or_else(|| format!("no unit {unit} pulled"))?;
    OwnerKey::parse(owner).map_err(|e| e.to_string())
}

pub(super) fn check<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    (committee, officer): (&mut Who, &mut Who),
    (owner_a, owner_b): (&mut Who, &mut Who),
) -> Result<(), String> {
    let (Some(unit_a), Some(unit_b)) = (owner_a.unit.clone(), owner_b.unit.clone()) else {
        return Err("the --owner codes must be unit (owner) codes".to_owned());
    };
    let (proposal, vote) = (new_id(), new_id());
    let draft = ProposalDraft {
        title: "协议一致性检查：表决期与封存".to_owned(),
        body: "由 conformance 命令创建。".to_owned(),
        category: "其他".to_owned(),
    };
    let mut setup = vec![Mutation::RaiseProposal { id: proposal, draft }];
    setup.extend((0..3).map(|_| Mutation::MoveStage { proposal, action: StageAction::Advance }));
    let now = now_ms();
    let matter = Matter::new(5).map_err(|e| e.to_string())?;
    let open = |id, opens_at: i64, closes_at: i64| Mutation::OpenVote {
        id,
        proposal,
        matter,
        opens_at: Timestamp(opens_at),
        closes_at: Timestamp(closes_at),
        policy: NonResponse::None,
        counting_hours: 24,
    };
    setup.push(open(new_id(), now - 86_400_000, now - 3_600_000));
    setup.push(open(vote, now, now + OPEN_MS));
    let first = committee.next;
    let opened = push(client, committee, &setup)?;
    r.check(
        "a vote whose window lies in the past is rejected invalid",
        rejected_with(&opened, first + 4, "invalid"),
    );
    let in_window = push(client, owner_a, &[super::client::ballot(vote, &unit_a, Choice::Yes)?])?;
    r.check(
        "a ballot inside the window is accepted",
        expect(
            result_of(&in_window, owner_a.next - 1).is_some_and(|(s, _)| s == "accepted"),
            || format!("{}", in_window.body),
        ),
    );
    let closes = now + OPEN_MS;
    std::thread::sleep(std::time::Duration::from_millis(
        u64::try_from(closes - now_ms() + 300).unwrap_or(0),
    ));

    let b_first = owner_b.next;
    let online =
        push_at(client, owner_b, &[super::client::ballot(vote, &unit_b, Choice::No)?], now + 100)?;
    r.check(
        "after the close an owner's ballot is rejected vote_not_open, whatever time it claims",
        rejected_with(&online, b_first, "vote_not_open"),
    );
    let number_b = sheet_number(vote, &owner_of(client, committee, &unit_b)?);
    let number_a = sheet_number(vote, &owner_of(client, committee, &unit_a)?);
    let o_first = officer.next;
    let entries = [sheet(vote, &unit_b, &number_a)?, sheet(vote, &unit_b, &number_b)?];
    let first = push_at(client, officer, &entries, now + 200)?;
    let waiting = pull(client, committee, 0)?;
    let entered = records_of(&waiting, "sheet").find(|s| s["number"] == number_b.as_str());
    r.check(
        "a paper sheet's number printed for another owner is rejected invalid; its first entry is accepted and is no ballot yet",
        rejected_with(&first, o_first, "invalid").and(expect(
            result_of(&first, o_first + 1).is_some_and(|(s, _)| s == "accepted")
                && entered.is_some_and(|s| s["entries"].as_array().is_some_and(|e| e.len() == 1))
                && records_of(&waiting, "ballot")
                    .all(|b| b["vote"] != vote.to_string() || b["unit"] != unit_b),
            || format!("{} then {entered:?}", first.body),
        )),
    );
    let c_first = committee.next;
    let late = push_at(client, committee, &[sheet(vote, &unit_b, &number_b)?], now + 200)?;
    let pulled = pull(client, committee, 0)?;
    let record = records_of(&pulled, "ballot")
        .find(|b| b["vote"] == vote.to_string() && b["unit"] == unit_b)
        .cloned();
    r.check(
        "a paper sheet recorded inside the window, entered again alike by a second person after the close, is a ballot, marked late",
        expect(
            result_of(&late, c_first).is_some_and(|(s, _)| s == "accepted")
                && record.as_ref().is_some_and(|b| {
                    b["late"] == true
                        && b["at"] == json!(now + 200)
                        && b["received_at"].as_i64().is_some_and(|t| t >= closes)
                }),
            || format!("{} then {record:?}", late.body),
        ),
    );
    let tally_path = format!("{}/{vote}/tally", committee.path("votes"));
    let counted = client.call("GET", &tally_path, Some(&committee.token), None)?;
    r.check(
        "the tally says closed, late, the counting period's end and no seal yet",
        expect(
            counted.body["closed"] == true
                && counted.body["late"] == 1
                && counted.body["ballots"] == 2
                && counted.body["counting_ends_at"] == json!(closes + 24 * 3_600_000)
                && counted.body["sealed"].is_null(),
            || format!("{} {}", counted.status, counted.body),
        ),
    );
    let advance = Mutation::MoveStage { proposal, action: StageAction::Advance };
    let unsealed = push(client, committee, std::slice::from_ref(&advance))?;
    r.check(
        "督办 waits for the seal: moving on is rejected invalid",
        rejected_with(&unsealed, committee.next - 1, "invalid"),
    );
    let sealed = push(client, committee, &[Mutation::SealVote { vote }])?;
    let after = client.call("GET", &tally_path, Some(&committee.token), None)?;
    r.check(
        "the committee seals a closed count, and the tally says by whom and when",
        expect(
            result_of(&sealed, committee.next - 1).is_some_and(|(s, _)| s == "accepted")
                && after.body["sealed"]["by"].is_string()
                && after.body["sealed"]["at"].as_i64().is_some_and(|t| t >= closes),
            || format!("{} then {}", sealed.body, after.body),
        ),
    );
    let s_first = committee.next;
    let refused = push_at(
        client,
        committee,
        &[sheet(vote, &unit_a, "C-002")?, Mutation::SealVote { vote }, advance],
        now + 300,
    )?;
    let unmoved = client.call("GET", &tally_path, Some(&committee.token), None)?;
    r.check(
        "after the seal a ballot and a second seal are rejected vote_sealed, and 督办 follows",
        rejected_with(&refused, s_first, "vote_sealed")
            .and(rejected_with(&refused, s_first + 1, "vote_sealed"))
            .and(expect(
                result_of(&refused, s_first + 2).is_some_and(|(s, _)| s == "accepted")
                    && unmoved.body["outcome"] == after.body["outcome"],
                || format!("{} then {}", refused.body, unmoved.body),
            )),
    );
    Ok(())
}
