//! `yishiting-server conformance`: the sync protocol's contract (docs/protocol.md), checked
//! over HTTP against any backend, with the codes of a test community. Each check prints one
//! line, `ok` or `FAIL` with what was seen; the command fails if any check fails.
//!
//! The checks change the test community: they raise a matter, open a vote and cast ballots.

use std::io::Write;

use serde_json::json;
use yishiting_domain::mutation::{Mutation, StageAction};
use yishiting_domain::{Choice, Matter, NonResponse, ProposalDraft, Timestamp};

use crate::cli::ConformanceArgs;

mod admin;
mod client;
mod meetings;
mod proxies;
mod refusals;
mod rules;
mod shapes;
mod window;

use client::{
    Client, ballot, declared_oversize, new_id, now_ms, pull, push, pushed, records_of, result_of,
    sign_in, version,
};

/// The checks' running record.
struct Report<'o, W: Write> {
    out: &'o mut W,
    failed: usize,
    passed: usize,
}

impl<W: Write> Report<'_, W> {
    fn check(&mut self, name: &str, outcome: Result<(), String>) {
        let line = match &outcome {
            Ok(()) => {
                self.passed += 1;
                format!("ok    {name}")
            }
            Err(why) => {
                self.failed += 1;
                format!("FAIL  {name}: {why}")
            }
        };
        let _ = writeln!(self.out, "{line}");
    }
}

fn expect(cond: bool, why: impl FnOnce() -> String) -> Result<(), String> {
    if cond { Ok(()) } else { Err(why()) }
}

