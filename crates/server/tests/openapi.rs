//! The OpenAPI document is kept by hand for people to read; this holds it to the Rust types
//! it describes, so the two cannot drift: every refusal's reason, code and fields, every role,
//! stage and mutation name.

use std::collections::BTreeSet;

use serde_json::Value;
use yishiting_domain::mutation::{Action, Field, Rejection, Subject};
use yishiting_domain::records::{Change, DeliveryMethod};
use yishiting_domain::{EntityId, Role, Stage, UnitId};

fn document() -> Value {
    serde_json::from_str(include_str!("../openapi.json")).expect("openapi.json is JSON")
}

fn names(values: &Value) -> BTreeSet<String> {
    values
        .as_array()
        .expect("an enum")
        .iter()
        .map(|v| v.as_str().expect("a name").to_owned())
        .collect()
}

fn serialised<T: serde::Serialize>(values: impl IntoIterator<Item = T>) -> BTreeSet<String> {
    values
        .into_iter()
        .map(|v| serde_json::to_value(v).expect("serialise").as_str().expect("a name").to_owned())
        .collect()
}

/// One refusal of every reason. The match below has no wildcard: a new reason does not
/// compile until it is listed here, and then it must be in the document.
fn every_rejection() -> Vec<Rejection> {
    let id = EntityId::from_uuid(uuid::Uuid::nil());
    let unit = UnitId::parse("1-101").expect("unit");
    let all = vec![
        Rejection::NotFound { what: Subject::Matter },
        Rejection::NotAllowed { action: Action::OpenVote, role: Role::Owner },
        Rejection::NotYours { what: Subject::Comment },
        Rejection::OthersUnit,
        Rejection::NoSheet,
        Rejection::SheetTooLong { max: 32 },
        Rejection::WrongSheet { unit: unit.clone() },
        Rejection::SheetEnteredByYou,
        Rejection::SheetDone,
        Rejection::ProxyNotOpen,
        Rejection::Empty { field: Field::Title },
        Rejection::TooLong { field: Field::Body, max: 5_000 },
        Rejection::Draft { problems: vec![Rejection::Empty { field: Field::Title }] },
        Rejection::ReasonRequired,
        Rejection::StageFinal { stage: Stage::Published },
        Rejection::NoLongerCollecting,
        Rejection::MatterClosed { stage: Stage::Withdrawn, action: Action::CastBallot },
        Rejection::WrongMatter,
        Rejection::TooFewOptions,
        Rejection::RepeatedOption,
        Rejection::TooManyOptions { max: 20 },
        Rejection::AlreadyAnswered,
        Rejection::PickOne,
        Rejection::PickSome,
        Rejection::NoSuchOption,
        Rejection::NotDeciding,
        Rejection::VoteUnsealed,
        Rejection::VoteRunning,
        Rejection::SealFirst,
        Rejection::ClosesBeforeOpening,
        Rejection::OpensInPast,
        Rejection::CountingPeriod { min: 1, max: 720 },
        Rejection::NotClosed,
        Rejection::NotYetOpen,
        Rejection::Closed,
        Rejection::Sealed,
        Rejection::CountingOver,
        Rejection::AlreadyVoted { counted_unit: unit.clone(), duplicate: id },
        Rejection::UnknownUnit { unit: unit.clone() },
        Rejection::DuplicateId { id },
        Rejection::Stale { current: 1 },
        Rejection::TooMany { field: Field::Officers, max: 10 },
        Rejection::EndsBeforeStart,
        Rejection::StartsInPast,
        Rejection::ProxyCap { min: 1, max: 10 },
        Rejection::NoticeTooShort { days: 9, required: 15 },
        Rejection::NoticePublished,
        Rejection::MeetingStarted,
        Rejection::NoNotice,
        Rejection::SignInNotOpen,
        Rejection::SignInOver,
        Rejection::AlreadySignedIn { unit },
        Rejection::ProxyRevoked,
        Rejection::OutsideProxy,
        Rejection::NotOnAgenda,
        Rejection::ProxyInForce { agent: "王强".to_owned() },
        Rejection::AgentFull { max: 3 },
        Rejection::ProxyUsed,
        Rejection::MeetingEnded,
    ];
    for r in &all {
        match r {
            Rejection::NotFound { .. }
            | Rejection::NotAllowed { .. }
            | Rejection::NotYours { .. }
            | Rejection::OthersUnit
            | Rejection::NoSheet
            | Rejection::SheetTooLong { .. }
            | Rejection::WrongSheet { .. }
            | Rejection::SheetEnteredByYou
            | Rejection::SheetDone
            | Rejection::ProxyNotOpen
            | Rejection::Empty { .. }
            | Rejection::TooLong { .. }
            | Rejection::Draft { .. }
            | Rejection::ReasonRequired
            | Rejection::StageFinal { .. }
            | Rejection::NoLongerCollecting
            | Rejection::MatterClosed { .. }
            | Rejection::WrongMatter
            | Rejection::TooFewOptions
            | Rejection::RepeatedOption
            | Rejection::TooManyOptions { .. }
            | Rejection::AlreadyAnswered
            | Rejection::PickOne
            | Rejection::PickSome
            | Rejection::NoSuchOption
            | Rejection::NotDeciding
            | Rejection::VoteUnsealed
            | Rejection::VoteRunning
            | Rejection::SealFirst
            | Rejection::ClosesBeforeOpening
            | Rejection::OpensInPast
            | Rejection::CountingPeriod { .. }
            | Rejection::NotClosed
            | Rejection::NotYetOpen
            | Rejection::Closed
            | Rejection::Sealed
            | Rejection::CountingOver
            | Rejection::AlreadyVoted { .. }
            | Rejection::UnknownUnit { .. }
            | Rejection::DuplicateId { .. }
            | Rejection::Stale { .. }
            | Rejection::TooMany { .. }
            | Rejection::EndsBeforeStart
            | Rejection::StartsInPast
            | Rejection::ProxyCap { .. }
            | Rejection::NoticeTooShort { .. }
            | Rejection::NoticePublished
            | Rejection::MeetingStarted
            | Rejection::NoNotice
            | Rejection::SignInNotOpen
            | Rejection::SignInOver
            | Rejection::AlreadySignedIn { .. }
            | Rejection::ProxyRevoked
            | Rejection::OutsideProxy
            | Rejection::NotOnAgenda
            | Rejection::ProxyInForce { .. }
            | Rejection::AgentFull { .. }
            | Rejection::ProxyUsed
            | Rejection::MeetingEnded => {}
        }
    }
    all
}

