//! Reading JavaScript values in the wasm-bindgen tests of both modules.

use js_sys::{Reflect, JSON};
use wasm_bindgen::JsValue;

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

pub fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

pub fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}
