//! Trains the abuse model and writes `data/model/abuse.bin`.
//!
//! ```text
//! cargo run --release --example train_model
//! ```
//!
//! Reads the development data beside the checkout (`../shared/eval/text/davidson.tsv` and
//! `olid_train.tsv`, `id<TAB>label<TAB>text`), never copying it into the project. Each
//! record goes to the held-out part when FNV-1a(id) % 5 == 0 (20 %), else to training.
//! Every text has its HTML entities decoded (`&amp;` — an artefact of the tweet dumps)
//! and is then normalised with `safepost::content::normalise::normalise`, exactly as the
//! engine does before scoring.
//!
//! Training uses the training parts of both sets together. Two logistic regressions
//! (AdaGrad, L2) are fitted — one plain, one NB-LR, whose inputs are scaled by each
//! bucket's log-count ratio on the OLID training part — and their weights averaged (the
//! ratios folded in), with a fixed seed and a fixed number of epochs, so the output is
//! the same on every run. The weights are quantised to i8 with one f32 scale. Two thresholds go into the header: *high*, the model alone at ≤ 5 % false
//! positives on the OLID held-out part, and *medium*, the one the checker uses, where the
//! whole checker (the model's finding or any other medium one) flags ≤ 9 % of the
//! inoffensive OLID held-out tweets. Held-out figures are printed at the end.
//!
//! Hyper-parameters can be overridden for experiments with environment variables
//! (`SP_BITS`, `SP_CHAR_MIN`, `SP_CHAR_MAX`, `SP_FLAGS`, `SP_EPOCHS`, `SP_LR`, `SP_L2`,
//! `SP_BALANCE`, `SP_OLID_WEIGHT`, `SP_CLIP`, `SP_NB_ALPHA`, `SP_NB_SOURCE`,
//! `SP_MIX`, `SP_MEDIUM_FPR`, `SP_OUT`, and `SP_CORPUS`, `SP_CORPUS_WEIGHT`,
//! `SP_CORPUS_POSITIVES` to add the Policy A2 corpus's train part); the defaults are the
//! shipped model's.

#[path = "../tests/common/corpus.rs"]
mod corpus;

use safepost::content::model::{FeatureConfig, Model, FLAG_BIGRAMS, FLAG_SQRT_NORM};
use safepost::content::normalise::normalise;
use safepost::{CheckContext, Engine, Severity};
use std::time::Instant;

#[allow(dead_code)] // Each example takes the parts it needs.
mod eval_data;
use eval_data::{metrics, read_tweets, Tweet};

const DATA: &str = "../shared/eval/text";

/// One labelled record.
struct Record {
    dataset: usize,
    label: bool,
    /// The normalised text.
    text: String,
    held_out: bool,
    /// Held-out only: whether the rest of the checker (lexicon, rules, personal data)
    /// already raises a medium or higher finding.
    flagged_without_model: bool,
    /// The corpus's ordinary posts (everyday life, the bulk of what staff write).
    ordinary: bool,
}

const DATASETS: [&str; 3] = ["davidson", "olid_train", "corpus"];

/// Whether the rest of the checker (lexicon, rules, personal data) raises a medium or
/// higher finding on `text`.
fn flagged_without_model(engine: &Engine, text: &str) -> bool {
    engine
        .check_text(text, &CheckContext::default())
        .findings
        .iter()
        .any(|f| f.severity >= Severity::Medium && !f.rule.starts_with("model:"))
}

/// The Policy A2 corpus's drafts of `rounds` as a third data set: staff's own words, so the
/// model learns that "sick", "nuts" and "dead on my feet" in an everyday post insult no one.
/// Positives: drafts labelled `abuse` (§5.6: attack, insult, abuse); negatives: near misses
/// and ordinary posts. Other breaches are left out (a leak or a lift offered to a pupil is
/// not abusive language, and this model is not where they are caught). The corpus's own
/// split decides what is held out: its dev and test parts.
fn load_corpus(engine: &Engine, rounds: &str, positives: bool) -> Vec<Record> {
    let chosen = corpus::parse_rounds(rounds).unwrap_or_else(|e| panic!("SP_CORPUS: {e}"));
    corpus::drafts_of_rounds(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        Some(&chosen),
    )
    .into_iter()
    .filter(|d| d.kind != "breach" || (positives && d.labels.iter().any(|l| l == "abuse")))
    .map(|d| {
        let held_out = d.part() != corpus::Part::Train;
        Record {
            dataset: 2,
            label: d.kind == "breach",
            flagged_without_model: held_out && flagged_without_model(engine, &d.text),
            text: normalise(&d.text).text,
            held_out,
            ordinary: d.kind == "ordinary",
        }
    })
    .collect()
}

