//! Sign-in that cannot be guessed or blocked: the brake holds under parallel requests and is
//! kept per address and community, a trusted proxy alone names the client, and codes are
//! keyed with a secret outside the database, so a copied database signs no one in.

mod common;

use common::*;
use sha2::{Digest, Sha256};
use yishiting_server::api::{self, Api};

const MOCK_PEER: [u8; 4] = [10, 0, 0, 7];

/// The router as one peer, `MOCK_PEER`, sees it; `proxy` makes that peer the trusted proxy.
fn behind(conn: rusqlite::Connection, brake: Brake, proxy: bool) -> Router {
    let mut api = Api::new(conn);
    api.brake = brake;
    api.trust_proxy = proxy.then(|| std::net::IpAddr::from(MOCK_PEER));
    api::router(api).layer(MockConnectInfo(SocketAddr::from((MOCK_PEER, 40_000))))
}

/// A sign-in, as forwarded for `client` (if any), naming `community` (if any).
async fn attempt(
    app: &Router,
    code: &str,
    community: Option<i64>,
    client: Option<&str>,
) -> (u16, Value, Option<String>) {
    let mut body = json!({ "code": code });
    if let Some(community) = community {
        body["community"] = json!(community);
    }
    let mut request =
        Request::post("/api/v1/session").header(header::CONTENT_TYPE, "application/json");
    if let Some(client) = client {
        request = request.header("x-forwarded-for", format!("203.0.113.9, {client}"));
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::from(body.to_string())).expect("request"))
        .await
        .expect("infallible");
    let status = response.status().as_u16();
    let retry = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null), retry)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_parallel_guesses_are_braked_like_a_sequence() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let brake = Brake { step: Duration::from_millis(200), ..Brake::default() };
    let app = behind(conn, brake, false);
    let community = f.created.community;
    let started = std::time::Instant::now();
    let guesses = (0..100).map(|n| {
        let app = app.clone();
        tokio::spawn(
            async move { attempt(&app, &format!("ZZZZ-{n:04}"), Some(community), None).await },
        )
    });
    let mut answers = Vec::new();
    for guess in guesses {
        answers.push(guess.await.expect("join"));
    }
    let judged = answers.iter().filter(|(s, b, _)| *s == 401 && b["code"] == "wrong_code").count();
    let refused: Vec<_> = answers.iter().filter(|(s, _, _)| *s == 429).collect();
    assert_eq!((judged, refused.len()), (10, 90), "only the documented ten are judged");
    assert!(
        refused.iter().all(|(_, b, retry)| b["code"] == "too_many_attempts" && retry.is_some())
    );
    // The tenth waited five steps: the sixth and later are delayed, even in parallel.
    assert!(started.elapsed() >= Duration::from_millis(1_000), "{:?}", started.elapsed());
    // Locked: the right code from this address, for this community, waits too.
    let (status, _, retry) = attempt(&app, &f.committee, Some(community), None).await;
    assert_eq!((status, retry.as_deref()), (429, Some("900")));
    // Guesses at this community do not hold up this address for another community's code.
    let (status, _, _) = attempt(&app, &f.committee, None, None).await;
    assert_eq!(status, 200, "another key: the address with no community named");
}

#[tokio::test]
async fn only_a_trusted_proxy_names_the_client() {
    let brake = Brake { free: 1, limit: 3, step: Duration::from_millis(10), ..Brake::default() };
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let app = behind(conn, brake, true);
    for _ in 0..3 {
        let (status, _, _) = attempt(&app, "ZZZZ-ZZZZ", None, Some("198.51.100.1")).await;
        assert_eq!(status, 401);
    }
    let (status, _, _) = attempt(&app, &f.committee, None, Some("198.51.100.1")).await;
    assert_eq!(status, 429, "the guessing client is locked");
    let (status, body, _) = attempt(&app, &f.committee, None, Some("198.51.100.2")).await;
    assert_eq!(status, 200, "the right code from another address is never refused: {body}");

    // Not behind a trusted proxy, the header is the client's own claim: ignored.
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let app = behind(conn, brake, false);
    for n in 0..3 {
        let (status, _, _) =
            attempt(&app, "ZZZZ-ZZZZ", None, Some(&format!("198.51.100.{n}"))).await;
        assert_eq!(status, 401);
    }
    let (status, _, _) = attempt(&app, &f.committee, None, Some("198.51.100.9")).await;
    assert_eq!(status, 429, "a forged X-Forwarded-For does not escape the brake");
}

