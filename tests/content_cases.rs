//! The content checker against its case files: disguised abuse must be caught, and
//! ordinary posts and false-positive traps must pass.

use safepost::{AccountKind, CheckContext, ContentCategory, Engine, Severity, Surface};
use serde::Deserialize;

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn category_name(c: ContentCategory) -> String {
    serde_json::to_value(c)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

/// Texts that must raise nothing at medium or above.
fn assert_all_clean(file: &str, text: &str, minimum: usize) {
    let engine = Engine::with_default_policy();
    let mut count = 0;
    let mut failures = Vec::new();
    for line in lines(text) {
        count += 1;
        let result = engine.check_text(line, &CheckContext::default());
        for f in result
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Medium)
        {
            failures.push(format!(
                "{line:?}: {} {:?} ({})",
                category_name(f.category),
                f.matched,
                f.rule
            ));
        }
    }
    assert!(count >= minimum, "{file}: only {count} cases");
    assert!(
        failures.is_empty(),
        "{file}: {} false positive(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn scunthorpe_traps_pass() {
    assert_all_clean(
        "tests/cases/scunthorpe.txt",
        include_str!("cases/scunthorpe.txt"),
        80,
    );
}

#[test]
fn ordinary_school_posts_pass() {
    assert_all_clean(
        "tests/cases/school-posts.txt",
        include_str!("cases/school-posts.txt"),
        120,
    );
}

#[derive(Deserialize)]
struct Case {
    text: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    none: bool,
    #[serde(default)]
    technique: Option<String>,
    #[serde(default)]
    account: Option<AccountKind>,
    #[serde(default)]
    surface: Option<Surface>,
}

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

fn run_cases(file: &str, text: &str, minimum: usize) {
    let cases: Cases = toml::from_str(text).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert!(
        cases.case.len() >= minimum,
        "{file}: only {} cases",
        cases.case.len()
    );
    let engine = Engine::with_default_policy();
    let mut failures = Vec::new();
    for case in &cases.case {
        let context = CheckContext {
            platform: None,
            account: case.account.unwrap_or_default(),
            surface: case.surface.unwrap_or_default(),
        };
        let result = engine.check_text(&case.text, &context);
        // Every span must be a real slice of the text, in both encodings.
        for f in &result.findings {
            assert_eq!(&case.text[f.start..f.end], f.matched);
            let utf16: Vec<u16> = case.text.encode_utf16().collect();
            assert_eq!(
                String::from_utf16_lossy(&utf16[f.start16..f.end16]),
                f.matched
            );
        }
        let wanted_severity = match case.severity.as_deref() {
            Some("low") => Severity::Low,
            Some("high") => Severity::High,
            _ => Severity::Medium,
        };
        let found: Vec<String> = result
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{}:{}",
                    category_name(f.category),
                    serde_json::to_value(f.severity).unwrap().as_str().unwrap()
                )
            })
            .collect();
        let ok = if case.none {
            result
                .findings
                .iter()
                .all(|f| f.severity < Severity::Medium)
        } else {
            let wanted = case
                .category
                .as_deref()
                .expect("a case names a category or says none = true");
            result
                .findings
                .iter()
                .any(|f| category_name(f.category) == wanted && f.severity >= wanted_severity)
        };
        if !ok {
            let technique = case
                .technique
                .as_deref()
                .map(|t| format!(" [{t}]"))
                .unwrap_or_default();
            failures.push(format!(
                "{:?}{technique}: expected {:?}, found {found:?}",
                case.text,
                case.category.as_deref().unwrap_or("nothing")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{file}: {} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn disguised_abuse_is_caught() {
    run_cases(
        "tests/cases/evasion.toml",
        include_str!("cases/evasion.toml"),
        60,
    );
}

#[test]
fn context_rules() {
    run_cases(
        "tests/cases/content.toml",
        include_str!("cases/content.toml"),
        60,
    );
}

/// One file per family of breach (`tests/cases/families/`), each with many varied
/// positives and near misses written in different registers.
#[test]
fn families() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/families");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "only {} family files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let cases: Cases = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let near_misses = cases.case.iter().filter(|c| c.none).count();
        let positives = cases.case.len() - near_misses;
        assert!(near_misses >= 30, "{name}: only {near_misses} near misses");
        assert!(positives >= 10, "{name}: only {positives} positives");
        if let Err(e) = std::panic::catch_unwind(|| run_cases(&name, &text, 40)) {
            failures.push(e.downcast_ref::<String>().cloned().unwrap_or_default());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn bad_input_is_safe_and_bounded() {
    let engine = Engine::with_default_policy();
    let context = CheckContext::default();
    assert!(engine.check_text("", &context).findings.is_empty());
    let huge = "you idiot ".repeat(200_000); // 2 MB
    let result = engine.check_text(&huge, &context);
    assert!(
        result.truncated && result.checked_bytes <= safepost::content::check::MAX_CHECKED_BYTES
    );
    assert!(result.findings.len() <= safepost::content::check::MAX_FINDINGS);
    for odd in [
        "\u{FFFD}\u{FFFD}",
        "\u{0}\u{1}\u{1b}[31m",
        &"a".repeat(100_000),
        &"\u{0301}".repeat(10_000),
        "🇬🇧🇬🇧",
        "\u{202E}toidi",
    ] {
        let result = engine.check_text(odd, &context);
        for f in &result.findings {
            assert!(odd.is_char_boundary(f.start) && odd.is_char_boundary(f.end));
        }
    }
}
