//! The storage contract against IndexedDB in headless Chromium, a fresh database per test;
//! and what only a real browser can show: schema upgrades and two tabs at once.
#![cfg(target_arch = "wasm32")]

mod contract;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yishiting::storage::Store;
use yishiting::storage::idb::{IdbStore, Schema, open_schema};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name() -> String {
    format!("test-{}", js_sys::Math::random())
}

async fn fresh() -> IdbStore {
    IdbStore::open(&fresh_name()).await.expect("open a fresh database")
}

macro_rules! contract_test {
    ($name:ident, $store:expr) => {
        #[wasm_bindgen_test]
        async fn $name() {
            contract::$name(&$store.await).await;
        }
    };
}

contract_tests!(fresh());

#[wasm_bindgen_test]
async fn export_restore_round_trip() {
    contract::export_restore_round_trip(&fresh().await, &fresh().await).await;
}

/// Data written by a version 1 database survives the upgrade to version 2, which builds the
/// hall's cards from it.
#[wasm_bindgen_test]
async fn data_written_by_v1_survives_the_upgrade_to_v2() {
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use yishiting::storage::memory::MemoryStore;

    // The records, made by the rules in memory.
    let memory = MemoryStore::new();
    contract::changes_are_applied_and_listed(&memory).await;
    let records = memory.export().await.expect("export").records;

    let name = fresh_name();
    let v1 = open_schema(&name, Schema::V1).await.expect("open at v1");
    assert!(v1.transaction("cards").build().is_err(), "v1 has no card index");
    let tx = v1
        .transaction(["proposals", "comments"])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("tx");
    for p in records.proposals.values() {
        tx.object_store("proposals")
            .expect("store")
            .put(p)
            .serde()
            .expect("serialise")
            .await
            .expect("put");
    }
    for c in records.comments.values() {
        tx.object_store("comments")
            .expect("store")
            .put(c)
            .serde()
            .expect("serialise")
            .await
            .expect("put");
    }
    tx.commit().await.expect("commit");
    v1.close();

    let upgraded = IdbStore::open(&name).await.expect("upgrade to the current schema");
    let cards = upgraded.cards().await.expect("cards");
    let mut expected: Vec<_> = records.cards.values().cloned().collect();
    yishiting::storage::sort_cards(&mut expected);
    assert_eq!(cards, expected);
    assert_eq!(upgraded.comments(cards[0].id).await.map(|c| c.len()), Ok(2));
}

/// A device that held a hall before the outbox existed (V3) keeps it, and gains an outbox.
#[wasm_bindgen_test]
async fn data_written_by_v3_survives_the_upgrade_to_v4() {
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use yishiting::storage::memory::MemoryStore;

    let memory = MemoryStore::new();
    contract::changes_are_applied_and_listed(&memory).await;
    let records = memory.export().await.expect("export").records;
    let name = fresh_name();
    let v3 = open_schema(&name, Schema::V3).await.expect("open at v3");
    assert!(v3.transaction("outbox").build().is_err(), "v3 has no outbox");
    let tx = v3
        .transaction(["proposals", "cards"])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("tx");
    for p in records.proposals.values() {
        tx.object_store("proposals")
            .expect("store")
            .put(p)
            .serde()
            .expect("json")
            .await
            .expect("put");
    }
    for c in records.cards.values() {
        tx.object_store("cards").expect("store").put(c).serde().expect("json").await.expect("put");
    }
    tx.commit().await.expect("commit");
    v3.close();

    let upgraded = IdbStore::open(&name).await.expect("upgrade to the current schema");
    assert_eq!(upgraded.cards().await.expect("cards").len(), records.cards.len());
    let first = records.proposals.values().next().expect("a proposal");
    assert_eq!(upgraded.proposal(first.id).await.expect("read").as_ref(), Some(first));
    assert_eq!(upgraded.outbox().await.expect("outbox"), []);
}

async fn put_row<T: serde::Serialize>(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    store: &str,
    value: &T,
) {
    use indexed_db_futures::prelude::*;
    tx.object_store(store).expect("store").put(value).serde().expect("json").await.expect("put");
}

