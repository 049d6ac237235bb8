//! The words and punctuation marks of normalised text, phrase lists matched over them, and
//! the data of a detector that reads a sentence's shape ([`super::insult_frame`],
//! [`super::named_pupil`]).

use super::finding::{ContentCategory, Severity};

/// A detector of a sentence's shape, as written in `data/content-rules/`: what it reports,
/// and its named word lists (which names it needs is the detector's business).
#[derive(Debug, Clone)]
pub struct ShapeData {
    pub id: String,
    pub category: ContentCategory,
    pub severity: Severity,
    /// Most tokens between the parts of a finding, where the detector has such a limit.
    pub within: usize,
    lists: Vec<(String, Vec<String>)>,
}

impl ShapeData {
    /// Read from the embedded JSON's table (already parsed as a value, so that no
    /// deserializer of its own weighs on the WebAssembly module); unknown keys are errors.
    pub fn from_json(value: serde_json::Value) -> Result<ShapeData, String> {
        let serde_json::Value::Object(table) = value else {
            return Err("a detector must be a table".into());
        };
        let text = |key: &str| -> Result<String, String> {
            table
                .get(key)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("a detector needs `{key}` as text"))
        };
        let id = text("id")?;
        let parse = |key: &str| -> Result<serde_json::Value, String> {
            Ok(serde_json::Value::String(text(key)?))
        };
        let category = serde_json::from_value(parse("category")?)
            .map_err(|e| format!("{id}: category: {e}"))?;
        let severity = serde_json::from_value(parse("severity")?)
            .map_err(|e| format!("{id}: severity: {e}"))?;
        let within = match table.get("within") {
            None => 0,
            Some(v) => v
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| format!("{id}: `within` must be a whole number"))?,
        };
        let mut lists = Vec::new();
        if let Some(named) = table.get("lists") {
            let named = named
                .as_object()
                .ok_or_else(|| format!("{id}: `lists` must be a table"))?;
            for (name, list) in named {
                let words = list
                    .as_array()
                    .and_then(|l| l.iter().map(|w| w.as_str().map(str::to_owned)).collect())
                    .ok_or_else(|| format!("{id}: list `{name}` must be a list of text"))?;
                lists.push((name.clone(), words));
            }
        }
        if let Some(key) = table.keys().find(|k| {
            !matches!(
                k.as_str(),
                "id" | "category" | "severity" | "within" | "lists"
            )
        }) {
            return Err(format!("{id}: unknown key `{key}`"));
        }
        Ok(ShapeData {
            id,
            category,
            severity,
            within,
            lists,
        })
    }

    /// What a finding of the detector reports: its rule id, category and severity.
    pub fn rule(&self) -> (&str, ContentCategory, Severity) {
        (self.id.as_str(), self.category, self.severity)
    }

    /// Every phrase of the lists `names` (those the data has).
    pub fn phrases<'a>(&'a self, names: &'a [&str]) -> impl Iterator<Item = &'a str> {
        names
            .iter()
            .flat_map(|n| self.list(n).unwrap_or_default())
            .map(String::as_str)
    }

    /// The list `name`, or what is missing.
    pub fn list(&self, name: &str) -> Result<&[String], String> {
        self.lists
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, l)| l.as_slice())
            .ok_or_else(|| format!("{}: no list `{name}`", self.id))
    }
}

/// One word or punctuation mark of the normalised text.
#[derive(Debug, Clone, Copy)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }
    /// `.`, `!`, `?` or a line break (written as `.`): the end of a sentence.
    pub fn ends_sentence(&self) -> bool {
        matches!(self.text, "." | "!" | "?")
    }
    /// A mark that ends a clause, for the search for a subject.
    pub fn ends_clause(&self) -> bool {
        self.ends_sentence() || matches!(self.text, "," | ";" | ":")
    }
}

/// The words and punctuation marks of normalised text. An apostrophe or hyphen belongs
/// to a word only between letters ("he's", "pig-headed"); a line break ends a sentence.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                let joins = matches!(next, '\'' | '’' | '-')
                    && text[i + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if next.is_alphanumeric() || joins {
                    end = i + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token {
                text: &text[start..end],
                start,
                end,
            });
        } else if c == '\n' {
            tokens.push(Token {
                text: ".",
                start,
                end: start + 1,
            });
        } else if !c.is_whitespace() {
            let end = start + c.len_utf8();
            tokens.push(Token {
                text: &text[start..end],
                start,
                end,
            });
        }
    }
    tokens
}

