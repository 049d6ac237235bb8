//! The contact module's JavaScript bindings, run in headless Chromium by wasm-bindgen-test
//! (`scripts/test.sh` runs them; see the README).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use safepost_contact::{name_forms, SafePostContact};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../../tests/common/js.rs"]
mod js;
use js::{get, json, text};

/// A roster with one pupil, Chloe Smith, and one parent, Dan Smith, at Oak Primary Academy.
fn roster() -> JsValue {
    use safepost::contact::roster::{encode_hash, encode_key, name_hash, ROSTER_FORMAT};
    let key = [7u8; 32];
    json(&format!(
        r#"{{"format": "{ROSTER_FORMAT}", "key": "{}", "built": "2026-12-03",
             "academies": [{{"name": "Oak Primary Academy", "pupils": ["{}"], "parents": ["{}"]}}]}}"#,
        encode_key(&key),
        encode_hash(&name_hash(&key, "chloesmith")),
        encode_hash(&name_hash(&key, "dansmith")),
    ))
}

#[wasm_bindgen_test]
fn people_are_checked_against_the_roster_and_their_profile() {
    let engine = SafePostContact::new(roster(), json(r#"["Elm Academy"]"#)).unwrap();
    let v = engine
        .check_person(
            json(r#"{"name": "Chloé SMITH"}"#),
            "personal".into(),
            Some("2026-12-03".into()),
        )
        .unwrap();
    assert_eq!(text(&v, "relation"), "pupil");
    assert_eq!(get(&v, "warn"), JsValue::TRUE);
    assert_eq!(text(&v, "clause"), "5.6");
    assert_eq!(text(&v, "severity"), "high");
    assert!(text(&v, "message").contains("Oak Primary Academy"));
    // From an official account a parent is not warned about (§5.3); the date defaults to today.
    let v = engine
        .check_person(json(r#"{"handle": "@dan.smith"}"#), "official".into(), None)
        .unwrap();
    assert_eq!(text(&v, "relation"), "parent");
    assert_eq!(get(&v, "warn"), JsValue::FALSE);
    // A page of people in one call, in order; a lone surrogate is only a U+FFFD.
    let lone = String::from_utf16_lossy(&[0xD800]);
    let people = Array::new();
    people.push(&json(r#"{"name": "Ann Other"}"#));
    people.push(&json(r#"{"bio": "Year 9 at Elm High"}"#));
    let odd = Object::new();
    Reflect::set(&odd, &"name".into(), &format!("Chloe{lone} Smith").into()).unwrap();
    people.push(&odd);
    let verdicts = Array::from(
        &engine
            .check_people(people.into(), JsValue::UNDEFINED, None)
            .unwrap(),
    );
    assert_eq!(verdicts.length(), 3);
    assert_eq!(text(&verdicts.get(0), "relation"), "none");
    assert_eq!(text(&verdicts.get(1), "relation"), "pupil_elsewhere");
    assert_eq!(text(&verdicts.get(1), "severity"), "medium");
    assert_eq!(text(&verdicts.get(2), "relation"), "pupil");
    // Bad arguments are errors, not panics.
    assert!(engine
        .check_person(json(r#"{"name": 7}"#), JsValue::UNDEFINED, None)
        .is_err());
    assert!(engine
        .check_person(JsValue::UNDEFINED, "nobody".into(), None)
        .is_err());
    assert!(engine
        .check_person(JsValue::UNDEFINED, JsValue::UNDEFINED, Some("soon".into()))
        .is_err());
}

#[wasm_bindgen_test]
fn name_forms_are_what_the_roster_compares() {
    let forms = name_forms(json(
        r#"{"name": "Zoë O'Brien", "handle": "@zoe.obrien_2012"}"#,
    ))
    .unwrap();
    let forms = Array::from(&forms);
    assert_eq!(forms.length(), 1);
    assert_eq!(forms.get(0).as_string().unwrap(), "zoeobrien");
}

#[wasm_bindgen_test]
fn a_bad_roster_is_an_error_naming_the_entry() {
    let bad = json(
        r#"{"format": "safepost-roster-1", "key": "short", "built": "2026-12-03", "academies": []}"#,
    );
    let error = SafePostContact::new(bad, JsValue::UNDEFINED)
        .err()
        .expect("refused");
    let message = JsValue::from(error).as_string().unwrap_or_default();
    assert!(
        message.is_empty() || message.contains("roster.key"),
        "{message}"
    );
    // No roster at all is fine: profiles are still read.
    let engine = SafePostContact::new(JsValue::NULL, JsValue::UNDEFINED).unwrap();
    let v = engine
        .check_person(
            json(r#"{"bio": "Student at Elm Academy"}"#),
            JsValue::UNDEFINED,
            None,
        )
        .unwrap();
    assert_eq!(text(&v, "relation"), "pupil_elsewhere");
}
