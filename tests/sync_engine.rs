//! The sync engine, natively: the app's own engine (`yishiting::sync::engine`) and store
//! (the in-memory one, which passes the same contract as IndexedDB) against the reference
//! server's real router in-process, through a transport that can lose answers. Lost answers,
//! gaps, refusals, a server restored from a backup, a download of several pages, and the
//! pace of retries while the server is down.
#![cfg(not(target_arch = "wasm32"))]

use std::cell::{Cell, RefCell};
use std::net::SocketAddr;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::Request;
use tower::ServiceExt;
use yishiting::storage::memory::MemoryStore;
use yishiting::storage::{Community, Link, Profile, Store};
use yishiting::sync::Failure;
use yishiting::sync::engine::{self, Pacer, Ran, Transport};
use yishiting_domain::mutation::{Actor, Envelope, Mutation, Rejection};
use yishiting_domain::wire::SignedIn;
use yishiting_domain::{
    Area, EntityId, NonResponse, OwnerKey, ProposalDraft, Role, Timestamp, Unit, UnitId,
};
use yishiting_server::{admin, api, auth, db, secret};

const SERVER: &str = "http://hall.test";

/// The reference server in-process. `lose` makes the next answers of one kind vanish after
/// the server processed the request, as a dropped connection does, and `lose_pull` the answer
/// to the pull request of that number from now; `down` answers nothing; `forge` adds a change
/// to every pull answer, as a faulty backend would.
struct InProcess {
    app: RefCell<Router>,
    lose: RefCell<Vec<&'static str>>,
    forge: RefCell<Option<serde_json::Value>>,
    lose_pull: Cell<Option<usize>>,
    down: Cell<bool>,
    requests: RefCell<Vec<String>>,
}

impl InProcess {
    fn new(conn: rusqlite::Connection) -> InProcess {
        InProcess {
            app: RefCell::new(router(conn)),
            lose: RefCell::new(Vec::new()),
            forge: RefCell::new(None),
            lose_pull: Cell::new(None),
            down: Cell::new(false),
            requests: RefCell::new(Vec::new()),
        }
    }

    /// The server comes back on another database (a backup restored).
    fn replace(&self, conn: rusqlite::Connection) {
        *self.app.borrow_mut() = router(conn);
    }

    fn lose_next(&self, what: &'static str) {
        self.lose.borrow_mut().push(what);
    }
}

fn router(conn: rusqlite::Connection) -> Router {
    api::router(api::Api::new(conn)).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 8], 1))))
}

impl Transport for InProcess {
    async fn exchange(
        &self,
        method: &str,
        url: &str,
        token: Option<&str>,
        body: Option<String>,
    ) -> Result<(u16, String), Failure> {
        if self.down.get() {
            return Err(Failure::Network);
        }
        let path = url.strip_prefix(SERVER).expect("the test's server");
        self.requests.borrow_mut().push(path.rsplit('/').next().unwrap_or("").to_owned());
        let mut request =
            Request::builder().method(method).uri(path).header("content-type", "application/json");
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let request = request.body(body.map_or_else(Body::empty, Body::from)).expect("request");
        let app = self.app.borrow().clone();
        let response = app.oneshot(request).await.expect("infallible");
        let status = response.status().as_u16();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
        if path.ends_with("pull") {
            let left = self.lose_pull.get().map(|n| n - 1);
            self.lose_pull.set(left.filter(|n| *n > 0));
            if left == Some(0) {
                return Err(Failure::Network);
            }
        }
        let mut lose = self.lose.borrow_mut();
        if let Some(at) = lose.iter().position(|what| path.ends_with(what)) {
            lose.remove(at);
            return Err(Failure::Network);
        }
        let text = String::from_utf8(bytes.to_vec()).expect("utf-8");
        match &*self.forge.borrow() {
            Some(forged) if path.ends_with("pull") && status == 200 => {
                let mut answer: serde_json::Value = serde_json::from_str(&text).expect("json");
                answer["changes"].as_array_mut().expect("changes").push(forged.clone());
                Ok((status, answer.to_string()))
            }
            _ => Ok((status, text)),
        }
    }
}

fn units(n: usize) -> Vec<Unit> {
    (0..n)
        .map(|i| Unit {
            id: UnitId::parse(&format!("1-{}", 101 + i)).expect("unit"),
            area: Area::from_hundredths(9_000),
            owner: OwnerKey::parse(&format!("owner-{i}")).expect("owner"),
            building: Some("1".to_owned()),
            room: None,
            owner_name: Some(format!("业主{i}")),
        })
        .collect()
}