#[tokio::test]
async fn a_code_of_another_community_is_wrong_there() {
    let mut conn = db::open_in_memory().expect("db");
    let here = community(&mut conn, "测试小区");
    let there = community(&mut conn, "隔壁小区");
    let app = behind(conn, Brake::default(), false);
    let (status, body, _) =
        attempt(&app, &there.committee, Some(here.created.community), None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("wrong_code")));
    let (status, body, _) =
        attempt(&app, &there.committee, Some(there.created.community), None).await;
    assert_eq!(status, 200, "{body}");
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(key).expect("key");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn sha256_digest(code: &str) -> Vec<u8> {
    let plain: String = code.chars().filter(|c| *c != '-').collect();
    Sha256::digest(format!("yishiting-code:{plain}")).to_vec()
}

#[tokio::test]
async fn a_copied_database_signs_no_one_in_and_old_databases_are_keyed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hall.sqlite3");
    let mut conn = db::open(&path).expect("open");
    let f = community(&mut conn, "测试小区");
    let secret = yishiting_server::secret::file_of(&path);
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&secret).expect("key file").permissions(),
    );
    assert_eq!(mode & 0o777, 0o600, "only the server's user reads the key");
    let stored: Vec<u8> = conn
        .query_row("SELECT code_hash FROM accounts WHERE name = '周主任'", [], |r| r.get(0))
        .expect("stored");
    assert_ne!(stored, sha256_digest(&f.committee), "a code's plain digest is not what is stored");
    drop(conn);

    // The database copied without its key: it does not open, so it signs no one in.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let copy = elsewhere.path().join("hall.sqlite3");
    std::fs::copy(&path, &copy).expect("copy");
    let refused = db::open(&copy).expect_err("a new key does not fit");
    assert!(refused.to_string().contains("密钥与数据库不符"), "{refused}");
    // With its key beside it (a real restore), it does, and the codes work.
    std::fs::copy(&secret, yishiting_server::secret::file_of(&copy)).expect("copy key");
    let app = router(db::open(&copy).expect("restored with its key"), None);
    sign_in(&app, &f.committee).await;
    drop(app);

    // A database of schema version 1 stored plain digests: they are keyed at the next start.
    let old = rusqlite::Connection::open(&path).expect("raw");
    let key = std::fs::read(&secret).expect("key");
    let mut codes = vec![f.created.admin_code.clone(), f.committee.clone(), f.resident.clone()];
    codes.extend([f.officer.clone(), f.property.clone()]);
    codes.extend(f.created.units.iter().map(|u| u.code.clone()));
    for code in &codes {
        let plain = sha256_digest(code);
        let unplain = old
            .execute(
                "UPDATE accounts SET code_hash = ?1 WHERE code_hash = ?2",
                rusqlite::params![plain, hmac(&key, &plain)],
            )
            .expect("a plain digest");
        assert_eq!(unplain, 1, "every account's code is known here");
    }
    old.execute_batch(
        "ALTER TABLE mutations DROP COLUMN detail; DROP TABLE meta;
         ALTER TABLE accounts DROP COLUMN code_keyed; PRAGMA user_version = 1;",
    )
    .expect("back to version 1");
    drop(old);
    let conn = db::open(&path).expect("migrated");
    let keyed: (Vec<u8>, i64) = conn
        .query_row("SELECT code_hash, code_keyed FROM accounts WHERE name = '周主任'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("keyed");
    assert_eq!(keyed.1, 1);
    assert_ne!(keyed.0, sha256_digest(&f.committee));
    let app = router(conn, None);
    sign_in(&app, &f.committee).await;
    sign_in(&app, &f.unit_code("1-101")).await;
}
