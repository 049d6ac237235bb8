//! SafePost's second stage: a small transformer fine-tuned on the Policy A2 corpus
//! (data/corpus/) reads a draft for meaning — gossip, mockery, discrimination stated as opinion,
//! grooming language — that carries no word a list could catch. It runs natively (the command
//! line, tests, evaluation) and as its own WebAssembly module, loaded off the keystroke path.
//!
//! A draft is cut into windows of whole sentences that fit the model; each window is scored for
//! every family of `data/deep-families.toml`. A family whose best window reaches its threshold
//! (calibrated on the corpus's dev part) becomes one finding that points at the sentence that
//! scored highest and names the words that drove it (occlusion: the score without each word).

mod attention;
mod bert;
mod families;
mod merge;
mod products;
#[cfg(target_arch = "wasm32")]
mod wasm;
mod windows;

use serde::{Deserialize, Serialize};
use tokenizers::Tokenizer;

pub use families::Family;
pub use merge::{merge, FastSpan};

use windows::{Span, Windows};

/// The shipped model file, in the command-line build (the extension fetches it from its package).
#[cfg(feature = "embedded-model")]
pub const EMBEDDED_MODEL: &[u8] = include_bytes!("../../data/model/a2-minilm-q8.gguf");

/// The most text read: about eight windows of the model. Longer drafts are read to here and the
/// result says so (`read_bytes`), so a pasted essay costs a bounded time.
pub const MAX_READ_BYTES: usize = 4_000;
/// The most words scored one by one to explain a finding: each is a pass over the whole span, so
/// this bounds the time (in WebAssembly, a 280-character window: p95 ~1.6 s at 32; with f32
/// products 3.4 s at 32, 5 s at 48).
const MAX_EXPLAINED_WORDS: usize = 32;
/// The most words named as having driven a finding.
const MAX_DRIVING_WORDS: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The model file is missing a part or is not a model file.
    Model(String),
    /// A request the checker cannot answer (an unknown family, a span not in the draft).
    Request(String),
}

impl Error {
    fn model(e: impl std::fmt::Display) -> Error {
        Error::Model(e.to_string())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Model(m) => write!(
                f,
                "the deeper check's model could not be read: {m}. Use the model file that ships \
                 with SafePost: reinstall the extension (its file is model/a2-minilm-q8.gguf; \
                 in the source, data/model/a2-minilm-q8.gguf, made by scripts/a2_export.py)"
            ),
            Error::Request(m) => write!(f, "the deeper check cannot answer: {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// A word that drove a finding: removing it lowered the family's score by `weight`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrivingWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub start16: usize,
    pub end16: usize,
    pub weight: f32,
}

/// One family the model found, in the fast checker's finding shape plus its score and words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeepFinding {
    pub clause: String,
    pub category: String,
    pub severity: String,
    pub message: String,
    /// The sentence (or window) that scored highest, UTF-8 bytes and UTF-16 code units.
    pub start: usize,
    pub end: usize,
    pub start16: usize,
    pub end16: usize,
    pub matched: String,
    /// `deep/<family>`.
    pub rule: String,
    pub family: String,
    pub score: f32,
    pub threshold: f32,
    pub words: Vec<DrivingWord>,
}

/// What the deeper check made of a draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeepResult {
    pub findings: Vec<DeepFinding>,
    /// How much of the draft was read (all of it unless longer than [`MAX_READ_BYTES`]).
    pub read_bytes: usize,
    pub windows: usize,
}

/// Options for one check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Posting from the academy's official account: families the policy allows there
    /// (`personal_only`) are not reported.
    pub official: bool,
    /// Skip naming the words that drove each finding (saves one batch per finding).
    pub no_words: bool,
    /// IT's category settings (`content.categories`): category → `off`, `low`, `medium` or
    /// `high`. A category set `off` is not read for; a severity replaces the family's own.
    pub categories: std::collections::BTreeMap<String, String>,
}

pub struct DeepChecker {
    encoder: bert::Encoder,
    tokenizer: Tokenizer,
    families: Vec<Family>,
    /// Tokens a window holds, [CLS] and [SEP] included, as in training.
    max_tokens: usize,
    cls: u32,
    sep: u32,
}

impl DeepChecker {
    /// Reads a model file made by scripts/a2_export.py.
    pub fn load(bytes: &[u8]) -> Result<DeepChecker, Error> {
        Self::read(&mut std::io::Cursor::new(bytes))
    }

