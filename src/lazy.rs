//! What the release build (feature `split`, which index.html turns on) cuts off the first
//! load: the functions marked `#[wasm_split(chunk, ..)]` below are cut, with the code only
//! they use, into the WebAssembly chunk `chunk` by `scripts/wasm-split/`, and calling one
//! fetches its chunk first, once. Every page but the hall and the welcome (the matter page,
//! its result notice, the raise form, the register, "我的", sign-in, the administrator's,
//! meetings and their minutes) is a lazy route, all of
//! them in one chunk, `pages`; loading the demo community and a round of the sync engine are
//! chunks of their own. (One chunk a page made 62 files, 42 of them fetched and instantiated
//! for a matter page opened from a shared link, and more bytes in all.)
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

/// Declares `$route`, a route that shows `$page` through the split function `$split`, and
/// `$preload` when given, which fetches the pages' chunk without showing anything.
macro_rules! lazy_route {
    ($route:ident, $page:path, $split:ident $(, $preload:ident)?) => {
        #[derive(Debug)]
        pub struct $route;

        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                // Tried twice: the first try may meet a background fetch that the network
                // dropped; the second asks again (of the service worker, offline).
                let page = match $split().await {
                    Ok(page) => Ok(page),
                    Err(_) => $split().await,
                };
                page.unwrap_or_else(|_| not_loaded())
            }
        }

        #[wasm_split(pages, wasm_split_path = ::leptos::wasm_split, fallible $(, preload($preload))?)]
        fn $split() -> Result<AnyView, SplitLoaderError> {
            Ok($page().into_any())
        }
    };
}

lazy_route!(MatterRoute, crate::routes::matter::MatterPage, matter_page, preload_pages);
lazy_route!(NoticeRoute, crate::routes::notice::NoticePage, notice_page);
lazy_route!(RaiseRoute, crate::routes::raise::RaisePage, raise_page);
lazy_route!(RegisterRoute, crate::routes::register::RegisterPage, register_page);
lazy_route!(MeRoute, crate::routes::me::MePage, me_page);
lazy_route!(SignInRoute, crate::routes::signin::SignInPage, signin_page);
lazy_route!(AdminRoute, crate::routes::admin::AdminPage, admin_page);
lazy_route!(MeetingsRoute, crate::routes::meetings::MeetingsPage, meetings_page);
lazy_route!(MeetingRoute, crate::routes::meeting::MeetingPage, meeting_page);
lazy_route!(MinutesRoute, crate::routes::minutes::MinutesPage, minutes_page);
lazy_route!(DoorsRoute, crate::routes::doors::DoorsPage, doors_page);
lazy_route!(MeetingDoorsRoute, crate::routes::doors::MeetingDoorsPage, meeting_doors_page);
lazy_route!(SheetsRoute, crate::routes::sheets::SheetsPage, sheets_page);

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

/// Moves a V4 database's records into the journal
/// ([`crate::storage::idb::migrate::from_v4`]): it reads every kind of record, once in a
/// device's life, so it is a chunk of its own rather than part of the first load.
#[wasm_split(store, wasm_split_path = ::leptos::wasm_split, fallible)]
#[allow(clippy::type_complexity)]
pub fn move_v4(
    db: indexed_db_futures::database::Database,
) -> Result<Pin<Box<dyn Future<Output = Result<(), crate::storage::StoreError>>>>, SplitLoaderError>
{
    Ok(Box::pin(async move { crate::storage::idb::migrate::from_v4(&db).await }))
}

/// Reads a QR code in a greyscale frame ([`crate::components::scan::decode`]): the QR reader
/// (`rqrr`) is a chunk of its own, fetched when a camera is first opened to scan.
#[wasm_split(qr_read, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_qr_read))]
pub fn read_qr(frame: crate::components::scan::Frame) -> Result<Option<String>, SplitLoaderError> {
    Ok(frame.decode())
}

/// Draws QR codes as SVG ([`crate::components::scan::svgs`]): the encoder (`qrcode`) is a
/// chunk of its own, fetched when paper sheets are printed.
#[wasm_split(qr_draw, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn draw_qr(texts: Vec<String>) -> Result<Vec<String>, SplitLoaderError> {
    Ok(crate::components::scan::svgs(&texts))
}

/// What a lazy route shows when its chunk could not be fetched (offline, and never stored).
fn not_loaded() -> AnyView {
    view! { <p class="error" role="alert">{t().page_not_loaded}</p> }.into_any()
}

/// Fetches every chunk, the demo's only when `demo`, one after the other: called once the
/// first screen is up, so that the whole app is in memory for the session, service worker or
/// not (WeChat's browser on iPhones has none). A failure is left for the page to meet.
pub async fn preload(demo: bool) {
    let _ = preload_pages().await;
    let _ = preload_sync().await;
    if demo {
        let _ = preload_demo().await;
    }
}
