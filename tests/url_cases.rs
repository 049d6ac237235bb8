//! Runs the table of URL verdicts in `tests/cases/urls.toml`.

use safepost::Engine;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    url: String,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    platform: Option<String>,
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    error: bool,
}

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[test]
fn url_cases() {
    let cases: Cases =
        toml::from_str(include_str!("cases/urls.toml")).expect("tests/cases/urls.toml parses");
    assert!(cases.case.len() >= 30);
    let default = Engine::with_default_policy();
    let mut failures = Vec::new();
    for case in &cases.case {
        let engine = match &case.policy {
            Some(json) => {
                &Engine::from_policy_json(json).unwrap_or_else(|e| panic!("{}: {e}", case.url))
            }
            None => &default,
        };
        let result = engine.check_url(&case.url);
        let got = match (&result, case.error) {
            (Err(_), true) => continue,
            (Ok(v), true) => format!("a verdict ({:?}) where an error was expected", v.status),
            (Err(e), false) => format!("error {e}"),
            (Ok(v), false) => {
                let status = serde_json::to_value(v.status)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned();
                let platform = v.platform.as_ref().map(|p| p.id.clone());
                let ok = case.status.as_deref() == Some(status.as_str())
                    && (case.platform.is_none() || case.platform == platform)
                    && (status == "not_social"
                        || case.status.as_deref() == Some("exception")
                        || case.platform.is_some())
                    && (case.host.is_none() || case.host == v.host)
                    && v.message.contains("§5.1")
                        == matches!(status.as_str(), "approved" | "unapproved" | "exception");
                if ok {
                    continue;
                }
                format!("{status} {platform:?} host {:?}: {}", v.host, v.message)
            }
        };
        failures.push(format!(
            "{:?}: expected {:?} {:?}, got {got}",
            case.url, case.status, case.platform
        ));
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
