//! Span lookups the rule matcher makes many times a draft: whether a safe word covers a hit,
//! and whether a lowering's phrase lies near one.

/// Spans, to ask whether one of them covers a span in O(log n): a draft may hold
/// thousands of safe words and of hits to test against them.
#[derive(Debug, Default)]
pub(super) struct SpanCover {
    /// In the order the trie reports them: by end.
    spans: Vec<(usize, usize)>,
    /// The earliest start of `spans[i..]`.
    earliest: Vec<usize>,
}

impl SpanCover {
    /// `spans` by end, as [`super::trie::Trie::find_all`] reports matches (no sort: its code would
    /// weigh on the WebAssembly module).
    pub(super) fn new(spans: Vec<(usize, usize)>) -> SpanCover {
        debug_assert!(spans.windows(2).all(|w| w[0].1 <= w[1].1), "spans by end");
        let mut earliest = vec![usize::MAX; spans.len()];
        let mut min = usize::MAX;
        for (i, &(start, _)) in spans.iter().enumerate().rev() {
            min = min.min(start);
            earliest[i] = min;
        }
        SpanCover { spans, earliest }
    }

    /// Whether some span starts at or before `start` and ends at or after `end`.
    pub(super) fn covers(&self, start: usize, end: usize) -> bool {
        let ending_after = self.spans.partition_point(|&(_, e)| e < end);
        self.earliest.get(ending_after).is_some_and(|&s| s <= start)
    }
}

/// What a phrase of a lowering does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phrase {
    /// Lowers a term near it (`phrases`).
    Lowers,
    /// Keeps a term near it as it is (`unless`).
    Unless,
    /// Keeps a term as it is when it comes before it (`unless_before`: "you're a …").
    UnlessBefore,
}

/// Where the phrases of each lowering lie, as running counts over the words of the text,
/// to ask whether one is near a hit in O(1).
#[derive(Debug, Default)]
pub(super) struct LoweringPhrases {
    /// (lowering, what the phrase does, how many of its phrases start before each word
    /// and before the end).
    counts: Vec<(usize, Phrase, Vec<u32>)>,
}

impl LoweringPhrases {
    /// From (lowering, what the phrase does, word) triples, in a text of `words` words.
    pub(super) fn new(phrases: &[(usize, Phrase, usize)], words: usize) -> LoweringPhrases {
        let words = words.max(1);
        let mut counts: Vec<(usize, Phrase, Vec<u32>)> = Vec::new();
        for &(k, role, word) in phrases {
            let at = match counts.iter().position(|c| c.0 == k && c.1 == role) {
                Some(at) => at,
                None => {
                    counts.push((k, role, vec![0; words + 1]));
                    counts.len() - 1
                }
            };
            counts[at].2[word.min(words - 1) + 1] += 1;
        }
        for (_, _, running) in &mut counts {
            for w in 1..running.len() {
                running[w] += running[w - 1];
            }
        }
        LoweringPhrases { counts }
    }

    /// Whether a phrase of lowering `k` that does `role` starts within `within` words of word
    /// `word` (an [`Phrase::UnlessBefore`] one: within `within` words before it).
    pub(super) fn near(&self, k: usize, role: Phrase, word: usize, within: usize) -> bool {
        self.counts
            .iter()
            .find(|c| c.0 == k && c.1 == role)
            .is_some_and(|(_, _, running)| {
                let last = running.len() - 1;
                let after = if role == Phrase::UnlessBefore {
                    0
                } else {
                    within + 1
                };
                let (from, to) = (
                    word.saturating_sub(within).min(last),
                    (word + after).min(last),
                );
                running[to] > running[from]
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_cover_answers_as_a_scan_of_every_span_would() {
        let spans = vec![(0, 5), (3, 8), (10, 20), (12, 30), (40, 41)];
        let cover = SpanCover::new(spans.clone());
        for start in 0..45 {
            for end in start..46 {
                let scan = spans.iter().any(|&(s, e)| s <= start && end <= e);
                assert_eq!(cover.covers(start, end), scan, "{start}..{end}");
            }
        }
        assert!(!SpanCover::default().covers(0, 0));
    }

    #[test]
    fn lowering_phrases_are_near_within_their_words_only() {
        use Phrase::*;
        let at = [
            (1, Lowers, 10),
            (0, Lowers, 50),
            (1, Unless, 3),
            (1, Lowers, 30),
            (1, UnlessBefore, 20),
        ];
        let phrases = LoweringPhrases::new(&at, 60);
        assert!(phrases.near(1, Lowers, 12, 2));
        assert!(
            !phrases.near(1, Lowers, 13, 2),
            "3 words from 10, 17 from 30"
        );
        assert!(phrases.near(1, Lowers, 28, 2));
        assert!(phrases.near(1, Unless, 0, 3));
        assert!(
            !phrases.near(1, Unless, 10, 3),
            "the unless phrase is 7 words away"
        );
        assert!(!phrases.near(0, Lowers, 12, 5), "another lowering's phrase");
        assert!(phrases.near(0, Lowers, 55, 5));
        assert!(phrases.near(0, Lowers, 59, 9));
        assert!(!LoweringPhrases::default().near(0, Lowers, 0, 100));
        // Before the word only: from 21 to 23 words, not at 20 itself nor from 17 to 19.
        let before: Vec<usize> = (15..26)
            .filter(|&w| phrases.near(1, UnlessBefore, w, 3))
            .collect();
        assert_eq!(before, [21, 22, 23]);
    }
}
