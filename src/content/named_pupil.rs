//! A named pupil together with where they live or the route and times they keep (Policy
//! A2 §6.1: information must not be used to locate or meet a child).
//!
//! A pupil is named in full ("Jayden Morris"), by first name with a year group or class
//! ("Amira in Year 4", "Tom from 9C", "Year 5's Layla"), or by first name in a post that
//! is about pupils ("Form tutor of 8K. My favourite is Jasmine who lives…"). Names are
//! read from the original text: a word written with a capital and then small letters,
//! not a title's name (Mrs Bennett is staff) and not a word listed as no name (days,
//! months, subjects, "Year"). A street ("Cedar Road") is a place, not a name.
//!
//! The finding needs, within a few words after the name, a house number or a full address
//! ("number 14", "27 Fernhill Close", "flat 3"), or both a home or route phrase ("lives
//! on", "walks home", "gets the") and a place or time (a street, an estate, a number, "every
//! morning"). A number that counts something ("140 hours", "3 goals") is neither a house nor
//! a time. A named pupil with an award, a match result or a trip has neither.
//!
//! Data: `[named_pupil]` in `data/content-rules/locate-child.toml`.

use super::finding::{ContentCategory, Severity};
use super::words::{Phrases, ShapeData, Token};

/// The detector, ready to search.
#[derive(Debug, Default)]
pub struct NamedPupils {
    data: Option<ShapeData>,
    home_or_route: Phrases,
    place_or_time: Phrases,
    groups: Phrases,
    pupil_markers: Phrases,
    street_suffixes: Phrases,
    not_names: Phrases,
    titles: Phrases,
    house_markers: Phrases,
    counts: Phrases,
}

/// A named pupil with what locates them: a byte span of the normalised text, from the
/// name to the last word that locates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocatedPupil {
    pub start: usize,
    pub end: usize,
}

impl NamedPupils {
    /// The detector; an error names a list the data lacks.
    pub fn new(data: Option<ShapeData>) -> Result<NamedPupils, String> {
        let Some(data) = data else {
            return Ok(NamedPupils::default());
        };
        let phrases = |name: &str| data.list(name).map(Phrases::new);
        Ok(NamedPupils {
            home_or_route: phrases("home_or_route")?,
            place_or_time: phrases("place_or_time")?,
            groups: phrases("groups")?,
            pupil_markers: phrases("pupil_markers")?,
            street_suffixes: phrases("street_suffixes")?,
            not_names: phrases("not_names")?,
            titles: phrases("titles")?,
            house_markers: phrases("house_markers")?,
            counts: phrases("counts")?,
            data: Some(data),
        })
    }

    /// The words that place a pupil (a home or route phrase, or a house marker before a
    /// number): a draft without one of them has nothing to find.
    pub fn triggers(&self) -> impl Iterator<Item = &str> {
        self.data
            .iter()
            .flat_map(|d| d.phrases(&["home_or_route", "house_markers"]))
    }

    /// The rule id, category and severity, if the data has the detector.
    pub fn rule(&self) -> Option<(&str, ContentCategory, Severity)> {
        self.data.as_ref().map(ShapeData::rule)
    }

    /// Named pupils with what locates them in the words of a normalised draft (`tokens`);
    /// `capitalised(start, end)` says whether the original of a word is written as a name.
    pub fn find(
        &self,
        tokens: &[Token],
        capitalised: &dyn Fn(usize, usize) -> bool,
    ) -> Vec<LocatedPupil> {
        if self.data.is_none() {
            return Vec::new();
        }
        let capital = |k: usize| {
            tokens
                .get(k)
                .is_some_and(|t| t.is_word() && capitalised(t.start, t.end))
        };
        let is_name = |k: usize| -> bool {
            let Some(t) = tokens.get(k) else {
                return false;
            };
            // "the Pratts Bottom walk", "a Lily-Mae": a place or a thing, not a person.
            if k > 0 && matches!(tokens[k - 1].text, "the" | "a" | "an") {
                return false;
            }
            let word = t.text.strip_suffix("'s").unwrap_or(t.text);
            let after_title = k > 0 && self.titles.has_word(tokens[k - 1].text);
            t.is_word()
                && capitalised(t.start, t.end)
                && !word.bytes().any(|b| b.is_ascii_digit())
                && !self.not_names.has_word(word)
                && !self.street_suffixes.has_word(word)
                && !after_title
        };
        // Asked only about a first name standing alone: most drafts have none.
        let about_pupils = std::cell::OnceCell::new();
        let about_pupils = || {
            *about_pupils.get_or_init(|| {
                (0..tokens.len()).any(|k| {
                    self.pupil_markers.longest_at(tokens, k, false).is_some()
                        || self.group_at(tokens, k).is_some()
                })
            })
        };
        let mut found = Vec::new();
        let mut k = 0;
        while k < tokens.len() {
            if !is_name(k) {
                k += 1;
                continue;
            }
            let sentence_start = k == 0 || !tokens[k - 1].is_word();
            // "Regent House": a building.
            let full_name = is_name(k + 1)
                && !tokens.get(k + 2).is_some_and(|t| {
                    capitalised(t.start, t.end) && self.street_suffixes.has_word(t.text)
                });
            let mention_end = if full_name {
                Some(k + 2)
            } else if let Some(end) = self.with_group(tokens, k + 1) {
                Some(end)
            } else if k >= 2
                && tokens[k - 2].text == "year"
                && tokens[k - 1].text.strip_suffix("'s").is_some_and(is_year)
            {
                Some(k + 1) // "Year 5's Layla"
            } else if !sentence_start && !capital(k - 1) && !capital(k + 1) && about_pupils() {
                // A first name alone, not part of a longer proper noun ("Pratts Bottom").
                Some(k + 1)
            } else {
                None
            };
            let Some(mention_end) = mention_end else {
                k += 1;
                continue;
            };
            if let Some(end) = self.located(tokens, mention_end, &|t: &Token| {
                capitalised(t.start, t.end)
            }) {
                found.push(LocatedPupil {
                    start: tokens[k].start,
                    end,
                });
                k = mention_end;
            }
            k += 1;
        }
        found
    }

