//! What the thresholds are calibrated on (scripts/a2_calibrate.py): for every draft of the corpus's
//! dev part, every line of the school-post suite (a limit the calibration keeps clear), and every
//! inoffensive tweet of OLID's and Davidson's training parts (kind `tweet_olid`, `tweet_davidson`:
//! a limit on the model's own false alarms there, so the peers' held-out figures are kept without
//! ever calibrating on the held-out part), one JSON line with its kind, the clauses of its
//! families, the clauses the fast checker flags at medium or above, and the shipped int8 model's
//! best-window score per family, exactly as staff's checks compute them; a tweet's row also has
//! its id, so the calibration can leave out the tweets training sampled. `cargo run --release
//! --example calibration_rows [-- --rounds N] [--model PATH] > rows.jsonl` (see `model_options`).
//! With `--unseen-round N`, the rows of every draft of round N instead of the dev part: a round no
//! compared model was trained on, so models (and averages of their scores) are measured there at
//! the thresholds each calibrates on the dev part.

#[path = "../tests/common/corpus.rs"]
mod corpus;
#[allow(dead_code)] // Each example takes the parts it needs.
mod eval_data;
mod model_options;

use std::io::Write;
use std::path::Path;

use corpus::Part;
use safepost::{AccountKind, CheckContext, Engine, Severity, Surface};
use serde_json::json;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let engine = Engine::with_default_policy();
    let options = model_options::ModelOptions::from_args("calibration_rows");
    let deep = options.checker();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // `id`: a tweet's, so the calibration can tell the tweets training sampled from the others.
    let mut row =
        |kind: &str, labels: &[String], text: &str, context: &CheckContext, id: Option<&str>| {
            let fast: Vec<String> = engine
                .check_text(text, context)
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Medium)
                .map(|f| f.clause.clone())
                .collect();
            let scores = deep.best_scores(text).expect("the model runs");
            let mut line = json!({"kind": kind, "labels": labels, "fast": fast, "scores": scores});
            if let Some(id) = id {
                line["id"] = json!(id);
            }
            writeln!(out, "{line}").expect("write");
        };
    // With --unseen-round N: every draft of round N instead (a measure, not a calibration set).
    let drafts = match options.unseen_round {
        Some(round) => corpus::drafts_of_round(root, round),
        None => corpus::drafts_of_rounds(root, options.rounds.as_ref())
            .into_iter()
            .filter(|d| d.part() == Part::Dev)
            .collect(),
    };
    for d in drafts {
        let context = CheckContext {
            platform: None,
            account: AccountKind::Personal,
            surface: d.check_surface(),
        };
        row(&d.kind, &d.labels, &d.text, &context, None);
    }
    let suite = std::fs::read_to_string(root.join("tests/cases/school-posts.txt")).expect("suite");
    for line in suite.lines().map(str::trim) {
        if !line.is_empty() && !line.starts_with('#') {
            let context = CheckContext {
                platform: None,
                account: AccountKind::Personal,
                surface: Surface::Post,
            };
            row("school_post", &[], line, &context, None);
        }
    }
    if options.unseen_round.is_some() {
        return; // A measure of the round's drafts, not a calibration set.
    }
    // Checked as eval_stages checks the held-out part (no account or surface known).
    for (kind, file) in [("tweet_olid", "olid_train"), ("tweet_davidson", "davidson")] {
        let path = root.join(format!("../shared/eval/text/{file}.tsv"));
        let tweets = eval_data::read_tweets(&path).unwrap_or_else(|| {
            eprintln!(
                "calibration_rows: cannot read {} (the development data sits beside the repository)",
                path.display()
            );
            std::process::exit(1)
        });
        for t in tweets.iter().filter(|t| !t.held_out && !t.offensive) {
            row(kind, &[], &t.text, &CheckContext::default(), Some(&t.id));
        }
    }
}
