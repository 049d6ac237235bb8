//! Undoes the ways people disguise words — and maps every result back to the original.
//!
//! The normalised text is lowercase, with confusables and fancy letters folded to their
//! plain letters (`decancer`: Cyrillic look-alikes, 𝐛𝐨𝐥𝐝, ｆｕｌｌ-ｗｉｄｔｈ, ⓒⓘⓡⓒⓛⓔⓓ,
//! 🅴🅼🅾🅹🅸 and 🇷🇪🇬🇮🇴🇳🇦🇱 letters, accents), zero-width and bidi controls and stray
//! combining marks dropped, leetspeak inside words read as letters (`sh1t`, `$tupid`),
//! s p a c e d and s.e.p.a.r.a.t.e.d single letters joined, and letters repeated three
//! or more times collapsed (`fuuuuck`). Each byte of the normalised text remembers the
//! original bytes it came from, so a match anywhere maps back to an exact original span.

use decancer::{Options, Translation};

/// Normalised text with its map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalised {
    /// The normalised text.
    pub text: String,
    /// For each byte of `text`, the original byte range of the character it came from.
    origin: Vec<(u32, u32)>,
}

impl Normalised {
    /// The original byte span behind a span of the normalised text.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        if self.origin.is_empty() || start >= end {
            let at = self.origin.get(start).map_or(0, |o| o.0 as usize);
            return (at, at);
        }
        let end = end.min(self.origin.len());
        let start = start.min(end - 1);
        (
            self.origin[start].0 as usize,
            self.origin[end - 1].1 as usize,
        )
    }
}

/// One character of the text being normalised, with its original byte range.
#[derive(Debug, Clone, Copy)]
struct Char {
    c: char,
    start: u32,
    end: u32,
}

/// Normalises `text` (see the module documentation).
pub fn normalise(text: &str) -> Normalised {
    // The passes work in place on one buffer of characters: no copy per pass.
    let mut chars = fold(text);
    read_leetspeak(&mut chars);
    join_spaced_letters(&mut chars);
    collapse_repeats(&mut chars);
    let len: usize = chars.iter().map(|ch| ch.c.len_utf8()).sum();
    // Bytes, not `String::push`: nearly every character is one ASCII byte.
    let mut text = Vec::with_capacity(len);
    let mut origin = Vec::with_capacity(len);
    for ch in chars {
        let span = (ch.start, ch.end);
        if ch.c.is_ascii() {
            text.push(ch.c as u8);
            origin.push(span);
        } else {
            text.extend_from_slice(ch.c.encode_utf8(&mut [0; 4]).as_bytes());
            origin.extend(std::iter::repeat_n(span, ch.c.len_utf8()));
        }
    }
    Normalised {
        text: String::from_utf8(text).expect("whole characters were written"),
        origin,
    }
}

/// `char::is_alphabetic` with the ASCII case first: almost every character is ASCII.
#[inline(always)]
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

/// Lowercases and folds confusables per character, dropping invisible ones.
fn fold(text: &str) -> Vec<Char> {
    let mut chars = Vec::with_capacity(text.len());
    let options = Options::default();
    for (i, c) in text.char_indices() {
        let (start, end) = (i as u32, (i + c.len_utf8()) as u32);
        if c.is_ascii() {
            chars.push(Char {
                c: c.to_ascii_lowercase(),
                start,
                end,
            });
            continue;
        }
        let mut push = |c: char| chars.push(Char { c, start, end });
        if is_invisible(c) || is_combining_mark(c) {
            continue;
        } else if c.is_alphabetic() || is_enclosed_letter(c) {
            match decancer::cure_char(c, options) {
                Translation::Character(folded) => push(folded),
                Translation::String(folded) => folded.chars().for_each(push),
                Translation::None => {}
            }
        } else if c.is_whitespace() {
            push(' ');
        } else if matches!(c, '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{FF07}') {
            push('\'');
        } else {
            // Emoji, symbols and punctuation stay as they are: folding them to letters
            // (as decancer would, e.g. 😀 → o) invents words that are not there.
            push(c);
        }
    }
    chars
}

