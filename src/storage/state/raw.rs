//! A value as the journal keeps it ([`Raw`]), read into its type only when something needs
//! it.
//!
//! In the browser a raw value is the JavaScript value IndexedDB gave, passed through serde
//! untouched: a record (`{kind, record}`, a [`Change`] as the protocol writes it), a queued
//! change, a refusal, the server's count of a vote. The first screen reads only the hall's
//! cards, the link and what waits: the code that reads and writes every other kind of record
//! and a count (some 55 KB gzip) is then needed only by the pages and the sync round, which
//! load it on demand (src/lazy.rs). Natively a raw value is the value itself.

use std::marker::PhantomData;

#[cfg(target_arch = "wasm32")]
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use yishiting_domain::records::Card;

use crate::storage::Change;

#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent, bound = "")]
pub struct Raw<T = Change>(
    #[serde(with = "serde_wasm_bindgen::preserve")] wasm_bindgen::JsValue,
    #[serde(skip)] PhantomData<T>,
);

#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Raw<T = Change>(T, #[serde(skip)] PhantomData<T>);

#[cfg(target_arch = "wasm32")]
impl<T: Serialize + DeserializeOwned> Raw<T> {
    /// A value kept as it stands.
    pub fn of(value: &T) -> Raw<T> {
        use serde_wasm_bindgen::Serializer;
        // As IndexedDB's serde writes it: maps as objects.
        let js = value.serialize(&Serializer::new().serialize_maps_as_objects(true));
        Raw(js.unwrap_or(wasm_bindgen::JsValue::NULL), PhantomData)
    }

    /// The value read into its type: `None` if it cannot be (a later build's).
    pub fn read(&self) -> Option<T> {
        serde_wasm_bindgen::from_value(self.0.clone()).ok()
    }
}

#[cfg(target_arch = "wasm32")]
impl Raw<Change> {
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

    /// Why the record cannot be read into its kind, if it cannot. A kind this build does not
    /// know is not unreadable: it is a later version's, kept and skipped (`Change::Unknown`).
    pub fn unreadable(&self) -> Option<String> {
        let error = serde_wasm_bindgen::from_value::<Change>(self.0.clone()).err()?;
        match self.kind() {
            Some(kind) if !Change::is_known_kind(&kind) => None,
            _ => Some(error.to_string()),
        }
    }

    /// The number of a ballot (its `seq`), read without reading the rest of the record.
    pub fn ballot_seq(&self) -> Option<u64> {
        if self.kind().as_deref() != Some("ballot") {
            return None;
        }
        let record = js_sys::Reflect::get(&self.0, &"record".into()).ok()?;
        serde_wasm_bindgen::from_value(js_sys::Reflect::get(&record, &"seq".into()).ok()?).ok()
    }
}

#[cfg(target_arch = "wasm32")]
impl Raw<crate::storage::Queued> {
    /// Whether a push acknowledged the queued change, read without reading the change.
    pub fn acked(&self) -> bool {
        js_sys::Reflect::get(&self.0, &"acked".into()).ok().and_then(|v| v.as_bool()) == Some(true)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Raw<crate::storage::Queued> {
    pub fn acked(&self) -> bool {
        self.0.acked
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl<T: Clone> Raw<T> {
    pub fn of(value: &T) -> Raw<T> {
        Raw(value.clone(), PhantomData)
    }

    pub fn read(&self) -> Option<T> {
        Some(self.0.clone())
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Raw<Change> {
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

    pub fn unreadable(&self) -> Option<String> {
        None
    }

    pub fn ballot_seq(&self) -> Option<u64> {
        match &self.0 {
            Change::Ballot(ballot) => Some(ballot.seq),
            _ => None,
        }
    }
}

impl Raw<Change> {
    /// The record read into its type; a kind this build does not know (or cannot read) is
    /// [`Change::Unknown`], as in a pull.
    pub fn change(&self) -> Change {
        self.read().unwrap_or(Change::Unknown)
    }
}