/// A phrase list, as words, indexed by its first and its last word so that asking at each
/// token of a draft costs a binary search, not a pass over the list.
#[derive(Debug, Default)]
pub struct Phrases {
    /// Each phrase as its words, sorted by its first word.
    by_first: Vec<Vec<String>>,
    /// Indices into `by_first`, sorted by the phrase's last word.
    by_last: Vec<usize>,
}

impl Phrases {
    pub fn new(list: &[String]) -> Phrases {
        // Kept in order as they are added (lists are short, and a sort's code would weigh
        // on the WebAssembly module).
        let mut by_first: Vec<Vec<String>> = Vec::with_capacity(list.len());
        for phrase in list {
            let words: Vec<String> = phrase.split_whitespace().map(str::to_owned).collect();
            if let Some(first) = words.first() {
                let at = by_first.partition_point(|p| p[0] <= *first);
                by_first.insert(at, words);
            }
        }
        let mut by_last: Vec<usize> = Vec::with_capacity(by_first.len());
        for i in 0..by_first.len() {
            let last = by_first[i].last();
            let at = by_last.partition_point(|&j| by_first[j].last() <= last);
            by_last.insert(at, i);
        }
        Phrases { by_first, by_last }
    }

    /// The phrases whose first word is `word`.
    fn starting(&self, word: &str) -> &[Vec<String>] {
        let from = self.by_first.partition_point(|p| p[0].as_str() < word);
        let to = self.by_first.partition_point(|p| p[0].as_str() <= word);
        &self.by_first[from..to]
    }

    /// The length in words of the longest phrase that starts at `tokens[at]`; with `plural`,
    /// a one-word phrase also matches with an `s` ("muppets").
    pub fn longest_at(&self, tokens: &[Token], at: usize, plural: bool) -> Option<usize> {
        let word = tokens.get(at)?.text;
        let whole = self
            .starting(word)
            .iter()
            .filter(|phrase| {
                phrase
                    .iter()
                    .enumerate()
                    .all(|(k, w)| tokens.get(at + k).is_some_and(|t| t.text == w))
            })
            .map(Vec::len)
            .max();
        let singular = word.strip_suffix('s').filter(|_| plural);
        whole.or_else(|| {
            singular.and_then(|w| self.starting(w).iter().any(|p| p.len() == 1).then_some(1))
        })
    }

    /// The length in words of the longest phrase that ends just before `tokens[end]`.
    pub fn longest_ending_at(&self, tokens: &[Token], end: usize) -> Option<usize> {
        let word = tokens.get(end.checked_sub(1)?)?.text;
        let last = |i: &usize| self.by_first[*i].last().map(String::as_str);
        let from = self.by_last.partition_point(|i| last(i) < Some(word));
        let to = self.by_last.partition_point(|i| last(i) <= Some(word));
        self.by_last[from..to]
            .iter()
            .map(|&i| &self.by_first[i])
            .filter(|phrase| {
                phrase.len() <= end
                    && phrase
                        .iter()
                        .zip(&tokens[end - phrase.len()..end])
                        .all(|(w, t)| t.text == w)
            })
            .map(Vec::len)
            .max()
    }

    /// Whether `word` is a one-word phrase of the list.
    pub fn has_word(&self, word: &str) -> bool {
        self.starting(word).iter().any(|p| p.len() == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_at_both_ends_and_plurals() {
        let list = Phrases::new(&["head".into(), "head of year".into(), "muppet".into()]);
        let t = tokens("our head of year and the muppets");
        assert_eq!(list.longest_at(&t, 1, false), Some(3));
        assert_eq!(list.longest_ending_at(&t, 4), Some(3));
        assert_eq!(list.longest_ending_at(&t, 2), Some(1));
        assert_eq!(list.longest_at(&t, 6, true), Some(1));
        assert_eq!(list.longest_at(&t, 6, false), None);
        assert!(list.has_word("head") && !list.has_word("year"));
    }

    #[test]
    fn tokens_keep_contractions_and_mark_sentences() {
        let t: Vec<&str> = tokens("he's a 'right' pig-headed prat!\nyou")
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            t,
            [
                "he's",
                "a",
                "'",
                "right",
                "'",
                "pig-headed",
                "prat",
                "!",
                ".",
                "you"
            ]
        );
    }
}