#[test]
fn every_refusal_is_in_the_document_with_its_code_and_fields() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    let detail = &schemas["Rejection"]["properties"];
    let rejections = every_rejection();
    let reasons: BTreeSet<String> = rejections
        .iter()
        .map(|r| {
            serde_json::to_value(r).expect("serialise")["reason"]
                .as_str()
                .expect("reason")
                .to_owned()
        })
        .collect();
    assert_eq!(reasons.len(), rejections.len(), "one example of each reason");
    assert_eq!(names(&detail["reason"]["enum"]), reasons);
    let codes: BTreeSet<String> = rejections.iter().map(|r| r.code().to_owned()).collect();
    assert_eq!(names(&schemas["Result"]["properties"]["code"]["enum"]), codes);
    for r in &rejections {
        let json = serde_json::to_value(r).expect("serialise");
        for key in json.as_object().expect("an object").keys() {
            assert!(detail.get(key).is_some(), "{key} of {json} is not in the Rejection schema");
        }
    }
    use Action as A;
    let actions = [
        A::MoveStage,
        A::AddComment,
        A::EditComment,
        A::CreatePoll,
        A::AnswerPoll,
        A::OpenVote,
        A::SealVote,
        A::RecordDeliveries,
        A::CastBallot,
        A::CreateMeeting,
        A::PublishNotice,
        A::SignIn,
        A::RecordProxy,
        A::RevokeProxy,
    ];
    assert_eq!(names(&detail["action"]["enum"]), serialised(actions));
    let fields = [
        Field::Title,
        Field::Body,
        Field::Category,
        Field::Reason,
        Field::Comment,
        Field::Question,
        Field::Option,
        Field::Place,
        Field::Officers,
        Field::Agent,
        Field::AgentContact,
    ];
    assert_eq!(names(&detail["field"]["enum"]), serialised(fields));
    let subjects = [
        Subject::Matter,
        Subject::Comment,
        Subject::RepliedTo,
        Subject::Poll,
        Subject::Vote,
        Subject::Meeting,
        Subject::Proxy,
    ];
    assert_eq!(names(&detail["what"]["enum"]), serialised(subjects));
}

