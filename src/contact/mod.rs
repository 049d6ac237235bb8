//! Contact with pupils and parents from personal accounts (§5.3, §5.6).
//!
//! [`Engine::check_person`](crate::Engine::check_person) says whether a person a member of
//! staff is about to befriend, follow or message is a pupil, a former pupil under 18 or a
//! parent, from two sources on the device: the Trust's [roster] (keyed hashes of name
//! forms, from IT) and what the person's own [profile] says. Only exact matches of
//! normalised name forms count ([name]); nothing is guessed, and nothing leaves the device.

pub mod date;
pub mod name;
pub mod profile;
pub mod roster;
#[cfg(feature = "cli")]
pub mod roster_build;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::content::{AccountKind, Severity};
use profile::{ProfileReader, ProfileSignal};
use roster::{Roster, RosterRole, RosterValue};

/// Someone on a social platform, as the page shows them. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Person {
    /// The display name ("Chloe Smith").
    #[serde(default)]
    pub name: Option<String>,
    /// The handle or profile address (`@chloe.smith_2011`, `facebook.com/chloe.smith.7`).
    #[serde(default)]
    pub handle: Option<String>,
    /// The profile's bio or intro.
    #[serde(default)]
    pub bio: Option<String>,
}

/// Who the person is to the member of staff, as far as SafePost can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// A pupil at one of the Trust's academies.
    Pupil,
    /// A former pupil who is still under 18.
    FormerPupil,
    /// A parent (or carer) of a pupil at one of the Trust's academies.
    Parent,
    /// A pupil, by their own profile, at a school SafePost cannot place.
    PupilElsewhere,
    /// None of these.
    None,
}

/// Where a piece of evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSource {
    /// The Trust's roster: the name matched an entry exactly.
    Roster,
    /// The person's own profile text.
    Profile,
}

/// Why SafePost thinks what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Evidence {
    pub source: EvidenceSource,
    /// Plain English: what matched.
    pub says: String,
    /// For profile evidence: the words of the bio that said it, and their byte span.
    pub quote: Option<String>,
    pub start: Option<usize>,
    pub end: Option<usize>,
}

/// The answer about one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PersonVerdict {
    pub relation: Relation,
    /// Whether the member of staff should be warned before contact from this account.
    pub warn: bool,
    /// The clause of Policy A2, e.g. `"5.6"`; none when the person is no one of note.
    pub clause: Option<String>,
    /// `high` for a roster match, `medium` for what a profile says; none when not warned.
    pub severity: Option<Severity>,
    /// Plain English: who matched, why it matters, and the clause.
    pub message: String,
    pub evidence: Vec<Evidence>,
}

/// What SafePost needs to judge a person: the roster (if IT gave one) and a profile
/// reader for the policy's academies. [`Engine::check_person`](crate::Engine::check_person)
/// makes one from its policy; the contact module's WebAssembly build makes one from the
/// parts of a policy it is given.
#[derive(Debug)]
pub struct ContactChecker {
    roster: Option<Roster>,
    profiles: ProfileReader,
}

