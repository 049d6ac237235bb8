//! The lexicon (`data/lexicon/terms.toml`), safe words (`data/lexicon/safe-words.toml`)
//! and context rules (`data/content-rules/`), compiled once into one trie over
//! normalised text, and matched at word boundaries.

use std::collections::HashMap;

use serde::Deserialize;

use super::finding::{AccountKind, CheckContext, ContentCategory, Severity, Surface};
use super::insult_frame::InsultFrames;
use super::masked::MaskedTerms;
use super::named_pupil::NamedPupils;
use super::spans::{LoweringPhrases, Phrase, SpanCover};
use super::trie::{Trie, TrieBuilder};
use super::word_index::{nearest_combination, WordIndex};
use super::words::{tokens, ShapeData};

/// How a lexicon term matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    /// The whole word or phrase.
    #[default]
    Word,
    /// The word and any longer word starting with it (`fuck` → `fucking`).
    Prefix,
}

/// One lexicon entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    pub category: ContentCategory,
    pub severity: Severity,
    #[serde(default, rename = "match")]
    pub mode: MatchMode,
    /// The id of a `[[lower]]` context that lowers this term (the name of a danger,
    /// which a safety warning names too).
    #[serde(default)]
    pub lowered_by: Option<String>,
}

/// What a category means: its clause and message template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryText {
    pub clause: String,
    pub message: String,
}

/// A context rule: several phrases that together make a problem.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub category: ContentCategory,
    pub severity: Severity,
    /// Most words between the first and last slot match; 0 = anywhere.
    pub within: usize,
    pub slots: Vec<Vec<String>>,
    /// The first slot's phrase counts only where it opens a clause: at the start of the text or
    /// after anything but a word (punctuation, a bracket, a dash, a line break, an emoji), a
    /// conjunction aside ("And between us, …"). A
    /// marker ("Between us, the head…", "The head, between us, …"), not the same words inside a
    /// clause ("six points between us").
    #[serde(default)]
    pub opens_clause: bool,
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default)]
    pub surface: Option<Surface>,
    #[serde(default)]
    pub accounts: Option<Vec<AccountKind>>,
}

/// Words that change how a finding reads: a school's safety warning names the danger it
/// warns about, so near one of these phrases the terms that name this lowering
/// (`lowered_by`) are lowered to `severity`, and the message says why.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lowering {
    pub id: String,
    pub severity: Severity,
    /// Most words between the phrase and the finding.
    pub within: usize,
    pub phrases: Vec<String>,
    /// Phrases that keep the term as it is when within `within` words of it: a
    /// warning word next to an invitation ("let's all do it, don't try to stop us").
    #[serde(default)]
    pub unless: Vec<String>,
    /// Phrases that keep the term as it is only when they come before it, within `within`
    /// words: the words that aim a term at someone ("you're a …", "a bunch of …"), which
    /// after it read as something else ("… is a Black Country classic").
    #[serde(default)]
    pub unless_before: Vec<String>,
    /// Added to the finding's message.
    pub note: String,
    /// Also lowers the statistical model's finding when one of its phrases is anywhere in
    /// the draft (and none of its `unless` or `unless_before` phrases is).
    #[serde(default)]
    pub model: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    category: HashMap<ContentCategory, CategoryText>,
    rule: Vec<Rule>,
    #[serde(default)]
    lower: Vec<Lowering>,
    #[serde(default)]
    insult_frame: Option<serde_json::Value>,
    #[serde(default)]
    named_pupil: Option<serde_json::Value>,
    clause: ClauseWords,
}

/// The words of a clause's grammar that the rules look past (data/content-rules/clauses.toml).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClauseWords {
    /// Looked past where a rule asks that its phrase open a clause ("And between us, …").
    conjunctions: Vec<String>,
}

/// The embedded lexicon: runs of terms that share their settings (see build.rs).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    group: Vec<TermGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermGroup {
    category: ContentCategory,
    severity: Severity,
    #[serde(default, rename = "match")]
    mode: MatchMode,
    #[serde(default)]
    lowered_by: Option<String>,
    terms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SafeWordsFile {
    words: Vec<String>,
    /// Words that look masked but are not, as typed (case matters).
    masked: Vec<String>,
}

