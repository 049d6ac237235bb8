//! E-mail addresses.

use super::{Confidence, PersonalData, PersonalDataKind, Text};

fn is_local_part_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-' | b'\'')
}

/// `local@domain.tld`: a dot-atom local part of at most 64 characters, and a domain of
/// two or more labels ending in an alphabetic top-level domain.
pub(super) fn scan_email_addresses(t: &Text, out: &mut Vec<PersonalData>) {
    for at in 0..t.b.len() {
        if t.b[at] != b'@' {
            continue;
        }
        // Local part: back to the previous non-address character (never past another '@').
        let start = local_part_start(t, at);
        let local = &t.b[start..at];
        if local.is_empty()
            || local.len() > 64
            || local.ends_with(b".")
            || local.windows(2).any(|w| w == b"..")
        {
            continue;
        }
        if let Some(end) = domain_end(t, at + 1, false) {
            out.push(PersonalData {
                kind: PersonalDataKind::EmailAddress,
                start,
                end,
                confidence: Confidence::Medium,
            });
        }
    }
}

/// The end of a domain name starting at `i`; a final full stop ends the sentence. With
/// `written_dots`, a dot may also be written as a marker (`gmail [dot] com`, `example dot org`).
fn domain_end(t: &Text, i: usize, written_dots: bool) -> Option<usize> {
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
        } else if let Some((next, _)) = written_dots
            .then(|| marker_at(t, j, b"dot"))
            .flatten()
            .filter(|&(n, _)| t.alnum(n))
        {
            j = next;
        } else {
            break;
        }
    }
    end
}

/// Webmail domains: before one, "name at gmail dot com" is an address whatever the name.
const MAIL_PROVIDERS: [&str; 15] = [
    "aol",
    "btinternet",
    "gmail",
    "googlemail",
    "hotmail",
    "icloud",
    "live",
    "msn",
    "outlook",
    "protonmail",
    "sky",
    "talktalk",
    "virginmedia",
    "yahoo",
    "ymail",
];

/// An address written to fool harvesters: `jane.smith [at] gmail [dot] com`,
/// `jane (at) example (dot) org`, `jane.smith at gmail dot com`, spanning the text as
/// written. A bracketed `[at]` (or `(at)`, `{at}`, `<at>`) is enough; a bare "at" is a
/// common word ("meet at the gym dot com"), so it needs an address-like local part
/// (`jane.smith`, `j_smith`) or a webmail domain after it (`jo at gmail dot com`).
pub(super) fn scan_obfuscated_email_addresses(
    t: &Text,
    marks: WrittenOutMarks,
    out: &mut Vec<PersonalData>,
) {
    // A local part ends at most MARKER_REACH bytes before its "at"; only there is looked at.
    let mut next = 1;
    for at_word in marks.at_words() {
        let from = next.max(at_word.saturating_sub(MARKER_REACH)).max(1);
        out.extend((from..=at_word).filter_map(|end| address_with_local_part_ending_at(t, end)));
        next = at_word + 1;
    }
}

/// Where the local part that ends at `at` starts: back over the characters an address may
/// hold, then on to its first letter or digit.
fn local_part_start(t: &Text, at: usize) -> usize {
    let mut start = at;
    while start > 0 && is_local_part_byte(t.b[start - 1]) {
        start -= 1;
    }
    while start < at && !t.alnum(start) {
        start += 1;
    }
    start
}

/// The address written in words whose local part ends at `at`, if there is one.
fn address_with_local_part_ending_at(t: &Text, at: usize) -> Option<PersonalData> {
    // The end of a local part: after a letter or digit, before a space or bracket.
    if !t.alnum(at - 1) || is_local_part_byte(t.at(at)) || t.at(at) == b'@' {
        return None;
    }
    let (domain, bracketed_at) = marker_at(t, at, b"at")?;
    let start = local_part_start(t, at);
    let local = &t.b[start..at];
    if local.len() > 64
        || local.windows(2).any(|w| w == b"..")
        || (start > 0 && t.b[start - 1] == b'@')
    {
        return None;
    }
    let end = domain_end(t, domain, true)?;
    let first_label = (domain, t.alnum_end(domain, 64));
    let inner = local.get(1..local.len() - 1).unwrap_or_default();
    let address_like = inner.iter().any(|c| matches!(c, b'.' | b'_' | b'+' | b'-'));
    let webmail = MAIL_PROVIDERS.iter().any(|p| {
        p.as_bytes()
            .eq_ignore_ascii_case(&t.b[first_label.0..first_label.1])
    });
    (bracketed_at || address_like || webmail).then_some(PersonalData {
        kind: PersonalDataKind::EmailAddress,
        start,
        end,
        confidence: Confidence::Medium,
    })
}

