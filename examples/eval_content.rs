//! Accuracy and speed of the whole content checker (lexicon, rules, personal data and
//! model) on the development data: `cargo run --release --example eval_content`.
//! A text counts as flagged when any finding is medium or above. Figures are given for
//! the held-out 20 % (the model never trained on it) and for all rows.

use std::time::Instant;

use safepost::{CheckContext, Engine, Severity};

#[allow(dead_code)] // Each example takes the parts it needs.
mod eval_data;
use eval_data::{metrics, read_tweets};

fn main() {
    let engine = Engine::with_default_policy();
    let context = CheckContext::default();
    for (name, file) in [("Davidson", "davidson"), ("OLID train", "olid_train")] {
        let path = format!("../shared/eval/text/{file}.tsv");
        let rows: Vec<(bool, bool, String)> = read_tweets(std::path::Path::new(&path))
            .unwrap_or_else(|| {
                eprintln!("eval_content: cannot read {path} (run from the repository root; the data sits beside it)");
                std::process::exit(2)
            })
            .into_iter()
            .map(|t| (t.held_out, t.offensive, t.text))
            .collect();
        let started = Instant::now();
        let scored: Vec<(bool, (f32, bool))> = rows
            .iter()
            .map(|(held_out, offensive, text)| {
                let flagged = engine
                    .check_text(text, &context)
                    .findings
                    .iter()
                    .any(|f| f.severity >= Severity::Medium);
                (*held_out, (if flagged { 1.0 } else { 0.0 }, *offensive))
            })
            .collect();
        let per_second = rows.len() as f64 / started.elapsed().as_secs_f64();
        for (part, keep) in [("held-out", true), ("all rows", false)] {
            let part_rows: Vec<(f32, bool)> = scored
                .iter()
                .filter(|(h, _)| *h || !keep)
                .map(|(_, s)| *s)
                .collect();
            let (precision, recall, f1, fpr) = metrics(&part_rows, 0.5);
            println!(
                "{name:<11} {part:<9} n={:>6}  precision {precision:.3}  recall {recall:.3}  F1 {f1:.3}  FPR {fpr:.3}",
                part_rows.len()
            );
        }
        println!(
            "{name:<11} speed: {per_second:.0} texts/s natively (release profile, one thread)"
        );
    }
}
