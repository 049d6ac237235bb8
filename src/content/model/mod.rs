//! A compact statistical model of abusive and offensive language (Policy A2 §5.5, §5.6).
//!
//! Word lists miss insults and abuse written without swear words; this model catches many
//! of them. It is logistic regression over hashed sparse features, small enough to ship
//! inside the WebAssembly build (`data/model/abuse.bin`, see `data/model/README.md`).
//!
//! # Input
//!
//! [`Model::score`] expects text that has **already been normalised** by
//! [`crate::content::normalise::normalise`] (lowercase, disguises undone); the model was
//! trained on exactly that representation. Driver spans are byte spans in that
//! normalised text; map them back with `Normalised::original_span`.
//!
//! # Features
//!
//! The text is split on whitespace into chunks. Chunks that are mentions (`@…`), links
//! (`http…`, `www.…`, anything with `://`), the masked placeholder `url` and the retweet
//! marker `rt` are ignored: they are artefacts of the tweets the model learned from, not
//! language. In every other chunk, a *word* is a maximal run of alphanumeric characters;
//! an apostrophe (`'` or `’`) between two of them is dropped and the run goes on
//! (`you're` → `youre`), so `#` and other punctuation never reach a feature (`#idiot` is the
//! word `idiot`). Each emoji (U+2600–U+27BF, U+1F000–U+1FAFF) is a word of its own.
//! Only a word's first [`MAX_WORD_BYTES`] bytes make its features.
//!
//! Each word contributes
//! * its unigram,
//! * the character n-grams of `<word>` (the `<` `>` boundary markers included) for every
//!   n in `char_min..=char_max` (4–5 in the shipped model),
//! * and, with the next word, a word bigram.
//!
//! Every feature is hashed with 32-bit FNV-1a (offset basis `0x811C9DC5`, prime
//! `0x01000193`) over a namespace byte (`w` unigram, `b` bigram, `c` character n-gram)
//! followed by the UTF-8 bytes (a bigram's two words joined by one space); the bucket is
//! the top `bits` bits of `hash * 0x9E3779B1` (multiply-shift, wrapping). Each occurrence
//! adds 1 to its bucket. With the `SQRT_NORM` flag (set in the shipped model) the whole
//! vector is scaled by `1 / sqrt(number of feature occurrences)`, so a long text is not
//! judged by its length.
//!
//! The score is `sigmoid(bias + scale * norm * Σ weight[bucket])` with i8 weights.
//!
//! # Drivers
//!
//! A word's driver weight is its share of that sum in logit units: its unigram and
//! character n-grams, plus half of each bigram it is part of. The largest positive
//! shares (at most five, and each at least [`DRIVER_MIN_FRACTION`] of the largest) are
//! returned, so the words highlighted are the words that pushed the score up. Shares of
//! all words add up to the logit minus the bias.
//!
//! # Long texts
//!
//! The model learned from tweets. A text of more than [`WINDOW_WORDS`] words is scored in
//! overlapping windows and the worst window wins (see [`Model::score`]).
//!
//! # File format (`SPM1`, version 1, little-endian)
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 4 | magic `SPM1` |
//! | 4 | 2 | version (1) |
//! | 6 | 2 | header length in bytes (32) |
//! | 8 | 1 | `bits`: log2 of the bucket count (10–20) |
//! | 9 | 1 | `char_min`: shortest character n-gram (1–8) |
//! | 10 | 1 | `char_max`: longest character n-gram (`char_min`–8) |
//! | 11 | 1 | flags: 1 = word bigrams, 2 = `SQRT_NORM` |
//! | 12 | 4 | f32 `scale`: weight = i8 × scale |
//! | 16 | 4 | f32 `bias` |
//! | 20 | 4 | f32 recommended threshold, *high* (model alone: ≤ 5 % false positives on OLID held-out) |
//! | 24 | 4 | f32 recommended threshold, *medium* (the whole checker: ≤ 9 % false positives on OLID held-out) |
//! | 28 | 4 | u32 weight count (= 2^bits) |
//! | 32 | count | i8 weights |

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

mod features;
use features::*;
pub use features::{FeatureConfig, Kind, MAX_WORD_BYTES};

/// The shipped weights.
static EMBEDDED: &[u8] = include_bytes!("../../../data/model/abuse.bin");

