//! Invariants of the count over generated registers and ballots.

use proptest::prelude::*;
use yishiting_domain::{
    Area, Ballot, Choice, Matter, NonResponse, Outcome, OwnerKey, Register, Share, Split, Unit,
    UnitId, tally,
};

/// A register of up to 40 units shared among up to 25 owners, ballots in acceptance order
/// (repeats and second units of an owner included), deliveries, a matter and a policy.
#[derive(Debug, Clone)]
struct Count {
    units: Vec<(u64, usize)>,
    ballots: Vec<(usize, Choice)>,
    delivered: Vec<usize>,
    matter: u8,
    policy: NonResponse,
}

fn choice() -> impl Strategy<Value = Choice> {
    prop_oneof![Just(Choice::Yes), Just(Choice::No), Just(Choice::Abstain)]
}

fn count() -> impl Strategy<Value = Count> {
    (1usize..40, 1usize..25)
        .prop_flat_map(|(units, owners)| {
            (
                prop::collection::vec((1u64..5_000_000, 0..owners), units),
                prop::collection::vec((0..units, choice()), 0..60),
                prop::collection::vec(0..units, 0..units),
                1u8..=9,
                prop_oneof![Just(NonResponse::None), Just(NonResponse::FollowMajority)],
            )
        })
        .prop_map(|(units, ballots, delivered, matter, policy)| Count {
            units,
            ballots,
            delivered,
            matter,
            policy,
        })
}

impl Count {
    fn register(&self) -> Register {
        let units = self
            .units
            .iter()
            .enumerate()
            .map(|(i, &(area, owner))| Unit {
                id: unit_id(i),
                area: Area::from_hundredths(area),
                owner: OwnerKey::parse(&format!("owner-{owner}")).expect("owner key"),
                building: None,
                room: None,
                owner_name: None,
            })
            .collect();
        Register::new(units).expect("unique ids")
    }

    fn run(&self) -> Outcome {
        let ballots: Vec<Ballot> =
            self.ballots.iter().map(|&(u, c)| Ballot::new(unit_id(u), c)).collect();
        let delivered: Vec<UnitId> = self.delivered.iter().map(|&u| unit_id(u)).collect();
        let matter = Matter::new(self.matter).expect("matter");
        tally(&self.register(), &ballots, matter, self.policy, &delivered).expect("known units")
    }
}

fn unit_id(i: usize) -> UnitId {
    UnitId::parse(&format!("unit-{i}")).expect("unit id")
}

fn sum(split: &Split) -> Share {
    Share {
        area: split.yes.area + split.no.area + split.abstain.area,
        owners: split.yes.owners + split.no.owners + split.abstain.owners,
    }
}

proptest! {
    #[test]
    fn choices_add_up_to_participation(count in count()) {
        let outcome = count.run();
        prop_assert_eq!(sum(&outcome.counted()), outcome.participating());
        prop_assert_eq!(sum(&outcome.real) + sum(&outcome.deemed), outcome.participating());
        prop_assert!(outcome.participating().area <= outcome.total.area);
        prop_assert!(outcome.participating().owners <= outcome.total.owners);
    }

    #[test]
    fn totals_are_the_registers(count in count()) {
        let register = count.register();
        let outcome = count.run();
        let area: Area = count.units.iter().map(|&(a, _)| Area::from_hundredths(a)).sum();
        let mut owners: Vec<usize> = count.units.iter().map(|&(_, o)| o).collect();
        owners.sort_unstable();
        owners.dedup();
        prop_assert_eq!(outcome.total, Share { area, owners: owners.len() as u64 });
        prop_assert_eq!(outcome.total, Share { area: register.total_area(), owners: register.total_owners() });
    }

    #[test]
    fn each_owner_counts_once(count in count()) {
        let register = count.register();
        let outcome = count.run();
        let mut voters: Vec<_> =
            count.ballots.iter().map(|&(u, _)| register.owner_of(&unit_id(u)).expect("known")).collect();
        voters.sort_unstable();
        voters.dedup();
        prop_assert_eq!(outcome.real.participating().owners, voters.len() as u64);
        prop_assert_eq!(outcome.duplicates.len(), count.ballots.len() - voters.len());
    }

    #[test]
    fn adding_a_yes_ballot_never_turns_a_pass_into_a_fail(count in count(), extra in 0usize..40) {
        let before = count.run();
        let mut more = count.clone();
        more.ballots.push((extra % count.units.len(), Choice::Yes));
        let after = more.run();
        prop_assert!(!before.passed() || after.passed(), "pass became fail: {:?} -> {:?}", before, after);
        prop_assert!(after.counted().yes.area >= before.counted().yes.area);
    }

    #[test]
    fn ballots_after_an_owner_voted_change_nothing(count in count(), choice in choice()) {
        prop_assume!(!count.ballots.is_empty());
        let before = count.run();
        let mut more = count.clone();
        more.ballots.push((count.ballots[0].0, choice));
        let after = more.run();
        prop_assert_eq!(after.counted(), before.counted());
        prop_assert_eq!(after.duplicates.len(), before.duplicates.len() + 1);
    }
}
