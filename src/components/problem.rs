//! The one place errors are shown: plain Chinese, announced to screen readers.

use leptos::prelude::*;

#[component]
pub fn Problem(message: RwSignal<Option<String>>) -> impl IntoView {
    move || message.get().map(|text| view! { <p class="error" role="alert">{text}</p> })
}
