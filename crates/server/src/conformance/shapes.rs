//! Checks that what a backend sends reads as the app reads it: every pulled record and the
//! tally through the domain crate's own types, who receives ballots and owners' names, and
//! a push's size; the rules of polls, deliveries and opening a vote are in `rules.rs`.

use std::collections::BTreeSet;
use std::io::Write;

use serde_json::{Value, json};
use yishiting_domain::mutation::Mutation;
use yishiting_domain::records::Change;
use yishiting_domain::{EntityId, Outcome, Seal};

use super::client::{
    Answer, Client, Who, new_id, pull, pull_pages, push, pushed, result_of, version,
};
use super::{Report, expect};

/// The hall the main checks left: a matter in 决议 with an open vote and ballots.
pub(super) struct Hall<'a> {
    pub(super) committee: &'a mut Who,
    pub(super) resident: &'a mut Who,
    pub(super) owner: &'a Who,
    pub(super) proposal: EntityId,
    pub(super) vote: EntityId,
}

/// Every change of every page from 0, as JSON.
pub(super) fn everything(client: &Client, who: &Who) -> Result<Vec<Value>, String> {
    let pages = pull_pages(client, who, 0, None)?;
    let mut changes = Vec::new();
    for page in pages {
        if page.status != 200 {
            return Err(format!("pull answered {} {}", page.status, page.body));
        }
        changes.extend(page.body["changes"].as_array().cloned().unwrap_or_default());
    }
    Ok(changes)
}

pub(super) fn of_kind<'a>(
    changes: &'a [Value],
    kind: &'a str,
) -> impl Iterator<Item = &'a Value> + 'a {
    changes.iter().filter(move |c| c["kind"] == kind).map(|c| &c["record"])
}

/// The status and code of the only mutation of a push of one.
pub(super) fn single(
    client: &Client,
    who: &mut Who,
    mutation: Mutation,
) -> Result<(String, String), String> {
    let id = who.next;
    let answer = push(client, who, &[mutation])?;
    result_of(&answer, id).ok_or_else(|| format!("{} {}", answer.status, answer.body))
}

pub(super) fn is(result: &(String, String), status: &str, code: &str) -> bool {
    result.0 == status && (code.is_empty() || result.1 == code)
}

pub(super) fn check<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    hall: &mut Hall<'_>,
) -> Result<(), String> {
    let vote = hall.vote;
    super::rules::check_polls(client, r, hall)?;
    super::rules::check_deliveries(client, r, hall)?;
    super::rules::check_opening(client, r, hall)?;
    super::rules::check_refusals(client, r, hall)?;

    // Records, as the app reads them.
    let committee = everything(client, hall.committee)?;
    let mut unread = Vec::new();
    let mut kinds = BTreeSet::new();
    for change in &committee {
        match serde_json::from_value::<Change>(change.clone()) {
            Ok(Change::Unknown) => unread.push(format!("unknown kind {}", change["kind"])),
            Ok(_) => {
                kinds.insert(change["kind"].as_str().unwrap_or("").to_owned());
            }
            Err(e) => unread.push(format!("{}: {e}: {}", change["kind"], change["record"])),
        }
    }
    let wanted = ["unit", "proposal", "card", "comment", "poll", "vote", "ballot", "delivery"];
    r.check(
        "every pulled record of every kind reads as the app reads it",
        expect(unread.is_empty() && wanted.iter().all(|k| kinds.contains(*k)), || {
            format!("kinds {kinds:?}; unreadable: {:?}", unread.first())
        }),
    );

    let ballots: Vec<&Value> =
        of_kind(&committee, "ballot").filter(|b| b["vote"] == vote.to_string()).collect();
    let owner_ballot = ballots
        .iter()
        .find(|b| b["unit"].as_str() == hall.owner.unit.as_deref() && b["duplicate_of"].is_null());
    r.check(
        "a ballot names its recording account by id, its device and its times",
        expect(
            owner_ballot.is_some_and(|b| {
                b["recorded_by_id"] == hall.owner.account_id()
                    && b["device"] == hall.owner.client_id
                    && b["at"].is_i64()
                    && b["received_at"].is_i64()
                    && b["seq"].is_u64()
            }),
            || format!("{owner_ballot:?}"),
        ),
    );

    let tally = client.call(
        "GET",
        &format!("{}/{vote}/tally", hall.committee.path("votes")),
        Some(&hall.committee.token),
        None,
    )?;
    let counted = ballots.iter().filter(|b| b["duplicate_of"].is_null()).count();
    let duplicates = ballots.len() - counted;
    let card = of_kind(&committee, "card").find(|c| c["id"] == hall.proposal.to_string());
    r.check(
        "the committee receives every ballot, duplicates too; the card and the tally count the counted",
        expect(
            tally.body["ballots"].as_u64() == Some(counted as u64)
                && card.is_some_and(|c| {
                    c["vote"]["vote"] == vote.to_string()
                        && c["vote"]["ballots"].as_u64() == Some(counted as u64)
                })
                && tally.body["duplicates"].as_array().map(Vec::len) == Some(duplicates),
            || format!("{counted} counted, {duplicates} duplicates; card {card:?}; tally {}", tally.body),
        ),
    );
    r.check(
        "the tally reads as the app reads it, and its figures are its outcome's",
        tally_agrees(&tally),
    );

    let resident = everything(client, hall.resident)?;
    let named = of_kind(&resident, "unit").filter(|u| !u["owner_name"].is_null()).count();
    let seen = of_kind(&resident, "ballot").count();
    r.check(
        "a resident receives no ballot and no owner's name",
        expect(named == 0 && seen == 0 && of_kind(&resident, "unit").count() > 0, || {
            format!("{named} names, {seen} ballots")
        }),
    );
    let own = everything(client, hall.owner)?;
    let key = of_kind(&own, "unit")
        .find(|u| u["id"].as_str() == hall.owner.unit.as_deref())
        .map(|u| u["owner"].clone());
    let theirs: Vec<&Value> = of_kind(&own, "ballot").collect();
    r.check(
        "an owner receives the ballots of their own owner key, and only those",
        expect(
            key.is_some()
                && !theirs.is_empty()
                && theirs.iter().all(|b| Some(&b["owner"]) == key.as_ref()),
            || format!("owner key {key:?}: {theirs:?}"),
        ),
    );

    let listed = [
        &tally,
        &client.post(&hall.committee.path("pull"), None, &json!({}))?,
        &client.call("GET", "/api/v1", None, None)?,
    ];
    r.check(
        "API answers, refusals too, say Cache-Control: no-store",
        expect(
            listed.iter().all(|a| {
                a.cache_control
                    .as_deref()
                    .is_some_and(|c| c.split(',').any(|d| d.trim() == "no-store"))
            }),
            || format!("{:?}", listed.map(|a| (a.status, a.cache_control.clone()))),
        ),
    );

    check_batch(client, r, hall.committee)
}

