//! The JavaScript bindings, run in headless Chromium by wasm-bindgen-test
//! (`scripts/test.sh` runs them; see the README).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use safepost::wasm::{default_policy, validate_policy, SafePost};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "common/js.rs"]
mod js;
use js::{get, json, text};

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
fn hosts_in_unicode_are_mapped_by_the_browsers_url_parser() {
    let engine = SafePost::with_default_policy();
    let v = engine.check_url("https://ｔｉｋｔｏｋ.com/").unwrap();
    assert_eq!(text(&v, "status"), "unapproved");
    assert_eq!(text(&v, "host"), "tiktok.com");
    let v = engine.check_url("bücher.example/seite").unwrap();
    assert_eq!(text(&v, "host"), "xn--bcher-kva.example");
    assert_eq!(text(&v, "status"), "not_social");
    assert!(engine.check_url("https://bü<cher.example/").is_err());
    // Percent-encoded hosts too; one that is not text is an error, not a panic.
    let v = engine.check_url("https://b%C3%BCcher.example/").unwrap();
    assert_eq!(text(&v, "host"), "xn--bcher-kva.example");
    assert!(engine.check_url("https://A%AA/").is_err());
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

#[wasm_bindgen_test]
fn lesson_time_is_read_from_the_policy_timetable() {
    let engine = SafePost::new(json(
        r#"{"lesson_times": {"weekdays": {"friday": [{"name": "Period 2", "start": "10:00", "end": "11:00"}]}}}"#,
    ))
    .unwrap();
    // Friday 2026-12-04.
    let now = engine.lesson_at("2026-12-04", 10 * 60 + 15);
    assert_eq!(text(&now, "period"), "Period 2");
    assert_eq!(text(&now, "end"), "11:00");
    assert!(text(&now, "message").contains("§5.3"));
    assert!(engine.lesson_at("2026-12-04", 11 * 60).is_null());
    assert!(engine.lesson_at("not a date", 600).is_null());
    assert!(SafePost::with_default_policy()
        .lesson_at("2026-12-04", 630)
        .is_null());
}
