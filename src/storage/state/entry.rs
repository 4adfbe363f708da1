//! An entry: one change to a device's [`super::State`], as the IndexedDB journal keeps it.

use serde::{Deserialize, Serialize};
use yishiting_domain::{EntityId, Unit};

use super::Raw;
use crate::storage::{Change, Community, Link, Profile, Queued, Refused, ServerTally, Settings};

/// What one change writes. Every part is optional; [`super::State::replay`] makes them in
/// the order of the fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Entry {
    /// Its key in the journal, one more than the entry before it (0 outside the journal).
    #[serde(default)]
    pub n: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clear: Option<Clear>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<Community>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    /// Records as they now stand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<Raw>,
    /// The ballot sequence after this change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// The link is removed (before `link`, if both are set).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unlink: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
    /// The outbox, whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox: Option<Vec<Raw<Queued>>>,
    /// One change queued at the end of the outbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued: Option<Raw<Queued>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<Vec<Raw<Refused>>>,
    /// The server's counts of votes, as fetched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tallies: Vec<(EntityId, Raw<ServerTally>)>,
}

/// What an entry clears before it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clear {
    /// Everything: the device starts again from this entry.
    All,
    /// Every record, the register too (a pull that begins with `reset`).
    Records,
    /// The register (it is replaced).
    Units,
}

impl Entry {
    /// The register replaced by `units`.
    pub fn units(units: &[Unit]) -> Entry {
        let records = units.iter().map(|u| Raw::of(&Change::Unit(u.clone()))).collect();
        Entry { clear: Some(Clear::Units), records, ..Entry::default() }
    }

    /// The link set, or removed with `None`.
    pub fn link(link: Option<&Link>) -> Entry {
        Entry { unlink: link.is_none(), link: link.cloned(), ..Entry::default() }
    }
}
