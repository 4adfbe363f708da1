//! The app's shared state, provided once as a context: the device store and the community,
//! profile and settings it holds.

use std::rc::Rc;

use leptos::prelude::*;
use yishiting_domain::mutation::{Applied, Envelope, Mutation, Rejection};

use crate::storage::{Community, Link, Profile, Refused, Settings, Store, StoreError};
use crate::sync::Phase;

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

#[derive(Debug, Clone, Copy)]
pub struct Hall {
    store: StoredValue<Rc<DeviceStore>, LocalStorage>,
    /// Bumped after every write, so that what the screens read is read again.
    pub revision: RwSignal<u64>,
    /// Bumped after every sync round, whether or not it changed stored data: what screens
    /// read from the server itself (a vote's count) is read again.
    pub synced: RwSignal<u64>,
    /// Changes received so far by a pull that comes in more than one page (a first download);
    /// 0 when no such pull is under way. Shown on the status line.
    pub received: RwSignal<u64>,
    pub community: RwSignal<Option<Community>>,
    pub profile: RwSignal<Option<Profile>>,
    pub settings: RwSignal<Settings>,
    /// The outcome of the last action, shown by the shell so it survives the re-rendering of
    /// the screen that caused it.
    pub flash: RwSignal<Option<Flash>>,
    /// Whether the browser says it is online.
    pub online: RwSignal<bool>,
    /// The link to the community's server, when signed in.
    pub link: RwSignal<Option<Link>>,
    /// Changes waiting in the outbox.
    pub pending: RwSignal<Vec<crate::storage::Queued>>,
    /// Changes the server refused, with why.
    pub refused: RwSignal<Vec<Refused>>,
    pub phase: RwSignal<Phase>,
    /// The administrator's session, for the accounts page: in memory only, so closing or
    /// reloading the page signs the administrator out of it.
    pub admin: RwSignal<Option<crate::sync::AdminSession>>,
    /// Wakes the sync engine: set when kicked, taken by the engine's wait.
    wake: StoredValue<Wake, LocalStorage>,
}

#[derive(Debug, Default)]
struct Wake {
    kicked: bool,
    #[cfg(target_arch = "wasm32")]
    resolve: Option<js_sys::Function>,
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
        let (link, pending, refused) =
            (store.link().await?, store.outbox().await?, store.refused().await?);
        Ok(Hall {
            store: StoredValue::new_local(Rc::new(store)),
            revision: RwSignal::new(0),
            synced: RwSignal::new(0),
            received: RwSignal::new(0),
            community: RwSignal::new(community),
            profile: RwSignal::new(profile),
            settings: RwSignal::new(settings),
            flash: RwSignal::new(None),
            online: RwSignal::new(true),
            link: RwSignal::new(link),
            pending: RwSignal::new(crate::storage::waiting(pending)),
            refused: RwSignal::new(refused),
            phase: RwSignal::new(Phase::Idle),
            admin: RwSignal::new(None),
            wake: StoredValue::new_local(Wake::default()),
        })
    }

    pub fn store(&self) -> Rc<DeviceStore> {
        self.store.get_value()
    }

    /// Says that stored data changed.
    pub fn changed(&self) {
        self.revision.update(|r| *r += 1);
    }

    /// Says that a sync round ended (see [`Hall::synced`]).
    pub fn round_done(&self) {
        self.synced.update(|r| *r += 1);
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
            if self.link.get_untracked().is_some() {
                self.refresh_sync().await;
                self.sync_soon();
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

    /// Reads the link, the outbox and the refusals again.
    pub async fn refresh_sync(&self) {
        let store = self.store();
        if let (Ok(link), Ok(pending), Ok(refused)) =
            (store.link().await, store.outbox().await, store.refused().await)
        {
            self.link.set(link);
            self.pending.set(crate::storage::waiting(pending));
            self.refused.set(refused);
        }
    }

    /// Asks the sync engine to run now.
    pub fn sync_soon(&self) {
        self.wake.update_value(|wake| {
            wake.kicked = true;
            #[cfg(target_arch = "wasm32")]
            if let Some(resolve) = wake.resolve.take() {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        });
    }

    /// Waits `seconds`, or less if [`Hall::sync_soon`] is called meanwhile (or was called
    /// since the last wait).
    #[cfg(target_arch = "wasm32")]
    pub async fn wait_for_kick(&self, millis: u32) {
        let kicked = self.wake.try_update_value(|w| std::mem::take(&mut w.kicked)).unwrap_or(false);
        if kicked {
            return;
        }
        let wake = self.wake;
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            if let Some(window) = web_sys::window() {
                let millis = i32::try_from(millis).unwrap_or(i32::MAX);
                let _ =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
            }
            wake.update_value(|w| w.resolve = Some(resolve));
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        self.wake.update_value(|w| {
            w.kicked = false;
            w.resolve = None;
        });
    }
}

pub fn use_hall() -> Hall {
    expect_context::<Hall>()
}
