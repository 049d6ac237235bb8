//! The result shape of a content check: a contract other tools rely on.

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Informs; never interrupts.
    Low,
    /// Asks the member of staff to confirm before posting.
    Medium,
    /// Serious; IT may make it blocking.
    High,
}

/// What kind of problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContentCategory {
    /// §5.5 lewd, sexually explicit or similarly inappropriate language.
    Lewd,
    /// §5.5 threatening language.
    Threat,
    /// §5.5 / §5.6 offensive language, insults and abuse.
    Abuse,
    /// §5.5 bullying.
    Bullying,
    /// §5.5 unlawful discrimination, harassment or victimisation.
    Discrimination,
    /// §6.1 encouraging violence, self-harm or risk-taking.
    Safeguarding,
    /// §6.1 information that could help locate or meet a child.
    LocateChild,
    /// §5.6 contact with pupils outside the Learning Platform.
    PupilContact,
    /// §5.5 confidential to the Trust, an academy or its staff.
    Confidential,
    /// §5.5 personal data (GDPR, §9.1).
    PersonalData,
    /// §5.6 official contact details on a personal account.
    OfficialContact,
    /// §5.5 bringing the Trust or academy into disrepute.
    Disrepute,
    /// §5.5 defamatory or knowingly false.
    Defamation,
    /// §5.6 extreme political, religious or philosophical views.
    Extremism,
    /// §5.5 breaches copyright.
    Copyright,
    /// §5.5 otherwise unlawful (drugs, fraud, images shared without consent).
    Unlawful,
}

impl ContentCategory {
    /// Every category, in the order above.
    pub const ALL: &'static [ContentCategory] = &[
        ContentCategory::Lewd,
        ContentCategory::Threat,
        ContentCategory::Abuse,
        ContentCategory::Bullying,
        ContentCategory::Discrimination,
        ContentCategory::Safeguarding,
        ContentCategory::LocateChild,
        ContentCategory::PupilContact,
        ContentCategory::Confidential,
        ContentCategory::PersonalData,
        ContentCategory::OfficialContact,
        ContentCategory::Disrepute,
        ContentCategory::Defamation,
        ContentCategory::Extremism,
        ContentCategory::Copyright,
        ContentCategory::Unlawful,
    ];
}

/// Which kind of account the member of staff is posting from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Personal,
    Official,
    #[default]
    Unknown,
}

/// Where the text will appear.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Surface {
    #[default]
    Post,
    Comment,
    Message,
    Profile,
}

/// Where and how the text will be posted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct CheckContext {
    /// Catalogue id of the platform, when known. Every rule applies on every platform
    /// today; the id is part of the contract so that rules may name platforms later.
    pub platform: Option<String>,
    pub account: AccountKind,
    pub surface: Surface,
}

/// One problem in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Finding {
    /// The clause of Policy A2, e.g. `"5.5"`.
    pub clause: String,
    pub category: ContentCategory,
    pub severity: Severity,
    /// Plain English: what, and why it matters under the clause.
    pub message: String,
    /// Span in the original text, UTF-8 bytes.
    pub start: usize,
    pub end: usize,
    /// The same span in UTF-16 code units, for JavaScript.
    pub start16: usize,
    pub end16: usize,
    /// The original text of the span.
    pub matched: String,
    /// Identifier of the rule that fired (lexicon entry, pattern or model).
    pub rule: String,
}

/// Everything found in a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CheckResult {
    /// Findings in order of position.
    pub findings: Vec<Finding>,
    /// Whether the text was longer than the checked cap and only its start was checked.
    pub truncated: bool,
    /// How many bytes of the text were checked.
    pub checked_bytes: usize,
}

#[cfg(feature = "cli")]
impl CheckResult {
    /// The deeper check's findings that this result does not already say: one finding where
    /// both stages found the same concern over the same words (see `safepost_deep::merge`).
    pub fn merge_deep(
        &self,
        deep: Vec<safepost_deep::DeepFinding>,
    ) -> Vec<safepost_deep::DeepFinding> {
        let spans: Vec<safepost_deep::FastSpan> = self
            .findings
            .iter()
            .map(|f| safepost_deep::FastSpan {
                category: json_name(f.category),
                clause: f.clause.clone(),
                severity: json_name(f.severity),
                start16: f.start16,
                end16: f.end16,
            })
            .collect();
        safepost_deep::merge(&spans, deep)
    }
}

/// A value's name as it serialises to JSON (`pupil_contact`, `medium`, `off`); empty for a value
/// that is not a string.
#[cfg(feature = "cli")]
pub fn json_name(value: impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
