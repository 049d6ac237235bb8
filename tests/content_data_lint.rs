//! Lints the content data files: the lexicon, the safe words and the context rules.

use std::collections::HashSet;

use safepost::content::normalise::normalise;
use safepost::content::rules::ContentRules;
use safepost::ContentCategory;

#[path = "../build/merge_toml.rs"]
mod merge_toml;

/// The content rules as the build reads them: every file of `data/content-rules/`.
fn content_rules() -> toml::Table {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/content-rules");
    merge_toml::merge_toml_folder(&dir).unwrap()
}

fn clean_text(name: &str, text: &str) {
    assert!(
        text.ends_with('\n') && !text.ends_with("\n\n"),
        "{name}: one final newline"
    );
    for (n, line) in text.lines().enumerate() {
        assert_eq!(
            line,
            line.trim_end(),
            "{name}:{}: trailing whitespace",
            n + 1
        );
    }
}

#[test]
fn files_are_clean_text() {
    clean_text(
        "data/lexicon/terms.toml",
        include_str!("../data/lexicon/terms.toml"),
    );
    clean_text(
        "data/lexicon/safe-words.toml",
        include_str!("../data/lexicon/safe-words.toml"),
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/content-rules");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        clean_text(&path.display().to_string(), &text);
    }
}

#[test]
fn rules_compile_and_every_category_has_its_text() {
    let rules = ContentRules::new(&[], &[]).expect("embedded content rules compile");
    for &category in ContentCategory::ALL {
        let text = rules
            .category_text(category)
            .unwrap_or_else(|| panic!("{category:?} has no [category] text"));
        assert!(
            text.message.contains('§'),
            "{category:?}: the message must cite the clause"
        );
        assert!(
            text.message.contains(&format!("§{}", text.clause)),
            "{category:?}: message and clause disagree"
        );
    }
    let (terms, rules, _) = rules.counts();
    assert!(terms >= 400, "the lexicon has {terms} terms");
    assert!(rules >= 10, "{rules} context rules");
}

#[test]
fn lexicon_terms_are_normalised_unique_and_not_safe_words() {
    let file: toml::Table = toml::from_str(include_str!("../data/lexicon/terms.toml")).unwrap();
    let safe: toml::Table =
        toml::from_str(include_str!("../data/lexicon/safe-words.toml")).unwrap();
    let safe: HashSet<&str> = safe["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for term in file["term"].as_array().unwrap() {
        let text = term["term"].as_str().unwrap();
        // A term must look as the normaliser leaves text, or it can never match.
        if normalise(text).text != text {
            problems.push(format!(
                "{text:?} is not in normal form (normalises to {:?})",
                normalise(text).text
            ));
        }
        if !seen.insert((
            text,
            term.get("match").and_then(|m| m.as_str()).unwrap_or("word"),
        )) {
            problems.push(format!("{text:?} is listed twice"));
        }
        if safe.contains(text) {
            problems.push(format!("{text:?} is both a term and a safe word"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn safe_words_are_sorted_unique_lowercase() {
    let safe: toml::Table =
        toml::from_str(include_str!("../data/lexicon/safe-words.toml")).unwrap();
    let words: Vec<&str> = safe["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let mut sorted = words.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(words, sorted, "safe words must be sorted and unique");
    for w in &words {
        assert_eq!(*w, w.to_lowercase(), "{w}: lowercase");
    }
}

#[test]
fn rule_ids_are_unique() {
    let file = content_rules();
    let mut seen = HashSet::new();
    for rule in file["rule"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        assert!(seen.insert(id), "rule {id} is listed twice");
        let slots = rule["slots"].as_array().unwrap();
        // The engine keeps one bit per slot in a u64 while it checks.
        assert!(slots.len() <= 64, "rule {id}: more than 64 slots");
        for slot in slots {
            assert!(
                !slot.as_array().unwrap().is_empty(),
                "rule {id}: an empty slot"
            );
        }
    }
}

#[test]
fn every_phrase_list_is_used_lowercase_and_unique() {
    let file = content_rules();
    let lists = file["lists"].as_table().unwrap();
    let named: HashSet<&str> = file["rule"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|rule| rule["slots"].as_array().unwrap())
        .flat_map(|slot| slot.as_array().unwrap())
        .filter_map(|entry| entry.as_str()?.strip_prefix('@'))
        .collect();
    for name in &named {
        assert!(lists.contains_key(*name), "@{name} names no [lists] entry");
    }
    for (name, phrases) in lists {
        assert!(
            named.contains(name.as_str()),
            "[lists] {name} is never used"
        );
        let phrases: Vec<&str> = phrases
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert!(!phrases.is_empty(), "[lists] {name} is empty");
        let mut seen = HashSet::new();
        for phrase in phrases {
            assert_eq!(phrase, phrase.trim().to_lowercase(), "[lists] {name}");
            assert!(
                !phrase.starts_with('@'),
                "[lists] {name}: lists do not nest"
            );
            assert!(seen.insert(phrase), "[lists] {name}: {phrase} twice");
        }
    }
}

#[test]
fn lowerings_are_unique_named_by_terms_and_explained() {
    let rules = content_rules();
    let terms: toml::Table = toml::from_str(include_str!("../data/lexicon/terms.toml")).unwrap();
    let mut ids = HashSet::new();
    for lower in rules["lower"].as_array().unwrap() {
        let id = lower["id"].as_str().unwrap();
        assert!(ids.insert(id), "[[lower]] {id} is listed twice");
        assert_eq!(
            lower["severity"].as_str(),
            Some("low"),
            "{id}: lowered findings still show, as a reminder"
        );
        let note = lower["note"].as_str().unwrap();
        assert!(
            note.ends_with('.') && note.len() < 200,
            "{id}: the note is one plain sentence"
        );
        assert!(lower.get("phrases").is_some(), "{id}: phrases are required");
        for key in ["phrases", "unless"] {
            let phrases = lower.get(key).and_then(|v| v.as_array());
            for phrase in phrases.into_iter().flatten() {
                let phrase = phrase.as_str().unwrap();
                assert_eq!(
                    phrase,
                    phrase.to_lowercase().trim(),
                    "{id}: {phrase:?} is normalised"
                );
            }
        }
        let named = terms["term"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t.get("lowered_by").and_then(|v| v.as_str()) == Some(id))
            .count();
        assert!(named > 0, "[[lower]] {id}: no lexicon term names it");
    }
    // Words aimed at a person are never lowered by a warning word next to them.
    for term in terms["term"].as_array().unwrap() {
        let text = term["term"].as_str().unwrap();
        if term.get("lowered_by").is_some() {
            assert!(
                !["you", "yourself", "urself", "him", "her", "them"]
                    .iter()
                    .any(|w| text.split(' ').any(|t| t == *w)),
                "{text}: a term aimed at a person cannot be lowered"
            );
        }
    }
}

#[test]
fn function_words_are_sorted_unique_lowercase_words() {
    let text = include_str!("../data/model/function-words.txt");
    clean_text("data/model/function-words.txt", text);
    let words: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(words.len() >= 20, "{} function words", words.len());
    for pair in words.windows(2) {
        assert!(pair[0] < pair[1], "sorted and unique: {pair:?}");
    }
    for word in words {
        assert!(
            !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()),
            "{word:?}: one lowercase word a line"
        );
    }
}
