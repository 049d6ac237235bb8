//! The options the deeper check's evaluations share (`eval_stages`, `calibration_rows`), so a
//! candidate model is measured on the same drafts as the shipped one without editing anything:
//!
//! - `--rounds N`: the corpus's rounds 1..=N only (`data/corpus/rounds.json`), as a table made
//!   before later rounds joined was measured, or a list such as `1-16,18` (the rounds a model
//!   was trained on when an earlier one is kept unseen); every round when left out;
//! - `--model PATH`: a model file (`scripts/a2_export.py`'s output, its thresholds inside)
//!   instead of the one built in;
//! - `--no-latency`: skip the latency part (`eval_stages` only);
//! - `--unseen-round N`: every draft of round N (all its parts) instead of the test part
//!   (`eval_stages`, which then measures only that) or the dev part (`calibration_rows`), for
//!   models all trained before round N was written: new writers' drafts, the nearest the corpus
//!   has to staff no one on the project knows.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::corpus;

use safepost_deep::DeepChecker;

pub struct ModelOptions {
    pub rounds: Option<BTreeSet<usize>>,
    pub model: Option<PathBuf>,
    pub latency: bool,
    pub unseen_round: Option<usize>,
}

impl ModelOptions {
    /// From the command line; exits with a usage line on anything it does not know.
    pub fn from_args(example: &str) -> ModelOptions {
        let usage = || -> ! {
            eprintln!("usage: cargo run --release --example {example} -- [--rounds N|LIST] [--model PATH] [--no-latency] [--unseen-round N]");
            std::process::exit(2)
        };
        let mut options = ModelOptions {
            rounds: None,
            model: None,
            latency: true,
            unseen_round: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--rounds" => {
                    let spec = args.next().unwrap_or_else(|| usage());
                    options.rounds = Some(corpus::parse_rounds(&spec).unwrap_or_else(|e| {
                        eprintln!("--rounds: {e}");
                        std::process::exit(2)
                    }))
                }
                "--model" => {
                    options.model = Some(args.next().map(PathBuf::from).unwrap_or_else(|| usage()))
                }
                "--no-latency" => options.latency = false,
                "--unseen-round" => {
                    options.unseen_round = Some(
                        args.next()
                            .and_then(|n| n.parse().ok())
                            .unwrap_or_else(|| usage()),
                    )
                }
                _ => usage(),
            }
        }
        if options.rounds.is_some() && options.unseen_round.is_some() {
            eprintln!("--rounds and --unseen-round choose different drafts: give one of them");
            std::process::exit(2)
        }
        // The corpus reader's own list of rounds, so a number beyond it is refused here with a
        // message rather than a panic deep in the reader.
        let written = corpus::rounds(Path::new(env!("CARGO_MANIFEST_DIR"))).len();
        let named = options.rounds.iter().flatten().copied();
        for (flag, round) in named
            .map(|n| ("--rounds", n))
            .chain(options.unseen_round.map(|n| ("--unseen-round", n)))
        {
            if !(1..=written).contains(&round) {
                eprintln!("{flag} {round}: data/corpus/rounds.json has rounds 1 to {written}");
                std::process::exit(2)
            }
        }
        options
    }

    /// The model to measure: the file named, or the one built in.
    pub fn checker(&self) -> DeepChecker {
        let Some(path) = &self.model else {
            return DeepChecker::embedded();
        };
        let fail = |e: &dyn std::fmt::Display| -> ! {
            eprintln!(
                "--model {}: {e} (give a file made by scripts/a2_export.py)",
                path.display()
            );
            std::process::exit(1)
        };
        let bytes = std::fs::read(path).unwrap_or_else(|e| fail(&e));
        DeepChecker::load(&bytes).unwrap_or_else(|e| fail(&e))
    }
}