/// A community of `n` units with a committee and a resident; their sign-in codes.
fn community(conn: &mut rusqlite::Connection, n: usize) -> (String, String) {
    let created = admin::create(conn, "江北花园", units(n), false, db::now_ms()).expect("create");
    let code = |role, who: &str| {
        auth::create_account(conn, created.community, who, Some(role), None, db::now_ms())
            .expect("account")
            .1
    };
    (code(Role::Committee, "周主任"), code(Role::Resident, "陈思远"))
}

/// The server on a fresh database holding a community of `n` units; its committee's and a
/// resident's sign-in codes.
fn hall(n: usize) -> (InProcess, String, String) {
    let mut conn = db::open_in_memory().expect("db");
    let (committee, resident) = community(&mut conn, n);
    (InProcess::new(conn), committee, resident)
}

/// A phone signed in with `code`: its store linked to the server, nothing pulled yet.
async fn phone(server: &InProcess, code: &str) -> MemoryStore {
    let body = serde_json::json!({ "code": code }).to_string();
    let (status, text) = server
        .exchange("POST", &format!("{SERVER}/api/v1/session"), None, Some(body))
        .await
        .expect("sign in");
    assert_eq!(status, 200, "{text}");
    let signed: SignedIn = serde_json::from_str(&text).expect("signed in");
    let store = MemoryStore::new();
    let client_id = uuid::Uuid::new_v4().to_string();
    let role = signed.account.role.expect("a member");
    let profile = Profile {
        id: signed.account.person(),
        name: signed.account.name.clone(),
        role,
        unit: None,
        device: client_id.clone(),
    };
    store.set_profile(&profile).await.expect("profile");
    let community = Community {
        name: signed.community.name.clone(),
        policy: NonResponse::None,
        created_at: Timestamp(0),
    };
    store.set_community(&community).await.expect("community");
    let link =
        Link::new(SERVER.to_owned(), signed.community.id, signed.account, signed.token, client_id);
    store.set_link(Some(&link)).await.expect("link");
    store
}

fn now() -> Timestamp {
    Timestamp(db::now_ms())
}

async fn round(store: &MemoryStore, server: &InProcess) -> (Ran, Result<(), Failure>) {
    engine::run(store, server, now, |_| {}).await
}

async fn synced(store: &MemoryStore, server: &InProcess) -> Ran {
    let (ran, outcome) = round(store, server).await;
    assert_eq!(outcome, Ok(()));
    ran
}

/// Applies a change on the phone, as the hall does: checked by the rules, then queued.
async fn act(store: &MemoryStore, mutation: Mutation) {
    let profile = store.profile().await.expect("profile").expect("a profile");
    let actor = Actor {
        id: profile.id.clone(),
        name: profile.name.clone(),
        role: profile.role,
        unit: profile.unit.clone(),
        device: profile.device.clone(),
    };
    let envelope = Envelope { id: new_id(), at: now(), recorded_at: None, actor, mutation };
    store.apply(&envelope).await.expect("store").expect("the rules take it");
}

fn new_id() -> EntityId {
    EntityId::from_uuid(uuid::Uuid::new_v4())
}

fn raise(id: EntityId, title: &str) -> Mutation {
    let draft = ProposalDraft {
        title: title.to_owned(),
        body: "楼道里堆满了杂物，消防通道不通。".to_owned(),
        category: "安全".to_owned(),
    };
    Mutation::RaiseProposal { id, draft }
}

fn comment(proposal: EntityId, body: &str) -> Mutation {
    Mutation::AddComment { id: new_id(), proposal, reply_to: None, body: body.to_owned() }
}

async fn bodies(store: &MemoryStore, proposal: EntityId) -> Vec<String> {
    store.comments(proposal).await.expect("comments").into_iter().map(|c| c.body).collect()
}

async fn waiting(store: &MemoryStore) -> usize {
    yishiting::storage::waiting(store.outbox().await.expect("outbox")).len()
}