/// Everything a V4 database held (one store per kind of record, the outbox, the link, the
/// refusals, the server's counts) is the state after the move into the journal, once.
#[wasm_bindgen_test]
async fn everything_a_v4_database_held_moves_into_the_journal() {
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use yishiting::storage::MutationResult;
    use yishiting::storage::memory::MemoryStore;
    use yishiting_domain::EntityId;
    use yishiting_domain::wire::Status;

    let memory = MemoryStore::new();
    contract::connected_changes_are_queued_with_the_change(&memory).await;
    let refusal = MutationResult {
        id: 7,
        status: Status::Rejected,
        code: Some("stale".to_owned()),
        message: Some("改过了".to_owned()),
        detail: None,
    };
    memory.settle(7, &[refusal]).await.expect("settle");
    let vote = EntityId::from_random_bytes([9; 16]);
    memory.set_server_tally(vote, &contract::server_count(5, 1_000)).await.expect("tally");
    let backup = memory.export().await.expect("export");
    let (link, outbox, refused) = (
        memory.link().await.expect("link").expect("linked"),
        memory.outbox().await.expect("outbox"),
        memory.refused().await.expect("refused"),
    );
    assert!(!outbox.is_empty() && !refused.is_empty(), "a state worth moving");

    let name = fresh_name();
    let v4 = open_schema(&name, Schema::V4).await.expect("open at v4");
    let stores = ["meta", "units", "proposals", "cards", "votes", "ballots", "outbox"];
    let tx = v4.transaction(stores).with_mode(TransactionMode::Readwrite).build().expect("tx");
    let r = &backup.records;
    for u in r.units.values() {
        put_row(&tx, "units", u).await;
    }
    for p in r.proposals.values() {
        put_row(&tx, "proposals", p).await;
    }
    for c in r.cards.values() {
        put_row(&tx, "cards", c).await;
    }
    for v in r.votes.values() {
        put_row(&tx, "votes", v).await;
    }
    for b in r.ballots.values() {
        put_row(&tx, "ballots", b).await;
    }
    for q in &outbox {
        put_row(&tx, "outbox", q).await;
    }
    let meta = tx.object_store("meta").expect("meta");
    meta.put(&link).with_key("link".to_owned()).serde().expect("json").await.expect("put");
    meta.put(&refused).with_key("refused".to_owned()).serde().expect("json").await.expect("put");
    meta.put(&r.seq).with_key("seq".to_owned()).serde().expect("json").await.expect("put");
    let tally = contract::server_count(5, 1_000);
    let key = format!("tally:{vote}");
    meta.put(&tally).with_key(key).serde().expect("json").await.expect("put");
    tx.commit().await.expect("commit");
    v4.close();

    for _ in 0..2 {
        let moved = IdbStore::open(&name).await.expect("upgrade to the current schema");
        assert_eq!(moved.export().await.expect("export").records, backup.records);
        assert_eq!(moved.link().await, Ok(Some(link.clone())));
        assert_eq!(moved.outbox().await.as_ref(), Ok(&outbox));
        assert_eq!(moved.refused().await.as_ref(), Ok(&refused));
        assert_eq!(moved.server_tally(vote).await, Ok(Some(tally.clone())));
        drop(moved);
    }
    assert_eq!(journal_and_snapshot(&name).await.0, 2, "moved once: the state, its records");
}

