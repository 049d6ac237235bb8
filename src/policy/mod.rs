//! The Trust's policy as IT configures it: approved platforms (§5.1), what to do on an
//! unapproved one, IT exceptions (e.g. the academy's Learning Platform, §5.6), the
//! register of official accounts (§3.3) and the Trust's own names and email domains.
//!
//! IT's JSON is validated field by field so that every problem is reported with its
//! path, never just the first; keys it leaves out keep the embedded default's value.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::catalogue::{closest, Catalogue};
use crate::contact::roster::{Roster, RosterAcademy, RosterValue, MAX_ROSTER_ENTRIES};
use crate::content::{ContentCategory, Severity};
use crate::site::{normalise_domain, preview, public_suffix};

mod lesson_times;
mod organisation;
pub use lesson_times::{DateRange, LessonNow, LessonTimes, Period, Weekdays, WEEKDAYS};
pub use organisation::{Academy, Organisation, SafeguardingLead};

/// What SafePost does on a social platform the policy does not approve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum UnapprovedAction {
    /// Show a warning banner; the member of staff decides.
    Warn,
    /// Stop the navigation and explain why.
    Block,
}

/// A domain IT allows even though it is social (e.g. the Learning Platform).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Exception {
    pub domain: String,
    /// Why IT allows it, shown to staff.
    pub note: String,
}

/// The effective policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Policy {
    /// Catalogue ids of the approved platforms (§5.1), sorted.
    pub approved: Vec<String>,
    pub unapproved_action: UnapprovedAction,
    pub exceptions: Vec<Exception>,
    /// The register of official accounts per platform id (§3.3).
    pub official_accounts: BTreeMap<String, Vec<String>>,
    pub organisation: Organisation,
    /// How IT tunes the content checks.
    #[serde(default)]
    pub content: ContentPolicy,
    /// Pupils, former pupils under 18 and parents as keyed name hashes (§5.3, §5.6), made
    /// by `safepost roster build`; none by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<RosterValue>,
    /// What happens before contact with a pupil or a parent from a personal account.
    #[serde(default)]
    pub contact: ContactPolicy,
    /// The timetable for lesson-time warnings (§5.3); none by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson_times: Option<LessonTimes>,
}

/// What the contact guard does when staff befriend, follow or message a pupil or a parent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContactAction {
    /// Explain; staff may go on after acknowledging it.
    #[default]
    Confirm,
    /// Explain and stop the action.
    Block,
}

/// How IT sets the contact guard (§5.3, §5.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ContactPolicy {
    pub action: ContactAction,
    /// Whether staff may say "They are family" (§5.6 allows contact with pupils who are
    /// family members), remembered on their device.
    pub allow_family: bool,
}

impl Default for ContactPolicy {
    fn default() -> Self {
        ContactPolicy {
            action: ContactAction::Confirm,
            allow_family: true,
        }
    }
}

/// One thing wrong with an IT policy: where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PolicyProblem {
    /// Field path such as `approved[2]` or `organisation.academies[0].name`; empty for
    /// the whole document.
    pub path: String,
    pub message: String,
}

impl fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in an IT policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub problems: Vec<PolicyProblem>,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the policy has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

/// Most entries accepted in any one list, so a hostile policy cannot exhaust memory.
pub const MAX_LIST_LEN: usize = 10_000;

const FIELDS: &[&str] = &[
    "approved",
    "unapproved_action",
    "exceptions",
    "official_accounts",
    "organisation",
    "content",
    "roster",
    "contact",
    "lesson_times",
];

/// A category of content finding as IT sets it: off, or a fixed severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CategorySetting {
    Off,
    Low,
    Medium,
    High,
}

impl CategorySetting {
    /// The fixed severity this setting gives findings; `None` when they are switched off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            CategorySetting::Off => None,
            CategorySetting::Low => Some(Severity::Low),
            CategorySetting::Medium => Some(Severity::Medium),
            CategorySetting::High => Some(Severity::High),
        }
    }
}

