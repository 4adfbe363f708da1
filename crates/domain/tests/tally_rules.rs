//! Every counting rule of docs/counting.md as a row of a table: a register, ballots in acceptance
//! order, a matter and a policy, and the figures the count must give.

use yishiting_domain::{
    Area, Ballot, Choice, Matter, NonResponse, OwnerKey, Register, Share, Unit, UnitId,
    UnknownUnit, tally,
};

struct Case {
    name: &'static str,
    /// `(unit id, area in hundredths of m², owner key)`.
    register: &'static [(&'static str, u64, &'static str)],
    /// `(unit id, choice)` in acceptance order.
    ballots: &'static [(&'static str, Choice)],
    matter: u8,
    policy: NonResponse,
    delivered: &'static [&'static str],
    expect: Expect,
}

#[derive(Debug, PartialEq)]
struct Expect {
    /// `(area hundredths, owners)` participating, real and deemed together.
    participating: (u64, u64),
    yes: (u64, u64),
    no: (u64, u64),
    abstain: (u64, u64),
    deemed: (u64, u64),
    quorum_met: bool,
    passed: bool,
    duplicates: &'static [&'static str],
}

use Choice::{Abstain as A, No as N, Yes as Y};
use NonResponse::{FollowMajority, None as Real};

/// Six owners of 100.00 m² each.
const SIX_EQUAL: &[(&str, u64, &str)] = &[
    ("1-101", 10_000, "a"),
    ("1-102", 10_000, "b"),
    ("1-201", 10_000, "c"),
    ("1-202", 10_000, "d"),
    ("1-301", 10_000, "e"),
    ("1-302", 10_000, "f"),
];

/// One large owner (400 m²) and five small ones (100 m²): 900 m², six owners.
const ONE_LARGE: &[(&str, u64, &str)] = &[
    ("big", 40_000, "a"),
    ("s1", 10_000, "b"),
    ("s2", 10_000, "c"),
    ("s3", 10_000, "d"),
    ("s4", 10_000, "e"),
    ("s5", 10_000, "f"),
];

/// Ten owners of 100 m² each.
const TEN_EQUAL: &[(&str, u64, &str)] = &[
    ("u1", 10_000, "o1"),
    ("u2", 10_000, "o2"),
    ("u3", 10_000, "o3"),
    ("u4", 10_000, "o4"),
    ("u5", 10_000, "o5"),
    ("u6", 10_000, "o6"),
    ("u7", 10_000, "o7"),
    ("u8", 10_000, "o8"),
    ("u9", 10_000, "o9"),
    ("u10", 10_000, "o10"),
];

const SIX_OF_TEN_YES: &[(&str, Choice)] = &[
    ("u1", Y),
    ("u2", Y),
    ("u3", Y),
    ("u4", Y),
    ("u5", Y),
    ("u6", Y),
    ("u7", N),
    ("u8", N),
    ("u9", N),
    ("u10", N),
];

