//! NHS numbers, and the scan of 10-digit numbers that also finds unique learner numbers.

use super::uln::valid_unique_learner_number;
use super::{near, Confidence, ContextWords, Gap, PersonalData, PersonalDataKind, Text};

/// The NHS mod-11 check: the first nine digits weighted 10 down to 2; the check digit is
/// 11 minus the sum modulo 11, 11 meaning 0 and 10 meaning the number is invalid.
pub(super) fn valid_nhs_number(d: &[u8; 10]) -> bool {
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

/// The first nine digits (values 0–9) weighted 10 down to 2.
pub(super) fn weighted_sum(d: &[u8; 10]) -> u32 {
    d[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(&x, w)| u32::from(x) * w)
        .sum()
}

/// Ten digits: `9434765919`, or an NHS number grouped `943 476 5919` / `943-476-5919`.
pub(super) fn scan_ten_digit_numbers(t: &Text, words: &ContextWords, out: &mut Vec<PersonalData>) {
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
    // An NHS word near the number makes it an NHS number, even with a reference word
    // too ("NHS ref: …"). A reference word ("ref", "order", "booking") alone makes it a
    // reference, not reported: about one 10-digit number in eleven passes the check by
    // chance. Between the two, an explicit NHS word ("NHS", "NHS no") anywhere on the
    // same line still wins ("Her NHS number, as on the clinic letter, is ref: …"); words
    // that only suggest health ("patient") count only when near.
    let confidence = if near(t, start, end, &words.nhs) {
        Confidence::High
    } else if near(t, start, end, &words.reference) {
        if !explicit_nhs_word_on_line(t, start, end, &words.nhs) {
            return;
        }
        Confidence::High
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

/// Most bytes looked at on each side of a number for an explicit NHS word on its line.
const LINE_BYTES_BEFORE: usize = 160;
const LINE_BYTES_AFTER: usize = 120;

/// Whether one of the `nhs` phrases that starts with the word "nhs" appears as whole
/// words on the same line as `start..end`, within a sentence or two of it.
fn explicit_nhs_word_on_line(t: &Text, start: usize, end: usize, nhs: &[String]) -> bool {
    let floor = start.saturating_sub(LINE_BYTES_BEFORE);
    let from = (floor..start)
        .rev()
        .find(|&i| t.b[i] == b'\n')
        .map_or(floor, |i| i + 1);
    let ceiling = (end + LINE_BYTES_AFTER).min(t.b.len());
    let to = (end..ceiling).find(|&i| t.b[i] == b'\n').unwrap_or(ceiling);
    nhs.iter()
        .filter(|p| p.split(' ').next() == Some("nhs"))
        .any(|p| {
            let p = p.as_bytes();
            (from..start).any(|i| t.phrase_at(i, start, p))
                || (end..to).any(|i| t.phrase_at(i, to, p))
        })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{found, one, to_digits};
    use super::super::{Confidence, PersonalDataKind};
    use super::*;

    /// Completes nine digits with a valid NHS check digit, if one exists.
    fn with_nhs_check(nine: &str) -> Option<String> {
        (0..10)
            .map(|d| format!("{nine}{d}"))
            .find(|n| valid_nhs_number(&to_digits(n)))
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
    fn an_explicit_nhs_word_wins_over_a_reference_word() {
        for text in [
            "NHS ref: 9434765919",
            "ref: 9434765919 (NHS)",
            "Her NHS number, as printed on the clinic letter, ref: 9434765919",
        ] {
            let f = one(text);
            assert_eq!(
                (f.kind, f.confidence, &text[f.start..f.end]),
                (PersonalDataKind::NhsNumber, Confidence::High, "9434765919"),
                "{text}"
            );
        }
        for text in [
            "ref: 9434765919",
            "Booking reference 9434765919 for the trip",
            "NHS pay review for all staff this spring\nOrder ref 9434765919",
            "Thanks for being so patient with us all this week: order ref 9434765919 is here",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
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
}
