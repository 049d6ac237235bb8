//! Runs the table of personal data cases in `tests/cases/personal_data.toml`.

use safepost::content::personal_data::{find_personal_data, Confidence};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    matched: Option<String>,
    #[serde(default)]
    confidence: Option<String>,
    #[serde(default)]
    none: bool,
}

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

fn confidence_name(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::Low => "low",
        Confidence::Medium => "medium",
        Confidence::High => "high",
    }
}

#[test]
fn personal_data_cases() {
    let cases: Cases = toml::from_str(include_str!("cases/personal_data.toml"))
        .expect("tests/cases/personal_data.toml parses");
    assert!(cases.case.len() >= 40);
    let mut failures = Vec::new();
    for case in &cases.case {
        assert!(
            case.none != (case.kind.is_some() && case.matched.is_some()),
            "{:?}: give kind and matched, or none = true",
            case.text
        );
        let found: Vec<String> = find_personal_data(&case.text)
            .iter()
            .map(|f| {
                let kind = serde_json::to_value(f.kind).unwrap();
                format!(
                    "{} {:?} ({})",
                    kind.as_str().unwrap(),
                    &case.text[f.start..f.end],
                    confidence_name(f.confidence)
                )
            })
            .collect();
        let expected = match (&case.kind, &case.matched) {
            (Some(kind), Some(matched)) => vec![format!(
                "{kind} {matched:?} ({})",
                case.confidence.as_deref().unwrap_or("")
            )],
            _ => Vec::new(),
        };
        // Without an expected confidence, compare everything before it.
        let strip = |s: &String| match case.confidence {
            Some(_) => s.clone(),
            None => s.split(" (").next().unwrap_or_default().to_owned(),
        };
        let found_cmp: Vec<String> = found.iter().map(strip).collect();
        let expected_cmp: Vec<String> = expected.iter().map(strip).collect();
        if found_cmp != expected_cmp {
            failures.push(format!(
                "{:?}: expected {expected_cmp:?}, found {found:?}",
                case.text
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
