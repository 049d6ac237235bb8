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
//!
//! Each word contributes
//! * its unigram,
//! * the character n-grams of `<word>` (the `<` `>` boundary markers included) for every
//!   n in `char_min..=char_max` (3–5 in the shipped model),
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
//! shares (at most five) are returned, so the words highlighted are the words that pushed
//! the score up. Shares of all words add up to the logit minus the bias.
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
//! | 24 | 4 | f32 recommended threshold, *medium* (≤ 8 % false positives on OLID held-out) |
//! | 28 | 4 | u32 weight count (= 2^bits) |
//! | 32 | count | i8 weights |

use std::borrow::Cow;
use std::sync::OnceLock;

/// The shipped weights.
static EMBEDDED: &[u8] = include_bytes!("../../data/model/abuse.bin");

const MAGIC: &[u8; 4] = b"SPM1";
const VERSION: u16 = 1;
const HEADER_LEN: usize = 32;
/// Flag: word bigrams are features.
pub const FLAG_BIGRAMS: u8 = 1;
/// Flag: the feature vector is scaled by `1 / sqrt(feature occurrences)`.
pub const FLAG_SQRT_NORM: u8 = 2;
/// At most this many drivers are returned.
pub const MAX_DRIVERS: usize = 5;

/// Which features a model uses (stored in the weights file's header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureConfig {
    /// log2 of the number of hash buckets.
    pub bits: u8,
    /// Shortest character n-gram.
    pub char_min: u8,
    /// Longest character n-gram.
    pub char_max: u8,
    /// `FLAG_BIGRAMS` | `FLAG_SQRT_NORM`.
    pub flags: u8,
}

impl FeatureConfig {
    /// Number of hash buckets.
    pub fn buckets(&self) -> usize {
        1 << self.bits
    }

    /// Calls `f(word_index, start, end, kind, bucket)` for every feature occurrence of
    /// `text`, word by word: for word `i` (byte span `start..end`), its unigram and
    /// character n-grams, then — if there was a word before it — the bigram of the two.
    /// This is the single definition of the features, used by training and scoring.
    pub fn for_each_feature(&self, text: &str, mut f: impl FnMut(usize, usize, usize, Kind, u32)) {
        let mut word = String::new();
        let mut prev = String::new();
        let mut marked = String::new();
        let mut bounds: Vec<usize> = Vec::new();
        let mut index = 0usize;
        for_each_word(text, &mut word, |start, end, word| {
            f(
                index,
                start,
                end,
                Kind::Word,
                self.bucket(b'w', &[word.as_bytes()]),
            );
            // Character n-grams of "<word>".
            marked.clear();
            marked.push('<');
            marked.push_str(word);
            marked.push('>');
            bounds.clear();
            bounds.extend(marked.char_indices().map(|(i, _)| i));
            bounds.push(marked.len());
            let chars = bounds.len() - 1;
            for n in self.char_min as usize..=self.char_max as usize {
                for i in 0..(chars + 1).saturating_sub(n) {
                    let gram = &marked.as_bytes()[bounds[i]..bounds[i + n]];
                    f(index, start, end, Kind::Char, self.bucket(b'c', &[gram]));
                }
            }
            if self.flags & FLAG_BIGRAMS != 0 && index > 0 {
                let bucket = self.bucket(b'b', &[prev.as_bytes(), b" ", word.as_bytes()]);
                f(index, start, end, Kind::Bigram, bucket);
            }
            prev.clear();
            prev.push_str(word);
            index += 1;
        });
    }

    /// The bucket of a feature: FNV-1a over the namespace byte and `parts`, then
    /// multiply-shift to `bits` bits.
    fn bucket(&self, namespace: u8, parts: &[&[u8]]) -> u32 {
        let mut h: u32 = 0x811C_9DC5;
        let mut eat = |b: u8| {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        };
        eat(namespace);
        for part in parts {
            part.iter().copied().for_each(&mut eat);
        }
        h.wrapping_mul(0x9E37_79B1) >> (32 - u32::from(self.bits))
    }
}

/// What kind of feature a bucket comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The word itself.
    Word,
    /// A character n-gram of the word.
    Char,
    /// The bigram of the previous word and this one.
    Bigram,
}

