//! `check_text`: runs every detector over a draft and turns their hits into findings
//! with exact original spans, clauses and plain-English messages.

use super::finding::{AccountKind, CheckContext, CheckResult, ContentCategory, Finding, Severity};
use super::model::Model;
use super::normalise::{normalise_with, Normalised};
use super::personal_data::{
    find_personal_data, is_organisation_phone, is_role_mailbox, uk_phone_number, PersonalDataKind,
};
use super::rules::{CategoryText, ContentRules, Matches, RuleRef};
use crate::site::host_is_under;
use crate::Policy;

/// At most this many bytes of a draft are checked (about 100,000 characters of English);
/// the result says when a draft was longer.
pub const MAX_CHECKED_BYTES: usize = 100_000;

/// At most this many findings are reported, so a pathological draft stays cheap to show.
pub const MAX_FINDINGS: usize = 200;

/// A finding before its UTF-16 offsets and message are filled in.
struct Hit {
    start: usize,
    end: usize,
    category: ContentCategory,
    severity: Severity,
    rule: HitRule,
    /// Replaces `{what}` in the category's message.
    what: Option<&'static str>,
    /// The lowering whose note ends the message.
    lowered_by: Option<usize>,
}

/// What fired, named (`lexicon:…`, `model:abuse:0.91`…) only for the hits reported.
#[derive(Clone, Copy)]
enum HitRule {
    Rules(RuleRef),
    Model(f32),
    PersonalData(PersonalDataKind),
    Named(&'static str),
}

impl HitRule {
    fn id(self, rules: &ContentRules) -> String {
        match self {
            HitRule::Rules(r) => rules.rule_id(r),
            // Hundredths by integer arithmetic: formatting a float would bring core's float
            // printing (~2 KB) into the WebAssembly build for this one name.
            HitRule::Model(p) => {
                let hundredths = (p.clamp(0.0, 1.0) * 100.0).round() as u32;
                format!("model:abuse:{}.{:02}", hundredths / 100, hundredths % 100)
            }
            HitRule::PersonalData(kind) => format!("personal-data:{}", kind.id()),
            HitRule::Named(id) => id.to_owned(),
        }
    }
}

/// Checks a draft against the content rules and the policy.
pub fn check_text(
    rules: &ContentRules,
    policy: &Policy,
    text: &str,
    context: &CheckContext,
) -> CheckResult {
    check_parts(rules, policy, text, context).into_result()
}

/// Checks a draft, leaving the findings' strings unmade (see [`FindingParts`]).
pub fn check_parts<'a>(
    rules: &'a ContentRules,
    policy: &Policy,
    text: &'a str,
    context: &CheckContext,
) -> Checked<'a> {
    let checked = prefix_on_char_boundary(text, MAX_CHECKED_BYTES);
    let normalised = normalise_with(checked, &|word| rules.is_term(word));
    let mut matches = rules.find(&normalised.text, context);
    // A name is written with a capital and then small letters ("Jason", not "JASON").
    let capitalised = |start: usize, end: usize| {
        let (start, end) = normalised.original_span(start, end);
        let mut chars = checked[start..end].chars();
        chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
    };
    let shapes = rules.find_shapes(&normalised.text, &matches, &capitalised, &is_function_word);
    matches.hits.extend(shapes);
    let model_hit = model_hit(rules, &normalised, &matches);
    let mut hits: Vec<Hit> = matches
        .hits
        .into_iter()
        .map(|h| {
            let (start, end) = normalised.original_span(h.start, h.end);
            Hit {
                start,
                end,
                category: h.category,
                severity: h.severity,
                rule: HitRule::Rules(h.rule),
                what: None,
                lowered_by: h.lowered_by,
            }
        })
        .collect();
    // The model's word is left out when the lexicon already flagged it, or lowered it for
    // the words around it (Dutch "hoe", a trend named in a warning): the model cannot tell.
    hits.extend(model_hit.filter(|m| {
        !hits.iter().any(|h| {
            (h.severity >= Severity::Medium || h.lowered_by.is_some())
                && h.start <= m.start
                && m.end <= h.end
        })
    }));
    normalised.recycle();
    rules.find_masked(checked, |start, end, rule, category, severity| {
        hits.push(Hit {
            start,
            end,
            category,
            severity,
            rule: HitRule::Rules(rule),
            what: None,
            lowered_by: None,
        })
    });
    hits.extend(personal_data_hits(checked, policy, context));
    // IT's category settings: off, or a fixed severity.
    hits.retain_mut(|hit| match policy.content.categories.get(&hit.category) {
        Some(setting) => setting.severity().map(|s| hit.severity = s).is_some(),
        None => true,
    });
    let hits = strongest_per_span(hits);

    let mut parts: Vec<FindingParts> = Vec::with_capacity(hits.len().min(MAX_FINDINGS));
    let mut utf16 = Utf16Offsets::new(checked);
    for hit in hits.into_iter().take(MAX_FINDINGS) {
        let Some(text_of_category) = rules.category_text(hit.category) else {
            continue;
        };
        // IT's category setting may have raised it again: then the note would mislead.
        let note = hit.lowered_by.and_then(|k| {
            let lowering = rules.lowering(k)?;
            (hit.severity <= lowering.severity).then_some((k, lowering.note.as_str()))
        });
        // Hits are in order of their start, so the offsets are counted forwards only.
        let start16 = utf16.at(hit.start);
        let end16 = start16 + checked[hit.start..hit.end].encode_utf16().count();
        parts.push(FindingParts {
            category: hit.category,
            severity: hit.severity,
            start: hit.start,
            end: hit.end,
            start16,
            end16,
            text: text_of_category,
            what: hit.what.unwrap_or("personal data"),
            note,
            rule: hit.rule,
        });
    }
    Checked {
        rules,
        text: checked,
        parts,
        truncated: checked.len() < text.len(),
    }
}