fn load(corpus_rounds: &str, corpus_positives: bool) -> Vec<Record> {
    let engine = Engine::with_default_policy();
    let mut records = Vec::new();
    for (dataset, name) in DATASETS[..2].iter().enumerate() {
        let path = format!("{DATA}/{name}.tsv");
        let tweets = read_tweets(std::path::Path::new(&path))
            .unwrap_or_else(|| panic!("cannot read {path} (run from the repository root)"));
        for Tweet {
            held_out,
            offensive: label,
            text,
            ..
        } in tweets
        {
            let flagged_without_model = held_out && flagged_without_model(&engine, &text);
            records.push(Record {
                dataset,
                label,
                text: normalise(&text).text,
                held_out,
                flagged_without_model,
                ordinary: false,
            });
        }
    }
    if corpus_rounds != "none" {
        records.extend(load_corpus(&engine, corpus_rounds, corpus_positives));
    }
    records
}

/// The setting `name` from the environment, or `default` when it is not set. A value that
/// does not parse stops the run: training quietly on the default would ship the wrong model.
fn env<T: std::str::FromStr + std::fmt::Debug>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(value) => value.parse().unwrap_or_else(|_| {
            panic!(
                "{name}={value:?} is not a valid {} (unset, it is {default:?})",
                std::any::type_name::<T>()
            )
        }),
        Err(std::env::VarError::NotPresent) => default,
        Err(e) => panic!("{name}: {e}"),
    }
}

/// xorshift64* — a fixed, seeded generator for the shuffles.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// The sparse feature vector of a text: (bucket, value), buckets ascending.
fn features(config: &FeatureConfig, text: &str) -> Vec<(u32, f32)> {
    let mut buckets = Vec::new();
    config.for_each_feature(text, |_, _, _, _, b| buckets.push(b));
    buckets.sort_unstable();
    let norm = if config.flags & FLAG_SQRT_NORM != 0 && !buckets.is_empty() {
        1.0 / (buckets.len() as f32).sqrt()
    } else {
        1.0
    };
    let mut out: Vec<(u32, f32)> = Vec::with_capacity(buckets.len());
    for b in buckets {
        match out.last_mut() {
            Some(last) if last.0 == b => last.1 += norm,
            _ => out.push((b, norm)),
        }
    }
    out
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The lowest threshold on a 0.001 grid at which at most `max_fpr` of the negatives
/// score at or above it.
fn threshold_for_fpr(scored: &[(f32, bool)], max_fpr: f64) -> f32 {
    let mut neg: Vec<f32> = scored.iter().filter(|s| !s.1).map(|s| s.0).collect();
    neg.sort_by(|a, b| b.total_cmp(a));
    let allowed = (max_fpr * neg.len() as f64).floor() as usize;
    match neg.get(allowed) {
        // Strictly above the first negative that must not be flagged.
        Some(&p) => (((f64::from(p) * 1000.0).floor() + 1.0) / 1000.0).min(1.0) as f32,
        None => 0.0,
    }
}

/// Area under the ROC curve.
fn auc(scored: &[(f32, bool)]) -> f64 {
    let mut s: Vec<(f32, bool)> = scored.to_vec();
    s.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut rank_sum, mut pos, mut i) = (0.0f64, 0u64, 0usize);
    while i < s.len() {
        let mut j = i;
        while j < s.len() && s[j].0 == s[i].0 {
            j += 1;
        }
        let avg_rank = (i + j + 1) as f64 / 2.0;
        for item in &s[i..j] {
            if item.1 {
                rank_sum += avg_rank;
                pos += 1;
            }
        }
        i = j;
    }
    let neg = s.len() as u64 - pos;
    (rank_sum - (pos * (pos + 1)) as f64 / 2.0) / (pos * neg) as f64
}

