//! The CSV readers: what they accept, and that every bad row is named and nothing is accepted.

use yishiting_domain::files::{CsvError, read_ballots, read_delivered, read_units};
use yishiting_domain::{Area, Channel, Choice, Register, UnitId};

fn units(text: &str) -> Register {
    read_units("units.csv", text.as_bytes()).unwrap_or_else(|e| panic!("should read: {e}"))
}

fn errors_of<T: std::fmt::Debug>(
    result: Result<T, yishiting_domain::files::CsvErrors>,
) -> Vec<CsvError> {
    result.expect_err("should be refused").0
}

/// `(line, column name, value)` of each error.
fn places(errors: &[CsvError]) -> Vec<(u64, Option<&str>, Option<&str>)> {
    errors
        .iter()
        .map(|e| (e.line, e.column.as_ref().map(|(_, n)| n.as_str()), e.value.as_deref()))
        .collect()
}

#[test]
fn units_in_any_column_order_with_bom_and_extra_columns() {
    let text = "\u{feff}owner_name,owner_id,note,area,unit_id,building\n张三,O1,x,89.50,1-101,1\n李四,O2,,120,1-102,1\n张三,O1,,30.05,G-01,\n";
    let register = units(text);
    assert_eq!(register.total_units(), 3);
    assert_eq!(register.total_owners(), 2);
    assert_eq!(register.total_area(), Area::parse("239.55").expect("area"));
    let unit = register.unit(&UnitId::parse("1-101").expect("id")).expect("unit");
    assert_eq!(unit.owner_name.as_deref(), Some("张三"));
    assert_eq!(unit.building.as_deref(), Some("1"));
    let garage = register.unit(&UnitId::parse("G-01").expect("id")).expect("unit");
    assert_eq!(garage.building, None);
}

#[test]
fn quoted_fields_and_crlf_line_ends() {
    let text = "unit_id,area,owner_id,owner_name\r\n\"1-101\",\"89.50\",O1,\"王, 李\"\r\n";
    let register = units(text);
    let unit = register.unit(&UnitId::parse("1-101").expect("id")).expect("unit");
    assert_eq!(unit.owner_name.as_deref(), Some("王, 李"));
}

#[test]
fn every_bad_unit_row_is_named_and_nothing_is_read() {
    let text = "unit_id,area,owner_id\n1-101,89.50,O1\n1-102,12.345,O2\n1-103,-5,O3\n1-104,abc,\n1-101,70,O4\n";
    let errors = errors_of(read_units("units.csv", text.as_bytes()));
    assert_eq!(
        places(&errors),
        [
            (3, Some("area"), Some("12.345")),
            (4, Some("area"), Some("-5")),
            (5, Some("area"), Some("abc")),
            (5, Some("owner_id"), Some("")),
            (6, Some("unit_id"), Some("1-101")),
        ]
    );
    assert_eq!(errors[0].to_string(), "units.csv 第 3 行第 2 列（area）“12.345”：面积最多两位小数");
    assert!(errors[4].to_string().contains("房号重复（第 2 行已有）"), "{}", errors[4]);
}

#[test]
fn header_problems() {
    let missing = errors_of(read_units("units.csv", b"unit_id,owner_id\n1,O1\n"));
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].line, 1);
    assert!(missing[0].problem.contains("缺少必需的列 area"), "{}", missing[0]);

    let repeated = errors_of(read_units("units.csv", b"unit_id,area,owner_id,area\n1,2,O1,3\n"));
    assert_eq!(places(&repeated), [(1, Some("area"), None)]);

    let empty = errors_of(read_units("units.csv", b""));
    assert!(empty[0].problem.contains("缺少表头"), "{}", empty[0]);

    let header_only = errors_of(read_units("units.csv", b"unit_id,area,owner_id\n"));
    assert!(header_only[0].problem.contains("没有数据行"), "{}", header_only[0]);
}

#[test]
fn a_row_with_too_many_fields_is_refused() {
    let errors = errors_of(read_units("units.csv", b"unit_id,area,owner_id\n1-101,1,234.50,O1\n"));
    assert_eq!(places(&errors), [(2, None, None)]);
    assert!(errors[0].problem.contains("4 个字段"), "{}", errors[0]);
}

#[test]
fn text_that_is_not_utf8_is_refused_with_advice() {
    // "张三" in GBK, as a spreadsheet on a Chinese Windows machine saves it by default.
    let mut bytes = b"unit_id,area,owner_id,owner_name\n1-101,89,O1,".to_vec();
    bytes.extend_from_slice(&[0xD5, 0xC5, 0xC8, 0xFD]);
    bytes.push(b'\n');
    let errors = errors_of(read_units("units.csv", &bytes));
    assert_eq!(places(&errors), [(2, Some("owner_name"), None)]);
    assert!(errors[0].problem.contains("UTF-8"), "{}", errors[0]);
}

#[test]
fn unbalanced_quotes_are_refused() {
    let errors =
        errors_of(read_units("units.csv", b"unit_id,area,owner_id\n\"1-101,89,O1\n1-102,80,O2\n"));
    assert!(!errors.is_empty());
}

#[test]
fn ballots_in_both_languages_with_provenance() {
    let register = units("unit_id,area,owner_id\n1-101,89,O1\n1-102,80,O2\n1-103,80,O1\n");
    let text = "choice,unit_id,channel,recorded_by,recorded_at\n赞成,1-101,meeting,计票人甲,2026-11-20 09:30\nno,1-102,,,\n弃权,1-103,纸质,,\n";
    let ballots = read_ballots("ballots.csv", text.as_bytes(), &register).expect("reads");
    assert_eq!(ballots.len(), 3);
    assert_eq!((ballots[0].choice, ballots[0].channel), (Choice::Yes, Some(Channel::Meeting)));
    assert_eq!(ballots[0].recorded_by.as_deref(), Some("计票人甲"));
    assert_eq!(ballots[0].recorded_at.as_deref(), Some("2026-11-20 09:30"));
    assert_eq!((ballots[1].choice, ballots[1].channel), (Choice::No, None));
    assert_eq!((ballots[2].choice, ballots[2].channel), (Choice::Abstain, Some(Channel::Paper)));
}

#[test]
fn bad_ballots_are_named() {
    let register = units("unit_id,area,owner_id\n1-101,89,O1\n");
    let text = "unit_id,choice,channel\n1-101,maybe,online\n9-999,yes,online\n1-101,yes,fax\n";
    let errors = errors_of(read_ballots("ballots.csv", text.as_bytes(), &register));
    assert_eq!(
        places(&errors),
        [
            (2, Some("choice"), Some("maybe")),
            (3, Some("unit_id"), Some("9-999")),
            (4, Some("channel"), Some("fax"))
        ]
    );
    assert!(
        errors[1].to_string().starts_with("ballots.csv 第 3 行第 1 列（unit_id）“9-999”"),
        "{}",
        errors[1]
    );
}

#[test]
fn deliveries() {
    let register = units("unit_id,area,owner_id\n1-101,89,O1\n1-102,80,O2\n");
    let delivered =
        read_delivered("delivered.csv", b"unit_id,signed_by\n1-102,x\n", &register).expect("reads");
    assert_eq!(delivered, [UnitId::parse("1-102").expect("id")]);
    let errors = errors_of(read_delivered("delivered.csv", b"unit_id\n1-102\n3-301\n", &register));
    assert_eq!(places(&errors), [(3, Some("unit_id"), Some("3-301"))]);
}