/// The tally's `outcome` and `sealed` read as the domain's types, and its flat figures are
/// those of the outcome (areas as text with two decimals).
fn tally_agrees(tally: &Answer) -> Result<(), String> {
    if tally.status != 200 {
        return Err(format!("{} {}", tally.status, tally.body));
    }
    let outcome: Outcome = serde_json::from_value(tally.body["outcome"].clone())
        .map_err(|e| format!("outcome: {e}"))?;
    let _: Option<Seal> =
        serde_json::from_value(tally.body["sealed"].clone()).map_err(|e| format!("sealed: {e}"))?;
    let (part, counted) = (outcome.participating(), outcome.counted());
    let flat = |key: &str| tally.body[key].clone();
    let pairs = [
        ("total_area", json!(outcome.total.area.to_string())),
        ("total_owners", json!(outcome.total.owners)),
        ("participating_area", json!(part.area.to_string())),
        ("participating_owners", json!(part.owners)),
        ("yes_area", json!(counted.yes.area.to_string())),
        ("yes_owners", json!(counted.yes.owners)),
        ("no_owners", json!(counted.no.owners)),
        ("abstain_owners", json!(counted.abstain.owners)),
        ("deemed_owners", json!(outcome.deemed.participating().owners)),
        ("quorum_met", json!(outcome.quorum_met())),
        ("passed", json!(outcome.passed())),
        ("matter", json!(outcome.matter)),
    ];
    for (key, want) in pairs {
        if flat(key) != want {
            return Err(format!("{key} is {} but the outcome says {want}", flat(key)));
        }
    }
    let listed = tally.body["duplicates"].as_array().map_or(0, Vec::len);
    expect(listed == outcome.duplicates.len(), || {
        format!("{listed} duplicates listed, {} in the outcome", outcome.duplicates.len())
    })
}

/// More than 1,000 mutations in one push: 413 too_many_mutations, and nothing applied.
fn check_batch<W: Write>(client: &Client, r: &mut Report<'_, W>, who: &Who) -> Result<(), String> {
    let before = version(&pull(client, who, 0)?);
    let comment = |n: u64| {
        pushed(
            who.next + n,
            &Mutation::AddComment {
                id: new_id(),
                proposal: new_id(),
                reply_to: None,
                body: "x".to_owned(),
            },
        )
    };
    let batch: Vec<Value> = (0..1_001).map(comment).collect();
    let answer = client.post(
        &who.path("push"),
        Some(&who.token),
        &json!({ "client_id": who.client_id, "mutations": batch }),
    )?;
    let after = version(&pull(client, who, 0)?);
    r.check(
        "1,001 mutations in one push are 413 too_many_mutations, and nothing is applied",
        expect(
            answer.status == 413 && answer.code() == "too_many_mutations" && before == after,
            || format!("{} {}; version {before} → {after}", answer.status, answer.body),
        ),
    );
    Ok(())
}