    /// "in Year 4", "from 9C", "in my tutor group", "in my Year 5 class" at `tokens[at]`:
    /// the end of the phrase.
    fn with_group(&self, tokens: &[Token], at: usize) -> Option<usize> {
        let first = tokens.get(at)?;
        if !matches!(first.text, "in" | "from" | "of") {
            return None;
        }
        let mut k = at + 1;
        if tokens.get(k).is_some_and(|t| t.text == "my") {
            k += 1;
        }
        // Next to a name, "from 7H" is a form even with a letter that elsewhere is a unit.
        if tokens.get(k).is_some_and(|t| is_form(t.text, true)) {
            return Some(k + 1);
        }
        self.group_at(tokens, k)
    }

    /// A year group, a form or a class at `tokens[k]`: the end of it.
    fn group_at(&self, tokens: &[Token], k: usize) -> Option<usize> {
        let t = tokens.get(k)?;
        if t.text == "year" && tokens.get(k + 1).is_some_and(|n| is_year(n.text)) {
            // "Year 5", "Year 5 class"
            let after = k + 2;
            return Some(after + usize::from(tokens.get(after).is_some_and(|n| n.text == "class")));
        }
        if is_form(t.text, false) {
            return Some(k + 1);
        }
        self.groups.longest_at(tokens, k, false).map(|n| k + n)
    }

    /// What locates a pupil named just before `tokens[from]`: the end (a byte offset) of the
    /// last word that does, if something does.
    fn located(
        &self,
        tokens: &[Token],
        from: usize,
        capitalised: &dyn Fn(&Token) -> bool,
    ) -> Option<usize> {
        let data = self.data.as_ref()?;
        let to = (from + data.within).min(tokens.len());
        let (mut home, mut place) = (None, None);
        let mut k = from;
        while k < to {
            if let Some(end) = self.house(tokens, k, capitalised) {
                return Some(tokens[end - 1].end);
            }
            if let Some(n) = self.home_or_route.longest_at(tokens, k, false) {
                home = Some(tokens[k + n - 1].end);
            }
            let street = k > from
                && capitalised(&tokens[k - 1])
                && self.street_suffixes.has_word(tokens[k].text);
            // A number places or times a pupil unless it counts something ("140 hours").
            let number = tokens[k].text.bytes().any(|b| b.is_ascii_digit())
                && !tokens
                    .get(k + 1)
                    .is_some_and(|t| self.counts.has_word(t.text));
            if street || number {
                place = Some(tokens[k].end);
            } else if let Some(n) = self.place_or_time.longest_at(tokens, k, false) {
                place = Some(tokens[k + n - 1].end);
            }
            k += 1;
        }
        Some(home?.max(place?))
    }

    /// A house number or a full address at `tokens[k]` ("number 14", "flat 3", "27 Fernhill
    /// Close"): the end of it.
    fn house(
        &self,
        tokens: &[Token],
        k: usize,
        capitalised: &dyn Fn(&Token) -> bool,
    ) -> Option<usize> {
        let t = &tokens[k];
        let digits = |k: usize| {
            tokens
                .get(k)
                .is_some_and(|t| t.text.bytes().all(|b| b.is_ascii_digit()) && t.text.len() <= 4)
        };
        if self.house_markers.has_word(t.text) && digits(k + 1) {
            return Some(k + 2);
        }
        if digits(k) {
            // "27 Fernhill Close", "41 Linden Way"
            let mut j = k + 1;
            while tokens.get(j).is_some_and(capitalised) && j < k + 4 {
                if self.street_suffixes.has_word(tokens[j].text) && j > k + 1 {
                    return Some(j + 1);
                }
                j += 1;
            }
        }
        None
    }
}

/// A year group's number: 1 to 13.
fn is_year(word: &str) -> bool {
    word.parse::<u8>().is_ok_and(|n| (1..=13).contains(&n))
}

/// A form group: a year and one to three letters ("9c", "10jd"), possibly possessive. Not
/// a time, an ordinal or a unit ("3pm", "21st", "5k") unless `after_name` ("Oscar from 7H").
fn is_form(word: &str, after_name: bool) -> bool {
    let word = word.strip_suffix("'s").unwrap_or(word);
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let letters = &word[digits..];
    (1..=2).contains(&digits)
        && is_year(&word[..digits])
        && (1..=3).contains(&letters.len())
        && letters.bytes().all(|b| b.is_ascii_lowercase())
        && (after_name
            || !matches!(
                letters,
                "am" | "pm" | "st" | "nd" | "rd" | "th" | "m" | "h" | "k"
            ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_a_year_and_letters_not_times_or_ordinals() {
        for form in ["9c", "10jd", "7a's", "10s"] {
            assert!(is_form(form, false), "{form}");
        }
        for not in ["3pm", "21st", "14", "9", "0c", "15c", "5k", "abc"] {
            assert!(!is_form(not, false), "{not}");
        }
        assert!(is_form("7h", true));
    }
}