#[test]
fn roles_stages_delivery_methods_and_mutations_are_the_domains() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(names(&schemas["Role"]["enum"]), serialised(Role::ALL));
    let stages = Stage::STEPS.into_iter().chain([Stage::Withdrawn, Stage::Rejected]);
    assert_eq!(names(&schemas["Stage"]["enum"]), serialised(stages));
    let methods = serialised(DeliveryMethod::ALL);
    let recorded = serialised(DeliveryMethod::ALL.into_iter().chain([DeliveryMethod::SignedIn]));
    assert_eq!(names(&schemas["Delivery"]["properties"]["method"]["enum"]), recorded);
    let args = &schemas["Args_record_deliveries"]["properties"]["method"]["enum"];
    assert_eq!(names(args), methods);
    let documented: BTreeSet<String> = schemas
        .as_object()
        .expect("schemas")
        .keys()
        .filter_map(|k| k.strip_prefix("Args_").map(str::to_owned))
        .collect();
    let named: BTreeSet<String> =
        yishiting_domain::wire::MUTATION_NAMES.iter().map(|n| (*n).to_owned()).collect();
    assert_eq!(documented, named);
    let kinds: BTreeSet<String> = schemas["Change"]["oneOf"]
        .as_array()
        .expect("the kinds of a change")
        .iter()
        .filter_map(|k| k["properties"]["kind"]["const"].as_str().map(str::to_owned))
        .collect();
    let known: BTreeSet<String> = Change::KINDS.iter().map(|k| (*k).to_owned()).collect();
    assert_eq!(kinds, known, "every kind of record a pull carries is documented");
}

#[test]
fn every_refusal_reads_back_as_written_and_an_unknown_one_reads_as_none() {
    for r in every_rejection() {
        let json = serde_json::to_string(&r).expect("serialise");
        assert_eq!(serde_json::from_str::<Rejection>(&json).expect(&json), r);
    }
    let result = |detail: &str| {
        let json =
            format!(r#"{{"id": 1, "status": "rejected", "code": "invalid", "detail": {detail}}}"#);
        serde_json::from_str::<yishiting_domain::wire::MutationResult>(&json).expect(&json).detail
    };
    // Fields in any order, unknown ones ignored.
    assert_eq!(
        result(r#"{"max": 60, "extra": [1], "field": "title", "reason": "too_long"}"#),
        Some(Rejection::TooLong { field: Field::Title, max: 60 })
    );
    // A newer backend's reason, or a known one without its fields, is no refusal this
    // build can say: the result still reads, with its code and message.
    assert_eq!(result(r#"{"reason": "quorum_of_martians", "planet": "mars"}"#), None);
    assert_eq!(result(r#"{"reason": "too_long", "field": "title"}"#), None);
    assert_eq!(result(r#"{"reason": "draft", "problems": [{"reason": "new"}]}"#), None);
    // A known reason with a value this build does not know, or of another type, likewise:
    // never a failed answer (an older phone would otherwise stop syncing).
    assert_eq!(result(r#"{"reason": "not_found", "what": "task"}"#), None);
    assert_eq!(result(r#"{"reason": "too_long", "field": "title", "max": "sixty"}"#), None);
    assert_eq!(result(r#"{"reason": "empty", "field": {"nested": [1, 2]}}"#), None);
    assert_eq!(result(r#"{"reason": "stale", "current": -1}"#), None);
    assert_eq!(result(r#"{"reason": "draft", "problems": [1, "x", null]}"#), None);
    assert_eq!(result(r#""a sentence""#), None);
    assert_eq!(result("[1, 2]"), None);
    assert_eq!(result("null"), None);
    assert!(serde_json::from_str::<Rejection>(r#"{"reason": "new"}"#).is_err());
}
