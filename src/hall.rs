//! The app's shared state, provided once as a context: the device store and the community,
//! profile and settings it holds.

use std::rc::Rc;

use leptos::prelude::*;
use yishiting_domain::mutation::{Applied, Envelope, Mutation, Rejection};

use crate::connection::Connection;
use crate::storage::{Community, Profile, Settings, Store, StoreError};

#[cfg(target_arch = "wasm32")]
pub type DeviceStore = crate::storage::idb::IdbStore;
/// Natively (for tests and lints) the app keeps its data in memory.
#[cfg(not(target_arch = "wasm32"))]
pub type DeviceStore = crate::storage::memory::MemoryStore;

#[cfg(target_arch = "wasm32")]
async fn open_device_store() -> Result<DeviceStore, StoreError> {
    crate::storage::idb::IdbStore::open(crate::storage::idb::DB_NAME).await
}

#[cfg(not(target_arch = "wasm32"))]
async fn open_device_store() -> Result<DeviceStore, StoreError> {
    Ok(crate::storage::memory::MemoryStore::new())
}

/// The hall's data on this device: the store, and the community, profile and settings it
/// holds, with what was last said of an action. The connection to the server is a context of
/// its own ([`Connection`]), as is the administrator's session.
#[derive(Debug, Clone, Copy)]
pub struct Hall {
    store: StoredValue<Rc<DeviceStore>, LocalStorage>,
    /// Bumped after every write, so that what the screens read is read again.
    pub revision: RwSignal<u64>,
    pub community: RwSignal<Option<Community>>,
    pub profile: RwSignal<Option<Profile>>,
    pub settings: RwSignal<Settings>,
    /// The outcome of the last action, shown by the shell so it survives the re-rendering of
    /// the screen that caused it.
    pub flash: RwSignal<Option<Flash>>,
    /// A write while signed in wakes the sync engine and shows what waits.
    connection: Connection,
}

/// A message about an action: said, or refused with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub refused: bool,
    /// True only until a sync round succeeds with nothing left waiting (a change waits for
    /// the server, the community's data is being downloaded): the engine clears it then.
    pub waiting: bool,
}

impl Hall {
    /// Opens the device store and reads what the shell needs.
    pub async fn open() -> Result<Hall, StoreError> {
        let store = open_device_store().await?;
        let (community, profile, settings) =
            (store.community().await?, store.profile().await?, store.settings().await?);
        let (link, pending) = (store.link().await?, store.waiting().await?);
        Ok(Hall {
            store: StoredValue::new_local(Rc::new(store)),
            revision: RwSignal::new(0),
            community: RwSignal::new(community),
            profile: RwSignal::new(profile),
            settings: RwSignal::new(settings),
            flash: RwSignal::new(None),
            connection: Connection::new(link, pending),
        })
    }

    /// The connection this hall's writes wake (also provided as a context of its own).
    pub fn connection(&self) -> Connection {
        self.connection
    }

    pub fn store(&self) -> Rc<DeviceStore> {
        self.store.get_value()
    }

    /// Says that stored data changed.
    pub fn changed(&self) {
        self.revision.update(|r| *r += 1);
    }

    /// Applies a change as the current profile. The error is the message to show.
    pub async fn apply(&self, mutation: Mutation) -> Result<Applied, String> {
        let Some(profile) = self.profile.get_untracked() else {
            return Err(crate::messages::t().need_profile.to_owned());
        };
        let envelope = Envelope {
            id: crate::device::new_id(),
            at: crate::device::now(),
            recorded_at: None,
            actor: profile.actor(),
            mutation,
        };
        let result = self.store().apply(&envelope).await;
        // A refusal changes nothing, except that a duplicate ballot is recorded.
        let wrote = match &result {
            Ok(Ok(_)) => true,
            Ok(Err(rejection)) => matches!(rejection, Rejection::AlreadyVoted { .. }),
            Err(_) => false,
        };
        if wrote {
            self.changed();
            if self.connection.link.get_untracked().is_some() {
                self.refresh_sync().await;
                self.connection.sync_soon();
            }
        }
        match result {
            Ok(Ok(applied)) => Ok(applied),
            Ok(Err(rejection)) => Err(rejection.to_string()),
            Err(error) => Err(error.to_string()),
        }
    }

    /// Says how an action went, in the shell's status line.
    pub fn say(&self, text: String, refused: bool) {
        self.flash.set(Some(Flash { text, refused, waiting: false }));
    }

    /// Says a change was kept and waits for the server; the engine clears it once sent.
    pub fn say_waiting(&self, text: String) {
        self.flash.set(Some(Flash { text, refused: false, waiting: true }));
    }

    pub async fn save_settings(&self, settings: Settings) -> Result<(), StoreError> {
        self.store().set_settings(&settings).await?;
        self.settings.set(settings);
        Ok(())
    }

    pub async fn save_profile(&self, profile: Profile) -> Result<(), StoreError> {
        self.store().set_profile(&profile).await?;
        self.profile.set(Some(profile));
        Ok(())
    }

    /// Reads everything again after the whole store changed (restore, reset, demo).
    pub async fn reload(&self) -> Result<(), StoreError> {
        let store = self.store();
        self.community.set(store.community().await?);
        self.profile.set(store.profile().await?);
        self.settings.set(store.settings().await?);
        self.refresh_sync().await;
        self.changed();
        Ok(())
    }

    /// Reads the link and how many changes wait again.
    pub async fn refresh_sync(&self) {
        self.connection.refresh(&*self.store()).await;
    }
}

pub fn use_hall() -> Hall {
    expect_context::<Hall>()
}
