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

#[wasm_bindgen]
pub struct SafePostDeep {
    checker: DeepChecker,
}

#[wasm_bindgen]
impl SafePostDeep {
    /// Reads the model file (the bytes of `model/a2-minilm-q8.gguf`).
    #[wasm_bindgen(constructor)]
    pub fn new(model: &[u8]) -> Result<SafePostDeep, JsError> {
        DeepChecker::load(model)
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
