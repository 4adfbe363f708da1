//! The legal count of an owners' decision (Civil Code Art. 278; SPC interpretation Arts. 8–9).
//!
//! One ballot per owner, first accepted wins; participation and the pass line are measured in
//! two dimensions, area and headcount, with exact integer arithmetic only.

use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::{Area, Ballot, Choice, Matter, OwnerKey, Register, Threshold, UnitId};

/// The community's rule for owners who received a ballot and did not return it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NonResponse {
    /// Only real ballots participate.
    #[default]
    None,
    /// 未表决视为同意多数: owners with a recorded delivery who cast no ballot participate, on
    /// the side that leads among real ballots in both area and headcount, else as abstaining.
    FollowMajority,
}

impl NonResponse {
    pub fn parse(text: &str) -> Option<NonResponse> {
        match text.trim() {
            "none" => Some(NonResponse::None),
            "follow-majority" => Some(NonResponse::FollowMajority),
            _ => None,
        }
    }
}

/// A figure in both dimensions: an area and a number of owners.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub area: Area,
    pub owners: u64,
}

impl Share {
    fn owner(area: Area) -> Share {
        Share { area, owners: 1 }
    }
}

impl Add for Share {
    type Output = Share;
    fn add(self, other: Share) -> Share {
        Share { area: self.area + other.area, owners: self.owners + other.owners }
    }
}

impl AddAssign for Share {
    fn add_assign(&mut self, other: Share) {
        *self = *self + other;
    }
}

/// Figures by choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub yes: Share,
    pub no: Share,
    pub abstain: Share,
}

impl Split {
    pub fn get(&self, choice: Choice) -> Share {
        match choice {
            Choice::Yes => self.yes,
            Choice::No => self.no,
            Choice::Abstain => self.abstain,
        }
    }

    fn get_mut(&mut self, choice: Choice) -> &mut Share {
        match choice {
            Choice::Yes => &mut self.yes,
            Choice::No => &mut self.no,
            Choice::Abstain => &mut self.abstain,
        }
    }

    /// Everyone who took part: abstentions participate too.
    pub fn participating(&self) -> Share {
        self.yes + self.no + self.abstain
    }
}

impl Add for Split {
    type Output = Split;
    fn add(self, other: Split) -> Split {
        Split {
            yes: self.yes + other.yes,
            no: self.no + other.no,
            abstain: self.abstain + other.abstain,
        }
    }
}

/// Two flags, one per dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimensions {
    pub area: bool,
    pub owners: bool,
}

impl Dimensions {
    pub fn both(self) -> bool {
        self.area && self.owners
    }
}

/// A ballot that was not counted because its owner had already voted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    /// The unit the rejected ballot was cast through.
    pub unit: UnitId,
    /// Its position among the ballots, from 0.
    pub position: usize,
    pub owner: OwnerKey,
    /// The unit of the owner's counted ballot.
    pub counted_unit: UnitId,
}

/// A ballot or delivery names a unit the register does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("房号 {unit} 不在业主名册中")]
pub struct UnknownUnit {
    pub unit: UnitId,
    /// Its position among the ballots (or deliveries), from 0.
    pub position: usize,
}

/// Everything the count finds; the verdict and the per-line checks are derived from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub matter: Matter,
    pub policy: NonResponse,
    /// The whole register: total area and total owners.
    pub total: Share,
    /// Real ballots only.
    pub real: Split,
    /// Owners deemed participating under the non-response policy (all on one side).
    pub deemed: Split,
    /// The side deemed owners joined, when any were deemed.
    pub deemed_choice: Option<Choice>,
    /// Ballots not counted, in ballot order.
    pub duplicates: Vec<Duplicate>,
}

impl Outcome {
    /// Real and deemed together: the figures the law measures.
    pub fn counted(&self) -> Split {
        self.real + self.deemed
    }

    pub fn participating(&self) -> Share {
        self.counted().participating()
    }

    pub fn threshold(&self) -> Threshold {
        self.matter.threshold()
    }

    /// Participation ≥ 2/3 of the total, in each dimension ("以上" includes the line).
    pub fn quorum(&self) -> Dimensions {
        let part = self.participating();
        Dimensions {
            area: two_thirds_or_more(part.area.hundredths(), self.total.area.hundredths()),
            owners: two_thirds_or_more(part.owners, self.total.owners),
        }
    }

