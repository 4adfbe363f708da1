//! The sync protocol and sign-in of the reference server: through the router, over a real
//! socket (the conformance suite), and across a restart of the database.

mod common;

use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_conformance_suite_passes_over_a_real_socket() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("data/hall.sqlite3");
    let mut conn = db::open(&path).expect("open");
    let here = community(&mut conn, "测试小区");
    let there = community(&mut conn, "隔壁小区");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            api::router(Api::new(conn)).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    let args = yishiting_server::cli::ConformanceArgs {
        url: format!("http://{addr}"),
        committee: here.committee.clone(),
        owner: vec![here.unit_code("1-101"), here.unit_code("1-201")],
        second_unit: Some(here.unit_code("1-102")),
        resident: here.resident.clone(),
        officer: here.officer.clone(),
        other_community: Some(there.committee.clone()),
        admin: Some(here.created.admin_code.clone()),
    };
    let (result, output) = tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        let result = yishiting_server::conformance::run(&args, &mut out);
        (result, String::from_utf8(out).expect("utf-8"))
    })
    .await
    .expect("join");
    server.abort();
    eprintln!("{output}");
    assert!(result.is_ok(), "{output}");
    assert!(!output.contains("FAIL"), "{output}");
    let passed = output.lines().filter(|l| l.starts_with("ok ")).count();
    assert_eq!(passed, 73, "every check ran: {output}");
    assert!(output.ends_with(&format!("conformance: {passed} passed, 0 failed\n")), "{output}");
}

#[tokio::test]
async fn the_server_decides_who_may_do_what() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let app = router(conn, None);
    let mut committee = sign_in(&app, &f.committee).await;
    let (proposal, vote) = open_vote(&app, &mut committee, db::now_ms() + 3_600_000).await;

    let mut property = sign_in(&app, &f.property).await;
    let body = push(
        &app,
        &mut property,
        &[
            ballot(vote, "1-201", Choice::Yes, Channel::Online),
            Mutation::MoveStage { proposal, action: StageAction::Advance },
        ],
        None,
    )
    .await;
    assert_eq!(
        codes(&body),
        ["not_allowed", "not_allowed"],
        "the property company never votes nor moves stages"
    );

    let mut wang = sign_in(&app, &f.unit_code("1-101")).await;
    // The client names itself as the committee: the server takes the role from the sign-in.
    let body = push(
        &app,
        &mut wang,
        &[Mutation::MoveStage { proposal, action: StageAction::Advance }],
        None,
    )
    .await;
    assert_eq!(codes(&body), ["not_allowed"]);
    let body = push(
        &app,
        &mut wang,
        &[
            ballot(vote, "1-201", Choice::No, Channel::Online),
            ballot(vote, "1-101", Choice::Yes, Channel::Meeting),
            ballot(vote, "1-102", Choice::Yes, Channel::Online),
        ],
        None,
    )
    .await;
    assert_eq!(
        codes(&body),
        ["not_allowed", "not_allowed", "accepted"],
        "an owner votes through any of his own units, online"
    );

    let mut officer = sign_in(&app, &f.officer).await;
    let body = push(
        &app,
        &mut officer,
        &[
            ballot(vote, "1-201", Choice::No, Channel::Online),
            ballot(vote, "1-201", Choice::No, Channel::Meeting),
            ballot(vote, "1-101", Choice::No, Channel::Meeting),
        ],
        None,
    )
    .await;
    assert_eq!(codes(&body), ["not_allowed", "accepted", "already_voted"]);

    let tally = tally(&app, &committee, vote).await;
    assert_eq!(tally["ballots"], 2);
    assert_eq!(tally["yes_owners"], 1);
    assert_eq!(tally["no_owners"], 1);
    assert_eq!(tally["duplicates"], json!(["1-101"]));
    assert_eq!(tally["total_owners"], 3);

    // Who sees which ballots and names.
    let officer_view = pull(&app, &officer, 0).await;
    let ballots = |v: &Value| {
        v["changes"].as_array().expect("changes").iter().filter(|c| c["kind"] == "ballot").count()
    };
    assert_eq!(ballots(&officer_view), 3, "officers see every ballot, duplicates too");
    let wang_view = pull(&app, &wang, 0).await;
    assert_eq!(ballots(&wang_view), 2, "an owner sees his own ballots");
    let resident = sign_in(&app, &f.resident).await;
    let resident_view = pull(&app, &resident, 0).await;
    assert_eq!(ballots(&resident_view), 0, "a resident sees counts, not ballots");
    let names = |v: &Value| {
        v["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter(|c| c["kind"] == "unit" && !c["record"]["owner_name"].is_null())
            .count()
    };
    assert_eq!(names(&resident_view), 0, "owners' names are not sent to residents");
    assert_eq!(names(&officer_view), 4);
    let card = resident_view["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["kind"] == "card")
        .expect("card");
    assert_eq!(card["record"]["vote"]["ballots"], 2, "the card carries the count");
}

/// Each change of a pull answer as `(kind, id)` and its record.
fn records(body: &Value) -> Vec<((String, String), Value)> {
    body["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            let id = c["record"]["id"]
                .as_str()
                .map_or_else(|| c["record"]["id"].to_string(), str::to_owned);
            ((c["kind"].as_str().expect("kind").to_owned(), id), c["record"].clone())
        })
        .collect()
}