/// A term IT adds to the lexicon (local slang, an academy's nicknames).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CustomTerm {
    pub term: String,
    pub category: ContentCategory,
    pub severity: Severity,
}

/// What happens when staff try to post a draft with a `high` finding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HighAction {
    /// Explain, then let the user post after an explicit acknowledgement (as for `medium`).
    #[default]
    Confirm,
    /// Explain and do not let the post be sent until the draft is changed.
    Block,
}

/// How IT tunes the content checks (§5.5, §5.6, §6.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ContentPolicy {
    /// Terms added to the lexicon.
    pub add_terms: Vec<CustomTerm>,
    /// Words and phrases never flagged (e.g. a place name that looks like a rude word).
    pub allow_terms: Vec<String>,
    /// Categories switched off or given a fixed severity.
    pub categories: BTreeMap<ContentCategory, CategorySetting>,
    /// What the compose guard does with a `high` finding when the user tries to post.
    #[serde(default)]
    pub high_action: HighAction,
    /// Whether drafts are also read for meaning by the deeper check (the model). IT writes
    /// `"on"` (the default) or `"off"`; kept as a flag, which costs the fast module least.
    #[serde(default = "on")]
    pub deep_check: bool,
}

fn on() -> bool {
    true
}

impl Default for ContentPolicy {
    fn default() -> ContentPolicy {
        ContentPolicy {
            add_terms: Vec::new(),
            allow_terms: Vec::new(),
            categories: BTreeMap::new(),
            high_action: HighAction::default(),
            deep_check: true,
        }
    }
}

impl Policy {
    /// The Trust's Policy A2 as shipped (`data/policy.json`), read once.
    pub fn embedded_default() -> Policy {
        static DEFAULT: OnceLock<Policy> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                let empty = Policy {
                    approved: vec![],
                    unapproved_action: UnapprovedAction::Warn,
                    exceptions: vec![],
                    official_accounts: BTreeMap::new(),
                    organisation: Organisation::default(),
                    content: ContentPolicy::default(),
                    roster: None,
                    contact: ContactPolicy::default(),
                    lesson_times: None,
                };
                // Checked by the tests below, so this cannot fail in a tested build.
                Policy::from_json_str(
                    include_str!("../../data/policy.json"),
                    &empty,
                    Catalogue::embedded(),
                )
                .expect("embedded default policy is valid (checked by tests)")
            })
            .clone()
    }

    /// Reads an IT policy from JSON text; keys it leaves out keep `base`'s values.
    pub fn from_json_str(
        json: &str,
        base: &Policy,
        catalogue: &Catalogue,
    ) -> Result<Policy, PolicyError> {
        let value: Value = serde_json::from_str(json).map_err(|e| PolicyError {
            problems: vec![PolicyProblem {
                path: String::new(),
                message: format!("not valid JSON: {e}"),
            }],
        })?;
        Policy::from_json_value(&value, base, catalogue)
    }

    /// Reads an IT policy from a JSON value; keys it leaves out keep `base`'s values.
    pub fn from_json_value(
        value: &Value,
        base: &Policy,
        catalogue: &Catalogue,
    ) -> Result<Policy, PolicyError> {
        let mut reader = Reader {
            problems: Vec::new(),
            catalogue,
        };
        let policy = reader.policy(value, base);
        if reader.problems.is_empty() {
            Ok(policy)
        } else {
            Err(PolicyError {
                problems: reader.problems,
            })
        }
    }

    /// The policy as IT would write it.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a policy always serialises")
    }
}

/// Walks an IT policy, collecting every problem; on a bad field it keeps the base value.
struct Reader<'c> {
    problems: Vec<PolicyProblem>,
    catalogue: &'c Catalogue,
}

