//! Accuracy and speed of the whole content checker on the development data:
//! `cargo run --release --example eval_content` (reads ../shared/eval/text/*.tsv).
//! A text counts as flagged when any finding is medium or above.

use std::time::Instant;

use safepost::{CheckContext, Engine, Severity};

fn main() {
    let engine = Engine::with_default_policy();
    let context = CheckContext::default();
    for (name, path) in [
        ("Davidson", "../shared/eval/text/davidson.tsv"),
        ("OLID train", "../shared/eval/text/olid_train.tsv"),
    ] {
        let data = match std::fs::read_to_string(path) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("eval_content: cannot read {path}: {e} (the development data sits beside the checkout)");
                std::process::exit(2);
            }
        };
        let rows: Vec<(bool, &str)> = data
            .lines()
            .filter_map(|line| {
                let mut parts = line.splitn(3, '\t');
                let (_id, label, text) = (parts.next()?, parts.next()?, parts.next()?);
                Some((label == "1", text))
            })
            .collect();
        let (mut tp, mut fp, mut tn, mut fn_) = (0usize, 0usize, 0usize, 0usize);
        let started = Instant::now();
        for &(offensive, text) in &rows {
            let flagged = engine
                .check_text(text, &context)
                .findings
                .iter()
                .any(|f| f.severity >= Severity::Medium);
            match (offensive, flagged) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (false, false) => tn += 1,
                (true, false) => fn_ += 1,
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        let precision = tp as f64 / (tp + fp).max(1) as f64;
        let recall = tp as f64 / (tp + fn_).max(1) as f64;
        let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
        let fpr = fp as f64 / (fp + tn).max(1) as f64;
        println!(
            "{name:<11} n={:>6}  precision {precision:.3}  recall {recall:.3}  F1 {f1:.3}  FPR {fpr:.3}  ({:.0} texts/s)",
            rows.len(),
            rows.len() as f64 / seconds
        );
    }
}
