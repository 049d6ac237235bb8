//! Personal data in a draft post. Policy A2 §5.5 forbids uploading content that is
//! "confidential ... personal data", and §9.1 holds the Trust to GDPR.
//!
//! Each UK format has a small byte-level scanner instead of a regular expression: the
//! formats are simple, and a regex engine would add about 150 KB (gzipped) to the WASM
//! build. Scanners read ASCII letters and digits only; any other character, non-ASCII
//! ones included, is a separator, so every span starts and ends on a character boundary.
//! Identifiers with a check digit or letter count only when it is valid, so a number that
//! merely looks like one is not reported. Formats that are common shapes by chance need
//! context words nearby (`data/personal_data.json`) to count, or to count for more.
//!
//! Each format has its own module; this one holds the public API, the reading of the
//! text shared by the scanners, the context words and the combining of overlapping finds.

mod address;
mod date_of_birth;
mod email;
mod nhs_number;
mod ni_number;
mod phone;
mod postcode;
mod uln;
mod upn;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use date_of_birth::FirstWords;
pub use phone::uk_phone_number;

/// A kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalDataKind {
    /// HMRC's National Insurance number, e.g. `AB 12 34 56 C`.
    NationalInsuranceNumber,
    /// A 10-digit NHS number with a mod-11 check digit.
    NhsNumber,
    /// The DfE's unique pupil number (UPN): a check letter and 12 characters.
    UniquePupilNumber,
    /// The unique learner number (ULN) of the Learning Records Service.
    UniqueLearnerNumber,
    /// A UK mobile or landline number.
    PhoneNumber,
    EmailAddress,
    /// A postcode on its own; next to a house number and street it is a home address.
    Postcode,
    /// A house number and street, with the postcode when one follows.
    HomeAddress,
    /// A date next to words like "DOB" or "born".
    DateOfBirth,
}

impl PersonalDataKind {
    /// Plain English, to complete a sentence like "This looks like …".
    pub fn describe(self) -> &'static str {
        match self {
            PersonalDataKind::NationalInsuranceNumber => "a National Insurance number",
            PersonalDataKind::NhsNumber => "an NHS number",
            PersonalDataKind::UniquePupilNumber => "a unique pupil number (UPN)",
            PersonalDataKind::UniqueLearnerNumber => "a unique learner number (ULN)",
            PersonalDataKind::PhoneNumber => "a phone number",
            PersonalDataKind::EmailAddress => "an email address",
            PersonalDataKind::Postcode => "a postcode",
            PersonalDataKind::HomeAddress => "a home address",
            PersonalDataKind::DateOfBirth => "a date of birth",
        }
    }

    /// The kind's name in results and rule ids (as serialised).
    pub fn id(self) -> &'static str {
        match self {
            PersonalDataKind::NationalInsuranceNumber => "national_insurance_number",
            PersonalDataKind::NhsNumber => "nhs_number",
            PersonalDataKind::UniquePupilNumber => "unique_pupil_number",
            PersonalDataKind::UniqueLearnerNumber => "unique_learner_number",
            PersonalDataKind::PhoneNumber => "phone_number",
            PersonalDataKind::EmailAddress => "email_address",
            PersonalDataKind::Postcode => "postcode",
            PersonalDataKind::HomeAddress => "home_address",
            PersonalDataKind::DateOfBirth => "date_of_birth",
        }
    }

    /// Between overlapping finds of equal confidence and length, the more specific
    /// format wins (lower first).
    fn rank(self) -> u8 {
        match self {
            PersonalDataKind::NationalInsuranceNumber => 0,
            PersonalDataKind::UniquePupilNumber => 1,
            PersonalDataKind::UniqueLearnerNumber => 2,
            PersonalDataKind::NhsNumber => 3,
            PersonalDataKind::DateOfBirth => 4,
            PersonalDataKind::HomeAddress => 5,
            PersonalDataKind::EmailAddress => 6,
            PersonalDataKind::PhoneNumber => 7,
            PersonalDataKind::Postcode => 8,
        }
    }
}

