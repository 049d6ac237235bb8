//! The model's features: words, their character n-grams and bigrams, hashed into buckets
//! (see the parent module's documentation for their exact definition).

use super::FLAG_BIGRAMS;

pub(super) const FNV_OFFSET: u32 = 0x811C_9DC5;

/// FNV-1a over more bytes, from a state.
#[inline(always)]
pub(super) fn fnv_eat(mut h: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}
/// Only a word's first this many bytes (rounded up to a whole character) make its
/// features: longer "words" are codes, hashes or keyboard mashing.
pub const MAX_WORD_BYTES: usize = 64;

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
    pub fn for_each_feature(&self, text: &str, f: impl FnMut(usize, usize, usize, Kind, u32)) {
        /// Passes each feature on with the span of its word.
        struct Each<F> {
            f: F,
            word: (usize, usize, usize),
        }
        impl<F: FnMut(usize, usize, usize, Kind, u32)> FeatureSink for Each<F> {
            fn word(&mut self, index: usize, start: usize, end: usize) {
                self.word = (index, start, end);
            }
            fn feature(&mut self, kind: Kind, bucket: u32) {
                let (index, start, end) = self.word;
                (self.f)(index, start, end, kind, bucket);
            }
        }
        self.features(text, &mut Each { f, word: (0, 0, 0) });
    }

    /// The features of `text` into `sink`: each word announced, then its features. Generic
    /// rather than a callback per feature, so that scoring sums weights without a call
    /// for each of them.
    #[inline(always)]
    pub(super) fn features(&self, text: &str, sink: &mut impl FeatureSink) {
        // A word has at most `MAX_WORD_BYTES` bytes rounded up to a whole character, so
        // these fixed buffers always suffice: no allocation per text.
        let mut joined = String::new();
        let mut prev = [0u8; WORD_CAP];
        let mut prev_len = 0;
        let mut marked = [0u8; WORD_CAP + 2];
        let mut bounds = [0usize; WORD_CAP + 3];
        let mut index = 0usize;
        for_each_word(text, &mut joined, |start, end, word| {
            let word = word.as_bytes();
            sink.word(index, start, end);
            let unigram = self.finish(fnv_eat(fnv_eat(FNV_OFFSET, b"w"), word));
            if !sink.recall(word, unigram) {
                self.own_features(word, unigram, &mut marked, &mut bounds, sink);
                sink.own_features_sent(word, unigram);
            }
            if self.flags & FLAG_BIGRAMS != 0 && index > 0 {
                let h = fnv_eat(fnv_eat(FNV_OFFSET, b"b"), &prev[..prev_len]);
                let bucket = self.finish(fnv_eat(fnv_eat(h, b" "), word));
                sink.feature(Kind::Bigram, bucket);
            }
            prev[..word.len()].copy_from_slice(word);
            prev_len = word.len();
            index += 1;
        });
    }

    /// A word's own features: its unigram (`bucket`) and the character n-grams of `<word>`.
    #[inline(always)]
    pub(super) fn own_features(
        &self,
        word: &[u8],
        bucket: u32,
        marked: &mut [u8; WORD_CAP + 2],
        bounds: &mut [usize; WORD_CAP + 3],
        sink: &mut impl FeatureSink,
    ) {
        let (min, max) = (self.char_min as usize, self.char_max as usize);
        sink.feature(Kind::Word, bucket);
        // Character n-grams of "<word>".
        let len = word.len() + 2;
        marked[0] = b'<';
        marked[1..len - 1].copy_from_slice(word);
        marked[len - 1] = b'>';
        let bytes = &marked[..len];
        // FNV-1a is sequential, so the n-grams starting at one character are hashed
        // in one pass, each longer gram continuing the shorter one's state.
        if word.is_ascii() {
            // One byte per character: no table of character boundaries needed.
            let chars = len;
            for i in 0..chars {
                let mut h = fnv_eat(FNV_OFFSET, b"c");
                h = fnv_eat(h, &bytes[i..(i + min - 1).min(chars)]);
                for &b in &bytes[(i + min - 1).min(chars)..(i + max).min(chars)] {
                    h = fnv_eat(h, &[b]);
                    sink.feature(Kind::Char, self.finish(h));
                }
            }
        } else {
            // The characters of "<word>": `<`, the word's, `>`.
            let mut chars = 0;
            for (i, b) in word.iter().enumerate() {
                if (*b as i8) >= -0x40 {
                    chars += 1;
                    bounds[chars] = i + 1;
                }
            }
            chars += 1;
            bounds[chars] = len - 1;
            bounds[chars + 1] = len;
            chars += 1;
            for i in 0..chars {
                let mut h = fnv_eat(FNV_OFFSET, b"c");
                h = fnv_eat(h, &bytes[bounds[i]..bounds[(i + min - 1).min(chars)]]);
                for n in min..=max {
                    if i + n > chars {
                        break;
                    }
                    h = fnv_eat(h, &bytes[bounds[i + n - 1]..bounds[i + n]]);
                    sink.feature(Kind::Char, self.finish(h));
                }
            }
        }
    }

    /// The bucket of a finished FNV-1a state.
    #[inline(always)]
    pub(super) fn finish(&self, h: u32) -> u32 {
        h.wrapping_mul(0x9E37_79B1) >> (32 - u32::from(self.bits))
    }
}

