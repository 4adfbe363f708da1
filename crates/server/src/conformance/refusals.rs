//! Checks that every refusal is `{code, message}` JSON, the OpenAPI bounds hold, and the
//! brake on sign-in attempts refuses parallel guesses (docs/protocol.md, "The brake"). The
//! brake check runs last: it locks this address out of the test community's key for a while,
//! so it names the community (a key the other checks, which name none, do not use).

use std::io::Write;

use serde_json::json;
use yishiting_domain::mutation::Mutation;

use super::client::{Answer, Client, Who, new_id};
use super::{Report, expect};

fn is_refusal(answer: &Answer, status: u16, code: &str) -> Result<(), String> {
    expect(
        answer.status == status
            && answer.code() == code
            && answer.body["message"].as_str().is_some_and(|m| !m.is_empty()),
        || format!("{} {}", answer.status, answer.body),
    )
}

pub(super) fn check<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    who: &Who,
) -> Result<(), String> {
    let not_a_number = client.post(
        "/api/v1/communities/abc/pull",
        Some(&who.token),
        &json!({ "client_id": who.client_id, "cookie": 0 }),
    )?;
    r.check(
        "a path segment that is not a number is 400 bad_request, as JSON",
        is_refusal(&not_a_number, 400, "bad_request"),
    );
    let wrong_method = client.call("PUT", "/api/v1/session", None, None)?;
    r.check(
        "a wrong method is 405 method_not_allowed, as JSON",
        is_refusal(&wrong_method, 405, "method_not_allowed"),
    );
    let zero_limit = client.post(
        &who.path("pull"),
        Some(&who.token),
        &json!({ "client_id": who.client_id, "cookie": 0, "limit": 0 }),
    )?;
    r.check(
        "a pull with limit 0 is 400 invalid_request",
        is_refusal(&zero_limit, 400, "invalid_request"),
    );
    let comment = Mutation::AddComment {
        id: new_id(),
        proposal: new_id(),
        reply_to: None,
        body: "x".to_owned(),
    };
    let zero_id = client.post(
        &who.path("push"),
        Some(&who.token),
        &json!({ "client_id": who.client_id, "mutations": [super::client::pushed(0, &comment)] }),
    )?;
    r.check(
        "a mutation id of 0 is 400 invalid_request",
        is_refusal(&zero_id, 400, "invalid_request"),
    );
    Ok(())
}

/// A backend names its database and says `reset` to a client that synced with another one,
/// or whose acknowledged changes it lacks (docs/protocol.md, "Restores").
pub(super) fn check_restores<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    who: &Who,
) -> Result<(), String> {
    let pull = |extra: serde_json::Value| {
        let mut body = json!({ "client_id": who.client_id, "cookie": 0 });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        client.post(&who.path("pull"), Some(&who.token), &body)
    };
    let plain = pull(json!({}))?;
    let identity = plain.body["identity"].as_str().unwrap_or("").to_owned();
    let last = plain.body["last_mutation_id"].as_u64().unwrap_or(0);
    let same = pull(json!({ "identity": identity, "acknowledged": last }))?;
    r.check(
        "a pull names the database's identity; the same identity is no reset",
        expect(!identity.is_empty() && same.status == 200 && same.body["reset"] == false, || {
            format!("{} then {}", plain.body["identity"], same.body["reset"])
        }),
    );
    let other = pull(json!({ "identity": "another-database" }))?;
    let lost = pull(json!({ "identity": identity, "acknowledged": last + 1 }))?;
    r.check(
        "another identity, or acknowledged changes the backend lacks, are answered reset",
        expect(other.body["reset"] == true && lost.body["reset"] == true, || {
            format!("{} / {}", other.body["reset"], lost.body["reset"])
        }),
    );
    Ok(())
}

/// 30 wrong codes at once from this address, naming the community: at most 10 are judged,
/// the rest refused 429 with Retry-After; a right code naming no community still signs in.
pub(super) fn check_brake<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    community: i64,
    code: &str,
) -> Result<(), String> {
    let answers: Vec<Result<Answer, String>> = std::thread::scope(|scope| {
        let guesses: Vec<_> = (0..30)
            .map(|n| {
                scope.spawn(move || {
                    let guess = format!("ZZZZ-{n:04}");
                    client.post(
                        "/api/v1/session",
                        None,
                        &json!({ "code": guess, "community": community }),
                    )
                })
            })
            .collect();
        guesses.into_iter().map(|g| g.join().unwrap_or_else(|_| Err("thread".to_owned()))).collect()
    });
    let answers: Vec<Answer> = answers.into_iter().collect::<Result<_, _>>()?;
    let judged = answers.iter().filter(|a| a.status == 401 && a.code() == "wrong_code").count();
    let braked: Vec<&Answer> = answers.iter().filter(|a| a.status == 429).collect();
    r.check(
        "30 parallel wrong codes: at most 10 judged, the rest 429 too_many_attempts with Retry-After",
        expect(
            judged <= 10
                && judged + braked.len() == 30
                && braked.iter().all(|a| a.code() == "too_many_attempts" && a.retry_after.is_some()),
            || format!("{judged} judged, {} braked: {:?}", braked.len(), braked.first()),
        ),
    );
    let right = client.post("/api/v1/session", None, &json!({ "code": code }))?;
    r.check(
        "another key's guesses never hold up a right code",
        expect(right.status == 200, || format!("{} {}", right.status, right.body)),
    );
    Ok(())
}
