//! Unique learner numbers (Learning Records Service).

use super::nhs_number::weighted_sum;

/// The ULN check: the first nine digits weighted 10 down to 2; the check digit is 10
/// minus the sum modulo 11, valid only in 0–9. The first digit is never 0. By design no
/// number passes both this and the NHS check.
pub(super) fn valid_unique_learner_number(d: &[u8; 10]) -> bool {
    let remainder = weighted_sum(d) % 11;
    d[0] != 0 && remainder != 0 && 10 - remainder == u32::from(d[9])
}

#[cfg(test)]
mod tests {
    use super::super::nhs_number::valid_nhs_number;
    use super::super::testing::{found, one, to_digits};
    use super::super::{Confidence, PersonalDataKind};
    use super::*;

    /// Completes nine digits with a valid ULN check digit, if one exists.
    fn with_uln_check(nine: &str) -> Option<String> {
        (0..10)
            .map(|d| format!("{nine}{d}"))
            .find(|n| valid_unique_learner_number(&to_digits(n)))
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
}