/// The rules read from the data files' shapes rather than their phrases, built before the
/// automaton and handed to it whole.
#[derive(Default)]
struct Shapes {
    insult_frames: InsultFrames,
    named_pupils: NamedPupils,
    /// Words that look masked but are not, as typed.
    not_masked: Vec<String>,
    /// What a clause may begin with before the phrase that opens it.
    clause: ClauseWords,
}

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone, Copy)]
enum Role {
    Term(usize),
    /// A phrase of a rule's slot.
    Slot {
        rule: usize,
        slot: usize,
    },
    /// A prefix of a word class in a rule's slot: its match must also have the class's shape.
    ClassSlot {
        rule: usize,
        slot: usize,
        class: WordClass,
    },
    Unless(usize),
    Lower(usize),
    LowerUnless(usize),
    LowerUnlessBefore(usize),
    Safe,
    /// A word that one of the detectors of a sentence's shape needs (`TRIGGER_…`): the
    /// detector runs only on drafts that have one.
    Trigger(u8),
}

/// [`Role::Trigger`] bits: an insult word, a word that places a pupil.
const TRIGGER_INSULT: u8 = 1;
const TRIGGER_NAMED_PUPIL: u8 = 2;

#[derive(Debug)]
struct Pattern {
    roles: Vec<Role>,
    prefix: bool,
    /// Whether the pattern starts / ends with a letter or digit, and so needs a word
    /// boundary there (`©` does not).
    bound_start: bool,
    bound_end: bool,
}

/// A match in normalised text, with the rule or term behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHit {
    /// Byte span in the normalised text.
    pub start: usize,
    pub end: usize,
    pub category: ContentCategory,
    pub severity: Severity,
    /// The term or rule; [`ContentRules::rule_id`] names it.
    pub rule: RuleRef,
    /// The lowering that applied, if any (see [`ContentRules::lowering`]).
    pub lowered_by: Option<usize>,
}

/// A lexicon term or context rule, by index: named only for the hits that are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleRef {
    Term(usize),
    Rule(usize),
    /// An insult aimed at a person (`[insult_frame]`).
    InsultFrame,
    /// A named pupil with where they live or their route (`[named_pupil]`).
    NamedPupil,
}

/// Everything found in normalised text.
#[derive(Debug, Default)]
pub struct Matches {
    pub hits: Vec<RuleHit>,
    /// Byte spans of safe words (`scunthorpe`, `garden hoe`): nothing inside them is flagged.
    safe: SpanCover,
    /// The lowering for the statistical model's finding that applies to this draft.
    pub model_lowering: Option<usize>,
    /// Which detectors of a sentence's shape have a word to work on (`TRIGGER_…` bits).
    triggered: u8,
    /// Where the words an insult frame works on start, in the order found.
    insult_words: Vec<usize>,
}

impl Matches {
    /// Whether a span of the normalised text lies inside a safe word.
    pub fn is_safe(&self, start: usize, end: usize) -> bool {
        self.safe.covers(start, end)
    }
}

/// A kind of word a slot can name in braces: matched by the trie as the phrases it may
/// start with (so matching stays one walk of the trie), then checked for its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    /// `{form}`: a form or tutor group after "in", "from", "of", "form" or "class" ("Tom
    /// from 7B", "in 10JD"): a year from 1 to 13 and a letter or a teacher's two or three
    /// initials, leaving out letters that make a time, an ordinal, a unit or a size instead
    /// (`9am`, `3rd`, `5k`, `3d`, `10m`, `2x`, `4kg`, `2hrs`).
    FormGroup,
}

impl WordClass {
    fn parse(entry: &str) -> Option<Result<WordClass, RulesError>> {
        let name = entry.strip_prefix('{')?.strip_suffix('}')?;
        Some(match name {
            "form" => Ok(WordClass::FormGroup),
            _ => Err(format!("unknown word class {entry} (known: {{form}})")),
        })
    }

