//! Mozilla's Public Suffix List (`data/public_suffix_list.dat`), compiled by `build.rs`
//! into a compact front-coded text (each rule's labels reversed, sharing its start with
//! the rule before it), which is expanded once, on first use, into two sorted texts
//! searched in place. (The `psl` crate compiles the list into ~900 KB of code, doubling
//! the .wasm; the `publicsuffix` crate builds a tree that took ~190 ms to start in
//! WebAssembly; storing the sorted rules as they are cost 12 KB more compressed.)
//!
//! The algorithm is the list's own (publicsuffix.org/list): the longest matching rule
//! wins, an exception rule `!x` beats the wildcard `*.y` it excepts, and a host no rule
//! matches has its top-level label as its suffix.

use std::cmp::Ordering;
use std::sync::OnceLock;

/// The rules as `build.rs` writes them: the ICANN section, an empty line, the private
/// section; each line is `' ' + bytes shared with the line before`, then the rest.
static FRONT_CODED: &str = include_str!(concat!(env!("OUT_DIR"), "/public_suffix_rules.txt"));

/// Each section expanded: reversed rules (`jp.kawasaki.*`), sorted, one per line.
struct Sections {
    icann: String,
    private: String,
}

fn sections() -> &'static Sections {
    static SECTIONS: OnceLock<Sections> = OnceLock::new();
    SECTIONS.get_or_init(|| {
        let (icann, private) = FRONT_CODED.split_once("\n\n").unwrap_or((FRONT_CODED, ""));
        Sections {
            icann: expand(icann),
            private: expand(private),
        }
    })
}

/// Undoes the front coding of one section.
fn expand(coded: &str) -> String {
    let mut out = String::with_capacity(coded.len() * 2);
    let mut key = String::new();
    for line in coded.lines() {
        let Some(&first) = line.as_bytes().first() else {
            continue;
        };
        let shared = usize::from(first.saturating_sub(b' ')).min(key.len());
        key.truncate(shared);
        key.push_str(&line[1..]);
        out.push_str(&key);
        out.push('\n');
    }
    out
}

/// Which part of the list a suffix comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuffixKind {
    /// A registry's suffix (`com`, `co.uk`, `*.sch.uk`): never a site of its own.
    Icann,
    /// A company's suffix for its users' sites (`blogspot.com`, `github.io`).
    Private,
}

/// The public suffix of a lowercase ASCII host, and where it comes from.
pub fn suffix(host: &str) -> (&str, SuffixKind) {
    let mut candidate = host;
    loop {
        if rule("!", candidate).is_some() {
            // An exception: the suffix is the candidate without its first label.
            let parent = candidate.split_once('.').map_or("", |(_, p)| p);
            return (
                parent,
                rule("", parent)
                    .or(rule("*.", parent))
                    .unwrap_or(SuffixKind::Icann),
            );
        }
        let parent = candidate.split_once('.').map(|(_, p)| p);
        let kind = rule("", candidate).or_else(|| parent.and_then(|p| rule("*.", p)));
        if let Some(kind) = kind {
            return (candidate, kind);
        }
        match parent {
            Some(p) => candidate = p,
            // No rule: the implicit `*` rule makes the top-level label the suffix.
            None => return (candidate, SuffixKind::Icann),
        }
    }
}

/// The registrable domain (the suffix plus one label), if the host is more than a suffix.
pub fn registrable_domain(host: &str) -> Option<&str> {
    let (suffix, _) = suffix(host);
    let rest = host.strip_suffix(suffix)?.strip_suffix('.')?;
    let label_start = rest.rfind('.').map_or(0, |i| i + 1);
    (!rest[label_start..].is_empty()).then(|| &host[label_start..])
}

/// The kind of the rule `marker` + `name` (`!` for an exception, `*.` for a wildcard, or
/// none), if the list has it.
fn rule(marker: &str, name: &str) -> Option<SuffixKind> {
    let key = reversed(marker, name);
    let sections = sections();
    if contains(&sections.icann, &key) {
        Some(SuffixKind::Icann)
    } else if contains(&sections.private, &key) {
        Some(SuffixKind::Private)
    } else {
        None
    }
}

/// `marker` + `name` with its labels in reverse order, as the rules are stored:
/// (`*.`, `kawasaki.jp`) is `jp.kawasaki.*`, (`!`, `city.kobe.jp`) is `jp.kobe.!city`.
fn reversed(marker: &str, name: &str) -> String {
    let mut key = String::with_capacity(marker.len() + name.len());
    let mut labels = name.rsplit('.').peekable();
    while let Some(label) = labels.next() {
        if labels.peek().is_none() && marker == "!" {
            key.push('!');
        }
        key.push_str(label);
        if labels.peek().is_some() {
            key.push('.');
        }
    }
    if marker == "*." {
        key.push_str(".*");
    }
    key
}