const MAGIC: &[u8; 4] = b"SPM1";
const VERSION: u16 = 1;
const HEADER_LEN: usize = 32;
/// A driver must weigh at least this fraction of the top driver (so that `a` and `the`
/// are not highlighted next to the insult).
pub const DRIVER_MIN_FRACTION: f32 = 0.25;
/// Texts longer than this many words are scored in windows (see [`Model::score`]).
pub const WINDOW_WORDS: usize = 24;
/// Flag: word bigrams are features.
pub const FLAG_BIGRAMS: u8 = 1;
/// Flag: the feature vector is scaled by `1 / sqrt(feature occurrences)`.
pub const FLAG_SQRT_NORM: u8 = 2;
/// At most this many drivers are returned.
pub const MAX_DRIVERS: usize = 5;

/// A word that pushed the score up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Driver {
    /// Byte offset of the word in the (normalised) text that was scored.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// The word's share of the logit (positive).
    pub weight: f32,
}

/// The model's judgement of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Probability that the text is abusive or offensive.
    pub probability: f32,
    /// The words that pushed the score up most, largest first, at most five.
    pub drivers: Vec<Driver>,
}

/// Logistic regression over hashed features, with i8 weights (see the module docs).
#[derive(Debug, Clone)]
pub struct Model {
    config: FeatureConfig,
    scale: f32,
    bias: f32,
    threshold_high: f32,
    threshold_medium: f32,
    /// The i8 weights, stored as their bytes (borrowed from the embedded file).
    weights: Cow<'static, [u8]>,
}

