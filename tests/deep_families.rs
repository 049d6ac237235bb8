//! Lint of the deeper check's data: data/deep-families.toml against the corpus's families and
//! the engine's categories, and the shipped model file against both and its recorded sha256.

#[path = "common/corpus.rs"]
mod corpus;

use safepost::ContentCategory;
use safepost_deep::DeepChecker;
use sha2::{Digest, Sha256};

#[test]
fn every_family_of_the_corpus_in_order_with_its_clause_category_and_message() {
    let checker = DeepChecker::embedded();
    let families = checker.families();
    let names: Vec<(&str, &str)> = families
        .iter()
        .map(|f| (f.name.as_str(), f.clause.as_str()))
        .collect();
    assert_eq!(
        names,
        corpus::FAMILIES,
        "the model's outputs are the corpus's families, in order"
    );
    for f in families {
        serde_json::from_value::<ContentCategory>(serde_json::json!(f.category))
            .unwrap_or_else(|_| panic!("{}: {} is not a finding category", f.name, f.category));
        assert!(
            ["low", "medium", "high"].contains(&f.severity.as_str()),
            "{}: severity {}",
            f.name,
            f.severity
        );
        assert!(
            f.message.contains(&format!("Policy A2 §{}", f.clause)),
            "{}: the message cites its clause",
            f.name
        );
        assert!(
            f.message.len() < 260,
            "{}: a message short enough to read at a glance",
            f.name
        );
        assert!(
            f.threshold > 0.0 && f.threshold < 1.0,
            "{}: threshold {}",
            f.name,
            f.threshold
        );
    }
}

#[test]
fn the_shipped_model_file_is_the_one_its_readme_records() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/model/a2-minilm-q8.gguf"
    ))
    .unwrap();
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/model/README.md"))
            .unwrap();
    assert!(
        readme.contains(&digest),
        "data/model/README.md records sha256 {digest}"
    );
    assert!(
        readme.contains(&bytes.len().to_string()),
        "data/model/README.md records its size, {} bytes",
        bytes.len()
    );
}

/// The deeper check adds no medium or high finding to the false-positive traps that the fast
/// checker passes (tests/cases/scunthorpe.txt), and to at most 1 % of its ordinary posts
/// (tests/cases/school-posts.txt; the target for ordinary posts is 3 %). The shipped model's
/// thresholds are calibrated to clear every school post (scripts/a2_calibrate.py), so today none
/// is flagged; the 1 % allowance is for a model that reads a post by its topic.
#[test]
fn no_flagged_line_in_the_scunthorpe_and_school_post_suites() {
    let checker = DeepChecker::embedded();
    let options = safepost_deep::CheckOptions {
        no_words: true,
        ..Default::default()
    };
    let mut failures = Vec::new();
    let mut posts = 0;
    for suite in ["scunthorpe", "school-posts"] {
        let path = format!("{}/tests/cases/{suite}.txt", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let flagged: Vec<String> = checker
                .check(line, &options)
                .unwrap()
                .findings
                .into_iter()
                .filter(|f| f.severity != "low")
                .map(|f| f.family)
                .collect();
            posts += usize::from(suite == "school-posts");
            if !flagged.is_empty() {
                failures.push((suite, format!("{suite}: {line:?} flagged {flagged:?}")));
            }
        }
    }
    let report = || {
        failures
            .iter()
            .map(|f| f.1.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        failures.iter().all(|f| f.0 == "school-posts"),
        "{}",
        report()
    );
    assert!(
        failures.len() * 100 <= posts,
        "{} of {posts} school posts flagged:\n{}",
        failures.len(),
        report()
    );
}
