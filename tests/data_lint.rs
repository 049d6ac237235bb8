//! Lints the data files: the platform catalogue, the default policy and the managed
//! storage schema IT configures through. Data is only as good as these checks.

use std::collections::{HashMap, HashSet};

use safepost::contact::roster::{encode_hash, encode_key, name_hash, ROSTER_FORMAT};
use safepost::site::{normalise_domain, public_suffix, PublicSuffix};
use safepost::{Catalogue, Policy};
use serde_json::Value;

const CATALOGUE: &str = include_str!("../data/platforms.toml");

/// Platforms Policy A2 §4.1 names as examples of social media.
const NAMED_IN_4_1: &[&str] = &[
    "facebook",
    "flickr",
    "googleplus",
    "instagram",
    "linkedin",
    "myspace",
    "twitter",
    "youtube",
];

fn platforms() -> Vec<toml::Table> {
    let file: toml::Table = toml::from_str(CATALOGUE).expect("data/platforms.toml is valid TOML");
    assert_eq!(
        file.keys().collect::<Vec<_>>(),
        ["platform"],
        "only [[platform]] tables"
    );
    file["platform"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_table().unwrap().clone())
        .collect()
}

fn str_list<'a>(table: &'a toml::Table, key: &str) -> Vec<&'a str> {
    table
        .get(key)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
        .unwrap_or_default()
}

#[test]
fn catalogue_is_clean_text() {
    assert!(
        CATALOGUE.ends_with('\n') && !CATALOGUE.ends_with("\n\n"),
        "one final newline"
    );
    for (n, line) in CATALOGUE.lines().enumerate() {
        assert_eq!(line, line.trim_end(), "line {}: trailing whitespace", n + 1);
        assert!(!line.contains('\t'), "line {}: tab", n + 1);
    }
}

#[test]
fn catalogue_loads_into_the_engine() {
    let catalogue = Catalogue::embedded();
    assert!(
        catalogue.platforms().len() >= 150,
        "at least 150 platforms, found {}",
        catalogue.platforms().len()
    );
    for id in [
        "facebook",
        "twitter",
        "youtube",
        "instagram",
        "tiktok",
        "snapchat",
        "threads",
        "bluesky",
        "reddit",
        "discord",
        "whatsapp",
        "telegram",
        "pinterest",
        "linkedin",
        "tumblr",
        "twitch",
        "bereal",
        "truthsocial",
        "mastodon",
        "vk",
        "weibo",
        "medium",
        "substack",
        "blogger",
        "wordpresscom",
        "flickr",
        "myspace",
        "googleplus",
    ] {
        assert!(catalogue.get(id).is_some(), "the catalogue must have {id}");
    }
}

#[test]
fn catalogue_is_sorted_and_unique() {
    let platforms = platforms();
    let ids: Vec<&str> = platforms
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "ids must be sorted and unique");
    let mut owner: HashMap<&str, &str> = HashMap::new();
    for p in &platforms {
        let id = p["id"].as_str().unwrap();
        for domain in str_list(p, "domains") {
            if let Some(other) = owner.insert(domain, id) {
                panic!("{domain} is listed for both {other} and {id}");
            }
        }
    }
}

