//! Writes a backup file of a large hall for the render benchmark: the demo register, 1,000
//! matters, and one matter with a thread of 2,000 comments (every fifth a reply), all made
//! through the domain's rules. Usage: `cargo run -p yishiting-demo --example big_hall > big.json`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use yishiting_domain::mutation::{Actor, Envelope, Mutation};
use yishiting_domain::records::MemoryRecords;
use yishiting_domain::{EntityId, ProposalDraft, Role, Timestamp};

const MATTERS: u32 = 1_000;
const COMMENTS: u32 = 2_000;
const NOW: i64 = 1_795_397_400_000;

fn id(kind: u8, n: u32) -> EntityId {
    let mut bytes = [kind; 16];
    bytes[..4].copy_from_slice(&n.to_be_bytes());
    EntityId::from_random_bytes(bytes)
}

fn run(records: &mut MemoryRecords, n: u32, at: i64, role: Role, mutation: Mutation) {
    let actor = Actor {
        id: format!("p{}", n % 97),
        name: format!("居民{}", n % 97),
        role,
        unit: None,
        device: "bench".to_owned(),
    };
    let envelope = Envelope { id: id(9, n), at: Timestamp(at), recorded_at: None, actor, mutation };
    records.apply_now(&envelope).unwrap();
}

fn main() {
    let mut records = MemoryRecords {
        units: yishiting_demo::units().into_iter().map(|u| (u.id.clone(), u)).collect(),
        ..MemoryRecords::default()
    };
    let mut n = 0;
    for m in 0..MATTERS {
        n += 1;
        let draft = ProposalDraft {
            title: format!(
                "第 {m} 号议题：{}",
                ["停车位划线", "楼道照明", "绿化修剪", "快递柜位置"][m as usize % 4]
            ),
            body: "具体情况和建议。".repeat(8),
            category: "其他".to_owned(),
        };
        let at = NOW - i64::from(MATTERS - m) * 3_600_000;
        run(&mut records, n, at, Role::Resident, Mutation::RaiseProposal { id: id(1, m), draft });
    }
    let thread = id(1, MATTERS - 1);
    for c in 0..COMMENTS {
        n += 1;
        let reply_to = (c % 5 == 4).then(|| id(2, c - 1));
        let body = format!(
            "第 {c} 条发言：{}",
            "我同意这个方案，但希望先公示预算。".repeat(1 + c as usize % 3)
        );
        let mutation = Mutation::AddComment { id: id(2, c), proposal: thread, reply_to, body };
        run(&mut records, n, NOW + i64::from(c) * 1_000, Role::Owner, mutation);
    }
    let backup = serde_json::json!({
        "format": "yishiting-backup",
        "version": 1,
        "community": { "name": "压力测试小区", "policy": "none", "created_at": NOW },
        "profile": null,
        "settings": { "large_type": false },
        "records": records,
    });
    println!("{backup}");
    eprintln!("thread matter: {thread}");
}
