//! Masked swear words: `c**t`, `w*nk*r`, `s#!t`, `f**king`, `a**hole`.
//!
//! Hiding letters behind mask characters is itself the sign of a taboo word, so a word
//! with a mask in it is matched by pattern against the lexicon's strong single-word terms
//! (lewd, abusive or discriminatory, at medium or high): its visible letters in place,
//! each masked position standing for any letter, the same length — or, for a term that
//! matches as a prefix (`fuck` → `fucking`), the term followed by visible letters only.
//! One list of terms serves every masking, instead of a lexicon entry per spelling.
//!
//! Never matched: ratings and redactions, which show fewer than two letters (`5*** hotel`,
//! `P*** Street`, `£***`, `Ms T****`); hashtags, mentions and emphasis, which start with
//! their mark (`#metoo`, `@head`, `*really*`); and the words of the safe-word list's `masked`
//! (`data/lexicon/safe-words.toml`), matched as typed, case and all: the top grade, `A*s`
//! ("nineteen A*s last summer"), which a results-day post is full of.

use super::finding::{ContentCategory, Severity};
use super::normalise::leet;
use super::rules::{MatchMode, Term};

/// Characters that stand for a hidden letter (the data lint of not-masked words reads them too).
pub fn is_mask(b: u8) -> bool {
    matches!(b, b'*' | b'#' | b'%' | b'_')
}

/// Bytes of a masked word: letters, leetspeak and masks (all ASCII).
fn in_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || is_mask(b) || leet(char::from(b)).is_some()
}

/// The letter a byte of a masked word shows, or None where it hides one.
fn shown(b: u8) -> Option<u8> {
    if b.is_ascii_alphabetic() {
        Some(b.to_ascii_lowercase())
    } else if is_mask(b) {
        None
    } else {
        leet(char::from(b)).map(|c| c as u8)
    }
}

/// The lexicon's terms that a masked word may stand for.
#[derive(Debug, Default)]
pub struct MaskedTerms {
    /// Indexes of the terms, in lexicon order.
    terms: Vec<usize>,
    /// Words that look masked but are not, as typed.
    not_masked: Vec<String>,
}

impl MaskedTerms {
    /// The single-word terms of the categories people mask, at medium or above, and the words
    /// that look masked but are not (compared as typed, case and all).
    pub fn new(terms: &[Term], not_masked: Vec<String>) -> MaskedTerms {
        let masked = |t: &Term| {
            matches!(
                t.category,
                ContentCategory::Lewd | ContentCategory::Abuse | ContentCategory::Discrimination
            ) && t.severity >= Severity::Medium
                && t.term.len() >= 3
                && t.term.bytes().all(|b| b.is_ascii_lowercase())
        };
        MaskedTerms {
            terms: (0..terms.len()).filter(|&i| masked(&terms[i])).collect(),
            not_masked,
        }
    }

    /// Calls `hit(start, end, term)` for each masked word of `text` that stands for one of
    /// `terms` (the lexicon these were chosen from), with its byte span.
    pub fn find(&self, terms: &[Term], text: &str, mut hit: impl FnMut(usize, usize, usize)) {
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut masked = false;
        // One pass: each word is read only if it holds a mask; most texts have none.
        for end in 0..=bytes.len() {
            if end < bytes.len() && in_word(bytes[end]) {
                masked |= is_mask(bytes[end]);
                continue;
            }
            if masked {
                if let Some((length, term)) = self.read(terms, &bytes[start..end]) {
                    hit(start, start + length, term);
                }
            }
            start = end + 1;
            masked = false;
        }
    }

    /// The term a masked word stands for, and the length of the word (without trailing
    /// punctuation). The strongest reading of an ambiguous mask (`s**t`) wins; the first in
    /// the lexicon among equals.
    fn read(&self, terms: &[Term], word: &[u8]) -> Option<(usize, usize)> {
        // A word starts with a letter: not a hashtag, a mention, emphasis or a number.
        if !word.first()?.is_ascii_alphabetic() {
            return None;
        }
        // `!`, `|` and `+` at the end are punctuation after the word, not letters.
        let mut length = word.len();
        while matches!(word[length - 1], b'!' | b'|' | b'+') {
            length -= 1;
        }
        let word = &word[..length];
        if self.not_masked.iter().any(|w| w.as_bytes() == word) {
            return None;
        }
        let visible = word.iter().filter(|&&b| shown(b).is_some()).count();
        if visible < 2 || visible == length {
            return None;
        }
        let mut best: Option<usize> = None;
        for &i in &self.terms {
            let term = &terms[i];
            if best.is_none_or(|b| term.severity > terms[b].severity)
                && fits(word, term.term.as_bytes(), term.mode == MatchMode::Prefix)
            {
                best = Some(i);
            }
        }
        best.map(|term| (length, term))
    }
}