/// How sure a find is personal data: the severity of its finding, as a low-confidence find
/// only informs and a high-confidence one is serious.
pub type Confidence = super::finding::Severity;

/// One piece of personal data in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalData {
    pub kind: PersonalDataKind,
    /// Byte offsets into the text, on character boundaries.
    pub start: usize,
    pub end: usize,
    pub confidence: Confidence,
}

/// Finds personal data in `text`, sorted by start and never overlapping. Where two
/// finds overlap, the more confident, then the longer, is kept.
pub fn find_personal_data(text: &str) -> Vec<PersonalData> {
    // Every kind but email needs a digit (numbers, postcodes, house numbers, dates), and
    // email an `@` or a word for it: a post without a digit needs only the email scans.
    // The numbers need several digits, which most posts with a digit or two do not have.
    let (mut digits, mut longest_run, mut run, mut at) = (0, 0, 0, false);
    // A postcode ends in a digit and two letters ("SW1A 1AA"): letters seen since a digit.
    let (mut letters_after_digit, mut inward_code) = (None, false);
    let mut runs = DigitRuns::default();
    let mut written_out = email::WrittenOutMarks::default();
    let bytes = text.as_bytes();
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii_digit() {
            if run == 0 {
                runs.push(i);
            }
            digits += 1;
            run += 1;
            longest_run = longest_run.max(run);
            letters_after_digit = Some(0);
            continue;
        }
        run = 0;
        at |= b == b'@';
        written_out.see(bytes, i);
        letters_after_digit = match letters_after_digit {
            Some(n) if b.is_ascii_alphabetic() => {
                inward_code |= n == 1;
                Some(n + 1)
            }
            _ => None,
        };
    }
    let t = Text { b: text.as_bytes() };
    let mut found = Vec::new();
    // An address can also be written without its `@` ("jane [at] example [dot] org").
    email::scan_obfuscated_email_addresses(&t, written_out, &mut found);
    if digits == 0 {
        if at {
            email::scan_email_addresses(&t, &mut found);
        }
        return keep_strongest(found);
    }
    let words = context_words();
    if digits >= 6 {
        // Two letters, at most one gap of up to 3 bytes, then the digits.
        let starts = runs.near(text.len(), 2, 5);
        ni_number::scan_national_insurance_numbers(&t, starts, &mut found); // six digits
    }
    if longest_run >= 11 {
        upn::scan_unique_pupil_numbers(&t, &mut found); // a letter and eleven digits
    }
    if digits >= 9 {
        nhs_number::scan_ten_digit_numbers(&t, words, &mut found);
        phone::scan_phone_numbers(&t, &mut found); // nine or ten digits after the trunk 0
    }
    if at {
        email::scan_email_addresses(&t, &mut found);
    }
    let postcodes = if inward_code {
        postcode::scan_postcodes(&t)
    } else {
        BTreeMap::new()
    };
    let house_numbers = runs.near(text.len(), 0, 0);
    address::scan_home_addresses(&t, house_numbers, words, &postcodes, &mut found);
    found.extend(postcodes.iter().map(|(&start, &end)| PersonalData {
        kind: PersonalDataKind::Postcode,
        start,
        end,
        confidence: Confidence::Low,
    }));
    if digits >= 4 {
        date_of_birth::scan_dates_of_birth(&t, words, &mut found); // 1/2/03 at the least
    }
    keep_strongest(found)
}

/// Where the runs of digits in a text start, so that a scan for a format that begins
/// just before its first digit looks there only, not at every byte.
#[derive(Default)]
struct DigitRuns {
    starts: [usize; DigitRuns::MAX],
    len: usize,
    /// More runs than `MAX`: every position is a candidate.
    overflow: bool,
}

impl DigitRuns {
    const MAX: usize = 32;

    fn push(&mut self, start: usize) {
        match self.starts.get_mut(self.len) {
            Some(slot) => {
                *slot = start;
                self.len += 1;
            }
            None => self.overflow = true,
        }
    }