/// A finding before its strings are made. [`Checked::into_result`] makes them for the
/// engine's result; the WebAssembly bindings instead send JavaScript the pieces, whose
/// fixed parts (clause, message template, note, rule id) it keeps after their first use.
#[derive(Clone, Copy)]
pub struct FindingParts<'a> {
    pub category: ContentCategory,
    pub severity: Severity,
    /// Span in the checked text, UTF-8 bytes and UTF-16 code units.
    pub start: usize,
    pub end: usize,
    pub start16: usize,
    pub end16: usize,
    /// The category's clause and message template.
    pub text: &'a CategoryText,
    /// Replaces `{what}` in the message template.
    pub what: &'static str,
    /// The lowering (by index) whose note ends the message.
    pub note: Option<(usize, &'a str)>,
    rule: HitRule,
}

/// Where the identifier of a rule comes from.
pub enum RuleName {
    /// The same for every finding of the rule: its index among the engine's fixed names.
    Fixed(usize),
    /// Made for this finding (the model's carries its score).
    Own(String),
}

/// A checked draft: its findings' parts, and what they refer to.
pub struct Checked<'a> {
    rules: &'a ContentRules,
    /// The part of the draft that was checked (at most [`MAX_CHECKED_BYTES`]).
    pub text: &'a str,
    pub parts: Vec<FindingParts<'a>>,
    pub truncated: bool,
}

impl Checked<'_> {
    /// The original text of a finding's span.
    pub fn matched(&self, part: &FindingParts) -> &str {
        &self.text[part.start..part.end]
    }

    /// The identifier of the rule behind a finding.
    pub fn rule_id(&self, part: &FindingParts) -> String {
        part.rule.id(self.rules)
    }

    /// Where the identifier of a finding's rule comes from; [`Checked::rule_id`] is its text.
    pub fn rule_name(&self, part: &FindingParts) -> RuleName {
        let (terms, context_rules, _) = self.rules.counts();
        match part.rule {
            HitRule::Rules(RuleRef::Term(i)) => RuleName::Fixed(i),
            HitRule::Rules(RuleRef::Rule(i)) => RuleName::Fixed(terms + i),
            HitRule::PersonalData(kind) => RuleName::Fixed(terms + context_rules + kind as usize),
            rule => RuleName::Own(rule.id(self.rules)),
        }
    }

    /// The result, with every finding's strings made.
    pub fn into_result(self) -> CheckResult {
        let findings = self
            .parts
            .iter()
            .map(|part| {
                let matched = self.matched(part);
                let mut message = fill_template(&part.text.message, matched, part.what);
                if let Some((_, note)) = part.note {
                    message.push(' ');
                    message.push_str(note);
                }
                Finding {
                    clause: part.text.clause.clone(),
                    category: part.category,
                    severity: part.severity,
                    message,
                    start: part.start,
                    end: part.end,
                    start16: part.start16,
                    end16: part.end16,
                    matched: matched.to_owned(),
                    rule: self.rule_id(part),
                }
            })
            .collect();
        CheckResult {
            findings,
            truncated: self.truncated,
            checked_bytes: self.text.len(),
        }
    }
}

