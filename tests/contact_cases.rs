//! The contact guard's engine (§5.3, §5.6): the table of people in
//! `tests/cases/contact.toml`, and the lint of `data/contact-signals.toml`.

use std::collections::HashSet;

use safepost::contact::profile::SignalWords;
use safepost::contact::roster_build::build_roster;
use safepost::{AccountKind, Engine, Person, Policy, Relation, Severity};
use serde::Deserialize;
use time::macros::date;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    person: Person,
    #[serde(default = "personal")]
    account: AccountKind,
    relation: Relation,
    warn: bool,
    clause: Option<String>,
    severity: Option<Severity>,
}

fn personal() -> AccountKind {
    AccountKind::Personal
}

/// The test policy: two academies and the roster of tests/cases/roster.csv.
pub fn engine() -> Engine {
    let (roster, _) = build_roster(
        include_str!("cases/roster.csv").as_bytes(),
        &[42; 32],
        date!(2026 - 12 - 03),
    )
    .expect("tests/cases/roster.csv builds");
    let mut policy = Policy::from_json_str(
        r#"{"organisation": {"name": "Oak Trust", "academies": [
             {"name": "Oak Primary Academy"}, {"name": "Elm Academy"}]}}"#,
        &Policy::embedded_default(),
        safepost::Catalogue::embedded(),
    )
    .unwrap();
    policy.roster = Some(roster);
    Engine::new(policy)
}

#[test]
fn people_are_who_the_table_says() {
    let cases: Cases = toml::from_str(include_str!("cases/contact.toml")).unwrap();
    assert!(cases.case.len() >= 25);
    let engine = engine();
    let mut failures = Vec::new();
    for case in &cases.case {
        let verdict = engine.check_person(&case.person, case.account, date!(2026 - 12 - 03));
        let found = (
            verdict.relation,
            verdict.warn,
            verdict.clause.clone(),
            verdict.severity,
        );
        let wanted = (case.relation, case.warn, case.clause.clone(), case.severity);
        if found != wanted {
            failures.push(format!("{}: found {found:?}, wanted {wanted:?}", case.name));
        }
        if verdict.warn {
            let clause = verdict.clause.as_deref().unwrap();
            assert!(
                verdict.message.contains(&format!("§{clause}")),
                "{}: the message must cite §{clause}: {}",
                case.name,
                verdict.message
            );
            assert_eq!(verdict.evidence.len(), 1, "{}: evidence", case.name);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn profile_evidence_quotes_the_bio_exactly() {
    let bio = "she/her • Year 9 at Riverside High • netball";
    let verdict = engine().check_person(
        &Person {
            bio: Some(bio.into()),
            ..Person::default()
        },
        AccountKind::Personal,
        date!(2026 - 12 - 03),
    );
    let evidence = &verdict.evidence[0];
    let (start, end) = (evidence.start.unwrap(), evidence.end.unwrap());
    assert_eq!(&bio[start..end], "Year 9 at Riverside High");
    assert_eq!(evidence.quote.as_deref(), Some("Year 9 at Riverside High"));
    assert!(verdict.message.contains("“Year 9 at Riverside High”"));
}

#[test]
fn without_a_roster_only_profiles_count() {
    let engine = Engine::with_default_policy();
    let today = date!(2026 - 12 - 03);
    let chloe = Person {
        name: Some("Chloe Smith".into()),
        ..Person::default()
    };
    let verdict = engine.check_person(&chloe, AccountKind::Personal, today);
    assert_eq!(verdict.relation, Relation::None);
    assert!(verdict.message.contains("has not given SafePost a roster"));
    let pupil = Person {
        bio: Some("Student at Riverside School".into()),
        ..chloe
    };
    assert_eq!(
        engine
            .check_person(&pupil, AccountKind::Personal, today)
            .relation,
        Relation::PupilElsewhere
    );
}

#[test]
fn signal_words_are_clean_sorted_and_unique() {
    let text = include_str!("../data/contact-signals.toml");
    assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
    for (n, line) in text.lines().enumerate() {
        assert_eq!(line, line.trim_end(), "line {}: trailing spaces", n + 1);
    }
    let words = SignalWords::embedded();
    for (name, list) in words.lists() {
        assert!(!list.is_empty(), "{name} is empty");
        let mut sorted = list.to_vec();
        sorted.sort();
        assert_eq!(list, &sorted[..], "{name} is not sorted");
        assert_eq!(
            list.iter().collect::<HashSet<_>>().len(),
            list.len(),
            "{name} has duplicates"
        );
        for entry in list {
            // Entries are read as the profile reader splits words: lower-case letters or
            // digits, one space between words.
            let ok = !entry.is_empty()
                && entry.split(' ').all(|w| {
                    !w.is_empty()
                        && (w.chars().all(|c| c.is_lowercase())
                            || w.chars().all(|c| c.is_ascii_digit()))
                });
            assert!(
                ok,
                "{name}: {entry:?} is not lower-case words with single spaces"
            );
        }
    }
}