#[test]
fn catalogue_entries_are_valid() {
    let mut problems = Vec::new();
    let mut named = HashSet::new();
    for p in platforms() {
        let id = p["id"].as_str().unwrap();
        if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            problems.push(format!("{id}: id must be [a-z0-9_]+"));
        }
        if p.get("named_in_policy").and_then(|v| v.as_bool()) == Some(true) {
            named.insert(id.to_owned());
        }
        let domains = str_list(&p, "domains");
        if domains.is_empty() {
            problems.push(format!("{id}: no domains"));
        }
        for domain in &domains {
            match normalise_domain(domain) {
                Ok(normal) if normal == *domain => {}
                Ok(normal) => problems.push(format!("{id}: {domain} should be written {normal}")),
                Err(e) => problems.push(format!("{id}: {e}")),
            }
            if domain.starts_with("www.") {
                problems.push(format!("{id}: {domain}: drop the www. (subdomains match)"));
            }
            // A company's suffix for its users' sites (blogspot.com) is the platform itself.
            if public_suffix(domain) == Some(PublicSuffix::Icann) {
                problems.push(format!("{id}: {domain} is a registry's public suffix"));
            }
            if let Some(parent) = domains.iter().find(|d| domain.ends_with(&format!(".{d}"))) {
                problems.push(format!(
                    "{id}: {domain} is redundant: {parent} already covers it"
                ));
            }
        }
        let category = p["category"].as_str().unwrap();
        if let Some(signals) = p.get("signals").and_then(|s| s.as_table()) {
            if category != "federated" {
                problems.push(format!("{id}: signals are only for federated software"));
            }
            for path in str_list(signals, "paths") {
                if !path.starts_with('/') || path.trim_matches('/').split('/').count() < 2 {
                    problems.push(format!(
                        "{id}: signal path {path:?} must be absolute with at least two segments"
                    ));
                }
            }
            for meta in signals
                .get("meta")
                .and_then(|m| m.as_array())
                .into_iter()
                .flatten()
            {
                let value = meta["value"].as_str().unwrap_or_default();
                if value.len() < 3 {
                    problems.push(format!(
                        "{id}: meta signal value {value:?} is too short to be distinctive"
                    ));
                }
            }
        }
    }
    let mut named: Vec<_> = named.into_iter().collect();
    named.sort();
    if named != NAMED_IN_4_1 {
        problems.push(format!(
            "named_in_policy must be exactly the §4.1 list {NAMED_IN_4_1:?}, found {named:?}"
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn default_policy_approves_the_four_of_5_1() {
    let policy = Policy::embedded_default();
    assert_eq!(
        policy.approved,
        ["facebook", "instagram", "twitter", "youtube"]
    );
    let text = include_str!("../data/policy.json");
    let parsed: Value = serde_json::from_str(text).unwrap();
    assert_eq!(
        parsed,
        serde_json::to_value(&policy).unwrap(),
        "data/policy.json is written in normal form"
    );
}

/// Every key of the policy has a title and description in the managed storage schema,
/// and the schema describes no key the policy does not have.
#[test]
fn managed_schema_describes_every_policy_key() {
    let schema: Value =
        serde_json::from_str(include_str!("../extension/managed_schema.json")).unwrap();
    fn check(schema: &Value, example: &Value, path: &str, problems: &mut Vec<String>) {
        for key in ["title", "description"] {
            if schema
                .get(key)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
                && !path.is_empty()
            {
                problems.push(format!("{path}: missing {key}"));
            }
        }
        if let (Some(props), Some(fields)) = (
            schema.get("properties").and_then(Value::as_object),
            example.as_object(),
        ) {
            let wanted: HashSet<_> = fields.keys().collect();
            let have: HashSet<_> = props.keys().collect();
            for missing in wanted.difference(&have) {
                problems.push(format!("{path}: schema lacks {missing}"));
            }
            for extra in have.difference(&wanted) {
                problems.push(format!(
                    "{path}: schema has {extra}, which the policy does not"
                ));
            }
            for (key, sub) in props {
                if let Some(value) = fields.get(key) {
                    check(
                        sub,
                        value,
                        format!("{path}.{key}").trim_start_matches('.'),
                        problems,
                    );
                }
            }
        }
        if let (Some(items), Some(first)) = (
            schema.get("items"),
            example.as_array().and_then(|a| a.first()),
        ) {
            check(items, first, &format!("{path}[]"), problems);
        }
    }
    // An example policy with every optional part filled in.
    let hash = encode_hash(&name_hash(&[1; 32], "chloesmith"));
    let roster = format!(
        r#"{{"format": "{ROSTER_FORMAT}", "key": "{}", "built": "2026-12-03",
            "academies": [{{"name": "A", "pupils": ["{hash}"], "former_pupils": ["{hash} 2029-01-01"], "parents": ["{hash}"]}}]}}"#,
        encode_key(&[1; 32])
    );
    let example = serde_json::to_value(
        Policy::from_json_str(
            &(r#"{"exceptions": [{"domain": "vle.example.org", "note": "VLE"}],
                "contact": {"action": "block", "allow_family": false},
                "roster": "#
                .to_owned()
                + roster.as_str()
                + r#",
                "official_accounts": {"twitter": ["@Trust"]},
                "lesson_times": {"weekdays": {"monday": [{"name": "P1", "start": "09:00", "end": "10:00"}],
                    "tuesday": [{"name": "P1", "start": "09:00", "end": "10:00"}],
                    "wednesday": [{"name": "P1", "start": "09:00", "end": "10:00"}],
                    "thursday": [{"name": "P1", "start": "09:00", "end": "10:00"}],
                    "friday": [{"name": "P1", "start": "09:00", "end": "10:00"}],
                    "saturday": [{"name": "Club", "start": "09:00", "end": "10:00"}],
                    "sunday": [{"name": "Club", "start": "09:00", "end": "10:00"}]},
                    "terms": [{"start": "2026-09-03", "end": "2026-12-18", "note": "Autumn"}],
                    "closures": [{"start": "2026-10-26", "end": "2026-10-30", "note": "half term"}]},
                "organisation": {"name": "T", "email_domains": ["t.example.org"],
                                 "academies": [{"name": "A", "email_domains": ["a.example.org"], "phone_numbers": ["01632 960123"],
                                    "safeguarding_lead": {"name": "Ms P", "email": "dsl@a.example.org", "phone": "01632 960124"}}]}}"#),
            &Policy::embedded_default(),
            Catalogue::embedded(),
        )
        .unwrap(),
    )
    .unwrap();
    let mut problems = Vec::new();
    check(&schema, &example, "", &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The `url` crate's Unicode back end is pinned to the ASCII-only stub (host names in
/// Unicode are mapped by the platform's URL parser, `src/idn.rs`): a `cargo update` that
/// brought the ICU tables back would add 46 KB gzipped to the fast `.wasm` unnoticed.
#[test]
fn the_url_parser_carries_no_unicode_tables() {
    let lock: toml::Table = toml::from_str(include_str!("../Cargo.lock")).expect("Cargo.lock");
    let versions: Vec<&str> = lock["package"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"].as_str() == Some("idna_adapter"))
        .map(|p| p["version"].as_str().unwrap())
        .collect();
    assert!(
        !versions.is_empty() && versions.iter().all(|v| v.starts_with("1.0.")),
        "idna_adapter must stay at 1.0.x (cargo update -p idna_adapter --precise 1.0.0), found {versions:?}"
    );
    let names: HashSet<&str> = lock["package"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(
        !names.contains("icu_normalizer"),
        "ICU came back through another crate"
    );
}
