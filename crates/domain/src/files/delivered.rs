//! `delivered.csv`: `unit_id` required: the units whose owners received the ballot (送达).

use super::CsvErrors;
use super::table::Table;
use crate::{Register, UnitId};

/// Reads delivery records. Every unit must be in the register; repeats are harmless.
pub fn read_delivered(
    file: &str,
    bytes: &[u8],
    register: &Register,
) -> Result<Vec<UnitId>, CsvErrors> {
    let table = Table::read(file, bytes, &["unit_id"], &[])?;
    table.parse_rows(|row| {
        let unit = row.parse("unit_id", UnitId::parse)?;
        if register.unit(&unit).is_none() {
            row.fail("unit_id", "房号不在业主名册中");
            return None;
        }
        Some(unit)
    })
}