impl Reader<'_> {
    fn problem(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(PolicyProblem {
            path: path.to_owned(),
            message: message.into(),
        });
    }

    fn policy(&mut self, value: &Value, base: &Policy) -> Policy {
        let mut policy = base.clone();
        let Some(fields) = self.object(value, "", FIELDS) else {
            return policy;
        };
        if let Some(v) = fields.get("approved") {
            policy.approved = self.approved(v);
        }
        if let Some(v) = fields.get("unapproved_action") {
            match v.as_str() {
                Some("warn") => policy.unapproved_action = UnapprovedAction::Warn,
                Some("block") => policy.unapproved_action = UnapprovedAction::Block,
                _ => self.problem(
                    "unapproved_action",
                    format!("expected \"warn\" or \"block\", found {}", show(v)),
                ),
            }
        }
        if let Some(v) = fields.get("exceptions") {
            policy.exceptions = self.exceptions(v);
        }
        if let Some(v) = fields.get("official_accounts") {
            policy.official_accounts = self.official_accounts(v);
        }
        if let Some(v) = fields.get("organisation") {
            policy.organisation = self.organisation(v, &base.organisation);
        }
        if let Some(v) = fields.get("content") {
            policy.content = self.content(v);
        }
        if let Some(v) = fields.get("roster") {
            policy.roster = self.roster(v);
        }
        if let Some(v) = fields.get("contact") {
            policy.contact = self.contact(v);
        }
        if let Some(v) = fields.get("lesson_times") {
            policy.lesson_times = self.lesson_times(v);
        }
        policy
    }

    /// The roster: `null` for none; otherwise read as `safepost roster build` writes it,
    /// then every entry checked (walked here rather than through serde, which would add a
    /// deserialiser for it to the WebAssembly build).
    fn roster(&mut self, value: &Value) -> Option<RosterValue> {
        if value.is_null() {
            return None;
        }
        let fields = self.object(value, "roster", &["format", "key", "built", "academies"])?;
        let before = self.problems.len();
        let mut text = |key: &str| {
            let path = join("roster", key);
            let found = fields.get(key).unwrap_or(&Value::Null);
            self.string(found, &path).unwrap_or_default().to_owned()
        };
        let (format, key, built) = (text("format"), text("key"), text("built"));
        let mut academies = Vec::new();
        let academies_value = fields.get("academies").unwrap_or(&Value::Null);
        let items = self.array(academies_value, "roster.academies");
        for (i, item) in items.iter().enumerate() {
            let path = format!("roster.academies[{i}]");
            let known = ["name", "pupils", "former_pupils", "parents"];
            let Some(academy) = self.object(item, &path, &known) else {
                continue;
            };
            let mut lists = [Vec::new(), Vec::new(), Vec::new()];
            for (list, key) in lists.iter_mut().zip(&known[1..]) {
                let list_path = join(&path, key);
                let Some(entries) = academy.get(*key) else {
                    continue;
                };
                for (j, entry) in self
                    .array_at_most(entries, &list_path, MAX_ROSTER_ENTRIES)
                    .iter()
                    .enumerate()
                {
                    match entry.as_str() {
                        Some(s) => list.push(s.to_owned()),
                        None => self.problem(
                            &format!("{list_path}[{j}]"),
                            format!("expected a name hash, found {}", show(entry)),
                        ),
                    }
                }
            }
            let [pupils, former_pupils, parents] = lists;
            academies.push(RosterAcademy {
                name: academy
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                pupils,
                former_pupils,
                parents,
            });
        }
        let roster = RosterValue {
            format,
            key,
            built,
            academies,
        };
        if self.problems.len() > before {
            return None;
        }
        match Roster::check(&roster) {
            Ok(()) => Some(roster),
            Err(problems) => {
                for (path, message) in problems {
                    self.problem(&join("roster", &path), message);
                }
                None
            }
        }
    }

    fn contact(&mut self, value: &Value) -> ContactPolicy {
        let mut contact = ContactPolicy::default();
        let Some(fields) = self.object(value, "contact", &["action", "allow_family"]) else {
            return contact;
        };
        // Matched here rather than through enum_value, whose copy for one more enum costs the
        // WebAssembly build more than these lines.
        match fields.get("action").map(|v| (v, v.as_str())) {
            None => {}
            Some((_, Some("confirm"))) => contact.action = ContactAction::Confirm,
            Some((_, Some("block"))) => contact.action = ContactAction::Block,
            Some((v, _)) => self.problem(
                "contact.action",
                format!("expected one of confirm, block, found {}", show(v)),
            ),
        }
        if let Some(v) = fields.get("allow_family") {
            match v.as_bool() {
                Some(b) => contact.allow_family = b,
                None => self.problem(
                    "contact.allow_family",
                    format!("expected true or false, found {}", show(v)),
                ),
            }
        }
        contact
    }

    fn content(&mut self, value: &Value) -> ContentPolicy {
        let mut content = ContentPolicy::default();
        let Some(fields) = self.object(
            value,
            "content",
            &[
                "add_terms",
                "allow_terms",
                "categories",
                "high_action",
                "deep_check",
            ],
        ) else {
            return content;
        };
        if let Some(v) = fields.get("add_terms") {
            for (i, item) in self.array(v, "content.add_terms").iter().enumerate() {
                let path = format!("content.add_terms[{i}]");
                let Some(entry) = self.object(item, &path, &["term", "category", "severity"])
                else {
                    continue;
                };
                let term = match entry.get("term") {
                    Some(t) => self.string(t, &join(&path, "term")).map(str::to_lowercase),
                    None => {
                        self.problem(&path, "missing \"term\"");
                        None
                    }
                };
                let category = self
                    .enum_value::<ContentCategory>(entry.get("category"), &join(&path, "category"));
                let severity =
                    self.enum_value::<Severity>(entry.get("severity"), &join(&path, "severity"));
                if let (Some(term), Some(category), Some(severity)) = (term, category, severity) {
                    content.add_terms.push(CustomTerm {
                        term,
                        category,
                        severity,
                    });
                }
            }
        }
        if let Some(v) = fields.get("allow_terms") {
            for (i, item) in self.array(v, "content.allow_terms").iter().enumerate() {
                if let Some(t) = self.string(item, &format!("content.allow_terms[{i}]")) {
                    content.allow_terms.push(t.to_lowercase());
                }
            }
        }
        if let Some(v) = fields.get("high_action") {
            if let Some(action) = self.enum_value::<HighAction>(Some(v), "content.high_action") {
                content.high_action = action;
            }
        }
        match fields.get("deep_check") {
            None => {}
            Some(Value::String(s)) if s == "on" => {}
            Some(Value::Bool(on)) => content.deep_check = *on,
            Some(Value::String(s)) if s == "off" => content.deep_check = false,
            Some(v) => self.problem(
                "content.deep_check",
                format!("expected \"on\" or \"off\", found {}", show(v)),
            ),
        }
        if let Some(v) = fields.get("categories") {
            let Some(map) = v.as_object() else {
                self.problem(
                    "content.categories",
                    format!(
                        "expected an object of category → setting, found {}",
                        show(v)
                    ),
                );
                return content;
            };
            for (name, setting) in map {
                let path = join("content.categories", name);
                let category =
                    self.enum_value::<ContentCategory>(Some(&Value::String(name.clone())), &path);
                let setting = self.enum_value::<CategorySetting>(Some(setting), &path);
                if let (Some(category), Some(setting)) = (category, setting) {
                    content.categories.insert(category, setting);
                }
            }
        }
        content
    }

    /// A string naming one of an enum's values, with the accepted values in the error.
    fn enum_value<T: serde::de::DeserializeOwned + Serialize + AllValues>(
        &mut self,
        value: Option<&Value>,
        path: &str,
    ) -> Option<T> {
        let names = || -> Vec<String> {
            T::all()
                .iter()
                .filter_map(|v| {
                    serde_json::to_value(v)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                })
                .collect()
        };
        let Some(value) = value else {
            self.problem(
                path,
                format!("missing: expected one of {}", names().join(", ")),
            );
            return None;
        };
        if let Ok(v) = serde_json::from_value::<T>(value.clone()) {
            return Some(v);
        }
        let names = names();
        let hint = value
            .as_str()
            .and_then(|s| closest(s, names.iter().map(String::as_str)))
            .map(|c| format!(" (did you mean \"{c}\"?)"))
            .unwrap_or_default();
        self.problem(
            path,
            format!(
                "expected one of {}, found {}{hint}",
                names.join(", "),
                show(value)
            ),
        );
        None
    }

    /// An object whose keys must all be in `known`; reports each unknown key.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        known: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(map) = value.as_object() else {
            self.problem(path, format!("expected an object, found {}", show(value)));
            return None;
        };
        for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
            let hint = closest(key, known.iter().copied())
                .map(|k| format!(" (did you mean \"{k}\"?)"))
                .unwrap_or_else(|| format!(" (expected one of: {})", known.join(", ")));
            self.problem(&join(path, key), format!("unknown field{hint}"));
        }
        Some(map)
    }

    fn array<'v>(&mut self, value: &'v Value, path: &str) -> &'v [Value] {
        self.array_at_most(value, path, MAX_LIST_LEN)
    }

    /// A list of at most `max` entries.
    fn array_at_most<'v>(&mut self, value: &'v Value, path: &str, max: usize) -> &'v [Value] {
        match value.as_array() {
            Some(items) if items.len() > max => {
                self.problem(
                    path,
                    format!("has {} entries; at most {max} are allowed", items.len()),
                );
                &[]
            }
            Some(items) => items,
            None => {
                self.problem(path, format!("expected a list, found {}", show(value)));
                &[]
            }
        }
    }

    fn string<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v str> {
        match value.as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.trim()),
            Some(_) => {
                self.problem(path, "expected text, found an empty string");
                None
            }
            None => {
                self.problem(path, format!("expected text, found {}", show(value)));
                None
            }
        }
    }

    fn platform_id(&mut self, id: &str, path: &str) -> Option<String> {
        let id = id.trim().to_ascii_lowercase();
        if self.catalogue.get(&id).is_some() {
            return Some(id);
        }
        let hint = self
            .catalogue
            .closest_id(&id)
            .map(|c| format!(" (did you mean \"{c}\"?)"))
            .unwrap_or_else(|| " (see `safepost platforms` for the catalogue ids)".into());
        self.problem(path, format!("unknown platform \"{}\"{hint}", preview(&id)));
        None
    }

    fn approved(&mut self, value: &Value) -> Vec<String> {
        let mut ids = Vec::new();
        for (i, item) in self.array(value, "approved").iter().enumerate() {
            let path = format!("approved[{i}]");
            let Some(text) = self.string(item, &path) else {
                continue;
            };
            let Some(id) = self.platform_id(text, &path) else {
                continue;
            };
            // Kept sorted by insertion: a sort would add its own copy of the sort code to
            // the .wasm, for one short list.
            match ids.binary_search(&id) {
                Ok(_) => self.problem(&path, format!("\"{id}\" is listed twice")),
                Err(at) => ids.insert(at, id),
            }
        }
        ids
    }

    fn domain(&mut self, value: &Value, path: &str) -> Option<String> {
        let text = self.string(value, path)?;
        let domain = normalise_domain(text)
            .map_err(|e| self.problem(path, e))
            .ok()?;
        if public_suffix(&domain).is_some() {
            self.problem(
                path,
                format!("\"{domain}\" is a public suffix: it would cover every site under it"),
            );
            return None;
        }
        Some(domain)
    }

    fn domains(&mut self, value: &Value, path: &str) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut domains = Vec::new();
        for (i, item) in self.array(value, path).iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            if let Some(domain) = self.domain(item, &item_path) {
                if seen.insert(domain.clone()) {
                    domains.push(domain);
                } else {
                    self.problem(&item_path, format!("\"{domain}\" is listed twice"));
                }
            }
        }
        domains
    }

    /// UK phone numbers, kept as IT wrote them; each must read as exactly one number.
    fn phone_numbers(&mut self, value: &Value, path: &str) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut numbers = Vec::new();
        for (i, item) in self.array(value, path).iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            let Some(written) = self.string(item, &item_path) else {
                continue;
            };
            match crate::content::personal_data::uk_phone_number(written) {
                Some(national) if seen.insert(national.clone()) => {
                    numbers.push(written.trim().to_owned())
                }
                Some(_) => self.problem(&item_path, format!("\"{written}\" is listed twice")),
                None => self.problem(
                    &item_path,
                    format!(
                        "expected one UK phone number such as \"01632 960123\" or \"+44 20 7946 0958\", found \"{}\"",
                        crate::site::preview(written)
                    ),
                ),
            }
        }
        numbers
    }

    fn exceptions(&mut self, value: &Value) -> Vec<Exception> {
        let mut exceptions: Vec<Exception> = Vec::new();
        for (i, item) in self.array(value, "exceptions").iter().enumerate() {
            let path = format!("exceptions[{i}]");
            // A bare domain is accepted as shorthand for { "domain": … }.
            let (domain, note) = if item.is_string() {
                (self.domain(item, &path), String::new())
            } else {
                let Some(fields) = self.object(item, &path, &["domain", "note"]) else {
                    continue;
                };
                let domain = match fields.get("domain") {
                    Some(d) => self.domain(d, &join(&path, "domain")),
                    None => {
                        self.problem(&path, "missing \"domain\"");
                        None
                    }
                };
                let note = match fields.get("note") {
                    Some(n) => self
                        .string(n, &join(&path, "note"))
                        .unwrap_or_default()
                        .to_owned(),
                    None => String::new(),
                };
                (domain, note)
            };
            if let Some(domain) = domain {
                if exceptions.iter().any(|e| e.domain == domain) {
                    self.problem(&path, format!("\"{domain}\" is listed twice"));
                } else {
                    exceptions.push(Exception { domain, note });
                }
            }
        }
        exceptions
    }

    fn official_accounts(&mut self, value: &Value) -> BTreeMap<String, Vec<String>> {
        let mut register = BTreeMap::new();
        let Some(map) = value.as_object() else {
            self.problem(
                "official_accounts",
                format!(
                    "expected an object of platform id → accounts, found {}",
                    show(value)
                ),
            );
            return register;
        };
        for (platform, accounts) in map {
            let path = join("official_accounts", platform);
            let Some(id) = self.platform_id(platform, &path) else {
                continue;
            };
            let mut list = Vec::new();
            for (i, account) in self.array(accounts, &path).iter().enumerate() {
                if let Some(a) = self.string(account, &format!("{path}[{i}]")) {
                    list.push(a.to_owned());
                }
            }
            register.insert(id, list);
        }
        register
    }
}

