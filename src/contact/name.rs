//! Name forms: how a person's name, as a school's records or a social profile write it,
//! is reduced to one comparable form.
//!
//! A form is the name's letters only, lower-cased, with accents and look-alike letters
//! folded (`decancer`, as the content checks fold them) and everything else (spaces,
//! hyphens, apostrophes, digits, emoji) left out: "Zoë O'Brien-Smith 🌸", "zoe obriensmith"
//! and the handle `@zoe.obriensmith_2011` all read `zoeobriensmith`. Matching is on whole
//! forms only; nothing is guessed.

use decancer::{Options, Translation};

/// The fewest letters a form may have: shorter ones ("Al", "Jo") say too little to match.
pub const MIN_FORM_LETTERS: usize = 4;

/// The words of a name, each folded to lower-case letters; digits, punctuation, emoji
/// and spaces separate words and are dropped. An apostrophe inside a word joins it
/// ("O'Brien" is one word).
pub fn name_words(text: &str) -> Vec<String> {
    let options = Options::default();
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphabetic() {
            match decancer::cure_char(c, options) {
                Translation::Character(folded) => fold_into(&mut word, folded),
                Translation::String(folded) => folded.chars().for_each(|f| fold_into(&mut word, f)),
                Translation::None => {}
            }
        } else if is_combining_mark(c) || (joins_words(c) && !word.is_empty()) {
            // Part of the letter before it, or inside a name such as O'Brien-Smith.
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn fold_into(word: &mut String, c: char) {
    if c.is_alphabetic() {
        word.extend(c.to_lowercase());
    }
}

/// Apostrophes and hyphens join the parts of one name ("O'Brien", "Smith-Jones").
fn joins_words(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02BC}' | '\u{FF07}' | '-' | '\u{2010}' | '\u{2011}'
    )
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The words joined into one form, or `None` when too short to match anyone.
pub fn form_of_words<S: AsRef<str>>(words: &[S]) -> Option<String> {
    let form: String = words.iter().map(AsRef::as_ref).collect();
    (form.chars().count() >= MIN_FORM_LETTERS).then_some(form)
}

/// The forms under which a name shown on a page (a profile's display name) may match:
/// the whole name and, for three words or more, the first and last words alone
/// ("Chloe Anne Smith" is also "Chloe Smith").
pub fn display_name_forms(name: &str) -> Vec<String> {
    let words = name_words(name);
    let mut forms = Vec::new();
    push_form(&mut forms, form_of_words(&words));
    if words.len() >= 3 {
        push_form(
            &mut forms,
            form_of_words(&[&words[0], &words[words.len() - 1]]),
        );
    }
    forms
}

/// The form of a handle or user name (`@chloe.smith_2011`, `chloesmith11`): its letters.
pub fn handle_forms(handle: &str) -> Vec<String> {
    let handle = handle.trim().trim_start_matches('@');
    // A profile address: the last part of its path (facebook.com/chloe.smith.7).
    let handle = handle
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(handle);
    let mut forms = Vec::new();
    push_form(&mut forms, form_of_words(&name_words(handle)));
    forms
}

/// The forms under which a roster entry is recorded: legal forenames and surname,
/// the first forename alone with the surname, and the preferred forename with the surname.
pub fn roster_forms(forename: &str, surname: &str, preferred_forename: &str) -> Vec<String> {
    let surname = name_words(surname);
    let mut forms = Vec::new();
    for forenames in [name_words(forename), name_words(preferred_forename)] {
        if forenames.is_empty() || surname.is_empty() {
            continue;
        }
        let all: Vec<&String> = forenames.iter().chain(&surname).collect();
        push_form(&mut forms, form_of_words(&all));
        let first: Vec<&String> = forenames[..1].iter().chain(&surname).collect();
        push_form(&mut forms, form_of_words(&first));
    }
    forms
}

fn push_form(forms: &mut Vec<String>, form: Option<String>) {
    if let Some(form) = form {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_punctuation_and_emoji_fold_away() {
        assert_eq!(display_name_forms("Chloe Smith"), ["chloesmith"]);
        assert_eq!(display_name_forms("  CHLOE   smith 🌸✨"), ["chloesmith"]);
        assert_eq!(display_name_forms("Zoë O'Brien-Smith"), ["zoeobriensmith"]);
        assert_eq!(
            display_name_forms("Zoe\u{0308} O’Brien Smith"),
            ["zoeobriensmith", "zoesmith"]
        );
        // A double-barrelled surname is one word: no "Zoë Smith" is made from it.
        assert_eq!(
            display_name_forms("Zoë Mary O'Brien-Smith"),
            ["zoemaryobriensmith", "zoeobriensmith"]
        );
        assert_eq!(display_name_forms("Ｃｈｌｏｅ 𝐒𝐦𝐢𝐭𝐡"), ["chloesmith"]);
        assert_eq!(
            display_name_forms("Siobhán Ní Bhriain"),
            ["siobhannibhriain", "siobhanbhriain"]
        );
    }

    #[test]
    fn handles_read_as_names() {
        assert_eq!(handle_forms("@chloe.smith_2011"), ["chloesmith"]);
        assert_eq!(handle_forms("chloesmith11"), ["chloesmith"]);
        assert_eq!(
            handle_forms("https://www.facebook.com/chloe.smith.7/"),
            ["chloesmith"]
        );
        assert!(handle_forms("@x_1").is_empty());
    }

    #[test]
    fn roster_forms_cover_legal_first_and_preferred_names() {
        assert_eq!(
            roster_forms("Chloe Anne", "Smith", "Coco"),
            ["chloeannesmith", "chloesmith", "cocosmith"]
        );
        assert_eq!(roster_forms("Chloe", "Smith", ""), ["chloesmith"]);
        assert!(roster_forms("", "Smith", "").is_empty());
        assert!(roster_forms("Al", "", "").is_empty());
    }

    #[test]
    fn too_short_or_empty_names_have_no_form() {
        assert!(display_name_forms("").is_empty());
        assert!(display_name_forms("Jo").is_empty());
        assert!(display_name_forms("🌸 ✨ 123").is_empty());
    }

    #[test]
    fn other_scripts_keep_their_letters() {
        assert_eq!(
            display_name_forms("Анна Петрова"),
            display_name_forms("анна петрова")
        );
        assert!(!display_name_forms("Анна Петрова").is_empty());
    }
}