/// Zero-width characters, bidi controls and other invisible format characters.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{E0000}'..='\u{E007F}')
}

/// Combining marks that stack on letters ("Zalgo" text) after precomposed letters have
/// been folded.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Circled, parenthesised, squared and regional-indicator letters.
fn is_enclosed_letter(c: char) -> bool {
    matches!(c, '\u{2460}'..='\u{24FF}' | '\u{1F100}'..='\u{1F1FF}')
}

/// What a leetspeak character stands for inside a word.
fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => return None,
    })
}

/// Reads leetspeak inside words: in a run of letters and leet characters with at least
/// two letters, leet characters become letters — except a run's trailing `!`, `|` or
/// `+` (punctuation after a word), a leading `@` (a mention) and leading digits before
/// plain letters (`4pm`). Numbers stay numbers.
fn read_leetspeak(chars: &mut [Char]) {
    let mut i = 0;
    while i < chars.len() {
        if !(is_letter(chars[i].c) || leet(chars[i].c).is_some()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (is_letter(chars[i].c) || leet(chars[i].c).is_some()) {
            i += 1;
        }
        let run = &mut chars[start..i];
        let letters = run.iter().filter(|ch| is_letter(ch.c)).count();
        if letters < 2 || letters == run.len() {
            continue;
        }
        let mut end = run.len();
        while end > 0 && matches!(run[end - 1].c, '!' | '|' | '+') {
            end -= 1;
        }
        // Leading digits are a number with a suffix (4pm, 3rd, 10am) unless the word
        // holds more leetspeak after them (5h1t); a leading `@` is a mention.
        let mut begin = run.iter().take_while(|ch| ch.c.is_ascii_digit()).count();
        if run[begin..end].iter().any(|ch| leet(ch.c).is_some()) {
            begin = 0;
        }
        begin = begin.max(usize::from(run[0].c == '@'));
        for ch in &mut run[begin..end] {
            if let Some(letter) = leet(ch.c) {
                ch.c = letter;
            }
        }
    }
}

/// Separators people put between the letters of a word to hide it.
fn is_letter_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '.' | '-' | '_' | '*' | ',' | '/' | '~' | '+' | '\'' | '·' | '•'
    )
}

#[inline(always)]
fn letter_at(chars: &[Char], i: usize) -> bool {
    chars.get(i).is_some_and(|ch| is_letter(ch.c))
}

/// A letter with no letter on either side.
#[inline(always)]
fn single(chars: &[Char], i: usize) -> bool {
    letter_at(chars, i) && (i == 0 || !letter_at(chars, i - 1)) && !letter_at(chars, i + 1)
}

/// Joins runs of three or more single letters separated by one separator each
/// (`f u c k`, `f.u.c.k`), dropping the separators.
fn join_spaced_letters(chars: &mut Vec<Char>) {
    // Dropped separators are marked with this start and removed at the end; marks only
    // fall behind the scan, which never reads them again.
    const DROPPED: u32 = u32::MAX;
    let mut dropped = false;
    let mut i = 0;
    while i < chars.len() {
        if !single(chars, i) {
            i += 1;
            continue;
        }
        // Extend the run: letter, separator, letter, separator, …
        // One separator throughout, so "a f.u.c.k" joins as "a fuck", not "afuck".
        let mut last = i;
        let separator = chars.get(i + 1).map(|ch| ch.c);
        while last + 2 < chars.len()
            && Some(chars[last + 1].c) == separator
            && is_letter_separator(chars[last + 1].c)
            && single(chars, last + 2)
        {
            last += 2;
        }
        if (last - i) / 2 + 1 >= 3 {
            for j in (i + 1..last).step_by(2) {
                chars[j].start = DROPPED;
                dropped = true;
            }
            i = last + 1;
        } else {
            // Too short (at most two letters): the next letter may start a run of its own.
            i += 1;
        }
    }
    if dropped {
        chars.retain(|ch| ch.start != DROPPED);
    }
}

