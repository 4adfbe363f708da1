//! Where the hall keeps everything on the device: the [`Store`] trait, with an IndexedDB
//! implementation for the browser and a memory one for native tests, held to one contract
//! (`tests/storage_contract.rs`).
//!
//! Every change goes through [`Store::apply`], which runs the domain's rules and writes the
//! result atomically; the sync outbox will be written in that same transaction.

#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod memory;

use serde::{Deserialize, Serialize};
use yishiting_domain::mutation::{Actor, Applied, Envelope, Rejection};
use yishiting_domain::records::{BallotRecord, Card, MemoryRecords};
use yishiting_domain::{
    Comment, EntityId, NonResponse, OwnersVote, Poll, Proposal, Role, Timestamp, Unit, UnitId,
};

/// The community this device holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Community {
    pub name: String,
    /// The non-response rule of the community's assembly rules.
    pub policy: NonResponse,
    pub created_at: Timestamp,
}

/// Who uses this device, until sign-in arrives with the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// For an owner: the unit they vote through.
    pub unit: Option<UnitId>,
    pub device: String,
}

impl Profile {
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id.clone(),
            name: self.name.clone(),
            role: self.role,
            unit: self.unit.clone(),
            device: self.device.clone(),
        }
    }
}

/// Device settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// 适老化: larger text and targets, higher contrast.
    pub large_type: bool,
}

/// Everything a device holds, as the JSON backup file carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    /// Always `"yishiting-backup"`.
    pub format: String,
    pub version: u32,
    pub community: Option<Community>,
    pub profile: Option<Profile>,
    pub settings: Settings,
    pub records: MemoryRecords,
}

pub const BACKUP_FORMAT: &str = "yishiting-backup";
pub const BACKUP_VERSION: u32 = 1;

impl Backup {
    /// Reads a backup file, refusing anything that is not one of ours.
    pub fn from_json(text: &str) -> Result<Backup, String> {
        let backup: Backup = json::parse(text).map_err(|e| format!("不是有效的备份文件：{e}"))?;
        if backup.format != BACKUP_FORMAT {
            return Err("不是百姓议事厅的备份文件".to_owned());
        }
        if backup.version > BACKUP_VERSION {
            return Err("备份文件来自更新的版本，请先更新应用".to_owned());
        }
        Ok(backup)
    }

    /// The backup file: JSON indented by two spaces.
    pub fn to_json(&self) -> String {
        json::pretty(self).unwrap_or_default()
    }
}

/// JSON in the browser goes through the browser's own `JSON` and `serde-wasm-bindgen`, which
/// the store links already: a JSON library of our own would weigh some 35 KB gzip in the
/// first load. Natively (tests, lints) it is `serde_json`. Both write the same text, except
/// that the browser puts object keys that look like array indexes (a unit id `"1502"`) first,
/// as JavaScript orders them; the data read back is the same (tests/storage_idb.rs).
#[cfg(target_arch = "wasm32")]
mod json {
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use wasm_bindgen::JsValue;

    pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        let value = js_sys::JSON::parse(text)
            .map_err(|e| String::from(js_sys::Error::from(e).message()))?;
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }

    pub fn pretty<T: Serialize>(value: &T) -> Option<String> {
        // As JSON has it: maps as objects, `None` as `null`.
        let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
        js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from(2))
            .ok()?
            .as_string()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod json {
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    pub fn pretty<T: Serialize>(value: &T) -> Option<String> {
        serde_json::to_string_pretty(value).ok()
    }
}

/// The store failed (not the rules: those answer with a [`Rejection`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("本机存储出错：{0}")]
pub struct StoreError(pub String);

/// The device's data. All writes of one call are atomic.
#[allow(async_fn_in_trait)]
pub trait Store {
    async fn community(&self) -> Result<Option<Community>, StoreError>;
    async fn set_community(&self, community: &Community) -> Result<(), StoreError>;
    async fn profile(&self) -> Result<Option<Profile>, StoreError>;
    async fn set_profile(&self, profile: &Profile) -> Result<(), StoreError>;
    async fn settings(&self) -> Result<Settings, StoreError>;
    async fn set_settings(&self, settings: &Settings) -> Result<(), StoreError>;

    /// Replaces the register.
    async fn replace_units(&self, units: &[Unit]) -> Result<(), StoreError>;
    /// The register, by unit id.
    async fn units(&self) -> Result<Vec<Unit>, StoreError>;

    /// Applies one change by the domain's rules, atomically.
    async fn apply(&self, envelope: &Envelope) -> Result<Result<Applied, Rejection>, StoreError>;

    /// Every matter's card, newest activity first.
    async fn cards(&self) -> Result<Vec<Card>, StoreError>;
    async fn proposal(&self, id: EntityId) -> Result<Option<Proposal>, StoreError>;
    /// A matter's comments, oldest first.
    async fn comments(&self, proposal: EntityId) -> Result<Vec<Comment>, StoreError>;
    async fn polls(&self, proposal: EntityId) -> Result<Vec<Poll>, StoreError>;
    async fn votes(&self, proposal: EntityId) -> Result<Vec<OwnersVote>, StoreError>;
    /// A vote's ballots in acceptance order, duplicates included.
    async fn ballots(&self, vote: EntityId) -> Result<Vec<BallotRecord>, StoreError>;
    /// The units a vote's ballot was delivered to (送达).
    async fn deliveries(&self, vote: EntityId) -> Result<Vec<UnitId>, StoreError>;

    async fn export(&self) -> Result<Backup, StoreError>;
    /// Replaces everything with a backup's contents.
    async fn restore(&self, backup: &Backup) -> Result<(), StoreError>;
    /// Deletes everything.
    async fn clear(&self) -> Result<(), StoreError>;
}

/// Sorts as the hall lists matters: newest activity first, then by id for a stable order.
pub fn sort_cards(cards: &mut [Card]) {
    cards.sort_unstable_by(|a, b| b.last_activity.cmp(&a.last_activity).then(a.id.cmp(&b.id)));
}

/// Sorts comments oldest first, then by id.
pub fn sort_comments(comments: &mut [Comment]) {
    comments.sort_unstable_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
}
