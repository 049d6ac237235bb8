//! Values between Rust and JavaScript for the WebAssembly modules (the fast engine's
//! `wasm/` and the contact module): plain JSON-compatible objects both ways. No exports of
//! its own, so a module that uses it carries only what it calls.

use serde::Serialize;
use wasm_bindgen::prelude::*;

pub type JsResult<T> = Result<T, JsError>;

/// Rust value → plain JS object (maps as objects, `None` as `null`).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}

/// Any JS value → JSON, through the browser's own `JSON.stringify`, so odd inputs
/// (cycles, functions, BigInts) become a clear error rather than a crash.
pub fn to_json(value: &JsValue, what: &str) -> JsResult<serde_json::Value> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| JsError::new(&format!("{what} is not a JSON value")))?;
    serde_json::from_str(&text).map_err(|e| JsError::new(&format!("{what} is not valid JSON: {e}")))
}

/// An optional argument: its default when `undefined` or `null`, else read as JSON.
pub fn from_js_or_default<T: serde::de::DeserializeOwned + Default>(
    value: &JsValue,
    what: &str,
) -> JsResult<T> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value(to_json(value, what)?)
        .map_err(|e| JsError::new(&format!("{what} are not in the expected shape: {e}")))
}
