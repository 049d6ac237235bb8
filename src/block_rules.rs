//! Block mode: `declarativeNetRequest` rules generated from the policy, so the browser
//! itself stops navigation to unapproved platforms (§5.1) before any page loads.

use serde::Serialize;

use crate::{Engine, UnapprovedAction};

/// Priority of the rules that let approved platforms and IT exceptions through; above
/// the redirect rules, so a nested approved domain or an exception always wins.
const ALLOW_PRIORITY: u32 = 2;
const BLOCK_PRIORITY: u32 = 1;

/// One `chrome.declarativeNetRequest.Rule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Rule {
    pub id: u32,
    pub priority: u32,
    pub action: RuleAction,
    pub condition: RuleCondition,
}

/// `allow`, or `redirect` to the extension's block page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RuleAction {
    Allow,
    Redirect { redirect: Redirect },
}

/// Where a blocked navigation goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Redirect {
    pub extension_path: String,
}

/// Which requests a rule applies to: top-level navigations to these domains or their
/// subdomains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RuleCondition {
    pub request_domains: Vec<String>,
    pub resource_types: Vec<String>,
}

/// The block page; the platform id follows in the fragment.
pub const BLOCK_PAGE: &str = "/blocked.html";

impl Engine {
    /// The rules for the policy: none in warn mode; otherwise one redirect rule per
    /// unapproved platform, and one allow rule for approved and exception domains.
    pub fn block_rules(&self) -> Vec<Rule> {
        if self.policy().unapproved_action == UnapprovedAction::Warn {
            return Vec::new();
        }
        let main_frame = || vec!["main_frame".to_owned()];
        let mut rules = Vec::new();
        let mut allowed: Vec<String> = self
            .policy()
            .exceptions
            .iter()
            .map(|e| e.domain.clone())
            .collect();
        for platform in self.catalogue().platforms() {
            if self.is_approved(&platform.id) {
                allowed.extend(platform.domains.iter().cloned());
                continue;
            }
            rules.push(Rule {
                id: rules.len() as u32 + 1,
                priority: BLOCK_PRIORITY,
                action: RuleAction::Redirect {
                    redirect: Redirect {
                        extension_path: format!("{BLOCK_PAGE}#{}", platform.id),
                    },
                },
                condition: RuleCondition {
                    request_domains: platform.domains.clone(),
                    resource_types: main_frame(),
                },
            });
        }
        if !allowed.is_empty() {
            rules.push(Rule {
                id: rules.len() as u32 + 1,
                priority: ALLOW_PRIORITY,
                action: RuleAction::Allow,
                condition: RuleCondition {
                    request_domains: allowed,
                    resource_types: main_frame(),
                },
            });
        }
        rules
    }
}

#[cfg(test)]
mod tests {
    use crate::Engine;

    #[test]
    fn warn_mode_has_no_rules() {
        assert!(Engine::with_default_policy().block_rules().is_empty());
    }

    #[test]
    fn block_mode_redirects_every_unapproved_platform() {
        let engine = Engine::from_policy_json(
            r#"{"unapproved_action": "block", "exceptions": ["learning.example.org.uk"]}"#,
        )
        .unwrap();
        let rules = engine.block_rules();
        let json = serde_json::to_value(&rules).unwrap();
        let unapproved = engine.catalogue().platforms().len() - engine.policy().approved.len();
        assert_eq!(rules.len(), unapproved + 1);
        let tiktok = json
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["action"]["redirect"]["extensionPath"] == "/blocked.html#tiktok")
            .unwrap();
        assert_eq!(
            tiktok["condition"]["resourceTypes"],
            serde_json::json!(["main_frame"])
        );
        assert!(tiktok["condition"]["requestDomains"]
            .as_array()
            .unwrap()
            .contains(&"tiktok.com".into()));
        let allow = json.as_array().unwrap().last().unwrap();
        assert_eq!(allow["action"], serde_json::json!({"type": "allow"}));
        assert_eq!(allow["priority"], 2);
        let allowed = allow["condition"]["requestDomains"].as_array().unwrap();
        assert!(
            allowed.contains(&"learning.example.org.uk".into())
                && allowed.contains(&"facebook.com".into())
        );
        // Ids are unique and start at 1, as Chrome requires.
        let ids: Vec<u64> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, (1..=rules.len() as u64).collect::<Vec<_>>());
    }
}