fn main() {
    let config = FeatureConfig {
        bits: env("SP_BITS", 15),
        char_min: env("SP_CHAR_MIN", 4),
        char_max: env("SP_CHAR_MAX", 5),
        flags: env("SP_FLAGS", FLAG_BIGRAMS | FLAG_SQRT_NORM),
    };
    let epochs: usize = env("SP_EPOCHS", 6);
    let lr: f32 = env("SP_LR", 0.2);
    let l2: f32 = env("SP_L2", 1e-5);
    // 0: no class weights; 1: each dataset's classes weigh the same in total.
    let balance: u32 = env("SP_BALANCE", 1);
    // Extra weight of the OLID examples (insults without swear words are its strength).
    let olid_weight: f32 = env("SP_OLID_WEIGHT", 1.0);
    // Quantisation scale: this quantile of |w| maps to 127 (larger weights are clipped).
    let clip: f64 = env("SP_CLIP", 1.0);
    // NB-LR smoothing (0: plain logistic regression) and the data its ratios come from
    // (0: both sets, 1: Davidson, 2: OLID).
    let nb_alpha: f64 = env("SP_NB_ALPHA", 1.0);
    let nb_source: usize = env("SP_NB_SOURCE", 2);
    // The medium threshold: the whole checker flags at most this share of the
    // inoffensive OLID held-out tweets.
    let medium_fpr: f64 = env("SP_MEDIUM_FPR", 0.09);
    // Weight of the plain model in the average with the NB-LR one (0: NB-LR alone).
    let mix: f32 = env("SP_MIX", 0.5);
    let out_path: String = env("SP_OUT", "data/model/abuse.bin".to_string());
    // The corpus's rounds trained on (`none`: the tweets alone) and the weight of its drafts.
    let corpus_rounds: String = env("SP_CORPUS", "none".to_string());
    let corpus_weight: f32 = env("SP_CORPUS_WEIGHT", 1.0);
    // 1: the corpus's `abuse` drafts as positives too; 0: its near misses and ordinary posts only.
    let corpus_positives: u32 = env("SP_CORPUS_POSITIVES", 1);

    let t0 = Instant::now();
    let records = load(&corpus_rounds, corpus_positives == 1);
    eprintln!(
        "loaded and normalised {} records in {:.1}s",
        records.len(),
        t0.elapsed().as_secs_f32()
    );
    let train: Vec<&Record> = records.iter().filter(|r| !r.held_out).collect();
    let held: Vec<&Record> = records.iter().filter(|r| r.held_out).collect();

    // Example weights.
    let mut counts = [[0usize; 2]; DATASETS.len()];
    for r in &train {
        counts[r.dataset][usize::from(r.label)] += 1;
    }
    let weight = |r: &Record| -> f32 {
        let dw = [1.0, olid_weight, corpus_weight][r.dataset];
        if balance == 0 {
            return dw;
        }
        let [neg, pos] = counts[r.dataset];
        let total = (neg + pos) as f32;
        dw * total / 2.0 / counts[r.dataset][usize::from(r.label)] as f32
    };

    let mut vectors: Vec<Vec<(u32, f32)>> =
        train.iter().map(|r| features(&config, &r.text)).collect();
    let n = config.buckets();
    // NB-LR (Wang & Manning 2012): each bucket's input is scaled by its log-count ratio,
    // so the regression starts from what each n-gram says on its own; the ratio is folded
    // into the shipped weights, so scoring is unchanged. Averaging with the plain model
    // tempers the large weights NB-LR gives rare n-grams, which a colliding harmless
    // n-gram would inherit.
    let ratio = if nb_alpha > 0.0 {
        let (mut pos, mut neg) = (vec![0f64; n], vec![0f64; n]);
        for (r, x) in train.iter().zip(&vectors) {
            if nb_source == 0 || r.dataset == nb_source - 1 {
                let counts = if r.label { &mut pos } else { &mut neg };
                for &(b, _) in x {
                    counts[b as usize] += f64::from(weight(r));
                }
            }
        }
        let (sp, sn) = (pos.iter().sum::<f64>(), neg.iter().sum::<f64>());
        let total = nb_alpha * n as f64;
        (0..n)
            .map(|b| {
                let p = (nb_alpha + pos[b]) / (total + sp);
                let q = (nb_alpha + neg[b]) / (total + sn);
                (p / q).ln() as f32
            })
            .collect()
    } else {
        vec![1f32; n]
    };
    let t1 = Instant::now();
    let fit = |vectors: &[Vec<(u32, f32)>]| -> (Vec<f32>, f32) {
        let mut w = vec![0f32; n];
        let mut g2 = vec![0f32; n];
        let (mut bias, mut bias_g2) = (0f32, 0f32);
        let mut rng = Rng(0x5AFE_9057_0000_0001);
        let mut order: Vec<usize> = (0..train.len()).collect();
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                let j = (rng.next() % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
            for &i in &order {
                let x = &vectors[i];
                let z = bias + x.iter().map(|&(b, v)| w[b as usize] * v).sum::<f32>();
                let g = (sigmoid(z) - f32::from(u8::from(train[i].label))) * weight(train[i]);
                for &(b, v) in x {
                    let b = b as usize;
                    let grad = g * v + l2 * w[b];
                    g2[b] += grad * grad;
                    w[b] -= lr * grad / (g2[b] + 1e-8).sqrt();
                }
                bias_g2 += g * g;
                bias -= lr * g / (bias_g2 + 1e-8).sqrt();
            }
        }
        (w, bias)
    };
    let (plain, plain_bias) = if mix > 0.0 {
        fit(&vectors)
    } else {
        (vec![0f32; n], 0.0)
    };
    for x in &mut vectors {
        for (b, v) in x.iter_mut() {
            *v *= ratio[*b as usize];
        }
    }
    let (mut w, mut bias) = fit(&vectors);
    for ((w, r), p) in w.iter_mut().zip(&ratio).zip(&plain) {
        *w = (1.0 - mix) * *w * r + mix * p;
    }
    bias = (1.0 - mix) * bias + mix * plain_bias;
    eprintln!(
        "trained {epochs} epochs in {:.1}s",
        t1.elapsed().as_secs_f32()
    );

    // Quantise.
    let mut mags: Vec<f32> = w.iter().map(|x| x.abs()).collect();
    mags.sort_by(|a, b| a.total_cmp(b));
    let idx = ((mags.len() - 1) as f64 * clip).round() as usize;
    let scale = (mags[idx].max(1e-6)) / 127.0;
    let q: Vec<i8> = w
        .iter()
        .map(|&x| (x / scale).round().clamp(-127.0, 127.0) as i8)
        .collect();
    let zero = q.iter().filter(|&&x| x == 0).count();

    // Held-out, float and quantised.
    let float_scored: Vec<Vec<(f32, bool)>> = (0..DATASETS.len())
        .map(|d| {
            held.iter()
                .filter(|r| r.dataset == d)
                .map(|r| {
                    let x = features(&config, &r.text);
                    let z = bias + x.iter().map(|&(b, v)| w[b as usize] * v).sum::<f32>();
                    (sigmoid(z), r.label)
                })
                .collect()
        })
        .collect();
    let draft = Model::from_parts(config, scale, bias, (0.5, 0.5), q.clone()).expect("valid");
    let scored: Vec<Vec<(f32, bool)>> = (0..DATASETS.len())
        .map(|d| {
            held.iter()
                .filter(|r| r.dataset == d)
                .map(|r| (draft.score(&r.text).probability, r.label))
                .collect()
        })
        .collect();
    // The whole checker flags a text when the rest of it already does, or when the
    // model reaches the medium threshold: a text the rest flags scores above any threshold.
    let checker: Vec<Vec<(f32, bool)>> = (0..DATASETS.len())
        .map(|d| {
            held.iter()
                .filter(|r| r.dataset == d)
                .zip(&scored[d])
                .map(|(r, &(p, label))| (if r.flagged_without_model { 2.0 } else { p }, label))
                .collect()
        })
        .collect();
    let medium = threshold_for_fpr(&checker[1], medium_fpr);
    let high = threshold_for_fpr(&scored[1], 0.05).max(medium);
    let model = Model::from_parts(config, scale, bias, (high, medium), q).expect("valid");
    let bytes = model.to_bytes();
    std::fs::write(&out_path, &bytes).unwrap_or_else(|e| panic!("cannot write {out_path}: {e}"));

    println!(
        "config: bits={} char={}..={} flags={} epochs={epochs} lr={lr} l2={l2} balance={balance} clip={clip}",
        config.bits, config.char_min, config.char_max, config.flags
    );
    println!(
        "train: {} records; held-out: {} davidson, {} olid, {} corpus",
        train.len(),
        scored[0].len(),
        scored[1].len(),
        scored[2].len()
    );
    println!(
        "wrote {out_path}: {} bytes, scale {scale:.6}, bias {bias:.4}, {:.1}% of weights zero",
        bytes.len(),
        100.0 * zero as f64 / n as f64
    );
    let present: Vec<(usize, &str)> = DATASETS
        .iter()
        .enumerate()
        .filter(|(d, _)| !scored[*d].is_empty())
        .map(|(d, name)| (d, *name))
        .collect();
    for &(d, name) in &present {
        println!(
            "{name:>10} held-out AUC: float {:.4}, as shipped (i8, windowed score) {:.4}",
            auc(&float_scored[d]),
            auc(&scored[d])
        );
    }
    for (label, t) in [
        ("high (model alone, OLID FPR<=.05)".to_string(), high),
        (
            format!("medium (whole checker, OLID FPR<={medium_fpr})"),
            medium,
        ),
    ] {
        println!("threshold {label}: {t:.3}");
        for &(d, name) in &present {
            let (p, r, f1, fpr) = metrics(&scored[d], t);
            println!("  {name:>10} model alone:   P {p:.3}  R {r:.3}  F1 {f1:.3}  FPR {fpr:.3}");
            let (p, r, f1, fpr) = metrics(&checker[d], t);
            println!("  {name:>10} whole checker: P {p:.3}  R {r:.3}  F1 {f1:.3}  FPR {fpr:.3}");
        }
    }
    // The corpus's held-out ordinary posts: what staff mostly write, where a false alarm costs
    // their trust most (its near misses are the FPR above, with them).
    let corpus_held: Vec<&Record> = held.iter().copied().filter(|r| r.dataset == 2).collect();
    let ordinary = corpus_held.iter().filter(|r| r.ordinary).count();
    // (Rounds without ordinary posts have no such share to give.)
    if !scored[2].is_empty() && ordinary > 0 {
        // Each held-out corpus record beside its score, as `checker` pairs them above.
        let share = |s: &[(f32, bool)]| {
            corpus_held
                .iter()
                .zip(s)
                .filter(|(r, &(p, _))| r.ordinary && p >= medium)
                .count() as f64
                / ordinary as f64
        };
        println!(
            "corpus held-out ordinary posts flagged at medium ({}): model alone {:.3}, whole checker {:.3}",
            ordinary,
            share(&scored[2]),
            share(&checker[2])
        );
    }
    // Best OLID F1 of the whole checker with FPR <= 0.10, for reference.
    let best = (1..1000)
        .map(|i| i as f32 / 1000.0)
        .map(|t| (t, metrics(&checker[1], t)))
        .filter(|(_, m)| m.3 <= 0.10)
        .max_by(|a, b| a.1 .2.total_cmp(&b.1 .2));
    if let Some((t, (p, r, f1, fpr))) = best {
        println!(
            "best whole-checker OLID F1 at FPR<=.10: t {t:.3}  P {p:.3}  R {r:.3}  F1 {f1:.3}  FPR {fpr:.3}"
        );
    }
}
