//! What SafePost says about a site: approved, unapproved, an IT exception or not social,
//! with the clause and a message a busy member of staff can read at a glance.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Category, Platform};
use crate::policy::{Exception, UnapprovedAction};

/// Where a site stands under Policy A2 §5.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SiteStatus {
    /// A platform the policy approves.
    Approved,
    /// A social platform the policy does not approve: prohibited by §5.1.
    Unapproved,
    /// A social site IT allows all the same (e.g. the Learning Platform).
    Exception,
    /// Not a social platform SafePost knows.
    NotSocial,
}

/// What the extension does about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SiteAction {
    None,
    Warn,
    Block,
}

/// How the platform was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DetectedBy {
    /// The host is one of the platform's domains.
    Domain,
    /// The page runs the platform's software (a self-hosted federated server).
    PageSignals,
}

/// A platform named in a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PlatformRef {
    pub id: String,
    pub name: String,
    pub category: Category,
}

impl From<&Platform> for PlatformRef {
    fn from(p: &Platform) -> Self {
        PlatformRef {
            id: p.id.clone(),
            name: p.name.clone(),
            category: p.category,
        }
    }
}

/// The verdict on one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SiteVerdict {
    /// The URL as parsed; `None` for a verdict about a platform rather than a page.
    pub url: Option<String>,
    pub host: Option<String>,
    /// Registrable domain of the host.
    pub site: Option<String>,
    pub status: SiteStatus,
    pub platform: Option<PlatformRef>,
    /// The clause of Policy A2 behind the verdict, e.g. `"5.1"`.
    pub clause: Option<String>,
    pub action: SiteAction,
    /// Plain English, citing the clause.
    pub message: String,
    /// Display names of the approved platforms.
    pub approved: Vec<String>,
    pub detected_by: Option<DetectedBy>,
}

/// "A, B and C".
pub(crate) fn english_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(crate) fn approved_message(platform: &Platform) -> String {
    format!(
        "{} is an approved platform under Policy A2 §5.1. Keep posts professional (§5.5) and \
         contact pupils only through the academy's Learning Platform (§5.6).",
        platform.name
    )
}

pub(crate) fn unapproved_message(
    platform: &Platform,
    detected_by: DetectedBy,
    approved: &[String],
    action: UnapprovedAction,
) -> String {
    let what = match detected_by {
        DetectedBy::Domain => format!(
            "{} is not an approved social media platform.",
            platform.name
        ),
        DetectedBy::PageSignals => format!(
            "This site runs {}, a social media platform that is not approved.",
            platform.name
        ),
    };
    let rule = if approved.is_empty() {
        "Policy A2 §5.1: social media platforms not listed as approved are prohibited, and none is approved."
            .to_owned()
    } else {
        format!(
            "Policy A2 §5.1 approves only {}; platforms not listed are prohibited.",
            english_list(approved)
        )
    };
    let next = match action {
        UnapprovedAction::Warn => "If you need it for your work, ask your IT team.",
        UnapprovedAction::Block => {
            "Your Trust has blocked it; if you need it for your work, ask your IT team."
        }
    };
    format!("{what} {rule} {next}")
}

pub(crate) fn exception_message(host: &str, exception: &Exception) -> String {
    let mut message =
        format!("{host} is allowed by your Trust's IT team as an exception to Policy A2 §5.1");
    if exception.note.is_empty() {
        message.push('.');
    } else {
        message.push_str(&format!(": {}.", exception.note.trim_end_matches('.')));
    }
    message
}

pub(crate) const NOT_SOCIAL_MESSAGE: &str =
    "This site is not a social media platform that SafePost knows.";

#[cfg(test)]
mod tests {
    use super::english_list;

    #[test]
    fn lists_read_as_english() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(english_list(&names(&[])), "");
        assert_eq!(english_list(&names(&["YouTube"])), "YouTube");
        assert_eq!(english_list(&names(&["A", "B", "C"])), "A, B and C");
    }
}