    /// In order and each once, every position `i` of a text of `len` bytes with
    /// `start - far <= i <= start - near` for the start of some run; every position when
    /// there were too many runs to list.
    fn near(&self, len: usize, near: usize, far: usize) -> impl Iterator<Item = usize> + '_ {
        let (every, listed) = match self.overflow {
            true => (0..len, &[][..]),
            false => (0..0, &self.starts[..self.len]),
        };
        let mut next = 0;
        every.chain(listed.iter().flat_map(move |&start| {
            let from = start.saturating_sub(far).max(next);
            let to = if start >= near { start - near + 1 } else { 0 };
            next = next.max(to);
            from..to
        }))
    }
}

/// Keeps the strongest of overlapping finds, in order of position.
fn keep_strongest(found: Vec<PersonalData>) -> Vec<PersonalData> {
    let found = super::order::sort_stably(found, |a, b| {
        b.confidence
            .cmp(&a.confidence)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.kind.rank().cmp(&b.kind.rank()))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: BTreeMap<usize, PersonalData> = BTreeMap::new();
    for find in found {
        // Kept spans never overlap, so only the last one starting before this end can.
        let overlaps = kept
            .range(..find.end)
            .next_back()
            .is_some_and(|(_, k)| k.end > find.start);
        if !overlaps {
            kept.insert(find.start, find);
        }
    }
    kept.into_values().collect()
}

// ---------------------------------------------------------------------------------------
// Context words

/// Words that make a nearby number or date more likely to be about a person.
#[derive(Debug, Deserialize)]
struct ContextWords {
    /// Near a 10-digit number: an NHS number.
    nhs: Vec<String>,
    /// Near a 10-digit number: a unique learner number.
    uln: Vec<String>,
    /// Near a date: a date of birth.
    dob: Vec<String>,
    /// The first words of `dob`.
    #[serde(skip)]
    dob_first_words: FirstWords,
    /// Near a date: one end of an eligibility range ("born between"), reported as low.
    dob_range: Vec<String>,
    /// Near a 10-digit number: an order or account reference, not a person's number.
    reference: Vec<String>,
    /// Just before a number: a count or label ("Year 6", "Page 3"), not a house number.
    not_house_number: Vec<String>,
    /// The part before the `@` of an organisation's shared mailbox (`office@`).
    role_mailbox: Vec<String>,
    /// Near a phone number: an organisation's line ("call the office on").
    organisation_phone: Vec<String>,
}

#[derive(Deserialize)]
struct ContextFile {
    context: ContextWords,
}

fn parse_context_words(json: &str) -> Result<ContextWords, serde_json::Error> {
    let mut words = serde_json::from_str::<ContextFile>(json)?.context;
    for list in [
        &mut words.nhs,
        &mut words.uln,
        &mut words.dob,
        &mut words.dob_range,
        &mut words.reference,
        &mut words.not_house_number,
        &mut words.role_mailbox,
        &mut words.organisation_phone,
    ] {
        for word in list.iter_mut() {
            *word = word.trim().to_ascii_lowercase();
        }
        list.retain(|w| !w.is_empty());
    }
    words.dob_first_words = FirstWords::of(&words.dob);
    Ok(words)
}

fn context_words() -> &'static ContextWords {
    static WORDS: OnceLock<ContextWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        parse_context_words(include_str!("../../../data/personal_data.json"))
            .expect("data/personal_data.json is checked by a unit test")
    })
}

/// Whether an e-mail address is an organisation's shared mailbox (`admissions@…`,
/// `office@…`), not a person's.
pub fn is_role_mailbox(address: &str) -> bool {
    let local = match address.split_once('@') {
        Some((local, _)) => Some(local),
        None => email::obfuscated_local_part(address),
    };
    local.is_some_and(|local| {
        let local = local.to_ascii_lowercase();
        let local = local.trim_end_matches(|c: char| c.is_ascii_digit());
        context_words().role_mailbox.iter().any(|r| r == local)
    })
}