/// A chunk ignored as a whole: a mention, a link, the `url` placeholder or `rt` (leading
/// quotes and brackets aside).
fn ignored_chunk(chunk: &str) -> bool {
    let core = chunk.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '#');
    core.starts_with('@')
        || core.starts_with("http")
        || core.starts_with("www.")
        || core.contains("://")
        || matches!(
            core.trim_end_matches(|c: char| !c.is_alphanumeric()),
            "url" | "rt"
        )
}

fn is_emoji(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}')
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Calls `f(start, end, word)` for every word of `text` (see the module documentation);
/// `buf` holds the word's text without apostrophes.
fn for_each_word(text: &str, buf: &mut String, mut f: impl FnMut(usize, usize, &str)) {
    let mut chunk_start = 0;
    let ends = text
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(i, c)| (i, i + c.len_utf8()))
        .chain(std::iter::once((text.len(), text.len())));
    for (chunk_end, next_start) in ends {
        let (base, chunk) = (chunk_start, &text[chunk_start..chunk_end]);
        chunk_start = next_start;
        if chunk.is_empty() || ignored_chunk(chunk) {
            continue;
        }
        let mut iter = chunk.char_indices().peekable();
        let mut start: Option<usize> = None;
        let mut end = 0;
        buf.clear();
        while let Some((i, c)) = iter.next() {
            if c.is_alphanumeric() {
                start.get_or_insert(i);
                buf.push(c);
                end = i + c.len_utf8();
                continue;
            }
            let joins = is_apostrophe(c)
                && start.is_some()
                && iter.peek().is_some_and(|&(_, next)| next.is_alphanumeric());
            if joins {
                continue;
            }
            if let Some(s) = start.take() {
                f(base + s, base + end, buf);
                buf.clear();
            }
            if is_emoji(c) {
                let mut one = [0u8; 4];
                f(base + i, base + i + c.len_utf8(), c.encode_utf8(&mut one));
            }
        }
        if let Some(s) = start {
            f(base + s, base + end, buf);
            buf.clear();
        }
    }
}

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

    /// Probability at or above which the model alone flagged at most 8 % of the
    /// inoffensive OLID held-out tweets.
    pub fn threshold_medium(&self) -> f32 {
        self.threshold_medium
    }

    /// Scores already-normalised text (see the module documentation). Linear in the
    /// length of `text`; never panics.
    pub fn score(&self, text: &str) -> Score {
        // Shares are kept doubled so that half of a bigram's weight stays an integer.
        let mut total: i64 = 0;
        let mut occurrences: u64 = 0;
        let mut top = [Share::default(); MAX_DRIVERS];
        // The previous word (still waiting for its bigram with `cur`) and the current one.
        let mut prev: Option<Share> = None;
        let mut cur: Option<Share> = None;
        self.config
            .for_each_feature(text, |index, start, end, kind, bucket| {
                let w = i64::from(self.weights.get(bucket as usize).map_or(0, |&b| b as i8));
                occurrences += 1;
                total += w;
                if cur.map_or(true, |c| c.index != index) {
                    if let Some(done) = prev.take() {
                        done.offer(&mut top);
                    }
                    prev = cur.take();
                    cur = Some(Share {
                        index,
                        start,
                        end,
                        doubled: 0,
                    });
                }
                let Some(c) = cur.as_mut() else { return };
                if kind == Kind::Bigram {
                    c.doubled += w;
                    if let Some(p) = prev.as_mut() {
                        p.doubled += w;
                    }
                } else {
                    c.doubled += 2 * w;
                }
            });
        for done in [prev, cur].into_iter().flatten() {
            done.offer(&mut top);
        }
        let norm = if self.config.flags & FLAG_SQRT_NORM != 0 && occurrences > 0 {
            1.0 / (occurrences as f64).sqrt()
        } else {
            1.0
        };
        let unit = f64::from(self.scale) * norm;
        let logit = f64::from(self.bias) + unit * total as f64;
        let probability = (1.0 / (1.0 + (-logit).exp())) as f32;
        let drivers = top
            .iter()
            .filter(|s| s.doubled > 0)
            .map(|s| Driver {
                start: s.start,
                end: s.end,
                weight: (unit * s.doubled as f64 / 2.0) as f32,
            })
            .collect();
        Score {
            probability,
            drivers,
        }
    }
}

/// One word's share of the score, doubled.
#[derive(Debug, Clone, Copy, Default)]
struct Share {
    index: usize,
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
