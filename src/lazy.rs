//! What the release build (feature `split`, which index.html turns on) cuts off the first
//! load: each `#[wasm_split(chunk, ..)]` function below is cut, with the code only it uses,
//! into the WebAssembly chunk `chunk` by `scripts/wasm-split/`, and calling it fetches that
//! chunk first, once. Every page but the hall and the welcome (the matter page, its result
//! notice, the raise form, the register, "我的", sign-in) is a lazy route; loading the demo
//! community and a round of the sync engine are split functions.
//!
//! Once the first screen is up, [`preload`] fetches the chunks in the background, so that
//! the whole app is in memory for the session; a page opened before its chunk arrived
//! waits for it. A chunk that cannot be fetched (no network, and the service worker has not
//! stored it) leaves a message and the rest of the app working; opening the page again tries
//! again. Tests and lints build without `split`: plain routes and plain calls.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};

use crate::hall::Hall;
use crate::messages::t;
use crate::sync::Failure;

/// Declares `$route`, a route that shows `$page` from the chunk `$chunk`, and `$preload`,
/// which fetches that chunk without showing anything.
macro_rules! lazy_route {
    ($route:ident, $page:path, $chunk:ident, $preload:ident) => {
        #[derive(Debug)]
        pub struct $route;

        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                // Tried twice: the first try may meet a background fetch that the network
                // dropped; the second asks again (of the service worker, offline).
                let page = match $chunk().await {
                    Ok(page) => Ok(page),
                    Err(_) => $chunk().await,
                };
                page.unwrap_or_else(|_| not_loaded())
            }
        }

        #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
        fn $chunk() -> Result<AnyView, SplitLoaderError> {
            Ok($page().into_any())
        }
    };
}

lazy_route!(MatterRoute, crate::routes::matter::MatterPage, matter_page, preload_matter_page);
lazy_route!(NoticeRoute, crate::routes::notice::NoticePage, notice_page, preload_notice_page);
lazy_route!(
    RegisterRoute,
    crate::routes::register::RegisterPage,
    register_page,
    preload_register_page
);
lazy_route!(MeRoute, crate::routes::me::MePage, me_page, preload_me_page);
lazy_route!(SignInRoute, crate::routes::signin::SignInPage, signin_page, preload_signin_page);
lazy_route!(RaiseRoute, crate::routes::raise::RaisePage, raise_page, preload_raise_page);

/// Replaces the device's data with the demo community
/// ([`crate::routes::welcome::load_demo_community`]): the demo's code and texts, and the
/// restore, are a chunk of their own.
#[wasm_split(demo, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_demo))]
#[allow(clippy::type_complexity)]
pub fn load_demo(
    hall: Hall,
) -> Result<Pin<Box<dyn Future<Output = Result<(), String>>>>, SplitLoaderError> {
    Ok(Box::pin(async move { crate::routes::welcome::load_demo_community(&hall).await }))
}

/// A round of the sync engine ([`crate::sync::sync_once`]), whose code (push, pull, the
/// protocol's answers, what a pull writes) is a chunk of its own: only a device signed in to
/// a server runs it, and only online.
#[wasm_split(sync, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_sync))]
#[allow(clippy::type_complexity)]
pub fn sync_round(
    hall: Hall,
) -> Result<Pin<Box<dyn Future<Output = Result<(), Failure>>>>, SplitLoaderError> {
    Ok(Box::pin(async move { crate::sync::sync_once(&hall).await }))
}

/// What a lazy route shows when its chunk could not be fetched (offline, and never stored).
fn not_loaded() -> AnyView {
    view! { <p class="error" role="alert">{t().page_not_loaded}</p> }.into_any()
}

/// Fetches every chunk, the demo's only when `demo`, one after the other: called once the
/// first screen is up, so that the whole app is in memory for the session, service worker or
/// not (WeChat's browser on iPhones has none). A failure is left for the page to meet.
pub async fn preload(demo: bool) {
    let _ = preload_matter_page().await;
    let _ = preload_raise_page().await;
    let _ = preload_notice_page().await;
    let _ = preload_me_page().await;
    let _ = preload_register_page().await;
    let _ = preload_signin_page().await;
    let _ = preload_sync().await;
    if demo {
        let _ = preload_demo().await;
    }
}
