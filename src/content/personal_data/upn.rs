//! Unique pupil numbers (DfE).

use std::sync::OnceLock;

use super::{Confidence, PersonalData, PersonalDataKind, Text};

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

/// The DfE's local-authority codes that begin an English UPN (`data/la-codes.txt`),
/// sorted: a list of numbers, small to embed.
fn la_codes() -> &'static [u16] {
    static CODES: OnceLock<Vec<u16>> = OnceLock::new();
    CODES.get_or_init(|| parse_la_codes(include_str!("../../../data/la-codes.txt")))
}

/// The codes of the file, one a line, skipping `#` comments and lines that are not a
/// 3-digit number (which `tests/content_data_lint.rs` forbids).
fn parse_la_codes(text: &str) -> Vec<u16> {
    let mut codes: Vec<u16> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.len() == 3 && l.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|l| l.parse().ok())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Whether the three digits `code` are a local authority's: a UPN with a valid check
/// letter but an unknown authority (a Welsh or test code, or chance) is not reported.
fn known_la_code(code: &[u8]) -> bool {
    let [a, b, c] = *code else { return false };
    if ![a, b, c].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
    la_codes().binary_search(&n).is_ok()
}

/// A check letter, 11 digits and a digit (or, for a temporary UPN, a letter).
pub(super) fn scan_unique_pupil_numbers(t: &Text, out: &mut Vec<PersonalData>) {
    for i in 0..t.b.len() {
        if !(t.letter(i) && t.starts_word(i)) {
            continue;
        }
        let end = i + 13;
        if end > t.b.len() || !(i + 1..i + 12).all(|k| t.digit(k)) || !t.alnum(i + 12) {
            continue;
        }
        if t.glued_after(end) || !known_la_code(&t.b[i + 1..i + 4]) {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{found, one};
    use super::super::PersonalDataKind;
    use super::*;

    /// Prefixes 12 characters with their UPN check letter.
    fn upn(twelve: &str) -> String {
        format!(
            "{}{twelve}",
            upn_check_letter(twelve.as_bytes()).unwrap() as char
        )
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
        // Valid check letters, unknown authorities: a test code, a Welsh one, a gap.
        for twelve in [
            "001200005001",
            "009123456789",
            "660123456789",
            "214000016049",
        ] {
            let number = upn(twelve);
            assert!(found(&format!("UPN {number}")).is_empty(), "{number}");
        }
    }

    #[test]
    fn la_codes_are_read_from_the_data_file() {
        let codes = la_codes();
        assert!(codes.len() > 140, "{}", codes.len());
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        for code in [b"201", b"202", b"420", b"801", b"938"] {
            assert!(known_la_code(code), "{code:?}");
        }
        for code in [b"001", b"009", b"200", b"660", b"999", b"20A"] {
            assert!(!known_la_code(code), "{code:?}");
        }
        assert_eq!(parse_la_codes("# about\n202\n201\n\n12\n"), [201, 202]);
    }
}
