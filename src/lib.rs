//! SafePost enforces a school Trust's staff social-media policy (Policy A2) in the
//! browser, before anything is posted.
//!
//! The [`Engine`] is built once from a [`Policy`] (IT's, or the embedded default) and the
//! platform [`Catalogue`], then answers questions about sites:
//!
//! ```
//! use safepost::{Engine, SiteStatus};
//!
//! let engine = Engine::with_default_policy();
//! let verdict = engine.check_url("https://www.tiktok.com/@someone").unwrap();
//! assert_eq!(verdict.status, SiteStatus::Unapproved);
//! assert_eq!(verdict.clause.as_deref(), Some("5.1"));
//! assert!(verdict.message.contains("TikTok is not an approved"));
//!
//! let verdict = engine.check_url("https://m.facebook.com/").unwrap();
//! assert_eq!(verdict.status, SiteStatus::Approved);
//! ```
//!
//! The engine is pure Rust; `src/wasm/` is the only code that knows about JavaScript.
//! See ARCHITECTURE.md for how the pieces fit.

pub mod block_rules;
pub mod catalogue;
pub mod contact;
pub mod content;
mod idn;
pub mod policy;
pub mod public_suffix;
pub mod site;
pub mod verdict;

#[cfg(target_arch = "wasm32")]
pub mod js_convert;
#[cfg(test)]
mod ts_types;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub mod wasm;

pub use catalogue::{Catalogue, Category, PageMeta, PageSignals, Platform};
pub use contact::{Evidence, EvidenceSource, Person, PersonVerdict, Relation};
pub use content::{
    AccountKind, CheckContext, CheckResult, ContentCategory, Finding, Severity, Surface,
};
pub use policy::{
    ContactAction, ContactPolicy, Policy, PolicyError, PolicyProblem, UnapprovedAction,
};
pub use site::{SiteAddress, UrlError};
pub use verdict::{DetectedBy, PlatformRef, SiteAction, SiteStatus, SiteVerdict};

use std::sync::{Arc, OnceLock};

use content::rules::{ContentRules, MatchMode, Term};
use policy::ContentPolicy;
use site::host_is_under;
use verdict::{approved_message, exception_message, unapproved_message, NOT_SOCIAL_MESSAGE};

/// The clause that approves and prohibits platforms.
const CLAUSE_PLATFORMS: &str = "5.1";

/// Checks sites and drafts against one policy.
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
    catalogue: &'static Catalogue,
    /// Display names of the approved platforms, in the policy's order.
    approved_names: Vec<String>,
    /// The lexicon and context rules, with IT's additions: built by the first content
    /// check, so an engine woken only for page verdicts does not build them.
    content: OnceLock<Arc<ContentRules>>,
    /// The roster's index and the profile reader: built by the first person checked.
    contact: OnceLock<Arc<contact::ContactChecker>>,
}

impl Engine {
    /// An engine for a policy already validated against the embedded catalogue.
    pub fn new(policy: Policy) -> Engine {
        let catalogue = Catalogue::embedded();
        let approved_names = policy
            .approved
            .iter()
            .filter_map(|id| catalogue.get(id))
            .map(|p| p.name.clone())
            .collect();
        Engine {
            policy,
            catalogue,
            approved_names,
            content: OnceLock::new(),
            contact: OnceLock::new(),
        }
    }

    /// Whether `person` is a pupil, a former pupil under 18 or a parent (§5.3, §5.6), from
    /// the roster and from what their profile says, for contact from an `account` of this
    /// kind on `today` (former pupils stop counting on their 18th birthday).
    pub fn check_person(
        &self,
        person: &Person,
        account: AccountKind,
        today: time::Date,
    ) -> PersonVerdict {
        self.contact
            .get_or_init(|| {
                let academies = self.policy.organisation.academies.iter();
                // The policy was validated, so its roster reads.
                let checker = contact::ContactChecker::new(
                    self.policy.roster.as_ref(),
                    academies.map(|a| a.name.as_str()),
                )
                .unwrap_or_else(|_| {
                    contact::ContactChecker::new(None, std::iter::empty()).expect("no roster")
                });
                Arc::new(checker)
            })
            .check(person, account, today)
    }

    /// Every policy problem in a draft post (§5.5, §5.6, §6.1), with exact spans.
    pub fn check_text(&self, text: &str, context: &CheckContext) -> CheckResult {
        self.check_parts(text, context).into_result()
    }

