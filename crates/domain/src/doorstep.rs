//! Door-to-door lists (扫楼名单): the owners a vote or a meeting still waits for, by building
//! and floor, so that volunteers can knock on doors (扫楼催票) with a printed sheet or an
//! officer's phone offline.
//!
//! An owner is waited for until they have taken part through **any** of their units (one
//! ballot per owner: a vote cast for one unit answers for the owner's others). Each door says
//! whether the owner's ballot or notice was delivered there (送达), which is what a volunteer
//! does first at a door not yet reached.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::records::{DeliveryMethod, DeliveryRecord};
use crate::{OwnerKey, Unit, UnitId};

/// One door on the list: a unit whose owner has not taken part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Door {
    pub unit: UnitId,
    /// The room as the register has it (or the unit id's part after its building).
    pub room: String,
    /// The owner's name where the register has it (and the reader may see it).
    pub owner_name: Option<String>,
    /// The ballot was delivered to this unit.
    pub delivered: bool,
    /// How, where the recording said.
    pub method: Option<DeliveryMethod>,
}

/// A floor of a building: its doors in room order. `None` when the room number does not say
/// the floor (a villa, a shop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Floor {
    pub floor: Option<u32>,
    pub doors: Vec<Door>,
}

/// A building and the floors on which owners are still waited for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Building {
    /// As the register names it; empty when it names none.
    pub name: String,
    pub floors: Vec<Floor>,
}

/// The list, with the totals its heading prints.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doorstep {
    pub buildings: Vec<Building>,
    /// Owners in the register, and those who have taken part.
    pub owners: usize,
    pub done: usize,
    /// Doors on the list, and how many of them have no delivery yet.
    pub doors: usize,
    pub undelivered: usize,
}

/// The building and room of a unit: the register's, or else read from a unit id of the
/// form `building-room` (`3-1502`).
pub fn building_and_room(unit: &Unit) -> (String, String) {
    let id = unit.id.as_str();
    let (id_building, id_room) = id.rsplit_once('-').unwrap_or(("", id));
    let building = unit.building.clone().unwrap_or_else(|| id_building.to_owned());
    let room = unit.room.clone().unwrap_or_else(|| id_room.to_owned());
    (building, room)
}

/// The floor a room number says: all its digits but the last two (`1502` is on floor 15,
/// `302` on floor 3). `None` for a room of fewer than three digits or not all digits.
pub fn floor_of(room: &str) -> Option<u32> {
    if room.len() < 3 || !room.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    room[..room.len() - 2].parse().ok().filter(|floor| *floor > 0)
}

/// The owners still waited for among `units`: `done` holds the owners who took part (voted,
/// or signed in at the meeting), `deliveries` the vote's recorded deliveries. Buildings and
/// rooms in natural order (`2` before `10`), floors from the ground up.
pub fn doorstep(
    units: &[Unit],
    done: &BTreeSet<OwnerKey>,
    deliveries: &[DeliveryRecord],
) -> Doorstep {
    let delivered: BTreeMap<&UnitId, Option<DeliveryMethod>> =
        deliveries.iter().map(|d| (&d.unit, d.method)).collect();
    let owners: BTreeSet<&OwnerKey> = units.iter().map(|u| &u.owner).collect();
    let mut waiting: Vec<(String, Option<u32>, Door)> = units
        .iter()
        .filter(|unit| !done.contains(&unit.owner))
        .map(|unit| {
            let (building, room) = building_and_room(unit);
            let door = Door {
                unit: unit.id.clone(),
                room,
                owner_name: unit.owner_name.clone(),
                delivered: delivered.contains_key(&unit.id),
                method: delivered.get(&unit.id).copied().flatten(),
            };
            (building, floor_of(&door.room), door)
        })
        .collect();
    waiting.sort_by(|a, b| {
        natural(&a.0, &b.0)
            .then_with(|| a.1.is_none().cmp(&b.1.is_none()).then(a.1.cmp(&b.1)))
            .then_with(|| natural(&a.2.room, &b.2.room))
    });
    let doors = waiting.len();
    let undelivered = waiting.iter().filter(|(_, _, door)| !door.delivered).count();
    let mut buildings: Vec<Building> = Vec::new();
    for (name, floor, door) in waiting {
        if buildings.last().is_none_or(|b| b.name != name) {
            buildings.push(Building { name, floors: Vec::new() });
        }
        let floors = &mut buildings.last_mut().expect("pushed").floors;
        if floors.last().is_none_or(|f| f.floor != floor) {
            floors.push(Floor { floor, doors: Vec::new() });
        }
        floors.last_mut().expect("pushed").doors.push(door);
    }
    Doorstep {
        buildings,
        owners: owners.len(),
        done: owners.iter().filter(|o| done.contains(**o)).count(),
        doors,
        undelivered,
    }
}

/// Natural order: runs of digits compare as numbers (`2` < `10`), the rest as text.
fn natural(a: &str, b: &str) -> Ordering {
    let key = |s: &str| -> Vec<(u8, u64, String)> {
        let mut parts = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                let number = rest[..digits].parse().unwrap_or(u64::MAX);
                parts.push((0, number, String::new()));
                rest = &rest[digits..];
            } else {
                let text: String = rest.chars().take_while(|c| !c.is_ascii_digit()).collect();
                rest = &rest[text.len()..];
                parts.push((1, 0, text));
            }
        }
        parts
    };
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}
