//! The recount command run as a user runs it: real files, the real binary, exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{Value, json};

struct Files(tempfile::TempDir);

impl Files {
    fn new() -> Files {
        Files(tempfile::tempdir().expect("temp dir"))
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, text).expect("write test file");
        path
    }
}

fn recount(files: &Files, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yishiting-server"))
        .current_dir(files.0.path())
        .arg("tally")
        .args(args)
        .output()
        .expect("run yishiting-server")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 stderr")
}

/// Six owners; owner "a" has two units; "dev" holds the developer's two unsold units.
const UNITS: &str = "unit_id,area,owner_id,owner_name\n\
1-101,120.50,a,王\n1-102,89.00,b,李\n1-201,89.00,c,张\n1-202,89.00,d,赵\n\
2-101,60.25,a,王\n2-102,100.00,dev,开发商\n2-201,100.00,dev,开发商\n3-101,75.00,e,孙\n";

#[test]
fn json_has_exactly_the_promised_figures() {
    let files = Files::new();
    files.write("units.csv", UNITS);
    files.write(
        "ballots.csv",
        "unit_id,choice\n1-101,赞成\n1-102,yes\n1-201,反对\n2-101,no\n2-102,弃权\n3-101,yes\n",
    );
    let output = recount(
        &files,
        &["--units", "units.csv", "--ballots", "ballots.csv", "--matter", "5", "--json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let got: Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    let expected = json!({
        "total_area": "722.75", "total_owners": 6,
        "participating_area": "633.75", "participating_owners": 5,
        "yes_area": "344.75", "yes_owners": 3,
        "no_area": "89.00", "no_owners": 1,
        "abstain_area": "200.00", "abstain_owners": 1,
        "deemed_area": "0.00", "deemed_owners": 0,
        "quorum_met": true, "passed": true,
        "duplicates": ["2-101"],
    });
    assert_eq!(got, expected);
}

#[test]
fn follow_majority_deems_delivered_owners_and_shows_them_apart() {
    let files = Files::new();
    files.write("units.csv", UNITS);
    files.write("ballots.csv", "unit_id,choice\n1-101,yes\n1-102,yes\n1-201,no\n");
    files.write("delivered.csv", "unit_id\n1-202\n2-102\n3-101\n1-101\n");
    let args = ["--units", "units.csv", "--ballots", "ballots.csv", "--matter", "1"];
    let output = recount(
        &files,
        &[
            &args[..],
            &["--non-response", "follow-majority", "--delivered", "delivered.csv", "--json"],
        ]
        .concat(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let got: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(got["deemed_owners"], 3);
    assert_eq!(got["deemed_area"], "364.00");
    assert_eq!(got["participating_owners"], 6);
    assert_eq!(got["yes_owners"], 5);
    assert_eq!(got["passed"], true);

    let real_only = recount(&files, &[&args[..], &["--json"]].concat());
    let got: Value = serde_json::from_str(&stdout(&real_only)).expect("JSON");
    assert_eq!(got["deemed_owners"], 0);
    assert_eq!(got["quorum_met"], false);
}

#[test]
fn the_report_is_in_chinese_with_the_verdict_and_duplicates() {
    let files = Files::new();
    files.write("units.csv", UNITS);
    files.write(
        "ballots.csv",
        "unit_id,choice\n1-101,yes\n1-102,yes\n1-201,no\n1-202,no\n2-101,no\n3-101,yes\n",
    );
    let output =
        recount(&files, &["--units", "units.csv", "--ballots", "ballots.csv", "--matter", "7"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    for expected in [
        "特别事项",
        "总面积 722.75 ㎡",
        "人数 5 / 6",
        "结论：未通过",
        "2-101（业主 a 已通过 1-101 投票）",
    ] {
        assert!(report.contains(expected), "report lacks {expected:?}:\n{report}");
    }
}

#[test]
fn a_pass_is_reported_as_such() {
    let files = Files::new();
    files.write("units.csv", "unit_id,area,owner_id\nA,1,a\nB,1,b\nC,1,c\nD,1,d\n");
    files.write("ballots.csv", "unit_id,choice\nA,yes\nB,yes\nC,yes\nD,no\n");
    let output =
        recount(&files, &["--units", "units.csv", "--ballots", "ballots.csv", "--matter", "8"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("结论：通过"), "{}", stdout(&output));
}

/// Runs a recount expected to fail on bad input: exit 2, nothing on stdout, and a message
/// on stderr naming each of `names`.
fn refused(units: &str, ballots: &str, extra: &[&str], names: &[&str]) {
    let files = Files::new();
    files.write("units.csv", units);
    files.write("ballots.csv", ballots);
    let output = recount(
        &files,
        &[&["--units", "units.csv", "--ballots", "ballots.csv", "--matter", "1"], extra].concat(),
    );
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "stderr: {message}");
    assert!(output.stdout.is_empty(), "printed a result for bad input: {}", stdout(&output));
    for name in names {
        assert!(message.contains(name), "message lacks {name:?}: {message}");
    }
}

#[test]
fn an_unknown_unit_is_refused() {
    refused(
        UNITS,
        "unit_id,choice\n1-101,yes\n9-909,no\n",
        &[],
        &["ballots.csv 第 3 行", "unit_id", "9-909", "不在业主名册中"],
    );
}

#[test]
fn a_bad_choice_is_refused() {
    refused(UNITS, "unit_id,choice\n1-101,同意\n", &[], &["ballots.csv 第 2 行", "choice", "同意"]);
}

#[test]
fn a_bad_area_is_refused() {
    let units = "unit_id,area,owner_id\n1-101,89.00,a\n1-102,89.005,b\n";
    refused(
        units,
        "unit_id,choice\n1-101,yes\n",
        &[],
        &["units.csv 第 3 行", "area", "89.005", "两位小数"],
    );
}

#[test]
fn a_duplicate_unit_in_the_register_is_refused() {
    let units = "unit_id,area,owner_id\n1-101,89.00,a\n1-102,89.00,b\n1-101,70.00,c\n";
    refused(
        units,
        "unit_id,choice\n1-101,yes\n",
        &[],
        &["units.csv 第 4 行", "unit_id", "1-101", "重复"],
    );
}

#[test]
fn a_missing_column_is_refused() {
    refused(
        UNITS,
        "unit,choice\n1-101,yes\n",
        &[],
        &["ballots.csv 第 1 行", "缺少必需的列 unit_id"],
    );
}

#[test]
fn an_unknown_delivered_unit_is_refused() {
    let files = Files::new();
    files.write("units.csv", UNITS);
    files.write("ballots.csv", "unit_id,choice\n1-101,yes\n");
    files.write("delivered.csv", "unit_id\n8-888\n");
    let output = recount(
        &files,
        &[
            "--units",
            "units.csv",
            "--ballots",
            "ballots.csv",
            "--matter",
            "1",
            "--non-response",
            "follow-majority",
            "--delivered",
            "delivered.csv",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("delivered.csv 第 2 行"), "{}", stderr(&output));
}

#[test]
fn a_missing_file_and_a_bad_matter_are_refused() {
    let files = Files::new();
    files.write("units.csv", UNITS);
    let output =
        recount(&files, &["--units", "units.csv", "--ballots", "nowhere.csv", "--matter", "1"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("无法读取 nowhere.csv"), "{}", stderr(&output));

    files.write("units.csv", UNITS);
    files.write("ballots.csv", "unit_id,choice\n1-101,yes\n");
    let output =
        recount(&files, &["--units", "units.csv", "--ballots", "ballots.csv", "--matter", "10"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("1 到 9"), "{}", stderr(&output));
}
