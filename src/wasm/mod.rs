//! The JavaScript face of the engine: the only module that knows about wasm-bindgen.
//! Values cross as plain JSON-compatible objects whose TypeScript types are generated
//! from the Rust types (`types.d.ts`, see `src/ts_types.rs`).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::content::check::{Checked, RuleName};
use crate::{Catalogue, CheckContext, ContentCategory, Engine, PageSignals, Policy, Severity};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

use crate::js_convert::{from_js_or_default, to_js, to_json, JsResult};

/// The policy engine, built once from a policy.
#[wasm_bindgen]
pub struct SafePost {
    engine: Engine,
    /// The fixed strings of findings (clauses, message templates, notes, rule ids) that
    /// JavaScript already holds, by id (see [`StringId`]).
    sent: RefCell<Vec<bool>>,
    /// The last result's numbers and text buffers, for the next one.
    spare: RefCell<(Vec<u32>, String)>,
    /// JavaScript's copies of them, by id.
    strings: js_sys::Array,
}

#[wasm_bindgen]
impl SafePost {
    /// An engine for an IT policy object; keys it leaves out keep the embedded default's
    /// value. Throws an Error listing every problem when the policy is invalid (call
    /// `validatePolicy` to get them as data).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "PolicyInput")] policy: JsValue,
    ) -> JsResult<SafePost> {
        let value = to_json(&policy, "the policy")?;
        Policy::from_json_value(&value, &Policy::embedded_default(), Catalogue::embedded())
            .map(|policy| SafePost::from_engine(Engine::new(policy)))
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// An engine for the Trust's Policy A2 as shipped.
    #[wasm_bindgen(js_name = withDefaultPolicy)]
    pub fn with_default_policy() -> SafePost {
        SafePost::from_engine(Engine::with_default_policy())
    }

    /// The verdict on a URL. Throws for a URL that cannot be read.
    #[wasm_bindgen(js_name = checkUrl, unchecked_return_type = "SiteVerdict")]
    pub fn check_url(&self, url: &str) -> JsResult<JsValue> {
        let verdict = self
            .engine
            .check_url(url)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(to_js(&verdict))
    }

    /// The verdict on a page, using its signals to recognise self-hosted social software.
    #[wasm_bindgen(js_name = checkPage, unchecked_return_type = "SiteVerdict")]
    pub fn check_page(
        &self,
        url: &str,
        #[wasm_bindgen(unchecked_param_type = "PageSignals")] signals: JsValue,
    ) -> JsResult<JsValue> {
        let signals: PageSignals = from_js_or_default(&signals, "the page signals")?;
        let verdict = self
            .engine
            .check_page(url, &signals)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(to_js(&verdict))
    }

    /// The verdict on a catalogue platform as such, or `undefined` for an unknown id.
    #[wasm_bindgen(js_name = platformVerdict, unchecked_return_type = "SiteVerdict | undefined")]
    pub fn platform_verdict(&self, platform_id: &str) -> JsValue {
        self.engine
            .platform_verdict(platform_id)
            .map_or(JsValue::UNDEFINED, |v| to_js(&v))
    }

    /// The policy in force, normalised.
    #[wasm_bindgen(unchecked_return_type = "Policy")]
    pub fn policy(&self) -> JsValue {
        to_js(self.engine.policy())
    }

    /// Every policy problem in a draft (§5.5, §5.6, §6.1), with spans in UTF-8 bytes and
    /// UTF-16 code units (`start16`/`end16` index JavaScript strings). Lone surrogates
    /// arrive as U+FFFD, one UTF-16 unit each, so the UTF-16 offsets still line up.
    #[wasm_bindgen(js_name = checkText, unchecked_return_type = "CheckResult")]
    pub fn check_text(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "CheckContext | undefined")] context: JsValue,
    ) -> JsResult<JsValue> {
        let context: CheckContext = from_js_or_default(&context, "the check context fields")?;
        let checked = self.engine.check_parts(text, &context);
        Ok(self.to_js_check_result(&checked))
    }

    /// The lesson going on at the device's local `date` (`YYYY-MM-DD`) and `minute` of the day
    /// under the policy's timetable (§5.3), or `null`: none, or no timetable.
    #[wasm_bindgen(js_name = lessonAt, unchecked_return_type = "LessonNow | null")]
    pub fn lesson_at(&self, date: &str, minute: u32) -> JsValue {
        self.engine
            .policy()
            .lesson_times
            .as_ref()
            .and_then(|t| t.lesson_at(date, minute))
            .map_or(JsValue::NULL, |now| to_js(&now))
    }

    /// `declarativeNetRequest` rules for block mode (none in warn mode).
    #[wasm_bindgen(js_name = blockRules, unchecked_return_type = "Rule[]")]
    pub fn block_rules(&self) -> JsValue {
        to_js(&self.engine.block_rules())
    }
}