/// Whether the phone number at `start..end` of `text` is introduced as an organisation's
/// line ("call the office on", "Reception … tel.", "our SENCo, on"), not a person's.
pub fn is_organisation_phone(text: &str, start: usize, end: usize) -> bool {
    // Only its own part of the text: in "email office@…; Sam is on 01632 960999" the
    // number is Sam's.
    let b = text.as_bytes();
    let clause_start = (1..start)
        .rev()
        .find(|&i| matches!(b[i - 1], b';' | b'\n'))
        .unwrap_or(0);
    let clause_end = (end..b.len())
        .find(|&i| matches!(b[i], b';' | b'\n'))
        .unwrap_or(b.len());
    near(
        &Text {
            b: &b[clause_start..clause_end],
        },
        start - clause_start,
        end - clause_start,
        &context_words().organisation_phone,
    )
}

/// Words looked at on each side of a find, and the most bytes looked at.
const WORDS_BEFORE: usize = 6;
const BYTES_BEFORE: usize = 64;
const WORDS_AFTER: usize = 4;
const BYTES_AFTER: usize = 40;

/// Whether one of `phrases` appears as whole words within a few words of `start..end`.
fn near(t: &Text, start: usize, end: usize, phrases: &[String]) -> bool {
    let from = window_start(t.b, start);
    let to = window_end(t.b, end);
    phrases.iter().any(|p| {
        let p = p.as_bytes();
        (from..start).any(|i| t.phrase_at(i, start, p)) || (end..to).any(|i| t.phrase_at(i, to, p))
    })
}

