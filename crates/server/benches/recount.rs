//! Benchmarks of the count, printed for CI (not asserted: a slow machine should not fail a build).
//!
//! 1. A recount through the real CLI, CSV parsing included: 20,000 units, 15,000 ballots.
//! 2. The in-memory tally of 1,000,000 ballots over a 1,000,000-unit register.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::float_arithmetic,
    clippy::cast_possible_truncation
)]

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use yishiting_domain::{
    Area, Ballot, Choice, Matter, NonResponse, OwnerKey, Register, Unit, UnitId, tally,
};

/// A small deterministic generator (xorshift64*), so every run counts the same community.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Unit `i`'s owner: every 10th owner holds a second unit; the last 2% are the developer's.
fn owner_of(i: usize, units: usize) -> String {
    if i >= units - units / 50 {
        "developer".to_owned()
    } else if i % 10 == 1 {
        format!("owner-{}", i - 1)
    } else {
        format!("owner-{i}")
    }
}

fn unit_id(i: usize) -> String {
    format!("{}-{}-{:04}", i / 1000 + 1, (i / 100) % 10 + 1, i % 100 + 101)
}

fn choice(rng: &mut Rng) -> Choice {
    match rng.below(10) {
        0..=6 => Choice::Yes,
        7..=8 => Choice::No,
        _ => Choice::Abstain,
    }
}

/// `units.csv` and `ballots.csv` text: ballots through the first `ballots` units in a shuffled
/// order, so second units of an owner arrive as duplicates.
fn files(units: usize, ballots: usize, rng: &mut Rng) -> (String, String) {
    let mut register = String::from("unit_id,area,owner_id,building\n");
    for i in 0..units {
        let area = 5_000 + rng.below(13_000);
        let _ = writeln!(
            register,
            "{},{}.{:02},{},{}",
            unit_id(i),
            area / 100,
            area % 100,
            owner_of(i, units),
            i / 1000 + 1
        );
    }
    let mut order: Vec<usize> = (0..units).collect();
    for i in (1..order.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        order.swap(i, j);
    }
    let mut ballot_text = String::from("unit_id,choice,channel\n");
    for &i in order.iter().take(ballots) {
        let _ = writeln!(ballot_text, "{},{},online", unit_id(i), choice(rng));
    }
    (register, ballot_text)
}

fn median(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (samples[samples.len() / 2], samples[0])
}

fn report(name: &str, samples: Vec<Duration>, target_ms: u128) {
    let runs = samples.len();
    let (median, min) = median(samples);
    let verdict = if median.as_millis() < target_ms { "within target" } else { "OVER TARGET" };
    println!(
        "bench {name}: median {:.1} ms, min {:.1} ms over {runs} runs; target < {target_ms} ms: {verdict}",
        median.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3
    );
}

fn recount_through_the_cli(rng: &mut Rng) {
    let dir = tempfile::tempdir().unwrap();
    let (units, ballots) = files(20_000, 15_000, rng);
    std::fs::write(dir.path().join("units.csv"), units).unwrap();
    std::fs::write(dir.path().join("ballots.csv"), ballots).unwrap();
    let run = || {
        let start = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_yishiting-server"))
            .current_dir(dir.path())
            .args([
                "tally",
                "--units",
                "units.csv",
                "--ballots",
                "ballots.csv",
                "--matter",
                "6",
                "--json",
            ])
            .output()
            .unwrap();
        let elapsed = start.elapsed();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        (elapsed, output.stdout)
    };
    let (_, stdout) = run();
    let result: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    println!(
        "recount of 20,000 units and 15,000 ballots: {} owners, {} participating, {} duplicates, passed {}",
        result["total_owners"],
        result["participating_owners"],
        result["duplicates"].as_array().map_or(0, Vec::len),
        result["passed"]
    );
    report("recount_cli_20k_units_15k_ballots", (0..9).map(|_| run().0).collect(), 200);
}

fn tally_in_memory(rng: &mut Rng) {
    const N: usize = 1_000_000;
    let units: Vec<Unit> = (0..N)
        .map(|i| Unit {
            id: UnitId::parse(&format!("u{i}")).unwrap(),
            area: Area::from_hundredths(5_000 + rng.below(13_000)),
            owner: OwnerKey::parse(&owner_of(i, N)).unwrap(),
            building: None,
            room: None,
            owner_name: None,
        })
        .collect();
    let register = Register::new(units).unwrap();
    let ballots: Vec<Ballot> = (0..N)
        .map(|_| {
            Ballot::new(UnitId::parse(&format!("u{}", rng.below(N as u64))).unwrap(), choice(rng))
        })
        .collect();
    let delivered: Vec<UnitId> = register.units().iter().map(|u| u.id.clone()).collect();
    let matter = Matter::new(7).unwrap();
    for (name, policy) in [
        ("none", NonResponse::None),
        ("follow_majority_all_delivered", NonResponse::FollowMajority),
    ] {
        let samples = (0..5)
            .map(|_| {
                let start = Instant::now();
                let outcome = tally(&register, &ballots, matter, policy, &delivered).unwrap();
                std::hint::black_box(outcome.passed());
                start.elapsed()
            })
            .collect();
        report(&format!("tally_in_memory_1m_ballots_{name}"), samples, 1_000);
    }
    let outcome = tally(&register, &ballots, matter, NonResponse::None, &[]).unwrap();
    println!(
        "tally of 1,000,000 ballots: {} owners counted, {} duplicates, passed {}",
        outcome.participating().owners,
        outcome.duplicates.len(),
        outcome.passed()
    );
}

fn main() {
    // `cargo test --benches` runs this too; measure only under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    recount_through_the_cli(&mut rng);
    tally_in_memory(&mut rng);
}
