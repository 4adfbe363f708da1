//! `ballots.csv`: `unit_id,choice` required; `channel,recorded_at,recorded_by` optional.

use super::CsvErrors;
use super::table::Table;
use crate::{Ballot, Channel, Choice, Register, UnitId};

/// Reads ballots in acceptance order (file order). Every unit must be in the register.
/// A second ballot of the same owner is not an error here: the count reports it as a duplicate.
pub fn read_ballots(
    file: &str,
    bytes: &[u8],
    register: &Register,
) -> Result<Vec<Ballot>, CsvErrors> {
    let table = Table::read(
        file,
        bytes,
        &["unit_id", "choice"],
        &["channel", "recorded_at", "recorded_by"],
    )?;
    table.parse_rows(|row| {
        let unit = row.parse("unit_id", UnitId::parse);
        if let Some(id) = &unit
            && register.unit(id).is_none()
        {
            row.fail("unit_id", "房号不在业主名册中");
            return None;
        }
        let choice = row.parse("choice", Choice::parse);
        let channel = row.parse_optional("channel", Channel::parse);
        Some(Ballot {
            unit: unit?,
            choice: choice?,
            channel: channel?,
            recorded_by: row.optional_text("recorded_by"),
            device: None,
            recorded_at: row.optional_text("recorded_at"),
        })
    })
}
