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

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

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
    // email an `@`: most posts have neither, and a mention alone needs only the email scan.
    // The numbers need several digits, which most posts with a digit or two do not have.
    let (mut digits, mut longest_run, mut run, mut at) = (0, 0, 0, false);
    // A postcode ends in a digit and two letters ("SW1A 1AA"): letters seen since a digit.
    let (mut letters_after_digit, mut inward_code) = (None, false);
    let mut runs = DigitRuns::default();
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
        letters_after_digit = match letters_after_digit {
            Some(n) if b.is_ascii_alphabetic() => {
                inward_code |= n == 1;
                Some(n + 1)
            }
            _ => None,
        };
    }
    if digits == 0 && !at {
        return Vec::new();
    }
    let t = Text { b: text.as_bytes() };
    let mut found = Vec::new();
    if digits == 0 {
        scan_email_addresses(&t, &mut found);
        return keep_strongest(found);
    }
    let words = context_words();
    if digits >= 6 {
        // Two letters, at most one gap of up to 3 bytes, then the digits.
        let starts = runs.near(text.len(), 2, 5);
        scan_national_insurance_numbers(&t, starts, &mut found); // six digits
    }
    if longest_run >= 11 {
        scan_unique_pupil_numbers(&t, &mut found); // a letter and eleven digits
    }
    if digits >= 9 {
        scan_ten_digit_numbers(&t, words, &mut found);
        scan_phone_numbers(&t, &mut found); // nine or ten digits after the trunk 0
    }
    if at {
        scan_email_addresses(&t, &mut found);
    }
    let postcodes = if inward_code {
        scan_postcodes(&t)
    } else {
        BTreeMap::new()
    };
    let house_numbers = runs.near(text.len(), 0, 0);
    scan_home_addresses(&t, house_numbers, words, &postcodes, &mut found);
    found.extend(postcodes.iter().map(|(&start, &end)| PersonalData {
        kind: PersonalDataKind::Postcode,
        start,
        end,
        confidence: Confidence::Low,
    }));
    if digits >= 4 {
        scan_dates_of_birth(&t, words, &mut found); // 1/2/03 at the least
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
fn keep_strongest(mut found: Vec<PersonalData>) -> Vec<PersonalData> {
    found.sort_by(|a, b| {
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
        parse_context_words(include_str!("../../data/personal_data.json"))
            .expect("data/personal_data.json is checked by a unit test")
    })
}

/// Whether an e-mail address is an organisation's shared mailbox (`admissions@…`,
/// `office@…`), not a person's.
pub fn is_role_mailbox(address: &str) -> bool {
    address.split_once('@').is_some_and(|(local, _)| {
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

// ---------------------------------------------------------------------------------------
// National Insurance numbers

/// Two-letter words that can precede a number in a sentence ("at 250000 a year").
const COMMON_TWO_LETTER_WORDS: [&[u8; 2]; 16] = [
    b"am", b"an", b"as", b"at", b"be", b"by", b"go", b"he", b"me", b"my", b"no", b"of", b"oh",
    b"ok", b"on", b"we",
];

/// HMRC: neither letter of the prefix is D, F, I, Q, U or V; the second is not O; and
/// BG, GB, KN, NK, NT, TN and ZZ are never used (so HMRC's example `QQ` is invalid).
fn valid_ni_prefix(first: u8, second: u8) -> bool {
    !b"DFIQUV".contains(&first)
        && !b"DFIOQUV".contains(&second)
        && ![b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"].contains(&&[first, second])
}

/// `AB123456C`, `AB 12 34 56 C`, `ab-123456-c`: a prefix, six digits and a suffix A–D.
fn scan_national_insurance_numbers(
    t: &Text,
    starts: impl Iterator<Item = usize>,
    out: &mut Vec<PersonalData>,
) {
    for i in starts {
        if !(t.letter(i) && t.letter(i + 1) && t.starts_word(i)) {
            continue;
        }
        let (first, second) = (t.b[i].to_ascii_uppercase(), t.b[i + 1].to_ascii_uppercase());
        if !valid_ni_prefix(first, second) {
            continue;
        }
        let mut j = i + 2;
        let gap = t.space_or_hyphen(j);
        let spaced_prefix = gap > 0;
        j += gap;
        let mut digits = 0;
        while digits < 6 && t.digit(j) {
            j += 1;
            digits += 1;
            // Digits come in pairs or threes: 12 34 56, 123 456.
            let gap = t.space_or_hyphen(j);
            if (2..=4).contains(&digits) && gap > 0 && t.digit(j + gap) {
                j += gap;
            }
        }
        if digits != 6 || t.digit(j) {
            continue;
        }
        let gap = t.space_or_hyphen(j);
        if gap > 0 && t.letter(j + gap) {
            j += gap;
        }
        if !matches!(t.at(j).to_ascii_uppercase(), b'A'..=b'D') || t.alnum(j + 1) {
            continue;
        }
        let prefix = [t.b[i].to_ascii_lowercase(), t.b[i + 1].to_ascii_lowercase()];
        let shouted = t.b[i].is_ascii_uppercase() && t.b[i + 1].is_ascii_uppercase();
        if spaced_prefix && !shouted && COMMON_TWO_LETTER_WORDS.contains(&&prefix) {
            continue;
        }
        out.push(PersonalData {
            kind: PersonalDataKind::NationalInsuranceNumber,
            start: i,
            end: j + 1,
            confidence: Confidence::High,
        });
    }
}

// ---------------------------------------------------------------------------------------
// Unique pupil numbers

/// The DfE's check letters, valued 0–22; I, O and S are never used.
const UPN_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// The DfE check letter for the 12 characters after it: each character times its
/// position in the UPN (2–13), summed, modulo 23. A temporary UPN's last character is a
/// letter, counted by its value in the same table.
fn upn_check_letter(chars: &[u8]) -> Option<u8> {
    if chars.len() != 12 {
        return None;
    }
    let mut sum = 0;
    for (n, &c) in chars.iter().enumerate() {
        let value = if c.is_ascii_digit() {
            usize::from(c - b'0')
        } else {
            UPN_LETTERS
                .iter()
                .position(|&l| l == c.to_ascii_uppercase())?
        };
        sum += value * (n + 2);
    }
    Some(UPN_LETTERS[sum % 23])
}

/// A check letter, 11 digits and a digit (or, for a temporary UPN, a letter).
fn scan_unique_pupil_numbers(t: &Text, out: &mut Vec<PersonalData>) {
    for i in 0..t.b.len() {
        if !(t.letter(i) && t.starts_word(i)) {
            continue;
        }
        let end = i + 13;
        if end > t.b.len() || !(i + 1..i + 12).all(|k| t.digit(k)) || !t.alnum(i + 12) {
            continue;
        }
        if t.glued_after(end) {
            continue;
        }
        if upn_check_letter(&t.b[i + 1..end]) == Some(t.b[i].to_ascii_uppercase()) {
            // Identifies a child, in a shape nothing else shares.
            out.push(PersonalData {
                kind: PersonalDataKind::UniquePupilNumber,
                start: i,
                end,
                confidence: Confidence::High,
            });
        }
    }
}

// ---------------------------------------------------------------------------------------
// NHS numbers and unique learner numbers

/// The NHS mod-11 check: the first nine digits weighted 10 down to 2; the check digit is
/// 11 minus the sum modulo 11, 11 meaning 0 and 10 meaning the number is invalid.
fn valid_nhs_number(d: &[u8; 10]) -> bool {
    // Every repeated digit passes (0000000000, 1111111111…): none is a real number.
    if d.iter().all(|&x| x == d[0]) {
        return false;
    }
    let check = match 11 - weighted_sum(d) % 11 {
        11 => 0,
        c => c,
    };
    check != 10 && check == u32::from(d[9])
}

/// The ULN check: the first nine digits weighted 10 down to 2; the check digit is 10
/// minus the sum modulo 11, valid only in 0–9. The first digit is never 0. By design no
/// number passes both this and the NHS check.
fn valid_unique_learner_number(d: &[u8; 10]) -> bool {
    let remainder = weighted_sum(d) % 11;
    d[0] != 0 && remainder != 0 && 10 - remainder == u32::from(d[9])
}

/// The first nine digits (values 0–9) weighted 10 down to 2.
fn weighted_sum(d: &[u8; 10]) -> u32 {
    d[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(&x, w)| u32::from(x) * w)
        .sum()
}

/// Ten digits: `9434765919`, or an NHS number grouped `943 476 5919` / `943-476-5919`.
fn scan_ten_digit_numbers(t: &Text, words: &ContextWords, out: &mut Vec<PersonalData>) {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < t.b.len() {
        if t.digit(i) {
            let end = t.digits_end(i, usize::MAX);
            runs.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    for (k, &(start, end)) in runs.iter().enumerate() {
        if end - start == 10 && !t.glued_before(start) && !t.glued_after(end) {
            let digits = ten_digits(t, &[(start, end)]);
            if valid_unique_learner_number(&digits) && near(t, start, end, &words.uln) {
                out.push(PersonalData {
                    kind: PersonalDataKind::UniqueLearnerNumber,
                    start,
                    end,
                    confidence: Confidence::Medium,
                });
            }
            push_nhs_number(t, words, &digits, start, end, out);
        }
        let Some(groups) = runs.get(k..k + 3) else {
            continue;
        };
        let lengths = groups.iter().map(|(s, e)| e - s);
        if !lengths.eq([3, 3, 4]) {
            continue;
        }
        let first_gap = t
            .gap(groups[0].1)
            .filter(|&(g, n)| g != Gap::Dot && groups[0].1 + n == groups[1].0);
        let second_gap = t
            .gap(groups[1].1)
            .filter(|&(_, n)| groups[1].1 + n == groups[2].0);
        let same_gap = first_gap.is_some() && first_gap.map(|g| g.0) == second_gap.map(|g| g.0);
        let end = groups[2].1;
        if same_gap && !t.glued_before(start) && !t.glued_after(end) {
            push_nhs_number(t, words, &ten_digits(t, groups), start, end, out);
        }
    }
}

fn ten_digits(t: &Text, groups: &[(usize, usize)]) -> [u8; 10] {
    let mut digits = [0; 10];
    let all = groups.iter().flat_map(|&(s, e)| &t.b[s..e]);
    for (slot, d) in digits.iter_mut().zip(all) {
        *slot = d - b'0';
    }
    digits
}

fn push_nhs_number(
    t: &Text,
    words: &ContextWords,
    digits: &[u8; 10],
    start: usize,
    end: usize,
    out: &mut Vec<PersonalData>,
) {
    if !valid_nhs_number(digits) {
        return;
    }
    let confidence = if near(t, start, end, &words.nhs) {
        Confidence::High
    } else if near(t, start, end, &words.reference) {
        // About one 10-digit number in eleven passes the check by chance.
        return;
    } else {
        Confidence::Medium
    };
    out.push(PersonalData {
        kind: PersonalDataKind::NhsNumber,
        start,
        end,
        confidence,
    });
}

// ---------------------------------------------------------------------------------------
// Phone numbers

/// UK numbers: `07700 900123`, `+44 7700 900123`, `+44 (0)20 7946 0958`,
/// `(01632) 960123`, `0121-496-0000`. Starts at `+`, `(` or `0`.
fn scan_phone_numbers(t: &Text, out: &mut Vec<PersonalData>) {
    for i in 0..t.b.len() {
        if !matches!(t.b[i], b'+' | b'(' | b'0') || t.glued_before(i) {
            continue;
        }
        if let Some(end) = phone_number_at(t, i) {
            out.push(PersonalData {
                kind: PersonalDataKind::PhoneNumber,
                start: i,
                end,
                confidence: Confidence::Medium,
            });
        }
    }
}

/// Most digits read: `0044` and an 11-digit number with its trunk 0.
const MAX_PHONE_DIGITS: usize = 13;
const MAX_PHONE_GROUPS: usize = 4;

/// The national form (`02079460958`) of a text that is exactly one UK phone number, in any
/// of the ways `find_personal_data` reads them; for comparing a found number with the
/// Trust's own published numbers.
pub fn uk_phone_number(text: &str) -> Option<String> {
    let text = text.trim();
    let t = Text { b: text.as_bytes() };
    if text.is_empty() || phone_number_at(&t, 0) != Some(text.len()) {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("0044") {
        rest
    } else if text.starts_with('+') {
        &digits[2..]
    } else {
        &digits
    };
    Some(if national.starts_with('0') {
        national.to_owned()
    } else {
        format!("0{national}")
    })
}

/// The end of the phone number starting at `i`, if one does. When groups separated by
/// spaces run on, the longest prefix that is a number wins ("07700 900123 24 hours").
fn phone_number_at(t: &Text, i: usize) -> Option<usize> {
    let mut j = i;
    let international = if t.at(j) == b'+' {
        if t.rest(j + 1).starts_with(b"44") {
            j += 3;
            true
        } else {
            return None;
        }
    } else if t.rest(j).starts_with(b"0044") {
        j += 4;
        true
    } else {
        false
    };
    let mut trunk = false;
    if international {
        j += t.gap(j).map_or(0, |(_, n)| n);
        if t.rest(j).starts_with(b"(0)") {
            trunk = true;
            j += 3;
            j += t.gap(j).map_or(0, |(_, n)| n);
        }
    }
    let bracketed = t.at(j) == b'(';
    if bracketed {
        j += 1;
    }
    let mut digits = [0u8; MAX_PHONE_DIGITS];
    let mut count = 0;
    let mut groups = [0usize; MAX_PHONE_GROUPS];
    let mut group_count = 0;
    let (mut dots, mut other_gaps) = (false, false);
    let mut best = None;
    loop {
        let end = t.digits_end(j, MAX_PHONE_DIGITS + 1);
        let len = end - j;
        if len == 0 || count + len > MAX_PHONE_DIGITS || group_count == MAX_PHONE_GROUPS {
            break;
        }
        for (slot, &d) in digits[count..].iter_mut().zip(&t.b[j..end]) {
            *slot = d;
        }
        count += len;
        groups[group_count] = len;
        group_count += 1;
        j = end;
        let mut after_bracket = false;
        if bracketed && group_count == 1 {
            if t.at(j) != b')' {
                return None;
            }
            j += 1;
            after_bracket = true;
        }
        let gap = t.gap(j);
        let gap_len = gap.map_or(0, |(_, n)| n);
        let continues = t.digit(j + gap_len) && (gap.is_some() || after_bracket);
        let clean_end = if continues {
            // Another number may follow after a space, never after a hyphen or dot.
            gap.is_none_or(|(g, _)| g == Gap::Space)
        } else {
            !t.glued_after(j)
        };
        let number = &digits[..count];
        let grouped = &groups[..group_count];
        if clean_end
            && !(dots && other_gaps)
            && is_uk_phone_number(number, grouped, international, trunk)
        {
            best = Some(j);
        }
        if !continues {
            break;
        }
        match gap {
            Some((Gap::Dot, _)) => dots = true,
            _ => other_gaps = true,
        }
        j += gap_len;
    }
    best
}

/// Whether `digits` (after any `+44`/`0044`) make a UK mobile or 01/02/03 landline
/// number written in groups of the usual sizes.
fn is_uk_phone_number(digits: &[u8], groups: &[usize], international: bool, trunk: bool) -> bool {
    let national = if international {
        // "+44 07700 900123": the trunk 0 is often kept by mistake.
        match digits.split_first() {
            Some((b'0', rest)) if !trunk => rest,
            Some((b'0', _)) => return false,
            _ => digits,
        }
    } else {
        match digits.split_first() {
            Some((b'0', rest)) => rest,
            _ => return false,
        }
    };
    let length_ok = match national.first() {
        Some(b'2' | b'3' | b'7') => national.len() == 10,
        // A few areas (016977, …) have 9-digit national numbers.
        Some(b'1') => national.len() == 10 || national.len() == 9,
        _ => false,
    };
    let first_min = if international { 1 } else { 3 };
    let groups_ok = groups.first().is_some_and(|&g| g >= first_min)
        && groups.iter().skip(1).all(|&g| g >= 2)
        && groups.last().is_some_and(|&g| g >= 3 || groups.len() == 1);
    length_ok && groups_ok
}

// ---------------------------------------------------------------------------------------
// Email addresses

fn is_local_part_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-' | b'\'')
}

/// `local@domain.tld`: a dot-atom local part of at most 64 characters, and a domain of
/// two or more labels ending in an alphabetic top-level domain.
fn scan_email_addresses(t: &Text, out: &mut Vec<PersonalData>) {
    for at in 0..t.b.len() {
        if t.b[at] != b'@' {
            continue;
        }
        // Local part: back to the previous non-address character (never past another '@').
        let mut start = at;
        while start > 0 && is_local_part_byte(t.b[start - 1]) {
            start -= 1;
        }
        while start < at && !t.alnum(start) {
            start += 1;
        }
        let local = &t.b[start..at];
        if local.is_empty()
            || local.len() > 64
            || local.ends_with(b".")
            || local.windows(2).any(|w| w == b"..")
        {
            continue;
        }
        if let Some(end) = domain_end(t, at + 1) {
            out.push(PersonalData {
                kind: PersonalDataKind::EmailAddress,
                start,
                end,
                confidence: Confidence::Medium,
            });
        }
    }
}

/// The end of a domain name starting at `i`; a final full stop ends the sentence.
fn domain_end(t: &Text, i: usize) -> Option<usize> {
    let mut j = i;
    let mut labels = 0;
    let mut end = None;
    loop {
        let label_start = j;
        while t.alnum(j) || t.at(j) == b'-' {
            j += 1;
        }
        let label = &t.b[label_start..j];
        if label.is_empty() || label.len() > 63 || label[0] == b'-' || label.ends_with(b"-") {
            break;
        }
        labels += 1;
        let tld = (label.len() >= 2 && label.iter().all(u8::is_ascii_alphabetic))
            || label.starts_with(b"xn--");
        if labels >= 2 && tld {
            end = Some(j);
        }
        if t.at(j) == b'.' && t.alnum(j + 1) {
            j += 1;
        } else {
            break;
        }
    }
    end
}

// ---------------------------------------------------------------------------------------
// Postcodes and home addresses

/// Royal Mail postcode areas, with the Crown dependencies and the non-geographic BF and BX.
const POSTCODE_AREAS: [&str; 126] = [
    "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "BX", "CA", "CB",
    "CF", "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT",
    "DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP",
    "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD",
    "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW",
    "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK",
    "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR",
    "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];

/// The outward code: area, then district `9`, `99`, `9A` (A9A: ABCDEFGHJKPSTUW; AA9A:
/// ABEHMNPRVWXY).
fn valid_outward_code(code: &[u8]) -> bool {
    if code.len() > 4 {
        return false;
    }
    let mut upper = [0; 4];
    for (u, c) in upper.iter_mut().zip(code) {
        *u = c.to_ascii_uppercase();
    }
    let upper = &upper[..code.len()];
    let area_len = upper.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let (area, district) = upper.split_at(area_len);
    if !(1..=2).contains(&area_len)
        || POSTCODE_AREAS
            .binary_search_by(|a| a.as_bytes().cmp(area))
            .is_err()
    {
        return false;
    }
    match *district {
        [d] | [d, b'0'..=b'9'] => d.is_ascii_digit(),
        [d, l] if d.is_ascii_digit() && area_len == 1 => b"ABCDEFGHJKPSTUW".contains(&l),
        [d, l] if d.is_ascii_digit() => b"ABEHMNPRVWXY".contains(&l),
        _ => false,
    }
}

/// The inward code: a digit and two letters, never C, I, K, M, O or V.
fn valid_inward_code(code: &[u8]) -> bool {
    let [d, a, b] = *code else { return false };
    let letter_ok = |c: u8| c.is_ascii_alphabetic() && !b"CIKMOV".contains(&c.to_ascii_uppercase());
    // "B1 1st", "M5 3rd": an ordinal, not a postcode.
    let ordinal = [a, b].iter().all(u8::is_ascii_lowercase)
        && [b"st", b"nd", b"rd", b"th"].contains(&&[a, b]);
    d.is_ascii_digit() && letter_ok(a) && letter_ok(b) && !ordinal
}

fn valid_postcode(outward: &[u8], inward: &[u8]) -> bool {
    let girobank = outward.eq_ignore_ascii_case(b"GIR") && inward.eq_ignore_ascii_case(b"0AA");
    girobank || (valid_outward_code(outward) && valid_inward_code(inward))
}

/// `SW1A 1AA`, `sw1a1aa`, `M1 1AE`, `GIR 0AA`: spans keyed by start.
fn scan_postcodes(t: &Text) -> BTreeMap<usize, usize> {
    let mut postcodes = BTreeMap::new();
    for i in 0..t.b.len() {
        if !(t.letter(i) && t.starts_word(i)) {
            continue;
        }
        let first_end = t.alnum_end(i, 8);
        let end = match first_end - i {
            2..=4 => {
                let gap = t.space(first_end);
                let inward = first_end + gap;
                // An inward code starts with a digit: most "the cat" pairs stop there.
                let ok = gap > 0
                    && t.digit(inward)
                    && t.alnum_end(inward, 4) == inward + 3
                    && valid_postcode(&t.b[i..first_end], &t.b[inward..inward + 3]);
                ok.then_some(inward + 3)
            }
            5..=7 => {
                let ok = t.digit(first_end - 3)
                    && valid_postcode(&t.b[i..first_end - 3], &t.b[first_end - 3..first_end]);
                ok.then_some(first_end)
            }
            _ => None,
        };
        if let Some(end) = end.filter(|&e| !t.glued_after(e)) {
            postcodes.insert(i, end);
        }
    }
    postcodes
}

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
fn scan_home_addresses(
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

// ---------------------------------------------------------------------------------------
// Dates of birth

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
fn scan_dates_of_birth(t: &Text, words: &ContextWords, out: &mut Vec<PersonalData>) {
    // A date counts only near a context word: without one in the text, no date can.
    if !words.dob_first_words.in_text(t.b) {
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
        if let Some(end) = end.filter(|&e| near(t, i, e, &words.dob)) {
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

/// The first words of some phrases (lowercase), found once when the context words are
/// read, to ask cheaply whether a text mentions any of them.
#[derive(Debug)]
struct FirstWords {
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
    fn of(phrases: &[String]) -> FirstWords {
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
    fn in_text(&self, b: &[u8]) -> bool {
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
    use super::*;

    /// The kinds and texts found in `text`.
    fn found(text: &str) -> Vec<(PersonalDataKind, &str)> {
        find_personal_data(text)
            .into_iter()
            .map(|f| (f.kind, &text[f.start..f.end]))
            .collect()
    }

    fn one(text: &str) -> PersonalData {
        let all = find_personal_data(text);
        assert_eq!(all.len(), 1, "{text:?}: {all:?}");
        all.into_iter().next().unwrap()
    }

    /// Completes nine digits with a valid NHS check digit, if one exists.
    fn with_nhs_check(nine: &str) -> Option<String> {
        (0..10)
            .map(|d| format!("{nine}{d}"))
            .find(|n| valid_nhs_number(&to_digits(n)))
    }

    /// Completes nine digits with a valid ULN check digit, if one exists.
    fn with_uln_check(nine: &str) -> Option<String> {
        (0..10)
            .map(|d| format!("{nine}{d}"))
            .find(|n| valid_unique_learner_number(&to_digits(n)))
    }

    /// Prefixes 12 characters with their UPN check letter.
    fn upn(twelve: &str) -> String {
        format!(
            "{}{twelve}",
            upn_check_letter(twelve.as_bytes()).unwrap() as char
        )
    }

    fn to_digits(s: &str) -> [u8; 10] {
        let mut d = [0; 10];
        for (slot, c) in d.iter_mut().zip(s.bytes()) {
            *slot = c - b'0';
        }
        d
    }

    #[test]
    fn context_words_parse() {
        let words = parse_context_words(include_str!("../../data/personal_data.json")).unwrap();
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
    fn nhs_check_digit() {
        assert!(valid_nhs_number(&to_digits("9434765919")));
        assert!(!valid_nhs_number(&to_digits("9434765918")));
        assert!(
            !valid_nhs_number(&to_digits("1111111111")),
            "repeated digits"
        );
        // A remainder giving check digit 10 has no valid completion.
        assert_eq!(with_nhs_check("123456789"), None);
        assert_eq!(with_nhs_check("401023213").as_deref(), Some("4010232137"));
    }

    #[test]
    fn uln_check_digit() {
        // The example in HESA's ULN field definition.
        assert!(valid_unique_learner_number(&to_digits("9276308686")));
        assert!(!valid_unique_learner_number(&to_digits("9276308687")));
        assert!(
            !valid_unique_learner_number(&to_digits("0123456780")),
            "leading zero"
        );
        // No number is both (the ULN check was designed that way).
        for n in 0..20_000u64 {
            let d = to_digits(&format!("{:010}", n * 499_979 + 1_000_000_007));
            assert!(!(valid_nhs_number(&d) && valid_unique_learner_number(&d)));
        }
    }

    #[test]
    fn upn_check_letter_follows_the_dfe_rule() {
        assert_eq!(upn_check_letter(b"801200005001"), Some(b'B'));
        // 2×2 + 7×4 + 1×9 + 6×10 + 4×12 + 9×13 = 266; 266 mod 23 = 13 → P.
        assert_eq!(upn_check_letter(b"207000016049"), Some(b'P'));
        // A temporary UPN's last letter counts by its table value (A = 0 … Z = 22).
        assert_eq!(upn_check_letter(b"20712345678A"), Some(b'N'));
        assert_eq!(upn_check_letter(b"20712345678I"), None, "I is never used");
    }

    #[test]
    fn national_insurance_numbers() {
        for text in [
            "AB123456C",
            "AB 12 34 56 C",
            "ab 123456 c",
            "JG-10-37-59-A",
            "CE 123 456 D",
        ] {
            let f = one(text);
            assert_eq!(
                (f.kind, f.confidence),
                (PersonalDataKind::NationalInsuranceNumber, Confidence::High)
            );
            assert_eq!((f.start, f.end), (0, text.len()), "{text}");
        }
        for text in [
            "QQ 12 34 56 C", // HMRC's documented example prefix
            "DA123456A",
            "AO123456A",
            "GB123456A",
            "ZZ123456A",
            "AB123456E",
            "AB1234567C",
            "AB12345C",
            "XAB123456C",
            "paid at 250000 a year",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn nhs_numbers() {
        let f = one("Her NHS number is 943 476 5919.");
        assert_eq!(
            (f.kind, f.confidence),
            (PersonalDataKind::NhsNumber, Confidence::High)
        );
        let f = one("943-476-5919");
        assert_eq!((f.kind, f.end), (PersonalDataKind::NhsNumber, 12));
        let f = one("9434765919");
        assert_eq!(
            (f.kind, f.confidence),
            (PersonalDataKind::NhsNumber, Confidence::Medium)
        );
        assert!(found("9434765918").is_empty());
        assert!(found("943 476-5919").is_empty(), "mixed separators");
        assert!(found("1943 476 5919").is_empty());
        assert!(found("9434765919.5").is_empty());
        assert!(found("Order number 9434765919").is_empty());
        assert!(found("£9434765919").is_empty());
    }

    #[test]
    fn unique_learner_numbers_need_context() {
        let uln = with_uln_check("927630868").unwrap();
        assert!(found(&uln).is_empty());
        let text = format!("Her ULN: {uln}");
        let f = one(&text);
        assert_eq!(
            (f.kind, f.confidence),
            (PersonalDataKind::UniqueLearnerNumber, Confidence::Medium)
        );
        assert_eq!(&text[f.start..f.end], uln);
        assert!(found("unique learner number 9276308685").is_empty());
    }

    #[test]
    fn unique_pupil_numbers() {
        for twelve in ["801200005001", "938299005017", "20712345678A"] {
            let number = upn(twelve);
            let text = format!("UPN {number} please");
            let f = one(&text);
            assert_eq!(
                (f.kind, &text[f.start..f.end]),
                (PersonalDataKind::UniquePupilNumber, number.as_str())
            );
        }
        assert!(found("A801200005001").is_empty(), "wrong check letter");
        assert!(found("B8012000050011").is_empty());
        assert!(found("B80120000A001").is_empty(), "letter in the middle");
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

    #[test]
    fn phone_numbers_compare_in_their_national_form() {
        for written in [
            "020 7946 0958",
            "+44 20 7946 0958",
            "+44 (0)20 7946 0958",
            "0044 20 7946 0958",
            "(020) 7946 0958",
            " 020-7946-0958 ",
        ] {
            assert_eq!(
                uk_phone_number(written).as_deref(),
                Some("02079460958"),
                "{written}"
            );
        }
        assert_eq!(
            uk_phone_number("+44 7700 900123").as_deref(),
            Some("07700900123")
        );
        for not_one in [
            "",
            "020 7946",
            "call 020 7946 0958",
            "020 7946 0958 or 020 7946 0959",
            "12345",
        ] {
            assert_eq!(uk_phone_number(not_one), None, "{not_one}");
        }
    }

    #[test]
    fn phone_numbers() {
        for number in [
            "07700 900123",
            "07700900123",
            "07700 900 123",
            "+44 7700 900123",
            "+447700900123",
            "+44 (0)7700 900123",
            "+44 (0)20 7946 0958",
            "0044 20 7946 0958",
            "020 7946 0958",
            "(020) 7946 0958",
            "0121 496 0000",
            "0121-496-0000",
            "01632 960123",
            "(01632) 960123",
            "0300 123 4567",
            "07700.900.123",
        ] {
            let text = format!("Call me on {number}, thanks");
            assert_eq!(
                found(&text),
                [(PersonalDataKind::PhoneNumber, number)],
                "{number}"
            );
        }
        assert_eq!(
            found("ring 07700 900123 24 hours"),
            [(PersonalDataKind::PhoneNumber, "07700 900123")]
        );
        for text in [
            "0770090012345",
            "07700-900123-45",
            "12/03/2011",
            "01.02.2011 12:30",
            "£07700900123",
            "0800 123 4567",
            "+33 6 12 34 56 78",
            "07700 90012",
            "01 02 03 04 05",
            "07700 900.123",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn email_addresses() {
        assert_eq!(
            found("Email jo.bloggs+school@example.co.uk."),
            [(
                PersonalDataKind::EmailAddress,
                "jo.bloggs+school@example.co.uk"
            )]
        );
        assert_eq!(
            found("(o'brien@example.org)"),
            [(PersonalDataKind::EmailAddress, "o'brien@example.org")]
        );
        for text in [
            "jo@localhost",
            "@example.com",
            "jo@.com",
            "jo..b@example.com",
            "a@b.c",
            "jo@ex_ample.com",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn postcodes() {
        for code in [
            "SW1A 1AA", "sw1a1aa", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX",
            "EC1A 1BB", "GIR 0AA",
        ] {
            let f = one(code);
            assert_eq!(
                (f.kind, f.confidence, f.end),
                (PersonalDataKind::Postcode, Confidence::Low, code.len()),
                "{code}"
            );
        }
        for text in [
            "QA1 1AA",
            "XX1 1AA",
            "SW1A 1AC",
            "M1 1st floor",
            "B52 3rd",
            "M25 4PM",
            "SW1A 1AAA",
            "W1I 1AA",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn postcode_areas_are_sorted_for_binary_search() {
        assert!(POSTCODE_AREAS.windows(2).all(|w| w[0] < w[1]));
    }

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
    fn dates_of_birth_need_context() {
        for (text, date) in [
            ("DOB: 12/03/2011", "12/03/2011"),
            ("D.O.B. 12-03-2011", "12-03-2011"),
            ("born on 12 March 2011", "12 March 2011"),
            ("born on the 12th of March, 2011", "12th of March, 2011"),
            ("Birthday: March 12th 2011", "March 12th 2011"),
            ("date of birth 2011-03-12", "2011-03-12"),
            ("12/03/11 (DOB)", "12/03/11"),
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
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
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
            "£",
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
    fn random_ten_digit_numbers_that_fail_the_checks_are_not_reported() {
        let mut seed = 88_172_645_463_325_252u64;
        let mut reported = 0;
        for _ in 0..2_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let number = format!("{:010}", seed % 10_000_000_000);
            let d = to_digits(&number);
            let text = format!("ULN {number}");
            if !valid_nhs_number(&d) && !valid_unique_learner_number(&d) && !number.starts_with('0')
            {
                assert!(found(&number).is_empty(), "{number}");
                assert!(found(&text).is_empty(), "{text}");
            } else if !found(&text).is_empty() {
                reported += 1;
            }
        }
        assert!(reported > 0);
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