#[tokio::test]
async fn a_pull_comes_in_pages_of_whole_versions_that_add_up_to_one_pull() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "分页小区");
    let app = router(conn, None);
    let mut committee = sign_in(&app, &f.committee).await;
    let (proposal, _) = open_vote(&app, &mut committee, db::now_ms() + 3_600_000).await;
    for n in 0..4 {
        let comment =
            Mutation::AddComment {
                id: id(), proposal, reply_to: None, body: format!("第 {n} 条")
            };
        push(&app, &mut committee, &[comment], None).await;
    }
    // A refusal, whose result must come with the page of its version.
    let refused = push(
        &app,
        &mut committee,
        &[Mutation::MoveStage { proposal: id(), action: StageAction::Advance }],
        None,
    )
    .await;
    assert_eq!(codes(&refused), ["not_found"], "{refused}");
    let comment =
        Mutation::AddComment { id: id(), proposal, reply_to: None, body: "最后".into() };
    push(&app, &mut committee, &[comment], None).await;

    let whole = pull(&app, &committee, 0).await;
    assert_eq!(whole["more"], false, "{whole}");
    let mut pages = Vec::new();
    let mut cookie = 0;
    loop {
        let page = pull_page(&app, &committee, cookie, Some(2)).await;
        let version = page["version"].as_u64().expect("version");
        assert!(version > cookie || page["more"] == false, "a page must move on: {page}");
        cookie = version;
        let more = page["more"] == true;
        pages.push(page);
        if !more {
            break;
        }
        assert!(pages.len() < 50, "paging does not end");
    }
    // The register's four units were written at one version: the first page holds them all,
    // over its limit of two, rather than split a version.
    let units = records(&pages[0]).iter().filter(|((kind, _), _)| kind == "unit").count();
    assert_eq!(units, 4, "{}", pages[0]);
    assert!(pages.len() >= 4, "{} pages", pages.len());
    assert_eq!(pages.last().map(|p| p["version"].clone()), Some(whole["version"].clone()));
    // Applied in order, the pages leave what one pull gives.
    let mut state = std::collections::BTreeMap::new();
    for page in &pages {
        state.extend(records(page));
    }
    let expected: std::collections::BTreeMap<_, _> = records(&whole).into_iter().collect();
    assert_eq!(state, expected);
    // Results arrive once each, in order, and last_mutation_id never runs ahead of them.
    let results: Vec<Value> =
        pages.iter().flat_map(|p| p["results"].as_array().cloned().unwrap_or_default()).collect();
    assert_eq!(results, whole["results"].as_array().cloned().unwrap_or_default());
    // Each page's last_mutation_id is the newest mutation whose result has arrived.
    let mut last_seen = 0;
    let mut newest_result = 0;
    for page in &pages {
        let last = page["last_mutation_id"].as_u64().expect("last_mutation_id");
        for result in page["results"].as_array().into_iter().flatten() {
            newest_result = newest_result.max(result["id"].as_u64().expect("id"));
        }
        assert_eq!(last, newest_result, "{page}");
        last_seen = last;
    }
    assert_eq!(last_seen, whole["last_mutation_id"].as_u64().expect("last"));
    assert_eq!(last_seen, committee.next - 1);
}