/// Most bytes of space `marker_at` skips in one run (a space character is at most 4 bytes).
const MAX_SPACE_BYTES: usize = 6;
/// How far before its "at" a local part can end: two runs of spaces and a bracket.
const MARKER_REACH: usize = 2 * (MAX_SPACE_BYTES + 4) + 1;

/// What one pass over a draft's bytes notes for addresses written in words: where the word
/// "at" (alone or in brackets) stands, and whether a dot is written, as "dot" or between two
/// letters. `find_personal_data` notes them in the pass it makes anyway, so the scan for such
/// addresses costs most drafts nothing.
#[derive(Default)]
pub(super) struct WrittenOutMarks {
    ats: Vec<usize>,
    dot: bool,
}

impl WrittenOutMarks {
    /// Notes the byte at `i` of `b`. Called for every byte of a draft: the common bytes
    /// leave at the first comparison.
    #[inline(always)]
    pub(super) fn see(&mut self, b: &[u8], i: usize) {
        let c = b[i];
        // Letters lowercased; `.` (and the control byte 0x0E) are 0x2E.
        let folded = c | 0x20;
        if folded != b'a' && folded != b'd' && folded != b'.' {
            return;
        }
        let starts_word = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let ends_word_at = |end: usize| !b.get(end).is_some_and(u8::is_ascii_alphanumeric);
        let next_is = |k: usize, letter: u8| b.get(i + k).is_some_and(|n| n | 0x20 == letter);
        match folded {
            b'a' if starts_word && next_is(1, b't') && ends_word_at(i + 2) => self.ats.push(i),
            b'd' if !self.dot && starts_word => {
                self.dot = next_is(1, b'o') && next_is(2, b't') && ends_word_at(i + 3)
            }
            b'.' if !self.dot && c == b'.' => {
                self.dot = !starts_word && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
            }
            _ => {}
        }
    }

    /// The marks of a whole text.
    fn of(b: &[u8]) -> WrittenOutMarks {
        let mut marks = WrittenOutMarks::default();
        (0..b.len()).for_each(|i| marks.see(b, i));
        marks
    }

    /// Where "at" stands, if the text could hold an address written in words (it has a dot).
    fn at_words(self) -> Vec<usize> {
        if self.dot {
            self.ats
        } else {
            Vec::new()
        }
    }
}

