//! The roster IT gives SafePost: who is a pupil, a former pupil under 18 or a parent
//! (§5.3, §5.6), as keyed hashes of their name forms — no plain name or date of birth.
//!
//! Each name form (see [`super::name`]) is hashed with HMAC-SHA-256 under the Trust's key
//! and the first [`HASH_BYTES`] bytes kept, written in base64url. The key travels in the
//! roster itself: a device must hash the names it sees to look them up. What this
//! protects against and what it does not is written down in the README ("The roster").

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Date;

use super::date::{format_date, parse_iso_date};

/// The roster format this engine reads.
pub const ROSTER_FORMAT: &str = "safepost-roster-1";
/// Bytes of each name hash kept: 72 bits, so a chance match between two different names
/// is about one in 4.7 × 10²¹ per comparison.
pub const HASH_BYTES: usize = 9;
/// Most name hashes in one roster (a large Trust's pupils, former pupils and parents,
/// with two or three forms each), so a hostile policy cannot exhaust memory.
pub const MAX_ROSTER_ENTRIES: usize = 300_000;
/// Bytes of the Trust's key, made by `safepost roster key`; shorter keys are refused.
pub const KEY_BYTES: usize = 32;
/// Separates the hashing context from the name, so these hashes serve nothing else.
const HASH_CONTEXT: &[u8] = b"safepost roster name v1\0";

/// Who a roster entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RosterRole {
    Pupil,
    /// A former pupil, counted until the day they turn 18 (§5.3).
    FormerPupil,
    Parent,
}

impl RosterRole {
    pub const ALL: [RosterRole; 3] = [
        RosterRole::Pupil,
        RosterRole::FormerPupil,
        RosterRole::Parent,
    ];

    /// As IT writes it in the CSV, and as the roster's lists are named (plural there).
    pub fn as_str(self) -> &'static str {
        match self {
            RosterRole::Pupil => "pupil",
            RosterRole::FormerPupil => "former_pupil",
            RosterRole::Parent => "parent",
        }
    }

    /// In plain English.
    pub fn describe(self) -> &'static str {
        match self {
            RosterRole::Pupil => "a pupil",
            RosterRole::FormerPupil => "a former pupil under 18",
            RosterRole::Parent => "a parent",
        }
    }
}

/// One academy's part of the roster: name hashes per role. A former pupil's entry is
/// `"<hash> <date they turn 18>"`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RosterAcademy {
    pub name: String,
    #[serde(default)]
    pub pupils: Vec<String>,
    #[serde(default)]
    pub former_pupils: Vec<String>,
    #[serde(default)]
    pub parents: Vec<String>,
}

/// The roster as it sits in the policy (key `roster`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RosterValue {
    /// Always [`ROSTER_FORMAT`].
    pub format: String,
    /// The Trust's key, base64url: devices hash the names they see with it.
    pub key: String,
    /// The day it was built (`YYYY-MM-DD`), shown to IT.
    pub built: String,
    pub academies: Vec<RosterAcademy>,
}

/// A roster entry that a name matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterMatch<'r> {
    pub role: RosterRole,
    pub academy: &'r str,
}

/// A name hash, as kept.
type NameHash = [u8; HASH_BYTES];

#[derive(Debug, Clone, Copy)]
struct Entry {
    role: RosterRole,
    academy: u32,
    /// For a former pupil: the day they turn 18, from which the entry no longer counts.
    until: Option<Date>,
}

/// A roster ready to look names up in.
#[derive(Debug, Clone)]
pub struct Roster {
    key: Vec<u8>,
    /// HMAC keyed once; each lookup hashes from a copy of it.
    keyed: Hmac<Sha256>,
    academies: Vec<String>,
    entries: HashMap<NameHash, Vec<Entry>>,
}

impl Roster {
    /// Reads a roster value into an index to look names up in; every problem is returned
    /// as `(path, message)`.
    pub fn from_value(value: &RosterValue) -> Result<Roster, Vec<(String, String)>> {
        Roster::read(value, true)
    }

    /// Every problem in a roster value, without building its index (as a policy is read).
    pub fn check(value: &RosterValue) -> Result<(), Vec<(String, String)>> {
        Roster::read(value, false).map(|_| ())
    }