#[tokio::test]
async fn a_push_survives_a_restart_and_counts_once_when_repeated() {
    let OnDisk { dir: _dir, path, app, vote, mut li, .. } = on_disk().await;
    let cast = ballot(vote, "1-201", Choice::Yes, Channel::Online);
    let body = push(&app, &mut li, std::slice::from_ref(&cast), None).await;
    assert_eq!(codes(&body), ["accepted"]);
    let version = pull(&app, &li, 0).await["version"].as_u64().expect("version");
    drop(app);

    // The server restarts on the same file; the phone never saw the answer and pushes again.
    let app = router(db::open(&path).expect("reopen"), None);
    li.next = 1;
    let again = push(&app, &mut li, &[cast], None).await;
    assert_eq!(again["results"], json!([]), "skipped: already processed");
    assert_eq!(again["last_mutation_id"], 1);
    let after = pull(&app, &li, 0).await;
    assert_eq!(after["version"].as_u64(), Some(version), "nothing was applied");
    assert_eq!(after["last_mutation_id"], 1);
    assert_eq!(codes(&after), ["accepted"], "the result is still there to pull");
    let tally = tally(&app, &li, vote).await;
    assert_eq!(tally["ballots"], 1);
}

#[test]
fn the_database_itself_refuses_a_second_counted_ballot() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let insert = |id: &str, duplicate_of: Option<&str>| {
        conn.execute(
            "INSERT INTO ballots (community, id, vote, owner, seq, duplicate_of, body, version) VALUES (?1, ?2, 'v', 'wang', 1, ?3, '{}', 1)",
            rusqlite::params![f.created.community, id, duplicate_of],
        )
    };
    insert("a", None).expect("first ballot");
    assert!(insert("b", None).is_err(), "a second counted ballot of one owner");
    insert("c", Some("a")).expect("a duplicate is kept for the audit");
}

#[tokio::test]
async fn bad_requests_get_clear_errors_and_change_nothing() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let other = community(&mut conn, "隔壁小区");
    let app = router(conn, None);
    let mut resident = sign_in(&app, &f.resident).await;
    let push_path = format!("/api/v1/communities/{}/push", resident.community);
    let before = pull(&app, &resident, 0).await["version"].clone();

    let request = Request::post(&push_path)
        .header(header::AUTHORIZATION, format!("Bearer {}", resident.token))
        .body(Body::from("{\"client_id\": \"a\", \"mutations\": ["))
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_slice(
        &axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body"),
    )
    .expect("json error");
    assert_eq!(body["code"], "malformed_json");
    assert!(body["message"].as_str().expect("message").contains("column"), "{body}");

    let big = format!(
        "{{\"client_id\":\"a\",\"mutations\":[],\"pad\":\"{}\"}}",
        "x".repeat(api::MAX_BODY)
    );
    let request = Request::post(&push_path)
        .header(header::AUTHORIZATION, format!("Bearer {}", resident.token))
        .body(Body::from(big))
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let (status, body) = call(&app, "POST", &push_path, Some(&resident.token), Some(json!({ "client_id": resident.client, "mutations": [{ "id": 1, "name": "drop_table", "args": {} }] }))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("unknown_mutation"))
    );
    let (status, body) = call(&app, "POST", &push_path, Some(&resident.token), Some(json!({ "client_id": resident.client, "mutations": [{ "id": 1, "name": "add_comment", "args": { "body": 3 } }] }))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_args")),
        "{body}"
    );

    let stranger = sign_in(&app, &other.committee).await;
    let (status, body) = call(
        &app,
        "POST",
        &push_path,
        Some(&stranger.token),
        Some(json!({ "client_id": stranger.client, "mutations": [] })),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("wrong_community")));

    let (status, body) = call(
        &app,
        "POST",
        &push_path,
        Some("not-a-token"),
        Some(json!({ "client_id": "a", "mutations": [] })),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));

    // A resident trying to move a stage: a recorded rejection, nothing moved.
    let mut committee = sign_in(&app, &f.committee).await;
    let (proposal, _) = open_vote(&app, &mut committee, db::now_ms() + 3_600_000).await;
    let v1 = pull(&app, &resident, 0).await;
    let body = push(
        &app,
        &mut resident,
        &[Mutation::MoveStage {
            proposal,
            action: StageAction::Withdraw { reason: "不想要".to_owned() },
        }],
        None,
    )
    .await;
    assert_eq!(codes(&body), ["not_allowed"]);
    assert!(body["results"][0]["message"].as_str().is_some_and(|m| m.contains("业委会")), "{body}");
    let v2 = pull(&app, &resident, v1["version"].as_u64().expect("v")).await;
    let stages: Vec<&Value> = v2["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["kind"] == "proposal")
        .collect();
    assert!(stages.is_empty(), "the proposal did not change: {stages:?}");
    assert_ne!(before, v1["version"]);
}

