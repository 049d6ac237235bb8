//! Home addresses: a house number and street, with the postcode when one follows.

use std::collections::BTreeMap;

use super::{Confidence, ContextWords, PersonalData, PersonalDataKind, Text};

/// Street suffixes in full and as abbreviated on envelopes, lower case.
const STREET_SUFFIXES: [&str; 48] = [
    "road",
    "rd",
    "street",
    "st",
    "avenue",
    "ave",
    "av",
    "lane",
    "ln",
    "close",
    "cl",
    "drive",
    "dr",
    "crescent",
    "cres",
    "way",
    "gardens",
    "gdns",
    "court",
    "ct",
    "place",
    "pl",
    "terrace",
    "terr",
    "tce",
    "grove",
    "gr",
    "square",
    "sq",
    "walk",
    "rise",
    "mews",
    "row",
    "parade",
    "pde",
    "hill",
    "park",
    "green",
    "vale",
    "croft",
    "chase",
    "boulevard",
    "blvd",
    "wharf",
    "view",
    "gate",
    "crossway",
    "wynd",
];

/// Lower-case words inside street names: "Stratford upon Avon Road", "Lane End of Town".
const STREET_CONNECTORS: [&str; 8] = ["on", "upon", "the", "de", "la", "le", "of", "in"];

/// Most words in a street name before its suffix, and most bytes in a word.
const MAX_STREET_WORDS: usize = 5;
const MAX_WORD_BYTES: usize = 30;

/// The end of a word at `i` (letters with inner apostrophes or hyphens: St Mary's,
/// Stoke-on-Trent), or `i` when there is none.
fn street_word_end(t: &Text, i: usize) -> usize {
    let mut j = i;
    while t.letter(j) && j - i < MAX_WORD_BYTES {
        j += 1;
        let inner = if t.at(j) == b'\'' || t.at(j) == b'-' {
            1
        } else if t.rest(j).starts_with("\u{2019}".as_bytes()) {
            3
        } else {
            0
        };
        if inner > 0 && t.letter(j + inner) {
            j += inner;
        }
    }
    if t.alnum(j) {
        i
    } else {
        j
    }
}

fn is_street_suffix(word: &[u8]) -> bool {
    STREET_SUFFIXES
        .iter()
        .any(|s| s.as_bytes().eq_ignore_ascii_case(word))
}

/// `12 Acacia Avenue`, `3a St Mary's Rd`, with `, Leeds LS6 2AB` when a postcode
/// follows. In lower case (`12 acacia avenue`) only with a postcode, since lower-case
/// prose ("ran 5 miles down the road") has the same shape.
pub(super) fn scan_home_addresses(
    t: &Text,
    starts: impl Iterator<Item = usize>,
    words: &ContextWords,
    postcodes: &BTreeMap<usize, usize>,
    out: &mut Vec<PersonalData>,
) {
    for i in starts {
        if !t.digit(i) || t.glued_before(i) || t.at(i) == b'0' {
            continue;
        }
        if phrase_just_before(t, i, &words.not_house_number) {
            continue;
        }
        let mut j = t.digits_end(i, 4);
        if j - i > 3 {
            continue;
        }
        if t.letter(j) && !t.alnum(j + 1) {
            j += 1;
        }
        if t.alnum(j) {
            continue;
        }
        if t.at(j) == b',' {
            j += 1;
        }
        let gap = t.space(j);
        if gap == 0 {
            continue;
        }
        j += gap;
        let Some((street_end, titled)) = street_at(t, j) else {
            continue;
        };
        let postcode_end = postcode_after(t, street_end, postcodes);
        if titled || postcode_end.is_some() {
            out.push(PersonalData {
                kind: PersonalDataKind::HomeAddress,
                start: i,
                end: postcode_end.unwrap_or(street_end),
                confidence: Confidence::Medium,
            });
        }
    }
}

/// Whether one of `phrases` is the word (or words) just before `i`.
fn phrase_just_before(t: &Text, i: usize, phrases: &[String]) -> bool {
    let mut end = i;
    while end > 0 && end + 3 > i && t.at(end - 1).is_ascii_whitespace() {
        end -= 1;
    }
    end < i
        && end > 0
        && t.letter(end - 1)
        && phrases.iter().any(|p| {
            let p = p.as_bytes();
            end >= p.len() && t.phrase_at(end - p.len(), end, p)
        })
}

/// The end of a street name and suffix at `i`, and whether it is written in title case.
fn street_at(t: &Text, i: usize) -> Option<(usize, bool)> {
    let mut words = [(0usize, 0usize); MAX_STREET_WORDS + 2];
    let mut count = 0;
    let mut j = i;
    while count < words.len() {
        let end = street_word_end(t, j);
        if end == j {
            break;
        }
        words[count] = (j, end);
        count += 1;
        let mut next = end;
        if t.at(next) == b'.' {
            next += 1;
        }
        let gap = t.space(next);
        if gap == 0 || !t.letter(next + gap) {
            break;
        }
        j = next + gap;
    }
    let words = &words[..count];
    let word = |k: usize| &t.b[words[k].0..words[k].1];
    // The first suffix after at least one name word, then any suffix straight after it
    // ("Kings Park Road").
    let mut last = (1..words.len()).find(|&k| is_street_suffix(word(k)))?;
    while last + 1 < words.len() && is_street_suffix(word(last + 1)) {
        last += 1;
    }
    let titled = (0..=last).all(|k| {
        let w = word(k);
        w[0].is_ascii_uppercase()
            || (k > 0 && k < last && STREET_CONNECTORS.iter().any(|c| c.as_bytes() == w))
    });
    Some((words[last].1, titled))
}

/// The end of a postcode after a street, with up to a few town words between
/// ("…Avenue, Leeds, West Yorkshire LS6 2AB").
fn postcode_after(t: &Text, from: usize, postcodes: &BTreeMap<usize, usize>) -> Option<usize> {
    let mut j = from;
    for _ in 0..4 {
        loop {
            let gap = t.space(j);
            if gap > 0 {
                j += gap;
            } else if matches!(t.at(j), b',' | b'.' | b'\n' | b'\r' | b'\t') {
                j += 1;
            } else {
                break;
            }
        }
        if j == from {
            return None;
        }
        if let Some(&end) = postcodes.get(&j) {
            return Some(end);
        }
        let end = street_word_end(t, j);
        if end == j {
            return None;
        }
        j = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::testing::found;
    use super::super::PersonalDataKind;

    #[test]
    fn home_addresses() {
        let text = "She lives at 14 Acacia Avenue, Leeds LS6 2AB now";
        assert_eq!(
            found(text),
            [(
                PersonalDataKind::HomeAddress,
                "14 Acacia Avenue, Leeds LS6 2AB"
            )]
        );
        assert_eq!(
            found("at 3a St Mary's Rd."),
            [(PersonalDataKind::HomeAddress, "3a St Mary's Rd")]
        );
        assert_eq!(
            found("12 Kings Park Road"),
            [(PersonalDataKind::HomeAddress, "12 Kings Park Road")]
        );
        assert_eq!(
            found("12 acacia avenue ls6 2ab"),
            [(PersonalDataKind::HomeAddress, "12 acacia avenue ls6 2ab")]
        );
        assert!(found("I ran 5 miles down the road").is_empty());
        assert!(found("Year 6 went on a trip").is_empty());
        assert!(found("£12 High Street").is_empty());
        assert!(found("The Year 6 Hill Walk was great").is_empty());
        assert!(found("see Key Stage 2 Main Hall Way").is_empty());
    }
}
