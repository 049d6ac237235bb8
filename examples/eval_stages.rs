//! The fast checker, the deeper check (the model) alone and both together, as staff get them,
//! side by side on every labelled set: `cargo run --release --example eval_stages`.
//!
//! Flagged = any finding at medium or above. On the Policy A2 corpus's test part a breach is
//! caught "with a right clause" when a flagged finding cites the clause of one of its families;
//! OLID and Davidson are scored on their held-out 20 % (FNV-1a(id) % 5 == 0, never trained on);
//! the Scunthorpe and school-post suites (tests/cases/) must have no flagged line at all.
//! Ends with the deeper check's latency per draft on one thread. Options (see `model_options`):
//! `-- --rounds N`, `--model PATH`, `--no-latency`, `--unseen-round N`.

#[path = "../tests/common/corpus.rs"]
mod corpus;
#[allow(dead_code)] // Each example takes the parts it needs.
mod eval_data;
mod model_options;

use std::path::Path;
use std::time::Instant;

use corpus::{Part, FAMILIES};
use model_options::ModelOptions;
use safepost::content::finding::json_name;
use safepost::{AccountKind, CheckContext, Engine, Severity};
use safepost_deep::{CheckOptions, DeepChecker};

/// What each stage made of one text: (fast flagged, model flagged, both flagged) and the
/// clauses each cites at medium or above.
struct Judged {
    flagged: [bool; 3],
    clauses: [Vec<String>; 3],
}

struct Stages {
    engine: Engine,
    deep: DeepChecker,
}

impl Stages {
    fn judge(&self, text: &str, context: &CheckContext) -> Judged {
        let fast = self.engine.check_text(text, context);
        let options = CheckOptions {
            official: context.account == AccountKind::Official,
            no_words: true,
            ..Default::default()
        };
        let deep = self
            .deep
            .check(text, &options)
            .expect("the model runs")
            .findings;
        let fast_serious: Vec<(String, String, usize, usize)> = fast
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Medium)
            .map(|f| (f.clause.clone(), json_name(f.category), f.start16, f.end16))
            .collect();
        let deep_clauses: Vec<String> = deep
            .iter()
            .filter(|f| f.severity != "low")
            .map(|f| f.clause.clone())
            .collect();
        let merged: Vec<String> = fast
            .merge_deep(deep)
            .into_iter()
            .filter(|f| f.severity != "low")
            .map(|f| f.clause)
            .collect();
        let fast_clauses: Vec<String> = fast_serious.into_iter().map(|f| f.0).collect();
        let both: Vec<String> = fast_clauses.iter().cloned().chain(merged).collect();
        Judged {
            flagged: [
                !fast_clauses.is_empty(),
                !deep_clauses.is_empty(),
                !both.is_empty(),
            ],
            clauses: [fast_clauses, deep_clauses, both],
        }
    }
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = ModelOptions::from_args("eval_stages");
    let stages = Stages {
        engine: Engine::with_default_policy(),
        deep: options.checker(),
    };
    corpus_part(&stages, root, &options);
    if options.unseen_round.is_some() {
        return; // The tweets and suites do not depend on the round: the usual run measures them.
    }
    for (name, file) in [
        ("OLID held-out", "olid_train"),
        ("Davidson held-out", "davidson"),
    ] {
        tweets(
            &stages,
            name,
            &root.join(format!("../shared/eval/text/{file}.tsv")),
        );
    }
    for suite in ["scunthorpe", "school-posts"] {
        let text =
            std::fs::read_to_string(root.join(format!("tests/cases/{suite}.txt"))).expect("suite");
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let judged: Vec<Judged> = lines
            .iter()
            .map(|l| stages.judge(l, &CheckContext::default()))
            .collect();
        let counts: Vec<usize> = (0..3)
            .map(|s| judged.iter().filter(|j| j.flagged[s]).count())
            .collect();
        println!(
            "{suite:<18} {:>6} lines flagged: fast {}, model {}, both {} (should be none)",
            lines.len(),
            counts[0],
            counts[1],
            counts[2]
        );
        for (line, j) in lines.iter().zip(&judged) {
            if j.flagged[2] {
                println!("    flagged: {line}");
            }
        }
    }
    if options.latency {
        latency(&stages, root, options.rounds.as_ref());
    }
}

