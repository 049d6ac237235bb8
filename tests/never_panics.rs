#![cfg(not(target_arch = "wasm32"))]
//! Property tests: whatever text, URL or policy arrives — odd Unicode, control characters,
//! disguise characters, huge repetition — the engine answers without panicking, and every
//! span it reports is a real slice of the input in both UTF-8 and UTF-16.

use proptest::prelude::*;
use safepost::content::normalise::normalise;
use safepost::{AccountKind, CheckContext, Engine, Person, Surface};

/// Strings biased towards what breaks text code: disguise characters, combining marks,
/// invisibles, astral letters, digits and separators, mixed with ordinary words.
fn awkward_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("idiot".to_owned()),
        Just("f.u.c.k".to_owned()),
        Just("sh1t".to_owned()),
        Just("Scunthorpe".to_owned()),
        Just("07700 900123".to_owned()),
        Just("943 476 5919".to_owned()),
        Just("DM me".to_owned()),
        Just("year 9".to_owned()),
        Just("\u{200B}".to_owned()),
        Just("\u{202E}".to_owned()),
        Just("\u{0301}\u{0301}".to_owned()),
        Just("\u{FFFD}".to_owned()),
        Just("🅵🆄".to_owned()),
        Just("𝐟".to_owned()),
        Just("ｆ".to_owned()),
        Just("@".to_owned()),
        Just(" ".to_owned()),
        "[a-z0-9 .@*_-]{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn check_text_spans_are_real(text in awkward_text(), personal in any::<bool>()) {
        let engine = Engine::with_default_policy();
        let context = CheckContext {
            platform: None,
            account: if personal { AccountKind::Personal } else { AccountKind::Unknown },
            surface: Surface::Message,
        };
        let result = engine.check_text(&text, &context);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for f in &result.findings {
            prop_assert!(f.start <= f.end && f.end <= text.len());
            prop_assert_eq!(&text[f.start..f.end], f.matched.as_str());
            prop_assert_eq!(String::from_utf16_lossy(&utf16[f.start16..f.end16]), f.matched.clone());
        }
    }

    #[test]
    fn normalised_spans_map_inside_the_original(text in awkward_text(), a in 0usize..200, b in 0usize..200) {
        let n = normalise(&text);
        let (s, e) = n.original_span(a.min(b), a.max(b));
        prop_assert!(s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e));
    }

    #[test]
    fn any_person_gets_a_verdict_whose_evidence_is_a_real_slice(
        name in awkward_text(),
        handle in awkward_text(),
        bio in awkward_text(),
        official in any::<bool>(),
    ) {
        let engine = Engine::with_default_policy();
        let person = Person { name: Some(name), handle: Some(handle), bio: Some(bio.clone()) };
        let account = if official { AccountKind::Official } else { AccountKind::Personal };
        let verdict = engine.check_person(&person, account, time::macros::date!(2026 - 12 - 03));
        prop_assert!(!verdict.message.is_empty());
        for evidence in &verdict.evidence {
            if let (Some(start), Some(end)) = (evidence.start, evidence.end) {
                prop_assert!(start <= end && end <= bio.len());
                prop_assert_eq!(Some(&bio[start..end]), evidence.quote.as_deref());
            }
        }
    }

    #[test]
    fn any_url_gets_a_verdict_or_an_error(url in "(https?://)?[a-zA-Z0-9.@:/%\u{80}-\u{10FFFF}-]{0,60}") {
        let _ = Engine::with_default_policy().check_url(&url);
    }

    #[test]
    fn any_policy_json_is_accepted_or_explained(json in "\\{(\"[a-z_]{1,18}\": *(\"[a-z.]{0,12}\"|\\[(\"[a-z.]{0,10}\",?){0,3}\\]|[0-9]{1,3}|null|\\{\\}), *){0,4}\\}") {
        if let Err(e) = Engine::from_policy_json(&json) {
            prop_assert!(!e.problems.is_empty());
        }
    }
}