const NONE_DUP: &[&str] = &[];

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "exactly 2/3 participation in both dimensions meets the quorum",
            register: SIX_EQUAL,
            ballots: &[("1-101", Y), ("1-102", Y), ("1-201", Y), ("1-202", N)],
            matter: 1,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (40_000, 4),
                yes: (30_000, 3),
                no: (10_000, 1),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: true,
                passed: true,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "area met but one owner short of 2/3: no quorum",
            register: ONE_LARGE,
            ballots: &[("big", Y), ("s1", Y), ("s2", Y)],
            matter: 1,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (60_000, 3),
                yes: (60_000, 3),
                no: (0, 0),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: false,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "headcount met but area short of 2/3: no quorum",
            register: &[
                ("big", 50_000, "a"),
                ("s1", 10_000, "b"),
                ("s2", 10_000, "c"),
                ("s3", 10_000, "d"),
                ("s4", 10_000, "e"),
                ("s5", 10_000, "f"),
            ],
            ballots: &[("s1", Y), ("s2", Y), ("s3", Y), ("s4", Y)],
            matter: 1,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (40_000, 4),
                yes: (40_000, 4),
                no: (0, 0),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: false,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "one hundredth of a square metre short of 2/3 area: no quorum",
            register: &[("a", 10_001, "a"), ("b", 10_000, "b"), ("c", 10_000, "c")],
            ballots: &[("b", Y), ("c", Y)],
            matter: 1,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (20_000, 2),
                yes: (20_000, 2),
                no: (0, 0),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: false,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "exactly half yes fails an ordinary matter",
            register: SIX_EQUAL,
            ballots: &[("1-101", Y), ("1-102", Y), ("1-201", N), ("1-202", N)],
            matter: 4,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (40_000, 4),
                yes: (20_000, 2),
                no: (20_000, 2),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: true,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "exactly 3/4 passes a special matter",
            register: &[
                ("a", 10_000, "a"),
                ("b", 10_000, "b"),
                ("c", 10_000, "c"),
                ("d", 10_000, "d"),
            ],
            ballots: &[("a", Y), ("b", Y), ("c", Y), ("d", N)],
            matter: 7,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (40_000, 4),
                yes: (30_000, 3),
                no: (10_000, 1),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: true,
                passed: true,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "3/4 of owners but a hundredth short of 3/4 area fails a special matter",
            register: &[
                ("a", 10_000, "a"),
                ("b", 10_000, "b"),
                ("c", 9_999, "c"),
                ("d", 10_000, "d"),
            ],
            ballots: &[("a", Y), ("b", Y), ("c", Y), ("d", N)],
            matter: 8,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (39_999, 4),
                yes: (29_999, 3),
                no: (10_000, 1),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: true,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "using the fund (5) is ordinary: 60% yes passes",
            register: TEN_EQUAL,
            ballots: SIX_OF_TEN_YES,
            matter: 5,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (100_000, 10),
                yes: (60_000, 6),
                no: (40_000, 4),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: true,
                passed: true,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "raising the fund (6) is special: the same 60% fails",
            register: TEN_EQUAL,
            ballots: SIX_OF_TEN_YES,
            matter: 6,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (100_000, 10),
                yes: (60_000, 6),
                no: (40_000, 4),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: true,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "an owner with three units counts once with all their area",
            register: &[
                ("3-101", 10_000, "zhang"),
                ("3-102", 8_000, "zhang"),
                ("3-103", 6_000, "zhang"),
                ("4-101", 12_000, "li"),
            ],
            ballots: &[("3-102", Y)],
            matter: 1,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (24_000, 1),
                yes: (24_000, 1),
                no: (0, 0),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: false,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "co-owners of one unit share one key and count once; the second ballot is a duplicate",
            register: &[("5-501", 12_000, "wang+zhao"), ("5-502", 9_000, "sun")],
            ballots: &[("5-501", Y), ("5-501", N), ("5-502", Y)],
            matter: 1,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (21_000, 2),
                yes: (21_000, 2),
                no: (0, 0),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: true,
                passed: true,
                duplicates: &["5-501"],
            },
        },
        Case {
            name: "the developer's unsold units count as one owner together",
            register: &[
                ("d1", 10_000, "developer"),
                ("d2", 10_000, "developer"),
                ("d3", 10_000, "developer"),
                ("o1", 10_000, "o1"),
                ("o2", 10_000, "o2"),
            ],
            ballots: &[("d2", N), ("o1", Y), ("o2", Y)],
            matter: 2,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (50_000, 3),
                yes: (20_000, 2),
                no: (30_000, 1),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: true,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "abstentions participate but are not yes",
            register: &[("a", 10_000, "a"), ("b", 10_000, "b"), ("c", 10_000, "c")],
            ballots: &[("a", Y), ("b", A), ("c", A)],
            matter: 1,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (30_000, 3),
                yes: (10_000, 1),
                no: (0, 0),
                abstain: (20_000, 2),
                deemed: (0, 0),
                quorum_met: true,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "a second ballot through another unit of the same owner is a duplicate; the first counts",
            register: &[
                ("7-101", 10_000, "liu"),
                ("7-102", 10_000, "liu"),
                ("7-201", 10_000, "chen"),
            ],
            ballots: &[("7-101", Y), ("7-201", Y), ("7-102", N)],
            matter: 1,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (30_000, 2),
                yes: (30_000, 2),
                no: (0, 0),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: true,
                passed: true,
                duplicates: &["7-102"],
            },
        },
        Case {
            name: "follow-majority deems delivered non-voters yes when yes leads in both dimensions",
            register: SIX_EQUAL,
            ballots: &[("1-101", Y), ("1-102", Y), ("1-201", N)],
            matter: 1,
            policy: FollowMajority,
            delivered: &["1-202", "1-301", "1-101"],
            expect: Expect {
                participating: (50_000, 5),
                yes: (40_000, 4),
                no: (10_000, 1),
                abstain: (0, 0),
                deemed: (20_000, 2),
                quorum_met: true,
                passed: true,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "follow-majority deems them no when no leads in both",
            register: SIX_EQUAL,
            ballots: &[("1-101", N), ("1-102", N), ("1-201", Y)],
            matter: 1,
            policy: FollowMajority,
            delivered: &["1-202"],
            expect: Expect {
                participating: (40_000, 4),
                yes: (10_000, 1),
                no: (30_000, 3),
                abstain: (0, 0),
                deemed: (10_000, 1),
                quorum_met: true,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "follow-majority deems them abstaining when area and headcount disagree",
            register: ONE_LARGE,
            ballots: &[("big", N), ("s1", Y), ("s2", Y)],
            matter: 1,
            policy: FollowMajority,
            delivered: &["s3", "s4"],
            expect: Expect {
                participating: (80_000, 5),
                yes: (20_000, 2),
                no: (40_000, 1),
                abstain: (20_000, 2),
                deemed: (20_000, 2),
                quorum_met: true,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "follow-majority deems abstaining on a tie",
            register: &[("a", 10_000, "a"), ("b", 10_000, "b"), ("c", 10_000, "c")],
            ballots: &[("a", Y), ("b", N)],
            matter: 1,
            policy: FollowMajority,
            delivered: &["c"],
            expect: Expect {
                participating: (30_000, 3),
                yes: (10_000, 1),
                no: (10_000, 1),
                abstain: (10_000, 1),
                deemed: (10_000, 1),
                quorum_met: true,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "without a recorded delivery nobody is deemed, even under follow-majority",
            register: SIX_EQUAL,
            ballots: &[("1-101", Y), ("1-102", Y), ("1-201", Y)],
            matter: 1,
            policy: FollowMajority,
            delivered: &[],
            expect: Expect {
                participating: (30_000, 3),
                yes: (30_000, 3),
                no: (0, 0),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: false,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "under the policy none, deliveries deem nobody",
            register: SIX_EQUAL,
            ballots: &[("1-101", Y), ("1-102", Y), ("1-201", Y)],
            matter: 1,
            policy: Real,
            delivered: &["1-202", "1-301", "1-302"],
            expect: Expect {
                participating: (30_000, 3),
                yes: (30_000, 3),
                no: (0, 0),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: false,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "a delivered owner who voted through another unit is not deemed again",
            register: &[
                ("x1", 10_000, "x"),
                ("x2", 10_000, "x"),
                ("y", 10_000, "y"),
                ("z", 10_000, "z"),
            ],
            ballots: &[("x1", Y), ("y", Y)],
            matter: 1,
            policy: FollowMajority,
            delivered: &["x2", "z"],
            expect: Expect {
                participating: (40_000, 3),
                yes: (40_000, 3),
                no: (0, 0),
                abstain: (0, 0),
                deemed: (10_000, 1),
                quorum_met: true,
                passed: true,
                duplicates: NONE_DUP,
            },
        },
        Case {
            name: "no ballots at all: nothing participates and nothing passes",
            register: SIX_EQUAL,
            ballots: &[],
            matter: 7,
            policy: Real,
            delivered: &[],
            expect: Expect {
                participating: (0, 0),
                yes: (0, 0),
                no: (0, 0),
                abstain: (0, 0),
                deemed: (0, 0),
                quorum_met: false,
                passed: false,
                duplicates: NONE_DUP,
            },
        },
    ]
}

fn register(rows: &[(&str, u64, &str)]) -> Register {
    let units = rows
        .iter()
        .map(|&(id, area, owner)| Unit {
            id: UnitId::parse(id).expect("unit id"),
            area: Area::from_hundredths(area),
            owner: OwnerKey::parse(owner).expect("owner key"),
            building: None,
            room: None,
            owner_name: None,
        })
        .collect();
    Register::new(units).expect("register")
}

fn ballots(rows: &[(&str, Choice)]) -> Vec<Ballot> {
    rows.iter()
        .map(|&(unit, choice)| Ballot::new(UnitId::parse(unit).expect("unit id"), choice))
        .collect()
}

fn pair(share: Share) -> (u64, u64) {
    (share.area.hundredths(), share.owners)
}

#[test]
fn counting_rules() {
    let mut failures = Vec::new();
    for case in cases() {
        let register = register(case.register);
        let delivered: Vec<UnitId> =
            case.delivered.iter().map(|u| UnitId::parse(u).expect("unit id")).collect();
        let matter = Matter::new(case.matter).expect("matter");
        let outcome = tally(&register, &ballots(case.ballots), matter, case.policy, &delivered)
            .expect("all units known");
        let counted = outcome.counted();
        let got = Expect {
            participating: pair(outcome.participating()),
            yes: pair(counted.yes),
            no: pair(counted.no),
            abstain: pair(counted.abstain),
            deemed: pair(outcome.deemed.participating()),
            quorum_met: outcome.quorum_met(),
            passed: outcome.passed(),
            duplicates: &[],
        };
        let duplicates: Vec<&str> = outcome.duplicates.iter().map(|d| d.unit.as_str()).collect();
        let expected_without_duplicates = Expect { duplicates: &[], ..case.expect };
        if got != expected_without_duplicates || duplicates != case.expect.duplicates {
            failures.push(format!(
                "{}\n  expected {:?}\n  got      {got:?} duplicates {duplicates:?}",
                case.name, case.expect
            ));
        }
        assert_eq!(
            pair(outcome.total),
            (register.total_area().hundredths(), register.total_owners())
        );
    }
    assert!(failures.is_empty(), "{} rule(s) broken:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_ballot_for_a_unit_outside_the_register_counts_nothing() {
    let register = register(SIX_EQUAL);
    let ballots = ballots(&[("1-101", Y), ("9-999", Y)]);
    let matter = Matter::new(1).expect("matter");
    assert_eq!(
        tally(&register, &ballots, matter, Real, &[]),
        Err(UnknownUnit { unit: UnitId::parse("9-999").expect("id"), position: 1 })
    );
    let stranger = [UnitId::parse("nowhere").expect("id")];
    assert!(tally(&register, &[], matter, FollowMajority, &stranger).is_err());
}

#[test]
fn duplicates_name_the_counted_ballot() {
    let register = register(&[("7-101", 10_000, "liu"), ("7-102", 10_000, "liu")]);
    let outcome = tally(
        &register,
        &ballots(&[("7-102", N), ("7-101", Y)]),
        Matter::new(1).expect("m"),
        Real,
        &[],
    )
    .expect("ok");
    assert_eq!(outcome.duplicates.len(), 1);
    assert_eq!(outcome.duplicates[0].position, 1);
    assert_eq!(outcome.duplicates[0].counted_unit.as_str(), "7-102");
    assert_eq!(outcome.duplicates[0].owner.as_str(), "liu");
    assert_eq!(pair(outcome.real.no), (20_000, 1));
}
