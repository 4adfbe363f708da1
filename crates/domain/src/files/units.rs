//! `units.csv`: `unit_id,area,owner_id` required; `building,room,owner_name` optional.

use rustc_hash::FxHashMap;

use super::CsvErrors;
use super::table::Table;
use crate::{Area, OwnerKey, Register, Unit, UnitId};

/// Reads a register. Unit ids must be unique; every duplicate is reported with both lines.
pub fn read_units(file: &str, bytes: &[u8]) -> Result<Register, CsvErrors> {
    let table = Table::read(
        file,
        bytes,
        &["unit_id", "area", "owner_id"],
        &["building", "room", "owner_name"],
    )?;
    let mut first_line: FxHashMap<UnitId, u64> = FxHashMap::default();
    let units = table.parse_rows(|row| {
        let id = row.parse("unit_id", UnitId::parse);
        let area = row.parse("area", Area::parse);
        let owner = row.parse("owner_id", OwnerKey::parse);
        if let Some(id) = &id {
            if let Some(first) = first_line.get(id) {
                row.fail("unit_id", &format!("房号重复（第 {first} 行已有）"));
                return None;
            }
            first_line.insert(id.clone(), row.line);
        }
        Some(Unit {
            id: id?,
            area: area?,
            owner: owner?,
            building: row.optional_text("building"),
            room: row.optional_text("room"),
            owner_name: row.optional_text("owner_name"),
        })
    })?;
    // Ids were checked above with their lines; the register checks again for its own callers.
    Register::new(units).map_err(|dup| {
        let problem = format!("房号重复（第 {} 个房屋）", dup.first + 1);
        CsvErrors(vec![table.error(1, Some("unit_id"), Some(dup.unit.as_str()), &problem)])
    })
}
