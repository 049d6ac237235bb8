//! Word positions in normalised text: boundaries, distances, and the nearest combination of a
//! context rule's slot hits.

use std::cell::OnceCell;

/// The tightest span with one hit from every slot, if it fits in `within` words
/// (0 = anywhere): each hit of the first slot with the nearest hit of every other slot.
/// Only the first [`MAX_SLOT_HITS`] hits of each slot take part, so that a draft repeating a
/// rule's phrases thousands of times costs no more than one repeating them a few dozen.
pub(super) fn nearest_combination(
    slots: &[Vec<(usize, usize)>],
    within: usize,
    words: &WordIndex,
) -> Option<(usize, usize)> {
    if slots.iter().any(Vec::is_empty) {
        return None;
    }
    let mut best: Option<(usize, usize, usize)> = None;
    for &anchor in slots[0].iter().take(MAX_SLOT_HITS) {
        let (mut start, mut end) = anchor;
        let at = words.word_at(anchor.0);
        for slot in &slots[1..] {
            let nearest = slot
                .iter()
                .take(MAX_SLOT_HITS)
                .min_by_key(|&&(s, _)| words.word_at(s).abs_diff(at))
                .expect("slots are not empty");
            start = start.min(nearest.0);
            end = end.max(nearest.1);
        }
        let width = words.word_at(end.saturating_sub(1)) - words.word_at(start);
        if (within == 0 || width <= within) && best.is_none_or(|(_, _, w)| width < w) {
            best = Some((start, end, width));
        }
    }
    best.map(|(s, e, _)| (s, e))
}

/// At most this many hits of each slot of a context rule are combined.
const MAX_SLOT_HITS: usize = 64;

/// Word positions in normalised text, for boundaries and distances.
pub(super) struct WordIndex<'t> {
    text: &'t str,
    /// Byte offsets where words start; found only when a context rule needs distances.
    starts: OnceCell<Vec<usize>>,
}

impl<'t> WordIndex<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        WordIndex {
            text,
            starts: OnceCell::new(),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            let mut starts = Vec::new();
            let mut in_word = false;
            for (i, c) in self.text.char_indices() {
                let word_char = is_word_char(c);
                if word_char && !in_word {
                    starts.push(i);
                }
                in_word = word_char;
            }
            starts
        })
    }

    pub(super) fn is_boundary_after(&self, at: usize) -> bool {
        !self.text[at..].chars().next().is_some_and(is_word_char)
    }

    pub(super) fn end_of_word(&self, at: usize) -> usize {
        at + self.text[at..]
            .find(|c: char| !is_word_char(c))
            .unwrap_or(self.text.len() - at)
    }

    /// Whether a phrase starting at `at` opens a clause: the text before it is empty or ends,
    /// spaces aside, in anything but a word (punctuation, a bracket, a dash, a line break, an
    /// emoji), not in a word or an apostrophe. A clause may begin with a conjunction ("And
    /// between us, …"), so one of `conjunctions` (lowercase) is looked past.
    pub(super) fn opens_clause(&self, at: usize, conjunctions: &[String]) -> bool {
        let before = self.text[..at].trim_end_matches([' ', '\t']);
        let word_start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c))
            .last()
            .map_or(before.len(), |(i, _)| i);
        let word = &before[word_start..];
        let before = if conjunctions.iter().any(|c| c.eq_ignore_ascii_case(word)) {
            before[..word_start].trim_end_matches([' ', '\t'])
        } else {
            before
        };
        !before
            .chars()
            .next_back()
            .is_some_and(|c| is_word_char(c) || matches!(c, '\'' | '\u{2019}'))
    }

    /// How many words the text has.
    pub(super) fn count(&self) -> usize {
        self.starts().len()
    }

    /// The index of the word containing (or last starting before) a byte offset.
    pub(super) fn word_at(&self, at: usize) -> usize {
        self.starts()
            .partition_point(|&s| s <= at)
            .saturating_sub(1)
    }
}

/// Letters and digits. (An apostrophe is not: `hoe's` still holds the word `hoe`.)
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_opens_a_clause_after_punctuation_or_a_line_break_not_inside_one() {
        let text = "between us, six points between us\nbetween us (between us) 😂 between us; it's between us. \
                    And between us, sort it between us; so between us";
        let index = WordIndex::new(text);
        let conjunctions = ["and".to_owned(), "so".to_owned()];
        let opens: Vec<bool> = text
            .match_indices("between us")
            .map(|(at, _)| index.opens_clause(at, &conjunctions))
            .collect();
        assert_eq!(
            opens,
            [true, false, true, true, true, false, true, false, true]
        );
    }
}
