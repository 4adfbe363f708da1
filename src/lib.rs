//! 百姓议事厅, the residents' discussion hall: a phone-first, Chinese-first Leptos app.
//!
//! The rules come from `yishiting-domain`; this crate holds the screens.

mod app;
#[cfg(target_arch = "wasm32")]
mod background;
pub mod clock;
mod components;
pub mod connection;
mod device;
mod hall;
pub mod json;
mod kept;
#[cfg(feature = "split")]
mod lazy;
pub mod messages;
mod routes;
pub mod storage;
pub mod sync;

pub use app::App;

/// Mounts the app on the document body; called once from `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
