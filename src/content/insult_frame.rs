//! Insults aimed at a person (Policy A2 §5.6: "attack, insult, abuse"), when the insult is
//! an ordinary word in another sense ("tool", "knob", "snake"). The word alone is left to
//! the lexicon; what makes it an insult is the frame around it: said to someone ("you
//! absolute muppet"), said of someone ("Mr Hughes is a complete knob"), an exclamation
//! ("What a muppet."), or a sentence that is only the insult ("Absolute muppet.").
//!
//! The words and frames are data (`[insult_frame]` in
//! `data/content-rules/directed-insults.toml`); this module reads the words of the
//! normalised draft and, for each insult word, walks back over intensifiers and articles
//! to the word that frames it.

use super::finding::{ContentCategory, Severity};
use super::words::{Phrases, ShapeData, Token};

/// The frame, ready to search.
#[derive(Debug, Default)]
pub struct InsultFrames {
    data: Option<ShapeData>,
    /// Phrase lists as word sequences.
    person_words: Phrases,
    also_things: Phrases,
    intensifiers: Phrases,
    persons: Phrases,
    unless: Phrases,
    subject_links: Phrases,
    may_follow: Phrases,
}

/// An insult found in a frame: a byte span of the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FramedInsult {
    pub start: usize,
    pub end: usize,
}

/// The writer, as the subject of a sentence.
const FIRST_PERSON: &[&str] = &["i", "i'm", "im", "we", "we're", "myself", "ourselves"];
const ADDRESS: &[&str] = &["you", "u", "ya", "yer", "ye"];
const COPULAS: &[&str] = &["is", "was", "are", "were", "be", "being", "been", "am", "="];
/// Contractions that are a person and a copula at once.
const PERSON_COPULAS: &[&str] = &[
    "he's", "she's", "they're", "you're", "youre", "ur", "hes", "shes", "theyre",
];
const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "sir"];
const ARTICLES: &[&str] = &["a", "an", "the", "one", "some"];

/// What the search for the subject of a copula found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// A pronoun, a role, or a name after a title: certainly a person.
    Person,
    /// A capitalised word: probably a name, possibly a product or a place.
    Name,
    /// The writer ("I'm such a muppet"): self-deprecation, not an insult.
    Writer,
    None,
}

impl InsultFrames {
    /// The frame, without the insult words IT allows (`allowed`, as for the lexicon); an
    /// error names a list the data lacks.
    pub fn new(data: Option<ShapeData>, allowed: &[String]) -> Result<InsultFrames, String> {
        let Some(data) = data else {
            return Ok(InsultFrames::default());
        };
        let insults = |name: &str| -> Result<Phrases, String> {
            let list = data.list(name)?;
            let kept: Vec<String> = list
                .iter()
                .filter(|w| !allowed.iter().any(|a| a.eq_ignore_ascii_case(w)))
                .cloned()
                .collect();
            Ok(Phrases::new(&kept))
        };
        let phrases = |name: &str| data.list(name).map(Phrases::new);
        Ok(InsultFrames {
            person_words: insults("person_words")?,
            also_things: insults("also_things")?,
            intensifiers: phrases("intensifiers")?,
            persons: phrases("persons")?,
            unless: phrases("unless")?,
            subject_links: phrases("subject_links")?,
            may_follow: phrases("may_follow")?,
            data: Some(data),
        })
    }

    /// The words the frame works on: a draft without one of them has nothing to find.
    pub fn triggers(&self) -> impl Iterator<Item = &str> {
        self.data
            .iter()
            .flat_map(|d| d.phrases(&["person_words", "also_things"]))
    }

    /// The frame's rule id, category and severity, if the data has a frame.
    pub fn rule(&self) -> Option<(&str, ContentCategory, Severity)> {
        self.data.as_ref().map(ShapeData::rule)
    }

