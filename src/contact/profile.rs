//! What a profile's own words say about who the person is, with no roster needed: a
//! pupil of any school (§5.6: "any student … whether from an academy or any other
//! school") or a parent at one of the Trust's academies (§5.3). The words are data
//! (`data/contact-signals.toml`); this file only reads them in order.
//!
//! Staff words anywhere in a profile ("teacher", "Head of Year 9") silence every pupil
//! signal: a false alarm on a colleague costs more trust than a missed one gains.

use std::sync::OnceLock;

use serde::Deserialize;

/// The word lists, as in `data/contact-signals.toml`.
#[derive(Debug, Deserialize)]
pub struct SignalWords {
    pub learner: Vec<String>,
    pub learner_not_pupil: Vec<String>,
    pub school: Vec<String>,
    pub year_group: Vec<String>,
    pub year_group_not_own: Vec<String>,
    pub class_of: Vec<String>,
    pub age_after: Vec<String>,
    pub age_before: Vec<String>,
    pub staff: Vec<String>,
    pub employer_before: Vec<String>,
    pub parent: Vec<String>,
    pub parent_after: Vec<String>,
    pub parent_before: Vec<String>,
    pub academy_name_suffix: Vec<String>,
}

impl SignalWords {
    /// The embedded lists.
    pub fn embedded() -> &'static SignalWords {
        static WORDS: OnceLock<SignalWords> = OnceLock::new();
        WORDS.get_or_init(|| {
            serde_json::from_str(include_str!(concat!(
                env!("OUT_DIR"),
                "/contact-signals.json"
            )))
            .expect("data/contact-signals.toml has every list (checked by tests)")
        })
    }

    /// Every list by its name, for the data lint.
    pub fn lists(&self) -> [(&'static str, &[String]); 14] {
        [
            ("learner", &self.learner),
            ("learner_not_pupil", &self.learner_not_pupil),
            ("school", &self.school),
            ("year_group", &self.year_group),
            ("year_group_not_own", &self.year_group_not_own),
            ("class_of", &self.class_of),
            ("age_after", &self.age_after),
            ("age_before", &self.age_before),
            ("staff", &self.staff),
            ("employer_before", &self.employer_before),
            ("parent", &self.parent),
            ("parent_after", &self.parent_after),
            ("parent_before", &self.parent_before),
            ("academy_name_suffix", &self.academy_name_suffix),
        ]
    }
}

/// What a profile says, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileSignal {
    /// The person says they are a pupil; `academy` when they name one of the Trust's.
    Pupil { academy: Option<String> },
    /// The person says they are a parent (or other family) at one of the Trust's academies.
    Parent { academy: String },
}

/// A signal and the words of the profile that gave it (byte span of the part of the
/// bio it was read in, trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileReading {
    pub signal: ProfileSignal,
    pub start: usize,
    pub end: usize,
}

/// A word of the bio: lower-case letters or digits, with its byte span and the part of
/// the bio (between `.`, `|`, new lines…) it is in.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    start: usize,
    end: usize,
    part: usize,
}

/// Reads profiles for one policy's academies.
#[derive(Debug, Clone)]
pub struct ProfileReader {
    words: &'static SignalWords,
    /// Each academy's name (as the policy writes it) and the word sequences it goes by.
    academies: Vec<(String, Vec<Vec<String>>)>,
}

/// Longest bio read, in bytes (profiles are short; a page may pass anything).
pub const MAX_BIO_BYTES: usize = 4_096;