impl ContactChecker {
    /// A checker for a roster (validated, as a policy's is) and the names of the Trust's
    /// academies (the policy's and the roster's).
    pub fn new<'a>(
        roster: Option<&'a RosterValue>,
        academy_names: impl IntoIterator<Item = &'a str>,
    ) -> Result<ContactChecker, Vec<(String, String)>> {
        let roster_names = roster
            .iter()
            .flat_map(|r| r.academies.iter().map(|a| a.name.as_str()));
        let profiles = ProfileReader::new(academy_names.into_iter().chain(roster_names));
        let roster = roster.map(Roster::from_value).transpose()?;
        Ok(ContactChecker { roster, profiles })
    }

    /// The verdict on a person, for contact from an `account` of this kind on `today`.
    pub fn check(&self, person: &Person, account: AccountKind, today: Date) -> PersonVerdict {
        let shown = display_of(person);
        if let Some(roster) = &self.roster {
            let forms = person_forms(person);
            let best = forms
                .iter()
                .flat_map(|form| roster.lookup(form, today))
                .min_by_key(|m| m.role);
            if let Some(found) = best {
                let relation = match found.role {
                    RosterRole::Pupil => Relation::Pupil,
                    RosterRole::FormerPupil => Relation::FormerPupil,
                    RosterRole::Parent => Relation::Parent,
                };
                let evidence = Evidence {
                    source: EvidenceSource::Roster,
                    says: format!(
                        "{shown} matches {} at {} on the Trust's roster",
                        found.role.describe(),
                        found.academy
                    ),
                    quote: None,
                    start: None,
                    end: None,
                };
                return verdict(
                    relation,
                    Severity::High,
                    account,
                    &shown,
                    Some(found.academy),
                    evidence,
                );
            }
        }
        if let Some(bio) = person.bio.as_deref() {
            if let Some(reading) = self.profiles.read(bio, today.year()) {
                let quote = bio[reading.start..reading.end].to_owned();
                let (relation, academy) = match &reading.signal {
                    ProfileSignal::Pupil { academy: Some(a) } => {
                        (Relation::Pupil, Some(a.as_str()))
                    }
                    ProfileSignal::Pupil { academy: None } => (Relation::PupilElsewhere, None),
                    ProfileSignal::Parent { academy } => (Relation::Parent, Some(academy.as_str())),
                };
                let evidence = Evidence {
                    source: EvidenceSource::Profile,
                    says: format!("this profile says “{}”", crate::site::preview(&quote)),
                    start: Some(reading.start),
                    end: Some(reading.end),
                    quote: Some(quote),
                };
                return verdict(
                    relation,
                    Severity::Medium,
                    account,
                    &shown,
                    academy,
                    evidence,
                );
            }
        }
        PersonVerdict {
            relation: Relation::None,
            warn: false,
            clause: None,
            severity: None,
            message: if self.roster.is_some() {
                format!("{shown} is not on the Trust's roster, and their profile does not say they are a pupil or a parent.")
            } else {
                format!("{shown}'s profile does not say they are a pupil or a parent (IT has not given SafePost a roster).")
            },
            evidence: Vec::new(),
        }
    }
}

/// Every name form a person may be recorded under: their display name's and their handle's.
pub fn person_forms(person: &Person) -> Vec<String> {
    let mut forms = person
        .name
        .as_deref()
        .map(name::display_name_forms)
        .unwrap_or_default();
    for form in person
        .handle
        .as_deref()
        .map(name::handle_forms)
        .unwrap_or_default()
    {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// How the person is named in messages: their display name, else their handle.
fn display_of(person: &Person) -> String {
    let name = person
        .name
        .as_deref()
        .or(person.handle.as_deref())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("This person");
    crate::site::preview(name).into_owned()
}

fn verdict(
    relation: Relation,
    severity: Severity,
    account: AccountKind,
    shown: &str,
    academy: Option<&str>,
    evidence: Evidence,
) -> PersonVerdict {
    let why = match (evidence.source, relation) {
        (EvidenceSource::Roster, _) => format!("{}.", evidence.says),
        (EvidenceSource::Profile, Relation::Parent) => format!(
            "{shown} may be a parent at {}: {}.",
            academy.unwrap_or("an academy"),
            evidence.says
        ),
        (EvidenceSource::Profile, _) => format!("{shown} may be a pupil: {}.", evidence.says),
    };
    // §5.3 asks for parents to be contacted through the official accounts: from one, it is
    // what the policy wants. Pupils are contacted only through the Learning Platform (§5.6),
    // from any account.
    let official = account == AccountKind::Official;
    let (clause, rule) = match relation {
        Relation::Pupil | Relation::PupilElsewhere if official => ("5.6", "Policy A2 §5.6: staff communicate with pupils only through the academy's Learning Platform, not social media."),
        Relation::Pupil => ("5.6", "Policy A2 §5.6: staff must not have contact with pupils through a personal social media account, and §5.3: must not accept or invite their friend requests. Use the academy's Learning Platform."),
        Relation::PupilElsewhere => ("5.6", "Policy A2 §5.6: staff must not have contact through personal social media with any pupil, whether from an academy or any other school, unless they are family."),
        Relation::FormerPupil => ("5.3", "Policy A2 §5.3: staff must not accept or invite friend requests from ex-pupils under 18, and §5.6: must not start contact with former students."),
        Relation::Parent if official => ("5.3", "Contact with parents from the academy's or Trust's official account is what Policy A2 §5.3 asks for."),
        Relation::Parent => ("5.3", "Policy A2 §5.3: staff must not accept or invite friend requests from parents on a personal account; talk to parents on social media only through the academy's or Trust's official accounts."),
        Relation::None => unreachable!("verdict() is made only for a match"),
    };
    let warn = !(official && relation == Relation::Parent);
    PersonVerdict {
        relation,
        warn,
        clause: Some(clause.to_owned()),
        severity: warn.then_some(severity),
        message: format!("{why} {rule}"),
        evidence: vec![evidence],
    }
}