/// Room for a word's bytes: `MAX_WORD_BYTES` and the rest of a character.
pub(super) const WORD_CAP: usize = MAX_WORD_BYTES + 4;

/// Where [`FeatureConfig::features`] sends a text's features.
pub(super) trait FeatureSink {
    /// Word `index` (byte span `start..end`) begins; its features follow.
    fn word(&mut self, index: usize, start: usize, end: usize);
    /// A feature of the current word.
    fn feature(&mut self, kind: Kind, bucket: u32);
    /// Whether the sink has counted `word`'s own features (unigram `bucket` and character
    /// n-grams) from memory; if so they are not made again.
    #[inline(always)]
    fn recall(&mut self, _word: &[u8], _bucket: u32) -> bool {
        false
    }
    /// `word`'s own features have all been sent (the bigram follows).
    #[inline(always)]
    fn own_features_sent(&mut self, _word: &[u8], _bucket: u32) {}
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
pub(super) fn ignored_chunk(chunk: &str) -> bool {
    let core = chunk.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '#');
    let b = core.as_bytes();
    // Most chunks are plain words: one look at the first byte and one at ':' rule them out.
    let by_start = matches!(b.first(), Some(b'@' | b'h' | b'w' | b'u' | b'r'))
        && (b[0] == b'@'
            || core.starts_with("http")
            || core.starts_with("www.")
            || matches!(
                core.trim_end_matches(|c: char| !c.is_alphanumeric()),
                "url" | "rt"
            ));
    by_start || (b.contains(&b':') && b.windows(3).any(|w| w == b"://"))
}

pub(super) fn is_emoji(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// `char::is_alphanumeric` with the ASCII case first: almost every character is ASCII.
#[inline(always)]
pub(super) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

pub(super) fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Calls `f(start, end, word)` for every word of `text` (see the module documentation);
/// `buf` holds the text of a word an apostrophe was dropped from.
///
/// A loop over bytes that decodes only non-ASCII characters: almost every character is
/// ASCII, and iterator chains over `char_indices` cost several times as much per character.
pub(super) fn for_each_word(text: &str, buf: &mut String, mut f: impl FnMut(usize, usize, &str)) {
    let mut chunk_start = 0;
    while chunk_start <= text.len() {
        let (chunk_end, next_start) = next_whitespace(text, chunk_start);
        let chunk = &text[chunk_start..chunk_end];
        let base = chunk_start;
        chunk_start = next_start;
        if chunk.is_empty() || ignored_chunk(chunk) {
            continue;
        }
        let mut start: Option<usize> = None;
        let mut end = 0;
        // Until an apostrophe is dropped, a word is a slice of the chunk: no copy.
        let mut joined = false;
        let mut i = 0;
        while i < chunk.len() {
            let c = char_at(chunk, i);
            let next = i + c.len_utf8();
            if is_alphanumeric(c) {
                start.get_or_insert(i);
                if joined && buf.len() < MAX_WORD_BYTES {
                    buf.push(c);
                }
                end = next;
                i = next;
                continue;
            }
            let joins = is_apostrophe(c)
                && start.is_some()
                && next < chunk.len()
                && is_alphanumeric(char_at(chunk, next));
            if joins {
                if let (Some(s), false) = (start, joined) {
                    buf.clear();
                    buf.push_str(first_bytes(&chunk[s..end], MAX_WORD_BYTES));
                    joined = true;
                }
                i = next;
                continue;
            }
            if let Some(s) = start.take() {
                f(base + s, base + end, word_text(&chunk[s..end], joined, buf));
                joined = false;
            }
            if is_emoji(c) {
                f(base + i, base + next, &chunk[i..next]);
            }
            i = next;
        }
        if let Some(s) = start {
            f(base + s, base + end, word_text(&chunk[s..end], joined, buf));
        }
    }
}

/// The character starting at byte `i` of `s` (a character boundary below `s.len()`).
#[inline(always)]
pub(super) fn char_at(s: &str, i: usize) -> char {
    match s.as_bytes()[i] {
        b if b < 0x80 => char::from(b),
        _ => s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

/// The first whitespace character at or after byte `from` of `text`: its start and end,
/// or `(text.len(), text.len() + 1)` when there is none (so the caller's loop ends).
pub(super) fn next_whitespace(text: &str, from: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if matches!(b, b' ' | b'\t'..=b'\r') {
                return (i, i + 1);
            }
            i += 1;
        } else if b >= 0xC0 {
            let c = char_at(text, i);
            if c.is_whitespace() {
                return (i, i + c.len_utf8());
            }
            i += c.len_utf8();
        } else {
            i += 1;
        }
    }
    (bytes.len(), bytes.len() + 1)
}

/// A word's text: the copy without apostrophes if one was dropped, else its first bytes.
pub(super) fn word_text<'a>(run: &'a str, joined: bool, buf: &'a str) -> &'a str {
    if joined {
        buf
    } else {
        first_bytes(run, MAX_WORD_BYTES)
    }
}

/// The first `max` bytes of `s`, rounded up to a whole character.
pub(super) fn first_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end += 1;
    }
    &s[..end]
}