    /// Reads a model file from `reader`, tensor by tensor (the extension reads it from a
    /// JavaScript array, without copying the whole file into WebAssembly's memory).
    pub fn read<R: std::io::Read + std::io::Seek>(reader: &mut R) -> Result<DeepChecker, Error> {
        let file = bert::ModelFile::read(reader)?;
        let meta = |key: &str| {
            file.metadata
                .get(key)
                .ok_or_else(|| Error::Model(format!("the model file has no {key}")))
        };
        let mut tokenizer: Tokenizer = meta("safepost.tokenizer")?
            .to_string()
            .map_err(Error::model)?
            .parse()
            .map_err(Error::model)?;
        // The base model's tokenizer pads and truncates every text to 128 tokens; windows are cut
        // here instead, and padding is added (masked) only when texts are batched.
        tokenizer.with_padding(None);
        tokenizer.with_truncation(None).map_err(Error::model)?;
        let names = meta("safepost.families")?.to_vec().map_err(Error::model)?;
        let thresholds = meta("safepost.thresholds")?
            .to_vec()
            .map_err(Error::model)?;
        let names: Vec<&str> = names
            .iter()
            .map(|v| v.to_string().map(String::as_str).map_err(Error::model))
            .collect::<Result<_, _>>()?;
        let thresholds: Vec<f32> = thresholds
            .iter()
            .map(|v| v.to_f32().map_err(Error::model))
            .collect::<Result<_, _>>()?;
        let families = families::for_model(&names, &thresholds).map_err(Error::Model)?;
        let max_tokens = (meta("safepost.max_tokens")?
            .to_u32()
            .map_err(Error::model)? as usize)
            .min(file.encoder.max_positions());
        let id = |token: &str| {
            tokenizer
                .token_to_id(token)
                .ok_or_else(|| Error::Model(format!("the tokenizer has no {token}")))
        };
        let (cls, sep) = (id("[CLS]")?, id("[SEP]")?);
        if max_tokens < 8 {
            return Err(Error::Model(format!(
                "windows of {max_tokens} tokens are too small"
            )));
        }
        Ok(DeepChecker {
            encoder: file.encoder,
            tokenizer,
            families,
            max_tokens,
            cls,
            sep,
        })
    }

    /// The shipped model, in the command-line build.
    #[cfg(feature = "embedded-model")]
    pub fn embedded() -> DeepChecker {
        DeepChecker::load(EMBEDDED_MODEL).expect("the shipped model file is valid (tested)")
    }

    pub fn families(&self) -> &[Family] {
        &self.families
    }

    /// Each text's score per family, in [`Self::families`] order; a text longer than one window
    /// is cut to its first window, as in training. For evaluation and parity tests.
    pub fn scores(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        let sequences = texts
            .iter()
            .map(|t| {
                let ids = self.token_ids(t)?;
                Ok(ids[..ids.len().min(self.max_tokens - 2)].to_vec())
            })
            .collect::<Result<Vec<_>, Error>>()?;
        self.score_sequences(&sequences)
    }

    /// Each family's score in a draft's best window, as [`Self::check`] compares it with the
    /// family's threshold (calibration reads these; an empty draft scores 0).
    pub fn best_scores(&self, text: &str) -> Result<Vec<f32>, Error> {
        let text = read_part(text);
        self.in_windows(text, |windows| {
            let mut best = vec![0.0f32; self.families.len()];
            for row in self.window_scores(windows)? {
                for (b, s) in best.iter_mut().zip(row) {
                    *b = (*b).max(s);
                }
            }
            Ok(best)
        })
    }

    /// Runs `body` on `text` cut into the model's windows (from one tokenization).
    fn in_windows<R>(
        &self,
        text: &str,
        body: impl FnOnce(&Windows) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let encoding = self.tokenizer.encode(text, false).map_err(Error::model)?;
        body(&Windows::new(
            text,
            encoding.get_ids(),
            encoding.get_offsets(),
            self.max_tokens - 2,
        ))
    }

    fn window_scores(&self, windows: &Windows) -> Result<Vec<Vec<f32>>, Error> {
        let window_ids: Vec<Vec<u32>> = windows
            .windows
            .iter()
            .map(|w| windows.ids(w).to_vec())
            .collect();
        self.score_sequences(&window_ids)
    }

    /// Checks a draft: one finding per family whose best window reaches its threshold.
    pub fn check(&self, text: &str, options: &CheckOptions) -> Result<DeepResult, Error> {
        let text = read_part(text);
        self.in_windows(text, |windows| {
            self.check_windows(text, text.len(), windows, options)
        })
    }