impl ProfileReader {
    /// A reader that knows these academy names.
    pub fn new<'a>(academy_names: impl IntoIterator<Item = &'a str>) -> ProfileReader {
        let words = SignalWords::embedded();
        let mut academies: Vec<(String, Vec<Vec<String>>)> = Vec::new();
        for name in academy_names {
            let name = name.trim();
            if name.is_empty() || academies.iter().any(|(n, _)| n == name) {
                continue;
            }
            let full: Vec<String> = split_words(name).into_iter().map(|w| w.text).collect();
            let mut forms = vec![full.clone()];
            let mut short = full;
            while short.len() > 1 && words.academy_name_suffix.contains(&short[short.len() - 1]) {
                short.pop();
                // A single word left must say something on its own ("Oakfield", not "St").
                if short.len() >= 2 || short[0].len() >= 6 {
                    forms.push(short.clone());
                }
            }
            if !forms[0].is_empty() {
                academies.push((name.to_owned(), forms));
            }
        }
        ProfileReader { words, academies }
    }

    /// What `bio` says about who the person is: the strongest reading, if any.
    pub fn read(&self, bio: &str, this_year: i32) -> Option<ProfileReading> {
        let bio = crate::content::check::prefix_on_char_boundary(bio, MAX_BIO_BYTES);
        let words = split_words(bio);
        let span = |part: usize| part_span(&words, part);
        let staff = (0..words.len()).any(|i| self.starts_any(&words, i, &self.words.staff));
        let parent_part = (0..words.len()).find(|&i| self.is_parent_self(&words, i));
        let mentions = self.academy_mentions(&words);
        // A parent's year groups and schools are their child's ("mum of a Year 9").
        if !staff && parent_part.is_none() {
            if let Some(part) = self.pupil_part(&words, this_year) {
                // The academy they name, if any, is their school.
                let academy = mentions.first().map(|(name, _)| name.clone());
                let (start, end) = span(part);
                return Some(ProfileReading {
                    signal: ProfileSignal::Pupil { academy },
                    start,
                    end,
                });
            }
        }
        let parent_part = parent_part?;
        let (name, _) = mentions.into_iter().next()?;
        let (start, end) = span(words[parent_part].part);
        Some(ProfileReading {
            signal: ProfileSignal::Parent { academy: name },
            start,
            end,
        })
    }

    /// The part of the bio where the person says they are a pupil.
    fn pupil_part(&self, words: &[Word], this_year: i32) -> Option<usize> {
        let w = self.words;
        for i in 0..words.len() {
            let part = words[i].part;
            // "Year 9", "Yr 10", "Y11" — not "my Year 7s" or "Head of Year 9".
            if let Some(len) = self.starts_any_len(words, i, &w.year_group) {
                let number = words.get(i + len).filter(|n| n.part == part);
                let is_year = number
                    .and_then(|n| n.text.parse::<u32>().ok())
                    .is_some_and(|n| (1..=13).contains(&n));
                let plural = words
                    .get(i + len + 1)
                    .is_some_and(|s| s.text == "s" && s.start == number.map_or(0, |n| n.end));
                if is_year && !plural && !self.ends_any(words, i, &w.year_group_not_own) {
                    return Some(part);
                }
            }
            // "class of 2031", still to come.
            if let Some(len) = self.starts_any_len(words, i, &w.class_of) {
                let year = words.get(i + len).and_then(|n| n.text.parse::<i32>().ok());
                if year.is_some_and(|y| (this_year..=this_year + 14).contains(&y)) {
                    return Some(part);
                }
            }
            // An age from 10 to 17: "14 yo", "15 years old", "aged 15", "I'm 14".
            if is_minor_age(&words[i].text) {
                let after = self.starts_any(words, i + 1, &w.age_after);
                if after || self.ends_any(words, i, &w.age_before) {
                    return Some(part);
                }
            }
            // "Student at Elm High", "Oakfield Academy pupil" — not "uni student".
            if self.starts_any(words, i, &w.learner) {
                let in_part: Vec<usize> = (0..words.len())
                    .filter(|&k| words[k].part == part)
                    .collect();
                let school = in_part
                    .iter()
                    .any(|&k| self.starts_any(words, k, &w.school))
                    || !self.academy_mentions_in(words, &in_part).is_empty();
                let not_pupil = in_part
                    .iter()
                    .any(|&k| self.starts_any(words, k, &w.learner_not_pupil));
                if school && !not_pupil {
                    return Some(part);
                }
            }
        }
        None
    }

    /// Whether word `i` starts a parent describing themselves ("mum of", "proud dad").
    fn is_parent_self(&self, words: &[Word], i: usize) -> bool {
        let w = self.words;
        let Some(len) = self.starts_any_len(words, i, &w.parent) else {
            return false;
        };
        let next = words.get(i + len).filter(|n| n.part == words[i].part);
        let after =
            next.is_some_and(|n| w.parent_after.contains(&n.text) || n.text.parse::<u32>().is_ok());
        after || self.ends_any(words, i, &w.parent_before)
    }

    /// The Trust's academies the bio names where it is not their employer, in order.
    fn academy_mentions(&self, words: &[Word]) -> Vec<(String, usize)> {
        let all: Vec<usize> = (0..words.len()).collect();
        self.academy_mentions_in(words, &all)
    }

    fn academy_mentions_in(&self, words: &[Word], at: &[usize]) -> Vec<(String, usize)> {
        let mut found = Vec::new();
        for &i in at {
            for (name, forms) in &self.academies {
                if !forms.iter().any(|form| starts_with(words, i, form)) {
                    continue;
                }
                // "Teacher at Oak Primary", "works at Oak Primary": their employer.
                let before = i.saturating_sub(4)..i;
                let employer = before.clone().any(|k| {
                    words[k].part == words[i].part && self.starts_any(words, k, &self.words.staff)
                }) || self.ends_any(words, i, &self.words.employer_before);
                if !employer && !found.iter().any(|(n, _)| n == name) {
                    found.push((name.clone(), i));
                }
            }
        }
        found
    }

    fn starts_any(&self, words: &[Word], i: usize, phrases: &[String]) -> bool {
        self.starts_any_len(words, i, phrases).is_some()
    }

    /// The length in words of the first phrase that starts at word `i`, within one part.
    fn starts_any_len(&self, words: &[Word], i: usize, phrases: &[String]) -> Option<usize> {
        let first = words.get(i)?;
        phrases.iter().find_map(|phrase| {
            let mut len = 0;
            for (k, piece) in phrase.split(' ').enumerate() {
                let word = words.get(i + k).filter(|w| w.part == first.part)?;
                if word.text != piece {
                    return None;
                }
                len += 1;
            }
            Some(len)
        })
    }

    /// Whether a phrase ends just before word `i`, in the same part.
    fn ends_any(&self, words: &[Word], i: usize, phrases: &[String]) -> bool {
        phrases.iter().any(|phrase| {
            let n = phrase.split(' ').count();
            i >= n
                && words[i - n].part == words[i].part
                && self.starts_any_len(words, i - n, std::slice::from_ref(phrase)) == Some(n)
        })
    }
}

