//! The contact guard (§5.3, §5.6) for JavaScript: its own WebAssembly module, apart from the
//! fast engine (`pkg/`), so the checks that run on every page and every pause in typing do
//! not load the roster's hashing and profile reading. The service worker instantiates it the
//! first time a person is checked, from the parts of the policy the fast engine validated.
//!
//! Values cross as plain JSON-compatible objects; their TypeScript types are the engine's
//! (`src/wasm/types.d.ts`, generated from the Rust types).

use safepost::contact::date::parse_iso_date;
use safepost::contact::roster::RosterValue;
use safepost::contact::{person_forms, ContactChecker};
use safepost::js_convert::{from_js_or_default, to_js, JsResult};
use safepost::{AccountKind, Person};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../../src/wasm/types.d.ts");

/// The contact checker for one policy.
#[wasm_bindgen]
pub struct SafePostContact {
    checker: ContactChecker,
}

#[wasm_bindgen]
impl SafePostContact {
    /// A checker for a policy's `roster` (`null` for none) and the names of its academies.
    /// Throws an Error listing every problem when the roster is not valid (the fast engine's
    /// `validatePolicy` reports them with their paths first).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RosterValue | null")] roster: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] academies: JsValue,
    ) -> JsResult<SafePostContact> {
        let roster: Option<RosterValue> = from_js_or_default(&roster, "the roster")?;
        let academies: Vec<String> = from_js_or_default(&academies, "the academies")?;
        let checker = ContactChecker::new(roster.as_ref(), academies.iter().map(String::as_str))
            .map_err(|problems| {
                let lines: Vec<String> = problems
                    .iter()
                    .map(|(p, m)| format!("roster.{p}: {m}"))
                    .collect();
                JsError::new(&format!("the roster is not valid: {}", lines.join("; ")))
            })?;
        Ok(SafePostContact { checker })
    }

    /// Whether a person is a pupil, a former pupil under 18 or a parent (§5.3, §5.6), for
    /// contact from an account of this kind (`"personal"`, `"official"` or `"unknown"`) on
    /// `today` (`YYYY-MM-DD`; the device's local date when left out).
    #[wasm_bindgen(js_name = checkPerson, unchecked_return_type = "PersonVerdict")]
    pub fn check_person(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Person")] person: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AccountKind | undefined")] account: JsValue,
        today: Option<String>,
    ) -> JsResult<JsValue> {
        let person: Person = from_js_or_default(&person, "the person's fields")?;
        let account: AccountKind = from_js_or_default(&account, "the account kind")?;
        let today = date_or_today(today.as_deref())?;
        Ok(to_js(&self.checker.check(&person, account, today)))
    }

    /// [`SafePostContact::check_person`] for a list of people (a page of suggestions or
    /// requests), in one call: one verdict each, in order.
    #[wasm_bindgen(js_name = checkPeople, unchecked_return_type = "PersonVerdict[]")]
    pub fn check_people(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Person[]")] people: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AccountKind | undefined")] account: JsValue,
        today: Option<String>,
    ) -> JsResult<JsValue> {
        let people: Vec<Person> = from_js_or_default(&people, "the people")?;
        let account: AccountKind = from_js_or_default(&account, "the account kind")?;
        let today = date_or_today(today.as_deref())?;
        let verdicts: Vec<_> = people
            .iter()
            .map(|person| self.checker.check(person, account, today))
            .collect();
        Ok(to_js(&verdicts))
    }
}

/// The normalised name forms of a person (display name and handle), as the roster
/// compares them: what "They are family" remembers, hashed on the device.
#[wasm_bindgen(js_name = nameForms, unchecked_return_type = "string[]")]
pub fn name_forms(
    #[wasm_bindgen(unchecked_param_type = "Person")] person: JsValue,
) -> JsResult<JsValue> {
    let person: Person = from_js_or_default(&person, "the person's fields")?;
    Ok(to_js(&person_forms(&person)))
}

/// `YYYY-MM-DD`, or the device's local date.
fn date_or_today(text: Option<&str>) -> JsResult<time::Date> {
    match text {
        Some(text) => parse_iso_date(text).ok_or_else(|| {
            JsError::new(&format!(
                "expected a date such as 2026-12-03, found \"{text}\""
            ))
        }),
        None => {
            let now = js_sys::Date::new_0();
            let month = time::Month::try_from(now.get_month() as u8 + 1)
                .map_err(|e| JsError::new(&e.to_string()))?;
            time::Date::from_calendar_date(now.get_full_year() as i32, month, now.get_date() as u8)
                .map_err(|e| JsError::new(&e.to_string()))
        }
    }
}