impl Model {
    /// The shipped model, parsed once; its weights are borrowed from the binary.
    pub fn embedded() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            let (model, _) = parse(EMBEDDED).expect("the embedded model is valid");
            Model {
                weights: Cow::Borrowed(&EMBEDDED[HEADER_LEN..]),
                ..model
            }
        })
    }

    /// Parses a weights file (copying the weights), checking its header and length.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let (model, weights) = parse(bytes)?;
        Ok(Model {
            weights: Cow::Owned(weights.to_vec()),
            ..model
        })
    }

    /// Builds a model from its parts (for training tools).
    pub fn from_parts(
        config: FeatureConfig,
        scale: f32,
        bias: f32,
        thresholds: (f32, f32),
        weights: Vec<i8>,
    ) -> Result<Model, String> {
        let bytes = Model {
            config,
            scale,
            bias,
            threshold_high: thresholds.0,
            threshold_medium: thresholds.1,
            weights: Cow::Owned(weights.iter().map(|&w| w as u8).collect()),
        }
        .to_bytes();
        // Validate exactly as a file would be.
        Model::from_bytes(&bytes)
    }

    /// The weights file for this model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(HEADER_LEN as u16).to_le_bytes());
        let c = self.config;
        out.extend_from_slice(&[c.bits, c.char_min, c.char_max, c.flags]);
        for v in [
            self.scale,
            self.bias,
            self.threshold_high,
            self.threshold_medium,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(self.weights.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.weights);
        out
    }

    /// The features this model uses.
    pub fn config(&self) -> FeatureConfig {
        self.config
    }

    /// Probability at or above which the model alone is confident: it flagged at most
    /// 5 % of the inoffensive OLID held-out tweets.
    pub fn threshold_high(&self) -> f32 {
        self.threshold_high
    }

    /// Probability at or above which the checker raises the model's finding: with it,
    /// the whole checker flagged at most 9 % of the inoffensive OLID held-out tweets.
    pub fn threshold_medium(&self) -> f32 {
        self.threshold_medium
    }

    /// Scores already-normalised text (see the module documentation). Linear in the
    /// length of `text`, one pass, memory bounded by [`WINDOW_WORDS`]; never panics.
    ///
    /// A text of more than [`WINDOW_WORDS`] words is scored in windows of that many words,
    /// one starting every half window (the last one ends with the text), and the window
    /// with the highest probability is returned, so one abusive sentence in a long post
    /// is not diluted by the rest of it. Driver spans are always in `text`.
    pub fn score(&self, text: &str) -> Score {
        self.score_windowed(text, WINDOW_WORDS)
    }

    /// [`Model::score`] with windows of `window` words; `0` scores the whole text at once
    /// (keeping a small record per word of the text).
    pub fn score_windowed(&self, text: &str, window: usize) -> Score {
        // Only the shipped model remembers words: its weights never change.
        if !std::ptr::eq(self, Model::embedded()) {
            return self.score_with(text, window, None);
        }
        WORD_MEMORY.with(|memory| match memory.try_borrow_mut() {
            Ok(mut memory) => self.score_with(text, window, Some(memory.ready())),
            Err(_) => self.score_with(text, window, None),
        })
    }

    fn score_with(&self, text: &str, window: usize, mut memory: Option<&mut WordMemory>) -> Score {
        let mut recent = match memory.as_deref_mut() {
            Some(memory) => std::mem::take(&mut memory.recent),
            None => Vec::new(),
        };
        recent.clear();
        recent.reserve(2 * window.min(512));
        let mut scorer = Scorer {
            model: self,
            weights: &self.weights,
            window,
            stride: (window / 2).max(1),
            recent,
            words: 0,
            best: None,
            stat: None,
            memory,
        };
        self.config.features(text, &mut scorer);
        let Scorer {
            mut recent,
            mut best,
            stat,
            stride,
            memory,
            ..
        } = scorer;
        let mut n = 0;
        if let Some(stat) = stat {
            n = scorer.words + 1;
            Scorer::push(self, window, stride, n, stat, &mut recent, &mut best);
        }
        if window == 0 || n <= window {
            // The whole text is in `recent`.
            best = None;
            self.offer(&recent, &mut best);
        } else if (n - window) % stride != 0 {
            // The last window: from the first stride start whose window reaches the end.
            let first = (n - window).div_ceil(stride) * stride;
            self.offer(&recent[recent.len() - (n - first)..], &mut best);
        }
        if let Some(memory) = memory {
            // The buffer serves the next text (a window's worth: not a long text's).
            if recent.capacity() <= 1024 {
                memory.recent = recent;
            }
        }
        match best {
            Some(v) => v.into_score(),
            None => Score {
                probability: sigmoid(f64::from(self.bias)),
                drivers: Vec::new(),
            },
        }
    }

    /// Scores the words `piece` as one, keeping the result if it beats `best`.
    fn offer(&self, piece: &[WordStat], best: &mut Option<Verdict>) {
        let mut total: i64 = 0;
        let mut occurrences: u64 = 0;
        let mut top = [Share::default(); MAX_DRIVERS];
        for (i, w) in piece.iter().enumerate() {
            total += w.own;
            occurrences += u64::from(w.occurrences);
            // Twice the word's share: its own features, and half of each bigram with a
            // neighbour inside the piece.
            let mut doubled = 2 * w.own;
            if i > 0 && w.has_bigram {
                total += w.bigram;
                occurrences += 1;
                doubled += w.bigram;
            }
            if let Some(next) = piece.get(i + 1) {
                doubled += next.bigram;
            }
            Share {
                start: w.start,
                end: w.end,
                doubled,
            }
            .offer(&mut top);
        }
        let norm = if self.config.flags & FLAG_SQRT_NORM != 0 && occurrences > 0 {
            1.0 / (occurrences as f64).sqrt()
        } else {
            1.0
        };
        let unit = f64::from(self.scale) * norm;
        let probability = sigmoid(f64::from(self.bias) + unit * total as f64);
        if best.as_ref().is_none_or(|b| probability > b.probability) {
            *best = Some(Verdict {
                probability,
                top,
                unit,
            });
        }
    }
}

fn sigmoid(logit: f64) -> f32 {
    (1.0 / (1.0 + (-logit).exp())) as f32
}

/// Sums each word's weights as the features arrive, and scores windows of words.
struct Scorer<'m> {
    model: &'m Model,
    weights: &'m [u8],
    window: usize,
    stride: usize,
    /// The finished words: at least the last `window` of them, at most twice as many (all
    /// of them when `window` is 0).
    recent: Vec<WordStat>,
    /// How many words are finished.
    words: usize,
    best: Option<Verdict>,
    /// The word being summed.
    stat: Option<WordStat>,
    memory: Option<&'m mut WordMemory>,
}

/// Slots of [`WordMemory`]: a power of two, as a word's slot is the low bits of its bucket.
const MEMORY_SLOTS: usize = 4096;
/// Longer words are not remembered (few words are longer).
const REMEMBERED_BYTES: usize = 16;

thread_local! {
    static WORD_MEMORY: RefCell<WordMemory> = const {
        RefCell::new(WordMemory { slots: Vec::new(), recent: Vec::new() })
    };
}