    fn check_windows(
        &self,
        text: &str,
        read: usize,
        windows: &Windows,
        options: &CheckOptions,
    ) -> Result<DeepResult, Error> {
        if windows.is_empty() {
            return Ok(DeepResult {
                findings: Vec::new(),
                read_bytes: read,
                windows: 0,
            });
        }
        let scores = self.window_scores(windows)?;
        let mut findings = Vec::new();
        // Each window's sentences scored alone, once a family fires in it (shared by families).
        let mut sentence_scores: Vec<Option<Vec<Vec<f32>>>> = vec![None; windows.windows.len()];
        for (k, family) in self.families.iter().enumerate() {
            let setting = options.categories.get(&family.category).map(String::as_str);
            if (options.official && family.personal_only) || setting == Some("off") {
                continue;
            }
            let (best, score) = scores
                .iter()
                .enumerate()
                .map(|(w, s)| (w, s[k]))
                .fold((0, f32::MIN), |a, b| if b.1 > a.1 { b } else { a });
            if score < family.threshold {
                continue;
            }
            let sentences = windows.sentences_in(&windows.windows[best]);
            if sentence_scores[best].is_none() && sentences.len() > 1 {
                let ids: Vec<Vec<u32>> =
                    sentences.iter().map(|s| windows.ids(s).to_vec()).collect();
                sentence_scores[best] = Some(self.score_sequences(&ids)?);
            }
            let span = match &sentence_scores[best] {
                Some(rows) => {
                    highest_sentence(windows, best, &sentences, rows, k, family.threshold)
                }
                None => windows.span(&windows.windows[best]),
            };
            let words = if options.no_words {
                Vec::new()
            } else {
                self.driving_words(text, span, k)?
            };
            let mut finding = family.finding(text, span, score, words);
            if let Some(severity) = setting {
                finding.severity = severity.to_owned();
            }
            findings.push(finding);
        }
        Ok(DeepResult {
            findings,
            read_bytes: read,
            windows: windows.windows.len(),
        })
    }

    /// The words that drove family `family`'s finding over `start..end` (bytes of `text`, the
    /// finding's span): named on request, since that scores the span once per word.
    pub fn words(
        &self,
        text: &str,
        family: &str,
        start: usize,
        end: usize,
    ) -> Result<Vec<DrivingWord>, Error> {
        let k = self
            .families
            .iter()
            .position(|f| f.name == family)
            .ok_or_else(|| Error::Request(format!("no family {family:?}")))?;
        let text = read_part(text);
        if start >= end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return Err(Error::Request(format!(
                "{start}..{end} is not a span of the draft's first {} bytes",
                text.len()
            )));
        }
        self.driving_words(text, Span { start, end }, k)
    }

    /// The words of `span` whose removal lowers family `k`'s score the most (occlusion), at most
    /// [`MAX_DRIVING_WORDS`], each lowering its log-odds by at least [`MIN_LOGIT_DROP`]. Measured
    /// in log-odds, not in the score itself: a confident score (0.99) barely moves when one word
    /// goes (to 0.95), though the odds fall by four fifths.
    fn driving_words(&self, text: &str, span: Span, k: usize) -> Result<Vec<DrivingWord>, Error> {
        let sentence = &text[span.start..span.end];
        let words = windows::words(sentence, MAX_EXPLAINED_WORDS);
        if words.len() < 2 {
            return Ok(Vec::new());
        }
        let mut texts = vec![sentence.to_owned()];
        texts.extend(
            words
                .iter()
                .map(|&(s, e)| format!("{}{}", &sentence[..s], &sentence[e..])),
        );
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let scores = self.scores(&refs)?;
        let base = scores[0][k];
        let base_logit = logit(base);
        let mut ranked: Vec<(f32, f32, (usize, usize))> = words
            .iter()
            .zip(&scores[1..])
            .map(|(&w, s)| (base_logit - logit(s[k]), base - s[k], w))
            .filter(|&(drop, _, _)| drop >= MIN_LOGIT_DROP)
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
        ranked.truncate(MAX_DRIVING_WORDS);
        ranked.sort_by_key(|&(_, _, w)| w);
        Ok(ranked
            .into_iter()
            .map(|(_, weight, (s, e))| {
                let (start, end) = (span.start + s, span.start + e);
                DrivingWord {
                    text: text[start..end].to_owned(),
                    start,
                    end,
                    start16: windows::utf16_len(&text[..start]),
                    end16: windows::utf16_len(&text[..end]),
                    weight,
                }
            })
            .collect())
    }

    fn token_ids(&self, text: &str) -> Result<Vec<u32>, Error> {
        Ok(self
            .tokenizer
            .encode(text, false)
            .map_err(Error::model)?
            .get_ids()
            .to_vec())
    }

    /// Scores token sequences (without [CLS]/[SEP], each at most a window), batched and padded.
    fn score_sequences(&self, sequences: &[Vec<u32>]) -> Result<Vec<Vec<f32>>, Error> {
        let lengths: Vec<usize> = sequences.iter().map(Vec::len).collect();
        let mut out = vec![Vec::new(); sequences.len()];
        for chunk in &length_batches(&lengths) {
            let length = chunk.iter().map(|&i| sequences[i].len()).max().unwrap_or(0) + 2;
            let mut ids = Vec::with_capacity(chunk.len() * length);
            let mut mask = Vec::with_capacity(chunk.len() * length);
            for &i in chunk {
                let s = &sequences[i];
                ids.push(self.cls);
                ids.extend_from_slice(s);
                ids.push(self.sep);
                ids.resize(ids.len() + length - s.len() - 2, 0);
                mask.resize(mask.len() + s.len() + 2, 1);
                mask.resize(mask.len() + length - s.len() - 2, 0);
            }
            let rows = self
                .encoder
                .scores(&ids, &mask, chunk.len())
                .map_err(Error::model)?;
            for (&i, row) in chunk.iter().zip(rows) {
                out[i] = row;
            }
        }
        Ok(out)
    }
}

