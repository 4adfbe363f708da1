//! A vote's window through the server (docs/counting.md): the server judges by its own clock,
//! takes a meeting's or a paper sheet's late ballots only in the counting period and before
//! the seal, marks them late, and after the seal nothing moves the count.

mod common;

use common::*;

fn paper(vote: EntityId, unit: &str, sheet: &str) -> Mutation {
    Mutation::CastBallot {
        id: EntityId::from_uuid(uuid::Uuid::new_v4()),
        vote,
        unit: UnitId::parse(unit).expect("unit"),
        choice: Choice::No,
        channel: Channel::Paper,
        sheet: Some(sheet.to_owned()),
        proxy: None,
    }
}

#[tokio::test]
async fn late_meeting_ballots_count_until_the_seal_and_nothing_moves_after_it() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let app = router(conn, None);
    let mut committee = sign_in(&app, &f.committee).await;
    let closes = db::now_ms() + 1_000;
    let (proposal, vote) = open_vote(&app, &mut committee, closes).await;
    let recorded = db::now_ms();
    // The meeting's phone comes back online after the vote closed, by the server's clock.
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let mut officer = sign_in(&app, &f.officer).await;
    let meeting = |unit| ballot(vote, unit, Choice::Yes, Channel::Meeting);
    let body = push(&app, &mut officer, &[meeting("1-201")], Some(recorded)).await;
    assert_eq!(codes(&body), ["accepted"], "recorded at the meeting while the vote was open");
    let body = push(&app, &mut officer, &[meeting("1-202")], Some(db::now_ms() + 86_400_000)).await;
    assert_eq!(codes(&body), ["vote_not_open"], "a time in the future is taken as now");
    let mut zhang = sign_in(&app, &f.unit_code("1-202")).await;
    let online = ballot(vote, "1-202", Choice::Yes, Channel::Online);
    let body = push(&app, &mut zhang, &[online], Some(recorded)).await;
    assert_eq!(codes(&body), ["vote_not_open"], "an online ballot is judged by the server's clock");

    // The late ballot is marked, with both times and who recorded it, for the committee.
    let pulled = pull(&app, &committee, 0).await;
    let late: Vec<&Value> = pulled["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["kind"] == "ballot")
        .map(|c| &c["record"])
        .collect();
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(
        (&late[0]["late"], &late[0]["at"], &late[0]["recorded_by"]),
        (&json!(true), &json!(recorded), &json!("孙桂兰"))
    );
    assert!(late[0]["received_at"].as_i64().expect("received_at") >= closes);
    let before = tally(&app, &committee, vote).await;
    assert_eq!(
        (&before["ballots"], &before["late"], &before["sealed"]),
        (&json!(1), &json!(1), &Value::Null)
    );
    assert_eq!(before["counting_ends_at"], json!(closes + 24 * 3_600_000));

    // 督办 follows a sealed count only.
    let advance = Mutation::MoveStage { proposal, action: StageAction::Advance };
    let body = push(&app, &mut committee, std::slice::from_ref(&advance), None).await;
    assert_eq!(codes(&body), ["invalid"]);
    let body = push(&app, &mut officer, &[Mutation::SealVote { vote }], None).await;
    assert_eq!(codes(&body), ["not_allowed"], "only the committee seals");
    let body = push(&app, &mut committee, &[Mutation::SealVote { vote }], None).await;
    assert_eq!(codes(&body), ["accepted"]);
    let sealed = tally(&app, &committee, vote).await;
    assert_eq!(sealed["sealed"]["by"], "周主任");
    assert!(sealed["sealed"]["at"].as_i64().expect("sealed at") >= closes);

    // After the seal: every channel, whatever time it claims, and deliveries, refused.
    let body = push(&app, &mut officer, &[meeting("1-101")], Some(recorded)).await;
    assert_eq!(codes(&body), ["vote_sealed"]);
    let body = push(&app, &mut committee, &[paper(vote, "1-102", "009")], Some(recorded)).await;
    assert_eq!(codes(&body), ["vote_sealed"]);
    let units = vec![UnitId::parse("1-202").expect("unit")];
    let body =
        push(&app, &mut officer, &[Mutation::RecordDeliveries { vote, units, method: None }], None)
            .await;
    assert_eq!(codes(&body), ["vote_sealed"]);
    let body = push(&app, &mut committee, &[Mutation::SealVote { vote }], None).await;
    assert_eq!(codes(&body), ["vote_sealed"], "sealed once");
    let body = push(&app, &mut committee, &[advance], None).await;
    assert_eq!(codes(&body), ["accepted"], "sealed, the matter moves to 督办");
    let after = tally(&app, &committee, vote).await;
    assert_eq!(after["outcome"], sealed["outcome"], "nothing moved the sealed count");
    assert_eq!(after["sealed"], sealed["sealed"]);
}

#[tokio::test]
async fn a_ballot_recorded_in_a_window_that_closed_months_ago_moves_nothing() {
    let OnDisk { dir: _dir, path, f, app, mut committee, vote, mut li } = on_disk().await;
    let body =
        push(&app, &mut li, &[ballot(vote, "1-201", Choice::No, Channel::Online)], None).await;
    assert_eq!(codes(&body), ["accepted"]);
    let published = tally(&app, &committee, vote).await;

    // Three months pass: the vote's window now lies 90 days back.
    let day = 86_400_000;
    let (opens, closes) = (db::now_ms() - 100 * day, db::now_ms() - 90 * day);
    let other = rusqlite::Connection::open(&path).expect("second connection");
    let moved = other
        .execute(
            "UPDATE records SET body = json_set(body, '$.opens_at', ?1, '$.closes_at', ?2)
             WHERE kind = 'vote'",
            rusqlite::params![opens, closes],
        )
        .expect("moved");
    assert_eq!(moved, 1);
    let mut officer = sign_in(&app, &f.officer).await;
    let inside = closes - day;
    let late = ballot(vote, "1-202", Choice::No, Channel::Meeting);
    let body = push(&app, &mut officer, &[late], Some(inside)).await;
    assert_eq!(codes(&body), ["counting_over"]);
    let sheet = push(&app, &mut committee, &[paper(vote, "1-101", "031")], Some(inside)).await;
    assert_eq!(codes(&sheet), ["counting_over"]);
    let after = tally(&app, &committee, vote).await;
    assert_eq!(after["outcome"], published["outcome"], "the published count stands");

    // A vote whose window lies in the past cannot be opened either.
    let (proposal, _) = open_vote(&app, &mut committee, db::now_ms() + 3_600_000).await;
    let past = Mutation::OpenVote {
        id: EntityId::from_uuid(uuid::Uuid::new_v4()),
        proposal,
        matter: Matter::new(5).expect("matter"),
        opens_at: Timestamp(db::now_ms() - 3 * day),
        closes_at: Timestamp(db::now_ms() - day),
        policy: NonResponse::None,
        counting_hours: 24,
    };
    let body = push(&app, &mut committee, &[past], None).await;
    assert_eq!(codes(&body), ["invalid"]);
}
