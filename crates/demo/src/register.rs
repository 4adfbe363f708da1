//! The demo's register: 584 units (专有部分) in eight buildings, with owners and areas.
//!
//! Unit ids read building-entrance-room, as `"3-2-1502"`: building 3, entrance 2, floor 15,
//! room 02. Each floor plan has one area, registered to the hundredth with small differences
//! from floor to floor; top floors are duplexes with an attic. Most owners have one unit, some
//! two or three, a few units belong to a couple under one key, and the developer still holds
//! fourteen unsold units in building 8 under one key.

use yishiting_domain::{Area, OwnerKey, Unit, UnitId};

use crate::names;
use crate::rng::Rng;

/// The owner key of every unit the developer has not sold (开发商).
pub const DEVELOPER: &str = "developer";

const DEVELOPER_NAME: &str = "翠屏置业有限公司（开发商）";
const DEVELOPER_UNITS: usize = 14;
const SEED: u64 = 0x5EED_0000_0000_0584;

/// A building: its entrances, its floors, and the area range (in 0.01 m²) of rooms 01 and 02.
struct Building {
    entrances: u32,
    floors: u32,
    rooms: [(u64, u64); 2],
}

const BUILDINGS: [Building; 8] = [
    Building { entrances: 2, floors: 18, rooms: [(8_600, 9_400), (12_400, 13_200)] },
    Building { entrances: 2, floors: 18, rooms: [(8_600, 9_400), (12_400, 13_200)] },
    Building { entrances: 3, floors: 12, rooms: [(6_200, 7_800), (9_200, 10_400)] },
    Building { entrances: 3, floors: 12, rooms: [(6_200, 7_800), (9_200, 10_400)] },
    Building { entrances: 2, floors: 16, rooms: [(10_200, 11_200), (13_600, 14_600)] },
    Building { entrances: 2, floors: 16, rooms: [(10_200, 11_200), (13_600, 14_600)] },
    Building { entrances: 3, floors: 14, rooms: [(6_000, 7_200), (11_200, 12_400)] },
    Building { entrances: 3, floors: 14, rooms: [(6_000, 7_200), (11_200, 12_400)] },
];

/// The smallest and largest area a demo unit may have, in 0.01 m².
pub(crate) const AREA_RANGE: (u64, u64) = (6_000, 18_000);

/// A unit before its owner is known.
struct Place {
    id: String,
    building: u32,
    room: String,
    area: u64,
}

/// Every unit of the demo, in building, entrance, floor and room order.
pub fn units() -> Vec<Unit> {
    let mut rng = Rng::new(SEED);
    let places = places(&mut rng);
    let owners = owners(&mut rng, &places);
    // Owner keys are numbered in register order, so `owner-0001` lives in building 1.
    let mut numbers: Vec<Option<usize>> = vec![None; places.len()];
    let mut names: Vec<String> = Vec::new();
    let mut next = 0;
    places
        .into_iter()
        .zip(&owners)
        .map(|(place, owner)| {
            let (owner, owner_name) = match owner {
                None => (DEVELOPER.to_owned(), DEVELOPER_NAME.to_owned()),
                Some(group) => {
                    let number = *numbers[*group].get_or_insert_with(|| {
                        next += 1;
                        names.push(owner_name(&mut rng));
                        next
                    });
                    (format!("owner-{number:04}"), names[number - 1].clone())
                }
            };
            Unit {
                id: UnitId::parse(&place.id).expect("demo unit ids are well formed"),
                area: Area::from_hundredths(place.area),
                owner: OwnerKey::parse(&owner).expect("demo owner keys are well formed"),
                building: Some(place.building.to_string()),
                room: Some(place.room),
                owner_name: Some(owner_name),
            }
        })
        .collect()
}

/// One owner, or a couple who co-own their unit (about one owner in twenty).
fn owner_name(rng: &mut Rng) -> String {
    if rng.chance(5) { names::couple(rng) } else { names::person(rng) }
}

fn places(rng: &mut Rng) -> Vec<Place> {
    let mut places = Vec::new();
    for (number, building) in (1..).zip(&BUILDINGS) {
        for entrance in 1..=building.entrances {
            let plans = building.rooms.map(|(low, high)| rng.between(low, high));
            for floor in 1..=building.floors {
                for (room, plan) in (1..).zip(plans) {
                    // Floors differ by a few hundredths as surveyed; the top floor has an attic.
                    let mut area = plan + rng.below(31) - 15;
                    if floor == building.floors {
                        area += rng.between(2_500, 4_500);
                    }
                    let area = area.clamp(AREA_RANGE.0, AREA_RANGE.1);
                    places.push(Place {
                        id: format!("{number}-{entrance}-{floor}{room:02}"),
                        building: number,
                        room: format!("{entrance}单元{floor}{room:02}"),
                        area,
                    });
                }
            }
        }
    }
    places
}

/// For each place, the group of its owner, or `None` for the developer's unsold units.
fn owners(rng: &mut Rng, places: &[Place]) -> Vec<Option<usize>> {
    let mut newest: Vec<usize> = (0..places.len()).filter(|&i| places[i].building == 8).collect();
    rng.shuffle(&mut newest);
    newest.truncate(DEVELOPER_UNITS);
    let mut sold: Vec<usize> = (0..places.len()).filter(|i| !newest.contains(i)).collect();
    rng.shuffle(&mut sold);
    let mut owners = vec![None; places.len()];
    let mut group = 0;
    let mut rest = sold.as_slice();
    while !rest.is_empty() {
        // Most owners bought one flat; some bought a second for their parents or to let.
        let roll = rng.below(100);
        let size = if roll < 89 {
            1
        } else if roll < 98 {
            2
        } else {
            3
        };
        let (mine, others) = rest.split_at(size.min(rest.len()));
        for &place in mine {
            owners[place] = Some(group);
        }
        group += 1;
        rest = others;
    }
    owners
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_building_entrance_floor_room() {
        let units = units();
        let first = &units[0];
        assert_eq!(first.id.as_str(), "1-1-101");
        assert_eq!(first.room.as_deref(), Some("1单元101"));
        assert!(units.iter().any(|u| u.id.as_str() == "3-2-1202"));
        assert!(units.iter().all(|u| (AREA_RANGE.0..=AREA_RANGE.1).contains(&u.area.hundredths())));
    }
}
