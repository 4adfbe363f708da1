//! Whether the device is online, always visible in the header.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::wasm_bindgen::closure::Closure;

use crate::messages::t;

/// Follows `navigator.onLine` and the window's online/offline events.
#[component]
pub(crate) fn ConnectionStatus() -> impl IntoView {
    let online = RwSignal::new(navigator_online());
    for (event, value) in [("online", true), ("offline", false)] {
        let listener = Closure::<dyn Fn()>::new(move || online.set(value));
        if let Some(window) = web_sys::window() {
            let _ =
                window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        // The shell lives as long as the page, so its listeners do too.
        listener.forget();
    }
    view! {
        <p class="status" class:status--offline=move || !online.get() role="status" aria-live="polite">
            {move || if online.get() { t().online } else { t().offline }}
        </p>
    }
}

fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}
