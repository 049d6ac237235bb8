//! Lints the content data files: the lexicon, the safe words and the context rules.

use std::collections::HashSet;

use safepost::content::masked::is_mask;
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

/// The strings of `data/lexicon/safe-words.toml`'s list `key`, checked sorted and unique.
fn sorted_safe_list(key: &str) -> Vec<String> {
    let safe: toml::Table =
        toml::from_str(include_str!("../data/lexicon/safe-words.toml")).unwrap();
    let words: Vec<String> = safe[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_owned())
        .collect();
    let mut sorted = words.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(words, sorted, "safe-words.toml {key}: sorted and unique");
    words
}

#[test]
fn safe_words_are_sorted_unique_lowercase() {
    let words = sorted_safe_list("words");
    for w in &words {
        assert_eq!(*w, w.to_lowercase(), "{w}: lowercase");
    }
}

/// A "not masked" word must be one the masked-word reader would read (a mask character between
/// at least two letters, nothing else), or listing it changes nothing.
#[test]
fn not_masked_words_are_masked_looking_sorted_and_unique() {
    for w in &sorted_safe_list("masked") {
        let mask = |c: char| c.is_ascii() && is_mask(c as u8);
        let letters = w.chars().filter(char::is_ascii_alphabetic).count();
        assert!(
            w.chars().all(|c| c.is_ascii_alphanumeric() || mask(c))
                && w.chars().any(mask)
                && w.starts_with(|c: char| c.is_ascii_alphabetic())
                && letters >= 2,
            "{w:?}: a word the masked-word reader reads (a letter first, a mask, two letters)"
        );
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
        .flat_map(|rule| {
            // A list may stand in a rule's slots or in its `unless` words.
            let unless = rule.get("unless").and_then(toml::Value::as_array);
            let slots = rule["slots"].as_array().unwrap().iter();
            slots
                .flat_map(|slot| slot.as_array().unwrap())
                .chain(unless.into_iter().flatten())
        })
        .filter_map(|entry| entry.as_str()?.strip_prefix('@'))
        .collect();
    for name in &named {
        assert!(
            lists.contains_key(*name) || GENERATED_LISTS.contains(name),
            "@{name} names no [lists] entry"
        );
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

/// The phrase lists that build.rs makes from data/proscribed-organisations.toml.
const GENERATED_LISTS: [&str; 2] = [
    "proscribed-organisations",
    "proscribed-organisations-ordinary",
];

#[test]
fn proscribed_organisations_are_sourced_unique_and_normalised() {
    let name = "data/proscribed-organisations.toml";
    let text = include_str!("../data/proscribed-organisations.toml");
    clean_text(name, text);
    let file: toml::Table = toml::from_str(text).unwrap();
    for key in ["source", "as_of"] {
        let value = file.get(key).and_then(|v| v.as_str()).unwrap_or_default();
        assert!(!value.trim().is_empty(), "{name}: {key} is required");
    }
    let as_of = file["as_of"].as_str().unwrap();
    assert!(
        as_of.len() == 7 && as_of.as_bytes()[4] == b'-',
        "{name}: as_of is a year and month (YYYY-MM), not {as_of:?}"
    );
    let strings = |org: &toml::Value, key: &str| -> Vec<String> {
        let list = org.get(key).and_then(|v| v.as_array());
        list.into_iter()
            .flatten()
            .map(|v| v.as_str().expect("names are strings").to_owned())
            .collect()
    };
    let mut names = HashSet::new();
    let mut problems = Vec::new();
    for org in file["organisation"].as_array().unwrap() {
        let main = org.get("name").and_then(|v| v.as_str()).unwrap_or_default();
        if main.trim().is_empty() {
            problems.push("an organisation has no name".to_owned());
            continue;
        }
        if !names.insert(main.to_lowercase()) {
            problems.push(format!("{main:?} is listed twice"));
        }
        if org.get("proscribed").and_then(|v| v.as_str()).is_none() {
            problems.push(format!("{main:?}: no year of proscription"));
        }
        let also = strings(org, "also");
        let mut own = HashSet::from([main.to_lowercase()]);
        for alias in &also {
            if alias.trim().is_empty() || !own.insert(alias.to_lowercase()) {
                problems.push(format!("{main:?}: alias {alias:?} is empty or repeated"));
            }
        }
        for everyday in strings(org, "ordinary") {
            if everyday != main && !also.contains(&everyday) {
                problems.push(format!(
                    "{main:?}: ordinary {everyday:?} is not one of its names"
                ));
            }
        }
    }
    // What build.rs made of them: each phrase as the normaliser leaves text, or it can
    // never match, and every name found by one of them.
    let lists: serde_json::Value = serde_json::from_str(include_str!(concat!(
        env!("OUT_DIR"),
        "/proscribed-organisations.json"
    )))
    .unwrap();
    let all: Vec<&str> = GENERATED_LISTS
        .iter()
        .flat_map(|list| lists[list].as_array().into_iter().flatten())
        .filter_map(|p| p.as_str())
        .collect();
    for org in file["organisation"].as_array().unwrap() {
        let main = org.get("name").and_then(|v| v.as_str()).unwrap_or_default();
        for name in std::iter::once(main.to_owned()).chain(strings(org, "also")) {
            let seen = normalise(&name).text;
            let found = all.iter().any(|phrase| {
                seen.match_indices(phrase).any(|(at, _)| {
                    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                    !word(seen[..at].chars().next_back())
                        && !word(seen[at + phrase.len()..].chars().next())
                })
            });
            if !found {
                problems.push(format!(
                    "{name:?} (read as {seen:?}) is in no generated list"
                ));
            }
        }
    }
    for list in GENERATED_LISTS {
        let phrases = lists[list].as_array().expect("build.rs writes every list");
        assert!(!phrases.is_empty(), "@{list} is empty");
        let mut seen = HashSet::new();
        for phrase in phrases.iter().map(|p| p.as_str().unwrap()) {
            if phrase.trim().is_empty() || !seen.insert(phrase) {
                problems.push(format!("@{list}: {phrase:?} is empty or repeated"));
            }
            if normalise(phrase).text != phrase {
                problems.push(format!(
                    "@{list}: {phrase:?} is not in normal form (normalises to {:?})",
                    normalise(phrase).text
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
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
        for key in ["phrases", "unless", "unless_before"] {
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
        let model = lower.get("model").and_then(|v| v.as_bool()) == Some(true);
        assert!(
            named > 0 || model,
            "[[lower]] {id}: no lexicon term names it, nor does it lower the model"
        );
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
fn clause_conjunctions_are_unique_lowercase_words_some_rule_uses() {
    let rules = content_rules();
    let conjunctions: Vec<&str> = rules["clause"]["conjunctions"]
        .as_array()
        .expect("[clause] conjunctions: a list")
        .iter()
        .map(|c| c.as_str().expect("a conjunction is a string"))
        .collect();
    assert!(!conjunctions.is_empty(), "[clause] conjunctions: none");
    for (i, word) in conjunctions.iter().enumerate() {
        assert!(
            !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()),
            "[clause] conjunctions: {word:?} is not one lowercase word"
        );
        assert!(
            !conjunctions[..i].contains(word),
            "[clause] conjunctions: {word:?} twice"
        );
    }
    // Only looked past by rules that ask for it: a list no rule reads is dead data.
    let asks = rules["rule"]
        .as_array()
        .expect("[[rule]]")
        .iter()
        .any(|r| r.get("opens_clause").and_then(toml::Value::as_bool) == Some(true));
    assert!(asks, "[clause] conjunctions: no rule sets opens_clause");
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

#[test]
fn la_codes_are_sourced_sorted_unique_three_digits() {
    let text = include_str!("../data/la-codes.txt");
    clean_text("data/la-codes.txt", text);
    let (comments, codes): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.starts_with('#'));
    assert!(
        comments
            .iter()
            .any(|c| c.contains("Department for Education")),
        "data/la-codes.txt names its source"
    );
    assert!(codes.len() >= 140, "{} LA codes", codes.len());
    for code in &codes {
        assert!(
            code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()),
            "{code:?}: one 3-digit code a line"
        );
        assert!(
            ("201"..="999").contains(code),
            "{code:?}: test codes (001-009) are not local authorities"
        );
        let welsh = ("660"..="699").contains(code);
        assert!(!welsh, "{code:?}: Welsh codes do not begin an English UPN");
    }
    for pair in codes.windows(2) {
        assert!(pair[0] < pair[1], "sorted and unique: {pair:?}");
    }
}
