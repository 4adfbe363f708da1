//! The screens, one a file.
//!
//! In the release build (feature `split`, which index.html turns on) the matter page, its
//! result notice, the register and "我的" are lazy routes, and the demo community a split
//! function (`lazy`): `scripts/wasm-split/` cuts the code only they use off the first load
//! into WebAssembly chunks. Once the first screen is up, `lazy::preload` fetches them in the
//! background, so the whole app is in memory for the session; a page opened before its
//! chunk arrived waits for it. A chunk that cannot be fetched (no network, and the service
//! worker has not stored it) leaves a message and the rest of the app working; opening the
//! page again tries again. Tests and lints build without `split`: plain routes.

pub mod hall;
#[cfg(feature = "split")]
pub mod lazy;
pub mod matter;
pub mod me;
pub mod notice;
pub mod raise;
pub mod register;
pub mod signin;
pub mod welcome;