/// Whether the sorted lines of `table` include `key`, by binary search in place; `lo` and
/// `hi` always sit at line starts.
fn contains(table: &str, key: &str) -> bool {
    let bytes = table.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let Some(len) = bytes[start..].iter().position(|&b| b == b'\n') else {
            return false;
        };
        let end = start + len;
        match table[start..end].cmp(key) {
            Ordering::Equal => return true,
            Ordering::Less => lo = end + 1,
            Ordering::Greater => hi = start,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list's own test vectors (publicsuffix.org/list/test_psl.txt), ASCII part.
    #[test]
    fn official_test_vectors() {
        let cases: &[(&str, Option<&str>)] = &[
            ("com", None),
            ("example.com", Some("example.com")),
            ("b.example.com", Some("example.com")),
            ("a.b.example.com", Some("example.com")),
            ("uk.com", None),
            ("example.uk.com", Some("example.uk.com")),
            ("b.example.uk.com", Some("example.uk.com")),
            ("test.ac", Some("test.ac")),
            ("mm", None),
            ("c.mm", None),
            ("b.c.mm", Some("b.c.mm")),
            ("a.b.c.mm", Some("b.c.mm")),
            ("jp", None),
            ("test.jp", Some("test.jp")),
            ("www.test.jp", Some("test.jp")),
            ("ac.jp", None),
            ("test.ac.jp", Some("test.ac.jp")),
            ("kyoto.jp", None),
            ("test.kyoto.jp", Some("test.kyoto.jp")),
            ("ide.kyoto.jp", None),
            ("b.ide.kyoto.jp", Some("b.ide.kyoto.jp")),
            ("c.kobe.jp", None),
            ("b.c.kobe.jp", Some("b.c.kobe.jp")),
            ("city.kobe.jp", Some("city.kobe.jp")),
            ("www.city.kobe.jp", Some("city.kobe.jp")),
            ("ck", None),
            ("test.ck", None),
            ("b.test.ck", Some("b.test.ck")),
            ("www.ck", Some("www.ck")),
            ("www.www.ck", Some("www.ck")),
            ("us", None),
            ("test.us", Some("test.us")),
            ("www.test.us", Some("test.us")),
            ("ak.us", None),
            ("test.ak.us", Some("test.ak.us")),
            ("k12.ak.us", None),
            ("test.k12.ak.us", Some("test.k12.ak.us")),
            ("xn--85x722f.com.cn", Some("xn--85x722f.com.cn")),
            ("xn--55qx5d.cn", None),
            (
                "xn--85x722f.xn--55qx5d.cn",
                Some("xn--85x722f.xn--55qx5d.cn"),
            ),
            ("shishi.xn--55qx5d.cn", Some("shishi.xn--55qx5d.cn")),
            ("example", None),
            ("example.example", Some("example.example")),
            ("b.example.example", Some("example.example")),
        ];
        for (host, expected) in cases {
            assert_eq!(registrable_domain(host), *expected, "{host}");
        }
    }

    /// Every ASCII rule of the list, in both sections, is found again after the build's
    /// front coding: a plain rule is its own suffix, a wildcard covers any label under it.
    #[test]
    fn every_rule_survives_the_compact_form() {
        let list = include_str!("../data/public_suffix_list.dat");
        let mut kind = SuffixKind::Icann;
        let mut checked = 0;
        for line in list.lines().map(str::trim) {
            if line.contains("===BEGIN PRIVATE DOMAINS===") {
                kind = SuffixKind::Private;
            }
            let rule = line.split_whitespace().next().unwrap_or("");
            if rule.is_empty() || rule.starts_with("//") || !rule.is_ascii() {
                continue;
            }
            if let Some(name) = rule.strip_prefix('!') {
                let parent = name.split_once('.').unwrap().1;
                assert_eq!(suffix(name).0, parent, "{rule}");
            } else if let Some(parent) = rule.strip_prefix("*.") {
                let host = format!("zz-test.{parent}");
                assert_eq!(suffix(&host), (host.as_str(), kind), "{rule}");
            } else {
                assert_eq!(suffix(rule), (rule, kind), "{rule}");
            }
            checked += 1;
        }
        assert!(checked > 9_000, "only {checked} rules checked");
    }

    #[test]
    fn reversed_keys() {
        assert_eq!(reversed("", "co.uk"), "uk.co");
        assert_eq!(reversed("*.", "kawasaki.jp"), "jp.kawasaki.*");
        assert_eq!(reversed("!", "city.kobe.jp"), "jp.kobe.!city");
        assert_eq!(reversed("!", "localhost"), "!localhost");
    }

    #[test]
    fn kinds() {
        assert_eq!(suffix("www.bbc.co.uk"), ("co.uk", SuffixKind::Icann));
        assert_eq!(
            suffix("me.blogspot.com"),
            ("blogspot.com", SuffixKind::Private)
        );
        assert_eq!(
            suffix("oak.kent.sch.uk"),
            ("kent.sch.uk", SuffixKind::Icann)
        );
        assert_eq!(
            registrable_domain("oak.kent.sch.uk"),
            Some("oak.kent.sch.uk")
        );
    }
}
