//! National Insurance numbers (HMRC).

use super::{Confidence, PersonalData, PersonalDataKind, Text};

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
pub(super) fn scan_national_insurance_numbers(
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

#[cfg(test)]
mod tests {
    use super::super::testing::{found, one};
    use super::super::{Confidence, PersonalDataKind};

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
}