/// Collapses a letter repeated three or more times into one (`fuuuuck` → `fuck`); a
/// doubled letter stays, as English spells many words so.
fn collapse_repeats(chars: &mut Vec<Char>) {
    let len = chars.len();
    let mut kept = 0;
    let mut i = 0;
    while i < len {
        let c = chars[i].c;
        let mut j = i + 1;
        while j < len && chars[j].c == c {
            j += 1;
        }
        if j - i >= 3 && is_letter(c) {
            chars[kept] = Char {
                c,
                start: chars[i].start,
                end: chars[j - 1].end,
            };
            kept += 1;
        } else {
            // Writes never overtake reads: `kept <= i`.
            chars.copy_within(i..j, kept);
            kept += j - i;
        }
        i = j;
    }
    chars.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalise(s).text
    }

    #[test]
    fn disguises_are_undone() {
        assert_eq!(norm("You STUPID idiot"), "you stupid idiot");
        assert_eq!(
            norm("sh1t and $tupid and f4gg0t"),
            "shit and stupid and faggot"
        );
        assert_eq!(norm("f u c k off"), "fuck off");
        assert_eq!(norm("f.u.c.k"), "fuck");
        assert_eq!(norm("a f.u.c.k.i.n.g idiot"), "a fucking idiot");
        assert_eq!(norm("fuuuuuck"), "fuck");
        assert_eq!(norm("f\u{200B}u\u{200D}ck"), "fuck");
        assert_eq!(norm("ｆｕｃｋ"), "fuck");
        assert_eq!(norm("𝐟𝐮𝐜𝐤"), "fuck");
        assert_eq!(norm("ⓕⓤⓒⓚ"), "fuck");
        assert_eq!(norm("🅵🆄🅲🅺"), "fuck");
        assert_eq!(norm("fцck"), "fuck");
        assert_eq!(norm("fü̈ck"), "fuck");
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        assert_eq!(
            norm("Year 9 won 3-1 on 12/03/2025!"),
            "year 9 won 3-1 on 12/03/2025!"
        );
        assert_eq!(
            norm("Great job!! See you at 4pm"),
            "great job!! see you at 4pm"
        );
        assert_eq!(norm("Thanks @USER, see you 😀"), "thanks @user, see you 😀");
        assert_eq!(norm("I am a teacher"), "i am a teacher");
        assert_eq!(norm("Well done 👏 class 5B"), "well done 👏 class 5b");
        assert_eq!(norm("bookkeeper"), "bookkeeper");
    }

    #[test]
    fn spans_map_back_to_the_original() {
        let original = "You are a f.\u{200B}u.c.k.i.n.g ｉｄｉｏｔ!";
        let n = normalise(original);
        let start = n.text.find("idiot").unwrap();
        let (s, e) = n.original_span(start, start + "idiot".len());
        assert_eq!(&original[s..e], "ｉｄｉｏｔ");
        let start = n.text.find("fuck").unwrap();
        let (s, e) = n.original_span(start, start + "fucking".len());
        assert_eq!(&original[s..e], "f.\u{200B}u.c.k.i.n.g");
    }

    #[test]
    fn odd_input_is_safe() {
        for s in [
            "",
            "\u{FFFD}",
            "\u{0300}\u{0301}",
            "!!!!",
            "@@@@@",
            "a",
            "1 2 3",
            "\u{0}\u{1}\u{7F}",
        ] {
            let n = normalise(s);
            let _ = n.original_span(0, n.text.len());
            let _ = n.original_span(5, 2);
        }
        let long = "ab1 ".repeat(50_000);
        assert_eq!(normalise(&long).text.len(), long.len());
    }
}