/// The statistical model's view: insults and abuse that no lexicon term names (§5.6).
/// Its finding points at the word that weighed most; none when that word is a safe word
/// (`Bitchfield`, `garden hoe`), whose look-alike inflated the score.
fn model_hit(rules: &ContentRules, normalised: &Normalised, matches: &Matches) -> Option<Hit> {
    let model = Model::embedded();
    let score = model.score(&normalised.text);
    if score.probability < model.threshold_medium() {
        return None;
    }
    // A number, a single letter or a function word is never the insult, however its
    // n-grams and bigrams weigh (`&#127814;` left by an emoji, the `a` of "is a dump"): a
    // finding must name words that are there to change.
    let top = score.drivers.iter().find(|d| {
        let word = &normalised.text[d.start..d.end];
        word.chars().nth(1).is_some()
            && !word.bytes().all(|b| b.is_ascii_digit())
            && !is_function_word(word)
    })?;
    if matches.is_safe(top.start, top.end) {
        return None;
    }
    let (start, end) = normalised.original_span(top.start, top.end);
    // A draft about a play, a book or a film: its villains and witches are the story's.
    let lowering = matches
        .model_lowering
        .and_then(|k| Some((k, rules.lowering(k)?.severity)));
    Some(Hit {
        start,
        end,
        category: ContentCategory::Abuse,
        severity: lowering.map_or(Severity::Medium, |(_, s)| s.min(Severity::Medium)),
        rule: HitRule::Model(score.probability),
        what: None,
        lowered_by: lowering.map(|(k, _)| k),
    })
}

// `FUNCTION_WORDS`: `data/model/function-words.txt`, sorted (its lint checks), by build.rs.
include!(concat!(env!("OUT_DIR"), "/function_words.rs"));

/// Whether `word` (normalised) is one of the model's function words.
fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.binary_search(&word).is_ok()
}

/// Personal data in the original text, and official contact details on a personal account.
fn personal_data_hits(text: &str, policy: &Policy, context: &CheckContext) -> Vec<Hit> {
    let found = find_personal_data(text);
    if found.is_empty() {
        return Vec::new();
    }
    let organisation = &policy.organisation;
    let mut hits = Vec::new();
    for found in found {
        let span = &text[found.start..found.end];
        let official = match found.kind {
            PersonalDataKind::EmailAddress => span.rsplit_once('@').is_some_and(|(_, domain)| {
                let domain = domain.to_ascii_lowercase();
                organisation
                    .all_email_domains()
                    .any(|d| host_is_under(&domain, d))
            }),
            PersonalDataKind::PhoneNumber => uk_phone_number(span)
                .is_some_and(|national| organisation.publishes_phone_number(&national)),
            _ => false,
        };
        // On the academy's own account, a shared mailbox (office@) and a landline given as
        // an office's or a team's are the academy's: public, not a person's data.
        let organisations = context.account == AccountKind::Official
            && match found.kind {
                PersonalDataKind::EmailAddress => is_role_mailbox(span),
                PersonalDataKind::PhoneNumber => {
                    uk_phone_number(span).is_some_and(|national| !national.starts_with("07"))
                        && is_organisation_phone(text, found.start, found.end)
                }
                _ => false,
            };
        if official || organisations {
            // An official address is public; on a personal account it breaks §5.6.
            if context.account == AccountKind::Personal {
                hits.push(Hit {
                    start: found.start,
                    end: found.end,
                    category: ContentCategory::OfficialContact,
                    severity: Severity::Medium,
                    rule: HitRule::Named(match found.kind {
                        PersonalDataKind::PhoneNumber => "official-contact/phone",
                        _ => "official-contact/email",
                    }),
                    what: None,
                    lowered_by: None,
                });
            }
            continue;
        }
        let severity = found.confidence;
        hits.push(Hit {
            start: found.start,
            end: found.end,
            category: ContentCategory::PersonalData,
            severity,
            rule: HitRule::PersonalData(found.kind),
            what: Some(found.kind.describe()),
            lowered_by: None,
        });
    }
    hits
}

