//! Dates of birth: a date next to a context word.

use super::{near, Confidence, ContextWords, PersonalData, PersonalDataKind, Text};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1–12) named by `word` in full or by its first three letters (or "Sept").
fn month_number(word: &[u8]) -> Option<u32> {
    if word.eq_ignore_ascii_case(b"sept") {
        return Some(9);
    }
    let n = MONTHS.iter().position(|m| {
        (word.len() == 3 || word.len() == m.len())
            && m.as_bytes()
                .get(..word.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(word))
    })?;
    Some(n as u32 + 1)
}

fn valid_date(year: u32, year_digits: usize, month: u32, day: u32) -> bool {
    let year_ok = year_digits == 2 || (1900..=2099).contains(&year);
    let leap = year_digits == 2 || (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    year_ok && (1..=days).contains(&day)
}

/// A date next to "DOB", "born", "date of birth" and the like; a bare date is not
/// personal data.
pub(super) fn scan_dates_of_birth(t: &Text, words: &ContextWords, out: &mut Vec<PersonalData>) {
    // A date counts only near a context word: without one in the text, no date can.
    let b_dot = t.b.windows(2).any(|w| w == b"b.");
    if !b_dot && !words.dob_first_words.in_text(t.b) {
        return;
    }
    for i in 0..t.b.len() {
        if !t.starts_word(i) || t.glued_before(i) {
            continue;
        }
        let end = if t.digit(i) {
            numeric_date_at(t, i).or_else(|| day_month_year_at(t, i))
        } else if t.letter(i) {
            month_day_year_at(t, i)
        } else {
            None
        };
        let context = |e: usize| near(t, i, e, &words.dob) || (b_dot && born_abbreviated(t, i));
        if let Some(end) = end.filter(|&e| context(e)) {
            // "Children born between 1 September 2021 and …": admissions, not a person.
            let range = near(t, i, end, &words.dob_range);
            out.push(PersonalData {
                kind: PersonalDataKind::DateOfBirth,
                start: i,
                end,
                confidence: if range {
                    Confidence::Low
                } else {
                    Confidence::Medium
                },
            });
        }
    }
}

/// Whether the date at `i` follows `b.` for "born" after a name or an opening bracket:
/// "Oliver Smith b. 2019-05-25", "Smith, b. 3 June 2018", "(b. 14/03/2016)". Elsewhere
/// "b." is a label or a list item ("Room 4b.", "plan b."), so only a capitalised word
/// (a name) or a bracket may come before it, and the date must follow at once.
fn born_abbreviated(t: &Text, i: usize) -> bool {
    let mut j = i;
    while j > 0 && i - j < 2 && t.at(j - 1) == b' ' {
        j -= 1;
    }
    if j < 3 || &t.b[j - 2..j] != b"b." {
        return false;
    }
    let mut k = j - 2;
    match t.at(k - 1) {
        b'(' | b'[' => return true,
        b' ' => k -= 1,
        _ => return false,
    }
    if k > 0 && t.at(k - 1) == b',' {
        k -= 1;
    }
    // The word before: letters (with inner apostrophes or hyphens), capitalised.
    let word_end = k;
    while k > 0 && (t.letter(k - 1) || (matches!(t.at(k - 1), b'\'' | b'-') && t.letter(k))) {
        k -= 1;
    }
    word_end - k >= 2 && t.b[k].is_ascii_uppercase() && t.starts_word(k)
}

/// The first words of some phrases (lowercase), found once when the context words are
/// read, to ask cheaply whether a text mentions any of them.
#[derive(Debug)]
pub(super) struct FirstWords {
    words: Vec<String>,
    /// Which bytes begin one of `words`.
    heads: [bool; 256],
}

impl Default for FirstWords {
    fn default() -> Self {
        FirstWords {
            words: Vec::new(),
            heads: [false; 256],
        }
    }
}

impl FirstWords {
    pub(super) fn of(phrases: &[String]) -> FirstWords {
        let mut first = FirstWords::default();
        for phrase in phrases {
            let word = phrase.split(' ').next().unwrap_or_default();
            if let Some(&head) = word.as_bytes().first() {
                first.heads[usize::from(head)] = true;
                first.words.push(word.to_owned());
            }
        }
        first
    }

    /// Whether one of the words occurs anywhere in `b`, in any case: a cheap test that
    /// must pass before [`near`] can find one of the phrases. One pass over the text,
    /// without a lowercase copy of it.
    pub(super) fn in_text(&self, b: &[u8]) -> bool {
        (0..b.len()).any(|i| {
            let c = b[i].to_ascii_lowercase();
            self.heads[usize::from(c)]
                && self.words.iter().any(|word| {
                    let word = word.as_bytes();
                    word[0] == c
                        && b[i + 1..]
                            .get(..word.len() - 1)
                            .is_some_and(|rest| rest.eq_ignore_ascii_case(&word[1..]))
                })
        })
    }
}

/// `12/03/2011`, `12-03-11`, `12.03.2011`, and ISO `2011-03-12`.
fn numeric_date_at(t: &Text, i: usize) -> Option<usize> {
    let a_end = t.digits_end(i, 5);
    let separator = t.at(a_end);
    if !matches!(separator, b'/' | b'-' | b'.') {
        return None;
    }
    let b_end = t.digits_end(a_end + 1, 5);
    if t.at(b_end) != separator {
        return None;
    }
    let c_end = t.digits_end(b_end + 1, 5);
    if t.glued_after(c_end) || t.at(c_end) == separator {
        return None;
    }
    let (la, lb, lc) = (a_end - i, b_end - a_end - 1, c_end - b_end - 1);
    let (a, b, c) = (
        t.number(i, a_end),
        t.number(a_end + 1, b_end),
        t.number(b_end + 1, c_end),
    );
    let short = |n: usize| (1..=2).contains(&n);
    let valid = if la == 4 && short(lb) && short(lc) {
        valid_date(a, 4, b, c)
    } else if short(la) && short(lb) && (lc == 2 || lc == 4) {
        // Day first in the UK; month first when only that reading is a date.
        valid_date(c, lc, b, a) || valid_date(c, lc, a, b)
    } else {
        false
    };
    valid.then_some(c_end)
}

/// After a day number at `i`: an optional ordinal suffix. Returns the end.
fn day_at(t: &Text, i: usize) -> Option<(u32, usize)> {
    let end = t.digits_end(i, 3);
    if !(1..=2).contains(&(end - i)) {
        return None;
    }
    let day = t.number(i, end);
    let suffix = [
        t.at(end).to_ascii_lowercase(),
        t.at(end + 1).to_ascii_lowercase(),
    ];
    let end = if [b"st", b"nd", b"rd", b"th"].contains(&&suffix) && !t.alnum(end + 2) {
        end + 2
    } else {
        end
    };
    (!t.alnum(end)).then_some((day, end))
}

/// A month name at `i` with an optional full stop ("Mar."). Returns the month and end.
fn month_at(t: &Text, i: usize) -> Option<(u32, usize)> {
    let end = t.alnum_end(i, 10);
    let month = month_number(&t.b[i..end])?;
    Some((month, if t.at(end) == b'.' { end + 1 } else { end }))
}

/// A four-digit year after `i`, allowing a comma and one space before it.
fn year_after(t: &Text, i: usize) -> Option<(u32, usize)> {
    let mut j = i;
    if t.at(j) == b',' {
        j += 1;
    }
    let gap = t.space(j);
    if gap == 0 {
        return None;
    }
    j += gap;
    let end = t.digits_end(j, 5);
    if end - j != 4 || t.glued_after(end) {
        return None;
    }
    Some((t.number(j, end), end))
}

/// `12 March 2011`, `12th of March, 2011`, `12 Mar 2011`.
fn day_month_year_at(t: &Text, i: usize) -> Option<usize> {
    let (day, mut j) = day_at(t, i)?;
    let gap = t.space(j);
    if gap == 0 {
        return None;
    }
    j += gap;
    if t.rest(j).len() >= 3 && t.b[j..j + 2].eq_ignore_ascii_case(b"of") && t.space(j + 2) > 0 {
        j += 2 + t.space(j + 2);
    }
    let (month, j) = month_at(t, j)?;
    let (year, end) = year_after(t, j)?;
    valid_date(year, 4, month, day).then_some(end)
}

/// `March 12th 2011`, `March 12, 2011`, `Mar 12 2011`.
fn month_day_year_at(t: &Text, i: usize) -> Option<usize> {
    let (month, j) = month_at(t, i)?;
    let gap = t.space(j);
    if gap == 0 {
        return None;
    }
    let (day, j) = day_at(t, j + gap)?;
    let (year, end) = year_after(t, j)?;
    valid_date(year, 4, month, day).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::super::testing::found;
    use super::super::PersonalDataKind;

    #[test]
    fn dates_of_birth_need_context() {
        for (text, date) in [
            ("DOB: 12/03/2011", "12/03/2011"),
            ("D.O.B. 12-03-2011", "12-03-2011"),
            ("born on 12 March 2011", "12 March 2011"),
            ("born on the 12th of March, 2011", "12th of March, 2011"),
            ("Birthday: March 12th 2011", "March 12th 2011"),
            ("date of birth 2011-03-12", "2011-03-12"),
            ("12/03/11 (DOB)", "12/03/11"),
            ("Oliver Smith b. 2019-05-25", "2019-05-25"),
            ("Amara Okafor (b. 14/03/2016) joins us", "14/03/2016"),
            ("Max O'Neill, b. 3 June 2018", "3 June 2018"),
            ("Ella Brown b.12/03/2017", "12/03/2017"),
        ] {
            assert_eq!(
                found(text),
                [(PersonalDataKind::DateOfBirth, date)],
                "{text}"
            );
        }
        for text in [
            "Trip on 12/03/2011",
            "12 March 2011",
            "born 31/02/2011",
            "DOB 12/03/2011/4",
            "Room 4b. 2019 results are up",
            "Room 4b. 12/03/2020 timetable",
            "Sports day plan b. 12/03/2020 if it rains",
            "Option B. 2019-05-25",
            "b. 2019-05-25",
            " b. 2019-05-25",
            ", b. 2019-05-25",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
