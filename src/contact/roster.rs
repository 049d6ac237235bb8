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

    /// The name of its list in a roster academy.
    pub fn list_name(self) -> &'static str {
        match self {
            RosterRole::Pupil => "pupils",
            RosterRole::FormerPupil => "former_pupils",
            RosterRole::Parent => "parents",
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

impl RosterAcademy {
    /// Its lists, by role.
    pub fn lists(&self) -> [(RosterRole, &[String]); 3] {
        [
            (RosterRole::Pupil, &self.pupils),
            (RosterRole::FormerPupil, &self.former_pupils),
            (RosterRole::Parent, &self.parents),
        ]
    }
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
        Roster::check(value)?;
        let key = decode_key(&value.key).expect("checked above");
        let total = value
            .academies
            .iter()
            .map(|a| a.pupils.len() + a.former_pupils.len() + a.parents.len())
            .sum();
        let mut roster = Roster {
            keyed: keyed(&key),
            key,
            academies: Vec::with_capacity(value.academies.len()),
            entries: HashMap::with_capacity(total),
        };
        for (i, academy) in value.academies.iter().enumerate() {
            roster.academies.push(academy.name.trim().to_owned());
            for (role, list) in academy.lists() {
                // Every entry was checked above: decoded here, not checked again.
                for (hash, until) in list.iter().filter_map(|item| decode_entry(item)) {
                    roster.entries.entry(hash).or_default().push(Entry {
                        role,
                        academy: i as u32,
                        until,
                    });
                }
            }
        }
        Ok(roster)
    }

    /// Every problem in a roster value, found without decoding it: the fast engine checks
    /// a policy's roster with no base64 or HMAC code of its own.
    pub fn check(value: &RosterValue) -> Result<(), Vec<(String, String)>> {
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
        if let Err(e) = check_key(&value.key) {
            problems.push(("key".to_owned(), e));
        }
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
        for (i, academy) in value.academies.iter().enumerate() {
            let path = format!("academies[{i}]");
            if academy.name.trim().is_empty() {
                problems.push((path.clone(), "missing the academy's \"name\"".to_owned()));
            }
            for (role, list) in academy.lists() {
                let label = role.list_name();
                let mut bad = 0;
                for (j, item) in list.iter().enumerate() {
                    if let Err(e) = check_entry(item, role) {
                        bad += 1;
                        // Ten are enough to see what is wrong; the count says the rest.
                        if bad <= 10 {
                            problems.push((format!("{path}.{label}[{j}]"), e));
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
            Ok(())
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
    check_key(text)?;
    URL_SAFE_NO_PAD
        .decode(text.trim().trim_end_matches('='))
        .map_err(|_| KEY_EXPECTED.to_owned())
}

const KEY_EXPECTED: &str =
    "expected the Trust's key as `safepost roster key` writes it (base64url, 32 bytes or more)";

/// Whether [`decode_key`] would read a key, without decoding it.
pub fn check_key(text: &str) -> Result<(), String> {
    let text = text.trim().trim_end_matches('=');
    // The bits of the last character past the last whole byte must be zero (canonical).
    let spare_bits = [0, 8, 4, 2][text.len() % 4];
    let last = text.bytes().last().map_or(0, base64url_value);
    let canonical = spare_bits < 8 && last & ((1u16 << spare_bits) - 1) as u8 == 0;
    if canonical && text.bytes().all(is_base64url) && text.len() * 3 / 4 >= KEY_BYTES {
        Ok(())
    } else {
        Err(KEY_EXPECTED.to_owned())
    }
}

/// A key written for a key file.
pub fn encode_key(key: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn base64url_value(b: u8) -> u8 {
    match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'-' => 62,
        _ => 63,
    }
}

/// Characters of a name hash: [`HASH_BYTES`] bytes are exactly this many, with no spare bits.
const HASH_CHARS: usize = HASH_BYTES * 4 / 3;

/// An entry's form checked without decoding it; the date a former pupil turns 18.
fn check_entry(item: &str, role: RosterRole) -> Result<Option<Date>, String> {
    let former = role == RosterRole::FormerPupil;
    let (hash, until) = match item.split_once(' ') {
        Some((hash, until)) if former => (hash, parse_iso_date(until)),
        _ => (item, None),
    };
    if hash.len() == HASH_CHARS && hash.bytes().all(is_base64url) && former == until.is_some() {
        return Ok(until);
    }
    Err(format!(
        "expected a name hash of {HASH_CHARS} base64url characters{}, found \"{}\"",
        if former {
            " then a space and the day they turn 18 (YYYY-MM-DD)"
        } else {
            ""
        },
        crate::site::preview(item)
    ))
}

/// An entry [`check_entry`] accepted, decoded: its hash and, for a former pupil, the day
/// they turn 18. `None` only for an entry that was not checked.
fn decode_entry(item: &str) -> Option<(NameHash, Option<Date>)> {
    let mut hash = [0; HASH_BYTES];
    let written = URL_SAFE_NO_PAD
        .decode_slice(item.get(..HASH_CHARS)?, &mut hash)
        .ok()?;
    let until = item.get(HASH_CHARS + 1..).and_then(parse_iso_date);
    (written == HASH_BYTES).then_some((hash, until))
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
            "key: expected the Trust's key",
            "built: expected a date",
            "academies[0]: missing the academy's \"name\"",
            "academies[0].pupils[0]: expected a name hash of 12 base64url characters, found \"not-a-hash\"",
            "academies[0].pupils[1]: expected a name hash of 12 base64url characters, found",
            "academies[0].former_pupils[0]: expected a name hash of 12 base64url characters then a space and the day they turn 18",
            "academies[0].former_pupils[1]: expected a name hash of 12 base64url characters then a space",
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
    fn checking_without_decoding_agrees_with_decoding() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        // Keys and hashes with every length, character and spare-bit pattern near the edges.
        let mut seed = 7u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=. ";
        for _ in 0..20_000 {
            let len = 40 + (next() % 8) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % 66) as usize] as char)
                .collect();
            let decoded = URL_SAFE_NO_PAD
                .decode(text.trim().trim_end_matches('='))
                .ok()
                .filter(|k| k.len() >= KEY_BYTES);
            assert_eq!(check_key(&text).is_ok(), decoded.is_some(), "{text:?}");
            let hash: String = text.chars().take(HASH_CHARS).collect();
            let decodes = URL_SAFE_NO_PAD
                .decode(&hash)
                .is_ok_and(|b| b.len() == HASH_BYTES);
            assert_eq!(
                check_entry(&hash, RosterRole::Pupil).is_ok(),
                decodes,
                "{hash:?}"
            );
            if decodes {
                assert!(decode_entry(&hash).is_some(), "{hash:?}");
            }
        }
        for key in [
            encode_key(&[0; 32]),
            encode_key(&[255; 32]),
            encode_key(&[1; 33]),
        ] {
            assert!(check_key(&key).is_ok() && decode_key(&key).is_ok(), "{key}");
        }
    }

    #[test]
    fn keys_must_be_long_enough() {
        assert!(decode_key(&encode_key(&[1; 16]))
            .unwrap_err()
            .contains("32 bytes or more"));
        assert!(decode_key("@@@").is_err());
        assert_eq!(
            decode_key(&format!(" {}\n", encode_key(&key()))).unwrap(),
            key()
        );
    }
}
