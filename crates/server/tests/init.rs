//! `yishiting-server init` run as an administrator runs it: the real binary, real files.

use std::process::{Command, Output};

use serde_json::Value;

fn init(dir: &tempfile::TempDir, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yishiting-server"))
        .current_dir(dir.path())
        .arg("init")
        .args(args)
        .output()
        .expect("run yishiting-server")
}

fn communities(dir: &tempfile::TempDir) -> i64 {
    let conn = rusqlite::Connection::open(dir.path().join("data/hall.sqlite3")).expect("open");
    conn.query_row("SELECT count(*) FROM communities", [], |r| r.get(0)).expect("count")
}

#[test]
fn a_bad_register_names_its_lines_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("units.csv"),
        "unit_id,area,owner_id\n1-101,90.00,wang\n1-102,九十,li\n1-101,80.00,zhang\n",
    )
    .expect("write");
    let output =
        init(&dir, &["--db", "data/hall.sqlite3", "--community", "甲小区", "--units", "units.csv"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(
        stderr.contains("units.csv") && stderr.contains("第 3 行") && stderr.contains("area"),
        "{stderr}"
    );
    assert!(stderr.contains("未创建小区"), "{stderr}");
    assert_eq!(communities(&dir), 0);
}

#[test]
fn a_register_becomes_a_community_with_a_code_per_unit_and_slips() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("units.csv"), "unit_id,area,owner_id,owner_name\n1-101,90.00,wang,王\n1-102,60.00,wang,王\n1-201,90.00,li,李\n")
        .expect("write");
    let output = init(
        &dir,
        &[
            "--db",
            "data/hall.sqlite3",
            "--community",
            "甲小区",
            "--units",
            "units.csv",
            "--slips",
            "slips.html",
            "--codes-json",
            "codes.json",
            "--url",
            "https://hall.example.cn",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let codes: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("codes.json")).expect("codes"))
            .expect("json");
    let admin = codes["admin_code"].as_str().expect("admin code");
    assert!(stdout.contains(admin), "the administrator's code is printed: {stdout}");
    let units = codes["units"].as_array().expect("units");
    assert_eq!(units.len(), 3, "one code per unit");
    let slips = std::fs::read_to_string(dir.path().join("slips.html")).expect("slips");
    assert_eq!(slips.matches("class=\"slip\"").count(), 3, "one slip per unit");
    for unit in units {
        let code = unit["code"].as_str().expect("code");
        assert!(slips.contains(code), "the slip carries the code");
    }
    assert_eq!(slips.matches("<svg").count(), 3, "a QR code (inline SVG) on every slip");
    assert!(slips.contains("打开 https://hall.example.cn"), "the slip names the address to open");
    assert_eq!(communities(&dir), 1);
    // Only hashes are kept.
    let db = std::fs::read(dir.path().join("data/hall.sqlite3")).expect("db");
    let text = String::from_utf8_lossy(&db);
    assert!(
        !text.contains(admin) && !text.contains(units[0]["code"].as_str().expect("code")),
        "a code is stored in clear"
    );
}

#[test]
fn the_demo_comes_with_role_accounts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = init(&dir, &["--db", "data/hall.sqlite3", "--demo", "--codes-json", "codes.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let codes: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("codes.json")).expect("codes"))
            .expect("json");
    assert_eq!(codes["units"].as_array().map(Vec::len), Some(584));
    let roles: Vec<&str> = codes["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| a["role"].as_str().expect("role"))
        .collect();
    assert_eq!(
        roles,
        ["committee", "party_branch", "community", "property", "officer", "resident"]
    );
}