/// Two tabs are two connections to one database: their changes interleave, none is lost.
#[wasm_bindgen_test]
async fn two_tabs_do_not_lose_each_others_writes() {
    use yishiting_domain::mutation::{Actor, Envelope, Mutation};
    use yishiting_domain::{EntityId, ProposalDraft, Role, Timestamp};

    let name = fresh_name();
    let (tab_a, tab_b) =
        (IdbStore::open(&name).await.expect("tab a"), IdbStore::open(&name).await.expect("tab b"));
    let actor = Actor {
        id: "x".to_owned(),
        name: "王".to_owned(),
        role: Role::Owner,
        unit: None,
        device: "d".to_owned(),
    };
    let matter = EntityId::from_random_bytes([1; 16]);
    let draft = ProposalDraft {
        title: "花盆".to_owned(),
        body: "护栏".to_owned(),
        category: String::new(),
    };
    let raise = Envelope {
        id: EntityId::from_random_bytes([2; 16]),
        at: Timestamp(1),
        recorded_at: None,
        actor: actor.clone(),
        mutation: Mutation::RaiseProposal { id: matter, draft },
    };
    tab_a.apply(&raise).await.expect("store").expect("rules");
    let comment = |n: u8, body: &str| Envelope {
        id: EntityId::from_random_bytes([10 + n; 16]),
        at: Timestamp(i64::from(n) + 2),
        recorded_at: None,
        actor: actor.clone(),
        mutation: Mutation::AddComment {
            id: EntityId::from_random_bytes([50 + n; 16]),
            proposal: matter,
            reply_to: None,
            body: body.to_owned(),
        },
    };
    let (c1, c2, c3, c4) = (comment(1, "一"), comment(2, "二"), comment(3, "三"), comment(4, "四"));
    let results =
        futures::join!(tab_a.apply(&c1), tab_b.apply(&c2), tab_a.apply(&c3), tab_b.apply(&c4));
    for result in [results.0, results.1, results.2, results.3] {
        assert!(matches!(result, Ok(Ok(_))), "{result:?}");
    }
    for tab in [&tab_a, &tab_b] {
        assert_eq!(tab.cards().await.expect("cards")[0].comments, 4);
        assert_eq!(tab.comments(matter).await.map(|c| c.len()), Ok(4));
    }
}

fn someone() -> yishiting_domain::mutation::Actor {
    yishiting_domain::mutation::Actor {
        id: "x".to_owned(),
        name: "王".to_owned(),
        role: yishiting_domain::Role::Owner,
        unit: None,
        device: "d".to_owned(),
    }
}

fn raise(matter: yishiting_domain::EntityId) -> yishiting_domain::mutation::Envelope {
    use yishiting_domain::mutation::{Envelope, Mutation};
    use yishiting_domain::{EntityId, ProposalDraft, Timestamp};
    let draft = ProposalDraft {
        title: "花盆".to_owned(),
        body: "护栏".to_owned(),
        category: String::new(),
    };
    Envelope {
        id: EntityId::from_random_bytes([2; 16]),
        at: Timestamp(1),
        recorded_at: None,
        actor: someone(),
        mutation: Mutation::RaiseProposal { id: matter, draft },
    }
}

