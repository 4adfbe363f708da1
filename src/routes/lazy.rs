//! The release build's lazy routes and the demo's split function (feature `split`; see
//! `crate::routes`). Each `#[wasm_split(chunk, ..)]` function is cut into the WebAssembly
//! chunk `chunk` by `scripts/wasm-split/`; calling it fetches that chunk first, once.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use yishiting_demo::Demo;
use yishiting_domain::Timestamp;

use crate::messages::t;

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

lazy_route!(MatterRoute, super::matter::MatterPage, matter_page, preload_matter_page);
lazy_route!(NoticeRoute, super::notice::NoticePage, notice_page, preload_notice_page);
lazy_route!(RegisterRoute, super::register::RegisterPage, register_page, preload_register_page);
lazy_route!(MeRoute, super::me::MePage, me_page, preload_me_page);

/// The demo community as it stands at `now`: its code and its texts are a chunk of their own.
#[wasm_split(demo, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_demo))]
pub fn demo_community(now: Timestamp) -> Result<Demo, SplitLoaderError> {
    Ok(yishiting_demo::community(now))
}

/// What a lazy route shows when its chunk could not be fetched (offline, and never stored).
fn not_loaded() -> AnyView {
    view! { <p class="error" role="alert">{t().page_not_loaded}</p> }.into_any()
}

/// Fetches every page's chunk, and the demo's when `demo`, one after the other: called once
/// the first screen is up, so that the whole app is in memory for the session, service worker
/// or not (WeChat's browser on iPhones has none). A failure is left for the page to meet.
pub async fn preload(demo: bool) {
    let _ = preload_matter_page().await;
    let _ = preload_notice_page().await;
    let _ = preload_me_page().await;
    let _ = preload_register_page().await;
    if demo {
        let _ = preload_demo().await;
    }
}
