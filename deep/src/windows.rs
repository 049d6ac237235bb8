//! Cutting a draft into what the model reads: sentences (Unicode sentence bounds) packed into
//! windows of at most the model's length, all as ranges of one tokenization of the draft, so a
//! window's tokens are exactly those of its text and every span maps back to the draft.

use unicode_segmentation::UnicodeSegmentation;

/// Bytes of the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Tokens `first..last` of the draft's tokenization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tokens {
    first: usize,
    last: usize,
}

impl Tokens {
    fn len(&self) -> usize {
        self.last - self.first
    }
}

pub struct Windows<'a> {
    ids: &'a [u32],
    offsets: &'a [(usize, usize)],
    sentences: Vec<Tokens>,
    pub windows: Vec<Tokens>,
}

impl<'a> Windows<'a> {
    /// `ids` and their byte `offsets` in `text`; windows hold at most `limit` tokens.
    pub fn new(
        text: &str,
        ids: &'a [u32],
        offsets: &'a [(usize, usize)],
        limit: usize,
    ) -> Windows<'a> {
        let bounds: Vec<usize> = text
            .split_sentence_bound_indices()
            .map(|(i, _)| i)
            .collect();
        // Each token joins the sentence its first byte is in; long sentences become pieces.
        let mut sentences: Vec<Tokens> = Vec::new();
        let mut current = None;
        for (i, &(start, _)) in offsets.iter().enumerate() {
            let sentence = bounds_index(&bounds, start);
            match sentences.last_mut() {
                Some(last) if current == Some(sentence) && last.len() < limit => last.last += 1,
                _ => sentences.push(Tokens {
                    first: i,
                    last: i + 1,
                }),
            }
            current = Some(sentence);
        }
        let mut windows: Vec<Tokens> = Vec::new();
        for s in &sentences {
            match windows.last_mut() {
                Some(w) if w.len() + s.len() <= limit => w.last = s.last,
                _ => windows.push(*s),
            }
        }
        Windows {
            ids,
            offsets,
            sentences,
            windows,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.windows.is_empty()
    }

    pub fn ids(&self, t: &Tokens) -> &'a [u32] {
        &self.ids[t.first..t.last]
    }

    pub fn span(&self, t: &Tokens) -> Span {
        Span {
            start: self.offsets[t.first].0,
            end: self.offsets[t.last - 1].1,
        }
    }

    /// The sentences (or pieces of a long one) that make up `window`.
    pub fn sentences_in(&self, window: &Tokens) -> Vec<Tokens> {
        self.sentences
            .iter()
            .filter(|s| s.first >= window.first && s.last <= window.last)
            .copied()
            .collect()
    }
}

/// Which sentence (index into `bounds`) byte `at` is in.
fn bounds_index(bounds: &[usize], at: usize) -> usize {
    bounds.partition_point(|&b| b <= at).saturating_sub(1)
}

/// The words of `text` (runs with a letter or digit), as byte ranges; at most `max`.
pub fn words(text: &str, max: usize) -> Vec<(usize, usize)> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| (i, i + w.len()))
        .take(max)
        .collect()
}

/// The largest char boundary of `text` at or below `at`.
pub fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

pub fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The byte offset of UTF-16 offset `at16` in `text` (JavaScript's spans); None inside a
/// character or past the end.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn utf16_to_byte(text: &str, at16: usize) -> Option<usize> {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units == at16 {
            return Some(i);
        }
        units += c.len_utf16();
        if units > at16 {
            return None;
        }
    }
    (units == at16).then_some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens as whitespace-separated words, for testing the packing alone.
    fn tokens(text: &str) -> (Vec<u32>, Vec<(usize, usize)>) {
        let offsets: Vec<(usize, usize)> = text
            .split_word_bound_indices()
            .filter(|(_, w)| !w.trim().is_empty())
            .map(|(i, w)| (i, i + w.len()))
            .collect();
        ((0..offsets.len() as u32).collect(), offsets)
    }

    #[test]
    fn short_drafts_are_one_window_of_their_sentences() {
        let text = "Great match today. Well done all!";
        let (ids, offsets) = tokens(text);
        let w = Windows::new(text, &ids, &offsets, 100);
        assert_eq!(w.windows.len(), 1);
        let sentences = w.sentences_in(&w.windows[0]);
        assert_eq!(sentences.len(), 2);
        let s = w.span(&sentences[1]);
        assert_eq!(&text[s.start..s.end], "Well done all!");
        let all = w.span(&w.windows[0]);
        assert_eq!(&text[all.start..all.end], text);
    }

    #[test]
    fn windows_hold_whole_sentences_up_to_the_limit_and_cut_long_ones() {
        let text = "One two three. Four five six. Seven eight nine ten eleven twelve thirteen.";
        let (ids, offsets) = tokens(text);
        let w = Windows::new(text, &ids, &offsets, 5);
        let spans: Vec<&str> = w
            .windows
            .iter()
            .map(|t| {
                let s = w.span(t);
                &text[s.start..s.end]
            })
            .collect();
        assert_eq!(
            spans,
            [
                "One two three.",
                "Four five six.",
                "Seven eight nine ten eleven",
                "twelve thirteen."
            ]
        );
        assert!(w.windows.iter().all(|t| t.len() <= 5));
    }

    #[test]
    fn nothing_to_read_is_no_window() {
        let w = Windows::new("", &[], &[], 10);
        assert!(w.is_empty());
    }

    #[test]
    fn boundaries_and_words() {
        assert_eq!(floor_char_boundary("né", 2), 1);
        assert_eq!(floor_char_boundary("né", 9), 3);
        assert_eq!(words("Don't, ever — 2 do it", 10).len(), 5);
        assert_eq!(utf16_len("a😀"), 3);
        // "a😀b": a is unit 0, the emoji units 1–2 (bytes 1–4), b unit 3 (byte 5).
        assert_eq!(utf16_to_byte("a😀b", 0), Some(0));
        assert_eq!(utf16_to_byte("a😀b", 1), Some(1));
        assert_eq!(utf16_to_byte("a😀b", 2), None);
        assert_eq!(utf16_to_byte("a😀b", 3), Some(5));
        assert_eq!(utf16_to_byte("a😀b", 4), Some(6));
        assert_eq!(utf16_to_byte("a😀b", 5), None);
    }
}