fn comment_on(matter: yishiting_domain::EntityId, n: u16) -> yishiting_domain::mutation::Envelope {
    use yishiting_domain::mutation::{Envelope, Mutation};
    use yishiting_domain::{EntityId, Timestamp};
    let [hi, lo] = n.to_be_bytes();
    Envelope {
        id: EntityId::from_random_bytes([hi, lo, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
        at: Timestamp(i64::from(n) + 2),
        recorded_at: None,
        actor: someone(),
        mutation: Mutation::AddComment {
            id: EntityId::from_random_bytes([hi, lo, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]),
            proposal: matter,
            reply_to: None,
            body: format!("第{n}条"),
        },
    }
}

/// How many entries the journal and the snapshot hold, read past the store.
async fn journal_and_snapshot(name: &str) -> (u32, u32) {
    use indexed_db_futures::prelude::*;
    let db = open_schema(name, Schema::CURRENT).await.expect("open");
    let tx = db.transaction(["journal", "snapshot"]).build().expect("tx");
    let journal = tx.object_store("journal").expect("journal").count().await.expect("count");
    let snapshot = tx.object_store("snapshot").expect("snapshot").count().await.expect("count");
    drop(tx);
    db.close();
    (journal, snapshot)
}

/// A long journal is compacted into a snapshot once it passes `COMPACT_AFTER` entries; a tab
/// that holds less than the snapshot reads it, and every tab goes on writing one journal.
#[wasm_bindgen_test]
async fn a_compacted_journal_is_read_by_every_tab() {
    use yishiting::storage::idb::COMPACT_AFTER;
    let name = fresh_name();
    let matter = yishiting_domain::EntityId::from_random_bytes([1; 16]);
    let (writer, reader) = (
        IdbStore::open(&name).await.expect("writer"),
        IdbStore::open(&name).await.expect("reader"),
    );
    writer.apply(&raise(matter)).await.expect("store").expect("rules");
    let comments = u16::try_from(COMPACT_AFTER).expect("a few hundred");
    for n in 1..comments {
        writer.apply(&comment_on(matter, n)).await.expect("store").expect("rules");
    }
    assert_eq!(journal_and_snapshot(&name).await, (u32::from(comments), 0), "an entry a change");
    writer.apply(&comment_on(matter, comments)).await.expect("store").expect("rules");
    assert_eq!(journal_and_snapshot(&name).await, (0, 2), "the state, then its records");

    // The reader held none of it: it reads the snapshot, then writes after it.
    assert_eq!(reader.comments(matter).await.map(|c| c.len()), Ok(usize::from(comments)));
    reader.apply(&comment_on(matter, comments + 1)).await.expect("store").expect("rules");
    let opened = IdbStore::open(&name).await.expect("a new tab");
    for tab in [&writer, &reader, &opened] {
        assert_eq!(tab.cards().await.expect("cards")[0].comments, u32::from(comments) + 1);
    }
    assert_eq!(journal_and_snapshot(&name).await, (1, 2));
}

/// Clearing deletes what was kept, not only what is shown: the journal is emptied, and every
/// tab sees nothing.
#[wasm_bindgen_test]
async fn clear_leaves_nothing_in_the_database() {
    let name = fresh_name();
    let matter = yishiting_domain::EntityId::from_random_bytes([1; 16]);
    let (tab_a, tab_b) =
        (IdbStore::open(&name).await.expect("tab a"), IdbStore::open(&name).await.expect("tab b"));
    tab_a.apply(&raise(matter)).await.expect("store").expect("rules");
    tab_a.apply(&comment_on(matter, 1)).await.expect("store").expect("rules");
    assert_eq!(tab_b.cards().await.map(|c| c.len()), Ok(1));
    tab_b.clear().await.expect("clear");
    assert_eq!(journal_and_snapshot(&name).await, (0, 1), "one empty state, no entries");
    assert_eq!(tab_a.cards().await, Ok(vec![]));
    assert_eq!(tab_a.comments(matter).await, Ok(vec![]));
    assert_eq!(IdbStore::open(&name).await.expect("open").proposal(matter).await, Ok(None));
}

/// In the browser a backup is written by the browser's `JSON`: the text is the one
/// `serde_json` writes, and it reads back whole, there and natively.
#[wasm_bindgen_test]
fn backup_text_is_the_one_serde_json_writes() {
    use yishiting::storage::{BACKUP_FORMAT, BACKUP_VERSION, Backup, Community, Profile, Settings};
    use yishiting_domain::{Role, Timestamp, UnitId};

    let demo = yishiting_demo::community(Timestamp(1_795_397_400_000));
    let backup = Backup {
        format: BACKUP_FORMAT.to_owned(),
        version: BACKUP_VERSION,
        community: Some(Community {
            name: demo.name,
            policy: demo.policy,
            created_at: Timestamp(1_795_397_400_000),
        }),
        profile: Some(Profile {
            id: "p".to_owned(),
            name: "王阿姨 \"三栋\"\n\t\u{1}\\".to_owned(),
            role: Role::Owner,
            unit: Some(UnitId::parse("3-2-1502").expect("unit")),
            device: "d".to_owned(),
        }),
        settings: Settings { large_type: true },
        records: demo.records,
    };
    let text = backup.to_json();
    assert_eq!(text, serde_json::to_string_pretty(&backup).expect("serde_json"));
    assert_eq!(Backup::from_json(&text), Ok(backup.clone()));
    let empty = Backup { community: None, profile: None, ..backup.clone() };
    assert_eq!(empty.to_json(), serde_json::to_string_pretty(&empty).expect("serde_json"));
    assert_eq!(Backup::from_json(&empty.to_json()), Ok(empty));
    assert!(Backup::from_json("not json").is_err());
    assert!(Backup::from_json("{\"format\":\"other\"}").is_err());

    // A unit id that looks like an array index is put first by JavaScript: the text differs
    // in key order only, and reads back the same in the browser and natively.
    let mut numbered = backup;
    let mut unit = numbered.records.units.values().next().expect("a unit").clone();
    unit.id = UnitId::parse("1502").expect("unit");
    numbered.records.units.insert(unit.id.clone(), unit);
    let text = numbered.to_json();
    assert_eq!(Backup::from_json(&text), Ok(numbered.clone()));
    assert_eq!(serde_json::from_str::<Backup>(&text).expect("serde_json reads it"), numbered);
}

/// A change queued by a later build of the app (a mutation this build does not know) is kept
/// as it is, never dropped: the store opens and counts it as waiting (the first screen reads
/// no change), reading the outbox is an error (so no round sends, settles or drops it
/// half-read), and the journal still holds it after another write, for a build that reads it.
#[wasm_bindgen_test]
async fn a_queued_change_this_build_cannot_read_is_kept_not_dropped() {
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    let name = fresh_name();
    let matter = yishiting_domain::EntityId::from_random_bytes([1; 16]);
    let store = IdbStore::open(&name).await.expect("open");
    store.apply(&raise(matter)).await.expect("store").expect("rules");
    drop(store);
    let later = serde_json::json!({
        "n": 2,
        "queued": {"id": 7, "at": 1_795_397_400_000_i64, "mutation": {"name": "a_later_kind", "args": {}}}
    });
    let db = open_schema(&name, Schema::CURRENT).await.expect("open");
    let tx = db.transaction("journal").with_mode(TransactionMode::Readwrite).build().expect("tx");
    put_row(&tx, "journal", &later).await;
    tx.commit().await.expect("commit");
    db.close();

    let opened = IdbStore::open(&name).await.expect("it opens");
    assert_eq!(opened.waiting().await, Ok(1), "counted as waiting");
    assert!(opened.outbox().await.is_err(), "read, it is no change of this build");
    let other = yishiting_domain::EntityId::from_random_bytes([2; 16]);
    opened.apply(&raise(other)).await.expect("store").expect("rules");
    drop(opened);
    let again = IdbStore::open(&name).await.expect("it opens again");
    assert_eq!(again.waiting().await, Ok(1), "still queued after another write");
    assert!(again.outbox().await.is_err());
    assert_eq!(journal_and_snapshot(&name).await.0, 3, "every entry kept");
}

/// A pulled record is checked before its page is kept: one of a known kind that this build
/// cannot read (a stage it does not know) is unreadable, and the page is refused; one of a
/// kind a later version writes is not, and is kept and skipped.
#[wasm_bindgen_test]
fn a_known_kind_read_wrong_is_unreadable_and_a_later_kind_is_not() {
    use yishiting::storage::state::Raw;
    let raw = |text: &str| -> Raw {
        let value = js_sys::JSON::parse(text).expect("json");
        serde_wasm_bindgen::from_value(value).expect("raw")
    };
    let later = raw(r#"{"kind":"task","record":{"id":"x","title":"更换消防水管"}}"#);
    assert_eq!(later.unreadable(), None);
    let archived = raw(r#"{"kind":"proposal","record":{"id":"x","stage":"archived"}}"#);
    assert!(archived.unreadable().is_some());
    let unit = raw(
        r#"{"kind":"unit","record":{"id":"1-101","area":9000,"owner":"wang","building":null,"room":null,"owner_name":null}}"#,
    );
    assert_eq!(unit.unreadable(), None);
}