/// Whether a masked word spells `letters`: the term's own part shows at least one of its
/// letters in place and hides one; what follows a prefix term shows a letter too
/// (`f**king`, `w*nk*r`).
fn fits(word: &[u8], letters: &[u8], prefix: bool) -> bool {
    if word.len() < letters.len() || (word.len() > letters.len() && !prefix) {
        return false;
    }
    let (head, rest) = word.split_at(letters.len());
    let (mut hidden, mut seen) = (false, false);
    for (&b, &l) in head.iter().zip(letters) {
        match shown(b) {
            None => hidden = true,
            Some(c) if c == l => seen = true,
            Some(_) => return false,
        }
    }
    hidden && seen && (rest.is_empty() || rest.iter().any(|&b| shown(b).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, category: ContentCategory, severity: Severity, mode: MatchMode) -> Term {
        Term {
            term: text.into(),
            category,
            severity,
            mode,
            lowered_by: None,
        }
    }

    fn terms() -> Vec<Term> {
        use ContentCategory::*;
        vec![
            term("fuck", Lewd, Severity::Medium, MatchMode::Prefix),
            term("shit", Lewd, Severity::Medium, MatchMode::Prefix),
            term("slut", Abuse, Severity::High, MatchMode::Word),
            term("wanker", Abuse, Severity::Medium, MatchMode::Word),
            term("ass", Lewd, Severity::Medium, MatchMode::Word),
            term("damn", Lewd, Severity::Low, MatchMode::Word),
            term("tool", Abuse, Severity::Low, MatchMode::Word),
        ]
    }

    fn read(text: &str) -> Vec<(String, String)> {
        let terms = terms();
        let masked = MaskedTerms::new(&terms, vec!["A*s".into()]);
        let mut found = Vec::new();
        masked.find(&terms, text, |s, e, i| {
            found.push((text[s..e].to_string(), terms[i].term.clone()))
        });
        found
    }

    #[test]
    fn masked_letters_stand_for_any_letter_of_a_strong_term() {
        assert_eq!(read("what a w*nk*r"), [("w*nk*r".into(), "wanker".into())]);
        assert_eq!(read("this is s#!t!"), [("s#!t".into(), "shit".into())]);
        assert_eq!(read("f**king hell"), [("f**king".into(), "fuck".into())]);
        assert_eq!(read("oh f***ing hell"), [("f***ing".into(), "fuck".into())]);
        assert_eq!(read("sh**"), [("sh**".into(), "shit".into())]);
    }

    #[test]
    fn an_ambiguous_mask_reads_as_its_strongest_term() {
        assert_eq!(read("s**t"), [("s**t".into(), "slut".into())]);
    }

    #[test]
    fn only_words_listed_as_not_masked_are_spared_as_typed() {
        assert_eq!(read("kiss my a*s"), [("a*s".into(), "ass".into())]);
        assert_eq!(read("what an A*S"), [("A*S".into(), "ass".into())]);
    }

    #[test]
    fn ratings_redactions_marks_and_weak_terms_are_not_read() {
        for text in [
            "a 5*** hotel",
            "on P*** Street",
            "it cost £***",
            "Ms T**** said so",
            "#metoo and @head",
            "*really* good",
            "f***",
            "d*mn",
            "t**l",
            "snake_case and file_name",
            "***",
            "nineteen A*s last summer",
            "12 A*s and 30 As",
            "three A*'s and an A",
        ] {
            assert_eq!(read(text), [], "{text}");
        }
    }

    #[test]
    fn a_word_without_a_mask_is_left_to_the_lexicon() {
        assert_eq!(read("wanker shit"), []);
    }

    #[test]
    fn odd_text_is_safe() {
        for text in [
            "*",
            "a*",
            "*a",
            "a*b*c*d*e*f",
            "é*è",
            "😀*😀",
            "w*nk*r".repeat(1000).as_str(),
        ] {
            let _ = read(text);
        }
        assert_eq!(read(&"w*nk*r ".repeat(3)).len(), 3);
    }
}