    /// [`Engine::check_text`] with the findings' strings left unmade, for callers that
    /// send them on in pieces (the WebAssembly bindings).
    pub fn check_parts<'a>(
        &'a self,
        text: &'a str,
        context: &CheckContext,
    ) -> content::check::Checked<'a> {
        let rules = self
            .content
            .get_or_init(|| content_rules(&self.policy.content));
        content::check::check_parts(rules, &self.policy, text, context)
    }

    /// An engine for the Trust's Policy A2 as shipped.
    pub fn with_default_policy() -> Engine {
        Engine::new(Policy::embedded_default())
    }

    /// An engine for an IT policy in JSON; keys it leaves out keep the default's value.
    pub fn from_policy_json(json: &str) -> Result<Engine, PolicyError> {
        Policy::from_json_str(json, &Policy::embedded_default(), Catalogue::embedded())
            .map(Engine::new)
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The platform catalogue.
    pub fn catalogue(&self) -> &'static Catalogue {
        self.catalogue
    }

    /// The verdict on a URL, from its host alone.
    pub fn check_url(&self, url: &str) -> Result<SiteVerdict, UrlError> {
        self.check_page(url, &PageSignals::default())
    }

    /// The verdict on a page, from its host and, failing that, the signals of self-hosted
    /// social software (Mastodon, Discourse…) that the page shows.
    pub fn check_page(&self, url: &str, signals: &PageSignals) -> Result<SiteVerdict, UrlError> {
        let address = SiteAddress::parse(url)?;
        let mut verdict = self.verdict_without_address();
        if let Some(host) = address.host.as_deref() {
            if let Some(exception) = self
                .policy
                .exceptions
                .iter()
                .find(|e| host_is_under(host, &e.domain))
            {
                verdict.status = SiteStatus::Exception;
                verdict.platform = self
                    .catalogue
                    .platform_for_host(host)
                    .map(|m| m.platform.into());
                verdict.clause = Some(CLAUSE_PLATFORMS.into());
                verdict.message = exception_message(host, exception);
            } else if let Some(found) = self.catalogue.platform_for_host(host) {
                self.judge_platform(&mut verdict, found.platform, DetectedBy::Domain);
            }
        }
        // Software signals only matter for hosts the catalogue does not know already.
        if verdict.status == SiteStatus::NotSocial && address.host.is_some() {
            if let Some(platform) = self.catalogue.platform_for_signals(signals) {
                self.judge_platform(&mut verdict, platform, DetectedBy::PageSignals);
            }
        }
        verdict.url = Some(address.url);
        verdict.host = address.host;
        verdict.site = address.site;
        Ok(verdict)
    }

    /// The verdict on a catalogue platform as such (used by the block page).
    pub fn platform_verdict(&self, platform_id: &str) -> Option<SiteVerdict> {
        let platform = self.catalogue.get(platform_id)?;
        let mut verdict = self.verdict_without_address();
        self.judge_platform(&mut verdict, platform, DetectedBy::Domain);
        Some(verdict)
    }

    /// Whether the policy approves this platform.
    pub fn is_approved(&self, platform_id: &str) -> bool {
        self.policy.approved.iter().any(|id| id == platform_id)
    }

    fn verdict_without_address(&self) -> SiteVerdict {
        SiteVerdict {
            url: None,
            host: None,
            site: None,
            status: SiteStatus::NotSocial,
            platform: None,
            clause: None,
            action: SiteAction::None,
            message: NOT_SOCIAL_MESSAGE.into(),
            approved: self.approved_names.clone(),
            detected_by: None,
        }
    }

    fn judge_platform(
        &self,
        verdict: &mut SiteVerdict,
        platform: &Platform,
        detected_by: DetectedBy,
    ) {
        verdict.platform = Some(platform.into());
        verdict.clause = Some(CLAUSE_PLATFORMS.into());
        verdict.detected_by = Some(detected_by);
        if self.is_approved(&platform.id) {
            verdict.status = SiteStatus::Approved;
            verdict.action = SiteAction::None;
            verdict.message = approved_message(platform);
        } else {
            let action = self.policy.unapproved_action;
            verdict.status = SiteStatus::Unapproved;
            verdict.action = match action {
                UnapprovedAction::Warn => SiteAction::Warn,
                UnapprovedAction::Block => SiteAction::Block,
            };
            verdict.message =
                unapproved_message(platform, detected_by, &self.approved_names, action);
        }
    }
}

