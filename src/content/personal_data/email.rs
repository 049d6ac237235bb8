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
pub(super) fn scan_obfuscated_email_addresses(t: &Text, out: &mut Vec<PersonalData>) {
    if !may_hide_an_address(t.b) {
        return;
    }
    for at in 1..=t.b.len() {
        // The end of a local part: after a letter or digit, before a space or bracket.
        if !t.alnum(at - 1) || is_local_part_byte(t.at(at)) || t.at(at) == b'@' {
            continue;
        }
        let Some((domain, bracketed_at)) = marker_at(t, at, b"at") else {
            continue;
        };
        let mut start = at;
        while start > 0 && is_local_part_byte(t.b[start - 1]) {
            start -= 1;
        }
        while start < at && !t.alnum(start) {
            start += 1;
        }
        let local = &t.b[start..at];
        if local.len() > 64
            || local.windows(2).any(|w| w == b"..")
            || (start > 0 && t.b[start - 1] == b'@')
        {
            continue;
        }
        let Some(end) = domain_end(t, domain, true) else {
            continue;
        };
        let first_label = (domain, t.alnum_end(domain, 64));
        let inner = local.get(1..local.len() - 1).unwrap_or_default();
        let address_like = inner.iter().any(|c| matches!(c, b'.' | b'_' | b'+' | b'-'));
        let webmail = MAIL_PROVIDERS.iter().any(|p| {
            p.as_bytes()
                .eq_ignore_ascii_case(&t.b[first_label.0..first_label.1])
        });
        if bracketed_at || address_like || webmail {
            out.push(PersonalData {
                kind: PersonalDataKind::EmailAddress,
                start,
                end,
                confidence: Confidence::Medium,
            });
        }
    }
}

/// A marker for `@` or `.` (`word` is "at" or "dot") after `i`: up to two spaces, then
/// the word in brackets (`[at]`, `(at)`, `{at}`, `<at>`, spaces optional), or the bare
/// word between spaces. Returns where the text after it starts and whether it was
/// bracketed.
/// Whether a text has both parts an address written in words needs: the word "at" (alone or
/// in brackets) and a dot, written as "dot" or between two letters. One pass over the bytes,
/// so that the scan for such addresses costs most drafts nothing.
fn may_hide_an_address(b: &[u8]) -> bool {
    let word = |i: usize, w: &[u8]| {
        b.get(i..i + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && !b.get(i + w.len()).is_some_and(u8::is_ascii_alphanumeric)
    };
    let (mut at, mut dot) = (false, false);
    for i in 0..b.len() {
        match b[i] {
            b'a' | b'A' => at |= word(i, b"at"),
            b'd' | b'D' => dot |= word(i, b"dot"),
            b'.' => {
                dot |= i > 0
                    && b[i - 1].is_ascii_alphanumeric()
                    && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
            }
            _ => {}
        }
        if at && dot {
            return true;
        }
    }
    false
}

fn marker_at(t: &Text, i: usize, word: &[u8]) -> Option<(usize, bool)> {
    let spaces = |mut j: usize| {
        let from = j;
        while j - from < 6 && t.space(j) > 0 {
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
    scan_obfuscated_email_addresses(&t, &mut found);
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
            assert!(may_hide_an_address(yes.as_bytes()), "{yes}");
        }
        for no in [
            "see you at the park",
            "that's a dot to dot",
            "Mr. Smith is at lunch",
            "cat.dog",
        ] {
            assert!(!may_hide_an_address(no.as_bytes()), "{no}");
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
