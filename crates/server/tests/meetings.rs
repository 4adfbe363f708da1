//! Meetings through the server: an owner who signs in to the hall while a meeting is
//! announced has the ballots it decides delivered (DOMAIN.md, "Meetings in person"; Zhuhai's
//! rule), recorded by the server at the sign-in and pulled like any delivery.

mod common;

use common::*;
use yishiting_domain::{MeetingDraft, MeetingKind};

const DAY: i64 = 86_400_000;

/// The deliveries of `vote` the committee pulls: (unit, method, recorded_by).
async fn deliveries(
    app: &Router,
    committee: &Signed,
    vote: EntityId,
) -> Vec<(String, Value, Value)> {
    let pulled = pull(app, committee, 0).await;
    let changes = pulled["changes"].as_array().expect("changes");
    changes
        .iter()
        .filter(|c| c["kind"] == "delivery" && c["record"]["vote"] == vote.to_string())
        .map(|c| {
            let r = &c["record"];
            (
                r["unit"].as_str().unwrap_or_default().to_owned(),
                r["method"].clone(),
                r["recorded_by"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_owner_signing_in_while_a_meeting_is_announced_has_its_ballots_delivered() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let app = router(conn, None);
    let mut committee = sign_in(&app, &f.committee).await;
    let (_, vote) = open_vote(&app, &mut committee, db::now_ms() + 30 * DAY).await;
    let meeting = id();
    let draft = MeetingDraft {
        kind: MeetingKind::Assembly,
        title: "业主大会".to_owned(),
        place: "小区广场".to_owned(),
        starts_at: Timestamp(db::now_ms() + 20 * DAY),
        ends_at: Timestamp(db::now_ms() + 20 * DAY + 3_600_000),
        agenda: vec![vote],
        tellers: vec![],
        scrutineers: vec![],
        max_proxies: 1,
    };
    let body =
        push(&app, &mut committee, &[Mutation::CreateMeeting { id: meeting, draft }], None).await;
    assert_eq!(codes(&body), ["accepted"]);
    // Before the notice: a sign-in delivers nothing.
    sign_in(&app, &f.unit_code("1-202")).await;
    assert_eq!(deliveries(&app, &committee, vote).await, []);

    let notice = Mutation::PublishNotice { meeting, early_reason: None };
    assert_eq!(codes(&push(&app, &mut committee, &[notice], None).await), ["accepted"]);
    sign_in(&app, &f.unit_code("1-201")).await;
    let once = deliveries(&app, &committee, vote).await;
    assert_eq!(once, [("1-201".to_owned(), json!("signed_in"), json!("李"))]);
    // Again, and by a role account: nothing more.
    sign_in(&app, &f.unit_code("1-201")).await;
    sign_in(&app, &f.officer).await;
    assert_eq!(deliveries(&app, &committee, vote).await, once);
}
