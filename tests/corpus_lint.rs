//! Lint of the Policy A2 corpus (`data/corpus/`): every line a draft in the documented shape,
//! labels from the families, texts unique, enough of every family and at least as many near
//! misses as breaches, a test part to report on, and nothing from the development data.

#[path = "common/corpus.rs"]
mod corpus;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use corpus::{Part, FAMILIES, KINDS, REGISTERS, SURFACES, WRITERS};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_draft_is_well_formed() {
    let mut problems = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (name, lines) in corpus::files(root()) {
        for (n, line) in lines {
            let at = format!("{name}:{n}");
            let draft: corpus::Draft = match serde_json::from_str(&line) {
                Ok(d) => d,
                Err(e) => {
                    problems.push(format!("{at}: {e}"));
                    continue;
                }
            };
            let chars = draft.text.chars().count();
            if !(3..=600).contains(&chars) || draft.text.trim() != draft.text {
                problems.push(format!(
                    "{at}: text of {chars} characters, or with spaces around it"
                ));
            }
            for label in &draft.labels {
                if !FAMILIES.iter().any(|(f, _)| f == label) {
                    problems.push(format!("{at}: unknown label {label:?}"));
                }
            }
            if draft.labels.iter().collect::<HashSet<_>>().len() != draft.labels.len() {
                problems.push(format!("{at}: a label twice"));
            }
            if (draft.kind == "breach") == draft.labels.is_empty() {
                problems.push(format!(
                    "{at}: kind {:?} with labels {:?}",
                    draft.kind, draft.labels
                ));
            }
            for (field, value, allowed) in [
                ("kind", &draft.kind, KINDS),
                ("surface", &draft.surface, SURFACES),
                ("register", &draft.register, REGISTERS),
                ("writer", &draft.writer, WRITERS),
            ] {
                if !allowed.contains(&value.as_str()) {
                    problems.push(format!("{at}: {field} {value:?} is not one of {allowed:?}"));
                }
            }
            let key = draft.text.to_lowercase();
            if let Some(first) = seen.insert(key, at.clone()) {
                problems.push(format!("{at}: the same text as {first}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_corpus_covers_every_family_with_near_misses_and_a_test_part() {
    let drafts = corpus::drafts(root());
    let count = |kind: &str| drafts.iter().filter(|d| d.kind == kind).count();
    let (breaches, near_misses) = (count("breach"), count("near_miss"));
    assert!(
        drafts.len() >= 5_000,
        "{} drafts; at least 5,000 are wanted",
        drafts.len()
    );
    assert!(
        near_misses >= breaches,
        "{near_misses} near misses for {breaches} breaches"
    );
    for (family, _) in FAMILIES {
        let n = drafts
            .iter()
            .filter(|d| d.labels.iter().any(|l| l == family))
            .count();
        assert!(n >= 100, "{family}: {n} breaches; at least 100 are wanted");
        let in_test = drafts
            .iter()
            .filter(|d| d.part() == Part::Test && d.labels.iter().any(|l| l == family))
            .count();
        assert!(
            in_test >= 3,
            "{family}: {in_test} breaches in the test part"
        );
    }
    let test = drafts.iter().filter(|d| d.part() == Part::Test).count();
    let dev = drafts.iter().filter(|d| d.part() == Part::Dev).count();
    assert!(
        test >= drafts.len() / 15 && dev >= drafts.len() / 15,
        "test {test}, dev {dev}"
    );
}

/// Every file of the corpus belongs to exactly one round (`data/corpus/rounds.json`), numbered
/// from 1 without a gap, and every file a round lists exists: a model trained on rounds 1..N
/// (`scripts/a2_model.py --rounds N`) can be trained again after later rounds join.
#[test]
fn every_file_is_in_exactly_one_round() {
    let rounds = corpus::rounds(root());
    let numbers: Vec<usize> = rounds
        .keys()
        .map(|k| k.parse().expect("a round number"))
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        (1..=numbers.len()).collect::<Vec<_>>(),
        "rounds 1..N"
    );
    let mut listed: Vec<&String> = rounds.values().flatten().collect();
    listed.sort();
    let files: Vec<String> = corpus::files(root())
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        listed,
        files.iter().collect::<Vec<_>>(),
        "each file of data/corpus/drafts/ once in rounds.json"
    );
}

/// Nothing of ../shared/eval (the development data beside the checkout) is in the corpus.
#[test]
fn no_text_comes_from_the_development_data() {
    let corpus: HashSet<String> = corpus::drafts(root())
        .into_iter()
        .map(|d| squash(&d.text))
        .collect();
    let dir = root().join("../shared/eval/text");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "corpus_lint: {} is not on this machine, so the corpus was not compared with it here",
            dir.display()
        );
        return;
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for line in text.lines() {
            let tweet = line.rsplit('\t').next().unwrap_or_default();
            let squashed = squash(tweet);
            if squashed.len() >= 20 && corpus.contains(&squashed) {
                found.push(tweet.to_owned());
            }
        }
    }
    assert!(found.is_empty(), "from ../shared/eval: {found:?}");
}

/// Lower-case letters and digits only, so copies with other spacing or punctuation match.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `--rounds` as the evaluations read it: N is rounds 1..=N, a list names ranges and rounds,
/// and a value that names no round is refused rather than measuring nothing.
#[test]
fn rounds_are_named_as_n_or_a_list() {
    let set = |v: &[usize]| v.iter().copied().collect::<std::collections::BTreeSet<_>>();
    assert_eq!(corpus::parse_rounds("3"), Ok(set(&[1, 2, 3])));
    assert_eq!(corpus::parse_rounds("1-3,5"), Ok(set(&[1, 2, 3, 5])));
    assert_eq!(corpus::parse_rounds("2, 4-4"), Ok(set(&[2, 4])));
    for bad in ["0", "", "5-3", "a", "1-", "1,,2", "-2"] {
        assert!(corpus::parse_rounds(bad).is_err(), "{bad:?}");
    }
}
