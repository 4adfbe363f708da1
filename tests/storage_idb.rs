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