fn starts_with(words: &[Word], i: usize, form: &[String]) -> bool {
    let first_part = words.get(i).map(|w| w.part);
    form.iter().enumerate().all(|(k, piece)| {
        words
            .get(i + k)
            .is_some_and(|w| &w.text == piece && Some(w.part) == first_part)
    })
}

fn is_minor_age(text: &str) -> bool {
    text.parse::<u32>().is_ok_and(|n| (10..=17).contains(&n)) && !text.starts_with('0')
}

/// The bio's words: runs of letters or of digits (so "y11" is "y", "11"), lower-cased;
/// an apostrophe inside a word is dropped ("Mary's" is "marys", "I'm" is "i", "m").
fn split_words(text: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut part = 0;
    let mut current: Option<Word> = None;
    let mut kind = 0u8; // 1 letters, 2 digits
    for (at, c) in text.char_indices() {
        let this = if c.is_alphabetic() {
            1
        } else if c.is_ascii_digit() {
            2
        } else {
            0
        };
        if this == 0 || this != kind {
            if let Some(word) = current.take() {
                words.push(word);
            }
        }
        if this != 0 {
            let word = current.get_or_insert_with(|| Word {
                text: String::new(),
                start: at,
                end: at,
                part,
            });
            word.text.extend(c.to_lowercase());
            word.end = at + c.len_utf8();
        } else if matches!(c, '.' | '!' | '?' | '|' | '•' | '·' | ';' | '\n' | '\r') {
            part += 1;
        }
        kind = this;
    }
    words.extend(current);
    words
}

