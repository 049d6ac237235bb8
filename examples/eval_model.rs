//! Evaluates the shipped abuse model alone on the held-out development data.
//!
//! ```text
//! cargo run --release --example eval_model
//! ```
//!
//! Uses the same held-out split as `train_model` (FNV-1a(id) % 5 == 0) of
//! `../shared/eval/text/davidson.tsv` and `olid_train.tsv`, the same preparation (HTML
//! entities decoded, then `normalise`), and the embedded model exactly as the engine
//! runs it. Prints precision / recall / F1 / false-positive rate over a threshold sweep,
//! the figures at the thresholds stored in the model, a recommendation, the scores of a
//! few ordinary school posts, and the speed of `Model::score`.

use safepost::content::model::Model;
use safepost::content::normalise::normalise;
use std::time::Instant;

#[allow(dead_code)] // Each example takes the parts it needs.
mod eval_data;
use eval_data::{metrics, read_tweets};

const DATA: &str = "../shared/eval/text";
const DATASETS: [&str; 2] = ["davidson", "olid_train"];

/// The held-out records of one data set: (text, label), entities decoded but not yet
/// normalised.
fn held_out(name: &str) -> Vec<(String, bool)> {
    let path = format!("{DATA}/{name}.tsv");
    let tweets = read_tweets(std::path::Path::new(&path))
        .unwrap_or_else(|| panic!("cannot read {path} (run from the repository root)"));
    tweets
        .into_iter()
        .filter(|t| t.held_out)
        .map(|t| (t.text, t.offensive))
        .collect()
}

fn row(label: &str, scored: &[Vec<(f32, bool)>], t: f32) {
    let mut line = format!("{label:>8} {t:>6.3}");
    for s in scored {
        let (p, r, f1, fpr) = metrics(s, t);
        line.push_str(&format!("   {p:.3} {r:.3} {f1:.3} {fpr:.3}"));
    }
    println!("{line}");
}

fn main() {
    let model = Model::embedded();
    let raw: Vec<Vec<(String, bool)>> = DATASETS.iter().map(|n| held_out(n)).collect();
    let t0 = Instant::now();
    let data: Vec<Vec<(String, bool)>> = raw
        .iter()
        .map(|d| d.iter().map(|(t, l)| (normalise(t).text, *l)).collect())
        .collect();
    let normalise_secs = t0.elapsed().as_secs_f64();

    // Speed: score() alone over every held-out text (already normalised), best of 3.
    let texts: Vec<&str> = data.iter().flatten().map(|(t, _)| t.as_str()).collect();
    let mut best = f64::MAX;
    let mut sink = 0f32;
    for _ in 0..3 {
        let t0 = Instant::now();
        for t in &texts {
            sink += model.score(t).probability;
        }
        best = best.min(t0.elapsed().as_secs_f64());
    }

    let scored: Vec<Vec<(f32, bool)>> = data
        .iter()
        .map(|d| {
            d.iter()
                .map(|(t, l)| (model.score(t).probability, *l))
                .collect()
        })
        .collect();

    println!(
        "held-out: {} davidson ({} positive), {} olid ({} positive); model alone",
        scored[0].len(),
        scored[0].iter().filter(|s| s.1).count(),
        scored[1].len(),
        scored[1].iter().filter(|s| s.1).count()
    );
    println!(
        "{:>8} {:>6}   davidson P R F1 FPR     olid P R F1 FPR",
        "", "thresh"
    );
    for i in 1..20 {
        row("", &scored, i as f32 * 0.05);
    }
    println!();
    let (high, medium) = (model.threshold_high(), model.threshold_medium());
    row("high", &scored, high);
    row("medium", &scored, medium);
    let best_f1 = (1..1000)
        .map(|i| i as f32 / 1000.0)
        .filter(|&t| metrics(&scored[1], t).3 <= 0.10)
        .max_by(|&a, &b| {
            metrics(&scored[1], a)
                .2
                .total_cmp(&metrics(&scored[1], b).2)
        });
    if let Some(t) = best_f1 {
        row("bestF1", &scored, t);
    }
    // The effect of scoring long texts in windows (`Model::score`) against whole texts.
    for window in [0, 16, 24, 32, 48] {
        let scored: Vec<Vec<(f32, bool)>> = data
            .iter()
            .map(|d| {
                d.iter()
                    .map(|(t, l)| (model.score_windowed(t, window).probability, *l))
                    .collect()
            })
            .collect();
        row(&format!("win{window}"), &scored, medium);
    }
    println!(
        "\nrecommended: flag as HIGH at p >= {high:.3} (model alone: <= 5% of inoffensive OLID \
         tweets), MEDIUM at p >= {medium:.3} (the whole checker, lexicon included: <= 9%).\n\
         (`bestF1` is the best OLID F1 of the model alone with FPR <= 0.10, for reference only: \
         it leaves no room for the lexicon's false positives.)"
    );

    println!("\nordinary posts (should be below {medium:.3}):");
    for text in [
        "Well done to Year 6 on their fantastic trip to the Science Museum!",
        "Reminder: parents' evening is on Thursday from 4pm",
        "Our under-14s won 3-1 against Oakfield today",
        "Congratulations to all our students on their GCSE results",
        "Please remember PE kit on Tuesdays and Thursdays.",
        "Huge thanks to the PTA for organising a brilliant Christmas fair",
        "Our Year 10 drama group performed Macbeth and they killed it!",
        "Sad news: our beloved school hamster Nibbles has died. RIP little one.",
    ] {
        let norm = normalise(text).text;
        let s = model.score(&norm);
        let drivers: Vec<&str> = s.drivers.iter().map(|d| &norm[d.start..d.end]).collect();
        println!("  {:.3}  {text}  {drivers:?}", s.probability);
    }

    println!(
        "\nspeed: score() {:.0} texts/s natively ({} held-out texts, best of 3; normalise() \
         alone {:.0} texts/s){}",
        texts.len() as f64 / best,
        texts.len(),
        texts.len() as f64 / normalise_secs,
        if sink.is_nan() { "!" } else { "" }
    );
}