#[tokio::test]
async fn wrong_codes_are_slowed_then_refused_for_a_while() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let brake = Brake {
        free: 1,
        limit: 3,
        step: Duration::from_millis(50),
        lockout: Duration::from_secs(600),
        window: Duration::from_secs(600),
    };
    let app = router(conn, Some(brake));
    for _ in 0..3 {
        let (status, body) =
            call(&app, "POST", "/api/v1/session", None, Some(json!({ "code": "ZZZZ-ZZZZ" }))).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("wrong_code")));
    }
    let request = Request::post("/api/v1/session")
        .body(Body::from(json!({ "code": f.committee }).to_string()))
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    assert_eq!(
        response.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right code waits out the lockout"
    );
    assert_eq!(
        response.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()),
        Some("600")
    );
}

#[tokio::test]
async fn the_administrator_manages_accounts_and_codes() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let app = router(conn, None);
    let admin = sign_in(&app, &f.created.admin_code).await;
    let accounts = format!("/api/v1/communities/{}/accounts", admin.community);

    let (status, body) = call(
        &app,
        "POST",
        &accounts,
        Some(&admin.token),
        Some(json!({ "name": "邓海燕", "role": "officer" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let officer_code = body["code"].as_str().expect("code").to_owned();
    let officer_id = body["account"]["id"].as_i64().expect("id");
    let (status, _) = call(
        &app,
        "POST",
        &accounts,
        Some(&admin.token),
        Some(json!({ "name": "某业主", "role": "owner" })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "owners sign in with their unit's code");

    let mut officer = sign_in(&app, &officer_code).await;
    let (status, body) = call(
        &app,
        "POST",
        &accounts,
        Some(&officer.token),
        Some(json!({ "name": "x", "role": "committee" })),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let (status, list) = call(&app, "GET", &accounts, Some(&admin.token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.as_array().expect("list").iter().any(|a| a["name"] == "邓海燕"));

    let (status, _) =
        call(&app, "POST", &format!("{accounts}/{officer_id}/revoke"), Some(&admin.token), None)
            .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/communities/{}/pull", officer.community),
        Some(&officer.token),
        Some(json!({ "client_id": officer.client, "cookie": 0 })),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a revoked token is refused");
    officer = sign_in(&app, &officer_code).await;
    assert!(!officer.token.is_empty(), "the code still signs in after a revoke");

    // A lost slip: a new code for the unit, the old one stops working.
    let old = f.unit_code("1-201");
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/v1/communities/{}/units/1-201/code", admin.community),
        Some(&admin.token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) =
        call(&app, "POST", "/api/v1/session", None, Some(json!({ "code": old }))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    sign_in(&app, body["code"].as_str().expect("new code")).await;

    let mut admin_as_actor = admin;
    let path = format!("/api/v1/communities/{}/push", admin_as_actor.community);
    let (status, body) = call(
        &app,
        "POST",
        &path,
        Some(&admin_as_actor.token),
        Some(json!({ "client_id": admin_as_actor.client, "mutations": [] })),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("admin_cannot_act")));
    admin_as_actor.next = 1;
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = router(db::open_in_memory().expect("db"), None);
    let (status, doc) = call(&app, "GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/api/v1",
        "/api/v1/session",
        "/api/v1/communities/{community}/push",
        "/api/v1/communities/{community}/pull",
        "/api/v1/communities/{community}/votes/{vote}/tally",
        "/api/v1/communities/{community}/accounts",
        "/api/v1/communities/{community}/accounts/{account}/revoke",
        "/api/v1/communities/{community}/accounts/{account}/code",
        "/api/v1/communities/{community}/units/{unit}/code",
    ] {
        assert!(paths.contains_key(path), "{path} is not in openapi.json");
    }
    // What the document says of the types is held to them in tests/openapi.rs.
    // Another origin may call it (the app can be served elsewhere), with a bearer token.
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/api/v1/session")
        .header(header::ORIGIN, "https://hall.example.cn")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
        .body(Body::empty())
        .expect("request");
    let response = app.clone().oneshot(preflight).await.expect("infallible");
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(
        response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).and_then(|v| v.to_str().ok()),
        Some("*")
    );
    let (status, body) = call(&app, "GET", "/api/v1/nothing-here", None, None).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
}