    /// What a match of the class starts with: matched as prefixes, which cover the rest
    /// of their last word.
    fn prefixes(self) -> Vec<String> {
        match self {
            WordClass::FormGroup => {
                const BEFORE: [&str; 5] = ["in", "from", "of", "form", "class"];
                BEFORE
                    .iter()
                    .flat_map(|before| (1..=13).map(move |year| format!("{before} {year}")))
                    .collect()
            }
        }
    }

    /// Whether a prefix's match (in normalised text, its last word whole) is one of the class.
    fn accepts(self, matched: &str) -> bool {
        match self {
            WordClass::FormGroup => {
                const NOT_A_FORM: &[&str] = &[
                    "d", "g", "k", "l", "m", "s", "x", // sizes and units: 3d, 4g, 5k, 10m
                    "am", "pm", "st", "nd", "rd", "th", "km", "kg", "mg", "mm", "cm", "ml", "kb",
                    "mb", "gb", "tb", "hz", "ft", "in", "yo", "yr", "hr", "mi", "oz", "lb", "px",
                    "pt", "ms", "kw", "mph", "kph", "yrs", "hrs", "min", "sec", "lbs", "pts",
                    "cms", "kms", "mins",
                ];
                let word = matched.rsplit(' ').next().unwrap_or_default();
                let letters_at = word
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(word.len());
                let (year, letters) = word.split_at(letters_at);
                year.parse::<u8>().is_ok_and(|y| (1..=13).contains(&y))
                    && !year.starts_with('0')
                    && (1..=3).contains(&letters.len())
                    && letters.bytes().all(|b| b.is_ascii_lowercase())
                    && !NOT_A_FORM.contains(&letters)
            }
        }
    }
}

/// The compiled lexicon and rules.
#[derive(Debug)]
pub struct ContentRules {
    trie: Trie,
    patterns: Vec<Pattern>,
    /// The terms a masked word (`c**t`) may stand for.
    masked: MaskedTerms,
    terms: Vec<Term>,
    rules: Vec<Rule>,
    /// For each term, the index of the lowering it names.
    term_lowerings: Vec<Option<usize>>,
    lowerings: Vec<Lowering>,
    /// Indexed by `ContentCategory as usize`.
    categories: Vec<Option<CategoryText>>,
    /// Insults aimed at a person.
    insult_frames: InsultFrames,
    /// Named pupils with where they live.
    named_pupils: NamedPupils,
    /// Conjunctions a clause may begin with (see [`WordIndex::opens_clause`]).
    conjunctions: Vec<String>,
}

/// A problem with the rule data (embedded or from IT's policy).
pub type RulesError = String;

impl ContentRules {
    /// The embedded lexicon and rules, plus IT's extra terms, without IT's allowed words.
    pub fn new(extra_terms: &[Term], allowed: &[String]) -> Result<ContentRules, RulesError> {
        let rules_file: RulesFile = serde_json::from_str(include_str!(concat!(
            env!("OUT_DIR"),
            "/content-rules.json"
        )))
        .map_err(|e| format!("data/content-rules/: {e}"))?;
        let terms_file: TermsFile = serde_json::from_str(include_str!(concat!(
            env!("OUT_DIR"),
            "/lexicon-terms.json"
        )))
        .map_err(|e| format!("data/lexicon/terms.toml: {e}"))?;
        let safe: SafeWordsFile = serde_json::from_str(include_str!(concat!(
            env!("OUT_DIR"),
            "/lexicon-safe-words.json"
        )))
        .map_err(|e| format!("data/lexicon/safe-words.toml: {e}"))?;
        let mut terms: Vec<Term> = terms_file
            .group
            .into_iter()
            .flat_map(|g| {
                g.terms.into_iter().map(move |term| Term {
                    term,
                    category: g.category,
                    severity: g.severity,
                    mode: g.mode,
                    lowered_by: g.lowered_by.clone(),
                })
            })
            .collect();
        terms.extend_from_slice(extra_terms);
        terms.retain(|t| !allowed.iter().any(|a| a.eq_ignore_ascii_case(&t.term)));
        let mut safe_words = safe.words;
        safe_words.extend(allowed.iter().map(|a| a.to_lowercase()));
        let shape = |value: Option<serde_json::Value>| value.map(ShapeData::from_json).transpose();
        let insult_frames = shape(rules_file.insult_frame)
            .and_then(|data| InsultFrames::new(data, allowed))
            .map_err(|e| format!("data/content-rules/: {e}"))?;
        let named_pupils = shape(rules_file.named_pupil)
            .and_then(NamedPupils::new)
            .map_err(|e| format!("data/content-rules/: {e}"))?;
        // Whole words (a prefix "rat" would wake the frame for "rather"); an insult also
        // in the plural ("muppets").
        let triggers: Vec<(String, u8)> = insult_frames
            .triggers()
            .flat_map(|w| {
                [
                    (w.to_owned(), TRIGGER_INSULT),
                    (format!("{w}s"), TRIGGER_INSULT),
                ]
            })
            .chain(
                named_pupils
                    .triggers()
                    .map(|w| (w.to_owned(), TRIGGER_NAMED_PUPIL)),
            )
            .collect();
        Self::compile(
            terms,
            rules_file.rule,
            rules_file.lower,
            rules_file.category,
            &safe_words,
            &triggers,
            Shapes {
                insult_frames,
                named_pupils,
                not_masked: safe.masked,
                clause: rules_file.clause,
            },
        )
    }