    fn read(value: &RosterValue, index: bool) -> Result<Roster, Vec<(String, String)>> {
        let mut problems = Vec::new();
        if value.format != ROSTER_FORMAT {
            problems.push((
                "format".to_owned(),
                format!(
                    "expected \"{ROSTER_FORMAT}\" (made by `safepost roster build`), found \"{}\"",
                    crate::site::preview(&value.format)
                ),
            ));
        }
        let key = match decode_key(&value.key) {
            Ok(key) => key,
            Err(e) => {
                problems.push(("key".to_owned(), e));
                Vec::new()
            }
        };
        if parse_iso_date(&value.built).is_none() {
            problems.push((
                "built".to_owned(),
                format!(
                    "expected a date such as \"2026-09-01\", found \"{}\"",
                    crate::site::preview(&value.built)
                ),
            ));
        }
        let total: usize = value
            .academies
            .iter()
            .map(|a| a.pupils.len() + a.former_pupils.len() + a.parents.len())
            .sum();
        if total > MAX_ROSTER_ENTRIES {
            problems.push((
                "academies".to_owned(),
                format!("has {total} name hashes; at most {MAX_ROSTER_ENTRIES} are allowed"),
            ));
            return Err(problems);
        }
        let mut roster = Roster {
            keyed: keyed(&key),
            key,
            academies: Vec::with_capacity(value.academies.len()),
            entries: HashMap::with_capacity(if index { total } else { 0 }),
        };
        for (i, academy) in value.academies.iter().enumerate() {
            let path = format!("academies[{i}]");
            if academy.name.trim().is_empty() {
                problems.push((path.clone(), "missing the academy's \"name\"".to_owned()));
            }
            roster.academies.push(academy.name.trim().to_owned());
            for (role, list, label) in [
                (RosterRole::Pupil, &academy.pupils, "pupils"),
                (
                    RosterRole::FormerPupil,
                    &academy.former_pupils,
                    "former_pupils",
                ),
                (RosterRole::Parent, &academy.parents, "parents"),
            ] {
                let mut bad = 0;
                for (j, item) in list.iter().enumerate() {
                    match parse_entry(item, role) {
                        Ok((hash, until)) if index => {
                            roster.entries.entry(hash).or_default().push(Entry {
                                role,
                                academy: i as u32,
                                until,
                            })
                        }
                        Ok(_) => {}
                        Err(e) => {
                            bad += 1;
                            // Ten are enough to see what is wrong; the count says the rest.
                            if bad <= 10 {
                                problems.push((format!("{path}.{label}[{j}]"), e));
                            }
                        }
                    }
                }
                if bad > 10 {
                    problems.push((
                        format!("{path}.{label}"),
                        format!("{} more entries like those above are not valid", bad - 10),
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(roster)
        } else {
            Err(problems)
        }
    }

    /// How many name hashes it holds.
    pub fn len(&self) -> usize {
        self.entries.values().map(Vec::len).sum()
    }

    /// Whether it holds no names.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries that still count on `today` for a name form, strongest role first
    /// (pupil, former pupil, parent).
    pub fn lookup(&self, form: &str, today: Date) -> Vec<RosterMatch<'_>> {
        let Some(entries) = self.entries.get(&hash_with(self.keyed.clone(), form)) else {
            return Vec::new();
        };
        let mut found: Vec<RosterMatch<'_>> = entries
            .iter()
            .filter(|e| e.until.is_none_or(|until| today < until))
            .map(|e| RosterMatch {
                role: e.role,
                academy: &self.academies[e.academy as usize],
            })
            .collect();
        found.sort_by_key(|m| m.role);
        found.dedup();
        found
    }

    /// A short fingerprint of the key, so IT can tell which key a roster was made with.
    pub fn key_fingerprint(&self) -> String {
        key_fingerprint(&self.key)
    }
}

/// The hash of a name form under a key: HMAC-SHA-256, first [`HASH_BYTES`] bytes.
pub fn name_hash(key: &[u8], form: &str) -> NameHash {
    hash_with(keyed(key), form)
}

fn keyed(key: &[u8]) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length")
}

fn hash_with(mut mac: Hmac<Sha256>, form: &str) -> NameHash {
    mac.update(HASH_CONTEXT);
    mac.update(form.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut hash = [0; HASH_BYTES];
    hash.copy_from_slice(&digest[..HASH_BYTES]);
    hash
}

/// A name hash as written in the roster.
pub fn encode_hash(hash: &NameHash) -> String {
    URL_SAFE_NO_PAD.encode(hash)
}

/// The first 8 hex digits of the key's SHA-256.
pub fn key_fingerprint(key: &[u8]) -> String {
    Sha256::digest(key)[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A key as written in a key file or a roster: base64url (padding and surrounding
/// spaces allowed), at least [`KEY_BYTES`] bytes.
pub fn decode_key(text: &str) -> Result<Vec<u8>, String> {
    let trimmed = text.trim().trim_end_matches('=');
    let key = URL_SAFE_NO_PAD.decode(trimmed).map_err(|_| {
        "expected a key in base64url, as `safepost roster key` writes it".to_owned()
    })?;
    if key.len() < KEY_BYTES {
        return Err(format!(
            "the key has {} bytes; at least {KEY_BYTES} are needed (make one with `safepost roster key`)",
            key.len()
        ));
    }
    Ok(key)
}

/// A key written for a key file.
pub fn encode_key(key: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

fn parse_entry(item: &str, role: RosterRole) -> Result<(NameHash, Option<Date>), String> {
    let (hash, until) = match item.split_once(' ') {
        Some((hash, until)) => (hash, Some(until)),
        None => (item, None),
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(hash)
        .ok()
        .filter(|b| b.len() == HASH_BYTES);
    let Some(bytes) = bytes else {
        return Err(format!(
            "expected a name hash of {} base64url characters, found \"{}\"",
            HASH_BYTES * 4 / 3,
            crate::site::preview(item)
        ));
    };
    let mut hash = [0; HASH_BYTES];
    hash.copy_from_slice(&bytes);
    match (role, until) {
        (RosterRole::FormerPupil, Some(until)) => match parse_iso_date(until) {
            Some(date) => Ok((hash, Some(date))),
            None => Err(format!(
                "expected the day they turn 18 after the hash, such as \"2029-05-01\", found \"{}\"",
                crate::site::preview(until)
            )),
        },
        (RosterRole::FormerPupil, None) => {
            Err("a former pupil's entry needs the day they turn 18 after the hash".to_owned())
        }
        (_, Some(_)) => Err(format!(
            "only former pupils' entries carry a date; found \"{}\"",
            crate::site::preview(item)
        )),
        (_, None) => Ok((hash, None)),
    }
}

/// A former pupil's entry as written in the roster.
pub fn former_pupil_entry(hash: &NameHash, turns_18: Date) -> String {
    format!("{} {}", encode_hash(hash), format_date(turns_18))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn key() -> Vec<u8> {
        (0..32).collect()
    }

    fn value(academies: Vec<RosterAcademy>) -> RosterValue {
        RosterValue {
            format: ROSTER_FORMAT.into(),
            key: encode_key(&key()),
            built: "2026-12-03".into(),
            academies,
        }
    }

    #[test]
    fn hashes_are_keyed_and_short() {
        let a = name_hash(&key(), "chloesmith");
        assert_eq!(a, name_hash(&key(), "chloesmith"));
        assert_ne!(a, name_hash(&key(), "chloesmyth"));
        assert_ne!(a, name_hash(&[7; 32], "chloesmith"));
        assert_eq!(encode_hash(&a).len(), 12);
    }

    #[test]
    fn lookup_finds_roles_and_former_pupils_expire() {
        let k = key();
        let roster = Roster::from_value(&value(vec![RosterAcademy {
            name: "Oak Primary Academy".into(),
            pupils: vec![encode_hash(&name_hash(&k, "chloesmith"))],
            former_pupils: vec![former_pupil_entry(
                &name_hash(&k, "samjones"),
                date!(2027 - 05 - 01),
            )],
            parents: vec![encode_hash(&name_hash(&k, "chloesmith"))],
        }]))
        .unwrap();
        let found = roster.lookup("chloesmith", date!(2026 - 12 - 03));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].role, RosterRole::Pupil);
        assert_eq!(found[1].role, RosterRole::Parent);
        assert_eq!(found[0].academy, "Oak Primary Academy");
        assert_eq!(
            roster.lookup("samjones", date!(2027 - 04 - 30))[0].role,
            RosterRole::FormerPupil
        );
        assert!(roster.lookup("samjones", date!(2027 - 05 - 01)).is_empty());
        assert!(roster
            .lookup("nobodyelse", date!(2026 - 12 - 03))
            .is_empty());
    }

    #[test]
    fn bad_values_say_where_and_what() {
        let mut v = value(vec![RosterAcademy {
            name: " ".into(),
            pupils: vec!["not-a-hash".into(), "AAAAAAAAAAAA 2029-01-01".into()],
            former_pupils: vec!["AAAAAAAAAAAA".into(), "AAAAAAAAAAAA 2029-02-30".into()],
            parents: (0..15).map(|_| "x".to_owned()).collect(),
        }]);
        v.format = "other".into();
        v.key = encode_key(&[1; 8]);
        v.built = "yesterday".into();
        let problems: Vec<String> = Roster::from_value(&v)
            .unwrap_err()
            .into_iter()
            .map(|(p, m)| format!("{p}: {m}"))
            .collect();
        let expected_starts = [
            "format: expected \"safepost-roster-1\"",
            "key: the key has",
            "built: expected a date",
            "academies[0]: missing the academy's \"name\"",
            "academies[0].pupils[0]: expected a name hash of 12",
            "academies[0].pupils[1]: only former pupils' entries carry a date",
            "academies[0].former_pupils[0]: a former pupil's entry needs the day they turn 18",
            "academies[0].former_pupils[1]: expected the day they turn 18",
        ];
        for (found, expected) in problems.iter().zip(expected_starts) {
            assert!(
                found.starts_with(expected),
                "{found:?} should start with {expected:?}"
            );
        }
        assert_eq!(problems.len(), expected_starts.len() + 11);
        assert_eq!(
            problems.last().unwrap(),
            "academies[0].parents: 5 more entries like those above are not valid"
        );
    }

    #[test]
    fn keys_must_be_long_enough() {
        assert!(decode_key(&encode_key(&[1; 16]))
            .unwrap_err()
            .contains("16 bytes"));
        assert!(decode_key("@@@").is_err());
        assert_eq!(
            decode_key(&format!(" {}\n", encode_key(&key()))).unwrap(),
            key()
        );
    }
}