/// The shipped model's sums of the own features of words it has scored, one word per
/// slot (a newer word takes the slot): most words of a post are common ones ("the",
/// "you"), whose character n-grams would otherwise be hashed again in every check. The
/// sums are the ones the features give, so scores are exactly the same.
struct WordMemory {
    slots: Vec<RememberedWord>,
    /// The last text's buffer of words, for the next one.
    recent: Vec<WordStat>,
}

impl WordMemory {
    /// The memory, its slots made on first use.
    fn ready(&mut self) -> &mut WordMemory {
        if self.slots.is_empty() {
            self.slots = vec![RememberedWord::default(); MEMORY_SLOTS];
        }
        self
    }
}

#[derive(Clone, Copy, Default)]
struct RememberedWord {
    /// The word's length; 0 for an empty slot.
    len: u8,
    bytes: [u8; REMEMBERED_BYTES],
    own: i32,
    occurrences: u16,
}

impl Scorer<'_> {
    /// Adds finished word number `words` (counting from 1) to `recent`, and scores the
    /// full window [words - window, words) when it starts on a stride.
    fn push(
        model: &Model,
        window: usize,
        stride: usize,
        words: usize,
        stat: WordStat,
        recent: &mut Vec<WordStat>,
        best: &mut Option<Verdict>,
    ) {
        // A vector, not a ring buffer: windows are plain slices to score. The words before
        // the last window are dropped in one move every `window` words.
        if window > 0 && recent.len() == 2 * window {
            recent.drain(..window);
        }
        recent.push(stat);
        if window > 0 && words >= window && (words - window) % stride == 0 {
            model.offer(&recent[recent.len() - window..], best);
        }
    }
}

impl FeatureSink for Scorer<'_> {
    #[inline(always)]
    fn word(&mut self, _index: usize, start: usize, end: usize) {
        if let Some(stat) = self.stat.take() {
            self.words += 1;
            Scorer::push(
                self.model,
                self.window,
                self.stride,
                self.words,
                stat,
                &mut self.recent,
                &mut self.best,
            );
        }
        self.stat = Some(WordStat {
            start,
            end,
            ..WordStat::default()
        });
    }

    #[inline(always)]
    fn recall(&mut self, word: &[u8], bucket: u32) -> bool {
        let (Some(memory), Some(stat)) = (self.memory.as_deref(), self.stat.as_mut()) else {
            return false;
        };
        let Some(slot) = memory.slots.get(bucket as usize % MEMORY_SLOTS) else {
            return false;
        };
        if word.is_empty()
            || usize::from(slot.len) != word.len()
            || slot.bytes[..word.len()] != *word
        {
            return false;
        }
        stat.own += i64::from(slot.own);
        stat.occurrences += u32::from(slot.occurrences);
        true
    }

    #[inline(always)]
    fn own_features_sent(&mut self, word: &[u8], bucket: u32) {
        let (Some(memory), Some(stat)) = (self.memory.as_deref_mut(), self.stat.as_ref()) else {
            return;
        };
        let Some(slot) = memory.slots.get_mut(bucket as usize % MEMORY_SLOTS) else {
            return;
        };
        if word.len() > REMEMBERED_BYTES {
            return;
        }
        slot.len = word.len() as u8;
        slot.bytes[..word.len()].copy_from_slice(word);
        // A word's own features are few (at most 37 for 16 bytes), each weight an i8.
        slot.own = stat.own as i32;
        slot.occurrences = stat.occurrences as u16;
    }

    #[inline(always)]
    fn feature(&mut self, kind: Kind, bucket: u32) {
        let w = i64::from(self.weights.get(bucket as usize).map_or(0, |&b| b as i8));
        let Some(stat) = self.stat.as_mut() else {
            return;
        };
        if kind == Kind::Bigram {
            stat.bigram += w;
            stat.has_bigram = true;
        } else {
            stat.own += w;
            stat.occurrences += 1;
        }
    }
}

/// What one word contributes, as integer sums of its i8 weights.
#[derive(Debug, Clone, Copy, Default)]
struct WordStat {
    start: usize,
    end: usize,
    /// Unigram and character n-grams.
    own: i64,
    /// Their number.
    occurrences: u32,
    /// The bigram with the word before (if any).
    bigram: i64,
    has_bigram: bool,
}

