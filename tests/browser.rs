//! The app in a real browser: mounted into a page of headless Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::wasm_bindgen::JsCast;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_app() -> web_sys::HtmlElement {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let root: web_sys::HtmlElement =
        document.create_element("div").expect("div").dyn_into().expect("an HTML element");
    document.body().expect("a body").append_child(&root).expect("attach");
    let handle = leptos::mount::mount_to(root.clone(), yishiting::App);
    // Keep the app mounted for the rest of the test binary.
    std::mem::forget(handle);
    root
}

/// Resolves after `ms` milliseconds, letting the app's scheduled work run.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits up to two seconds for `selector` to match at least `count` elements under `root`.
async fn wait_for(root: &web_sys::HtmlElement, selector: &str, count: u32) -> web_sys::NodeList {
    for _ in 0..100 {
        let found = root.query_selector_all(selector).expect("a valid selector");
        if found.length() >= count {
            return found;
        }
        sleep(20).await;
    }
    panic!("{selector}: fewer than {count} after 2 s; page text: {:?}", root.text_content());
}

#[wasm_bindgen_test]
async fn a_first_run_asks_to_create_a_community() {
    let root = mount_app();
    wait_for(&root, "form input[name=community]", 1).await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("百姓议事厅"), "page text: {text}");
    assert!(text.contains("创建我们的小区"), "page text: {text}");
    let status = root.query_selector("[role=status]").expect("query").expect("a status element");
    let status_text = status.text_content().unwrap_or_default();
    assert!(status_text == "在线" || status_text == "离线", "status: {status_text}");
    let nav = root.query_selector_all("nav.bottom a").expect("query");
    assert_eq!(nav.length(), 3);
}
