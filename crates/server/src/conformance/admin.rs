//! The administrator's operations (docs/protocol.md, "Accounts"): only the administrator
//! manages accounts and takes no part in the hall; a new code ends the old one and its
//! sessions; revoking ends every session. Runs when `--admin` gives the community's code.

use std::io::Write;

use serde_json::json;
use yishiting_domain::mutation::Mutation;

use super::client::{Client, Who, new_id, pull, pushed, sign_in};
use super::{Report, expect};

pub(super) fn check<W: Write>(
    client: &Client,
    r: &mut Report<'_, W>,
    code: &str,
    committee: &Who,
    owner: &Who,
) -> Result<(), String> {
    let admin = sign_in(client, code)?;
    let comment =
        Mutation::AddComment { id: new_id(), proposal: new_id(), reply_to: None, body: "x".into() };
    let pushing = client.post(
        &admin.path("push"),
        Some(&admin.token),
        &json!({ "client_id": admin.client_id, "mutations": [pushed(1, &comment)] }),
    )?;
    let by_committee =
        client.call("GET", &committee.path("accounts"), Some(&committee.token), None)?;
    r.check(
        "the administrator may not push (403 admin_cannot_act); others may not manage accounts (403 forbidden)",
        expect(
            pushing.status == 403
                && pushing.code() == "admin_cannot_act"
                && by_committee.status == 403
                && by_committee.code() == "forbidden",
            || format!("{} {} / {} {}", pushing.status, pushing.body, by_committee.status, by_committee.body),
        ),
    );

    let accounts = admin.path("accounts");
    let listed = client.call("GET", &accounts, Some(&admin.token), None)?;
    let made = client.post(
        &accounts,
        Some(&admin.token),
        &json!({ "name": "一致性计票人", "role": "officer" }),
    )?;
    let owner_made = client.post(
        &accounts,
        Some(&admin.token),
        &json!({ "name": "某业主", "role": "owner" }),
    )?;
    let new_code = made.body["code"].as_str().unwrap_or("").to_owned();
    let officer = sign_in(client, &new_code);
    r.check(
        "the administrator lists role accounts and makes one (201, with a code that signs in); an owner account is 400 invalid_request",
        expect(
            listed.status == 200
                && listed.body.as_array().is_some_and(|a| {
                    a.iter().all(|x| x["role"] != "owner" && x["id"].is_i64() && x["name"].is_string())
                })
                && made.status == 201
                && made.body["account"]["role"] == "officer"
                && officer.is_ok()
                && owner_made.status == 400
                && owner_made.code() == "invalid_request",
            || format!("{} {} / {} {} / {}", listed.status, listed.body, made.status, made.body, owner_made.status),
        ),
    );
    let officer = officer?;

    let id = made.body["account"]["id"].as_i64().unwrap_or(0);
    let reissued = client.post(&format!("{accounts}/{id}/code"), Some(&admin.token), &json!({}))?;
    let old_session = pull(client, &officer, 0)?;
    let old_code = client.post("/api/v1/session", None, &json!({ "code": new_code }))?;
    let fresh = sign_in(client, reissued.body["code"].as_str().unwrap_or(""));
    r.check(
        "a new code ends the old code and every session of the account",
        expect(
            reissued.status == 200
                && old_session.status == 401
                && old_code.status == 401
                && old_code.code() == "wrong_code"
                && fresh.is_ok(),
            || {
                format!(
                    "{} {} / {} / {} / {fresh:?}",
                    reissued.status, reissued.body, old_session.status, old_code.status
                )
            },
        ),
    );
    let fresh = fresh?;
    let revoked =
        client.post(&format!("{accounts}/{id}/revoke"), Some(&admin.token), &json!({}))?;
    let after = pull(client, &fresh, 0)?;
    let none =
        client.post(&format!("{accounts}/999999999/revoke"), Some(&admin.token), &json!({}))?;
    r.check(
        "revoking ends every session of the account; an unknown account is 404 not_found",
        expect(
            revoked.status == 200
                && revoked.body["revoked"].as_u64().is_some_and(|n| n >= 1)
                && after.status == 401
                && none.status == 404
                && none.code() == "not_found",
            || {
                format!(
                    "{} {} / {} / {} {}",
                    revoked.status, revoked.body, after.status, none.status, none.body
                )
            },
        ),
    );

    // A lost slip: the unit's new code signs in as that unit, its old sessions end.
    let unit = owner.unit.clone().unwrap_or_default();
    let slip =
        client.post(&admin.path(&format!("units/{unit}/code")), Some(&admin.token), &json!({}))?;
    let old_owner = pull(client, owner, 0)?;
    let new_owner = sign_in(client, slip.body["code"].as_str().unwrap_or(""));
    let no_unit = client.post(
        &admin.path("units/conformance-no-such-unit/code"),
        Some(&admin.token),
        &json!({}),
    )?;
    r.check(
        "a unit's new code signs in as that unit and ends its sessions; an unknown unit is 404",
        expect(
            slip.status == 200
                && old_owner.status == 401
                && new_owner.as_ref().is_ok_and(|w| w.unit.as_deref() == Some(unit.as_str()))
                && no_unit.status == 404,
            || {
                format!(
                    "{} {} / {} / {new_owner:?} / {}",
                    slip.status, slip.body, old_owner.status, no_unit.status
                )
            },
        ),
    );
    Ok(())
}