    /// Insults in a frame in the words of a normalised draft (`tokens`), looked for at the
    /// byte offsets `starts` where the matcher found one of its words
    /// ([`InsultFrames::triggers`]). `capitalised(start, end)` says whether
    /// the original of a word is written as a name ("Jason", not "JASON" or "jason");
    /// `is_function_word` names the words that may follow an insult without making it a
    /// compound ("a tool for" is fine, "a tool kit" is not).
    pub fn find(
        &self,
        tokens: &[Token],
        starts: &[usize],
        capitalised: &dyn Fn(usize, usize) -> bool,
        is_function_word: &dyn Fn(&str) -> bool,
    ) -> Vec<FramedInsult> {
        if self.data.is_none() {
            return Vec::new();
        }
        let mut candidates: Vec<usize> = starts
            .iter()
            .filter_map(|&s| tokens.binary_search_by_key(&s, |t| t.start).ok())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut found = Vec::new();
        let mut next = 0; // the first token not yet part of a finding
        for i in candidates {
            if i < next {
                continue;
            }
            let person_only = self.person_words.longest_at(tokens, i, true);
            let thing_too = self.also_things.longest_at(tokens, i, true);
            let (len, person_only) = match (person_only, thing_too) {
                (Some(a), Some(b)) if b > a => (b, false),
                (Some(a), _) => (a, true),
                (None, Some(b)) => (b, false),
                (None, None) => continue,
            };
            let end = i + len;
            if let Some(start) = self.framed(tokens, i, end, person_only, &|t: &Token| {
                capitalised(t.start, t.end)
            }) {
                let next = tokens.get(end);
                let compound = next.is_some_and(|t| {
                    t.is_word() && !is_function_word(t.text) && !self.may_follow.has_word(t.text)
                });
                if !compound && !self.near_unless(tokens, start, end) {
                    found.push(FramedInsult {
                        start: tokens[start].start,
                        end: tokens[end - 1].end,
                    });
                }
            }
            next = end;
        }
        found
    }

    /// The first token of the framed insult (the frame's own word for an address or an
    /// exclamation), if the insult at `tokens[at..end]` stands in a frame.
    fn framed(
        &self,
        tokens: &[Token],
        at: usize,
        end: usize,
        person_only: bool,
        capitalised: &dyn Fn(&Token) -> bool,
    ) -> Option<usize> {
        // Back over intensifiers and articles to the word that frames the insult.
        let mut head = at;
        let mut intensified = false;
        let mut article = false;
        while head > 0 {
            if ARTICLES.contains(&tokens[head - 1].text) {
                article = true;
                head -= 1;
            } else if let Some(n) = self.intensifiers.longest_ending_at(tokens, head) {
                intensified = true;
                head -= n;
            } else {
                break;
            }
        }
        let first = head; // the insult with its intensifiers and article
        let Some(frame) = head.checked_sub(1).map(|h| &tokens[h]) else {
            // The text starts with it: "Absolute muppet."
            return (person_only && intensified && self.sentence_ends(tokens, end))
                .then_some(first);
        };
        let person_after = || {
            (end..(end + 3).min(tokens.len()))
                .any(|k| self.persons.longest_at(tokens, k, false).is_some())
        };
        let of_a_person = tokens.get(end).is_some_and(|t| t.text == "of")
            && tokens
                .get(end + 1)
                .is_some_and(|t| matches!(t.text, "a" | "an"))
            && (end + 2..(end + 5).min(tokens.len()))
                .any(|k| self.persons.longest_at(tokens, k, false).is_some());
        if of_a_person {
            // "that donkey of an inspector", "a joke of a man"
            return Some(first);
        }
        let text = frame.text;
        if ADDRESS.contains(&text) || PERSON_COPULAS.contains(&text) {
            return Some(head - 1);
        }
        if text == "what" && article {
            return (person_only || person_after()).then_some(head - 1);
        }
        if frame.ends_sentence() && person_only && intensified {
            return self.sentence_ends(tokens, end).then_some(first);
        }
        if text == "," && intensified && article {
            // "Mr Darby, the biggest tool in the county"
            let subject = self.subject(tokens, head - 1, capitalised, true);
            return matches!(subject, Subject::Person | Subject::Name).then_some(first);
        }
        let copula = COPULAS.contains(&text) || text.ends_with("'s");
        if !copula {
            return None;
        }
        // "head's a joke": the contraction holds the subject.
        let subject = match text.strip_suffix("'s") {
            Some(stem) if self.persons.has_word(stem) => Subject::Person,
            Some(_) if capitalised(frame) => Subject::Name,
            Some(_) => Subject::None,
            None => self.subject(tokens, head - 1, capitalised, false),
        };
        let insult = match subject {
            Subject::Writer => false,
            Subject::Person => true,
            Subject::Name => person_only || intensified,
            Subject::None => person_only,
        };
        insult.then_some(first)
    }

