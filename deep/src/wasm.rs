//! The JavaScript face of the deeper check (`pkg-deep/`), used by the extension's service worker.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::{merge, CheckOptions, DeepChecker, DeepFinding, FastSpan};

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn from_js<T: for<'de> Deserialize<'de>>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct JsOptions {
    official: bool,
    no_words: bool,
    categories: std::collections::BTreeMap<String, String>,
}

/// A JavaScript `Uint8Array` read as a file: each read copies only the bytes asked for, so the
/// model's 25 MB are never copied whole into WebAssembly's memory, which would keep the space
/// after loading (it never shrinks).
struct JsBytes {
    array: js_sys::Uint8Array,
    at: u64,
}

impl std::io::Read for JsBytes {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let length = u64::from(self.array.length());
        let start = self.at.min(length);
        let end = (start + buf.len() as u64).min(length);
        let n = (end - start) as usize;
        // u32 offsets: `length` is a u32, so start and end fit.
        self.array
            .subarray(start as u32, end as u32)
            .copy_to(&mut buf[..n]);
        self.at = end;
        Ok(n)
    }
}

impl std::io::Seek for JsBytes {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let length = i128::from(self.array.length());
        let at = match to {
            std::io::SeekFrom::Start(n) => i128::from(n),
            std::io::SeekFrom::End(n) => length + i128::from(n),
            std::io::SeekFrom::Current(n) => i128::from(self.at) + i128::from(n),
        };
        if at < 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a seek before the start of the model file",
            ));
        }
        self.at = at as u64;
        Ok(self.at)
    }
}

#[wasm_bindgen]
pub struct SafePostDeep {
    checker: DeepChecker,
}

#[wasm_bindgen]
impl SafePostDeep {
    /// Reads the model file (the bytes of `model/a2-minilm-q8.gguf`, a `Uint8Array` or the
    /// `ArrayBuffer` a fetch gives), tensor by tensor from the JavaScript array (buffered: the
    /// file's header is many small reads). Anything else is a clear error, not a failed read.
    #[wasm_bindgen(constructor)]
    pub fn new(model: &JsValue) -> Result<SafePostDeep, JsError> {
        let array = if let Some(array) = model.dyn_ref::<js_sys::Uint8Array>() {
            array.clone()
        } else if let Some(buffer) = model.dyn_ref::<js_sys::ArrayBuffer>() {
            js_sys::Uint8Array::new(buffer)
        } else {
            return Err(JsError::new(&format!(
                "the deeper check's model must be the model file's bytes (a Uint8Array or an ArrayBuffer), not {}",
                model.js_typeof().as_string().unwrap_or_default()
            )));
        };
        let bytes = JsBytes { array, at: 0 };
        DeepChecker::read(&mut std::io::BufReader::with_capacity(1 << 16, bytes))
            .map(|checker| SafePostDeep { checker })
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// `{findings, read_bytes, windows}` for a draft. Options: `{official, noWords,
    /// categories}` (`categories`: IT's settings, category → off / low / medium / high).
    pub fn check(&self, text: &str, options: JsValue) -> Result<JsValue, JsError> {
        let o: JsOptions = if options.is_undefined() || options.is_null() {
            JsOptions::default()
        } else {
            from_js(options, "options")?
        };
        let options = CheckOptions {
            official: o.official,
            no_words: o.no_words,
            categories: o.categories,
        };
        to_js(
            &self
                .checker
                .check(text, &options)
                .map_err(|e| JsError::new(&e.to_string()))?,
        )
    }

    /// The words that drove a finding (`[{text, start, end, start16, end16, weight}]`), named on
    /// request: `family` and the finding's span in UTF-16 code units (`start16`, `end16`).
    pub fn words(
        &self,
        text: &str,
        family: &str,
        start16: usize,
        end16: usize,
    ) -> Result<JsValue, JsError> {
        let byte = |at16: usize| {
            crate::windows::utf16_to_byte(text, at16).ok_or_else(|| {
                JsError::new(&format!("{start16}..{end16} is not a span of the draft"))
            })
        };
        let (start, end) = (byte(start16)?, byte(end16)?);
        to_js(
            &self
                .checker
                .words(text, family, start, end)
                .map_err(|e| JsError::new(&e.to_string()))?,
        )
    }

    /// Each text's scores per family (the order of `families()`), for parity tests.
    pub fn scores(&self, texts: Vec<String>) -> Result<JsValue, JsError> {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        to_js(
            &self
                .checker
                .scores(&refs)
                .map_err(|e| JsError::new(&e.to_string()))?,
        )
    }

    /// The families, with their clauses, messages and thresholds.
    pub fn families(&self) -> Result<JsValue, JsError> {
        to_js(&self.checker.families())
    }

    /// The deep findings that the fast findings do not already say (see `merge`).
    pub fn merge(fast: JsValue, deep: JsValue) -> Result<JsValue, JsError> {
        let fast: Vec<FastSpan> = from_js(fast, "fast findings")?;
        let deep: Vec<DeepFinding> = from_js(deep, "deep findings")?;
        to_js(&merge(&fast, deep))
    }
}