#[tokio::test]
async fn a_round_sends_the_outbox_and_another_phone_sees_it() {
    let (server, committee, resident) = hall(4);
    let a = phone(&server, &committee).await;
    let first = synced(&a, &server).await;
    assert!(first.changed, "the register came");
    assert_eq!(a.units().await.expect("units").len(), 4);
    let matter = new_id();
    act(&a, raise(matter, "清理楼道杂物")).await;
    act(&a, comment(matter, "周六上午统一清理")).await;
    assert_eq!(waiting(&a).await, 2);
    let ran = synced(&a, &server).await;
    assert!(ran.changed);
    assert_eq!(waiting(&a).await, 0);
    assert!(a.outbox().await.expect("outbox").is_empty(), "the pull took them out");
    let b = phone(&server, &resident).await;
    synced(&b, &server).await;
    assert_eq!(bodies(&b, matter).await, ["周六上午统一清理"]);
    // A round with nothing to do changes nothing.
    assert!(!synced(&b, &server).await.changed);
}

#[tokio::test]
async fn a_lost_answer_is_sent_again_and_applied_once() {
    let (server, committee, resident) = hall(4);
    let a = phone(&server, &committee).await;
    synced(&a, &server).await;
    let matter = new_id();
    act(&a, raise(matter, "更换消防水管")).await;
    act(&a, comment(matter, "先请物业报价")).await;
    // The server takes the push, its answer never comes.
    server.lose_next("push");
    let (_, outcome) = round(&a, &server).await;
    assert_eq!(outcome, Err(Failure::Network));
    assert_eq!(waiting(&a).await, 2, "nothing leaves the outbox without an answer");
    // A pull's answer lost: the next asks again from the same cookie.
    server.lose_next("pull");
    assert_eq!(round(&a, &server).await.1, Err(Failure::Network));
    synced(&a, &server).await;
    assert_eq!(waiting(&a).await, 0);
    let b = phone(&server, &resident).await;
    synced(&b, &server).await;
    assert_eq!(bodies(&b, matter).await, ["先请物业报价"], "applied once");
    assert_eq!(bodies(&a, matter).await, ["先请物业报价"]);
}

#[tokio::test]
async fn a_refusal_is_kept_with_its_reason_and_the_servers_text_comes_back() {
    let (server, committee, _) = hall(4);
    // One person on two phones: both have the comment at its first revision.
    let a = phone(&server, &committee).await;
    let matter = new_id();
    synced(&a, &server).await;
    act(&a, raise(matter, "垃圾桶移位")).await;
    act(&a, comment(matter, "移到东门外")).await;
    synced(&a, &server).await;
    let b = phone(&server, &committee).await;
    synced(&b, &server).await;
    let said = b.comments(matter).await.expect("comments")[0].id;
    let edit = |body: &str| Mutation::EditComment { id: said, body: body.to_owned(), base: 0 };
    act(&a, edit("移到东门外的空地")).await;
    synced(&a, &server).await;
    // The second phone edits the revision it has: the server refuses it as stale.
    act(&b, edit("移到西门")).await;
    let ran = synced(&b, &server).await;
    assert!(ran.changed);
    let refused = b.refused().await.expect("refused");
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].code, "stale");
    assert_eq!(refused[0].detail, Some(Rejection::Stale { current: 1 }));
    assert_eq!(refused[0].why(), "内容已被更新（现为第 1 版），请刷新后再修改");
    assert_eq!(waiting(&b).await, 0, "a refused change is not sent again");
    assert_eq!(bodies(&b, matter).await, ["移到东门外的空地"], "the server's text");
}

#[tokio::test]
async fn a_gap_ends_the_round_and_keeps_the_changes() {
    let (server, committee, _) = hall(4);
    let a = phone(&server, &committee).await;
    synced(&a, &server).await;
    // The phone numbers its changes from 5, which the server never saw 1–4 of.
    let mut link = a.link().await.expect("link").expect("linked");
    link.next_mutation = 5;
    a.set_link(Some(&link)).await.expect("link");
    act(&a, raise(new_id(), "加装电梯")).await;
    server.requests.borrow_mut().clear();
    let (_, outcome) = round(&a, &server).await;
    assert_eq!(outcome, Ok(()), "a gap is no failure: the pull says where the server stands");
    assert_eq!(*server.requests.borrow(), ["push", "pull", "push"], "and the round ends");
    assert_eq!(waiting(&a).await, 1, "nothing is lost");
}

