//! The kinds of record this version reads: `Change::KINDS` names every kind `Change` writes,
//! so that a client can tell a later version's kind (kept and skipped) from a record of a
//! known kind that it cannot read (refused).

use yishiting_domain::records::{Change, DeliveryMethod};

#[test]
fn every_known_kind_is_a_kind_change_reads_and_others_are_not() {
    // A known kind's record missing its fields fails on the fields; a kind `Change` does not
    // have fails as the unit variant `Unknown` given a record.
    let failure = |kind: &str| {
        let text = format!(r#"{{"kind":"{kind}","record":{{}}}}"#);
        serde_json::from_str::<Change>(&text).expect_err(kind).to_string()
    };
    for kind in Change::KINDS {
        assert!(!failure(kind).contains("unit variant"), "{kind}: {}", failure(kind));
    }
    assert!(failure("task").contains("unit variant"), "{}", failure("task"));
    // Without its record a kind no version writes reads as `Unknown`; it is not known.
    assert_eq!(serde_json::from_str::<Change>(r#"{"kind":"task"}"#).ok(), Some(Change::Unknown));
    assert!(!Change::is_known_kind("task"));
}

#[test]
fn a_delivery_method_of_a_later_version_reads_as_other() {
    let read: DeliveryMethod = serde_json::from_str(r#""carrier_pigeon""#).expect("read");
    assert_eq!(read, DeliveryMethod::Other);
    let read: DeliveryMethod = serde_json::from_str(r#""wechat""#).expect("read");
    assert_eq!(read, DeliveryMethod::Wechat);
}