/// The best piece of text scored so far.
struct Verdict {
    probability: f32,
    top: [Share; MAX_DRIVERS],
    /// Logit per unit of (undoubled) integer weight.
    unit: f64,
}

impl Verdict {
    fn into_score(self) -> Score {
        let floor = self.top[0].doubled as f32 * DRIVER_MIN_FRACTION;
        let drivers = self
            .top
            .iter()
            .filter(|s| s.doubled > 0 && s.doubled as f32 >= floor)
            .map(|s| Driver {
                start: s.start,
                end: s.end,
                weight: (self.unit * s.doubled as f64 / 2.0) as f32,
            })
            .collect();
        Score {
            probability: self.probability,
            drivers,
        }
    }
}

/// One word's share of the score, doubled (so half a bigram stays an integer).
#[derive(Debug, Clone, Copy, Default)]
struct Share {
    start: usize,
    end: usize,
    doubled: i64,
}

impl Share {
    /// Keeps this share if it is among the largest positive ones (ties: earlier first).
    fn offer(self, top: &mut [Share; MAX_DRIVERS]) {
        if self.doubled <= 0 || self.doubled <= top[MAX_DRIVERS - 1].doubled {
            return;
        }
        let mut i = MAX_DRIVERS - 1;
        while i > 0 && top[i - 1].doubled < self.doubled {
            top[i] = top[i - 1];
            i -= 1;
        }
        top[i] = self;
    }
}

