//! The device's connection to its community's server, as the screens see it: whether the
//! browser is online, the link, how many changes wait, what the engine is doing (the changes
//! themselves, and what the server refused, the pages read from the store). A context of its own ([`use_connection`]), beside the hall's data
//! ([`crate::hall::Hall`]); the sync engine writes it, the status line and the account panel
//! read it.

use leptos::prelude::*;

use crate::storage::{Link, Queued, Refused, Store};

/// What the engine is doing, for the status line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    Idle,
    Syncing,
    /// The token was refused: the person must sign in again (queued changes wait).
    SignInNeeded,
    /// The last attempt failed; it is retried after a pause.
    Failed(String),
}

/// What waits for the server and what it refused, as read from the store.
pub type Outbox = Result<(Vec<Queued>, Vec<Refused>), crate::storage::StoreError>;

#[derive(Debug, Clone, Copy)]
pub struct Connection {
    /// Whether the browser says it is online.
    pub online: RwSignal<bool>,
    /// The link to the community's server, when signed in.
    pub link: RwSignal<Option<Link>>,
    /// How many changes wait in the outbox (acknowledged ones aside).
    pub pending: RwSignal<usize>,
    pub phase: RwSignal<Phase>,
    /// Changes received so far by a pull that comes in more than one page (a first download);
    /// 0 when no such pull is under way. Shown on the status line.
    pub received: RwSignal<u64>,
    /// Bumped after every sync round, whether or not it changed stored data: what screens
    /// read from the server itself (a vote's count) is read again.
    pub synced: RwSignal<u64>,
    /// Wakes the sync engine: set when kicked, taken by the engine's wait.
    wake: StoredValue<Wake, LocalStorage>,
}

#[derive(Debug, Default)]
struct Wake {
    kicked: bool,
    #[cfg(target_arch = "wasm32")]
    resolve: Option<js_sys::Function>,
}

impl Connection {
    pub fn new(link: Option<Link>, pending: usize) -> Connection {
        Connection {
            online: RwSignal::new(true),
            link: RwSignal::new(link),
            pending: RwSignal::new(pending),
            phase: RwSignal::new(Phase::Idle),
            received: RwSignal::new(0),
            synced: RwSignal::new(0),
            wake: StoredValue::new_local(Wake::default()),
        }
    }

    /// Reads the link and how many changes wait again.
    pub async fn refresh(&self, store: &impl Store) {
        if let (Ok(link), Ok(pending)) = (store.link().await, store.waiting().await) {
            self.link.set(link);
            self.pending.set(pending);
        }
    }

    /// The changes that wait (acknowledged ones aside) and the refusals, read from `hall`'s
    /// store again whenever either may have changed: for the pages that list them (their code,
    /// which reads every kind of change, is not in the first load). An error when the outbox
    /// cannot be read (a later build's change in it): nothing is then said to be counted.
    pub fn outbox(&self, hall: crate::hall::Hall) -> LocalResource<Outbox> {
        let (pending, synced) = (self.pending, self.synced);
        LocalResource::new(move || {
            pending.track();
            synced.track();
            hall.revision.track();
            let store = hall.store();
            async move {
                let waiting = crate::storage::waiting(store.outbox().await?);
                Ok((waiting, store.refused().await?))
            }
        })
    }

    /// Says that a sync round ended (see [`Connection::synced`]).
    pub fn round_done(&self) {
        self.synced.update(|r| *r += 1);
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

    /// Waits `millis`, or less if [`Connection::sync_soon`] is called meanwhile (or was
    /// called since the last wait).
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

pub fn use_connection() -> Connection {
    expect_context::<Connection>()
}
