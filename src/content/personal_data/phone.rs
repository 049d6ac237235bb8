//! UK phone numbers.

use super::{Confidence, Gap, PersonalData, PersonalDataKind, Text};

/// UK numbers: `07700 900123`, `+44 7700 900123`, `+44 (0)20 7946 0958`,
/// `(01632) 960123`, `0121-496-0000`. Starts at `+`, `(` or `0`.
pub(super) fn scan_phone_numbers(t: &Text, out: &mut Vec<PersonalData>) {
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

#[cfg(test)]
mod tests {
    use super::super::testing::found;
    use super::super::PersonalDataKind;
    use super::*;

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
}