    fn compile(
        terms: Vec<Term>,
        rules: Vec<Rule>,
        lowerings: Vec<Lowering>,
        categories: HashMap<ContentCategory, CategoryText>,
        safe_words: &[String],
        triggers: &[(String, u8)],
        shapes: Shapes,
    ) -> Result<ContentRules, RulesError> {
        // Equal strings share a trie node; a node holds a pattern per prefix mode.
        let mut builder = TrieBuilder::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut add = |text: &str, prefix: bool, role: Role| -> Result<(), RulesError> {
            let text = text.trim().to_lowercase();
            if text.is_empty() {
                return Err("an empty term or phrase".into());
            }
            let node = builder.insert(text.as_bytes());
            let existing = builder.ends[node]
                .iter()
                .map(|&id| id as usize)
                .find(|&id| id < patterns.len() && patterns[id].prefix == prefix);
            let id = match existing {
                Some(id) => id,
                None => {
                    let first = text.chars().next().is_some_and(char::is_alphanumeric);
                    let last = text.chars().last().is_some_and(char::is_alphanumeric);
                    patterns.push(Pattern {
                        roles: Vec::new(),
                        prefix,
                        bound_start: first,
                        bound_end: last,
                    });
                    let id = patterns.len() - 1;
                    builder.end_here(node, id, first, text.as_bytes()[0]);
                    id
                }
            };
            patterns[id].roles.push(role);
            Ok(())
        };
        for (i, term) in terms.iter().enumerate() {
            add(&term.term, term.mode == MatchMode::Prefix, Role::Term(i))
                .map_err(|e| format!("lexicon term {i} ({:?}): {e}", term.term))?;
        }
        for (r, rule) in rules.iter().enumerate() {
            for (s, slot) in rule.slots.iter().enumerate() {
                for phrase in slot {
                    if let Some(class) = WordClass::parse(phrase) {
                        let class = class.map_err(|e| format!("rule {}: {e}", rule.id))?;
                        for prefix in class.prefixes() {
                            let role = Role::ClassSlot {
                                rule: r,
                                slot: s,
                                class,
                            };
                            add(&prefix, true, role)
                                .map_err(|e| format!("rule {}: {e}", rule.id))?;
                        }
                        continue;
                    }
                    let (phrase, prefix) = match phrase.strip_suffix('*') {
                        Some(stem) => (stem, true),
                        None => (phrase.as_str(), false),
                    };
                    add(phrase, prefix, Role::Slot { rule: r, slot: s })
                        .map_err(|e| format!("rule {}: {e}", rule.id))?;
                }
            }
            for phrase in &rule.unless {
                add(phrase, false, Role::Unless(r))
                    .map_err(|e| format!("rule {}: {e}", rule.id))?;
            }
        }
        for (k, lowering) in lowerings.iter().enumerate() {
            for phrase in &lowering.phrases {
                let (phrase, prefix) = match phrase.strip_suffix('*') {
                    Some(stem) => (stem, true),
                    None => (phrase.as_str(), false),
                };
                add(phrase, prefix, Role::Lower(k))
                    .map_err(|e| format!("lower {}: {e}", lowering.id))?;
            }
            for phrase in &lowering.unless {
                add(phrase, false, Role::LowerUnless(k))
                    .map_err(|e| format!("lower {}: {e}", lowering.id))?;
            }
            for phrase in &lowering.unless_before {
                add(phrase, false, Role::LowerUnlessBefore(k))
                    .map_err(|e| format!("lower {}: {e}", lowering.id))?;
            }
        }
        for word in safe_words {
            add(word, false, Role::Safe).map_err(|e| format!("safe word: {e}"))?;
        }
        for (phrase, bit) in triggers {
            add(phrase, false, Role::Trigger(*bit)).map_err(|e| format!("{phrase:?}: {e}"))?;
        }
        for category in terms
            .iter()
            .map(|t| t.category)
            .chain(rules.iter().map(|r| r.category))
        {
            if !categories.contains_key(&category) {
                return Err(format!("category {category:?} has no [category] text"));
            }
        }
        let mut by_index: Vec<Option<CategoryText>> = Vec::new();
        by_index.resize_with(ContentCategory::ALL.len(), || None);
        for (category, text) in categories {
            by_index[category as usize] = Some(text);
        }
        let term_lowerings = terms
            .iter()
            .map(|term| match &term.lowered_by {
                None => Ok(None),
                Some(id) => lowerings
                    .iter()
                    .position(|l| &l.id == id)
                    .map(Some)
                    .ok_or_else(|| {
                        format!(
                            "lexicon term \"{}\": lowered_by \"{id}\" names no [[lower]] context",
                            term.term
                        )
                    }),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let trie = builder.finish();
        Ok(ContentRules {
            trie,
            patterns,
            masked: MaskedTerms::new(&terms, shapes.not_masked),
            terms,
            rules,
            term_lowerings,
            lowerings,
            categories: by_index,
            insult_frames: shapes.insult_frames,
            named_pupils: shapes.named_pupils,
            conjunctions: shapes.clause.conjunctions,
        })
    }

    /// A lowering by its index in [`RuleHit::lowered_by`].
    pub fn lowering(&self, index: usize) -> Option<&Lowering> {
        self.lowerings.get(index)
    }

    /// The clause and message template of a category.
    pub fn category_text(&self, category: ContentCategory) -> Option<&CategoryText> {
        self.categories.get(category as usize)?.as_ref()
    }

    /// The identifier of the term or rule behind a hit: `lexicon:<term>` or `rule:<id>`.
    pub fn rule_id(&self, rule: RuleRef) -> String {
        match rule {
            RuleRef::Term(i) => format!("lexicon:{}", self.terms[i].term),
            RuleRef::Rule(i) => format!("rule:{}", self.rules[i].id),
            RuleRef::InsultFrame => format!(
                "rule:{}",
                self.insult_frames.rule().map_or("insult-frame", |r| r.0)
            ),
            RuleRef::NamedPupil => format!(
                "rule:{}",
                self.named_pupils.rule().map_or("named-pupil", |r| r.0)
            ),
        }
    }

    /// Every lexicon term and context rule that fires on normalised text.
    pub fn find(&self, text: &str, context: &CheckContext) -> Matches {
        let words = WordIndex::new(text);
        let mut term_hits = Vec::new();
        // (rule, slot, start, end) in the order found; a rule's hits are gathered by slot
        // only when every slot has one, which few rules in a post have.
        let mut slot_hits: Vec<(usize, usize, usize, usize)> = Vec::new();
        // Checked for their shape after the walk, which stays lean.
        let mut class_hits: Vec<(usize, usize, WordClass, usize, usize)> = Vec::new();
        let mut unless_rules = Vec::new();
        // (lowering, what the phrase does, where it starts)
        let mut lower_spans: Vec<(usize, Phrase, usize)> = Vec::new();
        let mut safe_spans = Vec::new();
        let mut triggered = 0u8;
        let mut insult_words = Vec::new();
        for (start, end, id) in self.trie.find_all(text, |id| self.patterns[id].bound_start) {
            let pattern = &self.patterns[id];
            if pattern.bound_end && !pattern.prefix && !words.is_boundary_after(end) {
                continue;
            }
            // A prefix match covers the rest of its word (`fuck` → `fucking`).
            let end = if pattern.prefix {
                words.end_of_word(end)
            } else {
                end
            };
            for role in &pattern.roles {
                match *role {
                    Role::Term(i) => term_hits.push((start, end, i)),
                    Role::Slot { rule, slot } => slot_hits.push((rule, slot, start, end)),
                    Role::ClassSlot { rule, slot, class } => {
                        class_hits.push((rule, slot, class, start, end))
                    }
                    Role::Unless(rule) => unless_rules.push(rule),
                    Role::Lower(k) => lower_spans.push((k, Phrase::Lowers, start)),
                    Role::LowerUnless(k) => lower_spans.push((k, Phrase::Unless, start)),
                    Role::LowerUnlessBefore(k) => {
                        lower_spans.push((k, Phrase::UnlessBefore, start))
                    }
                    Role::Safe => safe_spans.push((start, end)),
                    Role::Trigger(bit) => {
                        triggered |= bit;
                        if bit == TRIGGER_INSULT {
                            insult_words.push(start);
                        }
                    }
                }
            }
        }
        for (rule, slot, class, start, end) in class_hits {
            if class.accepts(&text[start..end]) {
                slot_hits.push((rule, slot, start, end));
            }
        }
        let safe = SpanCover::new(safe_spans);
        let in_safe_word = |start: usize, end: usize| safe.covers(start, end);
        let model_lowering = (0..self.lowerings.len()).find(|&k| {
            self.lowerings[k].model
                && lower_spans
                    .iter()
                    .any(|&(l, role, _)| l == k && role == Phrase::Lowers)
                && !lower_spans
                    .iter()
                    .any(|&(l, role, _)| l == k && role != Phrase::Lowers)
        });
        let lowering_phrases = if lower_spans.is_empty() {
            LoweringPhrases::default()
        } else {
            let at: Vec<(usize, Phrase, usize)> = lower_spans
                .into_iter()
                .map(|(k, role, start)| (k, role, words.word_at(start)))
                .collect();
            LoweringPhrases::new(&at, words.count())
        };

        let mut hits: Vec<RuleHit> = term_hits
            .into_iter()
            .filter(|&(s, e, _)| !in_safe_word(s, e))
            .map(|(start, end, i)| {
                let term = &self.terms[i];
                let mut hit = RuleHit {
                    start,
                    end,
                    category: term.category,
                    severity: term.severity,
                    rule: RuleRef::Term(i),
                    lowered_by: None,
                };
                if let Some(k) = self.term_lowerings[i] {
                    self.lower(&mut hit, k, &lowering_phrases, &words);
                }
                hit
            })
            .collect();
        // Which slots of each rule have a hit, one bit a slot (a rule has at most 64
        // slots: tests/content_data_lint.rs).
        let rules_touched = if slot_hits.is_empty() {
            0
        } else {
            self.rules.len()
        };
        let mut filled = vec![0u64; rules_touched];
        for &(r, slot, ..) in &slot_hits {
            filled[r] |= 1 << slot;
        }
        // In rule order, so that findings come out the same on every run.
        for (r, &filled) in filled.iter().enumerate() {
            let rule = &self.rules[r];
            if filled == 0
                || filled.count_ones() as usize != rule.slots.len()
                || unless_rules.contains(&r)
                || rule.surface.is_some_and(|s| s != context.surface)
                || rule
                    .accounts
                    .as_ref()
                    .is_some_and(|a| !a.contains(&context.account))
            {
                continue;
            }
            let slots: Vec<Vec<(usize, usize)>> = (0..rule.slots.len())
                .map(|slot| {
                    slot_hits
                        .iter()
                        .filter(|&&(hr, hs, s, e)| hr == r && hs == slot && !in_safe_word(s, e))
                        .filter(|&&(_, _, s, _)| {
                            slot > 0
                                || !rule.opens_clause
                                || words.opens_clause(s, &self.conjunctions)
                        })
                        .map(|&(_, _, s, e)| (s, e))
                        .collect()
                })
                .collect();
            if let Some((start, end)) = nearest_combination(&slots, rule.within, &words) {
                hits.push(RuleHit {
                    start,
                    end,
                    category: rule.category,
                    severity: rule.severity,
                    rule: RuleRef::Rule(r),
                    lowered_by: None,
                });
            }
        }
        Matches {
            hits,
            safe,
            model_lowering,
            triggered,
            insult_words,
        }
    }

    /// The masked words of the draft as written (`c**t`): `hit(start, end, term, category,
    /// severity)` for each, with its byte span. Read from the original text, not the
    /// normalised one, where joining spaced letters may run a word into its neighbours
    /// (`he's a b*llend`).
    pub fn find_masked(
        &self,
        text: &str,
        mut hit: impl FnMut(usize, usize, RuleRef, ContentCategory, Severity),
    ) {
        self.masked.find(&self.terms, text, |start, end, i| {
            let term = &self.terms[i];
            hit(start, end, RuleRef::Term(i), term.category, term.severity)
        });
    }

    /// Lowers a term's hit when a phrase of its lowering `k` lies near it and none of
    /// the lowering's `unless` phrases does.
    fn lower(&self, hit: &mut RuleHit, k: usize, phrases: &LoweringPhrases, words: &WordIndex) {
        let lowering = &self.lowerings[k];
        let word = words.word_at(hit.start);
        let near = |role: Phrase| phrases.near(k, role, word, lowering.within);
        if lowering.severity < hit.severity
            && near(Phrase::Lowers)
            && !near(Phrase::Unless)
            && !near(Phrase::UnlessBefore)
        {
            hit.severity = lowering.severity;
            hit.lowered_by = Some(k);
        }
    }

    /// What the detectors of a sentence's shape find in normalised `text`: insults aimed
    /// at a person ([`InsultFrames::find`]) and named pupils with where they live
    /// ([`NamedPupils::find`]); none inside a safe word.
    pub fn find_shapes(
        &self,
        text: &str,
        matches: &Matches,
        capitalised: &dyn Fn(usize, usize) -> bool,
        is_function_word: &dyn Fn(&str) -> bool,
    ) -> Vec<RuleHit> {
        let mut hits = Vec::new();
        let mut add =
            |start: usize, end: usize, rule: RuleRef, found: (ContentCategory, Severity)| {
                if !matches.is_safe(start, end) {
                    hits.push(RuleHit {
                        start,
                        end,
                        category: found.0,
                        severity: found.1,
                        rule,
                        lowered_by: None,
                    });
                }
            };
        if matches.triggered == 0 {
            return hits;
        }
        // The draft's words, read once for both detectors.
        let tokens = tokens(text);
        let triggered = |bit: u8| matches.triggered & bit != 0;
        if let Some((_, category, severity)) = self
            .insult_frames
            .rule()
            .filter(|_| triggered(TRIGGER_INSULT))
        {
            for f in self.insult_frames.find(
                &tokens,
                &matches.insult_words,
                capitalised,
                is_function_word,
            ) {
                add(f.start, f.end, RuleRef::InsultFrame, (category, severity));
            }
        }
        if let Some((_, category, severity)) = self
            .named_pupils
            .rule()
            .filter(|_| triggered(TRIGGER_NAMED_PUPIL))
        {
            for f in self.named_pupils.find(&tokens, capitalised) {
                add(f.start, f.end, RuleRef::NamedPupil, (category, severity));
            }
        }
        hits
    }

    /// Whether `word` (normalised, one word) is a lexicon term, or begins with a term
    /// that matches as a prefix (`fucking`).
    pub fn is_term(&self, word: &str) -> bool {
        let is_term_end = |node: u32, whole: bool| {
            self.trie.nodes[node as usize].ends.iter().any(|&id| {
                self.patterns.get(id as usize).is_some_and(|p| {
                    (whole || p.prefix) && p.roles.iter().any(|r| matches!(r, Role::Term(_)))
                })
            })
        };
        let bytes = word.as_bytes();
        let Some(&first) = bytes.first() else {
            return false;
        };
        let mut node = self.trie.root[usize::from(first)];
        for end in 1..=bytes.len() {
            if node == 0 {
                return false;
            }
            if is_term_end(node, end == bytes.len()) {
                return true;
            }
            match bytes.get(end) {
                Some(&b) => node = self.trie.child(node, b).unwrap_or(0),
                None => return false,
            }
        }
        false
    }

    /// The number of lexicon terms, context rules and category texts.
    pub fn counts(&self) -> (usize, usize, usize) {
        (
            self.terms.len(),
            self.rules.len(),
            self.categories.iter().flatten().count(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, lowered_by: Option<&str>) -> Term {
        Term {
            term: text.into(),
            category: ContentCategory::Safeguarding,
            severity: Severity::High,
            mode: MatchMode::Word,
            lowered_by: lowered_by.map(Into::into),
        }
    }

    fn rules_with(terms: Vec<Term>) -> Result<ContentRules, RulesError> {
        let category = CategoryText {
            clause: "6.1".into(),
            message: "\"{matched}\" §6.1.".into(),
        };
        let lowering = Lowering {
            id: "warning".into(),
            severity: Severity::Low,
            within: 3,
            phrases: vec!["beware".into()],
            unless: vec!["let's".into()],
            unless_before: Vec::new(),
            note: "A warning.".into(),
            model: false,
        };
        ContentRules::compile(
            terms,
            Vec::new(),
            vec![lowering],
            HashMap::from([(ContentCategory::Safeguarding, category)]),
            &[],
            &[],
            Shapes::default(),
        )
    }

    #[test]
    fn a_lowering_phrase_lowers_only_the_terms_that_name_it_and_only_nearby() {
        let rules = rules_with(vec![
            term("dare game", Some("warning")),
            term("go die", None),
        ])
        .unwrap();
        let severities = |text: &str| -> Vec<Severity> {
            let matches = rules.find(text, &CheckContext::default());
            matches.hits.iter().map(|h| h.severity).collect()
        };
        assert_eq!(severities("beware the dare game"), [Severity::Low]);
        assert_eq!(severities("beware: go die"), [Severity::High]);
        assert_eq!(
            severities("beware of it, one two three four dare game"),
            [Severity::High]
        );
        assert_eq!(
            severities("beware, let's play the dare game"),
            [Severity::High]
        );
        let hit = &rules
            .find("beware the dare game", &CheckContext::default())
            .hits[0];
        assert_eq!(
            rules.lowering(hit.lowered_by.unwrap()).unwrap().note,
            "A warning."
        );
    }

    #[test]
    fn form_groups_follow_in_from_of_form_or_class_and_have_a_form_group_s_shape() {
        let class = WordClass::FormGroup;
        let prefixes = class.prefixes();
        for wanted in ["from 7", "in 10", "class 5", "of 13", "form 1"] {
            assert!(prefixes.iter().any(|p| p == wanted), "{wanted}");
        }
        assert!(!prefixes.iter().any(|p| p.starts_with("room")));
        for form in [
            "from 7b", "in 10c", "class 5a", "of 13z", "form 1e", "from 7jd", "in 11abc",
        ] {
            assert!(class.accepts(form), "{form}");
        }
        for not_a_form in [
            "in 5k",
            "in 3d",
            "in 7s",
            "in 4g",
            "in 10m",
            "in 2x",
            "in 14a",
            "from 9am",
            "in 3rd",
            "of 4kg",
            "in 2hrs",
            "in 10mins",
            "from 07b",
            "in 7",
            "in 70b",
            "in 7b2",
        ] {
            assert!(!class.accepts(not_a_form), "{not_a_form}");
        }
        assert!(WordClass::parse("{form}").is_some_and(|c| c.is_ok()));
        assert!(WordClass::parse("{pupil}").is_some_and(|c| c.is_err()));
        assert!(WordClass::parse("form").is_none());
    }

    #[test]
    fn a_term_naming_an_unknown_lowering_is_an_error_naming_it() {
        let error = rules_with(vec![term("dare game", Some("nope"))]).unwrap_err();
        assert!(
            error.contains("dare game") && error.contains("nope"),
            "{error}"
        );
    }
}