fn parse(bytes: &[u8]) -> Result<(Model, &[u8]), String> {
    if bytes.len() < HEADER_LEN {
        return Err(format!("model file too short: {} bytes", bytes.len()));
    }
    if &bytes[0..4] != MAGIC {
        return Err("not a SafePost model (bad magic)".into());
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let f32_at =
        |i: usize| f32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let version = u16_at(4);
    if version != VERSION {
        return Err(format!("unsupported model version {version}"));
    }
    if usize::from(u16_at(6)) != HEADER_LEN {
        return Err(format!("bad header length {}", u16_at(6)));
    }
    let config = FeatureConfig {
        bits: bytes[8],
        char_min: bytes[9],
        char_max: bytes[10],
        flags: bytes[11],
    };
    if !(10..=20).contains(&config.bits) {
        return Err(format!("bad bucket bits {}", config.bits));
    }
    if config.char_min == 0 || config.char_min > config.char_max || config.char_max > 8 {
        return Err(format!(
            "bad character n-gram range {}..={}",
            config.char_min, config.char_max
        ));
    }
    if config.flags & !(FLAG_BIGRAMS | FLAG_SQRT_NORM) != 0 {
        return Err(format!("unknown flags {:#x}", config.flags));
    }
    let (scale, bias, high, medium) = (f32_at(12), f32_at(16), f32_at(20), f32_at(24));
    if !(scale.is_finite() && scale > 0.0 && bias.is_finite()) {
        return Err("bad scale or bias".into());
    }
    if !((0.0..=1.0).contains(&high) && (0.0..=1.0).contains(&medium)) {
        return Err("bad thresholds".into());
    }
    let count = u32::from_le_bytes([bytes[28], bytes[29], bytes[30], bytes[31]]) as usize;
    if count != config.buckets() {
        return Err(format!("weight count {count} is not 2^{}", config.bits));
    }
    let weights = &bytes[HEADER_LEN..];
    if weights.len() != count {
        return Err(format!(
            "expected {count} weights, found {} bytes",
            weights.len()
        ));
    }
    let model = Model {
        config,
        scale,
        bias,
        threshold_high: high,
        threshold_medium: medium,
        weights: Cow::Borrowed(&[]),
    };
    Ok((model, weights))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::normalise::normalise;

    fn score(original: &str) -> Score {
        Model::embedded().score(&normalise(original).text)
    }

    /// The normalised words behind a score's drivers.
    fn driver_words(original: &str) -> Vec<String> {
        let text = normalise(original).text;
        let s = Model::embedded().score(&text);
        s.drivers
            .iter()
            .map(|d| text[d.start..d.end].to_string())
            .collect()
    }

    #[test]
    fn embedded_model_loads() {
        let m = Model::embedded();
        assert_eq!(m.config().buckets(), m.weights.len());
        assert!(matches!(m.weights, Cow::Borrowed(_)), "zero-copy");
        assert!(m.threshold_medium() <= m.threshold_high());
        assert!(EMBEDDED.len() <= 130 * 1024);
        let again = Model::from_bytes(EMBEDDED).unwrap();
        assert_eq!(again.to_bytes(), EMBEDDED);
    }

    #[test]
    fn abuse_scores_high() {
        let m = Model::embedded();
        for text in [
            "you are a stupid idiot",
            "Shut up you fucking moron",
            "She is a worthless piece of shit",
            "go kill yourself you pathetic loser",
            "What a dumb bitch",
            "You're a disgusting pig and everyone hates you",
        ] {
            let p = score(text).probability;
            assert!(p >= m.threshold_high(), "{text:?} scored {p}");
        }
    }

    #[test]
    fn school_posts_score_low() {
        let m = Model::embedded();
        for text in [
            "Well done to Year 6 on their fantastic trip to the Science Museum!",
            "Reminder: parents' evening is on Thursday from 4pm",
            "Our under-14s won 3-1 against Oakfield today",
            "Congratulations to all our students on their GCSE results",
            "The school will be closed on Monday for staff training.",
            "Thank you to everyone who came to the summer fair, we raised £1,200!",
            "",
        ] {
            let p = score(text).probability;
            assert!(p < m.threshold_medium(), "{text:?} scored {p}");
        }
    }

    #[test]
    fn drivers_point_at_the_abusive_words() {
        let words = driver_words("you are a stupid idiot");
        assert!(
            matches!(words.first().map(String::as_str), Some("idiot" | "stupid")),
            "{words:?}"
        );
        let words = driver_words("Well done Jack, but honestly you are a complete moron");
        assert_eq!(
            words.first().map(String::as_str),
            Some("moron"),
            "{words:?}"
        );
        let s = score("you are a stupid idiot and a fucking moron, shut up, loser, dumb");
        assert!(!s.drivers.is_empty() && s.drivers.len() <= MAX_DRIVERS);
        assert!(s.drivers.windows(2).all(|w| w[0].weight >= w[1].weight));
        assert!(s.drivers.iter().all(|d| d.weight > 0.0));
    }

    #[test]
    fn an_insult_in_a_long_post_is_not_diluted() {
        let m = Model::embedded();
        let news = "Well done to Year 6 on their fantastic trip to the Science Museum! \
            Reminder: parents' evening is on Thursday from 4pm. Our under-14s won 3-1 \
            against Oakfield today. Congratulations to all our students on their results. ";
        let benign = normalise(&news.repeat(5)).text;
        assert!(m.score(&benign).probability < m.threshold_medium());
        let original = format!(
            "{}Honestly, you are a pathetic moron. {}",
            news.repeat(3),
            news
        );
        let text = normalise(&original).text;
        let s = m.score(&text);
        assert!(s.probability >= m.threshold_medium(), "{}", s.probability);
        let top = &text[s.drivers[0].start..s.drivers[0].end];
        assert!(matches!(top, "pathetic" | "moron"), "{top}");
        // Whole-text scoring would have missed it.
        assert!(m.score_windowed(&text, 0).probability < m.threshold_medium());
    }

    #[test]
    fn a_long_text_scores_as_its_worst_window_scored_alone() {
        let m = Model::embedded();
        // Words of plain letters, so that a window's text is its words joined by spaces.
        let insults = ["pathetic", "moron", "idiot", "loser", "useless"];
        let benign = ["the", "school", "trip", "was", "great", "fun", "today"];
        // Insults spread through the text, at its start only, or at its end only.
        let layouts: [fn(usize, usize) -> bool; 3] =
            [|i, _| i % 17 == 5, |i, _| i == 0, |i, n| i + 1 == n];
        let sizes = [1, 23, 24, 25, 36, 47, 48, 49, 60, 97, 200];
        for (layout, n) in layouts.iter().flat_map(|l| sizes.map(|n| (l, n))) {
            let words: Vec<&str> = (0..n)
                .map(|i| match layout(i, n) {
                    true => insults[i % insults.len()],
                    false => benign[i % benign.len()],
                })
                .collect();
            // Windows of 24 words every 12, the last ending with the text.
            let mut starts: Vec<usize> =
                (0..).map(|k| 12 * k).take_while(|&s| s + 24 <= n).collect();
            if n <= 24 {
                starts = vec![0];
            } else if (n - 24) % 12 != 0 {
                starts.push((n - 24).div_ceil(12) * 12);
            }
            let worst = starts
                .iter()
                .map(|&s| {
                    let piece = words[s..(s + 24).min(n)].join(" ");
                    m.score_windowed(&piece, 0).probability
                })
                .fold(f32::MIN, f32::max);
            assert_eq!(m.score(&words.join(" ")).probability, worst, "{n} words");
        }
    }

    #[test]
    fn remembered_words_score_exactly_as_computed_ones() {
        let model = Model::embedded();
        let texts = [
            "you are a total idiot and everyone knows it",
            "Well done to Year 9 on a brilliant trip to the coast",
            "idiot idiot idiot you you you the the the",
            "naïve café résumé über straße — accents and all",
            "a supercalifragilisticexpialidocious word and a short one",
            "you are a total idiot and everyone knows it",
        ];
        for _ in 0..2 {
            for text in texts {
                let text = normalise(text).text;
                assert_eq!(
                    model.score(&text),
                    model.score_with(&text, WINDOW_WORDS, None),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn driver_shares_add_up_to_the_logit() {
        let m = Model::embedded();
        let text = normalise("idiot").text;
        let s = m.score(&text);
        let logit = (s.probability / (1.0 - s.probability)).ln();
        assert_eq!(s.drivers.len(), 1);
        assert!((logit - m.bias - s.drivers[0].weight).abs() < 1e-3);
    }

    #[test]
    fn words_mentions_and_links() {
        let mut words = Vec::new();
        let text = "@user rt: #You're a 😀idiot, see https://t.co/x url don’t";
        for_each_word(text, &mut String::new(), |s, e, w| {
            words.push((text[s..e].to_string(), w.to_string()))
        });
        let long = "é".repeat(100);
        for_each_word(&long, &mut String::new(), |s, e, w| {
            assert_eq!((s, e, w.len()), (0, 200, MAX_WORD_BYTES));
        });
        let got: Vec<(&str, &str)> = words
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("You're", "Youre"),
                ("a", "a"),
                ("😀", "😀"),
                ("idiot", "idiot"),
                ("see", "see"),
                ("don’t", "dont"),
            ]
        );
    }

    #[test]
    fn bad_bytes_are_rejected() {
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(b"garbage garbage garbage garbage garbage").is_err());
        assert!(Model::from_bytes(&EMBEDDED[..EMBEDDED.len() - 1]).is_err());
        assert!(Model::from_bytes(&EMBEDDED[..HEADER_LEN]).is_err());
        let mut longer = EMBEDDED.to_vec();
        longer.push(0);
        assert!(Model::from_bytes(&longer).is_err());
        for (at, value) in [
            (0, b'X'),
            (4, 9),
            (6, 31),
            (8, 40),
            (9, 0),
            (10, 9),
            (11, 0x80),
        ] {
            let mut bad = EMBEDDED.to_vec();
            bad[at] = value;
            assert!(Model::from_bytes(&bad).is_err(), "byte {at} = {value}");
        }
        let mut nan = EMBEDDED.to_vec();
        nan[12..16].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(Model::from_bytes(&nan).is_err());
        // Every truncation of the header fails cleanly.
        for len in 0..HEADER_LEN + 2 {
            assert!(Model::from_bytes(&EMBEDDED[..len]).is_err());
        }
    }

    #[test]
    fn odd_input_is_safe() {
        let m = Model::embedded();
        let big = "you idiot, well done year 6! ".repeat(40_000);
        assert!(big.len() >= 1 << 20);
        for text in [
            String::new(),
            "\u{FFFD}".repeat(10_000),
            "\u{0}\u{1}\u{7}\u{1B}[0m\u{7F}\u{85}\u{2028}".repeat(100),
            "a".repeat(1 << 20),
            big,
            " ".repeat(1000),
            "'''’’’###@@@".into(),
            "😀😀😀 🇬🇧".into(),
        ] {
            let s = m.score(&text);
            assert!((0.0..=1.0).contains(&s.probability), "{}", s.probability);
            assert!(s.drivers.len() <= MAX_DRIVERS);
            for d in &s.drivers {
                assert!(d.start < d.end && d.end <= text.len());
                assert!(text.is_char_boundary(d.start) && text.is_char_boundary(d.end));
            }
        }
    }
}
