//! What the server's tests share: a community of four units with role accounts, the router
//! with a client address, and the protocol's calls.
#![allow(dead_code, unreachable_pub, unused_imports)]

pub use std::net::SocketAddr;
pub use std::time::Duration;

pub use axum::Router;
pub use axum::body::Body;
pub use axum::extract::connect_info::MockConnectInfo;
pub use axum::http::{Request, StatusCode, header};
pub use serde_json::{Value, json};
pub use tower::ServiceExt;
pub use yishiting_domain::mutation::{Mutation, StageAction};
pub use yishiting_domain::{
    Area, Channel, Choice, EntityId, Matter, NonResponse, OwnerKey, ProposalDraft, Role, Timestamp,
    Unit, UnitId,
};
pub use yishiting_server::admin::{self, Created};
pub use yishiting_server::api::{self, Api};
pub use yishiting_server::auth;
pub use yishiting_server::brake::Brake;
pub use yishiting_server::db;

/// Units 1-101 and 1-102 belong to 王; 1-201 to 李; 1-202 to 张.
pub fn units() -> Vec<Unit> {
    [
        ("1-101", 9_000, "wang", "王"),
        ("1-102", 6_000, "wang", "王"),
        ("1-201", 9_000, "li", "李"),
        ("1-202", 9_000, "zhang", "张"),
    ]
    .into_iter()
    .map(|(id, area, owner, name)| Unit {
        id: UnitId::parse(id).expect("unit"),
        area: Area::from_hundredths(area),
        owner: OwnerKey::parse(owner).expect("owner"),
        building: Some("1".to_owned()),
        room: None,
        owner_name: Some(name.to_owned()),
    })
    .collect()
}

pub struct Fixture {
    pub created: Created,
    pub committee: String,
    pub resident: String,
    pub officer: String,
    pub property: String,
}

impl Fixture {
    pub fn unit_code(&self, unit: &str) -> String {
        self.created
            .units
            .iter()
            .find(|u| u.unit == unit)
            .map(|u| u.code.clone())
            .expect("unit code")
    }
}

pub fn community(conn: &mut rusqlite::Connection, name: &str) -> Fixture {
    let created = admin::create(conn, name, units(), false, db::now_ms()).expect("create");
    let code = |role, who: &str| {
        auth::create_account(conn, created.community, who, Some(role), None, db::now_ms())
            .expect("account")
            .1
    };
    let committee = code(Role::Committee, "周主任");
    let resident = code(Role::Resident, "陈思远");
    let officer = code(Role::Officer, "孙桂兰");
    let property = code(Role::Property, "何经理");
    Fixture { created, committee, resident, officer, property }
}

pub fn router(conn: rusqlite::Connection, brake: Option<Brake>) -> Router {
    let mut api = Api::new(conn);
    if let Some(brake) = brake {
        api.brake = brake;
    }
    api::router(api).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 7], 40_000))))
}

pub async fn call(
    app: &Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(body) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    let response =
        app.clone().oneshot(request.body(body).expect("request")).await.expect("infallible");
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

pub struct Signed {
    pub token: String,
    pub community: i64,
    pub client: String,
    pub next: u64,
}

pub async fn sign_in(app: &Router, code: &str) -> Signed {
    let (status, body) =
        call(app, "POST", "/api/v1/session", None, Some(json!({ "code": code }))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    Signed {
        token: body["token"].as_str().expect("token").to_owned(),
        community: body["community"]["id"].as_i64().expect("community"),
        client: format!("client-{}", uuid::Uuid::new_v4().simple()),
        next: 1,
    }
}

/// Pushes mutations with the next ids; answers the push's body.
pub async fn push(
    app: &Router,
    who: &mut Signed,
    mutations: &[Mutation],
    at: Option<i64>,
) -> Value {
    let batch: Vec<Value> = mutations
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut v = serde_json::to_value(m).expect("json");
            v["id"] = json!(who.next + i as u64);
            if let Some(at) = at {
                v["at"] = json!(at);
            }
            v
        })
        .collect();
    let path = format!("/api/v1/communities/{}/push", who.community);
    let (status, body) = call(
        app,
        "POST",
        &path,
        Some(&who.token),
        Some(json!({ "client_id": who.client, "mutations": batch })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    who.next += mutations.len() as u64;
    body
}

pub async fn pull(app: &Router, who: &Signed, cookie: u64) -> Value {
    pull_page(app, who, cookie, None).await
}

pub async fn pull_page(app: &Router, who: &Signed, cookie: u64, limit: Option<u32>) -> Value {
    let path = format!("/api/v1/communities/{}/pull", who.community);
    let mut request = json!({ "client_id": who.client, "cookie": cookie });
    if let Some(limit) = limit {
        request["limit"] = json!(limit);
    }
    let (status, body) = call(app, "POST", &path, Some(&who.token), Some(request)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

pub fn codes(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["code"].as_str().unwrap_or(r["status"].as_str().unwrap_or("")).to_owned())
        .collect()
}

pub fn id() -> EntityId {
    EntityId::from_uuid(uuid::Uuid::new_v4())
}

pub fn ballot(vote: EntityId, unit: &str, choice: Choice, channel: Channel) -> Mutation {
    Mutation::CastBallot {
        id: id(),
        vote,
        unit: UnitId::parse(unit).expect("unit"),
        choice,
        channel,
        sheet: None,
        proxy: None,
    }
}

/// The committee raises a matter, moves it to 决议 and opens a vote closing at `closes_at`.
pub async fn open_vote(
    app: &Router,
    committee: &mut Signed,
    closes_at: i64,
) -> (EntityId, EntityId) {
    let (proposal, vote) = (id(), id());
    let draft = ProposalDraft {
        title: "加装电梯".to_owned(),
        body: "第 5 项".to_owned(),
        category: "设施".to_owned(),
    };
    let mut batch = vec![Mutation::RaiseProposal { id: proposal, draft }];
    batch.extend((0..3).map(|_| Mutation::MoveStage { proposal, action: StageAction::Advance }));
    batch.push(Mutation::OpenVote {
        id: vote,
        proposal,
        matter: Matter::new(5).expect("matter"),
        opens_at: Timestamp(db::now_ms() - 60_000),
        closes_at: Timestamp(closes_at),
        policy: NonResponse::None,
        counting_hours: 24,
    });
    let body = push(app, committee, &batch, None).await;
    assert_eq!(codes(&body), ["accepted"; 5], "{body}");
    (proposal, vote)
}

/// A community in a database file (to reopen, copy or restore), a vote open for an hour,
/// and the committee and 李 (1-201) signed in.
pub struct OnDisk {
    pub dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
    pub f: Fixture,
    pub app: Router,
    pub committee: Signed,
    pub vote: EntityId,
    pub li: Signed,
}

pub async fn on_disk() -> OnDisk {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hall.sqlite3");
    let mut conn = db::open(&path).expect("open");
    let f = community(&mut conn, "测试小区");
    let app = router(conn, None);
    let mut committee = sign_in(&app, &f.committee).await;
    let (_, vote) = open_vote(&app, &mut committee, db::now_ms() + 3_600_000).await;
    let li = sign_in(&app, &f.unit_code("1-201")).await;
    OnDisk { dir, path, f, app, committee, vote, li }
}

/// A vote's tally as the server gives it.
pub async fn tally(app: &Router, who: &Signed, vote: EntityId) -> Value {
    let path = format!("/api/v1/communities/{}/votes/{vote}/tally", who.community);
    let (status, body) = call(app, "GET", &path, Some(&who.token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}