/// The compiled content rules for a policy: shared when IT adds nothing of its own.
fn content_rules(content: &ContentPolicy) -> Arc<ContentRules> {
    static EMBEDDED: OnceLock<Arc<ContentRules>> = OnceLock::new();
    let embedded = || {
        EMBEDDED
            .get_or_init(|| {
                // The data files are checked by tests, so this cannot fail in a tested build.
                Arc::new(ContentRules::new(&[], &[]).expect("embedded content rules compile"))
            })
            .clone()
    };
    if content.add_terms.is_empty() && content.allow_terms.is_empty() {
        return embedded();
    }
    let extra: Vec<Term> = content
        .add_terms
        .iter()
        .map(|t| Term {
            term: t.term.clone(),
            category: t.category,
            severity: t.severity,
            mode: MatchMode::Word,
            lowered_by: None,
        })
        .collect();
    // IT's entries were validated with the policy; should compiling still fail, the
    // embedded rules apply rather than none.
    ContentRules::new(&extra, &content.allow_terms)
        .map(Arc::new)
        .unwrap_or_else(|_| embedded())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceptions_win_over_the_catalogue() {
        let engine = Engine::from_policy_json(
            r#"{"exceptions": [{"domain": "discord.com", "note": "Esports club server approved by the Head of ICT"}]}"#,
        )
        .unwrap();
        let v = engine.check_url("https://discord.com/channels/1").unwrap();
        assert_eq!(v.status, SiteStatus::Exception);
        assert_eq!(v.action, SiteAction::None);
        assert!(
            v.message
                .ends_with("Esports club server approved by the Head of ICT."),
            "{}",
            v.message
        );
    }

    #[test]
    fn a_safety_warning_is_a_reminder_unless_it_raises_the_category() {
        let warning = "Please be aware of the blackout challenge; talk to your children.";
        let lowered = Engine::with_default_policy().check_text(warning, &CheckContext::default());
        let finding = &lowered.findings[0];
        assert_eq!(finding.severity, Severity::Low);
        assert!(finding
            .message
            .ends_with("without explaining how it is done."));
        let raised =
            Engine::from_policy_json(r#"{"content": {"categories": {"safeguarding": "high"}}}"#)
                .unwrap()
                .check_text(warning, &CheckContext::default());
        assert_eq!(raised.findings[0].severity, Severity::High);
        assert!(!raised.findings[0].message.contains("safety warning"));
    }

    #[test]
    fn the_trusts_own_contact_details_are_official_not_personal() {
        let engine = Engine::from_policy_json(
            r#"{"organisation": {"name": "Oak Trust", "email_domains": ["oaktrust.org.uk"],
                "academies": [{"name": "Oak Academy", "email_domains": ["oak.kent.sch.uk"],
                               "phone_numbers": ["+44 1632 960123"]}]}}"#,
        )
        .unwrap();
        let draft =
            "Call the office on 01632 960123 or email office@oak.kent.sch.uk; Sam is on 01632 960999.";
        let found = |account| {
            let context = CheckContext {
                account,
                ..CheckContext::default()
            };
            engine
                .check_text(draft, &context)
                .findings
                .into_iter()
                .map(|f| (f.matched, f.category, f.rule))
                .collect::<Vec<_>>()
        };
        let other = (
            "01632 960999".to_owned(),
            ContentCategory::PersonalData,
            "personal-data:phone_number".to_owned(),
        );
        assert_eq!(found(AccountKind::Official), std::slice::from_ref(&other));
        assert_eq!(found(AccountKind::Unknown), std::slice::from_ref(&other));
        assert_eq!(
            found(AccountKind::Personal),
            [
                (
                    "01632 960123".to_owned(),
                    ContentCategory::OfficialContact,
                    "official-contact/phone".to_owned()
                ),
                (
                    "office@oak.kent.sch.uk".to_owned(),
                    ContentCategory::OfficialContact,
                    "official-contact/email".to_owned()
                ),
                other
            ]
        );
    }

    #[test]
    fn a_phone_number_that_is_not_one_is_a_policy_error_naming_it() {
        let error = Engine::from_policy_json(
            r#"{"organisation": {"academies": [{"name": "Oak", "phone_numbers": ["ring the office"]}]}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("organisation.academies[0].phone_numbers[0]")
                && error.contains("ring the office"),
            "{error}"
        );
    }

    #[test]
    fn the_model_never_calls_a_number_insulting() {
        let engine = Engine::with_default_policy();
        let result = engine.check_text(
            "what a pathetic loser 2222222222222222222222222222222222222222 lol",
            &CheckContext::default(),
        );
        assert!(!result.findings.is_empty());
        for f in &result.findings {
            assert!(f.matched.chars().any(char::is_alphabetic), "{f:?}");
        }
    }

    #[test]
    fn block_mode_says_so() {
        let engine = Engine::from_policy_json(r#"{"unapproved_action": "block"}"#).unwrap();
        let v = engine.check_url("tiktok.com").unwrap();
        assert_eq!(v.action, SiteAction::Block);
        assert!(v.message.contains("blocked"));
    }

    #[test]
    fn self_hosted_software_is_flagged_only_off_catalogue() {
        let engine = Engine::with_default_policy();
        let signals = PageSignals {
            meta: vec![PageMeta {
                name: "og:site_name".into(),
                value: "Mastodon hosted on social.example-school.org".into(),
            }],
            paths: vec![],
        };
        let v = engine
            .check_page("https://social.example-school.org/", &signals)
            .unwrap();
        assert_eq!(v.status, SiteStatus::Unapproved);
        assert_eq!(v.detected_by, Some(DetectedBy::PageSignals));
        assert!(v.message.starts_with("This site runs Mastodon"));
        // A page on an approved platform keeps its own verdict whatever it embeds.
        let v = engine
            .check_page("https://www.youtube.com/", &signals)
            .unwrap();
        assert_eq!(v.status, SiteStatus::Approved);
        // No host, no verdict from signals.
        assert_eq!(
            engine.check_page("about:blank", &signals).unwrap().status,
            SiteStatus::NotSocial
        );
    }

    #[test]
    fn platform_verdicts_for_the_block_page() {
        let engine = Engine::with_default_policy();
        let v = engine.platform_verdict("tiktok").unwrap();
        assert_eq!((v.status, v.url), (SiteStatus::Unapproved, None));
        assert!(engine.platform_verdict("no-such-platform").is_none());
    }
}
