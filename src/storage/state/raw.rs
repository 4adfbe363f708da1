//! One record as the journal keeps it ([`Raw`]), read into its type only when something
//! needs it.
//!
//! In the browser a raw record is the JavaScript value IndexedDB gave (`{kind, record}`, a
//! [`Change`] as the protocol writes it), passed through serde untouched. The first screen
//! reads only the hall's cards: the code that reads every other kind of record (some 45 KB
//! gzip) is then needed only by the pages and the sync round, which load it on demand
//! (src/lazy.rs). Natively a raw record is the [`Change`] itself.

use serde::{Deserialize, Serialize};
use yishiting_domain::records::Card;

use crate::storage::Change;

#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Raw(#[serde(with = "serde_wasm_bindgen::preserve")] wasm_bindgen::JsValue);

#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Raw(Change);

#[cfg(target_arch = "wasm32")]
impl Raw {
    /// A record kept as it stands.
    pub fn of(change: &Change) -> Raw {
        use serde_wasm_bindgen::Serializer;
        // As IndexedDB's serde writes it: maps as objects.
        let value = change.serialize(&Serializer::new().serialize_maps_as_objects(true));
        Raw(value.unwrap_or(wasm_bindgen::JsValue::NULL))
    }

    /// Its `kind`, read without reading the record.
    pub fn kind(&self) -> Option<String> {
        js_sys::Reflect::get(&self.0, &"kind".into()).ok()?.as_string()
    }

    /// The record if it is one of the hall's cards.
    pub fn card(&self) -> Option<Card> {
        if self.kind().as_deref() != Some("card") {
            return None;
        }
        let record = js_sys::Reflect::get(&self.0, &"record".into()).ok()?;
        serde_wasm_bindgen::from_value(record).ok()
    }

    /// The record read into its type; a kind this build does not know (or cannot read) is
    /// [`Change::Unknown`], as in a pull.
    pub fn read(self) -> Change {
        serde_wasm_bindgen::from_value(self.0).unwrap_or(Change::Unknown)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Raw {
    pub fn of(change: &Change) -> Raw {
        Raw(change.clone())
    }

    pub fn kind(&self) -> Option<String> {
        let kind = match &self.0 {
            Change::Unit(_) => "unit",
            Change::Card(_) => "card",
            _ => "other",
        };
        Some(kind.to_owned())
    }

    pub fn card(&self) -> Option<Card> {
        match &self.0 {
            Change::Card(card) => Some(card.clone()),
            _ => None,
        }
    }

    pub fn read(self) -> Change {
        self.0
    }
}