#[wasm_bindgen(module = "/src/wasm/check_result.js")]
extern "C" {
    /// Builds the result object from the packed form that
    /// [`SafePost::to_js_check_result`] writes.
    #[wasm_bindgen(js_name = unpackCheckResult)]
    fn unpack_check_result(
        numbers: &[u32],
        text: &str,
        names: &JsValue,
        severities: u32,
        strings: &js_sys::Array,
    ) -> JsValue;
}

/// The id of a fixed string of findings, shared with `check_result.js`: the kind of
/// string in the low two bits, its index above them.
struct StringId;

impl StringId {
    fn clause(category: ContentCategory) -> usize {
        (category as usize) << 2
    }
    fn template(category: ContentCategory) -> usize {
        (category as usize) << 2 | 1
    }
    fn note(lowering: usize) -> usize {
        lowering << 2 | 2
    }
    fn rule(fixed: usize) -> usize {
        fixed << 2 | 3
    }
}

/// In the packed form, "no string" where an id could be.
const NONE: u32 = u32::MAX;

impl SafePost {
    fn from_engine(engine: Engine) -> SafePost {
        SafePost {
            engine,
            sent: RefCell::new(Vec::new()),
            spare: RefCell::new((Vec::new(), String::new())),
            strings: js_sys::Array::new(),
        }
    }

    /// A check result as the same plain object that JSON would give, built in JavaScript
    /// from one string and a few numbers per finding (see `check_result.js`). A finding's
    /// fixed strings travel once per engine; after that, only their ids.
    fn to_js_check_result(&self, checked: &Checked) -> JsValue {
        let mut packer = Packer {
            sent: &mut self.sent.borrow_mut(),
            definitions: Vec::new(),
            defined: String::new(),
            defined_units: 0,
        };
        let (mut numbers, mut own) = self.spare.take();
        numbers.clear();
        own.clear();
        numbers.reserve(3 + FIELDS * checked.parts.len());
        numbers.push(u32::from(checked.truncated));
        numbers.push(checked.text.len() as u32);
        // The findings' own pieces, after the definitions in the text.
        let mut units = 0usize;
        for part in &checked.parts {
            let clause = packer.define(StringId::clause(part.category), &part.text.clause);
            let template = packer.define(StringId::template(part.category), &part.text.message);
            let note = part
                .note
                .map_or(NONE, |(k, note)| packer.define(StringId::note(k), note));
            let (rule, rule_text) = match checked.rule_name(part) {
                RuleName::Fixed(i) => (
                    packer.define_with(StringId::rule(i), || checked.rule_id(part)),
                    String::new(),
                ),
                RuleName::Own(id) => (NONE, id),
            };
            let matched = checked.matched(part);
            // The preview is left out when it is the matched text itself (most often).
            let preview = crate::site::preview(matched.trim());
            let same = preview == matched;
            numbers.extend([
                part.category as u32,
                part.severity as u32,
                part.start as u32,
                part.end as u32,
                part.start16 as u32,
                part.end16 as u32,
                clause,
                template,
                note,
                rule,
                u32::from(same),
            ]);
            let preview = if same { "" } else { &preview };
            for piece in [matched, preview, part.what, &rule_text] {
                own.push_str(piece);
                units += utf16_len(piece);
                numbers.push(units as u32);
            }
        }
        let Packer {
            definitions,
            mut defined,
            ..
        } = packer;
        // [truncated, checked_bytes, count of definitions, their (id, end) pairs,
        // findings…]: the definitions are spliced in after the first two numbers.
        let count = definitions.len() as u32 / 2;
        numbers.splice(2..2, std::iter::once(count).chain(definitions));
        // Most results define nothing new: their own pieces are the whole text, uncopied.
        let text = if defined.is_empty() {
            own
        } else {
            defined.push_str(&own);
            defined
        };
        let result = NAMES.with(|(names, severities)| {
            unpack_check_result(&numbers, &text, names, *severities, &self.strings)
        });
        // The buffers serve the next result (not a huge draft's).
        if numbers.capacity() <= 1 << 12 && text.capacity() <= 1 << 16 {
            self.spare.replace((numbers, text));
        }
        result
    }
}

