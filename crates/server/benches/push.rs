//! Accepted ballots per second through `push`, over HTTP on loopback, against the reference
//! server on an SQLite file (synchronous=FULL, as served). Printed for CI, not asserted.
//!
//! 1. Phones: every owner signs in with their unit's code and pushes their own ballot, one per
//!    push, from 8 client threads at once.
//! 2. A meeting device: an officer's offline ballots pushed in batches of 500.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::float_arithmetic, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use serde_json::{Value, json};
use yishiting_domain::mutation::{Mutation, StageAction};
use yishiting_domain::{
    Area, Channel, Choice, EntityId, Matter, NonResponse, OwnerKey, ProposalDraft, Role, Timestamp,
    Unit, UnitId,
};
use yishiting_server::{admin, api, auth, db};

const UNITS: usize = 6_000;
const PHONES: usize = 2_000;
const THREADS: usize = 8;
const MEETING_BATCH: usize = 500;

fn units() -> Vec<Unit> {
    (0..UNITS)
        .map(|i| Unit {
            id: UnitId::parse(&format!(
                "{}-{}-{:03}",
                i / 1000 + 1,
                (i / 100) % 10 + 1,
                i % 100 + 1
            ))
            .unwrap(),
            area: Area::from_hundredths(8_000 + (i as u64 % 50) * 100),
            owner: OwnerKey::parse(&format!("owner-{i}")).unwrap(),
            building: None,
            room: None,
            owner_name: None,
        })
        .collect()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().new_agent()
}

fn post(agent: &ureq::Agent, url: &str, token: Option<&str>, body: &Value) -> Value {
    let mut request = agent.post(url).content_type("application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let mut response = request.send(body.to_string()).expect("request");
    assert_eq!(response.status(), 200, "{url}");
    response.body_mut().read_json().expect("json")
}

fn pushed(id: usize, mutation: &Mutation) -> Value {
    let mut value = serde_json::to_value(mutation).unwrap();
    value["id"] = json!(id);
    value["at"] = json!(db::now_ms());
    value
}

fn new_id() -> EntityId {
    EntityId::from_uuid(uuid::Uuid::new_v4())
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("bench.sqlite3")).unwrap();
    let created = admin::create(&mut conn, "压测小区", units(), false, db::now_ms()).unwrap();
    let (_, committee_code) = auth::create_account(
        &conn,
        created.community,
        "周主任",
        Some(Role::Committee),
        None,
        db::now_ms(),
    )
    .unwrap();
    let (_, officer_code) = auth::create_account(
        &conn,
        created.community,
        "孙桂兰",
        Some(Role::Officer),
        None,
        db::now_ms(),
    )
    .unwrap();

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move {
        axum::serve(
            listener,
            api::router(api::Api::new(conn)).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let base = format!("http://{addr}/api/v1");
    let community = created.community;
    let push_url = format!("{base}/communities/{community}/push");

    let agent = agent();
    let sign_in = |code: &str| {
        post(&agent, &format!("{base}/session"), None, &json!({ "code": code }))["token"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let committee = sign_in(&committee_code);
    let (proposal, vote) = (new_id(), new_id());
    let now = db::now_ms();
    let mut setup = vec![Mutation::RaiseProposal {
        id: proposal,
        draft: ProposalDraft {
            title: "压测".to_owned(),
            body: "压测".to_owned(),
            category: "其他".to_owned(),
        },
    }];
    setup.extend((0..3).map(|_| Mutation::MoveStage { proposal, action: StageAction::Advance }));
    setup.push(Mutation::OpenVote {
        id: vote,
        proposal,
        matter: Matter::new(1).unwrap(),
        opens_at: Timestamp(now - 1_000),
        closes_at: Timestamp(now + 3_600_000),
        policy: NonResponse::None,
        counting_hours: 24,
    });
    let batch: Vec<Value> = setup.iter().enumerate().map(|(i, m)| pushed(i + 1, m)).collect();
    post(
        &agent,
        &push_url,
        Some(&committee),
        &json!({ "client_id": "bench-committee", "mutations": batch }),
    );

    // Sign-ins are not what is measured: done first.
    let tokens: Vec<(String, String)> =
        created.units.iter().take(PHONES).map(|u| (u.unit.clone(), sign_in(&u.code))).collect();

    let next = AtomicUsize::new(0);
    let accepted = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                let agent = self::agent();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((unit, token)) = tokens.get(i) else { break };
                    let cast = Mutation::CastBallot {
                        id: new_id(),
                        vote,
                        unit: UnitId::parse(unit).unwrap(),
                        choice: Choice::Yes,
                        channel: Channel::Online,
                        sheet: None,
                        proxy: None,
                    };
                    let body = json!({ "client_id": format!("phone-{i}"), "mutations": [pushed(1, &cast)] });
                    let answer = post(&agent, &push_url, Some(token), &body);
                    if answer["results"][0]["status"] == "accepted" {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let phones = started.elapsed();
    let phone_accepted = accepted.load(Ordering::Relaxed);
    assert_eq!(phone_accepted, PHONES, "every phone's ballot is accepted");
    println!(
        "bench push_phones: {phone_accepted} ballots, one per push from {THREADS} clients, {:.0} ms, {:.0} accepted ballots/s",
        phones.as_secs_f64() * 1000.0,
        phone_accepted as f64 / phones.as_secs_f64()
    );

    let officer = sign_in(&officer_code);
    let meeting: Vec<Mutation> = created.units[PHONES..]
        .iter()
        .map(|u| Mutation::CastBallot {
            id: new_id(),
            vote,
            unit: UnitId::parse(&u.unit).unwrap(),
            choice: Choice::No,
            channel: Channel::Meeting,
            sheet: None,
            proxy: None,
        })
        .collect();
    let started = Instant::now();
    let mut accepted = 0;
    for (chunk_index, chunk) in meeting.chunks(MEETING_BATCH).enumerate() {
        let batch: Vec<Value> = chunk
            .iter()
            .enumerate()
            .map(|(i, m)| pushed(chunk_index * MEETING_BATCH + i + 1, m))
            .collect();
        let answer = post(
            &agent,
            &push_url,
            Some(&officer),
            &json!({ "client_id": "bench-meeting", "mutations": batch }),
        );
        accepted += answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == "accepted")
            .count();
    }
    let elapsed = started.elapsed();
    assert_eq!(accepted, meeting.len());
    println!(
        "bench push_meeting: {accepted} ballots in pushes of {MEETING_BATCH}, {:.0} ms, {:.0} accepted ballots/s",
        elapsed.as_secs_f64() * 1000.0,
        accepted as f64 / elapsed.as_secs_f64()
    );
}