    /// Whether the sentence ends right after `tokens[..end]`.
    fn sentence_ends(&self, tokens: &[Token], end: usize) -> bool {
        tokens.get(end).is_none_or(|t| !t.is_word())
    }

    /// The subject of the copula at `tokens[copula]`: the nearest person before it in its
    /// clause, joined to it directly or by a link word ("Priya on Year 4 is").
    fn subject(
        &self,
        tokens: &[Token],
        copula: usize,
        capitalised: &dyn Fn(&Token) -> bool,
        apposition: bool,
    ) -> Subject {
        let lowest = copula.saturating_sub(16);
        let mut p = copula;
        while p > lowest {
            p -= 1;
            let token = &tokens[p];
            if token.ends_clause() && !apposition {
                return Subject::None;
            }
            if FIRST_PERSON.contains(&token.text) || (token.text == "me" && p + 1 == copula) {
                return Subject::Writer;
            }
            let linked = p + 1 == copula
                || tokens
                    .get(p + 1)
                    .is_some_and(|t| self.subject_links.has_word(t.text));
            if !linked {
                continue;
            }
            if self.persons.longest_ending_at(tokens, p + 1).is_some() {
                return Subject::Person;
            }
            if token.is_word() && capitalised(token) {
                let titled = p > 0 && TITLES.contains(&tokens[p - 1].text);
                return if titled {
                    Subject::Person
                } else {
                    Subject::Name
                };
            }
            if apposition {
                return Subject::None;
            }
        }
        Subject::None
    }

    /// Whether a word of the `unless` list (a play, a costume) lies within six words of
    /// the framed insult.
    fn near_unless(&self, tokens: &[Token], start: usize, end: usize) -> bool {
        let from = start.saturating_sub(6);
        let to = (end + 6).min(tokens.len());
        (from..to).any(|k| self.unless.longest_at(tokens, k, false).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::super::words::tokens;
    use super::*;

    /// The embedded frame, with a name written in the original as "a capital, then small
    /// letters" read from a copy of the draft.
    fn framed(draft: &str) -> Vec<String> {
        let file: serde_json::Value = serde_json::from_str(include_str!(concat!(
            env!("OUT_DIR"),
            "/content-rules.json"
        )))
        .unwrap();
        let data = ShapeData::from_json(file["insult_frame"].clone()).unwrap();
        let frames = InsultFrames::new(Some(data), &[]).unwrap();
        let lower = draft.to_lowercase();
        let capitalised = |s: usize, e: usize| {
            let mut c = draft[s..e].chars();
            c.next().is_some_and(char::is_uppercase) && c.any(char::is_lowercase)
        };
        let function = |w: &str| matches!(w, "a" | "and" | "he" | "in" | "of" | "to" | "the");
        let words = tokens(&lower);
        let starts: Vec<usize> = words.iter().map(|t| t.start).collect();
        frames
            .find(&words, &starts, &capitalised, &function)
            .iter()
            .map(|f| lower[f.start..f.end].to_owned())
            .collect()
    }

    #[test]
    fn each_frame_names_the_insult_with_its_words() {
        assert_eq!(framed("you absolute muppet"), ["you absolute muppet"]);
        assert_eq!(framed("Mr Hale is a complete knob."), ["a complete knob"]);
        assert_eq!(framed("What a tool he is"), ["what a tool"]);
        assert_eq!(framed("that donkey of an inspector"), ["donkey"]);
        assert_eq!(framed("Absolute muppet."), ["absolute muppet"]);
        assert_eq!(
            framed("Our head is an actual dinosaur"),
            ["an actual dinosaur"]
        );
    }

    #[test]
    fn things_oneself_compounds_and_plays_are_left_alone() {
        for draft in [
            "My laptop is a dinosaur",
            "I'm such a muppet",
            "Me = total wet wipe",
            "Mrs Achebe is a dinosaur expert",
            "Mr Patel was a clown in the school play",
            "Canva is a tool for posters",
            "Parents think the new timetable is a joke",
            "What a nightmare this week has been",
        ] {
            assert!(framed(draft).is_empty(), "{draft}: {:?}", framed(draft));
        }
    }

    #[test]
    fn a_name_needs_an_intensifier_with_a_word_that_is_also_a_thing() {
        assert!(framed("Jason is a pig").is_empty());
        assert_eq!(framed("Jason is a right pig"), ["a right pig"]);
        assert_eq!(framed("Jason is a prat"), ["a prat"]);
    }
}