/// A marker for `@` or `.` (`word` is "at" or "dot") after `i`: up to two spaces, then
/// the word in brackets (`[at]`, `(at)`, `{at}`, `<at>`, spaces optional), or the bare
/// word between spaces. Returns where the text after it starts and whether it was
/// bracketed.
fn marker_at(t: &Text, i: usize, word: &[u8]) -> Option<(usize, bool)> {
    let spaces = |mut j: usize| {
        let from = j;
        while j - from < MAX_SPACE_BYTES && t.space(j) > 0 {
            j += t.space(j);
        }
        j
    };
    let j = spaces(i);
    let word_at = |k: usize| {
        t.rest(k)
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    let close = match t.at(j) {
        b'[' => b']',
        b'(' => b')',
        b'{' => b'}',
        b'<' => b'>',
        _ => 0,
    };
    if close != 0 {
        let k = spaces(j + 1);
        if !word_at(k) {
            return None;
        }
        let k = spaces(k + word.len());
        return (t.at(k) == close).then(|| (spaces(k + 1), true));
    }
    if j == i || !word_at(j) || t.alnum(j + word.len()) {
        return None;
    }
    let k = spaces(j + word.len());
    (k > j + word.len()).then_some((k, false))
}

/// The local part of `address` when it is exactly one obfuscated address
/// (`office [at] school [dot] org`).
pub(super) fn obfuscated_local_part(address: &str) -> Option<&str> {
    let t = Text {
        b: address.as_bytes(),
    };
    let mut found = Vec::new();
    scan_obfuscated_email_addresses(&t, WrittenOutMarks::of(t.b), &mut found);
    let whole = found.iter().any(|f| f.start == 0 && f.end == address.len());
    let local_end = address.bytes().position(|c| !is_local_part_byte(c))?;
    whole.then(|| &address[..local_end])
}

#[cfg(test)]
mod tests {
    use super::super::testing::found;
    use super::super::PersonalDataKind;
    use super::*;

    #[test]
    fn only_drafts_with_an_at_and_a_dot_are_scanned_for_written_out_addresses() {
        for yes in [
            "jane [at] example [dot] org",
            "jane.smith at gmail.com",
            "x AT y DOT com",
        ] {
            assert!(
                !WrittenOutMarks::of(yes.as_bytes()).at_words().is_empty(),
                "{yes}"
            );
        }
        for no in [
            "see you at the park",
            "that's a dot to dot",
            "Mr. Smith is at lunch",
            "cat.dog",
        ] {
            assert!(
                WrittenOutMarks::of(no.as_bytes()).at_words().is_empty(),
                "{no}"
            );
        }
    }

    #[test]
    fn looking_only_near_each_at_finds_what_looking_everywhere_finds() {
        // An address's parts in order, each drawn from variants (some wrong on purpose).
        const PARTS: [&[&str]; 9] = [
            &["", "hi ", "x.", "meet "],
            &["jane", "jane.smith", "j_s", "a..b", "@jo", "x"],
            &["", " ", "  ", "\u{3000}", "\u{a0}", "       "],
            &["[at]", "(at)", "at", "AT", "[ at ]", "{at", "cat", "at]"],
            &["", " ", "  ", "\u{3000}"],
            &["gmail", "example", "", "x"],
            &[" dot ", "[dot]", ".", " (dot) ", " at "],
            &["com", "org", "", "c"],
            &["", ".", " today", " at school dot org"],
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut found_some = 0;
        for _ in 0..20_000 {
            let text: String = PARTS
                .iter()
                .map(|variants| variants[(next() % variants.len() as u64) as usize])
                .collect();
            let t = Text { b: text.as_bytes() };
            let mut near = Vec::new();
            scan_obfuscated_email_addresses(&t, WrittenOutMarks::of(t.b), &mut near);
            let everywhere: Vec<PersonalData> = if WrittenOutMarks::of(t.b).at_words().is_empty() {
                Vec::new()
            } else {
                (1..=t.b.len())
                    .filter_map(|end| address_with_local_part_ending_at(&t, end))
                    .collect()
            };
            let spans = |v: &[PersonalData]| v.iter().map(|p| (p.start, p.end)).collect::<Vec<_>>();
            assert_eq!(spans(&near), spans(&everywhere), "{text:?}");
            found_some += usize::from(!near.is_empty());
        }
        assert!(
            found_some > 100,
            "the generator makes addresses ({found_some})"
        );
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
    fn obfuscated_email_addresses() {
        for (text, address) in [
            (
                "Email jane.smith [at] gmail [dot] com.",
                "jane.smith [at] gmail [dot] com",
            ),
            ("jane.smith at gmail dot com", "jane.smith at gmail dot com"),
            (
                "(jane (at) example (dot) org)",
                "jane (at) example (dot) org",
            ),
            ("jo[at]example[dot]co[dot]uk", "jo[at]example[dot]co[dot]uk"),
            ("jo at Hotmail.co.uk please", "jo at Hotmail.co.uk"),
            ("j_smith AT school DOT org", "j_smith AT school DOT org"),
            ("jane {at} example.org", "jane {at} example.org"),
        ] {
            assert_eq!(
                found(text),
                [(PersonalDataKind::EmailAddress, address)],
                "{text}"
            );
        }
        for text in [
            "meet at the gym dot com",
            "look at bbc dot co dot uk",
            "Tickets on sale at ticketmaster dot com",
            "Y6 at legoland dot com",
            "jane [at] home",
            "jane (at) example (dot)",
            "jane (at example) dot com",
            "at gmail dot com",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
        assert_eq!(
            obfuscated_local_part("office [at] school [dot] org"),
            Some("office")
        );
        assert_eq!(obfuscated_local_part("office"), None);
    }
}
