//! When the sync engine runs, for the life of the page: at start, when the network returns,
//! when the page is shown again, after every change (a kick), and on the [`Pacer`]'s timer,
//! which backs off while the server cannot be reached. Browser only. The round itself is
//! `crate::sync`'s, reached through `crate::lazy` in the release build (its own chunk).

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::wasm_bindgen::closure::Closure;

use crate::connection::Phase;
use crate::hall::Hall;
use crate::sync::Failure;
use crate::sync::engine::Pacer;

/// Runs the engine for the life of the page.
pub fn start(hall: Hall) {
    let connection = hall.connection();

    let kick = move || connection.sync_soon();
    for event in ["online", "offline"] {
        let listener = Closure::<dyn Fn()>::new(move || {
            connection.online.set(navigator_online());
            kick();
        });
        if let Some(window) = web_sys::window() {
            let _ =
                window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        listener.forget();
    }
    let visible = Closure::<dyn Fn()>::new(move || {
        let shown = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        if shown {
            kick();
        }
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ = document
            .add_event_listener_with_callback("visibilitychange", visible.as_ref().unchecked_ref());
    }
    visible.forget();
    connection.online.set(navigator_online());
    leptos::task::spawn_local(run_loop(hall));
}

fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// One round as the engine runs it. In the release build its code is a chunk of its own
/// (`crate::lazy::sync_round`): a chunk that cannot be fetched fails as the network does, and
/// is tried again as it would be.
#[cfg(feature = "split")]
async fn round(hall: Hall) -> Result<(), Failure> {
    match crate::lazy::sync_round(hall).await {
        Ok(round) => round.await,
        Err(_) => Err(Failure::Network),
    }
}

#[cfg(not(feature = "split"))]
async fn round(hall: Hall) -> Result<(), Failure> {
    crate::sync::sync_once(&hall).await
}

/// Syncs, then waits for a kick (which ends the wait at once) or the time the
/// [`Pacer`] gives: the period, or after a failure a pause that doubles up to
/// [`crate::sync::engine::MAX_BACKOFF_SECS`], spread at random.
async fn run_loop(hall: Hall) {
    let connection = hall.connection();
    let mut pacer = Pacer::default();
    loop {
        let random = crate::device::random_u32();
        let linked = connection.link.get_untracked().is_some();
        let wait = if linked && connection.online.get_untracked() {
            connection.phase.set(Phase::Syncing);
            let outcome = round(hall).await;
            match &outcome {
                Ok(()) => {
                    connection.phase.set(Phase::Idle);
                    // "待同步" said of a change is no longer true once everything is sent.
                    if connection.pending.get_untracked() == 0
                        && hall.flash.read_untracked().as_ref().is_some_and(|f| f.waiting)
                    {
                        hall.flash.set(None);
                    }
                }
                Err(Failure::Unauthorized) => connection.phase.set(Phase::SignInNeeded),
                Err(failure) => connection.phase.set(Phase::Failed(failure.message())),
            }
            pacer.after(&outcome, random)
        } else {
            pacer.now(random)
        };
        connection.wait_for_kick(wait).await;
    }
}