    /// Yes against the matter's line, in each dimension.
    pub fn yes_line(&self) -> Dimensions {
        let part = self.participating();
        let yes = self.counted().yes;
        let threshold = self.threshold();
        Dimensions {
            area: threshold.is_met(yes.area.hundredths(), part.area.hundredths()),
            owners: threshold.is_met(yes.owners, part.owners),
        }
    }

    pub fn quorum_met(&self) -> bool {
        self.quorum().both()
    }

    pub fn passed(&self) -> bool {
        self.quorum_met() && self.yes_line().both()
    }
}

fn two_thirds_or_more(part: u64, total: u64) -> bool {
    3 * u128::from(part) >= 2 * u128::from(total)
}

/// Counts an owners' decision.
///
/// `ballots` are in the order they were accepted; the first ballot of each owner counts and
/// later ones are reported as duplicates. `delivered` lists units whose owners received the
/// ballot; it matters only under [`NonResponse::FollowMajority`]. Every unit named must be in
/// the register, or nothing is counted.
pub fn tally(
    register: &Register,
    ballots: &[Ballot],
    matter: Matter,
    policy: NonResponse,
    delivered: &[UnitId],
) -> Result<Outcome, UnknownUnit> {
    let owners = usize::try_from(register.total_owners()).unwrap_or(usize::MAX);
    // For each owner, the position of the ballot that counts.
    let mut counted: Vec<Option<usize>> = vec![None; owners];
    let mut real = Split::default();
    let mut duplicates = Vec::new();
    for (position, ballot) in ballots.iter().enumerate() {
        let owner = register
            .owner_of(&ballot.unit)
            .ok_or_else(|| UnknownUnit { unit: ballot.unit.clone(), position })?;
        let slot = &mut counted[owner.0 as usize];
        match *slot {
            Some(first) => duplicates.push(Duplicate {
                unit: ballot.unit.clone(),
                position,
                owner: register.owner_key(owner).clone(),
                counted_unit: ballots[first].unit.clone(),
            }),
            None => {
                *slot = Some(position);
                *real.get_mut(ballot.choice) += Share::owner(register.owner_area(owner));
            }
        }
    }

    let mut deemed = Split::default();
    let mut deemed_choice = None;
    if policy == NonResponse::FollowMajority {
        let mut was_delivered = vec![false; owners];
        for (position, unit) in delivered.iter().enumerate() {
            let owner = register
                .owner_of(unit)
                .ok_or_else(|| UnknownUnit { unit: unit.clone(), position })?;
            was_delivered[owner.0 as usize] = true;
        }
        let side = majority_side(&real);
        for (index, (delivered, counted)) in was_delivered.iter().zip(&counted).enumerate() {
            if *delivered && counted.is_none() {
                let owner = crate::OwnerIndex(u32::try_from(index).unwrap_or(u32::MAX));
                *deemed.get_mut(side) += Share::owner(register.owner_area(owner));
                deemed_choice = Some(side);
            }
        }
    }

    Ok(Outcome {
        matter,
        policy,
        total: Share { area: register.total_area(), owners: register.total_owners() },
        real,
        deemed,
        deemed_choice,
        duplicates,
    })
}

/// The side that leads among real ballots in both dimensions; abstain when they disagree or tie.
fn majority_side(real: &Split) -> Choice {
    let (yes, no) = (real.yes, real.no);
    if yes.area > no.area && yes.owners > no.owners {
        Choice::Yes
    } else if no.area > yes.area && no.owners > yes.owners {
        Choice::No
    } else {
        Choice::Abstain
    }
}

/// `part` as a percentage of `whole` with two decimals, rounded down so that a figure shown
/// never claims more than it is (`"66.66%"` for exactly two thirds). For display only: verdicts
/// come from the exact comparisons above.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "—".to_owned();
    }
    let basis_points = u128::from(part) * 10_000 / u128::from(whole);
    format!("{}.{:02}%", basis_points / 100, basis_points % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_down() {
        assert_eq!(percent(2, 3), "66.66%");
        assert_eq!(percent(1, 2), "50.00%");
        assert_eq!(percent(3, 3), "100.00%");
        assert_eq!(percent(0, 0), "—");
    }
}
