//! The checker on the Policy A2 corpus (`data/corpus/`): `cargo run --release --example
//! eval_corpus [-- --all]`. As staff get it: a draft is flagged when any finding is medium
//! or above; a breach is caught "with a right clause" when one of those findings cites the
//! clause of one of its families. Reports the test part (or every part with `--all`) per
//! family, and the share of near misses and ordinary posts flagged.

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::path::Path;

use corpus::{Part, FAMILIES};
use safepost::{AccountKind, CheckContext, Engine, Severity};

fn main() {
    let all = std::env::args().any(|a| a == "--all");
    let drafts: Vec<corpus::Draft> = corpus::drafts(Path::new(env!("CARGO_MANIFEST_DIR")))
        .into_iter()
        .filter(|d| all || d.part() == Part::Test)
        .collect();
    let engine = Engine::with_default_policy();
    // (flagged, flagged with a right clause) per draft.
    let judged: Vec<(bool, bool)> = drafts
        .iter()
        .map(|d| {
            let context = CheckContext {
                platform: None,
                account: AccountKind::Personal,
                surface: d.check_surface(),
            };
            let result = engine.check_text(&d.text, &context);
            let serious: Vec<_> = result
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Medium)
                .collect();
            let clauses = d.clauses();
            let right = serious.iter().any(|f| clauses.contains(&f.clause.as_str()));
            (!serious.is_empty(), right)
        })
        .collect();
    let part = if all { "all parts" } else { "the test part" };
    println!(
        "The checker on the Policy A2 corpus ({part}, {} drafts)",
        drafts.len()
    );
    println!(
        "{:<18} {:>6} {:>9} {:>13}",
        "family", "drafts", "flagged", "right clause"
    );
    let (mut breaches, mut flagged, mut right) = (0, 0, 0);
    for (family, clause) in FAMILIES {
        let rows: Vec<&(bool, bool)> = drafts
            .iter()
            .zip(&judged)
            .filter(|(d, _)| d.labels.iter().any(|l| l == family))
            .map(|(_, j)| j)
            .collect();
        let f = rows.iter().filter(|j| j.0).count();
        let r = rows.iter().filter(|j| j.1).count();
        println!(
            "{:<18} {:>6} {:>8.1}% {:>12.1}%   §{clause}",
            family,
            rows.len(),
            percent(f, rows.len()),
            percent(r, rows.len())
        );
    }
    for (d, j) in drafts.iter().zip(&judged) {
        if d.kind == "breach" {
            breaches += 1;
            flagged += usize::from(j.0);
            right += usize::from(j.1);
        }
    }
    println!(
        "{:<18} {:>6} {:>8.1}% {:>12.1}%",
        "all breaches",
        breaches,
        percent(flagged, breaches),
        percent(right, breaches)
    );
    for kind in ["near_miss", "ordinary"] {
        let rows: Vec<bool> = drafts
            .iter()
            .zip(&judged)
            .filter(|(d, _)| d.kind == kind)
            .map(|(_, j)| j.0)
            .collect();
        let f = rows.iter().filter(|&&x| x).count();
        println!(
            "{:<18} {:>6} {:>8.1}% flagged (should be none)",
            kind,
            rows.len(),
            percent(f, rows.len())
        );
    }
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}
