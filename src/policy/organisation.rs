//! The Trust and its academies in the policy (`organisation`): names, email domains and published
//! phone numbers, which tell official contact details from personal ones (§5.6), and each
//! academy's Designated Safeguarding Lead, to whom concerns are reported (§6.2).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{join, Reader};

/// An academy of the Trust.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Academy {
    pub name: String,
    pub email_domains: Vec<String>,
    /// Published phone numbers (the school office): not personal data on official
    /// accounts; official contact details on personal ones (§5.6).
    #[serde(default)]
    pub phone_numbers: Vec<String>,
    /// Whom staff report a safeguarding concern to (§6.2), named in a recorded concern's report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safeguarding_lead: Option<SafeguardingLead>,
}

/// An academy's Designated Safeguarding Lead (§6.2: concerns "must be reported to the Academy
/// Designated Safeguarding Lead").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SafeguardingLead {
    pub name: String,
    pub email: String,
    /// As published, such as "01632 960123"; empty when not given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
}

/// The Trust itself: its name, email domains, phone numbers and academies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Organisation {
    pub name: String,
    pub email_domains: Vec<String>,
    /// Published phone numbers, as for [`Academy::phone_numbers`].
    #[serde(default)]
    pub phone_numbers: Vec<String>,
    pub academies: Vec<Academy>,
}

impl Organisation {
    /// Email domains of the Trust and of every academy.
    pub fn all_email_domains(&self) -> impl Iterator<Item = &str> {
        self.email_domains
            .iter()
            .chain(self.academies.iter().flat_map(|a| &a.email_domains))
            .map(String::as_str)
    }

    /// Whether `national` (a phone number in its national form, see
    /// [`uk_phone_number`](crate::content::personal_data::uk_phone_number)) is one the
    /// Trust or an academy publishes.
    pub fn publishes_phone_number(&self, national: &str) -> bool {
        self.phone_numbers
            .iter()
            .chain(self.academies.iter().flat_map(|a| &a.phone_numbers))
            .any(|listed| {
                crate::content::personal_data::uk_phone_number(listed).as_deref() == Some(national)
            })
    }
}

impl Reader<'_> {
    pub(super) fn organisation(&mut self, value: &Value, base: &Organisation) -> Organisation {
        let mut organisation = base.clone();
        let path = "organisation";
        let Some(fields) = self.object(
            value,
            path,
            &["name", "email_domains", "phone_numbers", "academies"],
        ) else {
            return organisation;
        };
        if let Some(v) = fields.get("name") {
            if let Some(name) = self.string(v, "organisation.name") {
                organisation.name = name.to_owned();
            }
        }
        if let Some(v) = fields.get("email_domains") {
            organisation.email_domains = self.domains(v, "organisation.email_domains");
        }
        if let Some(v) = fields.get("phone_numbers") {
            organisation.phone_numbers = self.phone_numbers(v, "organisation.phone_numbers");
        }
        if let Some(v) = fields.get("academies") {
            organisation.academies = Vec::new();
            for (i, item) in self.array(v, "organisation.academies").iter().enumerate() {
                let path = format!("organisation.academies[{i}]");
                let Some(fields) = self.object(
                    item,
                    &path,
                    &[
                        "name",
                        "email_domains",
                        "phone_numbers",
                        "safeguarding_lead",
                    ],
                ) else {
                    continue;
                };
                let name = match fields.get("name") {
                    Some(n) => self
                        .string(n, &join(&path, "name"))
                        .unwrap_or_default()
                        .to_owned(),
                    None => {
                        self.problem(&path, "missing \"name\"");
                        String::new()
                    }
                };
                let email_domains = match fields.get("email_domains") {
                    Some(d) => self.domains(d, &join(&path, "email_domains")),
                    None => Vec::new(),
                };
                let phone_numbers = match fields.get("phone_numbers") {
                    Some(p) => self.phone_numbers(p, &join(&path, "phone_numbers")),
                    None => Vec::new(),
                };
                let safeguarding_lead = fields
                    .get("safeguarding_lead")
                    .and_then(|v| self.safeguarding_lead(v, &join(&path, "safeguarding_lead")));
                organisation.academies.push(Academy {
                    name,
                    email_domains,
                    phone_numbers,
                    safeguarding_lead,
                });
            }
        }
        organisation
    }

    /// `{name, email, phone}`: a name and an email address are needed to report to them.
    fn safeguarding_lead(&mut self, value: &Value, path: &str) -> Option<SafeguardingLead> {
        let fields = self.object(value, path, &["name", "email", "phone"])?;
        let mut text = |key: &str, needed: bool| -> Option<String> {
            match fields.get(key) {
                Some(v) => self.string(v, &join(path, key)).map(str::to_owned),
                None if needed => {
                    self.problem(path, format!("missing \"{key}\""));
                    None
                }
                None => Some(String::new()),
            }
        };
        let (name, email, phone) = (
            text("name", true),
            text("email", true),
            text("phone", false),
        );
        let email = email.filter(|e| {
            let ok = e.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty()
                    && domain.contains('.')
                    && !domain.contains('@')
                    && !e.contains(char::is_whitespace)
            });
            if !ok {
                self.problem(
                    &join(path, "email"),
                    format!("expected an email address, found \"{e}\""),
                );
            }
            ok
        });
        Some(SafeguardingLead {
            name: name?,
            email: email?,
            phone: phone?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::Catalogue;
    use crate::policy::{Policy, SafeguardingLead};

    fn read(lead: &str) -> Result<Policy, Vec<String>> {
        let json = format!(
            r#"{{"organisation": {{"name": "Oak Trust", "email_domains": [], "academies": [
                {{"name": "Oak Academy", "email_domains": ["oak.example.org"], "safeguarding_lead": {lead}}}]}}}}"#
        );
        Policy::from_json_str(&json, &Policy::embedded_default(), Catalogue::embedded())
            .map_err(|e| e.problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn an_academy_names_its_safeguarding_lead() {
        let policy = read(
            r#"{"name": "Ms A. Patel", "email": "dsl@oak.example.org", "phone": "01632 960123"}"#,
        )
        .unwrap();
        assert_eq!(
            policy.organisation.academies[0].safeguarding_lead,
            Some(SafeguardingLead {
                name: "Ms A. Patel".into(),
                email: "dsl@oak.example.org".into(),
                phone: "01632 960123".into(),
            })
        );
        let without_phone =
            read(r#"{"name": "Ms A. Patel", "email": "dsl@oak.example.org"}"#).unwrap();
        assert_eq!(
            without_phone.organisation.academies[0]
                .safeguarding_lead
                .as_ref()
                .unwrap()
                .phone,
            ""
        );
    }

    #[test]
    fn a_lead_without_a_name_or_a_real_address_is_refused_by_path() {
        let problems = read(r#"{"email": "dsl at oak"}"#).unwrap_err();
        assert_eq!(
            problems,
            [
                "organisation.academies[0].safeguarding_lead: missing \"name\"",
                "organisation.academies[0].safeguarding_lead.email: expected an email address, found \"dsl at oak\"",
            ]
        );
        let problems = read(
            r#"{"name": "Ms Patel", "email": "dsl@oak.example.org", "mobile": "07700 900123"}"#,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0],
            "organisation.academies[0].safeguarding_lead.mobile: unknown field (expected one of: name, email, phone)"
        );
        assert!(read(r#""Ms Patel""#).is_err());
    }
}