pub fn run(args: &ConformanceArgs, out: &mut impl Write) -> Result<(), String> {
    let client = Client::new(&args.url);
    let mut report = Report { out, failed: 0, passed: 0 };
    let r = &mut report;

    let about = client.call("GET", "/api/v1", None, None)?;
    r.check(
        "GET /api/v1 names protocol 1",
        expect(about.body["protocol"] == 1, || format!("{} {}", about.status, about.body)),
    );

    let wrong = client.post("/api/v1/session", None, &json!({ "code": "0000-0000" }))?;
    r.check(
        "a wrong code is refused with 401 wrong_code",
        expect(wrong.status == 401 && wrong.code() == "wrong_code", || {
            format!("{} {}", wrong.status, wrong.body)
        }),
    );

    let mut committee = sign_in(&client, &args.committee)?;
    let mut owner_a = sign_in(&client, &args.owner[0])?;
    let mut owner_b = sign_in(&client, &args.owner[1])?;
    let mut resident = sign_in(&client, &args.resident)?;
    let mut officer = sign_in(&client, &args.officer)?;
    r.check(
        "codes sign in to one community",
        expect(
            [owner_a.community, owner_b.community, resident.community]
                .iter()
                .all(|c| *c == committee.community),
            || "the codes belong to different communities".to_owned(),
        ),
    );
    let (Some(unit_a), Some(unit_b)) = (owner_a.unit.clone(), owner_b.unit.clone()) else {
        return Err("the --owner codes must be unit (owner) codes".to_owned());
    };

    let anonymous = client.post(
        &committee.path("push"),
        None,
        &json!({ "client_id": "x", "mutations": [] }),
    )?;
    r.check(
        "push without a token is 401",
        expect(anonymous.status == 401, || format!("{} {}", anonymous.status, anonymous.body)),
    );

    let start = pull(&client, &committee, 0)?;
    r.check(
        "pull from 0 answers a version and changes",
        expect(
            start.status == 200
                && start.body["changes"].is_array()
                && start.body["version"].is_u64(),
            || format!("{} {}", start.status, start.body),
        ),
    );
    let v0 = version(&start);
    r.check(
        "pull from 0 carries the register",
        expect(records_of(&start, "unit").count() > 0, || "no unit records".to_owned()),
    );

    let malformed = client.call(
        "POST",
        &committee.path("push"),
        Some(&committee.token),
        Some(b"{\"client_id\": ".to_vec()),
    )?;
    r.check(
        "malformed JSON is 400 malformed_json",
        expect(malformed.status == 400 && malformed.code() == "malformed_json", || {
            format!("{} {}", malformed.status, malformed.body)
        }),
    );

    let unknown = client.post(
        &committee.path("push"),
        Some(&committee.token),
        &json!({
            "client_id": committee.client_id,
            "mutations": [{ "id": 1, "name": "delete_everything", "args": {} }],
        }),
    )?;
    r.check(
        "an unknown mutation name is 400 unknown_mutation",
        expect(unknown.status == 400 && unknown.code() == "unknown_mutation", || {
            format!("{} {}", unknown.status, unknown.body)
        }),
    );

    let oversize = declared_oversize(&args.url, &committee.path("push"), &committee.token);
    r.check(
        "a body declared as 64 MiB is refused with 413 before it is sent",
        expect(oversize == Ok(413), || format!("{oversize:?}")),
    );

    let after_bad = pull(&client, &committee, v0)?;
    r.check(
        "bad requests change nothing",
        expect(version(&after_bad) == v0, || {
            format!("version moved {v0} → {}", version(&after_bad))
        }),
    );

    // The committee raises a matter, moves it to 决议 and opens a vote, in one push.
    let (proposal, vote) = (new_id(), new_id());
    let now = now_ms();
    let draft = ProposalDraft {
        title: "协议一致性检查".to_owned(),
        body: "由 conformance 命令创建。".to_owned(),
        category: "其他".to_owned(),
    };
    let mut setup = vec![Mutation::RaiseProposal { id: proposal, draft }];
    for _ in 0..3 {
        setup.push(Mutation::MoveStage { proposal, action: StageAction::Advance });
    }
    setup.push(Mutation::OpenVote {
        id: vote,
        proposal,
        matter: Matter::new(1).map_err(|e| e.to_string())?,
        opens_at: Timestamp(now - 60_000),
        closes_at: Timestamp(now + 3_600_000),
        policy: NonResponse::None,
        counting_hours: 24,
    });
    let batch_start = committee.next;
    let setup_answer = push(&client, &mut committee, &setup)?;
    let all_accepted = (batch_start..committee.next)
        .all(|id| result_of(&setup_answer, id).is_some_and(|(s, _)| s == "accepted"));
    r.check(
        "a batch is applied in order and each result is accepted",
        expect(setup_answer.status == 200 && all_accepted, || {
            format!("{} {}", setup_answer.status, setup_answer.body)
        }),
    );
    r.check(
        "push answers last_mutation_id",
        expect(setup_answer.body["last_mutation_id"].as_u64() == Some(committee.next - 1), || {
            format!("{}", setup_answer.body)
        }),
    );

    let after_setup = pull(&client, &committee, v0)?;
    let v1 = version(&after_setup);
    r.check("the version grows after an applied push", expect(v1 > v0, || format!("{v0} → {v1}")));
    let stage = records_of(&after_setup, "proposal")
        .find(|p| p["id"] == proposal.to_string())
        .map(|p| p["stage"].clone());
    r.check(
        "pull since a version returns the changed records",
        expect(stage == Some(json!("deciding")), || format!("proposal stage {stage:?}")),
    );
    r.check(
        "pull answers the client's last_mutation_id",
        expect(after_setup.body["last_mutation_id"].as_u64() == Some(committee.next - 1), || {
            format!("{}", after_setup.body["last_mutation_id"])
        }),
    );

    // Pages: one change a page, then as the backend likes; both leave the same records.
    let whole = client::pull_pages(&client, &committee, 0, None);
    let paged = client::pull_pages(&client, &committee, 0, Some(1));
    r.check(
        "pulls in pages of one change add up to one pull",
        match (&whole, &paged) {
            (Ok(whole), Ok(paged)) => expect(
                paged.iter().all(|p| p.status == 200)
                    && client::state_after(paged) == client::state_after(whole)
                    && paged.last().map(version) == whole.last().map(version),
                || format!("{} pages differ from {} page(s)", paged.len(), whole.len()),
            ),
            (Err(e), _) | (_, Err(e)) => Err(e.clone()),
        },
    );

    // The same batch again, as after a lost response: skipped, nothing applied twice.
    let replay_body = json!({
        "client_id": committee.client_id,
        "mutations": setup.iter().enumerate().map(|(i, m)| pushed(batch_start + u64::try_from(i).unwrap_or(0), m)).collect::<Vec<_>>(),
    });
    let replay = client.post(&committee.path("push"), Some(&committee.token), &replay_body)?;
    let after_replay = pull(&client, &committee, v1)?;
    r.check(
        "a repeated push is skipped (idempotent)",
        expect(
            replay.status == 200
                && replay.body["last_mutation_id"].as_u64() == Some(committee.next - 1)
                && version(&after_replay) == v1,
            || format!("{} {} then version {}", replay.status, replay.body, version(&after_replay)),
        ),
    );

    let gap = client.post(&committee.path("push"), Some(&committee.token), &json!({
        "client_id": committee.client_id,
        "mutations": [pushed(committee.next + 1, &Mutation::AddComment { id: new_id(), proposal, reply_to: None, body: "跳号".to_owned() })],
    }))?;
    r.check(
        "a gap in mutation ids is 409 mutation_gap",
        expect(gap.status == 409 && gap.code() == "mutation_gap", || {
            format!("{} {}", gap.status, gap.body)
        }),
    );

    // The server decides who may do what.
    let resident_first = resident.next;
    let moved = push(
        &client,
        &mut resident,
        &[Mutation::MoveStage { proposal, action: StageAction::Advance }],
    )?;
    r.check(
        "a resident moving a stage is rejected not_allowed",
        expect(
            result_of(&moved, resident_first)
                .is_some_and(|(s, c)| s == "rejected" && c == "not_allowed"),
            || format!("{}", moved.body),
        ),
    );
    let resident_vote = push(&client, &mut resident, &[ballot(vote, &unit_a, Choice::Yes)?])?;
    r.check(
        "a resident's ballot is rejected not_allowed",
        expect(
            result_of(&resident_vote, resident_first + 1)
                .is_some_and(|(s, c)| s == "rejected" && c == "not_allowed"),
            || format!("{}", resident_vote.body),
        ),
    );
    let comment = push(
        &client,
        &mut resident,
        &[Mutation::AddComment {
            id: new_id(),
            proposal,
            reply_to: None,
            body: "居民也能发言".to_owned(),
        }],
    )?;
    r.check(
        "a resident may comment",
        expect(
            result_of(&comment, resident_first + 2).is_some_and(|(s, _)| s == "accepted"),
            || format!("{}", comment.body),
        ),
    );
    let comment_id = new_id();
    let edit_first = resident.next;
    let edits = push(
        &client,
        &mut resident,
        &[
            Mutation::AddComment {
                id: comment_id,
                proposal,
                reply_to: None,
                body: "初稿".to_owned(),
            },
            Mutation::EditComment { id: comment_id, body: "改过一次".to_owned(), base: 0 },
            Mutation::EditComment {
                id: comment_id,
                body: "另一台手机上的改动".to_owned(),
                base: 0,
            },
        ],
    )?;
    r.check(
        "an edit on the current revision is accepted",
        expect(result_of(&edits, edit_first + 1).is_some_and(|(s, _)| s == "accepted"), || {
            format!("{}", edits.body)
        }),
    );
    r.check(
        "an edit on an older revision is rejected stale",
        expect(
            result_of(&edits, edit_first + 2).is_some_and(|(s, c)| s == "rejected" && c == "stale"),
            || format!("{}", edits.body),
        ),
    );
    let results = pull(&client, &resident, 0)?;
    r.check(
        "pull returns the results of the client's mutations",
        expect(
            result_of(&results, resident_first)
                .is_some_and(|(s, c)| s == "rejected" && c == "not_allowed"),
            || format!("{}", results.body["results"]),
        ),
    );
    let retry = client.post(&resident.path("push"), Some(&resident.token), &json!({
        "client_id": resident.client_id,
        "mutations": [pushed(resident_first, &Mutation::MoveStage { proposal, action: StageAction::Advance })],
    }))?;
    r.check(
        "a rejected mutation is never retried",
        expect(
            retry.status == 200 && retry.body["results"].as_array().is_some_and(Vec::is_empty),
            || format!("{} {}", retry.status, retry.body),
        ),
    );

    let b_first = owner_b.next;
    let foreign = push(&client, &mut owner_b, &[ballot(vote, &unit_a, Choice::No)?])?;
    r.check(
        "an owner voting through another's unit is rejected not_allowed",
        expect(
            result_of(&foreign, b_first)
                .is_some_and(|(s, c)| s == "rejected" && c == "not_allowed"),
            || format!("{}", foreign.body),
        ),
    );
    let a_first = owner_a.next;
    let cast = push(&client, &mut owner_a, &[ballot(vote, &unit_a, Choice::Yes)?])?;
    r.check(
        "an owner's own ballot is accepted",
        expect(result_of(&cast, a_first).is_some_and(|(s, _)| s == "accepted"), || {
            format!("{}", cast.body)
        }),
    );
    let _ = push(&client, &mut owner_b, &[ballot(vote, &unit_b, Choice::No)?])?;
    if let Some(code) = &args.second_unit {
        let mut second = sign_in(&client, code)?;
        let unit = second.unit.clone().ok_or("--second-unit must be a unit code")?;
        let again = push(&client, &mut second, &[ballot(vote, &unit, Choice::No)?])?;
        r.check(
            "a second ballot of the same owner is rejected already_voted",
            expect(
                result_of(&again, 1).is_some_and(|(s, c)| s == "rejected" && c == "already_voted"),
                || format!("{}", again.body),
            ),
        );
    }
    let tally = client.call(
        "GET",
        &format!("{}/{vote}/tally", committee.path("votes")),
        Some(&committee.token),
        None,
    )?;
    r.check(
        "the tally counts one ballot per owner, first accepted wins",
        expect(
            tally.status == 200
                && tally.body["ballots"] == 2
                && tally.body["yes_owners"] == 1
                && tally.body["no_owners"] == 1,
            || format!("{} {}", tally.status, tally.body),
        ),
    );
    let replay_ballot = client.post(
        &owner_a.path("push"),
        Some(&owner_a.token),
        &json!({
            "client_id": owner_a.client_id,
            "mutations": [pushed(a_first, &ballot(vote, &unit_a, Choice::Yes)?)],
        }),
    )?;
    let tally_again = client.call(
        "GET",
        &format!("{}/{vote}/tally", committee.path("votes")),
        Some(&committee.token),
        None,
    )?;
    r.check(
        "a ballot pushed again after a lost response counts once",
        expect(replay_ballot.status == 200 && tally_again.body["ballots"] == 2, || {
            format!("{} then {}", replay_ballot.body, tally_again.body)
        }),
    );

    let stolen = client.post(
        &committee.path("push"),
        Some(&committee.token),
        &json!({ "client_id": owner_a.client_id, "mutations": [] }),
    )?;
    r.check(
        "a client id belongs to one account",
        expect(stolen.status == 403 && stolen.code() == "foreign_client", || {
            format!("{} {}", stolen.status, stolen.body)
        }),
    );

    shapes::check(
        &client,
        r,
        &mut shapes::Hall {
            committee: &mut committee,
            resident: &mut resident,
            owner: &owner_a,
            proposal,
            vote,
        },
    )?;
    window::check(&client, r, (&mut committee, &mut officer), (&mut owner_a, &mut owner_b))?;
    meetings::check(&client, r, &args.committee, &mut committee, &mut resident, &owner_a)?;
    let owners = (&mut owner_a, &mut owner_b);
    proxies::check(&client, r, &mut committee, &mut resident, owners, &args.owner[1])?;
    refusals::check(&client, r, &committee)?;
    refusals::check_restores(&client, r, &committee)?;

    if let Some(code) = &args.other_community {
        let other = sign_in(&client, code)?;
        let crossed = client.post(
            &committee.path("pull"),
            Some(&other.token),
            &json!({ "client_id": other.client_id, "cookie": 0 }),
        )?;
        r.check(
            "a token of another community is 403 wrong_community",
            expect(
                other.community != committee.community
                    && crossed.status == 403
                    && crossed.code() == "wrong_community",
                || format!("{} {}", crossed.status, crossed.body),
            ),
        );
    }

    let out = client.call("DELETE", "/api/v1/session", Some(&resident.token), None)?;
    let after_out = pull(&client, &resident, 0)?;
    r.check(
        "a signed-out token is refused with 401",
        expect(out.status == 204 && after_out.status == 401, || {
            format!("sign-out {} then {}", out.status, after_out.status)
        }),
    );

    if let Some(code) = &args.admin {
        admin::check(&client, r, code, &committee, &owner_b)?;
    }
    refusals::check_brake(&client, r, committee.community, &args.committee)?;

    let (passed, failed) = (report.passed, report.failed);
    let _ = writeln!(report.out, "conformance: {passed} passed, {failed} failed");
    if failed == 0 { Ok(()) } else { Err(format!("{failed} 项协议检查未通过")) }
}