#[tokio::test]
async fn a_server_restored_from_a_backup_gets_back_what_it_lost_that_the_phone_still_has() {
    let dir = std::env::temp_dir().join(format!("yishiting-engine-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("hall.db");
    let mut conn = db::open(&path).expect("db");
    let (committee, resident) = community(&mut conn, 4);
    let server = InProcess::new(conn);
    let a = phone(&server, &committee).await;
    synced(&a, &server).await;
    let matter = new_id();
    act(&a, raise(matter, "停车位划线")).await;
    synced(&a, &server).await;
    let backup = dir.join("backup.db");
    copy_database(&path, &backup);
    // After the backup: one change the phone sent and pulled back (it keeps no copy to send
    // again), one sent whose answer was lost (still queued), then the server is restored.
    act(&a, comment(matter, "按户分配")).await;
    synced(&a, &server).await;
    act(&a, comment(matter, "先公示再抽签")).await;
    server.lose_next("push");
    assert_eq!(round(&a, &server).await.1, Err(Failure::Network));
    server.replace(db::open(&backup).expect("restored"));
    act(&a, comment(matter, "残疾人车位优先")).await;
    let ran = synced(&a, &server).await;
    let recovered = ran.recovered.expect("the restore was seen");
    assert_eq!((recovered.resent, recovered.lost), (2, 1));
    assert_eq!(waiting(&a).await, 0);
    let b = phone(&server, &resident).await;
    synced(&b, &server).await;
    // Sent again together, they were received in the same instant: any order is theirs.
    let mut on_server = bodies(&b, matter).await;
    on_server.sort_unstable();
    assert_eq!(on_server, ["先公示再抽签", "残疾人车位优先"]);
    let mut on_phone = bodies(&a, matter).await;
    on_phone.sort_unstable();
    assert_eq!(on_phone, on_server, "the phone has the server's");
    let _ = std::fs::remove_dir_all(&dir);
}

fn copy_database(from: &Path, to: &Path) {
    let conn = rusqlite::Connection::open(from).expect("open");
    conn.execute("VACUUM INTO ?1", [to.to_str().expect("path")]).expect("vacuum into");
    // The server's secret lives beside its database, not in it; the backup takes it along.
    std::fs::copy(secret::file_of(from), secret::file_of(to)).expect("secret");
}

#[tokio::test]
async fn a_first_download_comes_in_pages_each_kept_as_it_comes() {
    let (server, committee, resident) = hall(4);
    // A long discussion, sent in pushes of 200 (each a version of its own).
    let a = phone(&server, &committee).await;
    synced(&a, &server).await;
    let matter = new_id();
    act(&a, raise(matter, "小区停车收费调整")).await;
    // Two and a half pages of the app's.
    let page = engine::PULL_PAGE as usize;
    let long = page * 5 / 2;
    for n in 0..long {
        act(&a, comment(matter, &format!("第 {n} 条意见"))).await;
    }
    synced(&a, &server).await;
    assert_eq!(waiting(&a).await, 0);
    // A new phone downloads it a page at a time, hearing how far it has come.
    let b = phone(&server, &resident).await;
    server.requests.borrow_mut().clear();
    let heard = RefCell::new(Vec::new());
    let pulls = || server.requests.borrow().iter().filter(|r| *r == "pull").count();
    let asked_by = RefCell::new(Vec::new());
    let (ran, outcome) = engine::run(&b, &server, now, |n| {
        heard.borrow_mut().push(n);
        asked_by.borrow_mut().push(pulls());
    })
    .await;
    assert_eq!(outcome, Ok(()));
    let heard = heard.into_inner();
    // By the time a page is kept, the next was already asked for: the wait for an answer
    // overlaps the writing.
    let expected: Vec<usize> = (2..=heard.len() + 1).collect();
    assert_eq!(asked_by.into_inner(), expected);
    assert!(ran.pages >= 3, "{} pages", ran.pages);
    assert_eq!(heard.len(), ran.pages - 1, "every page but the last is heard");
    // A page ends on a whole version: one push of at most BATCH may take it past PULL_PAGE.
    let most = u64::from(engine::PULL_PAGE) + engine::BATCH as u64;
    assert!(heard.windows(2).all(|w| w[0] < w[1] && w[1] - w[0] <= most), "{heard:?}");
    assert_eq!(bodies(&b, matter).await.len(), long);
    // While a page is kept the next is already asked for, and used: each page is asked for
    // once, none after the last.
    assert_eq!(pulls(), ran.pages);
    // A connection lost at the third page keeps the first two: the next round asks from the
    // third.
    let c = phone(&server, &resident).await;
    server.lose_pull.set(Some(3));
    let (ran, outcome) = engine::run(&c, &server, now, |_| {}).await;
    assert_eq!((ran.pages, outcome), (2, Err(Failure::Network)));
    let kept = bodies(&c, matter).await.len();
    assert!((1..long).contains(&kept), "{kept} kept");
    server.requests.borrow_mut().clear();
    let ran = synced(&c, &server).await;
    assert_eq!(bodies(&c, matter).await.len(), long);
    let pulls = server.requests.borrow().iter().filter(|r| *r == "pull").count();
    assert_eq!(pulls, ran.pages, "no page asked twice");
    assert_eq!(ran.pages + 2, heard.len() + 1, "the rest, from the third page on");
}

/// The engine's side of a page that cannot be read: the round stops with `bad_answer` naming
/// the value, and nothing of the page is kept. (Natively the page's parse refuses it; in the
/// browser the check of each kept-as-it-came record does, held by tests/storage_idb.rs.)
#[tokio::test]
async fn a_page_holding_a_record_this_build_cannot_read_is_refused_and_nothing_of_it_kept() {
    let (server, committee, resident) = hall(4);
    let a = phone(&server, &committee).await;
    let matter = new_id();
    act(&a, raise(matter, "楼道堆物清理")).await;
    synced(&a, &server).await;
    let b = phone(&server, &resident).await;
    synced(&b, &server).await;
    let before = b.link().await.expect("link").expect("linked").cookie;
    // A later change, and with it a backend that sends the matter at a stage no build knows.
    act(&a, comment(matter, "周六一起清理")).await;
    synced(&a, &server).await;
    let proposal = b.proposal(matter).await.expect("store").expect("the matter");
    let mut forged = serde_json::json!({ "kind": "proposal", "record": proposal });
    forged["record"]["stage"] = "archived".into();
    *server.forge.borrow_mut() = Some(forged);
    let (_, outcome) = round(&b, &server).await;
    let Err(Failure::Refused { code, message, .. }) = outcome else {
        panic!("refused: {outcome:?}");
    };
    assert_eq!(code, "bad_answer");
    assert!(message.contains("archived"), "{message}");
    // Nothing of the page: not the comment that came with it, not a new cookie.
    assert_eq!(b.link().await.expect("link").expect("linked").cookie, before);
    assert!(bodies(&b, matter).await.is_empty());
    assert_eq!(b.proposal(matter).await.expect("store"), Some(proposal));
    // The backend mended: the next round brings the page.
    *server.forge.borrow_mut() = None;
    synced(&b, &server).await;
    assert_eq!(bodies(&b, matter).await, ["周六一起清理"]);
}

#[tokio::test]
async fn while_the_server_is_down_retries_back_off_at_random_and_a_success_resets_them() {
    let (server, committee, _) = hall(4);
    let a = phone(&server, &committee).await;
    server.down.set(true);
    let mut pacer = Pacer::default();
    let mut waits = Vec::new();
    for random in [0, u32::MAX, 7_919, 0, 0, 0, 0] {
        let (_, outcome) = round(&a, &server).await;
        assert_eq!(outcome, Err(Failure::Network));
        waits.push(pacer.after(&outcome, random));
    }
    assert_eq!(waits[0], 5_000);
    assert!((10_000..=15_000).contains(&waits[1]), "{waits:?}");
    assert!((20_000..=30_000).contains(&waits[2]), "{waits:?}");
    assert_eq!(&waits[3..], [40_000, 80_000, 160_000, 300_000]);
    server.down.set(false);
    let (_, outcome) = round(&a, &server).await;
    assert_eq!(outcome, Ok(()));
    assert_eq!(pacer.after(&outcome, 0), engine::PERIOD_SECS * 1_000);
    // Signed out by the server: no retry storm, the token goes and the outbox stays.
    let mut link = a.link().await.expect("link").expect("linked");
    link.token = Some("not-a-token".to_owned());
    a.set_link(Some(&link)).await.expect("link");
    act(&a, raise(new_id(), "夜间噪音")).await;
    let (_, outcome) = round(&a, &server).await;
    assert_eq!(outcome, Err(Failure::Unauthorized));
    assert_eq!(a.link().await.expect("link").expect("linked").token, None);
    assert_eq!(waiting(&a).await, 1);
}