/// Every value of a small enum, for error messages.
pub(crate) trait AllValues: Sized + 'static {
    fn all() -> &'static [Self];
}

impl AllValues for Severity {
    fn all() -> &'static [Self] {
        &[Severity::Low, Severity::Medium, Severity::High]
    }
}

impl AllValues for CategorySetting {
    fn all() -> &'static [Self] {
        &[
            CategorySetting::Off,
            CategorySetting::Low,
            CategorySetting::Medium,
            CategorySetting::High,
        ]
    }
}

impl AllValues for HighAction {
    fn all() -> &'static [Self] {
        &[HighAction::Confirm, HighAction::Block]
    }
}

impl AllValues for ContentCategory {
    fn all() -> &'static [Self] {
        ContentCategory::ALL
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A JSON value described for an error message.
fn show(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("\"{}\"", preview(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Policy, PolicyError> {
        Policy::from_json_str(json, &Policy::embedded_default(), Catalogue::embedded())
    }

    fn problems(json: &str) -> Vec<String> {
        read(json)
            .unwrap_err()
            .problems
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn embedded_default_is_policy_a2() {
        let p = Policy::embedded_default();
        assert_eq!(p.approved, ["facebook", "instagram", "twitter", "youtube"]);
        assert_eq!(p.unapproved_action, UnapprovedAction::Warn);
    }

    #[test]
    fn missing_keys_keep_the_default() {
        let p = read(r#"{"unapproved_action": "block"}"#).unwrap();
        assert_eq!(p.unapproved_action, UnapprovedAction::Block);
        assert_eq!(p.approved, Policy::embedded_default().approved);
        assert_eq!(read("{}").unwrap(), Policy::embedded_default());
    }

    #[test]
    fn it_policy_is_normalised() {
        let p = read(
            r#"{"approved": [" YouTube", "tiktok"],
                "exceptions": ["Learning.Academy.org.uk", {"domain": "vle.example.org", "note": "VLE"}],
                "official_accounts": {"twitter": ["@TrustNews"]},
                "organisation": {"name": "Oak Trust", "email_domains": ["oaktrust.org.uk"],
                                 "academies": [{"name": "Oak Academy", "email_domains": ["oak.kent.sch.uk"]}]}}"#,
        )
        .unwrap();
        assert_eq!(p.approved, ["tiktok", "youtube"]);
        assert_eq!(
            p.exceptions[0],
            Exception {
                domain: "learning.academy.org.uk".into(),
                note: String::new()
            }
        );
        assert_eq!(p.exceptions[1].note, "VLE");
        assert_eq!(p.official_accounts["twitter"], ["@TrustNews"]);
        assert_eq!(
            p.organisation.academies[0].email_domains,
            ["oak.kent.sch.uk"]
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let found = problems(
            r#"{"approved": ["facebook", "youtube", "tiktk", 7, "facebook"],
                "unapproved_action": "stop",
                "exceptions": [{"domian": "x.org"}, "co.uk"],
                "official_accounts": {"twiter": []},
                "organisation": {"academies": [{"email_domains": ["https://x.org"]}]},
                "aproved": []}"#,
        );
        assert_eq!(
            found,
            [
                r#"aproved: unknown field (did you mean "approved"?)"#,
                r#"approved[2]: unknown platform "tiktk" (did you mean "tiktok"?)"#,
                "approved[3]: expected text, found the number 7",
                r#"approved[4]: "facebook" is listed twice"#,
                r#"unapproved_action: expected "warn" or "block", found "stop""#,
                r#"exceptions[0].domian: unknown field (did you mean "domain"?)"#,
                r#"exceptions[0]: missing "domain""#,
                r#"exceptions[1]: "co.uk" is a public suffix: it would cover every site under it"#,
                r#"official_accounts.twiter: unknown platform "twiter" (did you mean "twitter"?)"#,
                r#"organisation.academies[0]: missing "name""#,
                "organisation.academies[0].email_domains[0]: expected a bare domain name such as \"example.org.uk\" (no scheme, path, port or wildcard), found \"https://x.org\"",
            ]
        );
    }

    #[test]
    fn malformed_documents_are_errors() {
        assert!(problems("{")
            .into_iter()
            .next()
            .unwrap()
            .starts_with("not valid JSON"));
        assert_eq!(problems("[]"), ["expected an object, found a list"]);
        assert_eq!(
            problems(r#"{"approved": "facebook"}"#),
            [r#"approved: expected a list, found "facebook""#]
        );
        let huge = format!(
            r#"{{"approved": [{}"facebook"]}}"#,
            "\"youtube\",".repeat(MAX_LIST_LEN)
        );
        assert!(problems(&huge)[0].contains("at most"));
    }

    #[test]
    fn high_action_is_confirm_unless_it_says_block() {
        assert_eq!(read("{}").unwrap().content.high_action, HighAction::Confirm);
        let p = read(r#"{"content": {"high_action": "block"}}"#).unwrap();
        assert_eq!(p.content.high_action, HighAction::Block);
        assert_eq!(
            problems(r#"{"content": {"high_action": "stop"}}"#),
            [r#"content.high_action: expected one of confirm, block, found "stop""#]
        );
    }

    #[test]
    fn round_trips_through_json() {
        let p = read(r#"{"exceptions": [{"domain": "vle.example.org", "note": "VLE"}]}"#).unwrap();
        assert_eq!(read(&p.to_json_pretty()).unwrap(), p);
    }
}
