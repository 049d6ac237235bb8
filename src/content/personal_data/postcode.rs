//! UK postcodes.

use std::collections::BTreeMap;

use super::Text;

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
pub(super) fn scan_postcodes(t: &Text) -> BTreeMap<usize, usize> {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{found, one};
    use super::super::{Confidence, PersonalDataKind};
    use super::*;

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
}
