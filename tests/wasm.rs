//! The JavaScript bindings, run in headless Chromium by wasm-bindgen-test
//! (`scripts/test.sh` runs them; see the README).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use safepost::wasm::{default_policy, validate_policy, SafePost};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn verdicts_are_plain_objects() {
    let engine = SafePost::with_default_policy();
    let v = engine.check_url("https://www.tiktok.com/@someone").unwrap();
    assert_eq!(text(&v, "status"), "unapproved");
    assert_eq!(text(&v, "clause"), "5.1");
    assert_eq!(text(&v, "action"), "warn");
    assert_eq!(text(&get(&v, "platform"), "name"), "TikTok");
    assert!(text(&v, "message").contains("§5.1"));
    assert_eq!(Array::from(&get(&v, "approved")).length(), 4);
    // Absent values are null, not undefined, so JSON round trips keep every key.
    let v = engine.check_url("https://www.bbc.co.uk/").unwrap();
    assert!(get(&v, "platform").is_null());
    assert_eq!(text(&v, "status"), "not_social");
}

#[wasm_bindgen_test]
fn bad_urls_throw_errors() {
    let engine = SafePost::with_default_policy();
    assert!(engine.check_url("http://").is_err());
    // A lone surrogate from JavaScript arrives as U+FFFD: an invalid host, not a panic.
    let lone = String::from_utf16_lossy(&[0xD800]);
    assert!(engine
        .check_url(&format!("https://{lone}.example/"))
        .is_err());
}

#[wasm_bindgen_test]
fn page_signals_recognise_self_hosted_software() {
    let engine = SafePost::with_default_policy();
    let signals =
        json(r#"{"meta": [{"name": "generator", "value": "Discourse 3.2.0"}], "paths": []}"#);
    let v = engine
        .check_page("https://forum.example-school.org/", signals)
        .unwrap();
    assert_eq!(text(&v, "status"), "unapproved");
    assert_eq!(text(&v, "detected_by"), "page_signals");
    // Missing signals are fine; malformed ones are an error.
    assert!(engine
        .check_page("https://x.com/", JsValue::UNDEFINED)
        .is_ok());
    assert!(engine
        .check_page("https://x.com/", json(r#"{"meta": 5}"#))
        .is_err());
}

#[wasm_bindgen_test]
fn it_policies_are_validated_with_paths() {
    let problems = Array::from(&validate_policy(json(
        r#"{"approved": ["facebook", "tiktk"]}"#,
    )));
    assert_eq!(problems.length(), 1);
    assert_eq!(text(&problems.get(0), "path"), "approved[1]");
    assert!(text(&problems.get(0), "message").contains(r#"did you mean "tiktok""#));
    assert_eq!(
        Array::from(&validate_policy(json(r#"{"approved": ["youtube"]}"#))).length(),
        0
    );
    // Not an object, or not JSON at all (a cycle): a problem, not a crash.
    assert_eq!(Array::from(&validate_policy(json("[1]"))).length(), 1);
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    assert_eq!(
        Array::from(&validate_policy(cyclic.clone().into())).length(),
        1
    );
    assert!(SafePost::new(cyclic.into()).is_err());
}

#[wasm_bindgen_test]
fn it_policy_drives_verdicts_and_block_rules() {
    let engine = SafePost::new(json(
        r#"{"approved": ["youtube"], "unapproved_action": "block"}"#,
    ))
    .unwrap();
    let v = engine.check_url("https://www.facebook.com/").unwrap();
    assert_eq!(
        (text(&v, "status"), text(&v, "action")),
        ("unapproved".into(), "block".into())
    );
    let rules = Array::from(&engine.block_rules());
    assert!(rules.length() > 100);
    let first = rules.get(0);
    assert_eq!(text(&get(&first, "action"), "type"), "redirect");
    assert_eq!(text(&engine.policy(), "unapproved_action"), "block");
    assert!(SafePost::new(json(r#"{"approved": "youtube"}"#)).is_err());
    assert_eq!(text(&default_policy(), "unapproved_action"), "warn");
    let v = engine.platform_verdict("tiktok");
    assert!(text(&v, "message").contains("TikTok"));
    assert!(engine.platform_verdict("nope").is_undefined());
}

/// A policy whose roster has one pupil, Chloe Smith, at Oak Primary Academy.
fn roster_policy() -> JsValue {
    use safepost::contact::roster::{encode_hash, encode_key, name_hash, ROSTER_FORMAT};
    let key = [7u8; 32];
    json(&format!(
        r#"{{"roster": {{"format": "{ROSTER_FORMAT}", "key": "{}", "built": "2026-12-03",
             "academies": [{{"name": "Oak Primary Academy", "pupils": ["{}"], "parents": ["{}"]}}]}}}}"#,
        encode_key(&key),
        encode_hash(&name_hash(&key, "chloesmith")),
        encode_hash(&name_hash(&key, "dansmith")),
    ))
}

#[wasm_bindgen_test]
fn people_are_checked_against_the_roster_and_their_profile() {
    let engine = SafePost::new(roster_policy()).unwrap();
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
    let forms = safepost::wasm::name_forms(json(
        r#"{"name": "Zoë O'Brien", "handle": "@zoe.obrien_2012"}"#,
    ))
    .unwrap();
    let forms = Array::from(&forms);
    assert_eq!(forms.length(), 1);
    assert_eq!(forms.get(0).as_string().unwrap(), "zoeobrien");
}
