//! A server restored from an older backup is noticed (docs/protocol.md, "Restores"): the
//! backup command takes a consistent copy of a live database without its identity, and a
//! client whose cookie came from another identity, or whose acknowledged changes the server
//! no longer holds, is told `reset`.

mod common;

use common::*;

fn backup(db: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_yishiting-server"))
        .args(["backup", "--db"])
        .arg(db)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run yishiting-server backup")
}

async fn pull_with(app: &Router, who: &Signed, body: Value) -> Value {
    let (status, answer) = call(
        app,
        "POST",
        &format!("/api/v1/communities/{}/pull", who.community),
        Some(&who.token),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

#[tokio::test]
async fn a_restored_backup_is_noticed_and_the_lost_ballot_is_sent_again_once() {
    let OnDisk { dir, path, app, vote, mut li, .. } = on_disk().await;
    let first = pull(&app, &li, 0).await;
    let identity = first["identity"].as_str().expect("identity").to_owned();
    let answer =
        pull_with(&app, &li, json!({ "client_id": li.client, "cookie": 0, "identity": identity }))
            .await;
    assert_eq!(answer["reset"], false, "the same identity: no reset");

    // A backup of the live database (the server keeps running), then Li votes.
    let saved = dir.path().join("backup.sqlite3");
    let output = backup(&path, &saved);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("已备份到"));
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&saved).expect("copy").permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
    assert!(!backup(&path, &saved).status.success(), "an existing file is never overwritten");
    let cast = ballot(vote, "1-201", Choice::Yes, Channel::Online);
    let body = push(&app, &mut li, std::slice::from_ref(&cast), None).await;
    assert_eq!(codes(&body), ["accepted"]);
    let after_vote = pull(&app, &li, 0).await;
    let cookie = after_vote["version"].as_u64().expect("version");
    drop(app);

    // The database is replaced by the backup: it has a new identity.
    std::fs::copy(&saved, &path).expect("restore");
    for extra in ["hall.sqlite3-wal", "hall.sqlite3-shm"] {
        let _ = std::fs::remove_file(dir.path().join(extra));
    }
    let app = router(db::open(&path).expect("restored"), None);
    let (status, _) = call(&app, "GET", "/api/v1", Some(&li.token), None).await;
    assert_eq!(status, StatusCode::OK);
    let restored = pull_with(
        &app,
        &li,
        json!({ "client_id": li.client, "cookie": cookie, "identity": identity, "acknowledged": 1 }),
    )
    .await;
    assert_eq!(restored["reset"], true, "another identity");
    assert_ne!(restored["identity"], json!(identity));
    assert_eq!(restored["last_mutation_id"], 0, "the restored server never saw Li's ballot");
    // Without the identity, the acknowledged change the server lacks says it too.
    let lacking =
        pull_with(&app, &li, json!({ "client_id": li.client, "cookie": 0, "acknowledged": 1 }))
            .await;
    assert_eq!(lacking["reset"], true);
    // The phone sends its ballot again, from the server's last_mutation_id + 1: counted once.
    li.next = 1;
    let again = push(&app, &mut li, &[cast], None).await;
    assert_eq!(codes(&again), ["accepted"]);
    let tally = tally(&app, &li, vote).await;
    assert_eq!((tally["ballots"].as_u64(), tally["yes_owners"].as_u64()), (Some(1), Some(1)));
    let settled = pull_with(
        &app,
        &li,
        json!({ "client_id": li.client, "cookie": 0, "identity": restored["identity"], "acknowledged": 1 }),
    )
    .await;
    assert_eq!(settled["reset"], false, "caught up: nothing to reset");
}
