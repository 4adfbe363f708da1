//! JSON text, for backups and the sync protocol's bodies.
//!
//! In the browser it goes through the browser's own `JSON` and `serde-wasm-bindgen`, which
//! the store links already: a JSON library of our own would weigh some 35 KB gzip in the
//! first load. Natively (tests, lints) it is `serde_json`. Both write the same text, except
//! that the browser puts object keys that look like array indexes (a unit id `"1502"`) first,
//! as JavaScript orders them; the data read back is the same (tests/storage_idb.rs).

pub use imp::{Text, compact, parse, parse_text, pretty};

#[cfg(target_arch = "wasm32")]
mod imp {
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use wasm_bindgen::JsValue;
    use wasm_bindgen::prelude::wasm_bindgen;

    /// A body as the browser gave it: a JavaScript string, never copied into the app's memory
    /// (a pull page is read straight from it).
    pub type Text = js_sys::JsString;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
        fn parse_js(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
    }

    pub fn parse_text<T: DeserializeOwned>(text: &Text) -> Result<T, String> {
        let value = parse_js(text).map_err(|e| String::from(js_sys::Error::from(e).message()))?;
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }

    pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        let value = js_sys::JSON::parse(text)
            .map_err(|e| String::from(js_sys::Error::from(e).message()))?;
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }

    pub fn pretty<T: Serialize>(value: &T) -> Option<String> {
        // As JSON has it: maps as objects, `None` as `null`.
        let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
        js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from(2))
            .ok()?
            .as_string()
    }

    pub fn compact<T: Serialize>(value: &T) -> Option<String> {
        let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
        js_sys::JSON::stringify(&value).ok()?.as_string()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    pub type Text = String;

    pub fn parse_text<T: DeserializeOwned>(text: &Text) -> Result<T, String> {
        parse(text)
    }

    pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    pub fn pretty<T: Serialize>(value: &T) -> Option<String> {
        serde_json::to_string_pretty(value).ok()
    }

    pub fn compact<T: Serialize>(value: &T) -> Option<String> {
        serde_json::to_string(value).ok()
    }
}