/// The least a word's removal must lower a family's log-odds for the word to be named as one
/// that drove the finding: 1, the odds falling by almost two thirds (0.50 → 0.27, 0.99 → 0.973).
const MIN_LOGIT_DROP: f32 = 1.0;

fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// The part of a draft the deeper check reads: its first [`MAX_READ_BYTES`], cut at a character.
fn read_part(text: &str) -> &str {
    &text[..windows::floor_char_boundary(text, MAX_READ_BYTES)]
}

/// The indices of sequences of these lengths, in batches of at most 16 whose longest is at most a
/// quarter longer than their shortest ([CLS] and [SEP] counted). Padding is computed like any
/// token, and a draft's sentences differ in length: padded together, scoring them cost more than
/// the window they make up (280 characters: 277 ms a check, 188 ms batched by length).
fn length_batches(lengths: &[usize]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    order.sort_by_key(|&i| lengths[i]);
    let mut batches: Vec<Vec<usize>> = Vec::new();
    for i in order {
        match batches.last_mut() {
            Some(b) if b.len() < 16 && (lengths[i] + 2) * 4 <= (lengths[b[0]] + 2) * 5 => b.push(i),
            _ => batches.push(vec![i]),
        }
    }
    batches
}

/// Within window `w`, the sentence that scores highest alone for family `k` — unless no sentence
/// reaches the threshold alone (the meaning needs them together): then the whole window.
fn highest_sentence(
    windows: &Windows,
    w: usize,
    sentences: &[windows::Tokens],
    scores: &[Vec<f32>],
    k: usize,
    threshold: f32,
) -> Span {
    let (best, score) = scores
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s[k]))
        .fold((0, f32::MIN), |a, b| if b.1 > a.1 { b } else { a });
    if score >= threshold {
        windows.span(&sentences[best])
    } else {
        windows.span(&windows.windows[w])
    }
}

#[cfg(test)]
mod tests {
    use super::length_batches;

    #[test]
    fn batches_hold_sequences_of_about_one_length() {
        // Lengths 10, 40, 11, 12, 38 (+2 each): 12–14 together, 40–42 together.
        assert_eq!(
            length_batches(&[10, 40, 11, 12, 38]),
            [vec![0, 2, 3], vec![4, 1]]
        );
        // 8 and 9 (+2: 10 and 11) are within a quarter; 10 and 13 (12 → 15) are not.
        assert_eq!(length_batches(&[8, 9, 13]), [vec![0, 1], vec![2]]);
        // At most 16 a batch.
        let same = length_batches(&[5; 40]);
        assert_eq!(same.iter().map(Vec::len).collect::<Vec<_>>(), [16, 16, 8]);
        assert!(length_batches(&[]).is_empty());
    }
}