fn window_start(b: &[u8], pos: usize) -> usize {
    let floor = pos.saturating_sub(BYTES_BEFORE);
    let (mut i, mut words, mut in_word) = (pos, 0, false);
    while i > floor {
        if b[i - 1].is_ascii_whitespace() {
            if in_word {
                words += 1;
                if words == WORDS_BEFORE {
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
        i -= 1;
    }
    i
}

fn window_end(b: &[u8], pos: usize) -> usize {
    let ceiling = (pos + BYTES_AFTER).min(b.len());
    let (mut i, mut words, mut in_word) = (pos, 0, false);
    while i < ceiling {
        if b[i].is_ascii_whitespace() {
            if in_word {
                words += 1;
                if words == WORDS_AFTER {
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
        i += 1;
    }
    i
}

// ---------------------------------------------------------------------------------------
// Reading bytes

/// Single characters that separate groups of digits like a space does.
const SPACES: [&str; 5] = [" ", "\u{a0}", "\u{2007}", "\u{2009}", "\u{202f}"];
/// Single characters that join groups of digits like a hyphen does.
const HYPHENS: [&str; 4] = ["-", "\u{2010}", "\u{2011}", "\u{2013}"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    Space,
    Hyphen,
    Dot,
}

/// The text as bytes, with reads that never go out of range.
struct Text<'a> {
    b: &'a [u8],
}

impl Text<'_> {
    /// The byte at `i`, or 0 past the end (0 is neither letter, digit nor separator).
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    fn digit(&self, i: usize) -> bool {
        self.at(i).is_ascii_digit()
    }

    fn letter(&self, i: usize) -> bool {
        self.at(i).is_ascii_alphabetic()
    }

    fn alnum(&self, i: usize) -> bool {
        self.at(i).is_ascii_alphanumeric()
    }

    fn rest(&self, i: usize) -> &[u8] {
        self.b.get(i..).unwrap_or(&[])
    }

    /// Whether a word can start at `i`: the byte before is not a letter or digit.
    fn starts_word(&self, i: usize) -> bool {
        i == 0 || !self.alnum(i - 1)
    }

    /// Whether a number starting at `i` continues one on its left (`1.5`, `12-3`, `£`,
    /// `#`, `+33`), so is part of something longer.
    fn glued_before(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let before = self.b[i - 1];
        if before.is_ascii_alphanumeric() || matches!(before, b'#' | b'+' | b'$' | b'_') {
            return true;
        }
        if matches!(before, b'-' | b'.' | b'/' | b',' | b':') && i >= 2 && self.digit(i - 2) {
            return true;
        }
        let head = self.b.get(..i).unwrap_or(self.b);
        head.ends_with("£".as_bytes()) || head.ends_with("€".as_bytes())
    }

    /// Whether something ending at `i` continues on its right (`…5.5`, `…5/6`, `…5kg`).
    fn glued_after(&self, i: usize) -> bool {
        self.alnum(i)
            || (matches!(self.at(i), b'-' | b'.' | b'/' | b',' | b':') && self.digit(i + 1))
    }

    /// The separator at `i` between two groups of digits, and its length in bytes.
    fn gap(&self, i: usize) -> Option<(Gap, usize)> {
        match self.at(i) {
            b' ' => return Some((Gap::Space, 1)),
            b'-' => return Some((Gap::Hyphen, 1)),
            b'.' => return Some((Gap::Dot, 1)),
            c if c.is_ascii() => return None,
            _ => {}
        }
        let rest = self.rest(i);
        if let Some(s) = SPACES.iter().find(|s| rest.starts_with(s.as_bytes())) {
            return Some((Gap::Space, s.len()));
        }
        if let Some(h) = HYPHENS.iter().find(|h| rest.starts_with(h.as_bytes())) {
            return Some((Gap::Hyphen, h.len()));
        }
        None
    }

    /// The length of a single space or hyphen at `i`, or 0.
    fn space_or_hyphen(&self, i: usize) -> usize {
        match self.gap(i) {
            Some((Gap::Space | Gap::Hyphen, n)) => n,
            _ => 0,
        }
    }

    /// The length of a single space at `i`, or 0.
    fn space(&self, i: usize) -> usize {
        match self.gap(i) {
            Some((Gap::Space, n)) => n,
            _ => 0,
        }
    }

    /// The end of the run of digits starting at `i`, reading at most `cap` of them.
    fn digits_end(&self, i: usize, cap: usize) -> usize {
        let mut j = i;
        while j - i < cap && self.digit(j) {
            j += 1;
        }
        j
    }

    /// The end of the run of letters and digits starting at `i`, reading at most `cap`.
    fn alnum_end(&self, i: usize, cap: usize) -> usize {
        let mut j = i;
        while j - i < cap && self.alnum(j) {
            j += 1;
        }
        j
    }

    /// The value of the 1–2 digit number `i..end`.
    fn number(&self, i: usize, end: usize) -> u32 {
        self.b[i..end]
            .iter()
            .fold(0, |n, d| n * 10 + u32::from(d - b'0'))
    }

    /// Whether `phrase` (lower case) appears as whole words at `i`, ending by `limit`.
    /// A space in the phrase matches any run of spaces.
    fn phrase_at(&self, i: usize, limit: usize, phrase: &[u8]) -> bool {
        if phrase.first().is_some_and(u8::is_ascii_alphanumeric) && !self.starts_word(i) {
            return false;
        }
        let mut j = i;
        for &p in phrase {
            if p == b' ' {
                let from = j;
                while j < limit && (self.at(j).is_ascii_whitespace() || self.space(j) > 1) {
                    j += self.space(j).max(1);
                }
                if j == from {
                    return false;
                }
            } else if j < limit && self.at(j).to_ascii_lowercase() == p {
                j += 1;
            } else {
                return false;
            }
        }
        !(phrase.last().is_some_and(u8::is_ascii_alphanumeric) && self.alnum(j))
    }
}

#[cfg(test)]
mod testing {
    //! Helpers for the tests of every module.

    use super::*;

    /// The kinds and texts found in `text`.
    pub(super) fn found(text: &str) -> Vec<(PersonalDataKind, &str)> {
        find_personal_data(text)
            .into_iter()
            .map(|f| (f.kind, &text[f.start..f.end]))
            .collect()
    }

    pub(super) fn one(text: &str) -> PersonalData {
        let all = find_personal_data(text);
        assert_eq!(all.len(), 1, "{text:?}: {all:?}");
        all.into_iter().next().unwrap()
    }

    pub(super) fn to_digits(s: &str) -> [u8; 10] {
        let mut d = [0; 10];
        for (slot, c) in d.iter_mut().zip(s.bytes()) {
            *slot = c - b'0';
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::testing::found;
    use super::*;

    #[test]
    fn context_words_parse() {
        let words = parse_context_words(include_str!("../../../data/personal_data.json")).unwrap();
        for list in [
            &words.nhs,
            &words.uln,
            &words.dob,
            &words.reference,
            &words.not_house_number,
        ] {
            assert!(!list.is_empty());
            assert!(list.iter().all(|w| w.is_ascii() && w.trim() == w));
        }
    }

    #[test]
    fn ids_are_the_serialised_names() {
        use PersonalDataKind::*;
        for kind in [
            NationalInsuranceNumber,
            NhsNumber,
            UniquePupilNumber,
            UniqueLearnerNumber,
            PhoneNumber,
            EmailAddress,
            Postcode,
            HomeAddress,
            DateOfBirth,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.id());
        }
    }

    /// The NI and house-number scans look only where runs of digits start: the whole text
    /// when it has more runs than are listed, a run after a spaced prefix, and one at the
    /// very start of the text.
    #[test]
    fn scans_from_digit_runs_find_what_a_scan_of_every_byte_would() {
        let many_runs = "1 2 3 4 5 6 7 8 9 ".repeat(4);
        for (text, kind, span) in [
            (
                format!("{many_runs}NI: AB 12 34 56 C, home 14 Acacia Avenue"),
                PersonalDataKind::NationalInsuranceNumber,
                "AB 12 34 56 C",
            ),
            (
                format!("{many_runs}she lives at 14 Acacia Avenue"),
                PersonalDataKind::HomeAddress,
                "14 Acacia Avenue",
            ),
            (
                "AB\u{2013}123456C".into(),
                PersonalDataKind::NationalInsuranceNumber,
                "AB\u{2013}123456C",
            ),
            (
                "1 Acacia Avenue".into(),
                PersonalDataKind::HomeAddress,
                "1 Acacia Avenue",
            ),
        ] {
            assert!(
                found(&text).contains(&(kind, span)),
                "{text}: {:?}",
                found(&text)
            );
        }
    }

    #[test]
    fn overlaps_keep_the_strongest() {
        // Digits inside an address are an email address, not a phone number.
        assert_eq!(
            found("07700900123@example.com"),
            [(PersonalDataKind::EmailAddress, "07700900123@example.com")]
        );
        let all =
            find_personal_data("DOB 12/03/2011, NI AB123456C, tel 07700 900123, jo@example.com");
        assert_eq!(all.len(), 4);
        assert!(all.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn no_panics_and_spans_on_char_boundaries() {
        let mut inputs: Vec<String> = vec![
            String::new(),
            "\u{FFFD}".into(),
            "0".repeat(1 << 20),
            " ".repeat(1 << 16),
            "-".repeat(1 << 16),
            "@".repeat(1 << 16),
            "a@".repeat(1 << 15),
            "1 ".repeat(1 << 16),
            "07700 ".repeat(1 << 14),
            "AB123456C".repeat(1 << 12),
            "é9434765919é".into(),
            "NHS\u{a0}943\u{a0}476\u{a0}5919".into(),
        ];
        // Random strings over an alphabet of format pieces and multi-byte characters.
        let pieces = [
            "0", "7", "9", "4", "1", " ", "-", ".", "/", "(", ")", "+", "@", "A", "B", "c", "Q",
            "é", "\u{FFFD}", "\u{a0}", "’", "St", " Road", "DOB ", "NHS ", "ULN ", "44", "\n", ",",
            "£", " b. ", "b.", "[at]", " at ", " dot ", "(dot)", "jo.b", "gmail",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..200 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            inputs.push(s);
        }
        for text in &inputs {
            let all = find_personal_data(text);
            for f in &all {
                assert!(f.start < f.end && f.end <= text.len());
                assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            }
            assert!(
                all.windows(2).all(|w| w[0].end <= w[1].start),
                "sorted, no overlaps"
            );
        }
    }

    #[test]
    fn describes_in_plain_english() {
        assert_eq!(
            PersonalDataKind::NationalInsuranceNumber.describe(),
            "a National Insurance number"
        );
        assert_eq!(
            serde_json::to_value(PersonalDataKind::NhsNumber).unwrap(),
            "nhs_number"
        );
    }
}