/// Sorts hits by position and drops any hit lying inside another hit of the same
/// category that is at least as severe (`fuck` inside `fuck off`).
fn strongest_per_span(hits: Vec<Hit>) -> Vec<Hit> {
    let mut hits = super::order::sort_stably(hits, |a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(b.severity.cmp(&a.severity))
    });
    // In place: the hits kept so far are `hits[..kept]`.
    let mut kept = 0;
    for i in 0..hits.len() {
        let hit = &hits[i];
        let covered = hits[..kept].iter().rev().take(16).any(|k| {
            k.category == hit.category
                && k.start <= hit.start
                && hit.end <= k.end
                && k.severity >= hit.severity
        });
        if !covered {
            hits.swap(kept, i);
            kept += 1;
        }
    }
    hits.truncate(kept);
    hits
}

/// A category's message with `{matched}` (the words, as a readable preview) and `{what}`
/// (the kind of personal data) filled in, in one pass. `fill` in `src/wasm/check_result.js`
/// does the same for the WebAssembly build: change both (`tests/node/wasm-parity.test.mjs`
/// compares them).
fn fill_template(template: &str, matched: &str, what: &str) -> String {
    let mut message = String::with_capacity(template.len() + matched.len().min(100));
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        message.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("{matched}") {
            message.push_str(&crate::site::preview(matched.trim()));
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{what}") {
            message.push_str(what);
            rest = after;
        } else {
            message.push('{');
            rest = &rest[1..];
        }
    }
    message.push_str(rest);
    message
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
pub(crate) fn prefix_on_char_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// UTF-8 byte offsets → UTF-16 code-unit offsets, for offsets asked in any order but
/// cheapest when they mostly increase.
struct Utf16Offsets<'t> {
    text: &'t str,
    byte: usize,
    unit: usize,
}

impl<'t> Utf16Offsets<'t> {
    fn new(text: &'t str) -> Self {
        Utf16Offsets {
            text,
            byte: 0,
            unit: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.unit = 0;
        }
        // One UTF-16 unit per character, two for a character of four UTF-8 bytes: count
        // the bytes that start a character, and again those that start a long one.
        self.unit += self.text.as_bytes()[self.byte..byte]
            .iter()
            .map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
            .sum::<usize>();
        self.byte = byte;
        self.unit
    }
}

#[cfg(test)]
mod tests {
    use super::{fill_template, is_function_word};
    use crate::{CheckContext, Engine};

    #[test]
    fn templates_are_filled_in_one_pass() {
        assert_eq!(
            fill_template("\"{matched}\" is {what}; {other} {", "  sh1t ", "rude"),
            "\"sh1t\" is rude; {other} {"
        );
        assert_eq!(
            fill_template("no placeholders", "x", "y"),
            "no placeholders"
        );
    }

    /// The model's finding names a word worth changing: never a number, a lone letter or a
    /// function word, even where the bigrams around one weigh most ("is a …", "of a woman").
    #[test]
    fn a_model_finding_never_names_a_lone_letter_a_number_or_a_function_word() {
        let engine = Engine::with_default_policy();
        for text in [
            "She is a vile rat of a woman.",
            "This club is a dump and u r a joke",
            "what a pathetic excuse for a man 😤😤",
            "a a a a a you absolute waste &#128514;&#128514;",
            "pats owner is a kike.",
            "these people are the worst, all of them",
        ] {
            for f in engine.check_text(text, &CheckContext::default()).findings {
                if f.rule.starts_with("model:") {
                    assert!(f.matched.chars().count() > 1, "{text:?}: {f:?}");
                    assert!(!f.matched.bytes().all(|b| b.is_ascii_digit()), "{text:?}");
                    assert!(!is_function_word(&f.matched.to_lowercase()), "{f:?}");
                }
            }
        }
    }
}
