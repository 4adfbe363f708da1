//! The door-to-door list (扫楼名单): who is still waited for, by building and floor.

use std::collections::BTreeSet;

use yishiting_domain::doorstep::{Doorstep, building_and_room, doorstep, floor_of};
use yishiting_domain::records::{DeliveryMethod, DeliveryRecord};
use yishiting_domain::{Area, EntityId, OwnerKey, Timestamp, Unit, UnitId};

fn unit(id: &str, owner: &str, building: Option<&str>, room: Option<&str>) -> Unit {
    Unit {
        id: UnitId::parse(id).expect("unit id"),
        area: Area::from_hundredths(9_000),
        owner: OwnerKey::parse(owner).expect("owner"),
        building: building.map(str::to_owned),
        room: room.map(str::to_owned),
        owner_name: Some(format!("业主{owner}")),
    }
}

fn owners(keys: &[&str]) -> BTreeSet<OwnerKey> {
    keys.iter().map(|k| OwnerKey::parse(k).expect("owner")).collect()
}

/// Deliveries of one vote to `units`, how as given.
fn delivered(units: &[(&str, Option<DeliveryMethod>)]) -> Vec<DeliveryRecord> {
    let vote = EntityId::from_random_bytes([7; 16]);
    let record = |(u, method): &(&str, Option<DeliveryMethod>)| {
        let unit = UnitId::parse(u).expect("unit");
        DeliveryRecord {
            id: DeliveryRecord::key(vote, &unit),
            vote,
            unit,
            method: *method,
            recorded_by: "周主任".to_owned(),
            recorded_by_id: None,
            at: Timestamp(1),
        }
    };
    units.iter().map(record).collect()
}

/// The list as (building, floor, [unit ids]) rows, to compare whole.
fn rows(list: &Doorstep) -> Vec<(String, Option<u32>, Vec<String>)> {
    let mut rows = Vec::new();
    for building in &list.buildings {
        for floor in &building.floors {
            let doors = floor.doors.iter().map(|d| d.unit.as_str().to_owned()).collect();
            rows.push((building.name.clone(), floor.floor, doors));
        }
    }
    rows
}

#[test]
fn the_floor_is_the_room_number_but_its_last_two_digits() {
    assert_eq!(floor_of("1502"), Some(15));
    assert_eq!(floor_of("302"), Some(3));
    assert_eq!(floor_of("0302"), Some(3));
    assert_eq!(floor_of("12"), None, "too short to say");
    assert_eq!(floor_of("B12"), None);
    assert_eq!(floor_of("商铺01"), None);
    assert_eq!(floor_of("002"), None, "no floor 0");
}

#[test]
fn building_and_room_come_from_the_register_or_else_the_unit_id() {
    assert_eq!(
        building_and_room(&unit("3-1502", "a", None, None)),
        ("3".to_owned(), "1502".to_owned())
    );
    assert_eq!(
        building_and_room(&unit("A0101", "a", Some("十栋"), Some("101"))),
        ("十栋".to_owned(), "101".to_owned())
    );
    assert_eq!(
        building_and_room(&unit("villa7", "a", None, None)),
        (String::new(), "villa7".to_owned())
    );
}

#[test]
fn an_owner_who_took_part_through_one_unit_is_not_waited_for_at_another() {
    let register = [
        unit("1-101", "wang", None, None),
        unit("2-1502", "wang", None, None),
        unit("1-201", "li", None, None),
        unit("1-202", "zhang", None, None),
    ];
    let reached = delivered(&[("1-201", Some(DeliveryMethod::Wechat)), ("1-101", None)]);
    let list = doorstep(&register, &owners(&["wang"]), &reached);
    assert_eq!(
        rows(&list),
        [("1".to_owned(), Some(2), vec!["1-201".to_owned(), "1-202".to_owned()])]
    );
    assert_eq!((list.owners, list.done, list.doors, list.undelivered), (3, 1, 2, 1));
    let doors = &list.buildings[0].floors[0].doors;
    assert!(doors[0].delivered && !doors[1].delivered);
    assert_eq!((doors[0].method, doors[1].method), (Some(DeliveryMethod::Wechat), None));
    assert_eq!(doors[0].owner_name.as_deref(), Some("业主li"));
    assert_eq!(doors[0].room, "201");
}

#[test]
fn buildings_floors_and_rooms_come_in_natural_order_and_floorless_rooms_last() {
    let register = [
        unit("10-101", "a", None, None),
        unit("2-1201", "b", None, None),
        unit("2-301", "c", None, None),
        unit("2-302", "d", None, None),
        unit("2-商铺", "e", None, None),
        unit("2-1202", "f", None, None),
    ];
    let list = doorstep(&register, &BTreeSet::new(), &[]);
    let expected: Vec<(String, Option<u32>, Vec<String>)> = vec![
        ("2".to_owned(), Some(3), vec!["2-301".to_owned(), "2-302".to_owned()]),
        ("2".to_owned(), Some(12), vec!["2-1201".to_owned(), "2-1202".to_owned()]),
        ("2".to_owned(), None, vec!["2-商铺".to_owned()]),
        ("10".to_owned(), Some(1), vec!["10-101".to_owned()]),
    ];
    assert_eq!(rows(&list), expected);
    assert_eq!((list.owners, list.done, list.doors, list.undelivered), (6, 0, 6, 6));
}

#[test]
fn when_everyone_took_part_the_list_is_empty() {
    let register = [unit("1-101", "a", None, None), unit("1-102", "b", None, None)];
    let list = doorstep(&register, &owners(&["a", "b"]), &[]);
    assert!(list.buildings.is_empty());
    assert_eq!((list.owners, list.done, list.doors), (2, 2, 0));
}
