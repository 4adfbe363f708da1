//! The register of units (专有部分) and their owners: the base of every count.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::{Area, OwnerKey, UnitId};

/// One unit of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub area: Area,
    pub owner: OwnerKey,
    pub building: Option<String>,
    pub room: Option<String>,
    pub owner_name: Option<String>,
}

/// A dense index of an owner within one register (0..total_owners), in order of first appearance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OwnerIndex(pub u32);

/// Two units with the same id: the register refuses them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("房号 {unit} 重复（第 {first} 个与第 {second} 个房屋）")]
pub struct DuplicateUnit {
    pub unit: UnitId,
    /// Positions in the list given to [`Register::new`], from 0.
    pub first: usize,
    pub second: usize,
}

/// Units by id, owners by key, and the totals the quorum is measured against.
///
/// Built once from a list of units with unique ids; never changes afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    units: Vec<Unit>,
    /// FxHash: the keys are the register's own unit ids, so there is no flooding to resist,
    /// and the count of a million ballots is a million look-ups here.
    /// A unit's position in `units` and its owner, found in one look-up.
    unit_index: FxHashMap<UnitId, (usize, OwnerIndex)>,
    unit_owner: Vec<OwnerIndex>,
    owner_keys: Vec<OwnerKey>,
    owner_area: Vec<Area>,
    total_area: Area,
}

impl Register {
    /// Builds the register; unit ids must be unique.
    pub fn new(units: Vec<Unit>) -> Result<Register, DuplicateUnit> {
        let mut unit_index: FxHashMap<UnitId, (usize, OwnerIndex)> =
            FxHashMap::with_capacity_and_hasher(units.len(), Default::default());
        let mut owner_index: FxHashMap<&OwnerKey, OwnerIndex> = FxHashMap::default();
        let mut owner_keys = Vec::new();
        let mut owner_area: Vec<Area> = Vec::new();
        let mut unit_owner = Vec::with_capacity(units.len());
        for (position, unit) in units.iter().enumerate() {
            let slot = match unit_index.entry(unit.id.clone()) {
                Entry::Occupied(first) => {
                    return Err(DuplicateUnit {
                        unit: unit.id.clone(),
                        first: first.get().0,
                        second: position,
                    });
                }
                Entry::Vacant(slot) => slot,
            };
            let owner = *owner_index.entry(&unit.owner).or_insert_with(|| {
                owner_keys.push(unit.owner.clone());
                owner_area.push(Area::ZERO);
                OwnerIndex(u32::try_from(owner_keys.len() - 1).unwrap_or(u32::MAX))
            });
            slot.insert((position, owner));
            owner_area[owner.0 as usize] += unit.area;
            unit_owner.push(owner);
        }
        let total_area = owner_area.iter().copied().sum();
        Ok(Register { units, unit_index, unit_owner, owner_keys, owner_area, total_area })
    }

    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    pub fn unit(&self, id: &UnitId) -> Option<&Unit> {
        self.unit_index.get(id).map(|&(i, _)| &self.units[i])
    }

    /// The owner a unit belongs to, if the unit is in the register.
    pub fn owner_of(&self, id: &UnitId) -> Option<OwnerIndex> {
        self.unit_index.get(id).map(|&(_, owner)| owner)
    }

    pub fn owner_key(&self, owner: OwnerIndex) -> &OwnerKey {
        &self.owner_keys[owner.0 as usize]
    }

    /// All the area of an owner: the sum over every unit with that owner key.
    pub fn owner_area(&self, owner: OwnerIndex) -> Area {
        self.owner_area[owner.0 as usize]
    }

    /// The units of one owner, in register order.
    pub fn units_of(&self, owner: OwnerIndex) -> impl Iterator<Item = &Unit> {
        self.units.iter().zip(&self.unit_owner).filter(move |(_, o)| **o == owner).map(|(u, _)| u)
    }

    pub fn total_area(&self) -> Area {
        self.total_area
    }

    /// The number of distinct owner keys: the headcount's whole.
    pub fn total_owners(&self) -> u64 {
        self.owner_keys.len() as u64
    }

    pub fn total_units(&self) -> usize {
        self.units.len()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Units from `(unit id, hundredths of m², owner key)` triples.
    pub(crate) fn units(rows: &[(&str, u64, &str)]) -> Vec<Unit> {
        rows.iter()
            .map(|&(id, area, owner)| Unit {
                id: UnitId::parse(id).expect("test unit id"),
                area: Area::from_hundredths(area),
                owner: OwnerKey::parse(owner).expect("test owner key"),
                building: None,
                room: None,
                owner_name: None,
            })
            .collect()
    }

    #[test]
    fn totals_count_owners_once() {
        let register = Register::new(units(&[
            ("1-101", 10_000, "a"),
            ("1-102", 9_000, "b"),
            ("2-101", 8_000, "a"),
        ]))
        .expect("register");
        assert_eq!(register.total_area(), Area::from_hundredths(27_000));
        assert_eq!(register.total_owners(), 2);
        let a = register.owner_of(&UnitId::parse("2-101").expect("id")).expect("owner");
        assert_eq!(register.owner_area(a), Area::from_hundredths(18_000));
        assert_eq!(register.units_of(a).count(), 2);
    }

    #[test]
    fn refuses_duplicate_unit_ids() {
        let err = Register::new(units(&[("1-101", 1, "a"), ("1-102", 1, "b"), ("1-101", 1, "c")]));
        assert_eq!(
            err,
            Err(DuplicateUnit { unit: UnitId::parse("1-101").expect("id"), first: 0, second: 2 })
        );
    }
}