/// Numbers per finding in the packed form (see `check_result.js`).
const FIELDS: usize = 15;

/// The fixed strings that go with one result.
struct Packer<'s> {
    sent: &'s mut Vec<bool>,
    /// (id, end in UTF-16 code units) of each string defined in this result.
    definitions: Vec<u32>,
    defined: String,
    defined_units: usize,
}

impl Packer<'_> {
    /// The id of a fixed string, its text going along if JavaScript does not hold it yet.
    fn define(&mut self, id: usize, text: &str) -> u32 {
        self.define_with(id, || text.to_owned())
    }

    fn define_with(&mut self, id: usize, text: impl FnOnce() -> String) -> u32 {
        if self.sent.len() <= id {
            self.sent.resize(id + 1, false);
        }
        if !self.sent[id] {
            self.sent[id] = true;
            let text = text();
            self.defined.push_str(&text);
            self.defined_units += utf16_len(&text);
            self.definitions
                .extend([id as u32, self.defined_units as u32]);
        }
        id as u32
    }
}

thread_local! {
    /// The names of the categories (indexed by discriminant) and then of the severities,
    /// as JavaScript strings made once, and where the severities start.
    static NAMES: (JsValue, u32) = {
        let names = js_sys::Array::new();
        let add = |value: serde_json::Value| {
            names.push(&JsValue::from_str(value.as_str().unwrap_or_default()));
        };
        for (i, &category) in ContentCategory::ALL.iter().enumerate() {
            debug_assert_eq!(category as usize, i, "ContentCategory::ALL is in declaration order");
            add(serde_json::to_value(category).unwrap_or_default());
        }
        for severity in [Severity::Low, Severity::Medium, Severity::High] {
            add(serde_json::to_value(severity).unwrap_or_default());
        }
        (names.into(), ContentCategory::ALL.len() as u32)
    };
}

/// The length of a string in UTF-16 code units: one per character, two for a character
/// of four UTF-8 bytes.
fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
        .sum()
}

/// Every problem in an IT policy object; empty when it is valid.
#[wasm_bindgen(js_name = validatePolicy, unchecked_return_type = "PolicyProblem[]")]
pub fn validate_policy(policy: JsValue) -> JsValue {
    let problems = match to_json(&policy, "the policy") {
        Ok(value) => {
            Policy::from_json_value(&value, &Policy::embedded_default(), Catalogue::embedded())
                .err()
                .map(|e| e.problems)
                .unwrap_or_default()
        }
        Err(_) => vec![crate::PolicyProblem {
            path: String::new(),
            message: "expected a policy object, found a value that is not JSON".into(),
        }],
    };
    to_js(&problems)
}

/// The Trust's Policy A2 as shipped.
#[wasm_bindgen(js_name = defaultPolicy, unchecked_return_type = "Policy")]
pub fn default_policy() -> JsValue {
    to_js(&Policy::embedded_default())
}
