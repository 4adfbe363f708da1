//! Paper ballot sheets (纸质表决票), DOMAIN.md "Meetings in person": numbered, one per owner
//! and vote; a sheet counts when two different people entered it identically, and a mismatch
//! waits for a third person to settle it from the paper.
//!
//! A sheet's number is derived from its vote and its owner ([`sheet_number`]), so it is printed
//! without anything to record first, and any device (offline too) refuses a number entered
//! for another owner's unit, a typing slip in the number or in the unit alike.

use serde::{Deserialize, Serialize};

use crate::{Choice, EntityId, OwnerKey, Timestamp, UnitId};

/// The number on an owner's sheet for a vote: eight digits, `NNNN-NNNN`, the FNV-1a 64-bit
/// hash of the UTF-8 bytes of `"{vote}/{owner}"` modulo 10⁸ (docs/protocol.md gives a test
/// vector). Not a secret: a check that the sheet belongs to the owner of the unit entered.
pub fn sheet_number(vote: EntityId, owner: &OwnerKey) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let hash = format!("{vote}/{owner}")
        .bytes()
        .fold(OFFSET, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME));
    let digits = hash % 100_000_000;
    format!("{:04}-{:04}", digits / 10_000, digits % 10_000)
}

/// A sheet number as typed or scanned, in the printed form: its digits, with the dash, when
/// there are exactly eight of them (spaces, dashes and the like between them are ignored).
pub fn read_sheet_number(typed: &str) -> Option<String> {
    if typed.chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 8).then(|| format!("{}-{}", &digits[..4], &digits[4..]))
}

/// One entry of a sheet, as a person typed it from the paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetEntry {
    /// The id of the change that entered it (a `cast_ballot` through the paper channel).
    pub id: EntityId,
    pub unit: UnitId,
    pub choice: Choice,
    pub recorded_by: String,
    pub recorded_by_id: String,
    pub device: String,
    pub at: Timestamp,
}

impl SheetEntry {
    /// Two entries agree when they read the same unit and the same choice.
    pub fn agrees_with(&self, other: &SheetEntry) -> bool {
        self.unit == other.unit && self.choice == other.choice
    }
}

/// A paper sheet of a vote with its entries, in the order they were accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperSheet {
    /// `"{vote}:{number}"`.
    pub id: String,
    pub vote: EntityId,
    pub number: String,
    pub owner: OwnerKey,
    pub entries: Vec<SheetEntry>,
    /// The ballot it became: the entry that agreed with the first, or the third person's.
    pub ballot: Option<EntityId>,
}

/// Where a sheet stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetState {
    /// Entered once: waits for a second person.
    Once,
    /// Two entries differ: waits for a third person to settle it from the paper.
    Mismatch,
    /// It became a ballot (counted, or kept as a duplicate of the owner's earlier ballot).
    Entered,
}

/// What one more entry does to a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryOutcome {
    /// It is the sheet's first entry.
    First,
    /// It differs from the first: the sheet waits for a third person.
    Mismatch,
    /// It agrees with the first, or settles a mismatch: the sheet becomes a ballot.
    Ballot,
}

impl PaperSheet {
    pub fn key(vote: EntityId, number: &str) -> String {
        format!("{vote}:{number}")
    }

    pub fn new(vote: EntityId, number: String, owner: OwnerKey) -> PaperSheet {
        PaperSheet {
            id: PaperSheet::key(vote, &number),
            vote,
            number,
            owner,
            entries: Vec::new(),
            ballot: None,
        }
    }

    pub fn state(&self) -> SheetState {
        match (self.ballot, self.entries.as_slice()) {
            (Some(_), _) => SheetState::Entered,
            (None, [_]) | (None, []) => SheetState::Once,
            (None, _) => SheetState::Mismatch,
        }
    }

    /// Whether `account` already entered this sheet: each entry is another person's.
    pub fn entered_by(&self, account: &str) -> bool {
        self.entries.iter().any(|e| e.recorded_by_id == account)
    }

    /// What `entry` would do: a second entry agreeing with the first makes the ballot, one
    /// differing makes a mismatch; a third (after a mismatch) settles it.
    pub fn outcome(&self, entry: &SheetEntry) -> EntryOutcome {
        match self.entries.as_slice() {
            [] => EntryOutcome::First,
            [first] if first.agrees_with(entry) => EntryOutcome::Ballot,
            [_] => EntryOutcome::Mismatch,
            _ => EntryOutcome::Ballot,
        }
    }
}