fn part_span(words: &[Word], part: usize) -> (usize, usize) {
    let first = words.iter().find(|w| w.part == part).map_or(0, |w| w.start);
    let last = words
        .iter()
        .rfind(|w| w.part == part)
        .map_or(first, |w| w.end);
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader() -> ProfileReader {
        ProfileReader::new([
            "Oak Primary Academy",
            "Oakfield Academy",
            "Elm Community College",
        ])
    }

    fn read(bio: &str) -> Option<ProfileSignal> {
        reader().read(bio, 2026).map(|r| r.signal)
    }

    fn pupil(academy: Option<&str>) -> Option<ProfileSignal> {
        Some(ProfileSignal::Pupil {
            academy: academy.map(str::to_owned),
        })
    }

    #[test]
    fn pupils_say_so() {
        for bio in [
            "Year 9 at Elm High 🏫",
            "y11 | she/her | netball",
            "Yr 10 ✌️",
            "Student at Riverside School",
            "St Anne's College student, A levels in art",
            "class of 2031 💙",
            "14 y/o | gamer",
            "just a 15 year old girl",
            "aged 13, love football",
            "I'm 14 and I love drawing",
            "GCSE student, Leeds",
            "Sixth former at St Anne's",
        ] {
            assert_eq!(read(bio), pupil(None), "{bio}");
        }
        assert_eq!(
            read("Year 9 at Oak Primary"),
            pupil(Some("Oak Primary Academy"))
        );
        assert_eq!(read("Oakfield pupil ⚽"), pupil(Some("Oakfield Academy")));
    }

    #[test]
    fn staff_colleagues_and_adults_are_not_pupils() {
        for bio in [
            "I teach Year 9 and Year 11 English",
            "Head of Year 9 at Elm High",
            "Love my Year 7s!",
            "Proud of the Year 11s today",
            "Teacher at Oak Primary Academy. Year 6 class teacher.",
            "Maths teacher. Year 11 rock!",
            "University student, Leeds",
            "PhD student at Manchester",
            "Student teacher (PGCE) at a primary school",
            "class of 2015",
            "Married 15 years, mum of two",
            "Age is just a number",
            "15 minutes of fame",
            "Oak Primary Academy",
        ] {
            assert_eq!(read(bio), None, "{bio}");
        }
    }

    #[test]
    fn parents_at_an_academy() {
        let parent = Some(ProfileSignal::Parent {
            academy: "Oak Primary Academy".into(),
        });
        assert_eq!(read("mum of two at Oak Primary"), parent);
        assert_eq!(read("Proud dad 💙 | Oak Primary Academy PTA"), parent);
        assert_eq!(
            read("Nana to 3 gorgeous grandkids, Oak Primary Academy"),
            parent
        );
        // Without one of the Trust's academies, or where it is their employer: nothing.
        assert_eq!(read("Proud parent of a Year 9 pupil"), None);
        assert_eq!(
            read("Proud parent of a Year 9 pupil at Oak Primary Academy"),
            parent
        );
        assert_eq!(read("Mum of a sixth former"), None);
        assert_eq!(read("mum of two, teacher at Oak Primary Academy"), None);
        assert_eq!(read("Mum. Works at Oak Primary Academy"), None);
        assert_eq!(read("love my mum, Oak Primary Academy"), None);
    }

    #[test]
    fn the_span_is_the_part_that_said_it() {
        let bio = "she/her • Year 9 at Elm High • netball";
        let reading = reader().read(bio, 2026).unwrap();
        assert_eq!(&bio[reading.start..reading.end], "Year 9 at Elm High");
    }

    #[test]
    fn odd_and_huge_bios_are_safe() {
        assert_eq!(read(""), None);
        assert_eq!(read("\u{202E}9 raey"), None);
        let huge = "year ".repeat(100_000);
        assert_eq!(read(&huge), None);
        let huge_pupil = format!("{}Year 9", "x ".repeat(10));
        assert_eq!(read(&huge_pupil), pupil(None));
    }
}
