//! What the app asks of the browser: the clock, random ids, files in and out.

use yishiting_domain::{EntityId, Timestamp};

/// Now, from the browser's clock.
#[allow(clippy::cast_possible_truncation)]
pub fn now() -> Timestamp {
    // Milliseconds since the epoch fit an i64 exactly; the float has no fraction to lose.
    Timestamp(js_sys::Date::now() as i64)
}

/// A fresh id from the browser's cryptographic random source.
pub fn new_id() -> EntityId {
    EntityId::from_random_bytes(random_bytes())
}

/// A random number, to spread retries (not a secret).
#[cfg(target_arch = "wasm32")]
pub fn random_u32() -> u32 {
    let [a, b, c, d, ..] = random_bytes();
    u32::from_le_bytes([a, b, c, d])
}

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No crypto (a very old browser): the clock and Math.random still make collisions
        // between one community's devices vanishingly unlikely.
        #[allow(clippy::cast_possible_truncation, clippy::float_arithmetic, clippy::cast_sign_loss)]
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = ((js_sys::Math::random() * 256.0) as u8) ^ (now().0 >> (i % 8)) as u8;
        }
    }
    bytes
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let fail = |_| "无法生成下载文件".to_owned();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("无法访问页面")?;
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.dyn_into().map_err(|_| "无法生成链接")?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url).map_err(fail)?;
    Ok(())
}

/// The bytes of the first file chosen in a file input.
pub async fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
) -> Result<Option<(String, Vec<u8>)>, String> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else { return Ok(None) };
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "无法读取文件".to_owned())?;
    Ok(Some((file.name(), js_sys::Uint8Array::new(&buffer).to_vec())))
}

/// A time as a `datetime-local` input shows it, in the browser's time zone: `2026-11-23T09:30`.
#[allow(clippy::cast_precision_loss, clippy::float_arithmetic)]
pub fn local_input_value(at: Timestamp) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// Reads a `datetime-local` input's value (browser time zone).
#[allow(clippy::cast_possible_truncation)]
pub fn parse_local_input(value: &str) -> Option<Timestamp> {
    if value.trim().is_empty() {
        return None;
    }
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    (!ms.is_nan()).then_some(Timestamp(ms as i64))
}

/// `text` in lower case, for searching. In the browser this is JavaScript's `toLowerCase`, the
/// same Unicode mapping as `str::to_lowercase` without the 14 KB of case tables it would add
/// to the WebAssembly.
#[cfg(target_arch = "wasm32")]
pub fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// Natively (tests) it is `str::to_lowercase`.
#[cfg(not(target_arch = "wasm32"))]
pub fn lowercase(text: &str) -> String {
    text.to_lowercase()
}

/// Opens the browser's print dialog (the page's print CSS decides what is printed).
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Asks the person to confirm; `false` when there is no window to ask in.
pub fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}