fn corpus_part(stages: &Stages, root: &Path, options: &ModelOptions) {
    let (drafts, what): (Vec<corpus::Draft>, String) = match options.unseen_round {
        Some(round) => (
            corpus::drafts_of_round(root, round),
            format!("round {round} alone, every part"),
        ),
        None => (
            corpus::drafts_of_rounds(root, options.rounds.as_ref())
                .into_iter()
                .filter(|d| d.part() == Part::Test)
                .collect(),
            "test part".to_owned(),
        ),
    };
    let judged: Vec<Judged> = drafts
        .iter()
        .map(|d| {
            stages.judge(
                &d.text,
                &CheckContext {
                    platform: None,
                    account: AccountKind::Personal,
                    surface: d.check_surface(),
                },
            )
        })
        .collect();
    println!(
        "The Policy A2 corpus, {what} ({} drafts): flagged / with a right clause",
        drafts.len()
    );
    println!(
        "{:<18} {:>6} {:>15} {:>15} {:>15}",
        "family", "drafts", "fast", "model", "both"
    );
    let row = |label: &str, rows: &[(&corpus::Draft, &Judged)], clause: Option<&str>| {
        let mut cells = Vec::new();
        for s in 0..3 {
            let flagged = rows.iter().filter(|(_, j)| j.flagged[s]).count();
            let right = rows
                .iter()
                .filter(|(d, j)| {
                    let clauses = d.clauses();
                    j.clauses[s].iter().any(|c| clauses.contains(&c.as_str()))
                })
                .count();
            cells.push(format!(
                "{:>6.1} / {:>5.1}",
                percent(flagged, rows.len()),
                percent(right, rows.len())
            ));
        }
        println!(
            "{label:<18} {:>6} {:>15} {:>15} {:>15}  {}",
            rows.len(),
            cells[0],
            cells[1],
            cells[2],
            clause.map(|c| format!("§{c}")).unwrap_or_default()
        );
    };
    let pairs: Vec<(&corpus::Draft, &Judged)> = drafts.iter().zip(&judged).collect();
    for (family, clause) in FAMILIES {
        let rows: Vec<_> = pairs
            .iter()
            .copied()
            .filter(|(d, _)| d.labels.iter().any(|l| l == family))
            .collect();
        row(family, &rows, Some(clause));
    }
    let breaches: Vec<_> = pairs
        .iter()
        .copied()
        .filter(|(d, _)| d.kind == "breach")
        .collect();
    row("all breaches", &breaches, None);
    for kind in ["near_miss", "ordinary"] {
        let rows: Vec<_> = pairs
            .iter()
            .copied()
            .filter(|(d, _)| d.kind == kind)
            .collect();
        let f: Vec<String> = (0..3)
            .map(|s| {
                format!(
                    "{:>14.1}%",
                    percent(
                        rows.iter().filter(|(_, j)| j.flagged[s]).count(),
                        rows.len()
                    )
                )
            })
            .collect();
        println!(
            "{kind:<18} {:>6} {} {} {}  flagged (should be none)",
            rows.len(),
            f[0],
            f[1],
            f[2]
        );
    }
}

fn tweets(stages: &Stages, name: &str, path: &Path) {
    let Some(all) = eval_data::read_tweets(path) else {
        eprintln!(
            "eval_stages: cannot read {} (the development data sits beside the repository)",
            path.display()
        );
        return;
    };
    let rows: Vec<(bool, String)> = all
        .into_iter()
        .filter(|t| t.held_out)
        .map(|t| (t.offensive, t.text))
        .collect();
    let judged: Vec<[bool; 3]> = rows
        .iter()
        .map(|(_, t)| stages.judge(t, &CheckContext::default()).flagged)
        .collect();
    let mut cells = Vec::new();
    for s in 0..3 {
        let (mut tp, mut fp, mut fneg, mut tn) = (0usize, 0usize, 0usize, 0usize);
        for ((offensive, _), j) in rows.iter().zip(&judged) {
            match (j[s], *offensive) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fneg += 1,
                (false, false) => tn += 1,
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fneg).max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        cells.push(format!(
            "P {p:.3} R {r:.3} F1 {f1:.3} FPR {:.3} ({tp} caught, {fp} false alarms)",
            fp as f64 / (fp + tn).max(1) as f64
        ));
    }
    println!(
        "{name} ({} texts)\n    fast:  {}\n    model: {}\n    both:  {}",
        rows.len(),
        cells[0],
        cells[1],
        cells[2]
    );
}

fn latency(stages: &Stages, root: &Path, rounds: Option<&std::collections::BTreeSet<usize>>) {
    let drafts: Vec<corpus::Draft> = corpus::drafts_of_rounds(root, rounds)
        .into_iter()
        .filter(|d| d.part() == Part::Test)
        .collect();
    let mut times: Vec<f64> = drafts
        .iter()
        .map(|d| {
            let started = Instant::now();
            stages
                .deep
                .check(&d.text, &CheckOptions::default())
                .expect("runs");
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let mean_chars =
        drafts.iter().map(|d| d.text.chars().count()).sum::<usize>() as f64 / drafts.len() as f64;
    println!(
        "Deeper check, native, one draft at a time (mean {mean_chars:.0} characters, words named): median {:.1} ms, p95 {:.1} ms",
        times[times.len() / 2],
        times[times.len() * 95 / 100]
    );
}
